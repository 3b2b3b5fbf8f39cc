//! Stage 5b: the search index, built at build time and loaded with a plain
//! `<script>` (no fetch, no WebAssembly), so search works from `file://`.
//!
//! Documents are paragraphs (of briefs, summaries, pages, events, source
//! texts and term definitions), so results link straight to the paragraph.
//! Tokens: Chinese text is indexed as overlapping character bigrams (and
//! single characters where a Han run is one character long) — no dictionary
//! to ship or to disagree with the query side, and any substring of two or
//! more characters (稀土, 关键矿产, 供应链) is found; the browser verifies
//! longer runs against the paragraph text. Latin text is indexed as lowercase
//! words (no stemming); the browser matches query words as prefixes.

use std::collections::HashMap;

use rayon::prelude::*;

use serde::Serialize;

use crate::model::Model;
use crate::sources::structure::is_han;

/// The index as serialised into `assets/search-index.js`.
#[derive(Serialize)]
struct Index<'a> {
    /// Documents: [kind, title, root-relative URL].
    docs: Vec<(&'static str, &'a str, String)>,
    /// Paragraphs: [document, anchor, text].
    paras: Vec<(usize, &'a str, &'a str)>,
    /// Sorted tokens.
    keys: Vec<String>,
    /// Postings (paragraph numbers, ascending) parallel to `keys`.
    post: Vec<Vec<u32>>,
}

/// Splits text into index tokens: lowercase Latin/digit words, Han bigrams,
/// and lone Han characters.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut han: Vec<char> = Vec::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.push(han[0].to_string()),
            _ => out.extend(han.windows(2).map(|w| w.iter().collect::<String>())),
        }
        han.clear();
    };
    for c in text.chars() {
        let c = fold_width(c);
        if is_han(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            han.push(c);
        } else if c.is_alphanumeric() {
            flush_han(&mut han, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_han(&mut han, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_han(&mut han, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Full-width ASCII forms to ASCII, so `ＭＰ` finds `MP`.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Builds `assets/search-index.js`.
pub fn index_js(model: &Model) -> String {
    let mut docs: Vec<(&'static str, &str, String)> = Vec::new();
    let mut paras: Vec<(usize, &str, &str)> = Vec::new();
    for p in &model.pages {
        let d = docs.len();
        docs.push((p.kind(), &p.page.meta.title, p.out.clone()));
        for para in &p.body.paragraphs {
            paras.push((d, &para.id, &para.text));
        }
    }
    for e in &model.events {
        let d = docs.len();
        docs.push((
            "event",
            &e.event.meta.title,
            "timeline/index.html".to_string(),
        ));
        paras.push((d, &e.event.slug, &e.event.meta.title));
        for para in &e.body.paragraphs {
            paras.push((d, &e.event.slug, &para.text));
        }
    }
    for s in &model.sources {
        let d = docs.len();
        docs.push((
            "source",
            s.display_title(),
            format!("sources/{}/index.html", s.slug),
        ));
        for b in &s.blocks {
            paras.push((d, &b.id, &b.text));
        }
    }
    for t in &model.terms {
        let d = docs.len();
        docs.push(("term", &t.name, format!("terms/{}/index.html", t.id)));
        paras.push((d, "", &t.name));
        if !t.zh.is_empty() && t.zh != t.name {
            paras.push((d, "", &t.zh));
        }
        for para in &t.def_page.paragraphs {
            paras.push((d, "", &para.text));
        }
    }
    // Postings built per chunk of paragraphs in parallel, then merged in
    // chunk order, so every list stays ascending.
    const CHUNK: usize = 2048;
    let partial: Vec<HashMap<String, Vec<u32>>> = paras
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::new();
            for (j, (_, _, text)) in chunk.iter().enumerate() {
                let i = u32::try_from(c * CHUNK + j).unwrap_or(u32::MAX);
                for t in tokens(text) {
                    let list = map.entry(t).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            map
        })
        .collect();
    let mut map: HashMap<String, Vec<u32>> = HashMap::new();
    for part in partial {
        for (k, mut v) in part {
            map.entry(k).or_default().append(&mut v);
        }
    }
    let mut entries: Vec<(String, Vec<u32>)> = map.into_iter().collect();
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (keys, post): (Vec<String>, Vec<Vec<u32>>) = entries.into_iter().unzip();
    let index = Index {
        docs,
        paras,
        keys,
        post,
    };
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".into());
    format!("window.BRIEFING_SEARCH={json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_han_as_bigrams_and_latin_as_words() {
        assert_eq!(
            tokens("美国稀土 MP Materials，镓、锗"),
            ["美国", "国稀", "稀土", "mp", "materials", "镓", "锗"]
        );
        assert_eq!(tokens("ＭＰ-2024年"), ["mp", "2024", "年"]);
        assert!(tokens(" ,. ").is_empty());
    }
}
