//! What templates see: the context of each page type, built from the validated model
//! with names and numbers already in the report's language and colours. Contexts are
//! data only: the charts are drawn from them by the page renderer (see `render::charts`),
//! which fills in the slots left for them here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::funnel::{Funnel, FunnelRow};
use crate::i18n::Language;
use crate::model::{Journey, JourneyStage, Persona, Report};
use crate::paths;
use crate::render::color;
use crate::render::links::Links;
use crate::render::markdown;
use crate::render::routes::Route;
use crate::stages::StageModel;

/// Up to this many personas (and journeys) the sidebar lists them one by one; beyond that
/// it links to the overview, so every page stays small at any report size.
pub(crate) const NAV_MAX: usize = 40;

#[derive(Serialize, Hash, Debug, PartialEq)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub authors: &'a [String],
    pub date: Option<&'a str>,
    pub language: &'a str,
    pub accent: String,
    pub accent_text: String,
    pub accent_fill: String,
    pub on_accent: String,
    pub highlight: String,
    pub logo: Option<String>,
    pub print: bool,
    /// `[output.html] site-url`, ending in `/`.
    pub url: Option<&'a str>,
    pub noindex: bool,
    pub search: bool,
}

#[derive(Serialize, Hash)]
pub(crate) struct Nav {
    pub personas: Vec<Link>,
    pub journeys: Vec<Link>,
    pub pages: Vec<Link>,
    pub more_personas: bool,
    pub more_journeys: bool,
}

#[derive(Serialize)]
pub(crate) struct Pair {
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub(crate) struct PersonaCtx<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub segment: Option<&'a str>,
    pub quote: Option<&'a str>,
    pub photo: Option<String>,
    pub demographics: Vec<Pair>,
    pub goals: &'a [String],
    pub pains: &'a [String],
    pub motivations: &'a [String],
    pub channels: &'a [String],
    pub tags: &'a [String],
    pub body_html: String,
    /// Shown in place of a photo: see [`initials`].
    pub initials: String,
}

#[derive(Serialize)]
pub(crate) struct Group {
    pub name: String,
    pub span: usize,
}

#[derive(Serialize)]
pub(crate) struct TouchpointCtx<'a> {
    pub name: &'a str,
    pub channel: Option<&'a str>,
    pub owner: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct StageCtx<'a> {
    pub id: &'a str,
    pub name: String,
    pub count: Option<String>,
    pub emotion: Option<i8>,
    pub emotion_label: Option<String>,
    pub goal: Option<&'a str>,
    pub actions: &'a [String],
    pub thoughts: &'a [String],
    pub touchpoints: Vec<TouchpointCtx<'a>>,
    pub pains: &'a [String],
    pub opportunities: &'a [String],
    pub content: &'a [String],
    pub kpis: Vec<Pair>,
    /// This stage is where the funnel's biggest drop happens: its column is marked.
    pub biggest_drop: bool,
    /// This stage's cell of the emotion lane (inline SVG): None here, drawn by the page
    /// renderer when the journey has emotions.
    pub emotion_svg: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct FunnelRowCtx {
    pub stage: String,
    pub count: String,
    pub share: String,
    pub step: Option<String>,
    pub drop: Option<String>,
    pub biggest: bool,
    /// The step conversion's change since the previous period ("+3,7 pp").
    pub change: Option<String>,
    /// The previous period's count of this stage (the chart's marker).
    #[serde(skip)]
    pub previous_count: Option<u64>,
}

#[derive(Serialize)]
pub(crate) struct FunnelCtx {
    /// Root-relative path of the SVG file.
    pub svg: String,
    /// Root-relative path of the same chart drawn for phones.
    pub narrow_svg: String,
    pub alt: String,
    pub rows: Vec<FunnelRowCtx>,
    pub first: String,
    pub overall: Option<String>,
    pub biggest_stage: Option<String>,
    pub biggest_step: Option<String>,
    /// Why people are lost at the biggest drop: shown beside the chart.
    pub drop_story: Option<DropStory>,
    /// When another step loses more people than the biggest drop, the sentence that says
    /// so (SPEC §6).
    pub most_lost: Option<String>,
    /// With counts over periods: the current period and the one it is compared with.
    pub period: Option<String>,
    pub previous_period: Option<String>,
    /// The overall conversion's change since the previous period.
    pub overall_change: Option<String>,
}

