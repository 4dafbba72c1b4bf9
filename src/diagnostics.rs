//! Problems found in a report, reported the same way everywhere:
//! `error: path:line:col: message`, sorted by file and position, all of them in one run.

use std::fmt;

use serde::Serialize;

/// How bad a problem is: errors fail the run (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file of the report (path relative to the report root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file (e.g. it is missing).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    /// A problem with a file as a whole (unreadable, misplaced, missing).
    pub(crate) fn file_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::error(file, 0, 0, message)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(f, "{label}: {}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{label}: {}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// Sorts by file, then position, so output is stable and easy to read.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The JSON form of `check --format json`, for editors and CI.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string())
}

/// The form of `check --format github`: one GitHub Actions workflow command per diagnostic
/// (`::error file=…,line=…,col=…::message`), so a CI run annotates the pull request at the
/// line. `path` turns a diagnostic's report-relative file into the path from the folder
/// the workflow runs in (the repository root), which is what GitHub matches.
pub fn to_github(diagnostics: &[Diagnostic], path: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={}", github_property(&path(&d.file)));
        if d.line > 0 {
            properties.push_str(&format!(",line={},col={}", d.line, d.column));
        }
        out.push_str(&format!(
            "::{command} {properties}::{}\n",
            github_data(&d.message)
        ));
    }
    out
}

/// Escapes a workflow command's message as the runner decodes it: `%`, CR and LF.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as the message, and `:` and `,`, which
/// end a property.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A source frame under a diagnostic, as rustc prints on a terminal.
pub fn frame(diagnostic: &Diagnostic, source: &str) -> Option<String> {
    if diagnostic.line == 0 {
        return None;
    }
    let text = source.lines().nth(diagnostic.line - 1)?;
    let number = diagnostic.line.to_string();
    let pad = " ".repeat(number.len());
    // A long line (minified data, a 1 MB paste) is cut to a window around the column, so
    // one diagnostic never floods the terminal.
    let column = diagnostic.column.saturating_sub(1);
    let length = text.chars().count();
    let start = if length > FRAME_WIDTH {
        column
            .saturating_sub(FRAME_WIDTH / 2)
            .min(length - FRAME_WIDTH)
    } else {
        0
    };
    let shown: String = text.chars().skip(start).take(FRAME_WIDTH).collect();
    let before = if start > 0 { "…" } else { "" };
    let after = if start + FRAME_WIDTH < length {
        "…"
    } else {
        ""
    };
    let caret_pad: String = before
        .chars()
        .chain(shown.chars().take(column.saturating_sub(start)))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!(
        "{pad} |\n{number} | {before}{shown}{after}\n{pad} | {caret_pad}^"
    ))
}

/// How many characters of a source line a frame shows at most.
const FRAME_WIDTH: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_the_contract_form() {
        let d = Diagnostic::error("content/journeys/jane.yaml", 12, 5, "unknown stage");
        assert_eq!(
            d.to_string(),
            "error: content/journeys/jane.yaml:12:5: unknown stage"
        );
        let w = Diagnostic::warning("a.yaml", 3, 1, "big");
        assert_eq!(w.to_string(), "warning: a.yaml:3:1: big");
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut v = vec![
            Diagnostic::error("b", 1, 1, "x"),
            Diagnostic::error("a", 9, 1, "x"),
            Diagnostic::warning("a", 2, 4, "x"),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, [("a", 2), ("a", 9), ("b", 1)]);
    }

    #[test]
    fn frame_points_at_the_column() {
        let d = Diagnostic::error("f", 2, 3, "m");
        let f = frame(&d, "one\nabcdef\n").unwrap();
        assert!(f.contains("2 | abcdef"));
        assert!(f.ends_with("|   ^"));
    }

    #[test]
    fn frame_of_a_huge_line_is_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500_000), "b".repeat(500_000));
        let d = Diagnostic::error("f", 1, 500_001, "m");
        let f = frame(&d, &line).unwrap();
        assert!(f.len() < 400, "{} bytes", f.len());
        let lines: Vec<&str> = f.lines().collect();
        let x = lines[1].find('X').unwrap();
        let caret = lines[2].find('^').unwrap();
        assert_eq!(
            lines[1][..x].chars().count(),
            lines[2][..caret].chars().count(),
            "{f}"
        );
        assert!(
            lines[1].contains("…aaa") && lines[1].ends_with("bbb…"),
            "{f}"
        );
        // Near the start, nothing is cut before the column.
        let f = frame(&Diagnostic::error("f", 1, 3, "m"), &line).unwrap();
        assert!(f.lines().nth(1).unwrap().starts_with("1 | aaa"), "{f}");
        assert!(f.ends_with("|   ^"), "{f}");
    }

    #[test]
    fn github_commands_escape_data_and_properties() {
        let list = [
            Diagnostic::error("content/a,b:c.yaml", 12, 5, "100% wrong\r\nnext"),
            Diagnostic::warning("book.toml", 0, 0, "whole file"),
        ];
        let out = to_github(&list, |f| format!("report/{f}"));
        assert_eq!(
            out,
            "::error file=report/content/a%2Cb%3Ac.yaml,line=12,col=5::100%25 wrong%0D%0Anext\n\
             ::warning file=report/book.toml::whole file\n"
        );
    }
}
