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

/// Whether [`clean`] would change `text`: white space other than single
/// spaces, or a space that goes. Most texts need nothing; this looks at
/// each white-space byte only, and allocates nothing.
fn needs_cleaning(text: &str) -> bool {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return true;
    }
    let bytes = text.as_bytes();
    for i in memchr::memchr3_iter(b' ', b'\n', b'\t', bytes) {
        if bytes[i] != b' ' {
            return true;
        }
        let next = text[i + 1..].chars().next();
        let prev = text[..i].chars().next_back();
        match (prev, next) {
            (_, Some(n)) if n.is_whitespace() || closes(n) => return true,
            (Some(p), Some(n)) if is_cjk(p) && is_cjk(n) => return true,
            _ => {}
        }
    }
    // Other white space: carriage returns and form feeds, and the few
    // outside ASCII (no-break, ideographic and typographic spaces).
    bytes.iter().any(|&b| b == b'\r' || b == 0x0B || b == 0x0C)
        || (!text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_gaps_of_dropped_markers_and_line_breaks() {
        assert_eq!(
            clean("Rare earths and 关键矿产 ."),
            "Rare earths and 关键矿产."
        );
        assert_eq!(
            clean("China leads , still ; and ( so )"),
            "China leads, still; and ( so)"
        );
        assert_eq!(clean("中国 作为\n全球 最大"), "中国作为全球最大");
        assert_eq!(clean("以美国为首的 G7 国家"), "以美国为首的 G7 国家");
        assert_eq!(clean("  two\t\tspaces \n here  "), "two spaces here");
        assert_eq!(clean("「引号」 ，然后"), "「引号」，然后");
        assert!(matches!(clean("Nothing to do."), Cow::Borrowed(_)));
        assert_eq!(clean(""), "");
        assert_eq!(clean(" . "), ".");
        assert_eq!(clean("a\u{a0}b\r\nc\u{3000}d"), "a b c d");
        assert_eq!(clean("中\u{3000}国"), "中国");
    }

    proptest::proptest! {
        #[test]
        fn cleaning_keeps_every_visible_character_and_is_idempotent(s in "[a-z .,;中国（）\n\t\r\u{a0}\u{3000}]{0,40}") {
            let once = clean(&s).into_owned();
            let twice = clean(&once).into_owned();
            proptest::prop_assert_eq!(&twice, &once);
            let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(visible(&once), visible(&s));
            proptest::prop_assert!(!once.contains("  "));
            proptest::prop_assert_eq!(needs_cleaning(&s), clean(&s) != s.as_str());
        }
    }
}
