//! Key findings (SPEC §6): what a client should read first, taken from every journey so
//! nobody has to open each map to learn where people drop off and why. Three parts:
//!
//! - **drops**: per journey with counts its biggest drop (stage, step conversion, people
//!   lost, from → to counts) with that stage's pains and opportunities, and the step that
//!   loses the most people when that is another one;
//! - **lows**: per journey the stage(s) where emotion is lowest, with their pains;
//! - **board**: every opportunity of the report, grouped by stage.
//!
//! The result is one plain value (`findings` in templates) with every number already in
//! the report's language, so the overview and the print page include the same partial.
//! Everything is bounded ([`DROPS_MAX`], [`LOWS_MAX`], [`BOARD_STAGE_MAX`], [`LIST_MAX`]),
//! so the overview of ten thousand personas stays small; what is left out is counted.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use super::context::{Contexts, Link, emotion_label};
use super::routes::Route;
use crate::funnel::Funnel;
use crate::i18n::Language;
use crate::model::{Journey, JourneyStage};
use crate::stages::StageModel;

/// Journeys listed with their biggest drop; the rest are counted (the overview's tables
/// have every journey's numbers).
pub(crate) const DROPS_MAX: usize = 10;
/// Journeys listed with their lowest stages.
pub(crate) const LOWS_MAX: usize = 10;
/// Opportunities shown per stage of the board; the rest are counted.
pub(crate) const BOARD_STAGE_MAX: usize = 8;
/// Pains or opportunities listed under one finding; the rest are on the journey's page.
pub(crate) const LIST_MAX: usize = 5;

/// The key findings of a report, as templates see them.
#[derive(Serialize, Hash, Debug, Default)]
pub(crate) struct Findings {
    /// Largest loss first.
    pub drops: Vec<Drop>,
    /// "Journeys not shown: N", when more journeys have a drop than are listed.
    pub more_drops: Option<String>,
    /// Lowest emotion first.
    pub lows: Vec<Low>,
    pub more_lows: Option<String>,
    /// Stages in model order.
    pub board: Vec<BoardStage>,
    /// "Every opportunity … (N in all)", when there are any.
    pub board_lead: Option<String>,
}

impl Findings {
    /// Nothing to say: no drop, no low and no opportunity (the partial shows nothing).
    pub(crate) fn is_empty(&self) -> bool {
        self.drops.is_empty() && self.lows.is_empty() && self.board.is_empty()
    }
}

/// A list cut to [`LIST_MAX`] items, with what was left out.
#[derive(Serialize, Hash, Debug, PartialEq)]
pub(crate) struct Capped {
    pub items: Vec<String>,
    /// "and N more", when items were left out.
    pub more: Option<String>,
}

/// A journey's biggest drop.
#[derive(Serialize, Hash, Debug)]
pub(crate) struct Drop {
    pub persona: Link,
    pub journey: Link,
    /// The stage people drop off before, and the counted stage before it.
    pub stage: String,
    pub from_stage: String,
    /// Counts (with the journey's unit, if any), step conversion and people lost.
    pub from: String,
    pub to: String,
    pub rate: String,
    pub lost: String,
    /// "640 of 6,200 go on to Proof (10.3%): 5,560 lost."
    pub headline: String,
    /// The step that loses the most people when it is not the biggest drop, as a sentence.
    pub elsewhere: Option<String>,
    /// With counts over periods: how the biggest drop's step conversion changed since the
    /// previous period, as a sentence ("Conversion at Decision fell 3.7 pp since 2026-Q1.").
    pub change: Option<String>,
    pub pains: Capped,
    pub opportunities: Capped,
}

/// A journey's lowest point of emotion.
#[derive(Serialize, Hash, Debug)]
pub(crate) struct Low {
    pub persona: Link,
    pub journey: Link,
    pub emotion: i8,
    /// "−1 negative"
    pub emotion_label: String,
    /// "Consideration and Purchase (−1 negative)"
    pub headline: String,
    /// Every stage at that emotion, in model order.
    pub stages: Vec<LowStage>,
}

#[derive(Serialize, Hash, Debug)]
pub(crate) struct LowStage {
    pub name: String,
    pub pains: Capped,
}

