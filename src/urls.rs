//! Relative URLs between output files. Every internal link names its file
//! (`../timeline/index.html`), so the site works from `file://`, at a domain
//! root and under a subpath.

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

/// Output path of a page in a folder: `briefs/x` → `briefs/x/index.html`.
pub fn page_path(dir: &str) -> String {
    if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    }
}

/// Percent-encodes the characters of an anchor that are not safe in a URL
/// fragment written into an attribute.
pub fn encode_fragment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        assert_eq!(encode_fragment("a b中"), "a%20b%E4%B8%AD");
    }
}
