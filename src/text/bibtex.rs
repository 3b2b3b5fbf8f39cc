//! BibTeX, for "Cite this page": the one escaping path for text that goes
//! into a `.bib` entry. A title is data there, not TeX: every character TeX
//! or BibTeX treats as markup (`{ } \ # $ % & ~ _ ^`) is written as the
//! command that prints it, so no title can unbalance the entry's braces,
//! end a field or run a macro. URLs keep their characters (biblatex reads
//! `url` verbatim) except those that could end the field, which are
//! percent-encoded. Keys keep only ASCII letters, digits and `-`.

/// Text as the value of a BibTeX field.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '#' | '$' | '%' | '&' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            // One line per field: a line break is a space.
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL as the value of a `url` field.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A citation key: ASCII letters, digits and `-` of `s` (others dropped,
/// runs of dashes made one), or `page` when nothing is left.
pub fn key(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if c != '-' || !out.ends_with('-') {
            out.push(c);
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "page".to_string()
    } else {
        out
    }
}

/// A field of an entry: text (escaped), or a URL.
pub enum Field<'a> {
    Text(&'a str),
    Url(&'a str),
}

/// An entry: `@kind{key,` then one `name = {value},` line per field.
/// `kind` and the field names are the caller's constants.
pub fn entry(kind: &str, key_text: &str, fields: &[(&str, Field<'_>)]) -> String {
    let mut out = format!("@{kind}{{{},\n", key(key_text));
    for (name, value) in fields {
        let v = match value {
            Field::Text(t) => escape(t),
            Field::Url(u) => url(u),
        };
        out.push_str(&format!("  {name} = {{{v}}},\n"));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_printed_not_run() {
        assert_eq!(
            escape(r"50% & {more} \input{x} #1 $5 a_b ~ ^"),
            r"50\% \& \{more\} \textbackslash{}input\{x\} \#1 \$5 a\_b \textasciitilde{} \textasciicircum{}"
        );
        assert_eq!(escape("稀土 2017–2026\nnext"), "稀土 2017–2026 next");
    }

    #[test]
    fn braces_stay_balanced_whatever_the_title() {
        for t in ["}", "{", "}}{{", "\\}", "a}, title = {b"] {
            let e = entry("online", "k", &[("title", Field::Text(t))]);
            let body: Vec<char> = e[e.find(',').unwrap()..e.len() - 1].chars().collect();
            let mut depth = 0i32;
            let mut i = 0;
            while i < body.len() {
                match body[i] {
                    '\\' => i += 1,
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        assert!(depth >= 0, "{e}");
                    }
                    _ => {}
                }
                i += 1;
            }
            assert_eq!(depth, 0, "{e}");
        }
    }

    #[test]
    fn urls_and_keys() {
        assert_eq!(url("https://x.org/a b/{c}"), "https://x.org/a%20b/%7Bc%7D");
        assert_eq!(
            key("briefs/alliances/index.html"),
            "briefs-alliances-index-html"
        );
        assert_eq!(key("稀土"), "page");
        assert_eq!(
            entry(
                "online",
                "briefs/a",
                &[
                    ("title", Field::Text("A & B")),
                    ("url", Field::Url("https://x.org/"))
                ]
            ),
            "@online{briefs-a,\n  title = {A \\& B},\n  url = {https://x.org/},\n}"
        );
    }
}
