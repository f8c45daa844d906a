//! Throughput of the extractors on real news text, in tokens per second: figures, times,
//! named entities (tagger and resolution) and quotations, on the Raqqa article, and on up to
//! 240 BBC articles when `../shared/data/bbc-news` is present.
//!
//! `cargo bench -p dossier-extract --bench extractors`

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier_extract::quantities::{self, QuantityLexicons};
use dossier_extract::times::{self, TimeLexicons};
use dossier_extract::{Resources, entities, ner, quotes};
use dossier_model::Meta;
use dossier_text::Doc;

/// (name, language, texts) of the corpora to measure.
fn corpora() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    if let Ok(t) = std::fs::read_to_string(root.join("data/demo/hln_nl_raqqa_convoy.txt")) {
        out.push(("raqqa-nl", "nl", vec![t]));
    }
    let bbc = root.join("../shared/data/bbc-news");
    let mut texts = Vec::new();
    for topic in [
        "business",
        "politics",
        "world",
        "tech",
        "sport",
        "entertainment",
    ] {
        let Ok(entries) = std::fs::read_dir(bbc.join(topic)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        texts.extend(
            files
                .iter()
                .take(40)
                .filter_map(|p| std::fs::read_to_string(p).ok()),
        );
    }
    if texts.is_empty() {
        eprintln!(
            "note: {} is not here; measuring the demo article only",
            bbc.display()
        );
    } else {
        out.push(("bbc-en", "en", texts));
    }
    out
}

fn bench(c: &mut Criterion) {
    let qlex = QuantityLexicons::load().expect("figure data");
    let tlex = TimeLexicons::load().expect("time data");
    let res = Resources::shared().expect("data");
    let meta = Meta {
        published: Some("2017-11-14".into()),
        ..Default::default()
    };
    for (name, lang, texts) in corpora() {
        // tokenise once: the bench measures the analysers, not the tokenizer
        let docs: Vec<Doc> = texts.iter().map(|t| Doc::new(t, lang)).collect();
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Elements(tokens as u64));
        g.bench_function("quantities", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| quantities::extract(d, &qlex).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("times", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| times::extract(d, &tlex, &meta).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("entities", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| {
                        let m = ner::tag(d, &res.ner);
                        entities::resolve(d, &m, &res.aliases, &res.gazetteer).len()
                    })
                    .sum::<usize>()
            })
        });
        // The quote finder gets the entities, as in `analyse`.
        let ents: Vec<_> = docs
            .iter()
            .map(|d| {
                let m = ner::tag(d, &res.ner);
                entities::resolve(d, &m, &res.aliases, &res.gazetteer)
            })
            .collect();
        g.bench_function("quotes", |b| {
            b.iter(|| {
                docs.iter()
                    .zip(&ents)
                    .map(|(d, e)| quotes::extract(d, e, &meta, &res.quotes).len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
