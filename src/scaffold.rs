//! `briefing new source|summary|event|term|brief|page|translation`: scaffolds content
//! for an editor to complete. Never overwrites an existing file. What a
//! scaffold leaves for the editor is marked with the texts of
//! [`placeholder`],
//! which `check` recognises.

mod capture;
mod dates;
mod pages;
mod translation;
pub use translation::translation_scaffold;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::content::placeholder;
use crate::sources::decode;
use crate::text::script::guess_lang;

/// What to scaffold.
#[derive(Debug, Clone)]
pub enum New {
    /// Copy a text file into `seeds/` and write its sidecar.
    Source {
        file: PathBuf,
        slug: Option<String>,
    },
    /// A summary of a source, in `content/summaries/`.
    Summary {
        source: String,
        slug: Option<String>,
    },
    Event {
        title: String,
        date: String,
        slug: Option<String>,
    },
    /// A glossary term (its id from the name when none is given); `kind`
    /// is one of the site's kinds, checked by the caller.
    Term {
        id: Option<String>,
        name: String,
        kind: String,
    },
    Brief {
        title: String,
        slug: Option<String>,
    },
    /// A top-level page, `content/<slug>.md`.
    Page {
        title: String,
        slug: Option<String>,
    },
    /// A translation file for a source: every block not in the site's
    /// language with its original text and an empty translation.
    Translation {
        source: String,
    },
}

