//! Stories: articles about one event, grouped as they arrive. Each story keeps a profile (the
//! summed features of its articles); a new article is compared with the profiles of the
//! stories it shares keys with and joins the most similar one above a threshold, or starts a
//! story of its own. Nothing is reclustered, so adding an article costs the same however many
//! stories there are.
//!
//! Similarity is a weighted mean, over the kinds of feature both sides have, of idf-weighted
//! cosines: resolved entity ids, place ids, names, figures (all language-independent) and
//! stemmed words (only against the story's articles in the same language), damped by the days
//! between the article and the story. A near-duplicate text (a syndicated copy) joins
//! outright.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::digest::{Digest, MINHASH, minhash_similarity};
use crate::resolve::Resolver;

/// How stories are formed. The defaults were set on ECB+ (see `dossier eval stories`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Least similarity for an article to join a story.
    pub threshold: f64,
    pub w_entities: f64,
    pub w_places: f64,
    pub w_names: f64,
    pub w_figures: f64,
    pub w_dates: f64,
    pub w_words: f64,
    /// MinHash similarity from which an article is a copy of a member.
    pub near_duplicate: f64,
    /// Days apart that cost nothing, and the scale of the decay after them.
    pub days_grace: f64,
    pub days_scale: f64,
    /// Stories compared per article, the ones sharing most keys.
    pub max_candidates: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            threshold: 0.22,
            w_entities: 2.0,
            w_places: 1.0,
            w_names: 1.5,
            w_figures: 1.0,
            w_dates: 1.0,
            w_words: 2.0,
            near_duplicate: 0.5,
            days_grace: 3.0,
            days_scale: 14.0,
            max_candidates: 40,
        }
    }
}

/// Feature weight of a count: repeated mentions count, but less and less.
fn tf(n: u32) -> f32 {
    1.0 + (n as f32).ln()
}

/// An article's clustering features, entity ids resolved, keys prefixed by kind.
#[derive(Clone, Debug, Default)]
pub struct Features {
    pub entities: Vec<(String, f32)>,
    pub places: Vec<(String, f32)>,
    pub names: Vec<(String, f32)>,
    pub figures: Vec<(String, f32)>,
    pub dates: Vec<(String, f32)>,
    pub words: Vec<(String, f32)>,
    pub lang: String,
    pub day: Option<i64>,
    pub minhash: Vec<u32>,
}

impl Features {
    pub fn new(d: &Digest, resolver: &Resolver) -> Self {
        let mut ents: HashMap<String, f32> = HashMap::new();
        for e in &d.entities {
            let id = resolver.resolve_mention(&e.id, e.forms.first().map_or("", |f| f), None);
            *ents.entry(format!("e:{id}")).or_default() += tf(e.count);
        }
        let mut entities: Vec<(String, f32)> = ents.into_iter().collect();
        entities.sort_by(|a, b| a.0.cmp(&b.0));
        Features {
            entities,
            places: d
                .places
                .iter()
                .map(|p| (format!("p:{}", p.key), tf(p.count)))
                .collect(),
            names: d
                .names
                .iter()
                .map(|(n, c)| (format!("n:{n}"), tf(*c)))
                .collect(),
            figures: d.figures.iter().map(|f| (format!("f:{f}"), 1.0)).collect(),
            dates: d.dates.iter().map(|t| (format!("t:{t}"), 1.0)).collect(),
            words: d
                .words
                .iter()
                .map(|(w, c)| (format!("w:{}:{w}", d.lang), tf(*c)))
                .collect(),
            lang: d.lang.clone(),
            day: d.day,
            minhash: d.minhash.clone(),
        }
    }

    /// Every feature key, once (for document frequencies).
    pub fn all_keys(&self) -> impl Iterator<Item = &String> {
        self.entities
            .iter()
            .chain(&self.places)
            .chain(&self.names)
            .chain(&self.figures)
            .chain(&self.dates)
            .chain(&self.words)
            .map(|(k, _)| k)
    }

    /// The keys stories are looked up by: all ids and figures, the rarest names and words,
    /// and the MinHash bands.
    pub fn lookup_keys(&self, idf: &Idf) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(self.entities.iter().map(|(k, _)| k.clone()));
        keys.extend(self.places.iter().map(|(k, _)| k.clone()));
        keys.extend(self.figures.iter().map(|(k, _)| k.clone()));
        keys.extend(top_by_idf(&self.names, idf, 20));
        keys.extend(top_by_idf(&self.words, idf, 25));
        // In a large store, a key one article in twenty has (`United States`) finds too many
        // stories to be worth looking up; rarer keys find the same stories faster.
        if idf.docs > 1000 {
            let common = (1.0 + 20.0_f64).ln();
            keys.retain(|k| idf.get(k) >= common);
        }
        keys.extend(bands(&self.minhash));
        keys
    }
}

