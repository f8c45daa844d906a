//! Entities: mentions grouped into one entity per real-world thing, with stable,
//! language-independent ids, canonical names and roles.
//!
//! Ids come, in this order, from the gazetteer (places: `geonames:163843`), from the curated
//! alias table in `data/aliases/` (`org:islamic-state` for `IS`, `ISIS`, `Daesh`, ...), and
//! otherwise from the normalised name (`per:ryan-dillon`). Within an article a person named by
//! part of a longer name (`Dillon` after `Ryan Dillon`) is the same entity. Titles and role
//! phrases around a person's name (`kolonel`, `woordvoerder van de coalitie`) become `roles`,
//! from the word lists in `data/lang/<code>/roles.toml`. Pronouns are never entities.
//!
//! Besides the tagger's mentions, two sources add entities the tagger missed: a name from the
//! alias table written exactly as listed (unless its entry says `in_text = false`), and a
//! place name the gazetteer finds and accepts on its own (see [`crate::places`]: exact
//! capitalisation, not a common word outside place context, not part of a longer name, not
//! after a person title). Both are added only where no tagger mention overlaps them.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use dossier_model::{Entity, EntityType};
use dossier_text::{DataError, Doc, TokenKind, data_dir, load_toml};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::ner::Mention;
use crate::places::{self, Gazetteer, Hint};

#[derive(Deserialize)]
struct AliasFile {
    #[serde(default)]
    entity: Vec<AliasEntryFile>,
    #[serde(default)]
    legal_forms: Vec<String>,
}

#[derive(Deserialize)]
struct AliasEntryFile {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    canonical: String,
    names: Vec<String>,
    #[serde(default = "yes")]
    in_text: bool,
}

fn yes() -> bool {
    true
}

/// One curated entity.
#[derive(Clone, Debug)]
pub struct AliasEntry {
    pub id: String,
    pub kind: EntityType,
    pub canonical: String,
    /// Whether its names are matched in running text without a tagger mention.
    pub in_text: bool,
}

#[derive(Deserialize, Default)]
struct RolesFile {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default)]
    articles: Vec<String>,
    #[serde(default)]
    compound_roles: bool,
    #[serde(default)]
    pronouns: Vec<String>,
}

/// Role and title words of one language, lower-cased.
#[derive(Debug, Default)]
struct LangRoles {
    titles: HashSet<String>,
    roles: HashSet<String>,
    modifiers: HashSet<String>,
    articles: HashSet<String>,
    compound_roles: bool,
    pronouns: HashSet<String>,
}

impl LangRoles {
    /// A title or role word, or (where the language compounds) a word ending in a role word
    /// (`coalitiewoordvoerder`).
    fn is_role(&self, lower: &str) -> bool {
        let w = lower.trim_end_matches('.');
        if self.titles.contains(lower) || self.roles.contains(lower) || self.roles.contains(w) {
            return true;
        }
        self.compound_roles
            && self.roles.iter().any(|r| {
                r.chars().count() >= 5 && lower.len() > r.len() + 2 && lower.ends_with(r.as_str())
            })
    }
}

/// Curated aliases (`IS`/`ISIS`/`Islamitische Staat`/`Daesh`) mapping names to stable ids,
/// and the role words of every language.
#[derive(Default)]
pub struct AliasTable {
    entries: Vec<AliasEntry>,
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    /// For the first word of every name, the most words a name starting with it has.
    first_words: HashMap<String, usize>,
    /// Folded legal forms dropped from the end of organisation names (`llc`, `corporation`).
    legal_forms: HashSet<String>,
    langs: HashMap<String, LangRoles>,
}

impl AliasTable {
    /// Loads every `data/aliases/*.toml` and `data/lang/*/roles.toml`.
    pub fn load() -> Result<Self, DataError> {
        let mut t = AliasTable::default();
        for file in toml_files(&data_dir().join("aliases")) {
            let rel = format!("aliases/{file}");
            let f: AliasFile = load_toml(&rel)?;
            t.legal_forms
                .extend(f.legal_forms.iter().map(|w| fold(w.trim_end_matches('.'))));
            for e in f.entity {
                let kind = EntityType::parse(&e.kind).ok_or_else(|| DataError::Parse {
                    path: data_dir().join(&rel),
                    message: format!("{}: unknown type {}", e.id, e.kind),
                })?;
                let i = t.entries.len();
                for n in &e.names {
                    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
                    let first = crate::places::first_word(&n).to_string();
                    let max = t.first_words.entry(first).or_insert(0);
                    *max = (*max).max(n.split(' ').count());
                    t.exact.entry(n.clone()).or_insert(i);
                    if n.chars().any(char::is_lowercase) {
                        t.folded.entry(fold(&n)).or_insert(i);
                    }
                }
                t.folded.entry(fold(&e.canonical)).or_insert(i);
                t.entries.push(AliasEntry {
                    id: e.id,
                    kind,
                    canonical: e.canonical,
                    in_text: e.in_text,
                });
            }
        }
        for dir in lang_dirs() {
            let rel = format!("lang/{dir}/roles.toml");
            if !data_dir().join(&rel).exists() {
                continue;
            }
            let f: RolesFile = load_toml(&rel)?;
            let low = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
            t.langs.insert(
                dir,
                LangRoles {
                    titles: low(f.titles),
                    roles: low(f.roles),
                    modifiers: low(f.modifiers),
                    articles: low(f.articles),
                    compound_roles: f.compound_roles,
                    pronouns: low(f.pronouns),
                },
            );
        }
        Ok(t)
    }

