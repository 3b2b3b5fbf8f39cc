//! The files of the index (their format is documented in [`super`]): key
//! shards, text shards, the typing-error vocabulary, the term names and the
//! head that names them all.

use std::io::Write;

use rayon::prelude::*;

use crate::fingerprint;
use crate::text;
use crate::text::script::is_han;

use super::cards;
use super::hits::{Collected, Shown};
use super::numbers::push_num;
use super::postings::Post;
use super::tokens::typo_target;
use crate::model::PageKind;

/// Target size of a key shard (a group of keys sharing a prefix stays whole
/// below this). Chromium takes about as long to load a script of 250 KB as
/// one of 1 KB (1.5–2 ms from `file://`), so shards are not small.
const KEY_SHARD_BYTES: usize = 256 * 1024;
/// Target size of a text shard: each result shown may need one of its own,
/// since results come in order of rank, not of page.
const TEXT_SHARD_BYTES: usize = 64 * 1024;
/// Vocabulary shards: words of 4, 5, … 15 characters, and of 16 or more.
pub(super) const VOCAB_SHARDS: usize = 13;

/// `s` as a JSON string, through the project's JSON path (`text::json`)
/// when it holds a character that path escapes, else straight from
/// serde_json (the same bytes, without copying every text twice).
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        out.extend_from_slice(text::json::to_string(s, false).as_bytes());
    } else {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Eight hex digits naming a shard's bytes.
pub(super) fn name_of(bytes: &[u8]) -> String {
    format!("{:08x}", fingerprint::of(bytes) >> 32)
}

/// The characters that keep a key's group together in one shard: the first
/// two (Latin) or the first (Han).
pub(super) fn group_of(key: &str) -> &str {
    let mut it = key.char_indices();
    match it.next() {
        Some((_, c)) if is_han(c) => &key[..c.len_utf8()],
        Some(_) => match it.nth(1) {
            Some((i, _)) => &key[..i],
            None => key,
        },
        None => key,
    }
}

/// Postings a group of keys (see [`group_of`]) holds at least before the
/// head gives its count of hits: the browser then draws the first screen of
/// a query of the group's characters without decoding the postings that
/// cannot reach it, and still shows how many hits there are.
pub(super) const GROUP_COUNT_POSTINGS: usize = 10_000;

/// For each group of keys holding `min_postings` postings or more (keys are
/// sorted, so a group's keys are consecutive): the group and how many
/// distinct hits its keys have, in key order. The index uses
/// [`GROUP_COUNT_POSTINGS`].
pub(super) fn group_counts(
    entries: &[(String, Post)],
    hits: usize,
    min_postings: usize,
) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    // The last group that counted each hit (+ 1).
    let mut seen = vec![0u32; hits];
    let mut i = 0;
    while i < entries.len() {
        let group = group_of(&entries[i].0);
        let j = i + entries[i..]
            .iter()
            .take_while(|(k, _)| group_of(k) == group)
            .count();
        let postings: usize = entries[i..j].iter().map(|(_, p)| p.hits.len()).sum();
        if postings >= min_postings {
            let mark = out.len() as u32 + 1;
            let mut n = 0;
            for &h in entries[i..j].iter().flat_map(|(_, p)| &p.hits) {
                if seen[h as usize] != mark {
                    seen[h as usize] = mark;
                    n += 1;
                }
            }
            out.push((group, n));
        }
        i = j;
    }
    out
}

/// Cuts `sizes` into consecutive shards of about `max` bytes, not between
/// items of one group unless that group alone is bigger.
pub(super) fn cut_groups(
    sizes: &[usize],
    same_group: impl Fn(usize) -> bool,
    max: usize,
) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut size, mut i) = (0, 0);
    while i < sizes.len() {
        let mut j = i + 1;
        while j < sizes.len() && same_group(j) {
            j += 1;
        }
        let group: usize = sizes[i..j].iter().sum();
        if i == 0 || (size > 0 && size + group > max) {
            starts.push(i);
            size = 0;
        }
        if group > max {
            for (k, &s) in sizes.iter().enumerate().take(j).skip(i) {
                if size > 0 && size + s > max {
                    starts.push(k);
                    size = 0;
                }
                size += s;
            }
        } else {
            size += group;
        }
        i = j;
    }
    starts
}

