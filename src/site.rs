//! Builds the whole site into memory (output path → bytes). `build` writes it, `serve`
//! serves it: one pipeline, two adapters. Pages render in parallel from per-page contexts;
//! charts are rendered once and referenced wherever they appear.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::funnel::Funnel;
use crate::i18n::Language;
use crate::model::{Journey, Persona, Report};
use crate::paths;
use crate::render::charts::{self, ChartStyle, EmotionLabels, EmotionPoint, FunnelBar, Labels};
use crate::render::color;
use crate::render::markdown;
use crate::render::theme::{self, Theme};
use crate::stages::StageModel;

/// Up to this many personas the overview shows their funnels side by side (SPEC §6).
pub const SMALL_MULTIPLES_MAX: usize = 24;
/// Up to this many personas (and journeys) the sidebar lists them one by one; beyond that
/// it links to the overview, so every page stays small at any report size. beyond it
/// the sidebar links to the overview, so pages stay small at any report size.
const NAV_MAX: usize = 40;

/// A built site: output path (with `/`) → file bytes, in a stable order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    authors: &'a [String],
    language: &'a str,
    accent: String,
    accent_text: String,
    on_accent: String,
    highlight: String,
    logo: Option<String>,
    print: bool,
}

#[derive(Serialize)]
struct Nav {
    personas: Vec<Link>,
    journeys: Vec<Link>,
    pages: Vec<Link>,
    more_personas: bool,
    more_journeys: bool,
}

#[derive(Serialize)]
struct Pair {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct PersonaCtx<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    role: Option<&'a str>,
    segment: Option<&'a str>,
    quote: Option<&'a str>,
    photo: Option<String>,
    demographics: Vec<Pair>,
    goals: &'a [String],
    pains: &'a [String],
    motivations: &'a [String],
    channels: &'a [String],
    tags: &'a [String],
    body_html: String,
}

#[derive(Serialize)]
struct Group {
    name: String,
    span: usize,
}

#[derive(Serialize)]
struct TouchpointCtx<'a> {
    name: &'a str,
    channel: Option<&'a str>,
    owner: Option<&'a str>,
}

#[derive(Serialize)]
struct StageCtx<'a> {
    id: &'a str,
    name: String,
    count: Option<String>,
    emotion: Option<i8>,
    emotion_label: Option<String>,
    goal: Option<&'a str>,
    actions: &'a [String],
    thoughts: &'a [String],
    touchpoints: Vec<TouchpointCtx<'a>>,
    pains: &'a [String],
    opportunities: &'a [String],
    content: &'a [String],
    kpis: Vec<Pair>,
}

#[derive(Serialize)]
struct FunnelRowCtx {
    stage: String,
    count: String,
    share: String,
    step: Option<String>,
    drop: Option<String>,
    biggest: bool,
}

#[derive(Serialize)]
struct FunnelCtx {
    /// Root-relative path of the SVG file.
    svg: String,
    alt: String,
    rows: Vec<FunnelRowCtx>,
    first: String,
    overall: Option<String>,
    biggest_stage: Option<String>,
    biggest_step: Option<String>,
}

#[derive(Serialize)]
struct JourneyCtx<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    persona: Link,
    persona_id: &'a str,
    model: &'a str,
    model_name: String,
    summary_html: Option<String>,
    period: Option<&'a str>,
    unit: Option<&'a str>,
    groups: Vec<Group>,
    stages: Vec<StageCtx<'a>>,
    lanes: Vec<&'static str>,
    emotion_svg: Option<String>,
    funnel: Option<FunnelCtx>,
    /// Compact funnel for the overview's small multiples (shared scale), inline SVG.
    compact_svg: Option<String>,
}

fn persona_url(id: &str) -> String {
    format!("personas/{id}/index.html")
}
fn journey_url(id: &str) -> String {
    format!("journeys/{id}/index.html")
}
fn page_url(id: &str) -> String {
    format!("pages/{id}/index.html")
}

/// Output path of a file of the report folder (logo, photo): `static/x` → `x`, else `media/...`.
fn asset_url(path: &str) -> String {
    match path.strip_prefix("static/") {
        Some(rest) => rest.to_string(),
        None => format!("media/{path}"),
    }
}

