//! A journey's `counts:` (SPEC §4.1): funnel counts per period and segment, written inline
//! or read from a CSV file exported from an analytics tool.
//!
//! Both forms become rows of (period, segment, stage, count), checked one by one and then
//! across rows (duplicates), and summed up into [`PeriodCounts`] by [`periods`]. Problems of
//! the YAML are recorded on the [`Checker`] (located in the journey file); problems of a CSV
//! file are diagnostics at `data/FILE.csv:LINE:COLUMN`, every one of them in one run.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::yaml::{Checker, describe};
use crate::diagnostics::Diagnostic;
use crate::model::{Counts, PeriodCounts, SegmentCounts};
use crate::paths;
use crate::source::LineIndex;
use crate::stages::StageModel;
use crate::suggest;

/// Keys of the mapping form `counts: { csv, columns, stages }`.
pub(crate) const FIELDS: &[&str] = &["csv", "columns", "stages"];
/// The columns a CSV file names (or `columns` maps to the export's own names).
pub(crate) const COLUMNS: &[&str] = &["period", "stage", "count", "segment"];

/// Problems shown per CSV file; the rest are counted in one more line, so a wrong file of
/// a million rows does not flood the terminal.
const CSV_PROBLEMS_MAX: usize = 50;

/// What counts are checked against: the journey's model and the stages it lists.
pub(crate) struct Target<'a> {
    pub model_id: &'a str,
    pub model: &'a StageModel,
    /// Stage ids of the journey's `stages`.
    pub stages: &'a [String],
    pub root: &'a Path,
}

/// One count as read, before rows are summed up into periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub period: String,
    /// None: the period's total.
    pub segment: Option<String>,
    pub stage: String,
    pub count: u64,
}

/// Checks the value of `counts` (the checker's path is at `counts`); CSV problems are
/// returned as diagnostics of their own file.
pub(crate) fn check(
    c: &mut Checker,
    value: &Value,
    target: &Target,
) -> (Option<Counts>, Vec<Diagnostic>) {
    match value {
        Value::String(path) => csv_counts(c, path, &CsvSpec::default(), target),
        Value::Mapping(map) if map.contains_key("csv") => {
            c.fields(map, FIELDS, "`counts`");
            let Some(path) = c.required_text(map, "csv", "`counts`") else {
                return (None, Vec::new());
            };
            let spec = CsvSpec {
                columns: columns(c, map),
                stages: stage_names(c, map, target),
            };
            c.key("csv", |c| csv_counts(c, &path, &spec, target))
        }
        Value::Mapping(map) if map.is_empty() => {
            c.error(
                "`counts` is empty: give counts per period, like `2026-Q1: { awareness: 48000 }`",
            );
            (None, Vec::new())
        }
        Value::Mapping(map) => (inline(c, map, target), Vec::new()),
        other => {
            c.error(format!(
                "`counts` must be counts per period (`2026-Q1: {{ awareness: 48000 }}`), a CSV file (`data/funnel.csv`) or `{{ csv, columns, stages }}`, found {}",
                describe(other)
            ));
            (None, Vec::new())
        }
    }
}

/// `counts: { 2026-Q1: { awareness: 48000, ... }, ... }`.
fn inline(c: &mut Checker, map: &Mapping, target: &Target) -> Option<Counts> {
    let mut rows = Vec::new();
    let mut ok = true;
    for (key, stages) in map {
        let Some(period) = scalar(key) else {
            c.error(format!(
                "a period of `counts` must be a label like `2026-Q1`, found {}",
                describe(key)
            ));
            ok = false;
            continue;
        };
        c.key(&period, |c| {
            let Value::Mapping(stages) = stages else {
                c.error(format!(
                    "the counts of period `{period}` must be a mapping like `{{ awareness: 48000, consideration: 9100 }}`, found {}",
                    describe(stages)
                ));
                ok = false;
                return;
            };
            if stages.is_empty() {
                c.error(format!("period `{period}` has no counts"));
                ok = false;
            }
            for (stage, count) in stages {
                let Some(stage) = scalar(stage) else {
                    c.error(format!("a stage of `counts` must be a stage id, found {}", describe(stage)));
                    ok = false;
                    continue;
                };
                let key = stage.clone();
                c.key(&key, |c| {
                    let known = match stage_problem(&stage, target) {
                        Some(message) => {
                            c.key_error(message);
                            false
                        }
                        None => true,
                    };
                    let count = super::journey::count(c, count);
                    match (known, count) {
                        (true, Some(count)) => rows.push(Row {
                            period: period.clone(),
                            segment: None,
                            stage,
                            count,
                        }),
                        _ => ok = false,
                    }
                });
            }
        });
    }
    ok.then(|| Counts {
        csv: None,
        periods: periods(rows, target.model),
    })
}

