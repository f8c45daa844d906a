//! Places: place names and adjectives resolved to GeoNames ids, countries and coordinates.
//!
//! Names are found in the text through the gazetteer on their own (longest match over tokens,
//! exact capitalisation) and merged with the tagger's mentions: a LOC mention confirms a name,
//! a PER/ORG/MISC mention over it vetoes it. Without a mention, a name must pass rules against
//! ambiguity (common words of the language, parts of longer names, names after a person title).
//! Each name is then resolved among its readings by population and kind, and by the article
//! itself: the countries and regions it names elsewhere, nearby places, and `City, Region`.

mod gazetteer;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use dossier_model::{Entity, EntityType, Place, Span};
use dossier_text::{Doc, Token, TokenKind};
use unicode_normalization::UnicodeNormalization;

pub(crate) use gazetteer::first_word;
pub use gazetteer::{Feature, GazPlace, Gazetteer, LangPlaces, NameKind, NameRef};

/// A span the tagger (or another analyser) has already typed: byte range and type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hint {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// A place name found and resolved: byte range, the gazetteer place, and how it was named.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub place: u32,
    /// Named by an adjective or inhabitant noun (`Syrische`), not by its name.
    pub demonym: bool,
    /// A LOC (or, for a demonym, MISC) mention of the tagger covers it.
    pub supported: bool,
}

/// A name found in the text, with all its readings.
struct Found {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    key: String,
    /// Place and the best way this name names it.
    cands: Vec<(u32, NameKind, bool)>,
    demonym: bool,
    supported: bool,
    /// Right after a locative preposition (`in`, `uit`, `near`).
    after_locative: bool,
}

/// Below this population a town named on its own, outside place context, is taken only in a
/// country the article names otherwise (`Deal` in a German headline is a noun).
const SMALL_TOWN: u64 = 50_000;

/// Collapses whitespace and unifies apostrophes, as the gazetteer build does with names.
fn normalise(s: &str) -> Cow<'_, str> {
    let needs =
        s.contains(['\u{2019}', '\u{02bc}', '\n', '\t', '\r', '\u{a0}']) || s.contains("  ");
    if !needs {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['\u{2019}', '\u{02bc}'], "'"),
    )
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Index of the first token of the sentence holding token `i`, skipping opening quotes and
/// brackets, so that `"Raqqa...` counts as sentence-initial.
fn sentence_initial(doc: &Doc, i: usize) -> bool {
    let s = &doc.sentences[doc.sentence_of(i)];
    (s.first..i).all(|k| !doc.tokens[k].is_wordlike())
}

/// Title-case headlines and all-caps lines, where every longer word is capitalised:
/// capitalisation says nothing there.
fn capitalised_sentence(doc: &Doc, i: usize) -> bool {
    let s = &doc.sentences[doc.sentence_of(i)];
    let words: Vec<&str> = (s.first..s.last)
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
        .map(|k| doc.tok(k))
        .filter(|w| w.chars().count() > 3)
        .collect();
    words.len() >= 3 && words.iter().all(|w| starts_upper(w))
}

fn possessive_len(t: &str) -> usize {
    for suf in ["'s", "\u{2019}s"] {
        if t.len() > suf.len() + 1 && t.ends_with(suf) {
            return suf.len();
        }
    }
    0
}

/// Finds every gazetteer name in the text (longest match first), with its readings.
fn scan(doc: &Doc, gaz: &Gazetteer) -> Vec<Found> {
    let toks: &[Token] = &doc.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_wordlike() || !doc.tok(i).chars().next().is_some_and(char::is_alphabetic) {
            i += 1;
            continue;
        }
        let word = doc.tok(i);
        let bare = &word[..word.len() - possessive_len(word)];
        let Some(words) = gaz.words_after(word).or_else(|| gaz.words_after(bare)) else {
            compound_parts(doc, gaz, i, &mut out);
            i += 1;
            continue;
        };
        let mut hit = None;
        // Punctuation inside a name (`Washington, D.C.`) takes tokens of its own.
        let top = (i + 2 * words).min(toks.len());
        'len: for j in (i..top).rev() {
            if !toks[j].is_wordlike() {
                continue;
            }
            let raw = &doc.text[toks[i].start..toks[j].end];
            if j > i && raw.contains('\n') {
                continue;
            }
            let poss = possessive_len(doc.tok(j));
            let cuts: &[usize] = if poss > 0 { &[0, poss] } else { &[0] };
            for &cut in cuts {
                let end = toks[j].end - cut;
                let key = normalise(&doc.text[toks[i].start..end]);
                let refs: Vec<NameRef> = gaz
                    .lookup(&key)
                    .iter()
                    .filter(|r| gaz.applies(r, doc.lang))
                    .copied()
                    .collect();
                if !refs.is_empty() {
                    hit = Some((j, end, key.into_owned(), refs));
                    break 'len;
                }
            }
        }
        let Some((j, end, key, refs)) = hit else {
            compound_parts(doc, gaz, i, &mut out);
            i += 1;
            continue;
        };
        out.push(found(doc, gaz, i, j, toks[i].start, end, key, &refs));
        i = j + 1;
    }
    out
}

