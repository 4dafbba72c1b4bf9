//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading ids (generated from the heading text, unique per document). Raw HTML passes
//! through: authors are trusted; front-matter values are escaped by the templates.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The markdown extensions a report may use (also what the benchmark floor parses with).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders markdown; heading ids get `id_prefix` so several documents can share one page.
pub fn to_html(markdown: &str, id_prefix: &str) -> String {
    // Footnote labels become ids too: prefix them like headings so documents sharing a
    // page (the print page) keep their own footnotes.
    let mut events: Vec<Event> = Parser::new_ext(markdown, options())
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(format!("{id_prefix}{label}").into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                format!("{id_prefix}{label}").into(),
            )),
            other => other,
        })
        .collect();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(i, |p| i + p);
            let base = match id {
                Some(explicit) => explicit.to_string(),
                None => slug(&heading_text(&events[i + 1..end])),
            };
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let mut unique = format!("{id_prefix}{base}");
            let mut n = 1;
            while used.contains(&unique) {
                unique = format!("{id_prefix}{base}-{n}");
                n += 1;
            }
            used.push(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique));
            }
            i = end;
        }
        i += 1;
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn heading_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// A URL fragment from heading text: lowercase letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Inline markdown of one paragraph (a summary): without the surrounding `<p>`.
pub fn inline_html(markdown: &str) -> String {
    let html = to_html(markdown, "");
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_extensions_and_unique_heading_ids() {
        let html = to_html(
            "# Doel\n\n## Doel\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ [^1]\n\n- [x] klaar\n\n[^1]: Bron\n",
            "p-",
        );
        assert!(html.contains("<h1 id=\"p-doel\">Doel</h1>"), "{html}");
        assert!(html.contains("<h2 id=\"p-doel-1\">"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>weg</del>"));
        assert!(html.contains("checkbox"));
        assert!(html.contains("footnote"));
        assert!(html.contains("id=\"p-1\""), "{html}");
        assert!(html.contains("href=\"#p-1\""), "{html}");
    }

    #[test]
    fn raw_html_passes_but_text_is_escaped() {
        let html = to_html("<b>ok</b> 1 < 2 & \"x\"", "");
        assert!(html.contains("<b>ok</b>"));
        assert!(html.contains("1 &lt; 2 &amp;"));
    }

    #[test]
    fn slugs_and_inline() {
        assert_eq!(slug("Wat is een Persona?"), "wat-is-een-persona");
        assert_eq!(slug("Één – twee"), "één-twee");
        assert_eq!(inline_html("Hello *you*"), "Hello <em>you</em>");
    }
}
