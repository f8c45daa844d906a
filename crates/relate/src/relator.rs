//! The relating step: new articles in, stories, aliases and claims updated in the store. Each
//! article joins or starts a story; only the stories that changed get their labels, aliases
//! and claims recomputed, from the digests stored with their members.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use dossier_model::{EntityType, Record};
use dossier_store::{
    AliasRow, ClaimRow, MemberRow, MentionRow, RelationStore, RelationUpdate, StoryRow,
};
use serde::{Deserialize, Serialize};

use crate::align::{self, StoryClaims};
use crate::digest::{self, Digest};
use crate::error::RelateError;
use crate::lexicon::Lexicon;
use crate::resolve::{self, Resolver};
use crate::stories::{Features, Idf, Params, Profile, similarity};
use crate::verdict::Verdict;

/// An entity or place with how often a story names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
    /// Articles of the story that name it.
    pub articles: usize,
}

/// What a story lists besides its articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StorySummary {
    pub languages: Vec<(String, usize)>,
    pub outlets: Vec<String>,
    pub places: Vec<Named>,
    pub actors: Vec<Named>,
    pub verdicts: BTreeMap<String, usize>,
    pub claim_groups: usize,
    pub quote_groups: usize,
}

/// What one relating step did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UpdateSummary {
    pub articles: usize,
    /// Articles already related before (re-ingested).
    pub skipped: usize,
    pub new_stories: usize,
    pub joined: usize,
    /// Stories created or changed.
    pub touched: Vec<i64>,
    pub aliases_learned: usize,
}

struct StoryState {
    profile: Profile,
    new: Vec<(Digest, f64)>,
    is_new: bool,
}

/// Relates articles into the stories of a store.
pub struct Relator<'s, S: RelationStore> {
    store: &'s mut S,
    lex: Arc<Lexicon>,
    pub params: Params,
    idf: Idf,
    /// Keys whose document frequency has been read from the store.
    loaded: HashSet<String>,
    docs_loaded: bool,
}

impl<'s, S: RelationStore> Relator<'s, S> {
    pub fn new(store: &'s mut S) -> Result<Self, RelateError> {
        Ok(Self::with_lexicon(store, Lexicon::shared()?))
    }

    pub fn with_lexicon(store: &'s mut S, lex: Arc<Lexicon>) -> Self {
        Relator {
            store,
            lex,
            params: Params::default(),
            idf: Idf::default(),
            loaded: HashSet::new(),
            docs_loaded: false,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Relates new records (records already related are skipped).
    pub fn update(&mut self, records: &[Record]) -> Result<UpdateSummary, RelateError> {
        let digests = records
            .iter()
            .map(|r| digest::digest(r, &self.lex))
            .collect();
        self.update_digests(digests)
    }

    fn ensure_df<'k>(&mut self, keys: impl Iterator<Item = &'k String>) -> Result<(), RelateError> {
        if !self.docs_loaded {
            let (docs, _) = self.store.doc_freqs(&[])?;
            self.idf.docs += docs;
            self.docs_loaded = true;
        }
        let missing: Vec<String> = keys
            .filter(|k| !self.loaded.contains(*k))
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let (_, df) = self.store.doc_freqs(&missing)?;
        for k in missing {
            if let Some(n) = df.get(&k) {
                *self.idf.df.entry(k.clone()).or_default() += n;
            }
            self.loaded.insert(k);
        }
        Ok(())
    }

    /// Relates digested articles: the step itself, for callers that digest elsewhere.
    pub fn update_digests(&mut self, digests: Vec<Digest>) -> Result<UpdateSummary, RelateError> {
        let mut sum = UpdateSummary::default();
        let mut seen: HashSet<String> = HashSet::new();
        let mut fresh: Vec<Digest> = Vec::new();
        for d in digests {
            if !seen.insert(d.id.clone()) || self.store.member(&d.id)?.is_some() {
                sum.skipped += 1;
                continue;
            }
            fresh.push(d);
        }
        if fresh.is_empty() {
            return Ok(sum);
        }
        fresh.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));

