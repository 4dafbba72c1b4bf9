//! "Did you mean" suggestions for misspelt keys, stages, personas and models.

/// Levenshtein distance in characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The closest candidate, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // Two edits turn any short word into any other (`fr` into `en`): allow one there.
    let length = word.chars().count();
    let limit = if length <= 3 { 1 } else { (length / 3).max(2) };
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let typo = candidates
        .iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c);
    // A part of a longer id (`carla` for `commuter-carla`), when only one has it.
    typo.or_else(|| {
        let mut parts = candidates.iter().filter(|c| {
            length >= 3
                && c.to_lowercase()
                    .split(['-', '_'])
                    .any(|part| part == lower || (part.len() > 3 && part.starts_with(&lower)))
        });
        match (parts.next(), parts.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// ` (did you mean `x`?)`, or when nothing is close, the valid words: ` (use one of a, b, c)`.
pub fn hint_or_list<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None if candidates.is_empty() => String::new(),
        None => format!(" (use one of: {})", candidates.join(", ")),
    }
}

/// ` (did you mean `x`?)` or nothing.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("awarness", "awareness"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn suggests_close_words_only() {
        let stages = ["awareness", "consideration", "decision"];
        assert_eq!(closest("awarness", stages), Some("awareness"));
        assert_eq!(closest("Decison", stages), Some("decision"));
        assert_eq!(closest("loyalty", stages), None);
        assert_eq!(hint("nmae", ["name", "role"]), " (did you mean `name`?)");
        assert_eq!(hint("zzzzzz", ["name"]), "");
        // Short words: one edit is a typo, two are another word.
        assert_eq!(closest("nll", ["en", "nl"]), Some("nl"));
        assert_eq!(closest("fr", ["en", "nl"]), None);
        assert_eq!(closest("jan", ["jane", "bram"]), Some("jane"));
    }

    #[test]
    fn parts_of_ids_and_lists_when_nothing_is_close() {
        let ids = ["commuter-carla", "student-sam", "bram"];
        assert_eq!(closest("carla", ids), Some("commuter-carla"));
        assert_eq!(closest("stud", ids), Some("student-sam"));
        assert_eq!(closest("xy", ids), None);
        let stages = ["discover", "onboard", "use"];
        assert_eq!(
            hint_or_list("awareness", stages),
            " (use one of: discover, onboard, use)"
        );
        assert_eq!(hint_or_list("onbord", stages), " (did you mean `onboard`?)");
    }
}