/// Why a stage id cannot have counts in this journey, if it cannot.
fn stage_problem(stage: &str, target: &Target) -> Option<String> {
    if target.model.position(stage).is_none() {
        let hint = suggest::hint_or_list(stage, target.model.stage_ids());
        return Some(format!(
            "unknown stage `{stage}` in model `{}`{hint}",
            target.model_id
        ));
    }
    (!target.stages.iter().any(|s| s == stage)).then(|| {
        format!(
            "stage `{stage}` has counts but is not in this journey's `stages`: add `- stage: {stage}` there"
        )
    })
}

/// A mapping key or value as text (`2026` is a number to YAML, a label to us).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// How to read a CSV file: the export's column names and step names.
#[derive(Debug, Clone)]
struct CsvSpec {
    /// Our column (`period`, `stage`, `count`, `segment`) → the header's name for it.
    columns: Vec<(&'static str, String)>,
    /// A step name of the file → a stage id of the model.
    stages: Vec<(String, String)>,
}

impl Default for CsvSpec {
    fn default() -> Self {
        CsvSpec {
            columns: COLUMNS.iter().map(|c| (*c, c.to_string())).collect(),
            stages: Vec::new(),
        }
    }
}

impl CsvSpec {
    fn column<'s>(&'s self, ours: &'s str) -> &'s str {
        self.columns
            .iter()
            .find(|(c, _)| *c == ours)
            .map_or(ours, |(_, name)| name)
    }
}

/// `columns: { period: "Date range", ... }`; the ones left out keep their own names.
fn columns(c: &mut Checker, map: &Mapping) -> Vec<(&'static str, String)> {
    let mut spec = CsvSpec::default().columns;
    let given = match map.get("columns") {
        None | Some(Value::Null) => return spec,
        Some(Value::Mapping(given)) => given,
        Some(other) => {
            let found = describe(other);
            c.key("columns", |c| {
                c.error(format!("`columns` must map `period`, `stage`, `count` and `segment` to the file's column names, found {found}"))
            });
            return spec;
        }
    };
    c.key("columns", |c| {
        c.fields(given, COLUMNS, "`columns`");
        for (ours, name) in &mut spec {
            if let Some(value) = given.get(*ours)
                && let Some(text) = c.key(ours, |c| c.text(value, ours))
            {
                *name = text;
            }
        }
    });
    spec
}

/// `stages: { "1. Visit pricing": awareness, ... }`, each target checked.
fn stage_names(c: &mut Checker, map: &Mapping, target: &Target) -> Vec<(String, String)> {
    let given = match map.get("stages") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Mapping(given)) => given,
        Some(other) => {
            let found = describe(other);
            c.key("stages", |c| {
                c.error(format!("`stages` of `counts` maps the file's step names to stage ids, like `{{ \"1. Visit pricing\": awareness }}`, found {found}"))
            });
            return Vec::new();
        }
    };
    c.key("stages", |c| {
        let mut out = Vec::new();
        for (name, stage) in given {
            let Some(name) = scalar(name) else {
                c.error("a step name of `stages` must be text");
                continue;
            };
            c.key(&name, |c| match scalar(stage) {
                None => c.error(format!(
                    "step `{name}` must map to a stage id, found {}",
                    describe(stage)
                )),
                Some(stage) => match stage_problem(&stage, target) {
                    Some(message) => c.error(message),
                    None => out.push((name.clone(), stage)),
                },
            });
        }
        out
    })
}

