//! Claims of a story set side by side: figures about the same thing grouped (whatever the
//! language: by concept, whose they are and what happened), their origins traced (ten outlets
//! repeating one BBC report are one origin), each group judged; and quotes grouped by speaker,
//! with the same statement in several languages as one.

use std::collections::{BTreeMap, HashMap, HashSet};

use dossier_model::QuoteKind;
use serde::{Deserialize, Serialize};

use crate::claims::{Attribution, Figure, FigureClaim, QuoteClaim};
use crate::digest::{Digest, minhash_similarity};
use crate::lexicon::Lexicon;
use crate::norm::{fold, words};
use crate::resolve::Resolver;
use crate::verdict::{self, Tolerance, Verdict};

/// One claim as a group lists it: who published it, what it says, where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClaimView {
    pub record_id: String,
    pub outlet: String,
    pub lang: String,
    pub published: Option<String>,
    /// The figure's words (`Zo'n 250`), or the parts' words for a total.
    pub text: String,
    pub value: Figure,
    pub display: String,
    /// For a total: its parts (`about 250 fighters`, `3,500 family members`).
    #[serde(default)]
    pub parts: Vec<String>,
    pub sentence: String,
    /// Publisher first, then who it credits, down to who said it.
    pub chain: Vec<String>,
    /// The origin this claim traces back to.
    pub origin: String,
    /// Its id: an entity id, a folded source name, or `art:<record id>` for an article.
    pub origin_key: String,
    pub when: Option<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub disputes: bool,
}

/// One origin behind a group's claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OriginView {
    pub label: String,
    pub claims: usize,
    pub outlets: Vec<String>,
}

/// Figures of a group that agree with each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PositionView {
    /// The values stated (`about 250`, `250`).
    pub values: Vec<String>,
    pub origins: Vec<String>,
    pub outlets: Vec<String>,
    /// Indices into the group's claims.
    pub claims: Vec<usize>,
}

/// Aligned figures about one thing in one story, with a verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClaimGroup {
    pub key: String,
    /// `Islamic State fighters who left Raqqa`.
    pub subject: String,
    pub concept: String,
    pub actor: Option<String>,
    pub event: Option<String>,
    pub place: Option<String>,
    pub verdict: Verdict,
    pub reason: String,
    pub independent_origins: usize,
    pub origins: Vec<OriginView>,
    pub positions: Vec<PositionView>,
    pub claims: Vec<ClaimView>,
}

/// One quote as relayed by one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuoteView {
    pub record_id: String,
    pub outlet: String,
    pub lang: String,
    pub published: Option<String>,
    pub text: String,
    pub kind: QuoteKind,
    pub chain: Vec<String>,
}

/// One statement, in however many articles and languages it was relayed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Statement {
    pub quotes: Vec<QuoteView>,
    pub languages: Vec<String>,
}

/// What one speaker said in a story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuoteGroup {
    pub key: String,
    /// The speaker's entity id or `name:<folded name>`.
    pub speaker_key: String,
    pub speaker: String,
    pub roles: Vec<String>,
    pub statements: Vec<Statement>,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
    /// Entity ids the quotes name.
    pub about: Vec<String>,
}

/// All aligned claims of a story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StoryClaims {
    pub figures: Vec<ClaimGroup>,
    pub quotes: Vec<QuoteGroup>,
}

/// Union-find over origin node names.
#[derive(Default)]
struct Origins {
    ids: HashMap<String, usize>,
    parent: Vec<usize>,
    names: Vec<String>,
}

