//! `journeybook init`: a small report that passes `check`, to start from.

use std::fs;
use std::path::Path;

const BOOK_TOML: &str = r##"[book]
title = "Customer journeys"
authors = ["Your agency"]
description = "Personas and customer journeys"
language = "en"            # "en", "nl", "fr", "de", or any with i18n/<language>.toml

[build]
build-dir = "public"

[output.html]
accent-color = "#0b7a75"   # your client's brand colour
print = true

[journey]
model = "five"             # five, six, three, aida, conversion or a custom model
"##;

const INDEX: &str = "This report shows who our customers are (personas) and how they find, \
choose and stay with us (journeys). Each journey page has a journey map, an emotion curve and a funnel.\n";

const PERSONA: &str = r#"---
name: Jane Peeters
role: Owner of a small accountancy firm
segment: SMB
quote: "Tax season keeps me up at night."
demographics: { age: 41, location: Gent, team size: 4 }
goals: [File taxes without fines, Spend less time on admin]
pains: [Fear of mistakes, Spreadsheets outgrown]
motivations: [More evenings with her family]
channels: [Search, LinkedIn, Review sites]
tags: [b2b]
---
## Background

Jane runs a firm of four. She chooses software herself, after asking peers.

## Interview notes

- "I compare three tools at most."
- Trusts reviews from other accountants more than ads.
"#;

const JOURNEY: &str = r#"title: Jane chooses accounting software
persona: jane
summary: How Jane goes from *a fine she wants to avoid* to recommending us to peers.
period: 2026-Q3
unit: people
# Counts per period, instead of a `count` on each stage (then remove those), the last
# period being the current one; or from a CSV export: `counts: data/jane-funnel.csv`.
# counts:
#   2026-Q2: { awareness: 11000, consideration: 2900, decision: 400 }
#   2026-Q3: { awareness: 12000, consideration: 3100, decision: 450 }
stages:
  - stage: awareness
    count: 12000
    emotion: -1
    goal: Find out how to avoid a fine
    actions: [Searches the web, Asks her network on LinkedIn]
    thoughts: ["Which tools do other firms use?"]
    touchpoints:
      - name: Search ad
        channel: search
        owner: marketing
    pains: [Too many options]
    opportunities: [Comparison guide for small firms]
    content: [Blog post, YouTube explainer]
  - stage: consideration
    count: 3100
    emotion: 0
    touchpoints:
      - { name: Comparison page, channel: web }
  - stage: decision
    count: 450
    emotion: 1
    touchpoints: [Free trial]
    pains: [Unsure her data can be imported]
    kpis: { trial-to-paid: "14.5%" }
  - stage: retention
    count: 380
    emotion: 1
    touchpoints: [Onboarding emails]
  - stage: advocacy
    count: 60
    emotion: 2
    touchpoints: [Referral programme]
"#;

/// Writes the example report into `dir`; refuses when a book.toml is there already.
/// What `init` did: the files and folders it made, and the files it left alone because
/// they existed.
#[derive(Debug)]
pub struct Created {
    pub written: Vec<String>,
    pub kept: Vec<String>,
}

/// Keeps what journeybook writes out of git: the site, the PDF, a build's temporary folders.
const GITIGNORE: &str = "# journeybook: the built site, the PDF, and the temporary folders of a build\n/public/\n/report.pdf\n/.public.journeybook-*\n";

pub fn init(dir: &Path) -> Result<Created, String> {
    if dir.join("book.toml").exists() {
        return Err(format!(
            "{}: a book.toml exists already; init does not overwrite it",
            dir.join("book.toml").display()
        ));
    }
    let files = [
        ("book.toml", BOOK_TOML),
        ("content/index.md", INDEX),
        ("content/personas/jane.md", PERSONA),
        ("content/journeys/jane-chooses-software.yaml", JOURNEY),
        (".gitignore", GITIGNORE),
    ];
    let mut written = Vec::new();
    let mut kept = Vec::new();
    for (path, text) in files {
        let target = dir.join(path);
        if target.exists() {
            kept.push(path.to_string());
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
        written.push(path.to_string());
    }
    for folder in ["content/pages", "static"] {
        if !dir.join(folder).is_dir() {
            fs::create_dir_all(dir.join(folder)).map_err(|e| format!("{folder}: {e}"))?;
            written.push(format!("{folder}/"));
        }
    }
    Ok(Created { written, kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_report_passes_validation_and_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(".gitignore"), "mine\n").unwrap();
        let created = init(tmp.path()).unwrap();
        assert!(created.written.contains(&"book.toml".to_string()));
        assert_eq!(created.kept, [".gitignore"]);
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap(),
            "mine\n"
        );
        let loaded = crate::content::load(tmp.path());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let report = loaded.report.unwrap();
        assert_eq!(report.personas.len(), 1);
        assert!(report.journeys[0].has_counts());
        assert!(init(tmp.path()).unwrap_err().contains("exists already"));
    }
}
