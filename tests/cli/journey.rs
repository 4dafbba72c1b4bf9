//! The journey page, checked from outside (SPEC §6, the funnel paragraph): the biggest
//! drop's column marked in the map, its pains and opportunities beside the funnel chart,
//! the sentence that names a step losing more people, the emotion curve as a lane of the
//! map, and no funnel heading over a journey without counts.

use scraper::ElementRef;

use crate::support::html::{Page, text_of};
use crate::support::{Tree, build_ok, edit, example_copy, fixture, fixture_copy, text, tmp};

fn page(tree: &Tree, journey: &str) -> Page {
    Page::parse(text(tree, &format!("journeys/{journey}/index.html")))
}

/// The texts of the elements matching `css`.
fn texts(page: &Page, css: &str) -> Vec<String> {
    page.select(css).into_iter().map(text_of).collect()
}

/// The positions of the cells marked as the biggest drop's.
fn marked_cells(cells: &[ElementRef<'_>]) -> Vec<usize> {
    cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.value().classes().any(|c| c == "biggest"))
        .map(|(i, _)| i)
        .collect()
}

/// The stage headers of the map, and which of them is marked as the biggest drop.
fn marked_column(page: &Page) -> (Vec<String>, Vec<usize>) {
    let headers = page.select("table.journey-map thead tr.stages th");
    let marked = marked_cells(&headers);
    (headers.into_iter().map(text_of).collect(), marked)
}

#[test]
fn the_biggest_drops_column_is_marked_in_words_down_the_whole_map() {
    let tmp = tmp();
    let example = example_copy(&tmp.path().join("src"));
    let built = build_ok(&example, &tmp.path().join("out"));
    let bart = page(&built, "bart-eerste-bestelling");
    let (headers, marked) = marked_column(&bart);
    assert_eq!(headers.len(), 6, "{headers:?}");
    // 5.200 → 640 at Aankoop is the lowest step conversion (12,3%).
    assert_eq!(marked, [2], "{headers:?}");
    assert_eq!(headers[2], "Aankoop grootste uitval", "not by colour alone");
    // Every lane marks the cell of that column, and only that one.
    let rows = bart.select("table.journey-map tbody tr");
    assert!(rows.len() > 5);
    for row in rows {
        let cells: Vec<_> = row
            .child_elements()
            .filter(|c| c.value().name() == "td")
            .collect();
        assert_eq!(marked_cells(&cells), [2], "{}", row.html());
    }

    // A journey without counts has no biggest drop, so nothing is marked.
    let marc = page(&built, "marc-vaste-klant");
    assert!(marked_column(&marc).1.is_empty());
    assert_eq!(
        marc.count("table.journey-map .biggest, table.journey-map .badge"),
        0
    );
}

#[test]
fn the_biggest_drops_pains_and_opportunities_sit_beside_the_funnel_chart() {
    let tmp = tmp();
    let example = example_copy(&tmp.path().join("src"));
    let built = build_ok(&example, &tmp.path().join("out"));
    let bart = page(&built, "bart-eerste-bestelling");
    // One box, in the same block as the chart.
    assert_eq!(bart.count(".funnel-story"), 1);
    assert_eq!(
        bart.count(".funnel-story figure.chart img[src$='funnel.svg']"),
        1
    );
    assert_eq!(bart.count(".funnel-story aside.drop-story"), 1);
    assert_eq!(texts(&bart, ".drop-story h3"), ["Grootste uitval: Aankoop"]);
    assert_eq!(
        texts(&bart, ".drop-story .drop-numbers"),
        [
            "4.560 van de 5.200 (87,7%) haken bij deze stap af: het hoogste uitvalpercentage van de klantreis."
        ]
    );
    // The same pains and opportunities as the marked column of the map.
    let lane = |lane: &str| texts(&bart, &format!("tr.lane-{lane} td.biggest li"));
    let pains = texts(&bart, ".drop-story .drop-pains li");
    let opportunities = texts(&bart, ".drop-story .drop-opportunities li");
    assert_eq!(pains.len(), 3, "{pains:?}");
    assert_eq!(pains, lane("pains"));
    assert_eq!(opportunities.len(), 3, "{opportunities:?}");
    assert_eq!(opportunities, lane("opportunities"));

    // A biggest drop without pains says so instead of showing an empty list.
    let funnel = build_ok(&fixture("funnel"), &tmp.path().join("funnel"));
    let jana = page(&funnel, "jana-software");
    assert_eq!(jana.count(".drop-story .drop-pains"), 0);
    assert_eq!(
        texts(&jana, ".drop-story .note"),
        ["Voor deze fase zijn nog geen pijnpunten ingevuld."]
    );
}

/// The "most people are lost" sentence of a journey page, if any.
fn most_lost(tree: &Tree, journey: &str) -> Vec<String> {
    texts(&page(tree, journey), ".most-lost")
}

