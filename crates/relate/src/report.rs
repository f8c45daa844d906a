//! Reading what relating stored: story lists, a story's report (timeline, places, actors,
//! claims with verdicts and who said what), claims across stories, and an entity's record
//! (names, mentions over time, quotes by and about it).

use std::collections::{BTreeMap, HashMap};

use dossier_store::{ClaimQuery, ClaimRow, RelationStore, StoryRow};
use serde::{Deserialize, Serialize};

use crate::align::{ClaimGroup, QuoteGroup};
use crate::digest::Digest;
use crate::error::RelateError;
use crate::relator::StorySummary;
use crate::resolve::Resolver;

/// A story in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StoryListing {
    pub id: i64,
    pub label: String,
    pub first: Option<String>,
    pub last: Option<String>,
    pub articles: i64,
    #[serde(flatten)]
    pub summary: StorySummary,
}

/// One article of a story's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TimelineEntry {
    pub record_id: String,
    pub published: Option<String>,
    pub outlet: String,
    pub lang: String,
    pub title: Option<String>,
    /// How strongly it matched the story when it joined.
    pub score: f64,
    /// Who the article credits (`BBC`).
    pub credits: Vec<String>,
}

/// Everything known about one story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StoryReport {
    #[serde(flatten)]
    pub story: StoryListing,
    pub timeline: Vec<TimelineEntry>,
    pub claims: Vec<ClaimGroup>,
    pub quotes: Vec<QuoteGroup>,
}

/// A claim group with the story it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ClaimListing {
    Figure {
        story: i64,
        story_label: String,
        #[serde(flatten)]
        group: ClaimGroup,
    },
    Quote {
        story: i64,
        story_label: String,
        #[serde(flatten)]
        group: QuoteGroup,
    },
}

/// Which claims to list.
#[derive(Clone, Debug, Default)]
pub struct ClaimFilter {
    pub story: Option<i64>,
    /// An entity id or name.
    pub entity: Option<String>,
    pub contradicted: bool,
    pub limit: usize,
}

/// A name an entity goes by, and how often.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NameCount {
    pub name: String,
    pub mentions: i64,
}

/// An alias learned from the articles, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LearnedAlias {
    pub alias: String,
    pub kind: String,
    /// The story it holds in, when it holds only there.
    pub story: Option<i64>,
    pub evidence: String,
}

/// Mentions on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DayCount {
    pub day: String,
    pub articles: usize,
    pub mentions: i64,
}

/// Everything known about one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EntityReport {
    pub id: String,
    pub name: String,
    /// The analysers' ids that stand for it.
    pub ids: Vec<String>,
    pub names: Vec<NameCount>,
    pub learned: Vec<LearnedAlias>,
    pub articles: usize,
    pub mentions: i64,
    pub over_time: Vec<DayCount>,
    pub stories: Vec<(i64, String)>,
    /// What it said, per story.
    pub quotes_by: Vec<ClaimListing>,
    /// Quotes by others that name it.
    pub quotes_about: Vec<ClaimListing>,
    /// Figure groups about it or sourced to it.
    pub claims: Vec<ClaimListing>,
}

fn listing(row: &StoryRow) -> Result<StoryListing, RelateError> {
    let summary: StorySummary =
        serde_json::from_str(&row.summary).map_err(|e| RelateError::Stored {
            story: row.id,
            what: "summary",
            message: e.to_string(),
        })?;
    Ok(StoryListing {
        id: row.id,
        label: row.label.clone(),
        first: row.first.clone(),
        last: row.last.clone(),
        articles: row.size,
        summary,
    })
}

/// Stories, latest first.
pub fn stories<S: RelationStore>(
    store: &S,
    limit: usize,
    offset: usize,
) -> Result<Vec<StoryListing>, RelateError> {
    store
        .list_stories(limit, offset)?
        .iter()
        .map(listing)
        .collect()
}