/// Reads the CSV file at `path` (checker at the value that names it).
fn csv_counts(
    c: &mut Checker,
    path: &str,
    spec: &CsvSpec,
    target: &Target,
) -> (Option<Counts>, Vec<Diagnostic>) {
    let relative = match paths::relative_inside(path) {
        Ok(relative) => relative,
        Err(message) => {
            c.error(format!("`counts`: {message}"));
            return (None, Vec::new());
        }
    };
    let full = target.root.join(&relative);
    if !full.is_file() {
        c.error(format!(
            "`counts`: file `{path}` not found in the report folder"
        ));
        return (None, Vec::new());
    }
    if !paths::resolves_inside(target.root, &full) {
        c.error(format!(
            "`counts`: `{path}` resolves outside the report folder"
        ));
        return (None, Vec::new());
    }
    let rel = paths::slash(&relative);
    let text = match std::fs::read(&full) {
        Err(e) => {
            return (
                None,
                vec![Diagnostic::file_error(&rel, format!("cannot read: {e}"))],
            );
        }
        Ok(bytes) => match crate::source::decode(bytes) {
            Ok(text) => text,
            Err((line, column)) => {
                let message = "file is not valid UTF-8 text (save the export as UTF-8 CSV)";
                return (None, vec![Diagnostic::error(&rel, line, column, message)]);
            }
        },
    };
    let (rows, found) = read_csv(&rel, &text, spec, target);
    let counts = rows.map(|rows| Counts {
        csv: Some(rel),
        periods: periods(rows, target.model),
    });
    (counts, found)
}

/// The rows of a CSV text, or None when it has errors (all of them in the diagnostics).
fn read_csv(
    file: &str,
    text: &str,
    spec: &CsvSpec,
    target: &Target,
) -> (Option<Vec<Row>>, Vec<Diagnostic>) {
    // A BOM is not content; dropping it shifts no line or visible column.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(body);
    let mut problems = Problems::new(file, &lines);
    let delimiter = delimiter(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut header: Option<Header> = None;
    let mut rows: Vec<Row> = Vec::new();
    // (period, segment, stage) → line of its first row.
    let mut seen: std::collections::HashMap<(String, Option<String>, String), usize> =
        std::collections::HashMap::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // The text is valid UTF-8, so only a broken reader gets here: report, stop.
                let at = e.position().map_or(0, |p| p.byte() as usize);
                problems.at(at, format!("cannot read the CSV file: {e}"));
                break;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let starts = field_starts(body, start, delimiter);
        let Some(header) = &header else {
            match Header::read(&record, spec, &starts, &mut problems) {
                Some(h) => header = Some(h),
                None => return (None, problems.finish()),
            }
            continue;
        };
        let at = |i: usize| starts.get(i).copied().unwrap_or(start);
        let field = |i: usize| record.get(i).map(str::trim);
        let Some(row) = header.row(&record, spec, target, &at, &mut problems) else {
            continue;
        };
        let (line, _) = lines.position(at(0));
        let key = (row.period.clone(), row.segment.clone(), row.stage.clone());
        if let Some(first) = seen.get(&key) {
            let segment = row
                .segment
                .as_ref()
                .map(|s| format!(", segment `{s}`"))
                .unwrap_or_default();
            let step = field(header.stage).unwrap_or_default();
            problems.at(
                at(header.stage),
                format!(
                    "duplicate row: period `{}`{segment} and step `{step}` already have a count on line {first}",
                    row.period
                ),
            );
            continue;
        }
        seen.insert(key, line);
        rows.push(row);
    }
    if header.is_none() {
        problems.at(0, "the file has no header row: the first line names the columns `period`, `stage`, `count` (and `segment`)".into());
    } else if rows.is_empty() && problems.is_empty() {
        problems.at(0, "the file has a header row but no counts".into());
    }
    let found = problems.finish();
    (found.is_empty().then_some(rows), found)
}

