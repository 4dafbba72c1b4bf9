//! A journey file (SPEC §4): stages of a model, with lanes and optional funnel counts.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::counts::{self, Target};
use super::yaml::{self, Checker, Segment, describe};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Journey, JourneyStage, Touchpoint};
use crate::stages::StageModel;
use crate::suggest;

pub(crate) const FIELDS: &[&str] = &[
    "title", "persona", "model", "summary", "period", "unit", "stages", "counts",
];
pub(crate) const STAGE_FIELDS: &[&str] = &[
    "stage",
    "count",
    "emotion",
    "goal",
    "actions",
    "thoughts",
    "touchpoints",
    "pains",
    "opportunities",
    "content",
    "kpis",
];
pub(crate) const TOUCHPOINT_FIELDS: &[&str] = &["name", "channel", "owner"];

/// Parses and validates one journey against the config's models and the known persona ids;
/// `root` is the report root, where a CSV file of `counts` is read from.
pub fn parse(
    id: &str,
    file: &str,
    text: &str,
    config: &Config,
    personas: &[&str],
    root: &Path,
) -> (Option<Journey>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        let message = "the file is empty: a journey needs `title`, `persona` and `stages`";
        return (None, vec![Diagnostic::error(file, 1, 1, message)]);
    }
    let value = match yaml::parse(text, file, 0) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let mut c = Checker::new();
    let mut csv = Vec::new();
    let context = Context {
        id,
        file,
        config,
        personas,
        root,
    };
    let journey = check(&mut c, &value, &context, &mut csv);
    let mut diagnostics = yaml::locate(std::mem::take(&mut c.problems), text, file, 0);
    diagnostics.append(&mut csv);
    let ok = !crate::diagnostics::has_errors(&diagnostics);
    (journey.filter(|_| ok), diagnostics)
}

/// What a journey is checked against.
struct Context<'a> {
    id: &'a str,
    file: &'a str,
    config: &'a Config,
    personas: &'a [&'a str],
    root: &'a Path,
}

fn check(
    c: &mut Checker,
    value: &Value,
    cx: &Context,
    csv: &mut Vec<Diagnostic>,
) -> Option<Journey> {
    let Context {
        id,
        file,
        config,
        personas,
        ..
    } = *cx;
    let map = c.mapping(value, "journey fields like `title: ...`")?;
    c.fields(map, FIELDS, "journey");
    let title = c.required_text(map, "title", "a journey");
    let persona = c.required_text(map, "persona", "a journey");
    if let Some(persona) = &persona
        && !personas.contains(&persona.as_str())
    {
        let hint = suggest::hint(persona, personas.iter().copied());
        c.key("persona", |c| {
            c.error(format!(
                "unknown persona `{persona}`: there is no content/personas/{persona}.md{hint}"
            ))
        });
    }
    let model_id = c
        .optional_text(map, "model")
        .unwrap_or_else(|| config.default_model.clone());
    let model = config.models.get(&model_id);
    if model.is_none() {
        let hint = suggest::hint(&model_id, config.models.ids());
        c.key("model", |c| {
            c.error(format!("unknown stage model `{model_id}`{hint}"))
        });
    }
    let stages = match map.get("stages") {
        None | Some(Value::Null) => {
            c.error("a journey needs `stages`: a list like `- stage: awareness`");
            Vec::new()
        }
        Some(Value::Sequence(items)) if items.is_empty() => {
            c.key("stages", |c| {
                c.error("`stages` is empty: a journey needs at least one stage")
            });
            Vec::new()
        }
        Some(Value::Sequence(items)) => {
            c.key("stages", |c| check_stages(c, items, &model_id, model))
        }
        Some(other) => {
            let found = describe(other);
            c.key("stages", |c| {
                c.error(format!("`stages` must be a list of stages, found {found}"))
            });
            Vec::new()
        }
    };
    let mut stages = stages;
    let counts = match (map.get("counts"), model) {
        (None | Some(Value::Null), _) | (_, None) => None,
        (Some(value), Some(model)) => {
            let ids: Vec<String> = stages.iter().map(|s| s.stage.clone()).collect();
            let target = Target {
                model_id: &model_id,
                model,
                stages: &ids,
                root: cx.root,
            };
            let (counts, mut found) = c.key("counts", |c| counts::check(c, value, &target));
            csv.append(&mut found);
            counts
        }
    };
    if map.get("counts").is_some_and(|v| !v.is_null()) {
        both_forms(c, map, &mut stages);
    }
    if let Some(counts) = &counts {
        let current = counts.current().map_or(&[][..], |p| p.total.as_slice());
        for stage in &mut stages {
            stage.count = current
                .iter()
                .find(|(s, _)| *s == stage.stage)
                .map(|(_, n)| *n);
        }
    }
    // A journey with errors is fixed first: its story's holes would be noise until then.
    if !c
        .problems
        .iter()
        .any(|p| p.severity == crate::diagnostics::Severity::Error)
        && csv.is_empty()
    {
        story_warnings(c, map, &stages, counts.is_some());
    }
    Some(Journey {
        id: id.to_string(),
        source: file.to_string(),
        title: title.unwrap_or_default(),
        persona: persona.unwrap_or_default(),
        model: model_id,
        summary: summary(c, map),
        period: c.optional_text(map, "period"),
        unit: c.optional_text(map, "unit"),
        stages,
        counts,
    })
}

