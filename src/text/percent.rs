//! Percent-decoding of URL parts: one decoder, read leniently by the link
//! check (an anchor as a browser would take it) and strictly by `serve`
//! (a request path that is not exactly well formed is refused).

use std::borrow::Cow;

/// The bytes `s` stands for, each `%` and two hex digits decoded; a `%`
/// without two hex digits after it is kept as it is. The flag tells whether
/// every `%` was followed by two hex digits.
fn decode_bytes(s: &str) -> (Vec<u8>, bool) {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut well_formed = true;
    let mut i = 0;
    // Digits are read as bytes: `%` may be followed by a character of
    // several bytes, which a string slice would cut.
    let hex = |b: Option<&u8>| b.and_then(|&b| char::from(b).to_digit(16));
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
                i += 3;
                continue;
            }
            well_formed = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    (out, well_formed)
}

/// `s` decoded as a browser reads a URL fragment: malformed escapes kept,
/// bytes that are not UTF-8 replaced.
pub fn decode_lenient(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let (bytes, _) = decode_bytes(s);
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// `s` decoded, or `None` when an escape is malformed or the bytes are not
/// UTF-8.
pub fn decode_strict(s: &str) -> Option<String> {
    let (bytes, well_formed) = decode_bytes(s);
    if !well_formed {
        return None;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_keeps_what_it_cannot_read() {
        assert_eq!(decode_lenient("%E4%B8%AD"), "中");
        assert_eq!(decode_lenient("%中%4"), "%中%4");
        assert_eq!(decode_lenient("a%zz%2"), "a%zz%2");
        assert_eq!(decode_lenient("%ff"), "\u{fffd}");
    }

    #[test]
    fn strict_refuses_what_is_not_well_formed() {
        assert_eq!(
            decode_strict("/terms/%E7%A8%80").as_deref(),
            Some("/terms/稀")
        );
        assert_eq!(decode_strict("/%2e%2E").as_deref(), Some("/.."));
        for bad in ["/%zz", "/%ff%fe", "/%2", "/%", "/%+f", "/%中1"] {
            assert_eq!(decode_strict(bad), None, "{bad}");
        }
    }
}
