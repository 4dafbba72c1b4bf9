//! Free pages (`pages/<id>.md`) and the overview intro (`index.md`): markdown with an
//! optional `title` in front matter.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::frontmatter;
use super::yaml::{self, Checker};
use crate::diagnostics::Diagnostic;
use crate::model::Document;

/// Reads a markdown file whose front matter may only hold `title`.
pub fn parse(file: &str, text: &str) -> (Option<Document>, Vec<Diagnostic>) {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err((line, message)) => return (None, vec![Diagnostic::error(file, line, 1, message)]),
    };
    let mut title = None;
    if let Some(front) = split.yaml {
        let value = match yaml::parse(front, file, split.yaml_line_offset) {
            Ok(v) => v,
            Err(d) => return (None, vec![d]),
        };
        if !value.is_null() {
            let mut c = Checker::new();
            if let Some(map) = c.mapping(&value, "front matter like `title: Method`") {
                c.fields(map, &["title"], "page front matter");
                title = c.optional_text(map, "title");
            }
            let diagnostics = yaml::locate(
                std::mem::take(&mut c.problems),
                front,
                file,
                split.yaml_line_offset,
            );
            if !diagnostics.is_empty() {
                return (None, diagnostics);
            }
        }
    }
    (
        Some(Document {
            title,
            body: split.body.to_string(),
        }),
        super::script_url_warnings(file, text, split.body),
    )
}

/// Text of the first heading of a markdown text, if any.
pub fn first_heading(markdown: &str) -> Option<String> {
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => {
                return Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_comes_from_front_matter_or_first_heading() {
        let (doc, d) = parse("p.md", "---\ntitle: Methode\n---\n# Other\n");
        assert!(d.is_empty());
        assert_eq!(doc.unwrap().title.as_deref(), Some("Methode"));
        assert_eq!(
            first_heading("Intro\n\n## Bronnen `x`\n").as_deref(),
            Some("Bronnen x")
        );
        assert_eq!(first_heading("no heading"), None);
    }

    #[test]
    fn only_title_is_allowed() {
        let (_, d) = parse("p.md", "---\ntitel: x\n---\n");
        assert_eq!(
            d[0].to_string(),
            "error: p.md:2:1: unknown field `titel` in page front matter (did you mean `title`?)"
        );
    }
}
