//! Files copied as they are: the report's `static/` folder to the output root, a logo or
//! photos kept outside it under `media/`, and the theme's assets under `theme/`. None may
//! replace a file the build generates.

use std::path::Path;
use std::sync::Arc;

use super::routes::Route;
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::model::Report;
use crate::paths;
use crate::site::Sink;

/// Copies static files, logo and photos, and the theme's assets into `sink`.
pub(super) fn copy(report: &Report, theme: &Theme, sink: &dyn Sink, errors: &mut Vec<Diagnostic>) {
    let root = &report.root;
    for (from, out) in wanted(report, errors) {
        if is_generated(report, &out) {
            errors.push(Diagnostic::file_error(
                from,
                format!("would overwrite the generated file `{out}`; rename it"),
            ));
            continue;
        }
        match std::fs::read(root.join(&from)) {
            Ok(bytes) => {
                if let Err(e) = sink.put(out, Arc::new(bytes)) {
                    errors.push(Diagnostic::file_error(from, e));
                }
            }
            Err(e) => errors.push(Diagnostic::file_error(from, format!("cannot read: {e}"))),
        }
    }
    for (path, bytes) in &theme.assets {
        if let Err(e) = sink.put(path.clone(), bytes.clone()) {
            errors.push(Diagnostic::file_error(path, e));
        }
    }
}

/// The problems of the report's `static/` folder (unreadable entries, links out of the
/// report), for when the build stops before copying it.
pub(super) fn problems(root: &Path) -> Vec<Diagnostic> {
    static_files(root).1
}

fn static_files(root: &Path) -> (Vec<(String, std::path::PathBuf)>, Vec<Diagnostic>) {
    crate::walk::files(root, &root.join("static"), "static")
}

/// What to copy: (path in the report folder, output path), for `static/`, then the logo
/// and photos kept elsewhere.
fn wanted(report: &Report, errors: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let (found, mut problems) = static_files(&report.root);
    errors.append(&mut problems);
    let mut wanted: Vec<(String, String)> = found
        .into_iter()
        .map(|(rel, _)| {
            let from = format!("static/{rel}");
            let out = Route::Asset(&from).path();
            (from, out)
        })
        .collect();
    let extra = report
        .config
        .logo
        .iter()
        .map(|p| paths::slash(p))
        .chain(report.personas.iter().filter_map(|p| p.photo.clone()));
    for path in extra {
        let path = paths::relative_inside(&path)
            .map(|p| paths::slash(&p))
            .unwrap_or(path);
        if !path.starts_with("static/") && !wanted.iter().any(|(from, _)| *from == path) {
            let out = Route::Asset(&path).path();
            wanted.push((path, out));
        }
    }
    wanted
}

/// The files copied into the site: (path in the report folder, output path).
pub(super) fn sources(report: &Report) -> Vec<(String, String)> {
    wanted(report, &mut Vec::new())
}

/// Whether the build generates the output path `out` itself, so no static file may
/// replace it.
pub(super) fn is_generated(report: &Report, out: &str) -> bool {
    match Route::parse(out) {
        Some(Route::Overview | Route::NotFound | Route::Theme(_)) => true,
        Some(Route::Print) => report.config.print,
        Some(Route::Sitemap) => report.config.site_url.is_some(),
        Some(Route::Robots) => report.config.noindex,
        Some(Route::SearchIndex) => report.config.search,
        Some(Route::Persona(id)) => report.persona(id).is_some(),
        Some(Route::Journey(id)) => report.journeys.iter().any(|j| j.id == id),
        Some(Route::Funnel(id) | Route::FunnelNarrow(id)) => {
            report.journeys.iter().any(|j| j.id == id && j.has_counts())
        }
        Some(Route::Trend(id) | Route::TrendNarrow(id)) => {
            report.journeys.iter().any(|j| j.id == id && j.has_trend())
        }
        Some(Route::Page(id)) => report.pages.iter().any(|p| p.id == id),
        Some(Route::Asset(_)) | None => false,
    }
}
