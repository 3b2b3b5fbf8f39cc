//! Decoding raw seed bytes into text: UTF-8 (with or without BOM), UTF-16 with
//! BOM, and legacy encodings such as GB18030/GBK detected with `chardetng`,
//! or the encoding a sidecar pins. Then normalisation: LF line ends, Unicode
//! NFC, no trailing spaces.
//!
//! Encodings are checked line by line: a file whose non-ASCII lines are
//! UTF-8 but for one that is not mixes encodings, and is refused at that
//! line, never decoded whole as something else. A detected legacy encoding
//! must suit the languages the sidecar declares (a text declared Chinese is
//! not windows-1252).

use std::fmt;

use encoding_rs::Encoding;
use unicode_normalization::UnicodeNormalization;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// What the sidecar says about the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The encoding the sidecar pins (`encoding = "gb18030"`): used as it
    /// is, never guessed.
    pub pinned: Option<&'static Encoding>,
    /// The languages the sidecar declares (`language = ["zh-Hans"]`).
    pub languages: &'a [String],
}

/// Where in the file: 1-based line, and 1-based column in characters of
/// the line as far as it reads as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// A NUL byte: binary data, or UTF-16 without a byte-order mark.
    Nul {
        at: At,
    },
    /// A control character no text file holds (an escape sequence, a
    /// byte of a binary file).
    Control {
        at: At,
        ch: char,
    },
    /// U+FFFD: an earlier conversion already lost characters here.
    Replacement {
        at: At,
    },
    /// Most lines are UTF-8 with non-ASCII text, this one is not.
    Mixed {
        at: At,
        byte: u8,
        utf8_lines: usize,
        looks_like: &'static str,
    },
    /// Bytes that are invalid in the encoding the text was read as.
    Malformed {
        at: At,
        encoding: &'static str,
    },
    /// The detected encoding cannot hold a language the sidecar declares.
    Language {
        encoding: &'static str,
        language: String,
    },
    /// The byte-order mark says one encoding, the sidecar pins another.
    BomConflict {
        bom: &'static str,
        pinned: &'static str,
    },
}

