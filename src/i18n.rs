//! The report's language: UI strings, stage names and number formats. English and Dutch
//! live in the tables below, French and German in tables of their own ([`fr`], [`de`])
//! keyed by the same keys, and any language can be added or adjusted by the report itself
//! in `i18n/<language>.toml` ([`file`]).

pub(crate) mod de;
pub(crate) mod file;
pub(crate) mod fr;

use std::collections::BTreeMap;
use std::sync::Arc;

/// The languages journeybook knows by heart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum BuiltIn {
    #[default]
    En,
    Nl,
    Fr,
    De,
}

impl BuiltIn {
    pub(crate) const CODES: [&'static str; 4] = ["en", "nl", "fr", "de"];

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "en" => Some(BuiltIn::En),
            "nl" => Some(BuiltIn::Nl),
            "fr" => Some(BuiltIn::Fr),
            "de" => Some(BuiltIn::De),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            BuiltIn::En => "en",
            BuiltIn::Nl => "nl",
            BuiltIn::Fr => "fr",
            BuiltIn::De => "de",
        }
    }

    /// The text of `key` in a (key, en, nl) table, with fr and de from their own tables;
    /// English when a table lacks the key (a test makes sure none does).
    fn pick(
        self,
        table: &[(&'static str, &'static str, &'static str)],
        fr: &[(&'static str, &'static str)],
        de: &[(&'static str, &'static str)],
        key: &str,
    ) -> Option<&'static str> {
        let (_, en, nl) = table.iter().find(|row| row.0 == key)?;
        let other = |rows: &[(&'static str, &'static str)]| {
            rows.iter()
                .find(|row| row.0 == key)
                .map_or(*en, |row| row.1)
        };
        Some(match self {
            BuiltIn::En => en,
            BuiltIn::Nl => nl,
            BuiltIn::Fr => other(fr),
            BuiltIn::De => other(de),
        })
    }

    /// How the language writes numbers: `12,000` and `14.5%` (en), `12.000` and `14,5%`
    /// (nl), `12 000` and `14,5 %` (fr: a narrow no-break space groups thousands, a
    /// no-break space precedes %, as in CLDR), `12.000` and `14,5 %` (de).
    fn numbers(self) -> Numbers {
        let (thousands, decimal, percent) = match self {
            BuiltIn::En => (",", ".", "{n}%"),
            BuiltIn::Nl => (".", ",", "{n}%"),
            BuiltIn::Fr => ("\u{202f}", ",", "{n}\u{a0}%"),
            BuiltIn::De => (".", ",", "{n}\u{a0}%"),
        };
        Numbers {
            thousands: thousands.into(),
            decimal: decimal.into(),
            percent: percent.into(),
        }
    }
}

/// How numbers are written: the thousands separator, the decimal mark and where a
/// percentage goes in its pattern (`{n}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Numbers {
    pub(crate) thousands: String,
    pub(crate) decimal: String,
    pub(crate) percent: String,
}

/// What a report's `i18n/<language>.toml` says: names and strings that replace the
/// built-in ones (or, for a language journeybook does not know, English).
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Custom {
    /// The file, relative to the report root (`i18n/es.toml`).
    pub(crate) file: String,
    /// Stage and group ids → names.
    pub(crate) stages: BTreeMap<String, String>,
    /// UI keys → strings.
    pub(crate) ui: BTreeMap<String, String>,
}

/// The report's language: its code, the built-in language it starts from (English for a
/// language journeybook does not know), its number format and the report's own texts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    code: String,
    base: BuiltIn,
    numbers: Option<Numbers>,
    custom: Option<Arc<Custom>>,
}

impl Default for Language {
    fn default() -> Self {
        Language::built_in("en").expect("English is built in")
    }
}

impl Language {
    /// A built-in language as journeybook ships it ("en", "nl", "fr", "de").
    pub fn built_in(code: &str) -> Option<Self> {
        BuiltIn::from_code(code).map(|base| Language {
            code: code.to_string(),
            base,
            numbers: None,
            custom: None,
        })
    }

