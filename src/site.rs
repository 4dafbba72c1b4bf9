//! Builds the site: every output file (path → bytes), rendered in parallel and handed to
//! a [`Sink`]. `build` streams into a staging folder, `serve` keeps a map in memory: one
//! pipeline, two adapters.
//!
//! For live preview a [`RenderCache`] keeps the files of the last build with a fingerprint
//! of everything each one shows; the next build renders only the files whose fingerprint
//! changed and takes the rest from the cache. Contexts are built lazily, so an unchanged
//! page costs a hash, not a render. The result is the same as a full build (tested).

use std::cell::LazyCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{self, Diagnostic};
use crate::funnel::Funnel;
use crate::model::{Journey, Persona, Report};
use crate::paths;
use crate::render::charts::{ChartStyle, Charts};
use crate::render::context::{Contexts, Link, PageCtx, PersonaSummary};
use crate::render::markdown;
use crate::render::routes::Route;
use crate::render::theme::{self, Theme};

/// Up to this many personas the overview shows their funnels side by side (SPEC §6).
pub const SMALL_MULTIPLES_MAX: usize = 24;

/// File contents shared between a cache, the served site and the disk writer.
pub type Bytes = Arc<Vec<u8>>;

/// A built site: output path (with `/`) → file, in a stable order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    pub files: BTreeMap<String, Content>,
}

/// A file of a site in memory: whole, or in pieces (the print page, tens of MB in a large
/// report) that are joined only when someone reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Whole(Bytes),
    Chunks(Vec<Arc<String>>),
}

impl Content {
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Content::Whole(bytes) => std::borrow::Cow::Borrowed(bytes.as_slice()),
            Content::Chunks(chunks) => {
                std::borrow::Cow::Owned(chunks.iter().flat_map(|c| c.bytes()).collect())
            }
        }
    }
}

/// Where built files go: a map in memory for `serve`, a staging folder for `build`.
/// Files are handed over as soon as they are rendered, so a large report is never held
/// in memory as a whole on its way to disk.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String>;

    /// A file written in pieces, in order (the print page), so it never has to be whole
    /// in memory on its way to disk.
    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String>;
}

/// A file being written piece by piece; see [`Sink::open`].
pub trait Pieces: Send {
    fn push(&mut self, piece: Arc<String>) -> Result<(), String>;
    fn finish(self: Box<Self>) -> Result<(), String>;
}

/// Discards every file: `check` renders the whole site only to find template errors.
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _path: String, _bytes: Bytes) -> Result<(), String> {
        Ok(())
    }

    fn open(&self, _path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        Ok(Box::new(NullSink))
    }
}

impl Pieces for NullSink {
    fn push(&mut self, _piece: Arc<String>) -> Result<(), String> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        Ok(())
    }
}

/// Collects the site in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Content>>);

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, Content::Whole(bytes));
        Ok(())
    }

    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        Ok(Box::new(MemoryPieces {
            sink: self,
            path: path.to_string(),
            pieces: Vec::new(),
        }))
    }
}

/// Keeps the pieces as they are: [`Content::Chunks`].
struct MemoryPieces<'s> {
    sink: &'s MemorySink,
    path: String,
    pieces: Vec<Arc<String>>,
}

impl Pieces for MemoryPieces<'_> {
    fn push(&mut self, piece: Arc<String>) -> Result<(), String> {
        self.pieces.push(piece);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        let MemoryPieces { sink, path, pieces } = *self;
        sink.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, Content::Chunks(pieces));
        Ok(())
    }
}

