//! `journeybook diff`: planted changes between two report folders (persona added, journey
//! removed, pain added, opportunity removed, count changed with its percentage points,
//! emotion changed) in text, markdown and JSON; the same against a git revision of a
//! temporary repository, whose work tree and index are unchanged after; `--exit-code`; and
//! content errors naming their side.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Run, copy_dir, journeybook, run, tmp, write};

const JOURNEY: &str = "content/journeys/jane-taxes.yaml";

/// The old report: two personas, two journeys.
fn old_report(root: &Path) {
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Taxes\"\nlanguage = \"en\"\n",
    );
    write(
        root,
        "content/personas/jane.md",
        "---\nname: Jane Peeters\n---\n",
    );
    write(root, "content/personas/piet.md", "---\nname: Piet\n---\n");
    write(
        root,
        JOURNEY,
        "title: Jane files taxes\npersona: jane\nstages:\n\
         \x20 - stage: awareness\n    count: 1000\n    emotion: 1\n    touchpoints: [Ad]\n\
         \x20 - stage: decision\n    count: 140\n    emotion: -1\n    touchpoints: [Shop]\n    pains: [Slow]\n    opportunities: [Faster checkout, Chat]\n",
    );
    write(
        root,
        "content/journeys/piet-old.yaml",
        "title: Piet\npersona: piet\nstages:\n  - stage: awareness\n",
    );
}

/// The new report: the planted changes.
fn new_report(root: &Path) {
    old_report(root);
    std::fs::remove_file(root.join("content/journeys/piet-old.yaml")).unwrap();
    write(root, "content/personas/anna.md", "---\nname: Anna\n---\n");
    write(
        root,
        JOURNEY,
        "title: Jane files taxes\npersona: jane\nstages:\n\
         \x20 - stage: awareness\n    count: 1000\n    emotion: 2\n    touchpoints: [Ad]\n\
         \x20 - stage: decision\n    count: 150\n    emotion: -1\n    touchpoints: [Shop]\n    pains: [Slow, Too many forms]\n    opportunities: [Chat]\n",
    );
}

fn diff(args: &[&OsStr]) -> Run {
    run(std::iter::once(OsStr::new("diff")).chain(args.iter().copied()))
}

const EXPECTED_TEXT: &str = "\
added persona anna (Anna)
changed journey jane-taxes (Jane files taxes)
  awareness: emotion +1 → +2
  decision: count 140 → 150 (step conversion 14.0% → 15.0%, +1.0 pp)
  decision: pains + \"Too many forms\"
  decision: opportunities − \"Faster checkout\"
removed journey piet-old (Piet)
";

#[test]
fn folders_show_each_planted_change_in_text_markdown_and_json() {
    let tmp = tmp();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    old_report(&old);
    new_report(&new);
    let run = diff(&[old.as_os_str(), new.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, EXPECTED_TEXT);

    let md = diff(&[
        old.as_os_str(),
        new.as_os_str(),
        "--format".as_ref(),
        "markdown".as_ref(),
    ]);
    assert!(
        md.stdout.contains(
            "### Journey `jane-taxes`: Jane files taxes (changed)\n\n| Stage | Change |\n|---|---|\n\
             | `awareness` | emotion +1 → +2 |\n\
             | `decision` | count 140 → 150 (step conversion 14.0% → 15.0%, +1.0 pp) |\n"
        ),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("### Persona `anna`: Anna (added)"),
        "{}",
        md.stdout
    );

    let js = diff(&[
        old.as_os_str(),
        new.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let doc: Value = serde_json::from_str(&js.stdout).unwrap();
    assert_eq!(
        doc["personas"],
        json!([{ "id": "anna", "title": "Anna", "status": "added", "changes": [] }])
    );
    let changes = &doc["journeys"][0]["changes"];
    assert_eq!(changes[1]["change"], "count");
    assert_eq!(changes[1]["stage"], "decision");
    assert_eq!(
        (&changes[1]["old"], &changes[1]["new"]),
        (&json!(140), &json!(150))
    );
    assert!(
        (changes[1]["points"].as_f64().unwrap() - 1.0).abs() < 1e-9,
        "{changes}"
    );
    assert_eq!(
        changes[3],
        json!({ "stage": "decision", "change": "item_removed", "field": "opportunities", "item": "Faster checkout" })
    );
    assert_eq!(doc["journeys"][1]["status"], "removed");

    // --exit-code: 1 on changes, 0 without; same input, same output.
    let code = diff(&[old.as_os_str(), new.as_os_str(), "--exit-code".as_ref()]);
    assert_eq!(code.code, Some(1));
    assert_eq!(code.stdout, run.stdout);
    let same = diff(&[old.as_os_str(), old.as_os_str(), "--exit-code".as_ref()]);
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    assert_eq!(same.stdout, "no changes\n");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_git_revision_is_read_without_touching_the_work_tree() {
    let tmp = tmp();
    let repo = tmp.path();
    let report = repo.join("reports/taxes");
    old_report(&report);
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "old"]);
    git(repo, &["tag", "v1"]);
    let staged = tmp.path().join("staged");
    new_report(&staged);
    copy_dir(&staged.join("content"), &report.join("content"));
    std::fs::remove_file(report.join("content/journeys/piet-old.yaml")).unwrap();
    // An unrelated staged change, to see the index untouched.
    write(repo, "notes.txt", "x");
    git(repo, &["add", "notes.txt"]);
    let status = git(repo, &["status", "--porcelain"]);

    // From the report folder, against the tag and HEAD; NEW is the report on disk.
    for revision in ["v1", "HEAD", "main"] {
        let run = journeybook()
            .args(["diff", revision])
            .current_dir(&report)
            .run();
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.stdout, EXPECTED_TEXT, "against {revision}");
    }
    assert_eq!(
        git(repo, &["status", "--porcelain"]),
        status,
        "the work tree or index changed"
    );
    // Two revisions, from the repository's top with -C.
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "new"]);
    let run = journeybook()
        .args(["diff", "HEAD~1", "HEAD", "-C", "reports/taxes"])
        .current_dir(repo)
        .run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, EXPECTED_TEXT);
    assert_eq!(
        git(repo, &["status", "--porcelain"]),
        "",
        "the work tree changed"
    );
    let _ = status;

    // An unknown revision is a usage error.
    let run = journeybook()
        .args(["diff", "no-such-branch"])
        .current_dir(&report)
        .run();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`no-such-branch` is neither a folder nor a git revision"),
        "{}",
        run.stderr
    );
}

#[test]
fn content_errors_name_their_side_and_fail() {
    let tmp = tmp();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    old_report(&old);
    new_report(&new);
    write(
        &new,
        "content/journeys/bad.yaml",
        "title: Bad\npersona: nobody\nstages:\n  - stage: awareness\n",
    );
    let run = diff(&[old.as_os_str(), new.as_os_str()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with(&format!(
            "error: new ({}): content/journeys/bad.yaml:2:10: unknown persona",
            new.display()
        )),
        "{}",
        run.stderr
    );
}
