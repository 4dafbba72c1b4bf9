//! Property-based fuzzing of the persona, journey, page and book.toml parsers through the
//! library's loading API, as `journeybook check` uses it: `content::load(root)` on a report
//! folder in a temporary directory, then `render::render` into a null sink when the report
//! is valid.
//!
//! Inputs are the fixture reports (`tests/fixtures/good/{minimal,full}`) and the example
//! report at the repository root, with one file mutated (byte flips, truncation, duplicated
//! lines, wrong types, numbers with separators, CRLF, BOMs, tabs, NUL bytes, invalid UTF-8,
//! unicode, extra `---` documents, anchors and aliases, deep nesting, many headings, huge
//! lines), or generated from the file formats' fields with wrong types mixed in. For every
//! input:
//!
//! - nothing panics;
//! - loading (and rendering) finishes within a deadline (10 s, `FUZZ_DEADLINE_SECS`);
//! - every diagnostic has a position, line >= 1 and column >= 1, with its line inside the
//!   file — except the problems of a file as a whole, which legitimately have none
//!   ([`WHOLE_FILE`]: a missing book.toml or content folder, a file that cannot be read, a
//!   misplaced folder, a bad file name, a broken or escaping symlink, a duplicate id, an
//!   ignored file). Mutating a file's text never causes those, so for the mutated file a
//!   diagnostic without a position is always a finding;
//! - paths in diagnostics are relative to the report (no machine paths);
//! - the report is built exactly when there is no error.
//!
//! Cases per property: 32 for those that write a report, 256 for the parsers called
//! directly (`PROPTEST_CASES=N` sets all), drawn from a fixed seed (`PROPTEST_RNG_SEED=N`
//! for others). The default inputs stay within sizes the current parsers handle quickly;
//! `FUZZ_HEAVY=1` widens them to the known-slow classes (nesting 200,000 deep, alias bombs
//! over nested anchors, 8,000 headings, lines of megabytes, lines duplicated thousands of
//! times): run those on a release build, `FUZZ_HEAVY=1 cargo nextest run --release --test
//! fuzz`; the test process is then capped at 4 GB of address space (`FUZZ_MEM_MB`), so a
//! memory blow-up aborts it. scripts/fuzz.py runs the same classes through the real binary
//! with time and memory limits, and also FIFOs and symlinks in the report folder.
//!
//! Known defects that the default suite tolerates (counted and printed, not failed) are in
//! [`KNOWN_DEFECTS`]; `FUZZ_STRICT=1` fails on them too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use journeybook::content;
use journeybook::diagnostics::Diagnostic;
use journeybook::{render, site};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};

// ---------------------------------------------------------------------------------------
// Settings

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

fn heavy() -> bool {
    std::env::var("FUZZ_HEAVY").is_ok_and(|v| v != "0" && !v.is_empty())
}

fn strict() -> bool {
    std::env::var("FUZZ_STRICT").is_ok_and(|v| v != "0" && !v.is_empty())
}

fn deadline() -> Duration {
    Duration::from_secs(env_number("FUZZ_DEADLINE_SECS").unwrap_or(10))
}

/// Default cases of a property that writes and loads a report: a case takes ~10–30 ms in a
/// debug build (more when it renders), and the suite stays a few seconds.
const REPORT_CASES: u32 = 32;

/// Default cases of a property that calls the parsers directly (~2 ms a case).
const PARSER_CASES: u32 = 256;

/// The seed of the default run: the suite is the same on every machine and in CI, so a
/// failure there is a change in the code, not a new draw. `PROPTEST_RNG_SEED=N` draws
/// other inputs.
const DEFAULT_SEED: u64 = 0x6a62_6675_7a7a;

/// Cases per property: `PROPTEST_CASES`, or `default`.
fn config(default: u32) -> Config {
    let base = Config::default();
    let cases = env_number("PROPTEST_CASES").map_or(default, |n| n as u32);
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        base.rng_seed
    } else {
        RngSeed::Fixed(DEFAULT_SEED)
    };
    Config {
        cases,
        rng_seed,
        // A failing input is printed shrunk; no regression files are written into tests/.
        failure_persistence: None,
        // Shrinking reruns a slow input many times: keep it bounded.
        max_shrink_iters: 512,
        max_shrink_time: 60_000,
        ..base
    }
}

// ---------------------------------------------------------------------------------------
// What a diagnostic may look like

/// Problems of a file as a whole (line 0 in the library, `error: path: message`).
const WHOLE_FILE: &[&str] = &[
    "cannot read:",
    "not found: a report folder needs a book.toml",
    "content folder not found",
    "a folder where a content file is expected",
    "must be a folder of content files",
    "is not a valid id",
    "broken symbolic link",
    "symbolic link to a file outside",
    "is used twice",
    "ignored:",
];

/// A defect known when this suite was written: a diagnostic that breaks a rule and
/// `matches` (given the diagnostic and the rule's complaint) is counted and printed, not
/// failed (unless `FUZZ_STRICT=1`). Remove an entry once its fix lands.
struct KnownDefect {
    what: &'static str,
    matches: fn(&Diagnostic, &str) -> bool,
}

const KNOWN_DEFECTS: &[KnownDefect] = &[
    // Empty: the second-document error without a line, `src = "."` naming `/book.toml`
    // and U+2028 shifting YAML lines were found here and fixed; a new defect met while it
    // is being fixed goes here, so the suite keeps running while it is counted.
];

/// How often each known defect was met, by index in [`KNOWN_DEFECTS`].
static TOLERATED: [AtomicUsize; KNOWN_DEFECTS.len()] =
    [const { AtomicUsize::new(0) }; KNOWN_DEFECTS.len()];

/// Lines of a text as its parsers may count them: `\n`, `\r\n` or `\r` end a line in YAML.
fn line_count(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    let crs = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
    newlines + crs + 1
}

/// What is wrong with one diagnostic, if anything. `lines` is the line count of its file.
fn violation(d: &Diagnostic, lines: Option<usize>, root: &str) -> Option<String> {
    let shown = d.to_string();
    if d.file.is_empty() {
        return Some(format!("diagnostic without a file: {shown}"));
    }
    if d.file.starts_with('/') || (!root.is_empty() && d.file.contains(root)) {
        return Some(format!(
            "diagnostic names an absolute or machine path: {shown}"
        ));
    }
    if d.line == 0 {
        return (!WHOLE_FILE.iter().any(|w| d.message.contains(w)))
            .then(|| format!("diagnostic without line:col: {shown}"));
    }
    if d.column == 0 {
        return Some(format!("column 0: {shown}"));
    }
    match lines {
        Some(lines) if d.line > lines + 1 => Some(format!(
            "line {} past the end of {} ({lines} lines): {shown}",
            d.line, d.file
        )),
        _ => None,
    }
}

