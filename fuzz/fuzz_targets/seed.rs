//! Seed loading: arbitrary bytes and an arbitrary sidecar through decoding,
//! normalisation, cleaning rules and structure. The input is
//! `<sidecar TOML> NUL <seed bytes>`; without a NUL the whole input is the
//! seed and there is no sidecar.
#![no_main]

use std::path::Path;

use briefing::diag::Diagnostics;
use briefing::sources::{self, decode, SeedInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sidecar, bytes) = match data.iter().position(|&b| b == 0) {
        Some(i) => (std::str::from_utf8(&data[..i]).ok(), &data[i + 1..]),
        None => (None, data),
    };
    if let Ok(d) = decode::decode(bytes) {
        let once = decode::normalize(&d.text);
        assert_eq!(
            decode::normalize(&once),
            once,
            "normalize is not idempotent"
        );
    }
    let input = SeedInput {
        path: Path::new("seeds/s.txt"),
        bytes,
        sidecar: sidecar.map(|t| (Path::new("seeds/s.toml"), t)),
        rulesets: &Default::default(),
    };
    let mut d = Diagnostics::new();
    if let Some(source) = sources::load(&input, &mut d) {
        assert_eq!(source.blocks.len(), source.folded.len());
        for b in &source.blocks {
            assert!(!b.text.trim().is_empty(), "empty block {b:?}");
            assert!(b.id.starts_with("p-"), "{}", b.id);
        }
        briefing::slug::validate(&source.slug).expect("a loaded source has a valid slug");
    }
});
