//! `cargo xtask train-ner`: builds the taggers' lexicons from registry packages and trains
//! the NER taggers (averaged structured perceptron) on the CoNLL train sets into
//! `data/ner/<lang>/`, choosing the number of epochs on the dev set (`testa`).

mod lexicons;
mod perceptron;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use dossier_extract::ner::conll::{self, ConllDoc, Score};
use dossier_extract::ner::features::add_aggregate_features;
use dossier_extract::ner::{
    Lexicon, LexiconSpec, Manifest, Model, SentenceFeatures, Tagged, doc_features, first_pass_types,
};

use perceptron::{Example, FeatureIndex, Perceptron};

#[derive(clap::Args)]
pub struct Args {
    /// Languages to train (default: all with a recipe).
    #[arg(long = "lang", value_delimiter = ',')]
    langs: Vec<String>,
    /// The raw NER data (CoNLL files); default `../shared/data/ner` beside the checkout.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Maximum number of passes; the best epoch on the dev set is kept.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Stop after this many epochs without a dev-set gain.
    #[arg(long, default_value_t = 4)]
    patience: usize,
    /// Label scheme: `bio` or `bilou`.
    #[arg(long, default_value = "bilou")]
    scheme: String,
    /// Lexicons to use (names from the recipe; default all the recipe has). `none` for none.
    #[arg(long, value_delimiter = ',')]
    lexicons: Option<Vec<String>>,
    /// Rebuild the lexicon files from their sources before training.
    #[arg(long)]
    build_lexicons: bool,
    /// Train on the first N sentences only (for quick experiments).
    #[arg(long)]
    sample: Option<usize>,
    /// Drop features seen fewer than N times in training.
    #[arg(long, default_value_t = 1)]
    min_count: u32,
    /// Drop weight rows whose largest absolute weight is below this (shrinks the file).
    #[arg(long, default_value_t = 0.0)]
    prune: f32,
    /// Extra training sets by name (`europeana` for nl, `gum` for en).
    #[arg(long, value_delimiter = ',')]
    extra: Vec<String>,
    /// Train a second pass that reads document-level features of the first pass's labels.
    #[arg(long)]
    two_pass: bool,
    /// Do not add headline-cased copies of training sentences.
    #[arg(long)]
    no_headlines: bool,
    /// Average the weights of this many perceptrons trained on different shuffles.
    #[arg(long, default_value_t = 1)]
    bag: usize,
    /// Leave out this share of feature occurrences from each training update.
    #[arg(long, default_value_t = 0.0)]
    dropout: f32,
    /// Train against a margin: add this loss to each wrong label while decoding.
    #[arg(long, default_value_t = 0.0)]
    margin: f32,
    /// Give the extra training sets' features a copy of their own (Daumé's feature
    /// augmentation), so what is peculiar to them does not move the shared weights.
    #[arg(long)]
    augment: bool,
    /// Train and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// What a language's tagger is trained on.
struct Recipe {
    lang: &'static str,
    train: &'static str,
    dev: &'static str,
    lexicons: &'static [lexicons::Kind],
    /// Clitics CoNLL writes as tokens of their own and our tokenizer keeps attached.
    clitics: &'static [&'static str],
    /// Add headline-cased copies of training sentences: English news titles are title case,
    /// Dutch ones are not.
    headlines: bool,
}

const RECIPES: &[Recipe] = &[
    Recipe {
        lang: "nl",
        train: "conll2002-nl/ned.train",
        dev: "conll2002-nl/ned.testa",
        lexicons: &[
            lexicons::Kind::FrogNer,
            lexicons::Kind::FrogNames,
            lexicons::Kind::WordfreqNl,
            lexicons::Kind::FrogPos,
            lexicons::Kind::Glove,
        ],
        clitics: &[],
        headlines: false,
    },
    Recipe {
        lang: "en",
        train: "conll2003-en/eng.train",
        dev: "conll2003-en/eng.testa",
        lexicons: &[lexicons::Kind::Glove, lexicons::Kind::WordfreqEn],
        clitics: &["'s", "’s"],
        headlines: true,
    },
];