/// Fails on a violation, unless it is a known defect (counted) and FUZZ_STRICT is off.
fn judge(d: &Diagnostic, lines: Option<usize>, root: &str) -> Result<(), TestCaseError> {
    let Some(problem) = violation(d, lines, root) else {
        return Ok(());
    };
    if !strict()
        && let Some(i) = KNOWN_DEFECTS.iter().position(|k| (k.matches)(d, &problem))
    {
        TOLERATED[i].fetch_add(1, Ordering::Relaxed);
        return Ok(());
    }
    Err(TestCaseError::fail(problem))
}

/// Checks the diagnostics of one load against the rules in the module docs.
/// `files` holds the report's files (relative path → bytes) to bound line numbers.
fn check_diagnostics(
    diagnostics: &[Diagnostic],
    files: &BTreeMap<String, Vec<u8>>,
    root: &Path,
) -> Result<(), TestCaseError> {
    let root = root.to_string_lossy();
    for d in diagnostics {
        let lines = files.get(&d.file).map(|bytes| line_count(bytes));
        judge(d, lines, &root)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Base reports

type Files = BTreeMap<String, Vec<u8>>;

fn read_tree(root: &Path, dir: &Path, files: &mut Files) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

/// The three base reports: minimal and full fixtures, and the example at the repo root.
fn bases() -> &'static [Files] {
    static BASES: OnceLock<Vec<Files>> = OnceLock::new();
    BASES.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for fixture in ["tests/fixtures/good/minimal", "tests/fixtures/good/full"] {
            let root = repo.join(fixture);
            let mut files = Files::new();
            read_tree(&root, &root, &mut files);
            out.push(files);
        }
        let mut example = Files::new();
        example.insert(
            "book.toml".into(),
            std::fs::read(repo.join("book.toml")).unwrap(),
        );
        read_tree(repo, &repo.join("content"), &mut example);
        read_tree(repo, &repo.join("data"), &mut example);
        read_tree(repo, &repo.join("static"), &mut example);
        out.push(example);
        out
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Persona,
    Journey,
    Page,
    Book,
}

fn kind_of(rel: &str) -> Option<Kind> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["book.toml"] => Some(Kind::Book),
        [_, "personas", name] if name.ends_with(".md") => Some(Kind::Persona),
        [_, "journeys", name] if name.ends_with(".yaml") || name.ends_with(".yml") => {
            Some(Kind::Journey)
        }
        [_, "pages", name] if name.ends_with(".md") => Some(Kind::Page),
        [_, "index.md"] => Some(Kind::Page),
        _ => None,
    }
}

/// The part of a base report that a mutated `target` needs: book.toml, static files and
/// personas (journeys name them), plus the target; other journeys and pages only when
/// book.toml is the target (it applies to all of them). Keeps each case a few milliseconds.
fn trimmed(files: &Files, target: &str) -> Files {
    files
        .iter()
        .filter(|(rel, _)| {
            rel.as_str() == target
                || target == "book.toml"
                || !matches!(kind_of(rel), Some(Kind::Journey | Kind::Page))
        })
        .map(|(rel, bytes)| (rel.clone(), bytes.clone()))
        .collect()
}