#[test]
fn the_page_says_where_most_people_are_lost_exactly_when_it_is_not_the_biggest_drop() {
    let tmp = tmp();
    // 12.000 → 3.100 → 450: the last step has the lowest rate (14,5%), the first loses
    // the most people (8.900).
    let funnel = build_ok(&fixture("funnel"), &tmp.path().join("funnel"));
    assert_eq!(
        most_lost(&funnel, "jana-software"),
        [
            "In absolute aantallen haken de meeste mensen af bij Overweging: 8.900 van de 12.000 (74,2%)."
        ]
    );
    // 5.000 → 1.200 → 300: the first step has both the lowest rate and the most people.
    let basic = build_ok(&fixture("basic"), &tmp.path().join("basic"));
    assert_eq!(
        page(&basic, "anna-eerste-bestelling").count(".drop-story"),
        1
    );
    assert!(most_lost(&basic, "anna-eerste-bestelling").is_empty());

    // In English, with the numbers of the issue: 680 of 800 lost at the first step, while
    // the last step keeps only 10 of 120 and is the biggest drop by rate.
    let report = fixture_copy("funnel", tmp.path());
    let yaml = report.join("content/journeys/jana-software.yaml");
    edit(
        &report.join("book.toml"),
        "language = \"nl\"",
        "language = \"en\"",
    );
    edit(&yaml, "count: 12000", "count: 800");
    edit(&yaml, "count: 3100", "count: 120");
    edit(&yaml, "count: 450", "count: 10");
    let english = build_ok(&report, &tmp.path().join("en"));
    assert_eq!(
        most_lost(&english, "jana-software"),
        ["In absolute numbers, most people are lost at Consideration: 680 of 800 (85.0%)."]
    );
    assert_eq!(
        texts(&page(&english, "jana-software"), ".drop-story h3"),
        ["Biggest drop: Decision"]
    );
    // 1000 → 900 → 100: the step that loses the most is the biggest drop: no sentence.
    edit(&yaml, "count: 800", "count: 1000");
    edit(&yaml, "count: 120", "count: 900");
    edit(&yaml, "count: 10\n", "count: 100\n");
    let same = build_ok(&report, &tmp.path().join("same"));
    assert!(most_lost(&same, "jana-software").is_empty());
    assert_eq!(
        texts(&page(&same, "jana-software"), ".drop-story h3"),
        ["Biggest drop: Decision"]
    );
}

#[test]
fn a_journey_without_counts_says_so_once_without_a_funnel_heading() {
    let tmp = tmp();
    let basic = build_ok(&fixture("basic"), &tmp.path().join("basic"));
    let bram = page(&basic, "bram-herbestelling");
    assert_eq!(bram.count("h2[id$='-funnel']"), 0);
    assert_eq!(bram.count(".funnel-story, .drop-story"), 0);
    assert_eq!(
        texts(&bram, ".note"),
        ["Deze klantreis heeft geen aantallen: het is een kwalitatieve klantreis."]
    );
    // With counts, the heading is there.
    let anna = page(&basic, "anna-eerste-bestelling");
    assert_eq!(texts(&anna, "h2[id$='-funnel']"), ["Funnel"]);
}

#[test]
fn the_emotion_curve_is_a_lane_of_the_map_with_a_drawing_and_a_label_per_stage() {
    let tmp = tmp();
    let report = fixture_copy("basic", tmp.path());
    let built = build_ok(&report, &tmp.path().join("out"));
    let anna = page(&built, "anna-eerste-bestelling");
    // No separate chart any more: the lane is the curve.
    assert_eq!(anna.count("figure.emotion, h2[id$='-emotion']"), 0);
    let stages = anna.count("table.journey-map thead tr.stages th");
    let cells = anna.select("tr.lane-emotion td");
    assert_eq!(cells.len(), stages);
    let labels: Vec<String> = cells.iter().map(|c| text_of(*c)).collect();
    assert_eq!(labels, ["0 neutraal", "−1 negatief", "+1 positief"]);
    for cell in &cells {
        let drawings: Vec<_> = cell
            .child_elements()
            .filter(|e| e.value().name() == "svg")
            .collect();
        assert_eq!(drawings.len(), 1, "{}", cell.html());
        assert_eq!(drawings[0].value().attr("aria-hidden"), Some("true"));
        assert_eq!(drawings[0].value().attr("width"), Some("100%"));
    }

    // A stage without an emotion between two with one: a dashed bridge and "not rated",
    // never a dot on its own.
    let yaml = report.join("content/journeys/anna-eerste-bestelling.yaml");
    edit(&yaml, "    emotion: -1\n", "");
    let gap = build_ok(&report, &tmp.path().join("gap"));
    let anna = page(&gap, "anna-eerste-bestelling");
    let cells = anna.select("tr.lane-emotion td");
    let labels: Vec<String> = cells.iter().map(|c| text_of(*c)).collect();
    assert_eq!(labels, ["0 neutraal", "niet beoordeeld", "+1 positief"]);
    let middle = cells[1].html();
    assert!(!middle.contains("<circle"), "{middle}");
    assert!(middle.contains("stroke-dasharray"), "{middle}");
    for (i, cell) in cells.iter().enumerate() {
        let html = cell.html();
        assert_eq!(
            html.matches("<circle").count(),
            usize::from(i != 1),
            "{html}"
        );
    }
}

/// A journey that covers part of its model (Marc: four of `six`'s stages) shows the whole
/// model in its header with its own stages set apart, so no column looks missing.
#[test]
fn the_header_sets_the_journeys_own_stages_apart_from_the_rest_of_its_model() {
    let tmp = tmp();
    let example = build_ok(
        &example_copy(&tmp.path().join("src")),
        &tmp.path().join("out"),
    );
    let marc = page(&example, "marc-vaste-klant");
    let own = texts(&marc, ".journey-meta .model-stages strong");
    assert_eq!(
        own,
        ["Aankoop", "Gebruik", "Loyaliteit", "Ambassadeurschap"]
    );
    assert_eq!(
        texts(&marc, ".journey-meta .model-stages .off-journey"),
        ["Bewustwording", "Overweging"]
    );
    // The map's columns are the journey's own stages, in the same order.
    assert_eq!(texts(&marc, ".journey-map thead tr:last-child th"), own);
    // A journey through its whole model has nothing set apart.
    let bart = page(&example, "bart-eerste-bestelling");
    assert_eq!(bart.count(".journey-meta .off-journey"), 0);
}
