//! Inline SVG charts for the report: a horizontal funnel and an emotion curve.
//!
//! Everything is drawn with plotters primitives (`Rectangle`, `Text`, `PathElement`,
//! `Circle`, `Polygon`) on a plain `DrawingArea`. We build plotters without the `ttf`
//! feature, so it cannot measure text; its `SVGBackend` just writes `<text>` elements and the
//! browser renders them. Layout decisions that depend on text width (label truncation, where
//! the numbers go) therefore use [`text_width`], a deliberately generous estimate based on
//! DejaVu Sans, the widest common default `sans-serif` font: real text is at most that wide.
//!
//! Output is deterministic: all coordinates are integers, there are no hash maps, and font
//! sizes are chosen so plotters prints them without float noise. The same input always gives
//! a byte-identical SVG, so reports can be diffed and cached.
//!
//! Accessibility: every SVG root carries `role="img"` and `aria-labelledby`, pointing at a
//! `<title>` and `<desc>` inserted as its first children (plotters emits neither). Text sits
//! on a white background in a colour with at least 4.5:1 contrast (WCAG AA), and emphasis is
//! never carried by colour alone.

use crate::render::color::contrast;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

/// One bar of a funnel, already computed by the caller.
#[derive(Debug, Clone, Copy)]
pub struct FunnelBar<'a> {
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
}

/// Colours for both charts. Plain RGB triples so config values map straight in.
#[derive(Debug, Clone, Copy)]
pub struct ChartStyle {
    /// Brand colour from config, e.g. `(0x0b, 0x7a, 0x75)`.
    pub accent: (u8, u8, u8),
    /// Colour for the biggest drop and negative emotions (a warm orange/red).
    pub highlight: (u8, u8, u8),
    /// Dark text colour. Replaced by black if it has less than 4.5:1 contrast on white.
    pub text: (u8, u8, u8),
}

/// Localized strings for [`funnel_svg`], supplied by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
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

/// One stage on the emotion curve.
#[derive(Debug, Clone, Copy)]
pub struct EmotionPoint<'a> {
    pub label: &'a str,
    /// -2..=2 (out-of-range values are clamped); `None` = not rated, drawn as a gap.
    pub emotion: Option<i8>,
}

/// Localized strings for [`emotion_svg`], supplied by the caller.
#[derive(Debug, Clone, Copy)]
pub struct EmotionLabels<'a> {
    /// Makes ids unique per page, e.g. "jane-kiest" gives `emotion-jane-kiest-title`.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// Names for -2..=2, e.g. `["zeer negatief", "negatief", "neutraal", "positief", "zeer positief"]`.
    pub scale: [&'a str; 5],
}

/// Width of the emotion SVG, in user units.
pub const EMOTION_WIDTH: u32 = 760;
/// Left column of the emotion SVG that holds the scale names. The stage columns split
/// `EMOTION_WIDTH - EMOTION_GUTTER` evenly and run to the right edge, so an HTML grid with a
/// first column of `EMOTION_GUTTER / EMOTION_WIDTH` of the width and `1fr` stage columns
/// lines up with the dots.
pub const EMOTION_GUTTER: u32 = 120;

const WHITE_RGB: (u8, u8, u8) = (255, 255, 255);
const BLACK_RGB: (u8, u8, u8) = (0, 0, 0);
/// Mid grey with 4.5:1 on white: usable for text and for neutral marks.
const GREY: (u8, u8, u8) = (0x76, 0x76, 0x76);
/// Light grey for guides that must not compete with the data.
const GUIDE: (u8, u8, u8) = (0xd9, 0xd9, 0xd9);

type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;

/// Pixel sizes of one funnel variant. Fixed per mode (not derived from the data), so small
/// multiples with the same `scale_max` really share one pixels-per-count scale.
struct FunnelLayout {
    width: i32,
    pad: i32,
    /// Right edge of the right-aligned stage labels.
    label_end: i32,
    bar_x: i32,
    bar_max: i32,
    bar_h: i32,
    /// Gap above a bar that holds the step conversion and/or the biggest-drop marker.
    band_h: i32,
    /// Space between a bar and its numbers, and between count and share.
    gap: i32,
    label_font: f64,
    count_font: f64,
    small_font: f64,
}

