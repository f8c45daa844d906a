//! `dossier eval stories PATH`: story clustering on ECB+. Every article is run through the
//! whole pipeline (analyse, digest, relate) in an order that mixes topics, and the stories
//! found are scored against the corpus's sub-topics (each topic has two seminal events, e.g.
//! two different celebrities entering rehab) with B-cubed, MUC, CEAF-e and CoNLL F1. Also
//! prints the time to analyse, to relate the corpus, and to relate one more article.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use dossier_model::{Article, Format as SourceFormat, Meta, Record, Source};
use dossier_relate::corpora::{EcbDoc, clusters, read_ecbplus};
use dossier_relate::score::{CorefScores, score};
use dossier_relate::{Digest, Lexicon, Params, Relator, digest};
use dossier_store::{RelationStore, SqliteRelations};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The ECB+ folder (topic folders of CAT XML files, searched recursively).
    pub path: PathBuf,
    /// Join threshold instead of the default.
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Also score a range of thresholds (on the same analysed articles).
    #[arg(long)]
    pub sweep: bool,
    /// Use only the first N articles (in the mixed order).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// An article in the shape the pipeline reads, from an evaluation corpus's text.
pub fn article(uri: String, title: &str, text: &str) -> Article {
    Article {
        source: Source {
            uri: Some(uri),
            format: SourceFormat::Text,
            encoding: None,
        },
        meta: Meta {
            title: Some(title.to_string()),
            ..Meta::default()
        },
        text: text.to_string(),
    }
}

/// Analyses articles with the full pipeline. An analyser that panics on an article (a bug to
/// report, not a reason to stop measuring) leaves that article unanalysed: its record has the
/// text and nothing found in it. Returns the records and how many failed.
pub fn analyse_all(articles: &[Article]) -> anyhow::Result<(Vec<Record>, usize)> {
    let res = crate::cmd::resources()?;
    let out: Vec<(Record, bool)> = articles
        .par_iter()
        .map(|a| {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                dossier_extract::analyse(a, &res)
            })) {
                Ok(r) => (r, false),
                Err(_) => (
                    Record {
                        schema: dossier_model::SCHEMA.into(),
                        id: dossier_model::content_id(&a.text),
                        source: a.source.clone(),
                        lang: "und".into(),
                        meta: a.meta.clone(),
                        text: a.text.clone(),
                        ..Record::default()
                    },
                    true,
                ),
            }
        })
        .collect();
    let failed = out.iter().filter(|(_, f)| *f).count();
    Ok((out.into_iter().map(|(r, _)| r).collect(), failed))
}

/// The order articles arrive in: mixed across topics, the same every run.
fn mixed_order(n: usize, ids: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    order
}

