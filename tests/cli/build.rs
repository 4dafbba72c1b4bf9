//! Build output, checked from outside: these tests run the real `journeybook build` binary
//! on the repository's example report and on small fixture reports under
//! `tests/fixtures/render/`, write into temporary folders and read the result as a user (or
//! a browser) would. SPEC §5 (command line) and §6 (output) are the contract.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::support::html::Page;
use crate::support::{
    Tree, assert_same_tree, build, build_ok, copy_dir, edit, entries, example_copy, files_of,
    fixture, fixture_copy, journeybook, manifest_dir, text, tmp, tree,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The HTML pages of a build, parsed.
fn html_pages(tree: &Tree) -> Vec<(&str, Page)> {
    tree.iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k.as_str(), Page::parse(std::str::from_utf8(v).unwrap())))
        .collect()
}

/// File stems in `dir` with one of `exts`, sorted.
fn stems(dir: &Path, exts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| exts.iter().any(|x| e == OsStr::new(x)))
        })
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scheme such as `https:` or `mailto:` makes a link external.
fn has_scheme(link: &str) -> bool {
    let Some(colon) = link.find(':') else {
        return false;
    };
    let scheme = &link[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves a relative link of the page at `page` (a path in the tree) to a tree path.
fn resolve(page: &str, link_path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for segment in link_path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("climbs above the output folder".into());
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// SPEC §6: every internal link is relative and lands on an existing file of the build
/// (and on an existing `id` when it has a fragment); none starts with `/`.
fn assert_links_ok(tree: &Tree) {
    let (checked, problems) = link_problems(tree);
    assert!(checked > 0, "no internal links found at all");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

/// The number of internal links checked, and what is wrong with them.
fn link_problems(tree: &Tree) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut checked = 0;
    let files = files_of(tree);
    let pages = html_pages(tree);
    // The ids of each page a fragment may point into, found once per page.
    let mut ids: BTreeMap<String, Vec<String>> = pages
        .iter()
        .map(|(path, page)| (path.to_string(), page.attr_values("id")))
        .collect();
    for (page, html) in &pages {
        for link in html.links() {
            if link.starts_with("//") || has_scheme(&link) {
                continue; // external (protocol-relative or with a scheme)
            }
            checked += 1;
            if link.starts_with('/') {
                problems.push(format!(
                    "{page}: `{link}` is root-absolute (breaks sub-path hosting)"
                ));
                continue;
            }
            let (before_fragment, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = before_fragment.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.to_string()
            } else {
                match resolve(page, &percent_decode(path)) {
                    Ok(t) => t,
                    Err(why) => {
                        problems.push(format!("{page}: `{link}` {why}"));
                        continue;
                    }
                }
            };
            if !files.contains(target.as_str()) {
                problems.push(format!(
                    "{page}: `{link}` points to `{target}`, which is not a file of the build"
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = ids
                    .entry(target.clone())
                    .or_insert_with(|| Page::parse(text(tree, &target)).attr_values("id"));
                if !ids.iter().any(|id| id == &percent_decode(fragment)) {
                    problems.push(format!(
                        "{page}: `{link}`: `{target}` has no element with id=\"{fragment}\""
                    ));
                }
            }
        }
    }
    (checked, problems)
}

/// Writes a report with `n` personas, each with one journey with counts.
fn generated_report(dir: &Path, n: usize) {
    fs::create_dir_all(dir.join("content/personas")).unwrap();
    fs::create_dir_all(dir.join("content/journeys")).unwrap();
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Veel persona's\"\nlanguage = \"nl\"\n\n[journey]\nmodel = \"five\"\n",
    )
    .unwrap();
    for i in 1..=n {
        fs::write(
            dir.join(format!("content/personas/p{i:02}.md")),
            format!("---\nname: Persona Nummer {i:02}\nrole: Klant {i:02}\n---\nTekst.\n"),
        )
        .unwrap();
        fs::write(
            dir.join(format!("content/journeys/j{i:02}.yaml")),
            format!(
                "title: Reis {i:02}\npersona: p{i:02}\nstages:\n  - stage: awareness\n    count: {}\n  - stage: consideration\n    count: {}\n",
                2000 + i,
                500 + i
            ),
        )
        .unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// 1. The contract files of SPEC §6
// ---------------------------------------------------------------------------------------

/// Whether a journey file gives any stage a `count`.
fn journey_has_counts(path: &Path) -> bool {
    let value: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Counts per period (SPEC §4.1), inline or from a CSV file, count too.
    value.get("counts").is_some_and(|c| !c.is_null())
        || value["stages"]
            .as_sequence()
            .is_some_and(|stages| stages.iter().any(|s| s.get("count").is_some()))
}

/// Whether a journey file gives counts for two or more periods inline (a trend chart);
/// None when they come from a CSV file.
fn journey_has_inline_periods(path: &Path) -> Option<bool> {
    let value: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap()).ok()?;
    match value.get("counts") {
        None | Some(serde_yaml::Value::Null) => Some(false),
        Some(serde_yaml::Value::Mapping(m)) if !m.contains_key("csv") => Some(m.len() >= 2),
        Some(_) => None,
    }
}

#[test]
fn example_report_produces_every_contract_file() {
    let tmp = tmp();
    let root = manifest_dir();
    let out = tmp.path().join("site");
    let built = build_ok(root, &out);
    let files = files_of(&built);

    let content = root.join("content"); // book.toml: src = "content"
    let personas = stems(&content.join("personas"), &["md"]);
    let journeys = stems(&content.join("journeys"), &["yaml", "yml"]);
    let pages = stems(&content.join("pages"), &["md"]);
    assert!(!personas.is_empty() && !journeys.is_empty() && !pages.is_empty());

    let mut expected: Vec<String> = vec![
        "index.html".into(),
        "print/index.html".into(),
        "404.html".into(),
    ];
    expected.extend(
        personas
            .iter()
            .map(|id| format!("personas/{id}/index.html")),
    );
    expected.extend(
        journeys
            .iter()
            .map(|id| format!("journeys/{id}/index.html")),
    );
    expected.extend(pages.iter().map(|id| format!("pages/{id}/index.html")));
    let missing: Vec<_> = expected
        .iter()
        .filter(|p| !files.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "missing contract files {missing:?}; built {files:?}"
    );

    let (mut with_counts, mut without_counts) = (0, 0);
    for id in &journeys {
        let source = ["yaml", "yml"]
            .iter()
            .map(|ext| content.join(format!("journeys/{id}.{ext}")))
            .find(|p| p.is_file())
            .unwrap();
        let svgs = [
            format!("journeys/{id}/funnel.svg"),
            format!("journeys/{id}/funnel-narrow.svg"),
        ];
        let has_counts = journey_has_counts(&source);
        // trend.svg exactly when there are two or more periods (SPEC §6).
        if let Some(trend) = journey_has_inline_periods(&source) {
            let path = format!("journeys/{id}/trend.svg");
            assert_eq!(files.contains(path.as_str()), trend, "{path}");
        }
        if has_counts {
            with_counts += 1;
        } else {
            without_counts += 1;
        }
        for svg in &svgs {
            if has_counts {
                let chart = text(&built, svg);
                assert!(
                    chart.trim_start().starts_with("<svg") && chart.trim_end().ends_with("</svg>"),
                    "{svg} is not an SVG document"
                );
            } else {
                assert!(
                    !files.contains(svg.as_str()),
                    "{svg} was written for a journey without any count"
                );
            }
        }
    }
    assert!(
        with_counts > 0 && without_counts > 0,
        "the example should have journeys with and without counts"
    );

    // static/ is copied as is to the output root.
    for (rel, bytes) in tree(&root.join("static")) {
        if !rel.ends_with('/') {
            assert_eq!(
                built.get(&rel),
                Some(&bytes),
                "static/{rel} is not copied as is to the output root"
            );
        }
    }
    assert!(files.contains("logo.svg"));
}

// ---------------------------------------------------------------------------------------
// 2. Links
// ---------------------------------------------------------------------------------------

#[test]
fn all_internal_links_are_relative_and_resolve() {
    let tmp = tmp();
    let example = build_ok(manifest_dir(), &tmp.path().join("example"));
    assert_links_ok(&example);
    for name in ["basic", "escaping", "funnel", "no-print", "theme-override"] {
        let built = build_ok(&fixture(name), &tmp.path().join(name));
        assert_links_ok(&built);
    }
    // Beyond 40 personas the sidebar ends in a link to the overview's persona list.
    let many = tmp.path().join("many");
    generated_report(&many, 45);
    let built = build_ok(&many, &tmp.path().join("many-out"));
    assert!(
        Page::parse(text(&built, "personas/p01/index.html"))
            .attr_values("href")
            .iter()
            .any(|l| l.contains("index.html#")),
        "no sidebar overflow link to check"
    );
    assert_links_ok(&built);
}

/// Ids that occur more than once on a page, per page.
fn duplicate_ids(tree: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (page, html) in html_pages(tree) {
        let mut seen = BTreeSet::new();
        let mut twice = BTreeSet::new();
        for id in html.attr_values("id") {
            if !seen.insert(id.clone()) {
                twice.insert(id);
            }
        }
        if !twice.is_empty() {
            out.push(format!("{page}: {twice:?}"));
        }
    }
    out
}

#[test]
fn ids_are_unique_on_every_page() {
    // Valid HTML5, and a `#fragment` link can only land on the right element if its id
    // is unique.
    let tmp = tmp();
    for (name, dir) in [
        ("example", manifest_dir().to_path_buf()),
        ("basic", fixture("basic")),
        ("escaping", fixture("escaping")),
    ] {
        let built = build_ok(&dir, &tmp.path().join(name));
        assert_eq!(duplicate_ids(&built), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn ids_stay_unique_with_footnotes_and_intro_headings() {
    // Two personas and a page that each have a footnote `[^1]` (all on the print page), and
    // an intro (content/index.md) with the headings `## Personas` and `## Journeys`, the
    // names of the overview's own sections.
    let tmp = tmp();
    let built = build_ok(&fixture("duplicate-ids"), &tmp.path().join("out"));
    assert_eq!(duplicate_ids(&built), Vec::<String>::new());
    assert_links_ok(&built);
}

#[test]
fn link_checker_catches_broken_links() {
    // The checker itself must be able to fail, or test 2 proves nothing.
    let mut tree = Tree::new();
    tree.insert(
        "index.html".into(),
        br##"<a href="a/index.html">"##.to_vec(),
    );
    tree.insert(
        "a/index.html".into(),
        br##"<p id="x"></p><a href="../index.html"> <a href="#x"> <a href="https://e.org/">"##
            .to_vec(),
    );
    assert_links_ok(&tree);
    for bad in [
        r##"<a href="/a/index.html">"##,
        r##"<a href="b/index.html">"##,
        r##"<a href="a/index.html#nope">"##,
        r##"<img src="../up.png">"##,
        r##"<a href="a/">"##,
    ] {
        let mut broken = tree.clone();
        broken.insert("index.html".into(), bad.as_bytes().to_vec());
        let (checked, problems) = link_problems(&broken);
        assert!(checked > 0 && problems.len() == 1, "{bad}: {problems:?}");
    }
    assert_eq!(
        Page::parse(r##"<a href="x?a=1&amp;b=2"> <img  src="p%20q.png">"##).links(),
        ["x?a=1&b=2", "p%20q.png"]
    );
    assert_eq!(percent_decode("p%20q%2"), "p q%2");
}

// ---------------------------------------------------------------------------------------
// 3. Escaping
// ---------------------------------------------------------------------------------------

#[test]
fn front_matter_and_yaml_values_are_escaped_everywhere() {
    let tmp = tmp();
    let built = build_ok(&fixture("escaping"), &tmp.path().join("out"));

    let mut leaks = Vec::new();
    for (path, bytes) in &built {
        let content = String::from_utf8_lossy(bytes);
        for raw in ["<script>alert(1)", "\"quotes\" & <b>", "<b>"] {
            if let Some(at) = content.find(raw) {
                let from = content[..at]
                    .char_indices()
                    .rev()
                    .nth(60)
                    .map_or(0, |c| c.0);
                let to = (at + 80).min(content.len());
                let to = (to..=content.len())
                    .find(|&i| content.is_char_boundary(i))
                    .unwrap();
                leaks.push(format!("{path}: raw `{raw}` in …{}…", &content[from..to]));
            }
        }
    }
    assert!(leaks.is_empty(), "unescaped values:\n{}", leaks.join("\n"));

    // Every page and chart shows the values, escaped (so they were really rendered).
    for (path, bytes) in &built {
        if path.ends_with(".html") || path.ends_with(".svg") {
            let content = String::from_utf8_lossy(bytes);
            assert!(
                content.contains("&lt;script&gt;"),
                "{path} does not show the escaped value"
            );
        }
    }
    let escaped = |what: &str| format!("&lt;script&gt;alert(1)&lt;/script&gt; {what}");
    let persona = text(&built, "personas/mallory/index.html");
    for what in ["Mallory", "role", "quote", "goal", "label", "value"] {
        assert!(
            persona.contains(&escaped(what)),
            "persona page lacks the escaped {what}"
        );
    }
    assert!(persona.contains("&quot;quotes&quot; &amp; &lt;b&gt;"));
    let journey = text(&built, "journeys/mallory-buys/index.html");
    for what in ["journey title", "stage goal", "touchpoint"] {
        assert!(
            journey.contains(&escaped(what)),
            "journey page lacks the escaped {what}"
        );
    }
    assert!(text(&built, "journeys/mallory-buys/funnel.svg").contains(&escaped("journey title")));
    // The overview's key findings quote pains and opportunities, escaped.
    let overview = text(&built, "index.html");
    for what in ["stage pain", "opportunity"] {
        assert!(
            overview.contains(&escaped(what)),
            "the overview's key findings lack the escaped {what}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 4. Determinism
// ---------------------------------------------------------------------------------------

#[test]
fn same_input_gives_byte_identical_output() {
    let tmp = tmp();
    let example = example_copy(&tmp.path().join("example"));
    let first = build_ok(&example, &tmp.path().join("a"));
    let second = build_ok(&example, &tmp.path().join("b"));
    assert!(first.len() > 10);
    assert_same_tree(&first, &second, "two builds of the example");

    // The same input in another place (and under another folder name) builds the same.
    let elsewhere = tmp.path().join("elders/ander-rapport");
    copy_dir(&example, &elsewhere);
    let third = build_ok(&elsewhere, &tmp.path().join("c"));
    assert_same_tree(&first, &third, "the example built from another folder");

    let basic_a = build_ok(&fixture("basic"), &tmp.path().join("basic-a"));
    let basic_b = build_ok(&fixture("basic"), &tmp.path().join("basic-b"));
    assert_same_tree(&basic_a, &basic_b, "two builds of the basic fixture");

    // A theme that loops over maps (the UI strings, the site) gets them in a fixed order.
    let themed = fixture_copy("basic", tmp.path());
    let templates = themed.join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("404.html"),
        "{% for key, value in t %}{{ key }}={{ value }}\n{% endfor %}{% for key, value in site %}{{ key }}\n{% endfor %}",
    )
    .unwrap();
    let themed_a = build_ok(&themed, &tmp.path().join("themed-a"));
    let themed_b = build_ok(&themed, &tmp.path().join("themed-b"));
    assert!(text(&themed_a, "404.html").lines().count() > 50);
    assert_same_tree(&themed_a, &themed_b, "two builds looping over maps");
}

// ---------------------------------------------------------------------------------------
// 5. A failed build leaves the previous output as it was
// ---------------------------------------------------------------------------------------

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let parent = tmp.path().join("site");
    fs::create_dir_all(&parent).unwrap();
    let out = parent.join("out");
    let before = build_ok(&report, &out);
    assert!(before.contains_key("index.html"));
    assert_eq!(entries(&parent), ["out"]);

    // A content error: an unknown stage.
    let journey = report.join("content/journeys/anna-eerste-bestelling.yaml");
    edit(&journey, "stage: consideration", "stage: considerashun");
    let failed = build(&report, &out);
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    let message = &failed.stderr;
    assert!(
        message.lines().any(|l| l
            .starts_with("error: content/journeys/anna-eerste-bestelling.yaml:")
            && l.contains("considerashun")),
        "no `error: file:line:col: …` diagnostic for the unknown stage:\n{message}"
    );
    assert_same_tree(&before, &tree(&out), "output after a failed build");
    assert_eq!(entries(&parent), ["out"], "stray folders beside the output");

    // A theme error, found only while rendering pages.
    edit(&journey, "stage: considerashun", "stage: consideration");
    let templates = report.join("themes/default/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("persona.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ no_such_variable.field }}{% endblock content %}\n",
    )
    .unwrap();
    let failed = build(&report, &out);
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    assert_same_tree(&before, &tree(&out), "output after a failed render");
    assert_eq!(entries(&parent), ["out"], "stray folders beside the output");

    // A failed first build into a new folder creates nothing.
    let fresh = tmp.path().join("fresh");
    fs::create_dir_all(&fresh).unwrap();
    edit(&journey, "stage: consideration", "stage: considerashun");
    let failed = build(&report, &fresh.join("out"));
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    assert_eq!(
        entries(&fresh),
        Vec::<String>::new(),
        "a failed build wrote files"
    );
    edit(&journey, "stage: considerashun", "stage: consideration");

    // And a good build afterwards replaces it, still without leftovers.
    fs::remove_dir_all(report.join("themes")).unwrap();
    edit(&journey, "count: 300", "count: 301");
    let after = build_ok(&report, &out);
    assert_ne!(before, after);
    assert!(text(&after, "journeys/anna-eerste-bestelling/index.html").contains("301"));
    assert_eq!(entries(&parent), ["out"], "stray folders beside the output");
}

/// Identity of a file on disk: a rewritten file is a new file, a kept one is the same.
fn file_id(path: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt as _;
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.ino(), meta.modified().unwrap())
}

#[test]
fn rebuild_rewrites_only_changed_files() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let out = tmp.path().join("out");
    build_ok(&report, &out);
    let kept = [
        "personas/bram/index.html",
        "journeys/bram-herbestelling/index.html",
        "pages/methode/index.html",
        "theme/style.css",
        "logo.svg",
        "media/photos/anna.svg",
    ];
    let changed = [
        "journeys/anna-eerste-bestelling/index.html",
        "journeys/anna-eerste-bestelling/funnel.svg",
        "personas/anna/index.html",
        "index.html",
        "print/index.html",
    ];
    let ids = |paths: &[&str]| -> Vec<_> { paths.iter().map(|p| file_id(&out.join(p))).collect() };
    let (kept_before, changed_before) = (ids(&kept), ids(&changed));

    edit(
        &report.join("content/journeys/anna-eerste-bestelling.yaml"),
        "count: 300",
        "count: 301",
    );
    let after = build_ok(&report, &out);
    assert!(text(&after, "journeys/anna-eerste-bestelling/index.html").contains("301"));
    for ((path, before), now) in kept.iter().zip(&kept_before).zip(ids(&kept)) {
        assert_eq!(*before, now, "{path} is unchanged but was written again");
    }
    for ((path, before), now) in changed.iter().zip(&changed_before).zip(ids(&changed)) {
        assert_ne!(before.0, now.0, "{path} changed but the old file was kept");
    }
    // A rebuild of the same input is the same site and keeps every file, the streamed
    // print page included.
    let all: Vec<&str> = files_of(&after).into_iter().collect();
    let all_before = ids(&all);
    assert_same_tree(
        &after,
        &build_ok(&report, &out),
        "rebuild of the same input",
    );
    for ((path, before), now) in all.iter().zip(&all_before).zip(ids(&all)) {
        assert_eq!(*before, now, "{path} is unchanged but was written again");
    }
}

// ---------------------------------------------------------------------------------------
// 6. Funnel numbers
// ---------------------------------------------------------------------------------------

/// The funnel table of a page: (stage, count, share, step) per row, and the marked rows.
fn funnel_rows(html: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = Page::parse(html).body_rows("table.funnel-table");
    let marked = rows
        .iter()
        .filter(|r| r.is_marked())
        .map(|r| r.cells[0].clone())
        .collect();
    (rows.into_iter().map(|r| r.cells).collect(), marked)
}

#[test]
fn funnel_numbers_in_dutch() {
    let tmp = tmp();
    let built = build_ok(&fixture("funnel"), &tmp.path().join("out"));
    let page = text(&built, "journeys/jana-software/index.html");
    let (rows, marked) = funnel_rows(page);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // Columns: stage, count, share of first stage, step conversion, (drop-off).
    assert_eq!(rows[0][1..4], ["12.000", "100,0%", "–"], "{rows:?}");
    assert_eq!(rows[1][1..4], ["3.100", "25,8%", "25,8%"], "{rows:?}");
    assert_eq!(rows[2][1..4], ["450", "3,8%", "14,5%"], "{rows:?}");
    assert!(rows[0][0].starts_with("Bewustwording"), "{rows:?}");
    assert!(rows[2][0].starts_with("Beslissing"), "{rows:?}");
    assert_eq!(
        marked.len(),
        1,
        "exactly one row is the biggest drop: {marked:?}"
    );
    assert!(marked[0].starts_with("Beslissing"), "{marked:?}");

    let svg = text(&built, "journeys/jana-software/funnel.svg");
    for needle in ["<title", "<desc", "12.000", "3.100", "450", "25,8%"] {
        assert!(svg.contains(needle), "funnel.svg lacks `{needle}`");
    }
    assert!(!svg.contains("12,000"));

    // The persona page shows the same numbers.
    let (persona_rows, _) = funnel_rows(text(&built, "personas/jana/index.html"));
    assert_eq!(persona_rows, rows);
}

#[test]
fn funnel_numbers_in_english() {
    let tmp = tmp();
    let report = fixture_copy("funnel", tmp.path());
    edit(
        &report.join("book.toml"),
        "language = \"nl\"",
        "language = \"en\"",
    );
    let built = build_ok(&report, &tmp.path().join("out"));
    let (rows, marked) = funnel_rows(text(&built, "journeys/jana-software/index.html"));
    assert_eq!(rows[0][1..4], ["12,000", "100.0%", "–"], "{rows:?}");
    assert_eq!(rows[1][1..4], ["3,100", "25.8%", "25.8%"], "{rows:?}");
    assert_eq!(rows[2][1..4], ["450", "3.8%", "14.5%"], "{rows:?}");
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].starts_with("Decision"), "{marked:?}");
    let svg = text(&built, "journeys/jana-software/funnel.svg");
    assert!(svg.contains("12,000") && svg.contains("25.8%"));
}

// ---------------------------------------------------------------------------------------
// 7. Theme overrides
// ---------------------------------------------------------------------------------------

const TEMPLATE_MARKER: &str = "EIGEN-PERSONA-SJABLOON-7f3a";
const CSS_MARKER: &str = "EIGEN-STIJLBLAD-9c2e";

fn assert_overrides_apply(with: &Tree, without: &Tree, report: &Path, theme: &str) {
    let persona = text(with, "personas/tom/index.html");
    assert!(
        persona.contains(TEMPLATE_MARKER),
        "persona.html override ignored"
    );
    assert!(
        !persona.contains("journey-card"),
        "the default persona content is still there"
    );
    assert!(!text(without, "personas/tom/index.html").contains(TEMPLATE_MARKER));
    // Nothing but the persona pages and the stylesheet changes (and 404.html, which
    // carries the stylesheet).
    for (path, bytes) in without {
        if path.starts_with("personas/") || path == "theme/style.css" || path == "404.html" {
            continue;
        }
        assert_eq!(
            with.get(path),
            Some(bytes),
            "{path} changed by a persona.html override"
        );
    }
    let journey = text(with, "journeys/tom-bestelt/index.html");
    assert!(
        journey.contains("class=\"journey-map\""),
        "the journey page lost its journey map"
    );
    assert!(!journey.contains(TEMPLATE_MARKER));

    let css = fs::read(report.join(format!("themes/{theme}/static/style.css"))).unwrap();
    assert_eq!(
        with.get("theme/style.css"),
        Some(&css),
        "theme/style.css is not the override"
    );
    assert!(
        !String::from_utf8_lossy(&without["theme/style.css"]).contains(CSS_MARKER),
        "the default stylesheet is the override?"
    );
}

#[test]
fn theme_files_override_the_default_one_by_one() {
    let tmp = tmp();
    let report = fixture_copy("theme-override", tmp.path());
    let with = build_ok(&report, &tmp.path().join("with"));

    let plain = tmp.path().join("plain");
    copy_dir(&report, &plain);
    fs::remove_dir_all(plain.join("themes")).unwrap();
    let without = build_ok(&plain, &tmp.path().join("without"));
    assert_overrides_apply(&with, &without, &report, "default");

    // The same under a named theme: `theme = "kiwi"` with themes/kiwi/.
    let named = tmp.path().join("named");
    copy_dir(&report, &named);
    fs::rename(named.join("themes/default"), named.join("themes/kiwi")).unwrap();
    edit(
        &named.join("book.toml"),
        "[journey]",
        "[output.html]\ntheme = \"kiwi\"\n\n[journey]",
    );
    let with_named = build_ok(&named, &tmp.path().join("with-named"));
    assert_overrides_apply(&with_named, &without, &named, "kiwi");
}

// ---------------------------------------------------------------------------------------
// 8. Dangerous output folders are refused
// ---------------------------------------------------------------------------------------

#[test]
fn output_folder_that_holds_the_report_is_refused() {
    let tmp = tmp();
    let holder = tmp.path().join("holder");
    let report = fixture_copy("basic", &holder);
    let before = tree(tmp.path());
    for out in [
        report.clone(),
        holder.clone(),
        tmp.path().to_path_buf(),
        report.join("content/.."),
        report.join("."),
    ] {
        let output = build(&report, &out);
        assert!(
            !output.status.success(),
            "-o {} was accepted for the report at {}",
            out.display(),
            report.display()
        );
        assert_same_tree(
            &before,
            &tree(tmp.path()),
            &format!("after -o {}", out.display()),
        );
    }
    // Relative `-o .` and `-o ..` from inside the report.
    for out in [".", ".."] {
        let output = journeybook()
            .args(["build", "-o", out])
            .current_dir(&report)
            .run();
        assert!(!output.status.success(), "`build -o {out}` was accepted");
        assert_same_tree(&before, &tree(tmp.path()), &format!("after -o {out}"));
    }
}

#[test]
fn non_empty_folder_that_is_not_a_build_is_refused() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let docs = tmp.path().join("docs");
    fs::create_dir_all(docs.join("thesis")).unwrap();
    fs::write(docs.join("notes.txt"), "precious").unwrap();
    fs::write(docs.join("thesis/chapter1.md"), "# One").unwrap();
    let before = tree(&docs);
    let output = build(&report, &docs);
    assert!(
        !output.status.success(),
        "a folder with other files was replaced"
    );
    assert!(!output.stderr.is_empty(), "refused without saying why");
    assert_same_tree(&before, &tree(&docs), "the refused folder");
    assert_eq!(entries(tmp.path()), ["basic", "docs"], "stray folders");

    // An empty folder, and a previous build, are fine targets.
    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let first = build_ok(&report, &empty);
    assert!(first.contains_key("index.html"));
    fs::write(empty.join("stale.html"), "from an older build").unwrap();
    let second = build_ok(&report, &empty);
    assert!(
        !second.contains_key("stale.html"),
        "files of the previous build are not removed"
    );
    assert_same_tree(&first, &second, "rebuild into a previous build");
}

#[test]
fn a_site_folder_holding_an_index_html_is_never_deleted() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    // A web project: `build -o site` must not wipe its sources.
    let site = tmp.path().join("site");
    for (rel, text) in [
        ("index.html", "<h1>Our product</h1>"),
        ("package.json", "{}"),
        ("src/main.js", "console.log(1)"),
    ] {
        fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
        fs::write(site.join(rel), text).unwrap();
    }
    let before = tree(&site);
    let output = build(&report, &site);
    assert_eq!(output.code, Some(1), "{}", output.stderr);
    let said = &output.stderr;
    assert!(
        said.contains("refusing to replace")
            && said.contains("site")
            && said.contains("nothing was deleted"),
        "{said}"
    );
    assert_same_tree(&before, &tree(&site), "the refused folder");
    assert_eq!(entries(tmp.path()), ["basic", "site"], "stray files");
}

#[test]
fn an_output_inside_static_is_refused_and_never_copies_itself() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    fs::create_dir_all(report.join("static")).unwrap();
    let before = tree(&report);
    for _ in 0..2 {
        let output = build(&report, &report.join("static/site"));
        assert_eq!(output.code, Some(1), "{}", output.stderr);
        assert!(
            output.stderr.contains("inside `static/`"),
            "{}",
            output.stderr
        );
    }
    assert_same_tree(
        &before,
        &tree(&report),
        "the report after two refused builds",
    );
}

/// Many builds into one folder at once (two CI jobs, a save hook): each waits for the
/// other, and the folder is complete after every round (it used to be left almost empty).
#[test]
fn concurrent_builds_into_one_folder_leave_a_complete_output() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let reference = build_ok(&report, &tmp.path().join("reference"));
    let out = tmp.path().join("out");
    for trial in 0..20 {
        let runs: Vec<_> = std::thread::scope(|s| {
            let builds: Vec<_> = (0..2).map(|_| s.spawn(|| build(&report, &out))).collect();
            builds.into_iter().map(|b| b.join().unwrap()).collect()
        });
        for done in runs {
            assert!(done.status.success(), "trial {trial}: {}", done.stderr);
        }
        assert_same_tree(
            &reference,
            &tree(&out),
            &format!("output after trial {trial}"),
        );
        assert_eq!(
            entries(tmp.path()),
            ["basic", "out", "reference"],
            "trial {trial}: leftovers"
        );
    }
}

