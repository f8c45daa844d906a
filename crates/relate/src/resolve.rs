//! One identity per entity across articles and languages. The analysers give ids from the
//! curated alias table and the gazetteer (`IS`, `ISIS`, `Daesh` → `org:islamic-state`); this
//! module adds what only a collection of articles shows: names an article itself equates
//! (`Syrian Democratic Forces (SDF)`, `Daesh, the Islamic State group`), and people named by
//! surname or title alone (`Dillon`, `Col. Dillon`) who are the one person of that surname
//! named in full in the same story.

use std::collections::{HashMap, HashSet};

use dossier_model::{EntityType, Record};
use dossier_store::AliasRow;
use serde::{Deserialize, Serialize};

use crate::digest::{EntityCount, name_key};
use crate::lexicon::Lexicon;
use crate::norm::{byte_range, char_offsets, fold, words};

/// An alias an article shows: `alias` (an entity id or `name:<folded>`) stands for `target`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AliasEvidence {
    pub alias: String,
    pub target: String,
    /// `apposition` (two tagged names) or `acronym` (a bracketed acronym after a name).
    pub kind: String,
    /// The words it was seen in.
    pub evidence: String,
}

/// Finds `X (Y)` and `X, the Y` in a record, where both name one entity.
pub fn appositions(r: &Record, lex: &Lexicon) -> Vec<AliasEvidence> {
    let off = char_offsets(&r.text);
    let articles = lex.lang(&r.lang).map(|l| &l.apposition_articles);
    let mut ents: Vec<&dossier_model::Entity> = r
        .entities
        .iter()
        .filter(|e| e.kind != EntityType::LOC)
        .collect();
    ents.sort_by_key(|e| e.span.0);
    let mut out: Vec<AliasEvidence> = Vec::new();
    let push = |out: &mut Vec<AliasEvidence>, a: AliasEvidence| {
        if a.alias != a.target && !out.iter().any(|o| o.alias == a.alias) {
            out.push(a);
        }
    };
    for (i, x) in ents.iter().enumerate() {
        let (_, xb) = byte_range(&off, x.span.0, x.span.1);
        let rest = &r.text[xb..];
        // Two tagged names side by side.
        if let Some(y) = ents.get(i + 1) {
            let (ya, yb) = byte_range(&off, y.span.0, y.span.1);
            if ya >= xb && y.kind == x.kind && y.id != x.id {
                let gap = &r.text[xb..ya];
                let after = r.text[yb..].chars().next();
                let bracketed = gap == " (" && after == Some(')');
                // `X, the Y`: the article in the gap or at the start of the second name.
                let gap_words = words(gap);
                let lead = match gap_words.as_slice() {
                    [w] => Some(w.clone()),
                    [] => words(&y.text).first().cloned(),
                    _ => None,
                };
                let with_article = gap.starts_with(", ")
                    && lead.is_some_and(|w| articles.is_some_and(|a| a.contains(&w)))
                    && after.is_none_or(|c| matches!(c, ',' | '.' | ';' | ')' | '\n'));
                if bracketed || with_article {
                    // The longer name is the entity, the shorter its alias.
                    let (long, short) = if words(&y.text).len() > words(&x.text).len() {
                        (y, x)
                    } else {
                        (x, y)
                    };
                    push(
                        &mut out,
                        AliasEvidence {
                            alias: short.id.clone(),
                            target: long.id.clone(),
                            kind: "apposition".into(),
                            evidence: r.text[byte_range(&off, x.span.0, y.span.1).0
                                ..byte_range(&off, x.span.0, y.span.1).1]
                                .to_string(),
                        },
                    );
                    continue;
                }
            }
        }
        // A bracketed acronym the tagger did not mark: `Forces démocratiques syriennes (FDS)`.
        if let Some(inner) = rest.strip_prefix(" (")
            && let Some(close) = inner.find(')')
        {
            let acr = &inner[..close];
            let tagged = ents.get(i + 1).is_some_and(|y| {
                let (ya, _) = byte_range(&off, y.span.0, y.span.1);
                ya == xb + 2
            });
            if !tagged && is_acronym_of(acr, &x.text) {
                push(
                    &mut out,
                    AliasEvidence {
                        alias: name_key(acr),
                        target: x.id.clone(),
                        kind: "acronym".into(),
                        evidence: format!("{} ({acr})", x.text),
                    },
                );
            }
        }
    }
    // A name the gazetteer placed (`Amerikaanse` is the United States) is that place.
    for e in &r.entities {
        if e.id.starts_with("geonames:") {
            continue;
        }
        if let Some(g) = r
            .places
            .iter()
            .find(|p| p.span == e.span)
            .and_then(|p| p.geonames_id)
        {
            push(
                &mut out,
                AliasEvidence {
                    alias: e.id.clone(),
                    target: format!("geonames:{g}"),
                    kind: "place".into(),
                    evidence: e.text.clone(),
                },
            );
        }
    }
    out
}

