//! Citations: finding a quoted passage in a source's cleaned text. Matching
//! works on the folded form of both texts ([`crate::text::fold`]), so a
//! quote copied from the seed matches however the punctuation was typed.

use crate::sources::Source;
use crate::text::fold::fold;

/// Why a quote could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteError {
    Empty,
    NotFound {
        /// The longest beginning of the quote that is found, and where.
        best: Option<(usize, String)>,
    },
    Ambiguous(Vec<String>),
    NotInHint {
        hint: String,
        found_in: Vec<String>,
    },
    UnknownHint(String),
    /// The quote is found, but its words cannot be marked in the text.
    Unplaceable,
}

impl QuoteError {
    pub fn message(&self, slug: &str, quote: &str) -> String {
        match self {
            QuoteError::Empty => format!("citation of `{slug}` has no quote: write the quoted passage as the link title, [](source:{slug} \"…\")"),
            QuoteError::NotFound { best } => {
                let mut m = format!("quote not found in source `{slug}`: \"{quote}\"");
                if let Some((n, id)) = best {
                    let prefix: String = quote.chars().filter(|c| !c.is_whitespace()).take(*n).collect();
                    m.push_str(&format!(
                        " (its first {n} characters \"{prefix}\" are in paragraph #{id}; the quote differs after them)"
                    ));
                }
                m
            }
            QuoteError::Ambiguous(ids) => format!(
                "quote found in {} paragraphs of `{slug}` ({}); add the paragraph id as a hint: source:{slug}#{}",
                ids.len(),
                ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "),
                ids[0]
            ),
            QuoteError::NotInHint { hint, found_in } => {
                if found_in.is_empty() {
                    format!("quote not found in paragraph #{hint} of `{slug}`, nor anywhere else in it")
                } else {
                    format!(
                        "quote not found in paragraph #{hint} of `{slug}`; it is in {}",
                        found_in.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                    )
                }
            }
            QuoteError::UnknownHint(h) => format!("source `{slug}` has no paragraph #{h}"),
            QuoteError::Unplaceable => format!("the quote \"{quote}\" is in source `{slug}`, but its words cannot be marked on the source page (a bug: please report it)"),
        }
    }
}

/// Where a quote is: the index of its block and the byte range of the
/// quoted words in the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub block: usize,
    pub range: std::ops::Range<usize>,
}

/// Finds the block of `source` that contains `quote`, and the quoted words
/// in it (their first occurrence); `hint` is an optional block id.
pub fn locate(source: &Source, quote: &str, hint: Option<&str>) -> Result<Located, QuoteError> {
    let block = locate_block(source, quote, hint)?;
    let q = fold(quote);
    let range = original_range(&source.blocks[block].text, &source.folded[block], &q)
        .ok_or(QuoteError::Unplaceable)?;
    Ok(Located { block, range })
}

/// The byte range in `text` of the words whose folded form `q` is found in
/// `folded` (= `fold(text)`). Folding maps each character that is not
/// white space to exactly one character, so the n-th folded character is
/// the n-th such character of the text.
pub fn original_range(text: &str, folded: &str, q: &str) -> Option<std::ops::Range<usize>> {
    let at = folded.find(q)?;
    let skip = folded[..at].chars().count();
    let len = q.chars().count();
    let mut kept = text.char_indices().filter(|(_, c)| !c.is_whitespace());
    let (start, _) = kept.nth(skip)?;
    let (last, c) = if len > 1 {
        kept.nth(len - 2)?
    } else {
        (start, text[start..].chars().next()?)
    };
    Some(start..last + c.len_utf8())
}

fn locate_block(source: &Source, quote: &str, hint: Option<&str>) -> Result<usize, QuoteError> {
    let q = fold(quote);
    if q.is_empty() {
        return Err(QuoteError::Empty);
    }
    // One searcher for every block: `str::contains` sets one up per block,
    // which cost more than the search in a source of many short blocks.
    let finder = memchr::memmem::Finder::new(q.as_bytes());
    let hits: Vec<usize> = source
        .folded
        .iter()
        .enumerate()
        .filter(|(_, t)| finder.find(t.as_bytes()).is_some())
        .map(|(i, _)| i)
        .collect();
    if let Some(h) = hint {
        let Some(i) = source.blocks.iter().position(|b| b.id == h) else {
            return Err(QuoteError::UnknownHint(h.to_string()));
        };
        return if hits.contains(&i) {
            Ok(i)
        } else {
            Err(QuoteError::NotInHint {
                hint: h.to_string(),
                found_in: hits.iter().map(|&i| source.blocks[i].id.clone()).collect(),
            })
        };
    }
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => Err(QuoteError::NotFound {
            best: best_prefix(source, &q),
        }),
        _ => Err(QuoteError::Ambiguous(
            hits.iter().map(|&i| source.blocks[i].id.clone()).collect(),
        )),
    }
}