#[test]
fn raw_html_false_shows_html_as_text_and_script_links_are_dropped() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let page = report.join("content/pages/methode.md");
    let mut text = fs::read_to_string(&page).unwrap();
    text.push_str(
        "\n<div class=\"raw\">raw block</div>\n\n[click](javascript:alert(1)) <b>bold</b>\n",
    );
    fs::write(&page, text).unwrap();
    let allowed = build_ok(&report, &tmp.path().join("allowed"));
    let html = String::from_utf8_lossy(&allowed["pages/methode/index.html"]).into_owned();
    assert!(
        html.contains("<div class=\"raw\">raw block</div>"),
        "{html}"
    );
    assert!(html.contains("<b>bold</b>"));
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains("click"), "the link text stays");

    let book = report.join("book.toml");
    let mut toml = fs::read_to_string(&book).unwrap();
    assert!(toml.contains("[output.html]"), "{toml}");
    toml = toml.replace("[output.html]", "[output.html]\nraw-html = false");
    fs::write(&book, toml).unwrap();
    let escaped = build_ok(&report, &tmp.path().join("escaped"));
    let html = String::from_utf8_lossy(&escaped["pages/methode/index.html"]).into_owned();
    assert!(
        html.contains("&lt;div class=\"raw\"&gt;raw block&lt;/div&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<div class=\"raw\">"), "{html}");
}

