//! Emit or reuse: for live preview a [`Memo`] keeps the files of the last build with a
//! fingerprint of everything each one shows; the next build renders only the files whose
//! fingerprint changed and takes the rest from the memo. Contexts are built lazily, so an
//! unchanged page costs a hash, not a render. The result is the same as a full build
//! (tested in `live`).

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::{Journey, Persona, Report};
use crate::site::{Bytes, Sink};

/// The files, print sections and template values of the last build, each with the
/// fingerprint of what it shows. Kept by `serve` and `watch` between rebuilds.
#[derive(Default)]
pub struct Memo {
    files: HashMap<String, (u64, Bytes)>,
    sections: HashMap<String, (u64, Arc<String>)>,
    /// Template values of the overview (journey summaries, persona cards).
    values: HashMap<String, (u64, tera::Value)>,
    /// Fingerprints of the shared models of the last build: an unchanged model (the same
    /// `Arc`, reused by the parse cache) is not hashed again.
    persona_fps: HashMap<String, (Arc<Persona>, u64)>,
    journey_fps: HashMap<String, (Arc<Journey>, u64)>,
}

impl Memo {
    /// A template value of the last build, if its fingerprint is still `fp`.
    pub(crate) fn value(&self, key: &str, fp: u64) -> Option<tera::Value> {
        match self.values.get(key) {
            Some((old, value)) if *old == fp => Some(value.clone()),
            _ => None,
        }
    }

    /// Takes in what a task of the build that fills this memo produced.
    pub(crate) fn absorb(&mut self, produced: Produced) {
        self.files.extend(entries(produced.files));
        self.sections.extend(entries(produced.sections));
        self.values.extend(entries(produced.values));
    }
}

/// Entries as a map takes them: key → (fingerprint, value).
fn entries<T>(list: Vec<Entry<T>>) -> impl Iterator<Item = (String, (u64, T))> {
    list.into_iter().map(|(k, fp, v)| (k, (fp, v)))
}

pub(crate) fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The fingerprint of each model, from `known` when it is the very same shared object.
fn model_fp<T: Hash + Send + Sync>(
    items: &[Arc<T>],
    id: impl Fn(&T) -> &str + Sync,
    known: &HashMap<String, (Arc<T>, u64)>,
) -> Vec<u64> {
    items
        .par_iter()
        .map(|item| match known.get(id(item)) {
            Some((old, fp)) if Arc::ptr_eq(old, item) => *fp,
            _ => fingerprint(&**item),
        })
        .collect()
}

/// The fingerprints of one build: of what every page shows, and of each persona and
/// journey. A file's fingerprint combines those it shows.
pub(crate) struct Fingerprints {
    /// Everything every page shows: config, theme files, sidebar, free pages.
    pub(crate) global: u64,
    persona: Vec<u64>,
    journey: Vec<u64>,
}

impl Fingerprints {
    pub(crate) fn new(report: &Report, global: u64, previous: &Memo) -> Self {
        Fingerprints {
            global,
            persona: model_fp(&report.personas, |p: &Persona| &p.id, &previous.persona_fps),
            journey: model_fp(&report.journeys, |j: &Journey| &j.id, &previous.journey_fps),
        }
    }

    /// A journey's own page (and chart): the journey, its persona (by index), everything
    /// global.
    pub(crate) fn journey_page(&self, j: usize, persona: Option<usize>) -> u64 {
        let persona = persona.map(|p| self.persona[p]);
        fingerprint(&(self.global, self.journey[j], persona))
    }

    /// A persona's page: the persona, its journeys (by index), everything global.
    pub(crate) fn persona_page(&self, i: usize, journeys: &[usize]) -> u64 {
        let journeys: Vec<u64> = journeys.iter().map(|&j| self.journey[j]).collect();
        fingerprint(&(self.global, self.persona[i], journeys))
    }

    /// A persona's print section, which does not show its journeys.
    pub(crate) fn persona_section(&self, i: usize) -> u64 {
        fingerprint(&(self.global, self.persona[i]))
    }

    /// Everything: every persona and journey and everything global (the search index).
    pub(crate) fn all(&self) -> u64 {
        fingerprint(&(self.global, &self.persona, &self.journey))
    }

    /// A free page.
    pub(crate) fn page(&self, page: &crate::model::Page) -> u64 {
        fingerprint(&(self.global, page))
    }

