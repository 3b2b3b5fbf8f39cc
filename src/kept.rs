//! Parsed inputs kept between `serve`'s builds, so that an edit costs only
//! the files it touched: a file whose [`Stamp`] is unchanged and settled is
//! not read again, and a file whose bytes are unchanged is not parsed again.
//! When the run is told which files changed since the last (`serve`'s
//! watcher knows), a settled input none of whose files is among them is
//! taken as it was, without even a stamp.
//! A one-off build ([`Mode::keeps`] false) keeps nothing and stamps nothing.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diag::Diagnostics;
use crate::fsio::Stamp;
use crate::mode::Mode;

/// Parsed values of type `T` by the path of the input they came from.
pub struct Kept<T> {
    /// By the path's bytes: hashed whole, not component by component as a
    /// `Path` is, and by the one-shot hash of short keys (a build looks up
    /// every input).
    map: crate::fingerprint::Map<OsString, Entry<T>>,
    /// Whether anything is kept: when the mode keeps nothing,
    /// [`Kept::load`] just reads and parses.
    mode: Mode,
}

/// One kept input: the stamps of its files when they were read, the hash
/// of their bytes, and what parsing gave (the value and its problems).
pub struct Entry<T> {
    stamps: Vec<Stamp>,
    settled: bool,
    hash: u64,
    value: Option<Arc<T>>,
    diags: Diagnostics,
}

/// What loading one input gave, and what to keep of it for next time.
pub struct Loaded<T> {
    pub value: Option<Arc<T>>,
    pub diags: Diagnostics,
    entry: Next<T>,
}

/// What is kept of an input for the next build.
pub enum Next<T> {
    /// A new entry.
    New(Entry<T>),
    /// The entry kept, as it is (an input taken without even a stamp).
    Same,
    /// Nothing (the input could not be read, or the mode keeps nothing).
    Forget,
}

/// What a run knows of its inputs before it reads them: the time it
/// started, and, when `serve`'s watcher told, the only files (relative to
/// the site root) that may have changed since the last run.
#[derive(Clone, Copy)]
pub struct Seen<'a> {
    pub now: SystemTime,
    pub changed: Option<&'a HashSet<PathBuf>>,
}

/// How to load one input: its files (the first names the input), how to
/// read them, what stands for their bytes, and how to parse them.
pub struct Input<'a, R, T> {
    pub files: &'a [&'a Path],
    pub read: &'a (dyn Fn(&mut Diagnostics) -> Option<R> + Sync),
    pub hash: &'a (dyn Fn(&R) -> u64 + Sync),
    pub parse: &'a (dyn Fn(R, &mut Diagnostics) -> Option<T> + Sync),
}

impl<T> Kept<T> {
    /// An empty store for runs of `mode`.
    pub fn new(mode: Mode) -> Kept<T> {
        Kept {
            map: crate::fingerprint::Map::default(),
            mode,
        }
    }

    /// Loads one input below `root`, reusing what was kept when its files
    /// are unchanged: none of them among the files `seen` says changed
    /// (when it knows), or their stamps the same.
    pub fn load<R>(&self, root: &Path, seen: &Seen<'_>, input: &Input<'_, R, T>) -> Loaded<T> {
        let mut diags = Diagnostics::new();
        if !self.mode.keeps() {
            let value = (input.read)(&mut diags)
                .and_then(|r| (input.parse)(r, &mut diags))
                .map(Arc::new);
            return Loaded {
                value,
                diags,
                entry: Next::Forget,
            };
        }
        let kept = input
            .files
            .first()
            .and_then(|f| self.map.get(f.as_os_str()));
        if let (Some(k), Some(changed)) = (kept, seen.changed) {
            let untouched = !input.files.iter().any(|f| changed.contains(*f));
            if untouched && k.settled && k.stamps.len() == input.files.len() {
                return Loaded {
                    value: k.value.clone(),
                    diags: k.diags.clone(),
                    entry: Next::Same,
                };
            }
        }
        let now = seen.now;
        let stamps: Option<Vec<Stamp>> = input
            .files
            .iter()
            .map(|f| Stamp::of(&root.join(f)))
            .collect();
        if let (Some(k), Some(s)) = (kept, &stamps) {
            if k.settled && k.stamps == *s {
                return k.reused(s.clone(), true);
            }
        }
        let Some(raw) = (input.read)(&mut diags) else {
            return Loaded {
                value: None,
                diags,
                entry: Next::Forget,
            };
        };
        let hash = (input.hash)(&raw);
        let settled = stamps
            .as_ref()
            .is_some_and(|s| s.iter().all(|s| s.settled(now)));
        let stamps = stamps.unwrap_or_default();
        if let Some(k) = kept.filter(|k| k.hash == hash) {
            return k.reused(stamps, settled);
        }
        let value = (input.parse)(raw, &mut diags).map(Arc::new);
        let entry = Entry {
            stamps,
            settled,
            hash,
            value: value.clone(),
            diags: diags.clone(),
        };
        Loaded {
            value,
            diags,
            entry: Next::New(entry),
        }
    }

