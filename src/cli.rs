//! The command line: `briefing build` and `briefing check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{self, Diagnostic, Diagnostics, Severity};
use crate::site::{self, BuildOptions};

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Build briefing websites: sources, citations, timeline and term index"
)]
pub struct Cli {
    /// More output: per-stage timings, seed encodings and cleaning.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Print only errors (and the warnings that fail `check --deny-warnings`).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// The site root (holding briefing.toml, content/, seeds/); before or
    /// after the subcommand.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (atomically).
    Build(BuildArgs),
    /// Run every check of a build without writing anything.
    Check(CheckArgs),
    /// Serve a live preview that rebuilds and reloads on every change.
    Serve(ServeArgs),
    /// Compare two builds (folders or manifests) as Markdown for a pull request.
    Diff {
        /// The old build folder (or its briefing-manifest.json).
        old: PathBuf,
        /// The new build folder (or its briefing-manifest.json).
        new: PathBuf,
    },
    /// Start a new site in DIR (default: the current folder): configuration,
    /// a sample source, pages and the GitHub workflows, ready to build.
    Init {
        /// The folder to create the site in (created if missing).
        dir: Option<PathBuf>,
    },
    /// Work on themes.
    Theme {
        #[command(subcommand)]
        what: ThemeCommand,
    },
    /// Scaffold content: a source, a summary, an event, a term, a brief, a page or a translation.
    New {
        #[command(subcommand)]
        what: NewKind,
    },
}

#[derive(Subcommand, Debug)]
enum NewKind {
    /// Copy a text file into seeds/ and write its sidecar (encoding, language, title and dates detected).
    Source {
        /// A text capture (.txt) or a saved web page (.html, converted to text).
        file: PathBuf,
        /// The source's slug (default: from the file name).
        #[arg(long)]
        slug: Option<String>,
    },
    /// A summary of a source in content/summaries/.
    Summary {
        /// The slug of the source summarised.
        source: String,
        /// The summary's file name (default: the source's slug).
        #[arg(long)]
        slug: Option<String>,
    },
    /// A timeline event file in content/events/.
    Event {
        title: String,
        /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
        #[arg(long, value_parser = parse_date)]
        date: String,
        /// The event's id (default: the date and the title).
        #[arg(long)]
        slug: Option<String>,
    },
    /// A glossary term appended to content/glossary.toml.
    Term {
        /// The term's id (default: from --slug, else from the name).
        id: Option<String>,
        #[arg(long)]
        name: String,
        /// One of the kinds the site lists (`term_kinds` in briefing.toml).
        #[arg(long)]
        kind: Option<String>,
        /// The term's id, as the other `new` commands take it.
        #[arg(long, conflicts_with = "id")]
        slug: Option<String>,
    },
    /// A brief in content/briefs/.
    Brief {
        title: String,
        /// The brief's file name (default: from the title).
        #[arg(long)]
        slug: Option<String>,
    },
    /// A top-level page in content/ (like an about page).
    Page {
        title: String,
        /// The page's file name (default: from the title).
        #[arg(long)]
        slug: Option<String>,
    },
    /// A translation file in content/translations/ for a source: each block
    /// not in the site's language with its original and an empty translation.
    /// Its name is the source's slug.
    Translation {
        /// The source's slug.
        source: String,
    },
}

/// A `--date` value: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (else a usage error).
fn parse_date(s: &str) -> Result<String, String> {
    crate::date::PartialDate::parse(s)
        .map(|d| d.iso())
        .map_err(|e| e.to_string())
}

#[derive(Subcommand, Debug)]
enum ThemeCommand {
    /// Write the default theme's templates and static files into DIR
    /// (default: themes/custom under the site root), to edit them.
    Export { dir: Option<PathBuf> },
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; other than 127.0.0.1 makes the preview reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Open the preview in a browser.
    #[arg(long)]
    open: bool,
}

#[derive(Args, Debug)]
struct SiteArgs {
    /// Include pages and events marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder (default: public/ under the site root).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Absolute URL the site is published at (for the feed and sitemap).
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Github,
    Json,
}

