//! The record's JSON Schema: the committed file matches the types, and real output
//! validates against it.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn committed_schema_matches_the_types() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/schema/dossier-1.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        committed,
        dossier_model_schema(),
        "docs/schema/dossier-1.schema.json is stale: regenerate it with `dossier schema > docs/schema/dossier-1.schema.json`"
    );
}

fn dossier_model_schema() -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("schema")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn raqqa_record_validates() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["extract", "--format", "json"])
        .arg(root().join("data/demo/hln_nl_raqqa_convoy.txt"))
        .env("DOSSIER_DATA", root().join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&dossier_model_schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&record)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Every span slices to its text, counted in code points.
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    for group in [
        "entities",
        "places",
        "quantities",
        "times",
        "quotes",
        "sources",
    ] {
        for item in record[group].as_array().unwrap() {
            if let Some(span) = item["span"].as_array() {
                let (s, e) = (
                    span[0].as_u64().unwrap() as usize,
                    span[1].as_u64().unwrap() as usize,
                );
                let slice: String = text[s..e].iter().collect();
                assert_eq!(slice, item["text"].as_str().unwrap(), "{group}");
            }
        }
    }
}
