//! `dossier eval xdoc PATH`: cross-document and cross-language entity resolution on MEANTIME
//! (120 Wikinews articles and their Dutch, Spanish and Italian translations, entity mentions
//! with instance ids shared across documents and languages). Every article goes through the
//! whole pipeline (analyse, relate); each gold mention takes the resolved id of the entity
//! Dossier found over its head word, or stays alone when none was found, and the clusters
//! are scored against the gold instances (B-cubed, MUC, CEAF-e, CoNLL F1) per language and
//! over all four at once, beside a same-head-word baseline.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dossier_model::{Article, Record};
use dossier_relate::corpora::{
    MeantimeDoc as Doc, MeantimeMention as Mention, clusters, read_meantime_conll,
    read_meantime_mentions,
};
use dossier_relate::score::{CorefScores, score};
use dossier_relate::{Lexicon, Relator, Resolver, digest};
use dossier_store::{RelationStore, SqliteRelations};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The MEANTIME folder (`en/`, `nl/`, `es/`, `it/`, each with `meantime.conll` and
    /// `entities_mentions.json`).
    pub path: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write every gold mention with its gold instance and Dossier's id (TSV), to read
    /// the errors.
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
}

const LANGS: [&str; 4] = ["en", "nl", "es", "it"];

fn line(name: &str, n: usize, s: &CorefScores, base: &CorefScores) -> String {
    format!(
        "{name:<26} {n:>6}  B3 P {:.3} R {:.3} F1 {:.3} | MUC F1 {:.3} | CEAF-e F1 {:.3} | CoNLL F1 {:.3} | head-word baseline CoNLL F1 {:.3}",
        s.b3.p, s.b3.r, s.b3.f1, s.muc.f1, s.ceafe.f1, s.conll_f1, base.conll_f1
    )
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut docs: Vec<Doc> = Vec::new();
    for lang in LANGS {
        let p = a.path.join(lang).join("meantime.conll");
        if p.is_file() {
            docs.extend(read_meantime_conll(&p, lang)?);
        }
    }
    if docs.is_empty() {
        anyhow::bail!(
            "no MEANTIME documents (<lang>/meantime.conll) under {}",
            a.path.display()
        );
    }
    let by_key: HashMap<(&str, String), &Doc> =
        docs.iter().map(|d| ((d.lang, d.key.clone()), d)).collect();
    let mut mentions = Vec::new();
    for lang in LANGS {
        let p = a.path.join(lang).join("entities_mentions.json");
        if p.is_file() {
            mentions.extend(read_meantime_mentions(&p, lang, &by_key)?);
        }
    }

    // The pipeline: analyse, then relate every article into stories (which is where entity
    // ids are resolved across articles).
    let t = Instant::now();
    let articles: Vec<Article> = docs
        .iter()
        .map(|d| super::stories::article(format!("{}/{}", d.lang, d.key), &d.title, &d.text))
        .collect();
    let (records, failed) = super::stories::analyse_all(&articles)?;
    if failed > 0 {
        eprintln!(
            "warning: {failed} articles could not be analysed (an analyser panicked); their mentions stay unresolved"
        );
    }
    let analyse_secs = t.elapsed().as_secs_f64();
    let lex = Lexicon::shared()?;
    let mut db = SqliteRelations::open_in_memory()?;
    let t = Instant::now();
    {
        let digests = records.par_iter().map(|r| digest(r, &lex)).collect();
        Relator::with_lexicon(&mut db, lex.clone()).update_digests(digests)?;
    }
    let relate_secs = t.elapsed().as_secs_f64();
    let resolver = Resolver::from_rows(&db.aliases()?);

    // Each gold mention's system id: the resolved id of the entity over its head word.
    let mut found = 0usize;
    let mut system: Vec<String> = Vec::with_capacity(mentions.len());
    let rec_of: HashMap<(&str, &str), &Record> = docs
        .iter()
        .zip(&records)
        .map(|(d, r)| ((d.lang, d.key.as_str()), r))
        .collect();
    for (i, m) in mentions.iter().enumerate() {
        let id = rec_of.get(&(m.lang, m.doc.as_str())).and_then(|r| {
            // The entity over the mention's head word (`the European company EADS` is EADS,
            // `the Airbus order` is no mention of Airbus), inside the mention if several.
            let (a, b) = m.head;
            let e = r
                .entities
                .iter()
                .filter(|e| e.span.0 < b && a < e.span.1)
                .max_by_key(|e| (m.all.0 <= e.span.0 && e.span.1 <= m.all.1, e.span.len()))?;
            let story = db.member(&r.id).ok().flatten().map(|x| x.story_id);
            Some(resolver.resolve_mention(&e.id, &e.text, story))
        });
        match id {
            Some(id) => {
                found += 1;
                system.push(id);
            }
            None => system.push(format!("unresolved:{i}")),
        }
    }

    if let Some(path) = &a.dump {
        let mut tsv = String::from("lang\tdoc\thead\tinstance\tdossier\n");
        for (m, id) in mentions.iter().zip(&system) {
            let doc = by_key.get(&(m.lang, m.doc.clone()));
            let head: String = doc
                .map(|d| {
                    d.text
                        .chars()
                        .skip(m.head.0)
                        .take(m.head.1 - m.head.0)
                        .collect()
                })
                .unwrap_or_default();
            tsv.push_str(&format!(
                "{}\t{}\t{head}\t{}\t{id}\n",
                m.lang, m.doc, m.instance
            ));
        }
        std::fs::write(path, tsv)?;
    }
    let subset = |keep: &dyn Fn(usize, &Mention) -> bool| -> (usize, CorefScores, CorefScores) {
        let idx: Vec<usize> = (0..mentions.len())
            .filter(|&i| keep(i, &mentions[i]))
            .collect();
        let key = clusters(idx.iter().map(|&i| (i, mentions[i].instance.clone())));
        let resp = clusters(idx.iter().map(|&i| (i, system[i].clone())));
        let base = clusters(idx.iter().map(|&i| (i, mentions[i].head_word.clone())));
        (idx.len(), score(&key, &resp), score(&key, &base))
    };
    let mut rows: Vec<(String, usize, CorefScores, CorefScores)> = Vec::new();
    for lang in LANGS {
        let (n, s, b) = subset(&|_, m: &Mention| m.lang == lang);
        if n > 0 {
            rows.push((format!("{lang}: all mentions"), n, s, b));
        }
        let (n, s, b) = subset(&|_, m: &Mention| m.lang == lang && m.named);
        if n > 0 {
            rows.push((format!("{lang}: named mentions"), n, s, b));
        }
    }
    let (n, s, b) = subset(&|_, _: &Mention| true);
    rows.push(("all languages: all".into(), n, s, b));
    let (n, s, b) = subset(&|_, m: &Mention| m.named);
    rows.push(("all languages: named".into(), n, s, b));
    // Resolution alone: the mentions Dossier found an entity for (what the taggers missed
    // counts against the rows above, not here).
    let resolved = |i: usize| !system[i].starts_with("unresolved:");
    for lang in LANGS {
        let (n, s, b) = subset(&|i, m: &Mention| m.lang == lang && resolved(i));
        if n > 0 {
            rows.push((format!("{lang}: found by Dossier"), n, s, b));
        }
    }
    let (n, s, b) = subset(&|i, _: &Mention| resolved(i));
    rows.push(("all languages: found".into(), n, s, b));

    if a.json {
        let v = serde_json::json!({
            "documents": docs.len(),
            "mentions": mentions.len(),
            "mentions_with_an_entity": found,
            "scores": rows.iter().map(|(name, n, s, b)| serde_json::json!({
                "subset": name, "mentions": n, "dossier": s, "head_word_baseline": b
            })).collect::<Vec<_>>(),
            "seconds": {"analyse": analyse_secs, "relate": relate_secs},
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "MEANTIME cross-document entity resolution: {} documents, {} gold entity mentions, {} ({:.1}%) under an entity Dossier found",
            docs.len(),
            mentions.len(),
            found,
            100.0 * found as f64 / mentions.len().max(1) as f64
        );
        for (name, n, s, b) in &rows {
            println!("{}", line(name, *n, s, b));
        }
        println!("time: analyse {analyse_secs:.1}s, relate {relate_secs:.2}s");
    }
    Ok(ExitCode::SUCCESS)
}
