//! Result cards: for each key, the hits it weighs most in, each with what a
//! result shows — where it points and a window of its text around the key —
//! stored in the key shard. The first screen of a one-word query is among
//! them (its score is the key's weight times a factor of the key), and so
//! are most results of longer queries, so the browser loads a text shard
//! only for a result that has no card: from `file://` each script costs a
//! few milliseconds however small, and results in order of rank spread
//! over many text shards.

use crate::text::fold::full_width;
use crate::text::script::is_han;

use super::hits::Collected;
use super::postings::Post;

/// Cards per key: one screen of results (`PAGE` in `search.js`).
pub(super) const PER_KEY: usize = 10;

/// Characters of a window (`SPAN` in `search.js`), and how many of them
/// come before the key (`BEFORE`).
const SPAN: usize = 200;
const BEFORE: usize = 60;

/// What a result shows, for one hit under one key.
pub(super) struct Card<'c> {
    pub hit: u32,
    pub place: usize,
    pub anchor: &'c str,
    pub section: Option<&'c str>,
    /// A window of the text shown, with `…` where it is cut.
    pub text: String,
    /// The window's language where it is not the site's (else empty).
    pub lang: &'c str,
    /// Which text the window is from: 0 the hit's, 1 the translation, 2
    /// the translator's note.
    pub which: u8,
}

/// The hits of a key's cards: those of its postings with the highest
/// weight (ties: the first), best first — as the browser ranks one key.
pub(super) fn top_hits(p: &Post) -> Vec<u32> {
    let by_rank = |a: &usize, b: &usize| p.weights[*b].cmp(&p.weights[*a]).then(a.cmp(b));
    let mut idx: Vec<usize> = (0..p.hits.len()).collect();
    if idx.len() > PER_KEY {
        idx.select_nth_unstable_by(PER_KEY - 1, by_rank);
        idx.truncate(PER_KEY);
    }
    idx.sort_by(by_rank);
    idx.into_iter().map(|i| p.hits[i]).collect()
}

/// Text shards an index has at least before any key gets cards: a site
/// whose text is a few scripts loads them soon enough (the cards would
/// make its index several times larger). Above that every key has them,
/// even one whose best hits lie in one text shard: from `file://` that
/// shard is one more script loaded after the key shard, 15–25 ms on a busy
/// machine, for what costs a few hundred bytes.
const FEW_SHARDS: usize = 16;

/// `top`, or none if the index has fewer than [`FEW_SHARDS`] text shards
/// (`text_starts`: the first hit of each).
pub(super) fn worth_cards(top: Vec<u32>, text_starts: &[usize]) -> Vec<u32> {
    if text_starts.len() < FEW_SHARDS {
        Vec::new()
    } else {
        top
    }
}

/// For each hit, the hit whose text it shows: itself, or (a heading, a page
/// without a summary) the next hit of its place that has a text.
pub(super) fn shown_of(c: &Collected) -> Vec<usize> {
    let mut out = vec![0; c.hits.len()];
    let mut next: Option<usize> = None;
    for (i, h) in c.hits.iter().enumerate().rev() {
        if next.is_some_and(|n| c.hits[n].place != h.place) {
            next = None;
        }
        if !h.shown().is_empty() {
            next = Some(i);
        }
        out[i] = if h.shown().is_empty() {
            next.unwrap_or(i)
        } else {
            i
        };
    }
    out
}

/// The card of `hit` under `key`: the window is from the first of the
/// texts shown (the hit's, its translation, the translator's note) that
/// holds the key, else from the start of the hit's text.
pub(super) fn card<'c>(c: &'c Collected, shown: &[usize], hit: u32, key: &str) -> Card<'c> {
    let h = &c.hits[hit as usize];
    let s = &c.hits[shown[hit as usize]];
    let (tr, note) = s.shown_translation();
    let texts = [
        (s.shown(), s.lang, 0),
        (tr, s.tr_lang, 1),
        (note, s.tr_lang, 2),
    ];
    let (text, lang, which, at) = texts
        .iter()
        .find_map(|&(t, lang, which)| find_key(t, key).map(|at| (t, lang, which, at)))
        .unwrap_or((s.shown(), s.lang, 0, 0));
    Card {
        hit,
        place: h.place,
        anchor: h.anchor,
        section: h.section.as_deref(),
        text: window(text, at),
        lang,
        which,
    }
}

