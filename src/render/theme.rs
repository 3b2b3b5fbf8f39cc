//! Themes: Tera templates, static files and language files. The default
//! theme is embedded in the binary (and read from `themes/default/` when a
//! site has that folder); any other theme lives in `themes/<name>/`. A
//! site's `templates/` folder overrides theme templates file by file; its
//! `i18n/` folder rewords the theme's words key by key (see [`crate::i18n`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::i18n::{self, LangFile, Layers, Ui};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "home.html",
    "page.html",
    "section.html",
    "sources.html",
    "source.html",
    "timeline.html",
    "terms.html",
    "term.html",
    "tags.html",
    "tag.html",
    "search.html",
    "print.html",
    "404.html",
);

/// The default theme's static files, copied to `assets/`.
const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "site.js",
        include_str!("../../themes/default/static/site.js"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// The default theme's language files.
const DEFAULT_I18N: &[(&str, &str)] = &[
    ("en.toml", include_str!("../../themes/default/i18n/en.toml")),
    (
        "zh-Hans.toml",
        include_str!("../../themes/default/i18n/zh-Hans.toml"),
    ),
];

/// The default theme's files as a theme folder holds them, for `briefing
/// theme export`: (`templates/<name>`, `static/<name>` or `i18n/<name>`,
/// bytes).
pub fn default_files() -> Vec<(String, &'static [u8])> {
    let templates = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (format!("templates/{n}"), t.as_bytes()));
    let statics = DEFAULT_STATIC
        .iter()
        .map(|(n, t)| (format!("static/{n}"), t.as_bytes()));
    let words = DEFAULT_I18N
        .iter()
        .map(|(n, t)| (format!("i18n/{n}"), t.as_bytes()));
    templates.chain(statics).chain(words).collect()
}

/// The words of the default theme in `language`, with no site of its own
/// (for tests and tools).
pub fn default_ui(language: &str) -> Option<Ui> {
    let layers = Layers {
        builtin: default_language_files(),
        ..Layers::default()
    };
    i18n::assemble(&layers, language, &mut Diagnostics::new())
}

/// The built-in English, for a run whose words failed to load (it goes on
/// only to report the content's problems).
pub fn fallback_ui() -> Ui {
    let layers = Layers {
        builtin: default_language_files(),
        ..Layers::default()
    };
    i18n::assemble(&layers, i18n::REFERENCE, &mut Diagnostics::new())
        .unwrap_or_else(|| Ui::empty(i18n::REFERENCE))
}

/// The default theme's language files, parsed.
pub fn default_language_files() -> Vec<LangFile> {
    DEFAULT_I18N
        .iter()
        .filter_map(|(name, text)| {
            let path = Path::new("themes/default/i18n").join(name);
            i18n::file::parse(&path, text).ok()
        })
        .collect()
}

/// A loaded theme: compiled templates and static files.
#[derive(Clone)]
pub struct Theme {
    pub tera: Tera,
    /// Static files: path below `assets/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Each template's file and text (for error positions and excerpts).
    pub origins: Origins,
    /// A hash of every template's text: part of each page's cache key.
    pub hash: u64,
    /// Whether pages include `assets/custom.css` after the theme's
    /// stylesheet: a theme's `static/custom.css`, or a site's
    /// `static/assets/custom.css` (set by the caller).
    pub custom_css: bool,
    /// The words of the site's language.
    pub ui: Arc<Ui>,
}

/// What a theme is loaded from besides its folder: the site's choices.
pub struct SiteParts<'a> {
    /// The theme's name (`theme` in briefing.toml).
    pub theme: &'a str,
    /// The site's language (`language` in briefing.toml).
    pub language: &'a str,
    /// Template overrides: (template name, path), from `templates/`.
    pub templates: &'a [(String, PathBuf)],
    /// Language files, from `i18n/`.
    pub i18n: &'a [PathBuf],
}

/// The stylesheet a theme or a site adds to the theme's own, below `assets/`.
pub const CUSTOM_CSS: &str = "custom.css";