impl MemorySink {
    pub fn into_site(self) -> Site {
        Site {
            files: self.0.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// The files and print sections of the last build, each with the fingerprint of what it
/// shows. Kept by `serve` and `watch` between rebuilds.
#[derive(Default)]
pub struct RenderCache {
    files: HashMap<String, (u64, Bytes)>,
    sections: HashMap<String, (u64, Arc<String>)>,
    /// Template values of the overview (journey summaries, persona cards).
    values: HashMap<String, (u64, tera::Value)>,
    /// Fingerprints of the shared models of the last build: an unchanged model (the same
    /// `Arc`, reused by the parse cache) is not hashed again.
    persona_fps: HashMap<String, (Arc<Persona>, u64)>,
    journey_fps: HashMap<String, (Arc<Journey>, u64)>,
}

/// The fingerprint of a model, from `known` when it is the very same shared object.
fn model_fp<T: Hash + Send + Sync>(
    items: &[Arc<T>],
    id: impl Fn(&T) -> &str + Sync,
    known: &HashMap<String, (Arc<T>, u64)>,
) -> Vec<u64> {
    items
        .par_iter()
        .map(|item| match known.get(id(item)) {
            Some((old, fp)) if Arc::ptr_eq(old, item) => *fp,
            _ => fingerprint(&**item),
        })
        .collect()
}

/// Builds the site of a validated report in memory.
pub fn build(report: &Report) -> Result<Site, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    render(report, &sink)?;
    Ok(sink.into_site())
}

/// Renders every file of the site of a validated report into `sink`.
pub fn render(report: &Report, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    render_with(report, sink, &RenderCache::default(), false).map(|_| ())
}

/// Renders the site into `sink`, reusing from `previous` what has not changed; returns the
/// cache for the next build.
pub fn render_cached(
    report: &Report,
    sink: &dyn Sink,
    previous: &RenderCache,
) -> Result<RenderCache, Vec<Diagnostic>> {
    render_with(report, sink, previous, true)
}

/// `keep`: collect what was rendered into a cache for the next build (serve, watch);
/// a one-off build keeps nothing, so its memory stays flat however large the report.
fn render_with(
    report: &Report,
    sink: &dyn Sink,
    previous: &RenderCache,
    keep: bool,
) -> Result<RenderCache, Vec<Diagnostic>> {
    let contexts = Contexts::new(report);
    let theme_files = theme::files(&report.root, &report.config.theme).map_err(|mut found| {
        // The theme stops the build before static/ is copied: report its problems too.
        let root = &report.root;
        found.extend(crate::walk::files(root, &root.join("static"), "static").1);
        diagnostics::sort(&mut found);
        found
    })?;
    let nav = contexts.nav();
    let mut global = tera::Context::new();
    global.insert("site", &contexts.site());
    global.insert("t", &contexts.strings);
    global.insert("nav", &nav);
    let theme = theme::compile(&report.config.theme, theme_files.clone(), global)?;
    let builder = Builder::new(report, contexts, theme, &theme_files, &nav, previous);
    builder.render_all(sink, previous, keep)
}

/// A template value; our context types always serialize (plain structs of text and numbers).
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

/// A partial rendered by [`Builder::partial`], for a page whose root is `root`.
fn rooted(partial: &Result<String, Diagnostic>, root: &str) -> Result<String, Diagnostic> {
    partial
        .as_ref()
        .map(|html| html.replace(ROOT_MARKER, root))
        .map_err(Clone::clone)
}

fn to_value<T: Serialize>(value: &T) -> tera::Value {
    tera::Value::try_from_serializable(value).unwrap_or_else(|_| tera::Value::none())
}

fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// One file to produce.
#[derive(Clone, Copy)]
enum Job {
    Overview,
    Page(usize),
    NotFound,
}

/// Personas rendered together: enough to keep both cores busy, few enough that their
/// contexts and print sections stay small in memory.
const PERSONA_BATCH: usize = 256;

/// Stands in the print page for the persona and journey sections, which are rendered in
/// parallel as fragments and spliced in.
const SECTIONS_MARKER: &str = "<!--journeybook:print-sections-->";

/// Stands for `root` in partials rendered once and shown on two pages at different depths
/// (a journey's map on its page and in print): each copy gets its own root by replacement.
/// A private-use character, so neither escaping nor ordinary text produces it.
const ROOT_MARKER: &str = "\u{e000}journeybook-root\u{e000}";

/// A cache entry on its way into the next [`RenderCache`]: key, fingerprint, value.
type Entry<T> = (String, u64, T);

/// What a job produced: files and print sections, with their fingerprints for the cache.
#[derive(Default)]
struct Produced {
    files: Vec<Entry<Bytes>>,
    sections: Vec<Entry<Arc<String>>>,
    values: Vec<Entry<tera::Value>>,
}

/// One build: the compiled theme, the report's contexts (built on demand) and fingerprints.
struct Builder<'r> {
    report: &'r Report,
    contexts: Contexts<'r>,
    theme: Theme,
    style: ChartStyle,
    funnels: Vec<Option<Funnel>>,
    /// Shared scale of the overview's small multiples; None when it shows a table.
    scale: Option<u64>,
    /// Journey indices per persona id.
    by_persona: BTreeMap<&'r str, Vec<usize>>,
    persona_index: HashMap<&'r str, usize>,
    pages: Vec<PageCtx>,
    /// Everything every page shows: config, theme files, sidebar, free pages.
    global: u64,
    persona_fp: Vec<u64>,
    journey_fp: Vec<u64>,
}

impl<'r> Builder<'r> {
    fn new(
        report: &'r Report,
        contexts: Contexts<'r>,
        theme: Theme,
        theme_files: &BTreeMap<String, Vec<u8>>,
        nav: &crate::render::context::Nav,
        previous: &RenderCache,
    ) -> Self {
        let small_multiples = report.personas.len() <= SMALL_MULTIPLES_MAX;
        let funnels: Vec<Option<Funnel>> =
            report.journeys.par_iter().map(|j| Funnel::of(j)).collect();
        let scale = small_multiples
            .then(|| funnels.iter().flatten().map(Funnel::max_count).max())
            .flatten();
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
        let global = fingerprint(&(
            &report.config,
            theme_files,
            nav,
            &report.index,
            &report.pages,
            scale,
        ));
        let persona_fp = model_fp(&report.personas, |p: &Persona| &p.id, &previous.persona_fps);
        let journey_fp = model_fp(&report.journeys, |j: &Journey| &j.id, &previous.journey_fps);
        let pages = report.pages.iter().map(|p| contexts.page(p)).collect();
        Builder {
            report,
            style: ChartStyle::for_accent(contexts.accent()),
            contexts,
            theme,
            funnels,
            scale,
            by_persona,
            persona_index,
            pages,
            global,
            persona_fp,
            journey_fp,
        }
    }

