//! Text as a reader should see it in a result: the model's plain texts keep
//! gaps that the page does not show. A citation's marker is dropped from a
//! paragraph's plain text, but the space the author wrote before it stays
//! (`关键矿产 [](source:…).` → `关键矿产 .`), and a soft line break inside
//! Chinese text becomes a space between two characters. Both are removed
//! here, runs of white space become one space, and the ends are trimmed.
//! The index is built from the cleaned text, so positions and snippets agree.

use std::borrow::Cow;

use crate::sources::structure::is_han;

/// Punctuation that never follows a space in running text.
fn closes(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '…'
            | '。'
            | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
    )
}

/// Chinese text, where a space between two characters is a line break of
/// the source, not a word space.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
}

/// `text` without the gaps described in the module documentation; borrowed
/// when nothing changes.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        while chars.peek().is_some_and(|n| n.is_whitespace()) {
            chars.next();
        }
        let (Some(&next), Some(prev)) = (chars.peek(), out.chars().next_back()) else {
            continue;
        };
        if closes(next) || (is_cjk(prev) && is_cjk(next)) {
            continue;
        }
        out.push(' ');
    }
    Cow::Owned(out)
}

/// Whether [`clean`] would change `text` (the common case is that it would
/// not, and this check allocates nothing).
fn needs_cleaning(text: &str) -> bool {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return true;
    }
    let mut prev: Option<char> = None;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if space || c != ' ' {
                return true;
            }
            space = true;
            continue;
        }
        if space && (closes(c) || prev.is_some_and(|p| is_cjk(p) && is_cjk(c))) {
            return true;
        }
        space = false;
        prev = Some(c);
    }
    false
}

/// The start of `text` up to about `max` characters, cut after a whole word
/// (or between two Chinese characters), with `…` when something was cut.
pub(super) fn preview(text: &str, max: usize) -> Cow<'_, str> {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return Cow::Borrowed(text);
    };
    let head = &text[..cut];
    let next = text[cut..].chars().next();
    // A Latin word cut in two: go back to the last space.
    let end = match (head.chars().next_back(), next) {
        (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric() && !is_han(a) => head
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .unwrap_or(cut),
        _ => cut,
    };
    Cow::Owned(format!("{}…", text[..end].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_gaps_of_dropped_markers_and_line_breaks() {
        assert_eq!(clean("Rare earths and 关键矿产 ."), "Rare earths and 关键矿产.");
        assert_eq!(clean("China leads , still ; and ( so )"), "China leads, still; and ( so)");
        assert_eq!(clean("中国 作为\n全球 最大"), "中国作为全球最大");
        assert_eq!(clean("以美国为首的 G7 国家"), "以美国为首的 G7 国家");
        assert_eq!(clean("  two\t\tspaces \n here  "), "two spaces here");
        assert_eq!(clean("「引号」 ，然后"), "「引号」，然后");
        assert!(matches!(clean("Nothing to do."), Cow::Borrowed(_)));
        assert_eq!(clean(""), "");
        assert_eq!(clean(" . "), ".");
    }

    #[test]
    fn previews_end_after_a_whole_word() {
        assert_eq!(preview("short", 10), "short");
        assert_eq!(preview("rare earth magnets", 12), "rare earth…");
        assert_eq!(preview("rare earth magnets", 10), "rare earth…");
        assert_eq!(preview("中国作为全球最大", 4), "中国作为…");
        assert_eq!(preview("Supercalifragilistic", 5), "Super…");
    }

    proptest::proptest! {
        #[test]
        fn cleaning_keeps_every_visible_character_and_is_idempotent(s in "[a-z .,;中国（）\n\t]{0,40}") {
            let once = clean(&s).into_owned();
            let twice = clean(&once).into_owned();
            proptest::prop_assert_eq!(&twice, &once);
            let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(visible(&once), visible(&s));
            proptest::prop_assert!(!once.contains("  "));
        }

        #[test]
        fn previews_are_prefixes(s in "[a-z 中]{0,60}", max in 1usize..50) {
            let p = preview(&s, max);
            let body = p.strip_suffix('…').unwrap_or(&p);
            proptest::prop_assert!(s.starts_with(body));
            proptest::prop_assert!(body.chars().count() <= max);
        }
    }
}
