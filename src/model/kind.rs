//! The kinds of pages, and of the places a page can list (an event on the
//! timeline, a source): what the templates see as `kind`, the manifest
//! records, and term pages and tag lists group by.

use serde::Serialize;

/// A kind of page or place. Serialised (for templates and the manifest) as
/// its name in lower case, the not-found page as `404`.
///
/// The variants are in the order of those names, so that sorting by kind
/// sorts as the names do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[serde(rename = "404")]
    NotFound,
    Brief,
    Event,
    Home,
    Page,
    Print,
    Search,
    Section,
    Source,
    Sources,
    Summary,
    Tag,
    Tags,
    Term,
    Terms,
    Timeline,
}

impl PageKind {
    /// Every kind, in order.
    pub const ALL: [PageKind; 16] = [
        PageKind::NotFound,
        PageKind::Brief,
        PageKind::Event,
        PageKind::Home,
        PageKind::Page,
        PageKind::Print,
        PageKind::Search,
        PageKind::Section,
        PageKind::Source,
        PageKind::Sources,
        PageKind::Summary,
        PageKind::Tag,
        PageKind::Tags,
        PageKind::Term,
        PageKind::Terms,
        PageKind::Timeline,
    ];

    /// The kind's name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::NotFound => "404",
            PageKind::Brief => "brief",
            PageKind::Event => "event",
            PageKind::Home => "home",
            PageKind::Page => "page",
            PageKind::Print => "print",
            PageKind::Search => "search",
            PageKind::Section => "section",
            PageKind::Source => "source",
            PageKind::Sources => "sources",
            PageKind::Summary => "summary",
            PageKind::Tag => "tag",
            PageKind::Tags => "tags",
            PageKind::Term => "term",
            PageKind::Terms => "terms",
            PageKind::Timeline => "timeline",
        }
    }

    /// The kind of a content page in `section` (`dir` empty: the home page).
    pub fn of_content(dir: &str, section: &str) -> PageKind {
        match section {
            _ if dir.is_empty() => PageKind::Home,
            "briefs" => PageKind::Brief,
            "summaries" => PageKind::Summary,
            _ => PageKind::Page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_serialise_and_sort_as_their_names() {
        for k in PageKind::ALL {
            assert_eq!(
                serde_json::to_value(k).expect("a kind serialises"),
                serde_json::Value::String(k.as_str().to_string())
            );
        }
        for w in PageKind::ALL.windows(2) {
            assert!(w[0] < w[1] && w[0].as_str() < w[1].as_str(), "{w:?}");
        }
    }
}
