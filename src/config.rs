//! book.toml: parsed with spans so every unknown key and bad value is reported at its line.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Language};
use crate::paths;
use crate::source::LineIndex;
use crate::stages::{self, Models, Stage, StageModel};
use crate::suggest;

pub(crate) const FILE: &str = "book.toml";

/// The keys each table of book.toml takes: the loader rejects any other, and
/// `journeybook schema` builds book.toml's schema from the same lists.
pub(crate) mod keys {
    pub(crate) const TOP: &[&str] = &["book", "build", "output", "journey"];
    pub(crate) const BOOK: &[&str] =
        &["title", "authors", "description", "date", "language", "src"];
    pub(crate) const BUILD: &[&str] = &["build-dir"];
    pub(crate) const OUTPUT: &[&str] = &["html"];
    pub(crate) const HTML: &[&str] = &[
        "theme",
        "accent-color",
        "logo",
        "print",
        "raw-html",
        "site-url",
        "noindex",
        "search",
    ];
    pub(crate) const JOURNEY: &[&str] = &["model", "models"];
    pub(crate) const MODEL: &[&str] = &["id", "stages"];
    pub(crate) const MODEL_STAGE: &[&str] = &["id", "name", "group"];
}

/// Validated configuration of one report.
#[derive(Debug, Clone, Hash)]
pub struct Config {
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    /// `[book] date`, as written ("juni 2026"): the cover and the footer show it; never
    /// the build time, so output stays deterministic.
    pub date: Option<String>,
    pub language: Language,
    /// Content folder, relative to the report root.
    pub src: PathBuf,
    /// Output folder, relative to the report root.
    pub build_dir: PathBuf,
    pub theme: String,
    pub accent_color: Option<String>,
    /// Logo path relative to the report root (checked to exist inside it).
    pub logo: Option<PathBuf>,
    pub print: bool,
    /// Raw HTML in markdown passes through (default); false shows it as text.
    pub raw_html: bool,
    /// Where the site is published (`[output.html] site-url`), always ending in `/`:
    /// sitemap.xml, canonical links and the 404 page's absolute links.
    pub site_url: Option<String>,
    /// Ask search engines to keep out: a robots meta tag and a robots.txt.
    pub noindex: bool,
    /// Client-side search on every page.
    pub search: bool,
    pub default_model: String,
    pub models: Models,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            authors: Vec::new(),
            description: None,
            date: None,
            language: Language::default(),
            src: PathBuf::from("content"),
            build_dir: PathBuf::from("public"),
            theme: "default".into(),
            accent_color: None,
            logo: None,
            print: true,
            raw_html: true,
            site_url: None,
            noindex: false,
            search: true,
            default_model: "five".into(),
            models: Models::default(),
        }
    }
}

pub(crate) type Table<'i> = DeTable<'i>;
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// Collects the problems of a TOML file (book.toml, an i18n file) while reading it.
pub(crate) struct Reader<'t> {
    /// The file, relative to the report root.
    file: String,
    lines: LineIndex<'t>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    /// A reader of `text`, and its TOML document unless it has syntax errors (each of
    /// them is reported at its place).
    pub(crate) fn parse(file: &str, text: &'t str) -> (Self, Option<Spanned<DeTable<'t>>>) {
        let mut reader = Reader {
            file: file.to_string(),
            lines: LineIndex::new(text),
            diagnostics: Vec::new(),
        };
        let (document, syntax_errors) = DeTable::parse_recoverable(text);
        for error in &syntax_errors {
            let offset = error.span().map_or(0, |s| s.start);
            let message = error.message().trim().trim_end_matches('.').to_string();
            reader.error_at(offset, format!("invalid TOML: {message}"));
        }
        let document = syntax_errors.is_empty().then_some(document);
        (reader, document)
    }
}