    /// `code` with the texts of the report's i18n file on top of the built-in ones (or
    /// English), and its number format (the built-in one when `numbers` is None).
    pub(crate) fn custom(code: &str, custom: Custom, numbers: Option<Numbers>) -> Self {
        Language {
            code: code.to_string(),
            base: BuiltIn::from_code(code).unwrap_or_default(),
            numbers,
            custom: Some(Arc::new(custom)),
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether journeybook has texts of its own for this language (else they are English).
    fn is_built_in(&self) -> bool {
        self.code() == self.base.code()
    }

    fn numbers(&self) -> Numbers {
        self.numbers.clone().unwrap_or_else(|| self.base.numbers())
    }

    /// Thousands-grouped integer: `12,000` (en), `12.000` (nl, de), `12 000` (fr).
    pub(crate) fn integer(&self, n: u64) -> String {
        group(n, &self.numbers().thousands)
    }

    /// A value written as a plain whole number ("420000"), grouped as [`Self::integer`]
    /// does; None for anything else ("1.200 flessen", "Gent"), which is shown as written.
    /// Numbers of four digits or fewer stay as written too: grouping them is optional in
    /// these languages, and there they are as often a year ("klant sinds: 2021") as a count.
    /// A leading zero marks a code (a postcode), not a quantity.
    pub(crate) fn plain_number(&self, value: &str) -> Option<String> {
        let digits = value.trim();
        let plain = digits.len() > 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        plain
            .then(|| digits.parse::<u64>().ok())
            .flatten()
            .map(|n| self.integer(n))
    }

    /// A ratio as a percentage with one decimal: `14.5%` (en), `14,5%` (nl), `14,5 %`
    /// (fr, de).
    pub(crate) fn percent(&self, ratio: f64) -> String {
        let numbers = self.numbers();
        let text = format!("{:.1}", ratio * 100.0);
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        // Grouped too: a count that grew tenfold is 1,000.0%.
        let whole = match whole.strip_prefix('-') {
            Some(digits) => format!("-{}", group_digits(digits, &numbers.thousands)),
            None => group_digits(whole, &numbers.thousands),
        };
        let number = format!("{whole}{}{fraction}", numbers.decimal);
        numbers.percent.replacen("{n}", &number, 1)
    }

    /// A change in percentage points with its sign and one decimal: `+3.7 pp` (en),
    /// `−3,5 pp` (nl, with a real minus sign); `0.0 pp` when it rounds to nothing.
    pub(crate) fn points(&self, points: f64) -> String {
        let text = format!("{:.1}", points.abs()).replace('.', &self.numbers().decimal);
        let sign = if text.chars().all(|c| c == '0' || !c.is_ascii_digit()) {
            ""
        } else if points > 0.0 {
            "+"
        } else {
            "−"
        };
        format!("{sign}{text} pp")
    }

    /// The report's own text for `key` in `table` of its i18n file.
    fn own<'a>(
        &'a self,
        table: fn(&Custom) -> &BTreeMap<String, String>,
        key: &str,
    ) -> Option<&'a str> {
        self.custom
            .as_deref()
            .and_then(|c| table(c).get(key))
            .map(String::as_str)
    }

    /// Display name of a built-in stage id, if we know it.
    pub(crate) fn stage_name(&self, id: &str) -> Option<&str> {
        self.own(|c| &c.stages, id)
            .or_else(|| self.base.pick(STAGE_NAMES, fr::STAGES, de::STAGES, id))
    }

    /// Display name of a stage group (`buyer`, `customer`, or a custom one as written).
    pub(crate) fn group_name(&self, id: &str) -> String {
        self.own(|c| &c.stages, id)
            .or_else(|| self.base.pick(GROUP_NAMES, fr::GROUPS, de::GROUPS, id))
            .unwrap_or(id)
            .to_string()
    }

    /// One UI string (empty for a key that does not exist).
    pub(crate) fn ui(&self, key: &str) -> &str {
        self.own(|c| &c.ui, key)
            .or_else(|| self.base.pick(UI_STRINGS, fr::UI, de::UI, key))
            .unwrap_or("")
    }

