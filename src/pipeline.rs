//! The one load → render sequence every command runs. [`Session::once`] is for `build`,
//! `check` and `pdf`: nothing is kept, so memory stays flat at any size. [`Session::live`]
//! is for `serve` and `watch`: the parsed content and the rendered files of the last build
//! are kept, so a save re-parses only the file that changed and re-renders only the pages
//! that show it. Both give the same output (see the tests).

use std::path::{Path, PathBuf};

use crate::content::{self, ParseCache};
use crate::diagnostics::{self, Diagnostic};
use crate::model::Report;
use crate::render::{self, Memo};
use crate::site::{MemorySink, Sink, Site};

pub struct Session {
    root: PathBuf,
    /// What the last run parsed and rendered; `None` for a one-off run.
    memo: Option<(ParseCache, Memo)>,
    /// `--base-url`: replaces `[output.html] site-url` for this session (preview deploys).
    site_url: Option<String>,
}

/// A loaded report that has no errors, and the warnings found loading it.
pub struct Loaded {
    pub report: Report,
    pub warnings: Vec<Diagnostic>,
}

impl Session {
    /// A session for one run (`build`, `check`, `pdf`).
    pub fn once(root: &Path) -> Self {
        Session {
            root: root.to_path_buf(),
            memo: None,
            site_url: None,
        }
    }

