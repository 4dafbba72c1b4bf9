//! The command line from the outside: the real `journeybook` binary on fixture reports.
//! One test crate (one binary to build and link), a module per area, and everything the
//! modules share in `support/`.

mod support;

mod browser;
mod build;
mod check;
mod diff;
mod export;
mod fuzz;
mod import;
mod journey;
mod languages;
mod periods;
mod publish;
mod schema;
mod serve;