impl Origins {
    fn id(&mut self, node: &str) -> usize {
        if let Some(&i) = self.ids.get(node) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.names.push(node.to_string());
        self.ids.insert(node.to_string(), i);
        i
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    /// Unites two nodes; a named node stays the root, so the group is labelled by it.
    fn union(&mut self, a: &str, b: &str) {
        let (x, y) = (self.id(a), self.id(b));
        let (rx, ry) = (self.find(x), self.find(y));
        if rx != ry {
            let art = |n: &str| n.starts_with("art:");
            if art(&self.names[rx]) && !art(&self.names[ry]) {
                self.parent[rx] = ry;
            } else {
                self.parent[ry] = rx;
            }
        }
    }
}

/// Figures two articles share, for telling a translated copy: a report's figures survive
/// translation word for word.
fn figure_overlap(a: &Digest, b: &Digest) -> f64 {
    if a.figures.len() < 4 || b.figures.len() < 4 {
        return 0.0;
    }
    let sa: HashSet<&String> = a.figures.iter().collect();
    let sb: HashSet<&String> = b.figures.iter().collect();
    let inter = sa.intersection(&sb).count() as f64;
    inter / (sa.len() + sb.len()) as f64 * 2.0
}

fn resolved_chain(chain: &[Attribution], resolver: &Resolver, story: i64) -> Vec<Attribution> {
    chain
        .iter()
        .map(|a| Attribution {
            key: resolver.resolve(&a.key, Some(story)),
            ..a.clone()
        })
        .collect()
}

/// Aligns and judges the claims of a story's articles.
pub fn align(members: &[&Digest], resolver: &Resolver, story: i64, lex: &Lexicon) -> StoryClaims {
    let tol = Tolerance {
        exact: lex.tolerance_exact,
        approx: lex.tolerance_approx,
    };
    // Names of the story's entities, for labels.
    let mut names: HashMap<String, String> = HashMap::new();
    for d in members {
        for e in &d.entities {
            let id = resolver.resolve(&e.id, Some(story));
            names.entry(id).or_insert_with(|| e.canonical.clone());
        }
    }

    // Origins: the deepest named source of each claim; an article's claims without one fall
    // back to a source it names nearby that the story knows as a source, else to the article,
    // which is one with its copies (near-duplicate text, or the same figures in translation).
    let mut origins = Origins::default();
    let story_sources: HashMap<String, usize> = {
        let mut m = HashMap::new();
        for d in members {
            for f in &d.claims.figures {
                for a in &f.chain {
                    if a.named {
                        *m.entry(resolver.resolve(&a.key, Some(story))).or_default() += 1;
                    }
                }
            }
        }
        m
    };
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            let copy =
                minhash_similarity(&a.minhash, &b.minhash) >= 0.5 || figure_overlap(a, b) >= 0.6;
            if copy {
                origins.union(&format!("art:{}", a.id), &format!("art:{}", b.id));
            }
        }
    }
    let mut claim_origin: HashMap<(usize, usize), String> = HashMap::new();
    for (mi, d) in members.iter().enumerate() {
        let mut dominant: HashMap<String, usize> = HashMap::new();
        for f in &d.claims.figures {
            let chain = resolved_chain(&f.chain, resolver, story);
            let node = chain
                .iter()
                .rev()
                .find(|a| a.named)
                .map(|a| a.key.clone())
                .or_else(|| {
                    f.nearby
                        .iter()
                        .map(|e| resolver.resolve(e, Some(story)))
                        .filter(|e| story_sources.contains_key(e))
                        .max_by_key(|e| (story_sources[e], std::cmp::Reverse(e.clone())))
                });
            let node = match node {
                Some(n) => {
                    *dominant.entry(n.clone()).or_default() += 1;
                    n
                }
                None => format!("art:{}", d.id),
            };
            claim_origin.insert((mi, f.n), node);
        }
        if let Some((top, _)) = dominant
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            origins.union(&top, &format!("art:{}", d.id));
        }
    }
    let origin_of = |mi: usize, n: usize, origins: &mut Origins| -> (usize, String) {
        let node = claim_origin
            .get(&(mi, n))
            .cloned()
            .unwrap_or_else(|| format!("art:{}", members[mi].id));
        let i = origins.id(&node);
        let root = origins.find(i);
        (root, origins.names[root].clone())
    };
    let origin_label = |node: &str| -> String {
        if let Some(id) = node.strip_prefix("art:") {
            return members
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.outlet.clone())
                .unwrap_or_else(|| node.to_string());
        }
        if let Some(n) = names.get(node) {
            return n.clone();
        }
        // A source that is no entity: as written in some claim.
        for d in members {
            for f in &d.claims.figures {
                if let Some(a) = f.chain.iter().find(|a| a.key == node) {
                    return a.name.clone();
                }
            }
        }
        node.to_string()
    };

    // Grouping keys: concept, then whose, then what happened.
    struct Item<'d> {
        mi: usize,
        claim: &'d FigureClaim,
        actor: Option<String>,
    }
    let mut items: Vec<Item<'_>> = Vec::new();
    for (mi, d) in members.iter().enumerate() {
        for f in &d.claims.figures {
            items.push(Item {
                mi,
                claim: f,
                actor: f.actor.as_ref().map(|a| resolver.resolve(a, Some(story))),
            });
        }
    }
    // Per concept: the actors seen, by how many articles give them. Actors split a concept
    // only when two of them are each given by two articles or more (`IS fighters` and `SDF
    // fighters`); otherwise one stray tag (`Islamic` for `Islamic State`) would split what one
    // report says, and the group takes its best-attested actor.
    let mut actor_articles: HashMap<&str, BTreeMap<String, HashSet<usize>>> = HashMap::new();
    for it in &items {
        if let Some(a) = &it.actor {
            actor_articles
                .entry(it.claim.concept.as_str())
                .or_default()
                .entry(a.clone())
                .or_default()
                .insert(it.mi);
        }
    }
    let ranked = |concept: &str| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = actor_articles
            .get(concept)
            .map(|m| m.iter().map(|(a, s)| (a.clone(), s.len())).collect())
            .unwrap_or_default();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let top = |m: Option<&BTreeMap<String, usize>>| -> Option<String> {
        m.and_then(|m| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(k, _)| k.clone())
        })
    };
    let final_actor: Vec<Option<String>> = items
        .iter()
        .map(|it| {
            // A total of parts keeps its own actor (none unless all its parts share one): the
            // concept's usual actor belongs to stated figures (`more than 100 IS vehicles` is
            // no total of `about 50 trucks and 13 buses`).
            if !it.claim.parts.is_empty() {
                return it.actor.clone();
            }
            let r = ranked(&it.claim.concept);
            let strong: Vec<&String> = r.iter().filter(|(_, n)| *n >= 2).map(|(a, _)| a).collect();
            if strong.len() >= 2 {
                match &it.actor {
                    Some(a) if strong.contains(&a) => Some(a.clone()),
                    _ => strong.first().map(|a| (*a).clone()),
                }
            } else {
                r.first().map(|(a, _)| a.clone())
            }
        })
        .collect();
    let mut events: HashMap<(&str, Option<String>), BTreeMap<String, usize>> = HashMap::new();
    for (it, actor) in items.iter().zip(&final_actor) {
        if let Some(e) = &it.claim.event {
            *events
                .entry((it.claim.concept.as_str(), actor.clone()))
                .or_default()
                .entry(e.clone())
                .or_default() += 1;
        }
    }
    let mut groups: BTreeMap<(String, Option<String>, Option<String>), Vec<usize>> =
        BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        let actor = final_actor[i].clone();
        let event = it
            .claim
            .event
            .clone()
            .or_else(|| top(events.get(&(it.claim.concept.as_str(), actor.clone()))));
        groups
            .entry((it.claim.concept.clone(), actor, event))
            .or_default()
            .push(i);
    }

    let mut figure_groups = Vec::new();
    for ((concept, actor, event), idx) in groups {
        // A total nobody stated is only worth showing beside a stated one.
        if idx.iter().all(|&i| !items[i].claim.parts.is_empty()) {
            continue;
        }
        let mut claims: Vec<ClaimView> = Vec::new();
        let mut judged: Vec<(Figure, usize)> = Vec::new();
        let mut disputed: Vec<bool> = Vec::new();
        let mut origin_claims: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
        let mut place_count: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &idx {
            let it = &items[i];
            let d = members[it.mi];
            let f = it.claim;
            let (root, node) = origin_of(it.mi, f.n, &mut origins);
            let label = origin_label(&node);
            let e = origin_claims.entry(label.clone()).or_default();
            e.0 += 1;
            if !e.1.contains(&d.outlet) {
                e.1.push(d.outlet.clone());
            }
            if let Some(p) = &f.place_name {
                *place_count.entry(p.clone()).or_default() += 1;
            }
            let parts = f
                .parts
                .iter()
                .filter_map(|p| d.claims.figures.iter().find(|x| x.n == *p))
                .map(|p| {
                    let what = lex
                        .concept(&p.concept)
                        .map(|c| lex.concepts[c].label.clone())
                        .unwrap_or_else(|| p.concept.clone());
                    format!("{} {what}", p.value.display())
                })
                .collect();
            let mut chain = vec![d.outlet.clone()];
            chain.extend(f.chain.iter().map(|a| a.name.clone()));
            claims.push(ClaimView {
                record_id: d.id.clone(),
                outlet: d.outlet.clone(),
                lang: d.lang.clone(),
                published: d.published.clone(),
                text: f.text.clone(),
                value: f.value.clone(),
                display: f.value.display(),
                parts,
                sentence: f.sentence.clone(),
                chain,
                origin: label,
                origin_key: node.clone(),
                when: f.when.clone(),
                place: f.place_name.clone(),
                disputes: f.disputes,
            });
            judged.push((f.value.clone(), root));
            disputed.push(f.disputes);
        }
        let refs: Vec<(&Figure, usize)> = judged.iter().map(|(f, o)| (f, *o)).collect();
        let j = verdict::judge(&refs, &disputed, tol);
        let positions = j
            .positions
            .iter()
            .map(|p| {
                let mut values: Vec<String> =
                    p.iter().map(|&i| claims[i].display.clone()).collect();
                values.dedup();
                let mut vs: Vec<String> = Vec::new();
                for v in values {
                    if !vs.contains(&v) {
                        vs.push(v);
                    }
                }
                let mut os: Vec<String> = Vec::new();
                let mut outs: Vec<String> = Vec::new();
                for &i in p {
                    if !os.contains(&claims[i].origin) {
                        os.push(claims[i].origin.clone());
                    }
                    if !outs.contains(&claims[i].outlet) {
                        outs.push(claims[i].outlet.clone());
                    }
                }
                PositionView {
                    values: vs,
                    origins: os,
                    outlets: outs,
                    claims: p.clone(),
                }
            })
            .collect();
        let concept_label = lex
            .concept(&concept)
            .map(|c| lex.concepts[c].label.clone())
            .unwrap_or_else(|| concept.trim_start_matches("raw:").replace(':', " in "));
        let place = place_count
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(p, _)| p);
        let mut subject = match actor.as_ref().and_then(|a| names.get(a)) {
            Some(n) => format!("{n} {concept_label}"),
            None => concept_label,
        };
        if let Some(l) = event.as_deref().and_then(|e| lex.event_label(e)) {
            let people = match (lex.concept(&concept), lex.concept("people")) {
                (Some(c), Some(p)) => lex.is_ancestor_or_self(p, c),
                _ => false,
            };
            match lex.concept(&concept) {
                Some(_) if people => subject.push_str(&format!(" who {l}")),
                Some(_) => subject.push_str(&format!(" that {l}")),
                None => subject.push_str(&format!(" ({l})")),
            }
        }
        if let Some(p) = &place {
            subject.push_str(&format!(" ({p})"));
        }
        let mut origin_views: Vec<OriginView> = origin_claims
            .into_iter()
            .map(|(label, (n, outlets))| OriginView {
                label,
                claims: n,
                outlets,
            })
            .collect();
        origin_views.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.label.cmp(&b.label)));
        let key = format!(
            "figure/{concept}/{}/{}",
            actor.as_deref().unwrap_or("-"),
            event.as_deref().unwrap_or("-")
        );
        figure_groups.push(ClaimGroup {
            key,
            subject,
            concept,
            actor,
            event,
            place,
            verdict: j.verdict,
            reason: j.reason,
            independent_origins: j.origins,
            origins: origin_views,
            positions,
            claims,
        });
    }
    // Most telling first: contradictions, then by how many claims.
    figure_groups.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.claims.len().cmp(&a.claims.len()))
            .then(a.key.cmp(&b.key))
    });

    StoryClaims {
        figures: figure_groups,
        quotes: quote_groups(members, resolver, story, &names),
    }
}

