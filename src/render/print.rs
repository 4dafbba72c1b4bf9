//! The print page: every persona and journey on one page, for printing or a PDF. It is
//! streamed to the sink: the head first, then the sections of each batch of personas as
//! they are rendered, then the tail, so a large report is never whole in memory.

use std::sync::Arc;

use super::group::Group;
use super::memo::Emitter;
use super::routes::Route;
use super::{Renderer, markdown};
use crate::diagnostics::Diagnostic;
use crate::site::{Pieces, Sink};

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
    pub(super) fn open(r: &Renderer, sink: &'s dyn Sink, errors: &mut Vec<Diagnostic>) -> Self {
        if !r.report.config.print {
            return PrintPage { open: None };
        }
        let opened = r.print_shell().and_then(|(head, tail)| {
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
    fn print_shell(&self) -> Result<(String, String), Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "intro_html",
            &self
                .report
                .index
                .as_ref()
                .map(|d| markdown::to_html(&d.body, "intro-", self.report.config.raw_html)),
        );
        ctx.insert("sections", SECTIONS_MARKER);
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