/// Shards of one type, with the first item of each.
pub(super) struct Shards {
    pub starts: Vec<usize>,
    pub bytes: Vec<Vec<u8>>,
    /// Whether any key has result cards (key shards only).
    pub cards: bool,
}

/// Key shards: `BRIEFING_SEARCH_SHARD("k", i, keys, postings, positions,
/// cards)` (cards left out when none of the shard's keys has any).
pub(super) fn keys(
    entries: &[(String, Post)],
    c: &Collected,
    text_starts: &[usize],
    stop: &(dyn Fn() -> bool + Sync),
) -> Shards {
    let encoded: Vec<Vec<u8>> = entries.par_iter().map(|(_, p)| p.encode()).collect();
    let shown = cards::shown_of(c);
    let tops: Vec<Vec<u32>> = entries
        .par_iter()
        .map(|(_, p)| cards::worth_cards(cards::top_hits(p), text_starts))
        .collect();
    // Cards count towards a shard's size at about what they take.
    let sizes: Vec<usize> = entries
        .iter()
        .zip(&encoded)
        .zip(&tops)
        .map(|(((k, p), e), top)| k.len() + e.len() + p.pos.len() + 3 + top.len() * 200)
        .collect();
    let starts = cut_groups(
        &sizes,
        |j| group_of(&entries[j].0) == group_of(&entries[j - 1].0),
        KEY_SHARD_BYTES,
    );
    let bytes = (0..starts.len())
        .into_par_iter()
        .map(|s| {
            if stop() {
                return Vec::new();
            }
            let range = starts[s]..starts.get(s + 1).copied().unwrap_or(entries.len());
            let size: usize = sizes[range.clone()].iter().sum();
            let mut out = Vec::with_capacity(size + 64);
            let _ = write!(out, "window.BRIEFING_SEARCH_SHARD(\"k\",{s},");
            // Keys are letters and digits: a space separates them.
            let keys: Vec<&str> = entries[range.clone()]
                .iter()
                .map(|(k, _)| k.as_str())
                .collect();
            json_str(&mut out, &keys.join(" "));
            out.extend_from_slice(b",\"");
            out.extend_from_slice(&encoded[range.clone()].join(&b'!'));
            out.extend_from_slice(b"\",\"");
            let posts = &entries[range.clone()];
            if posts.iter().any(|(_, p)| !p.pos.is_empty()) {
                let pos: Vec<&[u8]> = posts.iter().map(|(_, p)| p.pos.as_slice()).collect();
                out.extend_from_slice(&pos.join(&b'!'));
            }
            out.push(b'"');
            if tops[range.clone()].iter().any(|t| !t.is_empty()) {
                key_cards(&mut out, c, &shown, posts, &tops[range]);
            }
            out.extend_from_slice(b");\n");
            out
        })
        .collect();
    let cards = tops.iter().any(|t| !t.is_empty());
    Shards {
        starts,
        bytes,
        cards,
    }
}

/// The cards of a key shard's keys (see [`cards`]): `[sections, per key
/// [[hit, place, anchor, section, text(, lang, which)], …]]`, place an
/// index into the places file, section into the shard's list (−1: none).
fn key_cards(
    out: &mut Vec<u8>,
    c: &Collected,
    shown: &[usize],
    posts: &[(String, Post)],
    tops: &[Vec<u32>],
) {
    let per_key: Vec<Vec<cards::Card>> = posts
        .iter()
        .zip(tops)
        .map(|((k, _), top)| {
            top.iter()
                .map(|&hit| cards::card(c, shown, hit, k))
                .collect()
        })
        .collect();
    let mut sections: Vec<&str> = Vec::new();
    let mut section_at: fingerprint::Map<&str, usize> = fingerprint::Map::default();
    for card in per_key.iter().flatten() {
        if let Some(s) = card.section {
            section_at.entry(s).or_insert_with(|| {
                sections.push(s);
                sections.len() - 1
            });
        }
    }
    out.extend_from_slice(b",[[");
    for (n, s) in sections.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        json_str(out, s);
    }
    out.extend_from_slice(b"],[");
    for (n, list) in per_key.iter().enumerate() {
        out.extend_from_slice(if n > 0 { b",[" } else { b"[" });
        for (m, card) in list.iter().enumerate() {
            let section = card.section.map_or(-1, |s| section_at[s] as i64);
            let _ = write!(
                out,
                "{}[{},{},",
                if m > 0 { "," } else { "" },
                card.hit,
                card.place
            );
            json_str(out, card.anchor);
            let _ = write!(out, ",{section},");
            json_str(out, &card.text);
            if !card.lang.is_empty() || card.which != 0 {
                out.push(b',');
                json_str(out, card.lang);
                let _ = write!(out, ",{}", card.which);
            }
            out.push(b']');
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]]");
}

