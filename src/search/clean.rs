//! Text as a reader should see it in a result: the model's plain texts keep
//! gaps that the page does not show. A citation's marker is dropped from a
//! paragraph's plain text, but the space the author wrote before it stays
//! (`关键矿产 [](source:…).` → `关键矿产 .`), and a soft line break inside
//! Chinese text becomes a space between two characters. Both are removed
//! here, runs of white space become one space, and the ends are trimmed.
//! The index is built from the cleaned text, so positions and snippets agree.

use std::borrow::Cow;

use crate::text::script::is_han;

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
    if has_other_space(text) {
        return Cow::Owned(clean_chars(text));
    }
    // White space is ASCII only: copy the text between its runs.
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{0B}');
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if !is_ascii_space(bytes[i]) {
            i += 1;
            continue;
        }
        out.push_str(&text[copied..i]);
        while i < bytes.len() && is_ascii_space(bytes[i]) {
            i += 1;
        }
        copied = i;
        if keeps_space(out.chars().next_back(), text[i..].chars().next()) {
            out.push(' ');
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// White space outside ASCII: U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F and U+3000 (what `char::is_whitespace`
/// adds to ASCII), found by their first bytes in UTF-8.
fn has_other_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).any(|i| {
        matches!(
            (bytes[i], at(i + 1), at(i + 2)),
            (0xC2, 0x85 | 0xA0, _)
                | (0xE1, 0x9A, 0x80)
                | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
                | (0xE2, 0x81, 0x9F)
        )
    }) || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some()
}

/// Whether a run of white space between `prev` and `next` stays, as one
/// space.
fn keeps_space(prev: Option<char>, next: Option<char>) -> bool {
    match (prev, next) {
        (Some(p), Some(n)) => !(closes(n) || (is_cjk(p) && is_cjk(n))),
        _ => false,
    }
}

/// [`clean`] character by character, for text with white space outside
/// ASCII.
fn clean_chars(text: &str) -> String {
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
        if keeps_space(out.chars().next_back(), chars.peek().copied()) {
            out.push(' ');
        }
    }
    out
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
        // After the space: ASCII (the common case) can only be white space
        // or closing punctuation to go; else look at both characters.
        match bytes.get(i + 1) {
            Some(&b) if b.is_ascii() => {
                if b.is_ascii_whitespace() || closes(char::from(b)) {
                    return true;
                }
            }
            _ => {
                let next = text[i + 1..].chars().next();
                if next.is_some_and(char::is_whitespace)
                    || !keeps_space(text[..i].chars().next_back(), next)
                {
                    return true;
                }
            }
        }
    }
    bytes.iter().any(|&b| b == b'\r' || b == 0x0B || b == 0x0C) || has_other_space(text)
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
        for space in [
            '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{200a}', '\u{2028}', '\u{2029}',
            '\u{202f}', '\u{205f}', '\u{3000}',
        ] {
            assert!(has_other_space(&format!("a{space}b")), "{space:?}");
        }
        assert!(!has_other_space("“quoted” — ‘text’ 中文。"));
    }

    proptest::proptest! {
        #[test]
        fn cleaning_keeps_every_visible_character_and_is_idempotent(s in "[a-z .,;中国（）\n\t\r\u{b}\u{c}\u{a0}\u{3000}]{0,40}") {
            let once = clean(&s).into_owned();
            let twice = clean(&once).into_owned();
            proptest::prop_assert_eq!(&twice, &once);
            let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(visible(&once), visible(&s));
            proptest::prop_assert!(!once.contains("  "));
            proptest::prop_assert_eq!(needs_cleaning(&s), clean(&s) != s.as_str());
            proptest::prop_assert_eq!(clean_chars(&s), once);
        }
    }
}
