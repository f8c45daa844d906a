//! The claims lexicon: concepts (what figures count) with their hierarchy, events, units and
//! tolerances from `data/claims/concepts.toml`, and the words for them in each language from
//! `data/lang/<code>/claims.toml`. Loaded once; adding a language is adding its file.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use dossier_text::{DataError, data_dir, load_toml};
use serde::Deserialize;

use crate::norm::{fold, words};

#[derive(Deserialize)]
struct ConceptsFile {
    tolerance: ToleranceFile,
    #[serde(default)]
    concept: Vec<ConceptFile>,
    #[serde(default)]
    event: Vec<EventFile>,
    #[serde(default)]
    units: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct ToleranceFile {
    exact: f64,
    approx: f64,
}

#[derive(Deserialize)]
struct ConceptFile {
    id: String,
    label: String,
    parent: Option<String>,
    event: Option<String>,
}

#[derive(Deserialize)]
struct EventFile {
    id: String,
    label: String,
}

#[derive(Deserialize, Default)]
struct LangFile {
    stemmer: Option<String>,
    #[serde(default)]
    compounds: bool,
    #[serde(default)]
    nouns_capitalised: bool,
    #[serde(default)]
    coordinators: Vec<String>,
    #[serde(default)]
    apposition_articles: Vec<String>,
    #[serde(default)]
    dispute: Vec<String>,
    #[serde(default)]
    partitives: Vec<String>,
    #[serde(default)]
    concepts: HashMap<String, Vec<String>>,
    #[serde(default)]
    events: HashMap<String, Vec<String>>,
}

/// A kind of thing figures count (`fighters`), placed in the hierarchy.
#[derive(Clone, Debug)]
pub struct Concept {
    pub id: String,
    pub label: String,
    pub parent: Option<usize>,
    /// The event a concept implies (`dead` implies `kill`).
    pub event: Option<String>,
}

/// A phrase of folded words standing for an item of the lexicon.
#[derive(Clone, Debug)]
struct Pattern {
    words: Vec<String>,
    item: usize,
}

/// The relating words of one language.
#[derive(Default)]
pub struct LangLexicon {
    stemmer: Option<frostem::Stemmer>,
    /// Whether nouns compound (`vrachtwagenchauffeurs` holds `chauffeurs`).
    compounds: bool,
    /// Whether every noun is capitalised (German), so capitals do not mark names.
    pub nouns_capitalised: bool,
    concepts: Vec<Pattern>,
    events: Vec<Pattern>,
    coordinators: Vec<Vec<String>>,
    dispute: Vec<Vec<String>>,
    partitives: Vec<Vec<String>>,
    pub apposition_articles: HashSet<String>,
}

/// Everything relating knows about words and figures.
pub struct Lexicon {
    pub concepts: Vec<Concept>,
    concept_index: HashMap<String, usize>,
    pub events: Vec<(String, String)>,
    units: HashMap<String, String>,
    pub tolerance_exact: f64,
    pub tolerance_approx: f64,
    langs: HashMap<String, LangLexicon>,
    /// Legal forms that may follow an organisation's name (`inc`, `ag`), folded.
    pub legal_forms: HashSet<String>,
}

#[derive(Deserialize, Default)]
struct NamesFile {
    #[serde(default)]
    legal_forms: Vec<String>,
}

/// A match of a pattern in a word sequence: which item, where, how many words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub item: usize,
    pub at: usize,
    pub len: usize,
}

