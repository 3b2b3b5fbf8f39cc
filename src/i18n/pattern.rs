//! The text of a word or phrase of a language file: literal text,
//! placeholders (`{n}`, `{title}`) that a template or the generator fills,
//! and links (`[index of terms]({terms})`: the label, and the placeholder
//! that gives the address). Filled as plain text or as HTML, every piece
//! escaped, so a language file can never put markup into a page.

use std::collections::BTreeSet;

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// `{name}`.
    Slot(&'a str),
    /// `[label](name)`: a link whose address is the value of `name`.
    Link(Vec<Piece<'a>>, &'a str),
}

/// Whether `s` is a placeholder name: a lower-case ASCII letter, then
/// lower-case letters, digits and `_`.
fn is_name(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// `{name}` at the start of `s`: the name and the length taken.
fn slot_at(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix('{')?;
    let end = rest.find('}')?;
    let name = &rest[..end];
    is_name(name).then_some((name, end + 2))
}

/// `[label](name)` at the start of `s`: the label, the name and the
/// length taken. A label holds no brackets.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    if label.contains('[') || label.is_empty() {
        return None;
    }
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let name = &after[..end];
    is_name(name).then_some((label, name, 1 + close + 2 + end + 1))
}

/// The pieces of a pattern. Braces and brackets that make no placeholder
/// or link are text.
pub fn parse(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let found = match rest.as_bytes()[0] {
            b'{' => slot_at(rest).map(|(n, len)| (Piece::Slot(n), len)),
            b'[' => link_at(rest).map(|(label, n, len)| (Piece::Link(parse_label(label), n), len)),
            _ => None,
        };
        match found {
            Some((piece, len)) => {
                if text_start < i {
                    out.push(Piece::Text(&s[text_start..i]));
                }
                out.push(piece);
                i += len;
                text_start = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if text_start < s.len() {
        out.push(Piece::Text(&s[text_start..]));
    }
    out
}

/// A link's label: text and placeholders.
fn parse_label(s: &str) -> Vec<Piece<'_>> {
    parse(s)
        .into_iter()
        .map(|p| match p {
            // `parse` finds no link in a label (it holds no brackets).
            Piece::Link(..) => Piece::Text(""),
            other => other,
        })
        .collect()
}

/// The names a pattern uses: its placeholders, and its links' addresses.
pub fn names(s: &str) -> BTreeSet<String> {
    fn walk(pieces: &[Piece<'_>], out: &mut BTreeSet<String>) {
        for p in pieces {
            match p {
                Piece::Text(_) => {}
                Piece::Slot(n) => {
                    out.insert((*n).to_string());
                }
                Piece::Link(label, n) => {
                    out.insert((*n).to_string());
                    walk(label, out);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&parse(s), &mut out);
    out
}

/// How a pattern is filled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Out {
    /// Plain text: a link is its label.
    Plain,
    /// HTML: text and values escaped, a link an `<a href>`.
    Html,
}

/// Fills pattern `s` with `args` (name → value). A name without a value
/// is an error that names it.
pub fn fill(s: &str, args: &dyn Fn(&str) -> Option<String>, out: Out) -> Result<String, String> {
    let mut buf = String::with_capacity(s.len() + 16);
    put(&parse(s), args, out, &mut buf)?;
    Ok(buf)
}

fn put(
    pieces: &[Piece<'_>],
    args: &dyn Fn(&str) -> Option<String>,
    out: Out,
    buf: &mut String,
) -> Result<(), String> {
    let esc = |s: &str| match out {
        Out::Plain => s.to_string(),
        Out::Html => crate::text::html::escape(s),
    };
    let value = |n: &str| args(n).ok_or_else(|| format!("no value for `{{{n}}}`"));
    for p in pieces {
        match p {
            Piece::Text(t) => buf.push_str(&esc(t)),
            Piece::Slot(n) => buf.push_str(&esc(&value(n)?)),
            Piece::Link(label, n) => {
                let href = value(n)?;
                if out == Out::Html {
                    buf.push_str("<a href=\"");
                    buf.push_str(&esc(&href));
                    buf.push_str("\">");
                }
                put(label, args, out, buf)?;
                if out == Out::Html {
                    buf.push_str("</a>");
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(n: &str) -> Option<String> {
        match n {
            "n" => Some("3".into()),
            "q" => Some("<b>&".into()),
            "terms" => Some("../terms/index.html?a=1&b=\"2\"".into()),
            _ => None,
        }
    }

    #[test]
    fn parses_slots_links_and_stray_braces() {
        assert_eq!(
            parse("{n} of {x} {Bad} {n"),
            vec![
                Piece::Slot("n"),
                Piece::Text(" of "),
                Piece::Slot("x"),
                Piece::Text(" {Bad} {n"),
            ]
        );
        assert_eq!(
            parse("see [the {n} terms](terms)."),
            vec![
                Piece::Text("see "),
                Piece::Link(
                    vec![Piece::Text("the "), Piece::Slot("n"), Piece::Text(" terms")],
                    "terms"
                ),
                Piece::Text("."),
            ]
        );
        assert_eq!(parse("[1] and [x](Y)"), vec![Piece::Text("[1] and [x](Y)")]);
        assert_eq!(
            names("[a {q}](terms) {n}"),
            ["n", "q", "terms"]
                .iter()
                .map(|s| s.to_string())
                .collect::<BTreeSet<String>>()
        );
    }

    #[test]
    fn fills_as_text_or_escaped_html() {
        let p = "“{q}”: [{n} terms](terms) & more";
        assert_eq!(
            fill(p, &args, Out::Plain).unwrap(),
            "“<b>&”: 3 terms & more"
        );
        assert_eq!(
            fill(p, &args, Out::Html).unwrap(),
            "“&lt;b&gt;&amp;”: <a href=\"../terms/index.html?a=1&amp;b=&quot;2&quot;\">3 terms</a> &amp; more"
        );
        assert_eq!(
            fill("<script>{n}", &args, Out::Html).unwrap(),
            "&lt;script&gt;3"
        );
        assert_eq!(
            fill("{missing}", &args, Out::Plain).unwrap_err(),
            "no value for `{missing}`"
        );
    }

    #[test]
    fn keeps_multibyte_text() {
        assert_eq!(
            fill("共 {n} 条「{q}」", &args, Out::Plain).unwrap(),
            "共 3 条「<b>&」"
        );
    }
}
