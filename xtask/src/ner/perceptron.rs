//! Averaged structured perceptron over first-order label sequences (Collins 2002), with the
//! same Viterbi and transition constraints the tagger uses at run time.

use std::collections::HashMap;

use dossier_extract::ner::SentenceFeatures;
use dossier_extract::ner::model::{constrain, viterbi};

/// A sentence as dense feature ids per token and gold label ids.
pub struct Example {
    pub feats: Vec<u32>,
    pub offsets: Vec<u32>,
    pub gold: Vec<usize>,
}

impl Example {
    fn token(&self, i: usize) -> &[u32] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
    fn len(&self) -> usize {
        self.gold.len()
    }
}

/// Maps hashed feature keys to dense ids; only features seen in training get one.
#[derive(Default)]
pub struct FeatureIndex {
    pub ids: HashMap<u64, u32>,
    pub keys: Vec<u64>,
    pub counts: Vec<u32>,
}

impl FeatureIndex {
    /// Dense ids of a sentence's features, adding new ones when `grow`.
    pub fn encode(&mut self, f: &SentenceFeatures, gold: Vec<usize>, grow: bool) -> Example {
        let mut feats = Vec::with_capacity(f.keys.len());
        let mut offsets = vec![0u32];
        for i in 0..f.len() {
            for &k in f.token(i) {
                let id = match self.ids.get(&k) {
                    Some(&id) => Some(id),
                    None if grow => {
                        let id = self.keys.len() as u32;
                        self.ids.insert(k, id);
                        self.keys.push(k);
                        self.counts.push(0);
                        Some(id)
                    }
                    None => None,
                };
                if let Some(id) = id {
                    if grow {
                        self.counts[id as usize] += 1;
                    }
                    feats.push(id);
                }
            }
            offsets.push(feats.len() as u32);
        }
        Example {
            feats,
            offsets,
            gold,
        }
    }
}

pub struct Perceptron {
    l: usize,
    w: Vec<f32>,
    u: Vec<f32>,
    tw: Vec<f32>,
    tu: Vec<f32>,
    mask: Vec<f32>,
    c: f32,
    /// Share of a sentence's feature occurrences left out of each training update.
    pub dropout: f32,
    /// Loss added to every wrong label while decoding in training (a margin).
    pub margin: f32,
    rng: u64,
}

impl Perceptron {
    pub fn new(labels: Vec<String>, n_features: usize) -> Self {
        let l = labels.len();
        let mut mask = vec![0f32; (l + 1) * l];
        constrain(&labels, &mut mask);
        Perceptron {
            l,
            w: vec![0.0; n_features * l],
            u: vec![0.0; n_features * l],
            tw: vec![0.0; (l + 1) * l],
            tu: vec![0.0; (l + 1) * l],
            mask,
            c: 1.0,
            dropout: 0.0,
            margin: 0.0,
            rng: 0x2545_f491_4f6c_dd1d,
        }
    }

    fn emissions(w: &[f32], ex: &Example, l: usize, allowed: &[bool]) -> Vec<f32> {
        let n = ex.len();
        let mut em = vec![0f32; n * l];
        for i in 0..n {
            let row = &mut em[i * l..(i + 1) * l];
            for &f in ex.token(i) {
                if !allowed.is_empty() && !allowed[f as usize] {
                    continue;
                }
                let base = f as usize * l;
                for (r, &x) in row.iter_mut().zip(&w[base..base + l]) {
                    *r += x;
                }
            }
        }
        em
    }

    fn trans(tw: &[f32], mask: &[f32]) -> Vec<f32> {
        tw.iter().zip(mask).map(|(a, b)| a + b).collect()
    }

    /// One pass over `data` in the given order.
    pub fn epoch(&mut self, data: &[Example], order: &[usize]) -> usize {
        let l = self.l;
        let mut mistakes = 0;
        for &k in order {
            let ex = &data[k];
            if ex.len() == 0 {
                continue;
            }
            let dropped;
            let ex = if self.dropout > 0.0 {
                dropped = self.drop_features(ex);
                &dropped
            } else {
                ex
            };
            let mut em = Self::emissions(&self.w, ex, l, &[]);
            if self.margin > 0.0 {
                for (i, &g) in ex.gold.iter().enumerate() {
                    for (y, e) in em[i * l..(i + 1) * l].iter_mut().enumerate() {
                        if y != g {
                            *e += self.margin;
                        }
                    }
                }
            }
            let trans = Self::trans(&self.tw, &self.mask);
            let pred = viterbi(&em, &trans, l);
            if pred != ex.gold {
                mistakes += 1;
                let c = self.c;
                for i in 0..ex.len() {
                    let (g, p) = (ex.gold[i], pred[i]);
                    if g != p {
                        for &f in ex.token(i) {
                            let base = f as usize * l;
                            self.w[base + g] += 1.0;
                            self.u[base + g] += c;
                            self.w[base + p] -= 1.0;
                            self.u[base + p] -= c;
                        }
                    }
                    let gp = if i == 0 { 0 } else { ex.gold[i - 1] + 1 };
                    let pp = if i == 0 { 0 } else { pred[i - 1] + 1 };
                    if (gp, g) != (pp, p) {
                        self.tw[gp * l + g] += 1.0;
                        self.tu[gp * l + g] += c;
                        self.tw[pp * l + p] -= 1.0;
                        self.tu[pp * l + p] -= c;
                    }
                }
            }
            self.c += 1.0;
        }
        mistakes
    }

    /// A copy of `ex` without a random `dropout` share of its feature occurrences.
    fn drop_features(&mut self, ex: &Example) -> Example {
        let mut feats = Vec::with_capacity(ex.feats.len());
        let mut offsets = vec![0u32];
        let threshold = (self.dropout as f64 * u32::MAX as f64) as u32;
        for i in 0..ex.len() {
            for &f in ex.token(i) {
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                if (self.rng >> 32) as u32 >= threshold {
                    feats.push(f);
                }
            }
            offsets.push(feats.len() as u32);
        }
        Example {
            feats,
            offsets,
            gold: ex.gold.clone(),
        }
    }

    /// The averaged weights: emissions (`F × L`) and transitions (`(L + 1) × L`).
    pub fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], u: &[f32]| -> Vec<f32> {
            w.iter().zip(u).map(|(w, u)| w - u / self.c).collect()
        };
        (avg(&self.w, &self.u), avg(&self.tw, &self.tu))
    }

    /// Decodes with given weights, ignoring features not `allowed` (empty = all).
    pub fn predict(&self, w: &[f32], tw: &[f32], ex: &Example, allowed: &[bool]) -> Vec<usize> {
        let em = Self::emissions(w, ex, self.l, allowed);
        viterbi(&em, &Self::trans(tw, &self.mask), self.l)
    }
}
