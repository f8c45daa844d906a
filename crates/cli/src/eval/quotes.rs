//! `dossier eval quotes PATH`: quotation and speaker attribution against gold annotations.
//!
//! PATH is either a PolNeAR split (a folder with `text/*.txt` and brat standoff
//! `attributions/*.ann`: Source, Cue and Content spans tied into one Attribution), or a folder
//! of Dossier's own gold files (`*.json`, see `tests/fixtures/quotes-nl/README.md`).
//!
//! PolNeAR scoring (one annotation per text, the first by file name, where a text was annotated
//! twice; the quote finder gets the entities of the NER stage, as in `analyse`). A predicted
//! attribution and a gold one are paired one-to-one by the largest overlap of their content;
//! then
//! - content overlap: pairs / predicted, pairs / gold;
//! - content exact: pairs whose content covers the same letters and digits (quotation marks,
//!   punctuation and spaces are ignored, so `"Ja," | "nee."` equals `Ja, nee`);
//! - speaker: pairs whose predicted speaker words overlap the gold Source span (precision over
//!   predictions with a speaker, recall over gold attributions with a Source);
//! - cue: pairs whose cue overlaps (or equals) the gold Cue.
//!
//! The same figures are printed for direct quotes alone: gold attributions whose content opens
//! with a quotation mark, predictions of kind `direct` (a partial quote, words in quotation
//! marks inside the writer's own sentence, is `indirect`, as PARC's mixed attributions have
//! content that does not open with a mark). PolNeAR also annotates attributions
//! without speech verbs (`refused to`, `plans`, beliefs), which the overall figures count.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_extract::quotes::{self, Attribution};
use dossier_model::{Article, Meta, Quote, QuoteKind, SourceRef, Span};
use dossier_text::Doc;
use serde::Deserialize;

#[derive(clap::Args)]
pub struct Args {
    /// A PolNeAR split (`.../polnear/dev`) or a folder of Dossier quote gold files (`*.json`).
    pub path: PathBuf,
    /// Print up to N missed and spurious attributions (tune on train/, never on dev/).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if a.path.join("attributions").is_dir() && a.path.join("text").is_dir() {
        polnear(&a)
    } else if a.path.is_dir() {
        dossier_gold(&a)
    } else {
        anyhow::bail!(
            "{}: not a PolNeAR split (text/ + attributions/) nor a folder of gold *.json files",
            a.path.display()
        )
    }
}

