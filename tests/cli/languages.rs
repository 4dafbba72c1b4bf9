//! Reports in French, German and any language through `i18n/<language>.toml`; `-v`, and
//! the progress line that only a terminal gets.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::support::{self, build, build_ok, fixture_copy, journeybook, text, tmp, write};

/// The funnel fixture (12,000 → 3,100 → 450 people) in `language`.
fn funnel_in(root: &Path, language: &str) -> std::path::PathBuf {
    let dir = fixture_copy("funnel", root);
    support::edit(
        &dir.join("book.toml"),
        "language = \"nl\"",
        &format!("language = \"{language}\""),
    );
    dir
}

#[test]
fn french_reports_name_stages_and_write_numbers_the_french_way() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "fr");
    let site = build_ok(&dir, &tmp.path().join("out"));
    let page = text(&site, "journeys/jana-software/index.html");
    assert!(page.contains("<html lang=\"fr\""), "lang");
    for stage in ["Notoriété", "Considération", "Décision"] {
        assert!(page.contains(stage), "{stage}");
    }
    // A narrow no-break space groups thousands, a no-break space precedes %.
    assert!(page.contains("12\u{202f}000"), "12 000");
    assert!(page.contains("14,5\u{a0}%"), "14,5 %");
    assert!(page.contains("Carte du parcours"), "UI strings are French");
    assert!(!page.contains("12,000") && !page.contains("12.000"));
}

#[test]
fn german_reports_name_stages_and_write_numbers_the_german_way() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "de");
    let site = build_ok(&dir, &tmp.path().join("out"));
    let page = text(&site, "journeys/jana-software/index.html");
    assert!(page.contains("<html lang=\"de\""), "lang");
    for stage in ["Wahrnehmung", "Abwägung", "Entscheidung"] {
        assert!(page.contains(stage), "{stage}");
    }
    assert!(page.contains("12.000"), "12.000");
    assert!(page.contains("14,5\u{a0}%"), "14,5 %");
    assert!(
        page.contains("Customer Journey Map"),
        "UI strings are German"
    );
}

const SPANISH: &str = "\
[stages]
awareness = \"Reconocimiento\"
consideration = \"Consideración\"

[ui]
journey_map = \"Mapa del recorrido\"

[numbers]
thousands = \".\"
decimal = \",\"
percent = \"{n} %\"
";

#[test]
fn any_language_works_through_its_i18n_file_and_one_warning_names_the_rest() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "es");
    write(&dir, "i18n/es.toml", SPANISH);
    let out = tmp.path().join("out");
    let run = build(&dir, &out);
    assert!(run.success(), "{}", run.stderr);
    let page = text(&support::tree(&out), "journeys/jana-software/index.html").to_string();
    assert!(page.contains("<html lang=\"es\""));
    assert!(page.contains("Reconocimiento") && page.contains("Consideración"));
    assert!(page.contains("Mapa del recorrido"));
    assert!(
        page.contains("12.000") && page.contains("14,5 %"),
        "numbers"
    );
    // What the file leaves out is English, named in one warning.
    // The stage model line names every stage of `five`.
    let model = crate::support::html::Page::parse(&page)
        .select(".journey-meta .model-stages")
        .into_iter()
        .map(crate::support::html::text_of)
        .collect::<Vec<_>>()
        .join("");
    assert!(
        model.contains("Consideración → Decision → Retention"),
        "the stages left out are English: {model}"
    );
    // (The fixture's journey also has story warnings of its own: content/…)
    let warnings: Vec<_> = run
        .warnings()
        .into_iter()
        .filter(|w| !w.starts_with("warning: content/"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let warning = warnings[0];
    assert!(warning.starts_with("warning: i18n/es.toml: "), "{warning}");
    assert!(
        warning.ends_with("; [stages] advocacy, decision, retention"),
        "{warning}"
    );
    for key in ["overview", "personas", "emotion_very_negative"] {
        assert!(
            warning.contains(&format!(" {key},")) || warning.contains(&format!(" {key};")),
            "{key}: {warning}"
        );
    }
    for named in ["journey_map", "awareness", "consideration"] {
        assert!(
            !warning.contains(&format!(" {named}")),
            "{named}: {warning}"
        );
    }

    // Written in full, the file gets no warning.
    let mut full = SPANISH.replace(
        "consideration = \"Consideración\"\n",
        "consideration = \"Consideración\"\ndecision = \"Decisión\"\nretention = \"Retención\"\nadvocacy = \"Recomendación\"\n",
    );
    let ui: String = ui_keys()
        .iter()
        .filter(|k| *k != "journey_map")
        .map(|k| format!("{k} = \"es:{k}\"\n"))
        .collect();
    full = full.replace("[ui]\n", &format!("[ui]\n{ui}"));
    write(&dir, "i18n/es.toml", &full);
    let run = build(&dir, &out);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        !run.warnings().iter().any(|w| w.contains("i18n/")),
        "{}",
        run.stderr
    );
}

/// The UI keys, as docs/languages.md lists them for translators.
fn ui_keys() -> Vec<String> {
    let docs = std::fs::read_to_string(support::manifest_dir().join("docs/languages.md")).unwrap();
    let (_, list) = docs
        .split_once("## Every UI key")
        .expect("docs list the UI keys");
    list.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(k, _)| k.to_string()))
        .collect()
}

