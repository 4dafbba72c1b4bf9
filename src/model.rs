//! The validated report: what content loading produces and rendering consumes.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;

/// A whole report, every file validated and cross-checked.
#[derive(Debug, Clone)]
pub struct Report {
    pub root: PathBuf,
    pub config: Config,
    pub index: Option<Document>,
    /// Sorted by id. Shared, so live rebuilds reuse unchanged ones without copying.
    pub personas: Vec<Arc<Persona>>,
    /// Sorted by id.
    pub journeys: Vec<Arc<Journey>>,
    /// Sorted by id.
    pub pages: Vec<Page>,
}

impl Report {
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &*self.personas[i])
    }
}

/// Markdown text with an optional title (content/index.md).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    pub title: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Persona {
    pub id: String,
    /// Source path relative to the report root.
    pub source: String,
    pub name: String,
    pub role: Option<String>,
    pub segment: Option<String>,
    pub quote: Option<String>,
    /// Relative to the report root; checked to exist inside it.
    pub photo: Option<String>,
    /// Label → value, in file order.
    pub demographics: Vec<(String, String)>,
    pub goals: Vec<String>,
    pub pains: Vec<String>,
    pub motivations: Vec<String>,
    pub channels: Vec<String>,
    pub tags: Vec<String>,
    /// Markdown body.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Journey {
    pub id: String,
    pub source: String,
    pub title: String,
    pub persona: String,
    /// Resolved model id (the journey's own or the default).
    pub model: String,
    pub summary: Option<String>,
    pub period: Option<String>,
    pub unit: Option<String>,
    /// In model order. With `counts`, each stage's `count` is the current period's total.
    pub stages: Vec<JourneyStage>,
    /// Counts per period (and segment), inline or from a CSV file (SPEC §4.1).
    pub counts: Option<Counts>,
}

impl Journey {
    pub(crate) fn has_counts(&self) -> bool {
        self.stages.iter().any(|s| s.count.is_some())
    }

    /// Counts for two or more periods: the page shows their trend (`trend.svg`).
    pub(crate) fn has_trend(&self) -> bool {
        self.counts.as_ref().is_some_and(|c| c.periods.len() >= 2)
    }

    pub(crate) fn has_emotions(&self) -> bool {
        self.stages.iter().any(|s| s.emotion.is_some())
    }
}

/// A journey's funnel counts over periods: the last period is the current one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Counts {
    /// The CSV file they were read from (relative to the report root), if any.
    pub csv: Option<String>,
    /// In the order written; never empty.
    pub periods: Vec<PeriodCounts>,
}

impl Counts {
    pub(crate) fn current(&self) -> Option<&PeriodCounts> {
        self.periods.last()
    }

    /// The period before the current one.
    pub(crate) fn previous(&self) -> Option<&PeriodCounts> {
        self.periods.len().checked_sub(2).map(|i| &self.periods[i])
    }
}

/// One period's counts: the total (given, or the sum of the segments) and each segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PeriodCounts {
    pub period: String,
    /// (stage id, count) in model order.
    pub total: Vec<(String, u64)>,
    /// In order of first appearance in the file.
    pub segments: Vec<SegmentCounts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SegmentCounts {
    pub segment: String,
    /// (stage id, count) in model order.
    pub counts: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JourneyStage {
    pub stage: String,
    pub count: Option<u64>,
    pub emotion: Option<i8>,
    pub goal: Option<String>,
    pub actions: Vec<String>,
    pub thoughts: Vec<String>,
    pub touchpoints: Vec<Touchpoint>,
    pub pains: Vec<String>,
    pub opportunities: Vec<String>,
    pub content: Vec<String>,
    pub kpis: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Touchpoint {
    pub name: String,
    pub channel: Option<String>,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Page {
    pub id: String,
    pub source: String,
    pub title: String,
    pub body: String,
}
