//! `dossier eval geo PATH`: geocoding and cross-language entity ids on NewsReader MEANTIME
//! (`PATH` holds `list_instances.csv` and `<lang>/{meantime.conll,entities_mentions.json}`).
//!
//! Each document is rebuilt from its tokens (one sentence per line) and run through the tagger,
//! `entities::resolve` and `places::geocode`. A gold place mention is a LOC mention whose
//! cross-document instance links to DBpedia. It is *right* when a place we output overlaps it
//! and that place is the DBpedia resource: the resource title without its qualifier
//! (`Everett,_Washington` → `Everett`, `Washington_(state)` → `Washington`) is one of the
//! place's names in the gazetteer (any language), and the qualifier, if any, names the place's
//! country or its first-level region (or says `state` for a region). It is *wrong* when the
//! places overlapping it are all other places, *unresolved* when none overlaps it. Resources
//! that are not places in the gazetteer's sense (`Earth`, airports, `European_Union`) count
//! as gold too, so the share is a floor. The `named` rows keep the mentions whose head is a
//! proper noun or an adjective (the conversion's POS tags): what a geocoder can be asked for.
//!
//! Entity ids: for every gold entity mention of a cross-document instance whose head token lies
//! inside one of our entities, the id we gave it. An instance is consistent when all its
//! mentions, in all documents and languages, got one id.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_extract::places::{Feature, GazPlace, Gazetteer};
use dossier_extract::{Resources, entities, ner, places};
use dossier_text::Doc;
use serde_json::Value;

#[derive(clap::Args)]
pub struct Args {
    /// The MEANTIME folder (`../shared/data/meantime`).
    pub path: PathBuf,
    /// Languages to evaluate.
    #[arg(long, value_delimiter = ',', default_value = "en,nl,es,it")]
    pub langs: Vec<String>,
    /// Print every wrong or unresolved gold place mention.
    #[arg(long)]
    pub errors: bool,
}

/// A document rebuilt from its tokens: the text and the byte range of every token.
struct GoldDoc {
    text: String,
    tokens: HashMap<(u32, u32), (usize, usize)>,
}

/// One gold entity mention.
struct GoldMention {
    doc: String,
    instance: String,
    cross: bool,
    kind: String,
    head_pos: String,
    text: String,
    start: usize,
    end: usize,
    head: (usize, usize),
}

fn read_conll(path: &Path) -> anyhow::Result<BTreeMap<String, GoldDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs: BTreeMap<String, GoldDoc> = BTreeMap::new();
    let mut last_sent: HashMap<String, u32> = HashMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || f.len() < 4 {
            continue;
        }
        let (Ok(sent), Ok(tok)) = (f[1].parse::<u32>(), f[2].parse::<u32>()) else {
            continue;
        };
        let d = docs.entry(f[0].to_string()).or_insert_with(|| GoldDoc {
            text: String::new(),
            tokens: HashMap::new(),
        });
        match last_sent.insert(f[0].to_string(), sent) {
            Some(s) if s != sent => d.text.push('\n'),
            Some(_) => d.text.push(' '),
            None => {}
        }
        let start = d.text.len();
        d.text.push_str(f[3]);
        d.tokens.insert((sent, tok), (start, d.text.len()));
    }
    Ok(docs)
}

fn read_mentions(
    path: &Path,
    docs: &BTreeMap<String, GoldDoc>,
) -> anyhow::Result<Vec<GoldMention>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut out = Vec::new();
    for m in v.as_array().into_iter().flatten() {
        let doc = m["conll_doc_key"].as_str().unwrap_or_default().to_string();
        let Some(d) = docs.get(&doc) else { continue };
        let sent = m["sent_id"].as_u64().unwrap_or(0) as u32;
        let toks: Vec<(usize, usize)> = m["tokens_number"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| d.tokens.get(&(sent, t.as_u64()? as u32)).copied())
            .collect();
        let (Some(start), Some(end)) = (
            toks.iter().map(|t| t.0).min(),
            toks.iter().map(|t| t.1).max(),
        ) else {
            continue;
        };
        let head = m["mention_head_id"]
            .as_u64()
            .and_then(|h| d.tokens.get(&(sent, h as u32)).copied())
            .unwrap_or((start, end));
        let chain = m["coref_chain"].as_str().unwrap_or_default();
        out.push(GoldMention {
            doc,
            instance: chain.rsplit('_').next().unwrap_or_default().to_string(),
            cross: chain.starts_with("cross_"),
            kind: m["mention_type"].as_str().unwrap_or_default().to_string(),
            head_pos: m["mention_head_pos"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            text: m["tokens_str"].as_str().unwrap_or_default().to_string(),
            start,
            end,
            head,
        });
    }
    Ok(out)
}