pub fn run(a: Args) -> anyhow::Result<()> {
    let data = a
        .data
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/ner"));
    for r in RECIPES {
        if !a.langs.is_empty() && !a.langs.iter().any(|l| l == r.lang) {
            continue;
        }
        train_language(r, &data, &a)?;
    }
    Ok(())
}

fn read_conll(path: &Path) -> anyhow::Result<Vec<ConllDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    conll::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn train_language(r: &Recipe, data: &Path, a: &Args) -> anyhow::Result<()> {
    let out_dir = dossier_text::data_dir().join("ner").join(r.lang);
    std::fs::create_dir_all(&out_dir)?;
    let kinds: Vec<lexicons::Kind> = match &a.lexicons {
        None => r.lexicons.to_vec(),
        Some(names) if names.iter().any(|n| n == "none") => Vec::new(),
        Some(names) => r
            .lexicons
            .iter()
            .copied()
            .filter(|k| names.iter().any(|n| *n == k.spec().name))
            .collect(),
    };
    let mut specs = Vec::new();
    let mut lex = Vec::new();
    for k in &kinds {
        let spec = k.spec();
        let path = out_dir.join(&spec.file);
        if a.build_lexicons || !path.exists() {
            let t = Instant::now();
            let n = lexicons::build(*k, data, &path)?;
            eprintln!(
                "[{}] lexicon {}: {n} words in {:.1}s",
                r.lang,
                spec.name,
                t.elapsed().as_secs_f32()
            );
        }
        let text = std::fs::read_to_string(&path)?;
        let l = Lexicon::parse(&spec.name, &text, spec.lowercase, &spec.file)?;
        eprintln!("[{}] lexicon {}: {} entries", r.lang, spec.name, l.len());
        lex.push(l);
        specs.push(spec);
    }

    let mut train = read_conll(&data.join(r.train))?;
    let n_main = train.len();
    for e in &a.extra {
        train.extend(lexicons::extra_training(e, r.lang, data)?);
    }
    if let Some(n) = a.sample {
        let mut left = n;
        for d in &mut train {
            let take = d.sentences.len().min(left);
            d.sentences.truncate(take);
            left -= take;
        }
        train.retain(|d| !d.sentences.is_empty());
    }
    let dev = read_conll(&data.join(r.dev))?;
    if r.headlines && !a.no_headlines {
        add_headlines(&mut train);
    }

    let mut labels: Vec<String> = vec!["O".into()];
    for t in ["PER", "ORG", "LOC", "MISC"] {
        let parts: &[&str] = if a.scheme == "bilou" {
            &["B", "I", "L", "U"]
        } else if a.scheme == "bio" {
            &["B", "I"]
        } else {
            bail!("unknown scheme {}", a.scheme);
        };
        for p in parts {
            labels.push(format!("{p}-{t}"));
        }
    }
    let label_id = |t: &str| labels.iter().position(|l| l == t);
    let words = |d: &ConllDoc| -> Vec<Vec<String>> {
        d.sentences.iter().map(|s| s.tokens.clone()).collect()
    };
    let t0 = Instant::now();
    let feats_of = |docs: &[ConllDoc]| -> Vec<Vec<SentenceFeatures>> {
        docs.iter()
            .map(|d| {
                let w = words(d);
                doc_features(&as_strs(&w), &lex)
            })
            .collect()
    };
    let train_feats = feats_of(&train);
    let dev_feats = feats_of(&dev);
    let mut train_gold: Vec<Vec<Vec<usize>>> = Vec::new();
    for d in &train {
        let mut doc = Vec::new();
        for s in &d.sentences {
            let tags = if a.scheme == "bilou" {
                conll::to_bilou(&s.tags)
            } else {
                s.tags.clone()
            };
            doc.push(
                tags.iter()
                    .map(|t| label_id(t).with_context(|| format!("unknown tag {t}")))
                    .collect::<anyhow::Result<Vec<_>>>()?,
            );
        }
        train_gold.push(doc);
    }
    let dev_gold: Vec<Vec<String>> = dev
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| s.tags.clone()))
        .collect();
    let n_tokens: usize = train_gold.iter().flatten().map(Vec::len).sum();
    eprintln!(
        "[{}] {} train documents ({n_tokens} tokens), features in {:.1}s",
        r.lang,
        train.len(),
        t0.elapsed().as_secs_f32()
    );
    let all: Vec<usize> = (0..train.len()).collect();
    let stage1 = fit(
        &labels,
        Train {
            feats: &train_feats,
            gold: &train_gold,
            n_main,
        },
        &all,
        Some((&dev_feats, &dev_gold)),
        a,
        None,
    )?;
    eprintln!(
        "[{}] first pass: best epoch {}, dev F1 {:.2}",
        r.lang,
        stage1.epoch,
        100.0 * stage1.f1
    );
    let model1 = stage1.model(&labels, a);
    let mut best_f1 = stage1.f1;
    let mut model2 = None;
    if a.two_pass {
        // Jackknife: the second pass learns from first-pass labels on documents the first
        // pass did not train on, as it will see them on new text.
        let folds = 5;
        let mut train2 = train_feats.clone();
        for fold in 0..folds {
            let tr: Vec<usize> = all.iter().copied().filter(|i| i % folds != fold).collect();
            let f = fit(
                &labels,
                Train {
                    feats: &train_feats,
                    gold: &train_gold,
                    n_main,
                },
                &tr,
                None,
                a,
                Some(stage1.epoch),
            )?;
            let m = f.model(&labels, a);
            for d in all.iter().copied().filter(|i| i % folds == fold) {
                add_first_pass(&m, &words(&train[d]), &mut train2[d]);
            }
        }
        let mut dev2 = dev_feats.clone();
        for (d, f) in dev.iter().zip(dev2.iter_mut()) {
            add_first_pass(&model1, &words(d), f);
        }
        let stage2 = fit(
            &labels,
            Train {
                feats: &train2,
                gold: &train_gold,
                n_main,
            },
            &all,
            Some((&dev2, &dev_gold)),
            a,
            None,
        )?;
        eprintln!(
            "[{}] second pass: best epoch {}, dev F1 {:.2}",
            r.lang,
            stage2.epoch,
            100.0 * stage2.f1
        );
        best_f1 = stage2.f1;
        model2 = Some(stage2.model(&labels, a));
    }
    let bytes1 = model1.to_bytes();
    let bytes2 = model2.as_ref().map(Model::to_bytes);
    eprintln!(
        "[{}] dev F1 {:.2}; model files {:.1} MB",
        r.lang,
        100.0 * best_f1,
        (bytes1.len() + bytes2.as_ref().map_or(0, Vec::len)) as f64 / 1e6
    );
    if a.dry_run {
        return Ok(());
    }
    std::fs::write(out_dir.join("model.bin"), &bytes1)?;
    let _ = std::fs::remove_file(out_dir.join("model2.bin"));
    if let Some(b) = &bytes2 {
        std::fs::write(out_dir.join("model2.bin"), b)?;
    }
    let manifest = Manifest {
        model: "model.bin".into(),
        second: bytes2.map(|_| "model2.bin".into()),
        clitics: r.clitics.iter().map(|c| c.to_string()).collect(),
        lexicon: specs,
    };
    let header = format!(
        "# Written by `cargo xtask train-ner` ({} scheme, {}, dev F1 {:.2} on {}).\n\
         # Do not edit: the model depends on these names.\n",
        a.scheme,
        if a.two_pass { "two passes" } else { "one pass" },
        100.0 * best_f1,
        r.dev
    );
    std::fs::write(
        out_dir.join("ner.toml"),
        header + &toml::to_string(&manifest)?,
    )?;
    Ok(())
}

