//! `serve`'s rebuilds equal clean builds: a fixture site with every kind of
//! input is edited step by step, every kind of edit `serve` sees (page text
//! and fields, events, glossary, seeds, sidecars, translations, templates,
//! the theme's and the site's static files, the config, files added and
//! deleted, broken edits and their fixes), and after each step the rebuild
//! `serve` makes from what it kept must be byte for byte what a clean build
//! of the same input gives: every file, the search index, and every problem
//! reported.

use std::path::Path;

use briefing::site::{self, BuildOptions, Cache};

use crate::site_test::{SiteTest, SIDECAR, TRANSLATION};

/// An English source of four paragraphs.
const SECOND_SEED: &str = "Allied supply chains\nThe United States and its allies are building a rare earth supply chain outside China.\nProcessing capacity in Australia grew after the 2023 agreement.\nMagnet makers in Japan signed long-term offtake agreements.\n";
const SECOND_SIDECAR: &str =
    "slug = \"second\"\ntitle = \"Allied supply chains\"\nkind = \"report\"\npublished = \"2024-03\"\n";

const GLOSSARY: &str = "original_language = \"zh-Hans\"\n\n[[term]]\nid = \"china\"\nname = \"China\"\noriginal = \"中国\"\nkind = \"place\"\ndefinition = \"A country [](source:demo \\\"全球最大的稀土供应国\\\").\"\n\n[[term]]\nid = \"rare-earths\"\nname = \"rare earths\"\noriginal = \"稀土\"\nkind = \"concept\"\naliases = [\"rare earth\"]\ndefinition = \"Elements.\"\n\n[[term]]\nid = \"australia\"\nname = \"Australia\"\nkind = \"place\"\ndefinition = \"A country [](source:second \\\"Processing capacity in Australia\\\").\"\n";

/// A site with two sources (one Chinese with a translation, one English),
/// briefs that cite and link to each other, a summary, events with actors
/// and an order, a glossary, a template override and a static file.
fn fixture() -> SiteTest {
    SiteTest::new()
        .file(
            "briefing.toml",
            "title = \"Test briefing\"\nbase_url = \"https://example.org/b/\"\n",
        )
        .file("seeds/demo.txt", crate::site_test::SEED)
        .file("seeds/demo.toml", SIDECAR)
        .file("content/translations/demo.toml", TRANSLATION)
        .file("seeds/second.txt", SECOND_SEED)
        .file("seeds/second.toml", SECOND_SIDECAR)
        .file("content/glossary.toml", GLOSSARY)
        .file(
            "content/index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome. China leads [](source:demo \"长期占据主导地位\").\n",
        )
        .file(
            "content/briefs/alpha.md",
            "+++\ntitle = \"Alpha\"\nsummary = \"The first brief.\"\ndate = \"2024-12\"\ntags = [\"export\", \"china\"]\n+++\nChina listed firms [](source:demo \"140家中国企业\"). See [Beta](@/briefs/beta.md#allies) and [the timeline](@/events).\n\n## Rare earths\n\nRare earths matter to China and Australia.\n",
        )
        .file(
            "content/briefs/beta.md",
            "+++\ntitle = \"Beta\"\ntags = [\"allies\"]\nweight = 2\n+++\nAllies build [](source:second \"building a rare earth supply chain outside China\").\n\n## Allies {#allies}\n\nAustralia grew its capacity [](source:second \"Processing capacity in Australia grew\"). See [Alpha](@/briefs/alpha.md).\n",
        )
        .file(
            "content/briefs/gamma.md",
            "+++\ntitle = \"Gamma\"\nweight = 1\ntags = [\"export\"]\n+++\nA short brief on magnets [](source:second \"Magnet makers in Japan\").\n",
        )
        .file(
            "content/summaries/demo.md",
            "+++\ntitle = \"Summary: demo\"\nsource = \"demo\"\ntags = [\"china\"]\n+++\nThe column says China leads [](source:demo \"全球最大的稀土供应国\").\n",
        )
        .file(
            "content/events/2024-12-01-controls.md",
            "+++\ntitle = \"Controls\"\ndate = \"2024-12-01\"\ntags = [\"export\"]\nactors = [\"china\"]\n+++\nListed [](source:demo \"纳入出口管制清单\").\n",
        )
        .file(
            "content/events/2023-agreement.md",
            "+++\ntitle = \"Agreement\"\ndate = \"2023\"\nactors = [\"australia\"]\n+++\nCapacity grew [](source:second \"grew after the 2023 agreement\").\n",
        )
        .file("templates/tag.html", &default_template("tag.html"))
        .file(
            "themes/default/static/extra.css",
            "body { color: black; }\n",
        )
        .file("static/files/readme.txt", "A file copied as it is.\n")
}

