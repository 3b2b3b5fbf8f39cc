//! Which folder `build --output DIR` may replace. Never an input folder or
//! the site root, and an existing folder only if its manifest parses, was
//! written by briefing and lists every file there.

use std::path::Path;

use crate::site_test::SiteTest;

/// Every file below `dir` with its bytes, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below").to_string_lossy();
            (
                rel.replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

/// The output may not be, hold or sit inside an input folder or the root,
/// even when a manifest copied there makes it look like a build.
#[test]
fn the_output_may_not_be_or_overlap_an_input_folder() {
    let site = SiteTest::with_seed()
        .file(
            "themes/mine/templates/page.html",
            "{% extends \"base.html\" %}",
        )
        .file("templates/.keep", "")
        .file("static/logo.txt", "logo");
    site.build().success();
    let manifest = site.read("briefing-manifest.json");
    for input in ["content", "seeds", "themes", "templates", "static"] {
        std::fs::write(
            site.root().join(input).join("briefing-manifest.json"),
            &manifest,
        )
        .expect("a manifest copied into an input folder");
    }
    let inputs = files(site.root());
    for (output, message) in [
        (
            "content",
            "the output folder content is the input folder content/",
        ),
        (
            "seeds",
            "the output folder seeds is the input folder seeds/",
        ),
        ("./themes/../seeds", "is the input folder seeds/"),
        (
            "themes/mine",
            "the output folder themes/mine is inside the input folder themes/",
        ),
        ("templates", "is the input folder templates/"),
        ("static/out", "is inside the input folder static/"),
        (".", "the output folder . is or contains the site itself"),
        ("..", "is or contains the site itself"),
    ] {
        site.run(&["build", "--output", output])
            .failure()
            .stderr_contains(message);
        assert!(
            files(site.root()) == inputs,
            "--output {output} changed the inputs"
        );
    }
    // A folder that holds an input folder: the site root's parent is
    // covered above; an output holding `content/` through a link is too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.root().join("content"), site.root().join("linked"))
            .expect("a link to content/");
        site.run(&["build", "--output", "linked"])
            .failure()
            .stderr_contains("is the input folder content/");
        assert!(files(&site.root().join("content")) == files(&site.root().join("linked")));
    }
}

/// A folder with a manifest is replaced only if the manifest parses, names
/// briefing, and lists every file; files it does not list are named.
#[test]
fn a_folder_is_replaced_only_if_its_manifest_lists_every_file() {
    let site = SiteTest::with_seed();
    site.run(&["build", "--output", "out"]).success();
    let real = std::fs::read_to_string(site.root().join("out/briefing-manifest.json"))
        .expect("the manifest");
    let folder = site.root().join("elsewhere");
    let cases: [(&str, &str); 4] = [
        ("", "the output folder elsewhere exists and was not written by briefing (its briefing-manifest.json does not parse"),
        ("garbage {", "its briefing-manifest.json does not parse"),
        (
            "{\"version\": 2, \"generator\": \"other\", \"pages\": {}, \"files\": [\"precious.txt\"]}",
            "does not name briefing as its generator",
        ),
        (
            "{\"version\": 1, \"pages\": {\"index.html\": {}}}",
            "the output folder elsewhere holds 1 file that its briefing-manifest.json does not list, which a build would delete: precious.txt",
        ),
    ];
    for (manifest, message) in cases {
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::write(folder.join("precious.txt"), "keep me").expect("a file");
        std::fs::write(folder.join("briefing-manifest.json"), manifest).expect("a manifest");
        let before = files(&folder);
        site.run(&["build", "--output", "elsewhere"])
            .failure()
            .stderr_contains(message);
        assert!(files(&folder) == before, "{manifest:?}: the folder changed");
    }
    // A real build's manifest, and files it does not list: named, kept.
    std::fs::remove_dir_all(&folder).expect("clean");
    site.run(&["build", "--output", "elsewhere"]).success();
    std::fs::write(folder.join("notes.txt"), "mine").expect("a file of the user's");
    std::fs::create_dir_all(folder.join("sources/demo")).expect("a folder");
    std::fs::write(folder.join("sources/demo/draft.md"), "mine too").expect("another");
    let before = files(&folder);
    site.run(&["build", "--output", "elsewhere"])
        .failure()
        .stderr_contains("the output folder elsewhere holds 2 files that its briefing-manifest.json does not list, which a build would delete: notes.txt, sources/demo/draft.md");
    assert!(files(&folder) == before);
    // A build of the previous version (its manifest lists pages only) is
    // replaced: its other files are at the paths it wrote them.
    let mut v1: serde_json::Value = serde_json::from_str(&real).expect("JSON");
    let pages = v1["pages"].clone();
    v1 = serde_json::json!({"version": 1, "pages": pages});
    std::fs::write(folder.join("briefing-manifest.json"), v1.to_string()).expect("a v1 manifest");
    site.run(&["build", "--output", "elsewhere"])
        .failure()
        .stderr_contains("holds 2 files that its briefing-manifest.json does not list");
    // Without them it is replaced, and every file the build wrote is listed.
    std::fs::remove_file(folder.join("notes.txt")).expect("moved away");
    std::fs::remove_file(folder.join("sources/demo/draft.md")).expect("moved away");
    site.run(&["build", "--output", "elsewhere"]).success();
    let manifest: serde_json::Value = serde_json::from_str(&real).expect("the manifest is JSON");
    assert_eq!(manifest["generator"], "briefing");
    let listed: Vec<String> = manifest["files"]
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|f| f.as_str().expect("a path").to_string())
        .collect();
    let written: Vec<String> = files(&folder)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != "briefing-manifest.json")
        .collect();
    assert_eq!(listed, written);
    assert!(
        listed.iter().any(|p| p.starts_with("assets/search/")),
        "{listed:?}"
    );
}