/// A journey's counts over periods (SPEC §4.1): its trend chart and a table of every period.
#[derive(Serialize)]
pub(crate) struct PeriodsCtx {
    /// Root-relative paths of the trend chart, wide and for phones.
    pub trend_svg: String,
    pub trend_narrow_svg: String,
    pub trend_alt: String,
    /// Period labels, in order; the last is the current one.
    pub periods: Vec<String>,
    pub previous: String,
    /// One row per stage counted in any period, in model order.
    pub rows: Vec<PeriodRow>,
    /// Overall conversion per period, and its change.
    pub overall: Vec<String>,
    pub overall_change: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct PeriodRow {
    pub stage: String,
    /// Per period: count and step conversion ("–" where there is none).
    pub cells: Vec<PeriodCell>,
    /// The step conversion's change, current against previous period.
    pub change: Option<String>,
    /// Whether the change is a fall (for a marker that is not colour alone).
    pub fell: bool,
}

#[derive(Serialize)]
pub(crate) struct PeriodCell {
    pub count: String,
    pub step: Option<String>,
}

/// The current period per segment: compact funnels on one scale, and a table.
#[derive(Serialize)]
pub(crate) struct SegmentsCtx {
    pub period: String,
    pub segments: Vec<SegmentCtx>,
    /// One row per stage: per segment its count and step conversion.
    pub rows: Vec<PeriodRow>,
}

#[derive(Serialize)]
pub(crate) struct SegmentCtx {
    pub name: String,
    pub first: String,
    pub overall: Option<String>,
    /// The compact funnel (inline SVG): None here, drawn by the page renderer.
    pub svg: Option<String>,
}

/// The biggest drop's stage with its numbers in words, its pains and its opportunities.
#[derive(Serialize)]
pub(crate) struct DropStory {
    pub stage: String,
    pub title: String,
    pub numbers: String,
    pub pains: Vec<String>,
    pub opportunities: Vec<String>,
}

/// A stage of a journey's model, as the journey's header lists it.
#[derive(Serialize)]
pub(crate) struct ModelStage {
    pub name: String,
    pub in_journey: bool,
}

#[derive(Serialize)]
pub(crate) struct JourneyCtx<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub persona: Link,
    pub persona_id: &'a str,
    pub model: &'a str,
    pub model_name: String,
    /// The model's stages in order, each saying whether this journey has it: a journey
    /// may cover part of its model, and its header must not suggest missing columns.
    pub model_stages: Vec<ModelStage>,
    pub summary_html: Option<String>,
    pub period: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub groups: Vec<Group>,
    pub stages: Vec<StageCtx<'a>>,
    pub lanes: Vec<&'static str>,
    pub funnel: Option<FunnelCtx>,
    /// With counts for two or more periods.
    pub periods: Option<PeriodsCtx>,
    /// With segments in the current period.
    pub segments: Option<SegmentsCtx>,
}

/// A free page as templates see it.
#[derive(Serialize)]
pub(crate) struct PageCtx {
    pub id: String,
    pub title: String,
    pub url: String,
    pub body_html: String,
    /// False when the markdown has its own h1.
    pub show_title: bool,
}

/// A persona as the overview's card shows it: who, and what matters to them most.
#[derive(Serialize)]
pub(crate) struct PersonaSummary<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub photo: Option<String>,
    pub initials: String,
    pub quote: Option<&'a str>,
    /// The first goal and the first pain.
    pub goal: Option<&'a str>,
    pub pain: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct FunnelSummary {
    pub first: String,
    pub overall: Option<String>,
    /// With counts over periods: the overall conversion's change since the previous
    /// period, with that period ("−0,7 pp since 2026-Q1").
    pub overall_change: Option<String>,
    pub biggest_stage: Option<String>,
    pub biggest_step: Option<String>,
}

