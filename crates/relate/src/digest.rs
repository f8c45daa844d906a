//! What relating keeps of an article: its features for clustering (entity and place ids,
//! names, figures, stemmed words, a MinHash of its text, its date), its claims and the alias
//! evidence it holds. Computed once when the article arrives and stored with its membership,
//! so stories and claims can be recomputed without re-reading records.

use std::collections::{BTreeMap, HashMap};

use dossier_model::{EntityType, Record};
use serde::{Deserialize, Serialize};

use crate::claims::{self, ArticleClaims, fmt_number};
use crate::lexicon::Lexicon;
use crate::norm::{fold, words, words_with_offsets};
use crate::resolve::{self, AliasEvidence};

/// One entity's mentions in an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EntityCount {
    pub id: String,
    pub kind: EntityType,
    pub canonical: String,
    pub count: u32,
    /// Names used for it, as written.
    pub forms: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// One place's mentions in an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlaceCount {
    /// `geonames:<id>` or `place:<folded name>`.
    pub key: String,
    pub name: String,
    pub country: Option<String>,
    pub count: u32,
    /// Names used for it, as written.
    #[serde(default)]
    pub forms: Vec<String>,
}

/// An article as relating sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Digest {
    pub id: String,
    pub lang: String,
    pub title: Option<String>,
    /// Who published it: the publisher, else the site, else the file name.
    pub outlet: String,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Days since 1970-01-01 of the publication date.
    pub day: Option<i64>,
    pub entities: Vec<EntityCount>,
    pub places: Vec<PlaceCount>,
    /// Capitalised words inside sentences, folded: names in any language, tagged or not.
    pub names: Vec<(String, u32)>,
    /// Figures that identify a report (`250`, `3500`, `6-7 km`), language-independent.
    pub figures: Vec<String>,
    /// Months (or years) of the dates the text names (`2017-10`): when it happened, in any
    /// language.
    #[serde(default)]
    pub dates: Vec<String>,
    /// Stemmed words and their counts.
    pub words: Vec<(String, u32)>,
    pub minhash: Vec<u32>,
    pub claims: ArticleClaims,
    pub aliases: Vec<AliasEvidence>,
}

/// Number of MinHash permutations; 64 estimate a Jaccard similarity to about ±0.06.
pub const MINHASH: usize = 64;

/// Digests a record.
pub fn digest(r: &Record, lex: &Lexicon) -> Digest {
    let mut ents: BTreeMap<String, EntityCount> = BTreeMap::new();
    for e in &r.entities {
        if e.kind == EntityType::LOC && e.id.starts_with("geonames:") {
            continue; // places are counted below, by place id
        }
        let c = ents.entry(e.id.clone()).or_insert_with(|| EntityCount {
            id: e.id.clone(),
            kind: e.kind,
            canonical: e.canonical.clone(),
            count: 0,
            forms: Vec::new(),
            roles: Vec::new(),
        });
        c.count += 1;
        if !c.forms.contains(&e.text) {
            c.forms.push(e.text.clone());
        }
        for role in &e.roles {
            if !c.roles.contains(role) {
                c.roles.push(role.clone());
            }
        }
    }
    let mut places: BTreeMap<String, PlaceCount> = BTreeMap::new();
    for p in &r.places {
        let key = claims::place_key(p);
        let c = places.entry(key.clone()).or_insert_with(|| PlaceCount {
            key,
            name: p.name.clone(),
            country: p.country.clone(),
            count: 0,
            forms: Vec::new(),
        });
        c.count += 1;
        if !c.forms.contains(&p.text) {
            c.forms.push(p.text.clone());
        }
    }
    let mut figures: Vec<String> = r
        .quantities
        .iter()
        .filter_map(|q| {
            let (lo, hi) = (q.low?, q.high?);
            if q.vague || !lo.is_finite() || !hi.is_finite() {
                return None;
            }
            let unit = q.unit.as_deref().unwrap_or("");
            if unit.is_empty() && (lo < 10.0 || ((1900.0..=2100.0).contains(&lo) && lo == hi)) {
                return None; // small counts and years say little about which report it is
            }
            let v = if lo == hi {
                fmt_number(lo)
            } else {
                format!("{}-{}", fmt_number(lo), fmt_number(hi))
            };
            Some(format!("{}{unit}", v.replace(',', "")))
        })
        .collect();
    figures.sort();
    figures.dedup();

    let mut dates: Vec<String> = r
        .times
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                dossier_model::TimeKind::Date | dossier_model::TimeKind::Period
            )
        })
        .filter_map(|t| t.value.as_deref())
        .filter_map(month_of)
        .collect();
    dates.sort();
    dates.dedup();

    let body = body_of(r);
    let tokens = words_with_offsets(body);
    let mut wc: HashMap<String, u32> = HashMap::new();
    for (w, _, _) in &tokens {
        if w.chars().count() < 3 || w.chars().next().is_some_and(|c| c.is_numeric()) {
            continue;
        }
        *wc.entry(lex.stem(&r.lang, w).into_owned()).or_default() += 1;
    }
    let mut words_v: Vec<(String, u32)> = wc.into_iter().collect();
    words_v.sort();

    Digest {
        id: r.id.clone(),
        lang: r.lang.clone(),
        title: r.meta.title.clone(),
        outlet: outlet(r),
        url: r.meta.url.clone(),
        published: r.meta.published.clone(),
        day: r.meta.published.as_deref().and_then(day_number),
        entities: ents.into_values().collect(),
        places: places.into_values().collect(),
        names: names(r, lex),
        figures,
        dates,
        words: words_v,
        minhash: minhash(
            &tokens
                .iter()
                .map(|(w, _, _)| w.as_str())
                .collect::<Vec<_>>(),
        ),
        claims: claims::extract(r, lex),
        aliases: resolve::appositions(r, lex),
    }
}