    /// Keeps the entries of this build's inputs and forgets the rest. The
    /// kept map is changed in place: an edit of one file in a site of
    /// 10,000 does not build it anew.
    pub fn replace(&mut self, loaded: Vec<(PathBuf, Next<T>)>) {
        if !self.mode.keeps() {
            return;
        }
        // Entries of inputs no longer there: every entry of the map is an
        // input taken as it was (`Same`, found there), or one of the others
        // found there; if fewer, some are of inputs gone.
        let same = loaded
            .iter()
            .filter(|(_, n)| matches!(n, Next::Same))
            .count();
        let others = loaded
            .iter()
            .filter(|(p, n)| !matches!(n, Next::Same) && self.map.contains_key(p.as_os_str()))
            .count();
        if same + others < self.map.len() {
            let live: HashSet<&std::ffi::OsStr> =
                loaded.iter().map(|(p, _)| p.as_os_str()).collect();
            self.map.retain(|k, _| live.contains(k.as_os_str()));
        }
        for (p, next) in loaded {
            match next {
                Next::New(e) => {
                    self.map.insert(p.into_os_string(), e);
                }
                Next::Same => {}
                Next::Forget => {
                    self.map.remove(p.as_os_str());
                }
            }
        }
    }
}

impl<T> Entry<T> {
    /// What was kept, loaded again, with new stamps (the same bytes, read
    /// again or not).
    fn reused(&self, stamps: Vec<Stamp>, settled: bool) -> Loaded<T> {
        Loaded {
            value: self.value.clone(),
            diags: self.diags.clone(),
            entry: Next::New(Entry {
                stamps,
                settled,
                hash: self.hash,
                value: self.value.clone(),
                diags: self.diags.clone(),
            }),
        }
    }
}

impl<T> Loaded<T> {
    /// Splits into what the build uses and what is kept.
    pub fn split(self) -> (Option<Arc<T>>, Diagnostics, Next<T>) {
        (self.value, self.diags, self.entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Loads `a.txt` below `root` as its length, counting reads and parses.
    fn load(
        kept: &Kept<usize>,
        root: &Path,
        seen: impl Into<SeenAt>,
        counts: &[AtomicUsize; 2],
    ) -> Loaded<usize> {
        let read = |_: &mut Diagnostics| {
            counts[0].fetch_add(1, Ordering::SeqCst);
            std::fs::read_to_string(root.join("a.txt")).ok()
        };
        let hash = |t: &String| crate::fingerprint::of(t);
        let parse = |t: String, _: &mut Diagnostics| {
            counts[1].fetch_add(1, Ordering::SeqCst);
            Some(t.len())
        };
        let files = [Path::new("a.txt")];
        let SeenAt(now, changed) = seen.into();
        let seen = Seen {
            now,
            changed: changed.as_ref(),
        };
        kept.load(
            root,
            &seen,
            &Input {
                files: &files,
                read: &read,
                hash: &hash,
                parse: &parse,
            },
        )
    }

    /// When a load happens, and the files it is told changed, if any.
    struct SeenAt(SystemTime, Option<HashSet<PathBuf>>);

    impl From<SystemTime> for SeenAt {
        fn from(now: SystemTime) -> SeenAt {
            SeenAt(now, None)
        }
    }

    fn counted(counts: &[AtomicUsize; 2]) -> (usize, usize) {
        (
            counts[0].load(Ordering::SeqCst),
            counts[1].load(Ordering::SeqCst),
        )
    }

    #[test]
    fn unchanged_files_are_not_read_again_once_settled() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "abc").expect("write");
        let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let mut kept = Kept::new(Mode::Serve);
        let later = SystemTime::now() + Duration::from_secs(10);
        let (v, _, e) = load(&kept, dir.path(), later, &counts).split();
        assert_eq!(v.as_deref(), Some(&3));
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        let (v, _, e) = load(&kept, dir.path(), later, &counts).split();
        assert_eq!(v.as_deref(), Some(&3));
        assert_eq!(counted(&counts), (1, 1), "the settled file was read again");
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);

