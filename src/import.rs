//! `journeybook import mermaid`: a Mermaid `journey` diagram as a journey file (SPEC §5).
//! Sections become the model's stages (by id or name in any language journeybook knows, or
//! by position when their count matches the model's), task scores 1..5 emotions -2..2 and
//! tasks actions. Whatever cannot be mapped is a diagnostic at the diagram's line, all of
//! them in one run, so the file written always passes `check`.

use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::export::unmermaid;
use crate::i18n::Language;
use crate::stages::StageModel;

/// What to import into.
pub struct Target<'a> {
    /// The diagram's file name, for diagnostics.
    pub file: &'a str,
    pub persona: &'a str,
    /// `--model`: written into the journey; None uses the report's default model.
    pub model: Option<&'a str>,
    pub config: &'a Config,
    /// The title when the diagram has none (the file's name).
    pub fallback_title: &'a str,
}

/// A section as read: its name, line, and tasks (text, score, line).
struct Section {
    name: String,
    line: usize,
    column: usize,
    tasks: Vec<(String, i64)>,
}

/// The journey file's YAML, or every problem.
pub fn mermaid(text: &str, target: &Target) -> Result<String, Vec<Diagnostic>> {
    let file = target.file;
    let mut problems = Vec::new();
    let (title, sections) = parse(text, file, &mut problems);
    let model_id = target.model.unwrap_or(&target.config.default_model);
    let Some(model) = target.config.models.get(model_id) else {
        problems.push(Diagnostic::file_error(
            file,
            format!("unknown stage model `{model_id}`"),
        ));
        return Err(problems);
    };
    if sections.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::file_error(
            file,
            "the diagram has no `section`: nothing to import",
        ));
    }
    let stages = map_sections(&sections, model, target.config, file, &mut problems);
    if !problems.is_empty() {
        crate::diagnostics::sort(&mut problems);
        return Err(problems);
    }
    let mut journey = Mapping::new();
    let title = title.unwrap_or_else(|| target.fallback_title.to_string());
    journey.insert("title".into(), title.into());
    journey.insert("persona".into(), target.persona.into());
    if let Some(model) = target.model {
        journey.insert("model".into(), model.into());
    }
    let mut list = Vec::new();
    for (stage, section) in stages {
        let mut entry = Mapping::new();
        entry.insert("stage".into(), stage.into());
        if !section.tasks.is_empty() {
            // The mean of the section's scores (all equal in journeybook's own export).
            let sum: i64 = section.tasks.iter().map(|(_, s)| s).sum();
            let n = section.tasks.len() as i64;
            let mean = (2 * sum + n) / (2 * n);
            entry.insert("emotion".into(), Value::from(mean - 3));
            let actions: Vec<Value> = section
                .tasks
                .iter()
                .map(|(t, _)| Value::from(t.clone()))
                .collect();
            entry.insert("actions".into(), Value::Sequence(actions));
        }
        list.push(Value::Mapping(entry));
    }
    journey.insert("stages".into(), Value::Sequence(list));
    serde_yaml::to_string(&Value::Mapping(journey))
        .map_err(|e| vec![Diagnostic::file_error(file, e.to_string())])
}

/// The title and sections of the one `journey` diagram in `text`.
fn parse(text: &str, file: &str, problems: &mut Vec<Diagnostic>) -> (Option<String>, Vec<Section>) {
    let mut title = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut started = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.trim_start_matches('\u{feff}').trim();
        let column = raw.len() - raw.trim_start().len() + 1;
        if content.is_empty() || content.starts_with("%%") {
            continue;
        }
        let mut error =
            |message: String| problems.push(Diagnostic::error(file, line, column, message));
        if !started {
            if content == "journey" {
                started = true;
            } else {
                error(format!(
                    "expected a Mermaid `journey` diagram, found `{content}`"
                ));
                return (None, sections);
            }
            continue;
        }
        if content == "journey" {
            error("a second `journey` diagram: import one diagram per file".to_string());
            break;
        }
        if let Some(rest) = content.strip_prefix("title ") {
            title = Some(unmermaid(rest.trim()));
        } else if let Some(rest) = content.strip_prefix("section ") {
            sections.push(Section {
                name: unmermaid(rest.trim()),
                line,
                column,
                tasks: Vec::new(),
            });
        } else if content.starts_with("accTitle") || content.starts_with("accDescr") {
            continue;
        } else if let Some((task, rest)) = content.split_once(':') {
            let score = rest.split(':').next().unwrap_or("").trim();
            let Some(section) = sections.last_mut() else {
                error(format!("task `{}` comes before any `section`", task.trim()));
                continue;
            };
            match score.parse::<i64>() {
                Ok(score @ 1..=5) => section.tasks.push((unmermaid(task.trim()), score)),
                _ => error(format!(
                    "the score of task `{}` must be a whole number from 1 to 5, got `{score}`",
                    task.trim()
                )),
            }
        } else {
            error(format!(
                "not a line of a journey diagram: `{content}` (a task is `name: score: actor`)"
            ));
        }
    }
    if !started {
        problems.push(Diagnostic::file_error(
            file,
            "no Mermaid `journey` diagram in this file",
        ));
    }
    (title, sections)
}

/// Each section's stage id, in model order.
fn map_sections<'s>(
    sections: &'s [Section],
    model: &StageModel,
    config: &Config,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, &'s Section)> {
    let mut languages: Vec<Language> = ["en", "nl", "fr", "de"]
        .into_iter()
        .filter_map(Language::built_in)
        .collect();
    languages.push(config.language.clone());
    let key = |s: &str| s.trim().to_lowercase();
    let by_name = |name: &str| {
        model.stages.iter().find(|stage| {
            key(&stage.id) == key(name)
                || languages
                    .iter()
                    .any(|l| key(&stage.display_name(l)) == key(name))
        })
    };
    let named: Vec<_> = sections.iter().map(|s| by_name(&s.name)).collect();
    let mut mapped: Vec<(String, &Section)> = if named.iter().all(Option::is_some) {
        named
            .iter()
            .zip(sections)
            .map(|(stage, s)| (stage.unwrap().id.clone(), s))
            .collect()
    } else if sections.len() == model.stages.len() {
        model
            .stages
            .iter()
            .zip(sections)
            .map(|(stage, s)| (stage.id.clone(), s))
            .collect()
    } else {
        let names: Vec<String> = model
            .stages
            .iter()
            .map(|s| s.display_name(&config.language))
            .collect();
        for (stage, s) in named.iter().zip(sections) {
            if stage.is_none() {
                problems.push(Diagnostic::error(file, s.line, s.column, format!(
                    "section `{}` is no stage of model `{}` ({}), and the diagram has {} sections where the model has {} stages",
                    s.name, model.id, names.join(", "), sections.len(), model.stages.len()
                )));
            }
        }
        return Vec::new();
    };
    for (i, (stage, s)) in mapped.iter().enumerate() {
        if let Some((_, first)) = mapped[..i].iter().find(|(other, _)| other == stage) {
            problems.push(Diagnostic::error(
                file,
                s.line,
                s.column,
                format!(
                    "section `{}` is stage `{stage}` again (first at line {})",
                    s.name, first.line
                ),
            ));
        }
    }
    mapped.sort_by_key(|(stage, _)| model.position(stage));
    mapped
}
