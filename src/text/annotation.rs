//! GitHub Actions workflow commands (`check --format github`):
//! `::error file=…,line=…,col=…::message`. Values are escaped as the runner
//! reads them (`%`, CR and LF in the message; also `:` and `,` in
//! properties), so that a value never ends the command, starts another
//! one, or adds a property. Other control characters are shown as
//! `\u{..}` escapes.

use std::fmt::Write;

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if c.is_control()
                || super::controls::is_bidi_control(c)
                || super::controls::is_zero_width(c) =>
            {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// One workflow command on one line: `::name key=value,…::message`.
/// `name` and the keys are the caller's own words (`error`, `file`).
pub fn command(name: &str, properties: &[(&str, String)], message: &str) -> String {
    let mut out = format!("::{name}");
    for (i, (key, value)) in properties.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { ',' });
        out.push_str(key);
        out.push('=');
        out.push_str(&escape(value, true));
    }
    out.push_str("::");
    out.push_str(&escape(message, false));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_end_the_command_or_add_properties() {
        assert_eq!(
            command(
                "error",
                &[("file", "a,b:c.md".into()), ("line", "3".into())],
                "50% done\n::warning::forged\r"
            ),
            "::error file=a%2Cb%3Ac.md,line=3::50%25 done%0A::warning::forged%0D"
        );
        assert_eq!(command("notice", &[], "bell\u{7}"), "::notice::bell\\u{7}");
    }
}
