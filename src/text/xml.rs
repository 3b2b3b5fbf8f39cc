//! Escaping for XML 1.0 (the Atom feed and the sitemap): element text and
//! attribute values in either quotes. The result is well-formed whatever the
//! input: characters XML 1.0 cannot hold at all (control characters but
//! tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD. Inputs
//! with control characters are refused long before (see
//! [`super::controls`]); this is the last line, not the first.

/// Whether XML 1.0 can hold `c` in a document (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` as XML text or attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A parser turns a raw CR into a line feed; as a reference it
            // stays what it is.
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_impossible_characters() {
        assert_eq!(escape("plain 中文"), "plain 中文");
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(
            escape("bell\u{7} \u{fffe}\ttab"),
            "bell\u{fffd} \u{fffd}\ttab"
        );
    }
}
