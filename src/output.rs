//! Writing a built site to disk atomically: everything goes into a staging folder of its
//! own beside the output, which is exchanged with the old output only once it is complete.
//! A failed or interrupted build never touches the previous output, and at no instant is
//! there no output. Pages stream into the staging folder as they are rendered, so a large
//! report is never held in memory as a whole.
//!
//! Builds into one folder take turns (a lock file beside it), so `watch` plus `build`, or
//! two CI jobs, cannot interleave. journeybook only ever replaces a folder it made: every
//! build leaves a marker file in it, and a non-empty folder without one is refused.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::site::{Bytes, Content, Pieces, Sink, Site};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Checks that `out` may be replaced by a build of the report at `root`.
pub fn check_target(root: &Path, out: &Path) -> Result<(), String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot resolve the report folder: {e}"))?;
    let out_abs = absolute(out);
    if root.starts_with(&out_abs) {
        return Err(format!(
            "output folder `{}` is the report folder or contains it",
            out.display()
        ));
    }
    if let Some(copied) = crate::paths::COPIED_FOLDERS
        .iter()
        .find(|folder| out_abs.starts_with(root.join(folder)))
    {
        return Err(format!(
            "output folder `{}` lies inside `{copied}/`, whose files are copied into every build: each build would copy the previous one; write it elsewhere",
            out.display()
        ));
    }
    if let Some(problem) = not_a_folder(&out_abs) {
        return Err(format!("output `{}` {problem}", out.display()));
    }
    if out_abs.is_dir() && !is_ours(&out_abs) {
        return Err(format!(
            "refusing to replace `{}`: it is not empty and journeybook did not make it (it has no {MARKER} file); nothing was deleted. Build into another folder with -o, or empty or remove it yourself",
            out.display()
        ));
    }
    Ok(())
}

/// The file every build leaves in its output: its presence is what lets the next build
/// replace the folder. Its text never changes, so outputs stay byte-identical.
pub(crate) const MARKER: &str = ".journeybook-build";
const MARKER_TEXT: &str = "This folder is written by journeybook, which replaces it as a whole on every build.\nFiles added here are lost at the next build. Without this file journeybook refuses to replace it.\n";

/// Whether `dir` is empty or was made by journeybook (holds the marker).
fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// An absolute, lexically normalised path (the folder may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks of the part that exists, so `out` is compared like the root.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Writes files into a staging folder as the pipeline renders them.
pub struct DiskSink {
    dir: PathBuf,
    /// The output being replaced, if any: a file it already holds byte for byte is linked
    /// into the staging folder instead of written again, so it keeps its modification time
    /// (deploy tools that sync by time and size upload only what changed).
    previous: Option<PathBuf>,
}

impl DiskSink {
    /// Links `path` from the previous output when that file holds exactly `bytes`.
    fn reuse(&self, path: &str, bytes: &[u8], target: &Path) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(path);
        match fs::symlink_metadata(&old) {
            Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
            _ => return false,
        }
        fs::read(&old).is_ok_and(|content| content == bytes) && fs::hard_link(&old, target).is_ok()
    }
}

impl Sink for DiskSink {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String> {
        let target = self.dir.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        if self.reuse(&path, bytes.as_slice(), &target) {
            return Ok(());
        }
        fs::write(&target, bytes.as_slice()).map_err(|e| format!("cannot write {path}: {e}"))
    }

    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let file = fs::File::create(&target).map_err(|e| format!("cannot write {path}: {e}"))?;
        // The previous version, compared piece by piece as they come.
        let previous = self.previous.as_ref().and_then(|dir| {
            let old = dir.join(path);
            let meta = fs::symlink_metadata(&old).ok()?;
            let file = meta
                .is_file()
                .then(|| fs::File::open(&old).ok())
                .flatten()?;
            Some((old, io::BufReader::new(file)))
        });
        Ok(Box::new(DiskPieces {
            path: path.to_string(),
            target,
            writer: io::BufWriter::new(file),
            previous,
        }))
    }
}

/// Writes the pieces of a file to disk as they come; when they turn out to be exactly the
/// previous output's file, that file is linked in instead (see [`DiskSink`]).
struct DiskPieces {
    path: String,
    target: PathBuf,
    writer: io::BufWriter<fs::File>,
    /// The previous version and a reader at the same offset, while it still matches.
    previous: Option<(PathBuf, io::BufReader<fs::File>)>,
}

