//! Measures what `briefing serve` does after an edit: one full build with a
//! cache (as `serve` does at start), then edits and the incremental rebuild
//! after each, up to the reload, printing the stage timings, and the search
//! index that `serve` builds after the reload.
//!
//! ```sh
//! cargo run --release --example rebuild -- SITE_ROOT content/briefs/x.md [RUNS]
//! cargo run --release --example rebuild -- SITE_ROOT --kinds [ROUNDS]
//! ```
//!
//! With a page, each run appends a sentence to it (a different one each
//! run). With `--kinds`, each round makes one edit of each kind — a
//! sentence added to the first brief, the second brief's title, the first
//! event's date, an alias added to a term of the glossary, a sentence added
//! to a paragraph of the first seed (four rounds by default: 20 edits) —
//! and the median and 90th percentile (nearest rank) of each kind and of
//! all are printed. Every file is restored afterwards. Used by
//! `bench/run`.
//!
//! Each rebuild is told which file changed, as `serve`'s watcher tells it;
//! with `--unwatched` (last) it is not, as when the watcher lost events.
//! `--no-search` (last) leaves out the search index after each reload (to
//! profile the rebuilds alone); `--verify` (last) builds the edited site
//! afresh after each rebuild and compares every file with the rebuild's,
//! byte for byte (exit code 1 if one differs), as the test suite does on
//! its small fixture site; `--only NAME` (last) makes only the edits
//! of the kinds whose name starts with NAME (`--only "term alias"`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use briefing::site::{self, BuildOptions, Cache};

// The same allocator as the `briefing` binary, so the numbers match `serve`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A kind of edit: its name, the file it edits (under the site root) and
/// how the file's text reads after edit number `n`.
struct Kind {
    name: &'static str,
    file: PathBuf,
    original: String,
    edit: fn(&str, usize) -> Option<String>,
}

fn main() {
    briefing::allocator::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(what)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: rebuild SITE_ROOT PAGE_UNDER_ROOT [RUNS] | rebuild SITE_ROOT --kinds [ROUNDS]"
        );
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let count: Option<usize> = args.get(2).and_then(|r| r.parse().ok());
    let watched = !args.iter().any(|a| a == "--unwatched");
    let search_after = !args.iter().any(|a| a == "--no-search");
    let verify = args.iter().any(|a| a == "--verify");
    let mut differed = false;
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    let kinds = if what == "--kinds" {
        let mut kinds = every_kind(&root);
        kinds.retain(|k| only.is_none_or(|o| k.name.starts_with(o.as_str())));
        kinds
    } else {
        vec![kind("brief text", &root, Path::new(what), add_sentence)]
    };
    let rounds = count.unwrap_or(if what == "--kinds" { 4 } else { 5 });
    let opts = BuildOptions {
        root: root.clone(),
        output: root.join("public"),
        base_url: None,
        drafts: false,
    };
    let mut cache = Cache::default();
    let t = Instant::now();
    let first = site::generate_cached(&opts, &mut cache);
    let full = t.elapsed();
    let Ok(first) = first else {
        eprintln!("the site does not build");
        std::process::exit(1);
    };
    println!(
        "full build with cache: {} pages in {:.1} ms",
        first.pages,
        full.as_secs_f64() * 1e3
    );
    print_stages(&first.timings);
    drop(first);
    // (kind, wall ms, CPU ms) of each edit.
    let mut times: Vec<(&str, f64, f64)> = Vec::new();
    let mut search_times = Vec::new();
    for round in 0..rounds {
        for k in &kinds {
            let Some(edited) = (k.edit)(&k.original, round) else {
                eprintln!("{}: no place for a {} edit", k.file.display(), k.name);
                restore(&root, &kinds);
                std::process::exit(1);
            };
            if let Err(e) = std::fs::write(root.join(&k.file), edited) {
                eprintln!("{}: {e}", k.file.display());
                restore(&root, &kinds);
                std::process::exit(1);
            }
            let (t, cpu) = (Instant::now(), cpu_ms());
            // What `serve`'s watcher tells the cache (unless `--unwatched`).
            if watched {
                cache.tell_changed(Some(vec![k.file.clone()]));
            }
            let built = site::generate_cached(&opts, &mut cache);
            let took = t.elapsed().as_secs_f64() * 1e3;
            let cpu = cpu_ms() - cpu;
            times.push((k.name, took, cpu));
            let Ok(b) = built else {
                println!("{} {round}: the edited site does not build", k.name);
                continue;
            };
            let fresh = b.files.iter().filter(|f| f.is_html() && !f.reused).count();
            // What `serve` does after the reload.
            let t = Instant::now();
            let search = b
                .deferred_search
                .as_ref()
                .filter(|_| search_after)
                .map(site::search_files);
            let search_ms = t.elapsed().as_secs_f64() * 1e3;
            search_times.push(search_ms);
            drop(search);
            println!(
                "{} {round}: {took:.1} ms to reload ({cpu:.1} ms of CPU), {fresh} of {} pages rendered again; then the search index in {search_ms:.1} ms",
                k.name, b.pages
            );
            if round == rounds - 1 {
                print_stages(&b.timings);
            }
            if verify {
                differed |= !same_as_afresh(&opts, &b, k.name, round);
            }
        }
    }
    restore(&root, &kinds);
    summary(&kinds, &times, &mut search_times);
    if differed {
        std::process::exit(1);
    }
}

