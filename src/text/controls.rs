//! Characters that have no place in a text field, and how to show them.
//!
//! Every field refuses control characters other than tab, line feed,
//! carriage return and form feed (raw or written as TOML escapes), and
//! Unicode noncharacters: XML cannot hold them, HTML parsers report them,
//! terminals act on them. A one-line field (a title, a name, a tag, a slug)
//! refuses line breaks and tabs too, and the characters that make text look
//! other than it is: bidirectional embeddings, overrides and isolates, and
//! zero-width characters. Prose (a definition, notes, a Markdown body) may
//! hold those, as languages written right to left and emoji need them.

use std::ops::Range;

/// What kind of text a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// One line: a title, name, summary, tag, id, URL.
    Line,
    /// Paragraphs: a definition, notes, a Markdown body.
    Prose,
}

/// Why a character is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Control,
    LineBreak,
    Bidi,
    ZeroWidth,
    Noncharacter,
}

/// A refused character and its byte offset in the text checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub offset: usize,
    pub ch: char,
    pub problem: Problem,
}

impl Found {
    /// The character and what is wrong with it, in words.
    pub fn describe(&self) -> String {
        let what = match self.problem {
            Problem::Control => "the control character",
            Problem::LineBreak => "a line break or tab, which a one-line field cannot hold:",
            Problem::Bidi => {
                "a bidirectional control character, which can make text read other than it is:"
            }
            Problem::ZeroWidth => "an invisible zero-width character",
            Problem::Noncharacter => "the Unicode noncharacter",
        };
        format!("{what} U+{:04X}", u32::from(self.ch))
    }
}

/// Bidirectional embeddings, overrides and isolates (and the Arabic letter
/// mark); not the left-to-right and right-to-left marks, which titles in
/// those scripts use.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Zero-width characters: space, non-joiner, joiner, word joiner, and the
/// byte-order mark used inside text.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Why `c` may not stand in a field of kind `field`, if it may not.
pub fn problem(c: char, field: Field) -> Option<Problem> {
    if matches!(c, '\t' | '\n' | '\r' | '\x0c') {
        return (field == Field::Line).then_some(Problem::LineBreak);
    }
    if c.is_control() {
        return Some(Problem::Control);
    }
    if is_noncharacter(c) {
        return Some(Problem::Noncharacter);
    }
    if field == Field::Line {
        if is_bidi_control(c) {
            return Some(Problem::Bidi);
        }
        if is_zero_width(c) {
            return Some(Problem::ZeroWidth);
        }
    }
    None
}

/// The first character of `text` a field of kind `field` may not hold.
pub fn check(text: &str, field: Field) -> Option<Found> {
    text.char_indices().find_map(|(offset, ch)| {
        problem(ch, field).map(|problem| Found {
            offset,
            ch,
            problem,
        })
    })
}

/// Whether a diagnostic must show `c` as an escape rather than print it:
/// control characters (but line feed and tab), bidirectional controls and
/// zero-width characters, so that a message reads as what it says.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || is_zero_width(c)
}

/// `text` with every [hidden](is_hidden) character as a `\u{..}` escape.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if is_hidden(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// A refused character in a TOML document: the byte range in the
/// document where it is written, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlProblem {
    pub range: Range<usize>,
    pub message: String,
}

/// Checks every string of a TOML document, at any depth. Strings under a
/// key in `prose` (at any level) are [`Field::Prose`], all others
/// [`Field::Line`]. A document that does not parse gives no problems (its
/// parse error is reported where it is deserialised).
pub fn check_toml(text: &str, prose: &[&str]) -> Vec<TomlProblem> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(doc.get_ref(), text, prose, "", Field::Line, &mut out);
    out.sort_by_key(|p| p.range.start);
    out
}

fn walk_table(
    table: &toml::de::DeTable<'_>,
    text: &str,
    prose: &[&str],
    path: &str,
    field: Field,
    out: &mut Vec<TomlProblem>,
) {
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let here = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        let field = if prose.contains(&name) {
            Field::Prose
        } else {
            field
        };
        if let Some(found) = check(name, Field::Line) {
            out.push(TomlProblem {
                range: key.span(),
                message: format!("key `{}`: {}", visible(name), found.describe()),
            });
        }
        walk_value(value, text, prose, &here, field, out);
    }
}