// ---------------------------------------------------------------------------------------
// 9. print = false
// ---------------------------------------------------------------------------------------

fn links_to_print(tree: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (page, html) in html_pages(tree) {
        for link in html.links() {
            let path = link.split(['#', '?']).next().unwrap_or_default();
            if !path.is_empty()
                && !has_scheme(&link)
                && resolve(page, path).is_ok_and(|t| t == "print/index.html" || t == "print")
            {
                out.push(format!("{page}: {link}"));
            }
        }
    }
    out
}

#[test]
fn print_false_leaves_out_the_print_page_and_its_links() {
    let tmp = tmp();
    let built = build_ok(&fixture("no-print"), &tmp.path().join("off"));
    assert!(
        !built.keys().any(|k| k.starts_with("print/")),
        "print/ was written: {:?}",
        files_of(&built)
    );
    assert_eq!(links_to_print(&built), Vec::<String>::new());

    // Control: the same report with print on has the page, and pages link to it.
    let report = fixture_copy("no-print", tmp.path());
    edit(&report.join("book.toml"), "print = false", "print = true");
    let on = build_ok(&report, &tmp.path().join("on"));
    assert!(on.contains_key("print/index.html"));
    assert!(!links_to_print(&on).is_empty());
}

// ---------------------------------------------------------------------------------------
// 10. The overview at any size
// ---------------------------------------------------------------------------------------

