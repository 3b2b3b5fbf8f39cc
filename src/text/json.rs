//! JSON that may stand inside an HTML `<script>` element, or anywhere else
//! JSON goes (`check --format json`). serde_json writes it; then `<`, `>`
//! and `&` are written as `\u003c`, `\u003e` and `\u0026` (so no text can
//! close the script or open a comment), and U+2028 and U+2029 as escapes
//! (older JavaScript engines end a line there). The result is the same JSON
//! value.

use serde::Serialize;

/// `value` as JSON, pretty-printed if `pretty`, safe inside `<script>`.
pub fn to_string<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let json = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .unwrap_or_default();
    script_safe(&json)
}

/// JSON text with the characters that matter inside `<script>` escaped.
/// Each can only occur inside a string of valid JSON, where the escape
/// means the same character.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_endings_are_escaped_and_the_value_is_the_same() {
        let value = serde_json::json!({"t": "</script><!-- & \u{2028}"});
        let json = to_string(&value, false);
        assert_eq!(
            json,
            r#"{"t":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back, value);
    }
}
