//! The emotion curve, drawn as a lane of the journey map: how a persona feels at each
//! stage, each point under its own stage column.
//!
//! Each cell of the lane gets a small SVG of its own that spans the cell's full width: the
//! dot in the middle and the line to the cell's edges, where the neighbour's drawing takes
//! it on. Horizontal positions are percentages (0, 50 or 100% of the cell), so the drawing
//! follows the column however wide the table lays it out; heights are fixed. That is why
//! this chart is written by hand rather than with plotters, which knows only pixels.
//!
//! The SVGs are decoration (`aria-hidden`): the cell's text (`+1 positief`, or "not rated")
//! is what screen readers and readers without CSS get, and it wraps like any text.

use std::fmt::Write as _;

use super::ChartStyle;
use super::svg::{GREY, GUIDE, WHITE_RGB};
use crate::render::color::hex;

/// Height of a cell's drawing, in px: tall enough that one step of the scale reads as a
/// rise or a fall at a glance (a client reviewing a 60 px lane read it as flat).
pub(crate) const LANE_HEIGHT: u32 = 84;
/// Where +2 is drawn, and how far apart the values are.
const Y_TOP: f64 = 10.0;
const STEP: f64 = 16.0;

/// Height of a value, clamped to -2..=2.
fn y_of(v: i8) -> f64 {
    Y_TOP + f64::from(2 - i32::from(v.clamp(-2, 2))) * STEP
}

/// One straight piece of the curve, between the middles of two rated stages (in stage
/// units: stage `i` spans `i..i + 1`, its middle is `i + 0.5`). A piece that crosses
/// unrated stages is a dashed bridge, so a gap reads as a gap, not as a measured value.
struct Piece {
    from: (f64, f64),
    to: (f64, f64),
    dashed: bool,
}

impl Piece {
    fn y_at(&self, x: f64) -> f64 {
        let t = (x - self.from.0) / (self.to.0 - self.from.0);
        self.from.1 + t * (self.to.1 - self.from.1)
    }
}

/// The lane's cells, one SVG per stage: a light neutral guide across every cell, the line
/// through consecutive rated stages (dashed across unrated ones in between; none before
/// the first or after the last rating) and a dot at each rated stage (negative =
/// highlight, positive = accent, neutral = grey; the height carries the value too).
pub(crate) fn emotion_lane(emotions: &[Option<i8>], style: &ChartStyle) -> Vec<String> {
    let rated: Vec<(usize, i8)> = emotions
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|v| (i, v)))
        .collect();
    let pieces: Vec<Piece> = rated
        .windows(2)
        .map(|w| {
            let ((a, va), (b, vb)) = (w[0], w[1]);
            Piece {
                from: (a as f64 + 0.5, y_of(va)),
                to: (b as f64 + 0.5, y_of(vb)),
                dashed: b - a > 1,
            }
        })
        .collect();
    emotions
        .iter()
        .enumerate()
        .map(|(i, e)| cell(i, *e, &pieces, style))
        .collect()
}

