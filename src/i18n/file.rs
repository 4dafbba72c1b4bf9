//! A report's own language file, `i18n/<language>.toml` (SPEC §2): names for the built-in
//! stages and groups (`[stages]`), UI strings (`[ui]`) and the number format
//! (`[numbers]`). It makes any language possible (`language = "es"` once `i18n/es.toml`
//! exists) and lets a report rename what a built-in language calls a stage without a
//! custom model. Read with spans like book.toml, so a wrong key is an error at its line.

use std::collections::BTreeMap;
use std::path::Path;

use super::{BuiltIn, Custom, Language, Numbers};
use crate::config::{self, Reader, Table};
use crate::diagnostics::Diagnostic;
use crate::suggest;

/// Why `language` in book.toml gives no language.
pub(crate) enum Problem {
    /// The code itself: the message, for its place in book.toml.
    Code(String),
    /// The language's i18n file has problems, each located in it.
    File(Vec<Diagnostic>),
}

/// The folder of the language files, in the report folder.
pub(crate) const FOLDER: &str = "i18n";

/// `i18n/<code>.toml`.
pub(crate) fn path(code: &str) -> String {
    format!("{FOLDER}/{code}.toml")
}

/// The language `code` of book.toml: a built-in one, with the report's i18n file on top
/// when there is one.
pub(crate) fn language(root: &Path, code: &str) -> Result<Language, Problem> {
    if !is_code(code) {
        return Err(Problem::Code(format!(
            "`language` must be a language code such as \"fr\" or \"pt-BR\", got \"{code}\""
        )));
    }
    let rel = path(code);
    match config::read_toml(root, &rel) {
        Ok(text) => parse(code, &rel, &text).map_err(Problem::File),
        Err(Some(problem)) => Err(Problem::File(vec![problem])),
        Err(None) => Language::built_in(code).ok_or_else(|| {
            let known = written(root);
            let candidates = BuiltIn::CODES
                .iter()
                .copied()
                .chain(known.iter().map(String::as_str));
            Problem::Code(format!(
                "unsupported language `{code}`: built in are \"en\", \"nl\", \"fr\" and \"de\"; \
                 for another, write its names and strings in {rel}{}",
                suggest::hint(code, candidates)
            ))
        }),
    }
}

/// A language code: `es`, `pt-BR`, `zh-Hant` (it names a file and goes into `lang`).
fn is_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The languages the report has a file for, to suggest.
fn written(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root.join(FOLDER))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|name| name.strip_suffix(".toml").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Reads the text of `rel`, the file of language `code`.
pub(crate) fn parse(code: &str, rel: &str, text: &str) -> Result<Language, Vec<Diagnostic>> {
    let (mut reader, document) = Reader::parse(rel, text);
    let Some(document) = document else {
        return Err(reader.diagnostics);
    };
    let top = document.get_ref();
    reader.known_keys(top, &["stages", "ui", "numbers"], "");
    let mut custom = Custom {
        file: rel.to_string(),
        ..Custom::default()
    };
    if let Some(table) = reader.table(top, "stages") {
        let keys: Vec<(&str, &str)> = super::stage_keys().map(|k| (k, "")).collect();
        custom.stages = texts(&mut reader, table, "stages", &keys);
    }
    if let Some(table) = reader.table(top, "ui") {
        let keys: Vec<(&str, &str)> = super::ui_keys().collect();
        custom.ui = texts(&mut reader, table, "ui", &keys);
    }
    let numbers = reader
        .table(top, "numbers")
        .map(|table| numbers(&mut reader, table, code));
    if reader.diagnostics.is_empty() {
        Ok(Language::custom(code, custom, numbers))
    } else {
        crate::diagnostics::sort(&mut reader.diagnostics);
        Err(reader.diagnostics)
    }
}

/// The strings of `[section]`, whose keys are `allowed` (each with its English text, whose
/// `{placeholders}` are the only ones a translation may use).
fn texts(
    reader: &mut Reader,
    table: &Table,
    section: &str,
    allowed: &[(&str, &str)],
) -> BTreeMap<String, String> {
    let keys: Vec<&str> = allowed.iter().map(|(k, _)| *k).collect();
    reader.known_keys(table, &keys, section);
    let mut out = BTreeMap::new();
    for (key, english) in allowed {
        let Some((text, offset)) = reader.string(table, key) else {
            continue;
        };
        let known = placeholders(english);
        if section == "stages" && text.trim().is_empty() {
            reader.error_at(offset, format!("`{key}` is empty: give the stage a name"));
        } else if let Some(unknown) = placeholders(&text).into_iter().find(|p| !known.contains(p)) {
            let message = if known.is_empty() {
                format!(
                    "`{key}` has no blanks to fill in, so `{{{unknown}}}` would show as written"
                )
            } else {
                let list: Vec<String> = known.iter().map(|p| format!("`{{{p}}}`")).collect();
                format!(
                    "unknown blank `{{{unknown}}}` in `{key}`: it has {}{}",
                    list.join(", "),
                    suggest::hint(unknown, known.iter().copied())
                )
            };
            reader.error_at(offset, message);
        } else {
            out.insert(key.to_string(), text);
        }
    }
    out
}

