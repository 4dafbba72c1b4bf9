//! Brand colour handling: parse `#rgb`/`#rrggbb` and keep text readable on and in it (WCAG AA).

pub(crate) type Rgb = (u8, u8, u8);

pub(crate) const DEFAULT_ACCENT: Rgb = (0x0b, 0x7a, 0x75);
/// Marks the biggest drop: a warm red with 5:1 contrast on white.
pub(crate) const HIGHLIGHT: Rgb = (0xb4, 0x3c, 0x12);
/// Marks the biggest drop when the brand is itself red or orange: a violet, 7:1 on white.
pub(crate) const HIGHLIGHT_ALT: Rgb = (0x6d, 0x28, 0xd9);
pub(crate) const TEXT: Rgb = (0x1f, 0x29, 0x33);

/// The highlight that stands out from the accent: warm red, unless the accent is warm too.
pub(crate) fn highlight_for(accent: Rgb) -> Rgb {
    let near = |a: f64, b: f64| {
        let d = (a - b).abs() % 360.0;
        d.min(360.0 - d) < 30.0
    };
    match (hue(accent), hue(HIGHLIGHT)) {
        (Some(a), Some(h)) if near(a, h) => HIGHLIGHT_ALT,
        _ => HIGHLIGHT,
    }
}

/// Hue in degrees, or None for greys (no hue to clash with).
fn hue(c: Rgb) -> Option<f64> {
    let (r, g, b) = (f64::from(c.0), f64::from(c.1), f64::from(c.2));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let delta = max - min;
    if delta < 1e-9 || delta / max < 0.25 {
        return None;
    }
    let h = if max == r {
        ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        (b - r) / delta + 2.0
    } else {
        (r - g) / delta + 4.0
    };
    Some(h * 60.0)
}

pub(crate) fn parse(hex: &str) -> Option<Rgb> {
    let hex = hex.strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let v: Vec<u8> = hex
                .chars()
                .filter_map(|c| channel(&c.to_string().repeat(2)))
                .collect();
            (v.len() == 3).then(|| (v[0], v[1], v[2]))
        }
        6 => Some((
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        _ => None,
    }
}

pub(crate) fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The accent darkened until text in it reads on white (≥ 4.5:1), for links and headings.
pub(crate) fn readable_on_white(c: Rgb) -> Rgb {
    let mut c = c;
    while contrast(c, (255, 255, 255)) < 4.5 {
        c = (
            (f64::from(c.0) * 0.9) as u8,
            (f64::from(c.1) * 0.9) as u8,
            (f64::from(c.2) * 0.9) as u8,
        );
    }
    c
}

/// The accent as a background for text: unchanged when white or near-black reads on it at
/// 4.5:1 (WCAG AA), else darkened until white does (mid tones like `#e53935` reach neither).
pub(crate) fn fill_for_text(c: Rgb) -> Rgb {
    if contrast(c, text_on(c)) >= 4.5 {
        c
    } else {
        readable_on_white(c)
    }
}

/// White or near-black, whichever reads better on the accent.
pub(crate) fn text_on(c: Rgb) -> Rgb {
    if contrast(c, (255, 255, 255)) >= contrast(c, TEXT) {
        (255, 255, 255)
    } else {
        TEXT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_keeps_contrast() {
        assert_eq!(parse("#0b7a75"), Some((11, 122, 117)));
        assert_eq!(parse("#fff"), Some((255, 255, 255)));
        assert_eq!(parse("0b7a75"), None);
        let yellow = parse("#ffe066").unwrap();
        assert!(contrast(readable_on_white(yellow), (255, 255, 255)) >= 4.5);
        assert_eq!(text_on(yellow), TEXT);
        assert_eq!(text_on((0, 0, 128)), (255, 255, 255));
        assert!(contrast(HIGHLIGHT, (255, 255, 255)) >= 4.5);
    }

    #[test]
    fn the_highlight_stands_out_from_the_accent() {
        // Warm brands get the violet highlight, all others the warm red one.
        for warm in ["#e53935", "#c2410c", "#f97316", "#b91c1c"] {
            assert_eq!(highlight_for(parse(warm).unwrap()), HIGHLIGHT_ALT, "{warm}");
        }
        for other in [
            "#0b7a75", "#1b1f3b", "#2e8b57", "#808080", "#f5c518", "#6d28d9",
        ] {
            assert_eq!(highlight_for(parse(other).unwrap()), HIGHLIGHT, "{other}");
        }
        assert!(contrast(HIGHLIGHT_ALT, (255, 255, 255)) >= 4.5);
    }

    #[test]
    fn text_on_a_mid_tone_accent_reaches_aa() {
        for accent in [
            "#e53935", "#808080", "#2e8b57", "#f5c518", "#1b1f3b", "#0b7a75",
        ] {
            let fill = fill_for_text(parse(accent).unwrap());
            let ratio = contrast(fill, text_on(fill));
            assert!(ratio >= 4.5, "{accent}: {ratio:.2}");
        }
        // Colours that already work stay the brand's own.
        assert_eq!(fill_for_text((0x1b, 0x1f, 0x3b)), (0x1b, 0x1f, 0x3b));
        assert_eq!(fill_for_text((0xf5, 0xc5, 0x18)), (0xf5, 0xc5, 0x18));
    }
}