/// Where `key` first occurs in `text` as a token (byte offset): a Latin
/// word equal to it, or a Han bigram or character.
fn find_key(text: &str, key: &str) -> Option<usize> {
    if key.chars().next().is_some_and(is_han) {
        return text.find(key);
    }
    let mut start = None;
    let mut word = String::new();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let f = full_width(c);
        if f.is_alphanumeric() && !is_han(f) {
            if start.is_none() {
                start = Some(i);
                word.clear();
            }
            word.extend(f.to_lowercase());
        } else if let Some(s) = start.take() {
            if word == key {
                return Some(s);
            }
        }
    }
    None
}

/// A letter, digit, hyphen or apostrophe: inside a word (`IN_WORD` in
/// `search.js`).
fn in_word_char(c: char) -> bool {
    (c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}')) && !is_han(c)
}

/// Whether character index `i` of `cs` lies inside a word.
fn in_word(cs: &[char], i: usize) -> bool {
    i > 0 && i < cs.len() && in_word_char(cs[i - 1]) && in_word_char(cs[i])
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
}

/// About [`SPAN`] characters of `text` around byte offset `at`, as
/// `search.js` cuts a snippet: from the start of a sentence close before
/// (else of a word), to the end of a word; `…` where it is cut.
fn window(text: &str, at: usize) -> String {
    let cs: Vec<char> = text.chars().collect();
    if cs.len() <= SPAN {
        return text.to_string();
    }
    let mut first = text[..at.min(text.len())].chars().count();
    while in_word(&cs, first) {
        first -= 1;
    }
    let mut start = first.saturating_sub(BEFORE);
    // The last end of a sentence in the 30 characters before.
    let from = start.saturating_sub(30);
    if let Some(p) = (from..first).rev().find(|&i| ends_sentence(cs[i])) {
        start = p + 1;
    }
    while start < first && (in_word(&cs, start) || cs[start].is_whitespace()) {
        start += 1;
    }
    let mut end = (start + SPAN).min(cs.len());
    let mut back = end;
    while back > first && in_word(&cs, back) {
        back -= 1;
    }
    if back > first {
        end = back;
    }
    while end > start && cs[end - 1].is_whitespace() {
        end -= 1;
    }
    let mut out = String::with_capacity(SPAN * 3 + 6);
    if start > 0 {
        out.push('…');
    }
    out.extend(&cs[start..end]);
    if end < cs.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_as_whole_words_or_han_runs() {
        assert_eq!(find_key("Rare-earth, rare earths; RARE", "rare"), Some(0));
        assert_eq!(find_key("the earths and earth", "earth"), Some(15));
        assert_eq!(find_key("ＭＰ Materials", "mp"), Some(0));
        assert_eq!(find_key("中国稀土", "稀土"), Some(6));
        assert_eq!(find_key("nothing here", "rare"), None);
    }

    #[test]
    fn a_window_starts_and_ends_between_words_and_holds_the_key() {
        let short = "A short text.";
        assert_eq!(window(short, 2), short);
        let words: Vec<String> = (0..120).map(|i| format!("word{i}")).collect();
        let text = words.join(" ");
        let at = text.find("word70").unwrap();
        let w = window(&text, at);
        assert!(w.starts_with('…') && w.ends_with('…'), "{w}");
        let body = w.trim_matches('…');
        assert!(text.contains(body));
        assert!(body.contains("word70"));
        let start = text.find(body).unwrap();
        assert!(text[..start].ends_with(' ') && text[start + body.len()..].starts_with(' '));
        assert!(body.chars().count() <= SPAN);
        // From a sentence's start when one ends shortly before.
        let text = format!(
            "{}. Then the key comes {}",
            "x ".repeat(100),
            "y ".repeat(100)
        );
        let w = window(&text, text.find("key").unwrap());
        assert!(w.starts_with("…Then the key"), "{w}");
    }
}
