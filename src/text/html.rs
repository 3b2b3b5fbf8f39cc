//! HTML text: [`escape`] for element content and attribute values (the one
//! escaping path of every HTML page, also Tera's escape function), and
//! [`unescape`], its inverse, for reading attribute values back.

use std::borrow::Cow;

/// Escapes text for HTML element content and attribute values. Also Tera's
/// escape function, so it runs on every value a template prints: runs of
/// plain text are copied whole (the five characters are ASCII, so a byte
/// match never falls inside a multi-byte character).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

/// Decodes the character references of an attribute value, in one pass (so
/// `&amp;lt;` is `&lt;`, not `<`): the five that [`escape`] writes, `&apos;`,
/// and numeric ones (`&#x2F;`, `&#39;`), as Tera and pulldown-cmark write
/// them. An unknown or malformed reference is kept as it is.
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of the reference at the start of `s` (which starts with
/// `&`), and the reference's length.
fn reference(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (num, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            char::from_u32(u32::from_str_radix(digits, radix).ok()?)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(escape(r#"a<b>&"c'中"#), "a&lt;b&gt;&amp;&quot;c&#39;中");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn unescape_reads_back_what_escape_writes_in_one_pass() {
        for s in [r#"a<b>&"c'中"#, "&amp;lt;", "x&y", "&#39;&"] {
            assert_eq!(unescape(&escape(s)), s);
        }
        assert_eq!(unescape("a&#x2F;b&#x27;c&#47;"), "a/b'c/");
        assert_eq!(unescape("&amp;lt;"), "&lt;");
        // Unknown or malformed references stay as they are.
        assert_eq!(unescape("&nbsp; &#xZZ; &#; &"), "&nbsp; &#xZZ; &#; &");
        assert_eq!(unescape("&#x+1;&#+1;"), "&#x+1;&#+1;");
    }
}
