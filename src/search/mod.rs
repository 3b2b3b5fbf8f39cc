//! Stage 5b: the search index, built at build time and loaded with plain
//! `<script>` elements (no fetch, no WebAssembly), so search works from
//! `file://`.
//!
//! Documents are paragraphs (of briefs, summaries, pages, events, term
//! definitions and source texts), so results link straight to the paragraph.
//! Tokens: Chinese text is indexed as overlapping character bigrams, each with
//! its positions in the paragraph, plus the last character of every Han run —
//! no dictionary to ship or to disagree with the query side. A one-character
//! query is a prefix of keys (its bigrams and itself as a run's last
//! character); a two-character query is one key; a longer run (关键矿产) is
//! the paragraphs where its bigrams sit at consecutive positions — exact,
//! without the paragraph text. Latin text is indexed as lowercase words of two
//! or more characters (no stemming); the browser matches query words as
//! prefixes and ignores one-letter words.
//!
//! The index is sharded so the search page loads only what a query needs
//! (`assets/search/`, all written by [`index_files`]):
//!
//! - `index.js`, loaded by the page: `window.BRIEFING_SEARCH = {v, n, kinds,
//!   k, kh, t, th}` — the number of paragraphs `n`; `kinds`, the first
//!   paragraph of each kind of document, in display order (paragraphs are
//!   numbered by kind, then document); `k`, the first key of each key shard;
//!   `t`, the first paragraph of each text shard (numbers, see below);
//!   `kh`/`th`, eight hex digits per shard that name its file.
//! - `k-<i>-<hash>.js`: `BRIEFING_SEARCH_SHARD("k", i, keys, postings,
//!   positions)`, three strings: the keys separated by spaces, sorted by
//!   UTF-16 code units (the browser's string order); their postings and
//!   their positions (empty if no key has any), each separated by `!`.
//!   Shards are cut only between keys whose first two characters (Han: first
//!   character) differ, unless one such group alone is too big, so a prefix
//!   query usually needs one shard.
//! - `t-<i>-<hash>.js`: `BRIEFING_SEARCH_SHARD("t", i, docs, paras)` — for a
//!   run of consecutive paragraphs: `docs` `[[title, root-relative URL], …]`
//!   and `paras` `[[doc (index into docs), anchor, text], …]`. Loaded only for
//!   the results shown.
//!
//! The hash in a shard's name changes with its bytes, so a browser never mixes
//! shards of two builds, and unchanged shards keep their names (and are
//! hard-linked by the output stage).
//!
//! Numbers (postings, positions, text-shard starts) are strings of base-32
//! digits: a digit is `#`..`B` (0–31, last digit of a number) or `]`..`|`
//! (0–31, more digits follow), most significant first — no quote or
//! backslash, so no escaping. Postings store each paragraph number as the gap
//! to the previous one minus one (the first: the number itself). Positions,
//! for bigrams only: per posting, the Han-character offsets of the bigram in
//! the paragraph as gaps (the first: offset + 1), postings separated by `0`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;

use rayon::prelude::*;

use crate::model::Model;
use crate::text::script::is_han;

/// Version of the format above; `index.js` carries it as `v`.
const FORMAT: u32 = 1;
/// Target size of a key shard (a group of keys sharing a prefix stays whole
/// below this). Chromium takes about as long to load a script of 250 KB as
/// one of 1 KB (1.5–2 ms from `file://`), so shards are not small.
const KEY_SHARD_BYTES: usize = 256 * 1024;
/// Target size of a text shard: smaller, because the results shown for a
/// rare word may each need a different one (measured at 10,000 pages: 128 KB
/// shards answered a little faster in Chromium than 64 KB ones, with half as
/// many files, at up to 2.4 instead of 1.5 MB loaded for one keystroke).
const TEXT_SHARD_BYTES: usize = 128 * 1024;
/// Paragraphs tokenised per parallel job.
const CHUNK: usize = 2048;

/// A document: title and root-relative URL.
struct Doc<'a> {
    title: &'a str,
    url: Cow<'a, str>,
}

/// A paragraph: its document, anchor and text.
struct Para<'a> {
    doc: usize,
    anchor: &'a str,
    text: &'a str,
}

