//! Site-wide maps gathered from every document's part (the backlinks of a
//! source's paragraphs, the quoted words in them), which `serve` keeps
//! between builds and patches: only the parts of the documents that
//! changed are taken out and put in again.
//!
//! A document is known by what its parts are made from ([`Doc`]): the
//! shared values it holds, compared by address, and its output path. Its
//! parts are worked out from those values alone, so a document that holds
//! the same values has the same parts, and one whose values changed is
//! patched: nothing else it could depend on exists to be missed.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use super::markdown::Rendered;
use crate::content::{Event, Page};

/// The values under one key: sorted, without repeats, each with the
/// number of parts that gave it (so a part can be taken out again).
/// Hashing a group writes the hash of its values, worked out once while
/// the group is unchanged (a page's context hashes its backlinks on every
/// rebuild of `serve`).
#[derive(Clone, Debug)]
pub struct Group<V> {
    values: Vec<V>,
    counts: Vec<u32>,
    hash: OnceLock<u64>,
}

impl<V> Group<V> {
    fn of(v: V) -> Group<V> {
        Group {
            values: vec![v],
            counts: vec![1],
            hash: OnceLock::new(),
        }
    }
}

impl<V> Deref for Group<V> {
    type Target = [V];
    fn deref(&self) -> &[V] {
        &self.values
    }
}

impl<V: Hash> Hash for Group<V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hash
            .get_or_init(|| crate::fingerprint::of(&self.values))
            .hash(state);
    }
}

/// Key → the values gathered under it, in key order.
#[derive(Clone, Debug)]
pub struct Gathered<K, V> {
    groups: BTreeMap<K, Group<V>>,
}

impl<K, V> Default for Gathered<K, V> {
    fn default() -> Self {
        Gathered {
            groups: BTreeMap::new(),
        }
    }
}

impl<K: Ord, V: Ord> Gathered<K, V> {
    /// Gathered from every part at once (faster than one by one).
    pub fn of_pairs(mut pairs: Vec<(K, V)>) -> Self
    where
        K: Send,
        V: Send,
    {
        use rayon::slice::ParallelSliceMut;
        pairs.par_sort_unstable();
        let mut out: Vec<(K, Group<V>)> = Vec::new();
        for (k, v) in pairs {
            match out.last_mut() {
                Some((last, g)) if *last == k => {
                    if g.values.last() == Some(&v) {
                        if let Some(n) = g.counts.last_mut() {
                            *n += 1;
                        }
                    } else {
                        g.values.push(v);
                        g.counts.push(1);
                    }
                }
                _ => out.push((k, Group::of(v))),
            }
        }
        // Already in key order, so the map is built without searching.
        Gathered {
            groups: out.into_iter().collect(),
        }
    }

    /// Adds one part's pair.
    pub fn add(&mut self, k: K, v: V) {
        let g = match self.groups.entry(k) {
            Entry::Vacant(e) => {
                e.insert(Group::of(v));
                return;
            }
            Entry::Occupied(e) => e.into_mut(),
        };
        g.hash = OnceLock::new();
        match g.values.binary_search(&v) {
            Ok(i) => g.counts[i] += 1,
            Err(i) => {
                g.values.insert(i, v);
                g.counts.insert(i, 1);
            }
        }
    }

    /// Takes out one part's pair, added before.
    pub fn remove(&mut self, k: &K, v: &V) {
        let Some(g) = self.groups.get_mut(k) else {
            debug_assert!(false, "a pair taken out was never added");
            return;
        };
        let Ok(i) = g.values.binary_search(v) else {
            debug_assert!(false, "a pair taken out was never added");
            return;
        };
        g.hash = OnceLock::new();
        g.counts[i] -= 1;
        if g.counts[i] == 0 {
            g.values.remove(i);
            g.counts.remove(i);
            if g.values.is_empty() {
                self.groups.remove(k);
            }
        }
    }

    /// The values under `k`.
    pub fn get<Q>(&self, k: &Q) -> Option<&Group<V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.groups.get(k)
    }

    /// Every key with its values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &Group<V>)> {
        self.groups.iter()
    }
}

impl<V: Ord> Gathered<(String, String), V> {
    /// The groups whose key starts with `first` (a source's blocks), in
    /// order of the second part.
    pub fn under<'a>(&'a self, first: &'a str) -> impl Iterator<Item = (&'a str, &'a Group<V>)> {
        self.groups
            .range((first.to_string(), String::new())..)
            .take_while(move |((f, _), _)| f == first)
            .map(|((_, second), g)| (second.as_str(), g))
    }
}

/// A document as what its parts are made from. Two are equal when they
/// hold the same shared values (by address: what is kept holds them, so an
/// address is not reused while it is kept) and the same output path.
#[derive(Clone)]
pub enum Doc {
    /// A content page: its text, its rendered Markdown and its output path.
    Page {
        page: Arc<Page>,
        body: Arc<Rendered>,
        out: String,
    },
    /// An event of the timeline.
    Event {
        event: Arc<Event>,
        body: Arc<Rendered>,
    },
    /// A glossary term's definition on its page: its id, its name.
    Term {
        id: String,
        name: String,
        body: Arc<Rendered>,
    },
}

impl Doc {
    /// Its rendered Markdown.
    pub fn body(&self) -> &Rendered {
        match self {
            Doc::Page { body, .. } | Doc::Event { body, .. } | Doc::Term { body, .. } => body,
        }
    }
}

