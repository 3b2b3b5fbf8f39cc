//! "Did you mean": the closest of the names a slip could have meant, by
//! edit distance (`strsim`'s normalised Damerau–Levenshtein similarity).

/// How alike a guess must be to be offered (1.0: equal).
const ALIKE: f64 = 0.6;

/// The candidate closest to `word`, if one is close enough: a slip of a
/// letter or two, a swap, or the same word in another letter case.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= ALIKE)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

/// For a serde message `unknown field `x`, expected one of `a`, `b`` (or
/// `unknown variant`), the hint for the closest expected name.
pub fn for_unknown_field(message: &str) -> String {
    let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    else {
        return String::new();
    };
    let Some((word, expected)) = rest.split_once('`') else {
        return String::new();
    };
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(word, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_the_closest_name_only_when_close() {
        assert_eq!(
            closest("theem", ["title", "theme", "language"]),
            Some("theme")
        );
        assert_eq!(closest("vesel", ["vessel", "person"]), Some("vessel"));
        assert_eq!(closest("Person", ["person"]), Some("person"));
        assert_eq!(closest("zzz", ["person", "place"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn reads_serde_messages() {
        assert_eq!(
            for_unknown_field("unknown field `theem`, expected one of `title`, `theme`"),
            "; did you mean `theme`?"
        );
        assert_eq!(
            for_unknown_field("unknown field `zz`, expected `title`"),
            ""
        );
        assert_eq!(for_unknown_field("invalid type: integer"), "");
    }
}