/// Whether `acr` (2–6 capitals) abbreviates `name`: most of its letters are initials of the
/// name's words, in any order (an article may give the English acronym of a translated name).
fn is_acronym_of(acr: &str, name: &str) -> bool {
    let letters: Vec<char> = acr.chars().collect();
    if !(2..=6).contains(&letters.len()) || !letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let mut initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if initials.len() < 2 {
        return false;
    }
    let mut hit = 0;
    for l in &letters {
        let up = fold(&l.to_string()).to_uppercase();
        if let Some(p) = initials
            .iter()
            .position(|i| fold(&i.to_string()).to_uppercase() == up)
        {
            initials.remove(p);
            hit += 1;
        }
    }
    hit * 3 >= letters.len() * 2
}

/// The words of a person's name without titles: abbreviations (`Col.`) and lower-case words
/// (`kolonel`) before the first capitalised word go.
fn name_words(canonical: &str) -> Vec<String> {
    let toks: Vec<&str> = canonical.split_whitespace().collect();
    let start = toks
        .iter()
        .position(|t| t.chars().next().is_some_and(char::is_uppercase) && !t.ends_with('.'))
        .unwrap_or(toks.len());
    words(&toks[start..].join(" "))
}

/// People of a story named by surname or title alone, resolved to the one person of the story
/// named in full with that surname (`per:dillon` → `per:ryan-dillon`).
pub fn person_aliases(people: &[&EntityCount], scope: i64) -> Vec<AliasRow> {
    let full: Vec<(&EntityCount, Vec<String>)> = people
        .iter()
        .filter(|e| e.kind == EntityType::PER)
        .map(|e| (*e, name_words(&e.canonical)))
        .filter(|(_, w)| w.len() >= 2)
        .collect();
    let mut out: Vec<AliasRow> = Vec::new();
    for e in people.iter().filter(|e| e.kind == EntityType::PER) {
        let w = name_words(&e.canonical);
        if w.len() != 1 {
            continue;
        }
        let mut targets: Vec<&str> = full
            .iter()
            .filter(|(_, fw)| fw.last() == w.last())
            .map(|(f, _)| f.id.as_str())
            .collect();
        targets.sort();
        targets.dedup();
        if let [t] = targets.as_slice()
            && *t != e.id
            && !out.iter().any(|o| o.alias == e.id)
        {
            out.push(AliasRow {
                alias: e.id.clone(),
                target: t.to_string(),
                kind: "surname".into(),
                scope,
                count: 1,
                evidence: format!("{} is the only {} named in full", e.canonical, w[0]),
            });
        }
    }
    out
}

