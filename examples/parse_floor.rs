//! The floor of a build, for `scripts/bench.sh`: the time to read every file under a
//! report's `content/` and parse its markdown and YAML, and nothing else (no validation,
//! no model, no HTML, no output). It uses the same crates as the tool (serde_yaml for YAML,
//! pulldown-cmark with the tool's options for markdown) and the same parallelism (rayon),
//! so no build can be faster than this on the same input.
//!
//! usage: cargo run --release --example parse_floor -- REPORT_DIR
//!
//! Prints nothing on success; its run time is what `scripts/bench.sh` measures. Exits 1 if a
//! file cannot be read or parsed (so a floor is never measured on input it did not parse).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use journeybook::render::markdown::options;
use pulldown_cmark::Parser;
use rayon::prelude::*;

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Cuts `---` front matter from a markdown file: (YAML, body).
fn split(text: &str) -> Result<(Option<&str>, &str), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Ok((None, text));
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok((Some(&text[start..offset]), &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("front matter is not closed".into())
}

fn yaml(text: &str) -> Result<serde_yaml::Value, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Reads and parses one file; returns a number that depends on the parse, so none of the
/// work can be optimised away.
fn parse(path: &Path) -> Result<usize, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => {
            let (front, body) = split(&text)?;
            let mut n = 0;
            if let Some(front) = front {
                n += usize::from(!yaml(front)?.is_null());
            }
            n += Parser::new_ext(body, options()).count();
            Ok(n)
        }
        Some("yaml" | "yml") => Ok(usize::from(!yaml(&text)?.is_null())),
        _ => Ok(text.len()),
    }
}

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor REPORT_DIR");
        return ExitCode::from(2);
    };
    let content = Path::new(&root).join("content");
    let mut files = Vec::new();
    if let Err(e) = walk(&content, &mut files) {
        eprintln!("parse_floor: {}: {e}", content.display());
        return ExitCode::FAILURE;
    }
    let results: Vec<Result<usize, String>> = files.par_iter().map(|p| parse(p)).collect();
    let mut total = 0usize;
    for (path, result) in files.iter().zip(results) {
        match result {
            Ok(n) => total = total.wrapping_add(n),
            Err(e) => {
                eprintln!("parse_floor: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if std::env::var_os("PARSE_FLOOR_VERBOSE").is_some() {
        eprintln!(
            "parse_floor: {} files, {total} events and documents",
            files.len()
        );
    }
    std::hint::black_box(total);
    ExitCode::SUCCESS
}