/// Text shards, `BRIEFING_SEARCH_SHARD("t", i, places, sections, hits,
/// langs)`:
/// consecutive hits of about [`TEXT_SHARD_BYTES`].
pub(super) fn texts(c: &Collected, stop: &(dyn Fn() -> bool + Sync)) -> Shards {
    let mut starts = Vec::new();
    let (mut size, mut last_place) = (0, usize::MAX);
    for (i, h) in c.hits.iter().enumerate() {
        if size == 0 {
            starts.push(i);
        }
        let (tr, note) = h.shown_translation();
        size += h.shown().len()
            + tr.len()
            + note.len()
            + h.anchor.len()
            + h.section.as_ref().map_or(0, |s| s.len() / 4)
            + 16;
        if h.place != last_place {
            let p = &c.places[h.place];
            size += p.title.len() + p.url.len() + 8;
            last_place = h.place;
        }
        // Not between a hit that shows the next one's text and that one.
        if size >= TEXT_SHARD_BYTES && !matches!(h.shown, Shown::Next) {
            size = 0;
            last_place = usize::MAX;
        }
    }
    let bytes = (0..starts.len())
        .into_par_iter()
        .map(|s| {
            if stop() {
                return Vec::new();
            }
            let range = starts[s]..starts.get(s + 1).copied().unwrap_or(c.hits.len());
            text_shard(c, s, range)
        })
        .collect();
    Shards {
        starts,
        bytes,
        cards: false,
    }
}

/// One text shard: its places and section titles once each, then per hit
/// `[place, anchor, text]`, `[place, anchor, text, section]` or, for a
/// translated source block, `[place, anchor, text, section, translation]`
/// or `[…, translation, note]` (place and section: indexes into the shard's
/// lists; section −1: none); an empty text stands for the next one of the
/// place.
fn text_shard(c: &Collected, s: usize, range: std::ops::Range<usize>) -> Vec<u8> {
    let hits = &c.hits[range];
    let mut out = Vec::with_capacity(TEXT_SHARD_BYTES + 4096);
    let _ = write!(out, "window.BRIEFING_SEARCH_SHARD(\"t\",{s},[");
    let mut places: Vec<usize> = Vec::new();
    for h in hits {
        if places.last() != Some(&h.place) {
            out.extend_from_slice(if places.is_empty() { b"[" } else { b",[" });
            json_str(&mut out, &c.places[h.place].title);
            out.push(b',');
            json_str(&mut out, &c.places[h.place].url);
            out.push(b']');
            places.push(h.place);
        }
    }
    out.extend_from_slice(b"],[");
    // A section's title once, for the run of hits below it.
    let mut sections: Vec<&str> = Vec::new();
    let mut section_of = Vec::with_capacity(hits.len());
    for h in hits {
        section_of.push(h.section.as_deref().map(|t| {
            if sections.last() != Some(&t) {
                if !sections.is_empty() {
                    out.push(b',');
                }
                json_str(&mut out, t);
                sections.push(t);
            }
            sections.len() - 1
        }));
    }
    out.extend_from_slice(b"],[");
    for (n, (h, section)) in hits.iter().zip(section_of).enumerate() {
        let place = places.iter().position(|&p| p == h.place).unwrap_or(0);
        let _ = write!(out, "{}[{place},", if n > 0 { "," } else { "" });
        json_str(&mut out, h.anchor);
        out.push(b',');
        json_str(&mut out, h.shown());
        let (tr, note) = h.shown_translation();
        match section {
            Some(sec) => {
                let _ = write!(out, ",{sec}");
            }
            None if !tr.is_empty() => out.extend_from_slice(b",-1"),
            None => {}
        }
        if !tr.is_empty() {
            out.push(b',');
            json_str(&mut out, tr);
            if !note.is_empty() {
                out.push(b',');
                json_str(&mut out, note);
            }
        }
        out.push(b']');
    }
    out.push(b']');
    langs(&mut out, hits);
    out.extend_from_slice(b");\n");
    out
}

