//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading ids (generated from the heading text, unique per document). Raw HTML passes
//! through unless `[output.html] raw-html = false`: authors are trusted; front-matter
//! values are escaped by the templates. Links that would run script are dropped always.

use std::collections::{HashMap, HashSet};

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
/// Links and images whose URL would run script are dropped (their text stays); with
/// `raw_html` false, raw HTML is shown as text instead of passed through.
pub fn to_html(markdown: &str, id_prefix: &str, raw_html: bool) -> String {
    to_html_linked(markdown, id_prefix, raw_html, &|_| None)
}

/// [`to_html`], giving every link and image the URL `rewrite` returns for it, if any
/// (links to other documents of the report by their source file: see `render::links`).
pub(crate) fn to_html_linked(
    markdown: &str,
    id_prefix: &str,
    raw_html: bool,
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> String {
    // Whether each open link or image is kept, so its end is dropped with its start.
    let mut kept: Vec<bool> = Vec::new();
    // Footnote labels become ids too: prefix them like headings so documents sharing a
    // page (the print page) keep their own footnotes.
    let mut events: Vec<Event> = Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::FootnoteReference(label) => Some(Event::FootnoteReference(
                format!("{id_prefix}{label}").into(),
            )),
            Event::Start(Tag::FootnoteDefinition(label)) => Some(Event::Start(
                Tag::FootnoteDefinition(format!("{id_prefix}{label}").into()),
            )),
            Event::Html(html) | Event::InlineHtml(html) if !raw_html => Some(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = !is_script_url(&dest_url, false);
                kept.push(keep);
                let dest_url = rewrite(&dest_url).map_or(dest_url, CowStr::from);
                keep.then_some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = !is_script_url(&dest_url, true);
                kept.push(keep);
                let dest_url = rewrite(&dest_url).map_or(dest_url, CowStr::from);
                keep.then_some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => kept.pop().unwrap_or(true).then_some(event),
            other => Some(other),
        })
        .collect();
    unique_heading_ids(&mut events, id_prefix);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // A rewritten URL starts with the root marker, which pulldown-cmark percent-encodes.
    let encoded = super::ROOT_MARKER_IN_URL;
    if out.contains(encoded) {
        out = out.replace(encoded, super::ROOT_MARKER);
    }
    out
}

/// The ids [`to_html`] gives the headings of `markdown`, without a prefix: what an
/// `#anchor` to the document may name.
pub(crate) fn heading_ids(markdown: &str) -> Vec<String> {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options())
        .filter(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading { .. })
                    | Event::End(TagEnd::Heading(_))
                    | Event::Text(_)
                    | Event::Code(_)
            )
        })
        .collect();
    unique_heading_ids(&mut events, "");
    events
        .into_iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// Gives every heading an id, unique in the document: `doel`, `doel-1`, `doel-2`. Each
/// base remembers its next number, so n equal headings cost n steps, not n².
fn unique_heading_ids(events: &mut [Event], id_prefix: &str) {
    let mut used: HashSet<String> = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
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
            if used.contains(&unique) {
                let n = next.entry(base.clone()).or_insert(1);
                loop {
                    unique = format!("{id_prefix}{base}-{n}");
                    *n += 1;
                    if !used.contains(&unique) {
                        break;
                    }
                }
            }
            used.insert(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique));
            }
            i = end;
        }
        i += 1;
    }
}

/// Whether a link (or, with `image`, an image) URL would run script when followed:
/// `javascript:`, `vbscript:`, or `data:` other than an image's `data:image/…`. Browsers
/// ignore white space and control characters in a scheme, so this does too.
pub fn is_script_url(url: &str, image: bool) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .flat_map(char::to_lowercase)
        .collect();
    if scheme.starts_with("javascript:") || scheme.starts_with("vbscript:") {
        return true;
    }
    scheme.starts_with("data:") && !(image && scheme.starts_with("data:image/"))
}

