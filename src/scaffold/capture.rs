//! What `new source` reads from a capture: a saved web page turned into
//! text (with `html2text`: scripts and styles dropped, entities decoded, no
//! link markup), and a title guessed from the first short line that is not
//! page furniture (a skip link, a breadcrumb, a menu).

use std::path::Path;

/// Whether a capture is a web page: by its extension, or by how it starts.
pub(super) fn is_html(file: &Path, text: &str) -> bool {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return true;
    }
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The text of a web page: one line per block, no markup, no link marks.
pub(super) fn html_to_text(html: &str) -> String {
    let config = html2text::config::with_decorator(html2text::render::TrivialDecorator::new());
    // Lines are not wrapped (a width the text never reaches); the seed
    // keeps the page's paragraphs whole.
    let text = config
        .string_from_read(html.as_bytes(), 100_000)
        .unwrap_or_default();
    let mut out: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    crate::sources::decode::normalize(&out)
}

/// Lines that are page furniture, not a title: skip links, menus and
/// breadcrumbs, sharing and sign-in prompts, cookie notices.
fn is_navigation(line: &str) -> bool {
    let lower = line.to_lowercase();
    const PHRASES: &[&str] = &[
        "skip to",
        "jump to",
        "menu",
        "navigation",
        "search",
        "sign in",
        "log in",
        "login",
        "subscribe",
        "cookie",
        "share",
        "home",
        "back to",
        "跳到",
        "跳转",
        "首页",
        "导航",
        "登录",
        "分享",
        "菜单",
        "搜索",
    ];
    let short = line.chars().count() <= 30;
    // Breadcrumbs: "Home > World > Asia", "首页 / 新闻".
    let crumbs = ['>', '›', '»', '|', '/', '·']
        .iter()
        .any(|sep| line.split(*sep).filter(|p| !p.trim().is_empty()).count() >= 3);
    crumbs || (short && PHRASES.iter().any(|p| lower.starts_with(p)))
}

/// The first short line (at most 80 characters) that is not navigation;
/// empty when there is none.
pub(super) fn guess_title(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .find(|l| l.chars().count() <= 80 && !is_navigation(l))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_become_text() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style><script>var x = 1;</script></head><body><nav><a href=\"#main\">Skip to main content</a></nav><h1>G7 agrees a &amp; plan</h1><p>The G7 agreed on a <b>critical</b> minerals plan, 稀土.</p></body></html>";
        assert!(is_html(Path::new("page.txt"), html));
        assert!(is_html(Path::new("page.HTML"), "text"));
        assert!(!is_html(Path::new("page.txt"), "plain <b>text</b>"));
        let text = html_to_text(html);
        assert!(text.contains("G7 agrees a & plan\n"), "{text}");
        assert!(
            text.contains("The G7 agreed on a critical minerals plan, 稀土."),
            "{text}"
        );
        assert!(
            !text.contains('<') && !text.contains("var x") && !text.contains("color"),
            "{text}"
        );
        assert_eq!(guess_title(&text), "G7 agrees a & plan");
    }

    #[test]
    fn titles_skip_navigation() {
        let text = "Skip to main content\nHome > World > Asia\nMenu\n首页 / 新闻 / 国际\nG7 leaders agree on minerals\nBody text.";
        assert_eq!(guess_title(text), "G7 leaders agree on minerals");
        assert_eq!(guess_title("美国关键矿产战略\n正文"), "美国关键矿产战略");
        assert_eq!(guess_title(""), "");
    }
}
