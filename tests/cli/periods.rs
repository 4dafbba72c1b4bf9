//! Funnel data over periods and segments (SPEC §4.1, §4.2), from the outside: counts inline
//! and from CSV exports, every problem located in one run, the journey page's periods,
//! trend and segments, the findings' change since the previous period, story warnings and
//! `--deny-warnings`.

use std::path::Path;

use crate::support::html::Page;
use crate::support::{Run, build, build_ok, edit, files_of, fixture_copy, run, text, tmp, write};

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(args)
}

/// A journey for Jana with `body` after its title and persona.
fn journey(body: &str) -> String {
    format!(
        "title: T\npersona: jana\n{body}stages:\n  - stage: awareness\n    touchpoints: [Ad]\n  - stage: consideration\n    touchpoints: [Site]\n    pains: [Unclear]\n"
    )
}

#[test]
fn every_counts_problem_is_located_in_one_run() {
    let tmp = tmp();
    let root = fixture_copy("periods", tmp.path());
    write(
        &root,
        "data/export.csv",
        "# exported\nperiod;stage;count;segment\n2026-Q1;awareness;12.000;\n2026-Q1;Awarnes;100;\n2026-Q1;consideration;5;\n2026-Q1;consideration;6;\n2026-Q1;decision;5;mobile\n",
    );
    write(
        &root,
        "content/journeys/csv-file.yaml",
        journey("counts: data/export.csv\n"),
    );
    write(
        &root,
        "data/ga4.csv",
        "Date range,Step,Users\n2026-Q1,1. Visit,100\n",
    );
    write(
        &root,
        "content/journeys/csv-mapped.yaml",
        journey(
            "counts:\n  csv: data/ga4.csv\n  columns: { period: \"Date range\", stage: \"Step\", count: \"Active users\" }\n",
        ),
    );
    write(
        &root,
        "content/journeys/inline.yaml",
        journey("counts:\n  2026-Q1: { awareness: \"1.200\", consideraton: 5 }\n"),
    );
    write(
        &root,
        "content/journeys/outside.yaml",
        journey("counts: ../outside.csv\n"),
    );
    write(
        &root,
        "content/journeys/both.yaml",
        "title: T\npersona: jana\ncounts:\n  2026-Q1: { awareness: 10 }\nstages:\n  - stage: awareness\n    count: 10\n",
    );
    let run = check(&root, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.errors(),
        [
            "error: content/journeys/both.yaml:7:5: `count` on a stage and `counts` in the same journey: give this stage's count in `counts` (or remove `counts`)",
            "error: content/journeys/inline.yaml:4:25: count must be a whole number of people (like 12000), got `1.200`: write 1200, without thousands separators or quotes",
            "error: content/journeys/inline.yaml:4:34: unknown stage `consideraton` in model `five` (did you mean `consideration`?)",
            "error: content/journeys/outside.yaml:3:9: `counts`: path `../outside.csv` leaves the report folder (`..` is not allowed)",
            "error: data/export.csv:3:19: count `12.000` has thousands separators: write 12000",
            "error: data/export.csv:4:9: unknown step `Awarnes` in model `five` (did you mean `awareness`?): map it to a stage in the journey's `counts`, like `stages: { \"Awarnes\": awareness }`",
            "error: data/export.csv:6:9: duplicate row: period `2026-Q1` and step `consideration` already have a count on line 5",
            "error: data/export.csv:7:9: stage `decision` has counts but is not in this journey's `stages`: add `- stage: decision` there",
            "error: data/ga4.csv:1:1: missing column `Active users`: the header names `Date range`, `Step`, `Users`; name the file's column for it in the journey: `columns: { count: \"...\" }`",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_links_out_of_the_report_is_refused() {
    let tmp = tmp();
    let root = fixture_copy("periods", tmp.path());
    let outside = tmp.path().join("secret.csv");
    std::fs::write(&outside, "period,stage,count\n2026-Q1,awareness,1\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("data/link.csv")).unwrap();
    write(
        &root,
        "content/journeys/linked.yaml",
        journey("counts: data/link.csv\n"),
    );
    let run = check(&root, &[]);
    assert_eq!(
        run.errors(),
        [
            "error: content/journeys/linked.yaml:3:9: `counts`: `data/link.csv` resolves outside the report folder"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn bad_csv_bytes_never_panic_or_hang() {
    let tmp = tmp();
    let root = fixture_copy("periods", tmp.path());
    write(
        &root,
        "content/journeys/fuzz.yaml",
        journey("counts: data/fuzz.csv\n"),
    );
    let cases: [&[u8]; 8] = [
        b"",
        b"\xef\xbb\xbf",
        b"period,stage,count\n\"2026-Q1,awareness,1\n",
        b"period,stage,count\n2026-Q1,awareness,\xff\n",
        b"period;stage;count\n;;;;;;;;\n\n\n#\n",
        b"\"\"\"\"\"\n,,,,\n\"",
        b"period,stage,count\n2026-Q1,awareness,99999999999999999999999\n",
        b"#only comments\n#\n",
    ];
    for bytes in cases {
        std::fs::write(root.join("data/fuzz.csv"), bytes).unwrap();
        let run = check(&root, &[]);
        assert_eq!(run.code, Some(1), "{bytes:?}: {}", run.stderr);
        assert!(
            run.errors()
                .iter()
                .all(|e| e.starts_with("error: data/fuzz.csv:")),
            "{bytes:?}: {}",
            run.stderr
        );
    }
    // A large wrong file: its problems are capped, and it is read in time.
    let mut big = String::from("period,stage,count\n");
    for i in 0..200_000 {
        big.push_str(&format!("2026-Q1,step{i},x\n"));
    }
    std::fs::write(root.join("data/fuzz.csv"), big).unwrap();
    let run = check(&root, &[]);
    assert_eq!(run.errors().len(), 51, "{}", run.stderr);
    assert!(run.errors()[50].contains("more problems in this file are not shown"));
}

#[test]
fn the_journey_page_shows_periods_trend_and_segments() {
    let tmp = tmp();
    let built = build_ok(&crate::support::fixture("periods"), &tmp.path().join("out"));
    let files = files_of(&built);
    for id in ["jana-software", "tom-webshop"] {
        assert!(files.contains(format!("journeys/{id}/trend.svg").as_str()));
        assert!(files.contains(format!("journeys/{id}/trend-narrow.svg").as_str()));
    }

    // Jana: three quarters inline; the last (2026-Q2) is the current one.
    let jana = Page::parse(text(&built, "journeys/jana-software/index.html"));
    let funnel = jana.body_rows("table.funnel-table");
    assert_eq!(funnel[0].cells[1], "52.000");
    // Decision: 1.040 / 9.800 = 10,6% against 1.300 / 9.100 = 14,3% in 2026-Q1.
    assert_eq!(funnel[2].cells.last().unwrap(), "−3,7 pp");
    let periods = jana.body_rows("table.periods-table");
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[2].cells[0], "Beslissing");
    assert_eq!(
        periods[2].cells[1..4],
        ["1.250 stap 15,1%", "1.300 stap 14,3%", "1.040 stap 10,6%"]
    );
    assert_eq!(periods[2].cells[4], "−3,7 pp");
    assert_eq!(
        jana.count("table.segments-table"),
        0,
        "no segments, no table"
    );

    let trend = text(&built, "journeys/jana-software/trend.svg");
    assert!(trend.contains("role=\"img\""));
    for label in [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "Beslissing: 10,6% (−3,7 pp)",
    ] {
        assert!(trend.contains(label), "{label} not in the trend chart");
    }

    // Tom: a semicolon CSV with segments only: the totals are their sums.
    let tom = Page::parse(text(&built, "journeys/tom-webshop/index.html"));
    let funnel = tom.body_rows("table.funnel-table");
    assert_eq!(
        funnel[0].cells[1], "34.600",
        "13.100 desktop + 21.500 mobile"
    );
    let segments = tom.body_rows("table.segments-table");
    assert_eq!(segments[0].cells, ["Bewustwording", "13.100", "21.500"]);
    assert_eq!(tom.count(".segment-card svg"), 2);

    // The overview's findings name the change since the previous period.
    let overview = text(&built, "index.html");
    assert!(
        overview.contains("De conversie bij Beslissing daalde 3,7 pp sinds 2026-Q1."),
        "{overview}"
    );
}

#[test]
fn trend_svg_needs_two_periods() {
    let tmp = tmp();
    let root = fixture_copy("periods", tmp.path());
    let jana = root.join("content/journeys/jana-software.yaml");
    edit(
        &jana,
        "  2025-Q4: { awareness: 44000, consideration: 8300, decision: 1250 }\n",
        "",
    );
    edit(
        &jana,
        "  2026-Q1: { awareness: 48000, consideration: 9100, decision: 1300 }\n",
        "",
    );
    let built = build_ok(&root, &tmp.path().join("out"));
    let files = files_of(&built);
    assert!(files.contains("journeys/jana-software/funnel.svg"));
    assert!(!files.contains("journeys/jana-software/trend.svg"));
    assert!(files.contains("journeys/tom-webshop/trend.svg"));
    let page = Page::parse(text(&built, "journeys/jana-software/index.html"));
    assert_eq!(page.count("table.periods-table"), 0);
    assert_eq!(
        page.body_rows("table.funnel-table")[2].cells.len(),
        5,
        "no change column"
    );
}

#[test]
fn story_warnings_and_deny_warnings() {
    let tmp = tmp();
    let root = fixture_copy("periods", tmp.path());
    write(&root, "content/personas/lone.md", "---\nname: Lone\n---\n");
    write(
        &root,
        "content/journeys/gaps.yaml",
        "title: Gaps\npersona: jana\nstages:\n  - stage: awareness\n    count: 100\n    emotion: -2\n  - stage: consideration\n    count: 10\n    touchpoints: [Site]\n",
    );
    let run = check(&root, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.warnings(),
        [
            "warning: content/journeys/gaps.yaml:5:12: `awareness` has a count but no `touchpoints`: name where these people come through",
            "warning: content/journeys/gaps.yaml:6:14: emotion -2 at `awareness` but no `pains`: say what makes it negative",
            "warning: content/journeys/gaps.yaml:7:12: `consideration` is the biggest drop (10.0% go on) but lists no `pains`: say why people leave here",
            "warning: content/journeys/tom-webshop.yaml:11:12: `consideration` is the biggest drop (14.6% go on) but lists no `pains`: say why people leave here",
            "warning: content/personas/lone.md:1:1: persona `lone` has no journey: add one under content/journeys/ with `persona: lone`",
        ],
        "{}",
        run.stderr
    );

    let denied = check(&root, &["--deny-warnings"]);
    assert_eq!(denied.code, Some(1), "{}", denied.stderr);
    assert!(
        denied.stderr.contains("--deny-warnings"),
        "{}",
        denied.stderr
    );

    // build --deny-warnings fails too, and leaves the previous output alone.
    let out = tmp.path().join("out");
    build_ok(&root, &out);
    let before = crate::support::tree(&out);
    let failed = crate::support::run([
        "build",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    assert_eq!(crate::support::tree(&out), before);
    assert!(
        build(&root, &out).success(),
        "warnings alone do not fail a build"
    );
}