/// Puts a headline-cased copy of one sentence at the top of every training document (title
/// case, every third one in capitals): news headlines capitalise every word, and a model that
/// never saw them reads each capital as a name.
fn add_headlines(docs: &mut [ConllDoc]) {
    const HEADLINES_PER_DOC: usize = 3;
    for (i, d) in docs.iter_mut().enumerate() {
        if d.sentences.is_empty() {
            continue;
        }
        for k in 0..HEADLINES_PER_DOC {
            let mut s = d.sentences[(i * 7 + k * 3) % d.sentences.len()].clone();
            for t in &mut s.tokens {
                *t = if (i + k) % 3 == 2 {
                    t.to_uppercase()
                } else {
                    let mut c = t.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                };
            }
            d.sentences.insert(0, s);
        }
    }
}

fn as_strs(w: &[Vec<String>]) -> Vec<Vec<&str>> {
    w.iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect()
}

/// Tags a document with a first-pass model and adds the aggregate features to `feats`.
fn add_first_pass(m: &Model, words: &[Vec<String>], feats: &mut [SentenceFeatures]) {
    let tagged: Vec<Tagged> = feats
        .iter()
        .map(|f| {
            let (labels, confidence) = m.decode(f);
            Tagged { labels, confidence }
        })
        .collect();
    let types = first_pass_types(m, &tagged);
    add_aggregate_features(&as_strs(words), &types, feats);
}

