//! The theme: Tera templates and static assets. The default theme (themes/default/) is
//! embedded in the binary; a report's `themes/<name>/` replaces any file of it, one by one.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::render::routes::Route;
use crate::site::Bytes;

/// Files of the built-in theme, relative to themes/default/ (listed by build.rs).
const DEFAULT: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

pub(crate) struct Theme {
    pub tera: Tera,
    /// Output path ([`Route::Theme`]) → bytes.
    pub assets: BTreeMap<String, Bytes>,
}

/// The theme files of a report: the embedded default, overridden by `themes/<name>/`.
pub(crate) fn files(root: &Path, name: &str) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    let dir = root.join("themes").join(name);
    let (found, mut diagnostics) = crate::walk::files(root, &dir, &format!("themes/{name}"));
    for (rel, path) in found {
        let shown = format!("themes/{name}/{rel}");
        match std::fs::read(&path) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => diagnostics.push(Diagnostic::file_error(shown, format!("cannot read: {e}"))),
        }
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(diagnostics)
    }
}

/// Compiles theme files (from [`files`]) into templates and assets, once; `global` values
/// (site, strings, nav) are shared by all pages.
pub(crate) fn compile(
    name: &str,
    files: BTreeMap<String, Vec<u8>>,
    global: tera::Context,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut assets = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (rel, bytes) in files {
        if let Some(template) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => templates.push((template.to_string(), text)),
                Err(_) => diagnostics.push(Diagnostic::file_error(
                    format!("themes/{name}/{rel}"),
                    "template is not valid UTF-8",
                )),
            }
        } else if let Some(asset) = rel.strip_prefix("static/") {
            assets.insert(Route::Theme(asset).path(), Arc::new(bytes));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".svg", ".xml"]);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        return Err(vec![template_diagnostic(name, &e, "")]);
    }
    tera.global_context().extend(global);
    Ok(Theme { tera, assets })
}

/// A template error as a diagnostic at the template's line and column when Tera knows them
/// (syntax and rendering errors), else at the templates folder. `doing` prefixes the
/// message, e.g. "cannot render personas/jane/index.html: ".
pub(crate) fn template_diagnostic(theme: &str, error: &tera::Error, doing: &str) -> Diagnostic {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(tera_error) = e.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera_error.kind()
        {
            let span = report.span();
            return Diagnostic::error(
                format!("themes/{theme}/templates/{}", report.filename()),
                span.start_line,
                span.start_col + 1,
                format!("{doing}{}", report.message()),
            );
        }
        current = e.source();
    }
    // Some errors (an unknown filter or include) carry Tera's report only as text.
    let text = template_error_lines(error);
    if let Some((message, file, line, column)) = located_report(&text) {
        return Diagnostic::error(
            format!("themes/{theme}/templates/{file}"),
            line,
            column,
            format!("{doing}{message}"),
        );
    }
    Diagnostic::file_error(
        format!("themes/{theme}/templates"),
        format!("{doing}{}", template_error(error)),
    )
}

/// The error and its causes, one per line, as Tera wrote them.
fn template_error_lines(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push('\n');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// From Tera's text report (`error: MESSAGE` then ` --> FILE:LINE:COL`): the message and
/// where it points (line and column 1-based, as ours).
fn located_report(text: &str) -> Option<(String, String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("--> "))?;
    let location = lines[at].trim_start().strip_prefix("--> ")?;
    let mut parts = location.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let file = parts.next()?.trim().to_string();
    let message = lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())?;
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string();
    Some((message, file, line, column))
}

/// A Tera error with its causes, on one line.
pub(crate) fn template_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_compiles() {
        let files = files(Path::new("/nonexistent"), "default").unwrap();
        let theme = compile("default", files, tera::Context::new()).unwrap();
        assert!(theme.assets.contains_key("theme/style.css"));
        assert!(theme.tera.get_template_names().any(|n| n == "journey.html"));
    }

    /// Where compiling one broken template points.
    fn compile_error(template: &str) -> String {
        let files =
            BTreeMap::from([("templates/x.html".to_string(), template.as_bytes().to_vec())]);
        match compile("t", files, tera::Context::new()) {
            Ok(_) => panic!("`{template}` compiled"),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn template_errors_point_at_file_line_and_column() {
        let cases = [
            (
                "<p>\n{{ name  {% if x %}{% endif %}",
                "themes/t/templates/x.html:2:10:",
            ),
            (
                "<p>\n{{ name | nosuchfilter }}",
                "themes/t/templates/x.html:2:11: Unknown filter",
            ),
            (
                "{% include \"nope.html\" %}",
                "themes/t/templates/x.html:1:12: Unknown template",
            ),
        ];
        for (template, expected) in cases {
            let error = compile_error(template);
            assert!(error.contains(expected), "{template:?}: {error}");
            assert!(!error.contains('\n') && !error.contains("-->"), "{error}");
        }
    }
}