impl Lexicon {
    /// Loads `data/claims/concepts.toml`, every `data/lang/*/claims.toml` and
    /// `data/relate/names.toml`.
    pub fn load() -> Result<Self, DataError> {
        let f: ConceptsFile = load_toml("claims/concepts.toml")?;
        let names: NamesFile = load_toml("relate/names.toml")?;
        let mut langs = Vec::new();
        let dir = data_dir().join("lang");
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let code = e.file_name().to_string_lossy().to_string();
                if e.path().join("claims.toml").is_file() {
                    let lf: LangFile = load_toml(&format!("lang/{code}/claims.toml"))?;
                    langs.push((code, lf));
                }
            }
        }
        langs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lex = Self::build(f, langs)?;
        lex.legal_forms = names.legal_forms.iter().map(|w| fold(w)).collect();
        Ok(lex)
    }

    /// The process-wide lexicon, loaded on first use.
    pub fn shared() -> Result<Arc<Lexicon>, DataError> {
        static SHARED: OnceLock<Result<Arc<Lexicon>, DataError>> = OnceLock::new();
        SHARED.get_or_init(|| Lexicon::load().map(Arc::new)).clone()
    }

    fn build(f: ConceptsFile, langs: Vec<(String, LangFile)>) -> Result<Self, DataError> {
        let bad = |message: String| DataError::Parse {
            path: data_dir().join("claims/concepts.toml"),
            message,
        };
        let concept_index: HashMap<String, usize> = f
            .concept
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let event_ids: HashSet<&str> = f.event.iter().map(|e| e.id.as_str()).collect();
        let mut concepts = Vec::with_capacity(f.concept.len());
        for c in &f.concept {
            let parent = match &c.parent {
                Some(p) => Some(
                    *concept_index
                        .get(p)
                        .ok_or_else(|| bad(format!("concept {}: unknown parent {p}", c.id)))?,
                ),
                None => None,
            };
            if let Some(e) = &c.event
                && !event_ids.contains(e.as_str())
            {
                return Err(bad(format!("concept {}: unknown event {e}", c.id)));
            }
            concepts.push(Concept {
                id: c.id.clone(),
                label: c.label.clone(),
                parent,
                event: c.event.clone(),
            });
        }
        // A cycle in the hierarchy would make ancestor walks endless.
        for i in 0..concepts.len() {
            let mut seen = 0;
            let mut cur = concepts[i].parent;
            while let Some(p) = cur {
                seen += 1;
                if seen > concepts.len() {
                    return Err(bad(format!(
                        "concept {}: parents form a cycle",
                        concepts[i].id
                    )));
                }
                cur = concepts[p].parent;
            }
        }
        let events: Vec<(String, String)> = f.event.into_iter().map(|e| (e.id, e.label)).collect();
        let event_index: HashMap<&str, usize> = events
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), i))
            .collect();
        let mut units = HashMap::new();
        for (dim, list) in f.units {
            for u in list {
                units.insert(u.to_lowercase(), dim.clone());
            }
        }
        let mut lang_map = HashMap::new();
        for (code, lf) in langs {
            let path = data_dir().join(format!("lang/{code}/claims.toml"));
            let bad_lang = |message: String| DataError::Parse {
                path: path.clone(),
                message,
            };
            let stemmer = match &lf.stemmer {
                Some(name) => Some(
                    frostem::Stemmer::try_from_name(name)
                        .map_err(|e| bad_lang(format!("stemmer {name}: {e}")))?,
                ),
                None => None,
            };
            let mut cps = Vec::new();
            for (id, names) in &lf.concepts {
                let item = *concept_index
                    .get(id)
                    .ok_or_else(|| bad_lang(format!("unknown concept {id}")))?;
                cps.extend(patterns(names, item));
            }
            let mut evs = Vec::new();
            for (id, names) in &lf.events {
                let item = *event_index
                    .get(id.as_str())
                    .ok_or_else(|| bad_lang(format!("unknown event {id}")))?;
                evs.extend(patterns(names, item));
            }
            // Longer phrases first, so `foreign fighters` wins over `fighters`.
            cps.sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.item.cmp(&b.item)));
            evs.sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.item.cmp(&b.item)));
            lang_map.insert(
                code,
                LangLexicon {
                    stemmer,
                    compounds: lf.compounds,
                    nouns_capitalised: lf.nouns_capitalised,
                    concepts: cps,
                    events: evs,
                    coordinators: phrases(&lf.coordinators),
                    dispute: phrases(&lf.dispute),
                    partitives: phrases(&lf.partitives),
                    apposition_articles: lf.apposition_articles.iter().map(|a| fold(a)).collect(),
                },
            );
        }
        Ok(Lexicon {
            concepts,
            concept_index,
            events,
            units,
            tolerance_exact: f.tolerance.exact,
            tolerance_approx: f.tolerance.approx,
            langs: lang_map,
            legal_forms: HashSet::new(),
        })
    }

    pub fn lang(&self, code: &str) -> Option<&LangLexicon> {
        self.langs.get(code)
    }

    /// Languages with a claims file, sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.langs.keys().map(String::as_str).collect();
        v.sort();
        v
    }

    pub fn concept(&self, id: &str) -> Option<usize> {
        self.concept_index.get(id).copied()
    }

    pub fn concept_id(&self, i: usize) -> &str {
        &self.concepts[i].id
    }

    /// Whether `a` is `b` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, a: usize, b: usize) -> bool {
        let mut cur = Some(b);
        while let Some(c) = cur {
            if c == a {
                return true;
            }
            cur = self.concepts[c].parent;
        }
        false
    }

    /// The nearest concept that both `a` and `b` are part of.
    pub fn common_ancestor(&self, a: usize, b: usize) -> Option<usize> {
        let mut cur = Some(a);
        while let Some(c) = cur {
            if self.is_ancestor_or_self(c, b) {
                return Some(c);
            }
            cur = self.concepts[c].parent;
        }
        None
    }

    /// The dimension of a unit (`km` → `distance`), if listed.
    pub fn unit_dimension(&self, unit: &str) -> Option<&str> {
        self.units.get(&unit.to_lowercase()).map(String::as_str)
    }

    /// The event id and label of event `i`.
    pub fn event(&self, i: usize) -> (&str, &str) {
        let (id, label) = &self.events[i];
        (id, label)
    }

    pub fn event_label(&self, id: &str) -> Option<&str> {
        self.events
            .iter()
            .find(|(e, _)| e == id)
            .map(|(_, l)| l.as_str())
    }

    /// The concept named in `words` (folded), in `lang` first and then in any language; the
    /// longest phrase wins, then the earliest.
    pub fn find_concept(&self, lang: &str, words: &[String]) -> Option<Found> {
        let own = self.langs.get(lang);
        if let Some(f) = own.and_then(|l| find(&l.concepts, words, l.compounds)) {
            return Some(f);
        }
        self.languages()
            .into_iter()
            .filter(|c| *c != lang)
            .filter_map(|c| {
                let l = &self.langs[c];
                find(&l.concepts, words, l.compounds)
            })
            .max_by(|a, b| a.len.cmp(&b.len).then(b.at.cmp(&a.at)))
    }

    /// Every event named in `words`, in `lang`.
    pub fn find_events(&self, lang: &str, words: &[String]) -> Vec<Found> {
        match self.langs.get(lang) {
            Some(l) => find_all(&l.events, words, false),
            None => Vec::new(),
        }
    }

    /// Whether `words` set a figure against another (`far more than`, `dispute`).
    pub fn has_dispute(&self, lang: &str, words: &[String]) -> bool {
        self.langs.get(lang).is_some_and(|l| {
            l.dispute
                .iter()
                .any(|p| words.windows(p.len()).any(|w| w == p.as_slice()))
        })
    }

    /// Whether `words` start with a partitive (`of the`, `van de`): the figure before them
    /// counts a share of a group.
    pub fn is_partitive(&self, lang: &str, words: &[String]) -> bool {
        self.langs
            .get(lang)
            .is_some_and(|l| l.partitives.iter().any(|p| words.starts_with(p)))
    }

    /// Whether `words` are only a coordinator (`and`, `en`, `sowie`) and punctuation-free.
    pub fn is_coordinator(&self, lang: &str, words: &[String]) -> bool {
        self.langs
            .get(lang)
            .is_some_and(|l| l.coordinators.iter().any(|p| p.as_slice() == words))
    }

    /// The stem of a folded word, by the language's stemmer when it has one.
    pub fn stem<'a>(&self, lang: &str, word: &'a str) -> std::borrow::Cow<'a, str> {
        match self.langs.get(lang).and_then(|l| l.stemmer.as_ref()) {
            Some(s) => s.stem(word),
            None => std::borrow::Cow::Borrowed(word),
        }
    }
}

