//! Rendering: the report's pages from the theme's templates, with markdown and charts,
//! handed file by file to a [`Sink`] as they are rendered, in parallel. `build` streams
//! into a staging folder, `serve` keeps a map in memory: one pipeline, several sinks.
//!
//! For live preview [`render_cached`] takes the [`Memo`] of the last build and renders only
//! the files whose inputs changed; the result is the same as a full build (tested).
//!
//! What goes where: `routes` spells every output path; `pages` renders the overview,
//! personas, journeys, free pages and 404 (a `group` builds the contexts of a persona and
//! its journeys once); `print` the print page; `assets` copies static files; `memo`
//! decides what is rendered and what reused; `context` builds what templates see and
//! `charts` draws from it; `findings` sums up the report for the overview and print.

mod assets;
pub(crate) mod charts;
pub(crate) mod color;
pub(crate) mod context;
pub(crate) mod findings;
mod group;
pub(crate) mod links;
pub mod markdown;
mod memo;
mod pages;
pub(crate) mod print;
mod publish;
pub(crate) mod routes;
mod search;
pub(crate) mod theme;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{self, Diagnostic};
use crate::funnel::{Funnel, UnitScales};
use crate::model::Report;
use crate::site::Sink;
use charts::{ChartStyle, Charts};
use context::{Contexts, Nav, PageCtx};
use memo::{Fingerprints, Output, fingerprint};
use routes::Route;
use theme::Theme;

pub use memo::Memo;

/// Renders every file of the site of a validated report into `sink`.
pub fn render(report: &Report, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    render_with(report, Output::new(sink, &Memo::default(), false)).map(|_| ())
}

/// Renders the site into `sink`, reusing from `previous` what has not changed; returns the
/// memo for the next build.
pub fn render_cached(
    report: &Report,
    sink: &dyn Sink,
    previous: &Memo,
) -> Result<Memo, Vec<Diagnostic>> {
    render_with(report, Output::new(sink, previous, true))
}

fn render_with(report: &Report, out: Output) -> Result<Memo, Vec<Diagnostic>> {
    let contexts = Contexts::new(report);
    let theme_files = theme::files(&report.root, &report.config.theme).map_err(|mut found| {
        // The theme stops the build before static/ is copied: report its problems too.
        found.extend(assets::problems(&report.root));
        diagnostics::sort(&mut found);
        found
    })?;
    let nav = contexts.nav();
    let mut global = tera::Context::new();
    global.insert("site", &contexts.site());
    global.insert("t", &contexts.strings);
    global.insert("nav", &nav);
    let theme = theme::compile(&report.config.theme, theme_files.clone(), global)?;
    Renderer::new(report, contexts, theme, &theme_files, &nav, out.previous).render_all(out)
}

/// One build: the compiled theme, the report's contexts (built on demand), its funnels,
/// who has which journeys, and the fingerprints of everything.
struct Renderer<'r> {
    report: &'r Report,
    contexts: Contexts<'r>,
    theme: Theme,
    style: ChartStyle,
    funnels: Vec<Option<Funnel>>,
    /// Scales of the overview's small multiples, one per unit; None when it shows a table.
    scales: Option<UnitScales>,
    /// The key findings (`findings` in templates) and their fingerprint.
    findings: tera::Value,
    findings_fp: u64,
    /// Whether the findings have anything to say (the print page lists them then).
    has_findings: bool,
    /// Journey indices per persona id.
    by_persona: BTreeMap<&'r str, Vec<usize>>,
    persona_index: HashMap<&'r str, usize>,
    pages: Vec<PageCtx>,
    fp: Fingerprints,
}

