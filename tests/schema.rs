//! The JSON Schema of rubric files: generated from the types that parse them, kept in the
//! repository for editors (`docs/rubric.schema.json`, named by each rubric's `#:schema` line),
//! and in agreement with the parser on the shipped bank and on broken rubrics.

use crate::util::root;
use std::fs;
use std::path::PathBuf;

const DIRECTIVE: &str = "#:schema ../../docs/rubric.schema.json";

fn schema() -> serde_json::Value {
    serde_json::from_str(&gograde::rubric::schema_json()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema is a valid JSON Schema")
}

fn shipped_rubrics() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for topic in fs::read_dir(root().join("rubrics")).unwrap() {
        let topic = topic.unwrap().path();
        if topic.is_dir() {
            files.extend(fs::read_dir(&topic).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "toml")));
        }
    }
    files.sort();
    files
}

fn as_json(toml_text: &str) -> serde_json::Value {
    toml::from_str(toml_text).expect("valid TOML")
}

#[test]
fn the_schema_in_the_repository_is_the_generated_one() {
    let kept = fs::read_to_string(root().join("docs/rubric.schema.json")).unwrap();
    assert!(
        kept == gograde::rubric::schema_json(),
        "docs/rubric.schema.json is stale: run `cargo run -- schema rubric > docs/rubric.schema.json`"
    );
    let out = crate::util::gograde().args(["schema", "rubric"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), kept);
}

#[test]
fn the_schema_documents_every_field() {
    let schema = schema();
    let mut objects = vec![("rubric".to_string(), &schema)];
    for (name, def) in schema["$defs"].as_object().unwrap() {
        objects.push((name.clone(), def));
    }
    let mut fields = 0;
    for (name, object) in objects {
        let Some(props) = object.get("properties").and_then(|p| p.as_object()) else { continue };
        assert_eq!(object["additionalProperties"], false, "{name}: unknown fields are errors, as for the parser");
        for (field, prop) in props {
            let doc = prop.get("description").and_then(|d| d.as_str()).unwrap_or("");
            assert!(doc.len() > 10, "{name}.{field} has no description");
            fields += 1;
        }
    }
    assert!(fields >= 24, "{fields} fields documented");
    assert!(schema["$defs"]["Concept"]["properties"]["core"]["description"].as_str().unwrap().starts_with("A core concept"));
}

#[test]
fn every_shipped_rubric_names_the_schema_and_validates() {
    let validator = validator();
    let files = shipped_rubrics();
    assert!(files.len() > 100);
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text.lines().next(), Some(DIRECTIVE), "{} starts with the #:schema directive", file.display());
        let errors: Vec<String> = validator.iter_errors(&as_json(&text)).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn the_schema_rejects_broken_rubrics() {
    let validator = validator();
    let good = fs::read_to_string(root().join("rubrics/concurrency-primitives/channels-buffered-vs-unbuffered.toml")).unwrap();
    assert!(validator.is_valid(&as_json(&good)));
    let broken = [
        ("an unknown field", good.replacen("level = ", "difficulty = 3\nlevel = ", 1)),
        ("an unknown level", good.replacen("level = \"junior\"", "level = \"guru\"", 1)),
        ("a weight out of range", good.replacen("weight = 3", "weight = 9", 1)),
        ("a misspelt concept field", good.replacen("hint = ", "hnt = ", 1)),
        ("an id that is not kebab-case", good.replacen("id = \"channels-buffered-vs-unbuffered\"", "id = \"Channels_Buffered\"", 1)),
    ];
    for (what, text) in broken {
        assert_ne!(text, good, "{what}: the edit applies");
        assert!(!validator.is_valid(&as_json(&text)), "the schema accepts {what}");
    }
    // A rubric missing a required field, and a concept with no pattern.
    let mut v = as_json(&good);
    v.as_object_mut().unwrap().remove("question");
    assert!(!validator.is_valid(&v), "the schema accepts a rubric without a question");
    let mut v = as_json(&good);
    v["concept"][0]["patterns"] = serde_json::json!([]);
    assert!(!validator.is_valid(&v), "the schema accepts a concept without patterns");
}
