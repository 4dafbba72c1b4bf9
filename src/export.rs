//! `journeybook export`: the validated report for other tools (SPEC §5). `json` is every
//! field of the files plus the computed funnels, `csv` the funnel numbers in long form,
//! `mermaid` a `journey` diagram per journey. The numbers come from [`crate::funnel`], as
//! the report's charts and tables do, so an export never disagrees with the page.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::funnel::Funnel;
use crate::model::{Journey, JourneyStage, Persona, Report, Touchpoint};

/// The version of the JSON shape: keys may be added, never change meaning.
const FORMAT: u32 = 1;

/// The whole report as one JSON document (pretty, keys in a fixed order).
pub fn json(report: &Report) -> String {
    let document = Document {
        format: FORMAT,
        report: Meta {
            title: &report.config.title,
            language: report.config.language.code(),
            date: report.config.date.as_deref(),
            description: report.config.description.as_deref(),
            authors: &report.config.authors,
        },
        personas: report.personas.iter().map(|p| PersonaOut(p)).collect(),
        journeys: report.journeys.iter().map(|j| journey(report, j)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data serializes");
    text.push('\n');
    text
}

/// The CSV header: one row per funnel step of every period and segment.
pub const CSV_HEADER: &str = "journey,persona,period,segment,stage,count,share_of_first,step_conversion,drop_off,drop_off_rate";

/// The funnel numbers in long form (SPEC §5): ratios between 0 and 1, empty for null.
pub fn csv(report: &Report) -> String {
    let mut out = format!("{CSV_HEADER}\n");
    for j in &report.journeys {
        for period in periods(j) {
            for step in &period.steps {
                let fields = [
                    j.id.clone(),
                    j.persona.clone(),
                    period.period.clone().unwrap_or_default(),
                    period.segment.clone().unwrap_or_default(),
                    step.stage.clone(),
                    step.count.to_string(),
                    number(step.share_of_first),
                    number(step.step_conversion),
                    step.drop_off.map(|d| d.to_string()).unwrap_or_default(),
                    number(step.drop_off_rate),
                ];
                let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                out.push_str(&row.join(","));
                out.push('\n');
            }
        }
    }
    out
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One Mermaid `journey` diagram per journey, separated by a blank line: a section per
/// stage (named in the report's language), the stage's touchpoints (or else its actions)
/// as tasks scored emotion + 3 (3 without an emotion), the persona's name as actor.
pub fn mermaid(report: &Report) -> String {
    let diagrams: Vec<String> = report
        .journeys
        .iter()
        .map(|j| mermaid_journey(report, j))
        .collect();
    diagrams.join("\n")
}

fn mermaid_journey(report: &Report, j: &Journey) -> String {
    let actor = report
        .persona(&j.persona)
        .map_or(j.persona.as_str(), |p| p.name.as_str());
    let actor = mermaid_text(actor).replace(',', "\u{201a}");
    let mut out = format!("journey\n  title {}\n", mermaid_text(&j.title));
    for s in &j.stages {
        out.push_str(&format!(
            "  section {}\n",
            mermaid_text(&stage_name(report, j, &s.stage))
        ));
        let tasks: Vec<&str> = if s.touchpoints.is_empty() {
            s.actions.iter().map(String::as_str).collect()
        } else {
            s.touchpoints.iter().map(|t| t.name.as_str()).collect()
        };
        let score = i16::from(s.emotion.unwrap_or(0)) + 3;
        for task in tasks {
            out.push_str(&format!("    {}: {score}: {actor}\n", mermaid_text(task)));
        }
    }
    out
}

/// Text Mermaid's journey grammar can hold: it ends a title, section or task at `#`, `;`,
/// `:` (task and section) and a line break, so those become look-alike characters
/// (`꞉`, `；`, `＃`; [`unmermaid`] turns them back) and line breaks spaces.
pub fn mermaid_text(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            ':' => '\u{a789}',
            ';' => '\u{ff1b}',
            '#' => '\u{ff03}',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return "-".to_string();
    }
    // A line that starts like a keyword (`section two`, `title page`, `%% note`) is read as
    // that statement: a word joiner in front keeps it a task's or section's text.
    let lower = trimmed.to_lowercase();
    if KEYWORDS.iter().any(|k| lower.starts_with(k)) {
        format!("{WORD_JOINER}{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// What Mermaid's journey lexer (case-insensitive) reads as a statement at a line's start.
const KEYWORDS: &[&str] = &["title", "section", "acctitle", "accdescr", "journey", "%%"];
const WORD_JOINER: char = '\u{2060}';

/// The inverse of [`mermaid_text`]'s look-alike characters.
pub fn unmermaid(text: &str) -> String {
    text.chars()
        .filter(|&c| c != WORD_JOINER)
        .map(|c| match c {
            '\u{a789}' => ':',
            '\u{ff1b}' => ';',
            '\u{ff03}' => '#',
            c => c,
        })
        .collect()
}

/// A stage's name as the report shows it (book.toml's, else the language's, else its id).
fn stage_name(report: &Report, j: &Journey, stage: &str) -> String {
    report
        .config
        .models
        .get(&j.model)
        .and_then(|m| m.stages.iter().find(|s| s.id == stage))
        .map_or_else(
            || stage.to_string(),
            |s| s.display_name(&report.config.language),
        )
}

#[derive(Serialize)]
struct Document<'a> {
    format: u32,
    report: Meta<'a>,
    personas: Vec<PersonaOut<'a>>,
    journeys: Vec<JourneyOut<'a>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    language: &'a str,
    date: Option<&'a str>,
    description: Option<&'a str>,
    authors: &'a [String],
}

/// A persona with every field of its file, `demographics` as an object in file order.
struct PersonaOut<'a>(&'a Persona);

impl Serialize for PersonaOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &p.id)?;
        map.serialize_entry("source", &p.source)?;
        map.serialize_entry("name", &p.name)?;
        map.serialize_entry("role", &p.role)?;
        map.serialize_entry("segment", &p.segment)?;
        map.serialize_entry("quote", &p.quote)?;
        map.serialize_entry("photo", &p.photo)?;
        map.serialize_entry("demographics", &Pairs(&p.demographics))?;
        map.serialize_entry("goals", &p.goals)?;
        map.serialize_entry("pains", &p.pains)?;
        map.serialize_entry("motivations", &p.motivations)?;
        map.serialize_entry("channels", &p.channels)?;
        map.serialize_entry("tags", &p.tags)?;
        map.serialize_entry("body", &p.body)?;
        map.end()
    }
}