    /// The curated entity a name stands for: exactly as written, or case-insensitively for
    /// names that are not acronyms.
    pub fn lookup(&self, name: &str) -> Option<&AliasEntry> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let i = self.exact.get(&name).or_else(|| {
            if name.chars().any(char::is_lowercase) {
                self.folded.get(&fold(&name))
            } else {
                None
            }
        })?;
        Some(&self.entries[*i])
    }

    fn rules(&self, lang: &str) -> &LangRoles {
        static EMPTY: std::sync::OnceLock<LangRoles> = std::sync::OnceLock::new();
        self.langs
            .get(lang)
            .unwrap_or_else(|| EMPTY.get_or_init(LangRoles::default))
    }
}

fn toml_files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn lang_dirs() -> Vec<String> {
    let dir: PathBuf = data_dir().join("lang");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Lower case without diacritics: the key for case-insensitive matches.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect()
}

/// A language-independent id from a name: `Ryan Dillon` gives `ryan-dillon`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Where an item's identity comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Origin {
    Tagger,
    Alias(usize),
    Place(u32),
}

/// A mention on its way to becoming an entity.
#[derive(Debug)]
struct Item {
    start: usize,
    end: usize,
    kind: EntityType,
    origin: Origin,
    roles: Vec<String>,
    id: String,
    canonical: String,
}

fn lower_word(doc: &Doc, i: usize) -> String {
    doc.tok(i).to_lowercase()
}

/// Drops titles (into roles), articles and a possessive from the edges of a tagger mention.
fn trim_mention(
    doc: &Doc,
    rules: &LangRoles,
    is_pronoun: impl Fn(&str) -> bool,
    m: &Mention,
) -> Option<Item> {
    let mut first = doc.token_at(m.start);
    let mut last = doc.tokens.partition_point(|t| t.end <= m.end);
    // `last` is one past the last token inside the mention.
    if last <= first || first >= doc.tokens.len() {
        return None;
    }
    let mut roles = Vec::new();
    let mut prefix: Option<usize> = None;
    while first + 1 < last {
        let w = lower_word(doc, first);
        if m.kind == EntityType::PER && rules.modifiers.contains(w.trim_end_matches('-')) {
            prefix.get_or_insert(first);
        } else if m.kind == EntityType::PER && rules.is_role(&w) {
            let from = prefix.take().unwrap_or(first);
            roles.push(doc.text[doc.tokens[from].start..doc.tokens[first].end].to_string());
        } else if rules.articles.contains(&w) && doc.tok(first).chars().all(|c| !c.is_uppercase()) {
            prefix = None;
        } else {
            break;
        }
        first += 1;
    }
    // A title inside a person's mention, after words the tagger took in with it (`House Rep.
    // Paul Ryan` from `Speaker of the House Rep. Paul Ryan`): the name starts after it.
    if m.kind == EntityType::PER
        && let Some(k) = (first + 1..last.saturating_sub(1))
            .rev()
            .find(|&k| rules.is_role(&lower_word(doc, k)))
    {
        roles.push(doc.tok(k).to_string());
        first = k + 1;
    }
    // Trailing punctuation, and for a person trailing lower-case words (`Dillon added`).
    while last > first + 1
        && (!doc.tokens[last - 1].is_wordlike()
            || (m.kind == EntityType::PER
                && doc
                    .tok(last - 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)))
    {
        last -= 1;
    }
    let start = doc.tokens[first].start.max(m.start);
    let mut end = doc.tokens[last - 1].end.min(m.end);
    let text = &doc.text[start..end];
    for suf in ["'s", "\u{2019}s"] {
        if text.len() > suf.len() + 1 && text.ends_with(suf) {
            end -= suf.len();
        }
    }
    let text = &doc.text[start..end];
    if !text.chars().any(char::is_alphabetic) || is_pronoun(text) {
        return None;
    }
    Some(Item {
        start,
        end,
        kind: m.kind,
        origin: Origin::Tagger,
        roles,
        id: String::new(),
        canonical: String::new(),
    })
}

/// Mostly upper-case lines (`IS IS BACK`): acronyms cannot be told from words there.
fn shouting(doc: &Doc, tok: usize) -> bool {
    let s = &doc.sentences[doc.sentence_of(tok)];
    let words: Vec<&str> = (s.first..s.last)
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
        .map(|k| doc.tok(k))
        .collect();
    let caps = words
        .iter()
        .filter(|w| w.chars().all(|c| !c.is_lowercase()))
        .count();
    words.len() >= 3 && caps * 2 >= words.len()
}