impl Reader<'_> {
    pub(crate) fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        let (line, column) = self.lines.position(offset);
        self.diagnostics
            .push(Diagnostic::error(&self.file, line, column, message));
    }

    /// Reports keys of `table` not in `allowed`, with a suggestion.
    pub(crate) fn known_keys(&mut self, table: &Table, allowed: &[&str], section: &str) {
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let name = key.get_ref();
                let hint = suggest::hint(name, allowed.iter().copied());
                let message = if section.is_empty() {
                    format!("unknown section `{name}`{hint}")
                } else {
                    format!("unknown key `{name}` in [{section}]{hint}")
                };
                self.error_at(key.span().start, message);
            }
        }
    }

    pub(crate) fn get<'a, 'i>(table: &'a Table<'i>, key: &str) -> Option<&'a Value<'i>> {
        table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    pub(crate) fn table<'a, 'i>(
        &mut self,
        parent: &'a Table<'i>,
        key: &str,
    ) -> Option<&'a Table<'i>> {
        let value = Self::get(parent, key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.error_at(
                    value.span().start,
                    format!("`{key}` must be a table ([{key}])"),
                );
                None
            }
        }
    }

    pub(crate) fn string(&mut self, table: &Table, key: &str) -> Option<(String, usize)> {
        let value = Self::get(table, key)?;
        match value.get_ref() {
            DeValue::String(s) => Some((s.to_string(), value.span().start)),
            _ => {
                self.error_at(value.span().start, format!("`{key}` must be a string"));
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str) -> Option<bool> {
        let value = Self::get(table, key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.error_at(value.span().start, format!("`{key}` must be true or false"));
                None
            }
        }
    }

    fn string_list(&mut self, table: &Table, key: &str) -> Vec<String> {
        let Some(value) = Self::get(table, key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(s.to_string()),
                        _ => self.error_at(
                            item.span().start,
                            format!("`{key}` must be a list of strings"),
                        ),
                    }
                }
                out
            }
            _ => {
                self.error_at(
                    value.span().start,
                    format!("`{key}` must be a list of strings, e.g. [\"Kiwi Agency\"]"),
                );
                Vec::new()
            }
        }
    }

    /// A path inside the report root; `must_exist` checks the file is there.
    fn path(&mut self, root: &Path, table: &Table, key: &str, must_exist: bool) -> Option<PathBuf> {
        let (text, offset) = self.string(table, key)?;
        match paths::relative_inside(&text) {
            Err(message) => {
                self.error_at(offset, format!("`{key}`: {message}"));
                None
            }
            Ok(relative) => {
                let full = root.join(&relative);
                if must_exist && !full.is_file() {
                    self.error_at(
                        offset,
                        format!("`{key}`: file `{text}` not found in the report folder"),
                    );
                    None
                } else if must_exist && !paths::resolves_inside(root, &full) {
                    self.error_at(
                        offset,
                        format!("`{key}`: `{text}` resolves outside the report folder"),
                    );
                    None
                } else {
                    Some(relative)
                }
            }
        }
    }
}

/// Reads and validates `root/book.toml`; any problem is an error.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    match load_partial(root) {
        (Some(config), diagnostics) if diagnostics.is_empty() => Ok(config),
        (_, diagnostics) => Err(diagnostics),
    }
}

/// The outcome of reading book.toml: the config, when it is good enough to check the
/// content with (a bad colour or logo is; a bad model or `src` is not), and its problems.
pub(crate) type Partial = (Option<Config>, Vec<Diagnostic>);

/// Reads book.toml keeping what can be used despite errors, so one run reports the
/// problems of the config and of the content together.
pub(crate) fn load_partial(root: &Path) -> Partial {
    match read(root) {
        Ok(text) => parse_partial(root, &text),
        Err(diagnostic) => (None, vec![diagnostic]),
    }
}

fn read(root: &Path) -> Result<String, Diagnostic> {
    read_toml(root, FILE).map_err(|e| {
        e.unwrap_or_else(|| {
            Diagnostic::file_error(
                FILE,
                "not found: a report folder needs a book.toml (create one with `journeybook init`)",
            )
        })
    })
}