fn parse_row(row: &ClaimRow, label: &str) -> Result<ClaimListing, RelateError> {
    let bad = |e: serde_json::Error| RelateError::Stored {
        story: row.story_id,
        what: "claim group",
        message: e.to_string(),
    };
    Ok(if row.kind == "quote" {
        ClaimListing::Quote {
            story: row.story_id,
            story_label: label.to_string(),
            group: serde_json::from_str(&row.body).map_err(bad)?,
        }
    } else {
        ClaimListing::Figure {
            story: row.story_id,
            story_label: label.to_string(),
            group: serde_json::from_str(&row.body).map_err(bad)?,
        }
    })
}

/// A story's report, or `None` when there is no such story.
pub fn story<S: RelationStore>(store: &S, id: i64) -> Result<Option<StoryReport>, RelateError> {
    let Some(row) = store.stories(&[id])?.into_iter().next() else {
        return Ok(None);
    };
    let story = listing(&row)?;
    let mut timeline = Vec::new();
    for m in store.members(id)? {
        let d: Digest = serde_json::from_str(&m.digest).map_err(|e| RelateError::Stored {
            story: id,
            what: "member digest",
            message: e.to_string(),
        })?;
        let mut credits: Vec<String> = Vec::new();
        for f in &d.claims.figures {
            for a in f.chain.iter().filter(|a| a.via == "credit") {
                if !credits.contains(&a.name) {
                    credits.push(a.name.clone());
                }
            }
        }
        timeline.push(TimelineEntry {
            record_id: d.id,
            published: d.published,
            outlet: d.outlet,
            lang: d.lang,
            title: d.title,
            score: (m.score * 1000.0).round() / 1000.0,
            credits,
        });
    }
    let rows = store.claim_groups(&ClaimQuery {
        story: Some(id),
        limit: 100_000,
        ..Default::default()
    })?;
    let mut claims = Vec::new();
    let mut quotes = Vec::new();
    for r in &rows {
        match parse_row(r, &story.label)? {
            ClaimListing::Figure { group, .. } => claims.push(group),
            ClaimListing::Quote { group, .. } => quotes.push(group),
        }
    }
    claims.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.claims.len().cmp(&a.claims.len()))
            .then(a.key.cmp(&b.key))
    });
    quotes.sort_by(|a, b| {
        b.outlets
            .len()
            .cmp(&a.outlets.len())
            .then(a.key.cmp(&b.key))
    });
    Ok(Some(StoryReport {
        story,
        timeline,
        claims,
        quotes,
    }))
}

