//! Every key with its postings: the hits it occurs in, each with its BM25F
//! weight, and for Chinese bigrams the positions.
//!
//! BM25F (Robertson, Zaragoza and Taylor, 2004) sums a key's occurrences
//! over a hit's fields, each weighted and normalised by the field's length,
//! before saturating the sum:
//!
//! ```text
//! w(key, hit) = Σ_f  W_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
//! score(hit)  = Σ_key  idf(key) · (k1 + 1) · w / (k1 + w)
//! ```
//!
//! `w` depends only on the hit, so it is worked out here, at build time, and
//! stored with the posting (see [`weight_level`]); the browser needs no
//! lengths or term frequencies, only `w` and the number of hits a key occurs
//! in (its `idf`).

use rayon::prelude::*;

use crate::fingerprint;

use super::hits::{Field, Hit, FIELDS};
use super::numbers::push_num;
use super::tokens::{scan, Scratch};

/// Field weights `W_f`: a term's name or alias, then a title, then a
/// heading, above body text; a source block's translation weighs as its
/// text does.
fn weight(f: Field) -> f64 {
    match f {
        Field::Name => 8.0,
        Field::Title => 6.0,
        Field::Heading => 3.0,
        Field::Body | Field::Translation => 1.0,
    }
}

/// Length normalisation `b_f`: names, titles and headings are short, and a
/// longer one is not less about each of its words, so less than body text.
fn normalisation(f: Field) -> f64 {
    match f {
        Field::Name | Field::Title | Field::Heading => 0.3,
        Field::Body | Field::Translation => 0.75,
    }
}

/// Levels of `w` a posting stores (see [`weight_level`]).
pub(super) const LEVELS: u64 = 16;

/// Hits tokenised per parallel job.
const CHUNK: usize = 2048;

/// `W_f / (1 − b_f + b_f · len_f / avglen_f)` of every hit and field: what
/// one occurrence of a key in that field adds to `w`.
pub(super) fn field_scales(hits: &[Hit]) -> Vec<[f32; FIELDS]> {
    let mut sum = [0f64; FIELDS];
    let mut with = [0u32; FIELDS];
    for h in hits {
        for f in 0..FIELDS {
            if h.lengths[f] > 0 {
                sum[f] += f64::from(h.lengths[f]);
                with[f] += 1;
            }
        }
    }
    let avg: Vec<f64> = (0..FIELDS)
        .map(|f| {
            if with[f] > 0 {
                sum[f] / f64::from(with[f])
            } else {
                1.0
            }
        })
        .collect();
    hits.par_iter()
        .map(|h| {
            let mut s = [0f32; FIELDS];
            for field in Field::ALL {
                let f = field.index();
                let b = normalisation(field);
                let norm = 1.0 - b + b * f64::from(h.lengths[f]) / avg[f];
                s[f] = (weight(field) / norm) as f32;
            }
            s
        })
        .collect()
}

/// Upper bounds of `w` for each level but the last: `2^((d − 6 + ½) / 2)`.
const BOUNDS: [f64; LEVELS as usize - 1] = [
    0.148_650_889_5,
    0.210_224_103_9,
    0.297_301_778_8,
    0.420_448_207_6,
    0.594_603_557_5,
    0.840_896_415_3,
    1.189_207_115_0,
    1.681_792_830_5,
    2.378_414_230_0,
    3.363_585_661_0,
    4.756_828_460_0,
    6.727_171_322_0,
    9.513_656_920_0,
    13.454_342_644_0,
    19.027_313_840_0,
];

/// `w` as one of [`LEVELS`] levels `d`, two per doubling: `w ≈ 2^((d − 6) /
/// 2)`, so from 1/8 to 22.6 (beyond: the ends). A word of body text is
/// about 1, a term's name about 8.
pub(super) fn weight_level(w: f64) -> u8 {
    BOUNDS.partition_point(|&b| b < w) as u8
}

/// The `w` a level stands for (as the browser decodes it).
#[cfg(test)]
pub(super) fn level_weight(d: u8) -> f64 {
    2f64.powf((f64::from(d) - 6.0) / 2.0)
}

/// A key's postings while the index is built.
#[derive(Default)]
pub(super) struct Post {
    /// Hit numbers, ascending.
    pub hits: Vec<u32>,
    /// The weight level of each posting.
    pub weights: Vec<u8>,
    /// Encoded positions (bigrams only).
    pub pos: Vec<u8>,
    /// The hit being counted (+ 1; 0: none), its occurrences per field and
    /// the positions of this key in it.
    current: u32,
    tf: [u16; FIELDS],
    at: Vec<u32>,
}

impl Post {
    /// Counts one occurrence in hit `hit` (closing the posting of the hit
    /// before, if any).
    fn count(&mut self, hit: u32, field: Field, pos: Option<u32>, scales: &[[f32; FIELDS]]) {
        if self.current != hit + 1 {
            self.close(scales);
            self.current = hit + 1;
        }
        let tf = &mut self.tf[field.index()];
        *tf = tf.saturating_add(1);
        if let Some(p) = pos {
            self.at.push(p);
        }
    }

