//! Links inside the report (SPEC §6 "Links"). Markdown may link to another document by its
//! source file (`personas/jane.md`, `../journeys/jane-taxes.yaml#decision`, relative to the
//! linking file or to the content folder), to a static file by its path in the report
//! (`../static/brochure.pdf`), or to an output page as it will be (`../../pages/method/`).
//! Every such link comes out relative to the page that shows it, so it works from disk,
//! from a sub-path and in print; an `#anchor` to a heading gets that document's id prefix.
//! [`check`] warns at file:line:col about each link that finds no page, file or anchor.
//!
//! Links with a scheme (`https:`, `mailto:`) are not ours to check. Anchors are checked
//! against the target's headings and the ids the default theme gives every page of its
//! kind (`#personas` on the overview, `#<journey>-funnel` on a journey page).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag};

use super::ROOT_MARKER;
use super::routes::Route;
use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::paths;

/// A document a link may name by its source file.
struct Doc<'r> {
    route: Route<'r>,
    /// Prefix of the ids of its markdown headings (`p-jane-`), when it has a body.
    prefix: Option<String>,
    body: Option<&'r str>,
    /// Ids the theme gives the page, whatever its markdown says.
    fixed: Vec<String>,
    /// Short anchors that stand for one of `fixed` (a journey's stage ids).
    aliases: HashMap<String, String>,
}

/// What a link points to, once resolved.
#[derive(Debug, PartialEq)]
pub(crate) enum Resolved {
    /// Not a link into the report (another site, mail): left alone.
    Outside,
    /// Inside the report: the new URL, relative to the site root (starts with
    /// [`ROOT_MARKER`] when it needs the page's root), or `None` to keep it as written.
    Inside(Option<String>),
    /// Inside the report, but nothing is there: why.
    Broken(String),
}

/// The report's documents and files, by the paths links may use.
pub(crate) struct Links<'r> {
    /// Source path (relative to the report root) → document.
    docs: HashMap<String, Doc<'r>>,
    /// Output path → source path, for the documents' pages.
    pages: HashMap<String, String>,
    /// Path of a copied file in the report folder → its output path.
    files: HashMap<String, String>,
    /// Output paths of copied files.
    outputs: HashSet<String>,
    report: &'r Report,
    src: String,
}

impl<'r> Links<'r> {
    pub(crate) fn new(report: &'r Report) -> Self {
        let src = paths::slash(&report.config.src);
        let mut docs = HashMap::new();
        let landmarks = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        docs.insert(
            format!("{src}/index.md"),
            Doc {
                route: Route::Overview,
                prefix: Some("intro-".into()),
                body: report.index.as_ref().map(|d| d.body.as_str()),
                fixed: landmarks(&["main", "personas", "journeys", "findings"]),
                aliases: HashMap::new(),
            },
        );
        for p in &report.personas {
            docs.insert(
                p.source.clone(),
                Doc {
                    route: Route::Persona(&p.id),
                    prefix: Some(format!("p-{}-", p.id)),
                    body: Some(&p.body),
                    fixed: landmarks(&["main", "journeys-title"]),
                    aliases: HashMap::new(),
                },
            );
        }
        for j in &report.journeys {
            let mut fixed = landmarks(&["main"]);
            fixed.extend(["map", "funnel", "drop"].map(|s| format!("{}-{s}", j.id)));
            let mut aliases = HashMap::new();
            for s in &j.stages {
                let anchor = super::search::stage_anchor(&j.id, &s.stage);
                aliases.insert(s.stage.clone(), anchor.clone());
                fixed.push(anchor);
            }
            docs.insert(
                j.source.clone(),
                Doc {
                    route: Route::Journey(&j.id),
                    prefix: None,
                    body: None,
                    fixed,
                    aliases,
                },
            );
        }
        for page in &report.pages {
            docs.insert(
                page.source.clone(),
                Doc {
                    route: Route::Page(&page.id),
                    prefix: Some(format!("pg-{}-", page.id)),
                    body: Some(&page.body),
                    fixed: landmarks(&["main"]),
                    aliases: HashMap::new(),
                },
            );
        }
        let pages = docs
            .iter()
            .map(|(source, doc)| (doc.route.path(), source.clone()))
            .collect();
        let files: HashMap<String, String> = super::assets::sources(report).into_iter().collect();
        let outputs = files.values().cloned().collect();
        Links {
            docs,
            pages,
            files,
            outputs,
            report,
            src,
        }
    }

