//! Text helpers shared by the stages, one concern per file: escaping for
//! HTML, folding for matching, ids, script detection, percent-decoding, and
//! which characters a text field may hold.

pub mod controls;
pub mod fold;
pub mod html;
pub mod ids;
pub mod percent;
pub mod script;
