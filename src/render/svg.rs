//! The timeline overview: an inline SVG drawn at build time (no charting
//! library in the browser). One bar per year, its height the number of events,
//! each bar linking to its year on the timeline.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::EventDoc;

/// The overview SVG for the events (empty when there are none).
pub fn overview(events: &[EventDoc]) -> String {
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for e in events {
        *per_year.entry(e.event.date.year).or_default() += 1;
    }
    let (Some(&first), Some(&last)) = (per_year.keys().next(), per_year.keys().next_back()) else {
        return String::new();
    };
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let years = (last - first + 1) as usize;
    let (bar, gap, height, top, bottom) = (28usize, 8usize, 120usize, 18usize, 22usize);
    let width = years * (bar + gap) + gap;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"overview\" viewBox=\"0 0 {width} {}\" role=\"img\" aria-labelledby=\"overview-title\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"overview-title\">Events per year, {first}–{last}</title>",
        height + top + bottom
    );
    for (i, year) in (first..=last).enumerate() {
        let x = gap + i * (bar + gap);
        let n = per_year.get(&year).copied().unwrap_or(0);
        let h = n * height / max;
        let y = top + height - h;
        if n > 0 {
            let _ = write!(
                svg,
                "<a href=\"#y{year}\"><rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\" rx=\"3\"><title>{year}: {n} event{s}</title></rect><text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" class=\"count\">{n}</text></a>",
                s = if n == 1 { "" } else { "s" },
                cx = x + bar / 2,
                ty = y.saturating_sub(4),
            );
        }
        if n > 0 || year % 5 == 0 || year == first || year == last {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"year\">{}</text>",
                x + bar / 2,
                top + height + 16,
                if years > 12 && n == 0 {
                    format!("{year}")
                } else {
                    format!("’{:02}", year % 100)
                }
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