/// A template of the default theme, as shipped.
fn default_template(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// One edit: what it is, and what it does to the files.
struct Edit {
    what: &'static str,
    changes: Vec<Change>,
    /// Whether the site builds after it.
    builds: bool,
}

enum Change {
    /// The first `from` in the file replaced by `to`.
    Replace(&'static str, &'static str, &'static str),
    Write(&'static str, String),
    Remove(&'static str),
}

fn edit(what: &'static str, changes: Vec<Change>) -> Edit {
    Edit {
        what,
        changes,
        builds: true,
    }
}

fn broken(what: &'static str, changes: Vec<Change>) -> Edit {
    Edit {
        what,
        changes,
        builds: false,
    }
}

use Change::{Remove, Replace, Write};

/// Every kind of edit `serve` sees, one after another; the site builds
/// after each unless marked broken (then the next edit fixes it).
fn edits() -> Vec<Edit> {
    vec![
        edit(
            "a brief's body",
            vec![Replace(
                "content/briefs/alpha.md",
                "Rare earths matter",
                "Rare earths and magnets matter",
            )],
        ),
        edit(
            "a brief's title (in lists, backlinks, cited-by, mentions, tags)",
            vec![Replace(
                "content/briefs/beta.md",
                "title = \"Beta\"",
                "title = \"Beta renamed\"",
            )],
        ),
        edit(
            "a brief's tags",
            vec![Replace(
                "content/briefs/alpha.md",
                "tags = [\"export\", \"china\"]",
                "tags = [\"china\", \"magnets\"]",
            )],
        ),
        edit(
            "a brief's weight (section order, neighbours, print order)",
            vec![Replace(
                "content/briefs/gamma.md",
                "weight = 1",
                "weight = 3",
            )],
        ),
        edit(
            "a brief's summary and date",
            vec![Replace(
                "content/briefs/alpha.md",
                "summary = \"The first brief.\"\ndate = \"2024-12\"",
                "summary = \"The first brief, edited.\"\ndate = \"2024-11-30\"",
            )],
        ),
        edit(
            "a brief's citation and link",
            vec![Replace(
                "content/briefs/gamma.md",
                "[](source:second \"Magnet makers in Japan\").",
                "[](source:demo \"拜登政府将140家中国企业\"). See [Beta](@/briefs/beta.md).",
            )],
        ),
        edit(
            "the home page",
            vec![Replace(
                "content/index.md",
                "Welcome.",
                "Welcome to the rare earth briefing.",
            )],
        ),
        edit(
            "a summary",
            vec![Replace(
                "content/summaries/demo.md",
                "title = \"Summary: demo\"",
                "title = \"Summary of the demo column\"",
            )],
        ),
        edit(
            "an event's date (timeline order, latest events)",
            vec![Replace(
                "content/events/2023-agreement.md",
                "date = \"2023\"",
                "date = \"2025-01-15\"",
            )],
        ),
        edit(
            "an event's title and actors",
            vec![Replace(
                "content/events/2024-12-01-controls.md",
                "title = \"Controls\"\ndate = \"2024-12-01\"\ntags = [\"export\"]\nactors = [\"china\"]",
                "title = \"Export controls\"\ndate = \"2024-12-01\"\ntags = [\"export\", \"china\"]\nactors = [\"china\", \"australia\"]",
            )],
        ),
        edit(
            "an event said to follow another",
            vec![Replace(
                "content/events/2023-agreement.md",
                "actors = [\"australia\"]",
                "actors = [\"australia\"]\nafter = [\"2024-12-01-controls\"]",
            )],
        ),
        edit(
            "a term alias (mentions everywhere)",
            vec![Replace(
                "content/glossary.toml",
                "aliases = [\"rare earth\"]",
                "aliases = [\"rare earth\", \"magnets\", \"supply chain\"]",
            )],
        ),
        edit(
            "a term alias's letter case (matched exactly, no longer in any case)",
            vec![Replace(
                "content/glossary.toml",
                "\"magnets\", ",
                "\"Magnets\", ",
            )],
        ),
        edit(
            "a term alias removed (texts holding it scanned again, others kept)",
            vec![Replace(
                "content/glossary.toml",
                ", \"supply chain\"",
                "",
            )],
        ),
        edit(
            "a term's name and Chinese name (every list of terms on a page)",
            vec![Replace(
                "content/glossary.toml",
                "name = \"China\"\noriginal = \"中国\"",
                "name = \"PRC\"\noriginal = \"中华人民共和国\"",
            )],
        ),
        edit(
            "a glossary definition",
            vec![Replace(
                "content/glossary.toml",
                "definition = \"Elements.\"",
                "definition = \"Elements [](source:second \\\"Magnet makers in Japan\\\").\"",
            )],
        ),
        edit(
            "the language of the terms' original names changed",
            vec![Replace(
                "content/glossary.toml",
                "original_language = \"zh-Hans\"",
                "original_language = \"zh-Hant\"",
            )],
        ),
        edit(
            "a term added",
            vec![Replace(
                "content/glossary.toml",
                "[[term]]\nid = \"australia\"",
                "[[term]]\nid = \"japan\"\nname = \"Japan\"\noriginal = \"日本\"\nkind = \"place\"\ndefinition = \"A country.\"\n\n[[term]]\nid = \"australia\"",
            )],
        ),
        edit(
            "a seed paragraph nothing quotes",
            vec![Replace(
                "seeds/second.txt",
                "long-term offtake agreements",
                "long-term offtake agreements with two mines",
            )],
        ),
        broken(
            "a seed paragraph a citation quotes (the quote no longer matches)",
            vec![Replace(
                "seeds/second.txt",
                "Processing capacity in Australia grew",
                "Refining capacity in Australia grew",
            )],
        ),
        edit(
            "the quotes fixed",
            vec![
                Replace(
                    "content/briefs/beta.md",
                    "Processing capacity in Australia grew",
                    "Refining capacity in Australia grew",
                ),
                Replace(
                    "content/glossary.toml",
                    "Processing capacity in Australia",
                    "Refining capacity in Australia",
                ),
            ],
        ),
        edit(
            "a translation",
            vec![Replace(
                "content/translations/demo.toml",
                "added 140 Chinese companies",
                "put 140 Chinese companies",
            )],
        ),
        edit(
            "a sidecar",
            vec![Replace(
                "seeds/demo.toml",
                "title_en = \"",
                "title_en = \"Edited: ",
            )],
        ),
        edit(
            "a sidecar's date, which only the entries of the sources cited show (not the citing text)",
            vec![Replace(
                "seeds/demo.toml",
                "published = \"2025\"",
                "published = \"2024-06\"",
            )],
        ),
        edit(
            "a template",
            vec![Write(
                "templates/tag.html",
                default_template("tag.html").replacen("{{", "<p class=\"edited\"></p>{{", 1),
            )],
        ),
        broken(
            "a template that does not compile",
            vec![Write(
                "templates/tag.html",
                format!("{}{{% if %}}", default_template("tag.html")),
            )],
        ),
        broken(
            "a brief's body while the template is still broken (the kept theme's problem again)",
            vec![Replace(
                "content/briefs/gamma.md",
                "A short brief",
                "A short, broken brief",
            )],
        ),
        edit(
            "the template fixed",
            vec![Write(
                "templates/tag.html",
                default_template("tag.html").replacen("{{", "<p class=\"fixed\"></p>{{", 1),
            )],
        ),
        broken(
            "an event with the id of another",
            vec![Write(
                "content/events/2023-copy.md",
                "+++\ntitle = \"Copy\"\ndate = \"2023\"\nslug = \"2023-agreement\"\n+++\nA copy [](source:second \"Magnet makers in Japan\").\n".into(),
            )],
        ),
        broken(
            "a brief's body while two events share an id (the kept link targets' problem again)",
            vec![Replace(
                "content/briefs/gamma.md",
                "A short, broken brief",
                "A short brief, edited again",
            )],
        ),
        edit(
            "the event with the id of another removed",
            vec![Remove("content/events/2023-copy.md")],
        ),
        edit(
            "the site's words (a language file added)",
            vec![Write(
                "i18n/en.toml",
                "[a11y]\nskip = \"Skip to the text\"\n".into(),
            )],
        ),
        broken(
            "a language file that does not parse",
            vec![Write("i18n/en.toml", "[a11y\nskip = \"x\"\n".into())],
        ),
        edit("the language file removed", vec![Remove("i18n/en.toml")]),
        edit(
            "a static file",
            vec![Write(
                "themes/default/static/extra.css",
                "body { color: navy; }\n".into(),
            )],
        ),
        edit(
            "a file of the site's static folder",
            vec![Write(
                "static/files/readme.txt",
                "A file copied as it is, edited.\n".into(),
            )],
        ),
        edit(
            "the site's custom stylesheet added (every page links it)",
            vec![Write(
                "static/assets/custom.css",
                "p { margin: 0; }\n".into(),
            )],
        ),
        edit(
            "the site's custom stylesheet removed",
            vec![Remove("static/assets/custom.css")],
        ),
        edit(
            "the config",
            vec![Replace(
                "briefing.toml",
                "title = \"Test briefing\"",
                "title = \"Test briefing, edited\"",
            )],
        ),
        edit(
            "the config's kinds of terms",
            vec![Replace(
                "briefing.toml",
                "base_url = \"https://example.org/b/\"\n",
                "base_url = \"https://example.org/b/\"\n\n[[term_kinds]]\nid = \"place\"\nheading = \"Places\"\n\n[[term_kinds]]\nid = \"concept\"\nheading = \"Ideas\"\n",
            )],
        ),
        edit(
            "a brief added (linking, citing, tagged)",
            vec![Write(
                "content/briefs/delta.md",
                "+++\ntitle = \"Delta\"\ntags = [\"new-tag\", \"export\"]\n+++\nNew text on China and rare earths [](source:second \"Magnet makers in Japan\"). See [Alpha](@/briefs/alpha.md).\n".into(),
            )],
        ),
        edit(
            "an event added",
            vec![Write(
                "content/events/2025-06-summit.md",
                "+++\ntitle = \"Summit\"\ndate = \"2025-06\"\nactors = [\"japan\"]\n+++\nMagnets [](source:second \"Magnet makers in Japan\").\n".into(),
            )],
        ),
        edit(
            "a source added",
            vec![
                Write("seeds/third.txt", "A third source\nIt has one paragraph about Japan.\n".into()),
                Write(
                    "seeds/third.toml",
                    "slug = \"third\"\ntitle = \"A third source\"\n".into(),
                ),
                Replace(
                    "content/briefs/delta.md",
                    "See [Alpha]",
                    "Japan too [](source:third \"one paragraph about Japan\"). See [Alpha]",
                ),
            ],
        ),
        broken(
            "a link to a page that does not exist",
            vec![Replace(
                "content/briefs/beta.md",
                "See [Alpha](@/briefs/alpha.md).",
                "See [Alpha](@/briefs/alpha.md) and [Nothing](@/briefs/nothing.md).",
            )],
        ),
        edit(
            "the link fixed",
            vec![Replace(
                "content/briefs/beta.md",
                " and [Nothing](@/briefs/nothing.md)",
                "",
            )],
        ),
        broken(
            "a front matter that does not parse",
            vec![Replace(
                "content/briefs/gamma.md",
                "title = \"Gamma\"",
                "title = 5",
            )],
        ),
        edit(
            "the front matter fixed",
            vec![Replace(
                "content/briefs/gamma.md",
                "title = 5",
                "title = \"Gamma again\"",
            )],
        ),
        broken(
            "a brief deleted that another links to",
            vec![Remove("content/briefs/alpha.md")],
        ),
        edit(
            "the brief back",
            vec![Write(
                "content/briefs/alpha.md",
                "+++\ntitle = \"Alpha\"\ntags = [\"china\"]\n+++\nChina listed firms [](source:demo \"140家中国企业\"). See [Beta](@/briefs/beta.md#allies).\n".into(),
            )],
        ),
        edit(
            "a brief deleted",
            vec![
                Replace("content/briefs/alpha.md", " See [Beta](@/briefs/beta.md#allies).", ""),
                Remove("content/briefs/delta.md"),
                Remove("seeds/third.txt"),
                Remove("seeds/third.toml"),
            ],
        ),
        edit(
            "an event deleted",
            vec![Remove("content/events/2025-06-summit.md")],
        ),
        edit(
            "a brief made a draft (left out)",
            vec![Replace(
                "content/briefs/gamma.md",
                "weight = 3",
                "weight = 3\ndraft = true",
            )],
        ),
        edit(
            "the template override removed",
            vec![Remove("templates/tag.html")],
        ),
        edit(
            "a term removed",
            vec![
                Replace(
                    "content/glossary.toml",
                    "[[term]]\nid = \"japan\"\nname = \"Japan\"\noriginal = \"日本\"\nkind = \"place\"\ndefinition = \"A country.\"\n\n",
                    "",
                ),
            ],
        ),
    ]
}

/// What a build gave, as text to compare: every file with its bytes (the
/// search index too, which `serve` makes after the reload), the problems
/// and notes; or the problems of a failed build.
fn outcome(built: Result<site::Built, briefing::diag::Diagnostics>) -> Outcome {
    match built {
        Ok(b) => {
            let mut files = b.files;
            if let Some(model) = &b.deferred_search {
                files.extend(site::search_files(model));
            }
            files.sort_by(|a, b| a.path.cmp(&b.path));
            let mut report = problems(b.warnings);
            report.extend(b.seed_report);
            report.extend(b.notes);
            Outcome::Built {
                files: files
                    .into_iter()
                    .map(|f| (f.path, f.bytes.to_vec()))
                    .collect(),
                report,
            }
        }
        Err(diags) => Outcome::Failed(problems(diags)),
    }
}

fn problems(diags: briefing::diag::Diagnostics) -> Vec<String> {
    diags
        .sorted()
        .iter()
        .map(briefing::diag::render_human)
        .collect()
}

#[derive(PartialEq)]
enum Outcome {
    Built {
        files: Vec<(String, Vec<u8>)>,
        report: Vec<String>,
    },
    Failed(Vec<String>),
}

/// Panics with the first difference between a rebuild and a clean build.
fn assert_same(what: &str, rebuilt: &Outcome, clean: &Outcome) {
    match (rebuilt, clean) {
        (
            Outcome::Built { files, report },
            Outcome::Built {
                files: clean_files,
                report: clean_report,
            },
        ) => {
            assert_eq!(report, clean_report, "{what}: the problems reported differ");
            let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            let clean_paths: Vec<&str> = clean_files.iter().map(|(p, _)| p.as_str()).collect();
            assert_eq!(paths, clean_paths, "{what}: the files differ");
            for ((path, bytes), (_, clean)) in files.iter().zip(clean_files) {
                if bytes != clean {
                    panic!(
                        "{what}: {path} differs from a clean build\n--- rebuilt:\n{}\n--- clean:\n{}",
                        String::from_utf8_lossy(bytes),
                        String::from_utf8_lossy(clean)
                    );
                }
            }
        }
        (Outcome::Failed(a), Outcome::Failed(b)) => {
            assert_eq!(a, b, "{what}: the errors differ from a clean build's");
        }
        (Outcome::Built { .. }, Outcome::Failed(e)) => {
            panic!(
                "{what}: the rebuild built, a clean build failed:\n{}",
                e.join("")
            )
        }
        (Outcome::Failed(e), Outcome::Built { .. }) => {
            panic!(
                "{what}: the rebuild failed, a clean build did not:\n{}",
                e.join("")
            )
        }
    }
}

/// Sets every file's modification time below `root` an hour back.
fn backdate(root: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let f = std::fs::File::options().write(true).open(e.path()).unwrap();
            f.set_modified(hour_ago).unwrap();
        }
    }
}

fn apply(root: &Path, change: &Change) {
    match change {
        Replace(rel, from, to) => {
            let p = root.join(rel);
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(text.contains(from), "{rel} lacks {from:?}");
            std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        }
        Write(rel, text) => {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        Remove(rel) => std::fs::remove_file(root.join(rel)).unwrap(),
    }
}

#[test]
fn every_serve_rebuild_equals_a_clean_build() {
    rebuilds_equal_clean_builds(Told::Files);
}

/// As when `serve`'s watcher lost events: the cache is not told which
/// files changed, and finds out from their stamps.
#[test]
fn every_serve_rebuild_equals_a_clean_build_when_not_told_what_changed() {
    rebuilds_equal_clean_builds(Told::Nothing);
}

/// What the cache is told before each rebuild.
#[derive(Clone, Copy, PartialEq)]
enum Told {
    /// The files each edit wrote or removed, as `serve`'s watcher tells it.
    Files,
    /// Nothing.
    Nothing,
}

/// The fixture with its files an hour old, built once with a cache as
/// `serve` builds at start: the site, its options and the cache. Files an
/// hour old are settled: told nothing about them, the cache takes them as
/// they were without a look (a file written just now is always stamped,
/// whatever the cache is told).
fn built_fixture() -> (SiteTest, BuildOptions, Cache) {
    let site = fixture();
    backdate(site.root());
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output: site.public(),
        base_url: None,
        drafts: false,
    };
    let mut cache = Cache::default();
    if let Outcome::Failed(e) = outcome(site::generate_cached(&opts, &mut cache)) {
        panic!("the fixture site does not build:\n{}", e.join(""));
    }
    (site, opts, cache)
}

fn rebuilds_equal_clean_builds(told: Told) {
    let (site, opts, mut cache) = built_fixture();
    for e in edits() {
        for change in &e.changes {
            apply(site.root(), change);
        }
        if told == Told::Files {
            let files = e.changes.iter().map(|c| match c {
                Replace(rel, ..) | Write(rel, _) | Remove(rel) => std::path::PathBuf::from(rel),
            });
            cache.tell_changed(Some(files.collect()));
        }
        let rebuilt = outcome(site::generate_cached(&opts, &mut cache));
        let clean = outcome(site::generate_cached(&opts, &mut Cache::default()));
        assert_eq!(
            matches!(clean, Outcome::Built { .. }),
            e.builds,
            "{}: the fixture's expectation",
            e.what
        );
        assert_same(e.what, &rebuilt, &clean);
    }
}

/// The watcher lost events after it told of an edit: what it told before
/// is forgotten, and the rebuild walks and stamps every input again, so
/// it finds the page added meanwhile.
#[test]
fn told_that_what_changed_is_unknown_a_rebuild_looks_at_everything() {
    let (site, opts, mut cache) = built_fixture();
    cache.tell_changed(Some(Vec::new()));
    apply(
        site.root(),
        &Write(
            "content/briefs/delta.md",
            "+++\ntitle = \"Delta\"\n+++\nA page added while events were lost.\n".into(),
        ),
    );
    cache.tell_changed(None);
    let rebuilt = outcome(site::generate_cached(&opts, &mut cache));
    let clean = outcome(site::generate_cached(&opts, &mut Cache::default()));
    assert_same("a page added while events were lost", &rebuilt, &clean);
}
