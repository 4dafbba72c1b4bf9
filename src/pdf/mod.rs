//! `journeybook pdf`: the report's print page as a client-ready PDF. The site is built
//! into a temporary folder with the print page turned on and an installed Chromium prints
//! `print/index.html` from disk ([`chromium`]); page breaks, landscape journey pages, the
//! running header and page numbers come from the theme's print CSS.
//!
//! A first print tells on which page each section starts ([`document`] reads Chromium's
//! named destinations); those numbers go into the table of contents and the page is
//! printed again (the numbers sit in fixed-width boxes, so nothing moves; a third print
//! runs if something did). The final PDF gets an outline (bookmarks) of the same sections
//! and replaces the output file only once it is complete.

mod chromium;
mod document;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;
use crate::output;
use crate::pipeline::Session;
use crate::render::print::{Section, contents, has_findings};
use crate::render::routes::Route;

pub use chromium::{CHROMIUM_ENV, find_chromium};
use document::Printed;

/// Prints before the contents' page numbers must have settled.
const MAX_PRINTS: usize = 3;

/// Why no PDF was written.
#[derive(Debug)]
pub enum Failure {
    /// The report has errors (all diagnostics of the run, warnings included).
    Content(Vec<Diagnostic>),
    /// No browser, a browser that failed, or the disk.
    Other(String),
}

/// A written PDF.
#[derive(Debug)]
pub struct Exported {
    pub path: PathBuf,
    /// Pages in the PDF.
    pub pages: usize,
    /// Warnings of the build (the PDF was written all the same).
    pub warnings: Vec<Diagnostic>,
}

/// The default output file: `report.pdf` in the report folder.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("report.pdf")
}

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self, String> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("journeybook-pdf-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create a temporary folder {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// How far an export is, told to its caller for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Loading the report and building its site.
    Building,
    /// The n-th print by Chromium (1-based; the second fills in the contents' page numbers).
    Printing(usize),
    /// Adding the outline and writing the file.
    Writing,
}

/// Builds the report at `root` and prints its print page to `out` through Chromium;
/// `phase` hears where it is.
pub fn export(root: &Path, out: &Path, phase: &dyn Fn(Phase)) -> Result<Exported, Failure> {
    let out = absolute(out);
    // The PDF is renamed over `out`: never over a folder, a device (`-o /dev/null`) or
    // anything else that is not a plain file.
    match fs::metadata(&out) {
        Ok(meta) if meta.is_dir() => {
            return Err(Failure::Other(format!(
                "output `{}` is a folder; give a file name such as report.pdf",
                out.display()
            )));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Failure::Other(format!(
                "output `{}` exists and is not a file (a device, socket or pipe); nothing was changed",
                out.display()
            )));
        }
        _ => {}
    }
    let chromium = find_chromium().map_err(Failure::Other)?;

    phase(Phase::Building);
    let mut session = Session::once(root);
    let mut loaded = session.load(&[]).map_err(Failure::Content)?;
    // The PDF is the print page, also for reports that leave it out of their site.
    loaded.report.config.print = true;
    let sections = contents(&loaded.report, has_findings(&loaded.report));

    let tmp = TempDir::new().map_err(Failure::Other)?;
    let site = tmp.0.join("site");
    let mut warnings = Vec::new();
    match output::replace(&site, |sink| {
        warnings = session.render(loaded, sink)?;
        Ok(())
    }) {
        Ok(()) => {}
        Err(output::Failure::Content(all)) => return Err(Failure::Content(all)),
        Err(output::Failure::Io(e)) => {
            return Err(Failure::Other(format!(
                "cannot write the site to {}: {e}",
                site.display()
            )));
        }
    }

    let page = site.join(Route::Print.path());
    let pdf = tmp.0.join("report.pdf");
    let mut printed = print_numbered(&chromium, &page, &pdf, &tmp.0, &sections, phase)?;
    phase(Phase::Writing);
    let destinations = printed.destinations().map_err(Failure::Other)?;
    printed
        .add_outline(&sections, &destinations)
        .map_err(Failure::Other)?;
    let pages = printed.page_count();
    let bytes = printed.save().map_err(Failure::Other)?;

    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", parent.display())))?;
    }
    // Write beside the output, then rename: the previous PDF stays whole until then.
    let partial = out.with_extension("pdf.journeybook-partial");
    fs::write(&partial, &bytes)
        .and_then(|()| fs::rename(&partial, &out))
        .map_err(|e| {
            let _ = fs::remove_file(&partial);
            Failure::Other(format!("cannot write {}: {e}", out.display()))
        })?;
    Ok(Exported {
        path: out,
        pages,
        warnings,
    })
}

