//! `briefing`: a static-site generator for briefing websites.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`config`] → [`discover`] → [`sources`], [`content`] and [`translations`]
//! → [`model`] →
//! [`render`] → [`output`], driven by [`site`] and the [`cli`].

pub mod allocator;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod fingerprint;
pub mod fsio;
pub mod i18n;
pub mod init;
pub mod kept;
pub mod mode;
pub mod model;
pub mod output;
pub mod reads;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod sources;
pub mod suggest;
pub mod text;
pub mod translations;
pub mod urls;