const FULL: FunnelLayout = FunnelLayout {
    width: 760,
    pad: 12,
    label_end: 206,
    bar_x: 216,
    bar_max: 340,
    bar_h: 26,
    band_h: 22,
    gap: 8,
    label_font: 13.0,
    count_font: 13.0,
    small_font: 12.0,
};

const COMPACT: FunnelLayout = FunnelLayout {
    width: 320,
    pad: 8,
    label_end: 104,
    bar_x: 110,
    bar_max: 102,
    bar_h: 16,
    band_h: 16,
    gap: 6,
    label_font: 11.0,
    count_font: 11.0,
    small_font: 11.0,
};

/// Horizontal funnel: one bar per stage top to bottom, bar width proportional to `count`
/// relative to `scale_max` (or the largest count when `None`), stage labels in a left column
/// (ellipsized when too long) and the numbers right of each bar in dark text.
///
/// Between two bars a band shows the step conversion (full mode only); the biggest-drop bar
/// is filled with `style.highlight` and its band carries a highlight-coloured marker plus the
/// bold `labels.biggest_drop` text, so colour is not the only carrier.
///
/// `compact` gives a 320 px wide small multiple with count and share only; otherwise 760 px
/// with count, share and step conversion. The canvas only grows wider when a number is too
/// long to fit either beside or inside its bar (e.g. 20-digit counts), so text is never
/// clipped. Counts above `scale_max` are clamped to full width; `Some(0)` acts as `None`.
pub fn funnel_svg(
    bars: &[FunnelBar],
    scale_max: Option<u64>,
    style: &ChartStyle,
    labels: &Labels,
    compact: bool,
) -> String {
    let lay = if compact { &COMPACT } else { &FULL };
    let text_rgb = legible_on(style.text, WHITE_RGB);

    // Vertical position of each bar; a band sits above every bar but the first, and above
    // the first too if the caller flagged it (so its marker has somewhere to go).
    let mut tops = Vec::with_capacity(bars.len());
    let mut y = lay.pad;
    for (i, bar) in bars.iter().enumerate() {
        if i > 0 || bar.biggest_drop {
            y += lay.band_h;
        }
        tops.push(y);
        y += lay.bar_h;
    }
    let height = if bars.is_empty() { 24 } else { y + lay.pad };

    let max_count = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let scale = match scale_max {
        Some(s) if s > 0 => s,
        _ => max_count,
    };

    let widths: Vec<i32> = bars
        .iter()
        .map(|b| bar_width(b.count, scale, lay.bar_max))
        .collect();
    let fills: Vec<(u8, u8, u8)> = bars
        .iter()
        .map(|b| {
            if b.biggest_drop {
                style.highlight
            } else {
                style.accent
            }
        })
        .collect();
    let values: Vec<Values> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| place_values(lay, b, labels, compact, widths[i], fills[i], text_rgb))
        .collect();
    let width = values
        .iter()
        .map(|v| v.end + lay.pad)
        .fold(lay.width, i32::max);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);

        if !bars.is_empty() {
            // Baseline the bars grow from; also marks where a zero-count bar would be.
            let first = tops[0];
            let last = tops[tops.len() - 1] + lay.bar_h;
            line(
                &root,
                (lay.bar_x - 1, first),
                (lay.bar_x - 1, last),
                GUIDE,
                1,
            );
        }

        for (i, bar) in bars.iter().enumerate() {
            let top = tops[i];
            let mid = top + lay.bar_h / 2;
            let (w, fill) = (widths[i], fills[i]);
            if w > 0 {
                let _ = root.draw(&Rectangle::new(
                    [(lay.bar_x, top), (lay.bar_x + w, top + lay.bar_h)],
                    rgb(fill).filled(),
                ));
            }

            // Stage label, right-aligned against the bars, ellipsized to its column.
            let label_room = (lay.label_end - lay.pad) as f64;
            let label = ellipsize(bar.label, label_room, lay.label_font, false);
            text(
                &root,
                &label,
                (lay.label_end, mid),
                lay.label_font,
                false,
                text_rgb,
                HPos::Right,
            );

            draw_values(&root, lay, &values[i], bar.count_text, mid);

            // Band above the bar: step conversion and/or biggest-drop marker.
            let band_mid = top - lay.band_h / 2;
            let step = if compact {
                None
            } else {
                bar.step_text.map(|s| join(labels.step_word, s))
            };
            let band_text = match (step, bar.biggest_drop) {
                (Some(s), true) => Some(format!("{s} · {}", labels.biggest_drop)),
                (Some(s), false) => Some(s),
                (None, true) => Some(labels.biggest_drop.to_string()),
                (None, false) => None,
            };
            if let Some(t) = band_text {
                let marker = if bar.biggest_drop {
                    style.highlight
                } else {
                    GREY
                };
                chevron(&root, lay.bar_x + 1, band_mid, marker);
                let x = lay.bar_x + 16;
                let room = (width - lay.pad - x) as f64;
                let t = ellipsize(&t, room, lay.small_font, bar.biggest_drop);
                text(
                    &root,
                    &t,
                    (x, band_mid),
                    lay.small_font,
                    bar.biggest_drop,
                    text_rgb,
                    HPos::Left,
                );
            }
        }
        let _ = root.present();
    }
    finish(svg, "funnel", labels.id, labels.title, labels.desc)
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

