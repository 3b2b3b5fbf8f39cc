//! Text helpers shared by the stages, one concern per file: which
//! characters a text field may hold, folding for matching, ids, script
//! detection, percent-decoding, and one escaping path per output format
//! (HTML, XML, Markdown for `diff`, GitHub annotations for `check`, JSON
//! that may stand in a script, BibTeX for "Cite this page"); date ranges
//! kept on one line.

pub mod annotation;
pub mod bibtex;
pub mod controls;
pub mod fold;
pub mod html;
pub mod ids;
pub mod json;
pub mod markdown;
pub mod percent;
pub mod ranges;
pub mod script;
pub mod xml;