        let mut update = RelationUpdate::default();
        let mut resolver = Resolver::from_rows(&self.store.aliases()?);
        for d in &fresh {
            for a in &d.aliases {
                let row = AliasRow {
                    alias: a.alias.clone(),
                    target: a.target.clone(),
                    kind: a.kind.clone(),
                    scope: 0,
                    count: 1,
                    evidence: format!("{}: {}", d.id, a.evidence),
                };
                resolver.add(&row);
                update.aliases.push(row);
            }
        }

        let mut touched: BTreeMap<i64, StoryState> = BTreeMap::new();
        let mut cached: HashMap<i64, Profile> = HashMap::new();
        let mut batch_keys: HashMap<String, HashSet<i64>> = HashMap::new();
        let mut next_id = self.store.next_story_id()?;
        let params = self.params;
        for d in fresh {
            let f = Features::new(&d, &resolver);
            self.ensure_df(f.all_keys())?;
            self.idf.add(f.all_keys());
            update.df_keys.extend(f.all_keys().cloned());
            update.new_docs += 1;

            let lookup = f.lookup_keys(&self.idf);
            let mut hits: HashMap<i64, usize> =
                self.store.stories_with_keys(&lookup)?.into_iter().collect();
            for k in &lookup {
                if let Some(ids) = batch_keys.get(k) {
                    for id in ids {
                        *hits.entry(*id).or_default() += 1;
                    }
                }
            }
            let mut cands: Vec<(i64, usize)> = hits.into_iter().collect();
            cands.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            cands.truncate(params.max_candidates);
            let to_load: Vec<i64> = cands
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| !touched.contains_key(id) && !cached.contains_key(id))
                .collect();
            for row in self.store.stories(&to_load)? {
                let p: Profile =
                    serde_json::from_str(&row.profile).map_err(|e| RelateError::Stored {
                        story: row.id,
                        what: "profile",
                        message: e.to_string(),
                    })?;
                cached.insert(row.id, p);
            }
            let mut keys: Vec<String> = Vec::new();
            for (id, _) in &cands {
                if let Some(p) = touched
                    .get(id)
                    .map(|s| &s.profile)
                    .or_else(|| cached.get(id))
                {
                    keys.extend(p.all_keys().cloned());
                }
            }
            self.ensure_df(keys.iter())?;
            let mut best: Option<(i64, f64)> = None;
            for (id, _) in &cands {
                let Some(p) = touched
                    .get(id)
                    .map(|s| &s.profile)
                    .or_else(|| cached.get(id))
                else {
                    continue;
                };
                let s = similarity(&f, p, &self.idf, &params);
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((*id, s));
                }
            }
            let (id, score) = match best {
                Some((id, s)) if s >= params.threshold => {
                    sum.joined += 1;
                    (id, s)
                }
                _ => {
                    let id = next_id;
                    next_id += 1;
                    sum.new_stories += 1;
                    touched.insert(
                        id,
                        StoryState {
                            profile: Profile::default(),
                            new: Vec::new(),
                            is_new: true,
                        },
                    );
                    (id, 1.0)
                }
            };
            let state = touched.entry(id).or_insert_with(|| StoryState {
                profile: cached.remove(&id).unwrap_or_default(),
                new: Vec::new(),
                is_new: false,
            });
            state.profile.add(&f, &self.idf);
            for k in state.profile.keys(&self.idf) {
                batch_keys.entry(k).or_default().insert(id);
            }
            state.new.push((d, score));
            sum.articles += 1;
        }

        // Finish the stories that changed: aliases, claims, label, summary.
        for (id, state) in touched {
            let stored = if state.is_new {
                Vec::new()
            } else {
                self.store.members(id)?
            };
            let mut old: Vec<Digest> = Vec::with_capacity(stored.len());
            for m in &stored {
                old.push(
                    serde_json::from_str(&m.digest).map_err(|e| RelateError::Stored {
                        story: id,
                        what: "member digest",
                        message: e.to_string(),
                    })?,
                );
            }
            let all: Vec<&Digest> = old.iter().chain(state.new.iter().map(|(d, _)| d)).collect();
            let people: Vec<&digest::EntityCount> = all
                .iter()
                .flat_map(|d| d.entities.iter())
                .filter(|e| e.kind == EntityType::PER)
                .collect();
            let orgs: Vec<&digest::EntityCount> = all
                .iter()
                .flat_map(|d| d.entities.iter())
                .filter(|e| e.kind == EntityType::ORG)
                .collect();
            let mut learned = resolve::person_aliases(&people, id);
            learned.extend(resolve::org_aliases(&orgs, id, &self.lex.legal_forms));
            let named: Vec<&digest::EntityCount> =
                all.iter().flat_map(|d| d.entities.iter()).collect();
            learned.extend(resolve::kind_aliases(&named, id));
            for row in learned {
                if resolver.resolve(&row.alias, Some(id)) != row.target {
                    resolver.add(&row);
                    update.aliases.push(row);
                }
            }
            let claims = align::align(&all, &resolver, id, &self.lex);
            let summary = summarise(&all, &claims, &resolver, id);
            let label = label_of(&all, &summary);
            let first = all.iter().filter_map(|d| d.published.clone()).min();
            let last = all.iter().filter_map(|d| d.published.clone()).max();
            let encode = |what: &'static str, e: serde_json::Error| RelateError::Encode {
                what,
                message: e.to_string(),
            };
            let row = StoryRow {
                id,
                label,
                first,
                last,
                size: all.len() as i64,
                summary: serde_json::to_string(&summary).map_err(|e| encode("summary", e))?,
                profile: serde_json::to_string(&state.profile).map_err(|e| encode("profile", e))?,
            };
            update.stories.push((row, state.profile.keys(&self.idf)));
            for (d, score) in &state.new {
                update.members.push(MemberRow {
                    record_id: d.id.clone(),
                    story_id: id,
                    score: *score,
                    published: d.published.clone(),
                    digest: serde_json::to_string(d).map_err(|e| encode("digest", e))?,
                });
                for e in &d.entities {
                    let forms: Vec<String> = e.forms.iter().map(|f| f.to_lowercase()).collect();
                    update.mentions.push(MentionRow {
                        entity_id: e.id.clone(),
                        record_id: d.id.clone(),
                        story_id: id,
                        published: d.published.clone(),
                        count: i64::from(e.count),
                        forms: serde_json::to_string(&forms).map_err(|e| encode("names", e))?,
                    });
                }
            }
            update
                .claims
                .push((id, claim_rows(id, &claims, &resolver)?));
            sum.touched.push(id);
        }
        sum.aliases_learned = update.aliases.len();
        self.store.apply(&update)?;
        Ok(sum)
    }
}