    /// Closes the posting of the hit being counted, its occurrences scaled
    /// per field.
    fn close(&mut self, scales: &[[f32; FIELDS]]) {
        let Some(hit) = self.current.checked_sub(1) else {
            return;
        };
        let scale = &scales[hit as usize];
        let w: f64 = (0..FIELDS)
            .map(|f| f64::from(self.tf[f]) * f64::from(scale[f]))
            .sum();
        self.hits.push(hit);
        self.weights.push(weight_level(w));
        if !self.at.is_empty() {
            if self.hits.len() > 1 {
                self.pos.push(b'#');
            }
            let mut prev = 0;
            for &p in &self.at {
                push_num(&mut self.pos, u64::from(p + 1 - prev));
                prev = p + 1;
            }
        }
        self.current = 0;
        self.tf = [0; FIELDS];
        self.at.clear();
    }

    /// Appends the postings of later hits.
    fn append(&mut self, mut later: Post) {
        self.hits.append(&mut later.hits);
        self.weights.append(&mut later.weights);
        if !later.pos.is_empty() {
            if !self.pos.is_empty() {
                self.pos.push(b'#');
            }
            self.pos.append(&mut later.pos);
        }
    }

    /// The postings as the key shard stores them: per hit, one number: the
    /// gap to the previous hit minus one (the first: the hit itself) times
    /// [`LEVELS`], plus the weight level.
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * self.hits.len() + 4);
        let mut next = 0;
        for (&h, &d) in self.hits.iter().zip(&self.weights) {
            push_num(&mut out, u64::from(h - next) * LEVELS + u64::from(d));
            next = h + 1;
        }
        out
    }
}

/// Parts of the key space merged in parallel (by the hash of the key).
const BUCKETS: usize = 64;