/// The links and images of a markdown text whose URL would run script, as (byte offset
/// of the link in `markdown`, URL): the loader warns about them where they stand.
pub fn script_urls(markdown: &str) -> Vec<(usize, String)> {
    // Most texts cannot hold such a URL: skip the second parse for them. Every form
    // (`javascript:`, `java&#115;cript:`, `data&colon;`) keeps one of these words.
    let lower = markdown.to_ascii_lowercase();
    if !["script", "data", "&#"].iter().any(|w| lower.contains(w)) {
        return Vec::new();
    }
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) if is_script_url(&dest_url, false) => {
                Some((range.start, dest_url.to_string()))
            }
            Event::Start(Tag::Image { dest_url, .. }) if is_script_url(&dest_url, true) => {
                Some((range.start, dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// The words of a markdown text without its markup (for the search index): text and
/// code, a space between blocks, raw HTML left out.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
pub fn inline_html(markdown: &str, raw_html: bool) -> String {
    let html = to_html(markdown, "", raw_html);
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
            true,
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
        let html = to_html("<b>ok</b> 1 < 2 & \"x\"", "", true);
        assert!(html.contains("<b>ok</b>"));
        assert!(html.contains("1 &lt; 2 &amp;"));
        let html = to_html("<b>ok</b>\n\n<div onclick=\"x()\">d</div>\n", "", false);
        assert!(html.contains("&lt;b&gt;ok&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;div onclick="), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<div"), "{html}");
    }

    #[test]
    fn plain_text_keeps_the_words() {
        assert_eq!(
            plain_text("# Doel\n\nEen *snelle* `aangifte`\nzonder <b>gedoe</b>.\n\n- a\n- b\n"),
            "Doel Een snelle aangifte zonder gedoe. a b"
        );
    }

    #[test]
    fn slugs_and_inline() {
        assert_eq!(slug("Wat is een Persona?"), "wat-is-een-persona");
        assert_eq!(slug("Één – twee"), "één-twee");
        assert_eq!(inline_html("Hello *you*", true), "Hello <em>you</em>");
    }

    #[test]
    fn script_urls_are_dropped_and_found() {
        let text = "[a](javascript:alert(1)) [b]( JavaScript:x) [c](java\tscript:x)\n\
            [d](vbscript:x) [e](data:text/html,x) ![f](data:image/png;base64,AA)\n\
            [g](&#106;avascript:x) <javascript:y> [ok](https://example.com) [rel](personas/jane/)\n\
            ![h](data:text/html,x)";
        let html = to_html(text, "", true);
        // What is left of them is text, never a link or an image.
        let lower = html.to_lowercase();
        for bad in ["javascript:", "vbscript:", "data:text"] {
            for attribute in ["href=\"", "src=\""] {
                let opened = format!("{attribute}{bad}");
                assert!(!lower.contains(&opened), "{opened}: {html}");
            }
        }
        assert_eq!(lower.matches("href=").count(), 2, "{html}");
        assert!(html.contains("src=\"data:image/png;base64,AA\""), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(
            html.contains(">a ") || html.contains("<p>a "),
            "link text stays: {html}"
        );
        let found: Vec<String> = script_urls(text).into_iter().map(|(_, u)| u).collect();
        assert_eq!(found.len(), 7, "{found:?}");
        assert_eq!(script_urls(text)[0].0, 0);
        assert!(!is_script_url("https://x/javascript:", false));
        assert!(!is_script_url("data-sheet.pdf", false));
        // Entities spelling the scheme are decoded before the check.
        let spelled = "[a](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;x)";
        assert_eq!(script_urls(spelled).len(), 1);
        assert!(!to_html(spelled, "", true).contains("href"));
        assert!(script_urls("Plain text with a [link](https://example.com).").is_empty());
    }

    #[test]
    fn thousands_of_equal_headings_take_linear_time() {
        let text = "## Same\n\n".repeat(4000);
        let started = std::time::Instant::now();
        let html = to_html(&text, "", true);
        assert!(html.contains("id=\"same-3999\""));
        assert!(html.contains("id=\"same\""));
        // Ids stay unique when an explicit id takes a generated one's place.
        let html = to_html("# A {#a-1}\n\n# A\n\n# A\n", "", true);
        assert!(
            html.contains("id=\"a-1\"") && html.contains("id=\"a\"") && html.contains("id=\"a-2\""),
            "{html}"
        );
        // Generous bound: the quadratic loop took seconds at this size.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
