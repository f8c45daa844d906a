//! Coreference scores for clusterings, as the CoNLL-2011/2012 shared tasks define them: MUC
//! (links), B-cubed (mentions), CEAF-e (entities, best one-to-one alignment) and the CoNLL F1,
//! their mean. Used to score stories against gold clusters and entity ids against gold chains.
//! Mentions present on one side only count against the other side, as in the reference scorer.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Self {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

/// The standard scores of a response clustering against a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CorefScores {
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
    /// Mean F1 of MUC, B-cubed and CEAF-e.
    pub conll_f1: f64,
}

/// Scores `response` against `key`; each is a list of clusters of mention ids.
pub fn score<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> CorefScores {
    let key: Vec<HashSet<M>> = key.iter().map(|c| c.iter().cloned().collect()).collect();
    let resp: Vec<HashSet<M>> = response
        .iter()
        .map(|c| c.iter().cloned().collect())
        .collect();
    let key: Vec<HashSet<M>> = key.into_iter().filter(|c| !c.is_empty()).collect();
    let resp: Vec<HashSet<M>> = resp.into_iter().filter(|c| !c.is_empty()).collect();
    // Precision is recall with the roles swapped.
    let muc = Prf::new(muc_recall(&key, &resp), muc_recall(&resp, &key));
    let b3 = Prf::new(b3_recall(&key, &resp), b3_recall(&resp, &key));
    let ceafe = ceafe(&key, &resp);
    CorefScores {
        muc,
        b3,
        ceafe,
        conll_f1: (muc.f1 + b3.f1 + ceafe.f1) / 3.0,
    }
}

fn index<M: Eq + Hash + Clone>(clusters: &[HashSet<M>]) -> HashMap<M, usize> {
    let mut m = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for x in c {
            m.insert(x.clone(), i);
        }
    }
    m
}

/// MUC recall of `other` against `gold` (precision is the same with the roles swapped).
fn muc_recall<M: Eq + Hash + Clone>(other: &[HashSet<M>], gold: &[HashSet<M>]) -> f64 {
    let idx = index(other);
    let mut num = 0.0;
    let mut den = 0.0;
    for k in gold {
        let mut parts: HashSet<usize> = HashSet::new();
        let mut alone = 0usize;
        for m in k {
            match idx.get(m) {
                Some(&i) => {
                    parts.insert(i);
                }
                None => alone += 1,
            }
        }
        num += (k.len() - parts.len() - alone) as f64;
        den += (k.len() - 1) as f64;
    }
    if den > 0.0 { num / den } else { 0.0 }
}

/// B-cubed recall of `other` against `gold`.
fn b3_recall<M: Eq + Hash + Clone>(other: &[HashSet<M>], gold: &[HashSet<M>]) -> f64 {
    let idx = index(other);
    let mut num = 0.0;
    let mut total = 0usize;
    for k in gold {
        total += k.len();
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for m in k {
            if let Some(&i) = idx.get(m) {
                *overlap.entry(i).or_default() += 1;
            }
        }
        for n in overlap.values() {
            num += (*n * *n) as f64 / k.len() as f64;
        }
    }
    if total > 0 { num / total as f64 } else { 0.0 }
}

