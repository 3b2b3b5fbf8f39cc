//! Numbers as base-32 digits inside the index's JavaScript strings: a digit
//! is `#`..`B` (0–31, the last digit of a number) or `]`..`|` (0–31, more
//! digits follow), most significant first — no quote or backslash, so no
//! escaping.

/// Appends `v` as base-32 digits.
pub(super) fn push_num(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 13];
    let mut n = buf.len() - 1;
    buf[n] = b'#' + (v & 31) as u8;
    v >>= 5;
    while v > 0 {
        n -= 1;
        buf[n] = b']' + (v & 31) as u8;
        v >>= 5;
    }
    out.extend_from_slice(&buf[n..]);
}

/// Reads numbers back as the browser does (for tests): every last digit
/// ends one.
#[cfg(test)]
pub(super) fn read_nums(s: &[u8]) -> Vec<u64> {
    let mut vals = Vec::new();
    let mut v: u64 = 0;
    for &c in s {
        if c >= b']' {
            v = v.wrapping_mul(32) + u64::from(c - b']');
        } else {
            vals.push(v.wrapping_mul(32) + u64::from(c - b'#'));
            v = 0;
        }
    }
    vals
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn numbers_are_base32_digits_without_quotes_or_backslashes() {
        let mut out = Vec::new();
        for v in [0, 1, 31, 32, 1023, 1024, u64::MAX] {
            push_num(&mut out, v);
        }
        assert_eq!(&out[..5], b"#$B^#");
        assert!(!out.contains(&b'"') && !out.contains(&b'\\'));
        assert_eq!(read_nums(&out), [0, 1, 31, 32, 1023, 1024, u64::MAX]);
    }

    proptest! {
        #[test]
        fn numbers_round_trip(vals in proptest::collection::vec(any::<u64>(), 0..50)) {
            let mut out = Vec::new();
            for &v in &vals {
                push_num(&mut out, v);
            }
            prop_assert!(out.iter().all(|&c| (b'#'..=b'|').contains(&c) && c != b'\\'));
            prop_assert_eq!(read_nums(&out), vals);
        }
    }
}