impl<'r> Renderer<'r> {
    fn new(
        report: &'r Report,
        contexts: Contexts<'r>,
        theme: Theme,
        theme_files: &BTreeMap<String, Vec<u8>>,
        nav: &Nav,
        previous: &Memo,
    ) -> Self {
        let small_multiples = report.personas.len() <= pages::SMALL_MULTIPLES_MAX;
        let funnels: Vec<Option<Funnel>> =
            report.journeys.par_iter().map(|j| Funnel::of(j)).collect();
        let findings = findings::findings(&contexts, &funnels);
        let findings_fp = fingerprint(&findings);
        let scales = small_multiples.then(|| {
            UnitScales::of(
                report
                    .journeys
                    .iter()
                    .map(|j| &**j)
                    .zip(funnels.iter().map(Option::as_ref)),
            )
        });
        let mut by_persona: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, j) in report.journeys.iter().enumerate() {
            by_persona.entry(j.persona.as_str()).or_default().push(i);
        }
        let persona_index = report
            .personas
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        // Everything every page shows: config, theme files, sidebar, free pages.
        let global = fingerprint(&(
            &report.config,
            theme_files,
            nav,
            &report.index,
            &report.pages,
            &scales,
        ));
        let fp = Fingerprints::new(report, global, previous);
        let pages = report.pages.iter().map(|p| contexts.page(p)).collect();
        Renderer {
            report,
            style: ChartStyle::for_accent(contexts.accent()),
            contexts,
            theme,
            funnels,
            scales,
            findings: to_value(&findings),
            has_findings: !findings.is_empty(),
            findings_fp,
            by_persona,
            persona_index,
            pages,
            fp,
        }
    }

    /// Every file: the report-wide pages, each persona with its journeys (and the print
    /// page), static files and theme assets. Returns the memo for the next build, or every
    /// problem.
    fn render_all(&self, out: Output) -> Result<Memo, Vec<Diagnostic>> {
        let mut next = out.next_memo(self.report, &self.fp);
        let mut errors = Vec::new();
        for result in self.report_pages(out) {
            match result {
                Ok(produced) => next.absorb(produced),
                Err(d) => errors.push(d),
            }
        }
        self.persona_groups(out, &mut next, &mut errors);
        assets::copy(self.report, &self.theme, out.sink, &mut errors);
        if errors.is_empty() {
            Ok(next)
        } else {
            diagnostics::sort(&mut errors);
            errors.dedup();
            Err(merge_pages(errors))
        }
    }

    fn charts(&self) -> Charts<'_> {
        Charts::new(&self.contexts, &self.style)
    }

    /// The journeys (indices) of a persona, by its id.
    fn journeys_of(&self, persona: &str) -> &[usize] {
        self.by_persona.get(persona).map_or(&[], Vec::as_slice)
    }

    /// Fingerprint of a journey's own page: the journey, its persona, everything global.
    fn journey_fp(&self, j: usize) -> u64 {
        let persona = self
            .persona_index
            .get(self.report.journeys[j].persona.as_str())
            .copied();
        self.fp.journey_page(j, persona)
    }

    /// Fingerprint of a persona's page: the persona, its journeys, everything global.
    fn persona_fp(&self, i: usize) -> u64 {
        let journeys = self.journeys_of(&self.report.personas[i].id);
        self.fp.persona_page(i, journeys)
    }

    /// A page at `route`, from `template`.
    fn render_page(
        &self,
        template: &str,
        route: Route,
        title: &str,
        ctx: tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.render(template, route, &route.root(), title, ctx)
            .map(String::into_bytes)
    }

    /// Renders `template` as (part of) the page at `route`, whose root is `root`.
    fn render(
        &self,
        template: &str,
        route: Route,
        root: &str,
        title: &str,
        mut ctx: tera::Context,
    ) -> Result<String, Diagnostic> {
        let path = route.path();
        ctx.insert("root", root);
        ctx.insert("page_kind", route.kind());
        ctx.insert("page_title", title);
        ctx.insert("path", &path);
        // The page's own address for search engines; the 404 page has none.
        if let Some(site_url) = &self.report.config.site_url
            && route != Route::NotFound
        {
            ctx.insert("canonical", &route.url(site_url));
        }
        let html = self.theme.tera.render(template, &ctx).map_err(|e| {
            theme::template_diagnostic(
                &self.report.config.theme,
                &e,
                &format!("cannot render {path}: "),
            )
        })?;
        // Markdown links to other documents wait for the root of the page they are on.
        Ok(if root != ROOT_MARKER && html.contains(ROOT_MARKER) {
            html.replace(ROOT_MARKER, root)
        } else {
            html
        })
    }

    /// A partial shown on more than one page, rendered once with [`ROOT_MARKER`] as root.
    /// `page` is the persona's or journey's own page, whose `path` and `page_kind` the
    /// partial sees; the print page shows the same HTML.
    fn partial(
        &self,
        template: &str,
        page: Route,
        key: &'static str,
        value: &tera::Value,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert_value(key, value.clone());
        self.render(template, page, ROOT_MARKER, &self.report.config.title, ctx)
    }
}

/// Stands for `root` in partials rendered once and shown on two pages at different depths
/// (a journey's map on its page and in print): each copy gets its own root by replacement.
/// A private-use character, so neither escaping nor ordinary text produces it.
const ROOT_MARKER: &str = "\u{e000}journeybook-root\u{e000}";

/// [`ROOT_MARKER`] as markdown writes it into a link's URL (percent-encoded).
const ROOT_MARKER_IN_URL: &str = "%EE%80%80journeybook-root%EE%80%80";

/// A partial rendered by [`Renderer::partial`], for a page whose root is `root`.
fn rooted(partial: &Result<String, Diagnostic>, root: &str) -> Result<String, Diagnostic> {
    partial
        .as_ref()
        .map(|html| html.replace(ROOT_MARKER, root))
        .map_err(Clone::clone)
}

/// A template value; our context types always serialize (plain structs of text and numbers).
fn to_value<T: Serialize>(value: &T) -> tera::Value {
    tera::Value::try_from_serializable(value).unwrap_or_else(|_| tera::Value::none())
}

/// One template error shown for every page that uses the template: keep the first page's
/// and say how many more there are, instead of a line per persona.
fn merge_pages(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const RENDER: &str = "cannot render ";
    let problem = |d: &Diagnostic| {
        d.message
            .strip_prefix(RENDER)
            .and_then(|m| m.split_once(": "))
            .map(|(_, problem)| problem.to_string())
    };
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in sorted {
        if let Some((last, more)) = out.last_mut()
            && (&last.file, last.line, last.column) == (&d.file, d.line, d.column)
            && problem(last).is_some()
            && problem(last) == problem(&d)
        {
            *more += 1;
            continue;
        }
        out.push((d, 0));
    }
    out.into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                let pages = if more == 1 { "page" } else { "pages" };
                d.message.push_str(&format!(" (and {more} more {pages})"));
            }
            d
        })
        .collect()
}
