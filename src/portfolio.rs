//! `portfolio`: an agency's client reports, side by side. Every folder below a folder that
//! holds a book.toml is built, in parallel, into `OUT/<folder>/` through the same atomic
//! output as `build` (a broken report keeps its previous output and stops no other), and
//! `OUT/index.html` lists them with their key numbers. Diagnostics name files relative to
//! the portfolio folder, so each says which report it is about.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::funnel::Funnel;
use crate::model::Report;
use crate::output;
use crate::pipeline::Session;
use crate::render::context::{Contexts, JourneySummary};
use crate::render::routes::Route;

/// One report of the portfolio, as its index shows it.
pub struct Entry {
    /// Its folder relative to the portfolio folder, with `/`; also its place in OUT.
    pub folder: String,
    /// What the report says of itself, when it loaded.
    pub about: Option<About>,
    /// Whether this run built it.
    pub built: bool,
    /// Whether OUT holds a build of it (this run's or an earlier one).
    pub has_output: bool,
}

/// What the index shows of a report that loaded.
pub struct About {
    pub title: String,
    pub date: Option<String>,
    /// The logo's path in the report's output.
    pub logo: Option<String>,
    pub personas: usize,
    pub(crate) journeys: Vec<JourneySummary>,
}

/// A portfolio run: every report, and every diagnostic (paths relative to the portfolio).
pub struct Outcome {
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn failed(&self) -> usize {
        self.entries.iter().filter(|e| !e.built).count()
    }
}

/// The report folders below `dir` (not `dir` itself), sorted: folders holding a book.toml.
/// Hidden folders, `node_modules`, `target` and `out` are skipped, and so are folders
/// inside a report.
pub fn find_reports(dir: &Path, out: &Path) -> Vec<PathBuf> {
    let out = out.canonicalize().ok();
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut children: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                !name.starts_with('.') && name != "node_modules" && name != "target"
            })
            .map(|e| e.path())
            .filter(|p| out.is_none() || p.canonicalize().ok() != out)
            .collect();
        children.sort();
        for child in children.into_iter().rev() {
            if child.join(crate::config::FILE).is_file() {
                found.push(child);
            } else {
                stack.push(child);
            }
        }
    }
    found.sort();
    found
}

/// Builds every report below `dir` into `out`, in parallel, then writes `out/index.html`.
pub fn build(dir: &Path, out: &Path) -> Outcome {
    let reports = find_reports(dir, out);
    let results: Vec<(Entry, Vec<Diagnostic>)> = reports
        .par_iter()
        .map(|root| build_one(dir, root, out))
        .collect();
    let mut entries = Vec::new();
    let mut all = Vec::new();
    for (entry, found) in results {
        entries.push(entry);
        all.extend(found);
    }
    diagnostics::sort(&mut all);
    if let Err(e) = write_index(out, &entries) {
        all.push(Diagnostic::file_error(
            "index.html",
            format!("cannot write the portfolio index: {e}"),
        ));
    }
    Outcome {
        entries,
        diagnostics: all,
    }
}

fn build_one(dir: &Path, root: &Path, out: &Path) -> (Entry, Vec<Diagnostic>) {
    let folder = crate::paths::slash(root.strip_prefix(dir).unwrap_or(root));
    let target = out.join(&folder);
    let mut session = Session::once(root);
    let mut about = None;
    let mut built = false;
    let mut found = match session.load(&[]) {
        Err(problems) => problems,
        Ok(loaded) => {
            about = Some(about_of(&loaded.report));
            let mut found = loaded.warnings.clone();
            let written = output::check_target(root, &target)
                .map(|()| output::replace(&target, |sink| session.render(loaded, sink).map(drop)));
            match written {
                Err(message) => found.push(Diagnostic::file_error(".", message)),
                Ok(Ok(())) => built = true,
                // The render's problems include the load's warnings.
                Ok(Err(output::Failure::Content(all))) => found = all,
                Ok(Err(output::Failure::Io(e))) => found.push(Diagnostic::file_error(
                    ".",
                    format!("cannot write {}: {e}", target.display()),
                )),
            }
            found
        }
    };
    for d in &mut found {
        d.file = if d.file == "." {
            folder.clone()
        } else {
            format!("{folder}/{}", d.file)
        };
    }
    let has_output = target.join(Route::Overview.path()).is_file();
    let entry = Entry {
        folder,
        about,
        built,
        has_output,
    };
    (entry, found)
}

fn about_of(report: &Report) -> About {
    let contexts = Contexts::new(report);
    let journeys = report
        .journeys
        .iter()
        .map(|j| contexts.journey_summary(j, Funnel::of(j).as_ref()))
        .collect();
    About {
        title: report.config.title.clone(),
        date: report.config.date.clone(),
        logo: report
            .config
            .logo
            .as_deref()
            .map(|p| Route::Asset(&crate::paths::slash(p)).path()),
        personas: report.personas.len(),
        journeys,
    }
}

