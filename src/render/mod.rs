//! Rendering: markdown, theme templates and charts, into a site held in memory.

pub mod charts;
pub mod color;
pub mod context;
pub mod markdown;
pub(crate) mod routes;
pub mod theme;