impl PartialEq for Doc {
    fn eq(&self, other: &Doc) -> bool {
        match (self, other) {
            (
                Doc::Page { page, body, out },
                Doc::Page {
                    page: p,
                    body: b,
                    out: o,
                },
            ) => Arc::ptr_eq(page, p) && Arc::ptr_eq(body, b) && out == o,
            (Doc::Event { event, body }, Doc::Event { event: e, body: b }) => {
                Arc::ptr_eq(event, e) && Arc::ptr_eq(body, b)
            }
            (
                Doc::Term { id, name, body },
                Doc::Term {
                    id: i,
                    name: n,
                    body: b,
                },
            ) => Arc::ptr_eq(body, b) && id == i && name == n,
            _ => false,
        }
    }
}

impl Eq for Doc {}

impl Hash for Doc {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Doc::Page { page, body, out } => {
                (0u8, Arc::as_ptr(page), Arc::as_ptr(body), out).hash(state);
            }
            Doc::Event { event, body } => (1u8, Arc::as_ptr(event), Arc::as_ptr(body)).hash(state),
            Doc::Term { id, name, body } => (2u8, id, name, Arc::as_ptr(body)).hash(state),
        }
    }
}

/// Maps gathered from the parts of documents.
pub trait Gather: Clone + Default {
    /// Every document's parts, gathered at once.
    fn of_all(docs: &[Doc]) -> Self;
    /// Adds `doc`'s parts, or takes them out (`add` false).
    fn patch(&mut self, doc: &Doc, add: bool);
}

/// What `serve` keeps of a gathered value: the documents it was gathered
/// from, in order, and the value.
pub struct KeptGather<G> {
    docs: Vec<Doc>,
    value: Option<Arc<G>>,
}

impl<G> Default for KeptGather<G> {
    fn default() -> Self {
        KeptGather {
            docs: Vec::new(),
            value: None,
        }
    }
}

impl<G: Gather> KeptGather<G> {
    /// The value gathered from `docs`: the kept one patched with the
    /// documents that are new or gone since, or gathered afresh when
    /// nothing was kept.
    pub fn gather(&mut self, docs: Vec<Doc>) -> Arc<G> {
        let Some(kept) = self.value.take() else {
            let value = Arc::new(G::of_all(&docs));
            self.docs = docs;
            self.value = Some(Arc::clone(&value));
            return value;
        };
        // The kept value is changed in place unless a model still holds it.
        let mut value = Arc::unwrap_or_clone(kept);
        let (gone, new) = changes(&self.docs, &docs);
        for doc in gone {
            value.patch(doc, false);
        }
        for doc in new {
            value.patch(doc, true);
        }
        self.docs = docs;
        let value = Arc::new(value);
        self.value = Some(Arc::clone(&value));
        value
    }
}

/// Documents by how many times each occurs.
type Counted<'d> = crate::fingerprint::Map<&'d Doc, u32>;

/// The documents of `old` missing from `now`, and those of `now` missing
/// from `old` (each as many times as it is missing). Documents mostly
/// keep their places between builds: compared place by place when there
/// are as many, counted otherwise.
///
/// A [`Doc`]'s rendered Markdown caches hashes of itself inside, which
/// clippy takes for a mutable key; a `Doc` hashes and compares by address
/// and output path only, which nothing changes.
#[allow(clippy::mutable_key_type)]
fn changes<'d>(old: &'d [Doc], now: &'d [Doc]) -> (Vec<&'d Doc>, Vec<&'d Doc>) {
    if old.len() == now.len() {
        return old.iter().zip(now).filter(|(o, n)| o != n).unzip();
    }
    let count = |docs: &'d [Doc]| {
        let mut out = Counted::default();
        for d in docs {
            *out.entry(d).or_default() += 1;
        }
        out
    };
    let missing = |from: &Counted<'d>, other: &Counted<'d>| -> Vec<&'d Doc> {
        from.iter()
            .flat_map(|(&d, &n)| {
                let lost = n.saturating_sub(other.get(d).copied().unwrap_or(0));
                std::iter::repeat_n(d, lost as usize)
            })
            .collect()
    };
    let (was, is) = (count(old), count(now));
    (missing(&was, &is), missing(&is, &was))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(g: &Gathered<&'static str, u32>) -> Vec<(&'static str, Vec<u32>)> {
        g.iter().map(|(k, v)| (*k, v.to_vec())).collect()
    }

    #[test]
    fn pairs_added_and_taken_out_one_by_one_give_what_gathering_at_once_gives() {
        let all = vec![("b", 2), ("a", 1), ("b", 1), ("b", 2), ("c", 5)];
        let at_once = Gathered::of_pairs(all.clone());
        assert_eq!(
            pairs(&at_once),
            vec![("a", vec![1]), ("b", vec![1, 2]), ("c", vec![5])]
        );
        let mut one_by_one = Gathered::default();
        for (k, v) in all {
            one_by_one.add(k, v);
        }
        assert_eq!(pairs(&one_by_one), pairs(&at_once));
        // ("b", 2) came from two parts: one taken out leaves it.
        one_by_one.remove(&"b", &2);
        assert_eq!(pairs(&one_by_one), pairs(&at_once));
        one_by_one.remove(&"b", &2);
        one_by_one.remove(&"c", &5);
        assert_eq!(pairs(&one_by_one), vec![("a", vec![1]), ("b", vec![1])]);
    }

    #[test]
    fn a_group_hashes_as_its_values_after_every_patch() {
        let hash = |g: &Gathered<&'static str, u32>| crate::fingerprint::of(g.get("k").unwrap());
        let mut g = Gathered::of_pairs(vec![("k", 1), ("k", 2)]);
        let before = hash(&g);
        g.add("k", 3);
        let added = hash(&g);
        assert_ne!(
            before, added,
            "the hash kept from before the patch is not reused"
        );
        assert_eq!(
            added,
            hash(&Gathered::of_pairs(vec![("k", 1), ("k", 2), ("k", 3)]))
        );
        g.remove(&"k", &3);
        assert_eq!(hash(&g), before);
    }
}
