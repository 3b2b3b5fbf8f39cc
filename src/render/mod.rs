//! Stage 5: rendering. Turns the linked model into HTML pages with Tera.
//! Every URL handed to a template is already relative to the page it goes
//! into, so templates stay simple and the site works from `file://`.

pub mod context;
pub mod feeds;
pub mod highlight;
pub mod svg;
pub mod theme;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Model;
use theme::Theme;

/// One rendered output file.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
    /// HTML pages are minified and link-checked; other files are copied.
    pub is_html: bool,
    /// Title and kind for the build manifest (HTML pages only).
    pub title: String,
    pub kind: &'static str,
}

/// A page to render: output path, template, and its context.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub kind: &'static str,
    pub context: tera::Context,
}

/// Renders every page of the site, in parallel.
pub fn render(
    model: &Model,
    config: &Config,
    theme: &Theme,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let jobs = context::jobs(model, config, theme);
    let results: Vec<Result<OutFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            theme
                .tera
                .render(job.template, &job.context)
                .map(|html| OutFile {
                    path: job.path.clone(),
                    bytes: html.into_bytes(),
                    is_html: true,
                    title: job.title,
                    kind: job.kind,
                })
                .map_err(|e| {
                    let mut d = theme::template_error(&e, &theme.origins);
                    d.notes.push(format!("while rendering {}", job.path));
                    d
                })
        })
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        // One broken template fails every page that uses it: report each template once.
        errors.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
        errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
        return Err(errors);
    }
    for (name, bytes) in &theme.assets {
        files.push(OutFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
            is_html: false,
            title: String::new(),
            kind: "asset",
        });
    }
    files.push(OutFile {
        path: "assets/highlight.css".into(),
        bytes: highlight::stylesheet().into_bytes(),
        is_html: false,
        title: String::new(),
        kind: "asset",
    });
    let pages: Vec<&str> = files
        .iter()
        .filter(|f| f.is_html && f.path != "404.html")
        .map(|f| f.path.as_str())
        .collect();
    let mut extra = vec![("robots.txt", feeds::robots(config.base_url.as_deref()))];
    if let Some(base) = &config.base_url {
        extra.push(("sitemap.xml", feeds::sitemap(&pages, base)));
        extra.push((
            "atom.xml",
            feeds::atom(model, &config.title, &config.description, base),
        ));
    }
    for (path, text) in extra {
        files.push(OutFile {
            path: path.into(),
            bytes: text.into_bytes(),
            is_html: false,
            title: String::new(),
            kind: "asset",
        });
    }
    files.push(OutFile {
        path: "assets/search-index.js".into(),
        bytes: crate::search::index_js(model).into_bytes(),
        is_html: false,
        title: String::new(),
        kind: "asset",
    });
    files.push(OutFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
        is_html: false,
        title: String::new(),
        kind: "asset",
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Serialises a value into a Tera context entry.
pub(crate) fn insert<T: Serialize + ?Sized>(ctx: &mut tera::Context, key: &str, value: &T) {
    ctx.insert(key, value);
}
