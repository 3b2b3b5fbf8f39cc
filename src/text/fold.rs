//! Folding: the form in which a quote is matched against a source. White
//! space removed, ASCII lowercased, full-width forms and CJK punctuation
//! mapped to their ASCII counterparts, so a quote copied from the seed
//! matches however the punctuation was typed.

/// Folds text for matching.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            continue;
        }
        let c = match c {
            '、' => ',',
            '。' => '.',
            '“' | '”' | '„' | '「' | '」' => '"',
            '‘' | '’' | '『' | '』' => '\'',
            '【' => '[',
            '】' => ']',
            '〔' => '(',
            '〕' => ')',
            _ => full_width(c),
        };
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A full-width ASCII form (`Ｍ`, `１`, `（`) as its ASCII character; any
/// other character as it is.
pub fn full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_width_space_and_case() {
        assert_eq!(
            fold("中国商务部, 宣布：禁止（出口）“镓”"),
            fold("中国商务部，宣布:禁止(出口)\"镓\"")
        );
        assert_eq!(fold("MP  Materials"), "mpmaterials");
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
    }
}
