//! `dossier eval xdoc PATH`: cross-document and cross-language entity resolution on MEANTIME
//! (120 Wikinews articles and their Dutch, Spanish and Italian translations, entity mentions
//! with instance ids shared across documents and languages). Every article goes through the
//! whole pipeline (analyse, relate); each gold mention takes the resolved id of the entity
//! Dossier found over its head word, or stays alone when none was found, and the clusters
//! are scored against the gold instances (B-cubed, MUC, CEAF-e, CoNLL F1) per language and
//! over all four at once, beside a same-head-word baseline.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use dossier_model::{Article, Format as SourceFormat, Meta, Record, Source};
use dossier_relate::score::{CorefScores, score};
use dossier_relate::{Lexicon, Relator, Resolver, digest};
use dossier_store::{RelationStore, SqliteRelations};
use rayon::prelude::*;

use super::stories::detokenize_with_offsets;

#[derive(clap::Args)]
pub struct Args {
    /// The MEANTIME folder (`en/`, `nl/`, `es/`, `it/`, each with `meantime.conll` and
    /// `entities_mentions.json`).
    pub path: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

const LANGS: [&str; 4] = ["en", "nl", "es", "it"];

/// One article in one language: its text and where each token lies in it.
struct Doc {
    lang: &'static str,
    key: String,
    text: String,
    title: String,
    /// (sentence, token) → code-point range in `text`.
    tokens: HashMap<(u32, u32), (usize, usize)>,
}

/// A gold entity mention.
struct Mention {
    lang: &'static str,
    doc: String,
    /// Code-point ranges of its tokens, the head's first.
    head: (usize, usize),
    all: (usize, usize),
    instance: String,
    head_word: String,
    named: bool,
}

fn read_conll(path: &Path, lang: &'static str) -> anyhow::Result<Vec<Doc>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    // doc → sentence → tokens (token id, word)
    let mut docs: BTreeMap<String, BTreeMap<u32, Vec<(u32, String)>>> = BTreeMap::new();
    for line in raw.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let (Ok(s), Ok(t)) = (f[1].parse::<u32>(), f[2].parse::<u32>()) else {
            continue;
        };
        docs.entry(f[0].to_string())
            .or_default()
            .entry(s)
            .or_default()
            .push((t, f[3].to_string()));
    }
    let mut out = Vec::new();
    for (key, sents) in docs {
        let mut text = String::new();
        let mut chars = 0usize;
        let mut tokens = HashMap::new();
        let mut title = String::new();
        for (k, (s, toks)) in sents.iter().enumerate() {
            let words: Vec<String> = toks.iter().map(|(_, w)| w.clone()).collect();
            let (sent, spans) = detokenize_with_offsets(&words);
            let sep = match k {
                0 => "",
                1 => "\n\n",
                _ => " ",
            };
            text.push_str(sep);
            chars += sep.chars().count();
            for ((t, _), (a, b)) in toks.iter().zip(spans) {
                tokens.insert((*s, *t), (chars + a, chars + b));
            }
            chars += sent.chars().count();
            if k == 0 {
                title = sent.clone();
            }
            text.push_str(&sent);
        }
        out.push(Doc {
            lang,
            key,
            text,
            title,
            tokens,
        });
    }
    Ok(out)
}

/// The instance id of a chain label: the same across documents and languages.
fn instance(chain: &str) -> String {
    chain
        .trim_start_matches("cross_intra_")
        .trim_start_matches("cross_")
        .trim_start_matches("intra_")
        .to_string()
}

