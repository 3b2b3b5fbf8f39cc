//! Property tests (proptest) of the small parsers every input goes through:
//! dates, slugs, citation matching, front matter, seed decoding. Each
//! property runs 256 cases or fewer so the suite stays fast; the fuzz targets
//! in `fuzz/` explore the same functions for much longer (see SECURITY.md).
//!
//! Failures are not persisted to a regressions file: pin a failing input as
//! an ordinary test in `catalogue.rs` instead.

use std::path::{Component, Path};

use briefing::content::{self, frontmatter};
use briefing::date::{PartialDate, Precision};
use briefing::diag::Diagnostics;
use briefing::model::citations::{locate, QuoteError};
use briefing::slug;
use briefing::sources::{self, decode, SeedInput, Source};
use briefing::text::fold::fold;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `cases` per property; `PROPTEST_CASES=n` runs longer.
fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `test` on the cases `config` asks for, drawn from `strategy`, as
/// `proptest!` would, and panics with the smallest failing value. Gives the
/// number of cases run, for a test that checks how many reached its
/// assertions.
pub(crate) fn run_property<S: Strategy>(
    config: Config,
    strategy: &S,
    test: impl Fn(S::Value) -> proptest::test_runner::TestCaseResult,
) -> u32 {
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let cases = runner.config().cases;
    if let Err(e) = runner.run(strategy, test) {
        panic!("{e}");
    }
    cases
}

/// The default theme's words in English and in Simplified Chinese.
static EN: std::sync::LazyLock<briefing::i18n::Ui> = std::sync::LazyLock::new(|| {
    briefing::render::theme::default_ui("en").expect("the built-in English")
});
static ZH: std::sync::LazyLock<briefing::i18n::Ui> = std::sync::LazyLock::new(|| {
    briefing::render::theme::default_ui("zh-Hans").expect("the built-in Chinese")
});

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A valid date as (year, month, day) at a random precision.
fn valid_date() -> impl Strategy<Value = (i32, Option<u8>, Option<u8>)> {
    (1000i32..=9999, 1u8..=12, 1u8..=31, 0u8..3).prop_map(|(y, m, d, precision)| {
        let d = d.min(days_in_month(y, m));
        match precision {
            0 => (y, None, None),
            1 => (y, Some(m), None),
            _ => (y, Some(m), Some(d)),
        }
    })
}

/// Text made of the pieces that matter to date parsing.
fn date_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("-".to_string()),
            Just("0".to_string()),
            Just("２".to_string()),
            Just("T".to_string()),
            Just(" ".to_string()),
            "[0-9]{1,5}",
            "\\PC{0,3}",
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(256))]

    /// (a) Every valid date of every precision parses back to itself, and
    /// prints (`iso`) to the text it was parsed from.
    #[test]
    fn dates_round_trip((y, m, d) in valid_date()) {
        let text = match (m, d) {
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}"),
        };
        let date = PartialDate::parse(&text).expect("a valid date parses");
        prop_assert_eq!((date.year, date.month, date.day), (y, m, d));
        prop_assert_eq!(date.iso(), text.clone());
        prop_assert_eq!(date.to_string(), text);
        let precision = match (m, d) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        };
        prop_assert_eq!(date.precision(), precision);
        // Shown in the site's language, as precise as it is.
        let (en, zh) = (&*EN, &*ZH);
        prop_assert!(en.date(&date).contains(&y.to_string()));
        let shown = zh.date(&date);
        let expected = match (m, d) {
            (Some(m), Some(d)) => format!("{y}年{m}月{d}日"),
            (Some(m), None) => format!("{y}年{m}月"),
            _ => format!("{y}年"),
        };
        prop_assert_eq!(shown, expected);
    }

    /// (a) A day past the end of its month is refused.
    #[test]
    fn days_past_the_month_end_are_refused(y in 1000i32..=9999, m in 1u8..=12, extra in 1u8..5) {
        let d = days_in_month(y, m) + extra;
        let text = format!("{y:04}-{m:02}-{d:02}");
        prop_assert!(PartialDate::parse(&text).is_err(), "{} parsed", text);
    }
}

