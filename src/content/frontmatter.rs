//! Splitting `---` YAML front matter from a markdown body, by hand: pulldown-cmark's
//! metadata option would also swallow a later `---` (a thematic break) in the body.

/// A markdown file cut into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// Lines before the YAML's first line (to shift YAML positions to file positions).
    pub yaml_line_offset: usize,
    pub body: &'a str,
}

/// Splits `text`; an opening fence without a closing one is an error (1-based line).
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_line_offset: 0,
            body: text,
        });
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: Some(&text[start..offset]),
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "front matter is not closed: add a line `---` after it".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_later_rules_in_the_body() {
        let s = split("---\nname: Jane\n---\nText\n\n---\n\nMore\n").unwrap();
        assert_eq!(s.yaml, Some("name: Jane\n"));
        assert_eq!(s.body, "Text\n\n---\n\nMore\n");
        assert_eq!(s.yaml_line_offset, 1);
    }

    #[test]
    fn files_without_front_matter_are_all_body() {
        let s = split("# Title\n\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# Title\n\n---\n");
    }

    #[test]
    fn crlf_bom_and_empty_front_matter() {
        let s = split("\u{feff}---\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, Some(""));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\nname: x\n").is_err());
    }
}