/// One stage of the opportunity board.
#[derive(Serialize, Hash, Debug)]
pub(crate) struct BoardStage {
    pub name: String,
    /// Opportunities of this stage in the whole report, shown or not.
    pub count: String,
    /// The shown ones, by journey.
    pub entries: Vec<BoardEntry>,
    /// "and N more", when opportunities were left out.
    pub more: Option<String>,
}

/// The opportunities of one journey at one stage of the board.
#[derive(Serialize, Hash, Debug)]
pub(crate) struct BoardEntry {
    pub persona: Link,
    pub journey: Link,
    pub items: Vec<String>,
}

/// The findings of the report of `cx`, whose journeys have `funnels` (same order).
pub(crate) fn findings(cx: &Contexts, funnels: &[Option<Funnel>]) -> Findings {
    let (drops, more_drops) = drops(cx, funnels);
    let (lows, more_lows) = lows(cx);
    let (board, total) = board(cx);
    Findings {
        drops,
        more_drops: more_journeys(cx, more_drops),
        lows,
        more_lows: more_journeys(cx, more_lows),
        board,
        board_lead: (total > 0).then(|| {
            fill(
                cx.t("findings_board_lead"),
                &[("n", cx.language.integer(total as u64))],
            )
        }),
    }
}

/// The biggest drop of each journey with counts, largest loss (people lost at that step)
/// first, ties in journey order: in a large report the listed ones are where most people
/// go. The order of the rest does not matter; they are only counted.
fn drops(cx: &Contexts, funnels: &[Option<Funnel>]) -> (Vec<Drop>, usize) {
    let mut ranked: Vec<(usize, u64)> = funnels
        .iter()
        .enumerate()
        .filter_map(|(j, f)| {
            let lost = f.as_ref()?.biggest_drop()?.drop.unwrap_or(0);
            Some((j, lost))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rest = ranked.len().saturating_sub(DROPS_MAX);
    let shown = ranked
        .iter()
        .take(DROPS_MAX)
        .filter_map(|&(j, _)| {
            let journey = &cx.report.journeys[j];
            drop(cx, journey, funnels[j].as_ref()?)
        })
        .collect();
    (shown, rest)
}

/// One journey's biggest drop, with the step that loses most people if that is another.
fn drop(cx: &Contexts, j: &Journey, f: &Funnel) -> Option<Drop> {
    let lang = cx.language;
    let model = model(cx, j);
    let i = f.rows.iter().position(|r| r.biggest_drop)?;
    let step = Step::of(cx, j, model, f, i)?;
    let headline = fill(cx.t("finding_drop"), &step.fields());
    let elsewhere = f.most_lost_elsewhere().and_then(|row| {
        let i = f.rows.iter().position(|r| r.stage == row.stage)?;
        let other = Step::of(cx, j, model, f, i)?;
        Some(fill(cx.t("finding_elsewhere"), &other.fields()))
    });
    let stage = stage_of(j, &f.rows[i].stage);
    let list = |items: &[String]| capped(lang, cx.t("findings_more"), items, LIST_MAX);
    let change = change(cx, j, f, &step.stage, i);
    Some(Drop {
        persona: persona_link(cx, j),
        journey: journey_link(j),
        headline,
        elsewhere,
        change,
        pains: list(stage.map_or(&[], |s| &s.pains)),
        opportunities: list(stage.map_or(&[], |s| &s.opportunities)),
        stage: step.stage,
        from_stage: step.from_stage,
        from: step.from,
        to: step.to,
        rate: step.rate,
        lost: step.lost,
    })
}

/// Row `i`'s change of step conversion since the previous period, in words.
fn change(cx: &Contexts, j: &Journey, f: &Funnel, stage: &str, i: usize) -> Option<String> {
    let (period, before) = super::context::previous_funnel(j)?;
    let points = f.step_changes(&before)[i]?;
    let key = if points.abs() < 0.05 {
        "finding_change_same"
    } else if points > 0.0 {
        "finding_change_up"
    } else {
        "finding_change_down"
    };
    // The verb carries the direction: the number is shown without its sign.
    let shown = cx
        .language
        .points(points.abs())
        .trim_start_matches('+')
        .to_string();
    Some(fill(
        cx.t(key),
        &[
            ("stage", stage.to_string()),
            ("points", shown),
            ("period", period.to_string()),
        ],
    ))
}

/// A step of a funnel (row `i` and the one before it), in words and numbers.
struct Step {
    stage: String,
    from_stage: String,
    from: String,
    to: String,
    rate: String,
    lost: String,
}

impl Step {
    fn of(cx: &Contexts, j: &Journey, model: &StageModel, f: &Funnel, i: usize) -> Option<Step> {
        let lang = cx.language;
        let row = &f.rows[i];
        let before = &f.rows[i.checked_sub(1)?];
        let unit = |n: u64| match j.unit.as_deref() {
            Some(unit) => format!("{} {unit}", lang.integer(n)),
            None => lang.integer(n),
        };
        Some(Step {
            stage: stage_name(model, &row.stage, lang),
            from_stage: stage_name(model, &before.stage, lang),
            from: unit(before.count),
            to: lang.integer(row.count),
            rate: lang.percent(row.step?),
            lost: lang.integer(row.drop?),
        })
    }

    fn fields(&self) -> [(&'static str, String); 6] {
        [
            ("stage", self.stage.clone()),
            ("from_stage", self.from_stage.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("rate", self.rate.clone()),
            ("lost", self.lost.clone()),
        ]
    }
}

/// Per journey with emotions, the stage(s) with its lowest emotion, **only when that is
/// negative**: a journey whose worst moment is neutral or better has no low point to act
/// on, and listing it would bury the ones that do. Every stage at that emotion is named
/// (two equally bad stages are both worth fixing). Most negative first, ties in journey
/// order.
fn lows(cx: &Contexts) -> (Vec<Low>, usize) {
    let mut ranked: Vec<(usize, i8)> = cx
        .report
        .journeys
        .iter()
        .enumerate()
        .filter_map(|(j, journey)| {
            let min = journey.stages.iter().filter_map(|s| s.emotion).min()?;
            (min < 0).then_some((j, min))
        })
        .collect();
    ranked.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let rest = ranked.len().saturating_sub(LOWS_MAX);
    let lang = cx.language;
    let shown = ranked
        .iter()
        .take(LOWS_MAX)
        .map(|&(j, emotion)| {
            let journey = &cx.report.journeys[j];
            let model = model(cx, journey);
            let stages: Vec<LowStage> = journey
                .stages
                .iter()
                .filter(|s| s.emotion == Some(emotion))
                .map(|s| LowStage {
                    name: stage_name(model, &s.stage, lang),
                    pains: capped(lang, cx.t("findings_more"), &s.pains, LIST_MAX),
                })
                .collect();
            let names: Vec<&str> = stages.iter().map(|s| s.name.as_str()).collect();
            let label = emotion_label(lang, emotion);
            Low {
                persona: persona_link(cx, journey),
                journey: journey_link(journey),
                emotion,
                headline: format!("{} ({label})", join_and(&names, cx.t("and"))),
                emotion_label: label,
                stages,
            }
        })
        .collect();
    (shown, rest)
}

/// Where a stage sits in its model: index over the model's last index, as an exact
/// fraction (0 = first stage, 1 = last), so stages of models of different lengths
/// interleave by how far along the journey they are.
#[derive(Clone, Copy, Debug)]
struct Position {
    index: u64,
    last: u64,
}

impl Position {
    fn cmp(self, other: Position) -> Ordering {
        (self.index * other.last).cmp(&(other.index * self.last))
    }
}

/// One column of the board while it is collected: its place and every opportunity as
/// (journey index, index in the stage's list, text).
struct Column<'r> {
    name: String,
    position: Position,
    items: Vec<(usize, usize, &'r str)>,
}

/// Every opportunity of the report, by stage.
///
/// Stages are grouped **by display name**: the `consideration` of `five` and of `six` are
/// one column (the same phase to a client), and a custom model that names a stage
/// "Overweging" joins the built-in one in a Dutch report. Columns go in the stage models'
/// order; stages of models of different lengths interleave by their relative place in
/// their model (a column takes the earliest place of its stages), ties in the order they
/// first occur.
///
/// A column shows at most [`BOARD_STAGE_MAX`] opportunities: first the first one of every
/// journey, then the second of every journey, ..., so a single long journey does not fill
/// a column; shown ones are grouped by journey, in journey order. Returns the columns and
/// the number of opportunities in the report.
fn board(cx: &Contexts) -> (Vec<BoardStage>, usize) {
    let lang = cx.language;
    let mut columns: Vec<Column> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    for (j, journey) in cx.report.journeys.iter().enumerate() {
        let model = model(cx, journey);
        for s in journey
            .stages
            .iter()
            .filter(|s| !s.opportunities.is_empty())
        {
            let name = stage_name(model, &s.stage, lang);
            let position = Position {
                index: model.position(&s.stage).unwrap_or(0) as u64,
                last: (model.stages.len().max(2) - 1) as u64,
            };
            let c = *by_name.entry(name.clone()).or_insert_with(|| {
                columns.push(Column {
                    name,
                    position,
                    items: Vec::new(),
                });
                columns.len() - 1
            });
            let column = &mut columns[c];
            if position.cmp(column.position).is_lt() {
                column.position = position;
            }
            column.items.extend(
                s.opportunities
                    .iter()
                    .enumerate()
                    .map(|(k, o)| (j, k, o.as_str())),
            );
            total += s.opportunities.len();
        }
    }
    // A stable sort keeps first occurrence among equal places.
    columns.sort_by(|a, b| a.position.cmp(b.position));
    let board = columns
        .into_iter()
        .map(|column| board_stage(cx, column))
        .collect();
    (board, total)
}

fn board_stage(cx: &Contexts, mut column: Column) -> BoardStage {
    let lang = cx.language;
    let count = column.items.len();
    if count > BOARD_STAGE_MAX {
        column.items.sort_by_key(|&(j, k, _)| (k, j));
        column.items.truncate(BOARD_STAGE_MAX);
        column.items.sort_by_key(|&(j, k, _)| (j, k));
    }
    let mut entries: Vec<(usize, BoardEntry)> = Vec::new();
    for (j, _, text) in column.items {
        match entries.last_mut() {
            Some((last, entry)) if *last == j => entry.items.push(text.to_string()),
            _ => {
                let journey = &cx.report.journeys[j];
                entries.push((
                    j,
                    BoardEntry {
                        persona: persona_link(cx, journey),
                        journey: journey_link(journey),
                        items: vec![text.to_string()],
                    },
                ));
            }
        }
    }
    BoardStage {
        name: column.name,
        count: lang.integer(count as u64),
        entries: entries.into_iter().map(|(_, e)| e).collect(),
        more: (count > BOARD_STAGE_MAX)
            .then(|| more(lang, cx.t("findings_more"), count - BOARD_STAGE_MAX)),
    }
}

fn model<'r>(cx: &Contexts<'r>, j: &Journey) -> &'r StageModel {
    cx.report
        .config
        .models
        .get(&j.model)
        .expect("journey model was validated")
}

fn stage_name(model: &StageModel, id: &str, lang: &Language) -> String {
    model
        .stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.display_name(lang))
}

fn stage_of<'j>(j: &'j Journey, id: &str) -> Option<&'j JourneyStage> {
    j.stages.iter().find(|s| s.stage == id)
}

