//! The trend chart of a journey with counts over periods (`trend.svg`, SPEC §6): each
//! step's conversion and the overall conversion per period, as lines over the periods in
//! the order written. Two variants, each drawn at the size it is shown at so its text
//! keeps at least 10 px: 760 px wide on screens, 320 px for phones.
//!
//! Series are told apart by colour *and* marker shape, and named in a legend below the
//! plot with their current value and change, so nothing depends on colour alone and no
//! label has to squeeze beside a line end.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::svg::{ChartStyle, GUIDE, WHITE_RGB, finish, legible_on, line, rgb, text};
use super::text::{ellipsize, text_width};

/// One line of the chart.
#[derive(Debug, Clone)]
pub(crate) struct Series<'a> {
    /// "Overweging" or "Totale conversie".
    pub label: &'a str,
    /// Per period, a ratio 0..=1; None where the period has no value.
    pub values: Vec<Option<f64>>,
    /// Shown after the label in the legend: "18,8% (+0,7 pp)".
    pub legend_value: String,
    /// The overall conversion: drawn thicker, in the accent colour.
    pub overall: bool,
}

/// Words and ids of one trend chart.
pub(crate) struct TrendLabels<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// Period labels, in order.
    pub periods: &'a [String],
    /// Formats a ratio as the axis shows it ("20%").
    pub axis: &'a dyn Fn(f64) -> String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrendMode {
    Full,
    Narrow,
}

struct Layout {
    width: i32,
    pad: i32,
    plot_h: i32,
    /// Left of the plot: the axis labels.
    axis_w: i32,
    font: f64,
    legend_line: i32,
}

const FULL: Layout = Layout {
    width: 760,
    pad: 12,
    plot_h: 220,
    axis_w: 48,
    font: 13.0,
    legend_line: 22,
};

const NARROW: Layout = Layout {
    width: 320,
    pad: 8,
    plot_h: 180,
    axis_w: 40,
    font: 13.0,
    legend_line: 22,
};

/// Step-conversion lines: dark enough for 3:1 on white, distinct from each other and from
/// the accent; the marker shape tells them apart as well.
const PALETTE: [(u8, u8, u8); 5] = [
    (0x4a, 0x55, 0x68),
    (0xb4, 0x53, 0x09),
    (0x6b, 0x21, 0xa8),
    (0x03, 0x69, 0xa1),
    (0xbe, 0x12, 0x3c),
];

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const MARKERS: [Marker; 4] = [
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Circle,
];

/// Draws the trend chart.
pub(crate) fn trend_svg(
    series: &[Series],
    style: &ChartStyle,
    labels: &TrendLabels,
    mode: TrendMode,
) -> String {
    let lay = match mode {
        TrendMode::Full => &FULL,
        TrendMode::Narrow => &NARROW,
    };
    let text_rgb = legible_on(style.text, WHITE_RGB);
    let top = lay.pad + 8;
    let plot_left = lay.pad + lay.axis_w;
    let plot_right = lay.width - lay.pad - 16;
    let plot_bottom = top + lay.plot_h;
    let axis_labels_y = plot_bottom + 16;
    let legend_top = axis_labels_y + 22;
    let height = legend_top + lay.legend_line * series.len() as i32 + lay.pad;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |a, &b| a.max(b));
    let (scale_max, step) = nice_scale(max);
    let y_of =
        |v: f64| plot_bottom - ((v / scale_max).min(1.0) * f64::from(lay.plot_h)).round() as i32;
    let n = labels.periods.len().max(1);
    let x_of = |i: usize| {
        if n == 1 {
            (plot_left + plot_right) / 2
        } else {
            plot_left + 12 + ((plot_right - plot_left - 24) * i as i32) / (n as i32 - 1)
        }
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (lay.width as u32, height as u32))
            .into_drawing_area();
        let _ = root.fill(&WHITE);
        // Grid and axis labels.
        let mut v = 0.0;
        while v <= scale_max + 1e-9 {
            let y = y_of(v);
            line(&root, (plot_left, y), (plot_right, y), GUIDE, 1);
            text(
                &root,
                &(labels.axis)(v),
                (plot_left - 6, y),
                lay.font,
                false,
                text_rgb,
                HPos::Right,
            );
            v += step;
        }
        // Period labels: every one that fits, always the last (the current period).
        let slot = f64::from(plot_right - plot_left) / n as f64;
        let widest = labels
            .periods
            .iter()
            .map(|p| text_width(p, lay.font, false))
            .fold(0.0, f64::max);
        let every = ((widest + 8.0) / slot).ceil().max(1.0) as usize;
        for (i, period) in labels.periods.iter().enumerate() {
            let last = i + 1 == n;
            if !last && !(n - 1 - i).is_multiple_of(every) {
                continue;
            }
            // The current period's label is bold, and never shortened below its width.
            let own = text_width(period, lay.font, last);
            let room = slot.max(own.min(f64::from(lay.width) / 3.0));
            let shown = ellipsize(period, room, lay.font, last);
            text(
                &root,
                &shown,
                (x_of(i), axis_labels_y),
                lay.font,
                last,
                text_rgb,
                HPos::Center,
            );
        }
        // Lines: step conversions first, the overall conversion on top.
        let mut order: Vec<usize> = (0..series.len()).collect();
        order.sort_by_key(|&i| series[i].overall);
        for &i in &order {
            let s = &series[i];
            let (colour, width) = colour_of(series, i, style);
            let points: Vec<(i32, i32)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(p, v)| v.map(|v| (x_of(p), y_of(v))))
                .collect();
            if points.len() > 1 {
                let _ = root.draw(&PathElement::new(
                    points.clone(),
                    rgb(colour).stroke_width(width),
                ));
            }
            for &p in &points {
                marker(&root, marker_of(series, i), p, colour);
            }
        }
        // Legend: marker, name, current value and change.
        for (i, s) in series.iter().enumerate() {
            let y = legend_top + i as i32 * lay.legend_line + lay.legend_line / 2;
            let (colour, width) = colour_of(series, i, style);
            let x = lay.pad;
            line(&root, (x, y), (x + 24, y), colour, width);
            marker(&root, marker_of(series, i), (x + 12, y), colour);
            let room = f64::from(lay.width - lay.pad - (x + 32));
            let legend = format!("{}: {}", s.label, s.legend_value);
            let legend = ellipsize(&legend, room, lay.font, s.overall);
            text(
                &root,
                &legend,
                (x + 32, y),
                lay.font,
                s.overall,
                text_rgb,
                HPos::Left,
            );
        }
        let _ = root.present();
    }
    finish(svg, "trend", labels.id, labels.title, labels.desc)
}