/// Template name → the file it came from and its text.
pub type Origins = BTreeMap<String, (PathBuf, String)>;

/// Loads the theme named in the config, then the site's overrides; and
/// the words of the site's language, from the theme's language files and
/// the site's: the files read and the words assembled, the first half of
/// loading a theme ([`Pending::compile`] is the second; the model needs
/// only the words, so `site` compiles the templates beside the content
/// stages). In `serve` (`kept` given), a theme made from the same files
/// as the last one is that one again, with its problems: its templates
/// are not compiled again. `None` when the theme folder is missing
/// (reported to `diags`).
pub fn prepare(
    root: &Path,
    site: &SiteParts<'_>,
    kept: Option<&Option<KeptTheme>>,
    diags: &mut Diagnostics,
) -> Option<Pending> {
    let theme_dir = Path::new("themes").join(site.theme);
    let on_disk = theme_folder(root, site.theme, &theme_dir, diags)?;
    let read = Read::of(root, site, on_disk.then_some(theme_dir.as_path()), diags);
    let key = crate::fingerprint::of(&(&read, site.language));
    if let Some(k) = kept.and_then(Option::as_ref).filter(|k| k.key == key) {
        for d in &k.problems {
            diags.push(d.clone());
        }
        return Some(Pending {
            ui: k.ui.clone(),
            key,
            step: Step::Kept(Box::new(k.theme.clone())),
        });
    }
    // Problems of a theme that `serve` keeps are kept with it.
    let mut found = Diagnostics::new();
    let ui = words(&read, site.language, &mut found);
    let (origins, assets) = files(read);
    let step = Step::Compile {
        origins,
        assets,
        found,
    };
    Some(Pending { ui, key, step })
}

/// A theme whose words are assembled and whose templates may still need
/// compiling.
pub struct Pending {
    /// The site's words; `None` after an error in a language file.
    pub ui: Option<Arc<Ui>>,
    key: u64,
    step: Step,
}

enum Step {
    /// The theme `serve` kept, made from the same files.
    Kept(Box<Option<Theme>>),
    /// Templates to compile, and the problems found so far.
    Compile {
        origins: Origins,
        assets: BTreeMap<String, Vec<u8>>,
        found: Diagnostics,
    },
}

/// A theme whose templates are compiled, with the problems found making it
/// (those of [`prepare`] already reported are not among them).
pub struct Compiled {
    key: u64,
    ui: Option<Arc<Ui>>,
    theme: Option<Theme>,
    /// Problems found making the theme, to report and, in `serve`, to keep.
    found: Option<Diagnostics>,
}

impl Pending {
    /// The templates compiled: the slow half of loading a theme, which
    /// reads no file and touches nothing else, so it can run on a thread of
    /// its own.
    pub fn compile(self) -> Compiled {
        match self.step {
            Step::Kept(theme) => Compiled {
                key: self.key,
                ui: self.ui,
                theme: *theme,
                found: None,
            },
            Step::Compile {
                origins,
                assets,
                mut found,
            } => Compiled {
                key: self.key,
                theme: compile(origins, assets, self.ui.clone(), &mut found),
                ui: self.ui,
                found: Some(found),
            },
        }
    }
}

impl Compiled {
    /// The theme (none after an error), its problems reported to `diags`
    /// and, in `serve`, kept with it in `kept`.
    pub fn finish(
        self,
        kept: Option<&mut Option<KeptTheme>>,
        diags: &mut Diagnostics,
    ) -> Option<Theme> {
        let Some(found) = self.found else {
            return self.theme;
        };
        if let Some(kept) = kept {
            *kept = Some(KeptTheme {
                key: self.key,
                ui: self.ui,
                theme: self.theme.clone(),
                problems: found.iter().cloned().collect(),
            });
        }
        diags.extend(found);
        self.theme
    }
}

/// What `serve` keeps of the last theme: the hash of the files it was
/// made from, its words and the theme (none when it failed), and the
/// problems found.
pub struct KeptTheme {
    key: u64,
    ui: Option<Arc<Ui>>,
    theme: Option<Theme>,
    problems: Vec<Diagnostic>,
}

