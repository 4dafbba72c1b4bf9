//! The horizontal funnel: one bar per stage. Three variants: full width on a journey's
//! page (labels left of the bars), narrow for phones (each stage's name and numbers above
//! its bar, so nothing has to be shrunk to fit), and compact for the overview's small
//! multiples (narrow, count and share only).

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::svg::{Area, ChartStyle, GREY, GUIDE, WHITE_RGB, finish, legible_on, line, rgb, text};
use super::text::{ellipsize, text_width, wrap};

/// One bar of a funnel, already computed by the caller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FunnelBar<'a> {
    /// Stage name, e.g. "Bewustwording".
    pub label: &'a str,
    pub count: u64,
    /// Formatted count, e.g. "12.000".
    pub count_text: &'a str,
    /// Share of the first stage, e.g. "25,8%".
    pub share_text: &'a str,
    /// Step conversion from the previous bar, e.g. "14,5%"; `None` for the first bar.
    pub step_text: Option<&'a str>,
    /// This bar is the step with the biggest drop: highlight it.
    pub biggest_drop: bool,
    /// The previous period's count of this stage: a marker where its bar ended.
    pub previous: Option<u64>,
    /// The step conversion's change since the previous period, e.g. "−3,7 pp".
    pub change_text: Option<&'a str>,
}

/// Localized strings for [`funnel_svg`], supplied by the caller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels<'a> {
    /// Makes the `<title>`/`<desc>` ids unique when several charts are inlined in one page,
    /// e.g. "jane-kiest" gives `funnel-jane-kiest-title`. Characters other than ASCII
    /// letters, digits, `-` and `_` become `-`.
    pub id: &'a str,
    /// e.g. "Funnel: Jane kiest boekhoudsoftware".
    pub title: &'a str,
    /// A full text description of the numbers, for screen readers.
    pub desc: &'a str,
    /// e.g. "van start" / "of first".
    pub share_word: &'a str,
    /// e.g. "stap" / "step".
    pub step_word: &'a str,
    /// e.g. "grootste uitval" / "biggest drop".
    pub biggest_drop: &'a str,
}

/// Which funnel to draw. Each is drawn at the size it is shown at, so its text keeps its
/// size (at least 10 px on a 375 px phone and on a 1280 px screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FunnelMode {
    /// 760 px, labels left of the bars; count, share and step conversion (`funnel.svg`).
    Full,
    /// 320 px for phones: each stage's name with its numbers, then its bar below
    /// (`funnel-narrow.svg`).
    Narrow,
    /// 264 px small multiple of the overview, fitting its narrowest card unscaled: like
    /// `Narrow`, with count and share only.
    Compact,
}

impl FunnelMode {
    fn layout(self) -> &'static FunnelLayout {
        match self {
            FunnelMode::Full => &FULL,
            FunnelMode::Narrow => &NARROW,
            FunnelMode::Compact => &COMPACT,
        }
    }

    /// Step conversions, and the share with its word ("25,8% van start"): all but compact.
    fn detailed(self) -> bool {
        self != FunnelMode::Compact
    }
}

/// Pixel sizes of one funnel variant. Fixed per mode (not derived from the data), so small
/// multiples with the same `scale_max` really share one pixels-per-count scale.
struct FunnelLayout {
    width: i32,
    pad: i32,
    /// Labels above their bars (narrow, compact) rather than in a column left of them.
    stacked: bool,
    /// Right edge of the right-aligned stage labels (side by side only).
    label_end: i32,
    bar_x: i32,
    bar_max: i32,
    bar_h: i32,
    /// Gap above a bar that holds the step conversion and/or the biggest-drop marker.
    band_h: i32,
    /// Space between a bar and its numbers, and between count and share.
    gap: i32,
    /// Height of one line of a wrapped stage name (stacked only).
    line_h: i32,
    label_font: f64,
    count_font: f64,
    small_font: f64,
}

const FULL: FunnelLayout = FunnelLayout {
    width: 760,
    pad: 12,
    stacked: false,
    label_end: 206,
    bar_x: 216,
    bar_max: 340,
    bar_h: 26,
    band_h: 22,
    gap: 8,
    line_h: 0,
    label_font: 13.0,
    count_font: 13.0,
    small_font: 12.0,
};