/// Every key with its postings, sorted by UTF-16 code units (the browser's
/// string order); empty once `stop` says so.
pub(super) fn build(
    hits: &[Hit],
    scales: &[[f32; FIELDS]],
    stop: &(dyn Fn() -> bool + Sync),
) -> Vec<(String, Post)> {
    // Per chunk of hits in parallel, each chunk's keys put in buckets by
    // their hash; then per bucket in parallel, the chunks' postings of each
    // key appended in chunk order, so every list stays ascending and is
    // copied once.
    let hasher = std::hash::BuildHasherDefault::<fingerprint::KeyHasher>::default();
    let chunks: Vec<Vec<Vec<(String, Post)>>> = hits
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut buckets: Vec<Vec<(String, Post)>> = (0..BUCKETS).map(|_| Vec::new()).collect();
            if stop() {
                return buckets;
            }
            for (key, post) in chunk_postings(c * CHUNK, chunk, scales) {
                let b = (std::hash::BuildHasher::hash_one(&hasher, &key) % BUCKETS as u64) as usize;
                buckets[b].push((key, post));
            }
            buckets
        })
        .collect();
    let mut by_bucket: Vec<Vec<Vec<(String, Post)>>> = (0..BUCKETS).map(|_| Vec::new()).collect();
    for chunk in chunks {
        for (b, list) in chunk.into_iter().enumerate() {
            by_bucket[b].push(list);
        }
    }
    let mut entries: Vec<(String, Post)> = by_bucket
        .into_par_iter()
        .flat_map_iter(|lists| {
            let mut merged: fingerprint::Map<String, Post> = fingerprint::Map::default();
            for (key, post) in lists.into_iter().flatten() {
                match merged.get_mut(&key) {
                    Some(p) => p.append(post),
                    None => {
                        merged.insert(key, post);
                    }
                }
            }
            merged.into_iter()
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    entries
}

/// The postings of the hits `first..` in `chunk`.
fn chunk_postings(
    first: usize,
    chunk: &[Hit],
    scales: &[[f32; FIELDS]],
) -> fingerprint::Map<String, Post> {
    let mut map: fingerprint::Map<String, Post> = fingerprint::Map::default();
    let mut s = Scratch::default();
    for (j, hit) in chunk.iter().enumerate() {
        let h = u32::try_from(first + j).unwrap_or(u32::MAX - 1);
        // Positions run on across a hit's fields, one apart, so a run of
        // Chinese never spans two of them.
        let mut base = 0;
        for (field, text) in &hit.fields {
            let counts = scan(text, base, &mut s, &mut |t, pos| match map.get_mut(t) {
                Some(post) => post.count(h, *field, pos, scales),
                None => {
                    let mut post = Post::default();
                    post.count(h, *field, pos, scales);
                    map.insert(t.to_owned(), post);
                }
            });
            base += counts.han + 1;
        }
    }
    for post in map.values_mut() {
        post.close(scales);
    }
    map
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::search::hits::Shown;
    use crate::search::numbers::read_nums;

    fn hit(fields: &[(Field, &'static str)]) -> Hit<'static> {
        let fields = fields.iter().map(|&(f, t)| (f, Cow::Borrowed(t))).collect();
        Hit::new("", None, fields, Shown::Field(0))
    }

    #[test]
    fn field_lengths_count_words_and_han_characters_per_field() {
        let h = hit(&[
            (Field::Name, "Minerals Security Partnership"),
            (Field::Name, "矿产安全伙伴关系"),
            (Field::Name, "MSP"),
            (Field::Body, "A partnership, set up in 2019 (a b c)."),
        ]);
        // Name: 3 words + 8 characters + 1 word; body: 5 words (one-letter
        // words are not tokens).
        assert_eq!(h.lengths, [12, 0, 0, 5, 0]);
    }

    #[test]
    fn a_name_weighs_more_than_the_same_word_in_body_text() {
        let hits = [
            hit(&[(Field::Name, "MSP"), (Field::Body, "A partnership.")]),
            hit(&[(Field::Body, "The MSP met.")]),
            hit(&[(Field::Heading, "MSP")]),
        ];
        let scales = field_scales(&hits);
        let entries = build(&hits, &scales, &|| false);
        let (_, msp) = entries.iter().find(|(k, _)| k == "msp").unwrap();
        assert_eq!(msp.hits, [0, 1, 2]);
        let [name, body, heading] = [msp.weights[0], msp.weights[1], msp.weights[2]];
        assert!(name > heading && heading > body, "{:?}", msp.weights);
        // Body: 3 tokens against an average of 2 (1 and 3): under 1.
        let w = 1.0 / (0.25 + 0.75 * 3.0 / 2.0);
        assert!((level_weight(body) / w - 1.0).abs() < 0.2, "{w}");
    }

    #[test]
    fn positions_run_on_across_fields() {
        let hits = [hit(&[(Field::Name, "稀土"), (Field::Name, "稀土元素")])];
        let entries = build(&hits, &field_scales(&hits), &|| false);
        let (_, xt) = entries.iter().find(|(k, _)| k == "稀土").unwrap();
        // Offsets 0 and 3 (the second field starts after 2 + 1): gaps 1, 3.
        assert_eq!(String::from_utf8(xt.pos.clone()).unwrap(), "$&");
        assert!(!entries.iter().any(|(k, _)| k == "土稀"));
    }

    #[test]
    fn weight_levels_are_monotonic_and_close() {
        let mut last = 0;
        for i in 1..400 {
            let w = f64::from(i) * 0.1;
            let d = weight_level(w);
            assert!(d >= last);
            last = d;
            if (0.125..=22.6).contains(&w) {
                let back = level_weight(d);
                assert!((back / w - 1.0).abs() < 0.2, "{w} → {d} → {back}");
            }
        }
        assert_eq!(weight_level(0.0), 0);
        assert_eq!(weight_level(1e9), 15);
        // The bounds lie halfway between levels, on the log scale.
        for (d, b) in BOUNDS.iter().enumerate() {
            assert!((b / 2f64.powf((d as f64 - 5.5) / 2.0) - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn postings_encode_gaps_and_weights() {
        let scales = vec![[0.0, 0.0, 0.0, 1.0, 0.0]; 41];
        let mut p = Post::default();
        p.count(3, Field::Body, Some(0), &scales);
        p.count(3, Field::Body, Some(4), &scales);
        p.count(7, Field::Body, Some(2), &scales);
        p.close(&scales);
        let mut q = Post::default();
        q.count(40, Field::Body, Some(1), &scales);
        q.close(&scales);
        p.append(q);
        assert_eq!(p.hits, [3, 7, 40]);
        assert_eq!(p.weights, [8, 6, 6]);
        // Gap · 16 + level: 3·16 + 8 = 56, 3·16 + 6 = 54, 32·16 + 6 = 518.
        assert_eq!(read_nums(&p.encode()), [56, 54, 518]);
        // Positions: 0+1, 4-0; end; 2+1; end; 1+1.
        assert_eq!(String::from_utf8(p.pos).unwrap(), "$'#&#%");
    }

    proptest::proptest! {
        #[test]
        fn postings_decode_as_the_browser_reads_them(
            gaps in proptest::collection::vec((0u32..5000, 1u16..6, 0usize..FIELDS), 1..60),
        ) {
            let n = gaps.iter().map(|g| g.0 as usize + 1).sum::<usize>();
            let scales: Vec<[f32; FIELDS]> = (0..n).map(|i| [8.0, 6.0, 3.0, 1.0 / (1.0 + (i % 7) as f32), 1.0 / (1.0 + (i % 5) as f32)]).collect();
            let mut p = Post::default();
            let (mut hit, mut want) = (0u32, Vec::new());
            for (k, &(gap, tf, field)) in gaps.iter().enumerate() {
                hit = if k == 0 { gap } else { hit + 1 + gap };
                for _ in 0..tf {
                    p.count(hit, Field::ALL[field], None, &scales);
                }
                let w = f64::from(tf) * f64::from(scales[hit as usize][field]);
                want.push((u64::from(hit), weight_level(w)));
            }
            p.close(&scales);
            // search.js: each number is gap · LEVELS + level.
            let mut at: Option<u64> = None;
            let got: Vec<(u64, u8)> = read_nums(&p.encode())
                .into_iter()
                .map(|v| {
                    let h = at.map_or(v / LEVELS, |a| a + 1 + v / LEVELS);
                    at = Some(h);
                    (h, (v % LEVELS) as u8)
                })
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