/// Creates the files; returns the paths written (relative to the root).
pub fn create(root: &Path, what: &New) -> Result<Vec<PathBuf>, String> {
    match what {
        New::Source { file, slug } => new_source(root, file, slug.as_deref()),
        New::Summary { source, slug } => pages::new_summary(root, source, slug.as_deref()),
        New::Event { title, date, slug } => {
            let d = crate::date::PartialDate::parse(date).map_err(|e| e.to_string())?;
            let slug = slug_or(slug.as_deref(), &format!("{}-{title}", d.iso()))?;
            let rel = PathBuf::from(format!("content/events/{slug}.md"));
            let text = format!(
                "+++\ntitle = {}\ndate = \"{}\"\n# approximate = true\n# inferred = \"why the date (or its year) is inferred\"\ntags = []\nactors = []   # glossary ids\n+++\n\n{}\n",
                toml_str(title),
                d.iso(),
                placeholder::EVENT_BODY,
            );
            crate::fsio::write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        New::Term { id, name, kind } => new_term(root, id.as_deref(), name, kind),
        New::Brief { title, slug } => {
            let slug = slug_or(slug.as_deref(), title)?;
            let rel = PathBuf::from(format!("content/briefs/{slug}.md"));
            let text = format!(
                "+++\ntitle = {}\nsummary = \"{}\"\ntags = []\n+++\n\n## First section\n\n{}\n",
                toml_str(title),
                placeholder::SUMMARY,
                placeholder::BRIEF_BODY,
            );
            crate::fsio::write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        New::Page { title, slug } => pages::new_page(root, title, slug.as_deref()),
        New::Translation { source } => translation::new_translation(root, source),
    }
}

/// A glossary term appended to `content/glossary.toml`.
fn new_term(root: &Path, id: Option<&str>, name: &str, kind: &str) -> Result<Vec<PathBuf>, String> {
    let id = slug_or(id, name)?;
    let rel = PathBuf::from("content/glossary.toml");
    let path = root.join(&rel);
    let mut text = if std::fs::symlink_metadata(&path).is_ok() {
        crate::fsio::read_text(root, &rel).map_err(|d| crate::fsio::one_line(&d))?
    } else {
        String::new()
    };
    if text.contains(&format!("id = {}", toml_str(&id))) {
        return Err(format!("the glossary already has a term `{id}`"));
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
    let _ = write!(
        text,
        "[[term]]\nid = {}\nname = {}\noriginal = \"\"\nkind = {}\naliases = []\ndefinition = {}\n",
        toml_str(&id),
        toml_str(name),
        toml_str(kind),
        toml_str(placeholder::DEFINITION),
    );
    std::fs::create_dir_all(root.join("content"))
        .map_err(|e| format!("cannot create content/: {e}"))?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
    Ok(vec![rel])
}

/// The slug given (normalised), or one made from `text`.
fn slug_or(given: Option<&str>, text: &str) -> Result<String, String> {
    match given {
        Some(s) => crate::slug::normalize(s).map_err(|e| format!("--slug: {e}")),
        None => slug_of(text),
    }
}

fn slug_of(title: &str) -> Result<String, String> {
    crate::slug::from_stem(title)
        .map_err(|e| format!("cannot make a file name from the title: {e}; pass --slug"))
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The error for a source slug no seed has, with the closest one and the
/// list of those there are.
fn no_source(slug: &str, known: &[String]) -> String {
    format!(
        "no source `{slug}`{} (this site has: {})",
        crate::suggest::did_you_mean(slug, known.iter().map(String::as_str)),
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    )
}

fn new_source(root: &Path, file: &Path, slug: Option<&str>) -> Result<Vec<PathBuf>, String> {
    // The limit of a seed in a build: no file is taken that `build` refuses.
    let raw = crate::fsio::read_capped(file, file, crate::fsio::MAX_INPUT_BYTES)
        .map_err(|d| crate::fsio::one_line(&d))?;
    let decoded = decode::decode(&raw).map_err(|e| format!("{}: {e}", file.display()))?;
    // A saved web page becomes its text; anything else is copied unchanged.
    let html = capture::is_html(file, &decoded.text);
    let (bytes, text) = if html {
        let text = capture::html_to_text(&decoded.text);
        (text.clone().into_bytes(), text)
    } else {
        (raw.clone(), decode::normalize(&decoded.text))
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match slug {
        Some(s) => crate::slug::normalize(s).map_err(|e| format!("--slug: {e}"))?,
        None => crate::slug::from_stem(&stem)
            .map_err(|e| format!("cannot make a slug from the file name: {e}; pass --slug"))?,
    };
    let seed = PathBuf::from(format!("seeds/{slug}.txt"));
    let sidecar = PathBuf::from(format!("seeds/{slug}.toml"));
    for p in [&seed, &sidecar] {
        if root.join(p).exists() {
            return Err(format!("{} already exists", p.display()));
        }
    }
    let rulesets: Vec<String> = crate::site::load_config(root)
        .map(|c| c.rulesets.into_keys().collect())
        .unwrap_or_default();
    let facts = SourceFacts {
        slug: &slug,
        encoding: if html {
            "HTML, converted to text (UTF-8)"
        } else {
            decoded.encoding
        },
        title: capture::guess_title(&text),
        lang: guess_lang(&text),
        dates: find_dates(&text),
        rulesets: &rulesets,
    };
    crate::fsio::write_new(root, &seed, &bytes)?;
    crate::fsio::write_new(root, &sidecar, sidecar_text(&facts).as_bytes())?;
    Ok(vec![seed, sidecar])
}

/// What `new source` found out about a text, for its sidecar.
struct SourceFacts<'a> {
    slug: &'a str,
    encoding: &'a str,
    title: &'a str,
    lang: &'a str,
    dates: Vec<String>,
    /// The site's rule sets (names).
    rulesets: &'a [String],
}

/// The text of a new sidecar.
fn sidecar_text(f: &SourceFacts<'_>) -> String {
    let mut sc = String::new();
    let _ = writeln!(
        sc,
        "# Sidecar written by `briefing new source`: confirm every value against the text."
    );
    let _ = writeln!(
        sc,
        "# Detected encoding: {} (the seed is never edited).",
        f.encoding
    );
    if f.dates.is_empty() {
        let _ = writeln!(sc, "# No dates found in the text.");
    } else {
        let _ = writeln!(sc, "# Dates found in the text: {}", f.dates.join(", "));
    }
    let _ = writeln!(sc, "slug = {}", toml_str(f.slug));
    let _ = writeln!(
        sc,
        "title = {}   # a guess: the first short line that is not navigation",
        toml_str(f.title)
    );
    let _ = writeln!(sc, "title_en = \"\"");
    let _ = writeln!(
        sc,
        "# publisher = \"\"\n# author = \"\"\n# kind = \"news article\""
    );
    let _ = writeln!(
        sc,
        "published = \"unknown\"   # or \"2025\", \"2025-10\", \"2025-10-31\""
    );
    let _ = writeln!(sc, "language = [\"{}\"]", f.lang);
    if f.rulesets.is_empty() {
        let _ = writeln!(
            sc,
            "# rulesets = []   # names of `[rulesets.<name>]` tables in briefing.toml"
        );
    } else {
        let _ = writeln!(
            sc,
            "# rulesets = []   # this site's rule sets (briefing.toml): {}",
            f.rulesets.join(", ")
        );
    }
    let _ = writeln!(
        sc,
        "\n# [clean]\n# start_after = \"\"\n# end_before = \"\"\n# drop_lines = []"
    );
    sc
}

/// Dates written in the text, in the order found: Chinese forms
/// (`2024年12月1日`, `10月31日`), ISO dates and English forms
/// (`26 December 2024`, `December 26, 2024`, `Dec. 2024`).
pub fn find_dates(text: &str) -> Vec<String> {
    dates::find(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_of_every_form() {
        assert_eq!(
            find_dates("2024年12月1日,拜登政府…10月31日,会议…2025年6月17日…2024 年…2026-01-26"),
            ["2024年12月1日", "10月31日", "2025年6月17日", "2026-01-26"]
        );
    }
}
