//! Loading a report folder: config, then every content file in parallel, then the
//! cross-file checks (journeys name personas). Every problem is collected, none stops the run.

pub(crate) mod counts;
pub mod frontmatter;
pub mod journey;
pub mod page;
pub mod persona;
pub mod yaml;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Document, Journey, Page, Persona, Report};
use crate::paths;
use crate::suggest;

/// The outcome of loading: a report when there are no errors, and all diagnostics.
pub struct Loaded {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A content file found on disk, before parsing.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub id: String,
    /// Path relative to the report root, with `/`.
    pub rel: String,
    pub path: PathBuf,
    /// Size and modification time when listed (taken before the file is read, so a
    /// change after the listing is seen by the next load).
    stamp: Option<Stamp>,
}

/// The folders of `content/` and the file extensions each takes.
const KINDS: [(&str, &[&str]); 3] = [
    ("personas", &["md"]),
    ("journeys", &["yaml", "yml"]),
    ("pages", &["md"]),
];

/// Loads and validates the report at `root`. Problems of book.toml that do not stop the
/// content from being checked are reported together with the content's.
pub fn load(root: &Path) -> Loaded {
    load_cached(root, &ParseCache::default(), &[]).0
}

/// Like [`load`], reusing the parse of every content file that is unchanged since
/// `previous` (same size and modification time, and not in `changed`); returns the cache
/// for the next load. Used by `serve` and `watch`.
pub(crate) fn load_cached(
    root: &Path,
    previous: &ParseCache,
    changed: &[PathBuf],
) -> (Loaded, ParseCache) {
    let (config, mut diagnostics) = config::load_partial(root);
    let Some(config) = config else {
        diagnostics::sort(&mut diagnostics);
        return (
            Loaded {
                report: None,
                diagnostics,
            },
            ParseCache::default(),
        );
    };
    let (mut loaded, cache) = load_with_cache(root, config, previous, changed);
    if !diagnostics.is_empty() {
        diagnostics.append(&mut loaded.diagnostics);
        diagnostics::sort(&mut diagnostics);
        if diagnostics::has_errors(&diagnostics) {
            loaded.report = None;
        }
        loaded.diagnostics = diagnostics;
    }
    (loaded, cache)
}

/// Parsed content files of the last load, by path, with the stamp of the file they came
/// from. Journeys also record what they were checked against (models, persona ids).
#[derive(Default)]
pub(crate) struct ParseCache {
    personas: HashMap<PathBuf, (Stamp, Parsed<Persona>)>,
    journeys: HashMap<PathBuf, (Stamp, u64, Parsed<Journey>)>,
}

type Parsed<T> = (Option<Arc<T>>, Vec<Diagnostic>);

/// Size and modification time: a file whose stamp is unchanged need not be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Self {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// The cached parse of `file`, if its file is unchanged.
fn reuse<T: Clone>(
    entry: Option<(Stamp, &T)>,
    file: &SourceFile,
    changed: &[PathBuf],
) -> Option<(Stamp, T)> {
    let (then, parsed) = entry?;
    let now = file.stamp?;
    (then == now && !changed.contains(&file.path)).then(|| (now, parsed.clone()))
}