    /// Every UI string of the theme, as the `t` object of the template context.
    pub fn strings(&self) -> BTreeMap<&'static str, &str> {
        UI_STRINGS
            .iter()
            .map(|(key, _, _)| (*key, self.ui(key)))
            .collect()
    }

    /// Names of the emotion scale -2..=2.
    pub(crate) fn emotion_scale(&self) -> [&str; 5] {
        EMOTION_KEYS.map(|key| self.ui(key))
    }

    /// The report's i18n file and what it leaves out, for a language journeybook does
    /// not know (a built-in one fills the gaps itself): UI keys, and of `stages` (the
    /// stage and group ids the report shows by their built-in names) those without a name.
    pub(crate) fn untranslated<'s>(
        &self,
        stages: impl IntoIterator<Item = &'s str>,
    ) -> Option<(&str, Vec<String>, Vec<String>)> {
        let custom = self.custom.as_deref().filter(|_| !self.is_built_in())?;
        let ui: Vec<String> = UI_STRINGS
            .iter()
            .map(|row| row.0)
            .filter(|key| !custom.ui.contains_key(*key))
            .map(str::to_string)
            .collect();
        let mut names: Vec<String> = stages
            .into_iter()
            .filter(|id| !custom.stages.contains_key(*id))
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        (!ui.is_empty() || !names.is_empty()).then_some((custom.file.as_str(), ui, names))
    }
}

/// `n` with `sep` between groups of three digits.
fn group(n: u64, sep: &str) -> String {
    group_digits(&n.to_string(), sep)
}

fn group_digits(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The UI keys of the emotion scale, -2..=2.
const EMOTION_KEYS: [&str; 5] = [
    "emotion_very_negative",
    "emotion_negative",
    "emotion_neutral",
    "emotion_positive",
    "emotion_very_positive",
];

/// Ids a report's i18n file may name in `[stages]`: every built-in stage and group.
pub(crate) fn stage_keys() -> impl Iterator<Item = &'static str> {
    STAGE_NAMES.iter().chain(GROUP_NAMES).map(|row| row.0)
}

/// Every UI key, with its English text (the placeholders a translation must keep).
pub(crate) fn ui_keys() -> impl Iterator<Item = (&'static str, &'static str)> {
    UI_STRINGS.iter().map(|row| (row.0, row.1))
}

const GROUP_NAMES: &[(&str, &str, &str)] = &[
    ("buyer", "Buyer journey", "Buyer journey (koopfase)"),
    (
        "customer",
        "Customer journey",
        "Customer journey (klantfase)",
    ),
];

const STAGE_NAMES: &[(&str, &str, &str)] = &[
    ("awareness", "Awareness", "Bewustwording"),
    ("consideration", "Consideration", "Overweging"),
    ("decision", "Decision", "Beslissing"),
    ("retention", "Retention", "Behoud"),
    ("advocacy", "Advocacy", "Ambassadeurschap"),
    ("purchase", "Purchase", "Aankoop"),
    ("use", "Use", "Gebruik"),
    ("loyalty", "Loyalty", "Loyaliteit"),
    ("acquisition", "Acquisition", "Acquisitie"),
    ("experience", "Experience", "Ervaring"),
    ("attention", "Attention", "Aandacht"),
    ("interest", "Interest", "Interesse"),
    ("desire", "Desire", "Verlangen"),
    ("action", "Action", "Actie"),
    ("conversion", "Conversion", "Conversie"),
];

