#![allow(unreachable_pub, clippy::unwrap_used)]
//! The generator's integration tests: fixture sites built into temporary
//! folders. Nothing here reads the shipped briefing (`content/`, `seeds/`,
//! `briefing.toml` of the repository); its tests are in `tests/shipped.rs`.
//! One module per feature; `site_test.rs` holds the chainable helper.

mod adopt;
mod architecture;
mod bench_smoke;
mod build;
mod catalogue;
mod citations;
mod cli;
mod errors;
mod i18n;
mod links;
mod properties;
mod readme;
mod review;
mod search;
mod serve;
mod serve_rebuild;
mod site_test;
mod sources;
mod terms;
mod timeline;
mod translations;
mod workflows;