/// Holes in a journey's story (SPEC §4.2), as warnings at the stage they concern: the
/// biggest drop without pains (the page cannot say why people leave), a negative emotion
/// without pains, and a counted stage without touchpoints (where did they come through?).
fn story_warnings(c: &mut Checker, map: &Mapping, stages: &[JourneyStage], from_counts: bool) {
    let Some(Value::Sequence(items)) = map.get("stages") else {
        return;
    };
    let index = |stage: &str| {
        items
            .iter()
            .position(|item| item.get("stage").and_then(Value::as_str) == Some(stage))
    };
    let funnel = crate::funnel::Funnel::of(&Journey {
        stages: stages.to_vec(),
        ..Journey::default()
    });
    let biggest = funnel
        .as_ref()
        .and_then(|f| f.biggest_drop())
        .map(|r| (r.stage.clone(), r.step));
    c.key("stages", |c| {
        for stage in stages {
            let Some(i) = index(&stage.stage) else { continue };
            let id = &stage.stage;
            c.at(Segment::Index(i), |c| {
                if let Some((_, step)) = biggest.as_ref().filter(|(s, _)| s == id)
                    && stage.pains.is_empty()
                {
                    let rate = step.map(|s| format!(" ({:.1}% go on)", s * 100.0)).unwrap_or_default();
                    c.key("stage", |c| {
                        c.warning(format!("`{id}` is the biggest drop{rate} but lists no `pains`: say why people leave here"))
                    });
                }
                if let Some(e @ (-2 | -1)) = stage.emotion
                    && stage.pains.is_empty()
                {
                    c.key("emotion", |c| {
                        c.warning(format!("emotion {e} at `{id}` but no `pains`: say what makes it negative"))
                    });
                }
                if stage.count.is_some() && stage.touchpoints.is_empty() {
                    let at = if from_counts { "stage" } else { "count" };
                    c.key(at, |c| {
                        c.warning(format!("`{id}` has a count but no `touchpoints`: name where these people come through"))
                    });
                }
            });
        }
    });
}

/// A journey with `counts` takes no `count` on its stages (SPEC §4.1): each is an error.
fn both_forms(c: &mut Checker, map: &Mapping, stages: &mut [JourneyStage]) {
    let Some(Value::Sequence(items)) = map.get("stages") else {
        return;
    };
    c.key("stages", |c| {
        for (i, item) in items.iter().enumerate() {
            if item.get("count").is_some_and(|v| !v.is_null()) {
                c.at(Segment::Index(i), |c| {
                    c.key("count", |c| {
                        c.key_error("`count` on a stage and `counts` in the same journey: give this stage's count in `counts` (or remove `counts`)")
                    })
                });
            }
        }
    });
    for stage in stages {
        stage.count = None;
    }
}