#[test]
fn small_overview_inlines_one_funnel_per_journey_with_counts() {
    let tmp = tmp();
    let built = build_ok(&fixture("basic"), &tmp.path().join("out"));
    let index = text(&built, "index.html");
    let with_counts = built
        .keys()
        .filter(|k| k.starts_with("journeys/") && k.ends_with("/funnel.svg"))
        .count();
    assert_eq!(with_counts, 1);
    assert_eq!(
        Page::parse(index).count("svg"),
        with_counts,
        "inline funnels on the overview"
    );
    assert!(index.contains("funnel-anna-eerste-bestelling") || index.contains("<svg"));

    // 24 personas is still small multiples: one chart each.
    let report = tmp.path().join("24");
    generated_report(&report, 24);
    let built = build_ok(&report, &tmp.path().join("out24"));
    assert_eq!(Page::parse(text(&built, "index.html")).count("svg"), 24);
}

#[test]
fn large_overview_lists_every_persona_in_a_table() {
    let tmp = tmp();
    let report = tmp.path().join("30");
    generated_report(&report, 30);
    let built = build_ok(&report, &tmp.path().join("out"));
    let index = text(&built, "index.html");
    let overview = Page::parse(index);
    assert_eq!(
        overview.count("svg"),
        0,
        "the overview of 30 personas inlines charts"
    );
    // The table of the overview's persona section.
    let rows = overview.body_rows("section#personas table");
    for i in 1..=30 {
        let name = format!("Persona Nummer {i:02}");
        let row = rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c == &name))
            .unwrap_or_else(|| panic!("{name} is not in the overview's table"));
        // Its journey's first-stage count, in Dutch.
        let first = format!("2.0{i:02}");
        assert!(
            row.cells.iter().any(|c| c == &first),
            "{name}'s row lacks the first-stage count {first}: {:?}",
            row.cells
        );
        // The charts move to the persona pages.
        let persona = text(&built, &format!("personas/p{i:02}/index.html"));
        assert!(persona.contains(&format!("journeys/j{i:02}/funnel.svg")));
        assert!(built.contains_key(&format!("journeys/j{i:02}/funnel.svg")));
    }
    assert_links_ok(&built);
}

