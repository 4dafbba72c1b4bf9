//! Drawing helpers shared by the charts: colours, lines and text on a plotters area, and
//! the finishing touches to plotters' SVG (clean font sizes, title, description, roles).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

use crate::render::color::{self, Rgb, contrast};

/// Colours for both charts. Plain RGB triples so config values map straight in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChartStyle {
    /// Brand colour from config, e.g. `(0x0b, 0x7a, 0x75)`.
    pub(crate) accent: Rgb,
    /// Colour for the biggest drop and negative emotions (a warm orange/red).
    pub(crate) highlight: Rgb,
    /// Dark text colour. Replaced by black if it has less than 4.5:1 contrast on white.
    pub(crate) text: Rgb,
}

impl ChartStyle {
    /// The charts' colours for a brand colour: darkened until readable on white, with a
    /// highlight that stands out from it.
    pub(crate) fn for_accent(accent: Rgb) -> Self {
        ChartStyle {
            accent: color::readable_on_white(accent),
            highlight: color::highlight_for(accent),
            text: color::TEXT,
        }
    }
}

pub(super) const WHITE_RGB: (u8, u8, u8) = (255, 255, 255);
pub(super) const BLACK_RGB: (u8, u8, u8) = (0, 0, 0);
/// Mid grey with 4.5:1 on white: usable for text and for neutral marks.
pub(super) const GREY: (u8, u8, u8) = (0x76, 0x76, 0x76);
/// Light grey for guides that must not compete with the data.
pub(super) const GUIDE: (u8, u8, u8) = (0xd9, 0xd9, 0xd9);

pub(super) type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;

pub(super) fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub(super) fn line(
    root: &Area,
    from: (i32, i32),
    to: (i32, i32),
    colour: (u8, u8, u8),
    width: u32,
) {
    let _ = root.draw(&PathElement::new(
        vec![from, to],
        rgb(colour).stroke_width(width),
    ));
}

/// Draws one line of text, vertically centred on `pos.1`. Plotters escapes the content.
pub(super) fn text(
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

/// `fg` if it reaches WCAG AA (4.5:1) on `bg`, else white if that does, else black or white,
/// whichever contrasts more (one of them always reaches 4.5:1).
pub(super) fn legible_on(fg: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
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
pub(super) fn finish(svg: String, kind: &str, id: &str, title: &str, desc: &str) -> String {
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
    use super::super::funnel::{FunnelBar, FunnelMode, Labels, funnel_svg};
    use super::super::testing::*;

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
            previous: Some(3),
            change_text: Some(evil),
        }];
        let l = Labels {
            id: "e",
            title: evil,
            desc: evil,
            share_word: evil,
            step_word: evil,
            biggest_drop: evil,
        };
        for svg in [
            funnel_svg(&bars, None, &STYLE, &l, FunnelMode::Full),
            funnel_svg(&bars, None, &STYLE, &l, FunnelMode::Narrow),
            funnel_svg(&bars, None, &STYLE, &l, FunnelMode::Compact),
        ] {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("&\""));
            assert!(svg.contains("&lt;script&gt;&amp;&quot;x"));
        }
    }

    #[test]
    fn empty_inputs_give_valid_svg() {
        let svg = funnel_svg(&[], None, &STYLE, &labels("x"), FunnelMode::Full);
        assert_accessible_root(&svg, "funnel", "x");
        assert!(!svg.contains("<text"));
    }
}