/// Organisations of a story named in two ways: with and without a legal form (`Boeing Co.`,
/// `Boeing`), or by an acronym of the one full name of the story it abbreviates (`GM`,
/// `General Motors`). The longer name resolves to the shorter for a legal form (everywhere:
/// a name is a name), the acronym to the full name (within the story).
pub fn org_aliases(
    orgs: &[&EntityCount],
    scope: i64,
    legal_forms: &HashSet<String>,
) -> Vec<AliasRow> {
    let orgs: Vec<&EntityCount> = orgs
        .iter()
        .copied()
        .filter(|e| e.kind == EntityType::ORG)
        .collect();
    let core = |name: &str| -> Vec<String> {
        // `N.V.` is `nv`.
        let mut w = words(&name.replace('.', ""));
        while w.len() > 1 && w.last().is_some_and(|l| legal_forms.contains(l)) {
            w.pop();
        }
        w
    };
    let mut out: Vec<AliasRow> = Vec::new();
    let mut push =
        |alias: &EntityCount, target: &EntityCount, kind: &str, scope: i64, why: String| {
            if alias.id != target.id && !out.iter().any(|o| o.alias == alias.id) {
                out.push(AliasRow {
                    alias: alias.id.clone(),
                    target: target.id.clone(),
                    kind: kind.into(),
                    scope,
                    count: 1,
                    evidence: why,
                });
            }
        };
    for a in &orgs {
        let ca = core(&a.canonical);
        // The same name with a legal form: to the one written without it.
        let same: Vec<&&EntityCount> = orgs
            .iter()
            .filter(|b| {
                b.id != a.id
                    && core(&b.canonical) == ca
                    && words(&b.canonical).len() < words(&a.canonical).len()
            })
            .collect();
        if let [b] = same.as_slice() {
            // The same name is the same company everywhere, not only in this story.
            push(
                a,
                b,
                "legal form",
                0,
                format!("{} is {}", a.canonical, b.canonical),
            );
            continue;
        }
        // An acronym of exactly one longer name in the story.
        let text = a.canonical.trim();
        if (2..=5).contains(&text.chars().count()) && text.chars().all(|c| c.is_uppercase()) {
            let mut full: Vec<&&EntityCount> = orgs
                .iter()
                .filter(|b| b.id != a.id && core(&b.canonical).len() >= 2)
                .filter(|b| initials_match(text, &core(&b.canonical)))
                .collect();
            // `General Motors` and `General Motors Corporation` are one candidate.
            full.sort_by_key(|b| (core(&b.canonical), b.canonical.len()));
            full.dedup_by_key(|b| core(&b.canonical));
            if let [b] = full.as_slice() {
                push(
                    a,
                    b,
                    "acronym",
                    scope,
                    format!("{} abbreviates {}", a.canonical, b.canonical),
                );
            }
        }
    }
    out
}

/// One name tagged as different kinds in a story (`org:apple`, `misc:apple`): the tagger's
/// doubt, not two entities. All resolve to the id most mentioned.
pub fn kind_aliases(entities: &[&EntityCount], scope: i64) -> Vec<AliasRow> {
    let mut by_name: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for e in entities {
        if let Some((kind, name)) = e.id.split_once(':')
            && matches!(kind, "org" | "per" | "misc" | "loc")
            && !name.is_empty()
        {
            *by_name
                .entry(name)
                .or_default()
                .entry(e.id.as_str())
                .or_default() += e.count;
        }
    }
    let mut out = Vec::new();
    for ids in by_name.values().filter(|m| m.len() > 1) {
        let Some((top, _)) = ids.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        for id in ids.keys().filter(|id| *id != top) {
            // An organisation or a thing of that name (`org:boeing`, `misc:boeing`) is one
            // everywhere; a person or place of a name is only the other within the story.
            let loose = |i: &str| i.starts_with("org:") || i.starts_with("misc:");
            out.push(AliasRow {
                alias: id.to_string(),
                target: top.to_string(),
                kind: "kind".into(),
                scope: if loose(id) && loose(top) { 0 } else { scope },
                count: 1,
                evidence: format!("{id} and {top} name the same"),
            });
        }
    }
    out.sort_by(|a, b| a.alias.cmp(&b.alias));
    out
}

/// Whether `acr` is the initials of `words` in order, with or without its short words
/// (`GM` for `general motors`, `FDS` for `forces democratiques syriennes`).
fn initials_match(acr: &str, words: &[String]) -> bool {
    let acr: String = fold(acr);
    let all: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let long: String = words
        .iter()
        .filter(|w| w.chars().count() > 3)
        .filter_map(|w| w.chars().next())
        .collect();
    acr == all || acr == long
}

/// Learned aliases, applied to ids: the story's own first, then the store's.
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    global: HashMap<String, (String, i64)>,
    scoped: HashMap<(i64, String), String>,
}

impl Resolver {
    pub fn from_rows(rows: &[AliasRow]) -> Self {
        let mut r = Resolver::default();
        for row in rows {
            r.add(row);
        }
        r
    }

    /// Adds an alias; where one name has several targets, the most seen wins.
    pub fn add(&mut self, row: &AliasRow) {
        if row.alias == row.target {
            return;
        }
        if row.scope == 0 {
            let e = self
                .global
                .entry(row.alias.clone())
                .or_insert_with(|| (row.target.clone(), 0));
            if e.0 == row.target {
                e.1 += row.count;
            } else if row.count > e.1 {
                *e = (row.target.clone(), row.count);
            }
        } else {
            self.scoped
                .insert((row.scope, row.alias.clone()), row.target.clone());
        }
    }

