//! Partial dates: `parse` never panics, and whatever it accepts prints back
//! (`iso`) to the same text and the same value. The same text as a TOML value
//! goes through the front-matter date field.
#![no_main]

use briefing::date::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = PartialDate::parse(s) {
        assert_eq!(d.iso(), s);
        assert_eq!(PartialDate::parse(&d.iso()), Ok(d));
        let _ = d.display();
        let _ = d.precision();
    }
    // As a TOML value in front matter: `date = <input>`.
    let text = format!("+++\ntitle = \"T\"\ndate = {s}\n+++\n");
    let mut diags = briefing::diag::Diagnostics::new();
    let _ = briefing::content::parse_page(std::path::Path::new("content/x.md"), &text, &mut diags);
});