// ---------------------------------------------------------------------------------------
// 11. Every page is a proper HTML5 page
// ---------------------------------------------------------------------------------------

fn assert_proper_pages(tree: &Tree, language: &str) {
    let pages = html_pages(tree);
    assert!(pages.len() > 3);
    for (path, page) in pages {
        let html = text(tree, path);
        assert!(
            html.trim_start()
                .get(..15)
                .is_some_and(|s| s.eq_ignore_ascii_case("<!DOCTYPE html>")),
            "{path} does not start with <!DOCTYPE html>"
        );
        assert!(
            page.lang() == Some(language),
            "{path} lacks <html lang=\"{language}\">"
        );
        assert!(
            page.count("head meta[name=viewport]") > 0,
            "{path} lacks a viewport meta"
        );
        assert!(
            page.title().is_some_and(|t| !t.is_empty()),
            "{path} lacks a non-empty <title> in its head"
        );
    }
}

#[test]
fn every_page_has_language_viewport_and_title() {
    let tmp = tmp();
    let example = build_ok(manifest_dir(), &tmp.path().join("example"));
    assert_proper_pages(&example, "nl");
    let basic = build_ok(&fixture("basic"), &tmp.path().join("basic"));
    assert_proper_pages(&basic, "nl");
    let english = build_ok(&fixture("escaping"), &tmp.path().join("escaping"));
    assert_proper_pages(&english, "en");
}