/// Each feature twice: as itself and as a copy of the extra training sets' own.
fn augmented(f: &SentenceFeatures) -> SentenceFeatures {
    let mut keys = Vec::with_capacity(2 * f.keys.len());
    let mut offsets = vec![0u32];
    for i in 0..f.len() {
        for &k in f.token(i) {
            keys.push(k);
            keys.push((k ^ 0x5bd1_e995_7f4a_7c15).rotate_left(17).max(1));
        }
        offsets.push(keys.len() as u32);
    }
    SentenceFeatures { keys, offsets }
}

/// Training features and gold labels per document; documents from `n_main` on come from
/// the extra training sets.
#[derive(Clone, Copy)]
struct Train<'a> {
    feats: &'a [Vec<SentenceFeatures>],
    gold: &'a [Vec<Vec<usize>>],
    n_main: usize,
}

/// Dev-set features per document and gold BIO tags per sentence.
type DevSet<'a> = (&'a [Vec<SentenceFeatures>], &'a [Vec<String>]);

/// A trained perceptron with its feature index.
struct Fitted {
    index: FeatureIndex,
    allowed: Vec<bool>,
    w: Vec<f32>,
    tw: Vec<f32>,
    epoch: usize,
    f1: f64,
}

impl Fitted {
    fn model(&self, labels: &[String], a: &Args) -> Model {
        let l = labels.len();
        let rows: Vec<(u64, Vec<f32>)> = self
            .index
            .keys
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.allowed[i])
            .map(|(i, &k)| (k, self.w[i * l..(i + 1) * l].to_vec()))
            .filter(|(_, w)| w.iter().any(|x| x.abs() > a.prune.max(1e-6)))
            .collect();
        Model::from_weights(labels.to_vec(), &self.tw, &rows)
    }
}

