//! Publishing and finding (issue 15): site-url and `--base-url` (sitemap, canonical links,
//! the 404 page), noindex, the search index, the link check and `portfolio`.

use std::path::Path;

use crate::support::html::Page;
use crate::support::{
    build, build_ok, edit, files_of, fixture, fixture_copy, run, text, tmp, tree, write,
};

const SITE: &str = "https://reports.example.com/kiwi/";

/// The `basic` fixture with `lines` added to its [output.html].
fn basic_with(tmp: &Path, lines: &str) -> std::path::PathBuf {
    let root = fixture_copy("basic", tmp);
    edit(
        &root.join("book.toml"),
        "[output.html]",
        &format!("[output.html]\n{lines}"),
    );
    root
}

#[test]
fn site_url_gives_a_sitemap_canonical_links_and_an_absolute_404() {
    let tmp = tmp();
    let root = basic_with(
        tmp.path(),
        &format!("site-url = \"{}\"", SITE.trim_end_matches('/')),
    );
    let built = build_ok(&root, &tmp.path().join("site"));
    let sitemap = text(&built, "sitemap.xml");
    let locs: Vec<&str> = sitemap
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<url><loc>"))
        .map(|l| l.trim_end_matches("</loc></url>"))
        .collect();
    assert_eq!(
        locs,
        [
            SITE.to_string(),
            format!("{SITE}personas/anna/"),
            format!("{SITE}personas/bram/"),
            format!("{SITE}journeys/anna-eerste-bestelling/"),
            format!("{SITE}journeys/bram-herbestelling/"),
            format!("{SITE}pages/methode/"),
            format!("{SITE}print/"),
        ]
    );
    assert!(!sitemap.contains("lastmod"), "no build time: {sitemap}");
    // Every page but the 404 names its own address.
    for file in files_of(&built)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let page = Page::parse(text(&built, file));
        let canonical = page.attr_values("href");
        let own = format!("{SITE}{}", file.trim_end_matches("index.html"));
        let found =
            text(&built, file).contains(&format!("<link rel=\"canonical\" href=\"{own}\">"));
        assert_eq!(found, file != "404.html", "{file}: {canonical:?}");
    }
    // The 404 page links absolutely (it is shown at any depth), keeps its styles inline.
    let not_found = Page::parse(text(&built, "404.html"));
    let links: Vec<String> = not_found
        .links()
        .into_iter()
        .filter(|l| !l.starts_with('#'))
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|l| l.starts_with(SITE)), "{links:?}");
    assert!(text(&built, "404.html").contains("<style>"));
    // Without site-url: no sitemap, no canonical, a 404 with links relative to the root.
    let plain = build_ok(&fixture("basic"), &tmp.path().join("plain"));
    assert!(!plain.contains_key("sitemap.xml"));
    assert!(!text(&plain, "index.html").contains("rel=\"canonical\""));
    let links = Page::parse(text(&plain, "404.html")).links();
    assert!(links.contains(&"index.html".to_string()), "{links:?}");
    assert!(links.iter().all(|l| !l.contains("://")), "{links:?}");
}

#[test]
fn base_url_overrides_site_url_for_one_run_and_must_be_a_url() {
    let tmp = tmp();
    let root = basic_with(tmp.path(), &format!("site-url = \"{SITE}\""));
    let out = tmp.path().join("preview");
    let preview = "https://preview-42.example.net/";
    let run_ = run([
        "build".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--base-url".as_ref(),
        preview.trim_end_matches('/').as_ref(),
    ]);
    assert!(run_.success(), "{}", run_.stderr);
    let built = tree(&out);
    assert!(text(&built, "sitemap.xml").contains(&format!("<loc>{preview}personas/anna/</loc>")));
    assert!(!text(&built, "sitemap.xml").contains(SITE));
    // Without site-url in book.toml, --base-url alone turns the sitemap on.
    let run_ = run([
        "build".as_ref(),
        fixture("basic").as_os_str(),
        "-o".as_ref(),
        tmp.path().join("p2").as_os_str(),
        "--base-url".as_ref(),
        preview.as_ref(),
    ]);
    assert!(run_.success(), "{}", run_.stderr);
    assert!(tmp.path().join("p2/sitemap.xml").is_file());
    let bad = run([
        "build".as_ref(),
        fixture("basic").as_os_str(),
        "--base-url".as_ref(),
        "reports.example.com".as_ref(),
    ]);
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
    assert!(bad.stderr.contains("https://"), "{}", bad.stderr);
    // A bad site-url in book.toml is an error at its line.
    let root = basic_with(&tmp.path().join("b"), "site-url = \"ftp://x\"");
    let failed = build(&root, &tmp.path().join("never"));
    assert_eq!(failed.code, Some(1));
    assert!(
        failed
            .errors()
            .iter()
            .any(|e| e.starts_with("error: book.toml:8:12: `site-url`")),
        "{}",
        failed.stderr
    );
}