/// The markdown `summary`, with a warning for a link in it that would run script.
fn summary(c: &mut Checker, map: &Mapping) -> Option<String> {
    let summary = c.optional_text(map, "summary")?;
    for (_, url) in crate::render::markdown::script_urls(&summary) {
        c.key("summary", |c| c.warning(super::script_url_message(&url)));
    }
    Some(summary)
}

fn check_stages(
    c: &mut Checker,
    items: &[Value],
    model_id: &str,
    model: Option<&StageModel>,
) -> Vec<JourneyStage> {
    let mut stages = Vec::new();
    // (position in model, stage id, count) of the last valid stage, for order and count checks.
    let mut previous: Option<(usize, String, Option<u64>)> = None;
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        c.at(Segment::Index(index), |c| {
            let Some(map) = c.mapping(item, "a stage like `stage: awareness`") else { return };
            c.fields(map, STAGE_FIELDS, "stage");
            let Some(stage_id) = c.required_text(map, "stage", "a stage") else { return };
            let stage = check_stage(c, map, stage_id.clone());
            let Some(model) = model else { return };
            let Some(position) = model.position(&stage_id) else {
                let hint = suggest::hint_or_list(&stage_id, model.stage_ids());
                c.key("stage", |c| c.error(format!("unknown stage `{stage_id}` in model `{model_id}`{hint}")));
                return;
            };
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == stage_id) {
                let first = first + 1;
                c.key("stage", |c| c.error(format!("stage `{stage_id}` appears twice (first as stage {first} of this journey)")));
                return;
            }
            seen.push((stage_id.clone(), index));
            if let Some((previous_position, previous_id, previous_count)) = &previous {
                if position < *previous_position {
                    c.key("stage", |c| {
                        c.error(format!(
                            "stage `{stage_id}` is out of order: in model `{model_id}` it comes before `{previous_id}`"
                        ))
                    });
                    return;
                }
                if let (Some(count), Some(before)) = (stage.count, previous_count)
                    && count > *before {
                        c.key("count", |c| {
                            c.warning(format!("count {count} is larger than the previous stage's ({before})"))
                        });
                    }
            }
            let count = stage.count.or(previous.as_ref().and_then(|p| p.2));
            previous = Some((position, stage_id, count));
            stages.push(stage);
        });
    }
    stages
}

fn check_stage(c: &mut Checker, map: &Mapping, stage: String) -> JourneyStage {
    JourneyStage {
        stage,
        count: map
            .get("count")
            .and_then(|v| c.key("count", |c| count(c, v))),
        emotion: map
            .get("emotion")
            .and_then(|v| c.key("emotion", |c| emotion(c, v))),
        goal: c.optional_text(map, "goal"),
        actions: c.text_list(map, "actions"),
        thoughts: c.text_list(map, "thoughts"),
        touchpoints: touchpoints(c, map),
        pains: c.text_list(map, "pains"),
        opportunities: c.text_list(map, "opportunities"),
        content: c.text_list(map, "content"),
        kpis: c.label_map(map, "kpis"),
    }
}

pub(super) fn count(c: &mut Checker, value: &Value) -> Option<u64> {
    match value {
        Value::Null => None,
        Value::Number(n) if n.as_u64().is_some() => n.as_u64(),
        Value::Number(n) if n.as_i64().is_some() => {
            c.error(format!("count must be 0 or more, got {n}"));
            None
        }
        other => {
            c.error(format!(
                "count must be a whole number of people (like 12000), got {}{}",
                describe(other),
                number_hint(other)
            ));
            None
        }
    }
}

