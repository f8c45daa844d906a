//! Aggregates over all stored records that the store does not index: entities with their
//! aliases, mention counts and timelines, places with counts per article, quotes by speaker
//! and by subject, and a summary of each article for facet counts. Built once when the server
//! starts and extended as records arrive; records never change (their id is their content),
//! so adding is all it takes to stay current.

use std::collections::{BTreeMap, HashMap};

use dossier_model::{EntityType, QuoteKind, Record, Span};

use crate::types::{
    Alias, ArticleRef, Count, EntityDetail, EntitySummary, Facets, LabeledCount, MonthCount,
    PlaceSummary, QuoteItem, Speaker,
};

/// Facet buckets shown for entities, places and sources.
const FACET_TOP: usize = 12;

#[derive(Default)]
pub struct Catalog {
    articles: Vec<ArticleInfo>,
    by_id: HashMap<String, u32>,
    entities: Vec<EntityAgg>,
    entity_ix: HashMap<String, u32>,
    places: Vec<PlaceAgg>,
    place_ix: HashMap<String, u32>,
    quotes: Vec<QuoteAgg>,
    speakers: Vec<SpeakerAgg>,
    speaker_ix: HashMap<String, u32>,
    /// Entities and speakers by decreasing count, refreshed by [`Catalog::finish`].
    entity_order: Vec<u32>,
    speaker_order: Vec<u32>,
}

struct ArticleInfo {
    id: String,
    title: Option<String>,
    published: Option<String>,
    month: String,
    lang: String,
    source: Option<String>,
    entities: Vec<u32>,
    places: Vec<u32>,
}

struct EntityAgg {
    key: String,
    kind: EntityType,
    canonicals: Tally,
    mentions: u64,
    /// Article indexes, ascending (articles are added in order, each once).
    articles: Vec<u32>,
    aliases: Tally,
    roles: Tally,
    by_month: BTreeMap<String, (u64, u64)>,
    quotes_about: Vec<u32>,
}

struct PlaceAgg {
    key: String,
    name: String,
    country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    geonames_id: Option<u64>,
    feature: Option<String>,
    names: Tally,
    /// `(article index, mentions in it)`, article indexes ascending.
    per_article: Vec<(u32, u32)>,
}

struct QuoteAgg {
    article: u32,
    text: String,
    span: Option<Span>,
    speaker: Option<String>,
    speaker_id: Option<String>,
    speaker_role: Option<String>,
    kind: QuoteKind,
    cue: Option<String>,
}

struct SpeakerAgg {
    key: String,
    speaker_id: Option<String>,
    names: Tally,
    roles: Tally,
    quotes: Vec<u32>,
    articles: u64,
    last_article: Option<u32>,
}

/// Counts of strings, read back most frequent first.
#[derive(Default)]
struct Tally(HashMap<String, u64>);

impl Tally {
    fn add(&mut self, s: &str) {
        if let Some(n) = self.0.get_mut(s) {
            *n += 1;
        } else {
            self.0.insert(s.to_string(), 1);
        }
    }
    fn sorted(&self) -> Vec<Alias> {
        let mut v: Vec<Alias> = self
            .0
            .iter()
            .map(|(t, n)| Alias {
                text: t.clone(),
                count: *n,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        v
    }
    fn top(&self) -> Option<&str> {
        self.0
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(t, _)| t.as_str())
    }
    fn contains_ci(&self, needle: &str) -> bool {
        self.0.keys().any(|k| k.to_lowercase().contains(needle))
    }
}

/// A period of publication dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` at either end, inclusive.
#[derive(Clone, Debug, Default)]
pub struct Period {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Period {
    /// Checks both ends look like dates; `what` names the parameter in the error.
    pub fn parse(since: Option<&str>, until: Option<&str>) -> Result<Self, String> {
        let check = |name: &str, v: Option<&str>| -> Result<Option<String>, String> {
            match v.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) if is_date_prefix(s) => Ok(Some(s.to_string())),
                Some(s) => Err(format!(
                    "{name}={s:?} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
                )),
            }
        };
        Ok(Period {
            since: check("since", since)?,
            until: check("until", until)?,
        })
    }
    fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }
    /// Whether a publication date falls in the period; undated articles only in an open one.
    fn contains(&self, published: Option<&str>) -> bool {
        if self.is_open() {
            return true;
        }
        let Some(p) = published else { return false };
        if let Some(s) = &self.since
            && p < s.as_str()
        {
            return false;
        }
        if let Some(u) = &self.until {
            let head = p.get(..u.len()).unwrap_or(p);
            if head > u.as_str() {
                return false;
            }
        }
        true
    }
}