/// Calls `f(token, position)` for each index token of `text`: lowercase
/// Latin/digit words of two or more characters, Han bigrams (with the offset
/// of their first character among the Han characters of the text) and the
/// last character of each Han run (without a position). `word` and `pair`
/// are scratch buffers.
fn scan(text: &str, word: &mut String, pair: &mut String, f: &mut impl FnMut(&str, Option<u32>)) {
    fn flush_word(word: &mut String, f: &mut impl FnMut(&str, Option<u32>)) {
        // One letter or digit matches nearly everything: never searched.
        let mut cs = word.chars();
        if cs.next().is_some() && cs.next().is_some() {
            f(word, None);
        }
        word.clear();
    }
    word.clear();
    let mut prev_han: Option<char> = None;
    let mut han_seen: u32 = 0;
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, without Unicode tables.
            if let Some(p) = prev_han.take() {
                pair.clear();
                pair.push(p);
                f(pair, None);
            }
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if !word.is_empty() {
                flush_word(word, f);
            }
            continue;
        }
        let c = fold_width(c);
        if is_han(c) {
            if !word.is_empty() {
                flush_word(word, f);
            }
            if let Some(p) = prev_han {
                pair.clear();
                pair.push(p);
                pair.push(c);
                f(pair, Some(han_seen - 1));
            }
            prev_han = Some(c);
            han_seen += 1;
            continue;
        }
        if let Some(p) = prev_han.take() {
            pair.clear();
            pair.push(p);
            f(pair, None);
        }
        if c.is_alphanumeric() {
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if !word.is_empty() {
            flush_word(word, f);
        }
    }
    if let Some(p) = prev_han {
        pair.clear();
        pair.push(p);
        f(pair, None);
    }
    if !word.is_empty() {
        flush_word(word, f);
    }
}

/// The index tokens of `text`, in order of discovery (see [`scan`]).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut word, mut pair) = (String::new(), String::new());
    scan(text, &mut word, &mut pair, &mut |t, _| {
        out.push(t.to_owned())
    });
    out
}

/// Full-width ASCII forms to ASCII, so `ＭＰ` finds `MP`.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Appends `v` as base-32 digits (see the module documentation).
fn push_num(out: &mut Vec<u8>, mut v: u32) {
    let mut buf = [0u8; 7];
    let mut n = buf.len() - 1;
    buf[n] = b'#' + (v & 31) as u8;
    v >>= 5;
    while v > 0 {
        n -= 1;
        buf[n] = b']' + (v & 31) as u8;
        v >>= 5;
    }
    out.extend_from_slice(&buf[n..]);
}

/// A key's postings while the index is built.
#[derive(Default)]
struct Post {
    /// Paragraph numbers, ascending.
    paras: Vec<u32>,
    /// Encoded positions (bigrams only).
    pos: Vec<u8>,
    /// Last position + 1 in the current paragraph.
    prev: u32,
}

impl Post {
    fn add(&mut self, para: u32, pos: Option<u32>) {
        if self.paras.last() != Some(&para) {
            if pos.is_some() && !self.paras.is_empty() {
                self.pos.push(b'#');
            }
            self.paras.push(para);
            self.prev = 0;
        }
        if let Some(p) = pos {
            push_num(&mut self.pos, p + 1 - self.prev);
            self.prev = p + 1;
        }
    }

    /// Appends the postings of later paragraphs.
    fn append(&mut self, mut later: Post) {
        self.paras.append(&mut later.paras);
        if !later.pos.is_empty() {
            if !self.pos.is_empty() {
                self.pos.push(b'#');
            }
            self.pos.append(&mut later.pos);
        }
    }

    /// The paragraph numbers as gaps (see the module documentation).
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.paras.len() + 4);
        let mut next = 0;
        for &p in &self.paras {
            push_num(&mut out, p - next);
            next = p + 1;
        }
        out
    }
}

/// FxHash: a fast, deterministic hash for the index's keys (words of the
/// site's own text) and for shard names; not collision-resistant.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

