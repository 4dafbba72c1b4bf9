//! A [`Diff`] as text (terminal), markdown (a pull-request comment: a table per journey)
//! or JSON (tools). Same diff, same bytes.

use super::{Change, Diff, Kind, Status};

pub fn text(diff: &Diff) -> String {
    if diff.is_empty() {
        return "no changes\n".to_string();
    }
    let mut out = String::new();
    for c in &diff.report {
        out.push_str(&format!("report: {}\n", describe(c)));
    }
    for (kind, entries) in [("persona", &diff.personas), ("journey", &diff.journeys)] {
        for e in entries {
            out.push_str(&format!(
                "{} {kind} {} ({})\n",
                status(e.status),
                e.id,
                e.title
            ));
            for c in &e.changes {
                match &c.stage {
                    Some(stage) => out.push_str(&format!("  {stage}: {}\n", describe(c))),
                    None => out.push_str(&format!("  {}\n", describe(c))),
                }
            }
        }
    }
    out
}

pub fn markdown(diff: &Diff) -> String {
    let mut out = String::from("## Journey changes\n\n");
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    if !diff.report.is_empty() {
        out.push_str("### Report\n\n");
        for c in &diff.report {
            out.push_str(&format!("- {}\n", cell(&describe(c))));
        }
        out.push('\n');
    }
    for (kind, entries) in [("Persona", &diff.personas), ("Journey", &diff.journeys)] {
        for e in entries {
            out.push_str(&format!(
                "### {kind} `{}`: {} ({})\n\n",
                e.id,
                cell(&e.title),
                status(e.status)
            ));
            if e.changes.is_empty() {
                continue;
            }
            out.push_str("| Stage | Change |\n|---|---|\n");
            for c in &e.changes {
                let stage = c
                    .stage
                    .as_deref()
                    .map_or(String::new(), |s| format!("`{s}`"));
                out.push_str(&format!("| {stage} | {} |\n", cell(&describe(c))));
            }
            out.push('\n');
        }
    }
    out
}

pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).expect("plain data serializes");
    text.push('\n');
    text
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

/// One change in words: `pains + "Too long"`, `count 1400 → 1500 (step 14.0% → 15.0%, +1.0 pp)`.
pub fn describe(change: &Change) -> String {
    let or_none = |v: &Option<String>| {
        v.as_ref()
            .map_or("(none)".to_string(), |v| format!("{v:?}"))
    };
    match &change.kind {
        Kind::StageAdded => "stage added".to_string(),
        Kind::StageRemoved => "stage removed".to_string(),
        Kind::Field {
            field,
            old: None,
            new: None,
        } => format!("{field} changed"),
        Kind::Field { field, old, new } => format!("{field} {} → {}", or_none(old), or_none(new)),
        Kind::ItemAdded { field, item } => format!("{field} + {item:?}"),
        Kind::ItemRemoved { field, item } => format!("{field} − {item:?}"),
        Kind::Emotion { old, new } => {
            let e = |v: &Option<i8>| v.map_or("(none)".to_string(), |v| format!("{v:+}"));
            format!("emotion {} → {}", e(old), e(new))
        }
        Kind::Count {
            old,
            new,
            old_step,
            new_step,
            points,
        } => {
            let n = |v: &Option<u64>| v.map_or("(none)".to_string(), |v| v.to_string());
            let mut text = format!("count {} → {}", n(old), n(new));
            if let (Some(a), Some(b), Some(p)) = (old_step, new_step, points) {
                text.push_str(&format!(
                    " (step conversion {:.1}% → {:.1}%, {}{:.1} pp)",
                    a * 100.0,
                    b * 100.0,
                    if *p < 0.0 { "−" } else { "+" },
                    p.abs()
                ));
            }
            text
        }
    }
}

/// Text in a markdown table cell: `|` would end the cell, a line break the row, and `<` or
/// `&` could become HTML in the comment.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}
