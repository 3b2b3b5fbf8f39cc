//! Stage 3b: content. Markdown pages and events with TOML front matter, and
//! the glossary. Parsing only: bodies are rendered later by the model stage,
//! once every source and page is known.

mod event;
mod fields;
pub mod frontmatter;
mod glossary;
mod page;
pub mod placeholder;

pub use event::{parse_event, Event, EventMeta};
pub use glossary::{check_headings, check_kinds, kind_heading, parse_glossary, Glossary, TermDef};
pub use page::{content_relative, parse_page, Page, PageMeta};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use std::path::Path;

    fn page(path: &str, text: &str) -> (Option<Page>, Diagnostics) {
        let mut d = Diagnostics::new();
        let p = parse_page(Path::new(path), text, &mut d);
        (p, d)
    }

    #[test]
    fn page_paths() {
        let (p, _) = page("content/briefs/US Policy.md", "+++\ntitle = \"T\"\n+++\nx");
        let p = p.unwrap();
        assert_eq!(
            (p.dir.as_str(), p.section.as_str(), p.content_path.as_str()),
            ("briefs/us-policy", "briefs", "briefs/US Policy.md")
        );
        let (home, _) = page("content/index.md", "+++\ntitle = \"Home\"\n+++\n");
        assert_eq!(home.unwrap().dir, "");
    }

    #[test]
    fn bad_slug_and_date_are_positioned() {
        let (p, d) = page(
            "content/a.md",
            "+++\ntitle = \"T\"\nslug = \"../etc\"\ndate = \"2024-13\"\n+++\n",
        );
        assert!(p.is_none());
        let msgs: Vec<String> = d
            .sorted()
            .into_iter()
            .map(|d| format!("{}: {}", d.span.unwrap(), d.message))
            .collect();
        assert_eq!(msgs.len(), 2);
        assert!(
            msgs[0].starts_with("content/a.md:3:8: the slug `../etc` has the character '.'"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("content/a.md:4:8: invalid date `2024-13`"),
            "{msgs:?}"
        );
    }

    #[test]
    fn event_needs_body() {
        let mut d = Diagnostics::new();
        let e = parse_event(
            Path::new("content/events/e.md"),
            "+++\ntitle = \"E\"\ndate = \"2024\"\n+++\n\n",
            &mut d,
        );
        assert!(e.is_none());
        assert!(d.sorted()[0].message.contains("at least one citation"));
    }

    #[test]
    fn original_names_take_the_terms_then_the_files_then_the_sites_language() {
        let mut d = Diagnostics::new();
        let term = |id: &str, extra: &str| {
            format!("[[term]]\nid = \"{id}\"\nname = \"N\"\noriginal = \"O\"\n{extra}kind = \"place\"\ndefinition = \"d\"\n\n")
        };
        let text = format!(
            "{}{}",
            term("a", ""),
            term("b", "original_language = \"uk\"\n")
        );
        let g = parse_glossary(Path::new("g.toml"), &text, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(g.original_language(&g.terms[0], "fr"), "fr");
        assert_eq!(g.original_language(&g.terms[1], "fr"), "uk");
        let g = parse_glossary(
            Path::new("g.toml"),
            &format!("original_language = \"ru\"\n{text}"),
            &mut d,
        )
        .unwrap();
        assert_eq!(g.original_language(&g.terms[0], "fr"), "ru");
        assert_eq!(g.original_language(&g.terms[1], "fr"), "uk");
    }

    #[test]
    fn glossary_parses_and_rejects_unknown_kind() {
        let mut d = Diagnostics::new();
        let g = parse_glossary(
            Path::new("content/glossary.toml"),
            "[[term]]\nid = \"x\"\nname = \"X\"\nkind = \"country\"\ndefinition = \"d\"\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(g.terms.len(), 1);
        // Kinds are the site's: `persn` parses, and is refused by the
        // check against the site's kinds, with the closest one.
        let g = parse_glossary(
            Path::new("g.toml"),
            "[[term]]\nid = \"x\"\nname = \"X\"\nkind = \"persn\"\ndefinition = \"d\"\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        check_kinds(&g, &crate::config::TermKinds::default(), &mut d);
        let problems = d.sorted();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].span.as_ref().unwrap().to_string(), "g.toml:4:8");
        assert!(
            problems[0]
                .message
                .starts_with("unknown term kind `persn`; did you mean `person`?"),
            "{}",
            problems[0].message
        );
    }
}