/// The text without its title line, when the title starts it.
fn body_of(r: &Record) -> &str {
    match &r.meta.title {
        Some(t) => r.text.strip_prefix(t.as_str()).unwrap_or(&r.text),
        None => &r.text,
    }
}

/// Who published an article, for display and as the first link of every chain.
pub fn outlet(r: &Record) -> String {
    if let Some(p) = r.meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        return p.trim().to_string();
    }
    for uri in [&r.meta.url, &r.source.uri].into_iter().flatten() {
        if let Some(rest) = uri.split("://").nth(1) {
            let host = rest.split(['/', ':', '?']).next().unwrap_or("");
            let host = host.trim_start_matches("www.");
            if !host.is_empty() {
                return host.to_string();
            }
        }
    }
    if let Some(uri) = &r.source.uri {
        let file = uri.rsplit(['/', '\\']).next().unwrap_or(uri);
        let file = file.split('#').next().unwrap_or(file);
        if !file.is_empty() {
            return file.to_string();
        }
    }
    format!("article {}", &r.id[..r.id.len().min(8)])
}

/// The month (`2017-10`) or year (`2017`) of an ISO 8601 date or period, if it names one.
fn month_of(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return None;
    }
    if b.get(4) == Some(&b'-') && digits(5..7) {
        Some(v[..7].to_string())
    } else {
        Some(v[..4].to_string())
    }
}

/// Days since 1970-01-01 of an ISO 8601 date or date-time.
pub fn day_number(s: &str) -> Option<i64> {
    let d = s.get(..10)?;
    let date: jiff::civil::Date = d.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(i64::from(epoch.until(date).ok()?.get_days()))
}

/// Capitalised words that do not start a sentence: names, whether or not a tagger found
/// them, and the same in every language that writes names the same way. Where the language
/// capitalises all nouns, only words the entity tagger also marked count.
fn names(r: &Record, lex: &Lexicon) -> Vec<(String, u32)> {
    let nouns_capitalised = lex.lang(&r.lang).is_some_and(|l| l.nouns_capitalised);
    let tagged: std::collections::HashSet<String> =
        r.entities.iter().flat_map(|e| words(&e.text)).collect();
    let body = body_of(r);
    let mut out: HashMap<String, u32> = HashMap::new();
    let mut prev_end = 0;
    let mut first = true;
    for (w, a, b) in words_with_offsets(body) {
        let gap = &body[prev_end..a];
        let starts = first
            || gap.contains(['.', '!', '?', '\n', ':', '"', '“', '«', '\'', '‘', '—', '-'])
                && !gap.trim().is_empty();
        prev_end = b;
        first = false;
        let raw = &body[a..b];
        let cap = raw.chars().next().is_some_and(char::is_uppercase);
        if !cap || starts || w.chars().count() < 2 {
            continue;
        }
        if nouns_capitalised && !tagged.contains(&w) {
            continue;
        }
        *out.entry(w).or_default() += 1;
    }
    let mut v: Vec<(String, u32)> = out.into_iter().collect();
    v.sort();
    v
}

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// MinHash of a text's word 3-shingles: near-duplicate texts (a syndicated story, a lightly
/// edited copy) have signatures that agree in most places.
pub fn minhash(words: &[&str]) -> Vec<u32> {
    let mut sig = vec![u32::MAX; MINHASH];
    if words.len() < 3 {
        return Vec::new();
    }
    for w in words.windows(3) {
        let h = fnv1a(&w.join(" "));
        for (i, s) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            if v < *s {
                *s = v;
            }
        }
    }
    sig
}

/// The share of places where two signatures agree: an estimate of the shingles' Jaccard.
pub fn minhash_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != MINHASH || b.len() != MINHASH {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / MINHASH as f64
}

/// The folded key of a name, for name aliases (`name:sdf`).
pub fn name_key(name: &str) -> String {
    format!(
        "name:{}",
        fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_copies_have_similar_signatures_and_other_texts_do_not() {
        let a = "About 250 Islamic State fighters and 3,500 of their family members were allowed to leave Raqqa under a secret deal in October, according to a BBC investigation.";
        let b = "About 250 Islamic State fighters and 3,500 of their relatives were allowed to leave Raqqa under a secret deal in October, according to a BBC investigation.";
        let c = "The coalition has acknowledged that it was aware of the deal that let fighters leave the city, a spokesman said on Wednesday.";
        let sig = |t: &str| {
            let w = words(t);
            minhash(&w.iter().map(String::as_str).collect::<Vec<_>>())
        };
        assert!(minhash_similarity(&sig(a), &sig(b)) > 0.5);
        assert!(minhash_similarity(&sig(a), &sig(c)) < 0.2);
    }

    #[test]
    fn dates_name_their_month() {
        assert_eq!(month_of("2017-10-15").as_deref(), Some("2017-10"));
        assert_eq!(month_of("2017-W42").as_deref(), Some("2017"));
        assert_eq!(month_of("P4M"), None);
    }

    #[test]
    fn dates_become_day_numbers() {
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(
            day_number("2017-11-14T11:05:00+01:00"),
            day_number("2017-11-14")
        );
        assert_eq!(day_number("nonsense"), None);
    }
}
