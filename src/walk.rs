//! The files below a folder that a build copies (`static/`, a theme folder): links are
//! followed, as users expect of a folder of assets, but never in a loop, never to the same
//! folder twice and never out of the report, so two links to `.` cannot make a build walk
//! 2^40 paths. Each refusal is a diagnostic naming the link.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::paths;

/// The files below `dir`, sorted, as (path relative to `dir` with `/`, full path), without
/// editor litter or special files; and the problems found, at `label/<relative path>`.
/// `root` is the report folder no link may leave. A missing `dir` has no files.
pub fn files(root: &Path, dir: &Path, label: &str) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (found, problems);
    }
    let shown = |path: &Path| match path.strip_prefix(dir) {
        Ok(rel) => format!("{label}/{}", paths::slash(rel)),
        Err(_) => label.to_string(),
    };
    // Folders reached through a link, by where they really are.
    let mut followed: HashSet<PathBuf> = HashSet::new();
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(next) = walker.next() {
        let entry = match next {
            Ok(entry) => entry,
            Err(e) => {
                let at = e.path().map_or_else(|| label.to_string(), shown);
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: it links to a folder that contains it; remove the link"
                        .to_string()
                } else if e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                {
                    "broken symbolic link: its target does not exist".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                problems.push(Diagnostic::file_error(at, message));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if paths::is_ignored_file(&name) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let refusal = match entry.path().canonicalize() {
                Ok(real) if !paths::resolves_inside(root, &real) => {
                    Some("resolves outside the report folder".to_string())
                }
                Ok(real) if entry.file_type().is_dir() && followed.contains(&real) => Some(
                    "links to a folder already copied through another link; link it once"
                        .to_string(),
                ),
                Ok(real) => {
                    followed.insert(real);
                    None
                }
                Err(e) => Some(format!("cannot follow the link: {e}")),
            };
            if let Some(message) = refusal {
                problems.push(Diagnostic::file_error(shown(entry.path()), message));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            found.push((paths::slash(rel), entry.path().to_path_buf()));
        }
    }
    (found, problems)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn lists_files_and_follows_links_inside_the_report() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let stat = root.join("static");
        std::fs::create_dir_all(stat.join("img")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(stat.join("img/a.png"), "a").unwrap();
        std::fs::write(stat.join(".hidden"), "h").unwrap();
        std::fs::write(root.join("shared/logo.svg"), "l").unwrap();
        symlink(root.join("shared"), stat.join("brand")).unwrap();
        let (files, problems) = files(root, &stat, "static");
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(names, ["brand/logo.svg", "img/a.png"]);
    }

    #[test]
    fn loops_repeats_and_escapes_are_refused_without_walking_them() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("report");
        let stat = root.join("static");
        std::fs::create_dir_all(&stat).unwrap();
        std::fs::write(stat.join("a.css"), "a").unwrap();
        // Two links to `.`: 2^40 paths when followed blindly.
        symlink(".", stat.join("x")).unwrap();
        symlink(".", stat.join("y")).unwrap();
        // A chain where every level links the next twice.
        for level in 0..30 {
            let dir = root.join(format!("d{level}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("f.txt"), "f").unwrap();
            let next = root.join(format!("d{}", level + 1));
            symlink(&next, dir.join("l1")).unwrap();
            symlink(&next, dir.join("l2")).unwrap();
        }
        std::fs::create_dir_all(root.join("d30")).unwrap();
        symlink(root.join("d0"), stat.join("chain")).unwrap();
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        symlink(tmp.path().join("elsewhere"), stat.join("out")).unwrap();
        let (files, problems) = files(&root, &stat, "static");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("static/x") && m.contains("loop")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("static/y")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("static/out") && m.contains("outside")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("already copied")),
            "{messages:?}"
        );
        assert_eq!(problems.len(), 2 + 1 + 30, "{messages:?}");
        assert!(files.len() < 100, "{} files", files.len());
    }
}