fn claim_rows(
    story: i64,
    c: &StoryClaims,
    resolver: &Resolver,
) -> Result<Vec<ClaimRow>, RelateError> {
    let encode = |e: serde_json::Error| RelateError::Encode {
        what: "claims",
        message: e.to_string(),
    };
    let mut rows = Vec::new();
    for g in &c.figures {
        let mut entities: Vec<String> = g.actor.iter().cloned().collect();
        for cl in &g.claims {
            if cl.origin_key.contains(':')
                && !cl.origin_key.starts_with("art:")
                && !entities.contains(&cl.origin_key)
            {
                entities.push(cl.origin_key.clone());
            }
        }
        rows.push(ClaimRow {
            story_id: story,
            key: g.key.clone(),
            kind: "figure".into(),
            verdict: g.verdict.as_str().into(),
            entities,
            body: serde_json::to_string(g).map_err(encode)?,
        });
    }
    for q in &c.quotes {
        let mut entities = vec![resolver.resolve(&q.speaker_key, Some(story))];
        entities.extend(q.about.iter().cloned());
        rows.push(ClaimRow {
            story_id: story,
            key: q.key.clone(),
            kind: "quote".into(),
            verdict: Verdict::SingleSource.as_str().into(),
            entities,
            body: serde_json::to_string(q).map_err(encode)?,
        });
    }
    Ok(rows)
}