/// The languages of a text shard's hits where they are not the site's:
/// `[[first, text, translation], …]`, each from hit `first` (of the shard)
/// on, until the next; none at all when every text is in the site's
/// language.
fn langs(out: &mut Vec<u8>, hits: &[super::hits::Hit]) {
    out.extend_from_slice(b",[");
    let mut last = ("", "");
    let mut n = 0;
    for (i, h) in hits.iter().enumerate() {
        let now = (h.lang, h.tr_lang);
        if now != last {
            let _ = write!(out, "{}[{i},", if n > 0 { "," } else { "" });
            json_str(out, now.0);
            out.push(b',');
            json_str(out, now.1);
            out.push(b']');
            last = now;
            n += 1;
        }
    }
    out.push(b']');
}

/// Vocabulary shards, `BRIEFING_SEARCH_SHARD("v", i, words)`: the Latin keys
/// of 4 + i characters (the last: 16 or more), most frequent first,
/// separated by spaces — where the browser looks for a word one typing
/// error away.
pub(super) fn vocabulary(entries: &[(String, Post)]) -> Vec<Vec<u8>> {
    let mut by_len: Vec<Vec<(&str, usize)>> = vec![Vec::new(); VOCAB_SHARDS];
    for (k, p) in entries {
        if let Some(n) = typo_target(k) {
            by_len[(n - 4).min(VOCAB_SHARDS - 1)].push((k, p.hits.len()));
        }
    }
    by_len
        .into_par_iter()
        .enumerate()
        .map(|(i, mut words)| {
            words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let words: Vec<&str> = words.into_iter().map(|(k, _)| k).collect();
            let mut out = Vec::new();
            let _ = write!(out, "window.BRIEFING_SEARCH_SHARD(\"v\",{i},");
            json_str(&mut out, &words.join(" "));
            out.extend_from_slice(b");\n");
            out
        })
        .collect()
}

/// The term names, `BRIEFING_SEARCH_SHARD("g", 0, terms)`: per term
/// `[hit, name, …]` with its name as the sources write it and its aliases.
pub(super) fn glossary(c: &Collected) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"window.BRIEFING_SEARCH_SHARD(\"g\",0,[");
    for (n, (hit, names)) in c.terms.iter().enumerate() {
        let _ = write!(out, "{}[{hit}", if n > 0 { "," } else { "" });
        for name in names {
            out.push(b',');
            json_str(&mut out, name);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    out
}

/// Every place, `BRIEFING_SEARCH_SHARD("p", 0, places)`: `[[title,
/// root-relative URL], …]` in the order of their numbers, which the cards
/// name (written only when there are cards).
pub(super) fn places(c: &Collected) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"window.BRIEFING_SEARCH_SHARD(\"p\",0,[");
    for (n, p) in c.places.iter().enumerate() {
        out.extend_from_slice(if n > 0 { b",[" } else { b"[" });
        json_str(&mut out, &p.title);
        out.push(b',');
        json_str(&mut out, &p.url);
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    out
}

/// The names of every file, for the head.
pub(super) struct Names {
    pub keys: Vec<String>,
    pub texts: Vec<String>,
    pub vocabulary: Vec<String>,
    pub glossary: String,
    /// The places file's, if there are cards.
    pub places: Option<String>,
}