/// (base, path) of every file of `kind` in the base reports.
fn targets(kind: Kind) -> Vec<(usize, String)> {
    bases()
        .iter()
        .enumerate()
        .flat_map(|(i, files)| {
            files
                .keys()
                .filter(move |rel| kind_of(rel) == Some(kind))
                .map(move |rel| (i, rel.clone()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Running a report

/// What one load (and render) gave, or why it did not finish.
enum Outcome {
    Done {
        diagnostics: Vec<Diagnostic>,
        /// Whether load gave a report, and whether its diagnostics held an error.
        report: bool,
        errors: bool,
    },
    Panicked(String),
    TimedOut,
}

/// `journeybook check` without the binary: load, then (if `render`) render into a null sink.
fn load_and_render(root: PathBuf, render: bool) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("fuzz-load".into())
        // The binary loads on its main thread: give the same 8 MiB of stack.
        .stack_size(8 << 20)
        .spawn(move || {
            let loaded = content::load(&root);
            let report = loaded.report.is_some();
            let errors = journeybook::diagnostics::has_errors(&loaded.diagnostics);
            let mut diagnostics = loaded.diagnostics;
            if let Some(report) = loaded.report.as_ref().filter(|_| render)
                && let Err(mut found) = render::render(report, &site::NullSink)
            {
                diagnostics.append(&mut found);
            }
            let _ = tx.send(Outcome::Done {
                diagnostics,
                report,
                errors,
            });
        })
        .expect("spawn the load thread");
    match rx.recv_timeout(deadline()) {
        Ok(outcome) => {
            let _ = worker.join();
            outcome
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = worker.join().err();
            let message = payload
                .as_ref()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_else(|| "unknown panic".into());
            Outcome::Panicked(message)
        }
        // The thread is left running: the test fails and its process ends.
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut,
    }
}

/// Writes the report `files` with `target` holding `data` (trimmed to what the target
/// needs) into a temporary folder, checks it, and applies the rules. Rendering costs
/// ~15 ms a case in a debug build, several loads: strategies ask for it in a share of the
/// cases ([`render`]).
fn check_report(
    files: &Files,
    target: &str,
    data: Vec<u8>,
    render: bool,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("report");
    let mut all = trimmed(files, target);
    all.insert(target.to_string(), data);
    for (rel, bytes) in &all {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    match load_and_render(root.clone(), render) {
        Outcome::Done {
            diagnostics,
            report,
            errors,
        } => {
            prop_assert!(
                report != errors,
                "load gave a report: {report}, but its diagnostics hold an error: {errors}: {diagnostics:#?}"
            );
            check_diagnostics(&diagnostics, &all, &root)
        }
        Outcome::Panicked(message) => Err(TestCaseError::fail(format!("panicked: {message}"))),
        Outcome::TimedOut => Err(TestCaseError::fail(format!(
            "loading did not finish within {:?}",
            deadline()
        ))),
    }
}

/// Whether a case also renders the report (when it is valid), as `check` does.
fn render() -> impl Strategy<Value = bool> {
    prop::bool::weighted(0.35)
}

/// Heavy inputs include alias bombs that can take gigabytes in-process: cap this test
/// process's address space (`FUZZ_MEM_MB`, default 4096) with util-linux `prlimit`, so a
/// blow-up aborts the test ("memory allocation failed") instead of starving the machine.
fn cap_memory() {
    static CAPPED: OnceLock<()> = OnceLock::new();
    CAPPED.get_or_init(|| {
        let bytes = env_number("FUZZ_MEM_MB").unwrap_or(4096) << 20;
        let capped = std::process::Command::new("prlimit")
            .args([
                "--pid",
                &std::process::id().to_string(),
                &format!("--as={bytes}"),
            ])
            .status()
            .is_ok_and(|s| s.success());
        if !capped {
            eprintln!("FUZZ_HEAVY: could not cap memory with prlimit; watch the machine");
        }
    });
}

/// Runs a property with `cases` default cases; prints the tolerated known defects.
fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    if heavy() {
        cap_memory();
    }
    let before: Vec<usize> = TOLERATED
        .iter()
        .map(|t| t.load(Ordering::Relaxed))
        .collect();
    let config = config(default_cases);
    let seed = config.rng_seed;
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, test);
    for (i, known) in KNOWN_DEFECTS.iter().enumerate() {
        let met = TOLERATED[i].load(Ordering::Relaxed) - before[i];
        if met > 0 {
            eprintln!(
                "{name}: known defect met {met} times (tolerated; FUZZ_STRICT=1 fails on it): {}",
                known.what
            );
        }
    }
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => {
            let mut shown = format!("{input:#?}");
            if shown.len() > 20_000 {
                shown.truncate(20_000);
                shown.push_str("\n… (cut)");
            }
            panic!("{name} ({seed:?}): {reason}\nminimal failing input:\n{shown}");
        }
        Err(e) => panic!("{name} ({seed:?}): {e}"),
    }
}

// ---------------------------------------------------------------------------------------
// Mutations

#[rustfmt::skip]
const TOKENS: &[&[u8]] = &[
    b":", b": ", b"- ", b"[", b"]", b"{", b"}", b",", b"\"", b"'", b"#", b"&a ", b"*a", b"!",
    b"!!str ", b"|", b">", b"%", b"@", b"`", b"? ", b"<<: ", b"\t", b"\n", b"\r", b"\r\n",
    b"  ", b"\\", b"=", b"...", b"---", b"~", b"null", b"true", b"-1", b"\xef\xbb\xbf", b"\x00",
    b"\xff", b"\xc3", b"\xe2\x80\xa8", b"\xc2\xa0", b"\xf0\x9f\x98\x80", b"\xcc\x81", b"[[",
    b"]]", b"\"\"\"", b"'''", b"*", b"**", b"_", b"<", b"<!--", b"```", b"~~~", b"|---|",
    b"\\u00", b"\\x", b"1_000", b"0x1F", b"1e999", b".inf", b"# Heading\n",
];

#[rustfmt::skip]
const INVALID_UTF8: &[&[u8]] = &[
    b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xe2\x82",
    b"\xf0\x28\x8c\xbc", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80",
];

#[rustfmt::skip]
const WRONG_YAML: &[&str] = &[
    "[]", "[a, b]", "{}", "{x: 1}", "~", "", "true", "no", "42", "-3", "3.14", "'text'",
    "|\n  block", ">-\n  folded", "[[nested]]", "{a: [1, {b: 2}]}", "!!binary aGVsbG8=",
    "!!set {a, b}", "!custom x", "*undefined", "2026-01-01", "!!str 12", "!!int '12'",
    "\"unterminated", "@reserved", "\"\\u12\"", "? complex\n  : key",
];

#[rustfmt::skip]
const WRONG_TOML: &[&str] = &[
    "[]", "[1, \"a\"]", "{}", "{ a = 1 }", "true", "42", "3.14", "inf", "nan",
    "1979-05-27T07:32:00Z", "'literal'", "\"\"\"multi\nline\"\"\"", "\"unterminated",
    "\"\\u12\"", "1_000", "0x1F", "1e400", "99999999999999999999999", "\"#zzz\"", "\"../etc\"",
    "\"/abs\"", "\"a\\\\b\"", "\"\"", "\"fr\"", "\"six\"", "\".\"", "\"./\"",
    "\"content/personas\"",
];

#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "1_000", "1,000", "1.000", "12 000", "12k", "0x1F", "0o17", "0b101", "017", "1e3", "-0",
    "+12", "-5", ".inf", "-.inf", ".nan", "99999999999999999999999", "18446744073709551616",
    "-9223372036854775809", "1e400", "3.0", "2.5", "١٢٣", "１２", "2026-01-01", "~", "'12'",
];

#[rustfmt::skip]
const UNICODE: &[&str] = &[
    "é", "ß", "İ", "中文", "עברית", "😀", "👩‍💻", "e\u{301}", "\u{200b}", "\u{202e}", "\u{2028}",
    "\u{85}", "\u{a0}", "\u{feff}", "\u{fffd}", "１２３", "\u{10ffff}",
];

#[derive(Debug, Clone, Copy)]
enum Nest {
    FlowSeq,
    FlowMap,
    FlowUnclosed,
    BlockSeq,
    BlockMap,
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Insert(Index, &'static [u8]),
    Delete(Index, usize),
    Truncate(Index),
    DuplicateLine(Index, usize),
    SwapLines(Index, Index),
    Crlf,
    CrOnly,
    Bom(bool),
    Tabs,
    Nul(Index, usize),
    InvalidUtf8(Index, &'static [u8]),
    Unicode(Index, &'static str),
    WrongType(Index, usize),
    Number(Index, &'static str),
    ExtraDocument(Index, &'static str),
    AnchorAlias(Index, Index),
    DuplicateKey(Index),
    DeepNesting(Index, usize, Nest),
    AliasBomb(usize, usize, usize),
    Headings(usize, bool),
    HugeLine(Index, usize),
}

/// The mutations, weighted towards the realistic; sizes grow with `FUZZ_HEAVY`.
fn mutation() -> BoxedStrategy<Mutation> {
    let heavy = heavy();
    let times: usize = if heavy { 5_000 } else { 20 };
    let depth: usize = if heavy { 200_000 } else { 64 };
    let (levels, width, anchor_depth): (usize, usize, usize) =
        if heavy { (12, 10, 8_000) } else { (4, 4, 16) };
    let headings: usize = if heavy { 8_000 } else { 40 };
    let huge: usize = if heavy { 4 << 20 } else { 64 << 10 };
    let nest = prop_oneof![
        Just(Nest::FlowSeq),
        Just(Nest::FlowMap),
        Just(Nest::FlowUnclosed),
        Just(Nest::BlockSeq),
        Just(Nest::BlockMap),
    ];
    prop_oneof![
        8 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        10 => (any::<Index>(), prop::sample::select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
        5 => (any::<Index>(), 1usize..256).prop_map(|(i, n)| Mutation::Delete(i, n)),
        5 => any::<Index>().prop_map(Mutation::Truncate),
        7 => (any::<Index>(), 1..=times).prop_map(|(i, n)| Mutation::DuplicateLine(i, n)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => Just(Mutation::Crlf),
        1 => Just(Mutation::CrOnly),
        3 => any::<bool>().prop_map(Mutation::Bom),
        3 => Just(Mutation::Tabs),
        2 => (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Nul(i, n)),
        3 => (any::<Index>(), prop::sample::select(INVALID_UTF8)).prop_map(|(i, b)| Mutation::InvalidUtf8(i, b)),
        4 => (any::<Index>(), prop::sample::select(UNICODE)).prop_map(|(i, u)| Mutation::Unicode(i, u)),
        9 => (any::<Index>(), 0usize..64).prop_map(|(i, v)| Mutation::WrongType(i, v)),
        5 => (any::<Index>(), prop::sample::select(NUMBERS)).prop_map(|(i, n)| Mutation::Number(i, n)),
        3 => (any::<Index>(), prop::sample::select(&["---", "...", "--- >", "---\ntitle: again", "---\n- a"][..]))
            .prop_map(|(i, m)| Mutation::ExtraDocument(i, m)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::AnchorAlias(a, b)),
        3 => any::<Index>().prop_map(Mutation::DuplicateKey),
        1 => (any::<Index>(), 1..=depth, nest).prop_map(|(i, d, n)| Mutation::DeepNesting(i, d, n)),
        // Anchors nested less deep than serde_yaml's recursion limit (128) are the ones
        // that get expanded: draw those as often as deeper ones.
        1 => (1..=levels, 2..=width, prop_oneof![0..=anchor_depth.min(120), 0..=anchor_depth])
            .prop_map(|(l, w, d)| Mutation::AliasBomb(l, w, d)),
        1 => (1..=headings, any::<bool>()).prop_map(|(n, same)| Mutation::Headings(n, same)),
        1 => (any::<Index>(), 1..=huge).prop_map(|(i, n)| Mutation::HugeLine(i, n)),
    ]
    .boxed()
}

fn split_lines(data: &[u8]) -> Vec<Vec<u8>> {
    data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

/// Line range of the YAML (or TOML) in a file: the front matter of a markdown file.
fn data_region(kind: Kind, lines: &[Vec<u8>]) -> (usize, usize) {
    if matches!(kind, Kind::Persona | Kind::Page)
        && lines.first().is_some_and(|l| l.trim_ascii_end() == b"---")
        && let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_ascii_end(), b"---" | b"..."))
    {
        return (1, end + 1);
    }
    (0, lines.len())
}

/// Where the value of a `key: value` (YAML) or `key = value` (TOML) line starts.
fn value_start(kind: Kind, line: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(line).ok()?;
    let trimmed = text.trim_start();
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let key_end = trimmed.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    if key_end == 0 {
        return None;
    }
    let after = &trimmed[key_end..];
    let separator = if kind == Kind::Book { " = " } else { ":" };
    after.starts_with(separator).then(|| {
        let offset = text.len() - after.len() + separator.len();
        offset
            + text[offset..]
                .find(|c: char| c != ' ')
                .unwrap_or(text.len() - offset)
    })
}

/// Indices of lines in the data region that hold a key and a value.
fn key_lines(kind: Kind, lines: &[Vec<u8>]) -> Vec<usize> {
    let (start, end) = data_region(kind, lines);
    (start..end)
        .filter(|&i| value_start(kind, &lines[i]).is_some())
        .collect()
}

fn nesting(depth: usize, style: Nest) -> Vec<u8> {
    match style {
        Nest::FlowSeq => [b"[".repeat(depth), b"x".to_vec(), b"]".repeat(depth)].concat(),
        Nest::FlowMap => [b"{a: ".repeat(depth), b"x".to_vec(), b"}".repeat(depth)].concat(),
        Nest::FlowUnclosed => b"[".repeat(depth),
        Nest::BlockSeq => [b"\n  ".to_vec(), b"- ".repeat(depth), b"x".to_vec()].concat(),
        Nest::BlockMap => {
            let mut out = Vec::new();
            for d in 0..depth.min(2_500) {
                out.push(b'\n');
                out.extend(b"  ".repeat(d + 1));
                out.extend(b"k:");
            }
            out.extend(b" x");
            out
        }
    }
}

/// Replaces the value of the key line picked by `at`, or appends `key: value` to the region.
fn set_value(kind: Kind, data: &[u8], at: &Index, value: &[u8]) -> Vec<u8> {
    let mut lines = split_lines(data);
    let keys = key_lines(kind, &lines);
    if keys.is_empty() {
        let (_, end) = data_region(kind, &lines);
        let separator: &[u8] = if kind == Kind::Book { b" = " } else { b": " };
        lines.insert(end, [b"extra".as_slice(), separator, value].concat());
    } else {
        let i = keys[at.index(keys.len())];
        let start = value_start(kind, &lines[i]).unwrap();
        lines[i].truncate(start);
        if kind != Kind::Book && !lines[i].ends_with(b" ") {
            lines[i].push(b' ');
        }
        lines[i].extend_from_slice(value);
    }
    join_lines(&lines)
}

fn apply(kind: Kind, data: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut data = data.to_vec();
    let at = |i: &Index, len: usize| i.index(len + 1);
    match mutation {
        Mutation::FlipBit(i, bit) => {
            if !data.is_empty() {
                let i = i.index(data.len());
                data[i] ^= 1 << bit;
            }
        }
        Mutation::Insert(i, token) => {
            let i = at(i, data.len());
            data.splice(i..i, token.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let i = at(i, data.len());
            let end = (i + n).min(data.len());
            data.drain(i..end);
        }
        Mutation::Truncate(i) => data.truncate(at(i, data.len())),
        Mutation::DuplicateLine(i, n) => {
            let mut lines = split_lines(&data);
            let i = i.index(lines.len());
            let copies = vec![lines[i].clone(); *n];
            lines.splice(i + 1..i + 1, copies);
            data = join_lines(&lines);
        }
        Mutation::SwapLines(a, b) => {
            let mut lines = split_lines(&data);
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            data = join_lines(&lines);
        }
        Mutation::Crlf => {
            let lines = split_lines(&data);
            data = lines.join(&b"\r\n"[..]);
        }
        Mutation::CrOnly => {
            for b in &mut data {
                if *b == b'\n' {
                    *b = b'\r';
                }
            }
        }
        Mutation::Bom(twice) => {
            let bom: &[u8] = if *twice {
                b"\xef\xbb\xbf\xef\xbb\xbf"
            } else {
                b"\xef\xbb\xbf"
            };
            data.splice(0..0, bom.iter().copied());
        }
        Mutation::Tabs => {
            let lines: Vec<Vec<u8>> = split_lines(&data)
                .into_iter()
                .map(|l| {
                    let spaces = l.iter().take_while(|&&b| b == b' ').count();
                    if spaces >= 2 {
                        [b"\t".repeat(spaces / 2), l[spaces..].to_vec()].concat()
                    } else {
                        l
                    }
                })
                .collect();
            data = join_lines(&lines);
        }
        Mutation::Nul(i, n) => {
            let i = at(i, data.len());
            data.splice(i..i, std::iter::repeat_n(0, *n));
        }
        Mutation::InvalidUtf8(i, bytes) => {
            let i = at(i, data.len());
            data.splice(i..i, bytes.iter().copied());
        }
        Mutation::Unicode(i, text) => {
            let mut i = at(i, data.len());
            while i > 0 && i < data.len() && data[i] & 0xc0 == 0x80 {
                i -= 1;
            }
            data.splice(i..i, text.bytes());
        }
        Mutation::WrongType(i, v) => {
            let value = if kind == Kind::Book {
                WRONG_TOML[v % WRONG_TOML.len()].to_string()
            } else {
                WRONG_YAML[v % WRONG_YAML.len()].replace('\n', "\n      ")
            };
            data = set_value(kind, &data, i, value.as_bytes());
        }
        Mutation::Number(i, n) => data = set_value(kind, &data, i, n.as_bytes()),
        Mutation::ExtraDocument(i, marker) => {
            let mut lines = split_lines(&data);
            let (start, end) = data_region(kind, &lines);
            let line = start + i.index(end - start + 1);
            lines.insert(line, marker.as_bytes().to_vec());
            data = join_lines(&lines);
        }
        Mutation::AnchorAlias(a, b) => {
            let mut lines = split_lines(&data);
            let keys = key_lines(kind, &lines);
            if !keys.is_empty() && kind != Kind::Book {
                let (a, b) = (keys[a.index(keys.len())], keys[b.index(keys.len())]);
                let start = value_start(kind, &lines[a]).unwrap();
                lines[a].splice(start..start, b"&a ".iter().copied());
                let start = value_start(kind, &lines[b]).unwrap();
                lines[b].truncate(start);
                lines[b].extend_from_slice(b" *a");
                data = join_lines(&lines);
            }
        }
        Mutation::DuplicateKey(i) => {
            let mut lines = split_lines(&data);
            let keys = key_lines(kind, &lines);
            if !keys.is_empty() {
                let line = keys[i.index(keys.len())];
                let copy = lines[line].clone();
                let copy = match copy.iter().position(|&b| b != b' ') {
                    // `- key: v` again as `  key: v`: a second key of the same item.
                    Some(p) if copy[p..].starts_with(b"- ") => {
                        [&copy[..p], b"  ".as_slice(), &copy[p + 2..]].concat()
                    }
                    _ => copy,
                };
                lines.insert(line + 1, copy);
                data = join_lines(&lines);
            }
        }
        Mutation::DeepNesting(i, depth, style) => {
            let value = if kind == Kind::Book {
                match style {
                    Nest::FlowMap => [
                        b"{ a = ".repeat(*depth),
                        b"1".to_vec(),
                        b" }".repeat(*depth),
                    ]
                    .concat(),
                    _ => nesting(*depth, Nest::FlowSeq),
                }
            } else {
                nesting(*depth, *style)
            };
            data = set_value(kind, &data, i, &value);
        }
        Mutation::AliasBomb(levels, width, depth) => {
            let mut lines = split_lines(&data);
            let (_, end) = data_region(kind, &lines);
            let base = if *depth > 0 {
                nesting(*depth, Nest::FlowSeq)
            } else {
                b"[lol, lol, lol]".to_vec()
            };
            let mut bomb = vec![[b"a0: &a0 ".as_slice(), &base].concat()];
            for level in 1..=*levels {
                let refs = vec![format!("*a{}", level - 1); *width].join(", ");
                bomb.push(format!("a{level}: &a{level} [{refs}]").into_bytes());
            }
            if kind == Kind::Book {
                // TOML has no aliases: the same size of text, as a table of arrays.
                bomb = vec![b"[bomb]".to_vec(), [b"a = ".as_slice(), &base].concat()];
            }
            lines.splice(end..end, bomb);
            data = join_lines(&lines);
        }
        Mutation::Headings(n, same) => {
            for k in 0..*n {
                data.extend_from_slice(b"\n\n## Heading");
                if !same {
                    data.extend_from_slice(format!(" {k}").as_bytes());
                }
            }
            data.push(b'\n');
        }
        Mutation::HugeLine(i, n) => {
            let value = if kind == Kind::Book {
                [b"\"".as_slice(), &b"x".repeat(*n), b"\""].concat()
            } else {
                b"word ".repeat(n / 5 + 1)[..*n].to_vec()
            };
            data = set_value(kind, &data, i, &value);
        }
    }
    data
}

/// A mutated file: its base report, its path, one to three mutations, and whether to render.
type Mutated = (usize, String, Vec<Mutation>, bool);

/// A file of `kind` from a base report with one to three mutations.
fn mutated(kind: Kind) -> impl Strategy<Value = Mutated> {
    let targets = targets(kind);
    assert!(!targets.is_empty(), "no base file of kind {kind:?}");
    (
        prop::sample::select(targets),
        prop::collection::vec(mutation(), 1..=3),
        render(),
    )
        .prop_map(|((base, rel), mutations, render)| (base, rel, mutations, render))
}

fn check_mutated(kind: Kind, (base, rel, mutations, render): Mutated) -> Result<(), TestCaseError> {
    let files = &bases()[base];
    let mut data = files[&rel].clone();
    for m in &mutations {
        data = apply(kind, &data, m);
    }
    check_report(files, &rel, data, render)
}

#[test]
fn mutated_personas() {
    fuzz(
        "mutated_personas",
        REPORT_CASES,
        mutated(Kind::Persona),
        |input| check_mutated(Kind::Persona, input),
    );
}

#[test]
fn mutated_journeys() {
    fuzz(
        "mutated_journeys",
        REPORT_CASES,
        mutated(Kind::Journey),
        |input| check_mutated(Kind::Journey, input),
    );
}

#[test]
fn mutated_pages() {
    fuzz(
        "mutated_pages",
        REPORT_CASES,
        mutated(Kind::Page),
        |input| check_mutated(Kind::Page, input),
    );
}

#[test]
fn mutated_book_toml() {
    fuzz(
        "mutated_book_toml",
        REPORT_CASES,
        mutated(Kind::Book),
        |input| check_mutated(Kind::Book, input),
    );
}

/// Arbitrary bytes as any one file of a report.
#[test]
fn arbitrary_bytes() {
    let kinds = prop_oneof![
        Just(Kind::Persona),
        Just(Kind::Journey),
        Just(Kind::Page),
        Just(Kind::Book)
    ];
    let strategy = (
        kinds,
        prop::collection::vec(any::<u8>(), 0..512),
        "[ -~]{0,200}",
    );
    fuzz(
        "arbitrary_bytes",
        REPORT_CASES,
        strategy,
        |(kind, bytes, text)| {
            let files = &bases()[0];
            let rel = files
                .keys()
                .find(|rel| kind_of(rel) == Some(kind))
                .cloned()
                .unwrap_or_else(|| "content/pages/p.md".into());
            check_report(files, &rel, bytes, false)?;
            check_report(files, &rel, text.into_bytes(), false)
        },
    );
}

// ---------------------------------------------------------------------------------------
// Generated files: the formats' own fields, with wrong types and odd values mixed in

#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Seq(Vec<Node>, bool),
    Map(Vec<(String, Node)>, bool),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Za-z][A-Za-z0-9 ,.-]{0,20}",
        2 => "\\PC{0,16}",
        1 => prop::sample::select(
            &["", " ", "yes", "no", "~", "null", "1_000", "0x1F", "-", ":", "# x", "'", "\"", "&a", "*a", "---", "a: b", "[x]", "{x}", "é", "😀", "\u{feff}"][..]
        )
        .prop_map(str::to_string),
    ]
}

fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        1 => Just(Node::Null),
        1 => any::<bool>().prop_map(Node::Bool),
        2 => prop_oneof![any::<i64>(), -3i64..20_000].prop_map(Node::Int),
        1 => prop_oneof![any::<f64>(), -10.0f64..10.0].prop_map(Node::Float),
        4 => text().prop_map(Node::Text),
    ]
}

fn any_node() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..5), any::<bool>())
                .prop_map(|(items, flow)| Node::Seq(items, flow)),
            (prop::collection::vec((text(), inner), 0..5), any::<bool>())
                .prop_map(|(entries, flow)| Node::Map(entries, flow)),
        ]
    })
}

