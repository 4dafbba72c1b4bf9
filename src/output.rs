//! Writing a built site to disk atomically: everything goes into a temporary folder beside
//! the output, which replaces the old output only once it is complete. A failed build
//! never touches the previous output. Pages stream into the staging folder as they are
//! rendered, so a large report is never held in memory as a whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::site::{self, Bytes, Content, Pieces, Sink, Site};
use std::sync::Arc;

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
    if out_abs.is_file() {
        return Err(format!(
            "output `{}` is a file, not a folder",
            out.display()
        ));
    }
    if out_abs.is_dir() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out_abs.join("index.html").is_file() {
            return Err(format!(
                "refusing to replace `{}`: it is not empty and holds no index.html, so it does not look like a report build",
                out.display()
            ));
        }
    }
    Ok(())
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

/// Fills a fresh staging folder beside `out` with `fill`, then swaps it in for `out`.
/// When `fill` fails, the staging folder is removed and `out` stays exactly as it was.
pub fn replace(
    out: &Path,
    fill: impl FnOnce(&DiskSink) -> Result<(), Vec<Diagnostic>>,
) -> Result<(), Failure> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(Failure::Io)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    // Fixed names: a write interrupted by Ctrl-C is cleaned up by the next one.
    let staging = parent.join(format!(".{name}.journeybook-new"));
    let retired = parent.join(format!(".{name}.journeybook-old"));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(Failure::Io)?;
    if let Err(diagnostics) = fill(&DiskSink {
        dir: staging.clone(),
        previous: out.is_dir().then(|| out.to_path_buf()),
    }) {
        let _ = fs::remove_dir_all(&staging);
        return Err(Failure::Content(diagnostics));
    }
    if out.exists() {
        let _ = fs::remove_dir_all(&retired);
        if let Err(e) = fs::rename(out, &retired) {
            let _ = fs::remove_dir_all(&staging);
            return Err(Failure::Io(e));
        }
        if let Err(e) = fs::rename(&staging, out) {
            // Put the old output back: a failed write leaves it as it was.
            let _ = fs::rename(&retired, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(Failure::Io(e));
        }
        let _ = fs::remove_dir_all(&retired);
    } else {
        fs::rename(&staging, out).map_err(Failure::Io)?;
    }
    Ok(())
}

/// Builds a validated report straight into `out`, streaming pages to disk.
pub fn build(report: &Report, out: &Path) -> Result<(), Failure> {
    replace(out, |sink| site::render(report, sink))
}

/// Writes an in-memory site to `out`, replacing it as a whole.
pub fn write(site: &Site, out: &Path) -> io::Result<()> {
    let result = replace(out, |sink| {
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

/// Brings `out` from the site last written there (`previous`) to `next`, writing only the
/// files that changed (each through a temporary file and a rename, so a reader never sees
/// half a file) and removing the ones that are gone. Used by `watch`, where one save
/// changes a handful of files; `previous` None writes everything through [`write`].
pub fn sync(previous: Option<&Site>, next: &Site, out: &Path) -> io::Result<usize> {
    let Some(previous) = previous.filter(|_| out.is_dir()) else {
        write(next, out)?;
        return Ok(next.files.len());
    };
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
        sync(None, &first, &out).unwrap();
        let kept = fs::metadata(out.join("keep.css"))
            .unwrap()
            .modified()
            .unwrap();
        let next = site(&[("index.html", "two"), ("keep.css", "k")]);
        assert_eq!(
            sync(Some(&first), &next, &out).unwrap(),
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
        assert_eq!(sync(Some(&next), &next, &out).unwrap(), 0);
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
    }
}