/// Every file a theme is made from besides the embedded default theme, as
/// read (problems reading them go straight to the caller's list).
#[derive(Hash)]
struct Read {
    /// The theme folder's templates and static files: (name, file, text).
    templates: Vec<(String, PathBuf, String)>,
    statics: Vec<(String, Vec<u8>)>,
    /// The site's template overrides.
    overrides: Vec<(String, PathBuf, String)>,
    /// The theme folder's language files, then the site's: (file, text).
    theme_i18n: Vec<(PathBuf, String)>,
    site_i18n: Vec<(PathBuf, String)>,
}

impl Read {
    fn of(
        root: &Path,
        site: &SiteParts<'_>,
        theme_dir: Option<&Path>,
        diags: &mut Diagnostics,
    ) -> Read {
        let below =
            |sub: &str| theme_dir.map_or_else(Vec::new, |d| files_below(root, &d.join(sub)));
        let text = |rel: &Path, diags: &mut Diagnostics| {
            crate::fsio::read_text(root, rel)
                .map_err(|d| diags.push(d))
                .ok()
        };
        // Read in the order the problems are reported.
        let theme_i18n = below("i18n")
            .into_iter()
            .filter_map(|(_, rel)| Some((rel.clone(), text(&rel, diags)?)))
            .collect();
        let site_i18n = site
            .i18n
            .iter()
            .filter_map(|rel| Some((rel.clone(), text(rel, diags)?)))
            .collect();
        let templates = below("templates")
            .into_iter()
            .filter_map(|(name, rel)| Some((name, rel.clone(), text(&rel, diags)?)))
            .collect();
        let statics = below("static")
            .into_iter()
            .filter_map(|(name, rel)| {
                let bytes = crate::fsio::read(root, &rel).map_err(|d| diags.push(d));
                Some((name, bytes.ok()?))
            })
            .collect();
        let overrides = site
            .templates
            .iter()
            .filter_map(|(name, rel)| Some((name.clone(), rel.clone(), text(rel, diags)?)))
            .collect();
        Read {
            templates,
            statics,
            overrides,
            theme_i18n,
            site_i18n,
        }
    }
}

/// The templates and static files of the default theme with the files
/// read over them.
fn files(read: Read) -> (Origins, BTreeMap<String, Vec<u8>>) {
    let mut origins: Origins = BTreeMap::new();
    let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, text) in DEFAULT_TEMPLATES {
        let file = Path::new("themes/default/templates").join(name);
        origins.insert((*name).to_string(), (file, (*text).to_string()));
    }
    for (name, text) in DEFAULT_STATIC {
        assets.insert((*name).to_string(), text.as_bytes().to_vec());
    }
    for (name, rel, text) in read.templates.into_iter().chain(read.overrides) {
        origins.insert(name, (rel, text));
    }
    assets.extend(read.statics);
    (origins, assets)
}

/// The words of the site's language: the default theme's language files,
/// the theme folder's, the site's.
fn words(read: &Read, language: &str, diags: &mut Diagnostics) -> Option<Arc<Ui>> {
    let mut parse = |files: &[(PathBuf, String)]| -> Vec<LangFile> {
        let mut out = Vec::new();
        for (rel, text) in files {
            match i18n::file::parse(rel, text) {
                Ok(f) => out.push(f),
                Err(problems) => {
                    for d in problems {
                        diags.push(d.quoting(text, 1));
                    }
                }
            }
        }
        out
    };
    let layers = Layers {
        builtin: default_language_files(),
        theme: parse(&read.theme_i18n),
        site: parse(&read.site_i18n),
    };
    i18n::assemble(&layers, language, diags).map(Arc::new)
}