/// Dates built from parts: a year, a month, a day or a decade, each mostly
/// in range and now and then out of it (a year below 1000 or of 5 digits, a
/// month 0 or past 12, a day 0 or past 31), sometimes unpadded: mostly
/// accepted, so the canonical-form check below runs.
fn structured_date() -> impl Strategy<Value = String> {
    (
        prop_oneof![8 => 1000i32..=9999, 1 => 0i32..1000, 1 => 10000i32..=99999],
        prop_oneof![8 => 1u8..=12, 1 => Just(0u8), 1 => 13u8..=99],
        prop_oneof![8 => 1u8..=28, 2 => 29u8..=31, 1 => Just(0u8), 1 => 32u8..=99],
        0u8..4,
        prop_oneof![9 => Just(true), 1 => Just(false)],
    )
        .prop_map(|(y, m, d, precision, padded)| {
            let (m, d) = if padded {
                (format!("{m:02}"), format!("{d:02}"))
            } else {
                (m.to_string(), d.to_string())
            };
            match precision {
                0 => format!("{y:04}"),
                1 => format!("{y:04}-{m}"),
                2 => format!("{y:04}-{m}-{d}"),
                _ => format!("{}0s", y / 10),
            }
        })
}

/// (a) `parse` never panics, and whatever it accepts is canonical: it
/// prints back to the text it was parsed from.
#[test]
fn date_parse_never_panics() {
    const CASES: u32 = 256;
    let texts = prop_oneof![
        6 => structured_date(),
        1 => date_like(),
        1 => "\\PC*",
        1 => any::<String>(),
    ];
    // The cases accepted, whose canonical form was checked.
    let accepted = std::sync::atomic::AtomicU32::new(0);
    let cases = run_property(config(CASES), &texts, |s| {
        if let Ok(d) = PartialDate::parse(&s) {
            prop_assert_eq!(d.iso(), s.clone());
            prop_assert_eq!(PartialDate::parse(&d.iso()), Ok(d));
            prop_assert!(!EN.date(&d).is_empty());
            accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    });
    // Before the structured dates, 1 case in 256 was accepted: the check
    // above hardly ran. Now about 110 are (97 to 124 in ten runs); a
    // quarter must be, about 5 standard deviations below that.
    let accepted = accepted.into_inner();
    eprintln!("{accepted} of {cases} dates accepted");
    assert!(
        accepted >= cases / 4,
        "only {accepted} of {cases} dates were accepted: their canonical form was hardly checked"
    );
}

/// Characters that make slugs interesting: path separators, dots, drive
/// colons, Windows-illegal characters, NUL, case, non-ASCII.
fn stem_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ._/\\\\:<>|?*\"\\x00-]{0,24}",
        // Any script, combining marks, bidirectional and zero-width characters.
        "[a-zA-Zß-ÿΑ-ωА-я\u{4e00}-\u{4e20}\u{0301}\u{0308}\u{200b}-\u{200f}\u{202a}-\u{202e}\u{feff} ._-]{0,16}",
        "\\PC{0,12}",
        prop::sample::select(vec![
            "..",
            ".",
            "/",
            "\\",
            "C:\\x",
            "\\\\server\\share",
            "con",
            "CON",
            "nul",
            "aux",
            "com1",
            "lpt9",
            "con.txt",
            "a/../b",
            "稀土",
            "-x",
            "_x",
            "",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

/// A slug joined to a folder stays in that folder, one segment deep.
fn stays_inside(slug: &str) -> Result<(), TestCaseError> {
    prop_assert!(!slug.is_empty());
    for bad in ["/", "\\", "..", ":", "\0"] {
        prop_assert!(!slug.contains(bad), "{:?} contains {:?}", slug, bad);
    }
    let joined = Path::new("out").join(slug);
    let comps: Vec<Component<'_>> = joined.components().collect();
    prop_assert_eq!(comps.len(), 2, "{:?}", joined);
    prop_assert!(
        comps.iter().all(|c| matches!(c, Component::Normal(_))),
        "{:?}",
        joined
    );
    prop_assert!(joined.starts_with("out"));
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// (b) Any slug derived from a file name is valid and safe as a path segment.
    #[test]
    fn derived_slugs_are_valid_and_stay_inside(stem in stem_like()) {
        if let Ok(s) = slug::from_stem(&stem) {
            prop_assert!(slug::validate(&s).is_ok(), "{:?} -> {:?}", stem, s);
            stays_inside(&s)?;
            // Deriving again changes nothing, nor does normalising.
            prop_assert_eq!(slug::from_stem(&s), Ok(s.clone()));
            prop_assert_eq!(slug::normalize(&s), Ok(s.clone()));
        }
    }

    /// (b) `validate` never panics, and what it accepts is a safe path segment.
    #[test]
    fn validated_slugs_stay_inside(s in stem_like()) {
        if slug::validate(&s).is_ok() {
            stays_inside(&s)?;
            prop_assert!(s.len() <= 200);
        }
    }
}

/// Paragraph text: Han characters, Latin words, digits, full-width and CJK
/// punctuation, spaces.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec![
                "稀土", "中国", "美国", "供应链", "出口管制", "镓", "锗", "锑",
            ])
            .prop_map(str::to_string),
            3 => prop::sample::select(vec![
                "rare", "earth", "US", "MP", "Materials", "the", "supply", "chain",
            ])
            .prop_map(str::to_string),
            2 => prop::sample::select(vec![
                ",", "，", "、", "。", ".", ":", "：", "（", "）", "(", ")", "“", "”", "\"",
                "「", "」", "【", "】", "Ａ", "１", " ", "  ", "\u{3000}",
            ])
            .prop_map(str::to_string),
            1 => "[0-9]{1,4}",
        ],
        1..30,
    )
    .prop_map(|v| v.concat())
}