/// Languages, outlets, main places and actors, and verdict counts of a story.
fn summarise(
    all: &[&Digest],
    claims: &StoryClaims,
    resolver: &Resolver,
    story: i64,
) -> StorySummary {
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut outlets: Vec<String> = Vec::new();
    let mut places: HashMap<String, (String, usize)> = HashMap::new();
    let mut actors: HashMap<String, (String, usize, EntityType)> = HashMap::new();
    for d in all {
        *langs.entry(d.lang.clone()).or_default() += 1;
        if !outlets.contains(&d.outlet) {
            outlets.push(d.outlet.clone());
        }
        for p in &d.places {
            places
                .entry(p.key.clone())
                .or_insert_with(|| (p.name.clone(), 0))
                .1 += 1;
        }
        let mut seen: HashSet<String> = HashSet::new();
        for e in &d.entities {
            if !matches!(e.kind, EntityType::PER | EntityType::ORG) {
                continue;
            }
            let id = resolver.resolve(&e.id, Some(story));
            if seen.insert(id.clone()) {
                let a = actors
                    .entry(id)
                    .or_insert_with(|| (e.canonical.clone(), 0, e.kind));
                a.1 += 1;
                // The fullest name is the one to show.
                if e.canonical.len() > a.0.len() && e.kind == EntityType::PER {
                    a.0 = e.canonical.clone();
                }
            }
        }
    }
    // A tagger may take a place for a person or organisation (`Raqqa`): an actor named like
    // one of the story's places is left out.
    let place_names: HashSet<String> = places
        .values()
        .map(|(n, _)| crate::norm::fold(n))
        .chain(
            all.iter()
                .flat_map(|d| d.places.iter())
                .flat_map(|p| p.forms.iter())
                .map(|f| crate::norm::fold(f)),
        )
        .collect();
    actors.retain(|_, (name, _, _)| !place_names.contains(&crate::norm::fold(name)));
    let top = |m: Vec<(String, String, usize)>, n: usize| -> Vec<Named> {
        let mut v = m;
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
        v.into_iter()
            .take(n)
            .map(|(id, name, articles)| Named { id, name, articles })
            .collect()
    };
    let mut verdicts = BTreeMap::new();
    for g in &claims.figures {
        *verdicts.entry(g.verdict.as_str().to_string()).or_default() += 1;
    }
    let mut languages: Vec<(String, usize)> = langs.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    StorySummary {
        languages,
        outlets,
        places: top(places.into_iter().map(|(k, (n, c))| (k, n, c)).collect(), 6),
        actors: top(
            actors.into_iter().map(|(k, (n, c, _))| (k, n, c)).collect(),
            8,
        ),
        verdicts,
        claim_groups: claims.figures.len(),
        quote_groups: claims.quotes.len(),
    }
}

/// A story's label: the title of the article that names most of its main places and actors,
/// the earliest among equals.
fn label_of(all: &[&Digest], s: &StorySummary) -> String {
    let main: HashSet<&str> = s
        .places
        .iter()
        .chain(&s.actors)
        .map(|n| n.id.as_str())
        .collect();
    let mut best: Option<(usize, &Digest)> = None;
    for d in all {
        if d.title.is_none() {
            continue;
        }
        let n = d
            .places
            .iter()
            .map(|p| p.key.as_str())
            .chain(d.entities.iter().map(|e| e.id.as_str()))
            .filter(|k| main.contains(k))
            .count();
        if best.is_none_or(|(b, _)| n > b) {
            best = Some((n, d));
        }
    }
    match best {
        Some((_, d)) => d.title.clone().unwrap_or_default(),
        None => all
            .first()
            .map(|d| format!("{} article {}", d.outlet, &d.id[..d.id.len().min(8)]))
            .unwrap_or_default(),
    }
}
