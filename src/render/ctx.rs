//! A page's template context that also hashes what is put into it, so that
//! `serve` tells an unchanged page without rendering it. Values go in whole
//! ([`insert`]), as a long text that a hash stands for ([`insert_text`]), or
//! made only when the page is rendered ([`insert_lazy`]).

use std::hash::{Hash, Hasher};

use serde::Serialize;

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
}

impl Ctx {
    pub fn new(mode: CtxMode) -> Ctx {
        Ctx {
            mode,
            ctx: tera::Context::new(),
            hasher: crate::fingerprint::hasher(),
        }
    }

    /// The page's key: the hash of its context, template and theme (0 when
    /// the context is not hashed).
    pub(super) fn finish(&self, template: &str, theme: u64) -> u64 {
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

/// Puts a value that is costly to make into a context. `fingerprint`
/// stands for it in the context's hash and must cover everything the value
/// is made from; `make` runs only if the value goes into the context.
pub(crate) fn insert_lazy<T, F>(ctx: &mut Ctx, key: &str, fingerprint: impl Hash, make: F)
where
    T: Serialize,
    F: FnOnce() -> T,
{
    if ctx.hashed() {
        key.hash(&mut ctx.hasher);
        fingerprint.hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, &make());
    }
}

/// Puts a long text into a context; `hash` stands for it in the context's
/// hash (so the text itself is neither escaped nor hashed again).
pub(crate) fn insert_text(ctx: &mut Ctx, key: &str, text: &str, hash: impl FnOnce() -> u64) {
    if ctx.hashed() {
        key.hash(&mut ctx.hasher);
        hash().hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, text);
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
