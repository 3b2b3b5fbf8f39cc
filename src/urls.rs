//! Output paths and the relative URLs between them. Every output path of
//! the site is made here; every internal link names its file
//! (`../timeline/index.html`), so the site works from `file://`, at a domain
//! root and under a subpath.

/// The home page.
pub const HOME: &str = "index.html";
/// The generated pages.
pub const TIMELINE: &str = "timeline/index.html";
pub const SOURCES: &str = "sources/index.html";
pub const TERMS: &str = "terms/index.html";
pub const TAGS: &str = "tags/index.html";
pub const SEARCH: &str = "search/index.html";
pub const PRINT: &str = "print/index.html";
/// Served for every missing path, at any depth.
pub const NOT_FOUND: &str = "404.html";
/// Publishing extras.
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// Tells GitHub Pages not to run Jekyll.
pub const NOJEKYLL: &str = ".nojekyll";
/// The stylesheet of highlighted code.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";
/// The live-reload script `serve` answers with (no file of a built site).
pub const LIVE_RELOAD: &str = "__briefing/reload.js";

/// A static file of the theme: `assets/<name>`.
pub fn asset(name: &str) -> String {
    format!("assets/{name}")
}

/// The page of a source.
pub fn source(slug: &str) -> String {
    format!("sources/{slug}/index.html")
}

/// The page of a glossary term.
pub fn term(id: &str) -> String {
    format!("terms/{id}/index.html")
}

/// The list of pages and events with a tag.
pub fn tag(tag: &str) -> String {
    format!("tags/{tag}/index.html")
}

/// An event, on the timeline.
pub fn event(slug: &str) -> String {
    anchored(TIMELINE, slug)
}

/// `out#id`, or `out` when there is no id.
pub fn anchored(out: &str, id: &str) -> String {
    if id.is_empty() {
        out.to_string()
    } else {
        format!("{out}#{id}")
    }
}

/// The prefix that leads from the folder of output file `from` back to the
/// site root: `""` for `index.html`, `"../../"` for `briefs/x/index.html`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(depth(from))
}

/// How many folders deep output file `from` is.
fn depth(from: &str) -> usize {
    from.bytes().filter(|&b| b == b'/').count()
}

/// A relative URL from output file `from` to output file `to` (both relative
/// to the site root, with `/` separators).
pub fn relative(from: &str, to: &str) -> String {
    let depth = depth(from);
    if depth == 0 && to.is_empty() {
        return "index.html".to_string();
    }
    let mut r = String::with_capacity(3 * depth + to.len());
    for _ in 0..depth {
        r.push_str("../");
    }
    r.push_str(to);
    r
}

/// Output path of a page in a folder: `briefs/x` → `briefs/x/index.html`
/// (a content page, or a section's list).
pub fn page_path(dir: &str) -> String {
    if dir.is_empty() {
        HOME.to_string()
    } else {
        format!("{dir}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_name_their_file() {
        assert_eq!(
            relative("index.html", "timeline/index.html"),
            "timeline/index.html"
        );
        assert_eq!(
            relative("briefs/x/index.html", "timeline/index.html"),
            "../../timeline/index.html"
        );
        assert_eq!(
            relative("briefs/x/index.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(page_path(""), "index.html");
        assert_eq!(source("s"), "sources/s/index.html");
        assert_eq!(event("e"), "timeline/index.html#e");
        assert_eq!(anchored("a.html", ""), "a.html");
    }
}