/// The longest prefix of the folded quote found in any block (binary search:
/// if a prefix is found, every shorter one is too).
fn best_prefix(source: &Source, q: &str) -> Option<(usize, String)> {
    let chars: Vec<(usize, char)> = q.char_indices().collect();
    let find = |n: usize| -> Option<usize> {
        let end = chars.get(n).map_or(q.len(), |(i, _)| *i);
        let p = &q[..end];
        source.folded.iter().position(|t| t.contains(p))
    };
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if find(mid).is_some() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo < 2 {
        return None;
    }
    find(lo).map(|i| (lo, source.blocks[i].id.clone()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_range_covers_the_quoted_words_in_the_original() {
        let text = "The  US has ELEVATED the  rare earth chain.";
        let folded = fold(text);
        let r = original_range(text, &folded, &fold("has elevated the rare")).unwrap();
        assert_eq!(&text[r], "has ELEVATED the  rare");
        let r = original_range(text, &folded, &fold("U")).unwrap();
        assert_eq!(&text[r], "U");
        assert_eq!(original_range(text, &folded, "xyz"), None);
    }

    proptest::proptest! {
        /// Any substring of a text, folded, maps back to words whose fold
        /// is the quote.
        #[test]
        fn ranges_fold_back_to_the_quote(text in "[a-zA-Z 稀土，。“”]{1,30}", a in 0usize..30, b in 0usize..30) {
            let chars: Vec<char> = text.chars().collect();
            let (a, b) = (a % chars.len(), b % chars.len());
            let quote: String = chars[a.min(b)..=a.max(b)].iter().collect();
            let q = fold(&quote);
            proptest::prop_assume!(!q.is_empty());
            let folded = fold(&text);
            let r = original_range(&text, &folded, &q).unwrap();
            proptest::prop_assert_eq!(fold(&text[r]), q);
        }
    }

    use super::*;
    use crate::sources::structure::blocks;

    fn source(text: &str) -> Source {
        let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        let blocks = blocks(&lines, &[]);
        let folded = blocks.iter().map(|b| fold(&b.text)).collect();
        Source::new(crate::sources::SourceData {
            slug: "s".into(),
            file: "seeds/s.txt".into(),
            meta: Default::default(),
            sha256: String::new(),
            encoding: "UTF-8",
            blocks,
            keywords: vec![],
            lang: crate::text::script::Lang::new("zh-Hans"),
            reading_minutes: 1,
            cleaning: vec![],
            folded,
        })
    }

    #[test]
    fn locates_unique_quote() {
        let s = source("第一段,讲稀土。\n第二段:讲镓、锗、锑。\n");
        let at = locate(&s, "讲镓,锗,锑", None).unwrap();
        assert_eq!(at.block, 1);
        assert_eq!(&s.blocks[1].text[at.range], "讲镓、锗、锑");
    }

    #[test]
    fn ambiguous_and_hint() {
        let s = source("稀土很重要。\n稀土很重要,真的。\n");
        let err = locate(&s, "稀土很重要", None).unwrap_err();
        assert!(matches!(err, QuoteError::Ambiguous(ref ids) if ids.len() == 2));
        let id = s.blocks[1].id.clone();
        assert_eq!(locate(&s, "稀土很重要", Some(&id)).map(|l| l.block), Ok(1));
        assert!(matches!(
            locate(&s, "真的", Some(&s.blocks[0].id.clone())),
            Err(QuoteError::NotInHint { .. })
        ));
        assert!(matches!(
            locate(&s, "真的", Some("p-000000")),
            Err(QuoteError::UnknownHint(_))
        ));
    }

    #[test]
    fn not_found_reports_longest_prefix() {
        let s = source("美国莫利矿业公司在2008年投资。\n");
        match locate(&s, "美国莫利矿业公司在2009年", None) {
            Err(QuoteError::NotFound { best: Some((n, _)) }) => assert_eq!(n, 12),
            other => panic!("{other:?}"),
        }
        assert_eq!(locate(&s, "  ", None), Err(QuoteError::Empty));
    }
}