fn persona_link(cx: &Contexts, j: &Journey) -> Link {
    Link {
        title: cx
            .report
            .persona(&j.persona)
            .map_or_else(|| j.persona.clone(), |p| p.name.clone()),
        url: Route::Persona(&j.persona).path(),
    }
}

fn journey_link(j: &Journey) -> Link {
    Link {
        title: j.title.clone(),
        url: Route::Journey(&j.id).path(),
    }
}

/// The first `max` items and "and N more" for the rest.
fn capped(lang: &Language, more_text: &str, items: &[String], max: usize) -> Capped {
    Capped {
        items: items.iter().take(max).cloned().collect(),
        more: (items.len() > max).then(|| more(lang, more_text, items.len() - max)),
    }
}

fn more(lang: &Language, text: &str, n: usize) -> String {
    fill(text, &[("n", lang.integer(n as u64))])
}

/// "Journeys not shown here: N", when some were left out.
fn more_journeys(cx: &Contexts, n: usize) -> Option<String> {
    (n > 0).then(|| more(cx.language, cx.t("findings_more_journeys"), n))
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(names: &[&str], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// A UI sentence with its `{key}`s replaced by `values`, in one pass: a value that holds
/// `{…}` itself (a stage called "{lost}") is not replaced again. Unknown keys stay as
/// written. The result is text; templates escape it.
pub(crate) fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::model::{Persona, Report};
    use crate::stages::{Models, Stage};

    /// A stage: id, count, emotion, pains, opportunities.
    type S<'a> = (
        &'a str,
        Option<u64>,
        Option<i8>,
        &'a [&'a str],
        &'a [&'a str],
    );

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn journey(id: &str, persona: &str, model: &str, stages: &[S]) -> Journey {
        Journey {
            id: id.into(),
            title: format!("Journey {id}"),
            persona: persona.into(),
            model: model.into(),
            stages: stages
                .iter()
                .map(
                    |&(stage, count, emotion, pains, opportunities)| JourneyStage {
                        stage: stage.into(),
                        count,
                        emotion,
                        pains: strings(pains),
                        opportunities: strings(opportunities),
                        ..JourneyStage::default()
                    },
                )
                .collect(),
            ..Journey::default()
        }
    }

    fn report(language: Language, mut journeys: Vec<Journey>) -> Report {
        journeys.sort_by(|a, b| a.id.cmp(&b.id));
        let mut personas: Vec<String> = journeys.iter().map(|j| j.persona.clone()).collect();
        personas.sort();
        personas.dedup();
        let kiwi = StageModel {
            id: "kiwi".into(),
            stages: ["orientatie", "staal", "bestelling"]
                .iter()
                .map(|&id| Stage {
                    id: id.into(),
                    name: Some(
                        if id == "staal" {
                            "Staal & proefdruk"
                        } else {
                            id
                        }
                        .into(),
                    ),
                    group: None,
                })
                .collect(),
        };
        Report {
            root: PathBuf::new(),
            config: Config {
                language,
                models: Models::new(vec![kiwi]),
                ..Config::default()
            },
            index: None,
            personas: personas
                .into_iter()
                .map(|id| {
                    Arc::new(Persona {
                        name: format!("Persona {id}"),
                        id,
                        ..Persona::default()
                    })
                })
                .collect(),
            journeys: journeys.into_iter().map(Arc::new).collect(),
            pages: Vec::new(),
        }
    }

    fn findings_of(report: &Report) -> Findings {
        let funnels: Vec<Option<Funnel>> = report.journeys.iter().map(|j| Funnel::of(j)).collect();
        findings(&Contexts::new(report), &funnels)
    }

    #[test]
    fn biggest_drop_with_its_pains_opportunities_and_the_step_losing_most() {
        let mut j = journey(
            "jana",
            "jana",
            "five",
            &[
                ("awareness", Some(12000), None, &["Too many options"], &[]),
                ("consideration", Some(3100), None, &[], &["Guide"]),
                (
                    "decision",
                    Some(450),
                    None,
                    &["Price unclear"],
                    &["Show price", "Trial"],
                ),
            ],
        );
        j.unit = Some("people".into());
        let f = findings_of(&report(Language::default(), vec![j]));
        assert_eq!(f.drops.len(), 1);
        let d = &f.drops[0];
        assert_eq!(
            (d.stage.as_str(), d.from_stage.as_str()),
            ("Decision", "Consideration")
        );
        assert_eq!(
            (
                d.from.as_str(),
                d.to.as_str(),
                d.rate.as_str(),
                d.lost.as_str()
            ),
            ("3,100 people", "450", "14.5%", "2,650")
        );
        assert_eq!(
            d.headline,
            "450 of 3,100 people go on to Decision (14.5%): 2,650 lost."
        );
        // Consideration keeps a higher share but loses 8,900 people.
        assert_eq!(
            d.elsewhere.as_deref(),
            Some(
                "Most people are lost on the way to Consideration: 8,900 of 12,000 people (25.8% go on)."
            )
        );
        assert_eq!(d.pains.items, ["Price unclear"]);
        assert_eq!(d.opportunities.items, ["Show price", "Trial"]);
        assert_eq!(d.pains.more, None);
        assert_eq!(d.persona.title, "Persona jana");
        assert_eq!(d.persona.url, "personas/jana/index.html");
        assert_eq!(d.journey.url, "journeys/jana/index.html");
        assert_eq!(f.more_drops, None);
    }

    #[test]
    fn drops_in_dutch_and_no_second_sentence_when_the_biggest_drop_loses_most() {
        let j = journey(
            "els",
            "els",
            "kiwi",
            &[
                ("orientatie", Some(6200), None, &[], &[]),
                ("staal", Some(640), None, &[], &[]),
                ("bestelling", Some(240), None, &[], &[]),
            ],
        );
        let f = findings_of(&report(Language::built_in("nl").unwrap(), vec![j]));
        let d = &f.drops[0];
        assert_eq!(
            d.headline,
            "640 van de 6.200 gaan door naar Staal & proefdruk (10,3%): 5.560 haken af."
        );
        assert_eq!(d.elsewhere, None);
        assert!(d.pains.items.is_empty() && d.opportunities.items.is_empty());
    }

    #[test]
    fn drops_go_largest_loss_first_and_stop_at_the_cap() {
        let n = DROPS_MAX + 3;
        let mut journeys: Vec<Journey> = (0..n)
            .map(|i| {
                let first = 1000 + 100 * i as u64;
                journey(
                    &format!("j{i:02}"),
                    &format!("p{i:02}"),
                    "five",
                    &[
                        ("awareness", Some(first), None, &[], &[]),
                        ("consideration", Some(first / 2), None, &[], &[]),
                    ],
                )
            })
            .collect();
        // No counts, or counts without a drop: no finding.
        journeys.push(journey(
            "q",
            "q",
            "five",
            &[("awareness", None, None, &[], &[])],
        ));
        journeys.push(journey(
            "r",
            "r",
            "five",
            &[
                ("awareness", Some(10), None, &[], &[]),
                ("consideration", Some(20), None, &[], &[]),
            ],
        ));
        let f = findings_of(&report(Language::default(), journeys));
        assert_eq!(f.drops.len(), DROPS_MAX);
        let lost: Vec<&str> = f.drops.iter().map(|d| d.lost.as_str()).collect();
        assert_eq!(lost[0], "1,100"); // j12: 2,200 → 1,100
        assert_eq!(lost[DROPS_MAX - 1], "650"); // j03: 1,300 → 650
        assert_eq!(f.drops[0].journey.url, "journeys/j12/index.html");
        assert_eq!(f.more_drops.as_deref(), Some("Journeys not shown here: 3."));
    }

    #[test]
    fn lows_name_every_stage_at_a_negative_minimum_with_pains_most_negative_first() {
        let many: Vec<String> = (1..=LIST_MAX + 2).map(|i| format!("pain {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let f = findings_of(&report(
            Language::default(),
            vec![
                journey(
                    "a",
                    "a",
                    "five",
                    &[
                        ("awareness", None, Some(0), &["not this"], &[]),
                        ("consideration", None, Some(-1), &many, &[]),
                        ("decision", None, Some(2), &[], &[]),
                        ("retention", None, Some(-1), &[], &[]),
                    ],
                ),
                // Its lowest point is neutral: nothing to act on.
                journey(
                    "b",
                    "b",
                    "five",
                    &[("awareness", None, Some(0), &["x"], &[])],
                ),
                journey(
                    "c",
                    "c",
                    "five",
                    &[("decision", None, Some(-2), &["bad"], &[])],
                ),
                journey(
                    "d",
                    "d",
                    "five",
                    &[("decision", None, None, &["no emotion"], &[])],
                ),
            ],
        ));
        let who: Vec<&str> = f.lows.iter().map(|l| l.journey.url.as_str()).collect();
        assert_eq!(who, ["journeys/c/index.html", "journeys/a/index.html"]);
        assert_eq!(f.lows[0].headline, "Decision (−2 very negative)");
        let a = &f.lows[1];
        assert_eq!(a.emotion, -1);
        assert_eq!(a.headline, "Consideration and Retention (−1 negative)");
        let names: Vec<&str> = a.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Consideration", "Retention"]);
        assert_eq!(a.stages[0].pains.items.len(), LIST_MAX);
        assert_eq!(a.stages[0].pains.more.as_deref(), Some("and 2 more"));
        assert!(a.stages[1].pains.items.is_empty());
        assert_eq!(f.more_lows, None);
    }

    #[test]
    fn board_groups_by_stage_name_in_model_order_with_persona_and_journey() {
        let f = findings_of(&report(
            Language::default(),
            vec![
                // six: awareness 0, consideration 1/5, purchase 2/5, use 3/5.
                journey(
                    "a-six",
                    "ann",
                    "six",
                    &[
                        ("use", None, None, &[], &["Onboarding mail"]),
                        ("purchase", None, None, &[], &["Price in the cart"]),
                        ("consideration", None, None, &[], &["Compare page"]),
                    ],
                ),
                // five: awareness 0, consideration 1/4, decision 2/4.
                journey(
                    "b-five",
                    "bob",
                    "five",
                    &[
                        ("awareness", None, None, &[], &["Ads", "Blog"]),
                        ("consideration", None, None, &[], &["Demo"]),
                        ("decision", None, None, &[], &["Trial"]),
                        ("retention", None, None, &["no opportunity here"], &[]),
                    ],
                ),
            ],
        ));
        let names: Vec<&str> = f.board.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Awareness", "Consideration", "Purchase", "Decision", "Use"]
        );
        let consideration = &f.board[1];
        assert_eq!(consideration.count, "2");
        let from: Vec<(&str, &str, &[String])> = consideration
            .entries
            .iter()
            .map(|e| {
                (
                    e.persona.title.as_str(),
                    e.journey.url.as_str(),
                    &e.items[..],
                )
            })
            .collect();
        assert_eq!(
            from,
            [
                (
                    "Persona ann",
                    "journeys/a-six/index.html",
                    &["Compare page".to_string()][..]
                ),
                (
                    "Persona bob",
                    "journeys/b-five/index.html",
                    &["Demo".to_string()][..]
                ),
            ]
        );
        assert_eq!(f.board[0].entries[0].items, ["Ads", "Blog"]);
        assert_eq!(
            f.board_lead.as_deref(),
            Some(
                "Every opportunity in the report by stage, with its persona and journey (7 in all)."
            )
        );
    }

    #[test]
    fn a_board_stage_shows_the_first_of_every_journey_before_the_second_of_any() {
        let opportunities: Vec<String> = (0..5).map(|k| format!("o{k}")).collect();
        let opportunities: Vec<&str> = opportunities.iter().map(String::as_str).collect();
        let journeys = (0..3)
            .map(|i| {
                journey(
                    &format!("j{i}"),
                    &format!("p{i}"),
                    "five",
                    &[("awareness", None, None, &[], &opportunities)],
                )
            })
            .collect();
        let f = findings_of(&report(Language::default(), journeys));
        let stage = &f.board[0];
        assert_eq!(stage.count, "15");
        let shown: Vec<(&str, Vec<&str>)> = stage
            .entries
            .iter()
            .map(|e| {
                (
                    e.journey.url.as_str(),
                    e.items.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("journeys/j0/index.html", vec!["o0", "o1", "o2"]),
                ("journeys/j1/index.html", vec!["o0", "o1", "o2"]),
                ("journeys/j2/index.html", vec!["o0", "o1"]),
            ]
        );
        assert_eq!(
            stage.entries.iter().map(|e| e.items.len()).sum::<usize>(),
            BOARD_STAGE_MAX
        );
        assert_eq!(stage.more.as_deref(), Some("and 7 more"));
    }

    #[test]
    fn nothing_to_say_gives_empty_findings() {
        let f = findings_of(&report(
            Language::default(),
            vec![journey(
                "a",
                "a",
                "five",
                &[("awareness", None, Some(1), &["p"], &[])],
            )],
        ));
        assert!(f.drops.is_empty() && f.lows.is_empty() && f.board.is_empty());
        assert_eq!(f.board_lead, None);
    }

    #[test]
    fn fill_replaces_keys_once() {
        let values = [("stage", "{lost}".to_string()), ("lost", "5".to_string())];
        assert_eq!(
            fill("{lost} lost before {stage} {other} {", &values),
            "5 lost before {lost} {other} {"
        );
    }

    #[test]
    fn join_and_reads_as_a_sentence() {
        assert_eq!(join_and(&["a"], "and"), "a");
        assert_eq!(join_and(&["a", "b"], "en"), "a en b");
        assert_eq!(join_and(&["a", "b", "c"], "and"), "a, b and c");
    }
}