/// Runs the command line; returns the process exit code (0 ok, 1 content
/// errors, 2 usage errors: clap's own, and a site root that is not there).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let needs_root = !matches!(cli.command, Command::Diff { .. } | Command::Init { .. });
    if needs_root && !cli.root.is_dir() {
        eprintln!(
            "error: the site root {} is not a folder (start a site with `briefing init {}`)",
            cli.root.display(),
            cli.root.display()
        );
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build(ref args) => build(&cli, args),
        Command::Check(ref args) => check(&cli, args),
        Command::Serve(ref args) => serve(&cli, args),
        Command::Diff { ref old, ref new } => match crate::diff::report(old, new) {
            Ok(md) => {
                print!("{md}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Init { ref dir } => {
            let dir = dir.clone().unwrap_or_else(|| cli.root.clone());
            let code = report_created(crate::init::init(&dir), &dir);
            if code == ExitCode::SUCCESS && !cli.quiet {
                println!("{}", crate::init::next_steps(&dir));
            }
            code
        }
        Command::Theme {
            what: ThemeCommand::Export { ref dir },
        } => {
            let dir = dir
                .clone()
                .unwrap_or_else(|| cli.root.join("themes").join("custom"));
            let done = crate::init::export_theme(&dir);
            let code = report_created(done, Path::new(""));
            if code == ExitCode::SUCCESS && !cli.quiet {
                println!(
                    "edit them, then set `theme = \"{}\"` in briefing.toml if {} is themes/<name> of the site",
                    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    dir.display()
                );
            }
            code
        }
        Command::New { ref what } => new(&cli.root, what),
    }
}

/// Prints the files created (below `base`), or the error (exit 1).
fn report_created(done: Result<Vec<PathBuf>, String>, base: &Path) -> ExitCode {
    match done {
        Ok(paths) => {
            for p in paths {
                println!("created {}", base.join(p).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn serve(cli: &Cli, args: &ServeArgs) -> ExitCode {
    let opts = crate::serve::ServeOptions {
        build: BuildOptions {
            root: cli.root.clone(),
            output: cli.root.join("public"),
            base_url: None,
            drafts: args.site.drafts,
        },
        host: args.host.clone(),
        port: args.port,
        open: args.open,
    };
    match crate::serve::serve(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// `new`: a term's kind is checked against the site's kinds first (a usage
/// error), then the files are written.
fn new(root: &Path, what: &NewKind) -> ExitCode {
    use crate::scaffold::New;
    let what = match what {
        NewKind::Source { file, slug } => New::Source {
            file: file.clone(),
            slug: slug.clone(),
        },
        NewKind::Summary { source, slug } => New::Summary {
            source: source.clone(),
            slug: slug.clone(),
        },
        NewKind::Event { title, date, slug } => New::Event {
            title: title.clone(),
            date: date.clone(),
            slug: slug.clone(),
        },
        NewKind::Term {
            id,
            name,
            kind,
            slug,
        } => {
            let kinds = match site::load_config(root) {
                Ok(c) => c.term_kinds,
                Err(d) => {
                    print_diagnostics(Diagnostics::of(d), Format::Human, false);
                    return ExitCode::from(1);
                }
            };
            let kind = match kinds.choose(kind.as_deref()) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("error: --kind: {e}");
                    return ExitCode::from(2);
                }
            };
            New::Term {
                id: id.clone().or_else(|| slug.clone()),
                name: name.clone(),
                kind,
            }
        }
        NewKind::Brief { title, slug } => New::Brief {
            title: title.clone(),
            slug: slug.clone(),
        },
        NewKind::Page { title, slug } => New::Page {
            title: title.clone(),
            slug: slug.clone(),
        },
        NewKind::Translation { source } => New::Translation {
            source: source.clone(),
        },
    };
    report_created(crate::scaffold::create(root, &what), Path::new(""))
}

fn build(cli: &Cli, args: &BuildArgs) -> ExitCode {
    let start = Instant::now();
    let root = cli.root.clone();
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    if let Some(url) = &args.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            eprintln!("error: --base-url must be an absolute http(s) URL, got `{url}`");
            return ExitCode::from(2);
        }
    }
    let opts = BuildOptions {
        root: root.clone(),
        output: output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.site.drafts,
    };
    match site::build(&opts) {
        Ok((built, report)) => {
            print_diagnostics(built.warnings, Format::Human, cli.quiet);
            if !cli.quiet {
                for n in &built.notes {
                    eprintln!("note: {n}");
                }
            }
            if cli.verbose {
                for line in &built.seed_report {
                    eprintln!("  seed {line}");
                }
                for (stage, t) in &built.timings.0 {
                    eprintln!("  {stage:<9} {:>8.1} ms", t.as_secs_f64() * 1000.0);
                }
                eprintln!(
                    "  wrote {} files ({} bytes); {} unchanged files kept",
                    report.files, report.bytes, report.reused
                );
            }
            if !cli.quiet {
                println!(
                    "built {} pages ({} sources) in {} ms → {}",
                    built.pages,
                    built.sources,
                    start.elapsed().as_millis(),
                    display_dir(&output)
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let errors = diags.error_count();
            print_diagnostics(diags, Format::Human, cli.quiet);
            eprintln!(
                "build failed with {errors} error{}; {} left unchanged",
                plural(errors),
                display_dir(&output)
            );
            ExitCode::from(1)
        }
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> ExitCode {
    let root = cli.root.clone();
    let opts = BuildOptions {
        root: root.clone(),
        output: root.join("public"),
        base_url: None,
        drafts: args.site.drafts,
    };
    let diags = match site::check(&opts) {
        Ok(built) => built.warnings,
        Err(d) => d,
    };
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    // Quiet never hides what made the check fail.
    print_diagnostics(diags, args.format, cli.quiet && !args.deny_warnings);
    if args.format == Format::Human && !cli.quiet {
        eprintln!(
            "checked: {errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn display_dir(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    let s = s.strip_prefix("./").map(str::to_string).unwrap_or(s);
    if s.ends_with('/') {
        s
    } else {
        format!("{s}/")
    }
}

/// A diagnostic as a GitHub Actions annotation
/// (`::error file=…,line=…,col=…::message`), its notes on lines of their own.
fn annotation(d: &Diagnostic) -> String {
    let mut properties = Vec::new();
    if let Some(s) = &d.span {
        properties.push(("file", s.file.display().to_string().replace('\\', "/")));
        if s.line > 0 {
            properties.push(("line", s.line.to_string()));
            properties.push(("col", s.col.to_string()));
        }
    }
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push('\n');
        message.push_str(n);
    }
    crate::text::annotation::command(d.severity.label(), &properties, &message)
}

fn print_diagnostics(diags: Diagnostics, format: Format, quiet: bool) {
    let list: Vec<Diagnostic> = diags
        .sorted()
        .into_iter()
        .filter(|d| !(quiet && d.severity == Severity::Warning))
        .collect();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    match format {
        Format::Human => {
            for d in &list {
                let _ = write!(err, "{}", diag::render_human(d));
            }
        }
        Format::Github => {
            for d in &list {
                println!("{}", annotation(d));
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "severity": d.severity.label(),
                        "file": d.span.as_ref().map(|s| s.file.display().to_string().replace('\\', "/")),
                        "line": d.span.as_ref().filter(|s| s.line > 0).map(|s| s.line),
                        "column": d.span.as_ref().filter(|s| s.line > 0).map(|s| s.col),
                        "message": d.message,
                        "notes": d.notes,
                    })
                })
                .collect();
            println!("{}", crate::text::json::to_string(&items, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    #[test]
    fn annotations_escape_every_value() {
        let d = Diagnostic::at(Span::new("a,b.md", 2, 3), "50% bad\nline");
        assert_eq!(
            annotation(&d),
            "::error file=a%2Cb.md,line=2,col=3::50%25 bad%0Aline"
        );
        let whole = Diagnostic::error(Some(Span::file("x::y.md")), "m")
            .caused_by(&std::io::Error::other("gone"));
        assert_eq!(
            annotation(&whole),
            "::error file=x%3A%3Ay.md::m%0Acaused by: gone"
        );
    }
}
