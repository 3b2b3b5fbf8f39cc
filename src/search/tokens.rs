//! The index's tokens: lowercase Latin/digit words of two or more
//! characters, and Chinese as overlapping character bigrams with their
//! positions plus the last character of every Han run (see the module
//! documentation of [`super`]). The browser's `parse` in `search.js` cuts a
//! query the same way.

use crate::text::fold::full_width;
use crate::text::script::is_han;

/// What [`scan`] counted in one text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Counts {
    /// Latin/digit words of two or more characters.
    pub words: u32,
    /// Han characters.
    pub han: u32,
}

impl Counts {
    /// The length of a field for BM25F: one per word and per Han character
    /// (that is, per token).
    pub(super) fn len(self) -> u32 {
        self.words + self.han
    }
}

/// Scratch buffers for [`scan`], reused across texts.
#[derive(Default)]
pub(super) struct Scratch {
    word: String,
    pair: String,
}

/// Calls `f(token, position)` for each index token of `text`: lowercase
/// Latin/digit words of two or more characters, Han bigrams (with the offset
/// of their first character among the Han characters of the text, plus
/// `base`) and the last character of each Han run (without a position).
pub(super) fn scan(
    text: &str,
    base: u32,
    s: &mut Scratch,
    f: &mut impl FnMut(&str, Option<u32>),
) -> Counts {
    let Scratch { word, pair } = s;
    let mut counts = Counts::default();
    let mut flush_word = |word: &mut String, f: &mut dyn FnMut(&str, Option<u32>)| {
        // One letter or digit matches nearly everything: never searched.
        let mut cs = word.chars();
        if cs.next().is_some() && cs.next().is_some() {
            counts.words += 1;
            f(word, None);
        }
        word.clear();
    };
    word.clear();
    let mut prev_han: Option<char> = None;
    let mut han_seen: u32 = 0;
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, without Unicode tables.
            if let Some(p) = prev_han.take() {
                run_end(pair, p, f);
            }
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if !word.is_empty() {
                flush_word(word, f);
            }
            continue;
        }
        let c = full_width(c);
        if is_han(c) {
            if !word.is_empty() {
                flush_word(word, f);
            }
            if let Some(p) = prev_han {
                pair.clear();
                pair.push(p);
                pair.push(c);
                f(pair, Some(base + han_seen - 1));
            }
            prev_han = Some(c);
            han_seen += 1;
            continue;
        }
        if let Some(p) = prev_han.take() {
            run_end(pair, p, f);
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
        run_end(pair, p, f);
    }
    if !word.is_empty() {
        flush_word(word, f);
    }
    counts.han = han_seen;
    counts
}

fn run_end(pair: &mut String, last: char, f: &mut impl FnMut(&str, Option<u32>)) {
    pair.clear();
    pair.push(last);
    f(pair, None);
}

/// What [`scan`] would count in `text`, without making the tokens (BM25F
/// needs every field's length before the postings are made).
pub(super) fn count(text: &str) -> Counts {
    let mut counts = Counts::default();
    let mut word = 0usize;
    let mut end_word = |word: &mut usize| {
        if *word >= 2 {
            counts.words += 1;
        }
        *word = 0;
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word += 1;
            } else {
                end_word(&mut word);
            }
            continue;
        }
        let c = full_width(c);
        if is_han(c) {
            end_word(&mut word);
            counts.han += 1;
        } else if c.is_alphanumeric() {
            word += if c.is_ascii() {
                1
            } else {
                c.to_lowercase().count()
            };
        } else {
            end_word(&mut word);
        }
    }
    end_word(&mut word);
    counts
}

/// The index tokens of `text`, in order of discovery (see [`scan`]).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan(text, 0, &mut Scratch::default(), &mut |t, _| {
        out.push(t.to_owned())
    });
    out
}

/// Whether `key` is a word the browser may reach with one typing error (see
/// `search.js`): a Latin/digit key of four characters or more.
pub(super) fn typo_target(key: &str) -> Option<usize> {
    let mut n = 0;
    for c in key.chars() {
        if is_han(c) {
            return None;
        }
        n += 1;
    }
    (n >= 4).then_some(n)
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
    fn bigram_positions_count_han_characters_from_the_base() {
        let mut seen = Vec::new();
        let counts = scan(
            "关键 矿产ab关键矿产",
            10,
            &mut Scratch::default(),
            &mut |t, pos| {
                seen.push((t.to_owned(), pos));
            },
        );
        let bigrams: Vec<_> = seen.iter().filter(|(_, p)| p.is_some()).collect();
        assert_eq!(
            bigrams,
            [
                &("关键".to_string(), Some(10)),
                &("矿产".to_string(), Some(12)),
                &("关键".to_string(), Some(14)),
                &("键矿".to_string(), Some(15)),
                &("矿产".to_string(), Some(16)),
            ]
        );
        assert_eq!(counts, Counts { words: 1, han: 8 });
        assert_eq!(counts.len(), 9);
    }

    proptest::proptest! {
        #[test]
        fn counting_agrees_with_scanning(text in "[a-zA-Z0-9 İé.,稀土关键矿产（）ＭＰ]{0,40}") {
            let scanned = scan(&text, 0, &mut Scratch::default(), &mut |_, _| {});
            proptest::prop_assert_eq!(count(&text), scanned);
        }
    }

    #[test]
    fn typo_targets_are_latin_words_of_four_or_more() {
        assert_eq!(typo_target("earth"), Some(5));
        assert_eq!(typo_target("über"), Some(4));
        assert_eq!(typo_target("ore"), None);
        assert_eq!(typo_target("稀土元素"), None);
    }
}
