//! Measures what `briefing serve` does after an edit: one full build with a
//! cache (as `serve` does at start), then an edit of one page, then the
//! incremental rebuild up to the reload, printing the stage timings of both,
//! and the search index that `serve` builds after the reload.
//!
//! ```sh
//! cargo run --release --example rebuild -- SITE_ROOT content/briefs/x.md [runs]
//! ```
//!
//! The edit appends a sentence to the page (a different one each run) and
//! the file is restored afterwards. Used by `bench/run`.

use std::path::PathBuf;
use std::time::Instant;

use briefing::site::{self, BuildOptions, Cache};

// The same allocator as the `briefing` binary, so the numbers match `serve`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    briefing::allocator::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(page)) = (args.first(), args.get(1)) else {
        eprintln!("usage: rebuild SITE_ROOT PAGE_UNDER_ROOT [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let root = PathBuf::from(root);
    let path = root.join(page);
    let original = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    };
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
    let mut times = Vec::new();
    let mut search_times = Vec::new();
    for run in 0..runs {
        let edited = format!("{original}\nAn added sentence, edit number {run}.\n");
        if let Err(e) = std::fs::write(&path, edited) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
        let t = Instant::now();
        let built = site::generate_cached(&opts, &mut cache);
        let took = t.elapsed();
        times.push(took.as_secs_f64() * 1e3);
        match built {
            Ok(b) => {
                let fresh = b.files.iter().filter(|f| f.is_html() && !f.reused).count();
                // What `serve` does after the reload.
                let t = Instant::now();
                let search = b.deferred_search.as_ref().map(site::search_files);
                let search_ms = t.elapsed().as_secs_f64() * 1e3;
                search_times.push(search_ms);
                drop(search);
                println!(
                    "edit {run}: {:.1} ms to reload, {fresh} of {} pages rendered again; then the search index in {search_ms:.1} ms",
                    took.as_secs_f64() * 1e3,
                    b.pages
                );
                if run == runs - 1 {
                    print_stages(&b.timings);
                }
            }
            Err(_) => println!("edit {run}: the edited site does not build"),
        }
    }
    let _ = std::fs::write(&path, original);
    times.sort_by(f64::total_cmp);
    search_times.sort_by(f64::total_cmp);
    if let (Some(m), Some(s)) = (
        times.get(times.len() / 2),
        search_times.get(search_times.len() / 2),
    ) {
        println!(
            "median one-page rebuild: {m:.1} ms to reload, then {s:.1} ms for the search index"
        );
    }
}

fn print_stages(t: &site::Timings) {
    for (name, d) in &t.0 {
        println!("  {name:<10} {:>9.1} ms", d.as_secs_f64() * 1e3);
    }
}