/// A source loaded the way a build loads it.
fn load_source(text: &str) -> Option<Source> {
    let mut d = Diagnostics::new();
    sources::load(
        &SeedInput {
            path: Path::new("seeds/s.txt"),
            bytes: text.as_bytes(),
            sidecar: Some((Path::new("seeds/s.toml"), "slug = \"s\"\n")),
            rulesets: &Default::default(),
        },
        &mut d,
    )
}

proptest! {
    #![proptest_config(config(256))]

    /// (c) Folding is idempotent.
    #[test]
    fn fold_is_idempotent(s in prop_oneof![paragraph(), any::<String>()]) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    /// (c) Any piece of a paragraph (on character boundaries, not empty once
    /// folded) is located in that paragraph: with its id as a hint always,
    /// and without a hint unless the piece is also in another paragraph.
    #[test]
    fn any_substring_of_a_paragraph_is_located(
        paras in prop::collection::vec(paragraph(), 1..5),
        pick in any::<prop::sample::Index>(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let text = paras.join("\n\n") + "\n";
        let Some(source) = load_source(&text) else {
            // Only white space and punctuation: nothing to cite.
            return Ok(());
        };
        if source.blocks.is_empty() {
            return Ok(());
        }
        let i = pick.index(source.blocks.len());
        let block = &source.blocks[i];
        let bounds: Vec<usize> = block
            .text
            .char_indices()
            .map(|(k, _)| k)
            .chain([block.text.len()])
            .collect();
        let (x, y) = (a.get(&bounds), b.get(&bounds));
        let quote = &block.text[*x.min(y)..*x.max(y)];
        if fold(quote).is_empty() {
            // Empty after folding (a start equal to the end, or only white
            // space): `QuoteError::Empty`, checked below.
            prop_assert_eq!(locate(&source, quote, None), Err(QuoteError::Empty));
            return Ok(());
        }
        let at = locate(&source, quote, Some(&block.id));
        prop_assert_eq!(at.as_ref().map(|l| l.block), Ok(i));
        // The marked words fold to the quote.
        if let Ok(l) = at {
            prop_assert_eq!(fold(&block.text[l.range]), fold(quote));
        }
        match locate(&source, quote, None) {
            Ok(j) => prop_assert_eq!(j.block, i),
            Err(QuoteError::Ambiguous(ids)) => prop_assert!(ids.contains(&block.id)),
            Err(e) => prop_assert!(false, "{:?} not located: {:?}", quote, e),
        }
    }
}

/// Text made of the pieces that matter to front matter.
fn front_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("+++".to_string()),
            Just("+++ ".to_string()),
            Just("++".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\u{feff}".to_string()),
            Just("title = \"T\"".to_string()),
            Just("date = 2024-12-01".to_string()),
            Just("slug = \"x\"".to_string()),
            Just("[extra]".to_string()),
            Just("稀土".to_string()),
            "\\PC{0,8}",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

/// Front matter as a page has it: a title (maybe empty or with a quote or
/// backslash in it), some of the optional keys (now and then an unknown one
/// or a bad value), a body; now and then damaged by one character replaced
/// or taken out, or with CRLF line ends or a BOM. Mostly accepted, so the
/// checks of a split and of a page below run.
fn structured_front() -> impl Strategy<Value = String> {
    let title = prop_oneof![
        8 => "[a-zA-Z0-9 稀土]{1,12}",
        1 => Just(String::new()),
        1 => "[a-z\"\\\\]{1,6}",
    ];
    // Each key at most once (a key twice is refused), in any order.
    let keys = (
        prop::sample::select(vec![
            "",
            "date = 2024-12-01",
            "date = \"2024-12\"",
            "date = \"2024\"",
        ]),
        prop::sample::subsequence(
            vec![
                "draft = true",
                "tags = [\"rare-earths\", \"china\"]",
                "summary = \"A summary.\"",
                "weight = 3",
                "slug = \"a-page\"",
                "source = \"s\"",
            ],
            0..=3,
        ),
        // Now and then one refused: an unknown key, a bad date, a bad slug,
        // a date and time.
        prop_oneof![
            8 => Just(""),
            1 => prop::sample::select(vec![
                "colour = \"red\"",
                "date = \"2024-13-01\"",
                "slug = \"../x\"",
                "date = 2024-12-01T10:00:00",
            ]),
        ],
        any::<prop::sample::Index>(),
    )
        .prop_map(|(date, mut keys, bad, at)| {
            keys.push(date);
            keys.push(bad);
            keys.retain(|k| !k.is_empty());
            if !keys.is_empty() {
                let n = keys.len();
                keys.rotate_left(at.index(n));
            }
            keys
        });
    let body = "[a-zA-Z0-9 稀土#*.\n-]{0,40}";
    let damage = prop_oneof![
        8 => Just(None),
        1 => (
            any::<prop::sample::Index>(),
            prop::sample::select(vec!["", "+", "\n", "\"", "=", "\u{0}"]),
        )
            .prop_map(Some),
    ];
    (
        title,
        keys,
        body,
        damage,
        prop_oneof![8 => Just(false), 1 => Just(true)],
        prop_oneof![8 => Just(false), 1 => Just(true)],
    )
        .prop_map(|(title, keys, body, damage, crlf, bom)| {
            let mut text = format!("+++\ntitle = \"{title}\"\n");
            for key in keys {
                text.push_str(key);
                text.push('\n');
            }
            text.push_str("+++\n");
            text.push_str(&body);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            if let Some((at, with)) = damage {
                // Replace one character with `with` (nothing: take it out).
                let bounds: Vec<usize> = text.char_indices().map(|(k, _)| k).collect();
                let k = *at.get(&bounds);
                let len = text[k..].chars().next().map_or(0, char::len_utf8);
                text.replace_range(k..k + len, with);
            }
            text
        })
}

/// (d) Splitting never panics; a split's parts are pieces of the text, and
/// a page parsed from it has the split's body.
#[test]
fn frontmatter_split_never_panics() {
    use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
    const CASES: u32 = 256;
    let texts = prop_oneof![
        6 => structured_front(),
        1 => front_like(),
        1 => any::<String>(),
    ];
    // The cases that split, and the cases that parsed as a page.
    let (split_cases, page_cases) = (AtomicU32::new(0), AtomicU32::new(0));
    let cases = run_property(config(CASES), &texts, |text| {
        let path = Path::new("content/a.md");
        let split = frontmatter::split(&text, path);
        if let Ok(split) = &split {
            prop_assert!(text.contains(split.front));
            prop_assert!(text.ends_with(split.body));
            prop_assert!(split.body_line > split.front_line);
            split_cases.fetch_add(1, Relaxed);
        }
        let mut d = Diagnostics::new();
        let page = content::parse_page(path, &text, &mut d);
        prop_assert_eq!(page.is_some(), !d.has_errors());
        if let Some(page) = page {
            // A page needs a split, and carries its body.
            let split = split.as_ref().expect("a parsed page was split");
            prop_assert_eq!(&page.body, split.body);
            prop_assert!(!page.meta.title.trim().is_empty());
            page_cases.fetch_add(1, Relaxed);
        }
        let mut d = Diagnostics::new();
        let _ = content::parse_event(Path::new("content/events/e.md"), &text, &mut d);
        Ok(())
    });
    // Before the structured front matter, 1 case in 256 split and none
    // parsed as a page. Now about 190 split and 125 parse as a page (177 to
    // 207 and 114 to 136 in six runs); a quarter must do each.
    let (split, page) = (split_cases.into_inner(), page_cases.into_inner());
    eprintln!("{split} of {cases} texts split, {page} parsed as a page");
    assert!(
        split >= cases / 4,
        "only {split} of {cases} texts split: their parts were hardly checked"
    );
    assert!(
        page >= cases / 4,
        "only {page} of {cases} texts parsed as a page: pages were hardly checked"
    );
}

/// Bytes that look like text files: BOMs, UTF-8, UTF-16, GB18030, controls.
fn seed_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        (
            prop::sample::select(vec![
                &b""[..],
                &b"\xef\xbb\xbf"[..],
                &b"\xff\xfe"[..],
                &b"\xfe\xff"[..],
            ]),
            paragraph(),
            prop::sample::select(vec!["utf8", "utf16le", "gb18030"]),
        )
            .prop_map(|(bom, text, enc)| {
                let mut v = bom.to_vec();
                match enc {
                    "utf16le" => v.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
                    "gb18030" => v.extend_from_slice(&encoding_rs::GB18030.encode(&text).0),
                    _ => v.extend_from_slice(text.as_bytes()),
                }
                v
            }),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// (e) Decoding never panics, and never returns control characters.
    #[test]
    fn decode_never_panics(bytes in seed_bytes()) {
        if let Ok(d) = decode::decode(&bytes) {
            prop_assert!(!d.text.trim().is_empty());
            let bad = d.text.chars().any(|c| c == '\0' || c == char::REPLACEMENT_CHARACTER);
            prop_assert!(!bad, "control or replacement character in {:?}", d.text);
        }
    }

    /// (e) Plain UTF-8 text is decoded as itself.
    #[test]
    fn utf8_text_decodes_to_itself(text in paragraph()) {
        prop_assume!(!text.trim().is_empty());
        let d = decode::decode(text.as_bytes()).expect("UTF-8 text decodes");
        prop_assert_eq!(d.text, text);
        prop_assert_eq!(d.encoding, "UTF-8");
    }

    /// (e) Normalising twice is normalising once.
    #[test]
    fn normalize_is_idempotent(
        text in prop_oneof![
            paragraph(),
            "[a \t\r\n\u{3000}\u{2000}\u{0301}\u{00e9}e\u{ac00}\u{1100}\u{1161}\u{11a8}]{0,16}",
            any::<String>(),
        ]
    ) {
        let once = decode::normalize(&text);
        prop_assert_eq!(decode::normalize(&once), once.clone());
        prop_assert!(once.ends_with('\n'));
        prop_assert!(!once.contains('\r'));
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// (f) Escaped text (every value a template prints) holds none of the
    /// five characters raw, and unescaping it gives the text back, whatever
    /// its script.
    #[test]
    fn escaped_text_has_no_markup_and_reads_back(
        text in prop_oneof!["[a<>&\"'中文 ]{0,24}", any::<String>()]
    ) {
        let escaped = briefing::text::html::escape(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{:?}", escaped);
        let back = escaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        prop_assert_eq!(back, text);
    }
}