/// A place named as the first or last part of a hyphenated compound (`US-led`,
/// `Craiova-based`, `Amerikaans-Russische`, `Everett-fabriek`).
fn compound_parts(doc: &Doc, gaz: &Gazetteer, i: usize, out: &mut Vec<Found>) {
    let tok = doc.tokens[i];
    let word = doc.tok(i);
    if tok.kind != TokenKind::Word || !word.contains('-') {
        return;
    }
    let Some(cut) = word.find('-') else { return };
    let last_cut = word.rfind('-').unwrap_or(cut);
    let parts = [
        (tok.start, tok.start + cut),
        (tok.start + last_cut + 1, tok.end),
    ];
    for (k, &(s, e)) in parts.iter().enumerate() {
        if k == 1 && parts[0] == parts[1] {
            break;
        }
        let part = &doc.text[s..e];
        if part.chars().count() < 2 || !part.chars().all(char::is_alphabetic) {
            continue;
        }
        let refs: Vec<NameRef> = gaz
            .lookup(part)
            .iter()
            .filter(|r| gaz.applies(r, doc.lang))
            .copied()
            .collect();
        if !refs.is_empty() {
            out.push(found(doc, gaz, i, i, s, e, part.to_string(), &refs));
        }
    }
}

/// A name found at tokens `first..=last` (bytes `start..end`) with its readings.
#[allow(clippy::too_many_arguments)]
fn found(
    doc: &Doc,
    gaz: &Gazetteer,
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    key: String,
    refs: &[NameRef],
) -> Found {
    let mut cands: Vec<(u32, NameKind, bool)> = Vec::new();
    for r in refs {
        let own = gaz.is_own_language(r, doc.lang);
        match cands.iter_mut().find(|c| c.0 == r.place) {
            Some(c) => {
                if (r.kind, !own) < (c.1, !c.2) {
                    c.1 = r.kind;
                    c.2 = own;
                }
            }
            None => cands.push((r.place, r.kind, own)),
        }
    }
    let demonym = refs.iter().all(|r| r.kind == NameKind::Demonym);
    Found {
        first,
        last,
        start,
        end,
        key,
        cands,
        demonym,
        supported: false,
        after_locative: false,
    }
}

