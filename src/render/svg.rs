//! The timeline overview: an inline SVG drawn at build time (no charting
//! library in the browser). One bar per year with events, its height the
//! number of events, each bar a link to its year on the timeline; runs of
//! years without events are collapsed into a gap mark, so a long quiet
//! stretch does not shrink the bars. Its words are the site's
//! (`timeline.chart_*`), escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::date::{PartialDate, Period};
use crate::i18n::Ui;
use crate::text::html::escape;

/// The chart's columns: a year with its number of events, or (`None`) a
/// collapsed gap between two such years.
fn columns(per_year: &BTreeMap<Period, usize>) -> Vec<Option<(Period, usize)>> {
    let mut columns = Vec::new();
    let mut prev: Option<Period> = None;
    for (&year, &n) in per_year {
        if prev.is_some_and(|p| year.first() > p.last() + 1) {
            columns.push(None);
        }
        columns.push(Some((year, n)));
        prev = Some(year);
    }
    columns
}

/// The overview SVG for the events (empty when there are none).
pub fn overview(dates: &[PartialDate], ui: &Ui) -> String {
    let mut per_year: BTreeMap<Period, usize> = BTreeMap::new();
    for d in dates {
        *per_year.entry(d.period()).or_default() += 1;
    }
    if per_year.is_empty() {
        return String::new();
    }
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let (bar, gap, gap_mark, height, top, bottom) =
        (34usize, 10usize, 22usize, 90usize, 20usize, 24usize);
    let columns = columns(&per_year);
    let width: usize = gap
        + columns
            .iter()
            .map(|c| {
                if c.is_some() {
                    bar + gap
                } else {
                    gap_mark + gap
                }
            })
            .sum::<usize>();
    let first = per_year.keys().next().copied().unwrap_or_default();
    let last = per_year.keys().next_back().copied().unwrap_or_default();
    let mut svg = String::new();
    let (first, last) = (ui.period(first), ui.period(last));
    let label = ui.text(
        "timeline.chart_label",
        &[("first", &first), ("last", &last)],
    );
    let _ = write!(
        svg,
        "<svg class=\"overview\" viewBox=\"0 0 {width} {h}\" width=\"{width}\" height=\"{h}\" role=\"group\" aria-label=\"{}\">",
        escape(&label),
        h = height + top + bottom
    );
    let mut x = gap;
    for col in columns {
        match col {
            Some((year, n)) => {
                let h = (n * height / max).max(3);
                let y = top + height - h;
                let bar_label = ui.count("timeline.chart_bar", n, &[("period", &ui.period(year))]);
                let first = year.first().to_string();
                let tick = if year.is_decade() {
                    ui.text("timeline.chart_decade", &[("decade", &first)])
                } else {
                    ui.text("timeline.chart_year", &[("year", &first)])
                };
                let _ = write!(
                    svg,
                    "<a href=\"#y{year}\" aria-label=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\" rx=\"3\"></rect><text x=\"{cx}\" y=\"{ly}\" text-anchor=\"middle\" class=\"year\">{}</text></a><text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" class=\"count\" aria-hidden=\"true\">{n}</text>",
                    escape(&bar_label),
                    escape(&tick),
                    cx = x + bar / 2,
                    ty = y.saturating_sub(5),
                    ly = top + height + 17,
                );
                x += bar + gap;
            }
            None => {
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"gap\" aria-hidden=\"true\">⋯</text>",
                    x + gap_mark / 2,
                    top + height - 2
                );
                x += gap_mark + gap;
            }
        }
    }
    svg.push_str("</svg>");
    svg
}
