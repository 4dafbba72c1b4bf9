//! `journeybook schema`: JSON Schemas (draft 2020-12) of journey files, persona front
//! matter and book.toml, for editors (yaml-language-server, Taplo) to complete and check as
//! you type. Every object's properties are built from the field lists the loader checks
//! against ([`crate::content`]'s `FIELDS`, [`crate::config::keys`]), and unknown fields are
//! rejected as the loader rejects them, so schema and loader cannot drift apart.

use serde_json::{Map, Value, json};

use crate::config::keys;
use crate::content::{counts, journey, persona};

/// The schema files `schema -o DIR` writes: (file name, pretty JSON with a final newline).
pub fn files() -> Vec<(&'static str, String)> {
    [
        ("journey.schema.json", journey_schema()),
        ("persona.schema.json", persona_schema()),
        ("book.schema.json", book_schema()),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let mut text = serde_json::to_string_pretty(&schema).expect("plain JSON");
        text.push('\n');
        (name, text)
    })
    .collect()
}

/// A journey file (content/journeys/*.yaml).
pub fn journey_schema() -> Value {
    let touchpoint = object(journey::TOUCHPOINT_FIELDS, &["name"], |field| match field {
        "name" => Some(text()),
        "channel" | "owner" => Some(optional(text())),
        _ => None,
    });
    let stage = object(journey::STAGE_FIELDS, &["stage"], |field| match field {
        "stage" => {
            Some(json!({ "type": "string", "description": "a stage id of the journey's model" }))
        }
        "count" => Some(optional(count())),
        "emotion" => Some(optional(
            json!({ "type": "integer", "minimum": -2, "maximum": 2,
                    "description": "-2 (very negative) to 2 (very positive)" }),
        )),
        "goal" => Some(optional(text())),
        "actions" | "thoughts" | "pains" | "opportunities" | "content" => Some(text_list()),
        "touchpoints" => Some(optional(json!({
            "type": "array",
            "items": { "anyOf": [ text(), { "$ref": "#/$defs/touchpoint" } ] }
        }))),
        "kpis" => Some(label_map()),
        _ => None,
    });
    let counts_csv = object(counts::FIELDS, &["csv"], |field| match field {
        "csv" => {
            Some(json!({ "type": "string", "description": "a CSV file inside the report folder" }))
        }
        "columns" => Some(json!({
            "type": "object",
            "propertyNames": { "enum": counts::COLUMNS },
            "additionalProperties": { "type": "string" }
        })),
        "stages" => Some(json!({ "type": "object", "additionalProperties": { "type": "string" } })),
        _ => None,
    });
    let mut schema = object(
        journey::FIELDS,
        &["title", "persona", "stages"],
        |field| match field {
            "title" | "persona" => Some(text()),
            "model" | "summary" | "period" | "unit" => Some(optional(text())),
            "stages" => Some(
                json!({ "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/stage" } }),
            ),
            "counts" => Some(optional(json!({
                "anyOf": [
                    { "type": "string", "description": "a CSV file inside the report folder" },
                    { "$ref": "#/$defs/counts_csv" },
                    {
                        "type": "object",
                        "description": "inline: period → { stage: count }",
                        "not": { "required": ["csv"] },
                        "additionalProperties": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": count()
                        }
                    }
                ]
            }))),
            _ => None,
        },
    );
    schema["$defs"] = json!({ "stage": stage, "touchpoint": touchpoint, "counts_csv": counts_csv });
    document("A journeybook journey file", schema)
}

/// The front matter of a persona (content/personas/*.md, between the `---` lines).
pub fn persona_schema() -> Value {
    let schema = object(persona::FIELDS, &["name"], |field| match field {
        "name" => Some(text()),
        "role" | "segment" | "quote" => Some(optional(text())),
        "photo" => Some(optional(
            json!({ "type": "string", "description": "an image inside the report folder" }),
        )),
        "demographics" => Some(label_map()),
        "goals" | "pains" | "motivations" | "channels" | "tags" => Some(text_list()),
        _ => None,
    });
    document("The front matter of a journeybook persona", schema)
}

