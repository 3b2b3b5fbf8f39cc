//! `SiteTest`: a fixture site in a temporary folder, built by the real binary.
//!
//! ```ignore
//! SiteTest::new()
//!     .file("content/a.md", "+++\ntitle = \"A\"\n+++\nHello")
//!     .build()
//!     .success()
//!     .page_contains("a/index.html", "Hello");
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct SiteTest {
    dir: tempfile::TempDir,
}

/// A minimal seed with a sidecar, used by most fixtures.
pub const SEED: &str = "美国稀土战略的特征\n中国作为全球最大的稀土供应国与制造国,在稀土资源开采、加工和制成品生产方面长期占据主导地位。\n2024年12月1日,拜登政府将140家中国企业纳入出口管制清单。\nThe United States has elevated the establishment of a rare earth supply chain.\n";
/// The English translation of [`SEED`]'s Chinese blocks.
pub const TRANSLATION: &str = "language = \"en\"\n\n[[paragraph]]\nid = \"p-ad80df\"\noriginal = \"美国稀土战略的特征\"\ntext = \"Features of the US rare-earth strategy\"\n\n[[paragraph]]\nid = \"p-88fff7\"\noriginal = \"中国作为全球最大的稀土供应国与制造国,在稀土资源开采、加工和制成品生产方面长期占据主导地位。\"\ntext = \"As the world's largest supplier and manufacturer of rare earths, China has long held a dominant position in the mining and processing of rare-earth resources and the production of finished goods.\"\n\n[[paragraph]]\nid = \"p-634762\"\noriginal = \"2024年12月1日,拜登政府将140家中国企业纳入出口管制清单。\"\ntext = \"On 1 December 2024, the Biden administration added 140 Chinese companies to the export control list.\"\n";
pub const SIDECAR: &str = "slug = \"demo\"\ntitle = \"美国稀土战略\"\ntitle_en = \"US rare-earth strategy\"\nkind = \"think-tank column\"\npublished = \"2025\"\n";

impl SiteTest {
    /// An empty site with a config file.
    pub fn new() -> Self {
        let t = SiteTest {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        t.file("briefing.toml", "title = \"Test briefing\"\n")
    }

    /// A site with one seed (`demo`) and its translation, a glossary and a
    /// home page.
    pub fn with_seed() -> Self {
        SiteTest::new()
            .file("seeds/demo.txt", SEED)
            .file("seeds/demo.toml", SIDECAR)
            .file("content/translations/demo.toml", TRANSLATION)
            .file(
                "content/glossary.toml",
                "original_language = \"zh-Hans\"\n\n[[term]]\nid = \"china\"\nname = \"China\"\noriginal = \"中国\"\nkind = \"place\"\ndefinition = \"A country [](source:demo \\\"全球最大的稀土供应国\\\").\"\n\n[[term]]\nid = \"rare-earths\"\nname = \"rare earths\"\noriginal = \"稀土\"\nkind = \"concept\"\naliases = [\"rare earth\"]\ndefinition = \"Elements.\"\n",
            )
            .file("content/index.md", "+++\ntitle = \"Home\"\n+++\nWelcome. China leads [](source:demo \"长期占据主导地位\").\n")
    }

    pub fn file(self, rel: &str, text: &str) -> Self {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write fixture");
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Runs `briefing <args>` with the site as the working directory.
    pub fn run(&self, args: &[&str]) -> Run<'_> {
        let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run briefing");
        Run { site: self, output }
    }

    pub fn build(&self) -> Run<'_> {
        self.run(&["build"])
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.public().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Every file of the output folder with its bytes, sorted.
    pub fn snapshot_output(&self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(self.public())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(self.public())
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        v.sort();
        v
    }
}

pub struct Run<'a> {
    site: &'a SiteTest,
    pub output: Output,
}

impl<'a> Run<'a> {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Stderr with the temporary folder's path replaced by `[ROOT]`.
    pub fn stderr(&self) -> String {
        let s = String::from_utf8_lossy(&self.output.stderr).into_owned();
        s.replace(&self.site.root().display().to_string(), "[ROOT]")
    }

    pub fn success(self) -> Self {
        assert!(
            self.output.status.success(),
            "build failed:\n{}",
            self.stderr()
        );
        self
    }

    pub fn failure(self) -> Self {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "expected exit 1, got {:?}\nstdout: {}\nstderr: {}",
            self.output.status,
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn stderr_contains(self, needle: &str) -> Self {
        let e = self.stderr();
        assert!(e.contains(needle), "stderr lacks {needle:?}:\n{e}");
        self
    }

    pub fn page_contains(self, rel: &str, needle: &str) -> Self {
        let text = self.site.read(rel);
        assert!(text.contains(needle), "{rel} lacks {needle:?}:\n{text}");
        self
    }

    pub fn page_lacks(self, rel: &str, needle: &str) -> Self {
        let text = self.site.read(rel);
        assert!(!text.contains(needle), "{rel} contains {needle:?}");
        self
    }

    pub fn exists(self, rel: &str) -> Self {
        assert!(
            self.site.public().join(rel).is_file(),
            "{rel} was not written"
        );
        self
    }
}
