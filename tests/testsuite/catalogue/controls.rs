//! Control characters in any text field are refused with a position, raw
//! or written as TOML escapes; one-line fields (titles, names, tags, slugs)
//! also refuse line breaks, bidirectional overrides and zero-width
//! characters. Diagnostics show such characters as escapes.

use super::{page, rebuild_broken};
use crate::site_test::SiteTest;

#[test]
fn control_characters_in_every_text_field_are_refused_with_a_position() {
    let site = SiteTest::with_seed();
    let glossary = std::fs::read_to_string(site.root().join("content/glossary.toml"))
        .expect("glossary")
        .replace("name = \"China\"", "name = \"Chi\\u0085na\"");
    rebuild_broken(
        &site,
        &[
            (
                "content/a.md",
                page("title = \"A \\u0007 bell\"\n", "Body.\n").as_bytes(),
            ),
            (
                "content/b.md",
                page("title = \"B\"\nsummary = \"x\\by\"\n", "Body.\n").as_bytes(),
            ),
            (
                "content/events/2024-e.md",
                page(
                    "title = \"E\"\ndate = \"2024\"\ninferred = \"from \\u001b[2J\"\n",
                    "Body.\n",
                )
                .as_bytes(),
            ),
            ("content/glossary.toml", glossary.as_bytes()),
            (
                "seeds/demo.toml",
                b"slug = \"demo\"\ntitle = \"\xe7\xa8\x80\"\ntitle_en = \"US\\u007f\"\n",
            ),
            (
                "content/c.md",
                b"+++\ntitle = \"C\"\n+++\nA raw \x08 backspace.\n",
            ),
        ],
    )
    .stderr_contains("content/a.md:2:12: error: `title` holds the control character U+0007")
    .stderr_contains("content/b.md:3:13: error: `summary` holds the control character U+0008")
    .stderr_contains(
        "content/events/2024-e.md:4:18: error: `inferred` holds the control character U+001B",
    )
    .stderr_contains(
        "content/glossary.toml:5:12: error: `term.name` holds the control character U+0085",
    )
    .stderr_contains("seeds/demo.toml:3:15: error: `title_en` holds the control character U+007F")
    .stderr_contains(
        "content/c.md:4:7: error: not a text file: it holds the control character U+0008",
    );
    let site = SiteTest::with_seed();
    site.build().success();
    let before = site.snapshot_output();
    std::fs::write(site.root().join("briefing.toml"), "title = \"T\\u001f\"\n").expect("config");
    super::broken_build(&site, &before)
        .stderr_contains("briefing.toml:1:11: error: `title` holds the control character U+001F");
}

#[test]
fn titles_and_tags_refuse_line_breaks_bidi_overrides_and_zero_width_characters() {
    let site = SiteTest::with_seed();
    let run = rebuild_broken(
        &site,
        &[
            (
                "content/a.md",
                page("title = \"\"\"# All checks passed\n[Merge now](https://x.org)\"\"\"\n", "Body.\n")
                    .as_bytes(),
            ),
            (
                "content/b.md",
                page("title = \"invoice\u{202e}fdp.exe\"\n", "Body.\n").as_bytes(),
            ),
            (
                "content/c.md",
                page("title = \"C\"\ntags = [\"pay\u{200b}pal\"]\n", "Body.\n").as_bytes(),
            ),
        ],
    )
    .stderr_contains("content/a.md:2:31: error: `title` holds a line break or tab, which a one-line field cannot hold: U+000A")
    .stderr_contains("content/b.md:2:17: error: `title` holds a bidirectional control character, which can make text read other than it is: U+202E")
    .stderr_contains("content/c.md:3:13: error: `tags` holds an invisible zero-width character U+200B");
    let stderr = run.stderr();
    // The excerpts show them as replacement characters, never raw.
    assert!(
        !stderr.contains('\u{202e}') && !stderr.contains('\u{200b}'),
        "{stderr:?}"
    );
}

#[test]
fn character_references_to_control_characters_are_refused_where_they_are_written() {
    let site = SiteTest::with_seed();
    let run = rebuild_broken(
        &site,
        &[(
            "content/a.md",
            page(
                "title = \"A\"\n",
                "A bell &#7; here.\n\nAn escape &#x1B;[2J and a [link](https://example.org/ \"t&#x85;\").\n\nAllowed: &#0; &#x202E; &#9; &amp;.\n",
            )
            .as_bytes(),
        )],
    );
    let run = run.stderr_contains(
        "content/a.md:4:8: error: a character reference to the control character U+0007, which no page may hold; remove it",
    )
    .stderr_contains(
        "content/a.md:6:11: error: a character reference to the control character U+001B",
    )
    .stderr_contains(
        "content/a.md:6:57: error: a character reference to the control character U+0085",
    );
    let stderr = run.stderr();
    assert_eq!(stderr.matches("character reference").count(), 3, "{stderr}");
}
