//! Ids: the stable id of a text (`p-` and six hex digits of its SHA-256),
//! the readable id of a heading, and what an author may write as an id.

use sha2::{Digest, Sha256};

/// The id of a block or paragraph: `p-` and six hex digits of the SHA-256 of its text.
pub fn text_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("p-{:02x}{:02x}{:02x}", digest[0], digest[1], digest[2])
}

/// An ASCII id from a heading's text: `US policy, 2017–2021` → `us-policy-2017-2021`.
/// A heading with no ASCII letters or starting with a digit gets `h-` and a
/// hash of its text first.
pub fn heading_id(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        let h = text_id(title);
        format!(
            "h-{}{}",
            &h[2..],
            if id.is_empty() {
                String::new()
            } else {
                format!("-{id}")
            }
        )
    } else {
        id
    }
}

/// An id an author may give a heading: ASCII letters, digits, `-` and `_`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_ascii_and_never_start_with_a_digit() {
        assert_eq!(heading_id("US policy, 2017–2021"), "us-policy-2017-2021");
        assert!(heading_id("2017").starts_with("h-"));
        assert!(heading_id("稀土").starts_with("h-"));
        assert_eq!(text_id("x").len(), 8);
        assert!(valid_id("a-b_c") && !valid_id("a b") && !valid_id(""));
    }
}