fn top_by_idf(v: &[(String, f32)], idf: &Idf, n: usize) -> Vec<String> {
    let mut s: Vec<(&String, f64)> = v
        .iter()
        .map(|(k, w)| (k, f64::from(*w) * idf.get(k)))
        .collect();
    s.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    s.into_iter().take(n).map(|(k, _)| k.clone()).collect()
}

/// LSH bands of a MinHash signature: texts sharing a band are candidates for copies.
fn bands(sig: &[u32]) -> Vec<String> {
    if sig.len() != MINHASH {
        return Vec::new();
    }
    sig.chunks(4)
        .enumerate()
        .map(|(i, c)| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for v in c {
                h ^= u64::from(*v);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("m:{i}:{h:x}")
        })
        .collect()
}

/// Articles without a given name, id or figure assumed beyond those seen (see [`Idf::get`]).
pub const PRIOR_DOCS: f64 = 200.0;

/// Document frequencies, cached for a relating session.
#[derive(Clone, Debug, Default)]
pub struct Idf {
    pub docs: u64,
    pub df: HashMap<String, u64>,
}

impl Idf {
    /// Inverse document frequency: rare features weigh more. Unknown keys count as seen once.
    /// Names, ids and figures are rare in the world whatever a small collection says: they are
    /// counted as if [`PRIOR_DOCS`] more articles without them had been seen, so that in a
    /// store of a few articles on one story, `Raqqa` still means something.
    pub fn get(&self, key: &str) -> f64 {
        let df = self.df.get(key).copied().unwrap_or(1).max(1) as f64;
        let prior = if key.starts_with("w:") {
            0.0
        } else {
            PRIOR_DOCS
        };
        (1.0 + (self.docs.max(1) as f64 + prior) / df).ln()
    }

    /// Counts one more article with these keys.
    pub fn add<'k>(&mut self, keys: impl Iterator<Item = &'k String>) {
        self.docs += 1;
        for k in keys {
            *self.df.entry(k.clone()).or_default() += 1;
        }
    }
}

/// What a story is compared by: its articles' features summed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Profile {
    pub n: u32,
    pub entities: HashMap<String, f32>,
    pub places: HashMap<String, f32>,
    pub names: HashMap<String, f32>,
    pub figures: HashMap<String, f32>,
    #[serde(default)]
    pub dates: HashMap<String, f32>,
    /// Per language.
    pub words: HashMap<String, HashMap<String, f32>>,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// Signatures of the latest articles, for copies.
    pub minhashes: Vec<Vec<u32>>,
}

/// Most features kept per kind (per language for words), the weightiest.
const KEEP: usize = 300;
const KEEP_WORDS: usize = 600;
const KEEP_SIGNATURES: usize = 6;

fn add_into(map: &mut HashMap<String, f32>, v: &[(String, f32)]) {
    for (k, w) in v {
        *map.entry(k.clone()).or_default() += w;
    }
}

fn prune(map: &mut HashMap<String, f32>, idf: &Idf, keep: usize) {
    if map.len() <= keep {
        return;
    }
    let mut v: Vec<(String, f32)> = map.drain().collect();
    v.sort_by(|a, b| {
        (f64::from(b.1) * idf.get(&b.0))
            .total_cmp(&(f64::from(a.1) * idf.get(&a.0)))
            .then(a.0.cmp(&b.0))
    });
    v.truncate(keep);
    map.extend(v);
}

impl Profile {
    pub fn add(&mut self, f: &Features, idf: &Idf) {
        self.n += 1;
        add_into(&mut self.entities, &f.entities);
        add_into(&mut self.places, &f.places);
        add_into(&mut self.names, &f.names);
        add_into(&mut self.figures, &f.figures);
        add_into(&mut self.dates, &f.dates);
        add_into(self.words.entry(f.lang.clone()).or_default(), &f.words);
        if let Some(d) = f.day {
            self.first_day = Some(self.first_day.map_or(d, |x| x.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |x| x.max(d)));
        }
        if f.minhash.len() == MINHASH {
            self.minhashes.push(f.minhash.clone());
            if self.minhashes.len() > KEEP_SIGNATURES {
                self.minhashes.remove(0);
            }
        }
        for m in [
            &mut self.entities,
            &mut self.places,
            &mut self.names,
            &mut self.figures,
            &mut self.dates,
        ] {
            prune(m, idf, KEEP);
        }
        for m in self.words.values_mut() {
            prune(m, idf, KEEP_WORDS);
        }
    }