/// Whether the files of `rebuilt` (with its search index) are those of a
/// build of the same site afresh, byte for byte; the first that differ
/// are named.
fn same_as_afresh(opts: &BuildOptions, rebuilt: &site::Built, kind: &str, round: usize) -> bool {
    let files = |b: &site::Built| {
        let search = b.deferred_search.as_ref().map(site::search_files);
        let all = b.files.iter().cloned().chain(search.into_iter().flatten());
        let mut all: Vec<(String, std::sync::Arc<Vec<u8>>)> =
            all.map(|f| (f.path, f.bytes)).collect();
        all.sort();
        all
    };
    let Ok(afresh) = site::generate_cached(opts, &mut Cache::default()) else {
        println!("{kind} {round}: the site does not build afresh");
        return false;
    };
    let (rebuilt, afresh) = (files(rebuilt), files(&afresh));
    let differ: Vec<&str> = rebuilt
        .iter()
        .zip(&afresh)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .take(5)
        .collect();
    if differ.is_empty() && rebuilt.len() == afresh.len() {
        println!("{kind} {round}: every file is as built afresh");
        return true;
    }
    println!(
        "{kind} {round}: {} and {} files; differ: {differ:?}",
        rebuilt.len(),
        afresh.len()
    );
    false
}

/// The five kinds of edit: the text of the first brief, the title of the
/// second, the date of the first event, the glossary, the first seed.
fn every_kind(root: &Path) -> Vec<Kind> {
    let nth = |dir: &str, ext: &str, n: usize| -> PathBuf {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .filter(|p| p.file_name().is_none_or(|n| n != "_index.md"))
            .collect();
        names.sort();
        match names.get(n).and_then(|p| p.strip_prefix(root).ok()) {
            Some(p) => p.to_path_buf(),
            None => {
                eprintln!("{dir}: fewer than {} .{ext} files", n + 1);
                std::process::exit(1);
            }
        }
    };
    vec![
        kind(
            "brief text",
            root,
            &nth("content/briefs", "md", 0),
            add_sentence,
        ),
        kind(
            "brief title",
            root,
            &nth("content/briefs", "md", 1),
            retitle,
        ),
        kind("event date", root, &nth("content/events", "md", 0), redate),
        kind(
            "term alias",
            root,
            Path::new("content/glossary.toml"),
            add_alias,
        ),
        kind(
            "seed paragraph",
            root,
            &nth("seeds", "txt", 0),
            extend_paragraph,
        ),
    ]
}

fn kind(
    name: &'static str,
    root: &Path,
    file: &Path,
    edit: fn(&str, usize) -> Option<String>,
) -> Kind {
    let original = match std::fs::read_to_string(root.join(file)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            std::process::exit(1);
        }
    };
    Kind {
        name,
        file: file.to_path_buf(),
        original,
        edit,
    }
}