impl Pieces for DiskPieces {
    fn push(&mut self, piece: Arc<String>) -> Result<(), String> {
        use std::io::{Read as _, Write as _};
        if let Some((_, reader)) = &mut self.previous {
            let mut old = vec![0; piece.len()];
            if reader.read_exact(&mut old).is_err() || old != piece.as_bytes() {
                self.previous = None;
            }
        }
        self.writer
            .write_all(piece.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", self.path))
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        use std::io::{Read as _, Write as _};
        self.writer
            .flush()
            .map_err(|e| format!("cannot write {}: {e}", self.path))?;
        if let Some((old, mut reader)) = self.previous.take() {
            let at_end = matches!(reader.read(&mut [0]), Ok(0));
            let tmp = self.target.with_extension("journeybook-same");
            // Link the old file beside the new one, then rename it over: never a moment
            // without the file, and on any failure the new copy stays.
            if at_end
                && fs::hard_link(&old, &tmp).is_ok()
                && fs::rename(&tmp, &self.target).is_err()
            {
                let _ = fs::remove_file(&tmp);
            }
        }
        Ok(())
    }
}

/// Why replacing the output failed: the content (nothing was written) or the disk.
#[derive(Debug)]
pub enum Failure {
    Content(Vec<Diagnostic>),
    Io(io::Error),
}

/// Why `out` cannot be an output folder, if it exists as something else: a file, a device,
/// a socket, a link to one of those or a dangling link. None when it is a folder or absent.
fn not_a_folder(out: &Path) -> Option<&'static str> {
    let link = fs::symlink_metadata(out).ok()?;
    match fs::metadata(out) {
        Ok(meta) if meta.is_dir() => None,
        Ok(meta) if meta.is_file() => Some("is a file, not a folder; nothing was changed"),
        Ok(_) => Some("exists and is not a folder (a device, socket or pipe); nothing was changed"),
        Err(_) if link.file_type().is_symlink() => {
            Some("is a link to nothing; remove it or build into another folder")
        }
        Err(_) => Some("cannot be read; nothing was changed"),
    }
}

