//! What to render: the overview, the 404 page and the free pages, then each persona with
//! its journeys (pages, charts and print sections), batch by batch.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::charts::{FunnelMode, TrendMode};
use super::context::Link;
use super::group::Group;
use super::memo::{Emitter, Entry, Memo, Output, Produced, fingerprint};
use super::print::PrintPage;
use super::routes::Route;
use super::{Renderer, publish, search, to_value};
use crate::diagnostics::Diagnostic;
use crate::model::Persona;

/// Up to this many personas the overview shows their funnels side by side (SPEC §6).
pub(super) const SMALL_MULTIPLES_MAX: usize = 24;

/// Personas rendered together: enough to keep both cores busy, few enough that their
/// contexts and print sections stay small in memory.
const PERSONA_BATCH: usize = 256;

/// A page about the report as a whole, or a free page.
#[derive(Clone, Copy)]
enum Job {
    Overview,
    Page(usize),
    NotFound,
    Sitemap,
    Robots,
    SearchIndex,
}

impl Renderer<'_> {
    /// The pages about the report as a whole, and the free pages, in parallel.
    pub(super) fn report_pages(&self, out: Output) -> Vec<Result<Produced, Diagnostic>> {
        let config = &self.report.config;
        let mut jobs = vec![Job::Overview, Job::NotFound];
        jobs.extend((0..self.pages.len()).map(Job::Page));
        jobs.extend(config.site_url.is_some().then_some(Job::Sitemap));
        jobs.extend(config.noindex.then_some(Job::Robots));
        jobs.extend(config.search.then_some(Job::SearchIndex));
        jobs.par_iter()
            .map(|&job| {
                let mut emit = out.emitter();
                self.run(job, &mut emit).map(|()| emit.finish())
            })
            .collect()
    }

    fn run(&self, job: Job, emit: &mut Emitter) -> Result<(), Diagnostic> {
        match job {
            Job::Overview => emit.file_with_values(
                Route::Overview.path(),
                self.fp.overview(self.report, self.findings_fp),
                |previous| self.overview(previous),
            ),
            Job::NotFound => emit.file(Route::NotFound.path(), Some(self.fp.global), || {
                let title = self.contexts.t("not_found_title");
                let mut ctx = tera::Context::new();
                ctx.insert("inline_css", &self.inline_stylesheet());
                // A host shows this page at any depth: with a known address its links are
                // absolute (as mdBook's), else relative to the site root.
                let root = self.report.config.site_url.clone().unwrap_or_default();
                let route = Route::NotFound;
                self.render("404.html", route, &root, title, ctx)
                    .map(String::into_bytes)
            }),
            Job::Sitemap => emit.file(Route::Sitemap.path(), None, || {
                let site_url = self.report.config.site_url.as_deref().unwrap_or_default();
                Ok(publish::sitemap(self.report, site_url).into_bytes())
            }),
            Job::Robots => emit.file(Route::Robots.path(), None, || {
                Ok(publish::ROBOTS_NOINDEX.as_bytes().to_vec())
            }),
            Job::SearchIndex => emit.file(Route::SearchIndex.path(), Some(self.fp.all()), || {
                Ok(search::index_script(&self.contexts, self.report).into_bytes())
            }),
            Job::Page(i) => {
                let page = &self.pages[i];
                let route = Route::Page(&page.id);
                let fp = Some(self.fp.page(&self.report.pages[i]));
                emit.file(route.path(), fp, || {
                    let mut ctx = tera::Context::new();
                    ctx.insert("page", page);
                    self.render_page("page.html", route, &page.title, ctx)
                })
            }
        }
    }

    /// The theme's stylesheet, for the 404 page to carry inline: a server shows that page
    /// at any URL (`/a/b/c`), where a relative link to the stylesheet finds nothing.
    fn inline_stylesheet(&self) -> String {
        let css = self
            .theme
            .assets
            .get(&Route::Theme("style.css").path())
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        // Nothing in the stylesheet may close the <style> element early.
        css.replace("</", "<\\/")
    }

    /// The overview page, with each journey's summary and each persona's card as template
    /// values reused from `previous` when unchanged (a large overview is mostly these).
    fn overview(&self, previous: &Memo) -> Result<(Vec<u8>, Vec<Entry<tera::Value>>), Diagnostic> {
        let summaries = self.journey_summaries(previous);
        let cards = self.persona_cards(previous, &summaries);
        let html = self.overview_html(&summaries, &cards)?;
        Ok((html, summaries.into_iter().chain(cards).collect()))
    }

    /// Each journey as the overview lists it, with its compact chart in small multiples.
    pub(super) fn journey_summaries(&self, previous: &Memo) -> Vec<Entry<tera::Value>> {
        let report = self.report;
        (0..report.journeys.len())
            .into_par_iter()
            .map(|j| {
                let journey = &report.journeys[j];
                let key = format!("summary:{}", journey.id);
                let fp = self.journey_fp(j);
                let value = previous.value(&key, fp).unwrap_or_else(|| {
                    let funnel = self.funnels[j].as_ref();
                    let mut summary = self.contexts.journey_summary(journey, funnel);
                    let scale = self
                        .scales
                        .as_ref()
                        .and_then(|s| s.of_unit(journey.unit.as_deref()));
                    summary.compact_svg = funnel
                        .zip(scale)
                        .map(|(f, scale)| self.charts().compact_funnel(journey, f, scale));
                    to_value(&summary)
                });
                (key, fp, value)
            })
            .collect()
    }

    /// Each persona's card on the overview: the persona and its journeys' summaries.
    pub(super) fn persona_cards(
        &self,
        previous: &Memo,
        summaries: &[Entry<tera::Value>],
    ) -> Vec<Entry<tera::Value>> {
        self.report
            .personas
            .par_iter()
            .map(|p| {
                let journeys = self.journeys_of(&p.id);
                let key = format!("card:{}", p.id);
                let fp = fingerprint(&(
                    self.fp.global,
                    super::memo::card_fields(p),
                    journeys.iter().map(|&j| summaries[j].1).collect::<Vec<_>>(),
                ));
                let value = previous
                    .value(&key, fp)
                    .unwrap_or_else(|| self.persona_card(p, journeys, summaries));
                (key, fp, value)
            })
            .collect()
    }

    /// A persona card of the overview from its journeys' summaries.
    fn persona_card(
        &self,
        p: &Persona,
        journeys: &[usize],
        summaries: &[Entry<tera::Value>],
    ) -> tera::Value {
        let persona = self.contexts.persona_summary(p);
        let journeys: Vec<tera::Value> = journeys.iter().map(|&j| summaries[j].2.clone()).collect();
        let card: BTreeMap<&'static str, tera::Value> = BTreeMap::from([
            ("persona", to_value(&persona)),
            ("journeys", tera::Value::from(journeys)),
        ]);
        tera::Value::from(card)
    }

    fn overview_html(
        &self,
        summaries: &[Entry<tera::Value>],
        cards: &[Entry<tera::Value>],
    ) -> Result<Vec<u8>, Diagnostic> {
        let report = self.report;
        let mut ctx = tera::Context::new();
        let intro_html = self.contexts.intro_html();
        // An intro with its own h1 is the page's heading (as on free pages); the
        // description follows that heading.
        let show_title = !intro_html.as_ref().is_some_and(|h| h.contains("<h1"));
        let (intro_heading, intro_html) = match intro_html.as_deref().and_then(split_intro_heading)
        {
            Some((heading, rest)) => (Some(heading), Some(rest)),
            None => (None, intro_html.as_deref()),
        };
        let lead_after_intro = !show_title && intro_heading.is_none();
        ctx.insert("intro_heading", &intro_heading);
        ctx.insert("intro_html", &intro_html.filter(|h| !h.trim().is_empty()));
        ctx.insert("lead_after_intro", &lead_after_intro);
        ctx.insert("show_title", &show_title);
        ctx.insert(
            "intro_title",
            &report.index.as_ref().and_then(|d| d.title.as_deref()),
        );
        ctx.insert_value("findings", self.findings.clone());
        self.insert_comparison(&mut ctx, summaries, cards);
        let pages: Vec<Link> = self
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                url: p.url.clone(),
            })
            .collect();
        ctx.insert("pages", &pages);
        self.render_page("overview.html", Route::Overview, &report.config.title, ctx)
    }

    /// What `partials/comparison.html` reads: the persona cards (or table rows) and the
    /// journeys' summaries, and how their funnels are scaled.
    pub(super) fn insert_comparison(
        &self,
        ctx: &mut tera::Context,
        summaries: &[Entry<tera::Value>],
        cards: &[Entry<tera::Value>],
    ) {
        ctx.insert(
            "small_multiples",
            &(self.report.personas.len() <= SMALL_MULTIPLES_MAX),
        );
        // One unit (or none): one scale for all; more: one per unit, and the note says so.
        ctx.insert(
            "scales_per_unit",
            &self.scales.as_ref().is_some_and(|s| s.len() > 1),
        );
        // The note on how funnels are scaled only where there are funnels.
        ctx.insert("any_funnel", &self.funnels.iter().any(Option::is_some));
        let values = |entries: &[Entry<tera::Value>]| {
            tera::Value::from(entries.iter().map(|e| e.2.clone()).collect::<Vec<_>>())
        };
        ctx.insert_value("personas", values(cards));
        ctx.insert_value("journeys", values(summaries));
    }

    /// Each persona with its journeys, batch by batch: their pages go out as they are
    /// rendered, their print sections are appended to the print page in order, and their
    /// contexts are dropped, so memory does not grow with the report.
    pub(super) fn persona_groups(
        &self,
        out: Output,
        next: &mut Memo,
        errors: &mut Vec<Diagnostic>,
    ) {
        // The print page's head shows the overview's comparison, just computed into `next`.
        let mut print = PrintPage::open(self, out.sink, next, errors);
        let printing = print.is_open();
        let order: Vec<usize> = (0..self.report.personas.len()).collect();
        // While a batch renders, the print sections of the one before are written.
        let mut pending: Vec<Arc<String>> = Vec::new();
        for batch in order.chunks(PERSONA_BATCH) {
            let (results, written) = rayon::join(
                || {
                    batch
                        .par_iter()
                        .map(|&i| self.persona_group(i, out, printing))
                        .collect::<Vec<_>>()
                },
                || print.write(std::mem::take(&mut pending)),
            );
            if let Err(d) = written {
                errors.push(d);
            }
            for result in results {
                match result {
                    Ok((produced, sections)) => {
                        pending.extend(sections);
                        next.absorb(produced);
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        print.finish(pending, errors);
    }

    /// A persona's page, its journeys' pages and charts, and (with `print`) their print
    /// sections in order. Contexts are built only for what must be rendered.
    fn persona_group(
        &self,
        i: usize,
        out: Output,
        print: bool,
    ) -> Result<(Produced, Vec<Arc<String>>), Diagnostic> {
        let group = Group::new(self, i);
        let mut emit = out.emitter();
        self.persona_page(&group, &mut emit)?;
        for k in 0..group.journeys.len() {
            self.journey_files(&group, k, &mut emit)?;
        }
        let sections = if print {
            self.print_sections(&group, &mut emit)?
        } else {
            Vec::new()
        };
        Ok((emit.finish(), sections))
    }

    fn persona_page(&self, group: &Group, emit: &mut Emitter) -> Result<(), Diagnostic> {
        let route = Route::Persona(&group.persona.id);
        emit.file(route.path(), Some(self.persona_fp(group.i)), || {
            let mut ctx = tera::Context::new();
            ctx.insert_value("persona", group.persona_value().clone());
            ctx.insert("profile_html", &group.profile(&route.root())?);
            let journeys = (0..group.journeys.len())
                .map(|k| group.journey_value(k).clone())
                .collect::<Vec<_>>();
            ctx.insert_value("journeys", tera::Value::from(journeys));
            let title = group.persona_ctx().name;
            self.render_page("persona.html", route, title, ctx)
        })
    }

    /// The `k`th journey's page and, with counts, its funnel chart.
    fn journey_files(&self, group: &Group, k: usize, emit: &mut Emitter) -> Result<(), Diagnostic> {
        let j = group.journeys[k];
        let id = &self.report.journeys[j].id;
        let fp = Some(self.journey_fp(j));
        let route = Route::Journey(id);
        emit.file(route.path(), fp, || {
            let mut ctx = tera::Context::new();
            ctx.insert_value("journey", group.journey_value(k).clone());
            ctx.insert("map_html", &group.map(k, &route.root())?);
            let title = group.journey(k).title;
            self.render_page("journey.html", route, title, ctx)
        })?;
        if let Some(funnel) = &self.funnels[j] {
            for (route, mode) in [
                (Route::Funnel(id), FunnelMode::Full),
                (Route::FunnelNarrow(id), FunnelMode::Narrow),
            ] {
                emit.file(route.path(), fp, || {
                    let svg = self.charts().funnel(group.journey(k), funnel, mode);
                    Ok(svg.unwrap_or_default().into_bytes())
                })?;
            }
        }
        if self.report.journeys[j].has_trend() {
            let journey = &self.report.journeys[j];
            for (route, mode) in [
                (Route::Trend(id), TrendMode::Full),
                (Route::TrendNarrow(id), TrendMode::Narrow),
            ] {
                emit.file(route.path(), fp, || {
                    let svg = self.charts().trend(journey, group.journey(k), mode);
                    Ok(svg.unwrap_or_default().into_bytes())
                })?;
            }
        }
        Ok(())
    }
}

/// Splits an intro whose markdown opens with its own h1 after that heading, so the site's
/// description can follow the page's heading as it does on a page without one.
fn split_intro_heading(html: &str) -> Option<(&str, &str)> {
    const END: &str = "</h1>";
    if !html.trim_start().starts_with("<h1") {
        return None;
    }
    let end = html.find(END)? + END.len();
    Some((&html[..end], &html[end..]))
}