#[test]
fn an_unknown_key_in_an_i18n_file_is_an_error_at_its_line_with_a_suggestion() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "es");
    write(
        &dir,
        "i18n/es.toml",
        "[stages]\nawarenes = \"Reconocimiento\"\n\n[ui]\njourney_mapp = \"Mapa\"\n",
    );
    let run = journeybook()
        .args([OsStr::new("check"), dir.as_os_str()])
        .run();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.errors(),
        [
            "error: i18n/es.toml:2:1: unknown key `awarenes` in [stages] (did you mean `awareness`?)",
            "error: i18n/es.toml:5:1: unknown key `journey_mapp` in [ui] (did you mean `journey_map`?)",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_language_without_a_file_is_an_error_in_book_toml() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "es");
    let run = journeybook()
        .args([OsStr::new("check"), dir.as_os_str()])
        .run();
    assert_eq!(run.code, Some(1));
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("error: book.toml:3:12: unsupported language `es`"));
    assert!(errors[0].contains("i18n/es.toml"), "{}", errors[0]);
}

#[test]
fn a_built_in_language_renames_stages_without_a_custom_model() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "nl");
    write(
        &dir,
        "i18n/nl.toml",
        "[stages]\nawareness = \"Oriëntatie\"\n",
    );
    let out = tmp.path().join("out");
    let run = build(&dir, &out);
    assert!(run.success(), "{}", run.stderr);
    // No warning about the language file (the journey's story warnings are its own).
    assert!(
        !run.warnings().iter().any(|w| w.contains("i18n/")),
        "{}",
        run.stderr
    );
    let page = text(&support::tree(&out), "journeys/jana-software/index.html").to_string();
    assert!(page.contains("Oriëntatie") && !page.contains("Bewustwording"));
    assert!(
        page.contains("Overweging"),
        "the others keep their Dutch names"
    );
    assert!(page.contains("12.000"));
}

#[test]
fn verbose_says_each_phase_and_its_time() {
    let tmp = tmp();
    let dir = funnel_in(tmp.path(), "nl");
    let run = journeybook()
        .args([
            OsStr::new("build"),
            dir.as_os_str(),
            OsStr::new("-o"),
            tmp.path().join("out").as_os_str(),
            OsStr::new("-v"),
        ])
        .run();
    assert!(run.success(), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let phase = |name: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{name}: ")) && l.ends_with(" ms"))
            .unwrap_or_else(|| panic!("no `{name}` line in {lines:?}"))
    };
    assert!(phase("load") < phase("render") && phase("render") < phase("write"));
    assert!(
        lines[phase("load")].contains("1 persona, 1 journey"),
        "{lines:?}"
    );
    assert!(lines[phase("render")].contains("5 pages"), "{lines:?}");
    // Without -v, none of them.
    let quiet = build(&dir, &tmp.path().join("out"));
    assert!(quiet.lines("load:").is_empty() && quiet.lines("render:").is_empty());
}

/// `journeybook <args>` on a pseudo-terminal (through `script`); what the terminal saw.
#[cfg(target_os = "linux")]
fn on_terminal(args: &str, ci: bool) -> String {
    let mut command = Command::new("script");
    command
        .arg("-qec")
        .arg(format!("{} {args}", support::BIN))
        .arg("/dev/null")
        .env("NO_COLOR", "1")
        .env_remove("CI");
    if ci {
        command.env("CI", "true");
    }
    let output = command.output().expect("`script` (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A build that takes a while shows a progress line on a terminal, counting pages and
/// erased at the end; none when piped or in CI.
#[cfg(target_os = "linux")]
#[test]
fn progress_lines_are_for_terminals_only() {
    let tmp = tmp();
    let dir = tmp.path().join("large");
    let run = journeybook()
        .args([
            OsStr::new("generate"),
            dir.as_os_str(),
            OsStr::new("--personas"),
            OsStr::new("150"),
        ])
        .run();
    assert!(run.success(), "{}", run.stderr);
    let out = tmp.path().join("out");
    let args = format!("build {} -o {}", dir.display(), out.display());

    let seen = on_terminal(&args, false);
    assert!(seen.contains("rendering pages "), "{seen:?}");
    assert!(
        seen.contains("/303"),
        "counted against every page: {seen:?}"
    );
    // Erased before the summary, which starts a clean line.
    assert!(seen.contains("\r\u{1b}[2Kbuilt 150 personas"), "{seen:?}");

    let in_ci = on_terminal(&args, true);
    assert!(
        !in_ci.contains("rendering") && !in_ci.contains('\u{1b}'),
        "{in_ci:?}"
    );
    assert!(in_ci.contains("built 150 personas"), "{in_ci:?}");

    let piped = support::build(&dir, &out);
    assert!(piped.success(), "{}", piped.stderr);
    assert!(
        !piped.stderr.contains('\r') && !piped.stderr.contains('\u{1b}'),
        "{:?}",
        piped.stderr
    );
    assert!(!piped.stderr.contains("rendering"), "{:?}", piped.stderr);
}