/// A journey as the overview lists it: key numbers and the compact chart only.
#[derive(Serialize)]
pub(crate) struct JourneySummary {
    pub id: String,
    pub url: String,
    pub title: String,
    pub persona: Link,
    pub model_name: String,
    /// What the counts count ("bezoekers"), shown beside them.
    pub unit: Option<String>,
    pub funnel: Option<FunnelSummary>,
    /// The compact funnel (inline SVG) of the overview's small multiples: None here, drawn
    /// by the page renderer.
    pub compact_svg: Option<String>,
}

/// Builds contexts: the report plus its language, UI strings and chart colours.
pub(crate) struct Contexts<'r> {
    pub report: &'r Report,
    pub language: &'r Language,
    pub strings: BTreeMap<&'static str, &'r str>,
    accent: color::Rgb,
    /// Links between documents, rewritten to the pages they name.
    links: Links<'r>,
}

impl<'r> Contexts<'r> {
    pub(crate) fn new(report: &'r Report) -> Self {
        let language = &report.config.language;
        let accent = report
            .config
            .accent_color
            .as_deref()
            .and_then(color::parse)
            .unwrap_or(color::DEFAULT_ACCENT);
        Contexts {
            report,
            language,
            strings: language.strings(),
            accent,
            links: Links::new(report),
        }
    }

    /// The brand colour (`accent-color`), or the default.
    pub(crate) fn accent(&self) -> color::Rgb {
        self.accent
    }

    /// The markdown of the document at `source` (its path in the report folder) as HTML,
    /// heading ids prefixed with `id_prefix`, links to other documents rewritten.
    pub(crate) fn markdown(&self, text: &str, id_prefix: &str, source: &str) -> String {
        markdown::to_html_linked(text, id_prefix, self.raw_html(), &|url| {
            self.links.rewrite(source, url)
        })
    }

    /// content/index.md as HTML (the overview's and the print page's introduction).
    pub(crate) fn intro_html(&self) -> Option<String> {
        let source = format!("{}/index.md", crate::paths::slash(&self.report.config.src));
        let index = self.report.index.as_ref()?;
        Some(self.markdown(&index.body, "intro-", &source))
    }

    /// Whether raw HTML in markdown passes through (`[output.html] raw-html`).
    pub(crate) fn raw_html(&self) -> bool {
        self.report.config.raw_html
    }