/// Instance id → DBpedia resource title (`Everett,_Washington`).
fn read_instances(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if let (Some(id), Some(link)) = (f.first(), f.get(5))
            && link.contains("dbpedia.org")
            && let Some(title) = link.rsplit('/').next()
        {
            out.insert(id.to_string(), percent_decode(title));
        }
    }
    Ok(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lower case without diacritics.
fn fold(s: &str) -> String {
    entities::slug(s)
}

/// Every name of every place, folded, for checking a place against a DBpedia title.
struct NameIndex {
    by_place: HashMap<u32, HashSet<String>>,
}

impl NameIndex {
    fn new(gaz: &Gazetteer) -> Self {
        let mut by_place: HashMap<u32, HashSet<String>> = HashMap::new();
        for (name, refs) in gaz.names() {
            for r in refs {
                by_place.entry(r.place).or_default().insert(fold(name));
            }
        }
        for (i, p) in gaz.places.iter().enumerate() {
            by_place.entry(i as u32).or_default().insert(fold(&p.name));
        }
        NameIndex { by_place }
    }

    fn has(&self, place: u32, name: &str) -> bool {
        self.by_place
            .get(&place)
            .is_some_and(|n| n.contains(&fold(name)))
    }
}

/// Whether the gazetteer place `p` is the DBpedia resource `title`.
fn same_place(gaz: &Gazetteer, names: &NameIndex, p: u32, title: &str) -> bool {
    let title = title.replace('_', " ");
    let (head, qual) = if let Some((h, q)) = title.split_once(" (") {
        (h.to_string(), Some(q.trim_end_matches(')').to_string()))
    } else if let Some((h, q)) = title.split_once(", ") {
        (h.to_string(), Some(q.to_string()))
    } else {
        (title.clone(), None)
    };
    if names.has(p, &title) {
        return true;
    }
    if !names.has(p, &head) {
        return false;
    }
    let place: &GazPlace = gaz.place(p);
    match qual {
        None => true,
        Some(q) if q == "state" || q == "Australia" && place.feature == Feature::Region => {
            place.feature == Feature::Region
        }
        Some(q) => {
            let country = gaz.country(&place.country);
            country.is_some_and(|c| names.has(c, &q))
                || gaz.places.iter().enumerate().any(|(i, r)| {
                    r.feature == Feature::Region
                        && r.country == place.country
                        && !r.admin1.is_empty()
                        && r.admin1 == place.admin1
                        && names.has(i as u32, &q)
                })
        }
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    right: usize,
    wrong: usize,
    unresolved: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        self.gold += 1;
        match outcome {
            Outcome::Right => self.right += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Unresolved => self.unresolved += 1,
        }
    }
    fn row(&self, label: &str) -> String {
        let share = if self.gold == 0 {
            0.0
        } else {
            self.right as f64 / self.gold as f64
        };
        format!(
            "{label:<14} {:>6} {:>6} {:>6} {:>10} {:>8.3}",
            self.gold, self.right, self.wrong, self.unresolved, share
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Right,
    Wrong,
    Unresolved,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let res: std::sync::Arc<Resources> = crate::cmd::resources()?;
    let gaz = &res.gazetteer;
    let names = NameIndex::new(gaz);
    let instances = read_instances(&a.path.join("list_instances.csv"))?;
    // instance → language → ids given to its mentions
    let mut ids: HashMap<String, BTreeMap<String, Vec<String>>> = HashMap::new();
    let mut covered = (0usize, 0usize);
    println!("geocoding on MEANTIME: gold LOC mentions linked to DBpedia");
    println!(
        "{:<14} {:>6} {:>6} {:>6} {:>10} {:>8}",
        "lang", "gold", "right", "wrong", "unresolved", "share"
    );
    let mut total = (Tally::default(), Tally::default());
    let started = std::time::Instant::now();
    let mut chars = 0usize;
    let mut tokens = 0usize;
    // Time spent in entities::resolve and places::geocode alone.
    let mut ours = std::time::Duration::ZERO;
    for lang in &a.langs {
        let dir = a.path.join(lang);
        let docs = read_conll(&dir.join("meantime.conll"))?;
        let gold = read_mentions(&dir.join("entities_mentions.json"), &docs)?;
        let mut by_doc: HashMap<&str, Vec<&GoldMention>> = HashMap::new();
        for m in &gold {
            by_doc.entry(m.doc.as_str()).or_default().push(m);
        }
        let (mut all, mut named) = (Tally::default(), Tally::default());
        for (key, d) in &docs {
            chars += d.text.len();
            let doc = Doc::new(&d.text, lang);
            let mentions = ner::tag(&doc, &res.ner);
            let t = std::time::Instant::now();
            let ents = entities::resolve(&doc, &mentions, &res.aliases, gaz);
            let found = places::geocode(&doc, &ents, gaz);
            ours += t.elapsed();
            tokens += doc.tokens.len();
            let starts = places_byte_starts(&d.text);
            let located: Vec<(usize, usize, Option<u32>)> = found
                .iter()
                .map(|p| {
                    let (s, e) = (starts[p.span.start()], starts[p.span.end()]);
                    let id = gaz.place_of(p);
                    (s, e, id)
                })
                .collect();
            let ent_spans: Vec<(usize, usize, &str)> = ents
                .iter()
                .map(|e| (starts[e.span.start()], starts[e.span.end()], e.id.as_str()))
                .collect();
            for m in by_doc.get(key.as_str()).into_iter().flatten() {
                if m.cross {
                    covered.0 += 1;
                    if let Some((_, _, id)) = ent_spans
                        .iter()
                        .find(|(s, e, _)| *s <= m.head.0 && m.head.1 <= *e)
                    {
                        covered.1 += 1;
                        ids.entry(m.instance.clone())
                            .or_default()
                            .entry(lang.clone())
                            .or_default()
                            .push(id.to_string());
                    }
                }
                if m.kind != "LOC" {
                    continue;
                }
                let Some(title) = instances.get(&m.instance) else {
                    continue;
                };
                let over: Vec<Option<u32>> = located
                    .iter()
                    .filter(|(s, e, _)| *s < m.end && m.start < *e)
                    .map(|l| l.2)
                    .collect();
                let outcome = if over.is_empty() {
                    Outcome::Unresolved
                } else if over
                    .iter()
                    .flatten()
                    .any(|&p| same_place(gaz, &names, p, title))
                {
                    Outcome::Right
                } else {
                    Outcome::Wrong
                };
                if a.errors && outcome != Outcome::Right {
                    let got: Vec<String> = over
                        .iter()
                        .flatten()
                        .map(|&p| gaz.place(p).name.clone())
                        .collect();
                    eprintln!("{lang} {key}: {:?} → gold {title}, got {:?}", m.text, got);
                }
                all.add(outcome);
                total.0.add(outcome);
                if matches!(m.head_pos.as_str(), "PROPN" | "ADJ") {
                    named.add(outcome);
                    total.1.add(outcome);
                }
            }
        }
        println!("{}", all.row(&format!("{lang} all")));
        println!("{}", named.row(&format!("{lang} named")));
    }
    println!("{}", total.0.row("total all"));
    println!("{}", total.1.row("total named"));

    // Cross-language entity ids.
    let mut consistent = (0usize, 0usize);
    let mut multi_lang = (0usize, 0usize);
    let mut majority = (0usize, 0usize);
    for by_lang in ids.values() {
        let all: Vec<&String> = by_lang.values().flatten().collect();
        if all.len() < 2 {
            continue;
        }
        let mut counts: HashMap<&String, usize> = HashMap::new();
        for id in &all {
            *counts.entry(id).or_default() += 1;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        majority.0 += all.len();
        majority.1 += top;
        consistent.0 += 1;
        if counts.len() == 1 {
            consistent.1 += 1;
        } else if a.errors {
            let mut ids: Vec<(&&String, &usize)> = counts.iter().collect();
            ids.sort_by(|x, y| y.1.cmp(x.1));
            eprintln!("ids of one instance: {ids:?}");
        }
        if by_lang.len() >= 2 {
            multi_lang.0 += 1;
            if counts.len() == 1 {
                multi_lang.1 += 1;
            }
        }
    }
    let pct = |(n, k): (usize, usize)| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    println!();
    println!(
        "entity ids on MEANTIME cross-document instances (all languages {:?})",
        a.langs
    );
    println!(
        "  gold mentions whose head lies in one of our entities: {}/{} ({:.3})",
        covered.1,
        covered.0,
        pct(covered)
    );
    println!(
        "  instances with >=2 such mentions that got one id: {}/{} ({:.3})",
        consistent.1,
        consistent.0,
        pct(consistent)
    );
    println!(
        "  ... of them found in >=2 languages, one id across languages: {}/{} ({:.3})",
        multi_lang.1,
        multi_lang.0,
        pct(multi_lang)
    );
    println!(
        "  mentions carrying their instance's majority id: {}/{} ({:.3})",
        majority.1,
        majority.0,
        pct(majority)
    );
    let secs = started.elapsed().as_secs_f64();
    let own = ours.as_secs_f64();
    eprintln!(
        "{chars} chars, {tokens} tokens analysed in {secs:.1}s; entities::resolve + \
         places::geocode took {own:.2}s ({:.0} tokens/s)",
        tokens as f64 / own.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// Byte offset of every code point, and of the end.
fn places_byte_starts(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}
