//! Times live rebuilds (what `serve` does after a save) on a generated report:
//! `cargo run --release --example live_rebuild -- [PERSONAS] [RUNS]`.
//! Prints the first (full) build and the median and range of one-persona rebuilds.

use std::time::Instant;

use journeybook::pipeline::Session;

fn main() {
    let mut args = std::env::args().skip(1);
    let personas: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let tmp = tempfile::tempdir().expect("temp dir");
    journeybook::generate::write_report(tmp.path(), personas).expect("generated report");
    let mut session = Session::live(tmp.path());
    let started = Instant::now();
    assert!(session.site(&[]).0.is_some(), "the report builds");
    println!(
        "first build of {personas} personas: {} ms",
        started.elapsed().as_millis()
    );
    let file = session
        .root()
        .join(format!("content/personas/persona-{:05}.md", personas / 2));
    let original = std::fs::read_to_string(&file).expect("persona file");
    let mut times = Vec::new();
    for i in 0..runs {
        std::fs::write(
            &file,
            original.replacen("name: ", &format!("name: v{i} "), 1),
        )
        .expect("write");
        let started = Instant::now();
        assert!(session.site(std::slice::from_ref(&file)).0.is_some());
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "one-persona rebuild: median {:.1} ms, min {:.1} ms, max {:.1} ms ({runs} runs)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