    fn charts(&self) -> Charts<'_> {
        Charts::new(&self.contexts, &self.style)
    }

    /// Fingerprint of a journey's own page: the journey, its persona, everything global.
    fn journey_page_fp(&self, i: usize) -> u64 {
        let persona = self
            .persona_index
            .get(self.report.journeys[i].persona.as_str())
            .map(|&p| self.persona_fp[p]);
        fingerprint(&(self.global, self.journey_fp[i], persona))
    }

    fn persona_page_fp(&self, i: usize) -> u64 {
        let id = self.report.personas[i].id.as_str();
        let journeys: Vec<u64> = self.by_persona.get(id).map_or_else(Vec::new, |js| {
            js.iter().map(|&j| self.journey_fp[j]).collect()
        });
        fingerprint(&(self.global, self.persona_fp[i], journeys))
    }

    fn render_all(
        &self,
        sink: &dyn Sink,
        previous: &RenderCache,
        keep: bool,
    ) -> Result<RenderCache, Vec<Diagnostic>> {
        let report = self.report;
        let mut cache = RenderCache::default();
        if keep {
            cache.persona_fps = report
                .personas
                .iter()
                .zip(&self.persona_fp)
                .map(|(p, fp)| (p.id.clone(), (p.clone(), *fp)))
                .collect();
            cache.journey_fps = report
                .journeys
                .iter()
                .zip(&self.journey_fp)
                .map(|(j, fp)| (j.id.clone(), (j.clone(), *fp)))
                .collect();
        }
        let mut errors = Vec::new();
        let merge = |produced: Produced, cache: &mut RenderCache| {
            cache
                .files
                .extend(produced.files.into_iter().map(|(k, fp, v)| (k, (fp, v))));
            cache
                .sections
                .extend(produced.sections.into_iter().map(|(k, fp, v)| (k, (fp, v))));
            cache
                .values
                .extend(produced.values.into_iter().map(|(k, fp, v)| (k, (fp, v))));
        };

        // The pages about the report as a whole, and the free pages.
        let mut jobs = vec![Job::Overview, Job::NotFound];
        jobs.extend((0..self.pages.len()).map(Job::Page));
        for result in jobs
            .par_iter()
            .map(|&job| self.run(job, sink, previous, keep))
            .collect::<Vec<_>>()
        {
            match result {
                Ok(produced) => merge(produced, &mut cache),
                Err(d) => errors.push(d),
            }
        }

        // Each persona with its journeys, batch by batch: their pages go out as they are
        // rendered, their print sections are appended to the print page in order, and
        // their contexts are dropped, so memory does not grow with the report.
        let print_path = Route::Print.path();
        let print_error = |e: String| Diagnostic::file_error(&print_path, e);
        let mut print = None;
        if report.config.print {
            match self.print_shell().and_then(|(head, tail)| {
                let mut pieces = sink.open(&print_path).map_err(print_error)?;
                pieces.push(Arc::new(head)).map_err(print_error)?;
                Ok((pieces, tail))
            }) {
                Ok(open) => print = Some(open),
                Err(d) => errors.push(d),
            }
        }
        let order: Vec<usize> = (0..report.personas.len()).collect();
        let printing = print.is_some();
        // While a batch renders, the print sections of the one before are written.
        let mut pending: Vec<Arc<String>> = Vec::new();
        let write = |pieces: &mut Option<(Box<dyn Pieces + '_>, String)>,
                     sections: Vec<Arc<String>>|
         -> Result<(), String> {
            match pieces {
                Some((pieces, _)) => sections.into_iter().try_for_each(|s| pieces.push(s)),
                None => Ok(()),
            }
        };
        for batch in order.chunks(PERSONA_BATCH) {
            let (results, written) = rayon::join(
                || {
                    batch
                        .par_iter()
                        .map(|&i| self.persona_group(i, sink, previous, keep, printing))
                        .collect::<Vec<_>>()
                },
                || write(&mut print, std::mem::take(&mut pending)),
            );
            if let Err(e) = written {
                errors.push(print_error(e));
            }
            for result in results {
                match result {
                    Ok((produced, sections)) => {
                        pending.extend(sections);
                        merge(produced, &mut cache);
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        if let Err(e) = write(&mut print, pending) {
            errors.push(print_error(e));
        }
        if let Some((mut pieces, tail)) = print
            && let Err(e) = pieces.push(Arc::new(tail)).and_then(|()| pieces.finish())
        {
            errors.push(print_error(e));
        }

        self.copy_files(sink, &mut errors);
        for (path, bytes) in &self.theme.assets {
            if let Err(e) = sink.put(path.clone(), bytes.clone()) {
                errors.push(Diagnostic::file_error(path, e));
            }
        }
        if errors.is_empty() {
            Ok(cache)
        } else {
            crate::diagnostics::sort(&mut errors);
            errors.dedup();
            Err(merge_pages(errors))
        }
    }

    /// Hands a file to the sink: from `previous` when its fingerprint is unchanged, else
    /// rendered. `fp` None: the file is rendered every time.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        sink: &dyn Sink,
        previous: &RenderCache,
        keep: bool,
        produced: &mut Produced,
        path: String,
        fp: Option<u64>,
        render: &dyn Fn() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let bytes = match (previous.files.get(&path), fp) {
            (Some((old, bytes)), Some(fp)) if *old == fp => bytes.clone(),
            _ => Arc::new(render()?),
        };
        sink.put(path.clone(), bytes.clone())
            .map_err(|e| Diagnostic::file_error(&path, e))?;
        if let (true, Some(fp)) = (keep, fp) {
            produced.files.push((path, fp, bytes));
        }
        Ok(())
    }

    /// Produces the files of a page about the report as a whole, or of a free page.
    fn run(
        &self,
        job: Job,
        sink: &dyn Sink,
        previous: &RenderCache,
        keep: bool,
    ) -> Result<Produced, Diagnostic> {
        let mut produced = Produced::default();
        match job {
            Job::Overview => {
                let path = Route::Overview.path();
                let fp = self.overview_fp();
                let bytes = match previous.files.get(&path) {
                    Some((old, bytes)) if *old == fp => {
                        // Unchanged: keep its values for the next build too.
                        let kept = previous
                            .values
                            .iter()
                            .map(|(k, (fp, v))| (k.clone(), *fp, v.clone()));
                        produced.values.extend(kept);
                        bytes.clone()
                    }
                    _ => {
                        let (html, values) = self.overview(previous)?;
                        produced.values = values;
                        Arc::new(html)
                    }
                };
                sink.put(path.clone(), bytes.clone())
                    .map_err(|e| Diagnostic::file_error(&path, e))?;
                if keep {
                    produced.files.push((path, fp, bytes));
                } else {
                    produced.values.clear();
                }
            }
            Job::NotFound => {
                self.emit(
                    sink,
                    previous,
                    keep,
                    &mut produced,
                    Route::NotFound.path(),
                    Some(self.global),
                    &|| {
                        let title = self.contexts.t("not_found_title");
                        self.render_page("404.html", Route::NotFound, title, tera::Context::new())
                    },
                )?;
            }
            Job::Page(i) => {
                let page = &self.pages[i];
                let route = Route::Page(&page.id);
                let fp = Some(fingerprint(&(self.global, &self.report.pages[i])));
                self.emit(
                    sink,
                    previous,
                    keep,
                    &mut produced,
                    route.path(),
                    fp,
                    &|| {
                        let mut ctx = tera::Context::new();
                        ctx.insert("page", page);
                        self.render_page("page.html", route, &page.title, ctx)
                    },
                )?;
            }
        }
        Ok(produced)
    }

    /// A persona's page, its journeys' pages and charts, and (with `print`) their print
    /// sections in order. Contexts are built only for what must be rendered.
    fn persona_group(
        &self,
        i: usize,
        sink: &dyn Sink,
        previous: &RenderCache,
        keep: bool,
        print: bool,
    ) -> Result<(Produced, Vec<Arc<String>>), Diagnostic> {
        let report = self.report;
        let id = report.personas[i].id.as_str();
        let journeys: &[usize] = self.by_persona.get(id).map_or(&[], Vec::as_slice);
        let persona = LazyCell::new(|| self.contexts.persona(&report.personas[i]));
        let contexts: Vec<_> = journeys
            .iter()
            .map(|&j| {
                LazyCell::new(move || {
                    let mut ctx = self
                        .contexts
                        .journey(&report.journeys[j], self.funnels[j].as_ref());
                    ctx.emotion_svg = self.charts().emotion(&ctx);
                    ctx
                })
            })
            .collect();
        // A context goes into up to four templates: convert it to a template value once.
        let persona_value = LazyCell::new(|| to_value(&*persona));
        let values: Vec<_> = contexts
            .iter()
            .map(|context| LazyCell::new(move || to_value(&**context)))
            .collect();
        // The profile and the journey maps appear on their pages and in print: render once.
        let profile = LazyCell::new(|| {
            self.partial(
                "partials/persona_profile.html",
                Route::Persona(id),
                "persona",
                &persona_value,
            )
        });
        let maps: Vec<_> = journeys
            .iter()
            .zip(&values)
            .map(|(&j, value)| {
                LazyCell::new(move || {
                    let page = Route::Journey(&report.journeys[j].id);
                    self.partial("partials/journey_map.html", page, "j", value)
                })
            })
            .collect();
        let mut produced = Produced::default();

        let route = Route::Persona(id);
        self.emit(
            sink,
            previous,
            keep,
            &mut produced,
            route.path(),
            Some(self.persona_page_fp(i)),
            &|| {
                let mut ctx = tera::Context::new();
                ctx.insert_value("persona", (*persona_value).clone());
                ctx.insert("profile_html", &rooted(&profile, &route.root())?);
                ctx.insert_value(
                    "journeys",
                    tera::Value::from(values.iter().map(|v| (**v).clone()).collect::<Vec<_>>()),
                );
                self.render_page("persona.html", route, persona.name, ctx)
            },
        )?;
        for (k, &j) in journeys.iter().enumerate() {
            let journey_id = &report.journeys[j].id;
            let fp = Some(self.journey_page_fp(j));
            let route = Route::Journey(journey_id);
            self.emit(
                sink,
                previous,
                keep,
                &mut produced,
                route.path(),
                fp,
                &|| {
                    let mut ctx = tera::Context::new();
                    ctx.insert_value("journey", (*values[k]).clone());
                    ctx.insert("map_html", &rooted(&maps[k], &route.root())?);
                    self.render_page("journey.html", route, contexts[k].title, ctx)
                },
            )?;
            if let Some(funnel) = &self.funnels[j] {
                self.emit(
                    sink,
                    previous,
                    keep,
                    &mut produced,
                    Route::Funnel(journey_id).path(),
                    fp,
                    &|| {
                        let svg = self.charts().funnel(&contexts[k], funnel);
                        Ok(svg.unwrap_or_default().into_bytes())
                    },
                )?;
            }
        }

        let mut sections = Vec::new();
        if print {
            let root = Route::Print.root();
            let mut section = |key: String,
                               fp: u64,
                               render: &dyn Fn() -> Result<String, Diagnostic>|
             -> Result<(), Diagnostic> {
                let html = match previous.sections.get(&key) {
                    Some((old, html)) if *old == fp => html.clone(),
                    _ => Arc::new(render()?),
                };
                sections.push(html.clone());
                if keep {
                    produced.sections.push((key, fp, html));
                }
                Ok(())
            };
            section(
                format!("persona:{id}"),
                fingerprint(&(self.global, self.persona_fp[i])),
                &|| {
                    let mut ctx = tera::Context::new();
                    ctx.insert_value("persona", (*persona_value).clone());
                    ctx.insert("profile_html", &rooted(&profile, &root)?);
                    self.fragment("partials/print_persona.html", ctx)
                },
            )?;
            for (k, &j) in journeys.iter().enumerate() {
                section(
                    format!("journey:{}", report.journeys[j].id),
                    self.journey_page_fp(j),
                    &|| {
                        let mut ctx = tera::Context::new();
                        ctx.insert_value("j", (*values[k]).clone());
                        ctx.insert("map_html", &rooted(&maps[k], &root)?);
                        self.fragment("partials/print_journey.html", ctx)
                    },
                )?;
            }
        }
        Ok((produced, sections))
    }

    /// What the overview shows of each persona and journey (not bodies, goals or lanes).
    fn overview_fp(&self) -> u64 {
        let personas: Vec<_> = self
            .report
            .personas
            .iter()
            .map(|p| (&p.id, &p.name, &p.role))
            .collect();
        let journeys: Vec<_> = self
            .report
            .journeys
            .iter()
            .map(|j| {
                (
                    &j.id,
                    &j.title,
                    &j.persona,
                    &j.model,
                    j.stages
                        .iter()
                        .map(|s| (&s.stage, s.count))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        fingerprint(&(self.global, personas, journeys))
    }

    /// The overview page, with each journey's summary and each persona's card as template
    /// values reused from `previous` when unchanged (a large overview is mostly these).
    fn overview(
        &self,
        previous: &RenderCache,
    ) -> Result<(Vec<u8>, Vec<Entry<tera::Value>>), Diagnostic> {
        let report = self.report;
        let cached =
            |key: &str, fp: u64, make: &dyn Fn() -> tera::Value| match previous.values.get(key) {
                Some((old, value)) if *old == fp => value.clone(),
                _ => make(),
            };
        let summaries: Vec<Entry<tera::Value>> = (0..report.journeys.len())
            .into_par_iter()
            .map(|j| {
                let key = format!("summary:{}", report.journeys[j].id);
                let fp = self.journey_page_fp(j);
                let value = cached(&key, fp, &|| {
                    let (journey, funnel) = (&report.journeys[j], self.funnels[j].as_ref());
                    let mut summary = self.contexts.journey_summary(journey, funnel);
                    summary.compact_svg = funnel
                        .zip(self.scale)
                        .map(|(f, scale)| self.charts().compact_funnel(journey, f, scale));
                    to_value(&summary)
                });
                (key, fp, value)
            })
            .collect();
        let cards: Vec<Entry<tera::Value>> = report
            .personas
            .par_iter()
            .map(|p| {
                let journeys: &[usize] = self
                    .by_persona
                    .get(p.id.as_str())
                    .map_or(&[], Vec::as_slice);
                let key = format!("card:{}", p.id);
                let fp = fingerprint(&(
                    self.global,
                    &p.id,
                    &p.name,
                    &p.role,
                    journeys.iter().map(|&j| summaries[j].1).collect::<Vec<_>>(),
                ));
                let value = cached(&key, fp, &|| {
                    let persona = PersonaSummary {
                        id: &p.id,
                        url: Route::Persona(&p.id).path(),
                        name: &p.name,
                        role: p.role.as_deref(),
                    };
                    let journeys: Vec<tera::Value> =
                        journeys.iter().map(|&j| summaries[j].2.clone()).collect();
                    let card: BTreeMap<&'static str, tera::Value> = BTreeMap::from([
                        ("persona", to_value(&persona)),
                        ("journeys", tera::Value::from(journeys)),
                    ]);
                    tera::Value::from(card)
                });
                (key, fp, value)
            })
            .collect();
        let mut ctx = tera::Context::new();
        let intro_html = report
            .index
            .as_ref()
            .map(|d| markdown::to_html(&d.body, "intro-", report.config.raw_html));
        // An intro with its own h1 is the page's heading (as on free pages).
        let show_title = !intro_html.as_ref().is_some_and(|h| h.contains("<h1"));
        ctx.insert("intro_html", &intro_html);
        ctx.insert("show_title", &show_title);
        ctx.insert(
            "intro_title",
            &report.index.as_ref().and_then(|d| d.title.as_deref()),
        );
        ctx.insert(
            "small_multiples",
            &(report.personas.len() <= SMALL_MULTIPLES_MAX),
        );
        ctx.insert_value(
            "personas",
            tera::Value::from(cards.iter().map(|c| c.2.clone()).collect::<Vec<_>>()),
        );
        ctx.insert_value(
            "journeys",
            tera::Value::from(summaries.iter().map(|c| c.2.clone()).collect::<Vec<_>>()),
        );
        let pages: Vec<Link> = self
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                url: p.url.clone(),
            })
            .collect();
        ctx.insert("pages", &pages);
        let html = self.render_page("overview.html", Route::Overview, &report.config.title, ctx)?;
        Ok((html, summaries.into_iter().chain(cards).collect()))
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
        self.theme.tera.render(template, &ctx).map_err(|e| {
            theme::template_diagnostic(
                &self.report.config.theme,
                &e,
                &format!("cannot render {path}: "),
            )
        })
    }

    /// The print page around its sections: what comes before and after them.
    fn print_shell(&self) -> Result<(String, String), Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "intro_html",
            &self
                .report
                .index
                .as_ref()
                .map(|d| markdown::to_html(&d.body, "intro-", self.report.config.raw_html)),
        );
        ctx.insert("sections", SECTIONS_MARKER);
        ctx.insert("pages", &self.pages);
        let shell = self.fragment("print.html", ctx)?;
        let (head, tail) = shell.split_once(SECTIONS_MARKER).unwrap_or((&shell, ""));
        Ok((head.to_string(), tail.to_string()))
    }

    /// The print page, or one section of it.
    fn fragment(&self, template: &str, ctx: tera::Context) -> Result<String, Diagnostic> {
        let route = Route::Print;
        self.render(
            template,
            route,
            &route.root(),
            &self.report.config.title,
            ctx,
        )
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

    /// Whether the build generates the output path `out` itself, so no static file may
    /// replace it.
    fn is_generated(&self, out: &str) -> bool {
        let report = self.report;
        match Route::parse(out) {
            Some(Route::Overview | Route::NotFound | Route::Theme(_)) => true,
            Some(Route::Print) => report.config.print,
            Some(Route::Persona(id)) => report.persona(id).is_some(),
            Some(Route::Journey(id)) => report.journeys.iter().any(|j| j.id == id),
            Some(Route::Funnel(id)) => report.journeys.iter().any(|j| j.id == id && j.has_counts()),
            Some(Route::Page(id)) => report.pages.iter().any(|p| p.id == id),
            Some(Route::Asset(_)) | None => false,
        }
    }

    /// static/ to the output root, plus logo and photos kept outside static/.
    fn copy_files(&self, sink: &dyn Sink, diagnostics: &mut Vec<Diagnostic>) {
        let root = &self.report.root;
        let (found, mut problems) = crate::walk::files(root, &root.join("static"), "static");
        diagnostics.append(&mut problems);
        let mut wanted: Vec<(String, String)> = found
            .into_iter()
            .map(|(rel, _)| {
                let from = format!("static/{rel}");
                let out = Route::Asset(&from).path();
                (from, out)
            })
            .collect();
        let extra = self
            .report
            .config
            .logo
            .iter()
            .map(|p| paths::slash(p))
            .chain(self.report.personas.iter().filter_map(|p| p.photo.clone()));
        for path in extra {
            let path = paths::relative_inside(&path)
                .map(|p| paths::slash(&p))
                .unwrap_or(path);
            if !path.starts_with("static/") && !wanted.iter().any(|(from, _)| *from == path) {
                let out = Route::Asset(&path).path();
                wanted.push((path, out));
            }
        }
        for (from, out) in wanted {
            if self.is_generated(&out) {
                diagnostics.push(Diagnostic::file_error(
                    from,
                    format!("would overwrite the generated file `{out}`; rename it"),
                ));
                continue;
            }
            match std::fs::read(root.join(&from)) {
                Ok(bytes) => {
                    if let Err(e) = sink.put(out, Arc::new(bytes)) {
                        diagnostics.push(Diagnostic::file_error(from, e));
                    }
                }
                Err(e) => {
                    diagnostics.push(Diagnostic::file_error(from, format!("cannot read: {e}")))
                }
            }
        }
    }
}

/// Loads, validates and builds the report at `root` in one go.
pub fn build_dir(root: &Path) -> (Option<Site>, Vec<Diagnostic>) {
    let loaded = crate::content::load(root);
    let mut diagnostics = loaded.diagnostics;
    let Some(report) = loaded.report else {
        return (None, diagnostics);
    };
    match build(&report) {
        Ok(site) => (Some(site), diagnostics),
        Err(mut errors) => {
            diagnostics.append(&mut errors);
            (None, diagnostics)
        }
    }
}
