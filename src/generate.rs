//! Deterministic synthetic reports for benchmarks and scale tests: N personas, each with
//! one five-stage journey with counts, touchpoints, pains and a ~1.5 KB markdown body.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const WORDS: &[&str] = &[
    "klant",
    "etiket",
    "bestelling",
    "drukproef",
    "levertijd",
    "prijs",
    "kwaliteit",
    "website",
    "offerte",
    "brouwer",
    "wijn",
    "webshop",
    "ontwerp",
    "rol",
    "papier",
    "folie",
    "lijm",
    "fles",
    "vraag",
    "antwoord",
    "service",
    "advies",
    "contact",
    "review",
    "aanbeveling",
    "herbestelling",
    "formaat",
    "kleur",
    "proef",
];

/// A small linear congruential generator: the same seed gives the same report everywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() as usize) % WORDS.len()]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.word());
        }
        s
    }
}

/// The markdown body of persona `i`, about 1.5 KB.
fn persona_body(rng: &mut Lcg, i: usize) -> String {
    let mut body = format!("## Achtergrond {i}\n\n");
    while body.len() < 1500 {
        let _ = writeln!(body, "{}.\n", rng.sentence(14));
        let _ = writeln!(body, "- {}\n- *{}*\n", rng.sentence(5), rng.sentence(4));
    }
    body
}

/// Writes a report with `n` personas and `n` journeys into `dir` (created if missing).
pub fn write_report(dir: &Path, n: usize) -> io::Result<()> {
    fs::create_dir_all(dir.join("content/personas"))?;
    fs::create_dir_all(dir.join("content/journeys"))?;
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Generated report ({n} personas)\"\nlanguage = \"nl\"\n\n[journey]\nmodel = \"five\"\n"
        ),
    )?;
    fs::write(
        dir.join("content/index.md"),
        "# Generated\n\nA synthetic report for benchmarks.\n",
    )?;
    let mut rng = Lcg(42);
    let stages = [
        "awareness",
        "consideration",
        "decision",
        "retention",
        "advocacy",
    ];
    for i in 0..n {
        let id = format!("persona-{i:05}");
        let persona = format!(
            "---\nname: Persona {i}\nrole: {}\nsegment: segment-{}\nquote: \"{}\"\ndemographics: {{ age: {}, city: Gent }}\ngoals: [{}, {}]\npains: [{}]\nchannels: [Search, LinkedIn]\n---\n{}",
            rng.sentence(4),
            i % 7,
            rng.sentence(6),
            25 + i % 40,
            rng.sentence(3),
            rng.sentence(3),
            rng.sentence(4),
            persona_body(&mut rng, i)
        );
        fs::write(dir.join(format!("content/personas/{id}.md")), persona)?;
        let mut journey = format!(
            "title: Journey {i}\npersona: {id}\nsummary: {}\nunit: bezoekers\nstages:\n",
            rng.sentence(12)
        );
        let mut count = 10_000 + rng.next() % 50_000;
        for (s, stage) in stages.iter().enumerate() {
            let _ = write!(
                journey,
                "  - stage: {stage}\n    count: {count}\n    emotion: {}\n    goal: {}\n    actions: [{}, {}]\n    touchpoints:\n      - {{ name: {}, channel: web, owner: marketing }}\n      - {{ name: {}, channel: e-mail }}\n    pains: [{}]\n",
                (s as i64 % 5) - 2,
                rng.sentence(5),
                rng.sentence(3),
                rng.sentence(3),
                rng.sentence(2),
                rng.sentence(2),
                rng.sentence(4)
            );
            count = count * (20 + rng.next() % 60) / 100;
        }
        fs::write(
            dir.join(format!("content/journeys/journey-{i:05}.yaml")),
            journey,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_reports_are_valid_and_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_report(a.path(), 30).unwrap();
        write_report(b.path(), 30).unwrap();
        let loaded = crate::content::load(a.path());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let report = loaded.report.unwrap();
        assert_eq!((report.personas.len(), report.journeys.len()), (30, 30));
        let body = fs::read_to_string(a.path().join("content/personas/persona-00007.md")).unwrap();
        assert_eq!(
            body,
            fs::read_to_string(b.path().join("content/personas/persona-00007.md")).unwrap()
        );
        assert!(body.len() > 1500);
    }
}