/// Everything one build needs besides the report: language, colours, the compiled theme.
struct Builder<'r> {
    report: &'r Report,
    language: Language,
    style: ChartStyle,
    theme: Theme,
    strings: BTreeMap<&'static str, &'static str>,
}

/// Builds the site of a validated report in memory.
pub fn build(report: &Report) -> Result<Site, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    render(report, &sink)?;
    Ok(sink.into_site())
}

/// Renders every file of the site of a validated report into `sink`.
pub fn render(report: &Report, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    let config = &report.config;
    let language = config.language;
    let accent = config
        .accent_color
        .as_deref()
        .and_then(color::parse)
        .unwrap_or(color::DEFAULT_ACCENT);
    let style = ChartStyle {
        accent: color::readable_on_white(accent),
        highlight: color::HIGHLIGHT,
        text: color::TEXT,
    };
    let strings = language.strings();

    let mut global = tera::Context::new();
    global.insert(
        "site",
        &SiteCtx {
            title: &config.title,
            description: config.description.as_deref(),
            authors: &config.authors,
            language: language.code(),
            accent: color::hex(accent),
            accent_text: color::hex(color::readable_on_white(accent)),
            on_accent: color::hex(color::text_on(accent)),
            highlight: color::hex(color::HIGHLIGHT),
            logo: config.logo.as_deref().map(|p| asset_url(&paths::slash(p))),
            print: config.print,
        },
    );
    global.insert("t", &strings);
    global.insert("nav", &nav(report));
    let theme = theme::load(&report.root, &config.theme, global)?;
    let builder = Builder {
        report,
        language,
        style,
        theme,
        strings,
    };
    builder.render_all(sink)
}

fn nav(report: &Report) -> Nav {
    let list = |n: usize| n <= NAV_MAX;
    Nav {
        personas: if list(report.personas.len()) {
            report
                .personas
                .iter()
                .map(|p| Link {
                    title: p.name.clone(),
                    url: persona_url(&p.id),
                })
                .collect()
        } else {
            Vec::new()
        },
        journeys: if list(report.journeys.len()) {
            report
                .journeys
                .iter()
                .map(|j| Link {
                    title: j.title.clone(),
                    url: journey_url(&j.id),
                })
                .collect()
        } else {
            Vec::new()
        },
        pages: report
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                url: page_url(&p.id),
            })
            .collect(),
        more_personas: !list(report.personas.len()),
        more_journeys: !list(report.journeys.len()),
    }
}

/// Where built files go: a map in memory for `serve`, a staging folder for `build`.
/// Pages are handed over as soon as they are rendered, so a large report never has to be
/// held in memory as a whole on its way to disk.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), String>;

    /// A file given in pieces (the print page), so it need not be joined in memory first.
    fn put_chunks(&self, path: String, chunks: Vec<String>) -> Result<(), String> {
        self.put(path, chunks.concat().into_bytes())
    }
}

/// Collects the site in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), String> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
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

/// A free page as templates see it.
#[derive(Serialize)]
struct PageCtx {
    id: String,
    title: String,
    url: String,
    body_html: String,
    /// False when the markdown has its own h1.
    show_title: bool,
}

/// A persona as the overview lists it.
#[derive(Serialize)]
struct PersonaSummary<'a> {
    id: &'a str,
    url: &'a str,
    name: &'a str,
    role: Option<&'a str>,
}

#[derive(Serialize)]
struct FunnelSummary<'a> {
    first: &'a str,
    overall: Option<&'a str>,
    biggest_stage: Option<&'a str>,
    biggest_step: Option<&'a str>,
}

/// A journey as the overview lists it: key numbers and the compact chart only.
#[derive(Serialize)]
struct JourneySummary<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    persona: &'a Link,
    model_name: &'a str,
    funnel: Option<FunnelSummary<'a>>,
    compact_svg: Option<&'a str>,
}

