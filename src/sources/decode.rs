//! Decoding raw seed bytes into text: UTF-8 (with or without BOM), UTF-16 with
//! BOM, and legacy encodings such as GB18030/GBK detected with `chardetng`.
//! Then normalisation: LF line ends, Unicode NFC, no trailing spaces.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary { offset: usize },
    Malformed { encoding: &'static str },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("the file is empty (or only white space)"),
            DecodeError::Binary { offset } => write!(
                f,
                "the file is not text (a NUL or control byte at byte {offset})"
            ),
            DecodeError::Malformed { encoding } => write!(
                f,
                "the file is not valid text: it looks most like {encoding} but has bytes that are invalid in it"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes bytes of unknown encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Malformed {
                encoding: enc.name(),
            });
        }
        Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        }
    } else {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(DecodeError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Decoded {
                text: s.to_string(),
                encoding: "UTF-8",
            },
            Err(_) => {
                let mut det = chardetng::EncodingDetector::new();
                det.feed(bytes, true);
                let enc = det.guess(None, false);
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    return Err(DecodeError::Malformed {
                        encoding: enc.name(),
                    });
                }
                Decoded {
                    text: text.into_owned(),
                    encoding: enc.name(),
                }
            }
        }
    };
    if let Some(offset) = first_control_char(&decoded.text) {
        return Err(DecodeError::Binary { offset });
    }
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

/// Control characters other than tab, line feed, carriage return and form
/// feed do not occur in text files.
fn first_control_char(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(_, c)| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}'
        })
        .map(|(i, _)| i)
}

/// Normalises text: CRLF and CR to LF, Unicode NFC, trailing white space
/// trimmed from every line (CJK punctuation and full-width forms are kept).
pub fn normalize(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let nfc: String = unified.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for line in nfc.split('\n') {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("稀土".as_bytes()).unwrap().text, "稀土");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("稀土".as_bytes());
        assert_eq!(
            decode(&b).unwrap(),
            Decoded {
                text: "稀土".into(),
                encoding: "UTF-8"
            }
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "稀土 ok".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            Decoded {
                text: "稀土 ok".into(),
                encoding: "UTF-16LE"
            }
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "稀土".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn gb18030_is_detected() {
        let text =
            "美国稀土战略的特征、动因、挑战与全球影响。中国作为全球最大的稀土供应国与制造国。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
    }

    #[test]
    fn binary_and_empty_are_errors() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        assert!(matches!(
            decode(b"ab\x01\x02cd"),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn normalizes_line_ends_nfc_and_trailing_space() {
        assert_eq!(
            normalize("a  \r\nb\u{3000}\rc\u{0065}\u{0301}\n\n\n"),
            "a\nb\nc\u{e9}\n"
        );
        assert_eq!(normalize("，：（全角）"), "，：（全角）\n");
    }
}