// ---------------------------------------------------------------------------------------
// 12. Key findings on the overview
// ---------------------------------------------------------------------------------------

/// The visible texts of the elements matching `css` inside `scope`.
fn texts(page: &Page, css: &str) -> Vec<String> {
    page.select(css)
        .into_iter()
        .map(crate::support::html::text_of)
        .collect()
}

#[test]
fn overview_key_findings_name_the_biggest_drop_the_lows_and_every_opportunity() {
    let tmp = tmp();
    let report = fixture_copy("funnel", tmp.path());
    fs::write(
        report.join("content/journeys/jana-software.yaml"),
        "title: Jana kiest boekhoudsoftware\npersona: jana\nmodel: five\nunit: mensen\nstages:\n\
         \x20 - stage: awareness\n    count: 12000\n    emotion: 0\n    opportunities: [Vergelijkingsgids]\n\
         \x20 - stage: consideration\n    count: 3100\n    emotion: -1\n    pains: [Te veel keuze]\n    opportunities: [Demo op aanvraag]\n\
         \x20 - stage: decision\n    count: 450\n    emotion: -1\n    pains: [Prijs pas na registratie, Geen proefperiode]\n    opportunities: [Prijs tonen zonder account]\n",
    )
    .unwrap();
    fs::write(
        report.join("content/personas/piet.md"),
        "---\nname: Piet Peeters\n---\nPiet.\n",
    )
    .unwrap();
    fs::write(
        report.join("content/journeys/piet-koopt.yaml"),
        "title: Piet koopt\npersona: piet\nmodel: six\nstages:\n\
         \x20 - stage: awareness\n    opportunities: [Advertentie]\n\
         \x20 - stage: purchase\n    opportunities: [Snellere kassa]\n",
    )
    .unwrap();
    let built = build_ok(&report, &tmp.path().join("out"));
    let index = text(&built, "index.html");
    let overview = Page::parse(index);

    // After the intro, before the persona comparison.
    let at = |id: &str| index.find(&format!("id=\"{id}\"")).unwrap();
    assert!(at("findings") < at("personas"));

    // The biggest drop by rate, with the step losing most people, and that stage's lists.
    let drops = overview.select("#findings .findings-drops article");
    assert_eq!(drops.len(), 1, "one journey has counts");
    let drop = Page::parse(&drops[0].html());
    assert_eq!(
        texts(&drop, "h4"),
        ["Jana Jacobs: 450 van de 3.100 mensen gaan door naar Beslissing (14,5%): 2.650 haken af."]
    );
    assert_eq!(
        texts(&drop, ".finding-also"),
        [
            "De meeste mensen haken af op weg naar Overweging: 8.900 van de 12.000 mensen (25,8% gaat door)."
        ]
    );
    assert_eq!(
        texts(&drop, ".finding-pains li"),
        ["Prijs pas na registratie", "Geen proefperiode"]
    );
    assert_eq!(
        texts(&drop, ".finding-opportunities li"),
        ["Prijs tonen zonder account"]
    );
    assert!(
        drop.links()
            .contains(&"journeys/jana-software/index.html".to_string())
    );

    // Both stages at the lowest (negative) emotion, with their pains.
    assert_eq!(
        texts(&overview, ".finding-low h4"),
        ["Jana Jacobs: Overweging en Beslissing (−1 negatief)"]
    );
    assert_eq!(
        texts(&overview, ".finding-low li"),
        [
            "Te veel keuze",
            "Prijs pas na registratie",
            "Geen proefperiode"
        ]
    );

    // Every opportunity by stage: the two models' awareness share a column, and stages of
    // five and six interleave by where they sit in their model.
    assert_eq!(
        texts(&overview, ".board-stage h4"),
        [
            "Bewustwording 2 Kansen",
            "Overweging 1 Kansen",
            "Aankoop 1 Kansen",
            "Beslissing 1 Kansen"
        ]
    );
    assert_eq!(
        texts(&overview, ".board-stage:first-child .board-source"),
        [
            "Jana Jacobs · Jana kiest boekhoudsoftware",
            "Piet Peeters · Piet koopt"
        ]
    );
    assert_eq!(
        texts(&overview, ".board li"),
        [
            "Vergelijkingsgids",
            "Advertentie",
            "Demo op aanvraag",
            "Snellere kassa",
            "Prijs tonen zonder account"
        ]
    );
    assert!(
        overview
            .links()
            .contains(&"personas/piet/index.html".to_string())
    );
    assert_links_ok(&built);
}

