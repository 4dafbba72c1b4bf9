//! The print page: the client deliverable on one page, for printing or a PDF: a cover, a
//! table of contents, the introduction, then every persona and journey. It is streamed to
//! the sink: the head first, then the sections of each batch of personas as they are
//! rendered, then the tail, so a large report is never whole in memory.
//!
//! [`contents`] lists its sections once, for the table of contents, the running header of
//! each printed section and the PDF's outline (`journeybook pdf` fills in page numbers).

use std::sync::Arc;

use serde::Serialize;

use super::Renderer;
use super::context::Contexts;
use super::findings;
use super::group::Group;
use super::memo::{Emitter, Memo};
use super::routes::Route;
use crate::diagnostics::Diagnostic;
use crate::funnel::Funnel;
use crate::model::Report;
use crate::site::{Pieces, Sink};

/// Where the introduction (content/index.md) starts on the print page.
pub(crate) const INTRO_ID: &str = "print-intro";
/// Where the key findings start on the print page.
pub(crate) const FINDINGS_ID: &str = "print-findings";
/// Where the overview's comparison of personas and journeys starts on the print page.
pub(crate) const COMPARISON_ID: &str = "print-comparison";

/// A section of the print page: the table of contents lists it, a printed page of it
/// carries its title in the running header, and the PDF's outline has an entry for it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// Its element id on the print page (the target of the contents' link).
    pub id: String,
    pub title: String,
    /// Printed on landscape pages (journey maps are wide).
    pub landscape: bool,
    /// The running header as a CSS string literal, quotes included, safe inside `<style>`.
    pub header_css: String,
    /// Sections under it: a persona's journeys.
    pub children: Vec<Section>,
}

/// Whether the report's key findings have anything to say (then the print page has them).
pub(crate) fn has_findings(report: &Report) -> bool {
    let funnels: Vec<_> = report.journeys.iter().map(|j| Funnel::of(j)).collect();
    !findings::findings(&Contexts::new(report), &funnels).is_empty()
}