fn colour_of(series: &[Series], i: usize, style: &ChartStyle) -> ((u8, u8, u8), u32) {
    if series[i].overall {
        (style.accent, 3)
    } else {
        let k = series[..i].iter().filter(|s| !s.overall).count();
        (PALETTE[k % PALETTE.len()], 2)
    }
}

fn marker_of(series: &[Series], i: usize) -> Marker {
    if series[i].overall {
        Marker::Circle
    } else {
        let k = series[..i].iter().filter(|s| !s.overall).count();
        MARKERS[k % MARKERS.len()]
    }
}

fn marker(root: &super::svg::Area, shape: Marker, (x, y): (i32, i32), colour: (u8, u8, u8)) {
    let fill = rgb(colour).filled();
    let _ = match shape {
        Marker::Circle => root.draw(&Circle::new((x, y), 4, fill)),
        Marker::Square => root.draw(&Rectangle::new([(x - 4, y - 4), (x + 4, y + 4)], fill)),
        Marker::Triangle => root.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)],
            fill,
        )),
        Marker::Diamond => root.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)],
            fill,
        )),
    };
}

/// The axis maximum and grid step for values up to `max` (ratios): steps of 5, 10, 20 or
/// 25 percent, four or five lines.
fn nice_scale(max: f64) -> (f64, f64) {
    let max = max.clamp(0.0, 1.0);
    for step in [0.01, 0.02, 0.05, 0.1, 0.2, 0.25] {
        let top = (max / step).ceil().max(1.0) * step;
        if top / step <= 5.0 {
            // Whole percents, so the axis labels and the SVG carry no float noise.
            let top = (top * 100.0).round() / 100.0;
            return (top.min(1.0).max(step), step);
        }
    }
    (1.0, 0.25)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn series() -> Vec<Series<'static>> {
        vec![
            Series {
                label: "Overweging",
                values: vec![Some(0.19), Some(0.19), Some(0.188)],
                legend_value: "18,8% (−0,1 pp)".into(),
                overall: false,
            },
            Series {
                label: "Beslissing",
                values: vec![Some(0.15), Some(0.143), Some(0.106)],
                legend_value: "10,6% (−3,7 pp)".into(),
                overall: false,
            },
            Series {
                label: "Totale conversie",
                values: vec![Some(0.028), Some(0.027), Some(0.02)],
                legend_value: "2,0% (−0,7 pp)".into(),
                overall: true,
            },
        ]
    }

    fn draw(mode: TrendMode, periods: &[String]) -> String {
        let axis = |v: f64| format!("{:.0}%", v * 100.0);
        let labels = TrendLabels {
            id: "j",
            title: "Trend <&>",
            desc: "d",
            periods,
            axis: &axis,
        };
        trend_svg(&series(), &STYLE, &labels, mode)
    }

    #[test]
    fn every_period_series_and_legend_is_drawn_and_text_stays_readable() {
        let periods: Vec<String> = ["2025-Q4", "2026-Q1", "2026-Q2"].map(String::from).to_vec();
        for mode in [TrendMode::Full, TrendMode::Narrow] {
            let svg = draw(mode, &periods);
            for p in &periods {
                assert!(
                    svg.contains(&format!(">\n{p}\n</text>")),
                    "{p} missing in {svg}"
                );
            }
            assert!(svg.contains("Totale conversie: 2,0% (−0,7 pp)"), "{svg}");
            assert!(svg.contains("Trend &lt;&amp;&gt;"));
            for t in tags(&svg, "text") {
                let size: f64 = attr(t, "font-size").unwrap().parse().unwrap();
                assert!(size >= 12.0, "{t}");
            }
            assert_eq!(svg, draw(mode, &periods), "deterministic");
        }
    }

    #[test]
    fn many_periods_keep_the_current_one_labelled() {
        let periods: Vec<String> = (1..=24).map(|m| format!("2026-{m:02}")).collect();
        let svg = draw(TrendMode::Narrow, &periods);
        assert!(svg.contains(">\n2026-24\n</text>"));
        assert!(!svg.contains(">\n2026-23\n</text>"), "labels would overlap");
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(0.19), (0.2, 0.05));
        assert_eq!(nice_scale(0.6), (0.6, 0.2));
        assert_eq!(nice_scale(0.0), (0.01, 0.01));
        assert_eq!(nice_scale(1.0), (1.0, 0.2));
    }
}