#[test]
fn key_findings_of_a_large_report_list_the_largest_drops_and_count_the_rest() {
    let tmp = tmp();
    let report = tmp.path().join("30");
    generated_report(&report, 30);
    let built = build_ok(&report, &tmp.path().join("out"));
    let overview = Page::parse(text(&built, "index.html"));
    let drops = texts(&overview, "#findings .findings-drops h4");
    assert_eq!(drops.len(), 10);
    // Every journey loses 1,500 people: ties keep journey order.
    assert_eq!(
        drops[0],
        "Persona Nummer 01: 501 van de 2.001 gaan door naar Overweging (25,0%): 1.500 haken af."
    );
    assert!(drops[9].starts_with("Persona Nummer 10: 510 van de 2.010 "));
    assert_eq!(
        texts(&overview, "#findings .findings-more"),
        ["Klantreizen die hier niet staan: 20. Cijfers van alle klantreizen"]
    );
    assert_links_ok(&built);
}

// ---------------------------------------------------------------------------------------
// 13. The overview's comparison, persona cards, 404 at any depth
// ---------------------------------------------------------------------------------------

/// A server shows 404.html at any URL (`/a/b/c`): it must look right there, so it carries
/// its styles instead of linking them, and loads nothing by a relative path.
#[test]
fn not_found_page_carries_its_own_styles() {
    let tmp = tmp();
    let built = build_ok(manifest_dir(), &tmp.path().join("site"));
    let html = text(&built, "404.html");
    let page = Page::parse(html);
    assert_eq!(
        page.count("link[rel=stylesheet]"),
        0,
        "404.html links its stylesheet, which a deeper URL does not find"
    );
    let css = text(&built, "theme/style.css");
    let inline: String = page
        .select("head style")
        .into_iter()
        .map(|s| s.text().collect::<String>())
        .collect();
    assert!(
        inline.contains(css.trim()),
        "404.html does not carry the theme's stylesheet"
    );
    // Nothing else is loaded by a relative path either (the logo is left out).
    for (css, attr) in [("img", "src"), ("script", "src"), ("link", "href")] {
        for el in page.select(css) {
            let value = el.value().attr(attr).unwrap_or("");
            assert!(
                value.is_empty() || value.starts_with("data:"),
                "404.html loads {value} ({css}) relative to wherever it is served"
            );
        }
    }
    // The other pages still link the stylesheet.
    assert!(text(&built, "index.html").contains("theme/style.css"));
}

