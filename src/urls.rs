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
/// to the site root, with `/` separators; `to` may end in `#fragment`),
/// percent-encoded: output paths are UTF-8 file names (`tags/科技/index.html`),
/// and their links name them byte by byte (`tags/%E7%A7%91%E6%8A%80/index.html`),
/// as browsers and GitHub Pages map them back.
pub fn relative(from: &str, to: &str) -> String {
    let depth = depth(from);
    if depth == 0 && to.is_empty() {
        return "index.html".to_string();
    }
    let mut r = String::with_capacity(3 * depth + to.len());
    for _ in 0..depth {
        r.push_str("../");
    }
    encode_into(&mut r, to);
    r
}

/// An output path (with its `#fragment`, if any) as a URL path: percent-encoded.
pub fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    encode_into(&mut out, path);
    out
}

/// Appends `path` to `out`, every byte but unreserved ASCII (letters,
/// digits, `-._~`) and `/` percent-encoded, and the first `#` kept as the
/// start of the fragment.
fn encode_into(out: &mut String, path: &str) {
    match path.split_once('#') {
        Some((p, fragment)) => {
            push_encoded(out, p);
            out.push('#');
            push_encoded(out, fragment);
        }
        None => push_encoded(out, path),
    }
}

fn push_encoded(out: &mut String, part: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if part.bytes().all(plain) {
        out.push_str(part);
        return;
    }
    for b in part.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
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

/// An external URL as printed on paper: no scheme, no `www.`, no query or
/// fragment, no trailing slash, and a long path cut at a `/` with `…`
/// (`https://www.example.org/a/b/c.html?x=1` → `example.org/a/b/c.html`).
pub fn short_url(url: &str) -> String {
    const MAX: usize = 48;
    let rest = url
        .split_once("://")
        .map_or_else(|| url.strip_prefix("mailto:").unwrap_or(url), |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.trim_end_matches('/');
    if rest.chars().count() <= MAX {
        return rest.to_string();
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut out = host.to_string();
    for segment in path.split('/') {
        if out.chars().count() + segment.chars().count() + 1 > MAX - 2 {
            out.push_str("/…");
            return out;
        }
        out.push('/');
        out.push_str(segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_urls() {
        assert_eq!(
            short_url("https://www.example.org/a/b/c.html?x=1#y"),
            "example.org/a/b/c.html"
        );
        assert_eq!(short_url("http://example.org/"), "example.org");
        assert_eq!(short_url("mailto:desk@example.org"), "desk@example.org");
        let long = short_url(
            "https://example.org/2025/10/31/a-very-long-article-name-that-goes-on-and-on/index.html",
        );
        assert_eq!(long, "example.org/2025/10/31/…");
        assert!(long.chars().count() <= 48);
    }

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

    #[test]
    fn links_to_paths_in_any_script_are_percent_encoded() {
        assert_eq!(
            relative("tags/index.html", &tag("科技")),
            "../tags/%E7%A7%91%E6%8A%80/index.html"
        );
        assert_eq!(
            relative("index.html", &event("überblick")),
            "timeline/index.html#%C3%BCberblick"
        );
        assert_eq!(encode("a b#c#d"), "a%20b#c%23d");
        for path in ["briefs/概览/index.html", "tags/ελλάδα/index.html#x-1"] {
            let href = encode(path);
            assert!(href.is_ascii(), "{href}");
            assert_eq!(
                crate::text::percent::decode_strict(&href).as_deref(),
                Some(path)
            );
        }
    }
}
