//! Reading YAML with serde_yaml and reporting every problem of a file at its line and column.
//!
//! serde_yaml's `Value` carries no positions, so validation records a path per problem
//! (`stages[2].count`), and only when a file has problems its text is walked once more
//! with saphyr-parser's span events to turn those paths into line:column. The happy path
//! pays nothing for locations.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::LineIndex;
use crate::suggest;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Whether a problem points at a mapping key or at its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Key,
    Value,
}

#[derive(Debug, Clone)]
pub struct Problem {
    pub path: Vec<Segment>,
    pub at: At,
    pub severity: Severity,
    pub message: String,
}

/// Validation state of one YAML document: the current path and the problems so far.
#[derive(Default)]
pub struct Checker {
    path: Vec<Segment>,
    pub problems: Vec<Problem>,
}

impl Checker {
    pub fn new() -> Self {
        Checker::default()
    }

    /// Runs `f` with `segment` pushed on the path.
    pub fn at<R>(&mut self, segment: Segment, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(segment);
        let result = f(self);
        self.path.pop();
        result
    }

    pub fn key<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.at(Segment::Key(key.to_string()), f)
    }

    /// An error about the value at the current path.
    pub fn error(&mut self, message: impl Into<String>) {
        self.push(At::Value, Severity::Error, message.into());
    }

    pub fn warning(&mut self, message: impl Into<String>) {
        self.push(At::Value, Severity::Warning, message.into());
    }

    /// An error about the key of the current path (unknown or misplaced key).
    pub(crate) fn key_error(&mut self, message: impl Into<String>) {
        self.push(At::Key, Severity::Error, message.into());
    }

    fn push(&mut self, at: At, severity: Severity, message: String) {
        self.problems.push(Problem {
            path: self.path.clone(),
            at,
            severity,
            message,
        });
    }

    /// The mapping at the current path, or an error naming what was expected.
    pub fn mapping<'v>(&mut self, value: &'v Value, what: &str) -> Option<&'v Mapping> {
        match value {
            Value::Mapping(m) => Some(m),
            other => {
                self.error(format!("expected {what}, found {}", describe(other)));
                None
            }
        }
    }

    /// Checks the keys of a mapping against the allowed field names.
    pub(crate) fn fields(&mut self, map: &Mapping, allowed: &[&str], owner: &str) {
        for key in map.keys() {
            match key.as_str() {
                Some(name) if allowed.contains(&name) => {}
                Some(name) => {
                    let hint = suggest::hint(name, allowed.iter().copied());
                    self.key(name, |c| {
                        c.key_error(format!("unknown field `{name}` in {owner}{hint}"))
                    });
                }
                None => self.error(format!(
                    "{owner} has a key that is not a string: {}",
                    describe(key)
                )),
            }
        }
    }

    /// A scalar as text: strings as they are, numbers and booleans as written.
    pub fn text(&mut self, value: &Value, field: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(format!("`{field}` must be text, found {}", describe(other)));
                None
            }
        }
    }

    /// An item of a list of texts.
    pub(crate) fn item_text(&mut self, value: &Value, field: &str) -> Option<String> {
        match value {
            Value::Sequence(_) | Value::Mapping(_) | Value::Null | Value::Tagged(_) => {
                self.error(format!(
                    "each item of `{field}` must be a text, found {}",
                    describe(value)
                ));
                None
            }
            _ => self.text(value, field),
        }
    }

    /// An optional text field of a mapping; an empty (null) value counts as absent.
    pub(crate) fn optional_text(&mut self, map: &Mapping, field: &str) -> Option<String> {
        match map.get(field) {
            None | Some(Value::Null) => None,
            Some(value) => self.key(field, |c| c.text(value, field)),
        }
    }

    /// A required, non-empty text field.
    pub(crate) fn required_text(
        &mut self,
        map: &Mapping,
        field: &str,
        owner: &str,
    ) -> Option<String> {
        match map.get(field) {
            None | Some(Value::Null) => {
                self.error(format!("{owner} needs `{field}`"));
                None
            }
            Some(value) => self.key(field, |c| {
                let text = c.text(value, field)?;
                if text.trim().is_empty() {
                    c.error(format!("`{field}` is empty"));
                    None
                } else {
                    Some(text)
                }
            }),
        }
    }

    /// A list of texts; a missing or empty field is an empty list.
    pub(crate) fn text_list(&mut self, map: &Mapping, field: &str) -> Vec<String> {
        match map.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => self.key(field, |c| {
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| c.at(Segment::Index(i), |c| c.item_text(item, field)))
                    .collect()
            }),
            Some(other) => {
                let found = describe(other);
                self.key(field, |c| {
                    c.error(format!(
                        "`{field}` must be a list of texts, e.g. [a, b], found {found}"
                    ))
                });
                Vec::new()
            }
        }
    }

    /// A mapping of label → text or number, in file order.
    pub(crate) fn label_map(&mut self, map: &Mapping, field: &str) -> Vec<(String, String)> {
        match map.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Mapping(entries)) => self.key(field, |c| {
                let mut out = Vec::new();
                for (key, value) in entries {
                    let Some(label) = key
                        .as_str()
                        .map(str::to_string)
                        .or_else(|| scalar_text(key))
                    else {
                        c.error(format!("`{field}` labels must be text"));
                        continue;
                    };
                    let text = c.key(&label, |c| match value {
                        Value::String(_) | Value::Number(_) => c.text(value, &label),
                        other => {
                            c.error(format!(
                                "`{label}` in `{field}` must be text or a number, found {}",
                                describe(other)
                            ));
                            None
                        }
                    });
                    if let Some(text) = text {
                        out.push((label, text));
                    }
                }
                out
            }),
            Some(other) => {
                let found = describe(other);
                self.key(field, |c| {
                    c.error(format!("`{field}` must be a mapping of label: value, e.g. {{ age: 41 }}, found {found}"))
                });
                Vec::new()
            }
        }
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A short description of a value's type (and the value, if it is short), for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        // YAML reads `1e3` and `12.0` as decimal numbers, which are shown as `1000.0`.
        Value::Number(n) if n.is_f64() => format!("the decimal number `{n}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() <= 30 => format!("`{s}`"),
        Value::String(_) => "a text".into(),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

/// Parses YAML text into a value, or one located syntax diagnostic.
/// `line_offset` shifts lines for front matter that starts below line 1.
pub fn parse(text: &str, file: &str, line_offset: usize) -> Result<Value, Diagnostic> {
    // Editors on Windows may save a byte order mark; it is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Err(((line, column), message)) = prescan(text) {
        return Err(Diagnostic::error(file, line + line_offset, column, message));
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        if let Some(((line, column), message)) = unclosed_flow(&e.to_string()) {
            return Diagnostic::error(file, line + line_offset, column, message);
        }
        let mut message = e.to_string();
        // serde_yaml appends " at line X column Y"; we print the position in front.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        // For these two serde_yaml points at the document or gives nothing; we do better.
        let ours = (message.contains("duplicate entry") || message.contains("repetition limit"))
            .then(|| locate_syntax(text, &message))
            .flatten();
        // libyaml counts U+0085, U+2028 and U+2029 as line breaks (YAML 1.1); editors do
        // not. Its byte index is exact: turn that into our line and column.
        let position = ours.or_else(|| {
            e.location().map(|l| {
                if text.is_char_boundary(l.index()) {
                    LineIndex::new(text).position(l.index())
                } else {
                    (l.line(), l.column())
                }
            })
        });
        let message = match too_large_number(&message) {
            Some(rewritten) => rewritten,
            None => format!("invalid YAML: {message}"),
        };
        // The prescan finds a second document by its marker; libyaml also starts one at
        // a byte order mark inside the text (a file pasted after another).
        let (position, message) = match position {
            None if message.contains("more than one document") => second_document(text),
            _ => (position, message),
        };
        match position {
            Some((line, column)) => Diagnostic::error(file, line + line_offset, column, message),
            None => Diagnostic::file_error(file, message),
        }
    })
}