fn is_date_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

fn month_of(published: Option<&str>) -> String {
    match published {
        Some(p) => p
            .get(..7)
            .filter(|m| is_date_prefix(m))
            .map_or_else(|| "unknown".to_string(), str::to_string),
        None => "unknown".to_string(),
    }
}

/// The entity's id, or one made from its type and name when an analyser gave none.
fn entity_key(e: &dossier_model::Entity) -> String {
    if e.id.trim().is_empty() {
        format!(
            "{}:{}",
            e.kind.as_str().to_lowercase(),
            e.canonical.to_lowercase()
        )
    } else {
        e.id.clone()
    }
}

fn place_key(p: &dossier_model::Place) -> String {
    match p.geonames_id {
        Some(g) => format!("geonames:{g}"),
        None => format!("name:{}", p.name.to_lowercase()),
    }
}

fn speaker_key(q: &dossier_model::Quote) -> Option<String> {
    if let Some(id) = q.speaker_id.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(id.to_string());
    }
    q.speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("name:{}", s.to_lowercase()))
}

/// Quote filters of `GET /api/quotes`.
#[derive(Default)]
pub struct QuoteFilter {
    pub speaker: Option<String>,
    pub entity: Option<String>,
    pub article: Option<String>,
    pub kind: Option<QuoteKind>,
    pub text: Option<String>,
}

impl Catalog {
    pub fn records(&self) -> usize {
        self.articles.len()
    }