impl DecodeError {
    /// The position the error is at, if it is at one.
    pub fn at(&self) -> Option<At> {
        match self {
            DecodeError::Nul { at }
            | DecodeError::Control { at, .. }
            | DecodeError::Replacement { at }
            | DecodeError::Mixed { at, .. }
            | DecodeError::Malformed { at, .. } => Some(*at),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("the file is empty (or only white space)"),
            DecodeError::Nul { .. } => f.write_str(
                "the file is not text: a NUL byte (binary data, or UTF-16 without a byte-order mark)",
            ),
            DecodeError::Control { ch, .. } => write!(
                f,
                "the file is not text: it holds the control character U+{:04X}{}",
                u32::from(*ch),
                control_name(*ch).map_or_else(String::new, |n| format!(" ({n})"))
            ),
            DecodeError::Replacement { .. } => f.write_str(
                "the text holds U+FFFD, the replacement character: an earlier conversion lost the characters here; take the text again from its source",
            ),
            DecodeError::Mixed {
                byte,
                utf8_lines,
                looks_like,
                ..
            } => write!(
                f,
                "the file mixes encodings: this line is not UTF-8 (byte 0x{byte:02X}; it reads as {looks_like}), but {utf8_lines} other line{} with non-ASCII text {}; convert the whole file to UTF-8",
                if *utf8_lines == 1 { "" } else { "s" },
                if *utf8_lines == 1 { "is" } else { "are" },
            ),
            DecodeError::Malformed { encoding, .. } => write!(
                f,
                "the text is read as {encoding}, but this line has bytes that are invalid in it (a broken file, or one that mixes encodings); set `encoding` in the sidecar if {encoding} is wrong"
            ),
            DecodeError::Language { encoding, language } => write!(
                f,
                "the text looks like {encoding}, which cannot hold `{language}` text as the sidecar declares: the file is probably in another encoding or mixes encodings; if it is right, pin it with `encoding = \"{encoding}\"` in the sidecar"
            ),
            DecodeError::BomConflict { bom, pinned } => write!(
                f,
                "the file starts with a {bom} byte-order mark, but the sidecar pins `encoding = \"{pinned}\"`"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The encoding a sidecar's `encoding` label names, or why not.
pub fn pinned(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(enc) if enc != encoding_rs::REPLACEMENT => Ok(enc),
        _ => Err(format!(
            "unknown encoding `{label}` (use a label such as \"UTF-8\", \"gb18030\", \"GBK\", \"Big5\", \"Shift_JIS\", \"windows-1252\" or \"UTF-16LE\")"
        )),
    }
}

/// Decodes bytes of unknown encoding (no sidecar to go by).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, &Hints::default())
}

/// Decodes bytes: by their byte-order mark, else the encoding the sidecar
/// pins, else UTF-8 when every line is UTF-8, else the legacy encoding
/// `chardetng` detects, which must suit the declared languages. The text
/// must then be text: no control characters, no replacement character.
pub fn decode_with(bytes: &[u8], hints: &Hints<'_>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if let Some(pinned) = hints.pinned.filter(|p| *p != enc) {
            return Err(DecodeError::BomConflict {
                bom: enc.name(),
                pinned: pinned.name(),
            });
        }
        strict(enc, &bytes[bom_len..])?
    } else if let Some(pinned) = hints.pinned {
        strict(pinned, bytes)?
    } else {
        if let Some(i) = memchr::memchr(0, bytes) {
            return Err(DecodeError::Nul {
                at: position(bytes, i),
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Decoded {
                text: s.to_string(),
                encoding: "UTF-8",
            },
            Err(_) => legacy(bytes, hints)?,
        }
    };
    if let Some((i, c)) = first_control_char(&decoded.text) {
        let at = text_position(&decoded.text, i);
        return Err(if c == '\u{FFFD}' {
            DecodeError::Replacement { at }
        } else {
            DecodeError::Control { at, ch: c }
        });
    }
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

/// Decodes `bytes` (without a byte-order mark) as `enc`; invalid bytes are
/// an error at their line.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        });
    }
    // The first replacement the decoder made is where the bytes broke; the
    // text before it, counted in lines and characters, is the position.
    let at = text
        .char_indices()
        .find(|&(_, c)| c == '\u{FFFD}')
        .map_or(At { line: 1, col: 1 }, |(i, _)| text_position(&text, i));
    Err(DecodeError::Malformed {
        at,
        encoding: enc.name(),
    })
}

/// Text that is not UTF-8 as a whole, line by line. If some lines are UTF-8
/// with non-ASCII text, the first line that is not is an error: the file
/// mixes encodings. Otherwise the file is in one legacy encoding, detected
/// from all of it, in which every line must be valid and which must suit
/// the declared languages.
fn legacy(bytes: &[u8], hints: &Hints<'_>) -> Result<Decoded, DecodeError> {
    let mut utf8_lines = 0;
    let mut first_bad: Option<(usize, usize)> = None;
    let mut start = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if !line.is_ascii() {
            match std::str::from_utf8(line) {
                Ok(_) => utf8_lines += 1,
                Err(e) => {
                    first_bad.get_or_insert((start, e.valid_up_to()));
                }
            }
        }
        start += line.len() + 1;
    }
    if let (Some((line_start, offset)), true) = (first_bad, utf8_lines > 0) {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |n| line_start + n);
        let mut det = chardetng::EncodingDetector::new();
        det.feed(&bytes[line_start..line_end], true);
        return Err(DecodeError::Mixed {
            at: position(bytes, line_start + offset),
            byte: bytes[line_start + offset],
            utf8_lines,
            looks_like: det.guess(None, false).name(),
        });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, false);
    let decoded = strict(enc, bytes)?;
    if let Some(language) = hints
        .languages
        .iter()
        .find(|l| !suits(enc, l, hints.languages))
    {
        return Err(DecodeError::Language {
            encoding: enc.name(),
            language: language.clone(),
        });
    }
    Ok(decoded)
}

/// The names of the legacy encodings that hold Chinese, Japanese or Korean
/// text; `None` for other languages.
fn cjk_encodings(language: &str) -> Option<&'static [&'static str]> {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "zh" => Some(&["GBK", "gb18030", "Big5"]),
        "ja" => Some(&["Shift_JIS", "EUC-JP", "ISO-2022-JP"]),
        "ko" => Some(&["EUC-KR"]),
        _ => None,
    }
}

/// Whether a text detected as `enc` can be in `language`, one of the
/// `declared`. A Chinese, Japanese or Korean text needs an encoding of its
/// script; a text in other languages only is not in one of those (its
/// non-ASCII bytes would read as CJK characters it does not hold).
fn suits(enc: &'static Encoding, language: &str, declared: &[String]) -> bool {
    let name = enc.name();
    match cjk_encodings(language) {
        Some(names) => names.contains(&name),
        None => {
            declared.iter().any(|l| cjk_encodings(l).is_some())
                || !["zh", "ja", "ko"]
                    .iter()
                    .any(|l| cjk_encodings(l).is_some_and(|n| n.contains(&name)))
        }
    }
}

/// Line and column of byte `i` of undecoded `bytes`.
fn position(bytes: &[u8], i: usize) -> At {
    let before = &bytes[..i];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    At {
        line: memchr::memchr_iter(b'\n', before).count() + 1,
        col: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
    }
}

/// Line and column of byte `i` of decoded `text`.
fn text_position(text: &str, i: usize) -> At {
    let before = &text[..i];
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    At {
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
    }
}

/// Control characters other than tab, line feed, carriage return and form
/// feed do not occur in text files; nor does U+FFFD.
fn first_control_char(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}'
    })
}

