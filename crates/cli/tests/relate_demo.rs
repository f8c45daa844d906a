//! The Raqqa story end to end: `dossier ingest` on the demo articles (the real HLN article and
//! the constructed relays of `data/demo/`), then `stories`, `story`, `claims` and `entity`.
//! The verbs are checked always; what they find depends on the analysers (figures, quotes and
//! sources, entities), and each of those checks says so and skips while its analyser gives
//! nothing. `crates/relate/tests/raqqa_story.rs` checks the same story on hand-annotated records.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dossier(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.env("DOSSIER_HOME", home)
        .env("DOSSIER_DATA", repo().join("data"));
    c
}

fn json(home: &Path, args: &[&str]) -> Value {
    let out = dossier(home)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn ingested() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let demo = repo().join("data/demo");
    let out = dossier(home.path())
        .arg("ingest")
        .arg(demo.join("hln_nl_raqqa_convoy.txt"))
        .arg(demo.join("wire_en_raqqa.html"))
        .arg(demo.join("relays.jsonl"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("stories:"));
    home
}

/// The stored records, to tell which analysers filled them.
fn records(home: &Path) -> Vec<Value> {
    let hits = json(home, &["search", "--limit", "100"]);
    hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| json(home, &["show", h["id"].as_str().unwrap()]))
        .collect()
}

fn filled(recs: &[Value], field: &str) -> usize {
    recs.iter()
        .filter(|r| r[field].as_array().is_some_and(|a| !a.is_empty()))
        .count()
}

#[test]
fn the_verbs_answer_and_fail_as_they_should() {
    let home = ingested();
    let stories = json(home.path(), &["stories"]);
    let list = stories.as_array().unwrap();
    assert!(!list.is_empty());
    let total: i64 = list.iter().map(|s| s["articles"].as_i64().unwrap()).sum();
    assert_eq!(total, 7, "every article is in one story");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let report = json(home.path(), &["story", &id]);
    assert_eq!(
        report["timeline"].as_array().unwrap().len() as i64,
        list[0]["articles"].as_i64().unwrap()
    );
    let table = dossier(home.path())
        .args(["story", &id, "--format", "table"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("Timeline"));
    let none = dossier(home.path())
        .args(["story", "99999"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    let nobody = dossier(home.path())
        .args(["entity", "Nobody Anywhere"])
        .output()
        .unwrap();
    assert_eq!(nobody.status.code(), Some(1));
    let claims = json(home.path(), &["claims", "--story", &id]);
    assert!(claims.is_array());
    // Ingesting again relates nothing twice.
    let demo = repo().join("data/demo");
    let again = dossier(home.path())
        .arg("ingest")
        .arg(demo.join("relays.jsonl"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("stories: 0 new, 0 articles joined"));
}

#[test]
fn the_raqqa_claims_through_the_analysers() {
    let home = ingested();
    let recs = records(home.path());
    let stories = json(home.path(), &["stories"]);
    if filled(&recs, "entities") < 6 || filled(&recs, "quantities") < 6 {
        eprintln!(
            "skipped: needs the entities and figures analysers (entities in {}, figures in {} of 7 records)",
            filled(&recs, "entities"),
            filled(&recs, "quantities")
        );
        return;
    }
    // Entities, places and figures: the relays are one story across four languages.
    let top = &stories.as_array().unwrap()[0];
    assert!(top["articles"].as_i64().unwrap() >= 6, "{stories:#}");
    let id = top["id"].as_i64().unwrap().to_string();
    let claims = json(home.path(), &["claims", "--story", &id]);
    let groups: Vec<&Value> = claims
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "figure")
        .collect();
    let by = |concept: &str| -> Option<&Value> {
        groups
            .iter()
            .filter(|g| g["concept"] == concept)
            .max_by_key(|g| g["claims"].as_array().map_or(0, Vec::len))
            .copied()
    };
    // The BBC's figures, relayed by several outlets: one origin, not one per outlet.
    for concept in ["fighters", "family-members"] {
        let g = by(concept).unwrap_or_else(|| panic!("no {concept} group: {claims:#}"));
        let outlets: std::collections::HashSet<&str> = g["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["outlet"].as_str().unwrap())
            .collect();
        assert!(
            g["independent_origins"].as_u64().unwrap() < outlets.len() as u64,
            "{concept}: {g:#}"
        );
        assert_ne!(g["verdict"], "contradicted", "{concept}: {g:#}");
    }
    if filled(&recs, "sources") < 4 {
        eprintln!("skipped the origin and contradiction checks: needs the sources analyser");
        return;
    }
    for concept in ["fighters", "family-members"] {
        let g = by(concept).unwrap();
        assert!(
            g["origins"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["label"] == "BBC"),
            "{concept}: {g:#}"
        );
        assert!(
            matches!(g["verdict"].as_str(), Some("corroborated" | "consistent")),
            "{concept}: {g:#}"
        );
    }
    // The driver's "about 4,000 people" against 250 fighters + 3,500 relatives.
    let people = by("people").unwrap_or_else(|| panic!("no people group: {claims:#}"));
    assert_eq!(people["verdict"], "contradicted", "{people:#}");
    let big = people["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["values"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == "about 4,000")
        })
        .unwrap_or_else(|| panic!("{people:#}"));
    assert_eq!(big["outlets"], serde_json::json!(["Daily Example"]));
    if filled(&recs, "quotes") < 5 {
        eprintln!("skipped the quote checks: needs the quotes analyser");
        return;
    }
    let dillon = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "quote" && c["speaker_key"] == "per:ryan-dillon")
        .unwrap_or_else(|| panic!("no quotes by Ryan Dillon: {claims:#}"));
    assert!(
        dillon["languages"].as_array().unwrap().len() >= 3,
        "{dillon:#}"
    );
    let e = json(home.path(), &["entity", "Dillon"]);
    assert_eq!(e["id"], "per:ryan-dillon");
}
