//! `journeybook export`: the JSON shape and numbers of SPEC §5 (ratios 0..1, the first
//! step's null, periods then their segments), the CSV in long form, and Mermaid `journey`
//! diagrams that keep to Mermaid's grammar. Numbers were worked out by hand from the
//! counts written below.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::{Run, run, tmp, write};

/// A report with a journey whose counts come from a CSV file with two periods (the second
/// of segments only), one with counts on its stages, and one without counts.
fn report(root: &Path) {
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Taxes\"\nlanguage = \"en\"\ndate = \"June 2026\"\n",
    );
    write(
        root,
        "content/personas/jane.md",
        "---\nname: Jane, Peeters\nrole: Owner\ndemographics:\n  age: \"41\"\n  city: Ghent\ngoals: [Pay less]\n---\nBody.\n",
    );
    write(
        root,
        "data/taxes.csv",
        "period,stage,segment,count\n2026-Q1,awareness,,1000\n2026-Q1,decision,,100\n\
         2026-Q2,awareness,mobile,600\n2026-Q2,awareness,desktop,400\n\
         2026-Q2,decision,mobile,30\n2026-Q2,decision,desktop,50\n",
    );
    write(
        root,
        "content/journeys/a-taxes.yaml",
        "title: Jane files taxes\npersona: jane\nunit: visitors\ncounts: data/taxes.csv\nstages:\n\
         \x20 - stage: awareness\n    emotion: -1\n    touchpoints: [\"Ad: taxes\", Blog]\n    pains: [Too long]\n\
         \x20 - stage: decision\n    emotion: 2\n    actions: [Pays]\n",
    );
    write(
        root,
        "content/journeys/b-june.yaml",
        "title: June\npersona: jane\nperiod: juni\nstages:\n\
         \x20 - stage: awareness\n    count: 200\n  - stage: consideration\n    count: 50\n",
    );
    write(
        root,
        "content/journeys/c-plain.yaml",
        "title: Plain\npersona: jane\nstages:\n  - stage: awareness\n    goal: Know\n",
    );
}

