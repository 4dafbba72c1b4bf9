//! SVG charts for the report: a horizontal funnel ([`funnel`]) and the emotion curve as a
//! lane of the journey map ([`emotion`]), drawn from the view models by [`Charts`].
//!
//! The funnel is drawn with plotters primitives (`Rectangle`, `Text`, `PathElement`,
//! `Circle`, `Polygon`) on a plain `DrawingArea`. We build plotters without the `ttf`
//! feature, so it cannot measure text; its `SVGBackend` just writes `<text>` elements and the
//! browser renders them. Layout decisions that depend on text width (label truncation, where
//! the numbers go) therefore use [`text::text_width`], a deliberately generous estimate based
//! on DejaVu Sans, the widest common default `sans-serif` font: real text is at most that
//! wide.
//!
//! Output is deterministic: coordinates are integers (the emotion lane's have at most one
//! decimal), there are no hash maps, and font sizes are chosen so plotters prints them
//! without float noise. The same input always gives a byte-identical SVG, so reports can be
//! diffed and cached.
//!
//! Accessibility: every funnel SVG root carries `role="img"` and `aria-labelledby`, pointing
//! at a `<title>` and `<desc>` inserted as its first children (plotters emits neither); the
//! emotion lane's drawings are decoration beside the text of their cells. Text sits
//! on a white background in a colour with at least 4.5:1 contrast (WCAG AA), and emphasis is
//! never carried by colour alone.

pub(crate) mod emotion;
pub(crate) mod funnel;
mod svg;
#[cfg(test)]
mod testing;
mod text;

use crate::funnel::Funnel;
use crate::model::Journey;
use crate::render::context::{Contexts, FunnelRowCtx, JourneyCtx};

use emotion::emotion_lane;
use funnel::{FunnelBar, Labels, funnel_svg};

pub(crate) use funnel::FunnelMode;

pub(crate) use svg::ChartStyle;

/// Draws the report's charts from its view models, in the report's language and colours.
pub(crate) struct Charts<'a> {
    contexts: &'a Contexts<'a>,
    style: &'a ChartStyle,
}

impl<'a> Charts<'a> {
    pub(crate) fn new(contexts: &'a Contexts<'a>, style: &'a ChartStyle) -> Self {
        Charts { contexts, style }
    }

    /// The cells of a journey's emotion lane, one per stage; None when no stage is rated.
    pub(crate) fn emotion_lane(
        &self,
        model: &Journey,
        journey: &JourneyCtx,
    ) -> Option<Vec<String>> {
        if !model.has_emotions() {
            return None;
        }
        let emotions: Vec<Option<i8>> = journey.stages.iter().map(|s| s.emotion).collect();
        Some(emotion_lane(&emotions, self.style))
    }

    /// A journey's funnel chart file, full (`funnel.svg`) or narrow for phones
    /// (`funnel-narrow.svg`); None without counts.
    pub(crate) fn funnel(
        &self,
        journey: &JourneyCtx,
        funnel: &Funnel,
        mode: FunnelMode,
    ) -> Option<String> {
        let view = journey.funnel.as_ref()?;
        let chart = FunnelChart {
            id: journey.id,
            title: journey.title,
            rows: &view.rows,
            desc: &view.alt,
            scale: None,
            mode,
        };
        Some(self.draw_funnel(&chart, funnel))
    }

    /// A journey's compact funnel for the overview's small multiples, on the `scale` it
    /// shares with the journeys counting the same unit.
    pub(crate) fn compact_funnel(&self, journey: &Journey, funnel: &Funnel, scale: u64) -> String {
        let view = self.contexts.funnel_view(journey, funnel);
        let id = format!("{}-compact", journey.id);
        let chart = FunnelChart {
            id: &id,
            title: &journey.title,
            rows: &view.rows,
            desc: &view.desc,
            scale: Some(scale),
            mode: FunnelMode::Compact,
        };
        self.draw_funnel(&chart, funnel)
    }

    fn draw_funnel(&self, chart: &FunnelChart, funnel: &Funnel) -> String {
        let t = |key| self.contexts.t(key);
        let title = format!("{}: {}", t("funnel"), chart.title);
        let bars: Vec<FunnelBar> = chart
            .rows
            .iter()
            .zip(&funnel.rows)
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
            id: chart.id,
            title: &title,
            desc: chart.desc,
            share_word: t("share_short"),
            step_word: t("step_short"),
            biggest_drop: t("biggest_drop"),
        };
        funnel_svg(&bars, chart.scale, self.style, &labels, chart.mode)
    }
}

/// One funnel chart to draw: a journey's own, or compact on a shared `scale`.
struct FunnelChart<'a> {
    /// Unique on its page (the `<title>` and `<desc>` ids).
    id: &'a str,
    /// The journey's title.
    title: &'a str,
    rows: &'a [FunnelRowCtx],
    desc: &'a str,
    scale: Option<u64>,
    mode: FunnelMode,
}