        std::fs::write(dir.path().join("a.txt"), "abcdef").expect("write");
        let later = SystemTime::now() + Duration::from_secs(10);
        let (v, _, _) = load(&kept, dir.path(), later, &counts).split();
        assert_eq!(v.as_deref(), Some(&6));
        assert_eq!(counted(&counts), (2, 2));
    }

    #[test]
    fn a_recently_modified_file_is_read_again_but_not_parsed_if_unchanged() {
        // File times are coarse: a write in the same tick can keep the
        // stamp, so a file modified just now is always read.
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "abc").expect("write");
        let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let mut kept = Kept::new(Mode::Serve);
        let now = SystemTime::now();
        let (_, _, e) = load(&kept, dir.path(), now, &counts).split();
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        let (v, _, e) = load(&kept, dir.path(), now, &counts).split();
        assert_eq!(v.as_deref(), Some(&3));
        assert_eq!(counted(&counts), (2, 1));
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        // Same length, same tick perhaps: still seen.
        std::fs::write(dir.path().join("a.txt"), "xyz").expect("write");
        let (v, _, _) = load(&kept, dir.path(), now, &counts).split();
        assert_eq!(v.as_deref(), Some(&3));
        assert_eq!(counted(&counts), (3, 2));
    }

    #[test]
    fn told_what_changed_it_does_not_even_stamp_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "abc").expect("write");
        let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let mut kept = Kept::new(Mode::Serve);
        let later = SystemTime::now() + Duration::from_secs(10);
        let (_, _, e) = load(&kept, dir.path(), later, &counts).split();
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        // Changed on disk, but the run is told only another file changed:
        // what was kept is taken (the watcher vouches for the rest).
        std::fs::write(dir.path().join("a.txt"), "abcdef").expect("write");
        let others = SeenAt(later, Some(HashSet::from([PathBuf::from("b.txt")])));
        let (v, _, e) = load(&kept, dir.path(), others, &counts).split();
        assert_eq!(v.as_deref(), Some(&3));
        assert_eq!(counted(&counts), (1, 1));
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        // Told that it changed, it is read again.
        let this = SeenAt(later, Some(HashSet::from([PathBuf::from("a.txt")])));
        let (v, _, e) = load(&kept, dir.path(), this, &counts).split();
        assert_eq!(v.as_deref(), Some(&6));
        assert_eq!(counted(&counts), (2, 2));
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        // An entry not yet settled is stamped whatever the run is told.
        let mut kept = Kept::new(Mode::Serve);
        let now = SystemTime::now();
        let (_, _, e) = load(&kept, dir.path(), now, &counts).split();
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        std::fs::write(dir.path().join("a.txt"), "xy").expect("write");
        let others = SeenAt(now, Some(HashSet::new()));
        let (v, _, _) = load(&kept, dir.path(), others, &counts).split();
        assert_eq!(v.as_deref(), Some(&2));
    }

    #[test]
    fn off_keeps_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "abc").expect("write");
        let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let mut kept = Kept::new(Mode::Build);
        let later = SystemTime::now() + Duration::from_secs(10);
        let (_, _, e) = load(&kept, dir.path(), later, &counts).split();
        assert!(matches!(e, Next::Forget));
        kept.replace(vec![(PathBuf::from("a.txt"), e)]);
        load(&kept, dir.path(), later, &counts);
        assert_eq!(counted(&counts), (2, 2));
    }

    #[test]
    fn an_input_taken_as_it_was_stays_and_one_gone_is_forgotten() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "abc").expect("write");
        let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let mut kept = Kept::new(Mode::Serve);
        let later = SystemTime::now() + Duration::from_secs(10);
        let (_, _, a) = load(&kept, dir.path(), later, &counts).split();
        kept.replace(vec![(PathBuf::from("a.txt"), a)]);
        // Told that nothing changed: taken as it was, without a stamp.
        let untouched = SeenAt(later, Some(HashSet::new()));
        let (v, _, same) = load(&kept, dir.path(), untouched, &counts).split();
        assert!(matches!(same, Next::Same));
        assert_eq!(v.as_deref(), Some(&3));
        // A second input (the same file's entry under another name).
        let told = SeenAt(later, Some(HashSet::from([PathBuf::from("a.txt")])));
        let (_, _, b) = load(&kept, dir.path(), told, &counts).split();
        assert!(matches!(b, Next::New(_)));
        kept.replace(vec![
            (PathBuf::from("a.txt"), same),
            (PathBuf::from("b.txt"), b),
        ]);
        assert_eq!(kept.map.len(), 2);
        // `b.txt` is gone from the inputs: its entry is forgotten.
        kept.replace(vec![(PathBuf::from("a.txt"), Next::Same)]);
        let names: Vec<&OsString> = kept.map.keys().collect();
        assert_eq!(names, [&OsString::from("a.txt")]);
    }
}
