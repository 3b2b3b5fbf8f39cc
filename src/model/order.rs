//! Timeline order: events by date (then file name), except that an event a
//! source says came after another is never listed before it. Without that
//! rule a less precise date sorts first ("2025" before "20 Jan 2025"), which
//! would put an effect before its cause.
//!
//! Takes each event's date, tie-break key and the events it follows; gives
//! the order, or the statements that cannot hold (an `after` that the dates
//! contradict, or a cycle of `after`s).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::date::PartialDate;

/// An event to order.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub date: PartialDate,
    /// Breaks ties between equal dates (the file name).
    pub key: &'a str,
    /// Indices of the events this one came after.
    pub after: Vec<usize>,
}

/// Why the `after` statements cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `event` is said to follow `after`, but its dates say it came first.
    Contradicts { event: usize, after: usize },
    /// Each of these events is said to follow the one before it, and the
    /// first to follow the last.
    Cycle(Vec<usize>),
}

/// The events' order (indices into `items`), or every problem found.
pub fn order(items: &[Item<'_>]) -> Result<Vec<usize>, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        for &a in &it.after {
            if items[a].date.surely_after(&it.date) {
                problems.push(Problem::Contradicts { event: i, after: a });
            }
        }
    }
    // Kahn's algorithm, always taking the earliest event whose
    // predecessors are all placed.
    let mut waiting: Vec<usize> = items.iter().map(|it| it.after.len()).collect();
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, it) in items.iter().enumerate() {
        for &a in &it.after {
            followers[a].push(i);
        }
    }
    let mut ready: BinaryHeap<Reverse<(PartialDate, &str, usize)>> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| waiting[*i] == 0)
        .map(|(i, it)| Reverse((it.date, it.key, i)))
        .collect();
    let mut out = Vec::with_capacity(items.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        out.push(i);
        for &f in &followers[i] {
            waiting[f] -= 1;
            if waiting[f] == 0 {
                ready.push(Reverse((items[f].date, items[f].key, f)));
            }
        }
    }
    if out.len() < items.len() {
        problems.extend(cycles(items, &waiting));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The cycles among the events left unplaced, each once, each starting at
/// its smallest index.
fn cycles(items: &[Item<'_>], waiting: &[usize]) -> Vec<Problem> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut done = vec![false; items.len()];
    for start in (0..items.len()).filter(|&i| waiting[i] > 0) {
        if done[start] {
            continue;
        }
        // Walk back along unplaced predecessors until an event repeats.
        let mut path: Vec<usize> = vec![start];
        let mut at = start;
        while let Some(&prev) = items[at].after.iter().find(|&&a| waiting[a] > 0) {
            if let Some(pos) = path.iter().position(|&p| p == prev) {
                let mut cycle: Vec<usize> = path[pos..].to_vec();
                cycle.reverse();
                let min = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, &v)| v)
                    .map_or(0, |(k, _)| k);
                cycle.rotate_left(min);
                if !found.contains(&cycle) {
                    found.push(cycle);
                }
                break;
            }
            if done[prev] {
                break;
            }
            path.push(prev);
            at = prev;
        }
        for p in path {
            done[p] = true;
        }
    }
    found.into_iter().map(Problem::Cycle).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(date: &str, key: &'a str, after: &[usize]) -> Item<'a> {
        Item {
            date: PartialDate::parse(date).unwrap(),
            key,
            after: after.to_vec(),
        }
    }

    #[test]
    fn by_date_then_key() {
        let items = [
            item("2025-01-20", "b", &[]),
            item("2025", "c", &[]),
            item("2024", "a", &[]),
            item("2025-01-20", "a", &[]),
        ];
        assert_eq!(order(&items).unwrap(), [2, 1, 3, 0]);
    }

    #[test]
    fn a_less_precise_date_waits_for_what_it_follows() {
        // "In his first month in office" (2025-01) after the inauguration
        // (2025-01-20); "2025" after both.
        let items = [
            item("2025-01", "first-month", &[2]),
            item("2025", "later", &[0]),
            item("2025-01-20", "inauguration", &[]),
            item("2025-01-10", "before", &[]),
        ];
        assert_eq!(order(&items).unwrap(), [3, 2, 0, 1]);
    }

    #[test]
    fn contradictions_and_cycles_are_reported() {
        let items = [item("2024-05-01", "a", &[1]), item("2024-06-01", "b", &[])];
        assert_eq!(
            order(&items).unwrap_err(),
            [Problem::Contradicts { event: 0, after: 1 }]
        );
        let items = [
            item("2024", "a", &[2]),
            item("2024", "b", &[0]),
            item("2024", "c", &[1]),
            item("2024", "d", &[]),
            item("2024", "e", &[4]),
        ];
        let problems = order(&items).unwrap_err();
        assert_eq!(
            problems,
            [Problem::Cycle(vec![0, 1, 2]), Problem::Cycle(vec![4])]
        );
    }

    proptest::proptest! {
        /// Any acyclic `after`s that the dates allow: every event comes
        /// after those it follows, and events with no constraint between
        /// them keep date order when both are free.
        #[test]
        fn constraints_hold(
            dates in proptest::collection::vec(prop_date(), 1..12),
            edges in proptest::collection::vec((0usize..12, 0usize..12), 0..10),
        ) {
            let keys: Vec<String> = (0..dates.len()).map(|i| format!("{i:02}")).collect();
            let mut items: Vec<Item<'_>> = dates
                .iter()
                .zip(&keys)
                .map(|(d, k)| Item { date: *d, key: k, after: Vec::new() })
                .collect();
            for (a, b) in edges {
                let (a, b) = (a % items.len(), b % items.len());
                // Only forward edges in index order (acyclic) that the dates allow.
                if a < b && !items[a].date.surely_after(&items[b].date) {
                    items[b].after.push(a);
                }
            }
            let out = order(&items).unwrap();
            let mut pos = vec![0; items.len()];
            for (p, &i) in out.iter().enumerate() {
                pos[i] = p;
            }
            for (i, it) in items.iter().enumerate() {
                for &a in &it.after {
                    proptest::prop_assert!(pos[a] < pos[i]);
                }
            }
            let mut sorted = out.clone();
            sorted.sort_unstable();
            proptest::prop_assert_eq!(sorted, (0..items.len()).collect::<Vec<_>>());
        }
    }

    fn prop_date() -> impl proptest::strategy::Strategy<Value = PartialDate> {
        use proptest::strategy::Strategy;
        (2020i32..2023, 0u8..13, 0u8..29, proptest::bool::ANY).prop_map(|(y, m, d, dec)| {
            if dec && m == 0 {
                return PartialDate::parse("2020s").unwrap();
            }
            let s = match (m, d) {
                (0, _) => format!("{y}"),
                (m, 0) => format!("{y}-{m:02}"),
                (m, d) => format!("{y}-{m:02}-{d:02}"),
            };
            PartialDate::parse(&s).unwrap()
        })
    }
}
