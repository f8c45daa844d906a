//! `dossier eval html DIR`: article-body extraction on `DIR/html/*.html[.gz]` scored against
//! `DIR/ground-truth.json` (`{id: {"articleBody": ..., "url": ...}}`), with the benchmark's
//! metric as `dossier_ingest::score` implements it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use dossier_ingest::score::{PageScore, body_without_title, score_page, summarize};
use dossier_ingest::{ReadOptions, clean, clean_rules, explain_html, html_rules, read_file};
use serde::Deserialize;

#[derive(clap::Args)]
pub struct Args {
    /// The benchmark directory: `html/` with the pages and `ground-truth.json`.
    pub path: PathBuf,
    /// How many of the worst pages to list.
    #[arg(long, default_value_t = 10)]
    pub worst: usize,
    /// Print how the extractor read this page (its id, or a prefix of it) and stop.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
}

#[derive(Deserialize)]
struct Gold {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: String,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let gt_path = a.path.join("ground-truth.json");
    let gold: BTreeMap<String, Gold> = serde_json::from_str(
        &std::fs::read_to_string(&gt_path)
            .with_context(|| format!("cannot read {}", gt_path.display()))?,
    )
    .with_context(|| format!("malformed {}", gt_path.display()))?;
    let pages = pages_in(&a.path.join("html"))?;

    if let Some(id) = &a.explain {
        let (_, path) = pages
            .iter()
            .find(|(k, _)| k.starts_with(id.as_str()))
            .with_context(|| format!("no page {id} in {}", a.path.display()))?;
        let docs = read_file(path, &ReadOptions::default());
        for doc in docs.into_iter().flatten() {
            if let dossier_ingest::Body::Html(h) = &doc.body {
                print!("{}", explain_html(h));
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    // Fail early on missing rule files rather than scoring an empty extraction.
    html_rules().context("loading data/html.toml")?;
    let rules = clean_rules().context("loading data/cleaner.toml")?;
    let opts = ReadOptions::default();
    let mut scores: Vec<PageScore> = Vec::with_capacity(gold.len());
    let mut bytes = 0u64;
    let mut seconds = 0.0f64;
    let mut failures = Vec::new();
    for (id, g) in &gold {
        let predicted = match pages.get(id) {
            None => None,
            Some(path) => {
                bytes += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                let t = Instant::now();
                let docs = read_file(path, &opts);
                let article = match docs.into_iter().next() {
                    Some(Ok(doc)) => clean(&doc, &rules).map_err(|p| p.to_string()),
                    Some(Err(e)) => Err(e.problem.to_string()),
                    None => Err("no document".into()),
                };
                seconds += t.elapsed().as_secs_f64();
                match article {
                    Ok(art) => {
                        Some(body_without_title(&art.text, art.meta.title.as_deref()).to_string())
                    }
                    Err(e) => {
                        failures.push(format!("{id}: {e}"));
                        None
                    }
                }
            }
        };
        scores.push(score_page(id, &g.article_body, predicted.as_deref()));
    }
    let s = summarize(&scores);
    println!(
        "pages {}  missing {}  precision {:.3}  recall {:.3}  accuracy {:.3}",
        s.pages, s.missing, s.precision, s.recall, s.accuracy
    );
    println!("F1 {:.3}", s.f1);
    let found = s.pages - s.missing;
    if seconds > 0.0 {
        println!(
            "speed {:.0} pages/s, {:.1} MB/s (compressed input), read + decode + extract + clean, one thread",
            found as f64 / seconds,
            bytes as f64 / 1e6 / seconds
        );
    }
    if a.worst > 0 {
        println!("\nworst pages (F1 precision recall id url):");
        let mut by_f1: Vec<&PageScore> = scores.iter().collect();
        by_f1.sort_by(|x, y| x.f1.total_cmp(&y.f1));
        for p in by_f1.into_iter().take(a.worst) {
            let url = gold.get(&p.id).map_or("", |g| g.url.as_str());
            println!(
                "{:.3} {:.3} {:.3} {} {}",
                p.f1,
                p.precision,
                p.recall,
                p.id.chars().take(12).collect::<String>(),
                url
            );
        }
    }
    for f in &failures {
        eprintln!("failed: {f}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Page files by id (the file name before `.html`).
fn pages_in(dir: &Path) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let id = name
            .strip_suffix(".gz")
            .unwrap_or(&name)
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .to_string();
        if name.contains(".htm") {
            out.insert(id, path);
        }
    }
    Ok(out)
}