impl<'a> JourneySummary<'a> {
    fn of(j: &'a JourneyCtx) -> Self {
        JourneySummary {
            id: j.id,
            url: &j.url,
            title: j.title,
            persona: &j.persona,
            model_name: &j.model_name,
            funnel: j.funnel.as_ref().map(|f| FunnelSummary {
                first: &f.first,
                overall: f.overall.as_deref(),
                biggest_stage: f.biggest_stage.as_deref(),
                biggest_step: f.biggest_step.as_deref(),
            }),
            compact_svg: j.compact_svg.as_deref(),
        }
    }
}

/// Everything pages are made of, prepared once and shared by all page renders.
struct Parts<'r> {
    personas: Vec<PersonaCtx<'r>>,
    journeys: Vec<JourneyCtx<'r>>,
    /// Indices into `journeys`, per persona id.
    by_persona: BTreeMap<&'r str, Vec<usize>>,
    pages: Vec<PageCtx>,
    small_multiples: bool,
}

impl<'r> Parts<'r> {
    fn journeys_of(&self, persona: &str) -> Vec<&JourneyCtx<'r>> {
        self.by_persona.get(persona).map_or_else(Vec::new, |ids| {
            ids.iter().map(|&i| &self.journeys[i]).collect()
        })
    }
}

/// One page to render.
#[derive(Clone, Copy)]
enum Job {
    Overview,
    Persona(usize),
    Journey(usize),
    Page(usize),
    Print,
    NotFound,
}

/// Stands in the print page for the persona and journey sections, which are rendered in
/// parallel as fragments and spliced in.
const SECTIONS_MARKER: &str = "<!--journeybook:print-sections-->";
const PRINT_PATH: &str = "print/index.html";