/// A field: usually of the expected shape `good`, sometimes any value at all.
fn field(good: BoxedStrategy<Node>) -> BoxedStrategy<Node> {
    prop_oneof![8 => good, 1 => any_node()].boxed()
}

fn texts() -> BoxedStrategy<Node> {
    (
        prop::collection::vec(text().prop_map(Node::Text), 0..4),
        any::<bool>(),
    )
        .prop_map(|(items, flow)| Node::Seq(items, flow))
        .boxed()
}

/// A map of the given fields, each present or not, plus sometimes a stray field.
fn record(fields: Vec<(&'static str, BoxedStrategy<Node>)>) -> BoxedStrategy<Node> {
    let names: Vec<&'static str> = fields.iter().map(|f| f.0).collect();
    let values: Vec<BoxedStrategy<Option<Node>>> = fields
        .into_iter()
        .map(|(_, s)| prop::option::weighted(0.8, field(s)).boxed())
        .collect();
    let stray = prop::option::weighted(
        0.15,
        (
            prop_oneof![
                "[a-z]{1,10}",
                prop::sample::select(names.clone()).prop_map(|n| format!("{n}s"))
            ],
            any_node(),
        ),
    );
    (values, stray, any::<bool>())
        .prop_map(move |(values, stray, flow)| {
            let mut entries: Vec<(String, Node)> = names
                .iter()
                .zip(values)
                .filter_map(|(n, v)| Some((n.to_string(), v?)))
                .collect();
            entries.extend(stray);
            Node::Map(entries, flow)
        })
        .boxed()
}

fn scalar(s: impl Strategy<Value = Node> + 'static) -> BoxedStrategy<Node> {
    s.boxed()
}

fn persona_node() -> BoxedStrategy<Node> {
    let label_map = prop::collection::vec(
        (
            "[a-z]{1,10}",
            prop_oneof![text().prop_map(Node::Text), (0i64..120).prop_map(Node::Int)],
        ),
        0..4,
    )
    .prop_map(|entries| Node::Map(entries, true))
    .boxed();
    record(vec![
        ("name", scalar(text().prop_map(Node::Text))),
        ("role", scalar(text().prop_map(Node::Text))),
        ("segment", scalar(text().prop_map(Node::Text))),
        ("quote", scalar(text().prop_map(Node::Text))),
        (
            "photo",
            scalar(
                prop::sample::select(
                    &[
                        "static/jane.png",
                        "static/logo.svg",
                        "missing.png",
                        "../x.png",
                        "/etc/passwd",
                        "static",
                    ][..],
                )
                .prop_map(|s| Node::Text(s.into())),
            ),
        ),
        ("demographics", label_map),
        ("goals", texts()),
        ("pains", texts()),
        ("motivations", texts()),
        ("channels", texts()),
        ("tags", texts()),
    ])
}

#[rustfmt::skip]
const STAGES: &[&str] = &[
    "awareness", "consideration", "decision", "retention", "advocacy", "orientatie", "staal",
    "bestelling", "etiketteren", "herbestelling", "purchase", "x",
];

fn stage_node() -> BoxedStrategy<Node> {
    let touchpoint = prop_oneof![
        text().prop_map(Node::Text),
        record(vec![
            ("name", scalar(text().prop_map(Node::Text))),
            ("channel", scalar(text().prop_map(Node::Text))),
            ("owner", scalar(text().prop_map(Node::Text))),
        ]),
    ];
    record(vec![
        (
            "stage",
            scalar(prop::sample::select(STAGES).prop_map(|s| Node::Text(s.into()))),
        ),
        (
            "count",
            scalar(prop_oneof![
                (0i64..100_000).prop_map(Node::Int),
                any::<i64>().prop_map(Node::Int),
                (0.0f64..1e6).prop_map(Node::Float),
                prop::sample::select(NUMBERS).prop_map(|s| Node::Text(s.into())),
            ]),
        ),
        ("emotion", scalar((-3i64..=3).prop_map(Node::Int))),
        ("goal", scalar(text().prop_map(Node::Text))),
        ("actions", texts()),
        ("thoughts", texts()),
        (
            "touchpoints",
            (prop::collection::vec(touchpoint, 0..3), any::<bool>())
                .prop_map(|(items, flow)| Node::Seq(items, flow))
                .boxed(),
        ),
        ("pains", texts()),
        ("opportunities", texts()),
        ("content", texts()),
        (
            "kpis",
            prop::collection::vec(("[a-z]{1,8}", leaf()), 0..3)
                .prop_map(|e| Node::Map(e, true))
                .boxed(),
        ),
    ])
}

fn journey_node() -> BoxedStrategy<Node> {
    record(vec![
        ("title", scalar(text().prop_map(Node::Text))),
        (
            "persona",
            scalar(
                prop::sample::select(
                    &["jane", "brouwer-bart", "wijnmaker-els", "nobody", "Jane"][..],
                )
                .prop_map(|s| Node::Text(s.into())),
            ),
        ),
        (
            "model",
            scalar(
                prop::sample::select(&["five", "six", "kiwi", "fiv", ""][..])
                    .prop_map(|s| Node::Text(s.into())),
            ),
        ),
        ("summary", scalar(text().prop_map(Node::Text))),
        ("period", scalar(text().prop_map(Node::Text))),
        ("unit", scalar(text().prop_map(Node::Text))),
        (
            "stages",
            (prop::collection::vec(stage_node(), 0..7), any::<bool>())
                .prop_map(|(items, flow)| Node::Seq(items, flow))
                .boxed(),
        ),
    ])
}

/// A YAML scalar for `text`: plain when that is safe (and `plain` asks for it), else quoted.
fn yaml_text(text: &str, plain: bool) -> String {
    let safe = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-'))
        && !text.ends_with(' ');
    if plain && safe {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap()
    }
}

fn yaml_scalar(node: &Node) -> Option<String> {
    Some(match node {
        Node::Null => "~".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Float(f) if f.is_nan() => ".nan".into(),
        Node::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.into(),
        Node::Float(f) => format!("{f:?}"),
        Node::Text(t) => yaml_text(t, t.len() % 3 != 0),
        _ => return None,
    })
}

fn yaml_flow(node: &Node) -> String {
    match node {
        Node::Seq(items, _) => format!(
            "[{}]",
            items.iter().map(yaml_flow).collect::<Vec<_>>().join(", ")
        ),
        Node::Map(entries, _) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_text(k, true), yaml_flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => yaml_scalar(scalar).unwrap(),
    }
}

/// Block style YAML for `node` at `indent`; flow-flagged collections are written inline.
fn yaml_block(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(entries, false) if !entries.is_empty() => {
            for (k, v) in entries {
                out.push_str(&format!("{pad}{}:", yaml_text(k, true)));
                yaml_child(v, indent, out);
            }
        }
        Node::Seq(items, false) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                yaml_child(item, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{}\n", yaml_flow(other))),
    }
}

fn yaml_child(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Map(e, false) if !e.is_empty() => {
            out.push('\n');
            yaml_block(node, indent + 2, out);
        }
        Node::Seq(i, false) if !i.is_empty() => {
            out.push('\n');
            yaml_block(node, indent + 2, out);
        }
        other => out.push_str(&format!(" {}\n", yaml_flow(other))),
    }
}

