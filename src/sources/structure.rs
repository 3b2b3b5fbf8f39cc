//! Recovering structure from the plain text of a cleaned seed: paragraphs,
//! headings, figure captions and credits, abstract and keyword blocks, each
//! block with a stable id and a language.

use crate::text::ids::text_id;
use crate::text::script::{is_han, language_of, Lang};
use icu_locale_core::subtags::Script as ScriptTag;
use serde::Serialize;

use super::clean::Line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Heading,
    /// A figure caption (the image itself is not in the capture).
    Caption,
    /// An image credit such as `图源:…`.
    Credit,
    /// A label such as `摘要`, `Abstract`, `关键词`, `Key words`.
    Label,
    /// The content after a keywords label.
    Keywords,
}

impl BlockKind {
    /// The kind's name, as serialised: `paragraph`, `heading`, ….
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "heading",
            BlockKind::Caption => "caption",
            BlockKind::Credit => "credit",
            BlockKind::Label => "label",
            BlockKind::Keywords => "keywords",
        }
    }
}

/// One block of a source text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Block {
    /// Stable anchor id derived from the block's text (`p-3f9a1c`), so ids do
    /// not shift when a block is inserted above.
    pub id: String,
    pub kind: BlockKind,
    pub text: String,
    /// BCP 47 language tag: one of the languages its source declares (see
    /// [`language_of`]).
    pub lang: Lang,
    /// Line in the seed file.
    pub line: usize,
}

/// Labels of journal-page blocks that captures often glue to a neighbouring line.
const LABELS: &[&str] = &[
    "摘要",
    "Abstract",
    "关键词",
    "Key words",
    "Keywords",
    "分类",
    "基金",
    "文摘",
];
const KEYWORD_LABELS: &[&str] = &["关键词", "Key words", "Keywords"];

