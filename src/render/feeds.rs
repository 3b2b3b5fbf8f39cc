//! Publishing extras: the Atom feed of briefs and events, `sitemap.xml` and
//! `robots.txt`. Feed and sitemap need absolute URLs, so they are written only
//! when a base URL is configured (`base_url` or `--base-url`).

use std::fmt::Write;

use crate::date::PartialDate;
use crate::i18n::Ui;
use crate::model::{Model, PageDoc, PageKind};
use crate::render::ctx::RenderedHtml;
use crate::text::xml::escape;
use crate::urls;

/// Events in the feed (the newest).
const FEED_EVENTS: usize = 50;
/// Briefs in the feed carry their summary only when there are more than this.
const FEED_FULL_BRIEFS: usize = 50;

/// An absolute URL for a root-relative path.
fn absolute(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), urls::encode(path))
}

/// RFC 3339 timestamp of the first day of a partial date.
fn stamp(d: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

/// What the Atom feed is made from, and nothing else ([`atom`] reads only
/// this): its hash stands for the feed, so `serve` keeps the feed while
/// the hash stays the same.
#[derive(Hash)]
pub struct AtomInputs<'a> {
    title: &'a str,
    description: &'a str,
    base: &'a str,
    ui: &'a Ui,
    /// The newest date of any event or page: the feed's `updated`.
    newest: Option<PartialDate>,
    /// By weight, then output path.
    briefs: Vec<FeedBrief<'a>>,
    /// The newest events, newest first.
    events: Vec<FeedEvent<'a>>,
}

#[derive(Hash)]
struct FeedBrief<'a> {
    out: &'a str,
    title: &'a str,
    date: Option<PartialDate>,
    summary: &'a str,
    /// The text, when the briefs carry it.
    body: Option<RenderedHtml<'a>>,
}

#[derive(Hash)]
struct FeedEvent<'a> {
    target: String,
    date: PartialDate,
    approximate: bool,
    title: &'a str,
    body: RenderedHtml<'a>,
}

impl<'a> AtomInputs<'a> {
    /// The feed's inputs in `model`: briefs (by weight) and events (the
    /// newest).
    pub fn of(
        model: &'a Model,
        title: &'a str,
        description: &'a str,
        base: &'a str,
        ui: &'a Ui,
    ) -> AtomInputs<'a> {
        let newest = model
            .events
            .iter()
            .map(|e| e.event.date)
            .chain(model.pages.iter().filter_map(|p| p.page.date))
            .max();
        let mut briefs: Vec<_> = model
            .pages
            .iter()
            .filter(|p| p.kind() == PageKind::Brief)
            .collect();
        briefs.sort_by(|a, b| {
            let weight = |p: &PageDoc| p.page.meta.weight.unwrap_or(i64::MAX);
            (weight(a), &a.out).cmp(&(weight(b), &b.out))
        });
        let full = briefs.len() <= FEED_FULL_BRIEFS;
        let briefs = briefs
            .into_iter()
            .map(|p| FeedBrief {
                out: &p.out,
                title: &p.page.meta.title,
                date: p.page.date,
                summary: p.page.meta.summary.as_deref().unwrap_or(""),
                body: full.then_some(RenderedHtml(&p.body)),
            })
            .collect();
        // The newest events only: a feed is for what is new, not an archive.
        let events = model
            .events
            .iter()
            .rev()
            .take(FEED_EVENTS)
            .map(|e| FeedEvent {
                target: e.target(),
                date: e.event.date,
                approximate: e.event.meta.approximate,
                title: &e.event.meta.title,
                body: RenderedHtml(&e.body),
            })
            .collect();
        AtomInputs {
            title,
            description,
            base,
            ui,
            newest,
            briefs,
            events,
        }
    }
}

/// The Atom feed: briefs (by weight) and events (newest first), in the
/// site's language (`xml:lang` on the feed: its dates and words are `ui`'s).
pub fn atom(inputs: &AtomInputs<'_>) -> String {
    let AtomInputs {
        title,
        description,
        base,
        ui,
        ..
    } = *inputs;
    let updated = inputs
        .newest
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), stamp);
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        escape(ui.language()),
        escape(title),
        escape(description),
        escape(&absolute(base, urls::HOME)),
        escape(&absolute(base, urls::HOME)),
        escape(&absolute(base, urls::ATOM)),
        escape(title),
    );
    for p in &inputs.briefs {
        let url = absolute(base, p.out);
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
            escape(p.title),
            escape(&url),
            escape(&url),
            p.date.map_or_else(|| updated.clone(), stamp),
            escape(p.summary),
            p.body.as_ref().map_or_else(String::new, |b| escape(&absolutize(&b.0.html, base, p.out))),
        );
    }
    for e in &inputs.events {
        let url = absolute(base, &e.target);
        let date = ui.event_date(&e.date, e.approximate);
        let title = ui.text("feed.event", &[("date", &date), ("title", e.title)]);
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<content type=\"html\">{}</content>\n</entry>\n",
            escape(&title),
            escape(&url),
            escape(&url),
            stamp(e.date),
            escape(&absolutize(&e.body.0.html, base, urls::TIMELINE)),
        );
    }
    x.push_str("</feed>\n");
    x
}

/// Rewrites the relative links of a page's HTML into absolute ones, for feed readers.
fn absolutize(html: &str, base: &str, page: &str) -> String {
    let prefix = urls::root_prefix(page);
    let mut out = html.replace(
        &format!("href=\"{prefix}"),
        &format!("href=\"{}/", base.trim_end_matches('/')),
    );
    out = out.replace("href=\"#", &format!("href=\"{}#", absolute(base, page)));
    out
}

/// `sitemap.xml` listing every page (not the 404 page).
pub fn sitemap(paths: &[&str], base: &str) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in paths {
        let _ = writeln!(x, "<url><loc>{}</loc></url>", escape(&absolute(base, p)));
    }
    x.push_str("</urlset>\n");
    x
}

/// `robots.txt`: everything may be crawled; names the sitemap when known.
pub fn robots(base: Option<&str>) -> String {
    let mut r = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = base {
        let _ = writeln!(r, "Sitemap: {}", absolute(b, urls::SITEMAP));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_and_robots() {
        let s = sitemap(
            &["index.html", "a&b/index.html", "tags/科技/index.html"],
            "https://x.org/sub/",
        );
        assert!(s.contains("<loc>https://x.org/sub/index.html</loc>"));
        // Paths percent-encoded (sitemaps take URLs), then escaped for XML.
        assert!(s.contains("<loc>https://x.org/sub/a%26b/index.html</loc>"));
        assert!(s.contains("<loc>https://x.org/sub/tags/%E7%A7%91%E6%8A%80/index.html</loc>"));
        assert_eq!(
            robots(Some("https://x.org/sub")),
            "User-agent: *\nAllow: /\nSitemap: https://x.org/sub/sitemap.xml\n"
        );
    }
}
