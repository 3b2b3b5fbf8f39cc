//! Parsing Markdown into pulldown-cmark's events, with their byte ranges.

use std::cell::Cell;
use std::ops::Range;
use std::sync::Once;

use pulldown_cmark::{Event, Options, Parser};

/// The Markdown the project accepts: GitHub's extensions, footnotes, and
/// heading attributes (`{#id}`).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The events of `text`, or `None` when the parser cannot read it.
///
/// pulldown-cmark 0.13.6 can panic on some input when heading attributes
/// are enabled (found by fuzzing): such text is parsed again without them.
/// A panic caught here is expected and handled, so it is kept out of the
/// build log; any other panic is reported as usual.
pub(super) fn events(text: &str) -> Option<Vec<(Event<'_>, Range<usize>)>> {
    let parse = |opts: Options| {
        quietly(|| {
            Parser::new_ext(text, opts)
                .into_offset_iter()
                .collect::<Vec<_>>()
        })
    };
    parse(options()).or_else(|| parse(options() - Options::ENABLE_HEADING_ATTRIBUTES))
}

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic now, on this thread, is one [`quietly`] catches.
fn silenced() -> bool {
    QUIET.with(Cell::get)
}

/// `f()`, or `None` if it panics; the panic is not reported. Only a panic
/// on this thread while `f` runs is silenced: the panic hook, installed
/// once, hands every other panic to the hook it replaced.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !silenced() {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_panics_inside_a_quiet_call_on_its_thread_are_silenced() {
        assert!(!silenced());
        assert_eq!(quietly(silenced), Some(true));
        assert!(!silenced(), "the flag is cleared after the call");
        assert_eq!(quietly(|| -> bool { panic!("expected") }), None);
        assert!(!silenced(), "and after a panic");
        // Another thread is not silenced while this one is quiet.
        let other = quietly(|| std::thread::spawn(silenced).join().ok());
        assert_eq!(other, Some(Some(false)));
        // Nested calls restore the outer state.
        assert_eq!(
            quietly(|| (quietly(|| 1), silenced())),
            Some((Some(1), true))
        );
    }
}