/// Right of the bar in dark text when that fits the canvas; otherwise inside the bar end in
/// whichever of text/white/black contrasts with the fill; if neither fits (absurdly long
/// numbers), right of the bar anyway and the caller widens the canvas: text is never clipped
/// and never drawn over a bar it does not fit.
#[allow(clippy::too_many_arguments)]
fn place_values(
    lay: &FunnelLayout,
    bar: &FunnelBar,
    labels: &Labels,
    compact: bool,
    w: i32,
    fill: (u8, u8, u8),
    text_rgb: (u8, u8, u8),
) -> Values {
    let share = if compact {
        bar.share_text.to_string()
    } else {
        join(bar.share_text, labels.share_word)
    };
    let gap = lay.gap;
    let count_w = text_width(bar.count_text, lay.count_font, true).ceil() as i32;
    let share_w = text_width(&share, lay.small_font, false).ceil() as i32;
    let total = count_w + gap + share_w;
    let outside = lay.bar_x + w + gap;
    let (x, colour) = if outside + total <= lay.width - lay.pad || w < total + 2 * gap {
        (outside, text_rgb)
    } else {
        (lay.bar_x + w - gap - total, legible_on(text_rgb, fill))
    };
    Values {
        x,
        colour,
        count_w,
        share,
        end: x + total,
    }
}

