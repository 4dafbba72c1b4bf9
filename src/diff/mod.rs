//! `journeybook diff`: what changed between two versions of a report, by persona and
//! journey and in model order (SPEC §5). Both sides are loaded and validated as `check`
//! loads them ([`git`] brings a git revision onto disk first), then compared as models, so
//! moving a line or reformatting YAML is no change, and a count change comes with its step
//! conversion's change in percentage points, computed as the report computes it.

pub mod format;
pub mod git;

use serde::Serialize;

use crate::funnel::Funnel;
use crate::model::{Journey, JourneyStage, Persona, Report};

/// Every change between two reports.
#[derive(Debug, Default, Serialize)]
pub struct Diff {
    /// Fields of book.toml's `[book]` that changed.
    pub report: Vec<Change>,
    pub personas: Vec<Entry>,
    pub journeys: Vec<Entry>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.report.is_empty() && self.personas.is_empty() && self.journeys.is_empty()
    }
}

/// A persona or journey that was added, removed or changed.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub id: String,
    /// The persona's name or the journey's title (the new one where both exist).
    pub title: String,
    pub status: Status,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

/// One change; `stage` is set for a change inside a journey's stage.
#[derive(Debug, Serialize)]
pub struct Change {
    pub stage: Option<String>,
    #[serde(flatten)]
    pub kind: Kind,
}

#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Kind {
    StageAdded,
    StageRemoved,
    /// A text field (`title`, `role`, a stage's `goal`, ...), `null` when absent.
    Field {
        field: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// An item added to a lane or list (`pains`, `touchpoints`, `goals`, ...).
    ItemAdded {
        field: String,
        item: String,
    },
    ItemRemoved {
        field: String,
        item: String,
    },
    Emotion {
        old: Option<i8>,
        new: Option<i8>,
    },
    /// A stage's count (the current period's); the step conversion as a ratio (0..1) and
    /// its change in percentage points, where both sides have one.
    Count {
        old: Option<u64>,
        new: Option<u64>,
        old_step: Option<f64>,
        new_step: Option<f64>,
        points: Option<f64>,
    },
}

/// Compares two loaded reports.
pub fn compare(old: &Report, new: &Report) -> Diff {
    let mut diff = Diff::default();
    let (a, b) = (&old.config, &new.config);
    field(
        &mut diff.report,
        None,
        "title",
        Some(&a.title),
        Some(&b.title),
    );
    field(
        &mut diff.report,
        None,
        "description",
        a.description.as_ref(),
        b.description.as_ref(),
    );
    field(
        &mut diff.report,
        None,
        "date",
        a.date.as_ref(),
        b.date.as_ref(),
    );
    field(
        &mut diff.report,
        None,
        "language",
        Some(&a.language.code().to_string()),
        Some(&b.language.code().to_string()),
    );
    list(&mut diff.report, None, "authors", &a.authors, &b.authors);

    diff.personas = entries(
        &old.personas,
        &new.personas,
        |p| &p.id,
        |p| &p.name,
        persona,
    );
    diff.journeys = entries(
        &old.journeys,
        &new.journeys,
        |j| &j.id,
        |j| &j.title,
        journey,
    );
    diff
}

/// Added, removed and changed entries of two lists sorted by id (as the model keeps them).
fn entries<T>(
    old: &[std::sync::Arc<T>],
    new: &[std::sync::Arc<T>],
    id: impl Fn(&T) -> &String,
    title: impl Fn(&T) -> &String,
    changes: impl Fn(&T, &T) -> Vec<Change>,
) -> Vec<Entry> {
    let mut ids: Vec<&String> = old.iter().chain(new).map(|x| id(x)).collect();
    ids.sort();
    ids.dedup();
    let find = |list: &'_ [std::sync::Arc<T>], wanted: &String| {
        list.iter().find(|x| id(x) == wanted).cloned()
    };
    let mut out = Vec::new();
    for wanted in ids {
        let entry = match (find(old, wanted), find(new, wanted)) {
            (None, Some(n)) => Entry {
                id: wanted.clone(),
                title: title(&n).clone(),
                status: Status::Added,
                changes: Vec::new(),
            },
            (Some(o), None) => Entry {
                id: wanted.clone(),
                title: title(&o).clone(),
                status: Status::Removed,
                changes: Vec::new(),
            },
            (Some(o), Some(n)) => {
                let changes = changes(&o, &n);
                if changes.is_empty() {
                    continue;
                }
                Entry {
                    id: wanted.clone(),
                    title: title(&n).clone(),
                    status: Status::Changed,
                    changes,
                }
            }
            (None, None) => continue,
        };
        out.push(entry);
    }
    out
}

fn persona(a: &Persona, b: &Persona) -> Vec<Change> {
    let mut out = Vec::new();
    field(&mut out, None, "name", Some(&a.name), Some(&b.name));
    field(&mut out, None, "role", a.role.as_ref(), b.role.as_ref());
    field(
        &mut out,
        None,
        "segment",
        a.segment.as_ref(),
        b.segment.as_ref(),
    );
    field(&mut out, None, "quote", a.quote.as_ref(), b.quote.as_ref());
    field(&mut out, None, "photo", a.photo.as_ref(), b.photo.as_ref());
    labels(
        &mut out,
        None,
        "demographics",
        &a.demographics,
        &b.demographics,
    );
    list(&mut out, None, "goals", &a.goals, &b.goals);
    list(&mut out, None, "pains", &a.pains, &b.pains);
    list(
        &mut out,
        None,
        "motivations",
        &a.motivations,
        &b.motivations,
    );
    list(&mut out, None, "channels", &a.channels, &b.channels);
    list(&mut out, None, "tags", &a.tags, &b.tags);
    if a.body != b.body {
        out.push(Change {
            stage: None,
            kind: Kind::Field {
                field: "body".into(),
                old: None,
                new: None,
            },
        });
    }
    out
}