/// Relates digests (in batches of `batch`, as ingest does) and returns each one's story.
fn relate(digests: &[Digest], params: Params, batch: usize) -> anyhow::Result<(Vec<i64>, f64)> {
    let mut db = SqliteRelations::open_in_memory()?;
    let lex = Lexicon::shared()?;
    let t = Instant::now();
    {
        let mut r = Relator::with_lexicon(&mut db, lex);
        r.params = params;
        for part in digests.chunks(batch.max(1)) {
            r.update_digests(part.to_vec())?;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mut stories = Vec::with_capacity(digests.len());
    for d in digests {
        let m = db
            .member(&d.id)?
            .with_context(|| format!("article {} was not related", d.id))?;
        stories.push(m.story_id);
    }
    Ok((stories, secs))
}

fn line(name: &str, s: &CorefScores) -> String {
    format!(
        "{name:<28} B3 P {:.3} R {:.3} F1 {:.3} | MUC F1 {:.3} | CEAF-e F1 {:.3} | CoNLL F1 {:.3}",
        s.b3.p, s.b3.r, s.b3.f1, s.muc.f1, s.ceafe.f1, s.conll_f1
    )
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut docs = read_ecbplus(&a.path)?;
    if docs.is_empty() {
        anyhow::bail!(
            "no ECB+ documents (N_Mecb.xml, N_Mecbplus.xml) under {}",
            a.path.display()
        );
    }
    // Articles arrive mixed across topics (ordered by content id), the same every run; ECB+
    // has a few identical texts, which are one article.
    let ids: Vec<String> = docs
        .iter()
        .map(|d| dossier_model::content_id(&d.text))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut order: Vec<usize> = mixed_order(docs.len(), &ids)
        .into_iter()
        .filter(|&i| seen.insert(ids[i].clone()))
        .collect();
    if let Some(n) = a.limit {
        order.truncate(n);
    }
    let mut slots: Vec<Option<EcbDoc>> = docs.drain(..).map(Some).collect();
    let docs: Vec<EcbDoc> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let t = Instant::now();
    let articles: Vec<Article> = docs
        .iter()
        .map(|d| article(d.name.clone(), &d.title, &d.text))
        .collect();
    let (records, failed) = analyse_all(&articles)?;
    if failed > 0 {
        eprintln!(
            "warning: {failed} articles could not be analysed (an analyser panicked); they are related by their words alone"
        );
    }
    let analyse_secs = t.elapsed().as_secs_f64();
    let lex = Lexicon::shared()?;
    let t = Instant::now();
    let digests: Vec<Digest> = records.par_iter().map(|r| digest(r, &lex)).collect();
    let digest_secs = t.elapsed().as_secs_f64();

    let key = clusters(
        docs.iter()
            .enumerate()
            .map(|(i, d)| (i, d.subtopic.clone())),
    );
    let topics = clusters(docs.iter().enumerate().map(|(i, d)| (i, d.topic.clone())));
    let mut params = Params::default();
    if let Some(t) = a.threshold {
        params.threshold = t;
    }
    let (stories, relate_secs) = relate(&digests, params, 500)?;
    let response = clusters(stories.iter().copied().enumerate());
    let sub = score(&key, &response);
    let top = score(&topics, &response);
    let singletons: Vec<Vec<usize>> = (0..docs.len()).map(|i| vec![i]).collect();
    let base = score(&key, &singletons);

    // One more article: all but the last related, then the last on its own.
    let (one_secs, one_n) = if digests.len() < 2 {
        (0.0, 0)
    } else {
        let mut db = SqliteRelations::open_in_memory()?;
        let mut r = Relator::with_lexicon(&mut db, lex.clone());
        r.params = params;
        let n = digests.len();
        for part in digests[..n - 1].chunks(500) {
            r.update_digests(part.to_vec())?;
        }
        let t = Instant::now();
        r.update_digests(vec![digests[n - 1].clone()])?;
        (t.elapsed().as_secs_f64(), n - 1)
    };

    if a.json {
        let v = serde_json::json!({
            "articles": docs.len(),
            "gold_stories": key.len(),
            "topics": topics.len(),
            "stories": response.len(),
            "threshold": params.threshold,
            "subtopics": sub,
            "topics_scores": top,
            "singletons_baseline": base,
            "seconds": {"analyse": analyse_secs, "digest": digest_secs, "relate": relate_secs,
                        "one_more_article": one_secs},
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "ECB+ story clustering: {} articles, {} gold stories (sub-topics) in {} topics; {} stories found (threshold {:.2})",
            docs.len(),
            key.len(),
            topics.len(),
            response.len(),
            params.threshold
        );
        println!("{}", line("sub-topics (gold stories)", &sub));
        println!("{}", line("topics", &top));
        println!("{}", line("baseline: one story each", &base));
        println!(
            "time: analyse {analyse_secs:.1}s ({:.0} articles/s), digest {digest_secs:.2}s, relate {relate_secs:.2}s ({:.1} ms/article); one more article into {one_n}: {:.1} ms",
            docs.len() as f64 / analyse_secs.max(1e-9),
            1000.0 * relate_secs / docs.len() as f64,
            one_secs * 1000.0
        );
    }
    if a.sweep {
        println!("\nthreshold sweep (sub-topics):");
        for k in 0..=15 {
            let t = 0.08 + 0.02 * f64::from(k);
            let mut p = params;
            p.threshold = t;
            let (st, _) = relate(&digests, p, 500)?;
            let s = score(&key, &clusters(st.iter().copied().enumerate()));
            println!("{}", line(&format!("  {t:.2}"), &s));
        }
    }
    Ok(ExitCode::SUCCESS)
}