    /// The id an entity id stands for, following aliases (a few steps at most, so a cycle in
    /// learned aliases cannot hang it).
    pub fn resolve(&self, id: &str, story: Option<i64>) -> String {
        let mut cur = id.to_string();
        for _ in 0..4 {
            let next = story
                .and_then(|s| self.scoped.get(&(s, cur.clone())))
                .cloned()
                .or_else(|| self.global.get(&cur).map(|(t, _)| t.clone()));
            match next {
                Some(n) if n != cur && n != id => cur = n,
                _ => break,
            }
        }
        cur
    }

    /// The id a mention stands for: by its id, else by a name learned for it (`FDS`).
    pub fn resolve_mention(&self, id: &str, text: &str, story: Option<i64>) -> String {
        let r = self.resolve(id, story);
        if r != id {
            return r;
        }
        match self.global.get(&name_key(text)) {
            Some((t, _)) => self.resolve(t, story),
            None => r,
        }
    }

    /// Every id that resolves to `target` (itself included).
    pub fn ids_for(&self, target: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .global
            .keys()
            .chain(self.scoped.keys().map(|(_, a)| a))
            .filter(|a| !a.starts_with("name:"))
            .filter(|a| {
                self.resolve(a, None) == target
                    || self
                        .scoped
                        .iter()
                        .any(|((_, al), t)| al == *a && t == target)
            })
            .cloned()
            .collect();
        v.push(target.to_string());
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Builder;

    #[test]
    fn bracketed_acronyms_and_appositions_are_aliases() {
        let text = "T\n\nLes Forces démocratiques syriennes (FDS) ont nié. Daesh, l'État islamique, a fui.";
        let lex = Lexicon::shared().unwrap();
        let r = Builder::new("a", "fr", text)
            .entity(
                "Forces démocratiques syriennes",
                EntityType::ORG,
                "org:syrian-democratic-forces",
                "Syrian Democratic Forces",
            )
            .entity("Daesh", EntityType::ORG, "org:daesh", "Daesh")
            .entity(
                "l'État islamique",
                EntityType::ORG,
                "org:islamic-state",
                "Islamic State",
            )
            .build();
        let found = appositions(&r, &lex);
        assert!(found.iter().any(|a| a.alias == "name:fds"
            && a.target == "org:syrian-democratic-forces"
            && a.kind == "acronym"));
        assert!(
            found
                .iter()
                .any(|a| a.alias == "org:daesh" && a.target == "org:islamic-state"),
            "{found:#?}"
        );
        assert!(!is_acronym_of("USA", "Syrian Democratic Forces"));
        // An English acronym after a translated name still counts.
        assert!(is_acronym_of(
            "SDF",
            "Syrische Democratische Strijdkrachten"
        ));
    }

    #[test]
    fn a_name_the_gazetteer_placed_is_that_place() {
        let text = "T\n\nDe Amerikaanse regering zweeg.";
        let lex = Lexicon::shared().unwrap();
        let mut r = Builder::new("p", "nl", text)
            .entity(
                "Amerikaanse",
                EntityType::MISC,
                "misc:amerikaanse",
                "Amerikaanse",
            )
            .build();
        r.places.push(dossier_model::Place {
            span: r.entities[0].span,
            text: "Amerikaanse".into(),
            name: "United States".into(),
            country: Some("US".into()),
            lat: None,
            lon: None,
            geonames_id: Some(6_252_001),
            feature: Some("demonym".into()),
        });
        let found = appositions(&r, &lex);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, "geonames:6252001");
    }

    #[test]
    fn places_in_brackets_are_no_aliases() {
        let text = "T\n\nRaqqa (Syria) fell. Dillon (58) spoke.";
        let lex = Lexicon::shared().unwrap();
        let r = Builder::new("b", "en", text)
            .place("Raqqa", "Raqqa", 163843)
            .place("Syria", "Syria", 163843 + 1)
            .entity("Dillon", EntityType::PER, "per:dillon", "Dillon")
            .build();
        assert!(appositions(&r, &lex).is_empty());
    }