    /// The keys the story is found by: its weightiest features of each kind and the bands of
    /// its latest articles' signatures.
    pub fn keys(&self, idf: &Idf) -> Vec<String> {
        let top = |m: &HashMap<String, f32>, n: usize| -> Vec<String> {
            let v: Vec<(String, f32)> = m.iter().map(|(k, w)| (k.clone(), *w)).collect();
            top_by_idf(&v, idf, n)
        };
        let mut keys = Vec::new();
        keys.extend(top(&self.entities, 40));
        keys.extend(top(&self.places, 20));
        keys.extend(top(&self.figures, 30));
        keys.extend(top(&self.names, 30));
        for m in self.words.values() {
            keys.extend(top(m, 30));
        }
        for s in &self.minhashes {
            keys.extend(bands(s));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// Every key the profile holds (for loading document frequencies).
    pub fn all_keys(&self) -> impl Iterator<Item = &String> {
        self.entities
            .keys()
            .chain(self.places.keys())
            .chain(self.names.keys())
            .chain(self.figures.keys())
            .chain(self.dates.keys())
            .chain(self.words.values().flat_map(|m| m.keys()))
    }
}

/// Idf-weighted cosine of an article's features with a story's.
fn cosine(a: &[(String, f32)], b: &HashMap<String, f32>, idf: &Idf) -> f64 {
    let mut dot = 0.0;
    let mut na = 0.0;
    for (k, w) in a {
        let i = idf.get(k);
        let x = f64::from(*w) * i;
        na += x * x;
        if let Some(v) = b.get(k) {
            dot += x * f64::from(*v) * i;
        }
    }
    if dot == 0.0 {
        return 0.0;
    }
    let nb: f64 = b
        .iter()
        .map(|(k, v)| {
            let x = f64::from(*v) * idf.get(k);
            x * x
        })
        .sum();
    dot / (na.sqrt() * nb.sqrt())
}

/// How similar an article is to a story, and whether it is a copy of one of its articles.
pub fn similarity(f: &Features, p: &Profile, idf: &Idf, params: &Params) -> f64 {
    let empty = HashMap::new();
    type Channel<'a> = (f64, &'a [(String, f32)], &'a HashMap<String, f32>);
    let channels: [Channel<'_>; 6] = [
        (params.w_entities, &f.entities, &p.entities),
        (params.w_places, &f.places, &p.places),
        (params.w_names, &f.names, &p.names),
        (params.w_figures, &f.figures, &p.figures),
        (params.w_dates, &f.dates, &p.dates),
        (
            params.w_words,
            &f.words,
            p.words.get(&f.lang).unwrap_or(&empty),
        ),
    ];
    let mut num = 0.0;
    let mut den = 0.0;
    for (w, a, b) in channels {
        if a.is_empty() || b.is_empty() || w <= 0.0 {
            continue;
        }
        num += w * cosine(a, b, idf);
        den += w;
    }
    let base = if den > 0.0 { num / den } else { 0.0 };
    let time = match (f.day, p.first_day, p.last_day) {
        (Some(d), Some(a), Some(b)) => {
            let gap = (a - d).max(d - b).max(0) as f64;
            if gap <= params.days_grace {
                1.0
            } else {
                (-(gap - params.days_grace) / params.days_scale).exp()
            }
        }
        _ => 1.0,
    };
    let copy = p
        .minhashes
        .iter()
        .map(|m| minhash_similarity(&f.minhash, m))
        .fold(0.0, f64::max);
    if copy >= params.near_duplicate {
        return 1.0_f64.max(base * time);
    }
    base * time
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(lang: &str, ents: &[&str], words: &[&str], day: Option<i64>) -> Features {
        Features {
            entities: ents.iter().map(|e| (format!("e:{e}"), 1.0)).collect(),
            words: words
                .iter()
                .map(|w| (format!("w:{lang}:{w}"), 1.0))
                .collect(),
            lang: lang.into(),
            day,
            ..Default::default()
        }
    }

    #[test]
    fn shared_ids_match_across_languages_and_time_damps() {
        let mut idf = Idf::default();
        let a = feats(
            "nl",
            &["org:islamic-state", "per:ryan-dillon"],
            &["strijder"],
            Some(100),
        );
        let b = feats(
            "en",
            &["org:islamic-state", "per:ryan-dillon"],
            &["fighter"],
            Some(101),
        );
        let c = feats("en", &["per:tara-reid"], &["rehab"], Some(101));
        for f in [&a, &b, &c] {
            idf.add(f.all_keys());
        }
        let mut p = Profile::default();
        p.add(&a, &idf);
        let params = Params::default();
        let sb = similarity(&b, &p, &idf, &params);
        let sc = similarity(&c, &p, &idf, &params);
        assert!(
            sb > 0.9,
            "words of another language are not held against it: {sb}"
        );
        assert_eq!(sc, 0.0);
        let late = Features {
            day: Some(200),
            ..b.clone()
        };
        assert!(similarity(&late, &p, &idf, &params) < sb * 0.01);
    }

    #[test]
    fn profiles_keep_their_weightiest_features() {
        let mut idf = Idf::default();
        let mut p = Profile::default();
        for i in 0..(KEEP + 50) {
            let f = feats("en", &[&format!("org:x{i}")], &[], None);
            idf.add(f.all_keys());
            p.add(&f, &idf);
        }
        assert_eq!(p.entities.len(), KEEP);
        assert!(p.keys(&idf).len() <= 40);
    }
}