fn yaml(node: &Node) -> String {
    let mut out = String::new();
    yaml_block(node, 0, &mut out);
    out
}

fn markdown_body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[A-Za-z ]{0,40}".prop_map(|s| s),
            Just("# Heading".to_string()),
            Just("## Heading".to_string()),
            Just("---".to_string()),
            Just("- a\n  - b".to_string()),
            Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
            Just("```\ncode".to_string()),
            Just("<div>x</div>".to_string()),
            Just("[^1]\n\n[^1]: note".to_string()),
            Just("{{ not.tera }} {% raw %}".to_string()),
            "\\PC{0,20}",
        ],
        0..8,
    )
    .prop_map(|blocks| blocks.join("\n\n"))
}

#[test]
fn generated_personas() {
    let strategy = (persona_node(), markdown_body(), 0usize..3, render());
    fuzz(
        "generated_personas",
        REPORT_CASES,
        strategy,
        |(node, body, base, render)| {
            let files = &bases()[base];
            let rel = files
                .keys()
                .find(|rel| kind_of(rel) == Some(Kind::Persona))
                .unwrap()
                .clone();
            let text = format!("---\n{}---\n{body}\n", yaml(&node));
            check_report(files, &rel, text.into_bytes(), render)
        },
    );
}

#[test]
fn generated_journeys() {
    let strategy = (journey_node(), 0usize..3, render());
    fuzz(
        "generated_journeys",
        REPORT_CASES,
        strategy,
        |(node, base, render)| {
            let files = &bases()[base];
            let rel = files
                .keys()
                .find(|rel| kind_of(rel) == Some(Kind::Journey))
                .unwrap()
                .clone();
            check_report(files, &rel, yaml(&node).into_bytes(), render)
        },
    );
}

