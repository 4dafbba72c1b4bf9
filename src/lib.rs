//! journeybook: markdown personas and YAML customer journeys → a themed static report.
//!
//! The pipeline follows the data: [`config`] → [`content`] (load, validate) → [`model`]
//! → [`render`] (templates, markdown, charts), which hands each file to a [`site::Sink`]
//! → [`output`] (atomic write), a [`site::Site`] in memory for serve, or nowhere for check.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod diff;
pub mod export;
pub mod funnel;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod init;
pub mod model;
pub mod output;
pub mod paths;
pub mod pdf;
pub mod pipeline;
pub mod portfolio;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod stages;
pub mod suggest;
pub mod walk;
pub mod watch;