/// The text of the TOML file `rel` of the report; Err(None) when it does not exist.
pub(crate) fn read_toml(root: &Path, rel: &str) -> Result<String, Option<Diagnostic>> {
    let path = root.join(rel);
    // A FIFO or device would block the read forever.
    if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(Some(Diagnostic::error(
            rel,
            1,
            1,
            format!("not a regular file: {rel} must be a plain text file"),
        )));
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
        Err(e) => {
            return Err(Some(Diagnostic::file_error(
                rel,
                format!("cannot read: {e}"),
            )));
        }
    };
    crate::source::decode(bytes).map_err(|(line, column)| {
        Some(Diagnostic::error(
            rel,
            line,
            column,
            "file is not valid UTF-8",
        ))
    })
}

/// Validates book.toml text; `root` is used to check paths.
pub fn parse(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    match parse_partial(root, text) {
        (Some(config), diagnostics) if diagnostics.is_empty() => Ok(config),
        (_, diagnostics) => Err(diagnostics),
    }
}

fn parse_partial(root: &Path, text: &str) -> Partial {
    let (mut reader, document) = Reader::parse(FILE, text);
    let Some(document) = document else {
        return (None, reader.diagnostics);
    };
    let top = document.get_ref();
    let mut config = Config::default();
    reader.known_keys(top, keys::TOP, "");
    // Problems that make the content impossible to check: no [book], a bad `src`, models.
    let mut blocking = read_book(&mut reader, root, top, &mut config);
    read_build(&mut reader, root, top, &mut config);
    read_output(&mut reader, root, top, &mut config);
    let before_models = reader.diagnostics.len();
    read_journey(&mut reader, top, &mut config);
    blocking |= reader.diagnostics.len() > before_models;
    (
        if blocking { None } else { Some(config) },
        reader.diagnostics,
    )
}

/// `[book]`; true when a problem stops the content from being checked.
fn read_book(reader: &mut Reader, root: &Path, top: &Table, config: &mut Config) -> bool {
    let mut blocking = false;
    let book_key = top
        .iter()
        .find(|(k, _)| k.get_ref() == "book")
        .map_or(0, |(k, _)| k.span().start);
    match reader.table(top, "book") {
        None => {
            reader.error_at(0, "missing [book] section with a `title`");
            blocking = true;
        }
        Some(book) => {
            reader.known_keys(book, keys::BOOK, "book");
            match reader.string(book, "title") {
                Some((title, offset)) if title.trim().is_empty() => {
                    reader.error_at(offset, "`title` is empty")
                }
                Some((title, _)) => config.title = title,
                None if Reader::get(book, "title").is_none() => {
                    reader.error_at(book_key, "[book] needs a `title`");
                }
                None => {}
            }
            config.authors = reader.string_list(book, "authors");
            config.description = reader.string(book, "description").map(|(s, _)| s);
            config.date = reader
                .string(book, "date")
                .map(|(s, _)| s.trim().to_string())
                .filter(|s| !s.is_empty());
            if let Some((code, offset)) = reader.string(book, "language") {
                match i18n::file::language(root, &code) {
                    Ok(language) => config.language = language,
                    Err(i18n::file::Problem::Code(message)) => reader.error_at(offset, message),
                    Err(i18n::file::Problem::File(found)) => reader.diagnostics.extend(found),
                }
            }
            let before = reader.diagnostics.len();
            if let Some(src) = reader.path(root, book, "src", false) {
                if root.join(&src).is_dir() {
                    config.src = src;
                } else {
                    let offset = Reader::get(book, "src").map_or(0, |v| v.span().start);
                    let text = paths::slash(&src);
                    let hint = suggest::hint(&text, folders(root).iter().map(String::as_str));
                    reader.error_at(
                        offset,
                        format!(
                            "`src`: content folder `{text}` not found in the report folder{hint}"
                        ),
                    );
                }
            }
            blocking |= reader.diagnostics.len() > before;
        }
    }

    blocking
}

