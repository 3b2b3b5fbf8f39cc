//! Diagnostics: positioned errors and warnings, collected across a whole build
//! and printed together.
//!
//! Every stage reports problems into a [`Diagnostics`] list instead of stopping
//! at the first one, so an editor sees all the problems of a change at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in an input file: path relative to the site root, 1-based line
/// and column (columns count characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// How many characters to underline (at least one is shown).
    pub len: usize,
}

impl Span {
    pub fn new(file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Span {
            file: file.into(),
            line,
            col,
            len: 1,
        }
    }

    /// A span covering the whole file (no line is known).
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span::new(file, 0, 0)
    }

    /// The span of byte range `start..end` of `text`, which is the content of `file`
    /// starting at `base_line` (1-based) — used for text embedded in a larger file.
    pub fn of_range(file: &Path, text: &str, start: usize, end: usize, base_line: usize) -> Self {
        // A start inside a character counts from that character.
        let start = floor_char_boundary(text, start.min(text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Span::on_line(file, text, (line, line_start), start, end, base_line)
    }

    /// [`Span::of_range`] for one of many spans in one text: `lines` is
    /// [`line_starts`]`(text)`, so that finding the line is a binary search,
    /// not a count from the text's start.
    pub fn of_range_in(
        file: &Path,
        text: &str,
        lines: &[usize],
        start: usize,
        end: usize,
        base_line: usize,
    ) -> Self {
        let start = floor_char_boundary(text, start.min(text.len()));
        let line = lines.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = lines.get(line).copied().unwrap_or(0).min(start);
        Span::on_line(file, text, (line, line_start), start, end, base_line)
    }

    /// The span of `start..end` of `text` (`start` on a character's
    /// boundary) on line `line` (0-based), which starts at byte
    /// `line_start`.
    fn on_line(
        file: &Path,
        text: &str,
        (line, line_start): (usize, usize),
        start: usize,
        end: usize,
        base_line: usize,
    ) -> Self {
        let col = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let first_line_end = text[start..end].find('\n').map_or(end, |i| start + i);
        let len = text[start..first_line_end].chars().count().max(1);
        Span {
            file: file.to_path_buf(),
            line: base_line + line,
            col,
            len,
        }
    }

    /// The text of this span's line in `text`, the part of its file from
    /// line `first_line` on (`None` if the line is not in it).
    fn line_in(&self, text: &str, first_line: usize) -> Option<Box<str>> {
        if self.line == 0 || self.line < first_line {
            return None;
        }
        text.lines().nth(self.line - first_line).map(Box::from)
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }
}

/// Where each line of `text` starts: 0, and the byte after each `\n`.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string().replace('\\', "/");
        if self.line == 0 {
            write!(f, "{file}")
        } else {
            write!(f, "{file}:{}:{}", self.line, self.col)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// An input that failed to load, as the problems that follow from its
/// failure name it: a source by slug, or the glossary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    Source(String),
    Glossary,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Option<Span>,
    pub message: String,
    /// Extra lines: causes, hints.
    pub notes: Vec<String>,
    /// The text of the span's line, as the stage that found the problem
    /// read it (decoded, whatever the file's encoding), shown under the
    /// message. Set by [`Diagnostic::quoting`] or [`Diagnostics::quote`].
    pub excerpt: Option<Box<str>>,
    /// How this error stands to an input that failed to load (boxed: most
    /// errors have none, and every error is passed around by value).
    pub relation: Option<Box<Relation>>,
}

/// An error's place among causes and consequences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The error is the loading failure of this input.
    Causes(Cause),
    /// The error would follow from this input's loading failure: if that
    /// input failed, it is left out (see [`Diagnostics::settle`]).
    Follows(Cause),
}