#[test]
fn generated_pages() {
    let title = prop::option::of(field(text().prop_map(Node::Text).boxed()));
    let strategy = (title, markdown_body(), any::<bool>(), render());
    fuzz(
        "generated_pages",
        REPORT_CASES,
        strategy,
        |(title, body, index, render)| {
            let front = title
                .map(|t| {
                    format!(
                        "---\n{}---\n",
                        yaml(&Node::Map(vec![("title".into(), t)], false))
                    )
                })
                .unwrap_or_default();
            let rel = if index {
                "content/index.md"
            } else {
                "content/pages/generated.md"
            };
            check_report(
                &bases()[1],
                rel,
                format!("{front}{body}").into_bytes(),
                render,
            )
        },
    );
}

/// A TOML value of a generated book.toml.
#[derive(Debug, Clone)]
enum Toml {
    Text(String),
    Int(i64),
    Bool(bool),
    Array(Vec<Toml>),
    Inline(Vec<(String, Toml)>),
}

fn toml_text(s: &str) -> String {
    // JSON string escapes are TOML basic-string escapes, except `\/` which JSON never emits.
    serde_json::to_string(s).unwrap()
}

fn toml_value(v: &Toml) -> String {
    match v {
        Toml::Text(s) => toml_text(s),
        Toml::Int(i) => i.to_string(),
        Toml::Bool(b) => b.to_string(),
        Toml::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Toml::Inline(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml_text(k)
    }
}

fn toml_any() -> impl Strategy<Value = Toml> {
    let leaf = prop_oneof![
        text().prop_map(Toml::Text),
        any::<i64>().prop_map(Toml::Int),
        any::<bool>().prop_map(Toml::Bool),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Toml::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3).prop_map(Toml::Inline),
        ]
    })
}

