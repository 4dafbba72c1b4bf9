//! A persona and its journeys, as their pages and print sections see them: contexts,
//! template values and partials, each built at most once and only when a file that shows
//! it must be rendered (an unchanged page costs a hash, not a render).

use std::cell::OnceCell;

use super::context::{JourneyCtx, PersonaCtx};
use super::routes::Route;
use super::{Renderer, rooted, to_value};
use crate::diagnostics::Diagnostic;
use crate::model::{Persona, Report};

/// A persona and its journeys as their pages and print sections see them, each part built
/// once, when first needed: a context goes into up to four templates, and the profile and
/// journey maps appear on their pages and in print.
pub(super) struct Group<'g, 'r> {
    renderer: &'g Renderer<'r>,
    pub(super) i: usize,
    pub(super) persona: &'r Persona,
    /// The persona's journeys (indices into the report's).
    pub(super) journeys: &'g [usize],
    context: OnceCell<PersonaCtx<'r>>,
    value: OnceCell<tera::Value>,
    profile: OnceCell<Result<String, Diagnostic>>,
    journey_contexts: Vec<OnceCell<JourneyCtx<'r>>>,
    journey_values: Vec<OnceCell<tera::Value>>,
    maps: Vec<OnceCell<Result<String, Diagnostic>>>,
}

impl<'g, 'r> Group<'g, 'r> {
    pub(super) fn new(renderer: &'g Renderer<'r>, i: usize) -> Self {
        let report: &'r Report = renderer.report;
        let persona: &'r Persona = &report.personas[i];
        let journeys = renderer.journeys_of(&persona.id);
        Group {
            renderer,
            i,
            persona,
            journeys,
            context: OnceCell::new(),
            value: OnceCell::new(),
            profile: OnceCell::new(),
            journey_contexts: cells(journeys.len()),
            journey_values: cells(journeys.len()),
            maps: cells(journeys.len()),
        }
    }

    pub(super) fn persona_ctx(&self) -> &PersonaCtx<'r> {
        self.context
            .get_or_init(|| self.renderer.contexts.persona(self.persona))
    }

    pub(super) fn persona_value(&self) -> &tera::Value {
        self.value.get_or_init(|| to_value(self.persona_ctx()))
    }

    /// The profile partial, for a page whose root is `root`.
    pub(super) fn profile(&self, root: &str) -> Result<String, Diagnostic> {
        let profile = self.profile.get_or_init(|| {
            self.renderer.partial(
                "partials/persona_profile.html",
                Route::Persona(&self.persona.id),
                "persona",
                self.persona_value(),
            )
        });
        rooted(profile, root)
    }

    /// The `k`th journey's context, with the cells of its emotion lane.
    pub(super) fn journey(&self, k: usize) -> &JourneyCtx<'r> {
        self.journey_contexts[k].get_or_init(|| {
            let r = self.renderer;
            let j = self.journeys[k];
            let journey = &r.report.journeys[j];
            let mut ctx = r.contexts.journey(journey, r.funnels[j].as_ref());
            if let Some(cells) = r.charts().emotion_lane(journey, &ctx) {
                for (stage, svg) in ctx.stages.iter_mut().zip(cells) {
                    stage.emotion_svg = Some(svg);
                }
            }
            if let (Some(view), Some(counts)) = (ctx.segments.as_mut(), &journey.counts) {
                // Side by side on one scale, so the segments' bars compare.
                let funnels = crate::funnel::segments(counts);
                let scale = funnels
                    .iter()
                    .map(|(_, f)| f.max_count())
                    .max()
                    .unwrap_or(0);
                for (segment, (name, funnel)) in view.segments.iter_mut().zip(&funnels) {
                    segment.svg = Some(r.charts().segment_funnel(journey, name, funnel, scale));
                }
            }
            ctx
        })
    }

    pub(super) fn journey_value(&self, k: usize) -> &tera::Value {
        self.journey_values[k].get_or_init(|| to_value(self.journey(k)))
    }

    /// The `k`th journey's map partial, for a page whose root is `root`.
    pub(super) fn map(&self, k: usize, root: &str) -> Result<String, Diagnostic> {
        let map = self.maps[k].get_or_init(|| {
            let r = self.renderer;
            let id = &r.report.journeys[self.journeys[k]].id;
            r.partial(
                "partials/journey_map.html",
                Route::Journey(id),
                "j",
                self.journey_value(k),
            )
        });
        rooted(map, root)
    }
}

fn cells<T>(n: usize) -> Vec<OnceCell<T>> {
    (0..n).map(|_| OnceCell::new()).collect()
}