/// book.toml.
pub fn book_schema() -> Value {
    let string = || json!({ "type": "string" });
    let boolean = || json!({ "type": "boolean" });
    let book = object(keys::BOOK, &["title"], |key| match key {
        "title" => Some(json!({ "type": "string", "minLength": 1 })),
        "authors" => Some(json!({ "type": "array", "items": { "type": "string" } })),
        "description" | "date" | "src" => Some(string()),
        "language" => Some(
            json!({ "type": "string", "description": "en, nl, fr, de, or a language of i18n/<code>.toml" }),
        ),
        _ => None,
    });
    let build = object(keys::BUILD, &[], |key| (key == "build-dir").then(string));
    let html = object(keys::HTML, &[], |key| match key {
        "theme" | "logo" | "site-url" => Some(string()),
        "accent-color" => {
            Some(json!({ "type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$" }))
        }
        "print" | "raw-html" | "noindex" | "search" => Some(boolean()),
        _ => None,
    });
    let output = object(keys::OUTPUT, &[], |key| {
        (key == "html").then(|| html.clone())
    });
    let model_stage = object(keys::MODEL_STAGE, &["id"], |key| match key {
        "id" | "name" | "group" => Some(string()),
        _ => None,
    });
    let model = object(keys::MODEL, &["id", "stages"], |key| match key {
        "id" => Some(string()),
        "stages" => Some(json!({ "type": "array", "minItems": 1, "items": model_stage.clone() })),
        _ => None,
    });
    let journey = object(keys::JOURNEY, &[], |key| match key {
        "model" => Some(string()),
        "models" => Some(json!({ "type": "array", "items": model.clone() })),
        _ => None,
    });
    let schema = object(keys::TOP, &["book"], |key| match key {
        "book" => Some(book.clone()),
        "build" => Some(build.clone()),
        "output" => Some(output.clone()),
        "journey" => Some(journey.clone()),
        _ => None,
    });
    document("A journeybook report's book.toml", schema)
}

/// An object of exactly `fields` (each given its schema by `property`), rejecting others.
/// A field `property` knows nothing about is a bug caught by the tests (it gets `{}`).
fn object(fields: &[&str], required: &[&str], property: impl Fn(&str) -> Option<Value>) -> Value {
    let mut properties = Map::new();
    for field in fields {
        properties.insert(
            field.to_string(),
            property(field).unwrap_or_else(|| json!({})),
        );
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// The outer document: draft and title.
fn document(title: &str, schema: Value) -> Value {
    let mut out = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
    });
    if let (Some(out), Value::Object(schema)) = (out.as_object_mut(), schema) {
        out.extend(schema);
    }
    out
}

/// A text field: YAML numbers and booleans are read as written (`period: 2026`).
fn text() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// An empty value counts as absent, as the loader reads it.
fn optional(schema: Value) -> Value {
    json!({ "anyOf": [ schema, { "type": "null" } ] })
}

fn text_list() -> Value {
    optional(json!({ "type": "array", "items": text() }))
}

fn label_map() -> Value {
    optional(json!({ "type": "object", "additionalProperties": { "type": ["string", "number"] } }))
}

fn count() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field the loader knows has a real schema (not the `{}` of a forgotten one).
    #[test]
    fn every_loader_field_has_a_schema() {
        fn walk(value: &Value, path: &str) {
            if let Some(properties) = value.get("properties").and_then(Value::as_object) {
                for (name, schema) in properties {
                    assert_ne!(schema, &json!({}), "{path}.{name} has no schema");
                    walk(schema, &format!("{path}.{name}"));
                }
            }
            if let Some(object) = value.as_object() {
                for (key, child) in object {
                    if key != "properties" {
                        walk(child, path);
                    }
                }
            }
            if let Some(items) = value.as_array() {
                for item in items {
                    walk(item, path);
                }
            }
        }
        for (name, text) in files() {
            let value: Value = serde_json::from_str(&text).unwrap();
            walk(&value, name);
        }
    }

    #[test]
    fn objects_list_exactly_the_loader_fields_and_reject_others() {
        let journey = journey_schema();
        let mut listed: Vec<&str> = journey["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        listed.sort_unstable();
        let mut expected = journey::FIELDS.to_vec();
        expected.sort_unstable();
        assert_eq!(listed, expected);
        assert_eq!(journey["additionalProperties"], false);
        assert_eq!(journey["$defs"]["stage"]["additionalProperties"], false);
        assert_eq!(
            book_schema()["properties"]["output"]["properties"]["html"]["additionalProperties"],
            false
        );
    }
}
