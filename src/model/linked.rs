//! The linked model: what the passes gave, handed to the renderer and the
//! search index.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::backlinks::Backlinks;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::print::PrintSection;
use super::quotes::Quotes;
use super::sections::Sections;
use super::tags::Tags;
use super::terms::{TermDoc, TermLabel};
use super::translated::SourceTranslation;
use crate::fingerprint::Hashed;
use crate::i18n::Ui;
use crate::sources::Source;

/// The linked site model handed to the renderer.
pub struct Model {
    /// Sorted by slug.
    pub sources: Vec<Arc<Source>>,
    /// Slug → index in `sources` (pages look their cited sources up).
    pub source_index: crate::fingerprint::Map<String, usize>,
    /// Sorted by output path.
    pub pages: Vec<PageDoc>,
    /// In timeline order.
    pub events: Vec<EventDoc>,
    /// In display order.
    pub terms: Vec<TermDoc>,
    /// Each section's pages in list order.
    pub sections: Sections,
    /// Tag → pages and events carrying it.
    pub tags: Tags,
    /// The places citing each paragraph of a source, and the pages linking
    /// to each page.
    pub backlinks: Arc<Backlinks>,
    /// Output path → term indices mentioned on that page (sorted), for
    /// "terms on this page".
    pub terms_on: Arc<BTreeMap<String, Arc<[usize]>>>,
    /// Every term's id, name and name as the sources write it, in display order, hashed
    /// once: what a list of terms on a page is made from besides the term
    /// numbers.
    pub term_labels: Hashed<Vec<TermLabel>>,
    /// The print edition: the home page and every brief, rendered again for
    /// `print/index.html` with ids prefixed so they stay unique on one page.
    pub print: Vec<PrintSection>,
    /// Briefs left out of the print edition (more than
    /// [`PRINT_MAX_BRIEFS`](super::PRINT_MAX_BRIEFS)).
    pub print_omitted: usize,
    /// Source slug → index of its summary in `pages`.
    pub summaries: BTreeMap<String, usize>,
    /// Source slug → its translation, block by block.
    pub translations: Arc<BTreeMap<String, SourceTranslation>>,
    /// The quoted words of each cited block of a source.
    pub quotes: Arc<Quotes>,
    /// The words of the site's language (dates of the search index).
    pub ui: Arc<Ui>,
}

impl Model {
    /// Lets go of the paragraphs' plain text of pages and events, which only
    /// the term scan and the search index read, so that rendering reuses
    /// their memory (a tenth of the model). Renders `serve` keeps for its
    /// next build are shared with its memo and left as they are.
    pub fn release_search_texts(&mut self) {
        let bodies = self
            .pages
            .iter_mut()
            .map(|p| &mut p.body)
            .chain(self.events.iter_mut().map(|e| &mut e.body));
        for body in bodies {
            if let Some(r) = Arc::get_mut(body) {
                r.paragraphs = Vec::new();
            }
        }
    }

    pub fn summary_of(&self, slug: &str) -> Option<&PageDoc> {
        self.summaries.get(slug).map(|&i| &self.pages[i])
    }

    /// A source by slug (sources are sorted by slug).
    pub fn source(&self, slug: &str) -> Option<&Source> {
        self.source_index.get(slug).map(|&i| &*self.sources[i])
    }
}