fn read_mentions(
    path: &Path,
    lang: &'static str,
    docs: &HashMap<(&str, String), &Doc>,
) -> anyhow::Result<Vec<Mention>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    let mut out = Vec::new();
    for m in v.as_array().map(Vec::as_slice).unwrap_or_default() {
        let Some(key) = m["conll_doc_key"].as_str() else {
            continue;
        };
        let Some(doc) = docs.get(&(lang, key.to_string())) else {
            continue;
        };
        let sent = m["sent_id"].as_u64().unwrap_or(0) as u32;
        let toks: Vec<u32> = m["tokens_number"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_u64())
                    .map(|x| x as u32)
                    .collect()
            })
            .unwrap_or_default();
        let head_id = m["mention_head_id"]
            .as_u64()
            .map(|x| x as u32)
            .or(toks.first().copied());
        let spans: Vec<(usize, usize)> = toks
            .iter()
            .filter_map(|t| doc.tokens.get(&(sent, *t)).copied())
            .collect();
        let (Some(first), Some(last)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        let head = head_id
            .and_then(|h| doc.tokens.get(&(sent, h)).copied())
            .unwrap_or((first, last));
        out.push(Mention {
            lang,
            doc: key.to_string(),
            head,
            all: (first, last),
            instance: instance(m["coref_chain"].as_str().unwrap_or("")),
            head_word: m["mention_head"].as_str().unwrap_or("").to_lowercase(),
            named: m["mention_ner"].as_str().is_some_and(|n| n != "O"),
        });
    }
    Ok(out)
}

fn clusters<K: Ord + Clone>(labels: impl Iterator<Item = (usize, K)>) -> Vec<Vec<usize>> {
    let mut m: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, k) in labels {
        m.entry(k).or_default().push(i);
    }
    m.into_values().collect()
}

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
            docs.extend(read_conll(&p, lang)?);
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
            mentions.extend(read_mentions(&p, lang, &by_key)?);
        }
    }

    // The pipeline: analyse, then relate every article into stories (which is where entity
    // ids are resolved across articles).
    let res = crate::cmd::resources()?;
    let t = Instant::now();
    let records: Vec<Record> = docs
        .par_iter()
        .map(|d| {
            let article = Article {
                source: Source {
                    uri: Some(format!("{}/{}", d.lang, d.key)),
                    format: SourceFormat::Text,
                    encoding: None,
                },
                meta: Meta {
                    title: Some(d.title.clone()),
                    ..Meta::default()
                },
                text: d.text.clone(),
            };
            dossier_extract::analyse(&article, &res)
        })
        .collect();
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

    // Each gold mention's system id: the entity over its head word, else over any of it.
    let mut found = 0usize;
    let mut system: Vec<String> = Vec::with_capacity(mentions.len());
    let rec_of: HashMap<(&str, &str), &Record> = docs
        .iter()
        .zip(&records)
        .map(|(d, r)| ((d.lang, d.key.as_str()), r))
        .collect();
    for (i, m) in mentions.iter().enumerate() {
        let id = rec_of.get(&(m.lang, m.doc.as_str())).and_then(|r| {
            let over = |(a, b): (usize, usize)| {
                r.entities
                    .iter()
                    .filter(move |e| e.span.0 < b && a < e.span.1)
            };
            let e = over(m.head).next().or_else(|| over(m.all).next())?;
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

    let subset = |keep: &dyn Fn(&Mention) -> bool| -> (usize, CorefScores, CorefScores) {
        let idx: Vec<usize> = (0..mentions.len())
            .filter(|&i| keep(&mentions[i]))
            .collect();
        let key = clusters(idx.iter().map(|&i| (i, mentions[i].instance.clone())));
        let resp = clusters(idx.iter().map(|&i| (i, system[i].clone())));
        let base = clusters(idx.iter().map(|&i| (i, mentions[i].head_word.clone())));
        (idx.len(), score(&key, &resp), score(&key, &base))
    };
    let mut rows: Vec<(String, usize, CorefScores, CorefScores)> = Vec::new();
    for lang in LANGS {
        let (n, s, b) = subset(&|m: &Mention| m.lang == lang);
        if n > 0 {
            rows.push((format!("{lang}: all mentions"), n, s, b));
        }
        let (n, s, b) = subset(&|m: &Mention| m.lang == lang && m.named);
        if n > 0 {
            rows.push((format!("{lang}: named mentions"), n, s, b));
        }
    }
    let (n, s, b) = subset(&|_: &Mention| true);
    rows.push(("all languages: all".into(), n, s, b));
    let (n, s, b) = subset(&|m: &Mention| m.named);
    rows.push(("all languages: named".into(), n, s, b));

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_labels_share_instance_ids() {
        assert_eq!(
            instance("cross_intra_ORG37154720130514282"),
            "ORG37154720130514282"
        );
        assert_eq!(
            instance("cross_ORG37154720130514282"),
            "ORG37154720130514282"
        );
        assert_eq!(instance("intra_PER1"), "PER1");
    }
}