/// Whether the theme has a folder of its own (the default theme need not);
/// `None` (after an error) when it is a symbolic link or missing.
fn theme_folder(
    root: &Path,
    theme: &str,
    theme_dir: &Path,
    diags: &mut Diagnostics,
) -> Option<bool> {
    let is_link = |p: &Path| {
        std::fs::symlink_metadata(root.join(p)).is_ok_and(|m| m.file_type().is_symlink())
    };
    for p in [
        Path::new("themes").to_path_buf(),
        theme_dir.to_path_buf(),
        theme_dir.join("templates"),
        theme_dir.join("static"),
        theme_dir.join("i18n"),
    ] {
        if is_link(&p) {
            diags.push(Diagnostic::error(
                Some(Span::file(&p)),
                "the theme folder is a symbolic link; themes must be regular folders inside the site root",
            ));
            return None;
        }
    }
    let on_disk = root.join(theme_dir).is_dir();
    if !on_disk && theme != "default" {
        diags.push(Diagnostic::error(
            Some(Span::file(crate::config::CONFIG_FILE)),
            format!("theme `{theme}` not found: there is no folder themes/{theme}/ (the built-in theme is `default`)"),
        ));
        return None;
    }
    Some(on_disk)
}

/// The templates compiled by Tera, with the functions that give the
/// site's words (`t`, `t_js`: see [`super::words`]).
fn compile(
    origins: Origins,
    assets: BTreeMap<String, Vec<u8>>,
    ui: Option<Arc<Ui>>,
    diags: &mut Diagnostics,
) -> Option<Theme> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs (not `/`, which Tera's default turns into `&#x2F;`).
    tera.set_escape_fn(escape_html);
    // `{{ title | keep_ranges }}`: a date range such as 2017–2026 never
    // breaks after its dash.
    tera.register_filter(
        "keep_ranges",
        |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
            Ok(match v.as_str() {
                Some(s) => tera::Value::String(crate::text::ranges::keep_ranges(s)),
                None => v.clone(),
            })
        },
    );
    let list: Vec<(&String, &String)> = origins.iter().map(|(n, (_, t))| (n, t)).collect();
    let templates = crate::fingerprint::of(&list);
    if let Err(e) = tera.add_raw_templates(list) {
        diags.push(template_error(&e, &origins));
        return None;
    }
    // The templates are checked even when the words failed to load.
    let ui = ui?;
    super::words::register(&mut tera, &ui);
    let hash = crate::fingerprint::of(&(templates, ui.hash));
    Some(Theme {
        tera,
        custom_css: assets.contains_key(CUSTOM_CSS),
        assets,
        origins,
        hash,
        ui,
    })
}

fn escape_html(s: &str) -> String {
    crate::text::html::escape(s)
}

/// Files below `root/dir` as (name relative to `dir`, path relative to `root`).
fn files_below(root: &Path, dir: &Path) -> Vec<(String, PathBuf)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&base)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path_is_symlink())
        .filter_map(|e| {
            let name = e
                .path()
                .strip_prefix(&base)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
            Some((name, rel))
        })
        .collect()
}

/// A Tera error as a diagnostic: the template's file, and the line and column
/// when Tera gives them, with the whole cause chain.
pub fn template_error(e: &tera::Error, origins: &Origins) -> Diagnostic {
    let mut chain = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cur {
        chain.push(c.to_string());
        cur = c.source();
    }
    let all = chain.join("\n");
    let name = origins
        .keys()
        .filter(|n| all.contains(&format!("'{n}'")))
        .max_by_key(|n| n.len())
        .cloned();
    let origin = name.as_ref().and_then(|n| origins.get(n));
    let pos = regex::Regex::new(r"--> (\d+):(\d+)").ok().and_then(|re| {
        re.captures(&all)
            .map(|c| (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0)))
    });
    let span = origin.map(|(f, _)| match pos {
        Some((l, c)) => Span::new(f, l, c),
        None => Span::file(f),
    });
    let mut d = Diagnostic::error(
        span,
        format!(
            "template error: {}",
            chain.first().cloned().unwrap_or_default()
        ),
    );
    for c in chain.iter().skip(1) {
        for line in c.lines().filter(|l| !l.trim().is_empty()) {
            d = d.note(line.to_string());
        }
    }
    match origin {
        Some((_, text)) => d.quoting(text, 1),
        None => d,
    }
}
