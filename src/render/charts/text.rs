//! Text metrics: charts are drawn without fonts, so how wide text is, and how it is cut
//! or wrapped to fit, is estimated here.

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

/// Greedy word wrap into at most `max_lines` lines of `room` px. A word too long for a line
/// is hyphenated across lines (narrow columns would otherwise show only "Bewus…"); whatever
/// does not fit on the last line is ellipsized.
pub(super) fn wrap(s: &str, room: f64, size_px: f64, max_lines: usize) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