/// Character trigrams of a folded text without spaces: cognates across languages share many
/// (`strategy`/`strategie`/`stratégie`, `Syrians`/`Syriërs`).
fn trigrams(s: &str) -> HashSet<String> {
    let chars: Vec<char> = fold(s).chars().filter(|c| c.is_alphanumeric()).collect();
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// How likely two quotes of one speaker are the same statement, 0..1. Same language: the
/// share of the shorter quote's words the other has. Across languages, where words differ:
/// the same place among the speaker's quotes in each article, similar length, and shared
/// character trigrams (cognates, names, figures).
fn same_statement(a: &QuoteClaim, la: &str, b: &QuoteClaim, lb: &str) -> f64 {
    if la == lb {
        let wa: HashSet<String> = words(&a.text).into_iter().collect();
        let wb: HashSet<String> = words(&b.text).into_iter().collect();
        let inter = wa.intersection(&wb).count() as f64;
        let smaller = wa.len().min(wb.len()).max(1) as f64;
        return inter / smaller;
    }
    let (ca, cb) = (a.text.chars().count() as f64, b.text.chars().count() as f64);
    let len = ca.min(cb) / ca.max(cb).max(1.0);
    let order = if a.order == b.order { 1.0 } else { 0.0 };
    0.35 * order + 0.35 * len + 0.3 * dice(&trigrams(&a.text), &trigrams(&b.text))
}

/// Least [`same_statement`] score for two quotes to be one statement.
const SAME_STATEMENT: f64 = 0.5;

fn quote_groups(
    members: &[&Digest],
    resolver: &Resolver,
    story: i64,
    names: &HashMap<String, String>,
) -> Vec<QuoteGroup> {
    // A speaker no tagger linked (`name:ryan dillon`) is the person of the story with that
    // name, or the one person of the story with that surname.
    let mut people: HashMap<String, String> = HashMap::new();
    let mut surnames: HashMap<String, HashSet<String>> = HashMap::new();
    for d in members {
        for e in d
            .entities
            .iter()
            .filter(|e| e.kind == dossier_model::EntityType::PER)
        {
            let id = resolver.resolve(&e.id, Some(story));
            let w = words(&e.canonical);
            if w.len() >= 2
                && let Some(last) = w.last()
            {
                surnames.entry(last.clone()).or_default().insert(id.clone());
            }
            people.insert(w.join(" "), id);
        }
    }
    let speaker_id = |key: &str| -> String {
        let resolved = resolver.resolve(key, Some(story));
        let Some(name) = resolved.strip_prefix("name:") else {
            return resolved;
        };
        if let Some(id) = people.get(name) {
            return id.clone();
        }
        // The name's last words may be a tagged person (`koalitionssprecher oberst ryan dillon`).
        let w: Vec<&str> = name.split(' ').collect();
        for k in (1..w.len()).rev() {
            if let Some(id) = people.get(&w[w.len() - k..].join(" ")) {
                return id.clone();
            }
        }
        match w.last().and_then(|l| surnames.get(*l)) {
            Some(ids) if ids.len() == 1 => ids.iter().next().cloned().unwrap_or(resolved),
            _ => resolved,
        }
    };
    let mut by_speaker: BTreeMap<String, Vec<(usize, &QuoteClaim)>> = BTreeMap::new();
    for (mi, d) in members.iter().enumerate() {
        for q in &d.claims.quotes {
            if let Some(k) = &q.speaker_key {
                by_speaker.entry(speaker_id(k)).or_default().push((mi, q));
            }
        }
    }
    let mut out = Vec::new();
    for (speaker_key, quotes) in by_speaker {
        // Statements: each quote joins the statement it most resembles, or starts one.
        let mut statements: Vec<Vec<(usize, &QuoteClaim)>> = Vec::new();
        for (mi, q) in &quotes {
            let lang = &members[*mi].lang;
            let best = statements
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    // One article's distinct quotes are distinct statements.
                    s.iter()
                        .all(|(m, x)| *m != *mi || same_statement(x, lang, q, lang) >= 0.6)
                })
                .map(|(i, s)| {
                    let score = s
                        .iter()
                        .map(|(m, x)| same_statement(x, &members[*m].lang, q, lang))
                        .fold(0.0, f64::max);
                    (i, score)
                })
                .filter(|(_, s)| *s >= SAME_STATEMENT)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((i, _)) => statements[i].push((*mi, q)),
                None => statements.push(vec![(*mi, q)]),
            }
        }
        let mut outlets: Vec<String> = Vec::new();
        let mut languages: Vec<String> = Vec::new();
        let mut about: Vec<String> = Vec::new();
        let mut roles: Vec<String> = Vec::new();
        let mut speaker_name: Option<String> = names.get(&speaker_key).cloned();
        let statements = statements
            .into_iter()
            .map(|s| {
                let mut langs: Vec<String> = Vec::new();
                let quotes = s
                    .into_iter()
                    .map(|(mi, q)| {
                        let d = members[mi];
                        if !outlets.contains(&d.outlet) {
                            outlets.push(d.outlet.clone());
                        }
                        if !langs.contains(&d.lang) {
                            langs.push(d.lang.clone());
                        }
                        for a in &q.about {
                            let a = resolver.resolve(a, Some(story));
                            if !about.contains(&a) {
                                about.push(a);
                            }
                        }
                        if let Some(r) = &q.speaker_role {
                            for part in r.split([',', ';']).map(str::trim).filter(|p| !p.is_empty())
                            {
                                if roles.len() < 6
                                    && !roles.iter().any(|x: &String| x.eq_ignore_ascii_case(part))
                                {
                                    roles.push(part.to_string());
                                }
                            }
                        }
                        if speaker_name.is_none() {
                            speaker_name = q.speaker.clone();
                        }
                        let mut chain = vec![d.outlet.clone()];
                        chain.extend(q.chain.iter().map(|a| a.name.clone()));
                        QuoteView {
                            record_id: d.id.clone(),
                            outlet: d.outlet.clone(),
                            lang: d.lang.clone(),
                            published: d.published.clone(),
                            text: q.text.clone(),
                            kind: q.kind,
                            chain,
                        }
                    })
                    .collect();
                for l in &langs {
                    if !languages.contains(l) {
                        languages.push(l.clone());
                    }
                }
                Statement {
                    quotes,
                    languages: langs,
                }
            })
            .collect();
        out.push(QuoteGroup {
            key: format!("quote/{speaker_key}"),
            speaker: speaker_name.unwrap_or_else(|| speaker_key.clone()),
            speaker_key,
            roles,
            statements,
            outlets,
            languages,
            about,
        });
    }
    out.sort_by(|a, b| {
        b.outlets
            .len()
            .cmp(&a.outlets.len())
            .then(a.key.cmp(&b.key))
    });
    out
}