const NARROW: FunnelLayout = FunnelLayout {
    width: 320,
    pad: 10,
    stacked: true,
    label_end: 0,
    bar_x: 10,
    bar_max: 300,
    bar_h: 14,
    band_h: 22,
    gap: 8,
    line_h: 18,
    label_font: 13.0,
    count_font: 13.0,
    small_font: 13.0,
};

const COMPACT: FunnelLayout = FunnelLayout {
    width: 264,
    // Flush with the card's text: the card is the frame.
    pad: 0,
    stacked: true,
    label_end: 0,
    bar_x: 0,
    bar_max: 264,
    bar_h: 12,
    band_h: 20,
    gap: 6,
    line_h: 16,
    label_font: 12.0,
    count_font: 12.0,
    small_font: 12.0,
};

/// Behind each stacked bar: the full width it could have, so its length reads as a share.
const TRACK: (u8, u8, u8) = (0xec, 0xf0, 0xf4);

/// Up to this many lines of a stage name in the stacked variants (then "…").
const LABEL_LINES: usize = 3;

/// Horizontal funnel: one bar per stage top to bottom, bar width proportional to `count`
/// relative to `scale_max` (or the largest count when `None`), and the numbers of each bar
/// in dark text.
///
/// [`FunnelMode::Full`]: stage labels in a left column (ellipsized when too long), numbers
/// right of each bar. The canvas only grows wider when a number is too long to fit either
/// beside or inside its bar (e.g. 20-digit counts), so text is never clipped.
/// [`FunnelMode::Narrow`] and [`FunnelMode::Compact`]: each stage's name (wrapped, whole)
/// with its numbers right-aligned on its first line (on a line of their own when a word of
/// the name would have to be broken to fit beside them), and the bar below.
///
/// Between two bars a band shows the step conversion (not compact); the biggest-drop bar is
/// filled with `style.highlight` and its band carries a highlight-coloured marker plus the
/// bold `labels.biggest_drop` text, so colour is not the only carrier. Counts above
/// `scale_max` are clamped to full width; `Some(0)` acts as `None`.
pub(crate) fn funnel_svg(
    bars: &[FunnelBar],
    scale_max: Option<u64>,
    style: &ChartStyle,
    labels: &Labels,
    mode: FunnelMode,
) -> String {
    let frame = Frame {
        lay: mode.layout(),
        labels,
        style,
        detailed: mode.detailed(),
        text_rgb: legible_on(style.text, WHITE_RGB),
    };
    let max_count = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let scale = match scale_max {
        Some(s) if s > 0 => s,
        _ => max_count,
    };
    let mut svg = String::new();
    if frame.lay.stacked {
        frame.draw_stacked(&mut svg, bars, scale);
    } else {
        frame.draw_side_by_side(&mut svg, bars, scale);
    }
    finish(svg, "funnel", labels.id, labels.title, labels.desc)
}

/// Vertical position of each bar, and the height of the chart (side by side). A band sits
/// above every bar but the first, and above the first too if the caller flagged it (so its
/// marker has somewhere to go).
fn bar_tops(lay: &FunnelLayout, bars: &[FunnelBar]) -> (Vec<i32>, i32) {
    let mut tops = Vec::with_capacity(bars.len());
    let mut y = lay.pad;
    for (i, bar) in bars.iter().enumerate() {
        if has_band(i, bar) {
            y += lay.band_h;
        }
        tops.push(y);
        y += lay.bar_h;
    }
    let height = if bars.is_empty() { 24 } else { y + lay.pad };
    (tops, height)
}

fn has_band(i: usize, bar: &FunnelBar) -> bool {
    i > 0 || bar.biggest_drop
}

/// One funnel being drawn: its layout, words and colours.
struct Frame<'a> {
    lay: &'static FunnelLayout,
    labels: &'a Labels<'a>,
    style: &'a ChartStyle,
    /// Step conversions and the share's word.
    detailed: bool,
    /// The text colour, legible on white.
    text_rgb: (u8, u8, u8),
}

