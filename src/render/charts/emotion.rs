//! The emotion curve: how a persona feels at each stage of a journey.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::svg::{Area, ChartStyle, GREY, GUIDE, WHITE_RGB, finish, legible_on, line, rgb, text};
use super::text::{ellipsize, wrap};

/// One stage on the emotion curve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmotionPoint<'a> {
    pub label: &'a str,
    /// -2..=2 (out-of-range values are clamped); `None` = not rated, drawn as a gap.
    pub emotion: Option<i8>,
}

/// Localized strings for [`emotion_svg`], supplied by the caller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmotionLabels<'a> {
    /// Makes ids unique per page, e.g. "jane-kiest" gives `emotion-jane-kiest-title`.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// Names for -2..=2, e.g. `["zeer negatief", "negatief", "neutraal", "positief", "zeer positief"]`.
    pub scale: [&'a str; 5],
}

/// Width of the emotion SVG, in user units.
pub(crate) const EMOTION_WIDTH: u32 = 760;
/// Left column of the emotion SVG that holds the scale names. The stage columns split
/// `EMOTION_WIDTH - EMOTION_GUTTER` evenly and run to the right edge, so an HTML grid with a
/// first column of `EMOTION_GUTTER / EMOTION_WIDTH` of the width and `1fr` stage columns
/// lines up with the dots.
pub(crate) const EMOTION_GUTTER: u32 = 120;

/// Emotion curve across the stages: one evenly wide column per point (see
/// [`EMOTION_GUTTER`]), y from -2 (bottom) to 2 (top) with the scale names on the left and a
/// darker zero line, a line through rated points that breaks at unrated ones, a dot per
/// rated point (negative = highlight, positive = accent, neutral = grey; the height carries
/// the value too) and the stage names under the columns, wrapped (and if need be
/// hyphenated) to at most three lines, ellipsized beyond.
pub(crate) fn emotion_svg(
    points: &[EmotionPoint],
    style: &ChartStyle,
    labels: &EmotionLabels,
) -> String {
    let width = EMOTION_WIDTH as i32;
    let grid = Grid {
        columns: points.len().max(1) as i64,
        plot_w: i64::from(width - GUTTER),
    };
    let col_w = (grid.plot_w / grid.columns) as f64;
    let stage_labels: Vec<Vec<String>> = points
        .iter()
        .map(|p| wrap(p.label, (col_w - 8.0).max(10.0), FONT, 3))
        .collect();
    let label_lines = stage_labels.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
    let height = if points.is_empty() {
        24
    } else {
        LABEL_Y + (label_lines - 1) * LINE_H + 22
    };
    let text_rgb = legible_on(style.text, WHITE_RGB);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        if !points.is_empty() {
            draw_scale(&root, &labels.scale, text_rgb);
            draw_curve(&root, &grid, points, style.accent);
            for (i, p) in points.iter().enumerate() {
                if let Some(v) = p.emotion {
                    draw_dot(&root, (grid.x(i), y_of(v)), v, style);
                }
                for (k, l) in stage_labels[i].iter().enumerate() {
                    let pos = (grid.x(i), LABEL_Y + k as i32 * LINE_H);
                    text(&root, l, pos, FONT, false, text_rgb, HPos::Center);
                }
            }
        }
        let _ = root.present();
    }
    finish(svg, "emotion", labels.id, labels.title, labels.desc)
}

const GUTTER: i32 = EMOTION_GUTTER as i32;
const FONT: f64 = 12.0;
/// Where +2 is drawn, and how far apart the values are.
const Y_TOP: i32 = 20;
const STEP: i32 = 30;
/// The first line of the stage names, and the height of each.
const LABEL_Y: i32 = Y_TOP + 4 * STEP + 26;
const LINE_H: i32 = 15;

/// Height of a value, clamped to -2..=2.
fn y_of(v: i8) -> i32 {
    Y_TOP + (2 - i32::from(v.clamp(-2, 2))) * STEP
}

/// The columns of the plot, one per stage, right of the gutter.
struct Grid {
    columns: i64,
    plot_w: i64,
}

impl Grid {
    /// The middle of column `i`. Integer rounding of (i + 0.5) * plot_w / n keeps columns
    /// exactly even.
    fn x(&self, i: usize) -> i32 {
        GUTTER + ((2 * i as i64 + 1) * self.plot_w / (2 * self.columns)) as i32
    }
}

/// A guide per value, with its name in the gutter.
fn draw_scale(root: &Area, names: &[&str; 5], text_rgb: (u8, u8, u8)) {
    let width = EMOTION_WIDTH as i32;
    for v in -2..=2i8 {
        let y = y_of(v);
        // The neutral line is darker than the other guides: one element, not dashes
        // (a dashed path is dozens of SVG elements on every journey page).
        let colour = if v == 0 { GREY } else { GUIDE };
        line(root, (GUTTER, y), (width, y), colour, 1);
        let name = ellipsize(names[(v + 2) as usize], f64::from(GUTTER - 20), FONT, false);
        text(
            root,
            &name,
            (GUTTER - 10, y),
            FONT,
            false,
            text_rgb,
            HPos::Right,
        );
    }
}