impl Diagnostic {
    pub fn error(span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            notes: Vec::new(),
            excerpt: None,
            relation: None,
        }
    }

    pub fn warning(span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    pub fn at(span: Span, message: impl Into<String>) -> Self {
        Diagnostic::error(Some(span), message)
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// This error as the loading failure of `cause`.
    pub fn causes(mut self, cause: Cause) -> Self {
        self.relation = Some(Box::new(Relation::Causes(cause)));
        self
    }

    /// This error as one that follows when `cause` failed to load.
    pub fn follows(mut self, cause: Cause) -> Self {
        self.relation = Some(Box::new(Relation::Follows(cause)));
        self
    }

    /// An error caused by an IO or library error: the cause chain becomes notes.
    pub fn caused_by(mut self, err: &(dyn std::error::Error + 'static)) -> Self {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(c) = cause {
            self.notes.push(format!("caused by: {c}"));
            cause = c.source();
        }
        self
    }

    /// This diagnostic with its span's line quoted from `text`, the part of
    /// its file from line `first_line` on (unless a line is quoted already,
    /// or the span is not in `text`).
    pub fn quoting(mut self, text: &str, first_line: usize) -> Self {
        if self.excerpt.is_none() {
            self.excerpt = self.span.as_ref().and_then(|s| s.line_in(text, first_line));
        }
        self
    }

    /// The input this error is the loading failure of.
    pub fn cause(&self) -> Option<&Cause> {
        match self.relation.as_deref() {
            Some(Relation::Causes(c)) => Some(c),
            _ => None,
        }
    }

    /// The input whose loading failure this error would follow from.
    pub fn follows_from(&self) -> Option<&Cause> {
        match self.relation.as_deref() {
            Some(Relation::Follows(c)) => Some(c),
            _ => None,
        }
    }

    /// Causes first (an input's loading failure before everything else),
    /// then by file, line and column.
    fn sort_key(&self) -> (bool, Option<&Span>, Severity, &str) {
        (
            self.cause().is_none(),
            self.span.as_ref(),
            self.severity,
            &self.message,
        )
    }
}

/// A collection of diagnostics for one build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A list of one.
    pub fn of(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Causes first: the errors that only follow from an input that failed
    /// to load are left out, and the first error of that failure says how
    /// many ("…and 10 errors that follow from it").
    pub fn settle(&mut self) {
        use std::collections::BTreeMap;
        let failed: std::collections::BTreeSet<Cause> = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter_map(|d| d.cause().cloned())
            .collect();
        if failed.is_empty() {
            return;
        }
        let mut left_out: BTreeMap<Cause, usize> = BTreeMap::new();
        self.items.retain(|d| match d.follows_from() {
            Some(c) if failed.contains(c) => {
                *left_out.entry(c.clone()).or_default() += 1;
                false
            }
            _ => true,
        });
        for (cause, n) in left_out {
            let first = self
                .items
                .iter_mut()
                .filter(|d| d.cause() == Some(&cause))
                .min_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            if let Some(d) = first {
                d.notes.push(format!(
                    "…and {n} error{} that follow{} from it (not shown)",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" }
                ));
            }
        }
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Marks the errors from number `start` on as the loading failure of `cause`.
    pub fn mark_causes_from(&mut self, start: usize, cause: &Cause) {
        for d in self.items.iter_mut().skip(start) {
            if d.severity == Severity::Error {
                d.relation = Some(Box::new(Relation::Causes(cause.clone())));
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted causes first, then by file, line, column, so output is
    /// deterministic and reads top to bottom.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Quotes the line of every diagnostic in `file` that has none yet from
    /// `text`, the part of the file from line `first_line` on.
    pub fn quote(&mut self, file: &Path, text: &str, first_line: usize) {
        self.quote_from(|f| (f == file).then_some((text, first_line)));
    }

    /// Quotes the line of every diagnostic that has none yet from the text
    /// `texts` gives for its file: (text, the line it starts at).
    pub fn quote_from<'t>(&mut self, texts: impl Fn(&Path) -> Option<(&'t str, usize)>) {
        for d in self.items.iter_mut().filter(|d| d.excerpt.is_none()) {
            if let Some(span) = d.span.as_ref().filter(|s| s.line > 0) {
                d.excerpt = texts(&span.file).and_then(|(text, first)| span.line_in(text, first));
            }
        }
    }
}

/// Control characters from inputs are shown as `\u{..}` escapes, never sent
/// to the terminal (they could move the cursor or retitle the window), and so
/// are bidirectional controls and zero-width characters (which make a message
/// read other than it is).
fn printable(s: &str) -> String {
    crate::text::controls::visible(s).into_owned()
}

/// Formats a diagnostic for a terminal: `path:line:col: error: message`, the
/// offending source line (when the stage quoted it), and a caret underline.
pub fn render_human(d: &Diagnostic) -> String {
    printable(&render_raw(d))
}

fn render_raw(d: &Diagnostic) -> String {
    let mut out = String::new();
    match &d.span {
        Some(span) => {
            out.push_str(&format!("{span}: {}: {}\n", d.severity.label(), d.message));
            if let Some(line) = d.excerpt.as_deref().filter(|_| span.line > 0) {
                out.push_str(&excerpt(line, span));
            }
        }
        None => out.push_str(&format!("{}: {}\n", d.severity.label(), d.message)),
    }
    for n in &d.notes {
        out.push_str(&format!("  = {n}\n"));
    }
    out
}

/// The source line with a caret underline. Very long lines are cut around the
/// column so the excerpt stays readable.
fn excerpt(line: &str, span: &Span) -> String {
    let chars: Vec<char> = line
        .trim_end()
        .chars()
        .map(|c| {
            if crate::text::controls::is_hidden(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let col = span.col.saturating_sub(1).min(chars.len());
    // A long span is underlined for at most 60 characters.
    let len = span.len.clamp(1, 60);
    let start = col.saturating_sub(40);
    let end = (col + len + 40).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut lead = 0;
    if start > 0 {
        shown.insert(0, '…');
        lead = 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let gutter = span.line.to_string();
    let pad = " ".repeat(gutter.len());
    let width = |cs: &[char]| cs.iter().map(|c| char_width(*c)).sum::<usize>();
    let offset = lead + width(&chars[start..col]);
    let under = width(&chars[col..(col + len).min(chars.len()).max(col)]).max(1);
    format!(
        "{pad} |\n{gutter} | {shown}\n{pad} | {}{}\n",
        " ".repeat(offset),
        "^".repeat(under)
    )
}

/// Display width of a character in a terminal: East Asian wide characters take two cells.
fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A span found through the line index is the span found by
        /// counting from the text's start, at every place of any text.
        #[test]
        fn spans_through_the_line_index_are_the_same(
            text in "[a\n中é \r]{0,40}",
            start in 0usize..50,
            len in 0usize..10,
        ) {
            let lines = line_starts(&text);
            let file = Path::new("f");
            proptest::prop_assert_eq!(
                Span::of_range_in(file, &text, &lines, start, start + len, 3),
                Span::of_range(file, &text, start, start + len, 3)
            );
        }
    }

    #[test]
    fn span_of_range_counts_lines_and_chars() {
        let text = "ab\n中文x\n";
        let s = Span::of_range(Path::new("f.md"), text, 9, 10, 1);
        assert_eq!((s.line, s.col, s.len), (2, 3, 1));
        assert_eq!(s.to_string(), "f.md:2:3");
    }

    #[test]
    fn excerpt_underlines_wide_chars() {
        let span = Span::new("f", 3, 2).with_len(2);
        let e = excerpt("中文字", &span);
        assert_eq!(e, "  |\n3 | 中文字\n  |   ^^^^\n");
    }

    #[test]
    fn excerpts_are_the_lines_the_stage_quoted() {
        let text = "第一行\n稀土，镓\n";
        let d = Diagnostic::at(Span::new("seeds/gb.txt", 2, 4), "here");
        assert_eq!(
            render_human(&d.clone().quoting(text, 1)),
            "seeds/gb.txt:2:4: error: here\n  |\n2 | 稀土，镓\n  |       ^^\n"
        );
        // A part of the file starting at line 2, or a line already quoted.
        let quoted = d.clone().quoting("稀土，镓", 2);
        assert_eq!(quoted.excerpt.as_deref(), Some("稀土，镓"));
        assert_eq!(quoted.clone().quoting("other", 2).excerpt, quoted.excerpt);
        // Nothing quoted, nothing shown (the file is never read again).
        assert_eq!(render_human(&d), "seeds/gb.txt:2:4: error: here\n");
        let mut all = Diagnostics::new();
        all.push(d.clone());
        all.push(Diagnostic::at(Span::new("other.md", 1, 1), "there"));
        all.quote(Path::new("seeds/gb.txt"), text, 1);
        let lines: Vec<Option<&str>> = all.iter().map(|d| d.excerpt.as_deref()).collect();
        assert_eq!(lines, [Some("稀土，镓"), None]);
    }
}
