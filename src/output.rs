//! Writing a built site to disk atomically: everything goes into a temporary folder beside
//! the output, which replaces the old output only once it is complete. A failed build
//! never touches the previous output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::site::Site;

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

/// Writes the site to `out`, replacing it as a whole.
pub fn write(site: &Site, out: &Path) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    // Fixed names: a write interrupted by Ctrl-C is cleaned up by the next one.
    let staging = parent.join(format!(".{name}.journeybook-new"));
    let retired = parent.join(format!(".{name}.journeybook-old"));
    let _ = fs::remove_dir_all(&staging);
    if let Err(e) = write_tree(site, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        let _ = fs::remove_dir_all(&retired);
        fs::rename(out, &retired)?;
        if let Err(e) = fs::rename(&staging, out) {
            // Put the old output back: a failed write leaves it as it was.
            let _ = fs::rename(&retired, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&retired);
    } else {
        fs::rename(&staging, out)?;
    }
    Ok(())
}

fn write_tree(site: &Site, dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (path, bytes) in &site.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
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