/// Precision, recall and F1 from matched, predicted and gold counts.
#[derive(Clone, Copy, Default)]
struct Prf {
    tp_p: usize,
    tp_g: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn add(&mut self, o: Prf) {
        self.tp_p += o.tp_p;
        self.tp_g += o.tp_g;
        self.pred += o.pred;
        self.gold += o.gold;
    }
    fn p(&self) -> f64 {
        ratio(self.tp_p, self.pred)
    }
    fn r(&self) -> f64 {
        ratio(self.tp_g, self.gold)
    }
    fn f(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn row(&self, name: &str) -> String {
        format!(
            "  {name:<22} P {:>5.1}  R {:>5.1}  F1 {:>5.1}   ({} of {} predicted, {} of {} gold)",
            100.0 * self.p(),
            100.0 * self.r(),
            100.0 * self.f(),
            self.tp_p,
            self.pred,
            self.tp_g,
            self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// One attribution, gold or predicted, in code-point offsets.
#[derive(Clone, Debug, Default)]
struct Item {
    content: Vec<Span>,
    cue: Vec<Span>,
    source: Vec<Span>,
    direct: bool,
}

#[derive(Default)]
struct Scores {
    /// Gold attributions with a Source: quote not found, found with no speaker, found with
    /// another speaker; predictions with a speaker whose quote pairs with no gold one.
    speaker_misses: [usize; 4],
    overlap: Prf,
    exact: Prf,
    speaker: Prf,
    cue_overlap: Prf,
    cue_exact: Prf,
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        for (a, b) in self.speaker_misses.iter_mut().zip(o.speaker_misses) {
            *a += b;
        }
        self.overlap.add(o.overlap);
        self.exact.add(o.exact);
        self.speaker.add(o.speaker);
        self.cue_overlap.add(o.cue_overlap);
        self.cue_exact.add(o.cue_exact);
    }
    fn print(&self) {
        println!("{}", self.exact.row("content exact"));
        println!("{}", self.overlap.row("content overlap"));
        println!("{}", self.speaker.row("speaker (overlap)"));
        let [lost, none, other, spurious] = self.speaker_misses;
        println!(
            "    speaker misses: quote not found {lost}, no speaker {none}, another speaker {other}; speakers of unpaired predictions {spurious}"
        );
        println!("{}", self.cue_exact.row("cue exact"));
        println!("{}", self.cue_overlap.row("cue overlap"));
    }
}

fn overlap_len(a: &[Span], b: &[Span]) -> usize {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (x, y)))
        .map(|(x, y)| x.1.min(y.1).saturating_sub(x.0.max(y.0)))
        .sum()
}

fn any_overlap(a: &[Span], b: &[Span]) -> bool {
    overlap_len(a, b) > 0
}

/// The letters and digits that spans cover, in text order: exact matching ignores quotation
/// marks, punctuation and spacing at the edges and between parts.
fn norm(chars: &[char], spans: &[Span]) -> String {
    let mut sorted = spans.to_vec();
    sorted.sort();
    sorted
        .iter()
        .flat_map(|s| &chars[s.0.min(chars.len())..s.1.min(chars.len())])
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Pairs predictions with gold items one-to-one by content overlap, largest first.
fn pair(pred: &[Item], gold: &[Item]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(usize, usize, usize)> = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let o = overlap_len(&p.content, &g.content);
            if o > 0 {
                cands.push((o, i, j));
            }
        }
    }
    cands.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut pu = vec![false; pred.len()];
    let mut gu = vec![false; gold.len()];
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !pu[i] && !gu[j] {
            pu[i] = true;
            gu[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn score(chars: &[char], pred: &[Item], gold: &[Item]) -> (Scores, Vec<(usize, usize)>) {
    let pairs = pair(pred, gold);
    let count = |ok: &dyn Fn(&Item, &Item) -> bool| {
        pairs
            .iter()
            .filter(|&&(i, j)| ok(&pred[i], &gold[j]))
            .count()
    };
    let prf = |tp: usize, pred: usize, gold: usize| Prf {
        tp_p: tp,
        tp_g: tp,
        pred,
        gold,
    };
    let exact = count(&|p, g| norm(chars, &p.content) == norm(chars, &g.content));
    let spk = count(&|p, g| any_overlap(&p.source, &g.source));
    let cue_o = count(&|p, g| any_overlap(&p.cue, &g.cue));
    let cue_e =
        count(&|p, g| any_overlap(&p.cue, &g.cue) && norm(chars, &p.cue) == norm(chars, &g.cue));
    let with_speaker = pred.iter().filter(|p| !p.source.is_empty()).count();
    let with_source = gold.iter().filter(|g| !g.source.is_empty()).count();
    let cp = pred.iter().filter(|p| !p.cue.is_empty()).count();
    let cg = gold.iter().filter(|g| !g.cue.is_empty()).count();
    let paired_p: std::collections::HashSet<usize> = pairs.iter().map(|p| p.0).collect();
    let mut speaker_misses = [0usize; 4];
    speaker_misses[0] = gold
        .iter()
        .enumerate()
        .filter(|(j, g)| !g.source.is_empty() && !pairs.iter().any(|p| p.1 == *j))
        .count();
    for &(i, j) in &pairs {
        let (p, g) = (&pred[i], &gold[j]);
        if g.source.is_empty() || any_overlap(&p.source, &g.source) {
            continue;
        }
        speaker_misses[if p.source.is_empty() { 1 } else { 2 }] += 1;
    }
    speaker_misses[3] = pred
        .iter()
        .enumerate()
        .filter(|(i, p)| !p.source.is_empty() && !paired_p.contains(i))
        .count();
    let s = Scores {
        speaker_misses,
        overlap: prf(pairs.len(), pred.len(), gold.len()),
        exact: prf(exact, pred.len(), gold.len()),
        speaker: prf(spk, with_speaker, with_source),
        cue_overlap: prf(cue_o, cp, cg),
        cue_exact: prf(cue_e, cp, cg),
    };
    (s, pairs)
}

// ---- PolNeAR ---------------------------------------------------------------------------------

/// Reads a brat standoff file into gold attributions (code-point offsets, as brat counts).
fn read_ann(path: &Path, text: &[char]) -> anyhow::Result<Vec<Item>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events: Vec<&str> = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        let mut parts = line.split('\t');
        let id = parts.next().unwrap_or("");
        let body = parts.next().unwrap_or("");
        if id.starts_with('T') && id[1..].chars().all(|c| c.is_ascii_digit()) && id.len() > 1 {
            let (_label, offsets) = body.split_once(' ').with_context(|| {
                format!("{}:{}: a T line without offsets", path.display(), n + 1)
            })?;
            let mut segs = Vec::new();
            for seg in offsets.split(';') {
                let mut it = seg.split_whitespace().map(str::parse::<usize>);
                match (it.next(), it.next()) {
                    (Some(Ok(a)), Some(Ok(b))) if a <= b && b <= text.len() => {
                        segs.push(Span(a, b))
                    }
                    _ => anyhow::bail!("{}:{}: bad offsets {seg:?}", path.display(), n + 1),
                }
            }
            spans.insert(id, segs);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for e in events {
        let mut item = Item::default();
        for role in e.split_whitespace() {
            let Some((name, id)) = role.split_once(':') else {
                continue;
            };
            let segs = spans.get(id).cloned().unwrap_or_default();
            if name.starts_with("Content") {
                item.content.extend(segs);
            } else if name.starts_with("Cue") {
                item.cue.extend(segs);
            } else if name.starts_with("Source") {
                item.source.extend(segs);
            }
        }
        if item.content.is_empty() {
            continue;
        }
        // A direct quote: the content opens with a quotation mark (not a paraphrase with a
        // quoted phrase inside).
        let mut first = item.content.clone();
        first.sort();
        item.direct = first.first().is_some_and(|s| {
            text[s.0..s.1]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘'))
        });
        out.push(item);
    }
    Ok(out)
}

fn to_item(doc: &Doc, a: &Attribution) -> Item {
    let sp = |r: (usize, usize)| doc.span(r.0, r.1);
    Item {
        content: a.content.iter().map(|&r| sp(r)).collect(),
        cue: a.cue.map(sp).into_iter().collect(),
        source: a.speaker_mention.map(sp).into_iter().collect(),
        direct: a.kind == QuoteKind::Direct,
    }
}

/// Figures over a PolNeAR split.
struct PolnearRun {
    all: Scores,
    direct: Scores,
    docs: usize,
    tokens: usize,
    extract_secs: f64,
}

/// Scores the quote finder on the PolNeAR split in `dir` (English), printing up to `errors`
/// misses and false alarms.
fn score_polnear(dir: &Path, errors: usize) -> anyhow::Result<PolnearRun> {
    // The quote finder runs as `analyse` runs it: with the entities of the NER stage.
    let res = dossier_extract::Resources::shared().context("loading resources")?;
    let lex = &res.quotes;
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .with_context(|| format!("reading {}", dir.join("attributions").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut seen = std::collections::HashSet::new();
    let mut run = PolnearRun {
        all: Scores::default(),
        direct: Scores::default(),
        docs: 0,
        tokens: 0,
        extract_secs: 0.0,
    };
    let mut errors_left = errors;
    for ann in anns {
        let stem = ann.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        // `<article>_<annotator>.ann`: one annotation per article.
        let Some((article, _annotator)) = stem.rsplit_once('_') else {
            continue;
        };
        if !seen.insert(article.to_string()) {
            continue;
        }
        let txt_path = dir.join("text").join(format!("{article}.txt"));
        let text = std::fs::read_to_string(&txt_path)
            .with_context(|| format!("reading {}", txt_path.display()))?;
        let chars: Vec<char> = text.chars().collect();
        let gold = read_ann(&ann, &chars)?;
        let doc = Doc::new(&text, "en");
        let mentions = dossier_extract::ner::tag(&doc, &res.ner);
        let entities =
            dossier_extract::entities::resolve(&doc, &mentions, &res.aliases, &res.gazetteer);
        let t0 = std::time::Instant::now();
        let found = quotes::attributions(&doc, &entities, lex);
        run.extract_secs += t0.elapsed().as_secs_f64();
        run.docs += 1;
        run.tokens += doc.tokens.len();
        let pred: Vec<Item> = found.iter().map(|x| to_item(&doc, x)).collect();
        let (s, pairs) = score(&chars, &pred, &gold);
        run.all.add(&s);
        let pd: Vec<Item> = pred.iter().filter(|p| p.direct).cloned().collect();
        let gd: Vec<Item> = gold.iter().filter(|g| g.direct).cloned().collect();
        let (sd, _) = score(&chars, &pd, &gd);
        run.direct.add(&sd);
        if errors_left > 0 {
            print_errors(article, &chars, &pred, &gold, &pairs, &mut errors_left);
        }
    }
    Ok(run)
}

fn polnear(a: &Args) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let run = score_polnear(&a.path, a.errors)?;
    println!(
        "PolNeAR {}: {} articles, {} tokens, {:.0} tokens/s in the quote finder ({:.1}s in all)",
        a.path.display(),
        run.docs,
        run.tokens,
        run.tokens as f64 / run.extract_secs.max(1e-9),
        started.elapsed().as_secs_f64()
    );
    println!("all attributions:");
    run.all.print();
    println!(
        "direct quotes (gold content opening with a quotation mark; predictions of kind direct):"
    );
    run.direct.print();
    Ok(ExitCode::SUCCESS)
}

fn show(chars: &[char], spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| chars[s.0..s.1].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" | ")
        .replace('\n', " ")
}

fn print_errors(
    article: &str,
    chars: &[char],
    pred: &[Item],
    gold: &[Item],
    pairs: &[(usize, usize)],
    left: &mut usize,
) {
    let paired_p: std::collections::HashSet<usize> = pairs.iter().map(|p| p.0).collect();
    let paired_g: std::collections::HashSet<usize> = pairs.iter().map(|p| p.1).collect();
    for (i, p) in pred.iter().enumerate() {
        if *left == 0 {
            return;
        }
        if !paired_p.contains(&i) {
            *left -= 1;
            println!(
                "{article}: SPURIOUS{} [{}] cue [{}] content [{}]",
                if p.direct { "-DIRECT" } else { "" },
                show(chars, &p.source),
                show(chars, &p.cue),
                show(chars, &p.content)
            );
        }
    }
    for &(i, j) in pairs {
        if *left == 0 {
            return;
        }
        let (p, g) = (&pred[i], &gold[j]);
        if !g.source.is_empty() && !any_overlap(&p.source, &g.source) {
            *left -= 1;
            let lo = g
                .content
                .iter()
                .chain(&g.source)
                .map(|s| s.0)
                .min()
                .unwrap_or(0);
            let hi = g
                .content
                .iter()
                .chain(&g.source)
                .map(|s| s.1)
                .max()
                .unwrap_or(0);
            println!(
                "{article}: SPEAKER{} predicted [{}] gold [{}] cue [{}] in [{}]",
                if p.direct && g.direct { "-DIRECT" } else { "" },
                show(chars, &p.source),
                show(chars, &g.source),
                show(chars, &g.cue),
                show(
                    chars,
                    &[Span(lo.saturating_sub(60), (hi + 60).min(chars.len()))]
                )
            );
        }
    }
    for &(i, j) in pairs {
        if *left == 0 {
            return;
        }
        let (p, g) = (&pred[i], &gold[j]);
        if p.direct && g.direct && norm(chars, &p.content) != norm(chars, &g.content) {
            *left -= 1;
            println!(
                "{article}: BOUNDS predicted [{}] gold [{}]",
                show(chars, &p.content),
                show(chars, &g.content)
            );
        }
    }
    for (j, g) in gold.iter().enumerate() {
        if *left == 0 {
            return;
        }
        if !paired_g.contains(&j) && g.direct {
            *left -= 1;
            println!(
                "{article}: MISSED [{}] cue [{}] content [{}]",
                show(chars, &g.source),
                show(chars, &g.cue),
                show(chars, &g.content)
            );
        }
    }
}

// ---- Dossier's own gold (Dutch) ----------------------------------------------------------------

/// A gold file: an article's text and the quotes and sources a person marked in it.
#[derive(Deserialize)]
struct GoldFile {
    lang: String,
    text: String,
    #[serde(default)]
    meta: Meta,
    quotes: Vec<Quote>,
    #[serde(default)]
    sources: Vec<SourceRef>,
}

fn same_name(a: Option<&str>, b: Option<&str>) -> bool {
    let n = |s: Option<&str>| s.map(|x| x.trim().to_lowercase());
    n(a) == n(b)
}

fn dossier_gold(a: &Args) -> anyhow::Result<ExitCode> {
    let res = crate::cmd::resources()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&a.path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        anyhow::bail!("{}: no gold *.json files", a.path.display());
    }
    let mut quotes = Scores::default();
    let mut speaker_name = Prf::default();
    let mut kind_ok = 0usize;
    let mut pull = Prf::default();
    let mut pull_speaker = 0usize;
    let mut sources = Prf::default();
    let mut source_name = 0usize;
    let mut n_pairs = 0usize;
    for path in &files {
        let raw = std::fs::read_to_string(path)?;
        let gold: GoldFile =
            serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
        let chars: Vec<char> = gold.text.chars().collect();
        for q in gold.quotes.iter().filter_map(|q| q.span.map(|s| (s, q))) {
            anyhow::ensure!(
                q.0.slice(&gold.text) == q.1.text,
                "{}: span {:?} does not give {:?}",
                path.display(),
                q.0,
                q.1.text
            );
        }
        let article = Article {
            meta: gold.meta.clone(),
            text: gold.text.clone(),
            ..Article::default()
        };
        let rec = dossier_extract::analyse(&article, &res);
        if rec.lang != gold.lang {
            println!(
                "{}: language detected as {}, gold says {}",
                path.display(),
                rec.lang,
                gold.lang
            );
        }
        let as_item = |q: &Quote| Item {
            content: q.span.into_iter().collect(),
            cue: Vec::new(),
            source: Vec::new(),
            direct: q.kind == QuoteKind::Direct,
        };
        let gq: Vec<&Quote> = gold.quotes.iter().filter(|q| q.span.is_some()).collect();
        let pq: Vec<&Quote> = rec.quotes.iter().filter(|q| q.span.is_some()).collect();
        let gi: Vec<Item> = gq.iter().map(|q| as_item(q)).collect();
        let pi: Vec<Item> = pq.iter().map(|q| as_item(q)).collect();
        let (s, pairs) = score(&chars, &pi, &gi);
        quotes.overlap.add(s.overlap);
        quotes.exact.add(s.exact);
        let spk = pairs
            .iter()
            .filter(|&&(i, j)| same_name(pq[i].speaker.as_deref(), gq[j].speaker.as_deref()))
            .count();
        speaker_name.add(Prf {
            tp_p: spk,
            tp_g: spk,
            pred: pq.len(),
            gold: gq.len(),
        });
        let cue = pairs
            .iter()
            .filter(|&&(i, j)| same_name(pq[i].cue.as_deref(), gq[j].cue.as_deref()))
            .count();
        quotes.cue_exact.add(Prf {
            tp_p: cue,
            tp_g: cue,
            pred: pq.len(),
            gold: gq.len(),
        });
        kind_ok += pairs
            .iter()
            .filter(|&&(i, j)| pq[i].kind == gq[j].kind)
            .count();
        n_pairs += pairs.len();
        // Pull quotes: same text.
        let gp: Vec<&Quote> = gold
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Pull)
            .collect();
        let pp: Vec<&Quote> = rec
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Pull)
            .collect();
        let matched: Vec<(&Quote, &Quote)> = gp
            .iter()
            .filter_map(|g| pp.iter().find(|p| p.text == g.text).map(|p| (*p, *g)))
            .collect();
        pull.add(Prf {
            tp_p: matched.len(),
            tp_g: matched.len(),
            pred: pp.len(),
            gold: gp.len(),
        });
        pull_speaker += matched
            .iter()
            .filter(|(p, g)| same_name(p.speaker.as_deref(), g.speaker.as_deref()))
            .count();
        // Sources: overlapping spans, then the same name.
        let hit_p = rec
            .sources
            .iter()
            .filter(|p| gold.sources.iter().any(|g| g.span.overlaps(p.span)))
            .count();
        let hit_g: Vec<(&SourceRef, Option<&SourceRef>)> = gold
            .sources
            .iter()
            .map(|g| {
                (
                    g,
                    rec.sources
                        .iter()
                        .filter(|p| p.span.overlaps(g.span))
                        .find(|p| p.name == g.name)
                        .or_else(|| rec.sources.iter().find(|p| p.span.overlaps(g.span))),
                )
            })
            .collect();
        sources.add(Prf {
            tp_p: hit_p,
            tp_g: hit_g.iter().filter(|(_, p)| p.is_some()).count(),
            pred: rec.sources.len(),
            gold: gold.sources.len(),
        });
        source_name += hit_g
            .iter()
            .filter(|(g, p)| p.is_some_and(|p| p.name == g.name))
            .count();
        if a.errors > 0 {
            for &(i, j) in &pairs {
                if !same_name(pq[i].speaker.as_deref(), gq[j].speaker.as_deref())
                    || pq[i].kind != gq[j].kind
                {
                    println!(
                        "{}: {:?} predicted {:?}/{:?} gold {:?}/{:?}",
                        path.display(),
                        gq[j].text,
                        pq[i].speaker,
                        pq[i].kind,
                        gq[j].speaker,
                        gq[j].kind
                    );
                }
            }
            let paired: std::collections::HashSet<usize> = pairs.iter().map(|p| p.1).collect();
            for (j, g) in gq.iter().enumerate() {
                if !paired.contains(&j) {
                    println!("{}: MISSED {:?}", path.display(), g.text);
                }
            }
            let paired: std::collections::HashSet<usize> = pairs.iter().map(|p| p.0).collect();
            for (i, p) in pq.iter().enumerate() {
                if !paired.contains(&i) {
                    println!(
                        "{}: SPURIOUS {:?} ({:?})",
                        path.display(),
                        p.text,
                        p.speaker
                    );
                }
            }
        }
    }
    println!(
        "Dossier gold {}: {} files, {} quotes with spans",
        a.path.display(),
        files.len(),
        quotes.overlap.gold
    );
    println!("{}", quotes.exact.row("content exact"));
    println!("{}", quotes.overlap.row("content overlap"));
    println!("{}", speaker_name.row("speaker (same name)"));
    println!("{}", quotes.cue_exact.row("cue (same word)"));
    println!(
        "  kind right on {kind_ok} of {n_pairs} paired quotes; pull quotes found {} of {} ({} with the right speaker)",
        pull.tp_g, pull.gold, pull_speaker
    );
    println!("{}", sources.row("sources (overlap)"));
    println!(
        "  source name right on {source_name} of {} gold sources",
        sources.gold
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
    }