fn patterns(names: &[String], item: usize) -> Vec<Pattern> {
    names
        .iter()
        .map(|n| Pattern {
            words: words(n),
            item,
        })
        .filter(|p| !p.words.is_empty())
        .collect()
}

fn phrases(list: &[String]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| words(p))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether phrase word `w` is pattern word `p`: equal, the last part of a hyphenated word
/// (`is-strijders`), or, where nouns compound, the tail of a longer word.
fn word_matches(w: &str, p: &str, last: bool, compounds: bool) -> bool {
    if w == p {
        return true;
    }
    if !last {
        return false;
    }
    if let Some(tail) = w.rsplit('-').next()
        && tail != w
        && tail == p
    {
        return true;
    }
    compounds && p.chars().count() >= 5 && w.len() >= p.len() + 3 && w.ends_with(p)
}

fn match_at(p: &Pattern, words: &[String], at: usize, compounds: bool) -> bool {
    let n = p.words.len();
    if at + n > words.len() {
        return false;
    }
    p.words
        .iter()
        .enumerate()
        .all(|(k, pw)| word_matches(&words[at + k], pw, k + 1 == n, compounds))
}

fn find(pats: &[Pattern], words: &[String], compounds: bool) -> Option<Found> {
    // A word as listed beats the tail of a compound (`Fahrzeugen` is vehicles, though it ends
    // in `zeugen`, witnesses).
    find_with(pats, words, false, false).or_else(|| find_with(pats, words, true, compounds))
}

