//! What a page was made from, recorded so that a rebuild of `serve` can
//! tell an unchanged page without building its context again: the shared
//! model values it read (a page's parsed file, its rendered Markdown),
//! compared by address, and a hash of the small values it read besides
//! (its neighbours' titles, its backlinks, the terms on it, the sources it
//! cites, and what every page of its kind reads). The record holds the
//! shared values, so an equal address is the same, unchanged value: one
//! that changed was made anew, at another address.

use std::sync::Arc;

/// A page's record of what it was made from (see the module's doc).
#[derive(Clone)]
pub struct Reads {
    shared: Vec<Arc<dyn Send + Sync>>,
    hash: u64,
}

impl Reads {
    pub fn new(shared: Vec<Arc<dyn Send + Sync>>, hash: u64) -> Reads {
        Reads { shared, hash }
    }

    /// Whether a page that read `self` and one that read `other` were made
    /// from the same values.
    pub fn same(&self, other: &Reads) -> bool {
        self.hash == other.hash
            && self.shared.len() == other.shared.len()
            && self
                .shared
                .iter()
                .zip(&other.shared)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl std::fmt::Debug for Reads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reads")
            .field("shared", &self.shared.len())
            .field("hash", &self.hash)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_values_at_the_same_address_and_equal_hashes() {
        let a: Arc<dyn Send + Sync> = Arc::new(String::from("text"));
        let copy: Arc<dyn Send + Sync> = Arc::new(String::from("text"));
        let r = Reads::new(vec![Arc::clone(&a)], 7);
        assert!(r.same(&Reads::new(vec![Arc::clone(&a)], 7)));
        // An equal value made anew is another value.
        assert!(!r.same(&Reads::new(vec![copy], 7)));
        assert!(!r.same(&Reads::new(vec![Arc::clone(&a)], 8)));
        assert!(!r.same(&Reads::new(vec![], 7)));
    }
}