#[test]
fn overview_compares_funnels_per_unit_with_persona_cards() {
    let tmp = tmp();
    let built = build_ok(manifest_dir(), &tmp.path().join("site"));
    let index = text(&built, "index.html");
    let overview = Page::parse(index);

    // Several units: the note says each unit has its own scale.
    assert!(index.contains("Funnels met dezelfde eenheid delen één schaal"));
    assert!(!index.contains("Alle funnels delen één schaal"));
    // No counts anywhere: no note about scales either.
    let minimal = build_ok(
        &crate::support::good("minimal"),
        &tmp.path().join("minimal"),
    );
    let minimal = Page::parse(text(&minimal, "index.html"));
    assert_eq!(minimal.count("#personas > p.note"), 0);
    // The unit is on each mini-funnel and beside each first-stage count.
    assert!(index.contains("Geteld in: <strong>accounts</strong>"));
    let rows = overview.body_rows("section#journeys table");
    assert!(
        rows.iter()
            .any(|r| r.cells.iter().any(|c| c == "18.400 bezoekers")),
        "no first-stage count with its unit in the journeys table"
    );
    // Stage names are whole in the small multiples.
    let compact: String = overview
        .select("figure.chart svg text")
        .into_iter()
        .map(|t| t.text().collect::<String>().trim().to_string())
        .collect::<Vec<_>>()
        .join("|");
    assert!(compact.contains("Ambassadeurschap"), "{compact}");
    assert!(!compact.contains('…'), "{compact}");

    // Each card: initials (no photo in the example), quote, top goal and top pain.
    let cards = overview.select("article.persona-card");
    assert_eq!(cards.len(), 5);
    assert!(index.contains(r#"<span class="avatar initials" aria-hidden="true">SV</span>"#));
    assert!(index.contains("Mijn bier is klaar in zes weken."));
    assert!(index.contains("Elk nieuw brouwsel met een eigen etiket"));
    assert!(index.contains("Drukkerijen met een minimumoplage van 5.000 stuks"));
}

#[test]
fn persona_page_is_a_card_with_formatted_demographics() {
    let tmp = tmp();
    let built = build_ok(manifest_dir(), &tmp.path().join("site"));
    let marc = Page::parse(text(&built, "personas/inkoper-marc/index.html"));
    assert_eq!(marc.count(".profile-card .avatar.initials"), 1);
    let values: Vec<String> = marc
        .select(".fact dd")
        .into_iter()
        .map(|d| d.text().collect())
        .collect();
    // A plain number is grouped in the report's language; a year stays a year.
    assert!(values.contains(&"420.000".to_string()), "{values:?}");
    assert!(values.contains(&"2021".to_string()), "{values:?}");
    let bart = text(&built, "personas/brouwer-bart/index.html");
    assert!(bart.contains("<dd>1.200 flessen</dd>"));
    // The narrow chart is served to phones, the full one otherwise.
    assert!(bart.contains(r#"srcset="../../journeys/bart-eerste-bestelling/funnel-narrow.svg""#));
    assert!(bart.contains(r#"src="../../journeys/bart-eerste-bestelling/funnel.svg""#));
}

#[test]
fn overview_heading_comes_before_the_description() {
    let tmp = tmp();
    // The intro of this fixture has its own h1.
    let built = build_ok(&crate::support::good("full"), &tmp.path().join("site"));
    let index = text(&built, "index.html");
    let h1 = index.find("<h1").unwrap();
    let lead = index.find(r#"<p class="lead">"#).unwrap();
    assert!(h1 < lead, "the description shows above the heading");
    // The example's intro has none: the site title, then the description.
    let built = build_ok(manifest_dir(), &tmp.path().join("example"));
    let index = text(&built, "index.html");
    assert!(index.find("<h1").unwrap() < index.find(r#"<p class="lead">"#).unwrap());
    // The print page does not link to itself.
    let print = Page::parse(text(&built, "print/index.html"));
    assert_eq!(print.count("a.print-link"), 0);
    assert_eq!(Page::parse(index).count("a.print-link"), 1);
}

// ---------------------------------------------------------------------------------------
// Outputs that are not folders
// ---------------------------------------------------------------------------------------

/// `-o` naming a device, a file or a dangling link is refused before anything is created
/// beside it: a build once swapped a folder in for `/dev/null`.
#[test]
fn an_output_that_is_not_a_folder_is_refused_and_left_alone() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    let dangling = tmp.path().join("dangling");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    for (out, says) in [
        (Path::new("/dev/null"), "is not a folder"),
        (file.as_path(), "is a file, not a folder"),
        (dangling.as_path(), "is a link to nothing"),
    ] {
        let run = crate::support::run([
            OsStr::new("build"),
            report.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ]);
        assert_eq!(
            run.status.code(),
            Some(1),
            "{}: {}",
            out.display(),
            run.stderr
        );
        assert!(
            run.stderr.contains(says),
            "{}: {}",
            out.display(),
            run.stderr
        );
    }
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let beside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("journeybook"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    let in_dev: Vec<_> = fs::read_dir("/dev")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".null.journeybook"))
        .collect();
    assert!(in_dev.is_empty(), "{in_dev:?}");

    // pdf renames its file over the output: never over a device either.
    let run = crate::support::run([
        OsStr::new("pdf"),
        report.as_os_str(),
        OsStr::new("-o"),
        OsStr::new("/dev/null"),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("is not a file"), "{}", run.stderr);
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}