/// `[build]`.
fn read_build(reader: &mut Reader, root: &Path, top: &Table, config: &mut Config) {
    if let Some(build) = reader.table(top, "build") {
        reader.known_keys(build, keys::BUILD, "build");
        if let Some(dir) = reader.path(root, build, "build-dir", false) {
            let offset = Reader::get(build, "build-dir").map_or(0, |v| v.span().start);
            if dir.as_os_str().is_empty() {
                reader.error_at(offset, "`build-dir` may not be the report folder itself");
            } else if config.src.starts_with(&dir) || dir.starts_with(&config.src) {
                reader.error_at(
                    offset,
                    "`build-dir` may not contain or lie inside the content folder",
                );
            } else if let Some(copied) = crate::paths::COPIED_FOLDERS
                .iter()
                .find(|folder| dir.starts_with(folder))
            {
                reader.error_at(
                    offset,
                    format!("`build-dir` may not lie inside `{copied}/`: its files are copied into every build, so each build would copy the previous one"),
                );
            } else {
                config.build_dir = dir;
            }
        }
    }
}

/// `[output.html]`.
fn read_output(reader: &mut Reader, root: &Path, top: &Table, config: &mut Config) {
    if let Some(output) = reader.table(top, "output") {
        reader.known_keys(output, keys::OUTPUT, "output");
        if let Some(html) = reader.table(output, "html") {
            reader.known_keys(html, keys::HTML, "output.html");
            if let Some((theme, offset)) = reader.string(html, "theme") {
                if !paths::is_valid_id(&theme) {
                    reader.error_at(
                        offset,
                        format!("theme name `{theme}` must match [a-z0-9][a-z0-9_-]*"),
                    );
                } else {
                    if theme != "default" && !root.join("themes").join(&theme).is_dir() {
                        reader.error_at(
                            offset,
                            format!("theme `{theme}` not found: it is neither built in (\"default\") nor a folder themes/{theme}/"),
                        );
                    }
                    config.theme = theme;
                }
            }
            if let Some((color, offset)) = reader.string(html, "accent-color") {
                if is_hex_color(&color) {
                    config.accent_color = Some(color.to_lowercase());
                } else {
                    reader.error_at(
                        offset,
                        format!(
                            "`accent-color` must be a hex colour like \"#0b7a75\", got \"{color}\""
                        ),
                    );
                }
            }
            config.logo = reader.path(root, html, "logo", true);
            if let Some(print) = reader.boolean(html, "print") {
                config.print = print;
            }
            if let Some(raw_html) = reader.boolean(html, "raw-html") {
                config.raw_html = raw_html;
            }
            if let Some((url, offset)) = reader.string(html, "site-url") {
                match site_url(&url) {
                    Ok(url) => config.site_url = Some(url),
                    Err(message) => reader.error_at(offset, format!("`site-url`: {message}")),
                }
            }
            if let Some(noindex) = reader.boolean(html, "noindex") {
                config.noindex = noindex;
            }
            if let Some(search) = reader.boolean(html, "search") {
                config.search = search;
            }
        }
    }
}

/// A site URL as the output uses it: absolute http(s), no query or fragment, ending in `/`
/// so page paths can follow it (`https://x.com/kiwi` becomes `https://x.com/kiwi/`).
/// Also checks `build --base-url`.
pub fn site_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("`{url}` names no host"));
    }
    if let Some(bad) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>'))
    {
        return Err(format!(
            "`{url}` may not contain `{}`",
            bad.escape_default()
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// `[journey]`: the default model and custom models.
fn read_journey(reader: &mut Reader, top: &Table, config: &mut Config) {
    let mut custom = Vec::new();
    let mut default_model = None;
    if let Some(journey) = reader.table(top, "journey") {
        reader.known_keys(journey, keys::JOURNEY, "journey");
        default_model = reader.string(journey, "model");
        if let Some(models) = Reader::get(journey, "models") {
            match models.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        if let Some(model) = read_model(reader, item, &custom) {
                            custom.push(model);
                        }
                    }
                }
                _ => reader.error_at(
                    models.span().start,
                    "`models` must be a list of [[journey.models]] tables",
                ),
            }
        }
    }
    config.models = Models::new(custom);
    if let Some((model, offset)) = default_model {
        if config.models.get(&model).is_some() {
            config.default_model = model;
        } else {
            let hint = suggest::hint(&model, config.models.ids());
            reader.error_at(offset, format!("unknown stage model `{model}`{hint}"));
        }
    }
}

