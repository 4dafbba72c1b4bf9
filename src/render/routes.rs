//! Where every file of the site goes: the one place output paths and URLs are spelt.
//!
//! A page's URL is its output path relative to the site root, so templates link with
//! `{{ root }}{{ url }}` and a site opened from disk works as well as a served one.

/// A file the site holds, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    Overview,
    NotFound,
    Print,
    Persona(&'a str),
    Journey(&'a str),
    /// A journey's funnel chart, beside its page.
    Funnel(&'a str),
    /// The same chart drawn for phones, which the page serves below a breakpoint.
    FunnelNarrow(&'a str),
    /// A journey's trend chart (step and overall conversion per period), and its phone
    /// variant: only for a journey with counts for two or more periods.
    Trend(&'a str),
    TrendNarrow(&'a str),
    /// A free page of `content/pages/`.
    Page(&'a str),
    /// The list of pages for search engines, with `site-url`.
    Sitemap,
    /// What search engines may crawl: nothing, with `noindex`.
    Robots,
    /// The search index, a script every page loads when its search box is used.
    SearchIndex,
    /// A file of the theme's `static/` folder, by its path there.
    Theme(&'a str),
    /// A file of the report folder (static files, logo, photos), by its path there.
    Asset(&'a str),
}

/// Where theme assets land in the output.
const THEME_DIR: &str = "theme/";

impl Route<'_> {
    /// The output path, relative to the site root, with `/`; also the page's URL.
    pub(crate) fn path(&self) -> String {
        match self {
            Route::Overview => "index.html".into(),
            Route::NotFound => "404.html".into(),
            Route::Print => "print/index.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::SearchIndex => "search-index.js".into(),
            Route::Persona(id) => format!("personas/{id}/index.html"),
            Route::Journey(id) => format!("journeys/{id}/index.html"),
            Route::Funnel(id) => format!("journeys/{id}/funnel.svg"),
            Route::FunnelNarrow(id) => format!("journeys/{id}/funnel-narrow.svg"),
            Route::Trend(id) => format!("journeys/{id}/trend.svg"),
            Route::TrendNarrow(id) => format!("journeys/{id}/trend-narrow.svg"),
            Route::Page(id) => format!("pages/{id}/index.html"),
            Route::Theme(path) => format!("{THEME_DIR}{path}"),
            // `static/x` becomes `x`; a logo or photo kept elsewhere goes under `media/`.
            Route::Asset(path) => match path.strip_prefix("static/") {
                Some(rest) => rest.to_string(),
                None => format!("media/{path}"),
            },
        }
    }

    /// The relative prefix from this file back to the site root, e.g. `../../`.
    pub(crate) fn root(&self) -> String {
        match self {
            Route::Overview
            | Route::NotFound
            | Route::Sitemap
            | Route::Robots
            | Route::SearchIndex => String::new(),
            Route::Print => "../".into(),
            Route::Persona(_)
            | Route::Journey(_)
            | Route::Funnel(_)
            | Route::FunnelNarrow(_)
            | Route::Trend(_)
            | Route::TrendNarrow(_)
            | Route::Page(_) => "../../".into(),
            Route::Theme(_) | Route::Asset(_) => "../".repeat(self.path().matches('/').count()),
        }
    }

    /// What kind of file this is; for a page, the `page_kind` its templates see.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Route::Overview => "overview",
            Route::NotFound => "404",
            Route::Print => "print",
            Route::Sitemap => "sitemap",
            Route::Robots => "robots",
            Route::SearchIndex => "search",
            Route::Persona(_) => "persona",
            Route::Journey(_) => "journey",
            Route::Funnel(_) | Route::FunnelNarrow(_) => "funnel",
            Route::Trend(_) | Route::TrendNarrow(_) => "trend",
            Route::Page(_) => "page",
            Route::Theme(_) => "theme",
            Route::Asset(_) => "asset",
        }
    }
}

impl Route<'_> {
    /// The page's address under `site_url` (which ends in `/`): a folder's `index.html`
    /// is left off, as static hosts serve it for the folder.
    pub(crate) fn url(&self, site_url: &str) -> String {
        let path = self.path();
        let path = path.strip_suffix("index.html").unwrap_or(&path);
        format!("{site_url}{path}")
    }
}

impl<'a> Route<'a> {
    /// The route an output path has if the build generates it: the inverse of
    /// [`Route::path`] for everything but [`Route::Asset`] (any path may be an asset).
    /// Whether a report really has that persona, journey or page is for the caller.
    pub(crate) fn parse(path: &'a str) -> Option<Route<'a>> {
        let id = |prefix: &str, suffix: &str| {
            path.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
        };
        match path {
            "index.html" => return Some(Route::Overview),
            "404.html" => return Some(Route::NotFound),
            "print/index.html" => return Some(Route::Print),
            "sitemap.xml" => return Some(Route::Sitemap),
            "robots.txt" => return Some(Route::Robots),
            "search-index.js" => return Some(Route::SearchIndex),
            _ => {}
        }
        if let Some(rest) = path.strip_prefix(THEME_DIR) {
            return Some(Route::Theme(rest));
        }
        id("personas/", "/index.html")
            .map(Route::Persona)
            .or_else(|| id("journeys/", "/index.html").map(Route::Journey))
            .or_else(|| id("journeys/", "/funnel.svg").map(Route::Funnel))
            .or_else(|| id("journeys/", "/funnel-narrow.svg").map(Route::FunnelNarrow))
            .or_else(|| id("journeys/", "/trend.svg").map(Route::Trend))
            .or_else(|| id("journeys/", "/trend-narrow.svg").map(Route::TrendNarrow))
            .or_else(|| id("pages/", "/index.html").map(Route::Page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_roots_and_kinds() {
        let cases = [
            (Route::Overview, "index.html", "", "overview"),
            (Route::NotFound, "404.html", "", "404"),
            (Route::Print, "print/index.html", "../", "print"),
            (
                Route::Persona("anna"),
                "personas/anna/index.html",
                "../../",
                "persona",
            ),
            (
                Route::Journey("a-b"),
                "journeys/a-b/index.html",
                "../../",
                "journey",
            ),
            (
                Route::Funnel("a-b"),
                "journeys/a-b/funnel.svg",
                "../../",
                "funnel",
            ),
            (
                Route::FunnelNarrow("a-b"),
                "journeys/a-b/funnel-narrow.svg",
                "../../",
                "funnel",
            ),
            (
                Route::Page("methode"),
                "pages/methode/index.html",
                "../../",
                "page",
            ),
            (Route::Theme("style.css"), "theme/style.css", "../", "theme"),
            (Route::Asset("static/logo.svg"), "logo.svg", "", "asset"),
            (
                Route::Asset("static/img/x.png"),
                "img/x.png",
                "../",
                "asset",
            ),
            (
                Route::Asset("photos/anna.svg"),
                "media/photos/anna.svg",
                "../../",
                "asset",
            ),
        ];
        for (route, path, root, kind) in cases {
            assert_eq!(route.path(), path, "{route:?}");
            assert_eq!(route.root(), root, "{route:?}");
            assert_eq!(route.kind(), kind, "{route:?}");
        }
    }

    #[test]
    fn urls_leave_off_index_html() {
        let site = "https://r.example.com/kiwi/";
        assert_eq!(Route::Overview.url(site), site);
        assert_eq!(
            Route::Persona("anna").url(site),
            "https://r.example.com/kiwi/personas/anna/"
        );
        assert_eq!(
            Route::Sitemap.url(site),
            "https://r.example.com/kiwi/sitemap.xml"
        );
    }

    #[test]
    fn parse_inverts_path() {
        for route in [
            Route::Overview,
            Route::NotFound,
            Route::Print,
            Route::Sitemap,
            Route::Robots,
            Route::SearchIndex,
            Route::Persona("anna"),
            Route::Journey("anna-eerste"),
            Route::Funnel("anna-eerste"),
            Route::FunnelNarrow("anna-eerste"),
            Route::Trend("anna-eerste"),
            Route::TrendNarrow("anna-eerste"),
            Route::Page("methode"),
            Route::Theme("fonts/x.woff2"),
        ] {
            assert_eq!(Route::parse(&route.path()), Some(route));
        }
        for other in [
            "logo.svg",
            "personas/index.html",
            "journeys/x/other.svg",
            "media/photos/anna.svg",
            "print/other.html",
        ] {
            assert_eq!(Route::parse(other), None, "{other}");
        }
    }
}