/// The resolved ids a name or id stands for, most mentioned first.
fn entity_targets<S: RelationStore>(
    store: &S,
    resolver: &Resolver,
    name: &str,
) -> Result<Vec<String>, RelateError> {
    let raw = store.entity_ids_named(name)?;
    let mentions = store.mentions(&raw)?;
    let mut counts: HashMap<String, i64> = HashMap::new();
    for m in &mentions {
        *counts
            .entry(resolver.resolve(&m.entity_id, Some(m.story_id)))
            .or_default() += m.count;
    }
    for id in &raw {
        counts.entry(resolver.resolve(id, None)).or_default();
    }
    let mut v: Vec<(String, i64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(v.into_iter().map(|(k, _)| k).collect())
}

fn story_labels<S: RelationStore>(
    store: &S,
    ids: &[i64],
) -> Result<HashMap<i64, String>, RelateError> {
    Ok(store
        .stories(ids)?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect())
}

/// Claim groups across stories.
pub fn claims<S: RelationStore>(
    store: &S,
    f: &ClaimFilter,
) -> Result<Vec<ClaimListing>, RelateError> {
    let mut q = ClaimQuery {
        story: f.story,
        verdict: f.contradicted.then(|| "contradicted".to_string()),
        limit: if f.limit == 0 { 1000 } else { f.limit },
        ..Default::default()
    };
    if let Some(name) = &f.entity {
        let resolver = Resolver::from_rows(&store.aliases()?);
        let targets = entity_targets(store, &resolver, name)?;
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        q.entities = targets;
    }
    let rows = store.claim_groups(&q)?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.story_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels = story_labels(store, &ids)?;
    rows.iter()
        .map(|r| parse_row(r, labels.get(&r.story_id).map_or("", String::as_str)))
        .collect()
}

/// An entity's report, or `None` when no article names it.
pub fn entity<S: RelationStore>(
    store: &S,
    name: &str,
) -> Result<Option<EntityReport>, RelateError> {
    let alias_rows = store.aliases()?;
    let resolver = Resolver::from_rows(&alias_rows);
    let Some(target) = entity_targets(store, &resolver, name)?.into_iter().next() else {
        return Ok(None);
    };
    let mut ids = resolver.ids_for(&target);
    for a in &alias_rows {
        if a.target == target && !a.alias.starts_with("name:") && !ids.contains(&a.alias) {
            ids.push(a.alias.clone());
        }
    }
    let mentions: Vec<_> = store
        .mentions(&ids)?
        .into_iter()
        .filter(|m| resolver.resolve(&m.entity_id, Some(m.story_id)) == target)
        .collect();
    let mut names: BTreeMap<String, i64> = BTreeMap::new();
    let mut days: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    let mut stories: BTreeMap<i64, ()> = BTreeMap::new();
    let mut used_ids: Vec<String> = Vec::new();
    for m in &mentions {
        let forms: Vec<String> = serde_json::from_str(&m.forms).unwrap_or_default();
        for f in forms {
            *names.entry(f).or_default() += 1;
        }
        let day = m
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .unwrap_or("unknown")
            .to_string();
        let d = days.entry(day).or_default();
        d.0 += 1;
        d.1 += m.count;
        stories.insert(m.story_id, ());
        if !used_ids.contains(&m.entity_id) {
            used_ids.push(m.entity_id.clone());
        }
    }
    if mentions.is_empty() {
        return Ok(None);
    }
    let story_ids: Vec<i64> = stories.keys().copied().collect();
    let labels = story_labels(store, &story_ids)?;
    // Its canonical name: from a digest of one of its articles.
    let mut display = target.clone();
    if let Some(m) = store.member(&mentions[0].record_id)? {
        let d: Digest = serde_json::from_str(&m.digest).map_err(|e| RelateError::Stored {
            story: m.story_id,
            what: "member digest",
            message: e.to_string(),
        })?;
        let best = d
            .entities
            .iter()
            .filter(|e| used_ids.contains(&e.id))
            .max_by_key(|e| (e.id == target, e.canonical.len()));
        if let Some(e) = best {
            display = e.canonical.clone();
        }
    }
    let rows = store.claim_groups(&ClaimQuery {
        entities: vec![target.clone()],
        limit: 10_000,
        ..Default::default()
    })?;
    let mut quotes_by = Vec::new();
    let mut quotes_about = Vec::new();
    let mut claims = Vec::new();
    for r in &rows {
        let l = parse_row(r, labels.get(&r.story_id).map_or("", String::as_str))?;
        match &l {
            ClaimListing::Quote { group, .. } => {
                if resolver.resolve(&group.speaker_key, Some(r.story_id)) == target {
                    quotes_by.push(l);
                } else {
                    quotes_about.push(l);
                }
            }
            ClaimListing::Figure { .. } => claims.push(l),
        }
    }
    let mut names: Vec<NameCount> = names
        .into_iter()
        .map(|(name, mentions)| NameCount { name, mentions })
        .collect();
    names.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    let learned = alias_rows
        .iter()
        .filter(|a| a.target == target || resolver.resolve(&a.target, Some(a.scope)) == target)
        .map(|a| LearnedAlias {
            alias: a.alias.clone(),
            kind: a.kind.clone(),
            story: (a.scope != 0).then_some(a.scope),
            evidence: a.evidence.clone(),
        })
        .collect();
    used_ids.sort();
    Ok(Some(EntityReport {
        id: target,
        name: display,
        ids: used_ids,
        names,
        learned,
        articles: mentions.len(),
        mentions: mentions.iter().map(|m| m.count).sum(),
        over_time: days
            .into_iter()
            .map(|(day, (articles, mentions))| DayCount {
                day,
                articles,
                mentions,
            })
            .collect(),
        stories: story_ids
            .into_iter()
            .map(|s| (s, labels.get(&s).cloned().unwrap_or_default()))
            .collect(),
        quotes_by,
        quotes_about,
        claims,
    }))
}