/// Names from the alias table written in the text exactly as listed.
fn alias_matches(doc: &Doc, aliases: &AliasTable) -> Vec<(usize, usize, usize)> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_wordlike() || !doc.tok(i).chars().next().is_some_and(char::is_alphabetic) {
            i += 1;
            continue;
        }
        let Some(&words) = aliases.first_words.get(doc.tok(i)) else {
            i += 1;
            continue;
        };
        let mut hit = None;
        for j in (i..(i + 2 * words).min(toks.len())).rev() {
            if !toks[j].is_wordlike() {
                continue;
            }
            let raw = &doc.text[toks[i].start..toks[j].end];
            if raw.contains('\n') {
                continue;
            }
            let key = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(&e) = aliases.exact.get(&key)
                && aliases.entries[e].in_text
            {
                hit = Some((j, e));
                break;
            }
        }
        match hit {
            Some((j, e)) => {
                let acronym = doc.tok(i).chars().all(|c| !c.is_lowercase()) && j == i;
                if !(acronym && shouting(doc, i)) {
                    out.push((toks[i].start, toks[j].end, e));
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Roles given to the mention at `start..end`: titles right before it (`kolonel`), and an
/// appositive after it (`, woordvoerder van de westerse coalitie tegen IS`).
fn roles_around(doc: &Doc, rules: &LangRoles, start: usize, end: usize) -> Vec<String> {
    let mut out = Vec::new();
    let first = doc.token_at(start);
    if first >= doc.tokens.len() {
        return out;
    }
    let sent = doc.sentences[doc.sentence_of(first)];
    // Before: a run of titles and their modifiers.
    let mut k = first;
    while k > sent.first {
        let w = lower_word(doc, k - 1);
        let t = doc.tokens[k - 1];
        if !t.is_wordlike()
            || !(rules.is_role(&w) || rules.modifiers.contains(w.trim_end_matches('-')))
        {
            break;
        }
        k -= 1;
    }
    let mut prefix: Option<usize> = None;
    for i in k..first {
        let w = lower_word(doc, i);
        if rules.modifiers.contains(w.trim_end_matches('-')) && !rules.is_role(&w) {
            prefix.get_or_insert(i);
        } else {
            let from = prefix.take().unwrap_or(i);
            out.push(doc.text[doc.tokens[from].start..doc.tokens[i].end].to_string());
        }
    }
    // After: `, [article] role ...` up to the end of the clause.
    let mut i = doc.tokens.partition_point(|t| t.start < end);
    if i < sent.last && doc.tok(i) == "," {
        i += 1;
        if i < sent.last && rules.articles.contains(&lower_word(doc, i)) {
            i += 1;
        }
        let from = i;
        while i < sent.last
            && rules
                .modifiers
                .contains(lower_word(doc, i).trim_end_matches('-'))
        {
            i += 1;
        }
        if i < sent.last && doc.tokens[i].is_wordlike() && rules.is_role(&lower_word(doc, i)) {
            let mut j = i;
            while j + 1 < sent.last
                && j + 1 - from < 15
                && (doc.tokens[j + 1].is_wordlike()
                    || matches!(doc.tok(j + 1), "-" | "'" | "\u{2019}" | "&"))
            {
                j += 1;
            }
            out.push(doc.text[doc.tokens[from].start..doc.tokens[j].end].to_string());
        }
    }
    out
}

/// Gives every mention its entity id, canonical name and roles, and adds the entities the
/// tagger missed that the alias table or the gazetteer find on their own.
pub fn resolve(
    doc: &Doc,
    mentions: &[Mention],
    aliases: &AliasTable,
    gazetteer: &Gazetteer,
) -> Vec<Entity> {
    let rules = aliases.rules(doc.lang);
    let valid = |m: &Mention| {
        m.start < m.end
            && m.end <= doc.text.len()
            && doc.text.is_char_boundary(m.start)
            && doc.text.is_char_boundary(m.end)
    };
    // Pronouns of the article's language, and English ones (quoted English is common).
    let english = aliases.rules("en");
    let is_pronoun = |t: &str| {
        let t = t.to_lowercase();
        rules.pronouns.contains(&t) || english.pronouns.contains(&t)
    };
    let mut items: Vec<Item> = mentions
        .iter()
        .filter(|m| valid(m))
        .filter_map(|m| trim_mention(doc, rules, is_pronoun, m))
        .collect();
    retype_places(doc, rules, gazetteer, &mut items);
    let overlaps =
        |items: &[Item], s: usize, e: usize| items.iter().any(|it| it.start < e && s < it.end);
    for (s, e, entry) in alias_matches(doc, aliases) {
        // A curated name the tagger cut short (`Islamic` of `Islamic State`) wins.
        let inside = |it: &Item| s <= it.start && it.end <= e && it.end - it.start < e - s;
        if items.iter().any(|it| it.start < e && s < it.end) {
            let all_inside = items
                .iter()
                .filter(|it| it.start < e && s < it.end)
                .all(inside);
            if !all_inside {
                continue;
            }
            let mut k = 0;
            while k < items.len() {
                if inside(&items[k]) {
                    items.remove(k);
                } else {
                    k += 1;
                }
            }
        }
        {
            items.push(Item {
                start: s,
                end: e,
                kind: aliases.entries[entry].kind,
                origin: Origin::Alias(entry),
                roles: Vec::new(),
                id: String::new(),
                canonical: String::new(),
            });
        }
    }
    let hints: Vec<Hint> = items
        .iter()
        .map(|it| Hint {
            start: it.start,
            end: it.end,
            kind: it.kind,
        })
        .collect();
    let mut added = Vec::new();
    for l in places::locate(doc, &hints, gazetteer) {
        if l.demonym {
            // `Japanse`, `Japanese`, `japonés` tagged MISC: one id, the country's. A demonym
            // the tagger took for a place (`de Syriërs` as LOC) is a nationality word too.
            for it in items.iter_mut() {
                if it.start == l.start
                    && it.end == l.end
                    && matches!(it.kind, EntityType::MISC | EntityType::LOC)
                    && it.origin == Origin::Tagger
                {
                    it.kind = EntityType::MISC;
                    it.origin = Origin::Place(l.place);
                }
            }
            continue;
        }
        let mut inside = false;
        for it in items.iter_mut() {
            if it.kind == EntityType::LOC && it.start <= l.start && l.end <= it.end {
                if it.origin == Origin::Tagger {
                    it.origin = Origin::Place(l.place);
                }
                inside = true;
            }
        }
        if !inside && !overlaps(&items, l.start, l.end) {
            added.push(Item {
                start: l.start,
                end: l.end,
                kind: EntityType::LOC,
                origin: Origin::Place(l.place),
                roles: Vec::new(),
                id: String::new(),
                canonical: String::new(),
            });
        }
    }
    items.extend(added);
    items.sort_by_key(|it| (it.start, it.end));

    // Ids from the gazetteer and the alias table.
    for it in items.iter_mut() {
        let text = &doc.text[it.start..it.end];
        match it.origin {
            Origin::Place(p) => {
                let p = gazetteer.place(p);
                it.id = p.id.clone();
                it.canonical = p.name.clone();
            }
            Origin::Alias(e) => {
                it.id = aliases.entries[e].id.clone();
                it.canonical = aliases.entries[e].canonical.clone();
            }
            Origin::Tagger => {
                if let Some(e) = aliases.lookup(text) {
                    it.id = e.id.clone();
                    it.canonical = e.canonical.clone();
                    // One entity, one type: `IS` the tagger read as a place is the
                    // organisation the table knows (a MISC reading, `Amerikaanse`, stays).
                    if it.kind != EntityType::MISC {
                        it.kind = e.kind;
                    }
                }
            }
        }
    }
    link_acronyms(doc, &mut items);
    name_the_rest(doc, aliases, &mut items);
    group_people(doc, &mut items);
    for it in items.iter_mut().filter(|it| it.id.is_empty()) {
        let text = &doc.text[it.start..it.end];
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let prefix = match it.kind {
            EntityType::PER => "per",
            EntityType::ORG => "org",
            EntityType::LOC => "loc",
            EntityType::MISC => "misc",
        };
        it.id = format!("{prefix}:{}", slug(&name));
        it.canonical = name;
    }

    // Roles: gathered over all mentions of a person, given to each.
    let mut roles: HashMap<String, Vec<String>> = HashMap::new();
    for it in &items {
        if it.kind != EntityType::PER {
            continue;
        }
        let r = roles.entry(it.id.clone()).or_default();
        for role in it
            .roles
            .iter()
            .cloned()
            .chain(roles_around(doc, rules, it.start, it.end))
        {
            if !r.iter().any(|x| x.eq_ignore_ascii_case(&role)) {
                r.push(role);
            }
        }
    }
    items
        .into_iter()
        .map(|it| Entity {
            span: doc.span(it.start, it.end),
            text: doc.text[it.start..it.end].to_string(),
            kind: it.kind,
            roles: roles.get(&it.id).cloned().unwrap_or_default(),
            id: it.id,
            canonical: it.canonical,
        })
        .collect()
}

/// One sense per article for place names the tagger calls a person or an organisation: a
/// one-word PER/ORG mention becomes LOC when the same word is a LOC mention elsewhere in the
/// article, or when the gazetteer knows it as a country, region or city over 100,000 people
/// and the article never uses it for a person (after a title, or in a longer person's name).
fn retype_places(doc: &Doc, rules: &LangRoles, gaz: &Gazetteer, items: &mut [Item]) {
    let text = |it: &Item| &doc.text[it.start..it.end];
    let loc: HashSet<&str> = items
        .iter()
        .filter(|it| it.kind == EntityType::LOC)
        .map(text)
        .collect();
    let person_words: HashSet<&str> = items
        .iter()
        .filter(|it| it.kind == EntityType::PER && (!it.roles.is_empty() || text(it).contains(' ')))
        .flat_map(|it| text(it).split_whitespace())
        .collect();
    let strong = |t: &str| {
        gaz.lookup(t).iter().any(|r| {
            let p = gaz.place(r.place);
            gaz.applies(r, doc.lang)
                && r.kind != crate::places::NameKind::Demonym
                && match p.feature {
                    crate::places::Feature::City => p.population >= 100_000,
                    _ => true,
                }
        })
    };
    let after_title = |it: &Item| {
        let i = doc.token_at(it.start);
        i > 0 && rules.is_role(&doc.tok(i - 1).to_lowercase())
    };
    let mut retyped = Vec::new();
    for (k, it) in items.iter().enumerate() {
        let t = text(it);
        if !matches!(it.kind, EntityType::PER | EntityType::ORG)
            || t.contains(char::is_whitespace)
            || !it.roles.is_empty()
            || after_title(it)
            || person_words.contains(t)
        {
            continue;
        }
        if loc.contains(t) || strong(t) {
            retyped.push(k);
        }
    }
    for k in retyped {
        items[k].kind = EntityType::LOC;
    }
}

/// Ids from the name for organisations and other names the alias table does not know: one type
/// per name in the article (the tagger's majority, so `Boeing` is not ORG here and PER there),
/// legal forms dropped (`Chrysler LLC` is `Chrysler`), and a longer name joins the one-word
/// name it starts with when the article uses that too (`Ford Motor Company` and `Ford`).
fn name_the_rest(doc: &Doc, aliases: &AliasTable, items: &mut [Item]) {
    let base = |it: &Item| -> Vec<String> {
        let mut words: Vec<String> = doc.text[it.start..it.end]
            .split_whitespace()
            .map(str::to_string)
            .collect();
        while words.len() > 1
            && words
                .last()
                .is_some_and(|w| aliases.legal_forms.contains(&fold(w.trim_end_matches('.'))))
        {
            words.pop();
        }
        if words.len() > 1 && matches!(words[0].as_str(), "The" | "the") {
            words.remove(0);
        }
        words
    };
    // A one-word PER mention joins in when the article names an organisation by that word
    // (`Chrysler` tagged PER beside `Chrysler LLC`).
    let org_words: HashSet<String> = items
        .iter()
        .filter(|it| it.id.is_empty() && it.kind != EntityType::PER)
        .filter_map(|it| base(it).first().map(|w| slug(w)))
        .collect();
    let open: Vec<usize> = (0..items.len())
        .filter(|&i| {
            let it = &items[i];
            it.id.is_empty()
                && (it.kind != EntityType::PER
                    || (it.roles.is_empty()
                        && !doc.text[it.start..it.end].contains(char::is_whitespace)
                        && org_words.contains(&slug(&doc.text[it.start..it.end]))))
        })
        .collect();
    let names: Vec<Vec<String>> = open.iter().map(|&i| base(&items[i])).collect();
    let singles: HashSet<String> = names
        .iter()
        .filter(|w| w.len() == 1)
        .map(|w| slug(&w[0]))
        .collect();
    let mut keys: Vec<(String, String)> = Vec::new();
    for w in &names {
        let full = w.join(" ");
        let first = slug(&w[0]);
        keys.push(if w.len() > 1 && singles.contains(&first) {
            (first, w[0].clone())
        } else {
            (slug(&full), full)
        });
    }
    let mut votes: HashMap<&str, [usize; 3]> = HashMap::new();
    for (k, &i) in open.iter().enumerate() {
        let v = votes.entry(keys[k].0.as_str()).or_default();
        match items[i].kind {
            EntityType::ORG => v[0] += 1,
            EntityType::MISC => v[1] += 1,
            EntityType::LOC => v[2] += 1,
            EntityType::PER => {}
        }
    }
    let mut decided: Vec<(usize, EntityType, String, String)> = Vec::new();
    for (k, &i) in open.iter().enumerate() {
        let (key, name) = &keys[k];
        let v = votes.get(key.as_str()).copied().unwrap_or_default();
        let kind = if v[0] >= v[1] && v[0] >= v[2] {
            EntityType::ORG
        } else if v[1] >= v[2] {
            EntityType::MISC
        } else {
            EntityType::LOC
        };
        if key.is_empty() {
            continue;
        }
        decided.push((i, kind, key.clone(), name.clone()));
    }
    for (i, kind, key, name) in decided {
        let prefix = match kind {
            EntityType::ORG => "org",
            EntityType::MISC => "misc",
            _ => "loc",
        };
        items[i].kind = kind;
        items[i].id = format!("{prefix}:{key}");
        items[i].canonical = name;
    }
}

/// `Syrische Democratische Strijdkrachten (SDF)`: the bracketed short form is the same entity.
fn link_acronyms(doc: &Doc, items: &mut [Item]) {
    for k in 1..items.len() {
        let (a, b) = (&items[k - 1], &items[k]);
        let between = doc.text[a.end..b.start].trim();
        let closes = doc.text[b.end..].trim_start().starts_with(')');
        if between != "(" || !closes || a.kind != b.kind {
            continue;
        }
        let (id, canonical) = match (a.id.is_empty(), b.id.is_empty()) {
            (false, true) => (a.id.clone(), a.canonical.clone()),
            (true, false) => (b.id.clone(), b.canonical.clone()),
            (true, true) => {
                let name = doc.text[a.start..a.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (format!("org:{}", slug(&name)), name)
            }
            (false, false) => continue,
        };
        for it in &mut items[k - 1..=k] {
            it.id = id.clone();
            it.canonical = canonical.clone();
        }
    }
}

/// Within the article, `Dillon` and `Ryan Dillon` are one person: a name whose words all occur,
/// in order and with the same last word (or as the only word), in a longer name joins it.
fn group_people(doc: &Doc, items: &mut [Item]) {
    let words = |it: &Item| -> Vec<String> {
        doc.text[it.start..it.end]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    // Compared without case: `De Wit` opening a sentence is `Linda de Wit`.
    let lower = |w: &[String]| -> Vec<String> { w.iter().map(|x| x.to_lowercase()).collect() };
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].kind == EntityType::PER)
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(words(&items[i]).len()), items[i].start));
    // (words of the full name, id, canonical)
    let mut groups: Vec<(Vec<String>, String, String)> = Vec::new();
    for i in order {
        let w = words(&items[i]);
        let wl = lower(&w);
        let joins = |g: &Vec<String>| {
            let g = lower(g);
            let mut it = g.iter();
            let in_order = wl.iter().all(|x| it.any(|y| y == x));
            in_order && (wl.last() == g.last() || wl.len() == 1)
        };
        let matching: Vec<&(Vec<String>, String, String)> =
            groups.iter().filter(|(g, _, _)| joins(g)).collect();
        if let Some((_, id, canonical)) = matching.first() {
            // `Clinton` beside `Bill Clinton` and `Hillary Clinton` is neither: it stays a
            // name of its own rather than joining the wrong person.
            if matching.iter().any(|(_, other, _)| other != id) {
                if items[i].id.is_empty() {
                    let name = w.join(" ");
                    items[i].id = format!("per:{}", slug(&name));
                    items[i].canonical = name;
                }
                continue;
            }
            if items[i].id.is_empty() {
                items[i].id = id.clone();
                items[i].canonical = canonical.clone();
            }
            continue;
        }
        if items[i].id.is_empty() {
            let name = w.join(" ");
            items[i].id = format!("per:{}", slug(&name));
            items[i].canonical = name;
        }
        groups.push((w, items[i].id.clone(), items[i].canonical.clone()));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn res() -> &'static (AliasTable, Gazetteer) {
        static R: OnceLock<(AliasTable, Gazetteer)> = OnceLock::new();
        R.get_or_init(|| {
            (
                AliasTable::load().expect("aliases load"),
                Gazetteer::load().expect("gazetteer loads"),
            )
        })
    }

    /// Mentions of the given type at every occurrence of each surface form.
    fn mentions(text: &str, forms: &[(&str, EntityType)]) -> Vec<Mention> {
        let mut out = Vec::new();
        for (form, kind) in forms {
            for (start, _) in text.match_indices(form) {
                let end = start + form.len();
                if out.iter().any(|m: &Mention| m.start < end && start < m.end) {
                    continue;
                }
                out.push(Mention {
                    start,
                    end: start + form.len(),
                    kind: *kind,
                    score: 0.9,
                });
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    fn run(text: &str, lang: &str, forms: &[(&str, EntityType)]) -> Vec<Entity> {
        let (aliases, gaz) = res();
        let doc = Doc::new(text, lang);
        let ents = resolve(&doc, &mentions(text, forms), aliases, gaz);
        for e in &ents {
            assert_eq!(e.span.slice(text), e.text, "{e:?}");
        }
        ents
    }

    fn find<'a>(ents: &'a [Entity], text: &str) -> Vec<&'a Entity> {
        ents.iter().filter(|e| e.text == text).collect()
    }

    #[test]
    fn a_person_named_by_title_and_surname_is_one_entity_with_roles() {
        let text = "\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon, woordvoerder \
                    van de westerse coalitie tegen IS. Volgens Dillon was het een lokale deal.";
        let ents = run(
            text,
            "nl",
            &[
                ("kolonel Ryan Dillon", EntityType::PER),
                ("Dillon", EntityType::PER),
            ],
        );
        let short = find(&ents, "Dillon");
        assert_eq!(short.len(), 1, "{ents:#?}");
        assert_eq!(short[0].id, "per:ryan-dillon");
        assert_eq!(short[0].canonical, "Ryan Dillon");
        let full = find(&ents, "Ryan Dillon");
        assert_eq!(full.len(), 1, "{ents:#?}");
        let e = full[0];
        assert_eq!(e.id, "per:ryan-dillon");
        assert_eq!(e.canonical, "Ryan Dillon");
        assert_eq!(e.kind, EntityType::PER);
        assert!(e.roles.contains(&"kolonel".to_string()), "{:?}", e.roles);
        assert!(
            e.roles
                .contains(&"woordvoerder van de westerse coalitie tegen IS".to_string()),
            "{:?}",
            e.roles
        );
        let is = find(&ents, "IS");
        assert_eq!(is.len(), 1);
        assert_eq!(is[0].id, "org:islamic-state");
    }

    #[test]
    fn surname_alone_joins_the_full_name() {
        let text = "Col. Ryan Dillon, a spokesman for the coalition, said the deal was local. \
                    Dillon added that the convoy left.";
        let ents = run(
            text,
            "en",
            &[
                ("Col. Ryan Dillon", EntityType::PER),
                ("Dillon", EntityType::PER),
            ],
        );
        let ids: HashSet<&str> = ents
            .iter()
            .filter(|e| e.kind == EntityType::PER)
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, HashSet::from(["per:ryan-dillon"]), "{ents:#?}");
        let e = find(&ents, "Ryan Dillon")[0];
        assert!(e.roles.contains(&"Col.".to_string()), "{:?}", e.roles);
        assert!(
            e.roles.contains(&"spokesman for the coalition".to_string()),
            "{:?}",
            e.roles
        );
    }

    #[test]
    fn a_title_inside_a_person_mention_starts_the_name_after_it() {
        let text = "Speaker of the House Rep. Paul Ryan said the images had no place.";
        let ents = run(text, "en", &[("House Rep. Paul Ryan", EntityType::PER)]);
        let ryan = ents
            .iter()
            .find(|e| e.kind == EntityType::PER)
            .expect("a person");
        assert_eq!(ryan.text, "Paul Ryan", "{ents:#?}");
        assert_eq!(ryan.id, "per:paul-ryan");
        assert!(ryan.roles.contains(&"Rep.".to_string()), "{:?}", ryan.roles);
    }

    #[test]
    fn a_surname_opening_a_sentence_joins_the_name_it_ends() {
        let text = "Topvrouw Linda de Wit ontkent het. De Wit zegt dat er overleg is.";
        let ents = run(
            text,
            "nl",
            &[
                ("Linda de Wit", EntityType::PER),
                ("De Wit", EntityType::PER),
            ],
        );
        let ids: HashSet<&str> = ents.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, HashSet::from(["per:linda-de-wit"]), "{ents:#?}");
    }

    #[test]
    fn a_known_name_takes_the_type_of_its_table_entry() {
        let text = "The coalition said IS fighters had left. IS lost the city.";
        let ents = run(text, "en", &[("IS", EntityType::LOC)]);
        let is = find(&ents, "IS");
        assert!(!is.is_empty(), "{ents:#?}");
        for e in is {
            assert_eq!(
                (e.id.as_str(), e.kind),
                ("org:islamic-state", EntityType::ORG)
            );
        }
    }

    #[test]
    fn a_surname_two_people_share_joins_neither() {
        let text = "Clinton, 35, the daughter of Bill Clinton and Hillary Clinton, said she was \
                    thrilled. Hillary Clinton spoke later.";
        let ents = run(
            text,
            "en",
            &[
                ("Bill Clinton", EntityType::PER),
                ("Hillary Clinton", EntityType::PER),
                ("Clinton", EntityType::PER),
            ],
        );
        let alone = ents.iter().find(|e| e.span.0 == 0).expect("Clinton at 0");
        assert_eq!(alone.id, "per:clinton", "{ents:#?}");
        let hillary = find(&ents, "Hillary Clinton");
        assert!(
            hillary.iter().all(|e| e.id == "per:hillary-clinton"),
            "{ents:#?}"
        );
    }

    #[test]
    fn aliases_share_one_id_across_languages() {
        let (aliases, _) = res();
        let id = |n: &str| aliases.lookup(n).map(|e| e.id.as_str());
        for n in [
            "IS",
            "ISIS",
            "ISIL",
            "Islamitische Staat",
            "Daesh",
            "l'État islamique",
        ] {
            assert_eq!(id(n), Some("org:islamic-state"), "{n}");
        }
        for n in [
            "SDF",
            "Syrische Democratische Strijdkrachten",
            "Syrian Democratic Forces",
            "FDS",
        ] {
            assert_eq!(id(n), Some("org:syrian-democratic-forces"), "{n}");
        }
        assert_eq!(id("islamitische staat"), Some("org:islamic-state"));
        // Acronyms only match as written.
        assert_eq!(id("is"), None);
        let en = run(
            "The United States and ISIS. The U.S. said Daesh lost.",
            "en",
            &[("ISIS", EntityType::ORG), ("Daesh", EntityType::ORG)],
        );
        let nl = run(
            "De Verenigde Staten en IS. De VS zeggen dat Islamitische Staat verloor.",
            "nl",
            &[("Islamitische Staat", EntityType::ORG)],
        );
        let ids = |ents: &[Entity], t: EntityType| -> HashSet<String> {
            ents.iter()
                .filter(|e| e.kind == t)
                .map(|e| e.id.clone())
                .collect()
        };
        assert_eq!(ids(&en, EntityType::ORG), ids(&nl, EntityType::ORG));
        assert_eq!(ids(&en, EntityType::LOC), ids(&nl, EntityType::LOC));
        assert_eq!(
            ids(&nl, EntityType::LOC),
            HashSet::from(["geonames:6252001".to_string()]),
            "{nl:#?}"
        );
    }

    #[test]
    fn no_alias_name_names_two_entities() {
        let mut seen: HashMap<String, String> = HashMap::new();
        for file in toml_files(&data_dir().join("aliases")) {
            let f: AliasFile = load_toml(&format!("aliases/{file}")).unwrap();
            for e in f.entity {
                for n in e.names {
                    if let Some(other) = seen.insert(n.clone(), e.id.clone()) {
                        assert_eq!(other, e.id, "{n} names two entities");
                    }
                }
            }
        }
    }

    #[test]
    fn pronouns_are_never_entities() {
        let ents = run(
            "Hij zei dat zij naar Raqqa gingen. He said it.",
            "nl",
            &[
                ("Hij", EntityType::PER),
                ("zij", EntityType::PER),
                ("He", EntityType::PER),
            ],
        );
        assert!(ents.iter().all(|e| e.kind != EntityType::PER), "{ents:#?}");
    }

    #[test]
    fn tagger_locations_get_gazetteer_ids_and_missed_places_are_added() {
        let text = "Velen van hen hebben zich verspreid over heel Syrië; sommigen geraakten zelfs tot in Turkije.";
        // The tagger took in `heel`; Turkije it missed.
        let ents = run(text, "nl", &[("heel Syrië", EntityType::LOC)]);
        let syr = find(&ents, "heel Syrië");
        assert_eq!(syr.len(), 1, "{ents:#?}");
        assert_eq!(syr[0].id, "geonames:163843");
        assert_eq!(syr[0].canonical, "Syria");
        let tur = find(&ents, "Turkije");
        assert_eq!(tur.len(), 1, "{ents:#?}");
        assert_eq!(tur[0].kind, EntityType::LOC);
        assert_eq!(tur[0].id, "geonames:298795");
    }

    #[test]
    fn a_tagger_person_vetoes_a_place_reading() {
        // `Paris` and `Jackson` are places too, but here they are people.
        let text = "Paris Hilton en Michael Jackson kwamen naar Antwerpen.";
        let ents = run(
            text,
            "nl",
            &[
                ("Paris Hilton", EntityType::PER),
                ("Michael Jackson", EntityType::PER),
            ],
        );
        let locs: Vec<&str> = ents
            .iter()
            .filter(|e| e.kind == EntityType::LOC)
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(locs, vec!["Antwerpen"]);
    }

    #[test]
    fn a_place_the_tagger_calls_a_person_is_a_place_unless_the_article_says_person() {
        // The tagger got `Raqqa` wrong; `Paris` here is a person (a longer name uses it).
        let text = "Honderden strijders verlieten Raqqa. Paris Hilton zei dat Paris niet kwam.";
        let ents = run(
            text,
            "nl",
            &[
                ("Paris Hilton", EntityType::PER),
                ("Raqqa", EntityType::PER),
                ("Paris", EntityType::PER),
            ],
        );
        let raqqa = find(&ents, "Raqqa");
        assert_eq!(raqqa[0].kind, EntityType::LOC);
        assert_eq!(raqqa[0].id, "geonames:172955");
        assert!(
            find(&ents, "Paris")
                .iter()
                .all(|e| e.kind == EntityType::PER),
            "{ents:#?}"
        );
    }

    #[test]
    fn a_word_inside_a_longer_place_name_is_no_place_of_its_own() {
        let (_, gaz) = res();
        let text = "The plane landed at Changi International Airport on Monday.";
        let doc = Doc::new(text, "en");
        let ents = run(
            text,
            "en",
            &[("Changi International Airport", EntityType::LOC)],
        );
        let places = crate::places::geocode(&doc, &ents, gaz);
        assert!(places.is_empty(), "{places:#?}");
    }

    #[test]
    fn organisations_get_one_id_and_type_per_name() {
        let text = "Chrysler LLC said on Monday that Chrysler would close. Ford Motor Company \
                    and Ford rose; Japanese shares fell.";
        let ents = run(
            text,
            "en",
            &[
                ("Chrysler LLC", EntityType::ORG),
                ("Chrysler", EntityType::PER),
                ("Ford Motor Company", EntityType::ORG),
                ("Ford", EntityType::ORG),
                ("Japanese", EntityType::MISC),
            ],
        );
        let ids = |t: &str| -> HashSet<(String, EntityType)> {
            find(&ents, t)
                .iter()
                .map(|e| (e.id.clone(), e.kind))
                .collect()
        };
        assert_eq!(
            ids("Chrysler LLC"),
            HashSet::from([("org:chrysler".into(), EntityType::ORG)])
        );
        assert_eq!(ids("Chrysler"), ids("Chrysler LLC"), "{ents:#?}");
        assert_eq!(
            ids("Ford Motor Company"),
            HashSet::from([("org:ford".into(), EntityType::ORG)])
        );
        // A demonym tagged MISC takes its country's id, the same in every language.
        assert_eq!(find(&ents, "Japanese")[0].id, "geonames:1861060");
    }

    #[test]
    fn slugs_are_language_independent() {
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("  Ryan  Dillon "), "ryan-dillon");
        assert_eq!(slug("l'État islamique"), "l-etat-islamique");
    }
}