    #[test]
    fn exact_match_ignores_marks_and_punctuation() {
        let chars: Vec<char> = "\"Ja,\" zei hij. \"Nee.\" Ja, nee".chars().collect();
        let gold = [Span(0, 5), Span(15, 21)];
        let pred = [Span(22, 29)];
        assert_eq!(norm(&chars, &gold), norm(&chars, &pred));
    }

    #[test]
    fn reads_brat_attributions() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\"We won,\" Trump said. He said the race is over.";
        let chars: Vec<char> = text.chars().collect();
        let ann = dir.path().join("a_x.ann");
        std::fs::write(
            &ann,
            "T1\tContent 0 9\t\"We won,\"\nT2\tSource 10 15\tTrump\nT3\tCue 16 20\tsaid\nE1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\nT4\tSource 22 24\tHe\nT5\tCue 25 29\tsaid\nT6\tContent 30 47\tthe race is over\nE2\tAttribution-no-source:T5 Content:T6 Cue:T5 Source:T4 \n",
        )
        .unwrap();
        let gold = read_ann(&ann, &chars).unwrap();
        assert_eq!(gold.len(), 2);
        assert!(gold[0].direct && !gold[1].direct);
        assert_eq!(gold[0].source, vec![Span(10, 15)]);
    }

    /// A floor on PolNeAR dev that catches regressions (the figures are printed by
    /// `dossier eval quotes`); skipped where the shared data is absent.
    #[test]
    fn polnear_dev_floor() {
        let dev = shared().join("data/polnear/dev");
        if !dev.join("attributions").is_dir() {
            eprintln!("skipped: {} not found", dev.display());
            return;
        }
        let run = score_polnear(&dev, 0).unwrap();
        assert!(run.docs >= 80);
        assert!(
            run.direct.overlap.f() > 0.80,
            "direct content F1 {}",
            run.direct.overlap.f()
        );
        assert!(
            run.direct.speaker.f() > 0.75,
            "direct speaker F1 {}",
            run.direct.speaker.f()
        );
        assert!(
            run.all.speaker.f() > 0.45,
            "speaker F1 {}",
            run.all.speaker.f()
        );
    }
}
