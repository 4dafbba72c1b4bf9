//! Watching a report folder for changes that matter, for `serve` and `watch`.
//!
//! Folders are watched, never single files, so editors that save by rename, backup copy or
//! delete + create are seen. Editor litter (swap files, `4913`, `~`, `#…#`, JetBrains
//! `___jb_`) and the build dir are ignored; a burst of events becomes one batch after a
//! short debounce. `--poll` swaps the OS events for polling on file systems without them.
//!
//! A watched folder that is moved away, removed or replaced (a `git checkout`, a sync tool,
//! `mv content x; mv x content`) takes its OS watch with it; the root's events about it
//! tell us to forget the old watch and watch the folder again once it is back.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, FileIdCache, new_debouncer, new_debouncer_opt,
};

use crate::{config, paths};

/// Quiet time after the last event before a batch is handed on: long enough to merge an
/// editor's write + rename (microseconds apart), short enough to feel instant.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(10);
/// Scan interval with `--poll`.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// What to watch: the report root (for book.toml and new folders) and its content folders,
/// static files, theme and language files.
pub struct Scope {
    pub root: PathBuf,
    pub build_dir: PathBuf,
    pub folders: Vec<PathBuf>,
}

impl Scope {
    pub fn new(root: &Path, src: &Path, build_dir: &Path) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        // data/: the CSV files journeys read their counts from (SPEC §4.1).
        // i18n/: the report's language files (SPEC §2), read with book.toml.
        let folders = vec![
            root.join(src),
            root.join("static"),
            root.join("themes"),
            root.join("data"),
            root.join(crate::i18n::file::FOLDER),
        ];
        Scope {
            build_dir: root.join(build_dir),
            root,
            folders,
        }
    }

    /// The scope book.toml at `root` describes (its `src` and `build-dir`; the defaults when
    /// it is missing or broken, which the build reports).
    pub fn of_report(root: &Path) -> Self {
        let config = config::load(root).unwrap_or_default();
        Scope::new(root, &config.src, &config.build_dir)
    }

    /// Whether a changed path can affect the site.
    pub(crate) fn matters(&self, path: &Path) -> bool {
        if path.starts_with(&self.build_dir) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        if rel
            .components()
            .any(|c| paths::is_ignored_file(&c.as_os_str().to_string_lossy()))
        {
            return false;
        }
        rel == Path::new("book.toml") || self.folders.iter().any(|f| path.starts_with(f))
    }
}

/// Either kind of debouncer, behind one interface.
trait Watch: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn unwatch(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T: Watcher + Send, C: FileIdCache + Send> Watch for Debouncer<T, C> {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        Debouncer::watch(self, path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        Debouncer::unwatch(self, path)
    }
}

/// The content folders being watched (each recursively), and the watcher.
struct Folders {
    watcher: Box<dyn Watch>,
    watched: Vec<PathBuf>,
}

impl Folders {
    /// Watches the scope's folders that exist and are not watched yet.
    fn watch_new(&mut self, scope: &Scope) {
        for folder in &scope.folders {
            if !self.watched.contains(folder)
                && folder.is_dir()
                && self.watcher.watch(folder, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(folder.clone());
            }
        }
    }

    /// Forgets the watch of each folder that a batch shows created, removed or renamed
    /// (itself or a folder it is in): the OS watch went with the old folder. The next
    /// [`Folders::watch_new`] watches it again if it is there.
    fn forget_replaced(&mut self, scope: &Scope, events: &[DebouncedEvent]) {
        let replaced = |folder: &PathBuf| {
            events.iter().any(|event| {
                matches!(
                    event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(ModifyKind::Name(_))
                ) && event.paths.iter().any(|p| {
                    p != &scope.root && p.starts_with(&scope.root) && folder.starts_with(p)
                })
            })
        };
        let watcher = &mut self.watcher;
        self.watched.retain(|folder| {
            if !replaced(folder) {
                return true;
            }
            // The watcher may have dropped the watch itself already; that is fine.
            let _ = watcher.unwatch(folder);
            false
        });
    }
}

/// Starts watching; each item received is one debounced batch of relevant changed paths.
/// The watcher lives as long as the receiver is read from (it stops when it is dropped).
pub fn start(mut scope: Scope, poll: bool) -> Result<Receiver<Vec<PathBuf>>, String> {
    let (raw_tx, raw_rx) = mpsc::channel::<DebounceEventResult>();
    let (tx, rx) = mpsc::channel();
    let handler = move |result: DebounceEventResult| {
        let _ = raw_tx.send(result);
    };
    let error = |e: notify::Error| format!("cannot watch {}: {e}", scope.root.display());
    let mut watcher: Box<dyn Watch> = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Box::new(
            new_debouncer_opt::<_, notify::PollWatcher, _>(
                DEBOUNCE,
                None,
                handler,
                notify_debouncer_full::NoCache,
                config,
            )
            .map_err(error)?,
        )
    } else {
        Box::new(new_debouncer(DEBOUNCE, None, handler).map_err(error)?)
    };
    watcher
        .watch(&scope.root, RecursiveMode::NonRecursive)
        .map_err(error)?;
    let mut folders = Folders {
        watcher,
        watched: Vec::new(),
    };
    folders.watch_new(&scope);
    std::thread::spawn(move || {
        for result in raw_rx {
            let Ok(events) = result else { continue };
            // A folder moved away and back, or replaced, is watched afresh; one created
            // after start (e.g. `static/`) gets watched too. Before the batch is handed
            // on, so the rebuild it causes reads what the new watch covers.
            folders.forget_replaced(&scope, &events);
            folders.watch_new(&scope);
            let changed = relevant(&scope, &events);
            // book.toml may have moved `src` or `build-dir`: follow it from now on.
            if changed.contains(&scope.root.join("book.toml")) {
                scope = Scope::of_report(&scope.root);
                folders.watch_new(&scope);
            }
            if !changed.is_empty() && tx.send(changed).is_err() {
                break;
            }
        }
    });
    Ok(rx)
}