fn draw_values(root: &Area, lay: &FunnelLayout, v: &Values, count_text: &str, mid: i32) {
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

/// Emotion curve across the stages: one evenly wide column per point (see
/// [`EMOTION_GUTTER`]), y from -2 (bottom) to 2 (top) with the scale names on the left and a
/// darker zero line, a line through rated points that breaks at unrated ones, a dot per
/// rated point (negative = highlight, positive = accent, neutral = grey; the height carries
/// the value too) and the stage names under the columns, wrapped (and if need be
/// hyphenated) to at most three lines, ellipsized beyond.
pub fn emotion_svg(points: &[EmotionPoint], style: &ChartStyle, labels: &EmotionLabels) -> String {
    let width = EMOTION_WIDTH as i32;
    let gutter = EMOTION_GUTTER as i32;
    let font = 12.0;
    let y_top = 20;
    let step = 30;
    let y_of = |v: i8| y_top + (2 - i32::from(v.clamp(-2, 2))) * step;
    let label_y = y_of(-2) + 26;
    let line_h = 15;
    let n = points.len().max(1) as i64;
    let plot_w = i64::from(width - gutter);
    let col_w = (plot_w / n) as f64;
    let stage_labels: Vec<Vec<String>> = points
        .iter()
        .map(|p| wrap(p.label, (col_w - 8.0).max(10.0), font, 3))
        .collect();
    let label_lines = stage_labels.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
    let height = if points.is_empty() {
        24
    } else {
        label_y + (label_lines - 1) * line_h + 22
    };
    let text_rgb = legible_on(style.text, WHITE_RGB);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        if !points.is_empty() {
            // Integer rounding of (i + 0.5) * plot_w / n keeps columns exactly even.
            let col_x = |i: usize| gutter + ((2 * i as i64 + 1) * plot_w / (2 * n)) as i32;

            for v in -2..=2i8 {
                let y = y_of(v);
                // The neutral line is darker than the other guides: one element, not dashes
                // (a dashed path is dozens of SVG elements on every journey page).
                let colour = if v == 0 { GREY } else { GUIDE };
                line(&root, (gutter, y), (width, y), colour, 1);
                let name = ellipsize(
                    labels.scale[(v + 2) as usize],
                    f64::from(gutter - 20),
                    font,
                    false,
                );
                text(
                    &root,
                    &name,
                    (gutter - 10, y),
                    font,
                    false,
                    text_rgb,
                    HPos::Right,
                );
            }

            // Line segments through consecutive rated points; an unrated point breaks it.
            let mut run: Vec<(i32, i32)> = Vec::new();
            for (i, p) in points.iter().enumerate() {
                match p.emotion {
                    Some(v) => run.push((col_x(i), y_of(v))),
                    None => flush_run(&root, &mut run, style.accent),
                }
            }
            flush_run(&root, &mut run, style.accent);

            for (i, p) in points.iter().enumerate() {
                if let Some(v) = p.emotion {
                    let v = v.clamp(-2, 2);
                    let colour = match v.signum() {
                        -1 => style.highlight,
                        1 => style.accent,
                        _ => GREY,
                    };
                    let c = (col_x(i), y_of(v));
                    // White halo so the dot stands out from the line and the grid.
                    let _ = root.draw(&Circle::new(c, 8, rgb(WHITE_RGB).filled()));
                    let _ = root.draw(&Circle::new(c, 6, rgb(colour).filled()));
                }
                for (k, l) in stage_labels[i].iter().enumerate() {
                    text(
                        &root,
                        l,
                        (col_x(i), label_y + k as i32 * line_h),
                        font,
                        false,
                        text_rgb,
                        HPos::Center,
                    );
                }
            }
        }
        let _ = root.present();
    }
    finish(svg, "emotion", labels.id, labels.title, labels.desc)
}

/// Draws the pending run of connected points (if it has a segment) and empties it.
fn flush_run(root: &Area, run: &mut Vec<(i32, i32)>, colour: (u8, u8, u8)) {
    if run.len() >= 2 {
        let _ = root.draw(&PathElement::new(run.clone(), rgb(colour).stroke_width(2)));
    }
    run.clear();
}

fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn line(root: &Area, from: (i32, i32), to: (i32, i32), colour: (u8, u8, u8), width: u32) {
    let _ = root.draw(&PathElement::new(
        vec![from, to],
        rgb(colour).stroke_width(width),
    ));
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

/// Draws one line of text, vertically centred on `pos.1`. Plotters escapes the content.
fn text(
    root: &Area,
    s: &str,
    pos: (i32, i32),
    size_px: f64,
    bold: bool,
    colour: (u8, u8, u8),
    h: HPos,
) {
    if s.is_empty() {
        return;
    }
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let c = rgb(colour);
    let style = FontDesc::new(FontFamily::SansSerif, plotters_size(size_px), weight)
        .color(&c)
        .pos(Pos::new(h, VPos::Center));
    let _ = root.draw(&Text::new(s.to_string(), pos, style));
}

/// Plotters writes `font-size = size / 1.24` as a raw f64 ("13.000000000000002"), so we
/// pass `px * 1.24` and [`clean_font_sizes`] rounds the attribute back to the intended px.
fn plotters_size(px: f64) -> f64 {
    px * 1.24
}

/// Rewrites every `font-size="…"` value to at most two decimals, trailing zeros dropped.
fn clean_font_sizes(svg: &str) -> String {
    const KEY: &str = " font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let start = i + KEY.len();
        out.push_str(&rest[..start]);
        let len = rest[start..].find('"').unwrap_or(0);
        let raw = &rest[start..start + len];
        match raw.parse::<f64>() {
            Ok(v) => {
                let s = format!("{v:.2}");
                out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(raw),
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// Generous estimate of the rendered width of `s` in px, from DejaVu Sans advance widths
/// (in em), the widest common `sans-serif` default: Arial/Helvetica/Liberation render
/// narrower, so text we fit with this estimate fits in practice.
fn text_width(s: &str, size_px: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | 'J' => 0.30,
            '.' | ',' | ':' | ';' | '!' | '\'' | '|' | ' ' | '·' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.43,
            'm' => 0.98,
            'w' => 0.82,
            'M' | 'W' => 1.0,
            '%' | '…' | '—' | '@' => 1.0,
            '0'..='9' => 0.64,
            'a'..='z' => 0.63,
            'A'..='Z' => 0.78,
            c if u32::from(c) >= 0x2E80 => 1.0,
            _ => 0.72,
        })
        .sum();
    em * size_px * if bold { 1.12 } else { 1.0 }
}

/// `s` if it fits in `room` px, else the longest prefix that fits followed by "…".
fn ellipsize(s: &str, room: f64, size_px: f64, bold: bool) -> String {
    let s = s.trim();
    if text_width(s, size_px, bold) <= room {
        return s.to_string();
    }
    let budget = room - text_width("…", size_px, bold);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size_px, bold);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Greedy word wrap into at most `max_lines` lines of `room` px. A word too long for a line
/// is hyphenated across lines (narrow columns would otherwise show only "Bewus…"); whatever
/// does not fit on the last line is ellipsized.
fn wrap(s: &str, room: f64, size_px: f64, max_lines: usize) -> Vec<String> {
    let mut words: std::collections::VecDeque<String> =
        s.split_whitespace().map(str::to_string).collect();
    let mut lines: Vec<String> = Vec::new();
    while let Some(first) = words.pop_front() {
        if lines.len() == max_lines {
            break;
        }
        let last = lines.len() + 1 == max_lines;
        let mut cur = first;
        if !last && text_width(&cur, size_px, false) > room {
            let (head, tail) = split_word(&cur, room, size_px);
            if !tail.is_empty() {
                lines.push(head);
                words.push_front(tail);
                continue;
            }
        }
        while let Some(next) = words.front() {
            let candidate = format!("{cur} {next}");
            if !last && text_width(&candidate, size_px, false) > room {
                break;
            }
            cur = candidate;
            words.pop_front();
        }
        lines.push(ellipsize(&cur, room, size_px, false));
    }
    lines
}

/// Splits `word` into a hyphenated head that fits `room` and the rest; the rest is empty
/// when no useful split (at least two characters on each side) exists.
fn split_word(word: &str, room: f64, size_px: f64) -> (String, String) {
    let chars: Vec<char> = word.chars().collect();
    let budget = room - text_width("-", size_px, false);
    let mut used = 0.0;
    let mut n = 0;
    for c in &chars {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size_px, false);
        if used + w > budget {
            break;
        }
        used += w;
        n += 1;
    }
    if n < 2 || chars.len() - n < 2 {
        return (word.to_string(), String::new());
    }
    let head: String = chars[..n].iter().collect();
    let sep = if head.ends_with('-') { "" } else { "-" };
    (format!("{head}{sep}"), chars[n..].iter().collect())
}

/// `fg` if it reaches WCAG AA (4.5:1) on `bg`, else white if that does, else black or white,
/// whichever contrasts more (one of them always reaches 4.5:1).
fn legible_on(fg: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
    if contrast(fg, bg) >= 4.5 {
        fg
    } else if contrast(WHITE_RGB, bg) >= 4.5 {
        WHITE_RGB
    } else if contrast(BLACK_RGB, bg) >= contrast(WHITE_RGB, bg) {
        BLACK_RGB
    } else {
        WHITE_RGB
    }
}

/// Escapes text we insert into the markup ourselves (plotters escapes its own `<text>`).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Keeps ids valid and usable in the space-separated `aria-labelledby` list.
fn sanitize_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "chart".to_string() } else { s }
}