/// Writes `out/index.html` through a temporary file, so a reader never sees half of it.
fn write_index(out: &Path, entries: &[Entry]) -> std::io::Result<()> {
    fs::create_dir_all(out)?;
    let html = index_html(entries);
    let temporary = out.join(".index.html.journeybook-new");
    fs::write(&temporary, html)?;
    fs::rename(&temporary, out.join("index.html"))
}

/// The portfolio's index: a card per report with its logo, title, date, counts and each
/// journey's key numbers. Same reports, same bytes: no build times.
pub fn index_html(entries: &[Entry]) -> String {
    let mut html = String::from(INDEX_HEAD);
    html.push_str(&format!(
        "<main>\n<h1>Reports</h1>\n<p class=\"lead\">{}</p>\n<ul class=\"reports\">\n",
        plural(entries.len(), "report")
    ));
    for e in entries {
        html.push_str(&card(e));
    }
    html.push_str("</ul>\n</main>\n</body>\n</html>\n");
    html
}

fn card(e: &Entry) -> String {
    let folder = escape(&e.folder);
    let href = format!("{folder}/index.html");
    let title = e
        .about
        .as_ref()
        .map_or_else(|| folder.clone(), |a| escape(&a.title));
    let mut html = String::from("<li class=\"report\">\n");
    if let Some(logo) = e.about.as_ref().and_then(|a| a.logo.as_deref()) {
        html.push_str(&format!(
            "<img class=\"logo\" src=\"{folder}/{}\" alt=\"\">\n",
            escape(logo)
        ));
    }
    if e.has_output {
        html.push_str(&format!("<h2><a href=\"{href}\">{title}</a></h2>\n"));
    } else {
        html.push_str(&format!("<h2>{title}</h2>\n"));
    }
    html.push_str(&format!("<p class=\"folder\">{folder}/</p>\n"));
    if !e.built {
        let note = if e.has_output {
            "Did not build: showing the previous build. See the diagnostics of the run."
        } else {
            "Did not build, and there is no earlier build. See the diagnostics of the run."
        };
        html.push_str(&format!("<p class=\"failed\">{note}</p>\n"));
    }
    if let Some(a) = &e.about {
        let mut meta = Vec::new();
        if let Some(date) = &a.date {
            meta.push(escape(date));
        }
        meta.push(plural(a.personas, "persona"));
        meta.push(plural(a.journeys.len(), "journey"));
        html.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join(" · ")));
        if a.journeys.iter().any(|j| j.funnel.is_some()) {
            html.push_str(&journey_table(&folder, &a.journeys));
        }
    }
    html.push_str("</li>\n");
    html
}

fn journey_table(folder: &str, journeys: &[JourneySummary]) -> String {
    let mut html = String::from("<ul class=\"journeys\">\n");
    for j in journeys {
        let Some(f) = &j.funnel else { continue };
        let mut numbers = vec![format!("first stage <b>{}</b>", escape(&f.first))];
        if let Some(overall) = &f.overall {
            numbers.push(format!("overall <b>{}</b>", escape(overall)));
        }
        match (&f.biggest_stage, &f.biggest_step) {
            (Some(stage), Some(step)) => numbers.push(format!(
                "biggest drop <b>{}</b> ({} step conversion)",
                escape(stage),
                escape(step)
            )),
            (Some(stage), None) => numbers.push(format!("biggest drop <b>{}</b>", escape(stage))),
            _ => {}
        }
        html.push_str(&format!(
            "<li><a href=\"{folder}/{}\">{}</a><span class=\"numbers\">{}</span></li>\n",
            escape(&j.url),
            escape(&j.title),
            numbers.join(" · ")
        ));
    }
    html.push_str("</ul>\n");
    html
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const INDEX_HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reports</title>
<meta name="generator" content="journeybook">
<meta name="robots" content="noindex">
<style>
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2933; background: #f5f7fa; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 2rem; margin: 0 0 .2rem; }
.lead { color: #52606d; margin: 0 0 1.5rem; }
.reports { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr)); gap: 1.25rem; }
.report { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 1.1rem 1.25rem; min-width: 0; }
.report h2 { font-size: 1.2rem; margin: 0; line-height: 1.3; }
.report a { color: #0b6b66; }
.logo { height: 2.5rem; width: auto; max-width: 10rem; float: right; margin: 0 0 .5rem 1rem; }
.folder { margin: .2rem 0 0; font-size: .85rem; color: #52606d; overflow-wrap: anywhere; }
.meta { margin: .5rem 0 .75rem; font-size: .95rem; }
.failed { margin: .6rem 0; padding: .45rem .7rem; border-left: 4px solid #b42318; background: #fef3f2; color: #7a271a; font-size: .9rem; }
.journeys { list-style: none; margin: 0; padding: 0; clear: both; border-top: 1px solid #d9e2ec; }
.journeys li { padding: .5rem 0; border-bottom: 1px solid #d9e2ec; }
.journeys a { font-weight: 600; }
.numbers { display: block; font-size: .875rem; color: #52606d; font-variant-numeric: tabular-nums; }
.numbers b { color: #1f2933; font-weight: 600; }
</style>
</head>
<body>
"#;
