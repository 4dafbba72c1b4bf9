//! The search index: every persona, journey stage (all lanes) and page as plain text, in
//! one script (`search-index.js`) that a page loads with `<script src>` when its search
//! box is first used. A script, not a JSON file, because browsers refuse `fetch` of a
//! `file://` URL: the report searches opened straight from disk, and without a network.
//!
//! The index is the text itself, not an inverted index: `theme/search.js` scans it for
//! every word typed (as prefixes of words, accents ignored), so a phrase from a pain
//! finds its stage. At 1,000 personas that is a few MB scanned in milliseconds, smaller
//! than an elasticlunr index of the same text (which stores each word with its positions
//! and scores) and one crate fewer; see docs/publishing.md for the measurements.

use serde::Serialize;

use super::context::Contexts;
use super::markdown;
use super::routes::Route;
use crate::model::{Journey, Persona, Report};

/// One search result as the index holds it: serialized as an array to keep the file small.
#[derive(Serialize)]
struct Doc(
    /// Kind: `persona`, `journey`, `stage` or `page` (the script names it in the page's
    /// language).
    &'static str,
    /// Title.
    String,
    /// URL relative to the site root, with the stage's anchor for a stage.
    String,
    /// Where it belongs (a stage's journey, a journey's persona), or "".
    String,
    /// Searchable text.
    String,
);

/// The script holding the index of `report`.
pub(super) fn index_script(contexts: &Contexts, report: &Report) -> String {
    let mut docs = Vec::new();
    for p in &report.personas {
        docs.push(persona(p));
    }
    for j in &report.journeys {
        journey(contexts, j, &mut docs);
    }
    for page in &report.pages {
        docs.push(Doc(
            "page",
            page.title.clone(),
            Route::Page(&page.id).path(),
            String::new(),
            markdown::plain_text(&page.body),
        ));
    }
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".into());
    // The script shows results as text (textContent), never as HTML; escaping `<`, `>`
    // and `&` as well keeps the index safe wherever it is pasted, even inline.
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("window.journeybookSearch = {json};\n")
}

/// Anchor of a stage's column head in a journey's map (`partials/journey_map.html`).
pub(crate) fn stage_anchor(journey: &str, stage: &str) -> String {
    format!("{journey}-stage-{stage}")
}

fn persona(p: &Persona) -> Doc {
    let mut text = Text::default();
    text.add_opt(&p.role);
    text.add_opt(&p.segment);
    text.add_opt(&p.quote);
    for (label, value) in &p.demographics {
        text.add(label);
        text.add(value);
    }
    for list in [&p.goals, &p.pains, &p.motivations, &p.channels, &p.tags] {
        text.add_all(list);
    }
    text.add(&markdown::plain_text(&p.body));
    Doc(
        "persona",
        p.name.clone(),
        Route::Persona(&p.id).path(),
        p.role.clone().unwrap_or_default(),
        text.0,
    )
}

/// A journey (title, summary, period) and each of its stages with every lane.
fn journey(contexts: &Contexts, j: &Journey, docs: &mut Vec<Doc>) {
    let persona = contexts
        .report
        .persona(&j.persona)
        .map_or_else(|| j.persona.clone(), |p| p.name.clone());
    let url = Route::Journey(&j.id).path();
    let mut text = Text::default();
    text.add_opt(&j.summary.as_deref().map(markdown::plain_text));
    text.add_opt(&j.period);
    text.add_opt(&j.unit);
    docs.push(Doc(
        "journey",
        j.title.clone(),
        url.clone(),
        persona,
        text.0,
    ));
    for s in &j.stages {
        let mut text = Text::default();
        text.add_opt(&s.goal);
        text.add_all(&s.actions);
        text.add_all(&s.thoughts);
        for tp in &s.touchpoints {
            text.add(&tp.name);
            text.add_opt(&tp.channel);
            text.add_opt(&tp.owner);
        }
        text.add_all(&s.pains);
        text.add_all(&s.opportunities);
        text.add_all(&s.content);
        for (label, value) in &s.kpis {
            text.add(label);
            text.add(value);
        }
        docs.push(Doc(
            "stage",
            contexts.stage_name_of(j, &s.stage),
            format!("{url}#{}", stage_anchor(&j.id, &s.stage)),
            j.title.clone(),
            text.0,
        ));
    }
}

/// Searchable text: items joined by " · " so a snippet shows where one ends.
#[derive(Default)]
struct Text(String);

impl Text {
    fn add(&mut self, item: &str) {
        let item = item.trim();
        if item.is_empty() {
            return;
        }
        if !self.0.is_empty() {
            self.0.push_str(" · ");
        }
        self.0.push_str(item);
    }

    fn add_opt(&mut self, item: &Option<String>) {
        if let Some(item) = item {
            self.add(item);
        }
    }

    fn add_all(&mut self, items: &[String]) {
        for item in items {
            self.add(item);
        }
    }
}
