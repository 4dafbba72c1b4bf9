//! Text metrics: charts are drawn without fonts, so how wide text is, and how it is cut
//! to fit, is estimated here.

/// Generous estimate of the rendered width of `s` in px, from DejaVu Sans advance widths
/// (in em), the widest common `sans-serif` default: Arial/Helvetica/Liberation render
/// narrower, so text we fit with this estimate fits in practice.
pub(super) fn text_width(s: &str, size_px: f64, bold: bool) -> f64 {
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
pub(super) fn ellipsize(s: &str, room: f64, size_px: f64, bold: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsize_cuts_what_does_not_fit() {
        assert_eq!(ellipsize("kort", 100.0, 12.0, false), "kort");
        let cut = ellipsize("Registratie bij de boekhouder", 55.0, 12.0, false);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0, false) <= 55.0,
            "{cut}"
        );
    }
}