/// Trains on the documents `docs` of `feats`/`gold`. With a dev set, keeps the best epoch
/// by dev F1 (stopping after `patience` epochs without gain); with `fixed`, runs exactly that
/// many epochs.
fn fit(
    labels: &[String],
    train: Train,
    docs: &[usize],
    dev: Option<DevSet>,
    a: &Args,
    fixed: Option<usize>,
) -> anyhow::Result<Fitted> {
    let Train {
        feats,
        gold,
        n_main,
    } = train;
    let mut index = FeatureIndex::default();
    let train_ex: Vec<Example> = docs
        .iter()
        .flat_map(|&d| feats[d].iter().zip(&gold[d]).map(move |x| (d, x)))
        .map(|(d, (f, g))| {
            if a.augment && d >= n_main {
                index.encode(&augmented(f), g.clone(), true)
            } else {
                index.encode(f, g.clone(), true)
            }
        })
        .collect();
    let dev_ex: Vec<Example> = dev
        .map(|(df, _)| {
            df.iter()
                .flatten()
                .map(|f| index.encode(f, vec![0; f.len()], false))
                .collect()
        })
        .unwrap_or_default();
    let allowed: Vec<bool> = index.counts.iter().map(|&c| c >= a.min_count).collect();
    let mut p = Perceptron::new(labels.to_vec(), index.keys.len());
    p.dropout = a.dropout;
    p.margin = a.margin;
    let mut order: Vec<usize> = (0..train_ex.len()).collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut best: Option<(f64, usize, Vec<f32>, Vec<f32>)> = None;
    for epoch in 1..=fixed.unwrap_or(a.epochs) {
        shuffle(&mut order, &mut rng);
        p.epoch(&train_ex, &order);
        let Some((_, dev_gold)) = dev.filter(|_| fixed.is_none()) else {
            continue;
        };
        let (w, tw) = p.averaged();
        let mut score = Score::default();
        for (ex, g) in dev_ex.iter().zip(dev_gold) {
            let pred: Vec<String> = p
                .predict(&w, &tw, ex, &allowed)
                .into_iter()
                .map(|y| bio(&labels[y]))
                .collect();
            score.add(g, &pred);
        }
        let f1 = score.overall.f1();
        eprintln!("    epoch {epoch}: dev F1 {:.2}", 100.0 * f1);
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, w, tw));
        } else if best.as_ref().is_some_and(|b| epoch - b.1 >= a.patience) {
            break;
        }
    }
    let (mut f1, epoch, mut w, mut tw) = match best {
        Some(b) => b,
        None => {
            let (w, tw) = p.averaged();
            (0.0, fixed.unwrap_or(a.epochs), w, tw)
        }
    };
    if a.bag > 1 {
        // Bagging over shuffles: the mean of linear models is one linear model, so the
        // ensemble costs nothing at run time and evens out order effects.
        for seed in 1..a.bag {
            let mut q = Perceptron::new(labels.to_vec(), index.keys.len());
            q.dropout = a.dropout;
            q.margin = a.margin;
            let mut rng =
                0x9e37_79b9_7f4a_7c15u64 ^ (seed as u64).wrapping_mul(0xa076_1d64_78bd_642f);
            for _ in 0..epoch {
                shuffle(&mut order, &mut rng);
                q.epoch(&train_ex, &order);
            }
            let (qw, qt) = q.averaged();
            w.iter_mut().zip(&qw).for_each(|(a, b)| *a += b);
            tw.iter_mut().zip(&qt).for_each(|(a, b)| *a += b);
        }
        let n = a.bag as f32;
        w.iter_mut().for_each(|x| *x /= n);
        tw.iter_mut().for_each(|x| *x /= n);
        if let Some((_, dev_gold)) = dev.filter(|_| fixed.is_none()) {
            let mut score = Score::default();
            for (ex, g) in dev_ex.iter().zip(dev_gold) {
                let pred: Vec<String> = p
                    .predict(&w, &tw, ex, &allowed)
                    .into_iter()
                    .map(|y| bio(&labels[y]))
                    .collect();
                score.add(g, &pred);
            }
            f1 = score.overall.f1();
            eprintln!("    bag of {}: dev F1 {:.2}", a.bag, 100.0 * f1);
        }
    }
    Ok(Fitted {
        index,
        allowed,
        w,
        tw,
        epoch,
        f1,
    })
}

/// BILOU label → BIO label, for scoring against BIO gold.
fn bio(label: &str) -> String {
    match label.split_once('-') {
        Some(("L", t)) => format!("I-{t}"),
        Some(("U", t)) => format!("B-{t}"),
        _ => label.to_string(),
    }
}

fn shuffle(v: &mut [usize], rng: &mut u64) {
    for i in (1..v.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        let j = (*rng % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

pub(crate) fn spec(name: &str, file: &str, lowercase: bool, licence: &str) -> LexiconSpec {
    LexiconSpec {
        name: name.into(),
        file: file.into(),
        lowercase,
        licence: licence.into(),
    }
}
