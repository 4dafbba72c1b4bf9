//! `journeybook schema`: the written schemas, checked with a JSON Schema validator (the
//! `jsonschema` crate, draft 2020-12) on every journey, persona and book.toml of the example
//! report and the good and render fixtures (all valid), and on the broken fixtures whose
//! one defect is an unknown field (all rejected, as `check` rejects them).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{broken, fixtures, manifest_dir, run, tmp};

/// The three schemas as `schema -o DIR` writes them, compiled.
struct Schemas {
    journey: jsonschema::Validator,
    persona: jsonschema::Validator,
    book: jsonschema::Validator,
}

fn schemas() -> Schemas {
    let tmp = tmp();
    let dir = tmp.path().join("schema");
    let run = run(["schema".as_ref(), "-o".as_ref(), dir.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let load = |name: &str| {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    Schemas {
        journey: load("journey.schema.json"),
        persona: load("persona.schema.json"),
        book: load("book.schema.json"),
    }
}

/// YAML as JSON; mapping keys become text (`2026:` is a period label).
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap(),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match yaml_to_json(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml(text: &str) -> Value {
    yaml_to_json(serde_yaml::from_str(text.trim_start_matches('\u{feff}')).unwrap())
}

/// A persona's front matter (between the `---` lines) as JSON.
fn front_matter(text: &str) -> Value {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("end of front matter");
    yaml(&rest[..end])
}

fn book(text: &str) -> Value {
    toml::from_str(text).unwrap()
}

/// The problems a validator finds, as text.
fn problems(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// The example report and every good and render fixture.
fn valid_reports() -> Vec<PathBuf> {
    let mut reports = vec![manifest_dir().to_path_buf()];
    for group in ["good", "render"] {
        reports.extend(
            files_in(&fixtures().join(group))
                .into_iter()
                .filter(|p| p.join("book.toml").is_file()),
        );
    }
    reports
}

#[test]
fn every_valid_report_file_validates() {
    let s = schemas();
    let mut checked = (0, 0, 0);
    for report in valid_reports() {
        let text = fs::read_to_string(report.join("book.toml")).unwrap();
        let found = problems(&s.book, &book(&text));
        assert!(
            found.is_empty(),
            "{}/book.toml: {found:?}",
            report.display()
        );
        checked.2 += 1;
        let src = report.join("content");
        for file in files_in(&src.join("journeys")) {
            let found = problems(&s.journey, &yaml(&fs::read_to_string(&file).unwrap()));
            assert!(found.is_empty(), "{}: {found:?}", file.display());
            checked.0 += 1;
        }
        for file in files_in(&src.join("personas")) {
            let found = problems(
                &s.persona,
                &front_matter(&fs::read_to_string(&file).unwrap()),
            );
            assert!(found.is_empty(), "{}: {found:?}", file.display());
            checked.1 += 1;
        }
    }
    assert!(
        checked.0 >= 15 && checked.1 >= 10 && checked.2 >= 10,
        "{checked:?}"
    );
}

#[test]
fn unknown_fields_are_rejected_as_check_rejects_them() {
    let s = schemas();
    let journey = |name: &str| {
        yaml(&fs::read_to_string(broken(name).join("content/journeys/jane.yaml")).unwrap())
    };
    for name in [
        "journey-unknown-field",
        "journey-bom-unknown-field",
        "journey-stage-unknown-field",
        "journey-touchpoint-unknown-field",
    ] {
        assert!(
            !problems(&s.journey, &journey(name)).is_empty(),
            "{name} passes the schema"
        );
    }
    let persona =
        fs::read_to_string(broken("persona-unknown-field").join("content/personas/jane.md"))
            .unwrap();
    assert!(!problems(&s.persona, &front_matter(&persona)).is_empty());
    for name in ["book-unknown-key", "book-unknown-section"] {
        let text = fs::read_to_string(broken(name).join("book.toml")).unwrap();
        assert!(
            !problems(&s.book, &book(&text)).is_empty(),
            "{name} passes the schema"
        );
    }
    // Wrong values too: an emotion out of range, a negative count, a bad accent colour.
    let bad = yaml(
        "title: T\npersona: jane\nstages:\n  - stage: awareness\n    emotion: 3\n    count: -1\n",
    );
    assert_eq!(
        problems(&s.journey, &bad).len(),
        2,
        "{:?}",
        problems(&s.journey, &bad)
    );
    let bad = book("[book]\ntitle = \"T\"\n[output.html]\naccent-color = \"teal\"\n");
    assert_eq!(problems(&s.book, &bad).len(), 1);
}

#[test]
fn the_editor_comments_of_the_docs_leave_a_report_valid() {
    let tmp = tmp();
    let root = crate::support::fixture_copy("basic", tmp.path());
    let journeys = files_in(&root.join("content/journeys"));
    let first = &journeys[0];
    let text = fs::read_to_string(first).unwrap();
    fs::write(
        first,
        format!("# yaml-language-server: $schema=../../schema/journey.schema.json\n{text}"),
    )
    .unwrap();
    let book = root.join("book.toml");
    let text = fs::read_to_string(&book).unwrap();
    fs::write(&book, format!("#:schema ./schema/book.schema.json\n{text}")).unwrap();
    let run = run(["check".as_ref(), root.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.errors().is_empty(), "{}", run.stderr);
}

/// The first code block of `lang` after `heading` in README.md.
fn readme_block(heading: &str, lang: &str) -> String {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let after = &readme[readme.find(heading).expect(heading)..];
    let open = format!("```{lang}\n");
    let start = after.find(&open).expect("a code block") + open.len();
    let end = after[start..].find("```").unwrap();
    after[start..start + end].to_string()
}

#[test]
fn the_readme_examples_validate() {
    let s = schemas();
    let journey = yaml(&readme_block("### A journey:", "yaml"));
    assert!(journey["stages"].is_array(), "{journey}");
    assert_eq!(problems(&s.journey, &journey), Vec::<String>::new());
    let persona = front_matter(&readme_block("### A persona:", "markdown"));
    assert!(persona["name"].is_string(), "{persona}");
    assert_eq!(problems(&s.persona, &persona), Vec::<String>::new());
    let config = book(&readme_block("### book.toml", "toml"));
    assert!(config["book"]["title"].is_string(), "{config}");
    assert_eq!(problems(&s.book, &config), Vec::<String>::new());
    let counts = yaml(&readme_block(
        "### Funnel data over periods and segments",
        "yaml",
    ));
    let mut journey = journey;
    journey["counts"] = counts["counts"].clone();
    for stage in journey["stages"].as_array_mut().unwrap() {
        stage.as_object_mut().unwrap().remove("count");
    }
    assert_eq!(problems(&s.journey, &journey), Vec::<String>::new());
}