fn walk_value(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    text: &str,
    prose: &[&str],
    path: &str,
    field: Field,
    out: &mut Vec<TomlProblem>,
) {
    match value.get_ref() {
        toml::de::DeValue::String(s) => {
            if let Some(found) = check(s, field) {
                let span = value.span();
                let at = written_at(text, span.clone(), found.ch).unwrap_or(span);
                out.push(TomlProblem {
                    range: at,
                    message: format!("`{path}` holds {}", found.describe()),
                });
            }
        }
        toml::de::DeValue::Array(items) => {
            for item in items.iter() {
                walk_value(item, text, prose, path, field, out);
            }
        }
        toml::de::DeValue::Table(t) => walk_table(t, text, prose, path, field, out),
        _ => {}
    }
}

/// Where `c` is written in the TOML string at `span`: as itself, or as an
/// escape (`\u0007`, `\U00000007`, `\b`, `\t`, `\n`, `\f`, `\r`, `\e`).
fn written_at(text: &str, span: Range<usize>, c: char) -> Option<Range<usize>> {
    let raw = text.get(span.clone())?;
    let u = u32::from(c);
    let short = match c {
        '\x08' => Some("\\b"),
        '\t' => Some("\\t"),
        '\n' => Some("\\n"),
        '\x0c' => Some("\\f"),
        '\r' => Some("\\r"),
        '\x1b' => Some("\\e"),
        _ => None,
    };
    let mut spellings = vec![
        c.to_string(),
        format!("\\u{u:04X}"),
        format!("\\u{u:04x}"),
        format!("\\U{u:08X}"),
        format!("\\U{u:08x}"),
        format!("\\x{u:02X}"),
        format!("\\x{u:02x}"),
    ];
    spellings.extend(short.map(str::to_string));
    spellings
        .iter()
        .filter_map(|s| raw.find(s.as_str()).map(|i| (i, s.len())))
        .min()
        .map(|(i, len)| span.start + i..span.start + i + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_refuse_more_than_prose() {
        assert_eq!(check("Plain title, 中文", Field::Line), None);
        assert_eq!(check("a\nb\tc", Field::Prose), None);
        let found = check("a\nb", Field::Line).expect("a line break");
        assert_eq!((found.offset, found.problem), (1, Problem::LineBreak));
        for (text, problem) in [
            ("x\u{7}", Problem::Control),
            ("x\u{85}", Problem::Control),
            ("x\u{7f}", Problem::Control),
            ("x\u{fffe}", Problem::Noncharacter),
            ("x\u{fdd0}", Problem::Noncharacter),
        ] {
            assert_eq!(
                check(text, Field::Prose).map(|f| f.problem),
                Some(problem),
                "{text:?}"
            );
            assert_eq!(
                check(text, Field::Line).map(|f| f.problem),
                Some(problem),
                "{text:?}"
            );
        }
        for (text, problem) in [
            ("evil\u{202e}txt.exe", Problem::Bidi),
            ("a\u{2066}b", Problem::Bidi),
            ("pay\u{200b}pal", Problem::ZeroWidth),
            ("\u{feff}title", Problem::ZeroWidth),
        ] {
            assert_eq!(
                check(text, Field::Line).map(|f| f.problem),
                Some(problem),
                "{text:?}"
            );
            assert_eq!(check(text, Field::Prose), None, "{text:?}");
        }
        // The marks that right-to-left titles use are fine.
        assert_eq!(check("\u{200f}عنوان\u{200e}", Field::Line), None);
    }

    #[test]
    fn diagnostics_show_hidden_characters_as_escapes() {
        assert_eq!(visible("plain\nline"), "plain\nline");
        assert_eq!(
            visible("a\u{1b}[31m\u{202e}b\u{200b}"),
            "a\\u{1b}[31m\\u{202e}b\\u{200b}"
        );
    }

    #[test]
    fn toml_strings_are_checked_where_they_are_written() {
        let text = "title = \"A \\u0007 bell\"\nnotes = \"two\\nlines\"\ntags = [\"ok\", \"a\\tb\"]\n[clean]\ndrop = [\"x\\ty\"]\n[[term]]\nname = \"pay\u{200b}pal\"\n";
        let problems = check_toml(text, &["notes", "clean"]);
        let shown: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (&text[p.range.clone()], p.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("\\u0007", "`title` holds the control character U+0007"),
                (
                    "\\t",
                    "`tags` holds a line break or tab, which a one-line field cannot hold: U+0009"
                ),
                (
                    "\u{200b}",
                    "`term.name` holds an invisible zero-width character U+200B"
                ),
            ]
        );
        assert!(check_toml("not = [toml", &[]).is_empty());
    }
}
