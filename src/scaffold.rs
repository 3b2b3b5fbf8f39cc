//! `briefing new source|translation|event|term|brief`: scaffolds content for
//! an editor to complete. Never overwrites an existing file.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::sources::decode;
use crate::text::script::detect_lang;

/// What to scaffold.
#[derive(Debug, Clone)]
pub enum New {
    /// Copy a text file into `seeds/` and write its sidecar.
    Source {
        file: PathBuf,
        slug: Option<String>,
    },
    Event {
        title: String,
        date: String,
    },
    Term {
        id: String,
        name: String,
        kind: String,
    },
    Brief {
        title: String,
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
        New::Event { title, date } => {
            let d = crate::date::PartialDate::parse(date).map_err(|e| e.to_string())?;
            let slug = slug_of(title)?;
            let rel = PathBuf::from(format!("content/events/{}-{slug}.md", d.iso()));
            let text = format!(
                "+++\ntitle = {}\ndate = \"{}\"\n# approximate = true\n# inferred = \"why the date (or its year) is inferred\"\ntags = []\nactors = []   # glossary ids\n+++\n\nOne to three sentences, each fact cited: [](source:<slug> \"verbatim quote\").\n",
                toml_str(title),
                d.iso()
            );
            write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        New::Term { id, name, kind } => {
            crate::slug::validate(id)?;
            let rel = PathBuf::from("content/glossary.toml");
            let path = root.join(&rel);
            let mut text = if std::fs::symlink_metadata(&path).is_ok() {
                crate::fsio::read_text(root, &rel).map_err(|d| crate::fsio::one_line(&d))?
            } else {
                String::new()
            };
            if text.contains(&format!("id = \"{id}\"")) {
                return Err(format!("the glossary already has a term `{id}`"));
            }
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            let _ = write!(
                text,
                "[[term]]\nid = \"{id}\"\nname = {}\nzh = \"\"\nkind = {}\naliases = []\ndefinition = \"One line, with a citation: [](source:<slug> \\\"verbatim quote\\\").\"\n",
                toml_str(name),
                toml_str(kind)
            );
            std::fs::create_dir_all(root.join("content"))
                .map_err(|e| format!("cannot create content/: {e}"))?;
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
            Ok(vec![rel])
        }
        New::Brief { title } => {
            let slug = slug_of(title)?;
            let rel = PathBuf::from(format!("content/briefs/{slug}.md"));
            let text = format!(
                "+++\ntitle = {}\nsummary = \"One sentence for lists and search results.\"\ntags = []\n+++\n\n## First section\n\nShort paragraphs; every fact cited: [](source:<slug> \"verbatim quote\").\n",
                toml_str(title)
            );
            write_new(root, &rel, &text)?;
            Ok(vec![rel])
        }
        New::Translation { source } => new_translation(root, source),
    }
}

fn slug_of(title: &str) -> Result<String, String> {
    crate::slug::from_stem(title).ok_or_else(|| {
        format!("cannot make a file name from `{title}`; use ASCII words in the title")
    })
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), String> {
    let path = root.join(rel);
    if path.exists() {
        return Err(format!("{} already exists", rel.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", rel.display()))
}

fn new_source(root: &Path, file: &Path, slug: Option<&str>) -> Result<Vec<PathBuf>, String> {
    // The limit of a seed in a build: no file is taken that `build` refuses.
    let bytes = crate::fsio::read_capped(file, file, crate::fsio::MAX_INPUT_BYTES)
        .map_err(|d| crate::fsio::one_line(&d))?;
    let decoded = decode::decode(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    let text = decode::normalize(&decoded.text);
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match slug {
        Some(s) => {
            crate::slug::validate(s)?;
            s.to_string()
        }
        None => crate::slug::from_stem(&stem)
            .ok_or_else(|| format!("cannot derive a slug from `{stem}`; pass --slug"))?,
    };
    let seed = PathBuf::from(format!("seeds/{slug}.txt"));
    let sidecar = PathBuf::from(format!("seeds/{slug}.toml"));
    for p in [&seed, &sidecar] {
        if root.join(p).exists() {
            return Err(format!("{} already exists", p.display()));
        }
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let title = lines
        .iter()
        .find(|l| l.chars().count() <= 80)
        .copied()
        .unwrap_or("");
    let lang = detect_lang(&text);
    let dates = find_dates(&text);
    let mut sc = String::new();
    let _ = writeln!(
        sc,
        "# Sidecar written by `briefing new source`: confirm every value against the text."
    );
    let _ = writeln!(
        sc,
        "# Detected encoding: {} (the file was copied unchanged).",
        decoded.encoding
    );
    if dates.is_empty() {
        let _ = writeln!(sc, "# No dates found in the text.");
    } else {
        let _ = writeln!(sc, "# Dates found in the text: {}", dates.join(", "));
    }
    let _ = writeln!(sc, "slug = \"{slug}\"");
    let _ = writeln!(
        sc,
        "title = {}   # a guess: the first short line",
        toml_str(title)
    );
    let _ = writeln!(sc, "title_en = \"\"");
    let _ = writeln!(
        sc,
        "# publisher = \"\"\n# author = \"\"\n# kind = \"news commentary\""
    );
    let _ = writeln!(
        sc,
        "published = \"unknown\"   # or \"2025\", \"2025-10\", \"2025-10-31\""
    );
    let _ = writeln!(sc, "language = [\"{lang}\"]");
    let _ = writeln!(sc, "# rulesets = [\"netease-hao\"]\n\n# [clean]\n# start_after = \"\"\n# end_before = \"\"\n# drop_lines = []");
    std::fs::create_dir_all(root.join("seeds"))
        .map_err(|e| format!("cannot create seeds/: {e}"))?;
    std::fs::write(root.join(&seed), &bytes)
        .map_err(|e| format!("cannot write {}: {e}", seed.display()))?;
    write_new(root, &sidecar, &sc)?;
    Ok(vec![seed, sidecar])
}

fn new_translation(root: &Path, slug: &str) -> Result<Vec<PathBuf>, String> {
    let config = crate::site::load_config(root).map_err(|d| d.message)?;
    let mut diags = crate::diag::Diagnostics::new();
    let inputs = crate::discover::discover(root, &mut diags);
    let mut known = Vec::new();
    for (txt, sidecar) in &inputs.seeds {
        let bytes = crate::fsio::read(root, txt).map_err(|d| d.message)?;
        let side = match sidecar {
            Some(p) => Some(crate::fsio::read_text(root, p).map_err(|d| d.message)?),
            None => None,
        };
        let input = crate::sources::SeedInput {
            path: txt,
            bytes: &bytes,
            sidecar: sidecar.as_deref().zip(side.as_deref()),
        };
        let Some(source) = crate::sources::load(&input, &mut diags) else {
            continue;
        };
        if source.slug == slug {
            let rel = Path::new(crate::translations::DIR).join(format!("{slug}.toml"));
            write_new(root, &rel, &translation_scaffold(&source, &config.language))?;
            return Ok(vec![rel]);
        }
        known.push(source.slug);
    }
    Err(format!(
        "no source `{slug}` (known: {})",
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    ))
}

/// The text of a new translation file: every block of `source` whose
/// language is not `language`, with its original and an empty translation.
pub fn translation_scaffold(source: &crate::sources::Source, language: &str) -> String {
    let target = crate::translations::primary(language);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Translation of source `{}` ({}) into `{language}`, block by block.\n\
         # Fill each `text`; leave `id` and `original` as they are: the build\n\
         # reports a translation as stale when its source no longer reads so.\n\
         # `note` (optional) is a translator's note shown with the translation.\n\
         language = {}",
        source.slug,
        source.file,
        toml_str(language)
    );
    for (i, b) in source.blocks.iter().enumerate() {
        if crate::translations::primary(b.lang) == target {
            continue;
        }
        let _ = write!(
            out,
            "\n[[paragraph]]\n# ¶ {} · {}\nid = {}\noriginal = {}\ntext = \"\"\n",
            i + 1,
            b.kind.label(),
            toml_str(&b.id),
            toml_str(&b.text)
        );
    }
    out
}

/// Dates written in the text: `2024年12月1日`, `2024年12月`, `2024-12-01`, `10月31日`, `2025年`.
pub fn find_dates(text: &str) -> Vec<String> {
    let re = regex::Regex::new(
        r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{4}-\d{2}-\d{2}|\d{1,2}月\d{1,2}日|\d{4}年",
    )
    .unwrap_or_else(|_| unreachable!());
    let mut v: Vec<String> = re.find_iter(text).map(|m| m.as_str().to_string()).collect();
    v.dedup();
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|d| seen.insert(d.clone()));
    v.truncate(20);
    v
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
