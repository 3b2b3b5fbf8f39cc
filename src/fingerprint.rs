//! One 64-bit hash of a value, for telling whether inputs changed between
//! builds (`serve`'s caches) — not for anything an attacker controls.
//!
//! XXH3: the same in every run, and fast on the long texts hashed here
//! (page bodies, serialised page contexts), where SipHash was a tenth of a
//! rebuild's time.

use std::hash::{Hash, Hasher as _};

/// The streaming hasher behind [`of`], for values hashed piece by piece.
pub type Hasher = xxhash_rust::xxh3::Xxh3Default;

/// A fresh hasher.
pub fn hasher() -> Hasher {
    Hasher::new()
}

/// The hash of `value`.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}
