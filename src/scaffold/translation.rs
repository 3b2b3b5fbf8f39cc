//! `new translation SOURCE`: a translation file for a source, named after
//! its slug, with every block not in the site's language.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{no_source, toml_str};

pub(super) fn new_translation(root: &Path, slug: &str) -> Result<Vec<PathBuf>, String> {
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
            rulesets: &config.rulesets,
        };
        let Some(source) = crate::sources::load(&input, &mut diags) else {
            continue;
        };
        if source.slug == slug {
            let rel = Path::new(crate::translations::DIR).join(format!("{slug}.toml"));
            crate::fsio::write_new(root, &rel, translation_scaffold(&source, &config.language))?;
            return Ok(vec![rel]);
        }
        known.push(source.slug.clone());
    }
    Err(no_source(slug, &known))
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
        if crate::translations::primary(&b.lang) == target {
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