    /// Resolves `url`, written in the document at `from` (its source path).
    pub(crate) fn resolve(&self, from: &str, url: &str) -> Resolved {
        let url = url.trim();
        if url.is_empty() || has_scheme(url) || url.starts_with("//") {
            return Resolved::Outside;
        }
        let (rest, fragment) = match url.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (url, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        if path.starts_with('/') {
            return Resolved::Broken(format!(
                "link `{url}` starts at the host's root, so it breaks opened from disk or from a sub-path; write it relative to this file"
            ));
        }
        let path = percent_decode(path);
        let Some(source) = self.docs.get(from) else {
            return Resolved::Outside;
        };
        if path.is_empty() {
            // `#anchor` in the same document.
            return match fragment {
                None => Resolved::Outside,
                Some(f) => self
                    .anchor(source, from, f)
                    .map_or_else(Resolved::Broken, |a| {
                        Resolved::Inside(a.map(|a| format!("#{a}")))
                    }),
            };
        }
        let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
        let out_folder = source.route.path();
        let out_folder = out_folder
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_string();
        let by_source = [join(folder, &path), join(&self.src, &path)];
        let target = by_source
            .iter()
            .flatten()
            .find_map(|p| self.docs.get_key_value(p.as_str()))
            .or_else(|| {
                // An output page as it will be: `../../personas/jane/`.
                let out = join(&out_folder, &path)?;
                let out = if out.is_empty() || path.ends_with('/') {
                    format!("{out}{}index.html", if out.is_empty() { "" } else { "/" })
                } else {
                    out
                };
                let source = self.pages.get(&out)?;
                self.docs.get_key_value(source.as_str())
            });
        let tail = query.map(|q| format!("?{q}")).unwrap_or_default();
        if let Some((target_source, doc)) = target {
            let anchor = match fragment {
                None => None,
                Some(f) => match self.anchor(doc, target_source, f) {
                    Ok(a) => Some(a.unwrap_or_else(|| f.to_string())),
                    Err(why) => return Resolved::Broken(why),
                },
            };
            let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            return Resolved::Inside(Some(format!(
                "{ROOT_MARKER}{}{tail}{anchor}",
                doc.route.path()
            )));
        }
        // A copied file, by its path in the report folder or in the output.
        let file = by_source
            .iter()
            .flatten()
            .find_map(|p| self.files.get(p.as_str()).cloned())
            .or_else(|| {
                let out = join(&out_folder, &path)?;
                self.outputs.contains(&out).then_some(out)
            })
            .or_else(|| {
                let out = join(&out_folder, &path)?;
                self.is_generated(&out).then_some(out)
            });
        match file {
            Some(out) => {
                let anchor = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                Resolved::Inside(Some(format!("{ROOT_MARKER}{out}{tail}{anchor}")))
            }
            None => Resolved::Broken(format!(
                "link `{url}` points to no page or file of the report (name a persona, journey or page by its file, e.g. `personas/jane.md`)"
            )),
        }
    }

    /// The id an anchor of `doc` has on its page: Ok(None) when it is right as written,
    /// Err why when the page has no such anchor.
    fn anchor(&self, doc: &Doc, source: &str, fragment: &str) -> Result<Option<String>, String> {
        let fragment = percent_decode(fragment);
        if let Some(id) = doc.aliases.get(&fragment) {
            return Ok(Some(id.clone()));
        }
        if doc.fixed.contains(&fragment) {
            return Ok(None);
        }
        if let (Some(prefix), Some(body)) = (&doc.prefix, doc.body) {
            let ids = super::markdown::heading_ids(body);
            if fragment.starts_with(prefix.as_str())
                && ids.iter().any(|id| format!("{prefix}{id}") == fragment)
            {
                return Ok(None);
            }
            if ids.contains(&fragment) {
                return Ok(Some(format!("{prefix}{fragment}")));
            }
        }
        Err(format!("no heading or anchor `#{fragment}` in {source}"))
    }

    /// Whether the build writes `out` (a chart, the search index, a theme file).
    fn is_generated(&self, out: &str) -> bool {
        super::assets::is_generated(self.report, out)
    }

    /// The new URL of a link or image in the document at `from`, if it changes: what
    /// `markdown::to_html` writes in its place.
    pub(crate) fn rewrite(&self, from: &str, url: &str) -> Option<String> {
        match self.resolve(from, url) {
            Resolved::Inside(new) => new,
            Resolved::Outside | Resolved::Broken(_) => None,
        }
    }
}

/// A warning for every link or image of the report's markdown that points inside the
/// report to nothing, at its file, line and column.
pub(crate) fn check(report: &Report) -> Vec<Diagnostic> {
    let links = Links::new(report);
    let mut found = Vec::new();
    let mut sources: Vec<(&String, &Doc)> = links.docs.iter().collect();
    sources.sort_by(|a, b| a.0.cmp(b.0));
    for (source, doc) in sources {
        let Some(body) = doc.body else { continue };
        // Most texts have no link at all: skip the parse for them.
        if !body.contains("](") && !body.contains("]:") {
            continue;
        }
        let broken: Vec<(usize, String)> = Parser::new_ext(body, super::markdown::options())
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    match links.resolve(source, &dest_url) {
                        Resolved::Broken(why) => Some((range.start, why)),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect();
        if !broken.is_empty() {
            found.extend(located(report, source, body, broken));
        }
    }
    found
}

/// Warnings at their place in the file: the body is the end of the file's text.
fn located(
    report: &Report,
    source: &str,
    body: &str,
    broken: Vec<(usize, String)>,
) -> Vec<Diagnostic> {
    let text = std::fs::read(report.root.join(source))
        .ok()
        .and_then(|bytes| crate::source::decode(bytes).ok())
        .filter(|text| text.ends_with(body))
        .unwrap_or_else(|| body.to_string());
    let base = text.len() - body.len();
    let lines = crate::source::LineIndex::new(&text);
    broken
        .into_iter()
        .map(|(offset, why)| {
            let (line, column) = lines.position(base + offset);
            Diagnostic::warning(source, line, column, why)
        })
        .collect()
}

/// `https:`, `mailto:`, `tel:`: a scheme before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `base/relative`, with `.` and `..` worked out; None when it leaves the root.
fn join(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// `%20` → ` `: paths in links are URLs.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_schemes() {
        assert_eq!(
            join("content/pages", "../personas/jane.md").as_deref(),
            Some("content/personas/jane.md")
        );
        assert_eq!(join("content", "../../x"), None);
        assert!(has_scheme("https://x") && has_scheme("mailto:a@b") && !has_scheme("a/b:c"));
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
    }
}