fn cell(i: usize, emotion: Option<i8>, pieces: &[Piece], style: &ChartStyle) -> String {
    let mut svg = format!(
        "<svg class=\"emotion-line\" width=\"100%\" height=\"{LANE_HEIGHT}\" aria-hidden=\"true\">"
    );
    let zero = num(y_of(0));
    let _ = write!(
        svg,
        "<line x1=\"0\" y1=\"{zero}\" x2=\"100%\" y2=\"{zero}\" stroke=\"{}\" stroke-width=\"1\"/>",
        hex(GUIDE)
    );
    let (left, right) = (i as f64, i as f64 + 1.0);
    for p in pieces.iter().filter(|p| p.from.0 < right && p.to.0 > left) {
        let (x1, x2) = (p.from.0.max(left), p.to.0.min(right));
        let dash = if p.dashed {
            " stroke-dasharray=\"5 4\""
        } else {
            ""
        };
        let _ = write!(
            svg,
            "<line x1=\"{}%\" y1=\"{}\" x2=\"{}%\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            num((x1 - left) * 100.0),
            num(p.y_at(x1)),
            num((x2 - left) * 100.0),
            num(p.y_at(x2)),
            hex(style.accent),
        );
    }
    if let Some(v) = emotion {
        let colour = match v.clamp(-2, 2).signum() {
            -1 => style.highlight,
            1 => style.accent,
            _ => GREY,
        };
        // A white ring so the dot stands out from the line and the guide.
        let _ = write!(
            svg,
            "<circle cx=\"50%\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
            num(y_of(v)),
            hex(colour),
            hex(WHITE_RGB)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A coordinate with at most one decimal, without a trailing `.0`: deterministic text.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::render::color::hex;

    /// (cx, cy, fill) of each dot, per cell.
    fn dots(cell: &str) -> Vec<(String, String, String)> {
        tags(cell, "circle")
            .into_iter()
            .map(|t| {
                let a = |name| attr(t, name).unwrap().to_string();
                (a("cx"), a("cy"), a("fill"))
            })
            .collect()
    }

    /// (x1, y1, x2, y2, dashed) of each accent line of a cell.
    fn curve(cell: &str) -> Vec<(String, String, String, String, bool)> {
        let accent = hex(STYLE.accent);
        tags(cell, "line")
            .into_iter()
            .filter(|t| attr(t, "stroke") == Some(accent.as_str()))
            .map(|t| {
                let a = |name| attr(t, name).unwrap().to_string();
                (
                    a("x1"),
                    a("y1"),
                    a("x2"),
                    a("y2"),
                    attr(t, "stroke-dasharray").is_some(),
                )
            })
            .collect()
    }

    fn line(
        x1: &str,
        y1: &str,
        x2: &str,
        y2: &str,
        dashed: bool,
    ) -> (String, String, String, String, bool) {
        (x1.into(), y1.into(), x2.into(), y2.into(), dashed)
    }

    #[test]
    fn each_cell_draws_its_dot_and_the_halves_of_the_line_to_its_edges() {
        let cells = emotion_lane(&[Some(0), Some(2), Some(-2)], &STYLE);
        assert_eq!(cells.len(), 3);
        // Heights: +2 at the top, −2 at the bottom; colours follow the sign.
        assert_eq!(dots(&cells[0]), [("50%".into(), "42".into(), hex(GREY))]);
        assert_eq!(
            dots(&cells[1]),
            [("50%".into(), "10".into(), hex(STYLE.accent))]
        );
        assert_eq!(
            dots(&cells[2]),
            [("50%".into(), "74".into(), hex(STYLE.highlight))]
        );
        // The line leaves each cell at the height where the next one takes it on.
        assert_eq!(curve(&cells[0]), [line("50%", "42", "100%", "26", false)]);
        assert_eq!(
            curve(&cells[1]),
            [
                line("0%", "26", "50%", "10", false),
                line("50%", "10", "100%", "42", false)
            ]
        );
        assert_eq!(curve(&cells[2]), [line("0%", "42", "50%", "74", false)]);
        for c in &cells {
            assert!(c.starts_with("<svg ") && c.ends_with("</svg>"), "{c}");
            assert!(c.contains("aria-hidden=\"true\""));
            assert!(
                !c.contains("<text"),
                "text belongs in the cell, not the drawing"
            );
        }
        assert_eq!(cells, emotion_lane(&[Some(0), Some(2), Some(-2)], &STYLE));
    }

    #[test]
    fn an_unrated_stage_is_bridged_with_dashes_and_has_no_dot() {
        // Unrated at both ends and in the middle; out-of-range values are clamped.
        let cells = emotion_lane(&[None, Some(100), None, Some(-2), None], &STYLE);
        assert!(dots(&cells[0]).is_empty() && curve(&cells[0]).is_empty());
        assert_eq!(dots(&cells[1])[0].1, "10");
        // From +2 (y 10) to −2 (y 74) across one unrated stage: a quarter of the way at
        // each edge, all dashed.
        assert_eq!(curve(&cells[1]), [line("50%", "10", "100%", "26", true)]);
        assert!(dots(&cells[2]).is_empty());
        assert_eq!(curve(&cells[2]), [line("0%", "26", "100%", "58", true)]);
        assert_eq!(curve(&cells[3]), [line("0%", "58", "50%", "74", true)]);
        assert!(dots(&cells[4]).is_empty() && curve(&cells[4]).is_empty());
        // Every cell still has the neutral guide, so the lane reads as one chart.
        for c in &cells {
            assert!(c.contains(&format!("stroke=\"{}\"", hex(GUIDE))), "{c}");
        }
    }

    #[test]
    fn a_single_rating_is_a_dot_without_a_line() {
        let cells = emotion_lane(&[Some(1)], &STYLE);
        assert_eq!(dots(&cells[0]).len(), 1);
        assert!(curve(&cells[0]).is_empty());
        assert!(emotion_lane(&[], &STYLE).is_empty());
    }
}