/// Splits lines, finds block kinds and assigns ids and languages (among
/// `declared`, the source's, with their usual scripts).
pub fn blocks(lines: &[Line<'_>], declared: &[(Lang, Option<ScriptTag>)]) -> Vec<Block> {
    // 1. Split labels glued to the start or end of a line, and count the blank
    //    lines before each piece (an image in the page leaves a gap).
    let mut pieces: Vec<(usize, String, usize)> = Vec::new(); // (line, text, blanks before)
    let mut blanks = 0;
    for &(no, raw) in lines {
        let line = raw.trim();
        if line.is_empty() {
            blanks += 1;
            continue;
        }
        for part in split_labels(line) {
            pieces.push((no, part.to_string(), blanks));
            blanks = 0;
        }
    }
    // 2. Kinds.
    let mut kinds: Vec<BlockKind> = pieces
        .iter()
        .map(|(_, t, _)| {
            if LABELS.contains(&t.as_str()) {
                BlockKind::Label
            } else if is_credit(t) {
                BlockKind::Credit
            } else {
                BlockKind::Paragraph
            }
        })
        .collect();
    for i in 0..pieces.len() {
        if kinds[i] != BlockKind::Paragraph {
            continue;
        }
        let text = &pieces[i].1;
        let next_is_credit =
            kinds.get(i + 1) == Some(&BlockKind::Credit) && is_credit_of_image(&pieces[i + 1].1);
        let after_label = i > 0 && kinds[i - 1] == BlockKind::Label;
        if after_label && KEYWORD_LABELS.contains(&pieces[i - 1].1.as_str()) {
            kinds[i] = BlockKind::Keywords;
        } else if after_label {
            // The content of an abstract or funding block: a paragraph.
        } else if next_is_credit || (pieces[i].2 >= 2 && is_short(text, 40) && ends_sentence(text))
        {
            kinds[i] = BlockKind::Caption;
        } else if is_heading(text) {
            kinds[i] = BlockKind::Heading;
        }
    }
    // 3. Ids and languages.
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    pieces
        .into_iter()
        .zip(kinds)
        .map(|((line, text, _), kind)| {
            let base = text_id(&text);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            Block {
                id,
                kind,
                lang: language_of(&text, declared),
                text,
                line,
            }
        })
        .collect()
}

/// Splits a known label off the start or end of a line when the label and the
/// text next to it are in different scripts (`文摘Critical…`, `…policy分类`).
fn split_labels(line: &str) -> Vec<&str> {
    for label in LABELS {
        if line == *label {
            return vec![line];
        }
        if let Some(rest) = line.strip_prefix(label) {
            let next = rest.chars().next();
            if next.is_some_and(|c| script(c) != script(first_char(label))) {
                let mut v = vec![&line[..label.len()]];
                v.extend(split_labels(rest.trim()));
                return v;
            }
        }
        if let Some(head) = line.strip_suffix(label) {
            let prev = head.chars().next_back();
            if prev
                .is_some_and(|c| script(c) != script(first_char(label)) || c.is_ascii_punctuation())
            {
                let mut v = split_labels(head.trim());
                v.push(&line[line.len() - label.len()..]);
                return v;
            }
        }
    }
    vec![line]
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

#[derive(PartialEq, Eq)]
enum Script {
    Han,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    if is_han(c) {
        Script::Han
    } else if c.is_ascii_alphabetic() {
        Script::Latin
    } else {
        Script::Other
    }
}

fn is_credit(t: &str) -> bool {
    is_credit_of_image(t) || t.contains("图片源自") || t.contains("图片来源")
}

fn is_credit_of_image(t: &str) -> bool {
    t.starts_with("图源") || t.starts_with("Image source") || t.starts_with("Source:")
}

fn is_short(t: &str, max: usize) -> bool {
    t.chars().count() <= max
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with('。') || t.ends_with('.')
}

/// A short standalone line without clause punctuation: a section title.
fn is_heading(t: &str) -> bool {
    let n = t.chars().count();
    let has_han = t.chars().any(is_han);
    let short = if has_han {
        n <= 16
    } else {
        t.split_whitespace().count() <= 8 && n <= 60
    };
    short
        && !t.contains([',', '，', '、', ';', '；'])
        && !t.ends_with(['.', '?', '!', '？', '！', '…', ':', '：'])
        && !t.starts_with(|c: char| c.is_ascii_digit() && n <= 3)
}

/// Splits the text of a keywords block into keywords.
pub fn split_keywords(t: &str) -> Vec<String> {
    t.split(['/', ';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, &str)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect()
    }

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        blocks(&lines(text), &[])
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn glued_labels_are_split() {
        let k = kinds("摘要\nAbstract\nSome text here.关键词\n大国竞争/供应链安全Key words\nmajor-power competition/policy分类\n社会科学");
        let texts: Vec<&str> = k.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "摘要",
                "Abstract",
                "Some text here.",
                "关键词",
                "大国竞争/供应链安全",
                "Key words",
                "major-power competition/policy",
                "分类",
                "社会科学"
            ]
        );
        assert_eq!(k[4].0, BlockKind::Keywords);
        assert_eq!(k[6].0, BlockKind::Keywords);
        assert_eq!(k[2].0, BlockKind::Paragraph);
    }

    #[test]
    fn captions_credits_and_headings() {
        let k = kinds("美国稀土战略的特征\n这是正文,很长的一段话。\n13817号总统令节选\n图源:美国政府出版局\n\n\n澳大利亚莱纳斯公司的韦尔德山矿。\n\n多管齐下的战略围堵。\n");
        let got: Vec<BlockKind> = k.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(
            got,
            [
                BlockKind::Heading,
                BlockKind::Paragraph,
                BlockKind::Caption,
                BlockKind::Credit,
                BlockKind::Caption,
                BlockKind::Heading
            ]
        );
    }

    #[test]
    fn ids_do_not_shift_when_a_paragraph_is_inserted_above() {
        let a = blocks(&lines("第一段。\n第二段。"), &[]);
        let b = blocks(&lines("新插入的一段。\n第一段。\n第二段。"), &[]);
        assert_eq!(a[0].id, b[1].id);
        assert_eq!(a[1].id, b[2].id);
    }

    #[test]
    fn duplicate_paragraphs_get_distinct_ids() {
        let b = blocks(&lines("同一段话,重复。\n同一段话,重复。"), &[]);
        assert_eq!(b[1].id, format!("{}-2", b[0].id));
    }

    #[test]
    fn language_per_block() {
        assert_eq!(
            crate::text::script::guess_lang("The United States has elevated"),
            "en"
        );
        assert_eq!(
            crate::text::script::guess_lang("美国本土的MP Materials稀土矿。"),
            "zh-Hans"
        );
    }

    #[test]
    fn keywords_split() {
        assert_eq!(
            split_keywords("大国竞争/美国稀土政策/ 供应链安全"),
            ["大国竞争", "美国稀土政策", "供应链安全"]
        );
    }
}