const FX_K: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(FX_K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(FX_K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(FX_K);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Eight hex digits naming a shard's bytes.
fn name_hash(bytes: &[u8]) -> String {
    let mut h = Fx(bytes.len() as u64);
    h.write(bytes);
    // Final mix (splitmix64), so every input bit reaches the digits kept.
    let mut x = h.0;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    format!("{:08x}", x >> 32)
}

/// Documents and paragraphs, numbered by kind in display order, then
/// document; with the first paragraph of each kind.
#[allow(clippy::type_complexity)]
fn collect(model: &Model) -> (Vec<Doc<'_>>, Vec<Para<'_>>, Vec<(&'static str, usize)>) {
    let mut docs: Vec<Doc> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for (label, of) in [
        ("brief", &["brief"][..]),
        ("summary", &["summary"][..]),
        ("page", &["page", "home"][..]),
    ] {
        kinds.push((label, paras.len()));
        for p in model
            .pages
            .iter()
            .filter(|p| of.contains(&p.kind().as_str()))
        {
            let d = docs.len();
            docs.push(Doc {
                title: &p.page.meta.title,
                url: Cow::Borrowed(&p.out),
            });
            for para in &p.body.paragraphs {
                paras.push(Para {
                    doc: d,
                    anchor: &para.id,
                    text: &para.text,
                });
            }
        }
    }
    kinds.push(("event", paras.len()));
    for e in &model.events {
        let d = docs.len();
        docs.push(Doc {
            title: &e.event.meta.title,
            url: Cow::Borrowed("timeline/index.html"),
        });
        let anchor = e.event.slug.as_str();
        paras.push(Para {
            doc: d,
            anchor,
            text: &e.event.meta.title,
        });
        for para in &e.body.paragraphs {
            paras.push(Para {
                doc: d,
                anchor,
                text: &para.text,
            });
        }
    }
    kinds.push(("term", paras.len()));
    for t in &model.terms {
        let d = docs.len();
        docs.push(Doc {
            title: &t.name,
            url: Cow::Owned(format!("terms/{}/index.html", t.id)),
        });
        paras.push(Para {
            doc: d,
            anchor: "",
            text: &t.name,
        });
        if !t.zh.is_empty() && t.zh != t.name {
            paras.push(Para {
                doc: d,
                anchor: "",
                text: &t.zh,
            });
        }
        for para in &t.def_page.paragraphs {
            paras.push(Para {
                doc: d,
                anchor: "",
                text: &para.text,
            });
        }
    }
    kinds.push(("source", paras.len()));
    for s in &model.sources {
        let d = docs.len();
        docs.push(Doc {
            title: s.display_title(),
            url: Cow::Owned(format!("sources/{}/index.html", s.slug)),
        });
        for b in &s.blocks {
            paras.push(Para {
                doc: d,
                anchor: &b.id,
                text: &b.text,
            });
        }
    }
    (docs, paras, kinds)
}

/// Every key with its postings, sorted by UTF-16 code units.
fn postings(paras: &[Para], stop: &(dyn Fn() -> bool + Sync)) -> Vec<(String, Post)> {
    // Built per chunk of paragraphs in parallel; the reduction joins
    // neighbouring chunks in order, so every list stays ascending.
    let merged = paras
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut map: FxMap<String, Post> = FxMap::default();
            // Given up: the caller sees `stop` too and drops the result.
            if stop() {
                return map;
            }
            let (mut word, mut pair) = (String::new(), String::new());
            for (j, para) in chunk.iter().enumerate() {
                let i = u32::try_from(c * CHUNK + j).unwrap_or(u32::MAX);
                scan(
                    para.text,
                    &mut word,
                    &mut pair,
                    &mut |t, pos| match map.get_mut(t) {
                        Some(post) => post.add(i, pos),
                        None => {
                            let mut post = Post::default();
                            post.add(i, pos);
                            map.insert(t.to_owned(), post);
                        }
                    },
                );
            }
            map
        })
        .reduce(FxMap::default, |mut a, b| {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(post) => post.append(v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
            a
        });
    let mut entries: Vec<(String, Post)> = merged.into_iter().collect();
    entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    entries
}

/// The characters that keep a key's group together in one shard: the first
/// two (Latin) or the first (Han).
fn group_of(key: &str) -> &str {
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

/// Cuts `sizes` into consecutive shards of about `max` bytes, not between
/// items of one group unless that group alone is bigger.
fn cut_groups(sizes: &[usize], same_group: impl Fn(usize) -> bool, max: usize) -> Vec<usize> {
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

fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// The folder of the index in the built site.
pub const DIR: &str = "assets/search/";

/// The head file of the index: the one file of [`DIR`] that pages link to
/// (all others are named by their contents and found through it).
pub const HEAD: &str = "assets/search/index.js";

/// Builds the files of `assets/search/` (paths relative to the output root).
pub fn index_files(model: &Model) -> Vec<(String, Vec<u8>)> {
    index_files_unless(model, &|| false).unwrap_or_default()
}

/// [`index_files`], given up (`None`) as soon as `stop` says so (asked
/// between its steps and between the parts of each): `serve` drops an index
/// that a newer edit made stale. Once `stop` says so it must keep saying so.
pub fn index_files_unless(
    model: &Model,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, Vec<u8>)>> {
    let (docs, paras, kinds) = collect(model);

    // Key shards.
    let entries = postings(&paras, stop);
    if stop() {
        return None;
    }
    let encoded: Vec<Vec<u8>> = entries.par_iter().map(|(_, p)| p.encode()).collect();
    let sizes: Vec<usize> = entries
        .iter()
        .zip(&encoded)
        .map(|((k, p), e)| k.len() + e.len() + p.pos.len() + 3)
        .collect();
    let key_starts = cut_groups(
        &sizes,
        |j| group_of(&entries[j].0) == group_of(&entries[j - 1].0),
        KEY_SHARD_BYTES,
    );
    let key_shards: Vec<Vec<u8>> = (0..key_starts.len())
        .into_par_iter()
        .map(|s| {
            if stop() {
                return Vec::new();
            }
            let range = key_starts[s]..key_starts.get(s + 1).copied().unwrap_or(entries.len());
            let bytes: usize = sizes[range.clone()].iter().sum();
            let mut out = Vec::with_capacity(bytes + 64);
            let _ = write!(out, "window.BRIEFING_SEARCH_SHARD(\"k\",{s},");
            // Keys are letters and digits: a space separates them.
            let mut keys = String::with_capacity(bytes);
            for (n, (k, _)) in entries[range.clone()].iter().enumerate() {
                if n > 0 {
                    keys.push(' ');
                }
                keys.push_str(k);
            }
            json_str(&mut out, &keys);
            out.extend_from_slice(b",\"");
            for (n, e) in encoded[range.clone()].iter().enumerate() {
                if n > 0 {
                    out.push(b'!');
                }
                out.extend_from_slice(e);
            }
            out.extend_from_slice(b"\",\"");
            if entries[range.clone()]
                .iter()
                .any(|(_, p)| !p.pos.is_empty())
            {
                for (n, (_, p)) in entries[range].iter().enumerate() {
                    if n > 0 {
                        out.push(b'!');
                    }
                    out.extend_from_slice(&p.pos);
                }
            }
            out.extend_from_slice(b"\");\n");
            out
        })
        .collect();

    if stop() {
        return None;
    }

    // Text shards: consecutive paragraphs of about TEXT_SHARD_BYTES.
    let mut text_starts = Vec::new();
    let (mut size, mut last_doc) = (0, usize::MAX);
    for (i, p) in paras.iter().enumerate() {
        if size == 0 {
            text_starts.push(i);
        }
        size += p.text.len() + p.anchor.len() + 12;
        if p.doc != last_doc {
            size += docs[p.doc].title.len() + docs[p.doc].url.len() + 8;
            last_doc = p.doc;
        }
        if size >= TEXT_SHARD_BYTES {
            size = 0;
            last_doc = usize::MAX;
        }
    }
    let text_shards: Vec<Vec<u8>> = (0..text_starts.len())
        .into_par_iter()
        .map(|s| {
            if stop() {
                return Vec::new();
            }
            let range = text_starts[s]..text_starts.get(s + 1).copied().unwrap_or(paras.len());
            let mut out = Vec::with_capacity(TEXT_SHARD_BYTES + 4096);
            let _ = write!(out, "window.BRIEFING_SEARCH_SHARD(\"t\",{s},[");
            let mut local = Vec::new();
            for p in &paras[range.clone()] {
                if local.last() != Some(&p.doc) {
                    out.extend_from_slice(if local.is_empty() { b"[" } else { b",[" });
                    json_str(&mut out, docs[p.doc].title);
                    out.push(b',');
                    json_str(&mut out, &docs[p.doc].url);
                    out.push(b']');
                    local.push(p.doc);
                }
            }
            out.extend_from_slice(b"],[");
            for (n, p) in paras[range].iter().enumerate() {
                let d = local.iter().position(|&d| d == p.doc).unwrap_or(0);
                let _ = write!(out, "{}[{d},", if n > 0 { "," } else { "" });
                json_str(&mut out, p.anchor);
                out.push(b',');
                json_str(&mut out, p.text);
                out.push(b']');
            }
            out.extend_from_slice(b"]);\n");
            out
        })
        .collect();

    if stop() {
        return None;
    }
    let key_names: Vec<String> = key_shards.par_iter().map(|b| name_hash(b)).collect();
    let text_names: Vec<String> = text_shards.par_iter().map(|b| name_hash(b)).collect();

    // The head.
    let mut head = Vec::new();
    let _ = write!(
        head,
        "window.BRIEFING_SEARCH={{\"v\":{FORMAT},\"n\":{},\"kinds\":[",
        paras.len()
    );
    for (n, (k, first)) in kinds.iter().enumerate() {
        let _ = write!(head, "{}[\"{k}\",{first}]", if n > 0 { "," } else { "" });
    }
    head.extend_from_slice(b"],\"k\":[");
    for (n, &s) in key_starts.iter().enumerate() {
        if n > 0 {
            head.push(b',');
        }
        json_str(&mut head, &entries[s].0);
    }
    let _ = write!(head, "],\"kh\":\"{}\",\"t\":\"", key_names.concat());
    let mut prev = 0;
    for &s in &text_starts {
        push_num(&mut head, u32::try_from(s - prev).unwrap_or(u32::MAX));
        prev = s;
    }
    let _ = writeln!(head, "\",\"th\":\"{}\"}};", text_names.concat());

    let mut files = Vec::with_capacity(1 + key_shards.len() + text_shards.len());
    files.push((HEAD.to_string(), head));
    for (i, (bytes, name)) in key_shards.into_iter().zip(&key_names).enumerate() {
        files.push((format!("{DIR}k-{i}-{name}.js"), bytes));
    }
    for (i, (bytes, name)) in text_shards.into_iter().zip(&text_names).enumerate() {
        files.push((format!("{DIR}t-{i}-{name}.js"), bytes));
    }
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_han_as_bigrams_and_run_ends_and_latin_as_words() {
        assert_eq!(
            tokens("美国稀土 MP Materials，镓、锗"),
            ["美国", "国稀", "稀土", "土", "mp", "materials", "镓", "锗"]
        );
        assert_eq!(tokens("ＭＰ-2024年 a b"), ["mp", "2024", "年"]);
        assert!(tokens(" ,. ").is_empty());
    }

    #[test]
    fn bigram_positions_count_han_characters() {
        let mut seen = Vec::new();
        let (mut w, mut p) = (String::new(), String::new());
        scan(
            "关键 矿产ab关键矿产",
            &mut w,
            &mut p,
            &mut |t, pos| {
                seen.push((t.to_owned(), pos));
            },
        );
        let bigrams: Vec<_> = seen.iter().filter(|(_, p)| p.is_some()).collect();
        assert_eq!(
            bigrams,
            [
                &("关键".to_string(), Some(0)),
                &("矿产".to_string(), Some(2)),
                &("关键".to_string(), Some(4)),
                &("键矿".to_string(), Some(5)),
                &("矿产".to_string(), Some(6)),
            ]
        );
    }

    #[test]
    fn numbers_are_base32_digits_without_quotes_or_backslashes() {
        let mut out = Vec::new();
        for v in [0, 1, 31, 32, 1023, 1024, u32::MAX] {
            push_num(&mut out, v);
        }
        let s = String::from_utf8(out).unwrap_or_default();
        assert_eq!(&s[..5], "#$B^#");
        assert!(!s.contains('"') && !s.contains('\\'));
        // Decoded as the browser does.
        let mut vals = Vec::new();
        let mut v: u64 = 0;
        for c in s.bytes() {
            if c >= b']' {
                v = v * 32 + u64::from(c - b']');
            } else {
                vals.push(v * 32 + u64::from(c - b'#'));
                v = 0;
            }
        }
        assert_eq!(vals, [0, 1, 31, 32, 1023, 1024, u64::from(u32::MAX)]);
    }

    #[test]
    fn postings_and_positions_encode_gaps() {
        let mut p = Post::default();
        p.add(3, Some(0));
        p.add(3, Some(4));
        p.add(7, Some(2));
        let mut q = Post::default();
        q.add(40, Some(1));
        p.append(q);
        assert_eq!(p.paras, [3, 7, 40]);
        // Paragraph gaps: 3, 7-3-1=3, 40-7-1=32.
        assert_eq!(String::from_utf8(p.encode()).unwrap_or_default(), "&&^#");
        // Positions: 0+1, 4-0; end; 2+1; end; 1+1.
        assert_eq!(String::from_utf8(p.pos).unwrap_or_default(), "$'#&#%");
    }

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
}
