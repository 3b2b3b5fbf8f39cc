//! Date and number ranges kept on one line: `2017–2026` must not break
//! after its dash. A word joiner (U+2060) on each side of a dash between
//! digits forbids the break and is invisible; it is plain text, so each
//! output format escapes it as any other character.

/// `text` with every en dash (or hyphen) between two digits held to its
/// neighbours by word joiners.
pub fn keep_ranges(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if (c == '\u{2013}' || c == '-') && between_digits {
            out.push('\u{2060}');
            out.push(c);
            out.push('\u{2060}');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::keep_ranges;

    #[test]
    fn dashes_between_digits_are_joined() {
        assert_eq!(
            keep_ranges("rare earths, 2017\u{2013}2026"),
            "rare earths, 2017\u{2060}\u{2013}\u{2060}2026"
        );
        assert_eq!(keep_ranges("pp. 3-5"), "pp. 3\u{2060}-\u{2060}5");
        // Not between digits: left alone.
        assert_eq!(
            keep_ranges("US\u{2013}China, 2026\u{2013}"),
            "US\u{2013}China, 2026\u{2013}"
        );
        assert_eq!(keep_ranges("-5 and 5-"), "-5 and 5-");
    }
}