/// Label → value pairs as a JSON object, in the order written.
struct Pairs<'a>(&'a [(String, String)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JourneyOut<'a> {
    id: &'a str,
    source: &'a str,
    persona: &'a str,
    model: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    period: Option<&'a str>,
    unit: Option<&'a str>,
    /// The CSV file the counts were read from, if any.
    counts_csv: Option<&'a str>,
    stages: Vec<StageOut<'a>>,
    funnel: Option<FunnelOut>,
}

#[derive(Serialize)]
struct StageOut<'a> {
    stage: &'a str,
    name: String,
    count: Option<u64>,
    emotion: Option<i8>,
    goal: Option<&'a str>,
    actions: &'a [String],
    thoughts: &'a [String],
    touchpoints: Vec<TouchpointOut<'a>>,
    pains: &'a [String],
    opportunities: &'a [String],
    content: &'a [String],
    kpis: Pairs<'a>,
}

#[derive(Serialize)]
struct TouchpointOut<'a> {
    name: &'a str,
    channel: Option<&'a str>,
    owner: Option<&'a str>,
}

#[derive(Serialize)]
struct FunnelOut {
    /// The current (last) period's label.
    current: Option<String>,
    periods: Vec<PeriodOut>,
}

/// One period's total (`segment: null`) or one of its segments.
#[derive(Serialize)]
struct PeriodOut {
    period: Option<String>,
    segment: Option<String>,
    biggest_drop: Option<String>,
    steps: Vec<StepOut>,
}

#[derive(Serialize)]
struct StepOut {
    stage: String,
    count: u64,
    share_of_first: Option<f64>,
    step_conversion: Option<f64>,
    drop_off: Option<u64>,
    drop_off_rate: Option<f64>,
}

fn journey<'a>(report: &Report, j: &'a Journey) -> JourneyOut<'a> {
    let periods = periods(j);
    let funnel = (!periods.is_empty()).then(|| FunnelOut {
        current: periods.last().and_then(|p| p.period.clone()),
        periods,
    });
    JourneyOut {
        id: &j.id,
        source: &j.source,
        persona: &j.persona,
        model: &j.model,
        title: &j.title,
        summary: j.summary.as_deref(),
        period: j.period.as_deref(),
        unit: j.unit.as_deref(),
        counts_csv: j.counts.as_ref().and_then(|c| c.csv.as_deref()),
        stages: j.stages.iter().map(|s| stage(report, j, s)).collect(),
        funnel,
    }
}