/// Where a text that serde_yaml reads as several documents starts its second one.
fn second_document(text: &str) -> (Option<(usize, usize)>, String) {
    if let Err((at, message)) = scan(text) {
        return (Some(at), message);
    }
    // libyaml also starts one at a byte order mark inside the text (a file pasted after
    // another), and after a complete value that more text follows.
    match text.find('\u{feff}') {
        Some(at) => (
            Some(LineIndex::new(text).position(at)),
            "a byte order mark (U+FEFF) inside the text starts a second YAML document: remove it"
                .into(),
        ),
        None => (
            Some((1, 1)),
            "invalid YAML: the text reads as more than one document (a value followed by more text?); a content file holds one YAML document".into(),
        ),
    }
}

/// Deepest nesting of lists and mappings a content file may have (a journey needs five).
const MAX_DEPTH: usize = 128;
/// Values a file's aliases may expand to: far above any real file, far below a bomb.
const MAX_EXPANDED: usize = 100_000;

/// One linear pass over the YAML events before serde_yaml builds anything, for what it
/// handles badly: nesting past [`MAX_DEPTH`] (libyaml scans deep flow nesting in quadratic
/// time before it fails), aliases expanding past [`MAX_EXPANDED`] (memory), and a second
/// document (its own message has no position). Other syntax errors are left to serde_yaml.
fn prescan(text: &str) -> Result<(), ((usize, usize), String)> {
    // Without these a text is none of the three: too few flow brackets to nest that deep
    // (block nesting is fast for serde_yaml), no alias, no later document marker.
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_DEPTH
        && !text.contains('*')
        && !text.contains("\n---")
        && !text.contains("\n...")
    {
        return Ok(());
    }
    scan(text)
}

