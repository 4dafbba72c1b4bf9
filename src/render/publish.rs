//! Files for a site on a public host: `sitemap.xml` when the report knows its address
//! (`site-url`), `robots.txt` when it asks search engines to keep out (`noindex`). Both
//! come from the report alone, without dates, so the same input gives the same bytes.

use super::routes::Route;
use crate::model::Report;

/// Every page of the site that a visitor may land on, in a fixed order: the overview,
/// personas, journeys, free pages, then the print page.
pub(super) fn page_routes(report: &Report) -> Vec<Route<'_>> {
    let mut routes = vec![Route::Overview];
    routes.extend(report.personas.iter().map(|p| Route::Persona(&p.id)));
    routes.extend(report.journeys.iter().map(|j| Route::Journey(&j.id)));
    routes.extend(report.pages.iter().map(|p| Route::Page(&p.id)));
    if report.config.print {
        routes.push(Route::Print);
    }
    routes
}

/// `sitemap.xml` (sitemaps.org 0.9): each page's address under `site_url`. No `lastmod`:
/// the build time would make every build differ, and the report has no better date.
pub(super) fn sitemap(report: &Report, site_url: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for route in page_routes(report) {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&route.url(site_url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt` for a confidential report: every crawler, nothing allowed.
pub(super) const ROBOTS_NOINDEX: &str = "User-agent: *\nDisallow: /\n";

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(
            escape_xml("https://x.com/a&b/'c'"),
            "https://x.com/a&amp;b/&apos;c&apos;"
        );
    }
}