/// CEAF with the entity similarity φ4 = 2|k∩r| / (|k|+|r|), best alignment found per
/// connected component of overlapping clusters.
fn ceafe<M: Eq + Hash + Clone>(key: &[HashSet<M>], resp: &[HashSet<M>]) -> Prf {
    if key.is_empty() || resp.is_empty() {
        return Prf::default();
    }
    let ridx = index(resp);
    // Overlaps between key and response clusters.
    let mut edges: Vec<HashMap<usize, usize>> = vec![HashMap::new(); key.len()];
    for (ki, k) in key.iter().enumerate() {
        for m in k {
            if let Some(&ri) = ridx.get(m) {
                *edges[ki].entry(ri).or_default() += 1;
            }
        }
    }
    // Connected components over key (0..K) and response (K..K+R) clusters.
    let n = key.len() + resp.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (ki, e) in edges.iter().enumerate() {
        for &ri in e.keys() {
            let (a, b) = (find(&mut parent, ki), find(&mut parent, key.len() + ri));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut comps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for ki in 0..key.len() {
        let c = find(&mut parent, ki);
        comps.entry(c).or_default().0.push(ki);
    }
    for ri in 0..resp.len() {
        let c = find(&mut parent, key.len() + ri);
        comps.entry(c).or_default().1.push(ri);
    }
    let mut total = 0.0;
    for (ks, rs) in comps.values() {
        if ks.is_empty() || rs.is_empty() {
            continue;
        }
        let sim: Vec<Vec<f64>> = ks
            .iter()
            .map(|&ki| {
                rs.iter()
                    .map(|&ri| {
                        let inter = edges[ki].get(&ri).copied().unwrap_or(0) as f64;
                        2.0 * inter / (key[ki].len() + resp[ri].len()) as f64
                    })
                    .collect()
            })
            .collect();
        total += max_assignment(&sim);
    }
    Prf::new(total / resp.len() as f64, total / key.len() as f64)
}

/// The largest total of a one-to-one assignment of rows to columns (Hungarian algorithm on
/// the square matrix padded with zeros).
pub fn max_assignment(sim: &[Vec<f64>]) -> f64 {
    let rows = sim.len();
    let cols = sim.first().map_or(0, Vec::len);
    let n = rows.max(cols);
    if n == 0 {
        return 0.0;
    }
    let cost = |i: usize, j: usize| -> f64 {
        if i < rows && j < cols {
            -sim[i][j]
        } else {
            0.0
        }
    };
    // e-maxx formulation, 1-based with a virtual row/column 0.
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut total = 0.0;
    for (j, &row) in p.iter().enumerate().skip(1) {
        if row > 0 {
            total -= cost(row - 1, j - 1);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn identical_clusterings_score_one() {
        let k = vec![vec![1, 2, 3], vec![4, 5], vec![6]];
        let s = score(&k, &k);
        assert!(close(s.muc.f1, 1.0) && close(s.b3.f1, 1.0) && close(s.ceafe.f1, 1.0));
        assert!(close(s.conll_f1, 1.0));
    }

    #[test]
    fn the_textbook_example() {
        // Pradhan et al. (2014), figure 1: key {a,b,c} {d,e,f,g}; response {a,b} {c,d}
        // {f,g,h,i}. MUC R 3/5 P 3/5... computed by hand below.
        let key = vec![vec!['a', 'b', 'c'], vec!['d', 'e', 'f', 'g']];
        let resp = vec![vec!['a', 'b'], vec!['c', 'd'], vec!['f', 'g', 'h', 'i']];
        let s = score(&key, &resp);
        // MUC recall: (3-2)+(4-3) / (2+3) = 2/5; precision: (2-1)+(2-2)+(4-3) / (1+1+3) = 2/5.
        assert!(close(s.muc.r, 0.4) && close(s.muc.p, 0.4), "{s:?}");
        // B3 recall: (4/3 + 1/3 + 1/4 + 4/4) / 7 = 0.4226; precision: (2 + 1 + 4/4) / 8 = 0.5.
        assert!(
            close(s.b3.r, (4.0 / 3.0 + 1.0 / 3.0 + 0.25 + 1.0) / 7.0),
            "{s:?}"
        );
        assert!(close(s.b3.p, 0.5), "{s:?}");
        // CEAF-e: {a,b,c}~{a,b} 4/5, {d,e,f,g}~{f,g,h,i} 4/8: 1.3 / 2 key, / 3 response.
        assert!(
            close(s.ceafe.r, 1.3 / 2.0) && close(s.ceafe.p, 1.3 / 3.0),
            "{s:?}"
        );
    }

    #[test]
    fn assignment_finds_the_best_pairs() {
        let m = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        assert!(close(max_assignment(&m), 1.6));
        let wide = vec![vec![0.1, 0.2, 0.7]];
        assert!(close(max_assignment(&wide), 0.7));
    }

    #[test]
    fn all_in_one_and_all_apart() {
        let key = vec![vec![1, 2], vec![3, 4]];
        let one = vec![vec![1, 2, 3, 4]];
        let apart = vec![vec![1], vec![2], vec![3], vec![4]];
        let s1 = score(&key, &one);
        assert!(close(s1.b3.r, 1.0) && close(s1.b3.p, 0.5));
        let s2 = score(&key, &apart);
        assert!(close(s2.b3.p, 1.0) && close(s2.b3.r, 0.5) && close(s2.muc.r, 0.0));
    }
}