fn restore(root: &Path, kinds: &[Kind]) {
    for k in kinds {
        let _ = std::fs::write(root.join(&k.file), &k.original);
    }
}

/// A sentence added at the end of a page.
fn add_sentence(text: &str, n: usize) -> Option<String> {
    Some(format!("{text}\nAn added sentence, edit number {n}.\n"))
}

/// The first `title = "…"` line with words added to the title.
fn retitle(text: &str, n: usize) -> Option<String> {
    replace_line(text, "title = \"", |line| {
        let body = line.strip_suffix('"')?;
        Some(format!("{body} (edit {n})\""))
    })
}

/// The first `date = "…"` line with another year.
fn redate(text: &str, n: usize) -> Option<String> {
    replace_line(text, "date = \"", |line| {
        let year: i32 = line.get(8..12)?.parse().ok()?;
        let rest = line.get(12..)?;
        let other = if year > 1990 {
            year - 1 - n as i32
        } else {
            year + 1 + n as i32
        };
        Some(format!("date = \"{other}{rest}"))
    })
}

/// An alias added to the first term with an `aliases = [` line.
fn add_alias(text: &str, n: usize) -> Option<String> {
    replace_line(text, "aliases = [", |line| {
        let rest = line.strip_prefix("aliases = [")?;
        let sep = if rest.starts_with(']') { "" } else { ", " };
        Some(format!("aliases = [\"Edited alias {n}\"{sep}{rest}"))
    })
}

/// A sentence added to the longest line of a seed (a paragraph of its text).
fn extend_paragraph(text: &str, n: usize) -> Option<String> {
    let longest = text.lines().enumerate().max_by_key(|(_, l)| l.len())?.0;
    let mut out = String::with_capacity(text.len() + 40);
    for (i, line) in text.lines().enumerate() {
        out.push_str(line);
        if i == longest {
            out.push_str(&format!(" An added sentence, edit number {n}."));
        }
        out.push('\n');
    }
    Some(out)
}

/// `text` with its first line starting with `start` replaced by `f(line)`.
fn replace_line(text: &str, start: &str, f: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut done = false;
    let mut out = String::with_capacity(text.len() + 40);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if !done && body.starts_with(start) {
            out.push_str(&f(body)?);
            out.push_str(end);
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}

/// The median and 90th percentile of each kind and of all edits, of the
/// wall time and of the CPU time.
fn summary(kinds: &[Kind], times: &[(&str, f64, f64)], search_times: &mut [f64]) {
    let stats = |mut v: Vec<f64>| -> (f64, f64) {
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
        (at(0.5), at(0.9))
    };
    let line = |name: &str, of: &[&(&str, f64, f64)]| {
        let (p50, p90) = stats(of.iter().map(|t| t.1).collect());
        let (c50, c90) = stats(of.iter().map(|t| t.2).collect());
        println!(
            "{name:<15} p50 {p50:.1} ms, p90 {p90:.1} ms to reload; CPU p50 {c50:.1} ms, p90 {c90:.1} ms ({} edits)",
            of.len()
        );
    };
    for k in kinds {
        let of: Vec<&(&str, f64, f64)> = times.iter().filter(|t| t.0 == k.name).collect();
        if !of.is_empty() && kinds.len() > 1 {
            line(k.name, &of);
        }
    }
    if times.is_empty() {
        return;
    }
    line("all", &times.iter().collect::<Vec<_>>());
    search_times.sort_by(f64::total_cmp);
    if let Some(s) = search_times.get(search_times.len() / 2) {
        println!("then the search index: median {s:.1} ms");
    }
}

/// The CPU time of every thread of this process so far, in milliseconds
/// (Linux: the threads' scheduler statistics; 0 elsewhere). On a machine
/// that others load too, it varies less than the wall time.
fn cpu_ms() -> f64 {
    let ns: u64 = std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e6
}

fn print_stages(t: &site::Timings) {
    for (name, d) in &t.0 {
        println!("  {name:<10} {:>9.1} ms", d.as_secs_f64() * 1e3);
    }
}
