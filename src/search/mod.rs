//! Stage 5b: the search index, built at build time and loaded with plain
//! `<script>` elements (no fetch, no WebAssembly), so search works from
//! `file://` under the pages' Content-Security-Policy. The browser side is
//! `themes/default/static/search.js`.
//!
//! **What is found.** Results are *hits* ([`hits`]): a page itself (its
//! title and summary), each heading of a page, each paragraph, list item or
//! table row (labelled with the heading above it), each event, each term
//! (name, name as the sources write it and every alias, with its definition) and each
//! source's page, headings and blocks, a block with its translation. Text is
//! cleaned first ([`clean`]) so that snippets show no gaps the page does
//! not have.
//!
//! **Tokens** ([`tokens`]): Chinese text is indexed as overlapping character
//! bigrams, each with its positions in the hit, plus the last character of
//! every Han run — no dictionary to ship or to disagree with the query side.
//! A one-character query is a prefix of keys (its bigrams and itself as a
//! run's last character); a two-character query is one key; a longer run
//! (关键矿产) is the hits where its bigrams sit at consecutive positions —
//! exact, without the text. Latin text is indexed as lowercase words of two
//! or more characters (no stemming).
//!
//! **Ranking** ([`postings`]): BM25F. Each posting carries the key's weight
//! in that hit, summed over the hit's fields (a term's name or alias and a
//! page's title weigh most, then headings, then body text) and normalised
//! by each field's length; the browser adds `idf` and saturation, prefers
//! whole words to prefixes and prefixes to words one typing error away
//! (found in the vocabulary shards), boosts a query that is a term's name
//! or alias, and phrases.
//!
//! **Files** (`assets/search/`, all written by [`index_files`]), so the page
//! loads only what a query needs:
//!
//! - `index.js`, loaded by the page: `window.BRIEFING_SEARCH = {v, n, kinds,
//!   k, gc, kh, t, th, vh, gh, ph}` — the number of hits `n`; `kinds`, the first hit
//!   of each kind, in order (hits are numbered by kind, then document, then
//!   place in the document); `k`, the first key of each key shard; `gc`,
//!   for each group of keys sharing their first two characters (Han: the
//!   first) whose keys hold 10,000 postings or more, how many distinct hits
//!   they have (`{"ma": 227248, …}`: the browser draws the first screen of
//!   `ma` from the postings that can reach it, not all of them); `t`, the
//!   first hit of each text shard (numbers, see below); `kh`/`th`/`vh`/`gh`,
//!   eight hex digits per key, text, vocabulary and glossary shard that name
//!   its file; `ph` those of the places file (empty when there are no
//!   cards).
//! - `k-<i>-<hash>.js`: `BRIEFING_SEARCH_SHARD("k", i, keys, postings,
//!   positions, cards)`, three strings: the keys separated by spaces, sorted
//!   by UTF-16 code units (the browser's string order); their postings and
//!   their positions (empty if no key has any), each separated by `!`; and
//!   the keys' result cards ([`cards`]) `[sections, per key [[hit, place,
//!   anchor, section, window(, lang, which)], …]]` (place: a number in the
//!   places file; section: an index into `sections`, −1 for none; no key
//!   has any in an index of fewer than 16 text shards; a shard
//!   without any leaves the argument out): for the
//!   ten hits the key weighs most in, what a result shows (a window of
//!   about 200 characters of its text around the key, `…` where cut; its
//!   language if not the site's; 1 if from the translation, 2 from the
//!   translator's note), so most first screens need no text shard.
//!   Shards are cut only between keys whose first two characters (Han: first
//!   character) differ, unless one such group alone is too big, so a prefix
//!   query usually needs one shard.
//! - `t-<i>-<hash>.js`: `BRIEFING_SEARCH_SHARD("t", i, places, sections,
//!   hits, langs)` — for a run of consecutive hits: `places` `[[title,
//!   root-relative URL], …]`, `sections` `[title, …]` and `hits` `[[place,
//!   anchor, text(, section(, translation(, note)))], …]` (indexes into the
//!   two lists, section −1 for none; an empty text stands for the next one
//!   of the same place, which a shard never leaves out; a source block's
//!   translation and translator's note, which the browser shows, labelled,
//!   when the query matches them rather than the text); `langs`
//!   `[[first, text, translation], …]`, the languages of the hits from
//!   `first` on where they are not the site's (empty: the site's). Loaded
//!   only for the results shown that have no card.
//! - `v-<i>-<hash>.js`: `BRIEFING_SEARCH_SHARD("v", i, words)`, the Latin
//!   keys of 4 + i characters (i = 12: 16 or more), most frequent first,
//!   separated by spaces. Loaded only when a word of a query is not found.
//! - `g-0-<hash>.js`: `BRIEFING_SEARCH_SHARD("g", 0, terms)`, per term
//!   `[hit, name, …]`: its name, name as the sources write it, and aliases.
//! - `p-0-<hash>.js`, only when there are cards: `BRIEFING_SEARCH_SHARD("p",
//!   0, places)`, every place `[title, root-relative URL]` by its number,
//!   loaded with the page (once, not per shard).
//!
//! The hash in a shard's name (from [`crate::fingerprint`]) changes with its
//! bytes, so a browser never mixes shards of two builds, and unchanged
//! shards keep their names (and are hard-linked by the output stage).
//!
//! **Numbers** (postings, positions, text-shard starts) are strings of
//! base-32 digits ([`numbers`]). A posting is one number: the hit's number
//! as the gap to the previous one minus one (the first: the number itself),
//! times 16, plus the level `d` of the weight, `w ≈ 2^((d − 6) / 2)`
//! ([`postings::weight_level`]). Positions, for bigrams only:
//! per posting, the Han-character offsets of the bigram in the hit (its
//! fields one apart) as gaps (the first: offset + 1), postings separated by
//! `0`.