fn toml_field(values: &'static [&'static str]) -> BoxedStrategy<Option<Toml>> {
    prop::option::weighted(
        0.7,
        prop_oneof![
            6 => prop::sample::select(values).prop_map(|s| Toml::Text(s.into())),
            1 => toml_any(),
        ],
    )
    .boxed()
}

#[test]
fn generated_book_toml() {
    let book = (
        toml_field(&["Report", "", " ", "Klantreizen 😀", "a\"b"]),
        prop::option::weighted(
            0.5,
            prop_oneof![toml_any(), Just(Toml::Array(vec![Toml::Text("A".into())]))],
        ),
        toml_field(&["en", "nl", "fr", "EN", ""]),
        toml_field(&[
            "content",
            "content/",
            "./content",
            "content/personas",
            "../x",
            "/abs",
            "missing",
            "",
            ".",
            "./",
        ]),
        prop::option::weighted(0.1, ("[a-z]{1,8}", toml_any())),
    );
    let output = (
        toml_field(&["default", "missing", "Default", "../x"]),
        toml_field(&["#0b7a75", "#FFF", "#12345", "red", "", "#ggg"]),
        toml_field(&[
            "static/logo.svg",
            "static/jane.png",
            "missing.svg",
            "../logo.svg",
            "static",
        ]),
        prop::option::weighted(
            0.6,
            prop_oneof![any::<bool>().prop_map(Toml::Bool), toml_any()],
        ),
    );
    let stage = (
        prop::sample::select(STAGES),
        prop::option::of(text()),
        prop::option::of(prop::sample::select(&["buyer", "customer", "other"][..])),
    )
        .prop_map(|(id, name, group)| {
            let mut e = vec![("id".to_string(), Toml::Text(id.into()))];
            e.extend(name.map(|n| ("name".to_string(), Toml::Text(n))));
            e.extend(group.map(|g| ("group".to_string(), Toml::Text(g.into()))));
            Toml::Inline(e)
        });
    let models = prop::collection::vec(
        (
            prop::sample::select(&["kiwi", "five", "mine", "Bad Id", ""][..]),
            prop_oneof![
                4 => prop::collection::vec(stage, 0..6).prop_map(Toml::Array),
                1 => toml_any(),
            ],
        ),
        0..3,
    );
    let journey = (toml_field(&["five", "six", "kiwi", "mine", "fiv"]), models);
    let strategy = (
        book,
        output,
        journey,
        prop::option::weighted(0.3, "[a-z]{1,6}"),
        any::<bool>(),
        render(),
    );
    fuzz(
        "generated_book_toml",
        REPORT_CASES,
        strategy,
        |(
            (title, authors, language, src, stray),
            (theme, accent, logo, print),
            (model, models),
            section,
            build,
            render,
        )| {
            let mut out = String::new();
            let put = |key: &str, value: &Option<Toml>, out: &mut String| {
                if let Some(v) = value {
                    out.push_str(&format!("{} = {}\n", toml_key(key), toml_value(v)));
                }
            };
            out.push_str("[book]\n");
            put("title", &title, &mut out);
            put("authors", &authors, &mut out);
            put("language", &language, &mut out);
            put("src", &src, &mut out);
            if let Some((k, v)) = &stray {
                put(k, &Some(v.clone()), &mut out);
            }
            if build {
                out.push_str("[build]\nbuild-dir = \"public\"\n");
            }
            out.push_str("[output.html]\n");
            put("theme", &theme, &mut out);
            put("accent-color", &accent, &mut out);
            put("logo", &logo, &mut out);
            put("print", &print, &mut out);
            out.push_str("[journey]\n");
            put("model", &model, &mut out);
            for (id, stages) in &models {
                out.push_str(&format!(
                    "[[journey.models]]\nid = {}\nstages = {}\n",
                    toml_text(id),
                    toml_value(stages)
                ));
            }
            if let Some(section) = &section {
                out.push_str(&format!("[{section}]\nx = 1\n"));
            }
            check_report(&bases()[1], "book.toml", out.into_bytes(), render)
        },
    );
}

