//! Dates written in a text, for `new source` to list in the sidecar: the
//! Chinese forms (`2024年12月1日`, `2024年12月`, `10月31日`, `2025年`), ISO
//! dates (`2024-12-01`) and the usual English forms (`26 December 2024`,
//! `December 26, 2024`, `26 Dec. 2024`, `Dec. 2024`, `December 2024`).

use std::sync::LazyLock;

use regex::Regex;

/// Month names and their usual abbreviations (with an optional dot).
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

static DATES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let english = [
        // 26 December 2024, 26 Dec. 2024
        format!(r"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{4}}\b"),
        // December 26, 2024; Dec. 26 2024
        format!(r"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"),
        // December 2024, Dec. 2024
        format!(r"\b{MONTH}\s+\d{{4}}\b"),
    ];
    let pattern = [
        r"\d{4}年\d{1,2}月\d{1,2}日",
        r"\d{4}年\d{1,2}月",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{1,2}月\d{1,2}日",
        r"\d{4}年",
    ]
    .into_iter()
    .map(str::to_string)
    .chain(english)
    .collect::<Vec<_>>()
    .join("|");
    Regex::new(&pattern).ok()
});

/// The dates in `text`, each once, in the order first written (at most 20).
pub(super) fn find(text: &str) -> Vec<String> {
    let Some(re) = DATES.as_ref() else {
        return Vec::new();
    };
    let mut seen = std::collections::BTreeSet::new();
    re.find_iter(text)
        .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| seen.insert(d.clone()))
        .take(20)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_english_dates_in_the_usual_forms() {
        assert_eq!(
            find("Published 26 December 2024. On December 26, 2024 and in Dec. 2024, then 3rd March 2025; March 2025 again; Sept. 9 2023."),
            [
                "26 December 2024",
                "December 26, 2024",
                "Dec. 2024",
                "3rd March 2025",
                "March 2025",
                "Sept. 9 2023",
            ]
        );
        // A month name without a year, or a word that begins like one, is no date.
        assert!(find("In May we met. Decimal 2024 points.").is_empty());
    }

    #[test]
    fn finds_chinese_and_iso_dates() {
        assert_eq!(
            find("2024年12月1日,拜登政府…10月31日,会议…2025年6月17日…2024 年…2026-01-26"),
            ["2024年12月1日", "10月31日", "2025年6月17日", "2026-01-26"]
        );
    }
}