    fn person(id: &str, canonical: &str) -> EntityCount {
        EntityCount {
            id: id.into(),
            kind: EntityType::PER,
            canonical: canonical.into(),
            count: 1,
            forms: vec![canonical.into()],
            roles: vec![],
        }
    }

    #[test]
    fn surnames_and_titles_resolve_to_the_one_full_name_in_the_story() {
        let full = person("per:ryan-dillon", "Ryan Dillon");
        let short = person("per:dillon", "Dillon");
        let titled = person("per:col-dillon", "Col. Dillon");
        let dutch = person("per:kolonel-dillon", "kolonel Dillon");
        let other = person("per:anna-reyes", "Anna Reyes");
        let rows = person_aliases(&[&full, &short, &titled, &dutch, &other], 7);
        let mut r = Resolver::default();
        rows.iter().for_each(|x| r.add(x));
        for id in ["per:dillon", "per:col-dillon", "per:kolonel-dillon"] {
            assert_eq!(r.resolve(id, Some(7)), "per:ryan-dillon", "{id}");
            assert_eq!(r.resolve(id, Some(8)), id, "only within the story");
        }
        // Two people of that surname: no guess.
        let matt = person("per:matt-dillon", "Matt Dillon");
        assert!(person_aliases(&[&full, &matt, &short], 1).is_empty());
    }

    #[test]
    fn organisations_with_legal_forms_and_acronyms_resolve_within_the_story() {
        let org = |id: &str, name: &str| EntityCount {
            kind: EntityType::ORG,
            ..person(id, name)
        };
        let forms: HashSet<String> = ["co", "inc"].iter().map(|s| s.to_string()).collect();
        let (boeing, boeing_co) = (
            org("org:boeing", "Boeing"),
            org("org:boeing-co", "Boeing Co."),
        );
        let (gm, general) = (
            org("org:gm", "GM"),
            org("org:general-motors", "General Motors"),
        );
        let rows = org_aliases(&[&boeing, &boeing_co, &gm, &general], 3, &forms);
        let mut r = Resolver::default();
        rows.iter().for_each(|x| r.add(x));
        assert_eq!(r.resolve("org:boeing-co", Some(3)), "org:boeing");
        assert_eq!(
            r.resolve("org:boeing-co", None),
            "org:boeing",
            "a legal form holds everywhere"
        );
        assert_eq!(r.resolve("org:gm", Some(3)), "org:general-motors");
        assert_eq!(r.resolve("org:gm", Some(4)), "org:gm");
        // Two names the acronym could stand for: no guess.
        let gmac = org("org:general-mills", "General Mills");
        assert!(org_aliases(&[&gm, &general, &gmac], 3, &forms).is_empty());
    }

    #[test]
    fn one_name_tagged_as_two_kinds_is_one_entity_in_the_story() {
        let mut apple = person("org:apple", "Apple");
        apple.kind = EntityType::ORG;
        apple.count = 5;
        let mut apple_misc = person("misc:apple", "Apple");
        apple_misc.kind = EntityType::MISC;
        let rows = kind_aliases(&[&apple, &apple_misc], 9);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].alias.as_str(), rows[0].target.as_str()),
            ("misc:apple", "org:apple")
        );
        assert!(kind_aliases(&[&apple], 9).is_empty());
    }

    #[test]
    fn resolving_follows_chains_and_names_but_not_cycles() {
        let row = |a: &str, t: &str, scope: i64| AliasRow {
            alias: a.into(),
            target: t.into(),
            kind: "apposition".into(),
            scope,
            count: 1,
            evidence: String::new(),
        };
        let r = Resolver::from_rows(&[
            row("org:daesh", "org:isis", 0),
            row("org:isis", "org:islamic-state", 0),
            row("name:fds", "org:syrian-democratic-forces", 0),
            row("org:a", "org:b", 0),
            row("org:b", "org:a", 0),
        ]);
        assert_eq!(r.resolve("org:daesh", None), "org:islamic-state");
        assert_eq!(
            r.resolve_mention("org:fds", "FDS", None),
            "org:syrian-democratic-forces"
        );
        let _ = r.resolve("org:a", None);
        assert!(
            r.ids_for("org:islamic-state")
                .contains(&"org:daesh".to_string())
        );
    }
}