/// Prints `page` until the page numbers in its table of contents are those of the PDF.
fn print_numbered(
    chromium: &Path,
    page: &Path,
    pdf: &Path,
    tmp: &Path,
    sections: &[Section],
    phase: &dyn Fn(Phase),
) -> Result<Printed, Failure> {
    let html = fs::read_to_string(page)
        .map_err(|e| Failure::Other(format!("cannot read the print page: {e}")))?;
    let mut written: BTreeMap<String, usize> = BTreeMap::new();
    for pass in 1..=MAX_PRINTS {
        phase(Phase::Printing(pass));
        chromium::print_to_pdf(chromium, page, pdf, tmp).map_err(Failure::Other)?;
        let bytes = fs::read(pdf)
            .map_err(|e| Failure::Other(format!("cannot read the PDF Chromium wrote: {e}")))?;
        let printed = Printed::load(&bytes).map_err(Failure::Other)?;
        let starts = section_pages(&printed, sections).map_err(Failure::Other)?;
        if starts == written {
            return Ok(printed);
        }
        fs::write(page, with_page_numbers(&html, &starts))
            .map_err(|e| Failure::Other(format!("cannot write the print page: {e}")))?;
        written = starts;
    }
    Err(Failure::Other(format!(
        "the table of contents' page numbers kept moving after {MAX_PRINTS} prints; \
         a theme that changes the contents' layout with its numbers can cause this"
    )))
}

/// The page each section (and sub-section) starts on, by its id.
fn section_pages(
    printed: &Printed,
    sections: &[Section],
) -> Result<BTreeMap<String, usize>, String> {
    let destinations = printed.destinations()?;
    let mut pages = BTreeMap::new();
    let mut stack: Vec<&Section> = sections.iter().collect();
    while let Some(s) = stack.pop() {
        if let Some(d) = destinations.get(&s.id) {
            pages.insert(s.id.clone(), d.page);
        }
        stack.extend(&s.children);
    }
    Ok(pages)
}

/// The print page with each `<span data-toc-page="ID">` of its table of contents holding
/// the page that section starts on (empty when it has none).
fn with_page_numbers(html: &str, pages: &BTreeMap<String, usize>) -> String {
    const ATTRIBUTE: &str = "data-toc-page=\"";
    const CLOSE: &str = "</span>";
    let mut out = String::with_capacity(html.len() + pages.len() * 4);
    let mut rest = html;
    while let Some(at) = rest.find(ATTRIBUTE) {
        let after = &rest[at + ATTRIBUTE.len()..];
        let (Some(quote), Some(close)) = (after.find('"'), after.find(CLOSE)) else {
            break;
        };
        let Some(gt) = after[quote..close].find('>').map(|g| quote + g) else {
            break;
        };
        let id = &after[..quote];
        out.push_str(&rest[..at + ATTRIBUTE.len()]);
        out.push_str(&after[..=gt]);
        if let Some(page) = pages.get(id) {
            out.push_str(&page.to_string());
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// An absolute path without `.` parts (the file may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_fill_the_contents_and_replace_earlier_ones() {
        let html = r##"<a href="#a"><span class="toc-page" data-toc-page="a"></span></a><a href="#b"><span class="toc-page" data-toc-page="b">9</span></a><span data-toc-page="c"></span>"##;
        let pages = BTreeMap::from([("a".to_string(), 3), ("b".to_string(), 12)]);
        assert_eq!(
            with_page_numbers(html, &pages),
            r##"<a href="#a"><span class="toc-page" data-toc-page="a">3</span></a><a href="#b"><span class="toc-page" data-toc-page="b">12</span></a><span data-toc-page="c"></span>"##
        );
        assert_eq!(with_page_numbers("no contents", &pages), "no contents");
    }
}