fn emotion(c: &mut Checker, value: &Value) -> Option<i8> {
    match value {
        Value::Null => None,
        Value::Number(n) => match n.as_i64() {
            Some(e) if (-2..=2).contains(&e) => Some(e as i8),
            _ => {
                c.error(format!("emotion must be a whole number from -2 (very negative) to 2 (very positive), got {n}"));
                None
            }
        },
        other => {
            c.error(format!(
                "emotion must be a whole number from -2 to 2, got {}{}",
                describe(other),
                number_hint(other)
            ));
            None
        }
    }
}

/// What a writer most likely meant by a number YAML did not read as a whole number, and
/// the number to write (SPEC §4): a quoted number, thousands separators (`1.200`,
/// `"12,000"`), or a decimal that is a thousands-separated count (`4.800` reads as 4.8).
fn number_hint(value: &Value) -> String {
    match value {
        Value::String(text) => {
            let text = text.trim();
            if let Ok(n) = text.parse::<i64>() {
                return format!(": that is quoted text; write {n} without quotes");
            }
            match without_separators(text) {
                Some(n) => format!(": write {n}, without thousands separators or quotes"),
                None => String::new(),
            }
        }
        Value::Number(n) => match n.as_f64() {
            // 4.800 and 12.500 are read as 4.8 and 12.5: most likely a count with a `.`
            // between thousands.
            Some(f) if f > 0.0 && f < 1_000_000.0 && (f * 1000.0).fract() == 0.0 => format!(
                ": if that is {} with a thousands separator, write {} without it",
                thousands(f),
                (f * 1000.0) as u64
            ),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// `1.200`, `12,000`, `12 000` → the number, when the separators group digits by three.
pub(super) fn without_separators(text: &str) -> Option<u64> {
    let mut groups = text.split(['.', ',', ' ', '\'', '\u{a0}', '\u{202f}']);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    (!rest.is_empty()
        && digits(first)
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && digits(g)))
    .then(|| format!("{first}{}", rest.concat()).parse().ok())
    .flatten()
}

/// 4.8 → `4.800`, as it was probably written.
fn thousands(f: f64) -> String {
    let whole = f.trunc() as u64;
    let part = ((f.fract() * 1000.0).round()) as u64;
    format!("{whole}.{part:03}")
}

/// Touchpoints: mappings `{ name, channel, owner }`, or a plain name.
fn touchpoints(c: &mut Checker, map: &Mapping) -> Vec<Touchpoint> {
    let items = match map.get("touchpoints") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            let found = describe(other);
            c.key("touchpoints", |c| {
                c.error(format!(
                    "`touchpoints` must be a list like `- name: Search ad`, found {found}"
                ))
            });
            return Vec::new();
        }
    };
    c.key("touchpoints", |c| {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                c.at(Segment::Index(i), |c| match item {
                    Value::String(name) => Some(Touchpoint { name: name.clone(), ..Touchpoint::default() }),
                    Value::Mapping(tp) => {
                        c.fields(tp, TOUCHPOINT_FIELDS, "touchpoint");
                        let name = c.required_text(tp, "name", "a touchpoint")?;
                        Some(Touchpoint { name, channel: c.optional_text(tp, "channel"), owner: c.optional_text(tp, "owner") })
                    }
                    other => {
                        c.error(format!("a touchpoint is `name: ...` with optional `channel` and `owner`, found {}", describe(other)));
                        None
                    }
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<Journey>, Vec<String>) {
        let config = Config::default();
        let (j, d) = parse(
            "j",
            "content/journeys/j.yaml",
            text,
            &config,
            &["jane", "bart"],
            Path::new("."),
        );
        (j, d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_valid_journey_is_read_in_order() {
        let (j, d) = run(
            "title: T\npersona: jane\nstages:\n  - stage: awareness\n    count: 100\n    emotion: -1\n    touchpoints: [Ad, {name: Site, channel: web}]\n    pains: [P]\n  - stage: decision\n    count: 10\n    touchpoints: [Shop]\n    pains: [Q]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let j = j.unwrap();
        assert_eq!(j.model, "five");
        assert_eq!(j.stages.len(), 2);
        assert_eq!(j.stages[0].emotion, Some(-1));
        assert_eq!(j.stages[0].touchpoints[1].channel.as_deref(), Some("web"));
    }

    #[test]
    fn every_stage_problem_is_reported() {
        let text = "title: T\npersona: jan\nstages:\n  - stage: awarness\n  - stage: decision\n    count: 12k\n    emotion: 3\n  - stage: consideration\n  - stage: decision\n";
        let (j, d) = run(text);
        assert!(j.is_none());
        let expected = [
            "error: content/journeys/j.yaml:2:10: unknown persona `jan`",
            "error: content/journeys/j.yaml:4:12: unknown stage `awarness` in model `five` (did you mean `awareness`?)",
            "error: content/journeys/j.yaml:6:12: count must be a whole number",
            "error: content/journeys/j.yaml:7:14: emotion must be a whole number from -2",
            "error: content/journeys/j.yaml:8:12: stage `consideration` is out of order",
            "error: content/journeys/j.yaml:9:12: stage `decision` appears twice",
        ];
        assert_eq!(d.len(), expected.len(), "{d:#?}");
        for (line, start) in d.iter().zip(expected) {
            assert!(
                line.starts_with(start),
                "{line} does not start with {start}"
            );
        }
        assert!(d[0].contains("did you mean `jane`"));
    }

    #[test]
    fn a_rising_count_is_only_a_warning() {
        let (j, d) = run(
            "title: T\npersona: jane\nstages:\n  - stage: awareness\n    count: 3100\n  - stage: consideration\n  - stage: decision\n    count: 4000\n",
        );
        assert!(j.is_some());
        assert_eq!(
            d,
            [
                "warning: content/journeys/j.yaml:8:12: count 4000 is larger than the previous stage's (3100)",
                // Story warnings (SPEC §4.2): counted stages without touchpoints.
                "warning: content/journeys/j.yaml:5:12: `awareness` has a count but no `touchpoints`: name where these people come through",
                "warning: content/journeys/j.yaml:8:12: `decision` has a count but no `touchpoints`: name where these people come through",
            ]
        );
    }

    #[test]
    fn negative_counts_and_unknown_models_are_errors() {
        let (_, d) = run(
            "title: T\npersona: jane\nmodel: fiv\nstages:\n  - stage: awareness\n    count: -5\n",
        );
        assert!(
            d.iter()
                .any(|l| l.contains(":3:8: unknown stage model `fiv` (did you mean `five`?)")),
            "{d:?}"
        );
        let (_, d) = run("title: T\npersona: jane\nstages:\n  - stage: awareness\n    count: -5\n");
        assert!(
            d[0].contains(":5:12: count must be 0 or more, got -5"),
            "{d:?}"
        );
    }

    #[test]
    fn wrong_shapes_do_not_panic() {
        for text in [
            "[]",
            "42",
            "title: [a]\npersona: {x: 1}\nstages: 3",
            "stages: [1, [2], {stage: []}]",
            "~",
        ] {
            let (j, d) = run(text);
            assert!(j.is_none(), "{text}");
            assert!(!d.is_empty(), "{text}");
        }
    }

    #[test]
    fn numbers_as_writers_type_them_say_what_to_write() {
        let hint = |yaml: &str| number_hint(&serde_yaml::from_str::<Value>(yaml).unwrap());
        assert!(
            hint("\"-1\"").contains("write -1 without quotes"),
            "{}",
            hint("\"-1\"")
        );
        assert!(hint("\"1200\"").contains("write 1200 without quotes"));
        assert!(hint("\"1.200\"").contains("write 1200"));
        assert!(hint("\"12,000\"").contains("write 12000"));
        assert!(hint("\"12 000\"").contains("write 12000"));
        assert!(hint("4.800").contains("4.800") && hint("4.800").contains("write 4800"));
        assert_eq!(hint("\"12k\""), "");
        assert_eq!(hint("\"1.2.3\""), "");
        assert_eq!(hint("\"1,23\""), "");
    }
}
