//! Inline SVG charts for the report: a horizontal funnel ([`funnel`]) and an emotion curve
//! ([`emotion`]).
//!
//! Everything is drawn with plotters primitives (`Rectangle`, `Text`, `PathElement`,
//! `Circle`, `Polygon`) on a plain `DrawingArea`. We build plotters without the `ttf`
//! feature, so it cannot measure text; its `SVGBackend` just writes `<text>` elements and the
//! browser renders them. Layout decisions that depend on text width (label truncation, where
//! the numbers go) therefore use [`text::text_width`], a deliberately generous estimate based
//! on DejaVu Sans, the widest common default `sans-serif` font: real text is at most that
//! wide.
//!
//! Output is deterministic: all coordinates are integers, there are no hash maps, and font
//! sizes are chosen so plotters prints them without float noise. The same input always gives
//! a byte-identical SVG, so reports can be diffed and cached.
//!
//! Accessibility: every SVG root carries `role="img"` and `aria-labelledby`, pointing at a
//! `<title>` and `<desc>` inserted as its first children (plotters emits neither). Text sits
//! on a white background in a colour with at least 4.5:1 contrast (WCAG AA), and emphasis is
//! never carried by colour alone.

pub(crate) mod emotion;
pub(crate) mod funnel;
mod svg;
#[cfg(test)]
mod testing;
mod text;

use crate::render::color::Rgb;

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