/// The CSV's separator: `;` (Dutch Excel) when the header line has more of those than of
/// `,` outside quotes, else `,`.
fn delimiter(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Byte offsets of the fields of the record that starts at `start`, to locate problems:
/// the csv crate gives the record's position only.
fn field_starts(text: &str, start: usize, delimiter: u8) -> Vec<usize> {
    let bytes = text.as_bytes();
    // A record's position is where the reader started it: before the comment and blank
    // lines it skipped.
    let mut start = start.min(bytes.len());
    while start < bytes.len() {
        let line_end = bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |e| start + e + 1);
        let line = &text[start..line_end];
        if line.starts_with('#') || line.trim().is_empty() {
            start = line_end;
        } else {
            break;
        }
    }
    let mut starts = vec![start];
    let mut quoted = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b if b == delimiter && !quoted => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    // Point at the text of a field, not at the spaces before it.
    starts
        .into_iter()
        .map(|s| {
            let skipped = bytes[s.min(bytes.len())..]
                .iter()
                .take_while(|b| **b == b' ')
                .count();
            s + skipped
        })
        .collect()
}

/// The diagnostics of one CSV file, capped at [`CSV_PROBLEMS_MAX`].
struct Problems<'a> {
    file: &'a str,
    lines: &'a LineIndex<'a>,
    found: Vec<Diagnostic>,
    more: usize,
}

impl<'a> Problems<'a> {
    fn new(file: &'a str, lines: &'a LineIndex<'a>) -> Self {
        Problems {
            file,
            lines,
            found: Vec::new(),
            more: 0,
        }
    }

    fn at(&mut self, offset: usize, message: String) {
        if self.found.len() >= CSV_PROBLEMS_MAX {
            self.more += 1;
            return;
        }
        let (line, column) = self.lines.position(offset);
        self.found
            .push(Diagnostic::error(self.file, line, column, message));
    }

    fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// No more problems are shown: messages need not be worked out (suggestions cost).
    fn full(&self) -> bool {
        self.found.len() >= CSV_PROBLEMS_MAX
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        if self.more > 0 {
            // At the end of the file: after every problem shown.
            let (line, column) = self.lines.position(usize::MAX);
            self.found.push(Diagnostic::error(
                self.file,
                line,
                column,
                format!("{} more problems in this file are not shown", self.more),
            ));
        }
        self.found
    }
}

/// Where the columns are, by the header row.
struct Header {
    period: usize,
    stage: usize,
    count: usize,
    segment: Option<usize>,
    names: Vec<String>,
}

impl Header {
    fn read(
        record: &csv::StringRecord,
        spec: &CsvSpec,
        starts: &[usize],
        problems: &mut Problems,
    ) -> Option<Header> {
        let names: Vec<String> = record.iter().map(|n| n.trim().to_string()).collect();
        let find = |ours: &str| {
            let name = spec.column(ours);
            names.iter().position(|n| n.eq_ignore_ascii_case(name))
        };
        let mut missing = |ours: &str| {
            let name = spec.column(ours);
            let listed = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match suggest::closest(name, names.iter().map(String::as_str)) {
                Some(close) => format!(" (did you mean `{close}`?)"),
                None => format!(
                    "; name the file's column for it in the journey: `columns: {{ {ours}: \"...\" }}`"
                ),
            };
            problems.at(
                starts.first().copied().unwrap_or(0),
                format!("missing column `{name}`: the header names {listed}{hint}"),
            );
        };
        let mut required = |ours: &str| {
            let found = find(ours);
            if found.is_none() {
                missing(ours);
            }
            found
        };
        let (period, stage, count) = (required("period"), required("stage"), required("count"));
        Some(Header {
            period: period?,
            stage: stage?,
            count: count?,
            segment: find("segment"),
            names,
        })
    }