/// (key, en, nl): the theme reads them as `t.key`.
const UI_STRINGS: &[(&str, &str, &str)] = &[
    ("overview", "Overview", "Overzicht"),
    ("personas", "Personas", "Persona's"),
    ("persona", "Persona", "Persona"),
    ("journeys", "Journeys", "Klantreizen"),
    (
        "all_personas",
        "All personas on the overview",
        "Alle persona's in het overzicht",
    ),
    (
        "all_journeys",
        "All journeys on the overview",
        "Alle klantreizen in het overzicht",
    ),
    ("journey", "Journey", "Klantreis"),
    ("pages", "Pages", "Pagina's"),
    ("print", "Print version", "Printversie"),
    ("contents", "Contents", "Inhoud"),
    ("skip_to_content", "Skip to content", "Naar de inhoud"),
    ("menu", "Menu", "Menu"),
    ("role", "Role", "Rol"),
    ("segment", "Segment", "Segment"),
    ("tags", "Tags", "Labels"),
    ("demographics", "Demographics", "Demografie"),
    ("goals", "Goals", "Doelen"),
    ("pains", "Pains", "Pijnpunten"),
    ("motivations", "Motivations", "Drijfveren"),
    ("channels", "Channels", "Kanalen"),
    ("background", "Background", "Achtergrond"),
    (
        "journeys_of",
        "Journeys of this persona",
        "Klantreizen van deze persona",
    ),
    (
        "no_journeys",
        "No journeys for this persona yet.",
        "Nog geen klantreizen voor deze persona.",
    ),
    ("stage", "Stage", "Fase"),
    ("stages", "Stages", "Fasen"),
    ("model", "Stage model", "Fasemodel"),
    ("period", "Period", "Periode"),
    ("unit", "Unit", "Eenheid"),
    ("summary", "Summary", "Samenvatting"),
    ("journey_map", "Journey map", "Klantreiskaart"),
    ("lane_goal", "Goal", "Doel"),
    ("lane_actions", "Actions", "Acties"),
    ("lane_thoughts", "Thoughts", "Gedachten"),
    ("lane_touchpoints", "Touchpoints", "Touchpoints"),
    ("lane_emotion", "Emotion", "Emotie"),
    ("lane_pains", "Pains", "Pijnpunten"),
    ("lane_opportunities", "Opportunities", "Kansen"),
    ("lane_content", "Content", "Content"),
    ("lane_kpis", "KPIs", "KPI's"),
    ("lane_count", "Reached", "Bereikt"),
    ("channel", "Channel", "Kanaal"),
    ("owner", "Owner", "Eigenaar"),
    ("emotion_curve", "Emotion curve", "Emotiecurve"),
    ("funnel", "Funnel", "Funnel"),
    ("funnels", "Funnels", "Funnels"),
    ("count", "Count", "Aantal"),
    (
        "share_of_first",
        "Share of first stage",
        "Aandeel van eerste fase",
    ),
    ("step_conversion", "Step conversion", "Stapconversie"),
    ("drop_off", "Drop-off", "Uitval"),
    ("biggest_drop", "biggest drop", "grootste uitval"),
    ("share_short", "of first", "van start"),
    ("step_short", "step", "stap"),
    (
        "overall_conversion",
        "Overall conversion",
        "Totale conversie",
    ),
    ("first_stage_count", "First stage", "Eerste fase"),
    (
        "no_counts",
        "This journey has no counts: it is a qualitative journey.",
        "Deze klantreis heeft geen aantallen: het is een kwalitatieve klantreis.",
    ),
    ("funnel_table_caption", "Funnel numbers", "Funnelcijfers"),
    (
        "compare_funnels",
        "Funnels side by side",
        "Funnels naast elkaar",
    ),
    (
        "same_scale",
        "All funnels share one scale, so bar lengths compare across personas.",
        "Alle funnels delen één schaal, zodat balken tussen persona's vergelijkbaar zijn.",
    ),
    // overview-charts
    (
        "scale_per_unit",
        "Funnels that count the same unit share one scale, so their bars compare; each other unit has a scale of its own.",
        "Funnels met dezelfde eenheid delen één schaal, zodat hun balken vergelijkbaar zijn; elke andere eenheid heeft een eigen schaal.",
    ),
    (
        "persona_table",
        "Personas and their journeys",
        "Persona's en hun klantreizen",
    ),
    ("not_found_title", "Page not found", "Pagina niet gevonden"),
    (
        "not_found_text",
        "This page does not exist (any more).",
        "Deze pagina bestaat niet (meer).",
    ),
    (
        "back_to_overview",
        "Back to the overview",
        "Terug naar het overzicht",
    ),
    (
        "made_with",
        "Made with journeybook",
        "Gemaakt met journeybook",
    ),
    ("by", "by", "door"),
    ("emotion_not_rated", "not rated", "niet beoordeeld"),
    (
        "warning_increase",
        "count larger than the previous stage's",
        "aantal groter dan in de vorige fase",
    ),
    // print
    ("introduction", "Introduction", "Inleiding"),
    ("prepared_by", "Prepared by", "Opgesteld door"),
    ("date", "Date", "Datum"),
    (
        "comparison",
        "Personas and journeys compared",
        "Persona's en klantreizen vergeleken",
    ),
    // findings
    ("findings", "Key findings", "Belangrijkste bevindingen"),
    (
        "findings_drops",
        "Where people drop off",
        "Waar mensen afhaken",
    ),
    (
        "findings_drops_lead",
        "Per journey with counts, the step with the lowest conversion, with that stage's pains and opportunities.",
        "Per klantreis met aantallen de stap met de laagste conversie, met de pijnpunten en kansen van die fase.",
    ),
    (
        "finding_drop",
        "{to} of {from} go on to {stage} ({rate}): {lost} lost.",
        "{to} van de {from} gaan door naar {stage} ({rate}): {lost} haken af.",
    ),
    (
        "finding_elsewhere",
        "Most people are lost on the way to {stage}: {lost} of {from} ({rate} go on).",
        "De meeste mensen haken af op weg naar {stage}: {lost} van de {from} ({rate} gaat door).",
    ),
    (
        "findings_lows",
        "Where the experience is lowest",
        "Waar de beleving het laagst is",
    ),
    (
        "findings_lows_lead",
        "Per journey, the stages where emotion is lowest (when it is negative), with their pains.",
        "Per klantreis de fasen waar de emotie het laagst is (als die negatief is), met hun pijnpunten.",
    ),
    (
        "findings_no_pains",
        "No pains listed for this stage.",
        "Geen pijnpunten vermeld voor deze fase.",
    ),
    ("findings_board", "Opportunity board", "Kansen per fase"),
    (
        "findings_board_lead",
        "Every opportunity in the report by stage, with its persona and journey ({n} in all).",
        "Alle kansen uit het rapport per fase, met persona en klantreis ({n} in totaal).",
    ),
    ("findings_more", "and {n} more", "en nog {n}"),
    (
        "findings_more_journeys",
        "Journeys not shown here: {n}.",
        "Klantreizen die hier niet staan: {n}.",
    ),
    (
        "findings_all_journeys",
        "Numbers of every journey",
        "Cijfers van alle klantreizen",
    ),
    ("and", "and", "en"),
    // journey-page
    (
        "map_scroll_hint",
        "Scroll sideways to see every stage",
        "Scroll opzij om alle fasen te zien",
    ),
    (
        "drop_story_title",
        "Biggest drop: {stage}",
        "Grootste uitval: {stage}",
    ),
    (
        "drop_story_numbers",
        "{lost} of {from} ({rate}) are lost at this step: the highest drop-off rate of the journey.",
        "{lost} van de {from} ({rate}) haken bij deze stap af: het hoogste uitvalpercentage van de klantreis.",
    ),
    (
        "drop_story_no_pains",
        "No pains are listed for this stage yet.",
        "Voor deze fase zijn nog geen pijnpunten ingevuld.",
    ),
    (
        "most_lost",
        "In absolute numbers, most people are lost at {stage}: {lost} of {from} ({rate}).",
        "In absolute aantallen haken de meeste mensen af bij {stage}: {lost} van de {from} ({rate}).",
    ),
    // overview-charts
    ("top_goal", "Top goal", "Belangrijkste doel"),
    ("top_pain", "Top pain", "Grootste pijnpunt"),
    ("counted_in", "Counted in", "Geteld in"),
    ("no_unit", "no unit given", "geen eenheid opgegeven"),
    // publish
    ("search", "Search the report", "Zoeken in het rapport"),
    (
        "search_placeholder",
        "Search the report…",
        "Zoek in het rapport…",
    ),
    ("search_one_result", "1 result", "1 resultaat"),
    ("search_results", "{n} results", "{n} resultaten"),
    (
        "search_none",
        "Nothing found. Try fewer or shorter words.",
        "Niets gevonden. Probeer minder of kortere woorden.",
    ),
    (
        "search_failed",
        "The search index could not be loaded.",
        "De zoekindex kon niet worden geladen.",
    ),
    ("search_page", "Page", "Pagina"),
    // periods
    ("periods_heading", "Over time", "Verloop per periode"),
    (
        "periods_lead",
        "Step conversion of each stage and the overall conversion per period; {period} is the current period.",
        "Stapconversie per fase en totale conversie per periode; {period} is de huidige periode.",
    ),
    (
        "trend_title",
        "Conversion per period",
        "Conversie per periode",
    ),
    (
        "periods_table_caption",
        "Counts and step conversion per period",
        "Aantallen en stapconversie per periode",
    ),
    (
        "change_since",
        "Change since {period}",
        "Verschil sinds {period}",
    ),
    (
        "previous_marker",
        "The dark tick on each bar marks {period}.",
        "Het donkere streepje op elke balk toont {period}.",
    ),
    ("segments_heading", "Segments", "Segmenten"),
    (
        "segments_lead",
        "{period} per segment, all on one scale.",
        "{period} per segment, allemaal op dezelfde schaal.",
    ),
    (
        "segments_table_caption",
        "Counts and step conversion per segment",
        "Aantallen en stapconversie per segment",
    ),
    (
        "finding_change_up",
        "Conversion at {stage} rose {points} since {period}.",
        "De conversie bij {stage} steeg {points} sinds {period}.",
    ),
    (
        "finding_change_down",
        "Conversion at {stage} fell {points} since {period}.",
        "De conversie bij {stage} daalde {points} sinds {period}.",
    ),
    (
        "finding_change_same",
        "Conversion at {stage} is unchanged since {period}.",
        "De conversie bij {stage} is gelijk gebleven sinds {period}.",
    ),
    ("since_period", "since {period}", "sinds {period}"),
    // languages
    ("emotion_very_negative", "very negative", "zeer negatief"),
    ("emotion_negative", "negative", "negatief"),
    ("emotion_neutral", "neutral", "neutraal"),
    ("emotion_positive", "positive", "positief"),
    ("emotion_very_positive", "very positive", "zeer positief"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Language {
        Language::built_in(code).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(lang("nl").integer(12000), "12.000");
        assert_eq!(lang("en").integer(1234567), "1,234,567");
        assert_eq!(lang("nl").integer(999), "999");
        assert_eq!(lang("nl").percent(0.145), "14,5%");
        assert_eq!(lang("en").percent(0.2583), "25.8%");
        assert_eq!(lang("en").percent(1.0), "100.0%");
    }

    #[test]
    fn french_and_german_write_numbers_their_way() {
        // fr: a narrow no-break space groups thousands, a no-break space precedes %.
        assert_eq!(lang("fr").integer(12000), "12\u{202f}000");
        assert_eq!(lang("fr").integer(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(lang("fr").percent(0.145), "14,5\u{a0}%");
        assert_eq!(lang("de").integer(12000), "12.000");
        assert_eq!(lang("de").percent(0.145), "14,5\u{a0}%");
        assert_eq!(
            lang("de").plain_number("420000").as_deref(),
            Some("420.000")
        );
        // A count that grew tenfold is grouped like any other number.
        assert_eq!(lang("en").percent(12.5), "1,250.0%");
        assert_eq!(lang("nl").percent(12.5), "1.250,0%");
    }

    #[test]
    fn every_key_has_french_and_german() {
        for (name, ui, stages, groups) in [
            ("fr", fr::UI, fr::STAGES, fr::GROUPS),
            ("de", de::UI, de::STAGES, de::GROUPS),
        ] {
            for (table, keys) in [
                (ui, UI_STRINGS.iter().map(|r| r.0).collect::<Vec<_>>()),
                (stages, STAGE_NAMES.iter().map(|r| r.0).collect()),
                (groups, GROUP_NAMES.iter().map(|r| r.0).collect()),
            ] {
                let missing: Vec<_> = keys
                    .iter()
                    .filter(|k| !table.iter().any(|row| row.0 == **k))
                    .collect();
                assert!(missing.is_empty(), "{name} lacks {missing:?}");
                let extra: Vec<_> = table
                    .iter()
                    .filter(|row| !keys.contains(&row.0))
                    .map(|row| row.0)
                    .collect();
                assert!(extra.is_empty(), "{name} has unknown keys {extra:?}");
                let unique: std::collections::BTreeSet<_> = table.iter().map(|r| r.0).collect();
                assert_eq!(unique.len(), table.len(), "{name}: a key twice");
            }
        }
    }

    #[test]
    fn translations_keep_the_blanks_of_the_english() {
        for code in ["nl", "fr", "de"] {
            let language = lang(code);
            for (key, english, _) in UI_STRINGS {
                let blanks = |text: &str| {
                    let mut found: Vec<String> = text
                        .split('{')
                        .skip(1)
                        .filter_map(|rest| rest.split_once('}').map(|(b, _)| b.to_string()))
                        .collect();
                    found.sort();
                    found
                };
                assert_eq!(blanks(language.ui(key)), blanks(english), "{code} `{key}`");
            }
        }
    }

    #[test]
    fn plain_numbers_are_grouped_text_is_not() {
        assert_eq!(
            lang("nl").plain_number("420000").as_deref(),
            Some("420.000")
        );
        assert_eq!(
            lang("en").plain_number("420000").as_deref(),
            Some("420,000")
        );
        assert_eq!(
            lang("nl").plain_number(" 14000 ").as_deref(),
            Some("14.000")
        );
        for text in [
            "1.200 flessen",
            "€ 2.500",
            "Gent",
            "2021",
            "41",
            "",
            "01234",
            "-50000",
            "12000.5",
            "hoevewinkel, wijnhandel",
            "99999999999999999999999",
        ] {
            assert_eq!(lang("nl").plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn stage_names_exist_in_every_language() {
        assert_eq!(lang("nl").stage_name("awareness"), Some("Bewustwording"));
        assert_eq!(lang("fr").stage_name("retention"), Some("Fidélisation"));
        assert_eq!(lang("de").stage_name("advocacy"), Some("Weiterempfehlung"));
        assert_eq!(lang("fr").group_name("customer"), "Parcours client");
        assert_eq!(lang("de").group_name("team"), "team");
        assert_eq!(lang("de").emotion_scale()[0], "sehr negativ");
        assert_eq!(lang("en").stage_name("use"), Some("Use"));
        assert_eq!(lang("en").stage_name("nope"), None);
    }

    #[test]
    fn every_ui_string_is_documented_for_theme_authors() {
        let docs = include_str!("../docs/themes.md");
        let missing: Vec<_> = UI_STRINGS
            .iter()
            .map(|s| s.0)
            .filter(|key| !docs.contains(&format!("`{key}`")))
            .collect();
        assert!(missing.is_empty(), "docs/themes.md lacks {missing:?}");
    }

    #[test]
    fn every_ui_string_is_listed_for_translators() {
        let docs = include_str!("../docs/languages.md");
        let table: String = UI_STRINGS
            .iter()
            .map(|(key, en, _)| format!("| `{key}` | {en} |\n"))
            .collect();
        assert!(
            docs.contains(&table),
            "docs/languages.md should end its key list with exactly these rows:\n{table}"
        );
    }

    #[test]
    fn ui_strings_have_unique_keys() {
        let keys: std::collections::BTreeSet<_> = UI_STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), UI_STRINGS.len());
    }
}
