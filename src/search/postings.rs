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
//! stored with the posting as one digit (see [`weight_digit`]); the browser
//! needs no lengths or term frequencies, only `w` and the number of hits a
//! key occurs in (its `idf`).

use rayon::prelude::*;

use crate::fingerprint;

use super::hits::{Field, Hit};
use super::numbers::push_num;
use super::tokens::{scan, Scratch};

/// Field weights `W_f`: a term's name or alias, then a title, then a
/// heading, above body text.
fn weight(f: Field) -> f64 {
    match f {
        Field::Name => 8.0,
        Field::Title => 6.0,
        Field::Heading => 3.0,
        Field::Body => 1.0,
    }
}

/// Length normalisation `b_f`: names, titles and headings are short, and a
/// longer one is not less about each of its words, so less than body text.
fn normalisation(f: Field) -> f64 {
    match f {
        Field::Name | Field::Title | Field::Heading => 0.3,
        Field::Body => 0.75,
    }
}

/// Hits tokenised per parallel job.
const CHUNK: usize = 2048;

/// `W_f / (1 − b_f + b_f · len_f / avglen_f)` of every hit and field: what
/// one occurrence of a key in that field adds to `w`.
pub(super) fn field_scales(hits: &[Hit]) -> Vec<[f32; 4]> {
    let lengths: Vec<[u32; 4]> = hits.par_iter().map(field_lengths).collect();
    let mut sum = [0f64; 4];
    let mut with = [0u32; 4];
    for l in &lengths {
        for f in 0..4 {
            if l[f] > 0 {
                sum[f] += f64::from(l[f]);
                with[f] += 1;
            }
        }
    }
    let avg: Vec<f64> = (0..4)
        .map(|f| if with[f] > 0 { sum[f] / f64::from(with[f]) } else { 1.0 })
        .collect();
    lengths
        .par_iter()
        .map(|l| {
            let mut s = [0f32; 4];
            for field in Field::ALL {
                let f = field.index();
                let b = normalisation(field);
                let norm = 1.0 - b + b * f64::from(l[f]) / avg[f];
                s[f] = (weight(field) / norm) as f32;
            }
            s
        })
        .collect()
}

/// The length of each field of `hit` (the sum over its entries of that
/// field), in tokens.
pub(super) fn field_lengths(hit: &Hit) -> [u32; 4] {
    let mut s = Scratch::default();
    let mut out = [0u32; 4];
    for (field, text) in &hit.fields {
        out[field.index()] += scan(text, 0, &mut s, &mut |_, _| {}).len();
    }
    out
}

/// `w` as one base-32 digit `d`, on a logarithmic scale of four steps per
/// doubling: `w ≈ 2^((d − 12) / 4)`, so 0.125 to 27 (beyond: the ends).
pub(super) fn weight_digit(w: f64) -> u8 {
    if w <= 0.0 {
        return 0;
    }
    (4.0 * w.log2() + 12.0).round().clamp(0.0, 31.0) as u8
}

/// The `w` a digit stands for (as the browser decodes it).
#[cfg(test)]
pub(super) fn digit_weight(d: u8) -> f64 {
    2f64.powf((f64::from(d) - 12.0) / 4.0)
}

/// A key's postings while the index is built.
#[derive(Default)]
pub(super) struct Post {
    /// Hit numbers, ascending.
    pub hits: Vec<u32>,
    /// The weight digit of each posting.
    pub weights: Vec<u8>,
    /// Encoded positions (bigrams only).
    pub pos: Vec<u8>,
    /// The hit being scanned (+ 1; 0: none yet), its occurrences per field
    /// and the positions of this key in it.
    current: u32,
    tf: [u16; 4],
    at: Vec<u32>,
}

impl Post {
    /// Counts one occurrence in hit `hit`; true if it is the first there.
    fn count(&mut self, hit: u32, field: Field, pos: Option<u32>) -> bool {
        let first = self.current != hit + 1;
        if first {
            self.current = hit + 1;
            self.tf = [0; 4];
            self.at.clear();
        }
        let tf = &mut self.tf[field.index()];
        *tf = tf.saturating_add(1);
        if let Some(p) = pos {
            self.at.push(p);
        }
        first
    }