    pub(crate) fn t(&self, key: &str) -> &'r str {
        self.strings.get(key).copied().unwrap_or("")
    }

    /// A stage of `journey` by its id, named in the report's language.
    pub(crate) fn stage_name_of(&self, journey: &Journey, stage: &str) -> String {
        stage_name(self.model(journey), stage, self.language)
    }

    fn model(&self, journey: &Journey) -> &'r StageModel {
        // Validation guarantees the model exists.
        self.report
            .config
            .models
            .get(&journey.model)
            .expect("journey model was validated")
    }

    /// `site`: what every page shows of the report as a whole.
    pub(crate) fn site(&self) -> SiteCtx<'r> {
        let config = &self.report.config;
        SiteCtx {
            title: &config.title,
            description: config.description.as_deref(),
            authors: &config.authors,
            date: config.date.as_deref(),
            language: self.language.code(),
            accent: color::hex(self.accent),
            accent_text: color::hex(color::readable_on_white(self.accent)),
            accent_fill: color::hex(color::fill_for_text(self.accent)),
            on_accent: color::hex(color::text_on(color::fill_for_text(self.accent))),
            highlight: color::hex(color::highlight_for(self.accent)),
            logo: config
                .logo
                .as_deref()
                .map(|p| Route::Asset(&paths::slash(p)).path()),
            print: config.print,
            url: config.site_url.as_deref(),
            noindex: config.noindex,
            search: config.search,
        }
    }

    /// `nav`: the sidebar.
    pub(crate) fn nav(&self) -> Nav {
        let report = self.report;
        let list = |n: usize| n <= NAV_MAX;
        Nav {
            personas: if list(report.personas.len()) {
                report
                    .personas
                    .iter()
                    .map(|p| Link {
                        title: p.name.clone(),
                        url: Route::Persona(&p.id).path(),
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
                        url: Route::Journey(&j.id).path(),
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
                    url: Route::Page(&p.id).path(),
                })
                .collect(),
            more_personas: !list(report.personas.len()),
            more_journeys: !list(report.journeys.len()),
        }
    }

    /// A free page.
    pub(crate) fn page(&self, p: &crate::model::Page) -> PageCtx {
        let body_html = self.markdown(&p.body, &format!("pg-{}-", p.id), &p.source);
        PageCtx {
            id: p.id.clone(),
            title: p.title.clone(),
            url: Route::Page(&p.id).path(),
            show_title: !body_html.contains("<h1"),
            body_html,
        }
    }

    pub(crate) fn persona<'p>(&self, p: &'p Persona) -> PersonaCtx<'p> {
        PersonaCtx {
            id: &p.id,
            url: Route::Persona(&p.id).path(),
            name: &p.name,
            role: p.role.as_deref(),
            segment: p.segment.as_deref(),
            quote: p.quote.as_deref(),
            photo: photo_url(p),
            demographics: p
                .demographics
                .iter()
                .map(|(l, v)| Pair {
                    label: l.clone(),
                    value: self.language.plain_number(v).unwrap_or_else(|| v.clone()),
                })
                .collect(),
            goals: &p.goals,
            pains: &p.pains,
            motivations: &p.motivations,
            channels: &p.channels,
            tags: &p.tags,
            body_html: self.markdown(&p.body, &format!("p-{}-", p.id), &p.source),
            initials: initials(&p.name),
        }
    }

    /// A persona's card on the overview.
    pub(crate) fn persona_summary<'p>(&self, p: &'p Persona) -> PersonaSummary<'p> {
        PersonaSummary {
            id: &p.id,
            url: Route::Persona(&p.id).path(),
            name: &p.name,
            role: p.role.as_deref(),
            photo: photo_url(p),
            initials: initials(&p.name),
            quote: p.quote.as_deref(),
            goal: p.goals.first().map(String::as_str),
            pain: p.pains.first().map(String::as_str),
        }
    }

    /// The journey map's context and, with counts, its funnel table. Its emotion curve is
    /// left for the page renderer to draw.
    pub(crate) fn journey<'j>(&self, j: &'j Journey, funnel: Option<&Funnel>) -> JourneyCtx<'j> {
        let lang = self.language;
        let model = self.model(j);
        let biggest = funnel
            .and_then(Funnel::biggest_drop)
            .map(|r| r.stage.as_str());
        let stages: Vec<StageCtx> = j
            .stages
            .iter()
            .map(|s| self.stage(model, s, biggest == Some(s.stage.as_str())))
            .collect();
        let persona = self.report.persona(&j.persona);
        JourneyCtx {
            id: &j.id,
            url: Route::Journey(&j.id).path(),
            title: &j.title,
            persona: Link {
                title: persona.map_or_else(|| j.persona.clone(), |p| p.name.clone()),
                url: Route::Persona(&j.persona).path(),
            },
            persona_id: &j.persona,
            model: &j.model,
            model_name: model_name(model, lang),
            model_stages: model
                .stages
                .iter()
                .map(|m| ModelStage {
                    name: m.display_name(lang),
                    in_journey: j.stages.iter().any(|s| s.stage == m.id),
                })
                .collect(),
            summary_html: j
                .summary
                .as_deref()
                .map(|s| markdown::inline_html(s, self.raw_html())),
            // With counts over periods, the current period is the one the page shows.
            period: j
                .counts
                .as_ref()
                .and_then(|c| c.current())
                .map(|p| p.period.as_str())
                .or(j.period.as_deref()),
            unit: j.unit.as_deref(),
            groups: groups(model, j, lang),
            stages,
            lanes: lanes(j),
            funnel: funnel.map(|f| self.funnel(j, f)),
            periods: self.periods(j),
            segments: self.segments(j),
        }
    }

    /// The trend of a journey with counts for two or more periods: a row per stage, a
    /// column per period.
    fn periods(&self, j: &Journey) -> Option<PeriodsCtx> {
        let lang = self.language;
        let model = self.model(j);
        let periods = crate::funnel::periods(j.counts.as_ref()?);
        let [.., (previous, before), (_, now)] = periods.as_slice() else {
            return None;
        };
        let funnels: Vec<&Funnel> = periods.iter().map(|(_, f)| f).collect();
        let rows = self.stage_rows(model, &funnels, Some((now, before)));
        let trend_alt = periods
            .iter()
            .map(|(p, f)| {
                let overall = f.overall().map_or_else(|| "–".into(), |v| lang.percent(v));
                format!("{p}: {} {overall}", self.t("overall_conversion"))
            })
            .collect::<Vec<_>>()
            .join("; ");
        Some(PeriodsCtx {
            trend_svg: Route::Trend(&j.id).path(),
            trend_narrow_svg: Route::TrendNarrow(&j.id).path(),
            trend_alt,
            periods: periods.iter().map(|(p, _)| p.to_string()).collect(),
            previous: previous.to_string(),
            rows,
            overall: funnels
                .iter()
                .map(|f| f.overall().map_or_else(|| "–".into(), |v| lang.percent(v)))
                .collect(),
            overall_change: now.overall_change(before).map(|v| lang.points(v)),
        })
    }

    /// The current period per segment, when it has segments.
    fn segments(&self, j: &Journey) -> Option<SegmentsCtx> {
        let lang = self.language;
        let counts = j.counts.as_ref()?;
        let segments = crate::funnel::segments(counts);
        if segments.is_empty() {
            return None;
        }
        let funnels: Vec<&Funnel> = segments.iter().map(|(_, f)| f).collect();
        Some(SegmentsCtx {
            period: counts
                .current()
                .map(|p| p.period.clone())
                .unwrap_or_default(),
            segments: segments
                .iter()
                .map(|(name, f)| SegmentCtx {
                    name: name.to_string(),
                    first: lang.integer(f.first_count()),
                    overall: f.overall().map(|v| lang.percent(v)),
                    svg: None,
                })
                .collect(),
            rows: self.stage_rows(self.model(j), &funnels, None),
        })
    }

    /// A row per stage counted in any of `funnels` (model order) with a cell per funnel;
    /// with `change`, the step conversion's change from the second funnel to the first.
    fn stage_rows(
        &self,
        model: &StageModel,
        funnels: &[&Funnel],
        change: Option<(&Funnel, &Funnel)>,
    ) -> Vec<PeriodRow> {
        let lang = self.language;
        let mut stages: Vec<&str> = Vec::new();
        for s in &model.stages {
            if funnels.iter().any(|f| f.row(&s.id).is_some()) {
                stages.push(&s.id);
            }
        }
        stages
            .into_iter()
            .map(|stage| {
                let points = change.and_then(|(now, before)| {
                    let i = now.rows.iter().position(|r| r.stage == stage)?;
                    now.step_changes(before)[i]
                });
                PeriodRow {
                    stage: stage_name(model, stage, lang),
                    cells: funnels
                        .iter()
                        .map(|f| match f.row(stage) {
                            Some(r) => PeriodCell {
                                count: lang.integer(r.count),
                                step: r.step.map(|v| lang.percent(v)),
                            },
                            None => PeriodCell {
                                count: "–".into(),
                                step: None,
                            },
                        })
                        .collect(),
                    change: points.map(|v| lang.points(v)),
                    fell: points.is_some_and(|v| v < -0.05),
                }
            })
            .collect()
    }

    /// One column of the journey map.
    fn stage<'j>(&self, model: &StageModel, s: &'j JourneyStage, biggest: bool) -> StageCtx<'j> {
        let lang = self.language;
        StageCtx {
            id: &s.stage,
            name: stage_name(model, &s.stage, lang),
            count: s.count.map(|c| lang.integer(c)),
            emotion: s.emotion,
            emotion_label: s.emotion.map(|e| emotion_label(lang, e)),
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
            biggest_drop: biggest,
            emotion_svg: None,
        }
    }

    /// A journey's funnel: its table, key numbers and where its chart goes.
    fn funnel(&self, j: &Journey, f: &Funnel) -> FunnelCtx {
        let lang = self.language;
        let model = self.model(j);
        let previous = previous_funnel(j);
        let mut view = self.funnel_view(j, f);
        if let Some((_, before)) = &previous {
            for ((row, raw), change) in view
                .rows
                .iter_mut()
                .zip(&f.rows)
                .zip(f.step_changes(before))
            {
                row.change = change.map(|v| lang.points(v));
                row.previous_count = before.row(&raw.stage).map(|r| r.count);
            }
        }
        let biggest = f.biggest_drop();
        FunnelCtx {
            svg: Route::Funnel(&j.id).path(),
            narrow_svg: Route::FunnelNarrow(&j.id).path(),
            first: lang.integer(f.first_count()),
            overall: f.overall().map(|v| lang.percent(v)),
            biggest_stage: biggest.map(|r| stage_name(model, &r.stage, lang)),
            biggest_step: biggest.and_then(|r| r.step).map(|v| lang.percent(v)),
            alt: view.desc,
            rows: view.rows,
            drop_story: self.drop_story(j, f),
            most_lost: f.most_lost_elsewhere().map(|r| {
                let loss = self.loss(f, r);
                fill(
                    self.t("most_lost"),
                    &[
                        ("stage", &stage_name(model, &r.stage, lang)),
                        ("lost", &loss.lost),
                        ("from", &loss.from),
                        ("rate", &loss.rate),
                    ],
                )
            }),
            period: previous
                .as_ref()
                .and_then(|_| j.counts.as_ref()?.current())
                .map(|p| p.period.clone()),
            overall_change: previous
                .as_ref()
                .and_then(|(_, before)| f.overall_change(before))
                .map(|v| lang.points(v)),
            previous_period: previous.map(|(p, _)| p.to_string()),
        }
    }

    /// The biggest drop's stage, its loss in words, its pains and opportunities.
    fn drop_story(&self, j: &Journey, f: &Funnel) -> Option<DropStory> {
        let row = f.biggest_drop()?;
        let stage = stage_name(self.model(j), &row.stage, self.language);
        let loss = self.loss(f, row);
        let lanes = j.stages.iter().find(|s| s.stage == row.stage);
        Some(DropStory {
            title: fill(self.t("drop_story_title"), &[("stage", &stage)]),
            numbers: fill(
                self.t("drop_story_numbers"),
                &[
                    ("lost", &loss.lost),
                    ("from", &loss.from),
                    ("rate", &loss.rate),
                ],
            ),
            stage,
            pains: lanes.map(|s| s.pains.clone()).unwrap_or_default(),
            opportunities: lanes.map(|s| s.opportunities.clone()).unwrap_or_default(),
        })
    }

    /// The people a step loses, of how many, and as a share of those, in the report's
    /// language.
    fn loss(&self, f: &Funnel, row: &FunnelRow) -> Loss {
        let lang = self.language;
        let lost = row.drop.unwrap_or(0);
        let from = f
            .rows
            .iter()
            .position(|r| std::ptr::eq(r, row))
            .and_then(|i| i.checked_sub(1))
            .map_or(row.count + lost, |p| f.rows[p].count);
        Loss {
            lost: lang.integer(lost),
            from: lang.integer(from),
            rate: if from == 0 {
                "–".into()
            } else {
                lang.percent(lost as f64 / from as f64)
            },
        }
    }

    /// The funnel's table rows and its text description (the chart's `<desc>`).
    pub(crate) fn funnel_view(&self, j: &Journey, f: &Funnel) -> FunnelView {
        let lang = self.language;
        let model = self.model(j);
        let rows: Vec<FunnelRowCtx> = f
            .rows
            .iter()
            .map(|r| FunnelRowCtx {
                stage: stage_name(model, &r.stage, lang),
                count: lang.integer(r.count),
                share: r.share.map_or_else(|| "–".into(), |v| lang.percent(v)),
                step: r.step.map(|v| lang.percent(v)),
                drop: r.drop.map(|d| lang.integer(d)),
                biggest: r.biggest_drop,
                change: None,
                previous_count: None,
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
        FunnelView { rows, desc }
    }

    /// A journey as the overview lists it: key numbers only; the compact chart, when the
    /// overview shows funnels side by side, is left for the page renderer to draw.
    pub(crate) fn journey_summary(&self, j: &Journey, funnel: Option<&Funnel>) -> JourneySummary {
        let lang = self.language;
        let model = self.model(j);
        let persona = self.report.persona(&j.persona);
        JourneySummary {
            id: j.id.clone(),
            url: Route::Journey(&j.id).path(),
            title: j.title.clone(),
            persona: Link {
                title: persona.map_or_else(|| j.persona.clone(), |p| p.name.clone()),
                url: Route::Persona(&j.persona).path(),
            },
            model_name: model_name(model, lang),
            unit: j.unit.clone(),
            funnel: funnel.map(|f| {
                let biggest = f.biggest_drop();
                let overall_change = previous_funnel(j).and_then(|(period, before)| {
                    let points = lang.points(f.overall_change(&before)?);
                    let since = self.t("since_period").replace("{period}", period);
                    Some(format!("{points} {since}"))
                });
                FunnelSummary {
                    first: lang.integer(f.first_count()),
                    overall: f.overall().map(|v| lang.percent(v)),
                    overall_change,
                    biggest_stage: biggest.map(|r| stage_name(model, &r.stage, lang)),
                    biggest_step: biggest.and_then(|r| r.step).map(|v| lang.percent(v)),
                }
            }),
            compact_svg: None,
        }
    }
}

/// The period before the current one and its funnel, when the journey has one.
pub(crate) fn previous_funnel(j: &Journey) -> Option<(&str, Funnel)> {
    let previous = j.counts.as_ref()?.previous()?;
    Some((&previous.period, Funnel::from_counts(&previous.total)?))
}

/// A step's loss, formatted: people lost, of how many, and the share.
struct Loss {
    lost: String,
    from: String,
    rate: String,
}

/// `template` with each `{name}` replaced by its value (UI strings with blanks), in one
/// pass: a value is never read as a blank itself.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let blank = tail.find('}').and_then(|close| {
            let name = &tail[1..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, *value))
        });
        match blank {
            Some((close, value)) => {
                out.push_str(value);
                rest = &tail[close + 1..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A funnel's table rows and its text description (the chart's `<desc>`).
pub(crate) struct FunnelView {
    pub(crate) rows: Vec<FunnelRowCtx>,
    pub(crate) desc: String,
}

/// The journey map's header row: runs of stages in the same group (none when the model
/// has no groups).
fn groups(model: &StageModel, j: &Journey, lang: &Language) -> Vec<Group> {
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
    groups
}

/// Where a persona's photo is in the output.
fn photo_url(p: &Persona) -> Option<String> {
    p.photo.as_deref().map(|path| {
        let path = paths::relative_inside(path)
            .map(|p| paths::slash(&p))
            .unwrap_or_default();
        Route::Asset(&path).path()
    })
}

/// The avatar of a persona without a photo: the first letters of the first and last word
/// of the name ("Sanne de Vries" → "SV"), one letter for a one-word name.
pub(crate) fn initials(name: &str) -> String {
    let first_letter = |word: &str| word.chars().find(|c| c.is_alphanumeric());
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| first_letter(w).is_some())
        .collect();
    let picked = match words.as_slice() {
        [] => Vec::new(),
        [one] => vec![*one],
        [first, .., last] => vec![*first, *last],
    };
    picked
        .into_iter()
        .filter_map(first_letter)
        .flat_map(char::to_uppercase)
        .collect()
}

fn stage_name(model: &StageModel, id: &str, lang: &Language) -> String {
    model
        .stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.display_name(lang))
}

fn model_name(model: &StageModel, lang: &Language) -> String {
    model
        .stages
        .iter()
        .map(|s| s.display_name(lang))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// An emotion -2..=2 as shown: `−1 negative`.
pub(crate) fn emotion_label(lang: &Language, e: i8) -> String {
    let names = lang.emotion_scale();
    format!("{} {}", signed(e), names[(e.clamp(-2, 2) + 2) as usize])
}

pub(crate) fn signed(e: i8) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_blanks_once_and_keeps_the_rest() {
        let values = [("stage", "{lost} & co"), ("lost", "680")];
        assert_eq!(
            fill("At {stage}: {lost} of {from}.", &values),
            "At {lost} & co: 680 of {from}."
        );
        assert_eq!(fill("{", &values), "{");
        assert_eq!(fill("", &values), "");
    }

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Sanne de Vries"), "SV");
        assert_eq!(initials("Bart Claes"), "BC");
        assert_eq!(initials("cher"), "C");
        assert_eq!(initials("  Élodie   van 't Hof "), "ÉH");
        assert_eq!(initials("Jan-Pieter \"JP\" Smit"), "JS");
        assert_eq!(initials("  "), "");
    }
}
