//! A persona file: YAML front matter (SPEC §3) plus a markdown body.

use std::path::Path;

use serde_yaml::Value;

use super::frontmatter;
use super::yaml::{self, Checker};
use crate::diagnostics::Diagnostic;
use crate::model::Persona;
use crate::paths;

pub(crate) const FIELDS: &[&str] = &[
    "name",
    "role",
    "segment",
    "quote",
    "photo",
    "demographics",
    "goals",
    "pains",
    "motivations",
    "channels",
    "tags",
];

/// Parses and validates one persona; `root` is the report root (for `photo`).
pub fn parse(id: &str, file: &str, text: &str, root: &Path) -> (Option<Persona>, Vec<Diagnostic>) {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err((line, message)) => return (None, vec![Diagnostic::error(file, line, 1, message)]),
    };
    let Some(front) = split.yaml else {
        let message = "a persona file starts with YAML front matter: a line `---`, then `name: ...`, then `---`";
        return (None, vec![Diagnostic::error(file, 1, 1, message)]);
    };
    let offset = split.yaml_line_offset;
    let value = match yaml::parse(front, file, offset) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let mut c = Checker::new();
    let persona = check(&mut c, &value, id, file, split.body, root);
    let mut diagnostics = yaml::locate(std::mem::take(&mut c.problems), front, file, offset);
    diagnostics.extend(super::script_url_warnings(file, text, split.body));
    let ok = !crate::diagnostics::has_errors(&diagnostics);
    (persona.filter(|_| ok), diagnostics)
}

fn check(
    c: &mut Checker,
    value: &Value,
    id: &str,
    file: &str,
    body: &str,
    root: &Path,
) -> Option<Persona> {
    if value.is_null() {
        c.error("the front matter is empty: a persona needs at least `name`");
        return None;
    }
    let map = c.mapping(value, "front matter fields like `name: Jane Peeters`")?;
    c.fields(map, FIELDS, "persona");
    let name = c.required_text(map, "name", "a persona");
    let photo = c.optional_text(map, "photo");
    if let Some(photo) = &photo {
        c.key("photo", |c| check_photo(c, photo, root));
    }
    Some(Persona {
        id: id.to_string(),
        source: file.to_string(),
        name: name.unwrap_or_default(),
        role: c.optional_text(map, "role"),
        segment: c.optional_text(map, "segment"),
        quote: c.optional_text(map, "quote"),
        photo,
        demographics: c.label_map(map, "demographics"),
        goals: c.text_list(map, "goals"),
        pains: c.text_list(map, "pains"),
        motivations: c.text_list(map, "motivations"),
        channels: c.text_list(map, "channels"),
        tags: c.text_list(map, "tags"),
        body: body.to_string(),
    })
}

/// A photo must be a file inside the report folder.
fn check_photo(c: &mut Checker, photo: &str, root: &Path) {
    match paths::relative_inside(photo) {
        Err(message) => c.error(format!("`photo`: {message}")),
        Ok(relative) => {
            let full = root.join(relative);
            if !full.is_file() {
                c.error(format!(
                    "`photo`: file `{photo}` not found in the report folder"
                ));
            } else if !paths::resolves_inside(root, &full) {
                c.error(format!(
                    "`photo`: `{photo}` resolves outside the report folder"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<Persona>, Vec<String>) {
        let (p, d) = parse(
            "jane",
            "content/personas/jane.md",
            text,
            Path::new("/nonexistent"),
        );
        (p, d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_full_persona_is_read() {
        let (p, d) = run(
            "---\nname: Jane\nrole: Owner\ndemographics: { age: 41, location: Gent }\ngoals: [A, B]\n---\nBody **md**\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        assert_eq!(p.name, "Jane");
        assert_eq!(
            p.demographics,
            vec![
                ("age".into(), "41".into()),
                ("location".into(), "Gent".into())
            ]
        );
        assert_eq!(p.goals, ["A", "B"]);
        assert_eq!(p.body, "Body **md**\n");
    }

    #[test]
    fn all_problems_of_one_file_are_reported() {
        let (p, d) = run("---\nrole: Owner\nnmae: Jane\ngoals: Fewer fines\n---\n");
        assert!(p.is_none());
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().any(|l| l.starts_with("error: content/personas/jane.md:3:1: unknown field `nmae` in persona (did you mean `name`?)")));
        assert!(d.iter().any(|l| l.contains(":4:8: `goals` must be a list")));
        assert!(d.iter().any(|l| l.contains("needs `name`")));
    }

    #[test]
    fn photos_may_not_leave_the_report() {
        let (_, d) = run("---\nname: J\nphoto: ../../etc/passwd\n---\n");
        assert!(
            d[0].contains(":3:8: `photo`: path `../../etc/passwd` leaves the report folder"),
            "{d:?}"
        );
    }

    #[test]
    fn missing_front_matter_is_explained() {
        let (_, d) = run("# Jane\n");
        assert!(d[0].contains("jane.md:1:1: a persona file starts with YAML front matter"));
    }
}
