//! Cleaning seeds by declared rules: `start_after`, `end_before`, `drop_lines`
//! and named rule sets (defined in briefing.toml). Rules never edit the seed file;
//! they select the lines of the normalised text that form the article.
//!
//! A rule that matches nothing, or that would leave no text, is an error, so a
//! rule cannot silently rot when a seed changes.

use regex::Regex;
use toml::Spanned;

pub use crate::config::CleanRules;

/// What one rule did, for `build -v` and for errors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleOutcome {
    /// e.g. `start_after "分享至" (rule set netease-hao)`.
    pub rule: String,
    pub removed: usize,
}

/// A failed rule: a message, the byte span of the rule in its TOML file
/// (`None` for what no rule says, or for a group without spans), and the
/// index of its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
    pub group: usize,
}

/// One numbered line of a seed: (1-based line number in the seed, text).
pub type Line<'a> = (usize, &'a str);

/// Applies rule groups in order (each rule set the sidecar names, then its own
/// `[clean]` table). `origin` names each group in reports ("rule set netease-hao", "sidecar").
pub fn apply<'a>(
    text: &'a str,
    groups: &[(String, &CleanRules, bool)],
) -> Result<(Vec<Line<'a>>, Vec<RuleOutcome>), Vec<RuleError>> {
    let mut lines: Vec<Line<'a>> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut outcomes = Vec::new();
    let mut errors = Vec::new();
    for (group, (origin, rules, spanned)) in groups.iter().enumerate() {
        let span_of = |s: &Spanned<String>| if *spanned { Some(s.span()) } else { None };
        if let Some(marker) = &rules.start_after {
            let rule = format!("start_after {:?} ({origin})", marker.get_ref());
            match lines
                .iter()
                .position(|(_, l)| l.trim().starts_with(marker.get_ref().as_str()))
            {
                Some(i) => {
                    lines.drain(..=i);
                    outcomes.push(RuleOutcome {
                        rule,
                        removed: i + 1,
                    });
                }
                None => errors.push(RuleError {
                    message: format!("{rule} matches no line"),
                    span: span_of(marker),
                    group,
                }),
            }
        }
        if let Some(marker) = &rules.end_before {
            let rule = format!("end_before {:?} ({origin})", marker.get_ref());
            match lines
                .iter()
                .position(|(_, l)| l.trim().starts_with(marker.get_ref().as_str()))
            {
                Some(i) => {
                    let removed = lines.len() - i;
                    lines.truncate(i);
                    outcomes.push(RuleOutcome { rule, removed });
                }
                None => errors.push(RuleError {
                    message: format!("{rule} matches no line"),
                    span: span_of(marker),
                    group,
                }),
            }
        }
        for pattern in &rules.drop_lines {
            let rule = format!("drop_lines {:?} ({origin})", pattern.get_ref());
            let re = match Regex::new(pattern.get_ref()) {
                Ok(re) => re,
                Err(e) => {
                    errors.push(RuleError {
                        message: format!("invalid regular expression in {rule}: {e}"),
                        span: span_of(pattern),
                        group,
                    });
                    continue;
                }
            };
            let before = lines.len();
            lines.retain(|(_, l)| !re.is_match(l));
            let removed = before - lines.len();
            if removed == 0 {
                errors.push(RuleError {
                    message: format!("{rule} matches no line"),
                    span: span_of(pattern),
                    group,
                });
            }
            outcomes.push(RuleOutcome { rule, removed });
        }
        if errors.is_empty() && lines.iter().all(|(_, l)| l.trim().is_empty()) {
            let last = outcomes.last().map_or_else(String::new, |o| o.rule.clone());
            errors.push(RuleError {
                message: format!(
                    "the cleaning rules remove the whole text (last rule applied: {last})"
                ),
                span: None,
                group,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    Ok((lines, outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml_text: &str) -> CleanRules {
        toml::from_str(toml_text).unwrap()
    }

    fn kept(text: &str, r: &CleanRules) -> Vec<String> {
        let (lines, _) = apply(text, &[("sidecar".into(), r, true)]).unwrap();
        lines.into_iter().map(|(_, l)| l.to_string()).collect()
    }

    const PAGE: &str =
        "nav > home\ntitle\n分享至\nbody one\nbody two\n特别声明:以上内容\ntrending\n";

    #[test]
    fn start_after_and_end_before() {
        let r = rules("start_after = \"分享至\"\nend_before = \"特别声明\"");
        assert_eq!(kept(PAGE, &r), ["body one", "body two"]);
        let (_, outcomes) = apply(PAGE, &[("sidecar".into(), &r, true)]).unwrap();
        assert_eq!(
            outcomes.iter().map(|o| o.removed).collect::<Vec<_>>(),
            [3, 2]
        );
    }

    #[test]
    fn drop_lines_by_regex() {
        let r = rules("drop_lines = ['^body t', 'nav']");
        assert_eq!(
            kept(PAGE, &r),
            [
                "title",
                "分享至",
                "body one",
                "特别声明:以上内容",
                "trending"
            ]
        );
    }

    #[test]
    fn rule_matching_nothing_is_an_error() {
        let src = "end_before = \"nothing like this\"";
        let r = rules(src);
        let errs = apply(PAGE, &[("sidecar".into(), &r, true)]).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("matches no line"));
        assert_eq!(errs[0].span, Some(13..32));
    }

    #[test]
    fn rule_removing_everything_is_an_error() {
        let r = rules("drop_lines = ['.']");
        let errs = apply(PAGE, &[("sidecar".into(), &r, true)]).unwrap_err();
        assert!(
            errs[0].message.contains("remove the whole text"),
            "{:?}",
            errs
        );
    }

    #[test]
    fn invalid_regex_is_an_error() {
        let r = rules("drop_lines = ['(']");
        let errs = apply(PAGE, &[("sidecar".into(), &r, true)]).unwrap_err();
        assert!(errs[0].message.contains("invalid regular expression"));
    }
}