/// The head, `index.js`: `window.BRIEFING_SEARCH = {…}` (see [`super`]).
pub(super) fn head(
    format: u32,
    hits: usize,
    kinds: &[(PageKind, usize)],
    key_firsts: &[&str],
    group_counts: &[(&str, usize)],
    text_starts: &[usize],
    names: &Names,
) -> Vec<u8> {
    let mut head = Vec::new();
    let _ = write!(
        head,
        "window.BRIEFING_SEARCH={{\"v\":{format},\"n\":{hits},\"kinds\":["
    );
    for (n, (k, first)) in kinds.iter().enumerate() {
        let _ = write!(
            head,
            "{}[\"{}\",{first}]",
            if n > 0 { "," } else { "" },
            k.as_str()
        );
    }
    head.extend_from_slice(b"],\"k\":[");
    for (n, k) in key_firsts.iter().enumerate() {
        if n > 0 {
            head.push(b',');
        }
        json_str(&mut head, k);
    }
    head.extend_from_slice(b"],\"gc\":{");
    for (n, (g, count)) in group_counts.iter().enumerate() {
        if n > 0 {
            head.push(b',');
        }
        json_str(&mut head, g);
        let _ = write!(head, ":{count}");
    }
    let _ = write!(head, "}},\"kh\":\"{}\",\"t\":\"", names.keys.concat());
    let mut prev = 0;
    for &s in text_starts {
        push_num(&mut head, (s - prev) as u64);
        prev = s;
    }
    let _ = writeln!(
        head,
        "\",\"th\":\"{}\",\"vh\":\"{}\",\"gh\":\"{}\",\"ph\":\"{}\"}};",
        names.texts.concat(),
        names.vocabulary.concat(),
        names.glossary,
        names.places.as_deref().unwrap_or("")
    );
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_stay_whole_unless_too_big() {
        let groups = ["aa", "aa", "ab", "ac", "ac", "ac", "ad"];
        let sizes = [4, 4, 4, 4, 4, 4, 4];
        assert_eq!(
            cut_groups(&sizes, |j| groups[j] == groups[j - 1], 9),
            [0, 2, 3, 5]
        );
        assert_eq!(
            cut_groups(&sizes, |j| groups[j] == groups[j - 1], 12),
            [0, 3, 6]
        );
        assert_eq!(group_of("rare"), "ra");
        assert_eq!(group_of("稀土"), "稀");
        assert_eq!(group_of("x"), "x");
    }

    #[test]
    fn group_counts_count_each_hit_once_in_groups_big_enough() {
        let entry = |k: &str, hits: &[u32]| {
            let mut p = Post::default();
            p.hits = hits.to_vec();
            (k.to_string(), p)
        };
        let entries = [
            entry("ra", &[1, 2]),
            entry("rare", &[2, 3, 5]),
            entry("re", &[1]),
            entry("稀", &[4, 6]),
            entry("稀土", &[4]),
        ];
        assert_eq!(group_counts(&entries, 7, 3), [("ra", 4), ("稀", 2)]);
        assert_eq!(
            group_counts(&entries, 7, 1),
            [("ra", 4), ("re", 1), ("稀", 2)]
        );
        assert!(group_counts(&entries, 7, GROUP_COUNT_POSTINGS).is_empty());
    }

    #[test]
    fn strings_are_json_safe_in_a_script() {
        let mut out = Vec::new();
        json_str(&mut out, "plain \"text\"");
        json_str(&mut out, "</script><!-- & \u{2028}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#""plain \"text\"""\u003c/script\u003e\u003c!-- \u0026 \u2028""#
        );
    }

    #[test]
    fn shard_names_are_eight_hex_digits_of_the_one_hash() {
        let a = name_of(b"window.BRIEFING_SEARCH_SHARD(\"k\",0,\"\",\"\",\"\");\n");
        assert_eq!(a.len(), 8);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, name_of(b"other"));
        assert_eq!(
            a,
            name_of(b"window.BRIEFING_SEARCH_SHARD(\"k\",0,\"\",\"\",\"\");\n")
        );
    }
}
