//! The layout rules of ARCHITECTURE.md that a test can hold: no module
//! imports one that imports it back — neither two top-level modules nor two
//! sibling submodules (a reference between two subtrees counts as one
//! between the two children of their common parent). References are every
//! `crate::…` and `super::…` path in the code, imports or not, comments and
//! strings left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path: `["model", "markdown"]` for `src/model/markdown/mod.rs`.
type ModPath = Vec<String>;

/// Why one child of a parent depends on another: the files that say so.
type Edges = BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>>;

/// The module path of a source file below `src/` (`None` for binaries).
fn module_of(rel: &str) -> Option<ModPath> {
    let rel = rel.strip_suffix(".rs")?;
    if rel == "main" || rel.starts_with("bin/") {
        return None;
    }
    let mut segs: ModPath = rel.split('/').map(str::to_string).collect();
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
        segs.pop();
    }
    Some(segs)
}

/// The code of a Rust file without comments, string and character literals.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && matches!(next, Some('#' | '"'))
            && !ident_char(b.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (b.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal (a lifetime has no closing quote).
            i += 1;
            while i < b.len() && b[i] != '\'' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Every path that starts with `root::` in `code`, with `{…}` groups
/// expanded: `crate::{a::B, c}` gives `a::B` and `c`.
fn paths_after(code: &str, root: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let pat = format!("{root}::");
    let mut from = 0;
    while let Some(at) = code[from..].find(&pat) {
        let start = from + at;
        from = start + pat.len();
        let before = code[..start].chars().next_back();
        if ident_char(before.as_ref()) || before == Some(':') {
            continue;
        }
        expand(&code[from..], Vec::new(), &mut found);
    }
    found
}

/// Expands the path (or `{…}` group) at the start of `s` after `prefix`.
fn expand(s: &str, prefix: Vec<String>, found: &mut Vec<Vec<String>>) {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0;
        let mut item_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(&group[item_start..i], prefix.clone(), found);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&group[item_start..i], prefix.clone(), found);
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let ident: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() {
        if !prefix.is_empty() {
            found.push(prefix);
        }
        return;
    }
    let mut path = prefix;
    path.push(ident.clone());
    let rest = &s[ident.len()..];
    match rest.trim_start().strip_prefix("::") {
        Some(more) => expand(more, path, found),
        None => found.push(path),
    }
}

/// The dependencies between children of each module, from the files
/// (path below `src/`, text).
fn edges(files: &[(String, String)]) -> Edges {
    let modules: BTreeSet<ModPath> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut edges = Edges::new();
    for (rel, text) in files {
        let Some(me) = module_of(rel) else { continue };
        let code = code_only(text);
        let mut targets = paths_after(&code, "crate");
        if !me.is_empty() {
            let parent = &me[..me.len() - 1];
            for p in paths_after(&code, "super") {
                targets.push(parent.iter().cloned().chain(p).collect());
            }
        }
        for path in targets {
            // The longest prefix that is a module: `model::markdown::Rendered`
            // is in `model::markdown`.
            let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            let common = me.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common < me.len() && common < target.len() {
                let from = me[..=common].to_vec();
                let to = target[..=common].to_vec();
                edges
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(rel.clone());
            }
        }
    }
    edges
}

/// Every pair of modules that depend on each other, directly or through
/// others: each cycle as its modules, and the files of its edges.
fn cycles(edges: &Edges) -> Vec<String> {
    let nodes: BTreeSet<&ModPath> = edges
        .keys()
        .chain(edges.values().flat_map(|t| t.keys()))
        .collect();
    let reaches = |from: &ModPath, to: &ModPath| -> bool {
        let mut seen: BTreeSet<&ModPath> = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            for next in edges.get(n).into_iter().flat_map(|t| t.keys()) {
                if next == to {
                    return true;
                }
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        false
    };
    let mut out = Vec::new();
    for a in &nodes {
        for (b, files) in edges.get(*a).into_iter().flatten() {
            if reaches(b, a) {
                out.push(format!(
                    "{} -> {} (in {}) is part of a cycle",
                    a.join("::"),
                    b.join("::"),
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    out
}

fn source_files(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let r = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if p.is_dir() {
            source_files(&p, &r, out);
        } else if name.ends_with(".rs") {
            out.push((r, std::fs::read_to_string(&p).expect("read a source file")));
        }
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut files = Vec::new();
    source_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut files,
    );
    assert!(files.len() > 20, "found {} files", files.len());
    let e = edges(&files);
    // The check sees the pipeline's dependencies at all.
    assert!(
        e.get(&vec!["render".to_string()])
            .is_some_and(|t| t.contains_key(&vec!["model".to_string()])),
        "render -> model not found: {e:?}"
    );
    let found = cycles(&e);
    assert!(
        found.is_empty(),
        "modules that depend on each other:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_cycles_between_modules_and_siblings() {
    let file = |p: &str, t: &str| (p.to_string(), t.to_string());
    // Top level, through a group import and a comment that does not count.
    let files = vec![
        file("a.rs", "use crate::{b::{X, Y}, c};\n// crate::d::Z\n"),
        file("b/mod.rs", "pub mod inner;"),
        file(
            "b/inner.rs",
            "fn f() { crate::a::g(); let s = \"crate::d::x\"; }",
        ),
        file("c.rs", ""),
        file("d.rs", "use crate::c::W;"),
    ];
    let found = cycles(&edges(&files));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("a -> b (in a.rs)"), "{found:?}");
    // Siblings: x and y below m, through `super::` and through a child.
    let files = vec![
        file("m/mod.rs", "mod x; mod y; fn helper() {}"),
        file("m/x.rs", "use super::y::T; use super::helper;"),
        file("m/y/mod.rs", "mod z;"),
        file("m/y/z.rs", "use crate::m::x::U;"),
    ];
    let found = cycles(&edges(&files));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("m::y -> m::x (in m/y/z.rs)")),
        "{found:?}"
    );
    // A parent and its child may use each other; an acyclic graph passes.
    let files = vec![
        file("m/mod.rs", "mod x; use x::T;"),
        file("m/x.rs", "use super::helper; use crate::n::Q;"),
        file("n.rs", ""),
    ];
    assert!(cycles(&edges(&files)).is_empty());
}