fn journey(a: &Journey, b: &Journey) -> Vec<Change> {
    let mut out = Vec::new();
    field(&mut out, None, "title", Some(&a.title), Some(&b.title));
    field(
        &mut out,
        None,
        "persona",
        Some(&a.persona),
        Some(&b.persona),
    );
    field(&mut out, None, "model", Some(&a.model), Some(&b.model));
    field(
        &mut out,
        None,
        "summary",
        a.summary.as_ref(),
        b.summary.as_ref(),
    );
    field(
        &mut out,
        None,
        "period",
        a.period.as_ref(),
        b.period.as_ref(),
    );
    field(&mut out, None, "unit", a.unit.as_ref(), b.unit.as_ref());
    let current = |j: &Journey| {
        j.counts
            .as_ref()
            .and_then(|c| c.current())
            .map(|p| p.period.clone())
    };
    field(
        &mut out,
        None,
        "current period",
        current(a).as_ref(),
        current(b).as_ref(),
    );

    // Stages in the new journey's (model) order; a removed stage after those that came
    // before it in the old journey.
    let mut stages: Vec<(&str, Option<&JourneyStage>, Option<&JourneyStage>)> = Vec::new();
    for s in &b.stages {
        stages.push((
            &s.stage,
            a.stages.iter().find(|o| o.stage == s.stage),
            Some(s),
        ));
    }
    for (i, s) in a.stages.iter().enumerate() {
        if !b.stages.iter().any(|n| n.stage == s.stage) {
            // After the stages that came before it in the old journey.
            let at = a.stages[..i]
                .iter()
                .filter_map(|prev| stages.iter().position(|(id, ..)| *id == prev.stage))
                .max()
                .map_or(0, |p| p + 1);
            stages.insert(at, (&s.stage, Some(s), None));
        }
    }
    let (old_funnel, new_funnel) = (Funnel::of(a), Funnel::of(b));
    for (id, o, n) in stages {
        let at = Some(id.to_string());
        match (o, n) {
            (None, Some(_)) => out.push(Change {
                stage: at.clone(),
                kind: Kind::StageAdded,
            }),
            (Some(_), None) => out.push(Change {
                stage: at.clone(),
                kind: Kind::StageRemoved,
            }),
            _ => {}
        }
        let empty = JourneyStage::default();
        let (o, n) = (o.unwrap_or(&empty), n.unwrap_or(&empty));
        if o.count != n.count {
            let step = |f: &Option<Funnel>| f.as_ref().and_then(|f| f.row(id)).and_then(|r| r.step);
            let (old_step, new_step) = (step(&old_funnel), step(&new_funnel));
            let points = old_step
                .zip(new_step)
                .map(|(o, n)| crate::funnel::points(n, o));
            out.push(Change {
                stage: at.clone(),
                kind: Kind::Count {
                    old: o.count,
                    new: n.count,
                    old_step,
                    new_step,
                    points,
                },
            });
        }
        if o.emotion != n.emotion {
            out.push(Change {
                stage: at.clone(),
                kind: Kind::Emotion {
                    old: o.emotion,
                    new: n.emotion,
                },
            });
        }
        field(
            &mut out,
            at.clone(),
            "goal",
            o.goal.as_ref(),
            n.goal.as_ref(),
        );
        list(&mut out, at.clone(), "actions", &o.actions, &n.actions);
        list(&mut out, at.clone(), "thoughts", &o.thoughts, &n.thoughts);
        let names = |s: &JourneyStage| {
            s.touchpoints
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        };
        list(&mut out, at.clone(), "touchpoints", &names(o), &names(n));
        list(&mut out, at.clone(), "pains", &o.pains, &n.pains);
        list(
            &mut out,
            at.clone(),
            "opportunities",
            &o.opportunities,
            &n.opportunities,
        );
        list(&mut out, at.clone(), "content", &o.content, &n.content);
        labels(&mut out, at.clone(), "kpis", &o.kpis, &n.kpis);
    }
    out
}

fn field(
    out: &mut Vec<Change>,
    stage: Option<String>,
    name: &str,
    old: Option<&String>,
    new: Option<&String>,
) {
    if old != new {
        out.push(Change {
            stage,
            kind: Kind::Field {
                field: name.to_string(),
                old: old.cloned(),
                new: new.cloned(),
            },
        });
    }
}

/// Items removed from a list, then items added, each in its list's order.
fn list(out: &mut Vec<Change>, stage: Option<String>, name: &str, old: &[String], new: &[String]) {
    for item in old.iter().filter(|i| !new.contains(i)) {
        out.push(Change {
            stage: stage.clone(),
            kind: Kind::ItemRemoved {
                field: name.to_string(),
                item: item.clone(),
            },
        });
    }
    for item in new.iter().filter(|i| !old.contains(i)) {
        out.push(Change {
            stage: stage.clone(),
            kind: Kind::ItemAdded {
                field: name.to_string(),
                item: item.clone(),
            },
        });
    }
}

/// `label: value` pairs compared as items `label: value`.
fn labels(
    out: &mut Vec<Change>,
    stage: Option<String>,
    name: &str,
    old: &[(String, String)],
    new: &[(String, String)],
) {
    let items = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
    };
    list(out, stage, name, &items(old), &items(new));
}
