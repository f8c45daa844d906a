//! The HTML extractor and cleaner on the public article-extraction benchmark in
//! `../shared/data/article-extraction/` (not in the repository): a floor under the F1 that
//! `dossier eval html` prints, to catch regressions. Skipped with a message when the data is
//! absent.

use std::collections::BTreeMap;
use std::path::Path;

use dossier_ingest::score::{body_without_title, score_page, summarize};
use dossier_ingest::{ReadOptions, clean, clean_rules, read_file};

#[test]
fn benchmark_f1_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/article-extraction");
    let Ok(gt) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let gold: BTreeMap<String, serde_json::Value> = serde_json::from_str(&gt).unwrap();
    let rules = clean_rules().unwrap();
    let mut scores = Vec::new();
    for (id, g) in &gold {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let predicted = read_file(&path, &ReadOptions::default())
            .into_iter()
            .next()
            .and_then(Result::ok)
            .and_then(|doc| clean(&doc, &rules).ok())
            .map(|a| body_without_title(&a.text, a.meta.title.as_deref()).to_string());
        let body = g["articleBody"].as_str().unwrap_or("");
        scores.push(score_page(id, body, predicted.as_deref()));
    }
    let s = summarize(&scores);
    eprintln!(
        "pages {} missing {} precision {:.3} recall {:.3} F1 {:.3} accuracy {:.3}",
        s.pages, s.missing, s.precision, s.recall, s.f1, s.accuracy
    );
    assert_eq!(s.missing, 0, "every page gives an article");
    assert!(s.f1 >= 0.96, "F1 {:.3} fell under the floor of 0.96", s.f1);
    assert!(s.precision >= 0.95 && s.recall >= 0.95, "{s:?}");
}
