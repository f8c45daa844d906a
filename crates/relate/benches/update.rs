//! What relating costs: digesting one analysed article, and relating one more article into a
//! store that already holds a corpus's stories (the step `dossier ingest` runs per batch).
//! Runs on ECB+ beside the checkout (`../shared/data/ecbplus`), analysed by the pipeline
//! first; says so and measures nothing when it is absent.

use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dossier_model::{Article, Format, Meta, Source};
use dossier_relate::corpora::read_ecbplus;
use dossier_relate::{Digest, Lexicon, Relator, digest};
use dossier_store::SqliteRelations;

/// Articles related before the measured one arrives.
const STORE: usize = 600;

fn corpus() -> Option<Vec<dossier_model::Record>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ecbplus/ECB+");
    if !dir.is_dir() {
        eprintln!("skipped: no ECB+ at {}", dir.display());
        return None;
    }
    let docs = read_ecbplus(&dir).ok()?;
    let res = dossier_extract::Resources::shared().ok()?;
    Some(
        docs.iter()
            .take(STORE + 50)
            .map(|d| {
                dossier_extract::analyse(
                    &Article {
                        source: Source {
                            uri: Some(d.name.clone()),
                            format: Format::Text,
                            encoding: None,
                        },
                        meta: Meta {
                            title: Some(d.title.clone()),
                            ..Meta::default()
                        },
                        text: d.text.clone(),
                    },
                    &res,
                )
            })
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(records) = corpus() else { return };
    let lex = Lexicon::shared().expect("claims lexicon");
    let digests: Vec<Digest> = records.iter().map(|r| digest(r, &lex)).collect();
    let n = digests.len().min(STORE);

    c.bench_function("digest one article", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % records.len();
            digest(&records[i], &lex)
        })
    });

    let dir = tempfile::tempdir().expect("temporary store");
    {
        let mut db = SqliteRelations::open(dir.path()).expect("store");
        let mut relator = Relator::with_lexicon(&mut db, lex.clone());
        for part in digests[..n].chunks(500) {
            relator.update_digests(part.to_vec()).expect("relating");
        }
    }
    let rest = &digests[n..];
    if rest.is_empty() {
        return;
    }
    let mut k = 0usize;
    c.bench_function(&format!("relate one more article into {n}"), |b| {
        b.iter_batched(
            || {
                // A fresh copy of the store each time, so every arrival meets the same
                // stories; copying is not measured.
                let copy = tempfile::tempdir().expect("temporary store");
                for e in std::fs::read_dir(dir.path())
                    .expect("store files")
                    .flatten()
                {
                    if e.path().is_file() {
                        std::fs::copy(e.path(), copy.path().join(e.file_name())).expect("copy");
                    }
                }
                let db = SqliteRelations::open(copy.path()).expect("store");
                k += 1;
                (copy, db, rest[k % rest.len()].clone())
            },
            |(_copy, mut db, d)| {
                Relator::with_lexicon(&mut db, lex.clone())
                    .update_digests(vec![d])
                    .expect("relating")
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
