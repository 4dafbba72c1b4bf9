//! Stage models: the five built-in ones of the spec and custom ones from book.toml.

use crate::i18n::Language;

/// One stage of a model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stage {
    pub id: String,
    /// Display name from book.toml; built-in stages are named by the language.
    pub name: Option<String>,
    pub group: Option<String>,
}

impl Stage {
    /// The name shown in the report: the configured one, else the language's, else the id.
    pub(crate) fn display_name(&self, language: &Language) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => language
                .stage_name(&self.id)
                .map_or_else(|| self.id.clone(), str::to_string),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StageModel {
    pub id: String,
    pub stages: Vec<Stage>,
}

impl StageModel {
    pub fn position(&self, stage: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == stage)
    }

    pub(crate) fn stage_ids(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.id.as_str())
    }

    pub(crate) fn has_groups(&self) -> bool {
        self.stages.iter().any(|s| s.group.is_some())
    }
}

/// (id, stages, groups per stage)
type BuiltIn = (
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);
const BUILT_IN: &[BuiltIn] = &[
    (
        "five",
        &[
            "awareness",
            "consideration",
            "decision",
            "retention",
            "advocacy",
        ],
        None,
    ),
    (
        "six",
        &[
            "awareness",
            "consideration",
            "purchase",
            "use",
            "loyalty",
            "advocacy",
        ],
        Some(&[
            "buyer", "buyer", "buyer", "customer", "customer", "customer",
        ]),
    ),
    ("three", &["acquisition", "experience", "loyalty"], None),
    ("aida", &["attention", "interest", "desire", "action"], None),
    (
        "conversion",
        &[
            "awareness",
            "consideration",
            "conversion",
            "loyalty",
            "advocacy",
        ],
        None,
    ),
];

pub(crate) const BUILT_IN_IDS: [&str; 5] = ["five", "six", "three", "aida", "conversion"];

/// The built-in models, in the spec's order.
pub(crate) fn built_in() -> Vec<StageModel> {
    BUILT_IN
        .iter()
        .map(|(id, stages, groups)| StageModel {
            id: id.to_string(),
            stages: stages
                .iter()
                .enumerate()
                .map(|(i, s)| Stage {
                    id: s.to_string(),
                    name: None,
                    group: groups.map(|g| g[i].to_string()),
                })
                .collect(),
        })
        .collect()
}

/// Built-in plus custom models, looked up by id.
#[derive(Debug, Clone, Hash)]
pub struct Models {
    models: Vec<StageModel>,
}

impl Models {
    pub fn new(custom: Vec<StageModel>) -> Self {
        let mut models = built_in();
        models.extend(custom);
        Models { models }
    }

    pub fn get(&self, id: &str) -> Option<&StageModel> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.models.iter().map(|m| m.id.as_str())
    }
}

impl Default for Models {
    fn default() -> Self {
        Models::new(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_models_match_the_spec() {
        let models = Models::default();
        let six = models.get("six").unwrap();
        assert_eq!(
            six.stage_ids().collect::<Vec<_>>(),
            [
                "awareness",
                "consideration",
                "purchase",
                "use",
                "loyalty",
                "advocacy"
            ]
        );
        assert_eq!(six.stages[2].group.as_deref(), Some("buyer"));
        assert_eq!(six.stages[3].group.as_deref(), Some("customer"));
        assert!(!models.get("five").unwrap().has_groups());
        assert_eq!(models.get("aida").unwrap().position("desire"), Some(2));
        assert_eq!(models.ids().collect::<Vec<_>>(), BUILT_IN_IDS);
    }

    #[test]
    fn custom_models_resolve_beside_built_in_ones() {
        let kiwi = StageModel {
            id: "kiwi".into(),
            stages: vec![Stage {
                id: "use".into(),
                name: Some("Gebruik!".into()),
                group: None,
            }],
        };
        let models = Models::new(vec![kiwi]);
        assert_eq!(
            models.get("kiwi").unwrap().stages[0].display_name(&Language::default()),
            "Gebruik!"
        );
        assert_eq!(
            models.get("three").unwrap().stages[0].display_name(&Language::built_in("nl").unwrap()),
            "Acquisitie"
        );
        assert!(models.get("seven").is_none());
    }
}