/// The `{name}` blanks of a UI string.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_') =>
            {
                found.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// `[numbers]`: what it sets, the language's own format (English for a language
/// journeybook does not know) for the rest.
fn numbers(reader: &mut Reader, table: &Table, code: &str) -> Numbers {
    reader.known_keys(table, &["thousands", "decimal", "percent"], "numbers");
    let mut numbers = BuiltIn::from_code(code).unwrap_or_default().numbers();
    if let Some((text, _)) = reader.string(table, "thousands") {
        numbers.thousands = text;
    }
    if let Some((text, offset)) = reader.string(table, "decimal") {
        if text.is_empty() {
            reader.error_at(
                offset,
                "`decimal` is empty: give the decimal mark, e.g. \",\"",
            );
        } else {
            numbers.decimal = text;
        }
    }
    if let Some((text, offset)) = reader.string(table, "percent") {
        if text.matches("{n}").count() == 1 {
            numbers.percent = text;
        } else {
            reader.error_at(
                offset,
                "`percent` must hold `{n}` once, where the number goes, e.g. \"{n} %\"",
            );
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(text: &str) -> Result<Language, Vec<String>> {
        parse("es", "i18n/es.toml", text)
            .map_err(|found| found.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn stages_ui_and_numbers_are_read() {
        let lang = es(concat!(
            "[stages]\nawareness = \"Reconocimiento\"\nbuyer = \"Compra\"\n",
            "[ui]\npersonas = \"Perfiles\"\nmost_lost = \"{stage}: {lost} de {from}\"\n",
            "[numbers]\nthousands = \".\"\ndecimal = \",\"\npercent = \"{n} %\"\n",
        ))
        .unwrap();
        assert_eq!(lang.code(), "es");
        assert_eq!(lang.stage_name("awareness"), Some("Reconocimiento"));
        assert_eq!(lang.stage_name("decision"), Some("Decision"));
        assert_eq!(lang.group_name("buyer"), "Compra");
        assert_eq!(lang.ui("personas"), "Perfiles");
        assert_eq!(lang.ui("overview"), "Overview");
        assert_eq!(lang.integer(1234567), "1.234.567");
        assert_eq!(lang.percent(0.145), "14,5 %");
    }

    #[test]
    fn a_language_without_numbers_writes_them_as_english_does() {
        let lang = es("").unwrap();
        assert_eq!(lang.integer(12000), "12,000");
        assert_eq!(lang.percent(0.5), "50.0%");
    }

    #[test]
    fn unknown_keys_are_located_with_a_suggestion() {
        let errors =
            es("[stages]\nawarenes = \"R\"\n[ui]\n\npersonnas = \"P\"\n[number]\n").unwrap_err();
        assert_eq!(
            errors,
            [
                "error: i18n/es.toml:2:1: unknown key `awarenes` in [stages] (did you mean `awareness`?)",
                "error: i18n/es.toml:5:1: unknown key `personnas` in [ui] (did you mean `personas`?)",
                "error: i18n/es.toml:6:2: unknown section `number` (did you mean `numbers`?)",
            ]
        );
    }

    #[test]
    fn bad_values_are_located() {
        let errors = es(concat!(
            "[stages]\nuse = \"\"\n",
            "[ui]\nfinding_drop = \"{to} de {form}\"\noverview = \"{n}\"\npersonas = 3\n",
            "[numbers]\npercent = \"%\"\ndecimal = \"\"\n",
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(errors[0].starts_with("error: i18n/es.toml:2:7: `use` is empty"));
        assert!(
            errors[1].contains(":4:16: unknown blank `{form}`"),
            "{}",
            errors[1]
        );
        assert!(errors[1].contains("did you mean `from`"), "{}", errors[1]);
        assert!(
            errors[2].contains(":5:12: `overview` has no blanks"),
            "{}",
            errors[2]
        );
        assert!(errors[3].contains(":6:12: `personas` must be a string"));
        assert!(
            errors[4].contains(":8:11: `percent` must hold `{n}`"),
            "{}",
            errors[4]
        );
        assert!(
            errors[5].contains(":9:11: `decimal` is empty"),
            "{}",
            errors[5]
        );
    }

    #[test]
    fn a_built_in_language_keeps_what_the_file_leaves_out() {
        let lang = parse(
            "nl",
            "i18n/nl.toml",
            "[stages]\nawareness = \"Oriëntatie\"\n",
        )
        .unwrap();
        assert_eq!(lang.stage_name("awareness"), Some("Oriëntatie"));
        assert_eq!(lang.stage_name("decision"), Some("Beslissing"));
        assert_eq!(lang.ui("overview"), "Overzicht");
        assert_eq!(lang.integer(12000), "12.000");
        assert!(lang.untranslated(["decision"]).is_none());
    }

    #[test]
    fn codes_are_language_tags() {
        for good in ["es", "pt-BR", "zh-Hant", "gsw"] {
            assert!(is_code(good), "{good}");
        }
        for bad in ["", "e", "ES", "es/../x", "../es", "es_ES", "es-", "spanish"] {
            assert!(!is_code(bad), "{bad}");
        }
    }
}