/// Fills a staging folder of its own beside `out` with `fill`, then swaps it in for `out`.
/// When `fill` fails, the staging folder is removed and `out` stays exactly as it was.
/// Waits while another build writes into `out`.
pub fn replace(
    out: &Path,
    fill: impl FnOnce(&DiskSink) -> Result<(), Vec<Diagnostic>>,
) -> Result<(), Failure> {
    // Checked again here, before anything is created beside it: swapping a folder in for a
    // file or a device (`-o /dev/null`) would move that aside.
    if let Some(problem) = not_a_folder(out) {
        return Err(Failure::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` {problem}", out.display()),
        )));
    }
    let place = Place::of(out);
    fs::create_dir_all(&place.parent).map_err(Failure::Io)?;
    let _lock = place.lock().map_err(Failure::Io)?;
    replace_locked(&place, fill)
}

/// [`replace`] for a caller that holds the lock.
fn replace_locked(
    place: &Place,
    fill: impl FnOnce(&DiskSink) -> Result<(), Vec<Diagnostic>>,
) -> Result<(), Failure> {
    place.recover();
    let out = place.out.as_path();
    let staging = place.beside("new");
    fs::create_dir_all(&staging).map_err(Failure::Io)?;
    if let Err(diagnostics) = fill(&DiskSink {
        dir: staging.clone(),
        previous: out.is_dir().then(|| out.to_path_buf()),
    }) {
        let _ = fs::remove_dir_all(&staging);
        return Err(Failure::Content(diagnostics));
    }
    // Through the sink, so an unchanged marker keeps its time like every other file.
    let sink = DiskSink {
        dir: staging.clone(),
        previous: out.is_dir().then(|| out.to_path_buf()),
    };
    if let Err(e) = sink.put(MARKER.into(), Arc::new(MARKER_TEXT.as_bytes().to_vec())) {
        let _ = fs::remove_dir_all(&staging);
        return Err(Failure::Io(io::Error::other(e)));
    }
    let swapped = if out.exists() {
        place.swap_in(&staging)
    } else {
        fs::rename(&staging, out)
    };
    if let Err(e) = swapped {
        let _ = fs::remove_dir_all(&staging);
        return Err(Failure::Io(e));
    }
    Ok(())
}

/// An output folder and the names journeybook uses beside it: `.<name>.journeybook-lock`,
/// and staging folders `.<name>.journeybook-new-<id>` / `-old-<id>`.
struct Place {
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Place {
    fn of(out: &Path) -> Self {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Place {
            out: out.to_path_buf(),
            parent,
            name,
        }
    }

    /// A folder name of this build's own beside the output (`new` or `old`).
    fn beside(&self, kind: &str) -> PathBuf {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let id = std::process::id();
        self.parent
            .join(format!(".{}.journeybook-{kind}-{id}-{n}", self.name))
    }

    /// Takes the output's lock, waiting (and saying so) while another build holds it.
    fn lock(&self) -> io::Result<Lock> {
        let path = self.parent.join(format!(".{}.journeybook-lock", self.name));
        let mut told = false;
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    if !told {
                        eprintln!(
                            "waiting for another build of {} to finish",
                            self.out.display()
                        );
                        told = true;
                    }
                    file.lock()?;
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            // The holder before us removes the file as it lets go: a lock on a removed
            // file guards nothing, so take the one now at the path.
            if same_file(&file, &path) {
                return Ok(Lock { file, path });
            }
        }
    }

    /// With the lock held, every staging folder beside the output is a leftover of a
    /// build that was killed: put back an output a swap left in `-old-`, remove the rest.
    fn recover(&self) {
        let prefix = format!(".{}.journeybook-", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        let mut leftovers: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let rest = name.strip_prefix(&prefix)?;
                let old = rest.starts_with("old-");
                (old || rest.starts_with("new-")).then(|| (e.path(), old))
            })
            .collect();
        leftovers.sort();
        for (path, old) in leftovers {
            if old && !self.out.exists() && fs::rename(&path, &self.out).is_ok() {
                continue;
            }
            let _ = fs::remove_dir_all(&path);
        }
    }

    /// Puts `staging` where the output is and removes the old output. On Linux the two
    /// are exchanged in one step; elsewhere (or where the file system cannot exchange) the
    /// old output is moved aside first, and [`Place::recover`] puts it back if the
    /// process dies between the two renames.
    fn swap_in(&self, staging: &Path) -> io::Result<()> {
        if exchange(staging, &self.out).is_ok() {
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
        let retired = self.beside("old");
        fs::rename(&self.out, &retired)?;
        if let Err(e) = fs::rename(staging, &self.out) {
            // Put the old output back: a failed write leaves it as it was.
            let _ = fs::rename(&retired, &self.out);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&retired);
        Ok(())
    }
}

/// A held output lock; the lock file is removed when it is let go, so nothing is left
/// beside the output.
struct Lock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file sees it is gone and
        // takes a new one (see `Place::lock`).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether `path` is still the file `file` has open.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Swaps two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Writes an in-memory site to `out`, replacing it as a whole.
pub fn write(site: &Site, out: &Path) -> io::Result<()> {
    let place = Place::of(out);
    fs::create_dir_all(&place.parent)?;
    let _lock = place.lock()?;
    write_locked(site, &place)
}

fn write_locked(site: &Site, place: &Place) -> io::Result<()> {
    let result = replace_locked(place, |sink| {
        for (path, content) in &site.files {
            let written = match content {
                Content::Whole(bytes) => sink.put(path.clone(), bytes.clone()),
                Content::Chunks(chunks) => sink.open(path).and_then(|mut pieces| {
                    chunks.iter().try_for_each(|c| pieces.push(c.clone()))?;
                    pieces.finish()
                }),
            };
            written.map_err(|e| vec![Diagnostic::file_error(path, e)])?;
        }
        Ok(())
    });
    match result {
        Ok(()) => Ok(()),
        Err(Failure::Io(e)) => Err(e),
        Err(Failure::Content(d)) => Err(io::Error::other(
            d.first().map_or_else(String::new, ToString::to_string),
        )),
    }
}

/// A build dir kept in step with a live site by `watch`: a save rewrites only the files it
/// changed (each through a temporary file and a rename, so a reader never sees half a
/// file) and removes the ones that are gone.
pub struct Mirror {
    place: Place,
    /// The site last written there, and which folder it was written into: when a
    /// `build` has swapped in another folder since, everything is written again.
    last: Option<(Site, Stamp)>,
}

/// Identifies one swapped-in output folder: each build swaps in a new folder, while a
/// mirror's update writes inside the same one.
type Stamp = Option<(u64, u64)>;

fn folder_stamp(out: &Path) -> Stamp {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(out).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        // No cheap identity: trust that no build replaced it.
        fs::metadata(out).ok().map(|_| (0, 0))
    }
}

impl Mirror {
    pub fn new(out: &Path) -> Self {
        Mirror {
            place: Place::of(out),
            last: None,
        }
    }

    pub fn out(&self) -> &Path {
        &self.place.out
    }

    /// Brings the folder to `next`; returns how many files were written or removed. On
    /// an error the next update writes everything.
    pub fn update(&mut self, next: Site) -> io::Result<usize> {
        fs::create_dir_all(&self.place.parent)?;
        let _lock = self.place.lock()?;
        let out = self.place.out.clone();
        let previous = self
            .last
            .take()
            .filter(|(_, stamp)| stamp.is_some() && folder_stamp(&out) == *stamp);
        let written = match previous {
            Some((previous, _)) => sync_files(&previous, &next, &out)?,
            None => {
                write_locked(&next, &self.place)?;
                next.files.len()
            }
        };
        self.last = Some((next, folder_stamp(&out)));
        Ok(written)
    }
}

/// Writes the files of `next` that differ from `previous` into `out` and removes the ones
/// that are gone.
fn sync_files(previous: &Site, next: &Site, out: &Path) -> io::Result<usize> {
    let mut written = 0;
    for (path, content) in &next.files {
        let same = previous
            .files
            .get(path)
            .is_some_and(|old| match (old, content) {
                (Content::Whole(a), Content::Whole(b)) => Arc::ptr_eq(a, b) || a == b,
                (a, b) => a == b,
            });
        if same {
            continue;
        }
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let temp = target.with_file_name(format!(
            ".{}.journeybook-tmp",
            target.file_name().unwrap_or_default().to_string_lossy()
        ));
        fs::write(&temp, content.bytes())?;
        fs::rename(&temp, &target)?;
        written += 1;
    }
    for path in previous
        .files
        .keys()
        .filter(|p| !next.files.contains_key(*p))
    {
        let target = out.join(path);
        let _ = fs::remove_file(&target);
        // Remove folders left empty (personas/<id>/ of a deleted persona).
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, b)| {
                    (
                        p.to_string(),
                        Content::Whole(Arc::new(b.as_bytes().to_vec())),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn replaces_the_output_as_a_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&site(&[("index.html", "one"), ("old/x.html", "x")]), &out).unwrap();
        write(&site(&[("index.html", "two"), ("a/b/c.svg", "svg")]), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(
            !out.join("old").exists(),
            "files of the previous build are gone"
        );
        assert!(out.join("a/b/c.svg").is_file());
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn sync_writes_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = site(&[
            ("index.html", "one"),
            ("personas/a/index.html", "a"),
            ("keep.css", "k"),
        ]);
        let mut mirror = Mirror::new(&out);
        mirror.update(first).unwrap();
        let kept = fs::metadata(out.join("keep.css"))
            .unwrap()
            .modified()
            .unwrap();
        let next = site(&[("index.html", "two"), ("keep.css", "k")]);
        assert_eq!(
            mirror.update(next.clone()).unwrap(),
            2,
            "index.html changed, personas/a is gone"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(
            !out.join("personas").exists(),
            "emptied folders are removed"
        );
        assert_eq!(
            fs::metadata(out.join("keep.css"))
                .unwrap()
                .modified()
                .unwrap(),
            kept,
            "unchanged file not rewritten"
        );
        assert_eq!(mirror.update(next.clone()).unwrap(), 0);
        // A build replaced the folder in between: everything is written again.
        write(&site(&[("index.html", "other")]), &out).unwrap();
        assert_eq!(mirror.update(next).unwrap(), 2);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(out.join("keep.css").is_file());
    }

    #[test]
    fn refuses_dangerous_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("report");
        fs::create_dir_all(&root).unwrap();
        assert!(check_target(&root, &root).is_err());
        assert!(check_target(&root, tmp.path()).is_err());
        let docs = tmp.path().join("docs");
        fs::create_dir_all(&docs).unwrap();
        fs::write(docs.join("thesis.txt"), "precious").unwrap();
        assert!(check_target(&root, &docs).unwrap_err().contains("refusing"));
        assert!(check_target(&root, &root.join("public")).is_ok());
        // A folder holding an index.html is not a build either (only the marker says so).
        fs::write(docs.join("index.html"), "<h1>my site</h1>").unwrap();
        assert!(check_target(&root, &docs).unwrap_err().contains("refusing"));
        fs::create_dir_all(root.join("static/x")).unwrap();
        let inside = check_target(&root, &root.join("static/x/out")).unwrap_err();
        assert!(inside.contains("static/"), "{inside}");
        assert!(check_target(&root, &root.join("themes/out")).is_err());
        write(&site(&[("index.html", "one")]), &root.join("public")).unwrap();
        assert!(check_target(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn leftovers_of_a_killed_build_are_recovered_or_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&site(&[("index.html", "one")]), &out).unwrap();
        // Killed between moving the old output aside and moving the new one in.
        fs::rename(&out, tmp.path().join(".public.journeybook-old-1-0")).unwrap();
        fs::create_dir_all(tmp.path().join(".public.journeybook-new-1-0/x")).unwrap();
        let place = Place::of(&out);
        let _lock = place.lock().unwrap();
        place.recover();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(
            names.contains(&".public.journeybook-lock".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn builds_into_one_folder_take_turns() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let files: Vec<(String, String)> = (0..200)
            .map(|i| (format!("p/{i}/index.html"), format!("page {i}")))
            .collect();
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let whole = site(&pairs);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..5 {
                        write(&whole, &out).unwrap();
                    }
                });
            }
        });
        assert_eq!(tree_len(&out), 200 + 1);
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no staging folder or lock file is left");
    }

    fn tree_len(dir: &Path) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    tree_len(&e.path())
                } else {
                    1
                }
            })
            .sum()
    }
}