/// The event pass of [`prescan`], for any text.
fn scan(text: &str) -> Result<(), ((usize, usize), String)> {
    let mut parser = Parser::new_from_str(text);
    // Expanded size of each anchored node, and for each open collection its anchor and
    // the expanded count at its start.
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut expanded = 0usize;
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(event) => event,
            Err(e) if e.info().contains("recursion limit") => {
                // The scanner reads ahead (a flow collection may be a key) and stops at
                // its own limit before the events reach ours.
                let at = e.marker();
                return Err((
                    (at.line(), at.col() + 1),
                    "invalid YAML: lists and mappings nested too deep (recursion limit exceeded)"
                        .into(),
                ));
            }
            Err(_) => return Ok(()),
        };
        let at = (span.start.line(), span.start.col() + 1);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err((
                        at,
                        format!(
                            "a content file holds one YAML document; this `---` at line {} starts a second (remove it, or start a new file)",
                            at.0
                        ),
                    ));
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err((
                        at,
                        format!(
                            "invalid YAML: lists and mappings nested more than {MAX_DEPTH} levels deep (recursion limit exceeded)"
                        ),
                    ));
                }
                open.push((anchor, expanded));
                expanded += 1;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop()
                    && anchor != 0
                {
                    anchors.insert(anchor, expanded - start);
                }
            }
            Event::Scalar(_, _, anchor, _) => {
                if anchor != 0 {
                    anchors.insert(anchor, 1);
                }
                expanded += 1;
            }
            Event::Alias(anchor) => {
                expanded += anchors.get(&anchor).copied().unwrap_or(1);
                if expanded > MAX_EXPANDED {
                    return Err((
                        at,
                        format!(
                            "invalid YAML: aliases expand to more than {MAX_EXPANDED} values (repetition limit exceeded)"
                        ),
                    ));
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

/// An open `[` or `{` that is never closed: libyaml notices at the next line (or at the
/// end of the front matter), but names where the list began; point there.
fn unclosed_flow(message: &str) -> Option<((usize, usize), String)> {
    let (closing, rest) = if message.contains("did not find expected ',' or ']'") {
        (
            "]",
            message
                .split_once("while parsing a flow sequence at line ")?
                .1,
        )
    } else if message.contains("did not find expected ',' or '}'") {
        (
            "}",
            message
                .split_once("while parsing a flow mapping at line ")?
                .1,
        )
    } else {
        return None;
    };
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let opening = if closing == "]" { "[" } else { "{" };
    Some((
        (line.trim().parse().ok()?, column.parse().ok()?),
        format!(
            "invalid YAML: the `{opening}` opened here is not closed: add `{closing}` at the end of the list"
        ),
    ))
}

/// serde_yaml reports integers beyond 64 bits as a type error on an internal u128.
fn too_large_number(message: &str) -> Option<String> {
    let (path, rest) = message.split_once(": invalid type: integer `")?;
    let (number, tail) = rest.split_once('`')?;
    (tail.contains("128")).then(|| format!("`{path}`: the number {number} is too large"))
}

/// A position for serde_yaml errors that come without one: the second of two duplicate
/// keys, or the first alias of an alias bomb.
fn locate_syntax(text: &str, message: &str) -> Option<(usize, usize)> {
    let duplicate = message.contains("duplicate entry");
    let mut maps: Vec<Option<Vec<String>>> = Vec::new();
    // Per open collection: whether the next scalar in this mapping is a key.
    let mut expecting_key: Vec<bool> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let pos = (span.start.line(), span.start.col() + 1);
        let is_key = expecting_key.last().copied().unwrap_or(false);
        match &event {
            Event::Alias(_) if !duplicate => return Some(pos),
            Event::Scalar(value, ..) if is_key && duplicate => {
                if let Some(Some(keys)) = maps.last_mut() {
                    if keys.iter().any(|k| k == value.as_ref()) {
                        return Some(pos);
                    }
                    keys.push(value.to_string());
                }
            }
            _ => {}
        }
        // Flip key/value for the enclosing mapping once a node starts.
        if matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        ) && let Some(k) = expecting_key.last_mut()
            && maps.last().is_some_and(Option::is_some)
        {
            *k = !*k;
        }
        match event {
            Event::MappingStart(..) => {
                maps.push(Some(Vec::new()));
                expecting_key.push(true);
            }
            Event::SequenceStart(..) => {
                maps.push(None);
                expecting_key.push(false);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                maps.pop();
                expecting_key.pop();
            }
            _ => {}
        }
    }
    None
}