fn export(root: &Path, format: &str) -> Run {
    let run = run([
        OsStr::new("export"),
        root.as_os_str(),
        OsStr::new("--format"),
        OsStr::new(format),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run
}

fn step(stage: &str, count: u64, share: f64, step: Value, drop: Value, rate: Value) -> Value {
    json!({ "stage": stage, "count": count, "share_of_first": share,
            "step_conversion": step, "drop_off": drop, "drop_off_rate": rate })
}

#[test]
fn json_has_the_spec_shape_and_the_funnel_numbers() {
    let tmp = tmp();
    report(tmp.path());
    let run = export(tmp.path(), "json");
    let doc: Value = serde_json::from_str(&run.stdout).expect("export json is JSON");
    assert_eq!(doc["format"], 1);
    assert_eq!(
        doc["report"],
        json!({ "title": "Taxes", "language": "en", "date": "June 2026",
                "description": null, "authors": [] })
    );
    let jane = &doc["personas"][0];
    assert_eq!(jane["id"], "jane");
    assert_eq!(jane["name"], "Jane, Peeters");
    assert_eq!(jane["goals"], json!(["Pay less"]));
    assert_eq!(
        jane["demographics"],
        json!({ "age": "41", "city": "Ghent" })
    );
    // Demographics keep the file's order.
    assert!(run.stdout.find("\"age\"") < run.stdout.find("\"city\""));

    let journeys = doc["journeys"].as_array().unwrap();
    let ids: Vec<&str> = journeys.iter().map(|j| j["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a-taxes", "b-june", "c-plain"]);
    let a = &journeys[0];
    assert_eq!(
        (&a["persona"], &a["model"], &a["unit"]),
        (&json!("jane"), &json!("five"), &json!("visitors"))
    );
    assert_eq!(a["stages"][0]["stage"], "awareness");
    assert_eq!(a["stages"][0]["name"], "Awareness");
    assert_eq!(a["stages"][0]["emotion"], -1);
    assert_eq!(a["stages"][0]["pains"], json!(["Too long"]));
    assert_eq!(
        a["stages"][0]["touchpoints"][0],
        json!({ "name": "Ad: taxes", "channel": null, "owner": null })
    );
    assert_eq!(a["stages"][1]["actions"], json!(["Pays"]));

    let null = Value::Null;
    assert_eq!(
        a["funnel"],
        json!({ "current": "2026-Q2", "periods": [
            { "period": "2026-Q1", "segment": null, "biggest_drop": "decision", "steps": [
                step("awareness", 1000, 1.0, null.clone(), null.clone(), null.clone()),
                step("decision", 100, 0.1, json!(0.1), json!(900), json!(0.9)) ] },
            { "period": "2026-Q2", "segment": null, "biggest_drop": "decision", "steps": [
                step("awareness", 1000, 1.0, null.clone(), null.clone(), null.clone()),
                step("decision", 80, 0.08, json!(0.08), json!(920), json!(0.92)) ] },
            { "period": "2026-Q2", "segment": "mobile", "biggest_drop": "decision", "steps": [
                step("awareness", 600, 1.0, null.clone(), null.clone(), null.clone()),
                step("decision", 30, 0.05, json!(0.05), json!(570), json!(0.95)) ] },
            { "period": "2026-Q2", "segment": "desktop", "biggest_drop": "decision", "steps": [
                step("awareness", 400, 1.0, null.clone(), null.clone(), null.clone()),
                step("decision", 50, 0.125, json!(0.125), json!(350), json!(0.875)) ] },
        ] })
    );
    // Counts on the stages: one period, labelled by the journey's `period`.
    assert_eq!(
        journeys[1]["funnel"],
        json!({ "current": "juni", "periods": [
            { "period": "juni", "segment": null, "biggest_drop": "consideration", "steps": [
                step("awareness", 200, 1.0, null.clone(), null.clone(), null.clone()),
                step("consideration", 50, 0.25, json!(0.25), json!(150), json!(0.75)) ] } ] })
    );
    assert_eq!(journeys[1]["stages"][0]["count"], 200);
    assert_eq!(journeys[2]["funnel"], Value::Null);
    assert_eq!(journeys[2]["stages"][0]["goal"], "Know");

    // Same input, same bytes; -o writes the same to a file.
    assert_eq!(export(tmp.path(), "json").stdout, run.stdout);
    let out = tmp.path().join("out.json");
    let written = crate::support::run([
        OsStr::new("export"),
        tmp.path().as_os_str(),
        OsStr::new("--format=json"),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(written.code, Some(0), "{}", written.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), run.stdout);
}

#[test]
fn csv_is_one_row_per_step_with_empty_nulls() {
    let tmp = tmp();
    report(tmp.path());
    assert_eq!(
        export(tmp.path(), "csv").stdout,
        "journey,persona,period,segment,stage,count,share_of_first,step_conversion,drop_off,drop_off_rate\n\
         a-taxes,jane,2026-Q1,,awareness,1000,1,,,\n\
         a-taxes,jane,2026-Q1,,decision,100,0.1,0.1,900,0.9\n\
         a-taxes,jane,2026-Q2,,awareness,1000,1,,,\n\
         a-taxes,jane,2026-Q2,,decision,80,0.08,0.08,920,0.92\n\
         a-taxes,jane,2026-Q2,mobile,awareness,600,1,,,\n\
         a-taxes,jane,2026-Q2,mobile,decision,30,0.05,0.05,570,0.95\n\
         a-taxes,jane,2026-Q2,desktop,awareness,400,1,,,\n\
         a-taxes,jane,2026-Q2,desktop,decision,50,0.125,0.125,350,0.875\n\
         b-june,jane,juni,,awareness,200,1,,,\n\
         b-june,jane,juni,,consideration,50,0.25,0.25,150,0.75\n"
    );
}

#[test]
fn mermaid_is_a_journey_diagram_per_journey_in_the_reports_language() {
    let tmp = tmp();
    report(tmp.path());
    let text = export(tmp.path(), "mermaid").stdout;
    let diagrams: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(diagrams.len(), 3, "{text}");
    // `:` and `,` would end a task or an actor: they become look-alike characters.
    assert_eq!(
        diagrams[0],
        "journey\n  title Jane files taxes\n  section Awareness\n    Ad\u{a789} taxes: 2: Jane\u{201a} Peeters\n    Blog: 2: Jane\u{201a} Peeters\n  section Decision\n    Pays: 5: Jane\u{201a} Peeters"
    );
    // Every line is one of the grammar's statements (Mermaid's journey lexer: title and
    // section end at `#`, `;` and, for sections and tasks, `:`).
    for line in text.lines().filter(|l| !l.is_empty()) {
        let line = line.trim();
        let ok = line == "journey"
            || line
                .strip_prefix("title ")
                .is_some_and(|t| !t.contains(['#', ';']))
            || line
                .strip_prefix("section ")
                .is_some_and(|t| !t.contains(['#', ';', ':']))
            || {
                let parts: Vec<&str> = line.split(':').collect();
                parts.len() == 3
                    && !line.contains(['#', ';'])
                    && (1..=5).contains(&parts[1].trim().parse::<i32>().unwrap_or(0))
            };
        assert!(ok, "not a journey statement: {line:?}");
    }
    // The same in another language: stage names follow the report's.
    write(
        tmp.path(),
        "book.toml",
        "[book]\ntitle = \"Taxes\"\nlanguage = \"nl\"\n",
    );
    let text = export(tmp.path(), "mermaid").stdout;
    assert!(text.contains("  section Bewustwording\n"), "{text}");
}

#[test]
fn a_report_with_errors_exports_nothing_and_fails_as_check() {
    let tmp = tmp();
    report(tmp.path());
    write(
        tmp.path(),
        "content/journeys/c-plain.yaml",
        "title: Plain\npersona: nobody\nstages: []\n",
    );
    let run = run([
        OsStr::new("export"),
        tmp.path().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("error: content/journeys/c-plain.yaml:")),
        "{}",
        run.stderr
    );
}