/// Where one bar and its numbers go (side by side).
struct Placed {
    top: i32,
    scale: u64,
    width: i32,
    fill: (u8, u8, u8),
    values: Values,
}

/// Where the count (bold) and share of one bar go.
struct Values {
    x: i32,
    colour: (u8, u8, u8),
    count_w: i32,
    share: String,
    /// Right end of the text, to grow the canvas if needed.
    end: i32,
}

/// One stage of a stacked funnel: its name's lines and where its parts go.
struct Stacked {
    band_mid: Option<i32>,
    /// Middle of the first line of the name.
    first_line: i32,
    /// Middle of the line of the numbers: the name's first, or the one below the name.
    numbers: i32,
    lines: Vec<String>,
    bar_top: i32,
    width: i32,
    fill: (u8, u8, u8),
    share: String,
    share_w: i32,
    scale: u64,
}

impl Frame<'_> {
    fn fill(&self, bar: &FunnelBar) -> (u8, u8, u8) {
        if bar.biggest_drop {
            self.style.highlight
        } else {
            self.style.accent
        }
    }

    fn share_text(&self, bar: &FunnelBar) -> String {
        if self.detailed {
            join(bar.share_text, self.labels.share_word)
        } else {
            bar.share_text.to_string()
        }
    }

    /// The full variant: labels in a column left of the bars.
    fn draw_side_by_side(&self, svg: &mut String, bars: &[FunnelBar], scale: u64) {
        let lay = self.lay;
        let (tops, height) = bar_tops(lay, bars);
        let placed: Vec<Placed> = bars
            .iter()
            .zip(tops)
            .map(|(bar, top)| self.place(bar, top, scale))
            .collect();
        let width = placed
            .iter()
            .map(|p| p.values.end + lay.pad)
            .fold(lay.width, i32::max);
        let root = SVGBackend::with_string(svg, (width as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        if let (Some(first), Some(last)) = (placed.first(), placed.last()) {
            // Baseline the bars grow from; also marks where a zero-count bar would be.
            let x = lay.bar_x - 1;
            line(&root, (x, first.top), (x, last.top + lay.bar_h), GUIDE, 1);
        }
        for (bar, placed) in bars.iter().zip(&placed) {
            self.draw_bar(&root, bar, placed, width);
        }
        let _ = root.present();
    }

    /// The narrow and compact variants: each stage's name and numbers, its bar below.
    fn draw_stacked(&self, svg: &mut String, bars: &[FunnelBar], scale: u64) {
        let lay = self.lay;
        let inner = lay.width - 2 * lay.pad;
        let mut y = lay.pad;
        let mut width = lay.width;
        let rows: Vec<Stacked> = bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                // Compact has no step conversions: a band only for the biggest drop, and
                // else just a little air between two stages.
                let band = if self.detailed {
                    has_band(i, bar)
                } else {
                    bar.biggest_drop
                };
                let band_mid = band.then(|| {
                    y += lay.band_h;
                    y - lay.band_h / 2
                });
                if !band && i > 0 {
                    y += lay.gap;
                }
                let count_w = text_width(bar.count_text, lay.count_font, true).ceil() as i32;
                let share = self.share_text(bar);
                let share_w = text_width(&share, lay.small_font, false).ceil() as i32;
                let values_w = count_w + lay.gap + share_w;
                // The name gets what the numbers leave; if a word of it does not fit there,
                // it gets whole lines and the numbers a line of their own below it.
                let room = inner - values_w - lay.gap;
                let beside = bar
                    .label
                    .split_whitespace()
                    .all(|word| text_width(word, lay.label_font, false) <= f64::from(room));
                let room = if beside { room } else { inner };
                width = width.max(2 * lay.pad + values_w);
                let lines = wrap(bar.label, f64::from(room), lay.label_font, LABEL_LINES);
                let name_lines = lines.len().max(1) as i32;
                let numbers_line = if beside { 0 } else { name_lines };
                let first_line = y + lay.line_h / 2;
                let numbers = first_line + numbers_line * lay.line_h;
                y += lay.line_h * (name_lines + i32::from(!beside)) + 2;
                let bar_top = y;
                y += lay.bar_h;
                Stacked {
                    band_mid,
                    first_line,
                    numbers,
                    lines,
                    bar_top,
                    width: bar_width(bar.count, scale, lay.bar_max),
                    fill: self.fill(bar),
                    share,
                    share_w,
                    scale,
                }
            })
            .collect();
        let height = if bars.is_empty() { 24 } else { y + lay.pad };
        let root = SVGBackend::with_string(svg, (width as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        for (bar, row) in bars.iter().zip(&rows) {
            self.draw_stacked_row(&root, bar, row, width);
        }
        let _ = root.present();
    }

    fn draw_stacked_row(&self, root: &Area, bar: &FunnelBar, row: &Stacked, width: i32) {
        let lay = self.lay;
        if let Some(mid) = row.band_mid {
            self.draw_band(root, bar, mid, width);
        }
        for (n, name) in row.lines.iter().enumerate() {
            let mid = row.first_line + n as i32 * lay.line_h;
            text(
                root,
                name,
                (lay.bar_x, mid),
                lay.label_font,
                false,
                self.text_rgb,
                HPos::Left,
            );
        }
        let right = width - lay.pad;
        text(
            root,
            &row.share,
            (right, row.numbers),
            lay.small_font,
            false,
            self.text_rgb,
            HPos::Right,
        );
        text(
            root,
            bar.count_text,
            (right - row.share_w - lay.gap, row.numbers),
            lay.count_font,
            true,
            self.text_rgb,
            HPos::Right,
        );
        let (top, bottom) = (row.bar_top, row.bar_top + lay.bar_h);
        let _ = root.draw(&Rectangle::new(
            [(lay.bar_x, top), (lay.bar_x + lay.bar_max, bottom)],
            rgb(TRACK).filled(),
        ));
        if row.width > 0 {
            let _ = root.draw(&Rectangle::new(
                [(lay.bar_x, top), (lay.bar_x + row.width, bottom)],
                rgb(row.fill).filled(),
            ));
        }
        self.draw_previous(root, bar, top, row.scale);
    }

    fn place(&self, bar: &FunnelBar, top: i32, scale: u64) -> Placed {
        let width = bar_width(bar.count, scale, self.lay.bar_max);
        let fill = self.fill(bar);
        Placed {
            top,
            scale,
            width,
            fill,
            values: self.place_values(bar, width, fill),
        }
    }
    /// Right of the bar in dark text when that fits the canvas; otherwise inside the bar end
    /// in whichever of text/white/black contrasts with the fill; if neither fits (absurdly
    /// long numbers), right of the bar anyway and the caller widens the canvas: text is
    /// never clipped and never drawn over a bar it does not fit.
    fn place_values(&self, bar: &FunnelBar, w: i32, fill: (u8, u8, u8)) -> Values {
        let lay = self.lay;
        let share = self.share_text(bar);
        let gap = lay.gap;
        let count_w = text_width(bar.count_text, lay.count_font, true).ceil() as i32;
        let share_w = text_width(&share, lay.small_font, false).ceil() as i32;
        let total = count_w + gap + share_w;
        let outside = lay.bar_x + w + gap;
        let (x, colour) = if outside + total <= lay.width - lay.pad || w < total + 2 * gap {
            (outside, self.text_rgb)
        } else {
            (lay.bar_x + w - gap - total, legible_on(self.text_rgb, fill))
        };
        Values {
            x,
            colour,
            count_w,
            share,
            end: x + total,
        }
    }

    /// A bar, its stage label, its numbers and the band above it. `width`: the canvas's.
    fn draw_bar(&self, root: &Area, bar: &FunnelBar, placed: &Placed, width: i32) {
        let lay = self.lay;
        let top = placed.top;
        let mid = top + lay.bar_h / 2;
        let w = placed.width;
        if w > 0 {
            let _ = root.draw(&Rectangle::new(
                [(lay.bar_x, top), (lay.bar_x + w, top + lay.bar_h)],
                rgb(placed.fill).filled(),
            ));
        }

        // Stage label, right-aligned against the bars, ellipsized to its column.
        let label_room = (lay.label_end - lay.pad) as f64;
        let label = ellipsize(bar.label, label_room, lay.label_font, false);
        text(
            root,
            &label,
            (lay.label_end, mid),
            lay.label_font,
            false,
            self.text_rgb,
            HPos::Right,
        );

        self.draw_values(root, &placed.values, bar.count_text, mid);
        self.draw_band(root, bar, top - lay.band_h / 2, width);
        self.draw_previous(root, bar, top, placed.scale);
    }

    /// Where the previous period's bar ended: a dark tick across the bar, so the change
    /// reads without a second colour.
    fn draw_previous(&self, root: &Area, bar: &FunnelBar, top: i32, scale: u64) {
        let Some(previous) = bar.previous.filter(|_| self.detailed) else {
            return;
        };
        let lay = self.lay;
        let x = lay.bar_x + bar_width(previous, scale, lay.bar_max);
        let _ = root.draw(&Rectangle::new(
            [(x - 1, top - 3), (x + 1, top + lay.bar_h + 3)],
            rgb(self.text_rgb).filled(),
        ));
    }

    fn draw_values(&self, root: &Area, v: &Values, count_text: &str, mid: i32) {
        let lay = self.lay;
        text(
            root,
            count_text,
            (v.x, mid),
            lay.count_font,
            true,
            v.colour,
            HPos::Left,
        );
        text(
            root,
            &v.share,
            (v.x + v.count_w + lay.gap, mid),
            lay.small_font,
            false,
            v.colour,
            HPos::Left,
        );
    }

    /// The band above a bar: step conversion and/or biggest-drop marker.
    fn draw_band(&self, root: &Area, bar: &FunnelBar, band_mid: i32, width: i32) {
        let (lay, labels) = (self.lay, self.labels);
        let step = if self.detailed {
            bar.step_text.map(|s| join(labels.step_word, s))
        } else {
            None
        };
        let with_drop = |s: String| match bar.biggest_drop {
            true => format!("{s} · {}", labels.biggest_drop),
            false => s,
        };
        let x = lay.bar_x + 16;
        let room = (width - lay.pad - x) as f64;
        let band_text = match step {
            // The change since the previous period, where it fits; the table has it too.
            Some(s) => {
                let changed = bar
                    .change_text
                    .map(|change| with_drop(format!("{s} ({change})")))
                    .filter(|t| text_width(t, lay.small_font, bar.biggest_drop) <= room);
                changed.unwrap_or_else(|| with_drop(s))
            }
            None if bar.biggest_drop => labels.biggest_drop.to_string(),
            None => return,
        };
        let marker = if bar.biggest_drop {
            self.style.highlight
        } else {
            GREY
        };
        chevron(root, lay.bar_x + 1, band_mid, marker);
        let band_text = ellipsize(&band_text, room, lay.small_font, bar.biggest_drop);
        text(
            root,
            &band_text,
            (x, band_mid),
            lay.small_font,
            bar.biggest_drop,
            self.text_rgb,
            HPos::Left,
        );
    }
}

/// Pixel width of a bar: proportional to `count / scale`, clamped to the full width, and at
/// least 1 px for a non-zero count so it stays visible.
fn bar_width(count: u64, scale: u64, bar_max: i32) -> i32 {
    if scale == 0 || count == 0 {
        return 0;
    }
    let ratio = (count as f64 / scale as f64).min(1.0);
    ((ratio * bar_max as f64).round() as i32).max(1)
}

/// Small downward triangle that leads the eye from one bar to the next.
fn chevron(root: &Area, x: i32, mid: i32, colour: (u8, u8, u8)) {
    let pts = vec![(x, mid - 4), (x + 10, mid - 4), (x + 5, mid + 4)];
    let _ = root.draw(&Polygon::new(pts, rgb(colour).filled()));
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::svg::{GREY, WHITE_RGB, legible_on};
    use super::super::testing::*;
    use super::super::text::{ellipsize, text_width};
    use super::*;
    use crate::render::color::contrast;
    use FunnelMode::{Compact, Full, Narrow};

    fn bar<'a>(label: &'a str, count: u64, count_text: &'a str, drop: bool) -> FunnelBar<'a> {
        FunnelBar {
            label,
            count,
            count_text,
            share_text: "10,0%",
            step_text: Some("50,0%"),
            biggest_drop: drop,
            previous: None,
            change_text: None,
        }
    }

    fn sample_bars() -> Vec<FunnelBar<'static>> {
        vec![
            FunnelBar {
                step_text: None,
                ..bar("Bewustwording", 1000, "1.000", false)
            },
            bar("Overweging", 500, "500", false),
            bar("Aankoop", 100, "100", true),
        ]
    }

    const MODES: [FunnelMode; 3] = [Full, Narrow, Compact];

    /// (width, fill) of the data bars, identified by the bar height of the layout (the
    /// tracks behind stacked bars are not data).
    fn bar_rects(svg: &str, bar_h: i32) -> Vec<(i32, String)> {
        let track = hex(TRACK);
        tags(svg, "rect")
            .into_iter()
            .filter(|t| attr(t, "height") == Some(&bar_h.to_string()))
            .filter(|t| attr(t, "fill") != Some(track.as_str()))
            .map(|t| {
                (
                    attr(t, "width").unwrap().parse().unwrap(),
                    attr(t, "fill").unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn funnel_is_deterministic() {
        let bars = sample_bars();
        for mode in MODES {
            let a = funnel_svg(&bars, None, &STYLE, &labels("x"), mode);
            let b = funnel_svg(&bars, None, &STYLE, &labels("x"), mode);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn funnel_has_title_and_desc_first() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("jane-kiest"), Full);
        assert_accessible_root(&svg, "funnel", "jane-kiest");
        assert!(svg.contains(">Funnel: Jane kiest boekhoudsoftware</title>"));
    }

    #[test]
    fn ids_are_sanitized() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("a b\"<c"), Full);
        assert_accessible_root(&svg, "funnel", "a-b--c");
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels(""), Compact);
        assert_accessible_root(&svg, "funnel", "chart");
    }

    #[test]
    fn bar_widths_are_proportional() {
        for mode in MODES {
            let lay = mode.layout();
            let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), mode);
            let w: Vec<i32> = bar_rects(&svg, lay.bar_h).iter().map(|r| r.0).collect();
            assert_eq!(w.len(), 3, "{svg}");
            assert_eq!(w[0], lay.bar_max);
            let unit = f64::from(w[0]) / 10.0;
            assert!((f64::from(w[1]) - 5.0 * unit).abs() <= 1.0, "{w:?}");
            assert!((f64::from(w[2]) - unit).abs() <= 1.0, "{w:?}");
        }
    }

    #[test]
    fn scale_max_is_shared_and_clamped() {
        let bars = sample_bars();
        let svg = funnel_svg(&bars, Some(2000), &STYLE, &labels("x"), Full);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![170, 85, 17]);
        // A scale below the largest count clamps that bar to full width.
        let svg = funnel_svg(&bars, Some(400), &STYLE, &labels("x"), Full);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![340, 340, 85]);
    }

    #[test]
    fn highlight_only_on_biggest_drop_bar() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), Full);
        let rects = bar_rects(&svg, FULL.bar_h);
        let fills: Vec<&str> = rects.iter().map(|r| r.1.as_str()).collect();
        let (acc, hi) = (hex(STYLE.accent), hex(STYLE.highlight));
        assert_eq!(fills, vec![acc.as_str(), acc.as_str(), hi.as_str()]);
        let all_highlight_rects = tags(&svg, "rect")
            .iter()
            .filter(|t| attr(t, "fill") == Some(hi.as_str()))
            .count();
        assert_eq!(all_highlight_rects, 1);
        // The drop is also named in text, not only coloured.
        assert!(svg.contains("stap 50,0% · grootste uitval"));
        let compact = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), Compact);
        assert!(compact.contains("grootste uitval"));
        assert!(!compact.contains("stap 50,0%"));
    }

    #[test]
    fn full_mode_shows_share_and_step_compact_only_share() {
        let full = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), Full);
        assert!(full.contains("10,0% van start"));
        assert!(full.contains("stap 50,0%"));
        let compact = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), Compact);
        assert!(!compact.contains("van start"));
        assert!(compact.contains(">\n10,0%\n</text>"));
    }

    #[test]
    fn typical_numbers_sit_right_of_a_full_bar() {
        let bars = [FunnelBar {
            label: "Bewustwording",
            count: 46_500,
            count_text: "46.500",
            share_text: "100,0%",
            step_text: None,
            biggest_drop: false,
            previous: None,
            change_text: None,
        }];
        let svg = funnel_svg(&bars, None, &STYLE, &labels("x"), Full);
        let values: Vec<&str> = tags(&svg, "text")
            .into_iter()
            .filter(|t| attr(t, "text-anchor") == Some("start"))
            .collect();
        assert_eq!(values.len(), 2, "{svg}");
        for t in values {
            let x: i32 = attr(t, "x").unwrap().parse().unwrap();
            assert!(x > FULL.bar_x + FULL.bar_max, "{t}");
            assert_eq!(attr(t, "fill"), Some(hex(STYLE.text).as_str()));
        }
        // Stacked: the numbers stand right-aligned on the canvas, above the bar.
        for mode in [Narrow, Compact] {
            let lay = mode.layout();
            let svg = funnel_svg(&bars, None, &STYLE, &labels("x"), mode);
            assert!(
                svg.starts_with(&format!("<svg width=\"{}\"", lay.width)),
                "{svg}"
            );
            let values: Vec<&str> = tags(&svg, "text")
                .into_iter()
                .filter(|t| attr(t, "text-anchor") == Some("end"))
                .collect();
            assert_eq!(values.len(), 2, "{svg}");
            let bar_top: i32 = tags(&svg, "rect")
                .into_iter()
                .find(|t| attr(t, "height") == Some(&lay.bar_h.to_string()))
                .and_then(|t| attr(t, "y"))
                .unwrap()
                .parse()
                .unwrap();
            for t in values {
                let y: i32 = attr(t, "y").unwrap().parse().unwrap();
                assert!(y + (lay.count_font as i32) / 2 <= bar_top, "{t}");
                assert_eq!(attr(t, "fill"), Some(hex(STYLE.text).as_str()));
            }
        }
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let zero = [bar("A", 0, "0", false), bar("B", 0, "0", true)];
        let svg = funnel_svg(&zero, None, &STYLE, &labels("x"), Full);
        assert!(bar_rects(&svg, FULL.bar_h).is_empty());
        funnel_svg(&zero, Some(0), &STYLE, &labels("x"), Compact);

        let one = [bar("Enige stap", 7, "7", false)];
        let svg = funnel_svg(&one, None, &STYLE, &labels("x"), Full);
        assert_eq!(bar_rects(&svg, FULL.bar_h)[0].0, FULL.bar_max);

        // A later stage larger than the previous simply gets the wider bar.
        let growing = [bar("A", 100, "100", false), bar("B", 300, "300", false)];
        let svg = funnel_svg(&growing, None, &STYLE, &labels("x"), Full);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![113, 340]);

        let huge = [
            bar("A", 1_000_000_000_000_000, "1.000.000.000.000.000", false),
            bar("B", 1, "1", true),
            bar("C", u64::MAX, "18.446.744.073.709.551.615", false),
        ];
        for mode in MODES {
            let svg = funnel_svg(&huge, None, &STYLE, &labels("x"), mode);
            let w: Vec<i32> = bar_rects(&svg, mode.layout().bar_h)
                .iter()
                .map(|r| r.0)
                .collect();
            assert_eq!(w.len(), 3);
            assert!(w[1] >= 1);
        }

        let flagged_first = [bar("A", 10, "10", true)];
        let svg = funnel_svg(&flagged_first, None, &STYLE, &labels("x"), Full);
        assert!(svg.contains("grootste uitval"));
    }

    #[test]
    fn long_labels_are_ellipsized_inside_their_column() {
        let long = "Een heel erg lange fase-naam die niet past";
        let bars = [bar(long, 10, "10", false)];
        let svg = funnel_svg(&bars, None, &STYLE, &labels("x"), Full);
        let label = tags(&svg, "text")
            .into_iter()
            .find(|t| attr(t, "text-anchor") == Some("end"))
            .unwrap();
        assert_eq!(attr(label, "x"), Some(FULL.label_end.to_string().as_str()));
        let content = text_after(&svg, label);
        assert!(content.ends_with('…'), "{content}");
        let room = f64::from(FULL.label_end - FULL.pad);
        assert!(text_width(content, FULL.label_font, false) <= room);
        // 24 characters of ordinary words fit the full-mode column untruncated.
        let fits = "Oriëntatie en vergelijk.";
        assert_eq!(fits.chars().count(), 24);
        assert_eq!(ellipsize(fits, 194.0, 13.0, false), fits);
    }

    /// The text content of the `<text>` tag `tag`.
    fn text_after<'s>(svg: &'s str, tag: &str) -> &'s str {
        let start = svg.find(tag).unwrap() + tag.len();
        svg[start..].lines().nth(1).unwrap()
    }

    #[test]
    fn stacked_names_wrap_whole_above_their_bars() {
        let long = "Levering en etiketteren op de lijn";
        let bars = [
            bar("Ambassadeurschap", 64_000, "64.000", false),
            bar(long, 85, "85", true),
        ];
        for mode in [Narrow, Compact] {
            let lay = mode.layout();
            let svg = funnel_svg(&bars, Some(64_000), &STYLE, &labels("x"), mode);
            let names: Vec<&str> = tags(&svg, "text")
                .into_iter()
                .filter(|t| attr(t, "text-anchor") == Some("start"))
                .filter(|t| attr(t, "x") == Some(lay.bar_x.to_string().as_str()))
                .map(|t| text_after(&svg, t))
                .collect();
            assert!(names.contains(&"Ambassadeurschap"), "{names:?}");
            // The long name is whole, over more than one line, never cut.
            let rest: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| *n != "Ambassadeurschap")
                .collect();
            assert!(rest.len() >= 2, "{mode:?}: {rest:?}");
            assert_eq!(rest.join(" "), long);
            assert!(!svg.contains('…'));
            // The canvas keeps its width: nothing is drawn wider and then shrunk.
            assert!(svg.starts_with(&format!("<svg width=\"{}\"", lay.width)));
        }
    }

    #[test]
    fn narrow_and_compact_text_is_at_least_twelve_px() {
        // Narrow is shown at most ~8% smaller (306 px of a 375 px phone), compact never
        // smaller: both stay well above 10 px as rendered.
        for mode in [Narrow, Compact] {
            let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), mode);
            for t in tags(&svg, "text") {
                let size: f64 = attr(t, "font-size").unwrap().parse().unwrap();
                assert!(size >= 12.0, "{mode:?}: {t}");
            }
        }
    }

    #[test]
    fn font_sizes_print_cleanly() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), Full);
        for t in tags(&svg, "text") {
            let size = attr(t, "font-size").unwrap();
            assert!(size.len() <= 4, "{size}");
        }
    }

    #[test]
    fn text_has_enough_contrast() {
        // A light accent with white bars' text would fail; text colour must stay dark.
        let light = ChartStyle {
            accent: (0xcc, 0xee, 0xee),
            highlight: (0xff, 0xcc, 0x99),
            text: (0xaa, 0xaa, 0xaa),
        };
        let svg = funnel_svg(&sample_bars(), None, &light, &labels("x"), Full);
        for t in tags(&svg, "text") {
            assert_eq!(attr(t, "fill"), Some("#000000"));
        }
        assert!(
            contrast(
                legible_on((0xff, 0xff, 0x00), (0x80, 0x80, 0x80)),
                (0x80, 0x80, 0x80)
            ) >= 4.5
        );
        assert!(contrast(STYLE.text, WHITE_RGB) >= 4.5);
        assert!(contrast(GREY, WHITE_RGB) >= 4.5);
    }
}