/// The folders at the top of the report, to suggest for a mistyped `src`.
fn folders(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| !paths::is_ignored_file(name))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn read_model(reader: &mut Reader, item: &Value, earlier: &[StageModel]) -> Option<StageModel> {
    let DeValue::Table(table) = item.get_ref() else {
        reader.error_at(
            item.span().start,
            "each [[journey.models]] entry must be a table with `id` and `stages`",
        );
        return None;
    };
    reader.known_keys(table, keys::MODEL, "journey.models");
    let Some((id, offset)) = reader.string(table, "id") else {
        if Reader::get(table, "id").is_none() {
            reader.error_at(item.span().start, "[[journey.models]] needs an `id`");
        }
        return None;
    };
    if !paths::is_valid_id(&id) {
        reader.error_at(
            offset,
            format!("model id `{id}` must match [a-z0-9][a-z0-9_-]*"),
        );
        return None;
    }
    if stages::BUILT_IN_IDS.contains(&id.as_str()) {
        reader.error_at(
            offset,
            format!("model id `{id}` is built in; choose another id"),
        );
        return None;
    }
    if earlier.iter().any(|m| m.id == id) {
        reader.error_at(offset, format!("model `{id}` is defined twice"));
        return None;
    }
    let Some(list) = Reader::get(table, "stages") else {
        reader.error_at(offset, format!("model `{id}` needs `stages`"));
        return None;
    };
    let DeValue::Array(entries) = list.get_ref() else {
        reader.error_at(
            list.span().start,
            "`stages` must be a list like [{ id = \"awareness\", name = \"Awareness\" }]",
        );
        return None;
    };
    if entries.is_empty() {
        reader.error_at(list.span().start, format!("model `{id}` has no stages"));
        return None;
    }
    let mut stages: Vec<Stage> = Vec::new();
    for entry in entries.iter() {
        let DeValue::Table(stage) = entry.get_ref() else {
            reader.error_at(
                entry.span().start,
                "each stage must be a table like { id = \"awareness\", name = \"Awareness\" }",
            );
            continue;
        };
        reader.known_keys(stage, keys::MODEL_STAGE, "journey.models.stages");
        let Some((stage_id, stage_offset)) = reader.string(stage, "id") else {
            if Reader::get(stage, "id").is_none() {
                reader.error_at(entry.span().start, "stage needs an `id`");
            }
            continue;
        };
        if !paths::is_valid_id(&stage_id) {
            reader.error_at(
                stage_offset,
                format!("stage id `{stage_id}` must match [a-z0-9][a-z0-9_-]*"),
            );
        } else if stages.iter().any(|s| s.id == stage_id) {
            reader.error_at(
                stage_offset,
                format!("stage `{stage_id}` appears twice in model `{id}`"),
            );
        }
        let name = reader.string(stage, "name").map(|(s, _)| s);
        let group = reader.string(stage, "group").map(|(s, _)| s);
        stages.push(Stage {
            id: stage_id,
            name,
            group,
        });
    }
    Some(StageModel { id, stages })
}

