//! Paths written by users (src, build-dir, logo, photo) may never leave the report root.

use std::path::{Component, Path, PathBuf};

/// A relative path that stays inside its base: no root, no drive, no `..`.
pub(crate) fn relative_inside(text: &str) -> Result<PathBuf, String> {
    if text.trim().is_empty() {
        return Err("path is empty".into());
    }
    if text.contains('\\') {
        return Err(format!("path `{text}` contains a backslash; use `/`"));
    }
    let path = Path::new(text);
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "path `{text}` leaves the report folder (`..` is not allowed)"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "path `{text}` is absolute; write it relative to the report folder"
                ));
            }
        }
    }
    Ok(clean)
}

/// Folders of the report root whose files go into the output: an output inside one of
/// them would be copied into the next build, and that into the next.
pub(crate) const COPIED_FOLDERS: [&str; 2] = ["static", "themes"];

/// Whether `path` (existing) resolves inside `root`, following symlinks.
pub(crate) fn resolves_inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// Forward-slash form of a relative path, for diagnostics and URLs on every platform.
pub fn slash(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether an id (a file stem) follows `[a-z0-9][a-z0-9_-]*`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z' | '0'..='9'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
}

/// A valid id close to an invalid one, to suggest: `Jane Peeters` → `jane-peeters`.
pub(crate) fn suggest_id(stem: &str) -> Option<String> {
    let mut out = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'a'..='z' | '0'..='9' | '_' | '-' => c,
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            _ => '-',
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    let out = out.trim_matches(|c| c == '-' || c == '_').to_string();
    is_valid_id(&out).then_some(out)
}

/// Editor and OS litter that is never content: swap, backup and lock files, dotfiles.
pub(crate) fn is_ignored_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
        || name == "4913"
        || name == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_must_stay_inside() {
        assert_eq!(
            relative_inside("static/logo.svg").unwrap(),
            PathBuf::from("static/logo.svg")
        );
        assert_eq!(relative_inside("./a//b").unwrap(), PathBuf::from("a/b"));
        assert!(relative_inside("../secret").unwrap_err().contains("leaves"));
        assert!(relative_inside("a/../../b").is_err());
        assert!(
            relative_inside("/etc/passwd")
                .unwrap_err()
                .contains("absolute")
        );
        assert!(relative_inside("a\\..\\b").is_err());
        assert!(relative_inside("").is_err());
    }

    #[test]
    fn ids_follow_the_rule() {
        for good in ["jane", "jane-peeters", "0day", "a_b-c9"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "Jane", "-jane", "_x", "jane peeters", "jané", "a.b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Jane Peeters").as_deref(), Some("jane-peeters"));
        assert_eq!(suggest_id("Één_Two"), Some("een_two".into()));
        assert_eq!(suggest_id("!!!"), None);
    }

    #[test]
    fn editor_litter_is_ignored() {
        for name in [
            ".jane.md.swp",
            "4913",
            "jane.md~",
            "#jane.md#",
            ".#jane.md",
            "jane.md___jb_tmp___",
        ] {
            assert!(is_ignored_file(name), "{name}");
        }
        assert!(!is_ignored_file("jane.md"));
    }
}