// ---------------------------------------------------------------------------------------
// The lower-level parsers on their own, without a report folder: many cases are cheap

#[test]
fn parsers_on_arbitrary_text() {
    let text = prop_oneof![
        "\\PC{0,300}",
        "[-:\\[\\]{}#&*!|>'\"%@`?, \\t\\na-z0-9.=~]{0,300}",
        any_node().prop_map(|n| yaml(&n)),
    ];
    let config = Arc::new(journeybook::config::Config::default());
    fuzz(
        "parsers_on_arbitrary_text",
        PARSER_CASES,
        text,
        move |text| {
            let file = "content/journeys/x.yaml";
            let lines = line_count(text.as_bytes());
            let located = |d: &Diagnostic| judge(d, Some(lines), "");
            if let Err(d) = content::yaml::parse(&text, file, 0) {
                located(&d)?;
            }
            let (_, found) = content::journey::parse(
                "x",
                file,
                &text,
                &config,
                &["jane"],
                std::path::Path::new("."),
            );
            found.iter().try_for_each(located)?;
            let (_, found) = content::persona::parse(
                "x",
                "content/personas/x.md",
                &text,
                Path::new("/nonexistent"),
            );
            found.iter().try_for_each(located)?;
            let (_, found) = content::page::parse("content/pages/x.md", &text);
            found.iter().try_for_each(located)?;
            let _ = content::page::first_heading(&text);
            if let Err(found) = journeybook::config::parse(Path::new("/nonexistent"), &text) {
                found.iter().try_for_each(located)?;
            }
            Ok(())
        },
    );
}
