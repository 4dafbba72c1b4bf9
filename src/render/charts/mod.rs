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
pub(crate) mod trend;

use crate::funnel::Funnel;
use crate::model::Journey;
use crate::render::context::{Contexts, FunnelRowCtx, JourneyCtx};

use emotion::emotion_lane;
use trend::{Series, TrendLabels, trend_svg};

use funnel::{FunnelBar, Labels, funnel_svg};
pub(crate) use trend::TrendMode;

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

    /// A journey's trend chart (`trend.svg`, or `trend-narrow.svg` for phones): each step's
    /// conversion and the overall conversion per period. None with fewer than two periods.
    pub(crate) fn trend(
        &self,
        journey: &Journey,
        ctx: &JourneyCtx,
        mode: TrendMode,
    ) -> Option<String> {
        let lang = self.contexts.language;
        let view = ctx.periods.as_ref()?;
        let periods = crate::funnel::periods(journey.counts.as_ref()?);
        let funnels: Vec<&Funnel> = periods.iter().map(|(_, f)| f).collect();
        let model = self.contexts.report.config.models.get(&journey.model)?;
        let (now, before) = match funnels.as_slice() {
            [.., before, now] => (*now, *before),
            _ => return None,
        };
        let changes = |value: Option<f64>, change: Option<f64>| match (value, change) {
            (Some(v), Some(c)) => format!("{} ({})", lang.percent(v), lang.points(c)),
            (Some(v), None) => lang.percent(v),
            (None, _) => "–".into(),
        };
        let names: Vec<(String, &str)> = model
            .stages
            .iter()
            .filter(|s| {
                funnels
                    .iter()
                    .any(|f| f.row(&s.id).is_some_and(|r| r.step.is_some()))
            })
            .map(|s| (s.display_name(lang), s.id.as_str()))
            .collect();
        let mut series: Vec<Series> = names
            .iter()
            .map(|(name, id)| {
                let now_step = now.row(id).and_then(|r| r.step);
                let change = now_step
                    .zip(before.row(id).and_then(|r| r.step))
                    .map(|(n, b)| (n - b) * 100.0);
                Series {
                    label: name,
                    values: funnels
                        .iter()
                        .map(|f| f.row(id).and_then(|r| r.step))
                        .collect(),
                    legend_value: changes(now_step, change),
                    overall: false,
                }
            })
            .collect();
        let overall_label = self.contexts.t("overall_conversion");
        series.push(Series {
            label: overall_label,
            values: funnels.iter().map(|f| f.overall()).collect(),
            legend_value: changes(now.overall(), now.overall_change(before)),
            overall: true,
        });
        let axis = |v: f64| {
            let text = format!("{:.0}%", v * 100.0);
            if v > 0.0 && v < 0.1 && (v * 100.0).fract().abs() > 1e-9 {
                lang.percent(v)
            } else {
                text
            }
        };
        let title = format!("{}: {}", self.contexts.t("trend_title"), journey.title);
        let labels = TrendLabels {
            id: &journey.id,
            title: &title,
            desc: &view.trend_alt,
            periods: &view.periods,
            axis: &axis,
        };
        Some(trend_svg(&series, self.style, &labels, mode))
    }

    /// A segment's compact funnel, on the `scale` shared by the period's segments.
    pub(crate) fn segment_funnel(
        &self,
        journey: &Journey,
        segment: &str,
        funnel: &Funnel,
        scale: u64,
    ) -> String {
        let view = self.contexts.funnel_view(journey, funnel);
        let id = format!("{}-segment-{segment}", journey.id);
        let title = format!("{} · {segment}", journey.title);
        let chart = FunnelChart {
            id: &id,
            title: &title,
            rows: &view.rows,
            desc: &view.desc,
            scale: Some(scale),
            mode: FunnelMode::Compact,
        };
        self.draw_funnel(&chart, funnel)
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
                previous: r.previous_count,
                change_text: r.change.as_deref(),
            })
            .collect();
        // With the previous period beside it, both share one scale.
        let scale = chart.scale.or_else(|| {
            let previous = chart.rows.iter().filter_map(|r| r.previous_count).max()?;
            Some(previous.max(funnel.max_count()))
        });
        let labels = Labels {
            id: chart.id,
            title: &title,
            desc: chart.desc,
            share_word: t("share_short"),
            step_word: t("step_short"),
            biggest_drop: t("biggest_drop"),
        };
        funnel_svg(&bars, scale, self.style, &labels, chart.mode)
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