    /// Closes the posting of the hit last counted, scaled per field.
    fn close(&mut self, scale: &[f32; 4]) {
        let w: f64 = (0..4)
            .map(|f| f64::from(self.tf[f]) * f64::from(scale[f]))
            .sum();
        self.hits.push(self.current - 1);
        self.weights.push(weight_digit(w));
        if !self.at.is_empty() {
            if self.hits.len() > 1 {
                self.pos.push(b'#');
            }
            let mut prev = 0;
            for &p in &self.at {
                push_num(&mut self.pos, p + 1 - prev);
                prev = p + 1;
            }
        }
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

    /// The postings as the key shard stores them: per hit, the gap to the
    /// previous one minus one (the first: the number itself) and the weight
    /// digit.
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * self.hits.len() + 4);
        let mut next = 0;
        for (&h, &d) in self.hits.iter().zip(&self.weights) {
            push_num(&mut out, h - next);
            out.push(b'#' + d);
            next = h + 1;
        }
        out
    }
}

/// Every key with its postings, sorted by UTF-16 code units (the browser's
/// string order); empty once `stop` says so.
pub(super) fn build(
    hits: &[Hit],
    scales: &[[f32; 4]],
    stop: &(dyn Fn() -> bool + Sync),
) -> Vec<(String, Post)> {
    // Built per chunk of hits in parallel; the reduction joins neighbouring
    // chunks in order, so every list stays ascending.
    let merged = hits
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            if stop() {
                return fingerprint::Map::default();
            }
            chunk_postings(c * CHUNK, chunk, scales)
        })
        .reduce(fingerprint::Map::default, |mut a, b| {
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

/// The postings of the hits `first..` in `chunk`.
fn chunk_postings(first: usize, chunk: &[Hit], scales: &[[f32; 4]]) -> fingerprint::Map<String, Post> {
    let mut slot: fingerprint::Map<String, usize> = fingerprint::Map::default();
    let mut posts: Vec<(String, Post)> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    let mut s = Scratch::default();
    for (j, hit) in chunk.iter().enumerate() {
        let n = first + j;
        let h = u32::try_from(n).unwrap_or(u32::MAX - 1);
        touched.clear();
        // Positions run on across a hit's fields, one apart, so a run of
        // Chinese never spans two of them.
        let mut base = 0;
        for (field, text) in &hit.fields {
            let counts = scan(text, base, &mut s, &mut |t, pos| {
                let i = match slot.get(t) {
                    Some(&i) => i,
                    None => {
                        slot.insert(t.to_owned(), posts.len());
                        posts.push((t.to_owned(), Post::default()));
                        posts.len() - 1
                    }
                };
                if posts[i].1.count(h, *field, pos) {
                    touched.push(i);
                }
            });
            base += counts.han + 1;
        }
        for &i in &touched {
            posts[i].1.close(&scales[n]);
        }
    }
    posts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::search::hits::Shown;

    fn hit(fields: &[(Field, &'static str)]) -> Hit<'static> {
        Hit {
            place: 0,
            anchor: "",
            section: None,
            fields: fields.iter().map(|&(f, t)| (f, Cow::Borrowed(t))).collect(),
            shown: Shown::Field(0),
        }
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
        assert_eq!(field_lengths(&h), [12, 0, 0, 5]);
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
        assert!((digit_weight(body) / w - 1.0).abs() < 0.1, "{w}");
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
    fn weight_digits_are_monotonic_and_close() {
        let mut last = 0;
        for i in 1..400 {
            let w = f64::from(i) * 0.1;
            let d = weight_digit(w);
            assert!(d >= last);
            last = d;
            if (0.125..=27.0).contains(&w) {
                let back = digit_weight(d);
                assert!((back / w - 1.0).abs() < 0.1, "{w} → {d} → {back}");
            }
        }
        assert_eq!(weight_digit(0.0), 0);
        assert_eq!(weight_digit(1e9), 31);
    }

    #[test]
    fn postings_encode_gaps_and_weights() {
        let scale = [0.0, 0.0, 0.0, 1.0];
        let mut p = Post::default();
        assert!(p.count(3, Field::Body, Some(0)));
        assert!(!p.count(3, Field::Body, Some(4)));
        p.close(&scale);
        p.count(7, Field::Body, Some(2));
        p.close(&scale);
        let mut q = Post::default();
        q.count(40, Field::Body, Some(1));
        q.close(&[0.0, 0.0, 0.0, 1.0]);
        p.append(q);
        assert_eq!(p.hits, [3, 7, 40]);
        // Gaps 3, 3, 32; weights: tf 2 → digit 16 ('3'), tf 1 → 12 ('/').
        assert_eq!(String::from_utf8(p.encode()).unwrap(), "&3&/^#/");
        // Positions: 0+1, 4-0; end; 2+1; end; 1+1.
        assert_eq!(String::from_utf8(p.pos).unwrap(), "$'#&#%");
    }
}
