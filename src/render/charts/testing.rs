//! Test helpers shared by the chart modules: a style, labels and a tiny SVG reader.

use super::funnel::Labels;
use super::svg::ChartStyle;

pub(super) const STYLE: ChartStyle = ChartStyle {
    accent: (0x0b, 0x7a, 0x75),
    highlight: (0xc2, 0x41, 0x0c),
    text: (0x1f, 0x29, 0x37),
};

pub(super) fn labels(id: &'static str) -> Labels<'static> {
    Labels {
        id,
        title: "Funnel: Jane kiest boekhoudsoftware",
        desc: "Bewustwording 1.000, Overweging 500, Aankoop 100.",
        share_word: "van start",
        step_word: "stap",
        biggest_drop: "grootste uitval",
    }
}

/// Value of attribute `name` in a single tag.
pub(super) fn attr<'s>(tag: &'s str, name: &str) -> Option<&'s str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// All tags `<name .../>` in document order.
pub(super) fn tags<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find(&open) {
        let tail = &rest[i..];
        let end = tail.find('>').expect("unclosed tag");
        out.push(&tail[..=end]);
        rest = &tail[end..];
    }
    out
}

pub(super) fn hex(c: (u8, u8, u8)) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

pub(super) fn assert_accessible_root(svg: &str, kind: &str, id: &str) {
    assert!(svg.starts_with("<svg "), "{svg}");
    let root_end = svg.find('>').unwrap();
    let root = &svg[..=root_end];
    assert!(root.contains(" role=\"img\""));
    assert!(root.contains(&format!(
        "aria-labelledby=\"{kind}-{id}-title {kind}-{id}-desc\""
    )));
    assert!(root.contains(" viewBox=\"0 0 "));
    assert!(root.contains(" width=\"") && root.contains(" height=\""));
    let children = svg[root_end + 1..].trim_start();
    assert!(children.starts_with(&format!("<title id=\"{kind}-{id}-title\">")));
    let after_title = &children[children.find("</title>").unwrap() + 8..];
    assert!(
        after_title
            .trim_start()
            .starts_with(&format!("<desc id=\"{kind}-{id}-desc\">"))
    );
    assert!(svg.trim_end().ends_with("</svg>"));
}