/// Applies the tagger's mentions and, where there is none, the ambiguity rules.
fn keep(doc: &Doc, hints: &[Hint], gaz: &Gazetteer, found: Vec<Found>) -> Vec<Found> {
    let rules = gaz.rules(doc.lang);
    // Two names side by side are two places only when the second holds the first (`Mobile
    // Alabama`); otherwise they are one name (`David Davis`, `Clinton Hill`).
    let holds = |outer: &Found, inner: &Found| {
        inner.cands.iter().any(|&(i, _, _)| {
            outer
                .cands
                .iter()
                .any(|&(o, _, _)| contains(gaz.place(o), gaz.place(i)))
        })
    };
    let mut starts: HashSet<usize> = HashSet::new();
    let mut ends: HashSet<usize> = HashSet::new();
    for w in found.windows(2) {
        if w[1].first == w[0].last + 1 && holds(&w[1], &w[0]) {
            starts.insert(w[1].first);
            ends.insert(w[0].last);
        }
    }
    // Words the article writes in lower case somewhere: a capitalised one of them opening a
    // sentence (`In`, `Maar`) is not a first name.
    let lower: HashSet<&str> = (0..doc.tokens.len())
        .map(|k| doc.tok(k))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    // Names the article uses for a person (`David Davis`, `Mr Davis`): one sense per article.
    let mut people: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for mut f in found {
        let over = |h: &&Hint| h.start < f.end && f.start < h.end;
        // A mention confirms a name it ends with (`Raqqa`, `heel Syrië`); a name inside a longer
        // place name (`Airport` of `Changi International Airport`) must pass on its own.
        let supported = hints.iter().filter(over).any(|h| {
            (h.kind == EntityType::LOC || (f.demonym && h.kind == EntityType::MISC))
                && f.end == h.end
                && h.start <= f.start
                && doc.text[h.start..f.start]
                    .chars()
                    .all(|c| !c.is_uppercase())
        });
        // Any other type over a name vetoes it, except a country opening an organisation's
        // name (`US Government`: attributive) and a demonym in a MISC mention.
        let country = f
            .cands
            .iter()
            .any(|c| gaz.place(c.0).feature == Feature::Country);
        let vetoed = hints.iter().filter(over).any(|h| {
            h.kind != EntityType::LOC
                && !(f.demonym && h.kind == EntityType::MISC)
                && !(country && !f.demonym && h.start == f.start && h.end > f.end)
        });
        let supported = supported
            || (f.demonym
                && hints
                    .iter()
                    .filter(over)
                    .any(|h| h.kind == EntityType::MISC));
        if supported {
            f.supported = true;
            out.push(f);
            continue;
        }
        if vetoed {
            if hints.iter().filter(over).any(|h| h.kind == EntityType::PER) {
                people.insert(f.key.clone());
            }
            continue;
        }
        let prev = f.first.checked_sub(1);
        let prev_text = prev.map(|p| doc.tok(p).to_lowercase());
        let after_locative = prev_text
            .as_deref()
            .is_some_and(|p| rules.locatives.contains(p));
        f.after_locative = after_locative;
        // A name that is mostly an ordinary word of the language needs place context.
        if f.first == f.last && rules.common.contains(&f.key) && !after_locative {
            continue;
        }
        // An alternate name unlike the place's own (`Google` for Topeka, `Stalin` for
        // Donetsk) needs place context; exonyms like `Parijs` or `Mossul` do not.
        if !after_locative {
            f.cands
                .retain(|c| c.1 != NameKind::Alt || similar(&f.key, &gaz.place(c.0).name));
            if f.cands.is_empty() {
                continue;
            }
        }
        // `president Jackson`, `kolonel Dillon`: a person.
        if !f.demonym
            && let Some(p) = &prev_text
            && rules.titles.contains(p.trim_end_matches('.'))
        {
            people.insert(f.key.clone());
            continue;
        }
        // A capitalised word that does not start the sentence may also be a lower-case word
        // written at the start of a headline: only trust case in running text.
        let headline = capitalised_sentence(doc, f.first);
        if !headline {
            // Part of a longer capitalised name (`Ryan Dillon`, `New York Times`).
            let prev_name = prev.is_some_and(|p| {
                doc.tokens[p].kind == TokenKind::Word
                    && starts_upper(doc.tok(p))
                    && (!sentence_initial(doc, p) || {
                        let w = prev_text.as_deref().unwrap_or("");
                        w.chars().count() > 3 && !lower.contains(w) && !rules.locatives.contains(w)
                    })
                    && !ends.contains(&p)
            });
            // An adjective before a name (`Britse FTSE`, `irakische Armee`) still names its
            // place; the name of an organisation is the tagger's or the alias table's to veto.
            // A country before a name is mostly attributive (`US Federal Reserve`, `Regno Unito
            // FTSE`); a city before one is mostly part of it (`New York Times`).
            let next = f.last + 1;
            let next_name = !f.demonym
                && !country
                && starts_upper(&f.key)
                && next < doc.tokens.len()
                && doc.tokens[next].start == doc.tokens[f.last].end + 1
                && doc.tokens[next].kind == TokenKind::Word
                && starts_upper(doc.tok(next))
                && !starts.contains(&next);
            if prev_name && !f.demonym {
                people.insert(f.key.clone());
                continue;
            }
            if next_name {
                continue;
            }
        }
        out.push(f);
    }
    out.retain(|f| f.supported || f.after_locative || !people.contains(&f.key));
    out
}