    /// One row of counts, or None with its problems recorded.
    fn row(
        &self,
        record: &csv::StringRecord,
        spec: &CsvSpec,
        target: &Target,
        at: &dyn Fn(usize) -> usize,
        problems: &mut Problems,
    ) -> Option<Row> {
        let needed = self.period.max(self.stage).max(self.count) + 1;
        if record.len() < needed {
            let absent = [self.period, self.stage, self.count]
                .into_iter()
                .filter(|&i| i >= record.len())
                .map(|i| format!("`{}`", self.names[i]))
                .collect::<Vec<_>>()
                .join(", ");
            problems.at(
                at(record.len().saturating_sub(1)),
                format!(
                    "this row has {} where the header has {}: no {absent}",
                    plural(record.len(), "field"),
                    plural(self.names.len(), "field")
                ),
            );
            return None;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let mut ok = true;
        let period = field(self.period);
        if period.is_empty() {
            problems.at(at(self.period), "the period is empty".into());
            ok = false;
        }
        let stage = self.stage_id(field(self.stage), spec, target, !problems.full());
        if let Err(message) = &stage {
            problems.at(at(self.stage), message.clone());
            ok = false;
        }
        let count = count(field(self.count));
        if let Err(message) = &count {
            problems.at(at(self.count), message.clone());
            ok = false;
        }
        let segment = self
            .segment
            .map(field)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(Row {
            period: period.to_string(),
            segment,
            stage: stage.ok()?,
            count: count.ok()?,
        })
        .filter(|_| ok)
    }

    /// The stage id of a step name: mapped by `stages`, else the id itself (any case).
    /// `explain`: work out the message (with its suggestion) of an unknown step.
    fn stage_id(
        &self,
        name: &str,
        spec: &CsvSpec,
        target: &Target,
        explain: bool,
    ) -> Result<String, String> {
        if let Some((_, id)) = spec.stages.iter().find(|(n, _)| n.trim() == name) {
            return Ok(id.clone());
        }
        let id = name.to_lowercase();
        if target.model.position(&id).is_some() {
            return match stage_problem(&id, target) {
                Some(message) => Err(message),
                None => Ok(id),
            };
        }
        if name.is_empty() {
            return Err("the step is empty".into());
        }
        if !explain {
            return Err(String::new());
        }
        let hint = suggest::hint(name, target.model.stage_ids());
        let example = target.stages.first().map_or("awareness", String::as_str);
        Err(format!(
            "unknown step `{name}` in model `{}`{hint}: map it to a stage in the journey's `counts`, like `stages: {{ \"{name}\": {example} }}`",
            target.model_id
        ))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A count as an export writes it: a whole number, perhaps with thousands separators
/// (which we refuse, showing the number to write: `1.200` may be 1.2 to another tool).
fn count(text: &str) -> Result<u64, String> {
    if text.is_empty() {
        return Err("the count is empty: write 0 if nobody reached this step".into());
    }
    if let Ok(n) = text.parse::<u64>() {
        return Ok(n);
    }
    if let Some(n) = super::journey::without_separators(text) {
        return Err(format!(
            "count `{text}` has thousands separators: write {n}"
        ));
    }
    if text.parse::<i64>().is_ok() {
        return Err(format!("count must be 0 or more, got {text}"));
    }
    let shown: String = text.chars().take(30).collect();
    Err(format!(
        "count must be a whole number (like 12000), got `{shown}`"
    ))
}

/// Rows summed up into periods, in order of first appearance: each period's total is its
/// rows without a segment, or (with segment rows only) the sum of its segments.
pub(crate) fn periods(rows: Vec<Row>, model: &StageModel) -> Vec<PeriodCounts> {
    let mut periods: Vec<PeriodCounts> = Vec::new();
    for row in rows {
        let i = match periods.iter().position(|p| p.period == row.period) {
            Some(i) => i,
            None => {
                periods.push(PeriodCounts {
                    period: row.period.clone(),
                    ..PeriodCounts::default()
                });
                periods.len() - 1
            }
        };
        let period = &mut periods[i];
        match row.segment {
            None => period.total.push((row.stage, row.count)),
            Some(segment) => {
                let j = match period.segments.iter().position(|s| s.segment == segment) {
                    Some(j) => j,
                    None => {
                        period.segments.push(SegmentCounts {
                            segment,
                            counts: Vec::new(),
                        });
                        period.segments.len() - 1
                    }
                };
                period.segments[j].counts.push((row.stage, row.count));
            }
        }
    }
    let order = |counts: &mut Vec<(String, u64)>| {
        counts.sort_by_key(|(stage, _)| model.position(stage).unwrap_or(usize::MAX));
    };
    for period in &mut periods {
        if period.total.is_empty() {
            let mut sums: Vec<(String, u64)> = Vec::new();
            for segment in &period.segments {
                for (stage, count) in &segment.counts {
                    match sums.iter_mut().find(|(s, _)| s == stage) {
                        Some((_, sum)) => *sum = sum.saturating_add(*count),
                        None => sums.push((stage.clone(), *count)),
                    }
                }
            }
            period.total = sums;
        }
        order(&mut period.total);
        for segment in &mut period.segments {
            order(&mut segment.counts);
        }
    }
    periods
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn row(period: &str, segment: Option<&str>, stage: &str, count: u64) -> Row {
        Row {
            period: period.into(),
            segment: segment.map(str::to_string),
            stage: stage.into(),
            count,
        }
    }

    fn model() -> StageModel {
        Config::default().models.get("five").unwrap().clone()
    }

    #[test]
    fn periods_keep_their_order_and_segments_sum_to_a_missing_total() {
        let model = model();
        let rows = vec![
            row("Q2", Some("mobile"), "consideration", 20),
            row("Q2", Some("mobile"), "awareness", 200),
            row("Q1", None, "awareness", 100),
            row("Q2", Some("desktop"), "awareness", 100),
            row("Q2", Some("desktop"), "consideration", 40),
            row("Q1", None, "consideration", 10),
            row("Q1", Some("mobile"), "awareness", 60),
        ];
        let periods = periods(rows, &model);
        assert_eq!(
            periods
                .iter()
                .map(|p| p.period.as_str())
                .collect::<Vec<_>>(),
            ["Q2", "Q1"]
        );
        // Q2 has segment rows only: its total is their sum, in model order.
        assert_eq!(
            periods[0].total,
            [
                ("awareness".to_string(), 300),
                ("consideration".to_string(), 60)
            ]
        );
        assert_eq!(periods[0].segments[0].segment, "mobile");
        assert_eq!(
            periods[0].segments[0].counts[0],
            ("awareness".to_string(), 200)
        );
        // Q1 has its own total rows: the segment rows do not change it.
        assert_eq!(
            periods[1].total,
            [
                ("awareness".to_string(), 100),
                ("consideration".to_string(), 10)
            ]
        );
    }

    #[test]
    fn separators_and_counts_as_exports_write_them() {
        assert_eq!(delimiter("period;stage;count\n"), b';');
        assert_eq!(delimiter("# a;b;c;d\nperiod,stage,count\n"), b',');
        assert_eq!(delimiter("\"a;b\",c,d\n"), b',');
        assert_eq!(count("12000"), Ok(12000));
        assert_eq!(
            count(""),
            Err("the count is empty: write 0 if nobody reached this step".into())
        );
        assert!(count("12.000").unwrap_err().contains("write 12000"));
        assert!(count("1 200").unwrap_err().contains("write 1200"));
        assert!(count("-3").unwrap_err().contains("0 or more"));
        assert!(count("12,5").unwrap_err().contains("whole number"));
    }

    #[test]
    fn fields_are_located_past_comments_quotes_and_spaces() {
        let text = "# c\n\nperiod,\"a,b\", x\n";
        let starts = field_starts(text, 0, b',');
        assert_eq!(starts, [5, 12, 19]);
    }
}
