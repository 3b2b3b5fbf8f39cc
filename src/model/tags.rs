//! Tags. Takes the pages and events (in timeline order); gives each tag
//! with the pages that carry it, sorted by title, then the events that
//! carry it, in timeline order; each once. `serve` patches the pages' part
//! with the pages that changed. And warns of tags that are one
//! tag spelled two ways (`alliance`/`alliances`,
//! `counter-measures`/`countermeasures`), which would publish as two pages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::back_ref::BackRef;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::gathered::Group;
use super::kind::PageKind;
use super::page_tags::PageTags;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// Tag → the pages carrying it, sorted by title, then the events carrying
/// it, in timeline order; each once.
pub struct Tags {
    pages: Arc<PageTags>,
    events: BTreeMap<String, Vec<BackRef>>,
}

impl Tags {
    /// The tags of `pages` and of `events` (in timeline order).
    pub fn of(pages: Arc<PageTags>, events: &[EventDoc]) -> Tags {
        let mut by_tag: BTreeMap<String, Vec<BackRef>> = BTreeMap::new();
        for e in events {
            for t in &e.event.tags {
                let refs = by_tag.entry(t.clone()).or_default();
                let target = e.target();
                if !refs.iter().any(|r| r.target == target) {
                    refs.push(BackRef {
                        title: e.event.meta.title.clone(),
                        target,
                        kind: PageKind::Event,
                    });
                }
            }
        }
        Tags {
            pages,
            events: by_tag,
        }
    }

    /// Each tag with the pages carrying it (a group, which hashes as the
    /// hash it keeps), then the events carrying it; in tag order.
    pub fn parts(&self) -> impl Iterator<Item = (&str, Option<&Group<BackRef>>, &[BackRef])> {
        let pages = self.pages.iter().map(|(t, _)| t.as_str());
        let tags: BTreeSet<&str> = pages
            .chain(self.events.keys().map(String::as_str))
            .collect();
        tags.into_iter().map(|t| {
            let events = self.events.get(t).map_or(&[][..], Vec::as_slice);
            (t, self.pages.get(t), events)
        })
    }
}

/// The form two spellings of one tag share: lower case, without `-`, `_`
/// or spaces, and singular by the common English plural endings
/// (`policies` → `policy`, `taxes` → `tax`, `alliances` → `alliance`).
fn stem(tag: &str) -> String {
    let t: String = tag
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(base) = t.strip_suffix("ies").filter(|b| b.chars().count() >= 2) {
        return format!("{base}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zes"] {
        if let Some(base) = t.strip_suffix(ending) {
            return format!("{base}{}", &ending[..ending.len() - 2]);
        }
    }
    match t.strip_suffix('s') {
        Some(base) if !base.ends_with('s') && base.chars().count() >= 2 => base.to_string(),
        _ => t,
    }
}

/// Warns of every set of tags that differ only in letter case, hyphens or
/// a plural ending, naming each spelling and the files that use it.
pub fn near_duplicates(
    page_tags: &PageTags,
    pages: &[PageDoc],
    events: &[EventDoc],
    diags: &mut Diagnostics,
) {
    let uses = || {
        pages
            .iter()
            .flat_map(|p| {
                p.page
                    .tags
                    .iter()
                    .map(|t| (t.as_str(), p.page.file.as_path()))
            })
            .chain(events.iter().flat_map(|e| {
                e.event
                    .tags
                    .iter()
                    .map(|t| (t.as_str(), e.event.file.as_path()))
            }))
    };
    // Each spelling is stemmed once (the pages' spellings are those their
    // gathered tags already hold); only the spellings that share a stem
    // with another are looked up again, with the files that use them.
    let spellings: HashSet<&str> = page_tags
        .iter()
        .map(|(t, _)| t.as_str())
        .chain(
            events
                .iter()
                .flat_map(|e| e.event.tags.iter().map(String::as_str)),
        )
        .collect();
    let mut by_stem: HashMap<String, Vec<&str>> = HashMap::new();
    for t in spellings {
        by_stem.entry(stem(t)).or_default().push(t);
    }
    let shared: HashMap<&str, &str> = by_stem
        .iter()
        .filter(|(_, ts)| ts.len() > 1)
        .flat_map(|(s, ts)| ts.iter().map(move |t| (*t, s.as_str())))
        .collect();
    if shared.is_empty() {
        return;
    }
    // stem → spelling → files using it
    let mut groups: BTreeMap<&str, BTreeMap<&str, BTreeSet<&Path>>> = BTreeMap::new();
    for (tag, file) in uses() {
        if let Some(s) = shared.get(tag) {
            groups
                .entry(s)
                .or_default()
                .entry(tag)
                .or_default()
                .insert(file);
        }
    }
    for spellings in groups.values() {
        let described: Vec<String> = spellings
            .iter()
            .map(|(tag, files)| {
                let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                format!("`{tag}` ({})", list.join(", "))
            })
            .collect();
        // Positioned at the first file of the least used spelling: the one to change.
        let (_, files) = spellings
            .iter()
            .min_by_key(|(tag, files)| (files.len(), *tag))
            .expect("a group of two or more");
        let span = files.iter().next().map(Span::file);
        let mut d = Diagnostic::warning(
            span,
            format!(
                "near-duplicate tags: {}; they publish as separate tag pages",
                described.join(" and ")
            ),
        );
        d.notes.push(
            "use one spelling in every file (letter case, hyphens and plural endings differ)"
                .into(),
        );
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn spellings_of_one_tag_share_a_stem() {
        for (a, b) in [
            ("alliance", "alliances"),
            ("executive-order", "executive-orders"),
            ("counter-measures", "countermeasures"),
            ("policy", "policies"),
            ("tax", "taxes"),
            ("supply_chain", "Supply-Chains"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        for (a, b) in [
            ("us", "u"),
            ("g7", "g8"),
            ("china", "chinas-policy"),
            ("process", "proces"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} / {b}");
        }
    }
}