#[derive(Debug, Clone, Copy, Default)]
struct Spot {
    key: Option<(usize, usize)>,
    value: (usize, usize),
}

/// An open collection while walking the events.
enum Frame {
    Map {
        expecting_key: bool,
        key: Option<(String, (usize, usize))>,
    },
    Seq {
        next: usize,
    },
}

/// Called at the start of each node: decides its path (or records it as a key).
/// Returns false when the node is a mapping key scalar.
fn begin(
    frames: &mut [Frame],
    path: &mut Vec<Segment>,
    spots: &mut HashMap<Vec<Segment>, Spot>,
    pos: (usize, usize),
    scalar: Option<&str>,
) -> bool {
    match frames.last_mut() {
        Some(Frame::Map { expecting_key, key }) if *expecting_key => {
            *key = Some((scalar.unwrap_or_default().to_string(), pos));
            *expecting_key = false;
            false
        }
        Some(Frame::Map { expecting_key, key }) => {
            let (name, key_pos) = key.take().unwrap_or_default();
            *expecting_key = true;
            path.push(Segment::Key(name));
            spots.insert(
                path.clone(),
                Spot {
                    key: Some(key_pos),
                    value: pos,
                },
            );
            true
        }
        Some(Frame::Seq { next }) => {
            path.push(Segment::Index(*next));
            *next += 1;
            spots.insert(
                path.clone(),
                Spot {
                    key: None,
                    value: pos,
                },
            );
            true
        }
        None => {
            spots.insert(
                Vec::new(),
                Spot {
                    key: None,
                    value: pos,
                },
            );
            true
        }
    }
}