mod cards;
mod clean;
mod hits;
mod numbers;
mod postings;
mod shards;
mod tokens;

pub use tokens::tokens;

/// Version of the format above; `index.js` carries it as `v`.
const FORMAT: u32 = 5;

/// The folder of the index in the built site.
pub const DIR: &str = "assets/search/";

/// The head file of the index: the one file of [`DIR`] that pages link to
/// (all others are named by their contents and found through it).
pub const HEAD: &str = "assets/search/index.js";

/// Builds the files of `assets/search/` (paths relative to the output root).
pub fn index_files(model: &crate::model::Model) -> Vec<(String, Vec<u8>)> {
    index_files_unless(model, &|| false).unwrap_or_default()
}

/// [`index_files`], given up (`None`) as soon as `stop` says so (asked
/// between its steps and between the parts of each): `serve` drops an index
/// that a newer edit made stale. Once `stop` says so it must keep saying so.
pub fn index_files_unless(
    model: &crate::model::Model,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, Vec<u8>)>> {
    let collected = hits::collect(model);
    let scales = postings::field_scales(&collected.hits);
    let entries = postings::build(&collected.hits, &scales, stop);
    if stop() {
        return None;
    }
    let texts = shards::texts(&collected, stop);
    let keys = shards::keys(&entries, &collected, &texts.starts, stop);
    let vocabulary = shards::vocabulary(&entries);
    let glossary = shards::glossary(&collected);
    let places = keys.cards.then(|| shards::places(&collected));
    if stop() {
        return None;
    }
    let names = shards::Names {
        keys: keys.bytes.iter().map(|b| shards::name_of(b)).collect(),
        texts: texts.bytes.iter().map(|b| shards::name_of(b)).collect(),
        vocabulary: vocabulary.iter().map(|b| shards::name_of(b)).collect(),
        glossary: shards::name_of(&glossary),
        places: places.as_deref().map(shards::name_of),
    };
    let key_firsts: Vec<&str> = keys.starts.iter().map(|&s| entries[s].0.as_str()).collect();
    let head = shards::head(
        FORMAT,
        collected.hits.len(),
        &collected.kinds,
        &key_firsts,
        &shards::group_counts(&entries, collected.hits.len(), shards::GROUP_COUNT_POSTINGS),
        &texts.starts,
        &names,
    );
    Some(files(
        head, keys, texts, vocabulary, glossary, places, names,
    ))
}

/// Every file of the index with its path.
fn files(
    head: Vec<u8>,
    keys: shards::Shards,
    texts: shards::Shards,
    vocabulary: Vec<Vec<u8>>,
    glossary: Vec<u8>,
    places: Option<Vec<u8>>,
    names: shards::Names,
) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(HEAD.to_string(), head)];
    let named = [
        ("k", keys.bytes, names.keys),
        ("t", texts.bytes, names.texts),
        ("v", vocabulary, names.vocabulary),
        ("g", vec![glossary], vec![names.glossary]),
        (
            "p",
            places.into_iter().collect(),
            names.places.into_iter().collect(),
        ),
    ];
    for (kind, shards, names) in named {
        for (i, (bytes, name)) in shards.into_iter().zip(names).enumerate() {
            files.push((format!("{DIR}{kind}-{i}-{name}.js"), bytes));
        }
    }
    files
}
