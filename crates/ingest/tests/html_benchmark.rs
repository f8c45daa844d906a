//! The HTML extractor and cleaner on the public article-extraction benchmark in
//! `../shared/data/article-extraction/` (not in the repository): a floor under the F1 that
//! `dossier eval html` prints, to catch regressions. Skipped with a message when the data is
//! absent.

use std::collections::BTreeMap;
use std::path::Path;

use dossier_ingest::score::{body_without_title, score_page, summarize};
use dossier_ingest::{ReadOptions, clean, clean_rules, read_file};

fn benchmark() -> Option<(std::path::PathBuf, BTreeMap<String, serde_json::Value>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/article-extraction");
    let Ok(gt) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    };
    Some((dir, serde_json::from_str(&gt).unwrap()))
}

#[test]
fn benchmark_f1_floor() {
    let Some((dir, gold)) = benchmark() else {
        return;
    };
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
    assert!(s.f1 >= 0.97, "F1 {:.3} fell under the floor of 0.97", s.f1);
    assert!(s.precision >= 0.95 && s.recall >= 0.95, "{s:?}");
}

/// The same pages with every `class` and `id` attribute removed: what is left is structure
/// and text, as on a template none of the names in `data/html.toml` describe. A guard
/// against rules that only work through names.
#[test]
fn benchmark_without_class_names() {
    let Some((dir, gold)) = benchmark() else {
        return;
    };
    let attrs = regex::Regex::new(r#"\s(?:class|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)"#).unwrap();
    let mut scores = Vec::new();
    for (id, g) in &gold {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let doc = read_file(&path, &ReadOptions::default())
            .into_iter()
            .next()
            .and_then(Result::ok);
        let predicted = doc.and_then(|doc| match &doc.body {
            dossier_ingest::Body::Html(h) => {
                let d = dossier_ingest::extract_html(&attrs.replace_all(h, ""));
                Some(
                    d.blocks
                        .iter()
                        .filter(|b| b.kind != dossier_ingest::BlockKind::Caption)
                        .map(|b| b.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                )
            }
            dossier_ingest::Body::Text(_) => None,
        });
        let body = g["articleBody"].as_str().unwrap_or("");
        scores.push(score_page(id, body, predicted.as_deref()));
    }
    let s = summarize(&scores);
    eprintln!(
        "without class names: precision {:.3} recall {:.3} F1 {:.3}",
        s.precision, s.recall, s.f1
    );
    assert!(s.f1 >= 0.93, "F1 {:.3} without class names", s.f1);
}
