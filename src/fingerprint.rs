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

/// A value with its hash, worked out once, when it is made: hashing a
/// `Hashed` writes only that hash. The value cannot change afterwards, so
/// the hash always stands for it.
#[derive(Debug, Clone)]
pub struct Hashed<T> {
    value: T,
    hash: u64,
}

impl<T: Hash> Hashed<T> {
    pub fn new(value: T) -> Hashed<T> {
        let hash = of(&value);
        Hashed { value, hash }
    }
}

impl<T> Hashed<T> {
    /// The hash of the value (what hashing the `Hashed` writes).
    pub fn fingerprint(&self) -> u64 {
        self.hash
    }
}

impl<T> std::ops::Deref for Hashed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Hash for Hashed<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

/// The hash of a short value (a few numbers) by [`KeyHasher`], cheaper for
/// one than [`of`]'s streaming hasher. Not equal to `of(value)`.
pub fn key<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = KeyHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// A hash map keyed by short values (the search index's words), hashed with
/// the same XXH3 in one shot per key: the streaming [`Hasher`] sets up a
/// buffer for every key, which costs more than hashing a word.
pub type Map<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Map`]: XXH3 of each piece a key writes, seeded with the
/// hash of the pieces before it. A single byte (the end mark a `str` writes
/// after its bytes) is mixed in with one multiplication instead.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_value_hashes_as_its_hash() {
        let v = vec!["a".to_string(), "b".to_string()];
        let h = Hashed::new(v.clone());
        assert_eq!(of(&h), of(&of(&v)));
        assert_ne!(of(&h), of(&Hashed::new(vec!["a".to_string()])));
        assert_eq!(h.len(), 2);
    }
}
