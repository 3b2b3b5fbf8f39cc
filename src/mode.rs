//! What a run of the pipeline is for. One value decides what the run keeps
//! for the next one, whether its pages are made to be read, and where the
//! search index and the manifest go.

/// What a run of the pipeline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `build`: every page rendered, minified and written with a manifest;
    /// nothing kept.
    Build,
    /// `check`: every check of a build; pages are rendered only for their
    /// links (not minified, not kept), nothing written.
    Check,
    /// `serve`: pages minified and kept in memory; parsed inputs, Markdown
    /// renders, term matches and pages are kept, so the next run redoes only
    /// what changed.
    Serve,
}

impl Mode {
    /// Whether a run keeps what it worked out for the next run (and hashes
    /// page contexts to tell unchanged pages).
    pub fn keeps(self) -> bool {
        self == Mode::Serve
    }

    /// Whether pages are made to be read: minified and their bytes kept
    /// (`check` only takes their links).
    pub fn publishes(self) -> bool {
        self != Mode::Check
    }

    /// Whether the search index is made after the run, once the reload went
    /// out (`serve`), rather than before the pages.
    pub fn defers_search(self) -> bool {
        self == Mode::Serve
    }

    /// Whether pages carry the live-reload script, and their content
    /// security policy lets it listen to the server (`serve`).
    pub fn reloads(self) -> bool {
        self == Mode::Serve
    }

    /// Whether a manifest of the pages goes beside them.
    pub fn has_manifest(self) -> bool {
        self == Mode::Build
    }
}
