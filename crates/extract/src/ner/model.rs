//! The tagger's weights and their binary file format, and Viterbi decoding.
//!
//! A linear first-order sequence model (trained as an averaged structured perceptron):
//! the score of label `y` at a token is the sum of the weight rows of its feature keys, plus
//! a transition score from the previous label. The weights live in an open-addressing hash
//! table keyed by the feature hash, written as-is to disk, so loading is one read and a few
//! bulk conversions, with no dictionary to rebuild.
//!
//! File layout (little endian): `DNER` magic, `u32` version, `u32` label count, each label as
//! `u8` length + UTF-8, `f32` weight scale, `(L + 1) × L` `f32` transitions (row 0 is the
//! sentence start), `u32` table capacity (a power of two), `u64` keys (`0` = empty slot), then
//! `i16` weights, `L` per slot.

use std::path::Path;

use dossier_model::EntityType;
use dossier_text::DataError;

const MAGIC: &[u8; 4] = b"DNER";
const VERSION: u32 = 1;

/// What a label says about entity boundaries (BIO or BILOU).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Outside,
    Begin,
    Inside,
    Last,
    Unit,
}

/// A label name parsed: `B-PER` → (Begin, PER).
pub fn parse_label(label: &str) -> Option<(Part, EntityType)> {
    if label == "O" {
        return None;
    }
    let (p, t) = label.split_once('-')?;
    let part = match p {
        "B" => Part::Begin,
        "I" => Part::Inside,
        "L" | "E" => Part::Last,
        "U" | "S" => Part::Unit,
        _ => return None,
    };
    let kind = match t {
        "PER" => EntityType::PER,
        "ORG" => EntityType::ORG,
        "LOC" => EntityType::LOC,
        "MISC" => EntityType::MISC,
        _ => return None,
    };
    Some((part, kind))
}

fn part_of(label: &str) -> (Part, Option<EntityType>) {
    match parse_label(label) {
        Some((p, t)) => (p, Some(t)),
        None => (Part::Outside, None),
    }
}

/// Whether label `b` may follow label `a` (`None` = sentence start) in a well-formed
/// sequence: `I-X`/`L-X` only continue an open `X`; under BILOU an open entity must be closed
/// by `L-X` before anything else.
pub fn allowed(a: Option<&str>, b: &str, bilou: bool) -> bool {
    let (pb, tb) = part_of(b);
    let (pa, ta) = a.map(part_of).unwrap_or((Part::Outside, None));
    let open = matches!(pa, Part::Begin | Part::Inside);
    match pb {
        Part::Inside | Part::Last => open && ta == tb,
        Part::Begin | Part::Unit | Part::Outside => !(open && bilou),
    }
}

/// Whether a label set is BILOU (has `L-` or `U-` labels) rather than BIO.
pub fn is_bilou(labels: &[String]) -> bool {
    labels
        .iter()
        .any(|s| matches!(part_of(s).0, Part::Last | Part::Unit))
}

/// Sets the transitions that [`allowed`] forbids to `-inf` (`trans` is `(L + 1) × L`).
pub fn constrain(labels: &[String], trans: &mut [f32]) {
    let l = labels.len();
    let bilou = is_bilou(labels);
    for a in 0..=l {
        for b in 0..l {
            let prev = if a == 0 {
                None
            } else {
                Some(labels[a - 1].as_str())
            };
            if !allowed(prev, &labels[b], bilou) {
                trans[a * l + b] = f32::NEG_INFINITY;
            }
        }
    }
}

/// Weights of a trained tagger.
pub struct Model {
    pub labels: Vec<String>,
    parts: Vec<(Part, Option<EntityType>)>,
    scale: f32,
    /// `(L + 1) × L`, row 0 for the sentence start; forbidden moves are `-inf`.
    trans: Vec<f32>,
    mask: usize,
    keys: Vec<u64>,
    weights: Vec<i16>,
}

