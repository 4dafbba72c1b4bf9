//! The report's language: UI strings, stage names and number formats (en and nl).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Nl,
}

impl Language {
    pub(crate) const CODES: [&'static str; 2] = ["en", "nl"];

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Language::En),
            "nl" => Some(Language::Nl),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
        }
    }

    fn pick(self, en: &'static str, nl: &'static str) -> &'static str {
        match self {
            Language::En => en,
            Language::Nl => nl,
        }
    }

    /// Thousands-grouped integer: `12,000` (en) or `12.000` (nl).
    pub(crate) fn integer(self, n: u64) -> String {
        let sep = self.pick(",", ".");
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A value written as a plain whole number ("420000"), grouped as [`Self::integer`]
    /// does; None for anything else ("1.200 flessen", "Gent"), which is shown as written.
    /// Numbers of four digits or fewer stay as written too: grouping them is optional in
    /// both languages, and there they are as often a year ("klant sinds: 2021") as a count.
    /// A leading zero marks a code (a postcode), not a quantity.
    pub(crate) fn plain_number(self, value: &str) -> Option<String> {
        let digits = value.trim();
        let plain = digits.len() > 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        plain
            .then(|| digits.parse::<u64>().ok())
            .flatten()
            .map(|n| self.integer(n))
    }

    /// A ratio as a percentage with one decimal: `14.5%` (en) or `14,5%` (nl).
    pub(crate) fn percent(self, ratio: f64) -> String {
        let text = format!("{:.1}", ratio * 100.0);
        let text = if self == Language::Nl {
            text.replace('.', ",")
        } else {
            text
        };
        format!("{text}%")
    }

    /// A change in percentage points with its sign and one decimal: `+3.7 pp` (en),
    /// `−3,5 pp` (nl, with a real minus sign); `0.0 pp` when it rounds to nothing.
    pub(crate) fn points(self, points: f64) -> String {
        let text = format!("{:.1}", points.abs());
        let text = if self == Language::Nl {
            text.replace('.', ",")
        } else {
            text
        };
        let sign = if text.chars().all(|c| matches!(c, '0' | '.' | ',')) {
            ""
        } else if points > 0.0 {
            "+"
        } else {
            "−"
        };
        format!("{sign}{text} pp")
    }

    /// Display name of a built-in stage id or group id, if we know it.
    pub(crate) fn stage_name(self, id: &str) -> Option<&'static str> {
        STAGE_NAMES
            .iter()
            .find(|(key, _, _)| *key == id)
            .map(|(_, en, nl)| self.pick(en, nl))
    }

    /// Display name of a stage group (`buyer`, `customer`, or a custom one as written).
    pub(crate) fn group_name(self, id: &str) -> String {
        match id {
            "buyer" => self
                .pick("Buyer journey", "Buyer journey (koopfase)")
                .to_string(),
            "customer" => self
                .pick("Customer journey", "Customer journey (klantfase)")
                .to_string(),
            other => other.to_string(),
        }
    }

    /// Every UI string of the theme, as the `t` object of the template context.
    pub fn strings(self) -> BTreeMap<&'static str, &'static str> {
        UI_STRINGS
            .iter()
            .map(|(key, en, nl)| (*key, self.pick(en, nl)))
            .collect()
    }

    /// Names of the emotion scale -2..=2.
    pub(crate) fn emotion_scale(self) -> [&'static str; 5] {
        match self {
            Language::En => [
                "very negative",
                "negative",
                "neutral",
                "positive",
                "very positive",
            ],
            Language::Nl => [
                "zeer negatief",
                "negatief",
                "neutraal",
                "positief",
                "zeer positief",
            ],
        }
    }
}

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
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Language::Nl.integer(12000), "12.000");
        assert_eq!(Language::En.integer(1234567), "1,234,567");
        assert_eq!(Language::Nl.integer(999), "999");
        assert_eq!(Language::Nl.percent(0.145), "14,5%");
        assert_eq!(Language::En.percent(0.2583), "25.8%");
        assert_eq!(Language::En.percent(1.0), "100.0%");
    }

    #[test]
    fn plain_numbers_are_grouped_text_is_not() {
        assert_eq!(
            Language::Nl.plain_number("420000").as_deref(),
            Some("420.000")
        );
        assert_eq!(
            Language::En.plain_number("420000").as_deref(),
            Some("420,000")
        );
        assert_eq!(
            Language::Nl.plain_number(" 14000 ").as_deref(),
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
            assert_eq!(Language::Nl.plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn stage_names_exist_in_both_languages() {
        assert_eq!(Language::Nl.stage_name("awareness"), Some("Bewustwording"));
        assert_eq!(Language::En.stage_name("use"), Some("Use"));
        assert_eq!(Language::En.stage_name("nope"), None);
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
    fn ui_strings_have_unique_keys() {
        let keys: std::collections::BTreeSet<_> = UI_STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), UI_STRINGS.len());
    }
}