    pub fn counts(&self) -> (u64, u64, u64, u64) {
        (
            self.entities.len() as u64,
            self.places.len() as u64,
            self.quotes.len() as u64,
            self.speakers.len() as u64,
        )
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Adds a record unless present; call [`Catalog::finish`] after a batch.
    pub fn add(&mut self, rec: &Record) -> bool {
        if self.by_id.contains_key(&rec.id) {
            return false;
        }
        let a = self.articles.len() as u32;
        let month = month_of(rec.meta.published.as_deref());
        let mut info = ArticleInfo {
            id: rec.id.clone(),
            title: rec.meta.title.clone(),
            published: rec.meta.published.clone(),
            month: month.clone(),
            lang: rec.lang.clone(),
            source: rec
                .meta
                .publisher
                .clone()
                .or_else(|| rec.meta.attributed_to.first().cloned()),
            entities: Vec::new(),
            places: Vec::new(),
        };

        let mut mention_keys = Vec::with_capacity(rec.entities.len());
        for e in &rec.entities {
            let key = entity_key(e);
            let ix = match self.entity_ix.get(&key) {
                Some(&ix) => ix,
                None => {
                    let ix = self.entities.len() as u32;
                    self.entities.push(EntityAgg {
                        key: key.clone(),
                        kind: e.kind,
                        canonicals: Tally::default(),
                        mentions: 0,
                        articles: Vec::new(),
                        aliases: Tally::default(),
                        roles: Tally::default(),
                        by_month: BTreeMap::new(),
                        quotes_about: Vec::new(),
                    });
                    self.entity_ix.insert(key, ix);
                    ix
                }
            };
            mention_keys.push((ix, e.span));
            let agg = &mut self.entities[ix as usize];
            agg.mentions += 1;
            agg.canonicals.add(&e.canonical);
            agg.aliases.add(&e.text);
            for r in &e.roles {
                agg.roles.add(r);
            }
            let m = agg.by_month.entry(month.clone()).or_default();
            m.0 += 1;
            if agg.articles.last() != Some(&a) {
                agg.articles.push(a);
                m.1 += 1;
                info.entities.push(ix);
            }
        }

        for p in &rec.places {
            let key = place_key(p);
            let ix = match self.place_ix.get(&key) {
                Some(&ix) => ix,
                None => {
                    let ix = self.places.len() as u32;
                    self.places.push(PlaceAgg {
                        key: key.clone(),
                        name: p.name.clone(),
                        country: p.country.clone(),
                        lat: p.lat,
                        lon: p.lon,
                        geonames_id: p.geonames_id,
                        feature: p.feature.clone(),
                        names: Tally::default(),
                        per_article: Vec::new(),
                    });
                    self.place_ix.insert(key, ix);
                    ix
                }
            };
            let agg = &mut self.places[ix as usize];
            agg.names.add(&p.text);
            match agg.per_article.last_mut() {
                Some((art, n)) if *art == a => *n += 1,
                _ => {
                    agg.per_article.push((a, 1));
                    info.places.push(ix);
                }
            }
        }

        for q in &rec.quotes {
            let qi = self.quotes.len() as u32;
            let skey = speaker_key(q);
            self.quotes.push(QuoteAgg {
                article: a,
                text: q.text.clone(),
                span: q.span,
                speaker: q.speaker.clone(),
                speaker_id: q.speaker_id.clone(),
                speaker_role: q.speaker_role.clone(),
                kind: q.kind,
                cue: q.cue.clone(),
            });
            if let Some(key) = &skey {
                let six = match self.speaker_ix.get(key) {
                    Some(&ix) => ix,
                    None => {
                        let ix = self.speakers.len() as u32;
                        self.speakers.push(SpeakerAgg {
                            key: key.clone(),
                            speaker_id: q.speaker_id.clone().filter(|s| !s.trim().is_empty()),
                            names: Tally::default(),
                            roles: Tally::default(),
                            quotes: Vec::new(),
                            articles: 0,
                            last_article: None,
                        });
                        self.speaker_ix.insert(key.clone(), ix);
                        ix
                    }
                };
                let s = &mut self.speakers[six as usize];
                if let Some(name) = q.speaker.as_deref().filter(|n| !n.trim().is_empty()) {
                    s.names.add(name.trim());
                }
                if let Some(role) = q.speaker_role.as_deref().filter(|n| !n.trim().is_empty()) {
                    s.roles.add(role.trim());
                }
                s.quotes.push(qi);
                if s.last_article != Some(a) {
                    s.articles += 1;
                    s.last_article = Some(a);
                }
            }
            // "About": entities mentioned inside the quote other than its speaker.
            if let Some(span) = q.span {
                let mut about: Vec<u32> = mention_keys
                    .iter()
                    .filter(|(_, s)| span.contains(*s))
                    .map(|(ix, _)| *ix)
                    .filter(|ix| Some(&self.entities[*ix as usize].key) != skey.as_ref())
                    .collect();
                about.sort_unstable();
                about.dedup();
                for ix in about {
                    self.entities[ix as usize].quotes_about.push(qi);
                }
            }
        }

        self.by_id.insert(rec.id.clone(), a);
        self.articles.push(info);
        true
    }

    /// Re-sorts the orders lists are served in; call after adding a batch.
    pub fn finish(&mut self) {
        let mut order: Vec<u32> = (0..self.entities.len() as u32).collect();
        order.sort_by(|a, b| {
            let (ea, eb) = (&self.entities[*a as usize], &self.entities[*b as usize]);
            eb.mentions
                .cmp(&ea.mentions)
                .then_with(|| eb.articles.len().cmp(&ea.articles.len()))
                .then_with(|| ea.key.cmp(&eb.key))
        });
        self.entity_order = order;
        let mut order: Vec<u32> = (0..self.speakers.len() as u32).collect();
        order.sort_by(|a, b| {
            let (sa, sb) = (&self.speakers[*a as usize], &self.speakers[*b as usize]);
            sb.quotes
                .len()
                .cmp(&sa.quotes.len())
                .then_with(|| sa.key.cmp(&sb.key))
        });
        self.speaker_order = order;
    }

    fn article_ref(&self, a: u32) -> ArticleRef {
        let i = &self.articles[a as usize];
        ArticleRef {
            id: i.id.clone(),
            title: i.title.clone(),
            published: i.published.clone(),
            lang: i.lang.clone(),
            source: i.source.clone(),
        }
    }

    fn quote_item(&self, q: u32) -> QuoteItem {
        let q = &self.quotes[q as usize];
        QuoteItem {
            article: self.article_ref(q.article),
            text: q.text.clone(),
            span: q.span,
            speaker: q.speaker.clone(),
            speaker_id: q.speaker_id.clone(),
            speaker_role: q.speaker_role.clone(),
            kind: q.kind,
            cue: q.cue.clone(),
        }
    }

    /// Newest article first; undated articles last, in the order they were added.
    fn newest_first(&self, items: &mut [u32], article_of: impl Fn(u32) -> u32) {
        items.sort_by(|a, b| {
            let pa = self.articles[article_of(*a) as usize].published.as_deref();
            let pb = self.articles[article_of(*b) as usize].published.as_deref();
            match (pa, pb) {
                (Some(x), Some(y)) => y.cmp(x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => b.cmp(a),
            }
        });
    }

    fn entity_summary(&self, ix: u32) -> EntitySummary {
        let e = &self.entities[ix as usize];
        let dates: Vec<&str> = e
            .articles
            .iter()
            .filter_map(|a| self.articles[*a as usize].published.as_deref())
            .collect();
        let mut aliases = e.aliases.sorted();
        aliases.truncate(5);
        EntitySummary {
            id: e.key.clone(),
            canonical: e.canonicals.top().unwrap_or(&e.key).to_string(),
            kind: e.kind,
            mentions: e.mentions,
            articles: e.articles.len() as u64,
            aliases,
            first_seen: dates.iter().min().map(|s| s.to_string()),
            last_seen: dates.iter().max().map(|s| s.to_string()),
        }
    }

    /// Entities by mentions; `text` matches any of their names, case-insensitively.
    pub fn entities(
        &self,
        text: Option<&str>,
        kind: Option<EntityType>,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<EntitySummary>) {
        let needle = text.map(str::to_lowercase).filter(|s| !s.is_empty());
        let matching: Vec<u32> = self
            .entity_order
            .iter()
            .copied()
            .filter(|ix| {
                let e = &self.entities[*ix as usize];
                kind.is_none_or(|k| e.kind == k)
                    && needle.as_deref().is_none_or(|n| {
                        e.key.to_lowercase().contains(n)
                            || e.aliases.contains_ci(n)
                            || e.canonicals.contains_ci(n)
                    })
            })
            .collect();
        let page = matching
            .iter()
            .skip(offset)
            .take(limit)
            .map(|ix| self.entity_summary(*ix))
            .collect();
        (matching.len(), page)
    }

    pub fn entity(&self, key: &str) -> Option<EntityDetail> {
        let ix = *self.entity_ix.get(key)?;
        let e = &self.entities[ix as usize];
        let summary = self.entity_summary(ix);

        let mut by: Vec<u32> = self
            .speaker_ix
            .get(key)
            .map(|s| self.speakers[*s as usize].quotes.clone())
            .unwrap_or_default();
        self.newest_first(&mut by, |q| self.quotes[q as usize].article);
        let mut about = e.quotes_about.clone();
        self.newest_first(&mut about, |q| self.quotes[q as usize].article);

        let mut related: HashMap<u32, u64> = HashMap::new();
        for a in &e.articles {
            for other in &self.articles[*a as usize].entities {
                if *other != ix {
                    *related.entry(*other).or_default() += 1;
                }
            }
        }
        let mut related: Vec<(u32, u64)> = related.into_iter().collect();
        related.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        related.truncate(15);

        let mut recent = e.articles.clone();
        self.newest_first(&mut recent, |a| a);
        recent.truncate(100);

        Some(EntityDetail {
            id: summary.id,
            canonical: summary.canonical,
            kind: e.kind,
            mentions: e.mentions,
            articles: e.articles.len() as u64,
            aliases: e.aliases.sorted(),
            roles: e.roles.sorted(),
            timeline: e
                .by_month
                .iter()
                .map(|(m, (mentions, articles))| MonthCount {
                    month: m.clone(),
                    mentions: *mentions,
                    articles: *articles,
                })
                .collect(),
            quotes_by_total: by.len(),
            quotes_by: by.iter().take(200).map(|q| self.quote_item(*q)).collect(),
            quotes_about_total: about.len(),
            quotes_about: about
                .iter()
                .take(200)
                .map(|q| self.quote_item(*q))
                .collect(),
            related: related
                .into_iter()
                .map(|(o, n)| {
                    let s = self.entity_summary(o);
                    LabeledCount {
                        value: s.id,
                        label: s.canonical,
                        count: n,
                    }
                })
                .collect(),
            recent_articles: recent.into_iter().map(|a| self.article_ref(a)).collect(),
        })
    }

    /// Places by mentions within `period`; `text` matches any of their names, `country` the
    /// ISO code.
    pub fn places(
        &self,
        period: &Period,
        country: Option<&str>,
        text: Option<&str>,
        only: Option<&std::collections::HashSet<String>>,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<PlaceSummary>) {
        let needle = text.map(str::to_lowercase).filter(|s| !s.is_empty());
        let mut rows: Vec<(u32, u64, u64)> = Vec::new();
        for (ix, p) in self.places.iter().enumerate() {
            if let Some(c) = country
                && !p
                    .country
                    .as_deref()
                    .is_some_and(|pc| pc.eq_ignore_ascii_case(c))
            {
                continue;
            }
            if let Some(n) = &needle
                && !(p.name.to_lowercase().contains(n.as_str()) || p.names.contains_ci(n))
            {
                continue;
            }
            let (mut mentions, mut articles) = (0u64, 0u64);
            for (a, n) in &p.per_article {
                let art = &self.articles[*a as usize];
                if only.is_some_and(|ids| !ids.contains(&art.id)) {
                    continue;
                }
                if period.contains(art.published.as_deref()) {
                    mentions += u64::from(*n);
                    articles += 1;
                }
            }
            if articles > 0 {
                rows.push((ix as u32, mentions, articles));
            }
        }
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| b.2.cmp(&a.2)).then_with(|| {
                self.places[a.0 as usize]
                    .key
                    .cmp(&self.places[b.0 as usize].key)
            })
        });
        let total = rows.len();
        let items = rows
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(ix, mentions, articles)| {
                let p = &self.places[ix as usize];
                PlaceSummary {
                    id: p.key.clone(),
                    name: p.name.clone(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    geonames_id: p.geonames_id,
                    feature: p.feature.clone(),
                    mentions,
                    articles,
                    names: p.names.sorted(),
                }
            })
            .collect();
        (total, items)
    }

    pub fn quotes(&self, f: &QuoteFilter, offset: usize, limit: usize) -> (usize, Vec<QuoteItem>) {
        let mut idx: Vec<u32> = match (&f.speaker, &f.entity) {
            (Some(s), _) => self
                .speaker_ix
                .get(s)
                .map(|s| self.speakers[*s as usize].quotes.clone())
                .unwrap_or_default(),
            (None, Some(e)) => self
                .entity_ix
                .get(e)
                .map(|e| self.entities[*e as usize].quotes_about.clone())
                .unwrap_or_default(),
            (None, None) => (0..self.quotes.len() as u32).collect(),
        };
        if let (Some(_), Some(e)) = (&f.speaker, &f.entity) {
            let about: std::collections::HashSet<u32> = self
                .entity_ix
                .get(e)
                .map(|e| {
                    self.entities[*e as usize]
                        .quotes_about
                        .iter()
                        .copied()
                        .collect()
                })
                .unwrap_or_default();
            idx.retain(|q| about.contains(q));
        }
        let article = f
            .article
            .as_ref()
            .and_then(|id| self.by_id.get(id).copied());
        if f.article.is_some() && article.is_none() {
            idx.clear();
        }
        let needle = f
            .text
            .as_deref()
            .map(str::to_lowercase)
            .filter(|s| !s.is_empty());
        idx.retain(|qi| {
            let q = &self.quotes[*qi as usize];
            article.is_none_or(|a| q.article == a)
                && f.kind.is_none_or(|k| q.kind == k)
                && needle
                    .as_deref()
                    .is_none_or(|n| q.text.to_lowercase().contains(n))
        });
        self.newest_first(&mut idx, |q| self.quotes[q as usize].article);
        let total = idx.len();
        let items = idx
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|q| self.quote_item(q))
            .collect();
        (total, items)
    }

    pub fn speakers(
        &self,
        text: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<Speaker>) {
        let needle = text.map(str::to_lowercase).filter(|s| !s.is_empty());
        let matching: Vec<u32> = self
            .speaker_order
            .iter()
            .copied()
            .filter(|ix| {
                let s = &self.speakers[*ix as usize];
                needle
                    .as_deref()
                    .is_none_or(|n| s.key.contains(n) || s.names.contains_ci(n))
            })
            .collect();
        let items = matching
            .iter()
            .skip(offset)
            .take(limit)
            .map(|ix| {
                let s = &self.speakers[*ix as usize];
                let name = s
                    .speaker_id
                    .as_ref()
                    .and_then(|id| self.entity_ix.get(id))
                    .and_then(|e| self.entities[*e as usize].canonicals.top())
                    .or_else(|| s.names.top())
                    .unwrap_or(&s.key)
                    .to_string();
                Speaker {
                    id: s.key.clone(),
                    name,
                    speaker_id: s.speaker_id.clone(),
                    quotes: s.quotes.len() as u64,
                    articles: s.articles,
                    roles: s.roles.sorted().into_iter().map(|r| r.text).collect(),
                }
            })
            .collect();
        (matching.len(), items)
    }

    /// Facet counts over the articles with these ids (ids not in the catalog are skipped).
    pub fn facets<'a>(&self, ids: impl Iterator<Item = &'a str>, total: usize) -> Facets {
        let mut lang: HashMap<&str, u64> = HashMap::new();
        let mut source: HashMap<&str, u64> = HashMap::new();
        let mut month: HashMap<&str, u64> = HashMap::new();
        let mut ents: HashMap<u32, u64> = HashMap::new();
        let mut places: HashMap<u32, u64> = HashMap::new();
        let mut counted = 0;
        for id in ids {
            let Some(a) = self.by_id.get(id) else {
                continue;
            };
            counted += 1;
            let i = &self.articles[*a as usize];
            *lang.entry(&i.lang).or_default() += 1;
            if let Some(s) = &i.source {
                *source.entry(s).or_default() += 1;
            }
            *month.entry(&i.month).or_default() += 1;
            for e in &i.entities {
                *ents.entry(*e).or_default() += 1;
            }
            for p in &i.places {
                *places.entry(*p).or_default() += 1;
            }
        }
        let counts = |m: HashMap<&str, u64>, top: Option<usize>| -> Vec<Count> {
            let mut v: Vec<Count> = m
                .into_iter()
                .map(|(k, n)| Count {
                    value: k.to_string(),
                    count: n,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            if let Some(t) = top {
                v.truncate(t);
            }
            v
        };
        let top_ix = |m: HashMap<u32, u64>| -> Vec<(u32, u64)> {
            let mut v: Vec<(u32, u64)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(FACET_TOP);
            v
        };
        let mut months = counts(month, None);
        months.sort_by(|a, b| a.value.cmp(&b.value));
        Facets {
            total,
            counted,
            lang: counts(lang, None),
            source: counts(source, Some(FACET_TOP)),
            month: months,
            entity: top_ix(ents)
                .into_iter()
                .map(|(ix, n)| {
                    let e = &self.entities[ix as usize];
                    LabeledCount {
                        value: e.key.clone(),
                        label: e.canonicals.top().unwrap_or(&e.key).to_string(),
                        count: n,
                    }
                })
                .collect(),
            place: top_ix(places)
                .into_iter()
                .map(|(ix, n)| {
                    let p = &self.places[ix as usize];
                    LabeledCount {
                        value: p.name.clone(),
                        label: match &p.country {
                            Some(c) => format!("{} ({c})", p.name),
                            None => p.name.clone(),
                        },
                        count: n,
                    }
                })
                .collect(),
        }
    }

    /// Facets over every article, without asking the store.
    pub fn facets_all(&self) -> Facets {
        self.facets(
            self.articles.iter().map(|a| a.id.as_str()),
            self.articles.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Entity, Meta, Place, Quote, SCHEMA};

    fn span_of(text: &str, needle: &str) -> Span {
        let b = text.find(needle).expect("needle in text");
        let s = text[..b].chars().count();
        Span(s, s + needle.chars().count())
    }

    fn entity(text: &str, needle: &str, kind: EntityType, id: &str, canonical: &str) -> Entity {
        Entity {
            span: span_of(text, needle),
            text: needle.into(),
            kind,
            id: id.into(),
            canonical: canonical.into(),
            roles: vec![],
        }
    }

    /// Two articles about the Raqqa convoy, written for this test, with hand-made analyses.
    fn records() -> Vec<Record> {
        let t1 = "Convoy left Raqqa\n\nThe coalition said: \"IS fighters left Raqqa with their families,\" Ryan Dillon told the BBC.";
        let t2 = "Deal in Syria\n\nDaesh fighters were driven out of Raqqa in October, according to Dillon.";
        let r1 = Record {
            schema: SCHEMA.into(),
            id: "a1".into(),
            lang: "en".into(),
            meta: Meta {
                title: Some("Convoy left Raqqa".into()),
                published: Some("2017-11-13".into()),
                publisher: Some("BBC".into()),
                ..Default::default()
            },
            text: t1.into(),
            entities: vec![
                entity(
                    t1,
                    "IS",
                    EntityType::ORG,
                    "org:islamic-state",
                    "Islamic State",
                ),
                entity(
                    t1,
                    "Ryan Dillon",
                    EntityType::PER,
                    "per:ryan-dillon",
                    "Ryan Dillon",
                ),
                entity(t1, "BBC", EntityType::ORG, "org:bbc", "BBC"),
            ],
            places: vec![Place {
                span: span_of(t1, "Raqqa"),
                text: "Raqqa".into(),
                name: "Ar Raqqah".into(),
                country: Some("SY".into()),
                lat: Some(35.95),
                lon: Some(39.01),
                geonames_id: Some(172955),
                feature: Some("city".into()),
            }],
            quotes: vec![Quote {
                span: Some(span_of(t1, "IS fighters left Raqqa with their families,")),
                text: "IS fighters left Raqqa with their families,".into(),
                speaker: Some("Ryan Dillon".into()),
                speaker_id: Some("per:ryan-dillon".into()),
                speaker_role: Some("spokesman".into()),
                kind: QuoteKind::Direct,
                cue: Some("told".into()),
            }],
            ..Default::default()
        };
        let r2 = Record {
            schema: SCHEMA.into(),
            id: "a2".into(),
            lang: "en".into(),
            meta: Meta {
                title: Some("Deal in Syria".into()),
                published: Some("2017-12-01".into()),
                ..Default::default()
            },
            text: t2.into(),
            entities: vec![
                entity(
                    t2,
                    "Daesh",
                    EntityType::ORG,
                    "org:islamic-state",
                    "Islamic State",
                ),
                entity(
                    t2,
                    "Dillon",
                    EntityType::PER,
                    "per:ryan-dillon",
                    "Ryan Dillon",
                ),
            ],
            places: vec![
                Place {
                    span: span_of(t2, "Raqqa"),
                    text: "Raqqa".into(),
                    name: "Ar Raqqah".into(),
                    country: Some("SY".into()),
                    lat: Some(35.95),
                    lon: Some(39.01),
                    geonames_id: Some(172955),
                    feature: Some("city".into()),
                },
                Place {
                    span: span_of(t2, "Syria"),
                    text: "Syria".into(),
                    name: "Syria".into(),
                    country: Some("SY".into()),
                    lat: Some(35.0),
                    lon: Some(38.0),
                    geonames_id: Some(163843),
                    feature: Some("country".into()),
                },
            ],
            quotes: vec![Quote {
                span: Some(span_of(
                    t2,
                    "Daesh fighters were driven out of Raqqa in October",
                )),
                text: "Daesh fighters were driven out of Raqqa in October".into(),
                speaker: Some("Dillon".into()),
                speaker_id: Some("per:ryan-dillon".into()),
                speaker_role: None,
                kind: QuoteKind::Indirect,
                cue: Some("according to".into()),
            }],
            ..Default::default()
        };
        vec![r1, r2]
    }

    fn catalog() -> Catalog {
        let mut c = Catalog::default();
        for r in records() {
            assert!(c.add(&r));
        }
        c.finish();
        c
    }

    #[test]
    fn entities_gather_aliases_months_and_quotes() {
        let c = catalog();
        let (total, list) = c.entities(None, None, 0, 10);
        assert_eq!(total, 3);
        assert_eq!(list[0].id, "org:islamic-state");
        assert_eq!(list[0].mentions, 2);
        let names: Vec<&str> = list[0].aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(names, ["Daesh", "IS"]);
        assert_eq!(list[0].first_seen.as_deref(), Some("2017-11-13"));
        assert_eq!(list[0].last_seen.as_deref(), Some("2017-12-01"));

        let is = c.entity("org:islamic-state").unwrap();
        assert_eq!(is.timeline.len(), 2);
        assert_eq!(is.timeline[0].month, "2017-11");
        assert_eq!(is.quotes_about_total, 2, "both quotes name IS");
        assert_eq!(is.quotes_by_total, 0);

        let dillon = c.entity("per:ryan-dillon").unwrap();
        assert_eq!(dillon.quotes_by_total, 2);
        assert_eq!(dillon.quotes_by[0].article.id, "a2", "newest article first");
        assert_eq!(
            dillon.quotes_about_total, 0,
            "his own quotes are not about him"
        );
        assert_eq!(dillon.related[0].value, "org:islamic-state");

        let (n, found) = c.entities(Some("daesh"), None, 0, 10);
        assert_eq!((n, found[0].id.as_str()), (1, "org:islamic-state"));
        assert_eq!(c.entities(None, Some(EntityType::PER), 0, 10).0, 1);
    }

    #[test]
    fn places_are_counted_within_a_period() {
        let c = catalog();
        let (n, all) = c.places(&Period::default(), None, None, None, 0, 10);
        assert_eq!(n, 2);
        assert_eq!((all[0].name.as_str(), all[0].mentions), ("Ar Raqqah", 2));
        let nov = Period::parse(Some("2017-11"), Some("2017-11")).unwrap();
        let (n, only) = c.places(&nov, None, None, None, 0, 10);
        assert_eq!(n, 1);
        assert_eq!(only[0].articles, 1);
        assert!(Period::parse(Some("last week"), None).is_err());
        let (n, _) = c.places(&Period::default(), Some("nl"), None, None, 0, 10);
        assert_eq!(n, 0);
    }

    #[test]
    fn quotes_filter_by_speaker_subject_and_text() {
        let c = catalog();
        let (n, _) = c.quotes(&QuoteFilter::default(), 0, 10);
        assert_eq!(n, 2);
        let by = QuoteFilter {
            speaker: Some("per:ryan-dillon".into()),
            text: Some("FAMILIES".into()),
            ..Default::default()
        };
        let (n, q) = c.quotes(&by, 0, 10);
        assert_eq!(n, 1);
        assert_eq!(q[0].article.id, "a1");
        let (ns, speakers) = c.speakers(None, 0, 10);
        assert_eq!(ns, 1);
        assert_eq!(speakers[0].name, "Ryan Dillon");
        assert_eq!(speakers[0].articles, 2);
    }

    #[test]
    fn facets_count_articles_and_adding_twice_is_a_no_op() {
        let mut c = catalog();
        let f = c.facets_all();
        assert_eq!(f.counted, 2);
        assert_eq!(f.entity[0].value, "org:islamic-state");
        assert_eq!(f.entity[0].count, 2);
        assert_eq!(f.month.len(), 2);
        assert_eq!(f.source[0].value, "BBC");
        assert!(!c.add(&records()[0]));
        assert_eq!(c.records(), 2);
        let only = c.facets(["a2", "missing"].into_iter(), 2);
        assert_eq!(only.counted, 1);
        assert_eq!(only.place.len(), 2);
    }
}