    /// A session that keeps what it parsed and rendered for the next run (`serve`, `watch`).
    pub fn live(root: &Path) -> Self {
        // Canonical, so file paths compare equal to the watcher's.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Session {
            root,
            memo: Some((ParseCache::default(), Memo::default())),
            site_url: None,
        }
    }

    /// Publishes at `url` instead of the configured `site-url` (already checked with
    /// [`crate::config::site_url`]), as Zola's `--base-url` does.
    pub fn with_site_url(mut self, url: Option<String>) -> Self {
        self.site_url = url;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Loads and validates the report, given the paths the watcher saw change (none for a
    /// one-off run). Err holds every problem.
    pub fn load(&mut self, changed: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
        let loaded = match &mut self.memo {
            None => content::load(&self.root),
            Some((parsed, _)) => {
                let (loaded, next) = content::load_cached(&self.root, parsed, changed);
                *parsed = next;
                loaded
            }
        };
        match loaded.report {
            Some(mut report) => {
                if let Some(url) = &self.site_url {
                    report.config.site_url = Some(url.clone());
                }
                // Links need the whole report to be checked: every file, heading and page.
                let mut warnings = loaded.diagnostics;
                warnings.extend(render::links::check(&report));
                diagnostics::sort(&mut warnings);
                Ok(Loaded { report, warnings })
            }
            None => Err(loaded.diagnostics),
        }
    }

    /// Renders a loaded report into `sink`. Ok holds the warnings; Err every problem of
    /// the run, sorted (the sink may then hold a partial site: discard it).
    pub fn render(
        &mut self,
        loaded: Loaded,
        sink: &dyn Sink,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let rendered = match &mut self.memo {
            None => render::render(&loaded.report, sink),
            Some((_, memo)) => render::render_cached(&loaded.report, sink, memo).map(|next| {
                *memo = next;
            }),
        };
        match rendered {
            Ok(()) => Ok(loaded.warnings),
            Err(mut errors) => {
                let mut all = loaded.warnings;
                all.append(&mut errors);
                diagnostics::sort(&mut all);
                Err(all)
            }
        }
    }

    /// Loads and renders into `sink`: the warnings, or every problem.
    pub fn run(
        &mut self,
        changed: &[PathBuf],
        sink: &dyn Sink,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let loaded = self.load(changed)?;
        self.render(loaded, sink)
    }

    /// Loads and renders in memory: the new site when it built, and every diagnostic.
    pub fn site(&mut self, changed: &[PathBuf]) -> (Option<Site>, Vec<Diagnostic>) {
        let sink = MemorySink::default();
        match self.run(changed, &sink) {
            Ok(warnings) => (Some(sink.into_site()), warnings),
            Err(all) => (None, all),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// One change to a report, named for the failure message.
    type Step<'a> = Box<dyn Fn() + 'a>;

    /// A full build from scratch, to compare live rebuilds with.
    fn full(root: &Path) -> Site {
        Session::once(root).site(&[]).0.expect("the report builds")
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from} not in {}", path.display());
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn live_rebuilds_equal_full_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        crate::generate::write_report(root, 30).unwrap();
        let mut session = Session::live(root);
        let first = session.site(&[]).0.unwrap();
        assert_eq!(first, full(root));

        // Each step changes one thing; the live site must equal a fresh full build.
        let persona = session.root().join("content/personas/persona-00003.md");
        let journey = session.root().join("content/journeys/journey-00007.yaml");
        let steps: Vec<(&str, Step)> = vec![
            (
                "persona name",
                Box::new(|| edit(&persona, "name: Persona 3", "name: Persona Drie")),
            ),
            (
                "journey count",
                Box::new(|| edit(&journey, "count: ", "count: 9")),
            ),
            // The overview's key findings quote pains and opportunities.
            (
                "journey pain",
                Box::new(|| edit(&journey, "pains: [", "pains: [Nieuwe pijn, ")),
            ),
            (
                "journey opportunity",
                Box::new(|| {
                    edit(
                        &journey,
                        "    pains: [",
                        "    opportunities: [Een nieuwe kans]\n    pains: [",
                    )
                }),
            ),
            (
                "journey moves to another persona",
                Box::new(|| edit(&journey, "persona: persona-00007", "persona: persona-00003")),
            ),
            (
                "new persona",
                Box::new(|| {
                    fs::write(
                        root.join("content/personas/zz-new.md"),
                        "---\nname: Nieuw\n---\nHallo\n",
                    )
                    .unwrap()
                }),
            ),
            // A language file renames a stage on every page that shows it.
            (
                "i18n file",
                Box::new(|| {
                    fs::create_dir_all(root.join("i18n")).unwrap();
                    fs::write(
                        root.join("i18n/nl.toml"),
                        "[stages]\nawareness = \"Oriëntatie\"\n",
                    )
                    .unwrap();
                }),
            ),
            (
                "config language",
                Box::new(|| {
                    edit(
                        &root.join("book.toml"),
                        "language = \"nl\"",
                        "language = \"en\"",
                    )
                }),
            ),
            (
                "theme override",
                Box::new(|| {
                    let dir = root.join("themes/default/templates");
                    fs::create_dir_all(&dir).unwrap();
                    fs::write(
                        dir.join("404.html"),
                        "{% extends \"base.html\" %}{% block content %}weg{% endblock content %}",
                    )
                    .unwrap();
                }),
            ),
            (
                "persona deleted with its journey",
                Box::new(|| {
                    fs::remove_file(root.join("content/personas/persona-00011.md")).unwrap();
                    fs::remove_file(root.join("content/journeys/journey-00011.yaml")).unwrap();
                }),
            ),
        ];
        for (name, step) in steps {
            step();
            let changed: Vec<PathBuf> = Vec::new();
            let live = session
                .site(&changed)
                .0
                .unwrap_or_else(|| panic!("{name}: live rebuild failed"));
            let fresh = full(root);
            let differ: Vec<&String> = fresh
                .files
                .keys()
                .filter(|k| live.files.get(*k) != fresh.files.get(*k))
                .collect();
            assert!(
                differ.is_empty(),
                "{name}: live differs from full in {differ:?}"
            );
            assert_eq!(
                live.files.len(),
                fresh.files.len(),
                "{name}: same file list"
            );
        }
    }

    #[test]
    fn a_broken_file_fails_and_the_next_good_save_recovers() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        crate::generate::write_report(root, 3).unwrap();
        let mut session = Session::live(root);
        assert!(session.site(&[]).0.is_some());
        let journey = session.root().join("content/journeys/journey-00001.yaml");
        edit(&journey, "stage: awareness", "stage: awarness");
        let (site, problems) = session.site(std::slice::from_ref(&journey));
        assert!(site.is_none());
        assert!(problems[0].message.contains("did you mean `awareness`"));
        edit(&journey, "stage: awarness", "stage: awareness");
        let (site, _) = session.site(std::slice::from_ref(&journey));
        assert_eq!(site.unwrap(), full(root));
    }
}
