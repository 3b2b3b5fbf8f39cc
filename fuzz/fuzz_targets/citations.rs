//! Citation matching: a source built from the input, then a quote located in
//! it. The input is `<seed text> NUL <quote> [NUL <hint>]`. Whatever `locate`
//! answers must be consistent with the folded text.
#![no_main]

use std::path::Path;

use briefing::diag::Diagnostics;
use briefing::model::citations::{locate, QuoteError};
use briefing::text::fold::fold;
use briefing::sources::{self, SeedInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let seed = parts.next().unwrap_or_default();
    let Ok(quote) = std::str::from_utf8(parts.next().unwrap_or_default()) else {
        return;
    };
    let hint = parts.next().and_then(|h| std::str::from_utf8(h).ok());
    assert_eq!(fold(&fold(quote)), fold(quote), "fold is not idempotent");
    let mut d = Diagnostics::new();
    let Some(source) = sources::load(
        &SeedInput {
            path: Path::new("seeds/s.txt"),
            bytes: seed,
            sidecar: Some((Path::new("seeds/s.toml"), "slug = \"s\"\n")),
            rulesets: &Default::default(),
        },
        &mut d,
    ) else {
        return;
    };
    let q = fold(quote);
    match locate(&source, quote, hint) {
        Ok(i) => assert!(source.folded[i].contains(&q)),
        Err(QuoteError::Empty) => assert!(q.is_empty()),
        Err(QuoteError::NotFound { best }) => {
            assert!(source.folded.iter().all(|t| !t.contains(&q)));
            if let Some((n, id)) = best {
                assert!(n >= 2 && source.block(&id).is_some());
            }
        }
        Err(QuoteError::Ambiguous(ids)) => assert!(ids.len() >= 2),
        Err(QuoteError::NotInHint { found_in, .. }) => {
            assert!(found_in.iter().all(|id| source.block(id).is_some()))
        }
        Err(QuoteError::UnknownHint(h)) => assert!(source.block(&h).is_none()),
    }
    // Every block's own text is found in that block.
    for (i, b) in source.blocks.iter().enumerate().take(8) {
        match locate(&source, &b.text, Some(&b.id)) {
            Ok(j) => assert_eq!(source.blocks[j].id, source.blocks[i].id),
            Err(e) => panic!("block {i} not found in itself: {e:?}"),
        }
    }
});