impl Model {
    /// Builds a model from dense weights: `rows` are `(feature key, L weights)`.
    pub fn from_weights(labels: Vec<String>, trans: &[f32], rows: &[(u64, Vec<f32>)]) -> Model {
        let l = labels.len();
        let max = rows
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-6);
        let scale = max / i16::MAX as f32;
        // Linear probing stays short below 7/8 full.
        let mut cap = rows.len().next_power_of_two().max(16);
        if rows.len() * 8 > cap * 7 {
            cap *= 2;
        }
        let mut keys = vec![0u64; cap];
        let mut weights = vec![0i16; cap * l];
        let mask = cap - 1;
        for (key, w) in rows {
            let mut slot = (*key as usize) & mask;
            while keys[slot] != 0 && keys[slot] != *key {
                slot = (slot + 1) & mask;
            }
            keys[slot] = *key;
            for (y, v) in w.iter().enumerate() {
                weights[slot * l + y] = (v / scale).round() as i16;
            }
        }
        Model::assemble(labels, scale, trans.to_vec(), keys, weights)
    }

    fn assemble(
        labels: Vec<String>,
        scale: f32,
        mut trans: Vec<f32>,
        keys: Vec<u64>,
        weights: Vec<i16>,
    ) -> Model {
        constrain(&labels, &mut trans);
        Model {
            parts: labels.iter().map(|s| part_of(s)).collect(),
            labels,
            scale,
            trans,
            mask: keys.len() - 1,
            keys,
            weights,
        }
    }

    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Number of feature rows stored.
    pub fn n_features(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }

    /// Serialises the model in the file format above.
    pub fn to_bytes(&self) -> Vec<u8> {
        let l = self.labels.len();
        let mut out = Vec::with_capacity(self.keys.len() * (8 + 2 * l) + 1024);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(l as u32).to_le_bytes());
        for s in &self.labels {
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        for &t in &self.trans {
            let t = if t.is_finite() { t } else { 0.0 };
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Parses a model file's bytes; `path` names it in errors.
    pub fn from_bytes(b: &[u8], path: &Path) -> Result<Model, DataError> {
        let bad = |m: &str| DataError::Parse {
            path: path.to_path_buf(),
            message: m.to_string(),
        };
        let mut r = Reader { b, pos: 0 };
        if r.take(4).ok_or_else(|| bad("truncated"))? != MAGIC {
            return Err(bad("not a Dossier NER model (bad magic)"));
        }
        let version = r.u32().ok_or_else(|| bad("truncated"))?;
        if version != VERSION {
            return Err(bad(&format!("model version {version}, expected {VERSION}")));
        }
        let l = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        if l == 0 || l > 64 {
            return Err(bad("bad label count"));
        }
        let mut labels = Vec::with_capacity(l);
        for _ in 0..l {
            let n = r.take(1).ok_or_else(|| bad("truncated"))?[0] as usize;
            let s = r.take(n).ok_or_else(|| bad("truncated"))?;
            labels.push(
                std::str::from_utf8(s)
                    .map_err(|_| bad("label is not UTF-8"))?
                    .to_string(),
            );
        }
        let scale = f32::from_le_bytes(r.array().ok_or_else(|| bad("truncated"))?);
        let trans_bytes = r.take((l + 1) * l * 4).ok_or_else(|| bad("truncated"))?;
        let trans = trans_bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let cap = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        if !cap.is_power_of_two() {
            return Err(bad("table capacity is not a power of two"));
        }
        let key_bytes = r.take(cap * 8).ok_or_else(|| bad("truncated"))?;
        let keys = key_bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let w_bytes = r.take(cap * l * 2).ok_or_else(|| bad("truncated"))?;
        let weights = w_bytes
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        if r.pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Model::assemble(labels, scale, trans, keys, weights))
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model, DataError> {
        let b = std::fs::read(path).map_err(|e| DataError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Model::from_bytes(&b, path)
    }

    fn row(&self, key: u64) -> Option<&[i16]> {
        let l = self.labels.len();
        let mut slot = (key as usize) & self.mask;
        loop {
            let k = self.keys[slot];
            if k == key {
                return Some(&self.weights[slot * l..(slot + 1) * l]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Emission scores of one token's features, `L` values.
    pub fn emissions(&self, keys: &[u64], out: &mut [f32]) {
        let l = self.labels.len();
        let mut acc = [0i32; 64];
        for &k in keys {
            if let Some(row) = self.row(k) {
                for (a, &w) in acc[..l].iter_mut().zip(row) {
                    *a += w as i32;
                }
            }
        }
        for (o, &a) in out.iter_mut().zip(&acc[..l]) {
            *o = a as f32 * self.scale;
        }
    }

    /// Best label sequence and a confidence per token for one sentence's features.
    pub fn decode(&self, feats: &super::features::SentenceFeatures) -> (Vec<usize>, Vec<f32>) {
        let l = self.labels.len();
        let n = feats.len();
        let mut em = vec![0f32; n * l];
        for i in 0..n {
            self.emissions(feats.token(i), &mut em[i * l..(i + 1) * l]);
        }
        let path = viterbi(&em, &self.trans, l);
        let conf = confidences(&em, &self.trans, l, &path);
        (path, conf)
    }

    /// The boundary part and type of label `y`.
    pub fn part(&self, y: usize) -> (Part, Option<EntityType>) {
        self.parts[y]
    }
}

/// Best path through `em` (`n × l` emission scores) under `trans` (`(l + 1) × l`, row 0 the
/// start). Shared with the trainer.
pub fn viterbi(em: &[f32], trans: &[f32], l: usize) -> Vec<usize> {
    let n = em.len() / l;
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![0f32; n * l];
    let mut back = vec![0u8; n * l];
    for y in 0..l {
        score[y] = em[y] + trans[y];
    }
    for i in 1..n {
        for y in 0..l {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..l {
                let s = score[(i - 1) * l + p] + trans[(p + 1) * l + y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[i * l + y] = best + em[i * l + y];
            back[i * l + y] = arg as u8;
        }
    }
    let mut y = (0..l)
        .max_by(|&a, &b| score[(n - 1) * l + a].total_cmp(&score[(n - 1) * l + b]))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = y;
        y = back[i * l + y] as usize;
    }
    path
}

/// A local confidence per token: the softmax share of the chosen label given the previous
/// chosen label. Not a calibrated probability, but it ranks doubtful tokens low.
fn confidences(em: &[f32], trans: &[f32], l: usize, path: &[usize]) -> Vec<f32> {
    let mut out = Vec::with_capacity(path.len());
    let mut prev = 0;
    for (i, &y) in path.iter().enumerate() {
        let s: Vec<f32> = (0..l)
            .map(|z| em[i * l + z] + trans[prev * l + z])
            .collect();
        let max = s.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let sum: f32 = s.iter().map(|v| (v - max).exp()).sum();
        out.push((s[y] - max).exp() / sum);
        prev = y + 1;
    }
    out
}

/// Entity spans `(first token, last token + 1, type)` of a label sequence, read like
/// conlleval: a chunk starts at B/U, or at I/L whose type differs from the open chunk.
pub fn spans(parts: &[(Part, Option<EntityType>)]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &(p, t)) in parts.iter().enumerate() {
        let continues =
            matches!(p, Part::Inside | Part::Last) && open.is_some_and(|(_, ot)| Some(ot) == t);
        if !continues {
            if let Some((s, ot)) = open.take() {
                out.push((s, i, ot));
            }
            if let (Some(t), true) = (t, p != Part::Outside) {
                open = Some((i, t));
            }
        }
        if matches!(p, Part::Last | Part::Unit)
            && let Some((s, ot)) = open.take()
        {
            out.push((s, i + 1, ot));
        }
    }
    if let Some((s, ot)) = open {
        out.push((s, parts.len(), ot));
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn round_trips_through_bytes() {
        let l = labels();
        let trans = vec![0.5f32; 6 * 5];
        let rows = vec![(42u64, vec![1.0, -2.0, 0.5, 0.0, 3.0]), (7, vec![0.0; 5])];
        let m = Model::from_weights(l, &trans, &rows);
        let b = m.to_bytes();
        let m2 = Model::from_bytes(&b, Path::new("t")).unwrap();
        let mut e = [0f32; 5];
        m2.emissions(&[42, 99], &mut e);
        assert!((e[1] + 2.0).abs() < 1e-3 && (e[4] - 3.0).abs() < 1e-3);
        assert!(Model::from_bytes(&b[..b.len() - 1], Path::new("t")).is_err());
        assert!(Model::from_bytes(b"XNER", Path::new("t")).is_err());
    }

    #[test]
    fn viterbi_respects_bio_constraints() {
        let m = Model::from_weights(labels(), &[0.0; 30], &[]);
        // Token 0 prefers I-PER, which cannot start a sentence.
        let em = [0.0, 0.9, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let path = viterbi(&em, &m.trans, 5);
        assert_eq!(path, vec![1, 2]);
    }

    #[test]
    fn spans_read_like_conlleval() {
        let p = |s: &str| part_of(s);
        let seq: Vec<_> = [
            "B-PER", "I-PER", "O", "I-LOC", "B-LOC", "U-ORG", "B-MISC", "L-MISC",
        ]
        .iter()
        .map(|s| p(s))
        .collect();
        assert_eq!(
            spans(&seq),
            vec![
                (0, 2, EntityType::PER),
                (3, 4, EntityType::LOC),
                (4, 5, EntityType::LOC),
                (5, 6, EntityType::ORG),
                (6, 8, EntityType::MISC)
            ]
        );
    }
}