/// The print page's sections in order: the introduction, the key findings (when
/// `findings`), the comparison of personas and journeys, each persona with its journeys, then the free pages.
pub(crate) fn contents(report: &Report, findings: bool) -> Vec<Section> {
    let t = |key: &str| report.config.language.ui(key);
    let report_title = &report.config.title;
    let section = |id: String, title: &str, landscape: bool, children: Vec<Section>| Section {
        header_css: css_string(&format!("{report_title} · {title}")),
        id,
        title: title.to_string(),
        landscape,
        children,
    };
    let mut sections = Vec::new();
    if let Some(index) = report.index.as_ref().filter(|d| !d.body.trim().is_empty()) {
        // The index's title is usually the report's, already on the cover.
        let title = index
            .title
            .as_deref()
            .filter(|title| title != report_title)
            .unwrap_or(t("introduction"));
        sections.push(section(INTRO_ID.into(), title, false, Vec::new()));
    }
    if findings {
        sections.push(section(
            FINDINGS_ID.into(),
            t("findings"),
            false,
            Vec::new(),
        ));
    }
    if !report.personas.is_empty() {
        sections.push(section(
            COMPARISON_ID.into(),
            t("comparison"),
            false,
            Vec::new(),
        ));
    }
    let mut journeys_of: std::collections::BTreeMap<&str, Vec<&crate::model::Journey>> =
        std::collections::BTreeMap::new();
    for j in &report.journeys {
        journeys_of.entry(&j.persona).or_default().push(j);
    }
    for p in &report.personas {
        let journeys = journeys_of
            .get(p.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let children = journeys
            .iter()
            .map(|j| section(format!("journey-{}", j.id), &j.title, true, Vec::new()))
            .collect();
        sections.push(section(
            format!("persona-{}", p.id),
            &p.name,
            false,
            children,
        ));
    }
    for page in &report.pages {
        sections.push(section(
            format!("page-{}", page.id),
            &page.title,
            false,
            Vec::new(),
        ));
    }
    sections
}

/// `text` as a CSS string literal that cannot end the string or the `<style>` element:
/// quotes, backslashes, `<` and control characters become CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:X} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Stands in the print page for the persona and journey sections, which are rendered in
/// parallel as fragments and spliced in.
const SECTIONS_MARKER: &str = "<!--journeybook:print-sections-->";

/// The print page being written, when the report has one and it could be opened.
pub(super) struct PrintPage<'s> {
    /// The pieces written so far, and the tail that closes the page.
    open: Option<(Box<dyn Pieces + 's>, String)>,
}

impl<'s> PrintPage<'s> {
    /// Opens the print page and writes its head (nothing when the report has no print
    /// page); a problem goes to `errors`.
    pub(super) fn open(
        r: &Renderer,
        sink: &'s dyn Sink,
        memo: &Memo,
        errors: &mut Vec<Diagnostic>,
    ) -> Self {
        if !r.report.config.print {
            return PrintPage { open: None };
        }
        let opened = r.print_shell(memo).and_then(|(head, tail)| {
            let mut pieces = sink.open(&Route::Print.path()).map_err(file_error)?;
            pieces.push(Arc::new(head)).map_err(file_error)?;
            Ok((pieces, tail))
        });
        match opened {
            Ok(open) => PrintPage { open: Some(open) },
            Err(d) => {
                errors.push(d);
                PrintPage { open: None }
            }
        }
    }

    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Appends sections, in order.
    pub(super) fn write(&mut self, sections: Vec<Arc<String>>) -> Result<(), Diagnostic> {
        match &mut self.open {
            Some((pieces, _)) => sections
                .into_iter()
                .try_for_each(|s| pieces.push(s))
                .map_err(file_error),
            None => Ok(()),
        }
    }

    /// Appends the last sections and the tail, and closes the page.
    pub(super) fn finish(mut self, sections: Vec<Arc<String>>, errors: &mut Vec<Diagnostic>) {
        if let Err(d) = self.write(sections) {
            errors.push(d);
        }
        if let Some((mut pieces, tail)) = self.open
            && let Err(e) = pieces.push(Arc::new(tail)).and_then(|()| pieces.finish())
        {
            errors.push(file_error(e));
        }
    }
}

/// A problem writing the print page.
fn file_error(e: String) -> Diagnostic {
    Diagnostic::file_error(Route::Print.path(), e)
}

impl Renderer<'_> {
    /// The print page around its sections: what comes before and after them.
    fn print_shell(&self, memo: &Memo) -> Result<(String, String), Diagnostic> {
        let mut ctx = tera::Context::new();
        let index = self.report.index.as_ref();
        let intro_html = index
            .filter(|d| !d.body.trim().is_empty())
            .and_then(|_| self.contexts.intro_html());
        // An introduction with its own h1 needs no heading above it.
        let has_title = intro_html.as_ref().is_some_and(|h| h.contains("<h1"));
        ctx.insert("intro_html", &intro_html);
        ctx.insert("intro_has_title", &has_title);
        let contents = contents(self.report, self.has_findings);
        let intro_heading = contents
            .first()
            .filter(|s| s.id == INTRO_ID)
            .map(|s| s.title.as_str());
        ctx.insert("intro_heading", &intro_heading);
        ctx.insert_value("findings", self.findings.clone());
        ctx.insert("findings_id", FINDINGS_ID);
        let summaries = self.journey_summaries(memo);
        let cards = self.persona_cards(memo, &summaries);
        self.insert_comparison(&mut ctx, &summaries, &cards);
        ctx.insert("comparison_id", COMPARISON_ID);
        ctx.insert("sections", SECTIONS_MARKER);
        ctx.insert("contents", &contents);
        ctx.insert("intro_id", INTRO_ID);
        ctx.insert("pages", &self.pages);
        let shell = self.fragment("print.html", ctx)?;
        let (head, tail) = shell.split_once(SECTIONS_MARKER).unwrap_or((&shell, ""));
        Ok((head.to_string(), tail.to_string()))
    }

    /// A persona's print section and its journeys', in order.
    pub(super) fn print_sections(
        &self,
        group: &Group,
        emit: &mut Emitter,
    ) -> Result<Vec<Arc<String>>, Diagnostic> {
        let root = Route::Print.root();
        let mut sections = Vec::with_capacity(1 + group.journeys.len());
        let key = format!("persona:{}", group.persona.id);
        let fp = self.fp.persona_section(group.i);
        sections.push(emit.section(key, fp, || {
            let mut ctx = tera::Context::new();
            ctx.insert_value("persona", group.persona_value().clone());
            ctx.insert("profile_html", &group.profile(&root)?);
            self.fragment("partials/print_persona.html", ctx)
        })?);
        for (k, &j) in group.journeys.iter().enumerate() {
            let key = format!("journey:{}", self.report.journeys[j].id);
            sections.push(emit.section(key, self.journey_fp(j), || {
                let mut ctx = tera::Context::new();
                ctx.insert_value("j", group.journey_value(k).clone());
                ctx.insert("map_html", &group.map(k, &root)?);
                self.fragment("partials/print_journey.html", ctx)
            })?);
        }
        Ok(sections)
    }

    /// The print page, or one section of it.
    fn fragment(&self, template: &str, ctx: tera::Context) -> Result<String, Diagnostic> {
        let route = Route::Print;
        self.render(
            template,
            route,
            &route.root(),
            &self.report.config.title,
            ctx,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        assert_eq!(css_string("Kiwi · Els"), "\"Kiwi · Els\"");
        assert_eq!(
            css_string("a\"b\\c</style>\nd"),
            "\"a\\22 b\\5C c\\3C /style\\3E \\A d\""
        );
    }
}
