//! One 64-bit hash of a value, for telling whether inputs changed between
//! builds (`serve`'s caches) — not for anything an attacker controls.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The hash of `value` (SipHash with fixed keys: the same in every run).
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
