//! Script detection: which characters are Han, and whether a text is
//! English or Chinese.

/// Whether `c` is a Han character (CJK unified ideographs and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// `en` when Latin letters clearly outnumber Han characters, else `zh-Hans`.
pub fn detect_lang(t: &str) -> &'static str {
    let han = t.chars().filter(|&c| is_han(c)).count();
    let latin = t.chars().filter(char::is_ascii_alphabetic).count();
    if latin > han * 3 {
        "en"
    } else {
        "zh-Hans"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_from_chinese() {
        assert!(is_han('稀') && !is_han('a') && !is_han('，'));
        assert_eq!(detect_lang("rare earths"), "en");
        assert_eq!(detect_lang("稀土 rare"), "zh-Hans");
    }
}