/// Adds `role`/`aria-labelledby` to the root and inserts `<title>` and `<desc>` as its first
/// children. Plotters already writes width, height and `viewBox`; the page CSS scales it.
fn finish(svg: String, kind: &str, id: &str, title: &str, desc: &str) -> String {
    let svg = clean_font_sizes(&svg);
    let id = sanitize_id(id);
    let title_id = format!("{kind}-{id}-title");
    let desc_id = format!("{kind}-{id}-desc");
    let Some(end) = svg.find('>') else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 200);
    out.push_str(&svg[..end]);
    out.push_str(&format!(
        " role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\n<title id=\"{title_id}\">{}</title>\n<desc id=\"{desc_id}\">{}</desc>",
        escape(title),
        escape(desc)
    ));
    out.push_str(&svg[end + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: ChartStyle = ChartStyle {
        accent: (0x0b, 0x7a, 0x75),
        highlight: (0xc2, 0x41, 0x0c),
        text: (0x1f, 0x29, 0x37),
    };

    fn labels(id: &'static str) -> Labels<'static> {
        Labels {
            id,
            title: "Funnel: Jane kiest boekhoudsoftware",
            desc: "Bewustwording 1.000, Overweging 500, Aankoop 100.",
            share_word: "van start",
            step_word: "stap",
            biggest_drop: "grootste uitval",
        }
    }

    fn bar<'a>(label: &'a str, count: u64, count_text: &'a str, drop: bool) -> FunnelBar<'a> {
        FunnelBar {
            label,
            count,
            count_text,
            share_text: "10,0%",
            step_text: Some("50,0%"),
            biggest_drop: drop,
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

    fn emotion_labels() -> EmotionLabels<'static> {
        EmotionLabels {
            id: "jane",
            title: "Emotie: Jane",
            desc: "Van neutraal naar zeer negatief.",
            scale: [
                "zeer negatief",
                "negatief",
                "neutraal",
                "positief",
                "zeer positief",
            ],
        }
    }

    /// Value of attribute `name` in a single tag.
    fn attr<'s>(tag: &'s str, name: &str) -> Option<&'s str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(&tag[start..start + len])
    }

    /// All tags `<name .../>` in document order.
    fn tags<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
        let open = format!("<{name} ");
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find(&open) {
            let tail = &rest[i..];
            let end = tail.find('>').expect("unclosed tag");
            out.push(&tail[..=end]);
            rest = &tail[end..];
        }
        out
    }

    fn hex(c: (u8, u8, u8)) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    /// (width, fill) of the data bars, identified by the bar height of the layout.
    fn bar_rects(svg: &str, bar_h: i32) -> Vec<(i32, String)> {
        tags(svg, "rect")
            .into_iter()
            .filter(|t| attr(t, "height") == Some(&bar_h.to_string()))
            .map(|t| {
                (
                    attr(t, "width").unwrap().parse().unwrap(),
                    attr(t, "fill").unwrap().to_string(),
                )
            })
            .collect()
    }

    fn assert_accessible_root(svg: &str, kind: &str, id: &str) {
        assert!(svg.starts_with("<svg "), "{svg}");
        let root_end = svg.find('>').unwrap();
        let root = &svg[..=root_end];
        assert!(root.contains(" role=\"img\""));
        assert!(root.contains(&format!(
            "aria-labelledby=\"{kind}-{id}-title {kind}-{id}-desc\""
        )));
        assert!(root.contains(" viewBox=\"0 0 "));
        assert!(root.contains(" width=\"") && root.contains(" height=\""));
        let children = svg[root_end + 1..].trim_start();
        assert!(children.starts_with(&format!("<title id=\"{kind}-{id}-title\">")));
        let after_title = &children[children.find("</title>").unwrap() + 8..];
        assert!(
            after_title
                .trim_start()
                .starts_with(&format!("<desc id=\"{kind}-{id}-desc\">"))
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn funnel_is_deterministic() {
        let bars = sample_bars();
        for compact in [false, true] {
            let a = funnel_svg(&bars, None, &STYLE, &labels("x"), compact);
            let b = funnel_svg(&bars, None, &STYLE, &labels("x"), compact);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn funnel_has_title_and_desc_first() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("jane-kiest"), false);
        assert_accessible_root(&svg, "funnel", "jane-kiest");
        assert!(svg.contains(">Funnel: Jane kiest boekhoudsoftware</title>"));
    }

    #[test]
    fn ids_are_sanitized() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("a b\"<c"), false);
        assert_accessible_root(&svg, "funnel", "a-b--c");
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels(""), true);
        assert_accessible_root(&svg, "funnel", "chart");
    }

    #[test]
    fn bar_widths_are_proportional() {
        for (lay, compact) in [(&FULL, false), (&COMPACT, true)] {
            let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), compact);
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
        let svg = funnel_svg(&bars, Some(2000), &STYLE, &labels("x"), false);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![170, 85, 17]);
        // A scale below the largest count clamps that bar to full width.
        let svg = funnel_svg(&bars, Some(400), &STYLE, &labels("x"), false);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![340, 340, 85]);
    }

    #[test]
    fn highlight_only_on_biggest_drop_bar() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), false);
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
        let compact = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), true);
        assert!(compact.contains("grootste uitval"));
        assert!(!compact.contains("stap 50,0%"));
    }

    #[test]
    fn full_mode_shows_share_and_step_compact_only_share() {
        let full = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), false);
        assert!(full.contains("10,0% van start"));
        assert!(full.contains("stap 50,0%"));
        let compact = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), true);
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
        }];
        for (lay, compact) in [(&FULL, false), (&COMPACT, true)] {
            let svg = funnel_svg(&bars, None, &STYLE, &labels("x"), compact);
            let values: Vec<&str> = tags(&svg, "text")
                .into_iter()
                .filter(|t| attr(t, "text-anchor") == Some("start"))
                .collect();
            assert_eq!(values.len(), 2, "{svg}");
            for t in values {
                let x: i32 = attr(t, "x").unwrap().parse().unwrap();
                assert!(x > lay.bar_x + lay.bar_max, "{t}");
                assert_eq!(attr(t, "fill"), Some(hex(STYLE.text).as_str()));
            }
        }
    }

    #[test]
    fn labels_are_escaped() {
        let evil = "<script>&\"x";
        let bars = [FunnelBar {
            label: evil,
            count: 5,
            count_text: evil,
            share_text: evil,
            step_text: Some(evil),
            biggest_drop: true,
        }];
        let l = Labels {
            id: "e",
            title: evil,
            desc: evil,
            share_word: evil,
            step_word: evil,
            biggest_drop: evil,
        };
        let pts = [EmotionPoint {
            label: evil,
            emotion: Some(1),
        }];
        let el = EmotionLabels {
            id: "e",
            title: evil,
            desc: evil,
            scale: [evil; 5],
        };
        for svg in [
            funnel_svg(&bars, None, &STYLE, &l, false),
            funnel_svg(&bars, None, &STYLE, &l, true),
            emotion_svg(&pts, &STYLE, &el),
        ] {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("&\""));
            assert!(svg.contains("&lt;script&gt;&amp;&quot;x"));
        }
    }

    #[test]
    fn empty_inputs_give_valid_svg() {
        let svg = funnel_svg(&[], None, &STYLE, &labels("x"), false);
        assert_accessible_root(&svg, "funnel", "x");
        assert!(!svg.contains("<text"));
        let svg = emotion_svg(&[], &STYLE, &emotion_labels());
        assert_accessible_root(&svg, "emotion", "jane");
        assert!(!svg.contains("<text"));
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let zero = [bar("A", 0, "0", false), bar("B", 0, "0", true)];
        let svg = funnel_svg(&zero, None, &STYLE, &labels("x"), false);
        assert!(bar_rects(&svg, FULL.bar_h).is_empty());
        funnel_svg(&zero, Some(0), &STYLE, &labels("x"), true);

        let one = [bar("Enige stap", 7, "7", false)];
        let svg = funnel_svg(&one, None, &STYLE, &labels("x"), false);
        assert_eq!(bar_rects(&svg, FULL.bar_h)[0].0, FULL.bar_max);

        // A later stage larger than the previous simply gets the wider bar.
        let growing = [bar("A", 100, "100", false), bar("B", 300, "300", false)];
        let svg = funnel_svg(&growing, None, &STYLE, &labels("x"), false);
        let w: Vec<i32> = bar_rects(&svg, FULL.bar_h).iter().map(|r| r.0).collect();
        assert_eq!(w, vec![113, 340]);

        let huge = [
            bar("A", 1_000_000_000_000_000, "1.000.000.000.000.000", false),
            bar("B", 1, "1", true),
            bar("C", u64::MAX, "18.446.744.073.709.551.615", false),
        ];
        for compact in [false, true] {
            let svg = funnel_svg(&huge, None, &STYLE, &labels("x"), compact);
            let w: Vec<i32> = bar_rects(&svg, if compact { 16 } else { 26 })
                .iter()
                .map(|r| r.0)
                .collect();
            assert_eq!(w.len(), 3);
            assert!(w[1] >= 1);
        }

        let flagged_first = [bar("A", 10, "10", true)];
        let svg = funnel_svg(&flagged_first, None, &STYLE, &labels("x"), false);
        assert!(svg.contains("grootste uitval"));
    }

    #[test]
    fn long_labels_are_ellipsized_inside_their_column() {
        let long = "Een heel erg lange fase-naam die niet past";
        let bars = [bar(long, 10, "10", false)];
        for (lay, compact) in [(&FULL, false), (&COMPACT, true)] {
            let svg = funnel_svg(&bars, None, &STYLE, &labels("x"), compact);
            let label = tags(&svg, "text")
                .into_iter()
                .find(|t| attr(t, "text-anchor") == Some("end"))
                .unwrap();
            assert_eq!(attr(label, "x"), Some(lay.label_end.to_string().as_str()));
            let content_start = svg.find(label).unwrap() + label.len();
            let content = svg[content_start..].lines().nth(1).unwrap();
            assert!(content.ends_with('…'), "{content}");
            let room = f64::from(lay.label_end - lay.pad);
            assert!(text_width(content, lay.label_font, false) <= room);
        }
        // 24 characters of ordinary words fit the full-mode column untruncated.
        let fits = "Oriëntatie en vergelijk.";
        assert_eq!(fits.chars().count(), 24);
        assert_eq!(ellipsize(fits, 194.0, 13.0, false), fits);
    }

    #[test]
    fn font_sizes_print_cleanly() {
        let svg = funnel_svg(&sample_bars(), None, &STYLE, &labels("x"), false);
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
        let svg = funnel_svg(&sample_bars(), None, &light, &labels("x"), false);
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

    #[test]
    fn wrap_and_ellipsize() {
        assert_eq!(
            wrap("Kiest en koopt", 60.0, 12.0, 2),
            vec!["Kiest en", "koopt"]
        );
        let w = wrap("een twee drie vier vijf zes zeven acht", 60.0, 12.0, 2);
        assert_eq!(w.len(), 2);
        assert!(w[1].ends_with('…'));
        assert!(wrap("", 60.0, 12.0, 2).is_empty());
        let w = wrap("Bewustwording", 55.0, 12.0, 3);
        assert_eq!(w, vec!["Bewust-", "wording"]);
        for l in &w {
            assert!(text_width(l, 12.0, false) <= 55.0);
        }
        assert_eq!(
            wrap("Registratie bij de boekhouder", 55.0, 12.0, 3).len(),
            3
        );
        assert_eq!(ellipsize("kort", 100.0, 12.0, false), "kort");
    }
}