fn load_with_cache(
    root: &Path,
    config: Config,
    previous: &ParseCache,
    changed: &[PathBuf],
) -> (Loaded, ParseCache) {
    let mut diagnostics = Vec::new();
    let src = root.join(&config.src);
    let src_rel = paths::slash(&config.src);
    if !src.is_dir() {
        diagnostics.push(Diagnostic::file_error(
            format!("{src_rel}/"),
            "content folder not found (set `src` in [book] or create it)",
        ));
        return (
            Loaded {
                report: None,
                diagnostics,
            },
            ParseCache::default(),
        );
    }
    let listing = list(root, &src, &src_rel, &mut diagnostics);
    let mut cache = ParseCache::default();

    // Personas first: journeys are checked against their ids.
    let personas = parse_cached(
        &listing.personas,
        |file| previous.personas.get(&file.path).map(|(s, p)| (*s, p)),
        changed,
        |file, text| persona::parse(&file.id, &file.rel, text, root),
        |file, stamp, parsed| {
            cache.personas.insert(file.path.clone(), (stamp, parsed));
        },
        &mut diagnostics,
    );
    // Ids of every persona file, even a broken one, so a journey does not get a second error.
    let persona_ids: Vec<&str> = listing.personas.iter().map(|f| f.id.as_str()).collect();

    // What a journey is checked against: a change here re-checks every journey. That
    // includes the CSV files of data/ a journey may read its counts from.
    let context = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&config.models, &config.default_model, &persona_ids).hash(&mut hasher);
        data_stamps(root).hash(&mut hasher);
        changed
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .for_each(|p| p.hash(&mut hasher));
        hasher.finish()
    };
    let journeys = parse_cached(
        &listing.journeys,
        |file| {
            previous
                .journeys
                .get(&file.path)
                .filter(|e| e.1 == context)
                .map(|(s, _, p)| (*s, p))
        },
        changed,
        |file, text| journey::parse(&file.id, &file.rel, text, &config, &persona_ids, root),
        |file, stamp, parsed| {
            cache
                .journeys
                .insert(file.path.clone(), (stamp, context, parsed));
        },
        &mut diagnostics,
    );

    // A persona no journey follows (SPEC §4.2): only when every journey file was read, so a
    // broken journey does not add a warning to its persona.
    if journeys.len() == listing.journeys.len() {
        for p in &personas {
            if !journeys.iter().any(|j| j.persona == p.id) {
                diagnostics.push(Diagnostic::warning(
                    &p.source,
                    1,
                    1,
                    format!(
                        "persona `{}` has no journey: add one under content/journeys/ with `persona: {}`",
                        p.id, p.id
                    ),
                ));
            }
        }
    }

    diagnostics.extend(untranslated(&config, &journeys));
    let pages = load_pages(&listing.pages, &mut diagnostics);
    let index = listing
        .index
        .and_then(|file| load_document(&file, &mut diagnostics));

    diagnostics::sort(&mut diagnostics);
    let report = (!diagnostics::has_errors(&diagnostics)).then(|| Report {
        root: root.to_path_buf(),
        config,
        index,
        personas,
        journeys,
        pages,
    });
    (
        Loaded {
            report,
            diagnostics,
        },
        cache,
    )
}

/// Path, size and modification time of every file in data/ (in name order), so a journey
/// whose CSV changed is read again on a live rebuild.
fn data_stamps(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut stamps: Vec<_> = walkdir::WalkDir::new(root.join("data"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.into_path(), meta.len(), meta.modified().ok()))
        })
        .collect();
    stamps.sort();
    stamps
}