/// Positions of every node of a YAML text, by path (1-based line and column).
fn node_positions(text: &str) -> HashMap<Vec<Segment>, Spot> {
    let mut spots = HashMap::new();
    let mut path: Vec<Segment> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);

    while let Some(Ok((event, span))) = parser.next_event() {
        let pos = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(..) | Event::Alias(_) => {
                let scalar = match &event {
                    Event::Scalar(value, ..) => Some(value.as_ref()),
                    _ => None,
                };
                // A scalar value ends where it starts: leave its path right away.
                if begin(&mut frames, &mut path, &mut spots, pos, scalar) && !frames.is_empty() {
                    path.pop();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_value = begin(&mut frames, &mut path, &mut spots, pos, None);
                if !is_value {
                    // A complex key: track it so its end pops nothing.
                    path.push(Segment::Key(String::new()));
                }
                frames.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        expecting_key: true,
                        key: None,
                    }
                } else {
                    Frame::Seq { next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                if !frames.is_empty() {
                    path.pop();
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    spots
}

/// Turns the problems of one YAML text into diagnostics at their line and column.
pub(crate) fn locate(
    problems: Vec<Problem>,
    text: &str,
    file: &str,
    line_offset: usize,
) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let spots = node_positions(text);
    problems
        .into_iter()
        .map(|problem| {
            // The nearest existing ancestor, for paths of fields that are missing.
            let mut path = problem.path.as_slice();
            let mut exact = true;
            let spot = loop {
                if let Some(spot) = spots.get(path) {
                    break *spot;
                }
                if path.is_empty() {
                    break Spot {
                        key: None,
                        value: (1, 1),
                    };
                }
                path = &path[..path.len() - 1];
                exact = false;
            };
            let (line, column) = match (problem.at, spot.key) {
                (At::Key, Some(key)) if exact => key,
                (_, Some(key)) if !exact => key,
                _ => spot.value,
            };
            Diagnostic {
                file: file.to_string(),
                line: line + line_offset,
                column,
                severity: problem.severity,
                message: problem.message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str, path: Vec<Segment>, at: At) -> (usize, usize) {
        let problem = Problem {
            path,
            at,
            severity: Severity::Error,
            message: "m".into(),
        };
        let d = &locate(vec![problem], text, "f.yaml", 0)[0];
        (d.line, d.column)
    }

    fn key(k: &str) -> Segment {
        Segment::Key(k.into())
    }

    #[test]
    fn locates_keys_and_values_in_block_style() {
        let text = "title: T\nstages:\n  - stage: awareness\n    count: 12k\n  - stage: decision\n";
        assert_eq!(located(text, vec![key("title")], At::Key), (1, 1));
        assert_eq!(located(text, vec![key("title")], At::Value), (1, 8));
        assert_eq!(
            located(
                text,
                vec![key("stages"), Segment::Index(0), key("count")],
                At::Value
            ),
            (4, 12)
        );
        assert_eq!(
            located(
                text,
                vec![key("stages"), Segment::Index(1), key("stage")],
                At::Value
            ),
            (5, 12)
        );
    }

    #[test]
    fn locates_inside_flow_collections() {
        let text = "goals: [a, b, {x: 1}]\ndemographics: { age: 41, city: Gent }\n";
        assert_eq!(
            located(text, vec![key("goals"), Segment::Index(2)], At::Value),
            (1, 15)
        );
        assert_eq!(
            located(text, vec![key("demographics"), key("city")], At::Key),
            (2, 26)
        );
    }

    #[test]
    fn missing_fields_point_at_the_nearest_parent_key() {
        let text = "stages:\n  - count: 3\n";
        // stages[0].stage is missing: point at the list item.
        assert_eq!(
            located(
                text,
                vec![key("stages"), Segment::Index(0), key("stage")],
                At::Value
            ),
            (2, 5)
        );
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let d = parse("title: [unclosed\n", "j.yaml", 0).unwrap_err();
        assert_eq!(d.file, "j.yaml");
        assert!(d.line >= 1);
        assert!(d.message.starts_with("invalid YAML"));
        assert!(!d.message.contains(" at line "));
    }

    #[test]
    fn errors_without_a_position_get_one() {
        let d = parse("title: A\ntitle: B\n", "j.yaml", 0).unwrap_err();
        assert_eq!((d.line, d.column), (2, 1), "{d}");
        let d = parse("a:\n  b: 1\n  c: {x: 1, x: 2}\n", "j.yaml", 0).unwrap_err();
        assert_eq!((d.line, d.column), (3, 13), "{d}");
        let d = parse("count: 99999999999999999999\n", "j.yaml", 0).unwrap_err();
        assert!(
            d.message.contains("99999999999999999999 is too large"),
            "{d}"
        );
        assert!(parse("\u{feff}title: x\n", "j.yaml", 0).is_ok());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_fail_cleanly() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&bomb, "b.yaml", 0).is_err());
        let deep = "[".repeat(20_000);
        assert!(parse(&deep, "d.yaml", 0).is_err());
    }

    /// Inputs serde_yaml took 30 s to 84 s (deep flow nesting) or over 1 GB (a bomb over a
    /// deep node) to reject: each now fails at once, at its place.
    #[test]
    fn deep_nesting_and_alias_bombs_fail_fast_and_located() {
        let n = 100_000;
        let cases = [
            // Mappings are scanned ahead for their keys: the scanner's own limit (256) hits first.
            ("{a: ".repeat(n), (3, 1021)),
            (format!("title: x\nstages: {}", "[".repeat(n)), (4, 264)),
            (format!("{}{}", "[".repeat(n), "]".repeat(n)), (3, 256)),
            (format!("{}x\n", "- ".repeat(5_000)), (3, 257)),
        ];
        for (text, at) in cases {
            let started = std::time::Instant::now();
            let d = parse(&text, "d.yaml", 2).unwrap_err();
            assert!(d.message.contains("recursion limit exceeded"), "{d}");
            assert_eq!((d.line, d.column), at, "{d}");
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
        }
        // An anchor on a deep (but allowed) node, repeated: bounded before it is built.
        let mut bomb = format!("a: &a {}x{}\n", "[".repeat(100), "]".repeat(100));
        for i in 0..20 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let d = parse(&bomb, "b.yaml", 0).unwrap_err();
        assert!(d.message.contains("aliases expand"), "{d}");
        assert!(d.line > 1 && d.line < 10, "{d}");
    }

    #[test]
    fn a_byte_order_mark_inside_the_text_is_located() {
        let d = parse("\u{feff}\u{feff}title: x\npersona: y\n", "j.yaml", 0).unwrap_err();
        assert_eq!((d.line, d.column), (1, 1), "{d}");
        assert!(d.message.contains("byte order mark"), "{d}");
        // Text after a complete value: still located.
        let d = parse("''0", "j.yaml", 0).unwrap_err();
        assert_eq!((d.line, d.column), (1, 1), "{d}");
        // At the start of a later line libyaml's own error is located.
        let d = parse("title: x\n\u{feff}persona: y\n", "j.yaml", 1).unwrap_err();
        assert_eq!(d.line, 3, "{d}");
    }

    #[test]
    fn unicode_line_separators_do_not_shift_lines() {
        let text = "title: a\u{2028}b\u{2029}c\u{85}d\nstages: [x\n";
        let d = parse(text, "j.yaml", 0).unwrap_err();
        assert!(d.line <= 2, "{d}");
    }

    #[test]
    fn an_open_flow_list_is_located_where_it_opens() {
        let d = parse("name: Jane\nrole: [a, b\ngoals: [x]\n", "p.md", 1).unwrap_err();
        assert_eq!((d.line, d.column), (3, 7), "{d}");
        assert!(d.message.contains("`[` opened here is not closed"), "{d}");
        let d = parse("name: Jane\ndemographics: { age: 41\n", "p.md", 0).unwrap_err();
        assert_eq!(d.line, 2, "{d}");
        assert!(d.message.contains("add `}`"), "{d}");
    }

    #[test]
    fn a_second_document_is_located_at_its_marker() {
        let d = parse("title: x\nstages: []\n---\ntitle: y\n", "j.yaml", 0).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1), "{d}");
        assert!(d.message.contains("one YAML document"), "{d}");
        assert!(d.message.contains("at line 3"), "{d}");
        assert!(parse("---\ntitle: x\n", "j.yaml", 0).is_ok());
        assert!(parse("title: x\n...\n", "j.yaml", 0).is_ok());
    }

    #[test]
    fn checker_reports_unknown_fields_with_suggestions() {
        let value: Value = serde_yaml::from_str("nmae: Jane\nrole: x\n").unwrap();
        let mut c = Checker::new();
        let map = c.mapping(&value, "a mapping").unwrap();
        c.fields(map, &["name", "role"], "persona");
        assert_eq!(c.problems.len(), 1);
        assert!(c.problems[0].message.contains("did you mean `name`"));
        assert_eq!(c.problems[0].path, vec![key("nmae")]);
    }
}