/// Whether an alternate name looks like the place's own name (`Mossul` and `Mosul`, `Rakka`
/// and `Ar Raqqah`): the same word up to a few letters, compared with each word of the name.
fn similar(alt: &str, name: &str) -> bool {
    let fold = |s: &str| -> Vec<char> {
        s.nfd()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let a = fold(alt);
    std::iter::once(name)
        .chain(name.split([' ', '-']))
        .map(fold)
        .filter(|b| !b.is_empty())
        .any(|b| {
            let d = levenshtein(&a, &b);
            d * 2 <= a.len().max(b.len())
        })
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn prior(p: &GazPlace) -> f64 {
    let pop = (p.population.max(1000)) as f64;
    match p.feature {
        Feature::Country => pop.log10() + 1.5,
        Feature::Continent => 8.0,
        // A region's population is the sum of its larger cities'.
        Feature::Region if p.population > 0 => pop.log10(),
        Feature::Region => 5.5,
        // Capitals are named far more often than their size says (`Washington`, `Paris`).
        Feature::City if p.capital => pop.log10() + 1.0,
        Feature::City => pop.log10(),
    }
}

fn km(a: &GazPlace, b: &GazPlace) -> Option<f64> {
    let (la1, lo1, la2, lo2) = (a.lat?, a.lon?, b.lat?, b.lon?);
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let dp = p2 - p1;
    let dl = (lo2 - lo1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    Some(2.0 * 6371.0 * h.sqrt().asin())
}

/// Whether `outer` (a country or region) contains `inner`.
fn contains(outer: &GazPlace, inner: &GazPlace) -> bool {
    match outer.feature {
        Feature::Country => !inner.country.is_empty() && outer.country == inner.country,
        Feature::Region => {
            outer.country == inner.country
                && inner.feature == Feature::City
                && (outer.admin1.is_empty() || outer.admin1 == inner.admin1)
        }
        _ => false,
    }
}

/// Chooses a reading for every kept name, using the article's other names.
fn disambiguate(doc: &Doc, gaz: &Gazetteer, found: &[Found]) -> Vec<u32> {
    let base: Vec<Vec<f64>> = found
        .iter()
        .map(|f| {
            f.cands
                .iter()
                .map(|&(p, kind, own)| {
                    let bonus = match kind {
                        NameKind::Name | NameKind::Demonym if own => 0.5,
                        NameKind::Name | NameKind::Demonym => 0.25,
                        NameKind::Alt => 0.0,
                    };
                    prior(gaz.place(p)) + bonus
                })
                .collect()
        })
        .collect();
    // `Everett, Washington`, `Paris (Texas)`: a place followed by what contains it. A city
    // named like the region it lies in (`New York`) is the city, unless a word before it says
    // region (`de staat Victoria`, `the state of Victoria`).
    let rules = gaz.rules(doc.lang);
    let mut pattern: Vec<Vec<f64>> = base.iter().map(|b| vec![0.0; b.len()]).collect();
    for (k, f) in found.iter().enumerate() {
        let before = |n: usize| f.first.checked_sub(n).map(|p| doc.tok(p).to_lowercase());
        let region_word = before(1).is_some_and(|w| rules.region_words.contains(&w))
            || (before(1).is_some_and(|w| rules.locatives.contains(&w))
                && before(2).is_some_and(|w| rules.region_words.contains(&w)));
        if region_word {
            for (x, &(p, _, _)) in f.cands.iter().enumerate() {
                if gaz.place(p).feature == Feature::Region {
                    pattern[k][x] += 3.0;
                }
            }
            continue;
        }
        for (x, &(pa, _, _)) in f.cands.iter().enumerate() {
            let city = gaz.place(pa);
            if city.feature == Feature::City
                && f.cands.iter().any(|&(pb, _, _)| {
                    let r = gaz.place(pb);
                    r.feature == Feature::Region && !r.admin1.is_empty() && contains(r, city)
                })
            {
                pattern[k][x] += 1.5;
            }
        }
    }
    for k in 0..found.len().saturating_sub(1) {
        let (a, b) = (&found[k], &found[k + 1]);
        if b.first != a.last + 2 || !matches!(doc.tok(a.last + 1), "," | "(") {
            continue;
        }
        for (x, &(pa, _, _)) in a.cands.iter().enumerate() {
            for (y, &(pb, _, _)) in b.cands.iter().enumerate() {
                if contains(gaz.place(pb), gaz.place(pa)) {
                    pattern[k][x] = pattern[k][x].max(4.0);
                    pattern[k + 1][y] = pattern[k + 1][y].max(4.0);
                }
            }
        }
    }
    let pick = |scores: &[Vec<f64>]| -> Vec<(usize, f64)> {
        scores
            .iter()
            .map(|s| {
                let mut best = (0, f64::MIN);
                for (i, &v) in s.iter().enumerate() {
                    if v > best.1 {
                        best = (i, v);
                    }
                }
                let second = s
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != best.0)
                    .map(|(_, &v)| v)
                    .fold(f64::MIN, f64::max);
                (best.0, best.1 - second)
            })
            .collect()
    };
    let first: Vec<Vec<f64>> = base
        .iter()
        .zip(&pattern)
        .map(|(b, p)| b.iter().zip(p).map(|(x, y)| x + y).collect())
        .collect();
    let picks = pick(&first);
    // The article's focus: what the confident names say.
    let mut countries: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut admins: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut points: Vec<(usize, &GazPlace)> = Vec::new();
    for (k, f) in found.iter().enumerate() {
        let (best, margin) = picks[k];
        if margin < 1.5 {
            continue;
        }
        let p = gaz.place(f.cands[best].0);
        if !p.country.is_empty() {
            countries.entry(&p.country).or_default().push(k);
        }
        if !p.admin1.is_empty() && matches!(p.feature, Feature::Region | Feature::City) {
            admins.entry((&p.country, &p.admin1)).or_default().push(k);
        }
        if matches!(p.feature, Feature::City | Feature::Region) && !f.demonym {
            points.push((k, p));
        }
    }
    let other = |v: Option<&Vec<usize>>, k: usize| v.is_some_and(|v| v.iter().any(|&x| x != k));
    let mut out = Vec::with_capacity(found.len());
    for (k, f) in found.iter().enumerate() {
        let mut best = (f.cands[0].0, f64::MIN);
        for (x, &(p, _, _)) in f.cands.iter().enumerate() {
            let place = gaz.place(p);
            let mut s = first[k][x];
            if f.cands.len() > 1 {
                if other(countries.get(place.country.as_str()), k) {
                    s += 1.5;
                }
                if !place.admin1.is_empty()
                    && other(
                        admins.get(&(place.country.as_str(), place.admin1.as_str())),
                        k,
                    )
                {
                    s += 1.5;
                }
                if points
                    .iter()
                    .any(|(j, q)| *j != k && km(place, q).is_some_and(|d| d < 300.0))
                {
                    s += 1.0;
                }
            }
            if s > best.1 {
                best = (p, s);
            }
        }
        out.push(best.0);
    }
    out
}

/// Finds and resolves the place names of a document. `hints` are the spans already typed by
/// the tagger (LOC confirms a name, PER/ORG/MISC vetoes one).
pub fn locate(doc: &Doc, hints: &[Hint], gaz: &Gazetteer) -> Vec<Located> {
    let found = keep(doc, hints, gaz, scan(doc, gaz));
    let chosen = disambiguate(doc, gaz, &found);
    let small = |f: &Found, p: u32| {
        let p = gaz.place(p);
        !f.supported
            && !f.after_locative
            && f.first == f.last
            && p.feature == Feature::City
            && p.population < SMALL_TOWN
    };
    let countries: HashSet<&str> = found
        .iter()
        .zip(&chosen)
        .filter(|(f, p)| !small(f, **p))
        .map(|(_, &p)| gaz.place(p).country.as_str())
        .collect();
    found
        .iter()
        .zip(chosen)
        .filter(|(f, p)| !small(f, *p) || countries.contains(gaz.place(*p).country.as_str()))
        .map(|(f, place)| Located {
            start: f.start,
            end: f.end,
            place,
            demonym: f.demonym,
            supported: f.supported,
        })
        .collect()
}

/// Byte offsets of every code point, for turning contract spans back into byte ranges.
pub(crate) fn char_starts(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The byte range of a contract span.
pub(crate) fn bytes_of(starts: &[usize], span: Span) -> (usize, usize) {
    let at = |c: usize| {
        starts
            .get(c)
            .copied()
            .unwrap_or(*starts.last().unwrap_or(&0))
    };
    (at(span.start()), at(span.end()))
}

/// Geocodes the place mentions of a document: every place name or demonym the gazetteer finds
/// and the entities do not veto, resolved to a place. A LOC entity whose id names a gazetteer
/// place decides the place of the names inside it.
pub fn geocode(doc: &Doc, entities: &[Entity], gazetteer: &Gazetteer) -> Vec<Place> {
    let starts = char_starts(doc.text);
    let spans: Vec<(usize, usize, &Entity)> = entities
        .iter()
        .map(|e| {
            let (s, t) = bytes_of(&starts, e.span);
            (s, t, e)
        })
        .collect();
    let hints: Vec<Hint> = spans
        .iter()
        .map(|&(start, end, e)| Hint {
            start,
            end,
            kind: e.kind,
        })
        .collect();
    locate(doc, &hints, gazetteer)
        .into_iter()
        .map(|l| {
            let by_entity = spans
                .iter()
                .find(|(s, t, e)| e.kind == EntityType::LOC && *s <= l.start && l.end <= *t)
                .and_then(|(_, _, e)| gazetteer.by_id(&e.id));
            let place = gazetteer.place(by_entity.unwrap_or(l.place));
            to_place(doc, &l, place)
        })
        .collect()
}

fn to_place(doc: &Doc, l: &Located, p: &GazPlace) -> Place {
    Place {
        span: doc.span(l.start, l.end),
        text: doc.text[l.start..l.end].to_string(),
        name: p.name.clone(),
        country: (!p.country.is_empty()).then(|| p.country.clone()),
        lat: p.lat,
        lon: p.lon,
        geonames_id: p.geonames_id(),
        feature: Some(if l.demonym {
            "demonym".to_string()
        } else {
            p.feature.as_str().to_string()
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::load().expect("gazetteer loads"))
    }

    /// `(text, country, name, feature)` of every place found on its own.
    fn found(text: &str, lang: &str) -> Vec<(String, String, String, String)> {
        let doc = Doc::new(text, lang);
        let places = geocode(&doc, &[], gaz());
        for p in &places {
            assert_eq!(p.span.slice(text), p.text);
        }
        places
            .into_iter()
            .map(|p| {
                (
                    p.text,
                    p.country.unwrap_or_default(),
                    p.name,
                    p.feature.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn has(
        found: &[(String, String, String, String)],
        text: &str,
        cc: &str,
        feature: &str,
    ) -> bool {
        found
            .iter()
            .any(|(t, c, _, f)| t == text && c == cc && f == feature)
    }

    #[test]
    fn raqqa_article_places_resolve_on_their_own() {
        let text = include_str!("../../../data/demo/hln_nl_raqqa_convoy.txt");
        let doc = Doc::new(text, "nl");
        let places = geocode(&doc, &[], gaz());
        let raqqa: Vec<&Place> = places.iter().filter(|p| p.text == "Raqqa").collect();
        assert!(raqqa.len() >= 4, "{places:#?}");
        for p in raqqa {
            assert_eq!(p.country.as_deref(), Some("SY"));
            assert_eq!(p.geonames_id, Some(172955));
            assert!((p.lat.unwrap() - 35.95).abs() < 0.1 && (p.lon.unwrap() - 39.01).abs() < 0.1);
        }
        let f = found(text, "nl");
        assert!(has(&f, "Syrië", "SY", "country"), "{f:?}");
        assert!(has(&f, "Turkije", "TR", "country"), "{f:?}");
        assert!(has(&f, "VS", "US", "country"), "{f:?}");
        assert!(has(&f, "Syrische", "SY", "demonym"), "{f:?}");
        assert!(has(&f, "Syriërs", "SY", "demonym"), "{f:?}");
        assert!(
            f.iter()
                .any(|(t, _, n, _)| t == "Koerdische" && n == "Kurdistan")
        );
        // `Syrische` in the forces' name is part of an organisation's name (the alias table's
        // entity), not a place.
        let aliases = crate::entities::AliasTable::load().expect("aliases load");
        let ents = crate::entities::resolve(&doc, &[], &aliases, gaz());
        let with_entities = geocode(&doc, &ents, gaz());
        let sdf = text.find("Syrische Democratische").unwrap();
        let sdf = doc.span(sdf, sdf + 8);
        assert!(places.iter().any(|p| p.span == sdf));
        assert!(
            !with_entities.iter().any(|p| p.span == sdf),
            "{with_entities:#?}"
        );
        assert_eq!(with_entities.len(), places.len() - 1);
        // Nothing from the site furniture or sentence-initial words.
        assert!(
            !f.iter()
                .any(|(t, ..)| ["Bron", "Zo", "Maar", "Het"].contains(&t.as_str()))
        );
    }

    #[test]
    fn common_words_need_place_context() {
        let f = found(
            "Bron: BBC. Van de 250 strijders zijn er velen naar Leiden gegaan.",
            "nl",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1.as_str()), ("Leiden", "NL"));
        let f = found("Nice work. Mobile phones are banned in Nice, France.", "en");
        assert_eq!(
            f.iter()
                .map(|x| (x.0.as_str(), x.1.as_str()))
                .collect::<Vec<_>>(),
            vec![("Nice", "FR"), ("France", "FR")]
        );
    }

    #[test]
    fn people_are_not_places() {
        let f = found(
            "Kolonel Ryan Dillon sprak met president Jackson over de Paris Agreement.",
            "nl",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_name_used_for_a_person_is_a_person_throughout() {
        let f = found(
            "Home Secretary David Davis spoke on Monday. Later, Davis said the plan would work. \
             Mr Howard agreed. Howard left for Brighton.",
            "en",
        );
        let texts: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, vec!["Brighton"], "{f:?}");
        // An alternate name unlike the place's own needs place context.
        assert!(
            found(
                "Google said so. Analysts expect Google shares to rise.",
                "en"
            )
            .is_empty()
        );
    }

    #[test]
    fn the_article_decides_between_places_of_one_name() {
        let f = found("Paris is the capital of France.", "en");
        assert!(has(&f, "Paris", "FR", "city"), "{f:?}");
        let f = found(
            "Storms hit northern Texas on Monday. In Paris, the mayor said that Dallas sent help.",
            "en",
        );
        assert!(has(&f, "Paris", "US", "city"), "{f:?}");
        let f = found("The plant in Everett, Washington, builds the 787.", "en");
        assert!(has(&f, "Everett", "US", "city"), "{f:?}");
        assert!(has(&f, "Washington", "US", "region"), "{f:?}");
    }

    #[test]
    fn names_and_adjectives_in_several_languages() {
        let f = found("Syria's army retook the town from Iraqi fighters.", "en");
        assert!(has(&f, "Syria", "SY", "country"), "{f:?}");
        assert!(has(&f, "Iraqi", "IQ", "demonym"), "{f:?}");
        let f = found(
            "Les forces syriennes et turques sont entrées à Raqqa.",
            "fr",
        );
        assert!(has(&f, "syriennes", "SY", "demonym"), "{f:?}");
        assert!(has(&f, "turques", "TR", "demonym"), "{f:?}");
        assert!(has(&f, "Raqqa", "SY", "city"), "{f:?}");
        let f = found(
            "Die irakische Armee rückte in Mossul ein, nahe der Türkei.",
            "de",
        );
        assert!(has(&f, "irakische", "IQ", "demonym"), "{f:?}");
        assert!(has(&f, "Mossul", "IQ", "city"), "{f:?}");
        assert!(has(&f, "Türkei", "TR", "country"), "{f:?}");
        // German capitalises nouns: a small town named like one needs place context.
        let f = found(
            "Geheimer Deal: Hunderte IS-Kämpfer durften Rakka verlassen.",
            "de",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(has(&f, "Rakka", "SY", "city"), "{f:?}");
        // Parts of hyphenated compounds.
        let f = found("The US-led coalition and Craiova-based firms.", "en");
        assert!(has(&f, "US", "US", "country"), "{f:?}");
        assert!(has(&f, "Craiova", "RO", "city"), "{f:?}");
        // A word that says region picks the region of a name.
        let f = found("Het geld komt van de regering van de staat Victoria.", "nl");
        assert!(has(&f, "Victoria", "AU", "region"), "{f:?}");
        // A demonym of another language does not fire.
        assert!(found("Syrische", "en").is_empty());
    }
}
