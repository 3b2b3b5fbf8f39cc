#![allow(unreachable_pub, clippy::unwrap_used)]
//! Integration tests: fixture sites built into temporary folders.
//! One module per feature; `site_test.rs` holds the chainable helper.

mod bench_smoke;
mod build;
mod catalogue;
mod citations;
mod cli;
mod errors;
mod links;
mod properties;
mod readme;
mod review;
mod serve;
mod shipped;
mod site_test;
mod sources;
mod terms;
mod timeline;
mod workflows;