/// The usual name of a control character, where it has one people know.
fn control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\x07' => "BEL",
        '\x08' => "backspace",
        '\x0b' => "vertical tab",
        '\x1b' => "ESC, as in a terminal escape sequence",
        '\x7f' => "DEL",
        _ => return None,
    })
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
        assert_eq!(
            decode(b"abc\n\0def"),
            Err(DecodeError::Nul {
                at: At { line: 2, col: 1 }
            })
        );
        assert_eq!(
            decode(b"ab\x01\x02cd"),
            Err(DecodeError::Control {
                at: At { line: 1, col: 3 },
                ch: '\x01'
            })
        );
    }

    #[test]
    fn the_not_text_error_names_its_real_cause() {
        let nul = decode(b"PNG\r\n\x1a\n\0\0").unwrap_err().to_string();
        assert!(
            nul.contains("a NUL byte (binary data, or UTF-16 without a byte-order mark)"),
            "{nul}"
        );
        let esc = decode(b"text then \x1b[31m red\n").unwrap_err().to_string();
        assert!(
            esc.contains("control character U+001B (ESC, as in a terminal escape sequence)"),
            "{esc}"
        );
        let lost = decode("already \u{fffd} lost\n".as_bytes()).unwrap_err();
        assert!(matches!(
            lost,
            DecodeError::Replacement {
                at: At { line: 1, col: 9 }
            }
        ));
    }

    #[test]
    fn utf8_with_a_stray_byte_is_refused_at_its_line() {
        let mut bytes = "Café first line\nsecond line is fine\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"don\x92t do this\n");
        let err = decode(&bytes).unwrap_err();
        let DecodeError::Mixed {
            at,
            byte,
            utf8_lines,
            ..
        } = err
        else {
            panic!("{err:?}");
        };
        assert_eq!((at, byte, utf8_lines), (At { line: 3, col: 4 }, 0x92, 1));
    }

    #[test]
    fn utf8_mixed_with_gb18030_is_refused_and_says_what_the_line_looks_like() {
        let mut bytes = "第一段：美国稀土战略的特征与动因。\n".as_bytes().to_vec();
        let (gb, _, _) =
            encoding_rs::GB18030.encode("第二段：中国作为全球最大的稀土供应国与制造国。");
        bytes.extend_from_slice(&gb);
        bytes.push(b'\n');
        let err = decode(&bytes).unwrap_err();
        let DecodeError::Mixed { at, looks_like, .. } = err else {
            panic!("{err:?}");
        };
        assert_eq!(at.line, 2);
        assert!(["GBK", "gb18030"].contains(&looks_like), "{looks_like}");
    }

    #[test]
    fn a_legacy_encoding_must_suit_the_declared_language() {
        let zh = ["zh-Hans".to_string()];
        let en = ["en".to_string()];
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("Café crème brûlée, the whole text.\n");
        let hints = |languages| Hints {
            pinned: None,
            languages,
        };
        assert_eq!(
            decode_with(&latin, &hints(&en)).unwrap().encoding,
            "windows-1252"
        );
        let err = decode_with(&latin, &hints(&zh)).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Language {
                    encoding: "windows-1252",
                    ..
                }
            ),
            "{err:?}"
        );
        let (gb, _, _) = encoding_rs::GB18030.encode(
            "美国稀土战略的特征、动因、挑战与全球影响。中国作为全球最大的稀土供应国与制造国。\n",
        );
        assert!(decode_with(&gb, &hints(&zh)).is_ok());
        let err = decode_with(&gb, &hints(&en)).unwrap_err();
        assert!(matches!(err, DecodeError::Language { .. }), "{err:?}");
        // Pinned, the encoding is taken as it is.
        let pinned = Hints {
            pinned: Some(encoding_rs::WINDOWS_1252),
            languages: &zh,
        };
        assert_eq!(
            decode_with(&latin, &pinned).unwrap().text,
            "Café crème brûlée, the whole text.\n"
        );
    }

    #[test]
    fn a_pinned_encoding_is_used_and_its_bad_bytes_positioned() {
        let pin = |label| Hints {
            pinned: Some(pinned(label).unwrap()),
            languages: &[],
        };
        let (gb, _, _) = encoding_rs::GB18030.encode("稀土\n第二行\n");
        assert_eq!(
            decode_with(&gb, &pin("gb18030")).unwrap().text,
            "稀土\n第二行\n"
        );
        // UTF-8 pinned, a GBK line is an error at that line.
        let mut bytes = b"ok\n".to_vec();
        bytes.extend_from_slice(&gb);
        let err = decode_with(&bytes, &pin("utf-8")).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Malformed {
                    at: At { line: 2, .. },
                    encoding: "UTF-8"
                }
            ),
            "{err:?}"
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(b"text\n");
        assert!(matches!(
            decode_with(&bom, &pin("gbk")),
            Err(DecodeError::BomConflict { .. })
        ));
        assert!(pinned("klingon").is_err());
        assert!(
            pinned("iso-2022-kr").is_err(),
            "the replacement encoding is no encoding"
        );
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