#[test]
fn noindex_adds_robots_meta_and_robots_txt() {
    let tmp = tmp();
    let root = basic_with(tmp.path(), "noindex = true");
    let built = build_ok(&root, &tmp.path().join("site"));
    assert_eq!(text(&built, "robots.txt"), "User-agent: *\nDisallow: /\n");
    for file in files_of(&built)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        assert!(
            text(&built, file).contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{file}"
        );
    }
    let plain = build_ok(&fixture("basic"), &tmp.path().join("plain"));
    assert!(!plain.contains_key("robots.txt"));
    assert!(!text(&plain, "index.html").contains("name=\"robots\""));
    // A static robots.txt may not stand in for the generated one.
    write(&root, "static/robots.txt", "User-agent: *\nAllow: /\n");
    let clash = build(&root, &tmp.path().join("clash"));
    assert_eq!(clash.code, Some(1), "{}", clash.stderr);
    assert!(clash.stderr.contains("robots.txt"), "{}", clash.stderr);
}

#[test]
fn search_index_holds_personas_stages_and_pages_and_every_page_has_the_box() {
    let tmp = tmp();
    let built = build_ok(&fixture("basic"), &tmp.path().join("site"));
    let index = text(&built, "search-index.js");
    assert!(
        index.starts_with("window.journeybookSearch = ["),
        "{index:.80}"
    );
    let json = index
        .trim_start_matches("window.journeybookSearch = ")
        .trim_end()
        .trim_end_matches(';');
    let docs: Vec<Vec<String>> = serde_json::from_str(json).expect("the index is JSON");
    let kinds: Vec<&str> = docs.iter().map(|d| d[0].as_str()).collect();
    for kind in ["persona", "journey", "stage", "page"] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    // Every lane of a stage is searchable, and its result leads to the stage's column.
    // A pain of the fixture's `anna-eerste-bestelling`, stage `consideration`.
    let pain = "Onduidelijke prijzen";
    let stage = docs
        .iter()
        .find(|d| d[0] == "stage" && d[4].contains(pain))
        .unwrap_or_else(|| panic!("no stage holds `{pain}`"));
    let (page, anchor) = stage[2].split_once('#').unwrap();
    assert_eq!(
        stage[2],
        "journeys/anna-eerste-bestelling/index.html#anna-eerste-bestelling-stage-consideration"
    );
    let journey_page = text(&built, page);
    assert!(
        journey_page.contains(&format!("id=\"{anchor}\"")),
        "{anchor} is not on {page}"
    );
    // Each page carries the (hidden until scripted) search box, relative to its root.
    let persona = Page::parse(text(&built, "personas/anna/index.html"));
    assert_eq!(persona.count("form.search[hidden] input[type=search]"), 1);
    assert!(
        text(&built, "personas/anna/index.html").contains("data-index=\"../../search-index.js\"")
    );
    assert!(built.contains_key("theme/search.js"));
    // The same input, the same index.
    let again = build_ok(&fixture("basic"), &tmp.path().join("again"));
    assert_eq!(text(&again, "search-index.js"), index);

    // search = false: no index, no box.
    let root = basic_with(tmp.path(), "search = false");
    let off = build_ok(&root, &tmp.path().join("off"));
    assert!(!off.contains_key("search-index.js"));
    assert!(!text(&off, "index.html").contains("class=\"search\""));
}