fn stage<'a>(report: &Report, j: &Journey, s: &'a JourneyStage) -> StageOut<'a> {
    StageOut {
        stage: &s.stage,
        name: stage_name(report, j, &s.stage),
        count: s.count,
        emotion: s.emotion,
        goal: s.goal.as_deref(),
        actions: &s.actions,
        thoughts: &s.thoughts,
        touchpoints: s.touchpoints.iter().map(touchpoint).collect(),
        pains: &s.pains,
        opportunities: &s.opportunities,
        content: &s.content,
        kpis: Pairs(&s.kpis),
    }
}

fn touchpoint(t: &Touchpoint) -> TouchpointOut<'_> {
    TouchpointOut {
        name: &t.name,
        channel: t.channel.as_deref(),
        owner: t.owner.as_deref(),
    }
}

/// Every funnel of a journey in SPEC §5's order: each period's total, then its segments;
/// a journey with counts on its stages has one period, labelled by its `period`. The last
/// period is the current one. Empty without counts.
fn periods(j: &Journey) -> Vec<PeriodOut> {
    let mut out = Vec::new();
    match &j.counts {
        Some(counts) => {
            for p in &counts.periods {
                out.extend(period(Some(&p.period), None, &p.total));
                for s in &p.segments {
                    out.extend(period(Some(&p.period), Some(&s.segment), &s.counts));
                }
            }
        }
        None => {
            let counted: Vec<(&str, u64)> = j
                .stages
                .iter()
                .filter_map(|s| s.count.map(|c| (s.stage.as_str(), c)))
                .collect();
            out.extend(period(j.period.as_deref(), None, &counted));
        }
    }
    out
}

fn period<S: AsRef<str>>(
    label: Option<&str>,
    segment: Option<&str>,
    counted: &[(S, u64)],
) -> Option<PeriodOut> {
    let funnel = Funnel::from_counts(counted)?;
    let mut previous: Option<u64> = None;
    let steps = funnel
        .rows
        .iter()
        .map(|r| {
            let drop_off_rate = previous
                .filter(|&p| p > 0)
                .map(|p| r.drop.unwrap_or(0) as f64 / p as f64);
            previous = Some(r.count);
            StepOut {
                stage: r.stage.clone(),
                count: r.count,
                share_of_first: r.share,
                step_conversion: r.step,
                drop_off: r.drop,
                drop_off_rate,
            }
        })
        .collect();
    Some(PeriodOut {
        period: label.map(str::to_string),
        segment: segment.map(str::to_string),
        biggest_drop: funnel.biggest_drop().map(|r| r.stage.clone()),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_text_keeps_the_grammar_intact_and_comes_back() {
        let text = "Prijs: 10; #1\nnu";
        let safe = mermaid_text(text);
        assert!(!safe.contains([':', ';', '#', '\n']), "{safe}");
        assert_eq!(unmermaid(&safe), "Prijs: 10; #1 nu");
        assert_eq!(mermaid_text("  "), "-");
        let guarded = mermaid_text("Section two");
        assert!(guarded.starts_with(WORD_JOINER), "{guarded:?}");
        assert_eq!(unmermaid(&guarded), "Section two");
    }

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn first_step_has_null_ratios_and_drop_rates_follow_counts() {
        let p = period(Some("Q2"), None, &[("a", 200u64), ("b", 50), ("c", 60)]).unwrap();
        assert_eq!(p.steps[0].step_conversion, None);
        assert_eq!(p.steps[0].drop_off_rate, None);
        assert_eq!(p.steps[0].share_of_first, Some(1.0));
        assert_eq!(p.steps[1].drop_off, Some(150));
        assert_eq!(p.steps[1].drop_off_rate, Some(0.75));
        assert_eq!(p.steps[1].step_conversion, Some(0.25));
        // A rising count drops nobody.
        assert_eq!(p.steps[2].drop_off, Some(0));
        assert_eq!(p.steps[2].drop_off_rate, Some(0.0));
        assert_eq!(p.biggest_drop.as_deref(), Some("b"));
    }
}