impl Builder<'_> {
    fn t(&self, key: &str) -> &'static str {
        self.strings.get(key).copied().unwrap_or("")
    }

    fn model(&self, journey: &Journey) -> &StageModel {
        // Validation guarantees the model exists.
        self.report
            .config
            .models
            .get(&journey.model)
            .expect("journey model was validated")
    }

    fn render_all(&self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let report = self.report;
        let small_multiples = report.personas.len() <= SMALL_MULTIPLES_MAX;
        let funnels: Vec<Option<Funnel>> = report.journeys.par_iter().map(Funnel::of).collect();
        let scale = funnels.iter().flatten().map(Funnel::max_count).max();
        let scale = small_multiples.then_some(scale).flatten();

        let mut errors: Vec<Diagnostic> = Vec::new();
        let built: Vec<(JourneyCtx, Result<(), String>)> = report
            .journeys
            .par_iter()
            .zip(funnels.par_iter())
            .map(|(j, f)| {
                let (ctx, svg) = self.journey_ctx(j, f.as_ref(), scale);
                let stored = match (svg, &ctx.funnel) {
                    (Some(svg), Some(funnel)) => sink.put(funnel.svg.clone(), svg.into_bytes()),
                    _ => Ok(()),
                };
                (ctx, stored)
            })
            .collect();
        let mut journeys = Vec::with_capacity(built.len());
        for (ctx, stored) in built {
            if let Err(e) = stored {
                let path = ctx
                    .funnel
                    .as_ref()
                    .map(|f| f.svg.clone())
                    .unwrap_or_default();
                errors.push(Diagnostic::file_error(path, e));
            }
            journeys.push(ctx);
        }
        let mut by_persona: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, j) in report.journeys.iter().enumerate() {
            by_persona.entry(j.persona.as_str()).or_default().push(i);
        }
        let pages = report
            .pages
            .iter()
            .map(|p| {
                let body_html = markdown::to_html(&p.body, &format!("pg-{}-", p.id));
                PageCtx {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: page_url(&p.id),
                    show_title: !body_html.contains("<h1"),
                    body_html,
                }
            })
            .collect();
        let parts = Parts {
            personas: report
                .personas
                .par_iter()
                .map(|p| self.persona_ctx(p))
                .collect(),
            journeys,
            by_persona,
            pages,
            small_multiples,
        };

        let mut jobs = vec![Job::Overview, Job::NotFound];
        jobs.extend((0..parts.personas.len()).map(Job::Persona));
        jobs.extend((0..parts.journeys.len()).map(Job::Journey));
        jobs.extend((0..parts.pages.len()).map(Job::Page));
        if report.config.print {
            jobs.push(Job::Print);
        }
        let failed: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&job| {
                if let Job::Print = job {
                    return match self.print_page(&parts) {
                        Ok(chunks) => sink
                            .put_chunks(PRINT_PATH.to_string(), chunks)
                            .err()
                            .map(|e| Diagnostic::file_error(PRINT_PATH, e)),
                        Err(d) => Some(d),
                    };
                }
                let (path, bytes) = match self.page(job, &parts) {
                    Ok(page) => page,
                    Err(d) => return Some(d),
                };
                sink.put(path.clone(), bytes)
                    .err()
                    .map(|e| Diagnostic::file_error(path, e))
            })
            .collect();
        errors.extend(failed);
        self.copy_files(sink, &mut errors);
        for (path, bytes) in &self.theme.assets {
            if let Err(e) = sink.put(path.clone(), bytes.clone()) {
                errors.push(Diagnostic::file_error(path, e));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            crate::diagnostics::sort(&mut errors);
            errors.dedup();
            Err(errors)
        }
    }

    /// Renders one page: its path and bytes.
    fn page(&self, job: Job, parts: &Parts) -> Result<(String, Vec<u8>), Diagnostic> {
        let report = self.report;
        let mut ctx = tera::Context::new();
        let (path, template, root, kind, title) = match job {
            Job::Overview => {
                let cards: Vec<_> = parts
                    .personas
                    .iter()
                    .map(|p| {
                        let journeys: Vec<JourneySummary> = parts
                            .journeys_of(p.id)
                            .into_iter()
                            .map(JourneySummary::of)
                            .collect();
                        let persona = PersonaSummary {
                            id: p.id,
                            url: &p.url,
                            name: p.name,
                            role: p.role,
                        };
                        serde_json::json!({ "persona": persona, "journeys": journeys })
                    })
                    .collect();
                let all: Vec<JourneySummary> =
                    parts.journeys.iter().map(JourneySummary::of).collect();
                ctx.insert(
                    "intro_html",
                    &report
                        .index
                        .as_ref()
                        .map(|d| markdown::to_html(&d.body, "intro-")),
                );
                ctx.insert(
                    "intro_title",
                    &report.index.as_ref().and_then(|d| d.title.as_deref()),
                );
                ctx.insert("small_multiples", &parts.small_multiples);
                ctx.insert("personas", &cards);
                ctx.insert("journeys", &all);
                let pages: Vec<Link> = parts
                    .pages
                    .iter()
                    .map(|p| Link {
                        title: p.title.clone(),
                        url: p.url.clone(),
                    })
                    .collect();
                ctx.insert("pages", &pages);
                (
                    "index.html".to_string(),
                    "overview.html",
                    "",
                    "overview",
                    report.config.title.clone(),
                )
            }
            Job::Persona(i) => {
                let persona = &parts.personas[i];
                ctx.insert("persona", persona);
                ctx.insert("journeys", &parts.journeys_of(persona.id));
                (
                    format!("personas/{}/index.html", persona.id),
                    "persona.html",
                    "../../",
                    "persona",
                    persona.name.to_string(),
                )
            }
            Job::Journey(i) => {
                let journey = &parts.journeys[i];
                ctx.insert("journey", journey);
                (
                    format!("journeys/{}/index.html", journey.id),
                    "journey.html",
                    "../../",
                    "journey",
                    journey.title.to_string(),
                )
            }
            Job::Page(i) => {
                let page = &parts.pages[i];
                ctx.insert("page", page);
                (
                    format!("pages/{}/index.html", page.id),
                    "page.html",
                    "../../",
                    "page",
                    page.title.clone(),
                )
            }
            Job::Print => unreachable!("the print page is written in chunks"),
            Job::NotFound => (
                "404.html".to_string(),
                "404.html",
                "",
                "404",
                self.t("not_found_title").to_string(),
            ),
        };
        let html = self.render(template, &path, root, kind, &title, ctx)?;
        Ok((path, html.into_bytes()))
    }

    fn render(
        &self,
        template: &str,
        path: &str,
        root: &str,
        kind: &str,
        title: &str,
        mut ctx: tera::Context,
    ) -> Result<String, Diagnostic> {
        ctx.insert("root", root);
        ctx.insert("page_kind", kind);
        ctx.insert("page_title", title);
        ctx.insert("path", path);
        self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::file_error(
                format!("themes/{}/templates/{template}", self.report.config.theme),
                format!("cannot render {path}: {}", theme::template_error(&e)),
            )
        })
    }

    /// The print page: cover and pages from print.html, persona and journey sections
    /// rendered in parallel from their partials and spliced in at the marker.
    fn print_page(&self, parts: &Parts) -> Result<Vec<String>, Diagnostic> {
        let fragments: Vec<Result<String, Diagnostic>> = parts
            .personas
            .par_iter()
            .map(|p| {
                let mut html = self.fragment("partials/print_persona.html", "persona", p)?;
                for j in parts.journeys_of(p.id) {
                    html.push_str(&self.fragment("partials/print_journey.html", "j", j)?);
                }
                Ok(html)
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert(
            "intro_html",
            &self
                .report
                .index
                .as_ref()
                .map(|d| markdown::to_html(&d.body, "intro-")),
        );
        ctx.insert("sections", SECTIONS_MARKER);
        ctx.insert("pages", &parts.pages);
        let shell = self.render(
            "print.html",
            PRINT_PATH,
            "../",
            "print",
            &self.report.config.title,
            ctx,
        )?;
        let (head, tail) = shell.split_once(SECTIONS_MARKER).unwrap_or((&shell, ""));
        let mut chunks = Vec::with_capacity(fragments.len() + 2);
        chunks.push(head.to_string());
        for fragment in fragments {
            chunks.push(fragment?);
        }
        chunks.push(tail.to_string());
        Ok(chunks)
    }

    /// One section of the print page.
    fn fragment<T: Serialize>(
        &self,
        template: &str,
        key: &'static str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(key, value);
        self.render(
            template,
            PRINT_PATH,
            "../",
            "print",
            &self.report.config.title,
            ctx,
        )
    }

    /// Output paths the build generates itself, which static files may not replace.
    fn is_generated(&self, out: &str) -> bool {
        let report = self.report;
        let id_of = |prefix: &str, suffix: &str| {
            out.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(suffix))
                .map(str::to_string)
        };
        matches!(out, "index.html" | "404.html")
            || (out == "print/index.html" && report.config.print)
            || out.starts_with(&format!("{}/", theme::ASSET_DIR))
            || id_of("personas/", "/index.html").is_some_and(|id| report.persona(&id).is_some())
            || id_of("journeys/", "/index.html")
                .is_some_and(|id| report.journeys.iter().any(|j| j.id == id))
            || id_of("journeys/", "/funnel.svg")
                .is_some_and(|id| report.journeys.iter().any(|j| j.id == id && j.has_counts()))
            || id_of("pages/", "/index.html")
                .is_some_and(|id| report.pages.iter().any(|p| p.id == id))
    }

    /// static/ to the output root, plus logo and photos kept outside static/.
    fn copy_files(&self, sink: &dyn Sink, diagnostics: &mut Vec<Diagnostic>) {
        let root = &self.report.root;
        let mut wanted: Vec<(String, String)> = Vec::new();
        for (rel, path) in theme::walk(&root.join("static")) {
            if paths::resolves_inside(root, &path) {
                wanted.push((format!("static/{rel}"), rel));
            } else {
                diagnostics.push(Diagnostic::file_error(
                    format!("static/{rel}"),
                    "resolves outside the report folder",
                ));
            }
        }
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
                wanted.push((path.clone(), asset_url(&path)));
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
                    if let Err(e) = sink.put(out, bytes) {
                        diagnostics.push(Diagnostic::file_error(from, e));
                    }
                }
                Err(e) => {
                    diagnostics.push(Diagnostic::file_error(from, format!("cannot read: {e}")))
                }
            }
        }
    }

    fn persona_ctx<'p>(&self, p: &'p Persona) -> PersonaCtx<'p> {
        PersonaCtx {
            id: &p.id,
            url: persona_url(&p.id),
            name: &p.name,
            role: p.role.as_deref(),
            segment: p.segment.as_deref(),
            quote: p.quote.as_deref(),
            photo: p.photo.as_deref().map(|path| {
                asset_url(
                    &paths::relative_inside(path)
                        .map(|p| paths::slash(&p))
                        .unwrap_or_default(),
                )
            }),
            demographics: p
                .demographics
                .iter()
                .map(|(l, v)| Pair {
                    label: l.clone(),
                    value: v.clone(),
                })
                .collect(),
            goals: &p.goals,
            pains: &p.pains,
            motivations: &p.motivations,
            channels: &p.channels,
            tags: &p.tags,
            body_html: markdown::to_html(&p.body, &format!("p-{}-", p.id)),
        }
    }

    /// The journey's context and, when it has counts, its full funnel SVG.
    fn journey_ctx<'j>(
        &self,
        j: &'j Journey,
        funnel: Option<&Funnel>,
        scale: Option<u64>,
    ) -> (JourneyCtx<'j>, Option<String>) {
        let lang = self.language;
        let model = self.model(j);
        let stage_name = |id: &str| {
            model
                .stages
                .iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_string(), |s| s.display_name(lang))
        };
        let scale_names = lang.emotion_scale();
        let stages: Vec<StageCtx> = j
            .stages
            .iter()
            .map(|s| StageCtx {
                id: &s.stage,
                name: stage_name(&s.stage),
                count: s.count.map(|c| lang.integer(c)),
                emotion: s.emotion,
                emotion_label: s
                    .emotion
                    .map(|e| format!("{} {}", signed(e), scale_names[(e + 2) as usize])),
                goal: s.goal.as_deref(),
                actions: &s.actions,
                thoughts: &s.thoughts,
                touchpoints: s
                    .touchpoints
                    .iter()
                    .map(|t| TouchpointCtx {
                        name: &t.name,
                        channel: t.channel.as_deref(),
                        owner: t.owner.as_deref(),
                    })
                    .collect(),
                pains: &s.pains,
                opportunities: &s.opportunities,
                content: &s.content,
                kpis: s
                    .kpis
                    .iter()
                    .map(|(l, v)| Pair {
                        label: l.clone(),
                        value: v.clone(),
                    })
                    .collect(),
            })
            .collect();
        let mut groups: Vec<Group> = Vec::new();
        if model.has_groups() {
            for s in &j.stages {
                let group = model
                    .stages
                    .iter()
                    .find(|m| m.id == s.stage)
                    .and_then(|m| m.group.clone())
                    .unwrap_or_default();
                let name = lang.group_name(&group);
                match groups.last_mut() {
                    Some(last) if last.name == name => last.span += 1,
                    _ => groups.push(Group { name, span: 1 }),
                }
            }
        }
        let lanes = lanes(j);
        let emotion_svg = j.has_emotions().then(|| {
            let points: Vec<EmotionPoint> = stages
                .iter()
                .map(|s| EmotionPoint {
                    label: &s.name,
                    emotion: s.emotion,
                })
                .collect();
            let desc = stages
                .iter()
                .map(|s| {
                    format!(
                        "{}: {}",
                        s.name,
                        s.emotion_label
                            .as_deref()
                            .unwrap_or(self.t("emotion_not_rated"))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let title = format!("{}: {}", self.t("emotion_curve"), j.title);
            charts::emotion_svg(
                &points,
                &self.style,
                &EmotionLabels {
                    id: &j.id,
                    title: &title,
                    desc: &desc,
                    scale: scale_names,
                },
            )
        });

        let mut funnel_svg = None;
        let mut compact_svg = None;
        let funnel_ctx = funnel.map(|f| {
            let rows: Vec<FunnelRowCtx> = f
                .rows
                .iter()
                .map(|r| FunnelRowCtx {
                    stage: stage_name(&r.stage),
                    count: lang.integer(r.count),
                    share: r.share.map_or_else(|| "–".into(), |v| lang.percent(v)),
                    step: r.step.map(|v| lang.percent(v)),
                    drop: r.drop.map(|d| lang.integer(d)),
                    biggest: r.biggest_drop,
                })
                .collect();
            let desc = rows
                .iter()
                .map(|r| {
                    let step = r
                        .step
                        .as_ref()
                        .map(|s| format!(", {} {s}", self.t("step_short")))
                        .unwrap_or_default();
                    let mark = if r.biggest {
                        format!(" ({})", self.t("biggest_drop"))
                    } else {
                        String::new()
                    };
                    format!(
                        "{}: {} ({} {}{step}){mark}",
                        r.stage,
                        r.count,
                        r.share,
                        self.t("share_short")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let title = format!("{}: {}", self.t("funnel"), j.title);
            let bars: Vec<FunnelBar> = rows
                .iter()
                .zip(&f.rows)
                .map(|(r, raw)| FunnelBar {
                    label: &r.stage,
                    count: raw.count,
                    count_text: &r.count,
                    share_text: &r.share,
                    step_text: r.step.as_deref(),
                    biggest_drop: r.biggest,
                })
                .collect();
            let labels = Labels {
                id: &j.id,
                title: &title,
                desc: &desc,
                share_word: self.t("share_short"),
                step_word: self.t("step_short"),
                biggest_drop: self.t("biggest_drop"),
            };
            funnel_svg = Some(charts::funnel_svg(&bars, None, &self.style, &labels, false));
            if scale.is_some() {
                let compact_id = format!("{}-compact", j.id);
                let labels = Labels {
                    id: &compact_id,
                    ..labels
                };
                compact_svg = Some(charts::funnel_svg(&bars, scale, &self.style, &labels, true));
            }
            let biggest = f.biggest_drop();
            FunnelCtx {
                svg: format!("journeys/{}/funnel.svg", j.id),
                alt: desc,
                first: lang.integer(f.first_count()),
                overall: f.overall().map(|v| lang.percent(v)),
                biggest_stage: biggest.map(|r| stage_name(&r.stage)),
                biggest_step: biggest.and_then(|r| r.step).map(|v| lang.percent(v)),
                rows,
            }
        });
        let persona = self.report.persona(&j.persona);
        let ctx = JourneyCtx {
            id: &j.id,
            url: journey_url(&j.id),
            title: &j.title,
            persona: Link {
                title: persona.map_or_else(|| j.persona.clone(), |p| p.name.clone()),
                url: persona_url(&j.persona),
            },
            persona_id: &j.persona,
            model: &j.model,
            model_name: model
                .stages
                .iter()
                .map(|s| s.display_name(lang))
                .collect::<Vec<_>>()
                .join(" → "),
            summary_html: j.summary.as_deref().map(markdown::inline_html),
            period: j.period.as_deref(),
            unit: j.unit.as_deref(),
            groups,
            stages,
            lanes,
            emotion_svg,
            funnel: funnel_ctx,
            compact_svg,
        };
        (ctx, funnel_svg)
    }
}

fn signed(e: i8) -> String {
    if e > 0 {
        format!("+{e}")
    } else if e < 0 {
        format!("−{}", -e)
    } else {
        "0".into()
    }
}

/// The lanes of the journey map that have content in any stage, in a fixed order.
fn lanes(j: &Journey) -> Vec<&'static str> {
    let s = &j.stages;
    let checks: [(&'static str, bool); 10] = [
        ("count", s.iter().any(|x| x.count.is_some())),
        ("goal", s.iter().any(|x| x.goal.is_some())),
        ("actions", s.iter().any(|x| !x.actions.is_empty())),
        ("thoughts", s.iter().any(|x| !x.thoughts.is_empty())),
        ("touchpoints", s.iter().any(|x| !x.touchpoints.is_empty())),
        ("emotion", s.iter().any(|x| x.emotion.is_some())),
        ("pains", s.iter().any(|x| !x.pains.is_empty())),
        (
            "opportunities",
            s.iter().any(|x| !x.opportunities.is_empty()),
        ),
        ("content", s.iter().any(|x| !x.content.is_empty())),
        ("kpis", s.iter().any(|x| !x.kpis.is_empty())),
    ];
    checks
        .into_iter()
        .filter(|(_, has)| *has)
        .map(|(lane, _)| lane)
        .collect()
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