/// Line segments through consecutive rated points; an unrated point breaks it.
fn draw_curve(root: &Area, grid: &Grid, points: &[EmotionPoint], colour: (u8, u8, u8)) {
    let mut run: Vec<(i32, i32)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.emotion {
            Some(v) => run.push((grid.x(i), y_of(v))),
            None => flush_run(root, &mut run, colour),
        }
    }
    flush_run(root, &mut run, colour);
}

/// A rated point: negative in the highlight, positive in the accent, neutral grey.
fn draw_dot(root: &Area, centre: (i32, i32), v: i8, style: &ChartStyle) {
    let colour = match v.clamp(-2, 2).signum() {
        -1 => style.highlight,
        1 => style.accent,
        _ => GREY,
    };
    // White halo so the dot stands out from the line and the grid.
    let _ = root.draw(&Circle::new(centre, 8, rgb(WHITE_RGB).filled()));
    let _ = root.draw(&Circle::new(centre, 6, rgb(colour).filled()));
}

/// Draws the pending run of connected points (if it has a segment) and empties it.
fn flush_run(root: &Area, run: &mut Vec<(i32, i32)>, colour: (u8, u8, u8)) {
    if run.len() >= 2 {
        let _ = root.draw(&PathElement::new(run.clone(), rgb(colour).stroke_width(2)));
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::super::svg::GREY;
    use super::super::testing::*;
    use super::*;

    fn emotion_dots(svg: &str) -> Vec<(i32, i32, String)> {
        tags(svg, "circle")
            .into_iter()
            .filter(|t| attr(t, "r") == Some("6"))
            .map(|t| {
                (
                    attr(t, "cx").unwrap().parse().unwrap(),
                    attr(t, "cy").unwrap().parse().unwrap(),
                    attr(t, "fill").unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn emotion_y_follows_value_and_colour_follows_sign() {
        let pts: Vec<EmotionPoint> = [-2i8, -1, 0, 1, 2]
            .iter()
            .map(|&v| EmotionPoint {
                label: "Fase",
                emotion: Some(v),
            })
            .collect();
        let svg = emotion_svg(&pts, &STYLE, &emotion_labels());
        assert_accessible_root(&svg, "emotion", "jane");
        let dots = emotion_dots(&svg);
        assert_eq!(dots.len(), 5);
        // Higher emotion = smaller y (up); x strictly increasing, evenly spaced.
        for pair in dots.windows(2) {
            assert!(pair[0].1 > pair[1].1, "{dots:?}");
            assert!(pair[0].0 < pair[1].0);
        }
        let dx: Vec<i32> = dots.windows(2).map(|p| p[1].0 - p[0].0).collect();
        assert!(dx.iter().all(|d| (d - dx[0]).abs() <= 1), "{dx:?}");
        let grey = hex(GREY);
        let fills: Vec<&str> = dots.iter().map(|d| d.2.as_str()).collect();
        let (acc, hi) = (hex(STYLE.accent), hex(STYLE.highlight));
        assert_eq!(
            fills,
            vec![
                hi.as_str(),
                hi.as_str(),
                grey.as_str(),
                acc.as_str(),
                acc.as_str()
            ]
        );
        assert_eq!(svg, emotion_svg(&pts, &STYLE, &emotion_labels()));
    }

    #[test]
    fn emotion_gaps_and_clamping() {
        let pts = [
            EmotionPoint {
                label: "A",
                emotion: Some(1),
            },
            EmotionPoint {
                label: "B",
                emotion: Some(100),
            },
            EmotionPoint {
                label: "C",
                emotion: None,
            },
            EmotionPoint {
                label: "D",
                emotion: Some(-128),
            },
            EmotionPoint {
                label: "E",
                emotion: Some(-2),
            },
        ];
        let svg = emotion_svg(&pts, &STYLE, &emotion_labels());
        let dots = emotion_dots(&svg);
        assert_eq!(dots.len(), 4);
        assert_eq!(dots[1].1, 20); // clamped to +2 (top)
        assert_eq!(dots[2].1, dots[3].1); // -128 clamped to -2
        // Two separate line runs (A-B and D-E), not one through the gap.
        let accent = hex(STYLE.accent);
        let runs = tags(&svg, "polyline")
            .into_iter()
            .filter(|t| attr(t, "stroke") == Some(accent.as_str()))
            .count();
        assert_eq!(runs, 2);
        // One point only: a dot, no line; all unrated: labels only.
        let one = emotion_svg(&pts[..1], &STYLE, &emotion_labels());
        assert_eq!(emotion_dots(&one).len(), 1);
        let none = emotion_svg(&pts[2..3], &STYLE, &emotion_labels());
        assert!(emotion_dots(&none).is_empty());
    }
}
