//! Generated pages read the way a browser reads them: parsed by html5ever (through
//! `scraper`), so attributes are found whatever their quoting or order, character
//! references are decoded, and nothing in a comment, a script or text counts as markup.

use scraper::{ElementRef, Html, Selector};

/// A CSS selector; a typo in a test's selector fails that test loudly.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector `{css}`: {e}"))
}

/// The visible text of an element, whitespace collapsed.
pub fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parsed HTML document.
pub struct Page(Html);

impl Page {
    pub fn parse(html: &str) -> Page {
        Page(Html::parse_document(html))
    }

    /// Every element matching `css`, in document order.
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.0.select(&selector(css)).collect()
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.0.select(&selector(css)).count()
    }

    /// The values of every attribute `name`, in document order, decoded.
    pub fn attr_values(&self, name: &str) -> Vec<String> {
        self.select(&format!("[{name}]"))
            .into_iter()
            .filter_map(|e| e.value().attr(name))
            .map(str::to_string)
            .collect()
    }

    /// Every `href`, then every `src`, of the page.
    pub fn links(&self) -> Vec<String> {
        let mut out = self.attr_values("href");
        out.extend(self.attr_values("src"));
        out
    }

    /// The `lang` of the `<html>` element.
    pub fn lang(&self) -> Option<&str> {
        self.0.root_element().value().attr("lang")
    }

    /// The text of the `<title>` in the head, trimmed.
    pub fn title(&self) -> Option<String> {
        self.select("head title").first().map(|t| text_of(*t))
    }

    /// The body rows of the first table matching `table_css`.
    pub fn body_rows(&self, table_css: &str) -> Vec<Row> {
        let tables = self.select(table_css);
        let table = tables
            .first()
            .unwrap_or_else(|| panic!("no table `{table_css}`"));
        let body = table
            .select(&selector("tbody"))
            .next()
            .expect("table has a <tbody>");
        body.select(&selector("tr")).map(Row::of).collect()
    }
}

/// A row of a table: the visible text of each cell, and whether it is marked.
pub struct Row {
    pub cells: Vec<String>,
    marked: bool,
}

impl Row {
    fn of(tr: ElementRef<'_>) -> Row {
        let cells = tr
            .child_elements()
            .filter(|c| matches!(c.value().name(), "th" | "td"))
            .map(text_of)
            .collect();
        let marked = tr.value().attrs().any(|(_, v)| v.contains("biggest"))
            || tr.select(&selector("[class*=badge]")).next().is_some();
        Row { cells, marked }
    }

    /// What the theme uses to point the reader at the biggest drop: a class or a badge.
    pub fn is_marked(&self) -> bool {
        self.marked
    }
}