fn find_with(pats: &[Pattern], words: &[String], tails: bool, compounds: bool) -> Option<Found> {
    // Patterns are sorted longest first: the first length that matches anywhere wins, at its
    // earliest position.
    let mut best: Option<Found> = None;
    for p in pats {
        if let Some(b) = best
            && p.words.len() < b.len
        {
            break;
        }
        for at in 0..words.len() {
            let hit = if tails {
                match_at(p, words, at, compounds)
            } else {
                at + p.words.len() <= words.len() && words[at..at + p.words.len()] == p.words[..]
            };
            if hit {
                let f = Found {
                    item: p.item,
                    at,
                    len: p.words.len(),
                };
                if best.is_none_or(|b| f.at < b.at) {
                    best = Some(f);
                }
                break;
            }
        }
    }
    best
}

fn find_all(pats: &[Pattern], words: &[String], compounds: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for p in pats {
        for at in 0..words.len() {
            if match_at(p, words, at, compounds)
                && !out
                    .iter()
                    .any(|f| at < f.at + f.len && f.at < at + p.words.len())
            {
                out.push(Found {
                    item: p.item,
                    at,
                    len: p.words.len(),
                });
            }
        }
    }
    out.sort_by_key(|f| f.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Arc<Lexicon> {
        Lexicon::shared().expect("claims lexicon loads")
    }

    fn concept(lang: &str, phrase: &str) -> Option<String> {
        let l = lex();
        l.find_concept(lang, &words(phrase))
            .map(|f| l.concept_id(f.item).to_string())
    }

    #[test]
    fn counted_nouns_map_to_one_concept_in_every_language() {
        for (lang, phrase) in [
            ("nl", "IS-strijders"),
            ("en", "Islamic State fighters"),
            ("en", "jihadists"),
            ("de", "IS-Kämpfer"),
            ("fr", "combattants du groupe État islamique"),
        ] {
            assert_eq!(
                concept(lang, phrase).as_deref(),
                Some("fighters"),
                "{phrase}"
            );
        }
        for (lang, phrase) in [
            ("nl", "familieleden"),
            ("en", "of their family members"),
            ("de", "Angehörige"),
            ("fr", "membres de leurs familles"),
        ] {
            assert_eq!(
                concept(lang, phrase).as_deref(),
                Some("family-members"),
                "{phrase}"
            );
        }
        assert_eq!(
            concept("nl", "buitenlandse strijders").as_deref(),
            Some("foreign-fighters")
        );
        assert_eq!(
            concept("nl", "vrachtwagenchauffeurs").as_deref(),
            Some("drivers")
        );
        // English does not compound: a firefighter is no fighter.
        assert_eq!(concept("en", "firefighters"), None);
        // A listed word beats a compound's tail.
        assert_eq!(concept("de", "Fahrzeugen").as_deref(), Some("vehicles"));
        // A language without its own word for it still finds it in another's list.
        assert_eq!(concept("it", "Kämpfer").as_deref(), Some("fighters"));
    }

    #[test]
    fn the_hierarchy_knows_parts_and_totals() {
        let l = lex();
        let f = l.concept("fighters").unwrap();
        let fm = l.concept("family-members").unwrap();
        let p = l.concept("people").unwrap();
        assert_eq!(l.common_ancestor(f, fm), Some(p));
        assert!(l.is_ancestor_or_self(p, f));
        assert!(!l.is_ancestor_or_self(f, p));
        assert_eq!(l.unit_dimension("KM"), Some("distance"));
    }

    #[test]
    fn events_cues_and_coordinators() {
        let l = lex();
        let ev = l.find_events("fr", &words("ont pu quitter Raqqa en octobre"));
        assert_eq!(ev.len(), 1);
        assert_eq!(l.event(ev[0].item).0, "leave");
        assert!(l.has_dispute(
            "en",
            &words("about 4,000 people left, far more than the coalition has acknowledged")
        ));
        assert!(!l.has_dispute("en", &words("about 4,000 people left the city")));
        assert!(l.is_coordinator("de", &words("und")));
        assert_eq!(l.stem("nl", "strijders"), "strijder");
    }
}