fn is_hex_color(text: &str) -> bool {
    let Some(hex) = text.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(Path::new("/nonexistent-root"), text)
    }

    #[test]
    fn full_config_is_read() {
        let config = parse_str(
            r##"
[book]
title = "Klantreis"
authors = ["Kiwi"]
date = "juni 2026"
language = "nl"
[build]
build-dir = "site"
[output.html]
accent-color = "#0B7A75"
print = false
[journey]
model = "kiwi"
[[journey.models]]
id = "kiwi"
stages = [{ id = "awareness", name = "Zien", group = "buyer" }, { id = "use" }]
"##,
        )
        .unwrap();
        assert_eq!(config.title, "Klantreis");
        assert_eq!(config.date.as_deref(), Some("juni 2026"));
        assert_eq!(config.language.code(), "nl");
        assert_eq!(config.build_dir, PathBuf::from("site"));
        assert_eq!(config.accent_color.as_deref(), Some("#0b7a75"));
        assert!(!config.print);
        assert_eq!(config.default_model, "kiwi");
        let kiwi = config.models.get("kiwi").unwrap();
        assert_eq!(kiwi.stages[0].name.as_deref(), Some("Zien"));
        assert_eq!(kiwi.stages[1].display_name(&config.language), "Gebruik");
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let errors = parse_str(
            "[book]\ntitle = \"x\"\nlanguge = \"nl\"\n[output.html]\nacent-color = \"#fff\"\n",
        )
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert_eq!(
            text[0],
            "error: book.toml:3:1: unknown key `languge` in [book] (did you mean `language`?)"
        );
        assert!(
            text[1].starts_with("error: book.toml:5:1: unknown key `acent-color` in [output.html]")
        );
        assert!(text[1].contains("did you mean `accent-color`"));
    }

    #[test]
    fn bad_values_are_located() {
        let errors =
            parse_str("[book]\ntitle = \"x\"\nlanguage = \"xx\"\n[journey]\nmodel = \"fiv\"\n")
                .unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.contains("unsupported language `xx`"));
        assert_eq!((errors[1].line, errors[1].column), (5, 9));
        assert!(errors[1].message.contains("did you mean `five`"));
    }

    #[test]
    fn missing_title_and_escaping_paths_are_errors() {
        let errors = parse_str("[book]\nsrc = \"../elsewhere\"\n").unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t.contains("needs a `title`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("book.toml:2:7") && t.contains("leaves the report folder")),
            "{text:?}"
        );
    }

    #[test]
    fn publishing_keys_are_read_and_site_url_checked() {
        let config = parse_str(
            "[book]\ntitle = \"x\"\n[output.html]\nsite-url = \"https://r.example.com/kiwi\"\nnoindex = true\nsearch = false\n",
        )
        .unwrap();
        assert_eq!(
            config.site_url.as_deref(),
            Some("https://r.example.com/kiwi/")
        );
        assert!(config.noindex && !config.search);
        let defaults = parse_str("[book]\ntitle = \"x\"\n").unwrap();
        assert!(defaults.site_url.is_none() && !defaults.noindex && defaults.search);
        let errors =
            parse_str("[book]\ntitle = \"x\"\n[output.html]\nsite-url = \"reports.example.com\"\n")
                .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 12));
        assert!(errors[0].message.contains("https://"), "{}", errors[0]);
        for bad in [
            "https://",
            "https://x.com/?a=1",
            "https://x.com/a b",
            "ftp://x.com/",
        ] {
            assert!(site_url(bad).is_err(), "{bad}");
        }
        assert_eq!(site_url("http://x.com/").unwrap(), "http://x.com/");
    }

    #[test]
    fn syntax_errors_are_located() {
        let errors = parse_str("[book]\ntitle = \"x\n").unwrap_err();
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.starts_with("invalid TOML"));
    }

    #[test]
    fn custom_models_may_not_shadow_built_in_ones() {
        let errors = parse_str(
            "[book]\ntitle = \"x\"\n[[journey.models]]\nid = \"five\"\nstages = [{ id = \"a\" }]\n",
        )
        .unwrap_err();
        assert!(errors[0].message.contains("built in"));
    }
}