    /// What the overview shows of each persona and journey (not bodies, goals or lanes),
    /// and the key findings (`findings`: the fingerprint of what they show, which covers
    /// the pains, opportunities and emotions they quote).
    pub(crate) fn overview(&self, report: &Report, findings: u64) -> u64 {
        let personas: Vec<_> = report.personas.iter().map(|p| card_fields(p)).collect();
        let journeys: Vec<_> = report
            .journeys
            .iter()
            .map(|j| {
                (
                    &j.id,
                    &j.title,
                    &j.persona,
                    &j.model,
                    &j.unit,
                    &j.counts,
                    j.stages
                        .iter()
                        .map(|s| (&s.stage, s.count))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        fingerprint(&(self.global, personas, journeys, findings))
    }
}

/// What a persona's card on the overview shows of it.
pub(crate) fn card_fields(p: &Persona) -> impl Hash + '_ {
    (
        &p.id,
        &p.name,
        &p.role,
        &p.photo,
        &p.quote,
        p.goals.first(),
        p.pains.first(),
    )
}

/// A memo entry on its way into the next [`Memo`]: key, fingerprint, value.
pub(crate) type Entry<T> = (String, u64, T);

/// What a task produced: files, print sections and values, with their fingerprints.
#[derive(Default)]
pub(crate) struct Produced {
    files: Vec<Entry<Bytes>>,
    sections: Vec<Entry<Arc<String>>>,
    values: Vec<Entry<tera::Value>>,
}

/// Where one build's files go and what it may reuse: shared by all its tasks.
#[derive(Clone, Copy)]
pub(crate) struct Output<'a> {
    pub(crate) sink: &'a dyn Sink,
    pub(crate) previous: &'a Memo,
    /// Collect what was rendered into a memo for the next build (serve, watch); a one-off
    /// build keeps nothing, so its memory stays flat however large the report.
    keep: bool,
}

impl<'a> Output<'a> {
    pub(crate) fn new(sink: &'a dyn Sink, previous: &'a Memo, keep: bool) -> Self {
        Output {
            sink,
            previous,
            keep,
        }
    }

    /// An emitter for one task (a page, or a persona with its journeys).
    pub(crate) fn emitter(self) -> Emitter<'a> {
        Emitter {
            out: self,
            produced: Produced::default(),
        }
    }

    /// The memo this build starts for the next one: the models' fingerprints, when kept.
    pub(crate) fn next_memo(self, report: &Report, fps: &Fingerprints) -> Memo {
        let mut memo = Memo::default();
        if self.keep {
            memo.persona_fps = report
                .personas
                .iter()
                .zip(&fps.persona)
                .map(|(p, fp)| (p.id.clone(), (p.clone(), *fp)))
                .collect();
            memo.journey_fps = report
                .journeys
                .iter()
                .zip(&fps.journey)
                .map(|(j, fp)| (j.id.clone(), (j.clone(), *fp)))
                .collect();
        }
        memo
    }
}

/// Hands one task's files to the sink, rendered or reused, and notes them for the next
/// memo.
pub(crate) struct Emitter<'a> {
    out: Output<'a>,
    produced: Produced,
}

impl Emitter<'_> {
    /// Hands a file to the sink: from the last build when its fingerprint is unchanged,
    /// else rendered. `fp` None: the file is rendered every time.
    pub(crate) fn file(
        &mut self,
        path: String,
        fp: Option<u64>,
        render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let bytes = match (self.out.previous.files.get(&path), fp) {
            (Some((old, bytes)), Some(fp)) if *old == fp => bytes.clone(),
            _ => Arc::new(render()?),
        };
        self.put(&path, bytes.clone())?;
        if let (true, Some(fp)) = (self.out.keep, fp) {
            self.produced.files.push((path, fp, bytes));
        }
        Ok(())
    }

    /// A file made of template values (the overview: journey summaries, persona cards).
    /// Unchanged, it keeps the last build's values for the next one too; else `render`
    /// gets the last memo to reuse values from and returns the file and its values.
    pub(crate) fn file_with_values(
        &mut self,
        path: String,
        fp: u64,
        render: impl FnOnce(&Memo) -> Result<(Vec<u8>, Vec<Entry<tera::Value>>), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let previous = self.out.previous;
        let bytes = match previous.files.get(&path) {
            Some((old, bytes)) if *old == fp => {
                let kept = previous
                    .values
                    .iter()
                    .map(|(k, (fp, v))| (k.clone(), *fp, v.clone()));
                self.produced.values.extend(kept);
                bytes.clone()
            }
            _ => {
                let (bytes, values) = render(previous)?;
                self.produced.values = values;
                Arc::new(bytes)
            }
        };
        self.put(&path, bytes.clone())?;
        if self.out.keep {
            self.produced.files.push((path, fp, bytes));
        } else {
            self.produced.values.clear();
        }
        Ok(())
    }

    /// A print section: from the last build when its fingerprint is unchanged, else
    /// rendered. Sections go into the print page, not to the sink.
    pub(crate) fn section(
        &mut self,
        key: String,
        fp: u64,
        render: impl FnOnce() -> Result<String, Diagnostic>,
    ) -> Result<Arc<String>, Diagnostic> {
        let html = match self.out.previous.sections.get(&key) {
            Some((old, html)) if *old == fp => html.clone(),
            _ => Arc::new(render()?),
        };
        if self.out.keep {
            self.produced.sections.push((key, fp, html.clone()));
        }
        Ok(html)
    }

    fn put(&self, path: &str, bytes: Bytes) -> Result<(), Diagnostic> {
        self.out
            .sink
            .put(path.to_string(), bytes)
            .map_err(|e| Diagnostic::file_error(path, e))
    }

    pub(crate) fn finish(self) -> Produced {
        self.produced
    }
}