/// The distinct relevant paths of a batch; metadata-only and access events do not count.
fn relevant(scope: &Scope, events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for event in events {
        // A metadata change (chmod, a backup tool's touch) is not an edit, except a new
        // modification time: that is how the poll watcher reports a save.
        let ignored = match event.kind {
            EventKind::Access(_) | EventKind::Other => true,
            EventKind::Modify(ModifyKind::Metadata(kind)) => kind != MetadataKind::WriteTime,
            _ => false,
        };
        if ignored {
            continue;
        }
        for path in &event.paths {
            if scope.matters(path) && !out.contains(path) {
                out.push(path.clone());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_report_files_matter() {
        let tmp = tempfile::tempdir().unwrap();
        let scope = Scope::new(tmp.path(), Path::new("content"), Path::new("public"));
        let root = scope.root.clone();
        assert!(scope.matters(&root.join("book.toml")));
        assert!(scope.matters(&root.join("content/personas/jane.md")));
        assert!(scope.matters(&root.join("themes/default/static/style.css")));
        assert!(scope.matters(&root.join("i18n/es.toml")));
        assert!(!scope.matters(&root.join("public/index.html")));
        assert!(!scope.matters(&root.join("content/personas/.jane.md.swp")));
        assert!(!scope.matters(&root.join("content/personas/4913")));
        assert!(!scope.matters(&root.join("content/personas/jane.md~")));
        assert!(!scope.matters(&root.join("target/debug/x")));
        assert!(!scope.matters(&root.join("README.md")));
        assert!(!scope.matters(Path::new("/etc/passwd")));
    }

    #[test]
    fn polling_sees_a_save_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/personas")).unwrap();
        let scope = Scope::new(tmp.path(), Path::new("content"), Path::new("public"));
        let file = scope.root.join("content/personas/jane.md");
        std::fs::write(&file, "first").unwrap();
        let rx = start(scope, true).unwrap();
        // Let the poller take its first snapshot, then save a new version in place, with a
        // modification time that surely differs from the first.
        std::thread::sleep(POLL_INTERVAL * 2);
        std::fs::write(&file, "second, longer").unwrap();
        let later = std::time::SystemTime::now() + Duration::from_secs(2);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let batch = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the poller sees the save");
        assert_eq!(batch, vec![file]);
    }

    #[test]
    fn a_save_is_seen_once() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/personas")).unwrap();
        let scope = Scope::new(tmp.path(), Path::new("content"), Path::new("public"));
        let file = scope.root.join("content/personas/jane.md");
        let rx = start(scope, false).unwrap();
        // An editor's save by rename: write a temp file, then move it over the target.
        let temp = file.with_file_name(".jane.md.swp");
        std::fs::write(&temp, "x").unwrap();
        std::fs::rename(&temp, &file).unwrap();
        let batch = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the save is seen");
        assert_eq!(batch, vec![file]);
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "no second rebuild for one save"
        );
    }

    /// Waits for a batch that holds `file`, skipping the batches of the moves before it.
    fn sees(rx: &Receiver<Vec<PathBuf>>, file: &Path) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(batch) if batch.iter().any(|p| p == file) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }

    #[test]
    fn a_folder_moved_away_and_back_or_recreated_is_watched_again() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/personas")).unwrap();
        let scope = Scope::new(tmp.path(), Path::new("content"), Path::new("public"));
        let content = scope.root.join("content");
        let file = content.join("personas/jane.md");
        let rx = start(scope, false).unwrap();

        let aside = content.with_file_name("aside");
        std::fs::rename(&content, &aside).unwrap();
        std::fs::rename(&aside, &content).unwrap();
        assert!(sees(&rx, &content), "the move is a change");
        std::fs::write(&file, "after the move").unwrap();
        assert!(sees(&rx, &file), "a save after the folder came back");

        std::fs::remove_dir_all(&content).unwrap();
        assert!(sees(&rx, &content), "the removal is a change");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        assert!(sees(&rx, &content), "so is its return");
        std::fs::write(&file, "after the folder was made again").unwrap();
        assert!(sees(&rx, &file), "a save in the new folder");
    }
}