/// The `links` fixture names one broken link of each kind; every other link resolves.
#[test]
fn every_broken_link_is_a_warning_at_its_place_and_source_paths_become_urls() {
    let tmp = tmp();
    let out = tmp.path().join("site");
    let built = build(&fixture("links"), &out);
    assert!(built.success(), "{}", built.stderr);
    let expected = [
        "warning: content/pages/method.md:4:1: link `jane-taxes.yaml` points to no page or file of the report",
        "warning: content/pages/method.md:4:35: link `../journeys/jane-tax.yaml` points to no page or file of the report",
        "warning: content/personas/jane.md:11:9: link `ghost.md` points to no page or file of the report",
        "warning: content/personas/jane.md:11:32: no heading or anchor `#nowhere` in content/personas/jane.md",
        "warning: content/personas/jane.md:11:55: no heading or anchor `#missing` in content/pages/method.md",
        "warning: content/personas/jane.md:12:1: link `../static/missing.pdf` points to no page or file of the report",
        "warning: content/personas/jane.md:12:37: link `/personas/jane/` starts at the host's root",
        "warning: content/personas/jane.md:14:1: link `photos/none.png` points to no page or file of the report",
    ];
    let warnings = built.warnings();
    assert_eq!(warnings.len(), expected.len(), "{}", built.stderr);
    for (warning, expected) in warnings.iter().zip(expected) {
        assert!(
            warning.starts_with(expected),
            "{warning}\nexpected {expected}"
        );
    }
    // check says the same.
    let checked = run(["check".as_ref(), fixture("links").as_os_str()]);
    assert!(checked.success());
    assert_eq!(checked.warnings(), warnings);

    // Source paths and anchors come out as the pages' URLs, relative to each page.
    let site = tree(&out);
    let jane = Page::parse(text(&site, "personas/jane/index.html")).links();
    for link in [
        "../../pages/method/index.html",
        "../../journeys/jane-taxes/index.html#jane-taxes-funnel",
        "../../brochure.pdf",
        "#p-jane-background",
        "../../index.html",
    ] {
        assert!(jane.contains(&link.to_string()), "{link}: {jane:?}");
    }
    let overview = Page::parse(text(&site, "index.html")).links();
    for link in [
        "personas/jane/index.html",
        "journeys/jane-taxes/index.html#jane-taxes-stage-decision",
        "pages/method/index.html#pg-method-sources",
        "#personas",
    ] {
        assert!(overview.contains(&link.to_string()), "{link}: {overview:?}");
    }
    let method = Page::parse(text(&site, "pages/method/index.html")).links();
    assert!(method.contains(&"../../personas/jane/index.html#p-jane-background".to_string()));
    assert!(method.contains(&"mailto:hello@example.com".to_string()));
    // The print page shows the same links from its own depth.
    let print = Page::parse(text(&site, "print/index.html")).links();
    assert!(print.contains(&"../journeys/jane-taxes/index.html#jane-taxes-funnel".to_string()));
    assert!(print.contains(&"../brochure.pdf".to_string()), "{print:?}");
    assert!(!text(&site, "print/index.html").contains("journeybook-root"));
}

#[test]
fn portfolio_builds_every_report_and_a_broken_one_keeps_its_output() {
    let tmp = tmp();
    let dir = tmp.path().join("clients");
    crate::support::copy_dir(&fixture("basic"), &dir.join("kiwi"));
    crate::support::copy_dir(&fixture("funnel"), &dir.join("agency/north"));
    crate::support::copy_dir(&fixture("escaping"), &dir.join("shaky"));
    let out = tmp.path().join("out");
    let portfolio = |dir: &Path| {
        run([
            "portfolio".as_ref(),
            dir.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
    };
    let first = portfolio(&dir);
    assert!(first.success(), "{}", first.stderr);
    for folder in ["kiwi", "agency/north", "shaky"] {
        assert!(out.join(folder).join("index.html").is_file(), "{folder}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let page = Page::parse(&index);
    let links = page.links();
    for link in [
        "kiwi/index.html",
        "agency/north/index.html",
        "shaky/index.html",
    ] {
        assert!(links.contains(&link.to_string()), "{link}: {links:?}");
    }
    assert!(index.contains("Testrapport Basis"), "titles");
    assert!(index.contains("src=\"kiwi/logo.svg\""), "logo");
    assert!(index.contains("2 personas"), "counts");
    assert!(index.contains("first stage <b>"), "key numbers");

    // Break one report: the others build, it keeps its output, exit 1, paths from DIR.
    let kept = tree(&out.join("shaky"));
    let journey = std::fs::read_dir(dir.join("shaky/content/journeys"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text_ = std::fs::read_to_string(&journey).unwrap();
    std::fs::write(&journey, text_.replacen("stage: ", "stage: nowhere-", 1)).unwrap();
    write(&dir, "kiwi/content/pages/extra.md", "# Extra\n");
    let second = portfolio(&dir);
    assert_eq!(second.code, Some(1), "{}", second.stderr);
    let name = journey.file_name().unwrap().to_string_lossy();
    assert!(
        second
            .errors()
            .iter()
            .any(|e| e.starts_with(&format!("error: shaky/content/journeys/{name}:"))),
        "{}",
        second.stderr
    );
    assert!(
        second.stderr.contains("1 of 3 reports failed"),
        "{}",
        second.stderr
    );
    assert_eq!(
        tree(&out.join("shaky")),
        kept,
        "the broken report's output is untouched"
    );
    assert!(
        out.join("kiwi/pages/extra/index.html").is_file(),
        "the others built"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Did not build: showing the previous build"));
    // Same reports, same index.
    let third = portfolio(&dir);
    assert_eq!(third.code, Some(1));
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        index
    );
}
