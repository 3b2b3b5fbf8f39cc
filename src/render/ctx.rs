//! A page's template context that also hashes what is put into it, so that
//! `serve` tells an unchanged page without rendering it. Values go in whole
//! ([`insert`]), or made only when the page is rendered ([`insert_made`]);
//! either way the hash is the hash of the values themselves.

use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

use crate::model::markdown::Rendered;

/// How a context is built, by what the build will do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtxMode {
    /// A one-off build: straight into Tera, not hashed (nothing to reuse).
    Direct,
    /// `serve`: into Tera, and hashed to recognise the page next time.
    DirectHashed,
    /// A rebuild of `serve`, first pass: only hashed. Most pages are reused
    /// as they are; the contexts of the others are built again, in full.
    HashOnly,
}

/// A template context that can also hash everything put into it, so an
/// unchanged page can be recognised without rendering it.
pub struct Ctx {
    mode: CtxMode,
    pub(super) ctx: tera::Context,
    hasher: crate::fingerprint::Hasher,
    /// The key of a page known unchanged from its record of what it was
    /// made from ([`Ctx::known`]).
    known: Option<u64>,
}

impl Ctx {
    pub fn new(mode: CtxMode) -> Ctx {
        Ctx {
            mode,
            ctx: tera::Context::new(),
            hasher: crate::fingerprint::hasher(),
            known: None,
        }
    }

    /// The context of a page that read the same values as in the last
    /// build (see [`Reads`](crate::reads::Reads)): empty, with the key it
    /// had then.
    pub fn known(key: u64) -> Ctx {
        Ctx {
            known: Some(key),
            ..Ctx::new(CtxMode::HashOnly)
        }
    }

    /// The page's key: the hash of its context, template and theme (0 when
    /// the context is not hashed).
    pub(super) fn finish(&self, template: &str, theme: u64) -> u64 {
        if let Some(key) = self.known {
            return key;
        }
        if self.mode == CtxMode::Direct {
            return 0;
        }
        let mut h = self.hasher.clone();
        (template, theme).hash(&mut h);
        h.finish()
    }

    fn hashed(&self) -> bool {
        self.mode != CtxMode::Direct
    }

    fn filled(&self) -> bool {
        self.mode != CtxMode::HashOnly
    }
}

/// Puts a value that is costly to make into a context: `make(inputs)` runs
/// only if the value goes into the context, and the hash of `inputs` stands
/// for it in the context's hash. `make` is a function, not a closure, so it
/// can read nothing but its inputs: whatever the value is made from is
/// hashed, and an edit to it cannot leave a stale page.
pub(crate) fn insert_made<I: Hash, T: Serialize>(
    ctx: &mut Ctx,
    key: &str,
    inputs: I,
    make: fn(I) -> T,
) {
    if ctx.hashed() {
        key.hash(&mut ctx.hasher);
        inputs.hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, &make(inputs));
    }
}

/// Puts a value into a context (and into the context's hash).
pub(crate) fn insert<T: Serialize + Hash + ?Sized>(ctx: &mut Ctx, key: &str, value: &T) {
    if ctx.hashed() {
        // Every hashed mode hashes the same way, so their keys agree. The
        // value's own `Hash` is much cheaper than its JSON: no escaping, and
        // whole strings at a time.
        key.hash(&mut ctx.hasher);
        value.hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, value);
    }
}

/// The HTML of rendered Markdown, as a context value: serialised as the
/// HTML, hashed as the HTML's hash (worked out once per render), so a long
/// body on many pages is neither copied nor hashed again.
pub struct RenderedHtml<'a>(pub &'a Rendered);

impl Serialize for RenderedHtml<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.html)
    }
}

impl Hash for RenderedHtml<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.html_hash().hash(state);
    }
}

/// The citations of rendered Markdown, as an input of [`insert_made`]:
/// hashed as their hash, worked out once per render.
#[derive(Clone, Copy)]
pub struct Citations<'a>(pub &'a Rendered);

impl Hash for Citations<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.citations_hash().hash(state);
    }
}
