//! `journeybook import mermaid`: the round trip (export → import → check, the same stages,
//! emotions and tasks), sections matched by name in another language or by position, and
//! every problem at the diagram's line.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::Value;

use crate::support::{Run, journeybook, run, tmp, write};

fn report(root: &Path) {
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Taxes\"\nlanguage = \"nl\"\n",
    );
    write(
        root,
        "content/personas/jane.md",
        "---\nname: Jane Peeters\n---\n",
    );
    write(
        root,
        "content/journeys/jane-taxes.yaml",
        "title: \"Jane: taxes; #1\"\npersona: jane\nstages:\n\
         \x20 - stage: awareness\n    emotion: 1\n    touchpoints: [\"Ad: taxes\", Blog]\n\
         \x20 - stage: consideration\n    emotion: -2\n    pains: [Slow]\n    actions: [Compares, Asks a friend]\n\
         \x20 - stage: advocacy\n    emotion: 2\n    touchpoints: [Review]\n",
    );
}

fn import(root: &Path, diagram: &str, extra: &[&str]) -> Run {
    write(root, "diagram.mmd", diagram);
    journeybook()
        .args(["import", "mermaid", "diagram.mmd", "--persona", "jane"])
        .args(extra)
        .current_dir(root)
        .run()
}

fn export_json(root: &Path) -> Value {
    let run = run([
        OsStr::new("export"),
        root.as_os_str(),
        OsStr::new("--format=json"),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn export_then_import_gives_the_same_stages_emotions_and_tasks_and_passes_check() {
    let tmp = tmp();
    let root = tmp.path();
    report(root);
    let mermaid = run([
        OsStr::new("export"),
        root.as_os_str(),
        OsStr::new("--format=mermaid"),
    ]);
    assert_eq!(mermaid.code, Some(0), "{}", mermaid.stderr);
    let run = import(
        root,
        &mermaid.stdout,
        &["-o", "content/journeys/imported.yaml"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let check = crate::support::run([OsStr::new("check"), root.as_os_str()]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.errors().is_empty(), "{}", check.stderr);

    let doc = export_json(root);
    let (imported, original) = (&doc["journeys"][0], &doc["journeys"][1]);
    assert_eq!(imported["id"], "imported");
    assert_eq!(
        imported["title"], original["title"],
        "the title survives `:`, `;` and `#`"
    );
    let stages = |j: &Value, lane: &str| -> Vec<(Value, Value, Value)> {
        j["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let tasks =
                    if lane == "touchpoints" && s["touchpoints"].as_array().unwrap().is_empty() {
                        s["actions"].clone()
                    } else if lane == "touchpoints" {
                        Value::from(
                            s["touchpoints"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|t| t["name"].clone())
                                .collect::<Vec<_>>(),
                        )
                    } else {
                        s[lane].clone()
                    };
                (s["stage"].clone(), s["emotion"].clone(), tasks)
            })
            .collect()
    };
    assert_eq!(stages(imported, "actions"), stages(original, "touchpoints"));
}

#[test]
fn sections_match_by_name_in_any_language_or_by_position() {
    let tmp = tmp();
    let root = tmp.path();
    report(root);
    // English, German and an id in a Dutch report; out of order, sorted into model order.
    let run = import(
        root,
        "%% a comment\njourney\n  title T\n  section Entscheidung\n    Pays: 5: Jane\n  section Awareness\n    Sees an ad: 2: Jane\n  section retention\n",
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "title: T\npersona: jane\nstages:\n- stage: awareness\n  emotion: -1\n  actions:\n  - Sees an ad\n\
         - stage: decision\n  emotion: 2\n  actions:\n  - Pays\n- stage: retention\n"
    );
    // Five unknown names for the five stages of `five`: by position.
    let run = import(
        root,
        "journey\n  section A\n  section B\n  section C\n    x: 1: me\n  section D\n  section E\n",
        &["--model", "five"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("model: five\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("- stage: decision\n  emotion: -2\n  actions:\n  - x\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.starts_with("title: diagram\n"),
        "no title: the file's name\n{}",
        run.stdout
    );
}

#[test]
fn problems_are_errors_at_the_diagrams_lines() {
    let tmp = tmp();
    let root = tmp.path();
    report(root);
    let run = import(
        root,
        "journey\n  title T\n  section Awareness\n    a: 9: me\n  section Nowhere\n    b\n  section awareness\n",
        &["-o", "out.yaml"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let errors = run.errors();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].starts_with(
            "error: diagram.mmd:4:5: the score of task `a` must be a whole number from 1 to 5"
        ),
        "{}",
        run.stderr
    );
    assert!(
        errors[1]
            .starts_with("error: diagram.mmd:5:3: section `Nowhere` is no stage of model `five`"),
        "{}",
        run.stderr
    );
    assert!(
        errors[2].starts_with("error: diagram.mmd:6:5: not a line of a journey diagram"),
        "{}",
        run.stderr
    );
    assert!(
        !root.join("out.yaml").exists(),
        "nothing is written on errors"
    );

    let run = import(
        root,
        "journey\n  section Awareness\n  section bewustwording\n",
        &[],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.errors(),
        [
            "error: diagram.mmd:3:3: section `bewustwording` is stage `awareness` again (first at line 2)"
        ]
    );
    let run = import(root, "graph TD\n  A --> B\n", &[]);
    assert_eq!(
        run.errors(),
        ["error: diagram.mmd:1:1: expected a Mermaid `journey` diagram, found `graph TD`"]
    );
}
