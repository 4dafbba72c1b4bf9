//! Builds the whole site into memory (output path → bytes). `build` writes it, `serve`
//! serves it: one pipeline, two adapters. Pages render in parallel from per-page contexts;
//! charts are rendered once and referenced wherever they appear.

use std::collections::BTreeMap;
use std::path::Path;

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
/// Up to this many personas (and journeys) the sidebar lists them one by one.
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

/// Builds the site of a validated report.
pub fn build(report: &Report) -> Result<Site, Vec<Diagnostic>> {
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
    builder.site()
}

fn nav(report: &Report) -> Nav {
    Nav {
        personas: report
            .personas
            .iter()
            .take(NAV_MAX)
            .map(|p| Link {
                title: p.name.clone(),
                url: persona_url(&p.id),
            })
            .collect(),
        journeys: report
            .journeys
            .iter()
            .take(NAV_MAX)
            .map(|j| Link {
                title: j.title.clone(),
                url: journey_url(&j.id),
            })
            .collect(),
        pages: report
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                url: page_url(&p.id),
            })
            .collect(),
        more_personas: report.personas.len() > NAV_MAX,
        more_journeys: report.journeys.len() > NAV_MAX,
    }
}

/// One page to render: output path, template, depth-relative root and its own context.
struct PageJob {
    path: String,
    template: &'static str,
    root: &'static str,
    kind: &'static str,
    title: String,
    context: tera::Context,
}

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

    fn site(&self) -> Result<Site, Vec<Diagnostic>> {
        let report = self.report;
        let small_multiples = report.personas.len() <= SMALL_MULTIPLES_MAX;
        let funnels: Vec<Option<Funnel>> = report.journeys.par_iter().map(Funnel::of).collect();
        let scale = funnels.iter().flatten().map(Funnel::max_count).max();

        let journeys: Vec<(JourneyCtx, Option<String>)> = report
            .journeys
            .par_iter()
            .zip(funnels.par_iter())
            .map(|(j, f)| {
                self.journey_ctx(j, f.as_ref(), small_multiples.then_some(scale).flatten())
            })
            .collect();
        let personas: Vec<PersonaCtx> = report
            .personas
            .par_iter()
            .map(|p| self.persona_ctx(p))
            .collect();

        let mut files = BTreeMap::new();
        let mut jobs = Vec::new();

        // Journeys of each persona, by index into `journeys` (both are sorted by id).
        let mut by_persona: BTreeMap<&str, Vec<&JourneyCtx>> = BTreeMap::new();
        for (ctx, svg) in &journeys {
            by_persona.entry(ctx.persona_id).or_default().push(ctx);
            if let (Some(svg), Some(funnel)) = (svg, &ctx.funnel) {
                files.insert(funnel.svg.clone(), svg.clone().into_bytes());
            }
        }

        let mut overview = tera::Context::new();
        overview.insert(
            "intro_html",
            &report
                .index
                .as_ref()
                .map(|d| markdown::to_html(&d.body, "")),
        );
        overview.insert(
            "intro_title",
            &report.index.as_ref().and_then(|d| d.title.as_deref()),
        );
        overview.insert("small_multiples", &small_multiples);
        let cards: Vec<_> = personas
            .iter()
            .map(|p| {
                let js = by_persona.get(p.id).cloned().unwrap_or_default();
                serde_json::json!({ "persona": p, "journeys": js })
            })
            .collect();
        overview.insert("personas", &cards);
        let all_journeys: Vec<&JourneyCtx> = journeys.iter().map(|(j, _)| j).collect();
        overview.insert("journeys", &all_journeys);
        overview.insert("pages", &nav(report).pages);
        jobs.push(PageJob {
            path: "index.html".into(),
            template: "overview.html",
            root: "",
            kind: "overview",
            title: report.config.title.clone(),
            context: overview,
        });

        for persona in &personas {
            let mut ctx = tera::Context::new();
            ctx.insert("persona", persona);
            ctx.insert(
                "journeys",
                &by_persona.get(persona.id).cloned().unwrap_or_default(),
            );
            jobs.push(PageJob {
                path: format!("personas/{}/index.html", persona.id),
                template: "persona.html",
                root: "../../",
                kind: "persona",
                title: persona.name.to_string(),
                context: ctx,
            });
        }
        for (journey, _) in &journeys {
            let mut ctx = tera::Context::new();
            ctx.insert("journey", journey);
            jobs.push(PageJob {
                path: format!("journeys/{}/index.html", journey.id),
                template: "journey.html",
                root: "../../",
                kind: "journey",
                title: journey.title.to_string(),
                context: ctx,
            });
        }
        let pages: Vec<_> = report
            .pages
            .iter()
            .map(|p| {
                let body_html = markdown::to_html(&p.body, &format!("pg-{}-", p.id));
                // A page whose markdown has its own h1 does not get a second one.
                let show_title = !body_html.contains("<h1");
                serde_json::json!({ "id": p.id, "title": p.title, "url": page_url(&p.id), "body_html": body_html, "show_title": show_title })
            })
            .collect();
        for page in &pages {
            let mut ctx = tera::Context::new();
            ctx.insert("page", page);
            jobs.push(PageJob {
                path: format!(
                    "pages/{}/index.html",
                    page["id"].as_str().unwrap_or_default()
                ),
                template: "page.html",
                root: "../../",
                kind: "page",
                title: page["title"].as_str().unwrap_or_default().to_string(),
                context: ctx,
            });
        }
        if report.config.print {
            let mut ctx = tera::Context::new();
            ctx.insert(
                "intro_html",
                &report
                    .index
                    .as_ref()
                    .map(|d| markdown::to_html(&d.body, "intro-")),
            );
            let sections: Vec<_> = personas
                .iter()
                .map(|p| serde_json::json!({ "persona": p, "journeys": by_persona.get(p.id).cloned().unwrap_or_default() }))
                .collect();
            ctx.insert("sections", &sections);
            ctx.insert("pages", &pages);
            jobs.push(PageJob {
                path: "print/index.html".into(),
                template: "print.html",
                root: "../",
                kind: "print",
                title: report.config.title.clone(),
                context: ctx,
            });
        }
        jobs.push(PageJob {
            path: "404.html".into(),
            template: "404.html",
            root: "",
            kind: "404",
            title: self.t("not_found_title").to_string(),
            context: tera::Context::new(),
        });

        let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> =
            jobs.into_par_iter().map(|job| self.render(job)).collect();
        let mut diagnostics = Vec::new();
        for result in rendered {
            match result {
                Ok((path, bytes)) => {
                    files.insert(path, bytes);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        self.copy_files(&mut files, &mut diagnostics);
        for (path, bytes) in &self.theme.assets {
            files.insert(path.clone(), bytes.clone());
        }
        if diagnostics.is_empty() {
            Ok(Site { files })
        } else {
            crate::diagnostics::sort(&mut diagnostics);
            diagnostics.dedup();
            Err(diagnostics)
        }
    }

    fn render(&self, mut job: PageJob) -> Result<(String, Vec<u8>), Diagnostic> {
        job.context.insert("root", job.root);
        job.context.insert("page_kind", job.kind);
        job.context.insert("page_title", &job.title);
        job.context.insert("path", &job.path);
        match self.theme.tera.render(job.template, &job.context) {
            Ok(html) => Ok((job.path, html.into_bytes())),
            Err(e) => Err(Diagnostic::file_error(
                format!(
                    "themes/{}/templates/{}",
                    self.report.config.theme, job.template
                ),
                format!("cannot render {}: {}", job.path, theme::template_error(&e)),
            )),
        }
    }

    /// static/ to the output root, plus logo and photos kept outside static/.
    fn copy_files(&self, files: &mut BTreeMap<String, Vec<u8>>, diagnostics: &mut Vec<Diagnostic>) {
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
            if files.contains_key(&out) || out.starts_with(&format!("{}/", theme::ASSET_DIR)) {
                diagnostics.push(Diagnostic::file_error(
                    from,
                    format!("would overwrite the generated file `{out}`; rename it"),
                ));
                continue;
            }
            match std::fs::read(root.join(&from)) {
                Ok(bytes) => {
                    files.insert(out, bytes);
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