/// One warning naming what the report's i18n file leaves in English (SPEC §2): the UI
/// strings, and the names of the built-in stages and groups its journeys show.
fn untranslated(config: &Config, journeys: &[Arc<Journey>]) -> Option<Diagnostic> {
    let models: std::collections::BTreeSet<&str> =
        journeys.iter().map(|j| j.model.as_str()).collect();
    let built_in: Vec<&str> = crate::i18n::stage_keys().collect();
    let shown = models
        .into_iter()
        .filter_map(|id| config.models.get(id))
        .flat_map(|model| {
            let groups = model.has_groups();
            model.stages.iter().flat_map(move |s| {
                let name = s.name.is_none().then_some(s.id.as_str());
                let group = s.group.as_deref().filter(|_| groups);
                name.into_iter().chain(group)
            })
        })
        .filter(|id| built_in.contains(id));
    let (file, ui, stages) = config.language.untranslated(shown)?;
    let mut parts = Vec::new();
    if !ui.is_empty() {
        parts.push(format!("[ui] {}", ui.join(", ")));
    }
    if !stages.is_empty() {
        parts.push(format!("[stages] {}", stages.join(", ")));
    }
    Some(Diagnostic::warning(
        file,
        0,
        0,
        format!(
            "{} not in this file, so the report shows {} in English: {}",
            plural(ui.len() + stages.len(), "text is", "texts are"),
            if ui.len() + stages.len() == 1 {
                "it"
            } else {
                "them"
            },
            parts.join("; ")
        ),
    ))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Parses `files` in parallel, reusing the cached parse of each file that is unchanged
/// (`cached` finds it; see [`reuse`]); hands every parse with a stamp to `keep` for the
/// next load, and returns the parsed values in file order.
fn parse_cached<'c, T: Send + Sync + 'c>(
    files: &[SourceFile],
    cached: impl Fn(&SourceFile) -> Option<(Stamp, &'c Parsed<T>)> + Sync,
    changed: &[PathBuf],
    parse: impl Fn(&SourceFile, &str) -> (Option<T>, Vec<Diagnostic>) + Sync,
    mut keep: impl FnMut(&SourceFile, Stamp, Parsed<T>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<T>> {
    let parsed: Vec<(Option<Stamp>, Parsed<T>)> = files
        .par_iter()
        .map(|file| match reuse(cached(file), file, changed) {
            Some((stamp, parsed)) => (Some(stamp), parsed),
            None => {
                let (value, found) = match read_text(file) {
                    Ok(text) => parse(file, &text),
                    Err(d) => (None, vec![d]),
                };
                (file.stamp, (value.map(Arc::new), found))
            }
        })
        .collect();
    let mut values = Vec::with_capacity(parsed.len());
    for (file, (stamp, (value, found))) in files.iter().zip(parsed) {
        diagnostics.extend(found.iter().cloned());
        values.extend(value.clone());
        if let Some(stamp) = stamp {
            keep(file, stamp, (value, found));
        }
    }
    values
}

/// The free pages, titled by front matter, else their first heading, else their id.
fn load_pages(files: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut pages = Vec::new();
    for file in files {
        if let Some(Document { title, body }) = load_document(file, diagnostics) {
            let title = title
                .or_else(|| page::first_heading(&body))
                .unwrap_or_else(|| file.id.clone());
            pages.push(Page {
                id: file.id.clone(),
                source: file.rel.clone(),
                title,
                body,
            });
        }
    }
    pages
}

/// A markdown document (a page or index.md), its problems added to `diagnostics`.
fn load_document(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Document> {
    match read_text(file) {
        Err(d) => {
            diagnostics.push(d);
            None
        }
        Ok(text) => {
            let (doc, mut found) = page::parse(&file.rel, &text);
            diagnostics.append(&mut found);
            doc
        }
    }
}

struct Listing {
    index: Option<SourceFile>,
    personas: Vec<SourceFile>,
    journeys: Vec<SourceFile>,
    pages: Vec<SourceFile>,
}

/// Finds the content files, reporting misplaced folders, bad names and duplicate ids.
fn list(root: &Path, src: &Path, src_rel: &str, diagnostics: &mut Vec<Diagnostic>) -> Listing {
    let mut listing = Listing {
        index: None,
        personas: Vec::new(),
        journeys: Vec::new(),
        pages: Vec::new(),
    };
    let known: Vec<&str> = KINDS.iter().map(|k| k.0).chain(["index.md"]).collect();
    for Entry {
        name,
        path,
        is_dir,
        is_file,
        is_link,
        stamp,
    } in entries(src)
    {
        // `src = "."` puts the content at the report root.
        let rel = if src_rel.is_empty() {
            name.clone()
        } else {
            format!("{src_rel}/{name}")
        };
        if name == "index.md" {
            if is_dir {
                diagnostics.push(Diagnostic::file_error(
                    rel,
                    "a folder where a content file is expected",
                ));
            } else if !is_file {
                diagnostics.push(not_a_file(rel, is_link));
            } else {
                listing.index = Some(SourceFile {
                    id: "index".into(),
                    rel,
                    path,
                    stamp,
                });
            }
        } else if let Some((kind, extensions)) = KINDS.iter().find(|k| k.0 == name) {
            if !is_dir {
                diagnostics.push(Diagnostic::file_error(
                    rel,
                    format!("`{kind}` must be a folder of content files"),
                ));
                continue;
            }
            let files = list_kind(root, &path, &rel, kind, extensions, diagnostics);
            match *kind {
                "personas" => listing.personas = files,
                "journeys" => listing.journeys = files,
                _ => listing.pages = files,
            }
        } else {
            let hint = suggest::hint(&name, known.iter().copied());
            diagnostics.push(Diagnostic::warning(
                rel,
                0,
                0,
                format!("ignored: content holds index.md, personas/, journeys/ and pages/{hint}"),
            ));
        }
    }
    listing
}

fn list_kind(
    root: &Path,
    dir: &Path,
    rel_dir: &str,
    kind: &str,
    extensions: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for Entry {
        name,
        path,
        is_dir,
        is_file,
        is_link,
        stamp,
    } in entries(dir)
    {
        let rel = format!("{rel_dir}/{name}");
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) => (stem, ext),
            None => (name.as_str(), ""),
        };
        if is_dir {
            diagnostics.push(Diagnostic::file_error(
                rel,
                "a folder where a content file is expected",
            ));
            continue;
        }
        if !extensions.contains(&extension) {
            let wanted = extensions
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" or ");
            diagnostics.push(Diagnostic::warning(
                rel,
                0,
                0,
                format!("ignored: files in {kind}/ end in {wanted}"),
            ));
            continue;
        }
        if !paths::is_valid_id(stem) {
            let hint = paths::suggest_id(stem)
                .map(|s| format!(" (did you mean `{s}.{extension}`?)"))
                .unwrap_or_default();
            diagnostics.push(Diagnostic::file_error(
                rel,
                format!("file name `{stem}` is not a valid id: use lowercase letters, digits, `-` and `_`{hint}"),
            ));
            continue;
        }
        if is_link && !path.exists() {
            diagnostics.push(Diagnostic::file_error(
                rel,
                "broken symbolic link: its target does not exist",
            ));
            continue;
        }
        if is_link && !paths::resolves_inside(root, &path) {
            diagnostics.push(Diagnostic::file_error(
                rel,
                "symbolic link to a file outside the report folder",
            ));
            continue;
        }
        if !is_file {
            diagnostics.push(not_a_file(rel, is_link));
            continue;
        }
        if let Some(&first) = seen.get(stem) {
            diagnostics.push(Diagnostic::file_error(
                rel,
                format!(
                    "id `{stem}` is used twice: {} has the same id",
                    files[first].rel
                ),
            ));
            continue;
        }
        seen.insert(stem.to_string(), files.len());
        files.push(SourceFile {
            id: stem.to_string(),
            rel,
            path,
            stamp,
        });
    }
    files
}

/// Where a content file should be there is something else: a FIFO, a socket, a device.
fn not_a_file(rel: String, is_link: bool) -> Diagnostic {
    let what = if is_link { "links to" } else { "is" };
    Diagnostic::error(
        rel,
        1,
        1,
        format!(
            "{what} a special file (a pipe, socket or device), not a regular file: content files must be plain text files"
        ),
    )
}

/// A folder entry, with what the listing tells about it.
struct Entry {
    name: String,
    path: PathBuf,
    is_dir: bool,
    /// A regular file (after following a link): FIFOs, sockets and devices are not, and
    /// reading one could block forever.
    is_file: bool,
    is_link: bool,
    stamp: Option<Stamp>,
}

/// Entries of a folder, sorted by name, without editor litter.
fn entries(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            // A name that is not UTF-8 is kept (lossily) so it is reported, not skipped.
            let name = e.file_name().to_string_lossy().into_owned();
            if paths::is_ignored_file(&name) {
                return None;
            }
            let path = e.path();
            // Stat relative to the open folder; a link is followed to what it points at.
            let own = e.metadata().ok();
            let is_link = own.as_ref().is_some_and(|m| m.file_type().is_symlink());
            let meta = if is_link {
                std::fs::metadata(&path).ok()
            } else {
                own
            };
            let is_dir = meta.as_ref().is_some_and(std::fs::Metadata::is_dir);
            let is_file = meta.as_ref().is_some_and(std::fs::Metadata::is_file);
            Some(Entry {
                name,
                path,
                is_dir,
                is_file,
                is_link,
                stamp: meta.as_ref().map(Stamp::of),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A warning for each link or image in a markdown `body` whose URL would run script
/// (`javascript:`, `vbscript:`, `data:` other than an image); the renderer drops them.
/// `body` is a slice of `text`, the whole file, so positions are the file's.
pub(crate) fn script_url_warnings(file: &str, text: &str, body: &str) -> Vec<Diagnostic> {
    let found = crate::render::markdown::script_urls(body);
    if found.is_empty() {
        return Vec::new();
    }
    let base = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let lines = crate::source::LineIndex::new(text);
    found
        .into_iter()
        .map(|(offset, url)| {
            let (line, column) = lines.position(base + offset);
            Diagnostic::warning(file, line, column, script_url_message(&url))
        })
        .collect()
}

/// What a dropped script URL's warning says.
pub(crate) fn script_url_message(url: &str) -> String {
    let shown: String = url.chars().take(40).collect();
    format!(
        "link to `{shown}` dropped: `javascript:`, `vbscript:` and `data:` URLs (other than images) could run script"
    )
}

/// The text of a content file, or a diagnostic (unreadable, not UTF-8).
fn read_text(file: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Diagnostic::file_error(&file.rel, format!("cannot read: {e}")))?;
    crate::source::decode(bytes).map_err(|(line, column)| {
        Diagnostic::error(&file.rel, line, column, "file is not valid UTF-8 text")
    })
}
