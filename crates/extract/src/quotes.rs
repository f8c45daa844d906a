//! Quotations: direct, indirect and pull quotes with their speakers.
//!
//! Direct quotes are runs between paired quotation marks of any style (`"…"`, `„…"`, `“…”`,
//! `'…'`, `‘…’`, `«…»`), paired by how each mark touches the text around it, so apostrophes
//! inside words and quotes nested in quotes never break a pair. Attributions come from cue
//! words in `data/lang/<code>/quotes.toml` (speech verbs with the side their speaker stands on,
//! `volgens`/`according to`, complementisers): the speaker is the noun phrase next to the cue,
//! resolved to a name in the article (the entities of the NER stage when there are any, runs of
//! capitalised words otherwise) and pronouns to the last person named before them.
//!
//! [`attributions`] gives every attribution with the byte spans of its content, cue and speaker
//! (what evaluation needs); [`extract`] turns them into the contract's [`Quote`]s and adds the
//! pull quotes the cleaner set apart in `meta`.

use std::collections::{HashMap, HashSet};

use dossier_model::{Entity, EntityType, Meta, Quote, QuoteKind};
use dossier_text::{DataError, Doc, TokenKind, data_dir, load_toml};
use serde::Deserialize;

/// What a cue word does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueKind {
    /// Reports speech: `zegt`, `said`.
    Speech,
    /// Reports where information came from: `meldt`, `ontdekt`, `has learned`.
    Report,
    /// Names the speaker after it, the content on the other side: `volgens`, `according to`.
    Prep,
}

/// Where a verb's speaker stands relative to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Either,
    Before,
    After,
    /// A participle after a clause (`…, he said, adding that …`): the clause's subject.
    Subject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    M,
    F,
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Number {
    Sg,
    Pl,
    Any,
    /// `it`: an organisation or a thing, never a person (`"…," it said` after `Sony`).
    Thing,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueGroupFile {
    kind: CueKind,
    speaker: Side,
    #[serde(default)]
    bare_clause: bool,
    #[serde(default)]
    listener_object: bool,
    #[serde(default)]
    listener_preps: Vec<String>,
    forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PronounFile {
    forms: Vec<String>,
    gender: Gender,
    number: Number,
    #[serde(default)]
    relative: bool,
    /// `I`, `ik`: the writer, named by the byline.
    #[serde(default)]
    first_person: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotesFile {
    cues: Vec<CueGroupFile>,
    #[serde(default)]
    complementizers: Vec<String>,
    #[serde(default)]
    inversion: Vec<String>,
    #[serde(default)]
    particles: Vec<String>,
    #[serde(default)]
    fillers: Vec<String>,
    #[serde(default)]
    adverb_suffixes: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    noun_markers: Vec<String>,
    #[serde(default)]
    attributive: Vec<String>,
    #[serde(default)]
    coordinators: Vec<String>,
    #[serde(default)]
    np_stop: Vec<String>,
    #[serde(default)]
    prepositions: Vec<String>,
    #[serde(default)]
    indefinite: Vec<String>,
    #[serde(default)]
    anaphoric: Vec<String>,
    #[serde(default)]
    intro_adverbs: Vec<String>,
    #[serde(default)]
    age_suffixes: Vec<String>,
    #[serde(default)]
    name_connectors: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
    #[serde(default)]
    honorifics: Vec<String>,
    #[serde(default)]
    role_suffixes: bool,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    female_roles: Vec<String>,
    #[serde(default)]
    male_roles: Vec<String>,
    #[serde(default)]
    source_descriptors: Vec<String>,
    #[serde(default)]
    pronouns: Vec<PronounFile>,
}

/// One group of cue words and how they behave.
#[derive(Clone, Debug)]
pub struct CueGroup {
    pub kind: CueKind,
    pub side: Side,
    pub bare_clause: bool,
    pub listener_object: bool,
    pub listener_preps: HashSet<String>,
}

/// A pronoun a speaker can be named by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pronoun {
    pub gender: Gender,
    pub number: Number,
    pub relative: bool,
    pub first_person: bool,
}

/// Multi-word phrases keyed by their first word, longest first, for matching on tokens.
#[derive(Clone, Debug, Default)]
struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Copy> Phrases<T> {
    fn insert(&mut self, phrase: &str, value: T) {
        let words: Vec<String> = phrase.split_whitespace().map(norm_word).collect();
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let list = self.by_first.entry(first.clone()).or_default();
        if list.iter().any(|(r, _)| r.as_slice() == rest) {
            return; // the first group that names a form keeps it
        }
        list.push((rest.to_vec(), value));
        list.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
    }

    /// The longest phrase starting at word `i`: its length in words and value.
    fn longest(&self, words: &[String], i: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(words.get(i)?)?;
        list.iter().find_map(|(rest, v)| {
            let ok = rest
                .iter()
                .enumerate()
                .all(|(k, w)| words.get(i + 1 + k) == Some(w));
            ok.then_some((rest.len() + 1, *v))
        })
    }

    fn contains_word(&self, w: &str) -> bool {
        self.by_first
            .get(w)
            .is_some_and(|l| l.iter().any(|(r, _)| r.is_empty()))
    }
}

/// Lower case with typographic apostrophes made straight, how lexicon words are compared.
fn norm_word(w: &str) -> String {
    w.to_lowercase().replace(['’', '‘', '`'], "'")
}

fn set(words: Vec<String>) -> HashSet<String> {
    words.iter().map(|w| norm_word(w)).collect()
}

/// The quotation lexicon of one language.
#[derive(Clone, Debug, Default)]
pub struct LangLexicon {
    groups: Vec<CueGroup>,
    cues: Phrases<usize>,
    complementizers: HashSet<String>,
    inversion: HashSet<String>,
    particles: HashSet<String>,
    fillers: Phrases<()>,
    adverb_suffixes: Vec<String>,
    determiners: HashSet<String>,
    /// Words after which a cue form is a noun (`the state`, `his claims`).
    noun_markers: HashSet<String>,
    /// Adjectives between a noun marker and a cue form (`the latest claims`).
    attributive: HashSet<String>,
    /// Words that join two verbs of one speaker (`and`, `en`).
    coordinators: HashSet<String>,
    np_stop: HashSet<String>,
    prepositions: HashSet<String>,
    indefinite: HashSet<String>,
    /// Determiners of a description that points back to someone named before (`the`, `de`).
    anaphoric: HashSet<String>,
    /// Endings of an age used as a noun (`46-jarige`, `46-year-old`).
    age_suffixes: Vec<String>,
    /// Last words of a short phrase that opens a sentence before its subject (`Hours later,`).
    intro_adverbs: HashSet<String>,
    name_connectors: HashSet<String>,
    not_names: HashSet<String>,
    honorifics: Phrases<()>,
    roles: Phrases<()>,
    role_words: Vec<String>,
    role_suffixes: bool,
    female: HashSet<String>,
    male: HashSet<String>,
    descriptors: HashSet<String>,
    pronouns: HashMap<String, Pronoun>,
}

impl LangLexicon {
    /// Parses a `quotes.toml` file's text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        let file: QuotesFile = toml::from_str(text)?;
        Ok(Self::from_file(file))
    }

    fn from_file(f: QuotesFile) -> Self {
        let mut lex = LangLexicon::default();
        for g in f.cues {
            let idx = lex.groups.len();
            lex.groups.push(CueGroup {
                kind: g.kind,
                side: g.speaker,
                bare_clause: g.bare_clause,
                listener_object: g.listener_object,
                listener_preps: set(g.listener_preps),
            });
            for form in &g.forms {
                lex.cues.insert(form, idx);
            }
        }
        for w in &f.fillers {
            lex.fillers.insert(w, ());
        }
        for w in &f.honorifics {
            lex.honorifics.insert(w, ());
        }
        for w in &f.roles {
            lex.roles.insert(w, ());
        }
        lex.role_words = f
            .roles
            .iter()
            .filter(|r| !r.contains(' ') && r.chars().count() >= 3)
            .map(|r| norm_word(r))
            .collect();
        lex.role_suffixes = f.role_suffixes;
        lex.adverb_suffixes = f.adverb_suffixes.iter().map(|a| norm_word(a)).collect();
        lex.complementizers = set(f.complementizers);
        lex.inversion = set(f.inversion);
        lex.particles = set(f.particles);
        lex.determiners = set(f.determiners);
        lex.noun_markers = set(f.noun_markers);
        lex.attributive = set(f.attributive);
        lex.coordinators = set(f.coordinators);
        lex.np_stop = set(f.np_stop);
        lex.prepositions = set(f.prepositions);
        lex.indefinite = set(f.indefinite);
        lex.anaphoric = set(f.anaphoric);
        lex.intro_adverbs = set(f.intro_adverbs);
        lex.age_suffixes = f.age_suffixes.iter().map(|a| norm_word(a)).collect();
        lex.name_connectors = set(f.name_connectors);
        lex.not_names = set(f.not_names);
        lex.female = set(f.female_roles);
        lex.male = set(f.male_roles);
        lex.descriptors = set(f.source_descriptors);
        for p in f.pronouns {
            let info = Pronoun {
                gender: p.gender,
                number: p.number,
                relative: p.relative,
                first_person: p.first_person,
            };
            for form in p.forms {
                lex.pronouns.insert(norm_word(&form), info);
            }
        }
        lex
    }

    /// The cue group `i`; punctuation cues (`Dillon: "…"`, `"…" – Dillon`) have their own.
    pub fn group(&self, i: usize) -> &CueGroup {
        static PUNCT: std::sync::OnceLock<CueGroup> = std::sync::OnceLock::new();
        self.groups.get(i).unwrap_or_else(|| {
            PUNCT.get_or_init(|| CueGroup {
                kind: CueKind::Speech,
                side: Side::Either,
                bare_clause: false,
                listener_object: false,
                listener_preps: HashSet::new(),
            })
        })
    }

    /// A role word, or a compound ending in one where the language builds them (`legerwoordvoerder`).
    fn is_role_word(&self, w: &str) -> bool {
        self.roles.contains_word(w)
            || (self.role_suffixes
                && self
                    .role_words
                    .iter()
                    .any(|r| w.len() >= r.len() + 3 && w.ends_with(r.as_str())))
    }

    /// An auxiliary or adverb that may stand between a speaker and its verb (`has also`,
    /// `angrily`).
    fn is_filler(&self, w: &str) -> bool {
        self.fillers.contains_word(w)
            || self
                .adverb_suffixes
                .iter()
                .any(|s| w.len() >= s.len() + 3 && w.ends_with(s.as_str()))
    }

    pub(crate) fn is_descriptor(&self, w: &str) -> bool {
        self.descriptors.contains(w) || self.determiners.contains(w)
    }

    fn gender_of_role(&self, w: &str) -> Gender {
        if self.female.contains(w) {
            Gender::F
        } else if self.male.contains(w) {
            Gender::M
        } else {
            Gender::Any
        }
    }
}

/// Speech verbs, attribution cues, pronouns and role words per language, from
/// `data/lang/<code>/quotes.toml`. A language without a file gets an empty lexicon: quotation
/// marks are still found, attributions are not.
#[derive(Clone, Debug, Default)]
pub struct QuoteLexicons {
    langs: HashMap<String, LangLexicon>,
    empty: LangLexicon,
}

impl QuoteLexicons {
    /// Loads every `data/lang/*/quotes.toml`, so a new language is a new file.
    pub fn load() -> Result<Self, DataError> {
        let dir = data_dir().join("lang");
        let entries = std::fs::read_dir(&dir).map_err(|e| DataError::Io {
            path: dir.clone(),
            message: e.to_string(),
        })?;
        let mut langs = HashMap::new();
        for entry in entries.flatten() {
            let code = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("lang/{code}/quotes.toml");
            if !data_dir().join(&rel).is_file() {
                continue;
            }
            let file: QuotesFile = load_toml(&rel)?;
            langs.insert(code, LangLexicon::from_file(file));
        }
        Ok(QuoteLexicons {
            langs,
            empty: LangLexicon::default(),
        })
    }

    /// Builds the lexicons from `(language, quotes.toml text)` pairs (for tests and tools).
    pub fn from_sources<'s>(
        files: impl IntoIterator<Item = (&'s str, &'s str)>,
    ) -> Result<Self, toml::de::Error> {
        let mut langs = HashMap::new();
        for (code, text) in files {
            langs.insert(code.to_string(), LangLexicon::from_toml(text)?);
        }
        Ok(QuoteLexicons {
            langs,
            empty: LangLexicon::default(),
        })
    }

    /// The lexicon of `lang`, or an empty one.
    pub fn for_lang(&self, lang: &str) -> &LangLexicon {
        self.langs.get(lang).unwrap_or(&self.empty)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs.keys().map(String::as_str)
    }
}

/// One attribution found in the text: what was said, the cue and who said it, as byte ranges
/// into the document text. The richer form behind [`Quote`], used by evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    pub kind: QuoteKind,
    /// Byte ranges of the content, without quotation marks; several when a quote goes on after
    /// its attribution (`"…", zegt X. "…"`).
    pub content: Vec<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    /// The words naming the speaker where the cue is (`hij`, `kolonel Ryan Dillon`).
    pub speaker_mention: Option<(usize, usize)>,
    /// The speaker's name, resolved through pronouns and earlier mentions.
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_role: Option<String>,
    /// The listener named with the cue (`aan de BBC`, `told reporters`), for sources.
    pub listener: Option<(usize, usize)>,
    /// A partial quote: words in quotation marks inside the writer's own sentence (`called
    /// the plan "a disaster"`, `said that "…"`). Its kind is `indirect` (PARC 3.0 calls it
    /// mixed): the quoted words are the speaker's, the sentence they stand in is not.
    pub partial: bool,
}

/// The group of punctuation cues: a colon after a name, a dash before one.
pub(crate) const PUNCT_CUE: usize = usize::MAX;

/// A cue found in the text: tokens `first..last` of group `group`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CueMatch {
    pub first: usize,
    pub last: usize,
    pub group: usize,
}

/// A noun phrase naming a speaker: tokens `first..last`, the name inside it, roles around it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Np {
    pub first: usize,
    pub last: usize,
    /// Token range of the proper name, if the phrase has one.
    pub name: Option<(usize, usize)>,
    pub roles: Vec<String>,
    pub pronoun: Option<Pronoun>,
    pub gender: Option<Gender>,
    /// A role and whom it serves (`a spokesman for Michael Howard`): the names in it are not
    /// the speaker's.
    pub serves: bool,
}

/// A speaker as resolved: display name, entity id, roles, gender, where it was named.
#[derive(Clone, Debug, Default)]
pub(crate) struct Speaker {
    pub name: Option<String>,
    pub id: Option<String>,
    pub roles: Vec<String>,
    pub gender: Option<Gender>,
    pub person: bool,
}

/// A pair of quotation marks: token indices of the marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    /// First token of the opening mark (two tokens for a doubled `''`).
    open_first: usize,
    /// Last token of the opening mark; the content starts after it.
    open: usize,
    /// The closing mark's first token, or one past the paragraph's last token when the quote
    /// runs on into the next paragraph (news style: no closing mark before a continued one).
    close: usize,
    /// One past the closing mark's last token.
    close_end: usize,
    runs_on: bool,
}

/// A quotation mark: one token, or two touching apostrophes (`''`, NYT style) read as a double.
#[derive(Clone, Copy, Debug)]
struct Mark {
    first: usize,
    last: usize,
    glyph: char,
    family: Family,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

fn family(c: char) -> Option<Family> {
    match c {
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' => Some(Family::Double),
        '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›' | '`' => Some(Family::Single),
        _ => None,
    }
}

/// Everything the quote and source finders share about one document.
pub(crate) struct Finder<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub lex: &'d LangLexicon,
    pub entities: &'d [Entity],
    /// Lower-cased token texts.
    pub lw: Vec<String>,
    sent_of: Vec<usize>,
    para_of: Vec<usize>,
    pub cues: Vec<CueMatch>,
    /// Runs of capitalised words (token ranges), candidates for names.
    name_runs: Vec<(usize, usize)>,
    /// The name runs right after a role or honorific (`kolonel Ryan Dillon`): persons.
    titled_runs: Vec<(usize, usize)>,
    /// Token ranges inside quotation marks, once found: a name quoted is not an antecedent
    /// for the pronoun of the attribution that follows (`"… Trump's candidacy …," he said`).
    quoted: std::cell::RefCell<Vec<(usize, usize)>>,
    /// The article's byline: who `I` is.
    pub byline: Option<String>,
}

impl<'d, 'a> Finder<'d, 'a> {
    pub fn new(doc: &'d Doc<'a>, lex: &'d LangLexicon, entities: &'d [Entity]) -> Self {
        let lw: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| norm_word(t.text(doc.text)))
            .collect();
        let mut sent_of = vec![0; doc.tokens.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            for slot in sent_of.iter_mut().take(s.last).skip(s.first) {
                *slot = si;
            }
        }
        let mut para_of = vec![0; doc.tokens.len()];
        let mut p = 0;
        for (i, t) in doc.tokens.iter().enumerate() {
            while p + 1 < doc.paragraphs.len() && t.start >= doc.paragraphs[p].1 {
                p += 1;
            }
            para_of[i] = p;
        }
        let mut f = Finder {
            doc,
            lex,
            entities,
            lw,
            sent_of,
            para_of,
            cues: Vec::new(),
            name_runs: Vec::new(),
            titled_runs: Vec::new(),
            quoted: std::cell::RefCell::new(Vec::new()),
            byline: None,
        };
        f.cues = f.find_cues();
        f.name_runs = f.find_name_runs();
        f.titled_runs = f
            .name_runs
            .iter()
            .copied()
            .filter(|&(s, _)| {
                s > 0 && (f.is_role(s - 1) || f.lex.honorifics.contains_word(&f.lw[s - 1]))
            })
            .collect();
        f
    }

    fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    fn kind(&self, i: usize) -> TokenKind {
        self.doc.tokens[i].kind
    }

    fn tok(&self, i: usize) -> &'a str {
        self.doc.tok(i)
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.n() && matches!(self.kind(i), TokenKind::Word | TokenKind::Abbrev)
    }

    /// A word of a common noun phrase, an age included (`the 46-year-old`).
    fn is_np_word(&self, i: usize) -> bool {
        self.is_word(i)
            || i < self.n()
                && self.kind(i) == TokenKind::Number
                && self.tok(i).contains('-')
                && self.tok(i).ends_with(char::is_alphabetic)
    }

    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        i < self.n() && self.tok(i) == p
    }

    fn sent_start(&self, i: usize) -> usize {
        self.doc.sentences[self.sent_of[i]].first
    }

    fn sent_end(&self, i: usize) -> usize {
        self.doc.sentences[self.sent_of[i]].last
    }

    fn is_sentence_start(&self, i: usize) -> bool {
        self.n() > 0 && self.sent_start(i) == i
    }

    /// A capitalised word that can be part of a name here (not a sentence-initial `De`).
    fn is_name_word(&self, i: usize) -> bool {
        if !self.is_cap(i) || self.lex.pronouns.contains_key(&self.lw[i]) {
            return false;
        }
        if self.lex.not_names.contains(&self.lw[i]) {
            // `De Wever`, `Van Rompuy`: a connector glued to a following name word.
            return self.lex.name_connectors.contains(&self.lw[i])
                && !self.is_sentence_start(i)
                && self.is_cap(i + 1)
                && !self.lex.not_names.contains(&self.lw[i + 1]);
        }
        if self.lex.honorifics.contains_word(&self.lw[i]) {
            return false;
        }
        // A role word right after an honorific is a surname (`Mr. King`, `Mrs. Major`).
        if self.is_role(i)
            && !(i > 0
                && self.lex.honorifics.contains_word(&self.lw[i - 1])
                && !self.is_role(i + 1))
        {
            return false;
        }
        !self.cue_starts_at(i)
    }

    fn is_role(&self, i: usize) -> bool {
        self.is_word(i) && self.lex.is_role_word(&self.lw[i])
    }

    /// The cues that start at tokens `lo..hi`.
    fn cues_between(&self, lo: usize, hi: usize) -> &[CueMatch] {
        let a = self.cues.partition_point(|c| c.first < lo);
        let b = self.cues.partition_point(|c| c.first < hi);
        &self.cues[a..b.max(a)]
    }

    /// The cue found at token `k` (cues are in text order and never overlap).
    fn cue_at(&self, k: usize) -> Option<&CueMatch> {
        let i = self.cues.partition_point(|c| c.first < k);
        self.cues.get(i).filter(|c| c.first == k)
    }

    fn cue_starts_at(&self, i: usize) -> bool {
        self.lex.cues.longest(&self.lw, i).is_some()
    }

    fn find_cues(&self) -> Vec<CueMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.n() {
            // A capitalised word inside a sentence is a name, not a cue (`Islamic State`).
            if self.is_word(i)
                && (!self.is_cap(i) || self.is_sentence_start(i))
                && !self.after_noun_marker(i)
                && let Some((len, group)) = self.lex.cues.longest(&self.lw, i)
            {
                out.push(CueMatch {
                    first: i,
                    last: i + len,
                    group,
                });
                i += len;
                continue;
            }
            i += 1;
        }
        out
    }

    fn find_name_runs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.n() {
            if self.is_name_word(i) {
                let mut j = i + 1;
                loop {
                    if self.is_name_word(j) && self.same_line(j - 1, j) {
                        j += 1;
                        continue;
                    }
                    // Lower-case particles inside a name (`Jan van der Berg`, `Syrian
                    // Observatory for Human Rights`). An article-like particle alone after a
                    // full name starts the next phrase instead (`Ryan Dillon der BBC`).
                    let mut k = j;
                    while k < self.n()
                        && k < j + 3
                        && !self.is_cap(k)
                        && self.lex.name_connectors.contains(&self.lw[k])
                    {
                        k += 1;
                    }
                    let article_like = k == j + 1 && self.lex.determiners.contains(&self.lw[j]);
                    if k > j
                        && self.is_name_word(k)
                        && self.same_line(j - 1, k)
                        && !(article_like && j - i > 1)
                    {
                        j = k + 1;
                    } else {
                        break;
                    }
                }
                out.push((i, j));
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        !self.doc.text[self.doc.tokens[a].end..self.doc.tokens[b].start].contains('\n')
    }

    /// Byte range of tokens `first..last`.
    pub fn bytes(&self, first: usize, last: usize) -> (usize, usize) {
        (
            self.doc.tokens[first].start,
            self.doc.tokens[last.max(first + 1) - 1].end,
        )
    }

    pub fn text_of(&self, first: usize, last: usize) -> &'a str {
        let (s, e) = self.bytes(first, last);
        &self.doc.text[s..e]
    }

    pub fn group(&self, c: &CueMatch) -> &CueGroup {
        self.lex.group(c.group)
    }

    pub fn lex_inversion(&self, w: &str) -> bool {
        self.lex.inversion.contains(w)
    }

    pub fn is_capitalised(&self, i: usize) -> bool {
        self.is_cap(i)
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        i < self.n() && self.lex.pronouns.contains_key(&self.lw[i])
    }

    /// A determiner or outlet word before a source's name (`het persbureau`, `the news agency`).
    pub fn is_descriptor(&self, i: usize) -> bool {
        i < self.n() && self.lex.is_descriptor(&self.lw[i])
    }

    /// A longer name in the article that starts with tokens `first..last` (`Syrian
    /// Observatory` → `Syrian Observatory for Human Rights`).
    pub fn longer_name(&self, first: usize, last: usize) -> Option<String> {
        let words = &self.lw[first..last];
        self.name_runs
            .iter()
            .filter(|&&(s, e)| e - s > words.len() && self.lw[s..s + words.len()] == *words)
            .max_by_key(|&&(s, e)| e - s)
            .map(|&(s, e)| self.text_of(s, e).to_string())
    }

    // ---- noun phrases ----------------------------------------------------------------------

    /// The noun phrase naming a speaker that starts at token `i` (`kolonel Ryan Dillon`,
    /// `getuigen`, `hij`), ending before `limit`.
    pub fn np_after(&self, i: usize, limit: usize) -> Option<Np> {
        let limit = limit.min(self.n());
        if i >= limit || !self.is_np_word(i) {
            return None;
        }
        if let Some(p) = self.lex.pronouns.get(&self.lw[i]) {
            return Some(Np {
                first: i,
                last: i + 1,
                pronoun: Some(*p),
                gender: Some(p.gender),
                ..Np::default()
            });
        }
        let mut np = Np {
            first: i,
            last: i,
            ..Np::default()
        };
        let mut k = i;
        let mut common = 0;
        let mut role_start = None;
        while k < limit {
            let w = &self.lw[k];
            if np.name.is_none() && self.lex.determiners.contains(w) && common == 0 {
                k += 1;
            } else if let Some((len, ())) = self.lex.honorifics.longest(&self.lw, k) {
                self.note_gender(&mut np, k);
                k += len;
            } else if np.name.is_none()
                && self.is_word(k)
                && let Some(len) = self.role_len(k)
            {
                self.note_gender(&mut np, k);
                np.roles.push(self.text_of(k, k + len).to_string());
                role_start = Some(k);
                k += len;
            } else if self.is_name_word(k) {
                let (s, e) = self.name_run_at(k);
                np.name = Some((s, e));
                k = e;
                // `de Britse omroep BBC`: a capitalised modifier, a describing word, the name.
                let mut m = k;
                while e - s == 1
                    && m < limit.min(k + 2)
                    && self.is_word(m)
                    && !self.is_cap(m)
                    && !self.lex.determiners.contains(&self.lw[m])
                    && (self.lex.is_descriptor(&self.lw[m]) || self.is_role(m))
                {
                    m += 1;
                }
                if m > k && m < limit && self.is_name_word(m) {
                    let (s2, e2) = self.name_run_at(m);
                    np.name = Some((s2, e2));
                    k = e2;
                } else if k < limit
                    && self.is_word(k)
                    && !self.is_cap(k)
                    && ["'s", "’s"].iter().any(|p| self.tok(e - 1).ends_with(p))
                    && let Some(len) = self.role_len(k)
                {
                    // `Shell's chief executive`: a role of the named organisation, no name.
                    np.name = None;
                    self.note_gender(&mut np, k);
                    let mut end = k + len;
                    while end < limit
                        && self.is_word(end)
                        && !self.is_cap(end)
                        && let Some(more) = self.role_len(end)
                    {
                        end += more;
                    }
                    np.roles.push(self.text_of(s, end).to_string());
                    k = end;
                } else if e - s == 1
                    && self.is_sentence_start(s)
                    && k < limit
                    && self.is_word(k)
                    && !self.is_cap(k)
                    && let Some(len) = self.role_len(k)
                {
                    // `Lorry driver: "…"`: a capitalised first word before a role is part of
                    // the role, not a name.
                    np.name = None;
                    self.note_gender(&mut np, k);
                    np.roles.push(self.text_of(s, k + len).to_string());
                    k += len;
                }
                break;
            } else if np.name.is_none()
                && role_start.is_some()
                && k + 1 < limit
                && self.lex.name_connectors.contains(w)
                && !self.is_cap(k)
                && self.is_name_word(k + 1)
            {
                // `the mayor of Hull`: the place belongs to the role; the phrase names no one.
                let (_, e) = self.name_run_at(k + 1);
                if let (Some(r), Some(last)) = (role_start, np.roles.last_mut()) {
                    *last = self.text_of(r, e).to_string();
                }
                k = e;
                break;
            } else if np.name.is_none()
                && np.roles.is_empty()
                && self.is_np_word(k)
                && !self.is_cap(k)
                && !self.lex.np_stop.contains(w)
                && !self.lex.complementizers.contains(w)
                && !self.lex.is_filler(w)
                && !self.cue_starts_at(k)
                && !self.lex.pronouns.contains_key(w)
                // a determiner after a noun starts the next phrase (`told reporters his client
                // was innocent`); after a preposition it goes on (`une enquête de la BBC`)
                && (!self.lex.determiners.contains(w)
                    || self.lex.prepositions.contains(&self.lw[k - 1]))
                && common < 4
            {
                common += 1;
                k += 1;
            } else {
                break;
            }
        }
        if k == i {
            return None;
        }
        // A phrase of determiners and roles alone ends on its role (`de woordvoerder`).
        np.last = k;
        if np.name.is_none() && np.roles.is_empty() && common == 0 {
            return None;
        }
        Some(np)
    }

    fn note_gender(&self, np: &mut Np, k: usize) {
        let g = self.lex.gender_of_role(&self.lw[k]);
        if g != Gender::Any {
            np.gender = Some(g);
        }
    }

    /// Whether a cue form at `i` is a noun: right after a noun marker (`the state`, `his
    /// claims`) or after one and an attributive adjective (`the latest claims`).
    fn after_noun_marker(&self, i: usize) -> bool {
        let marker = |k: usize| self.lex.noun_markers.contains(&self.lw[k]);
        i > 0 && marker(i - 1)
            || i > 1 && self.lex.attributive.contains(&self.lw[i - 1]) && marker(i - 2)
    }

    /// The length of a role phrase at `k` (`kolonel`, `prime minister`, `legerwoordvoerder`).
    fn role_len(&self, k: usize) -> Option<usize> {
        if let Some((len, ())) = self.lex.roles.longest(&self.lw, k) {
            return Some(len);
        }
        self.is_role(k).then_some(1)
    }

    /// The first token of the run of name words containing token `k`.
    fn run_start(&self, k: usize) -> usize {
        let ix = self.name_runs.partition_point(|&(_, e)| e <= k);
        match self.name_runs.get(ix) {
            Some(&(s, e)) if s <= k && k < e => s,
            _ => k,
        }
    }

    /// The run of capitalised name words containing token `k`.
    fn name_run_at(&self, k: usize) -> (usize, usize) {
        match self.name_runs.binary_search_by(|&(s, e)| {
            if e <= k {
                std::cmp::Ordering::Less
            } else if s > k {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(ix) => (k, self.name_runs[ix].1),
            Err(_) => (k, k + 1),
        }
    }

    /// The noun phrase naming a speaker that ends just before token `end` (`Trump said`, `the
    /// candidate said`, `Dillon, a spokesman for the coalition, said`), not before `floor`.
    pub fn np_before(&self, end: usize, floor: usize) -> Option<Np> {
        self.np_before_at(end, floor, 0)
    }

    /// [`Self::np_before`] at nesting `depth`: appositions, brackets and relative clauses look
    /// back for the phrase before them once, never again inside that search, so runs of
    /// commas cost linear time.
    fn np_before_at(&self, end: usize, floor: usize, depth: u8) -> Option<Np> {
        let mut j = end;
        // Auxiliaries and adverbs between speaker and verb (`has also said`), and two-word
        // fillers (`smiled and said`).
        loop {
            if j > floor
                && self.is_word(j - 1)
                && !self.is_cap(j - 1)
                && self.lex.is_filler(&self.lw[j - 1])
            {
                j -= 1;
            } else if j > floor + 1
                && self.is_word(j - 1)
                && self.is_word(j - 2)
                && !self.is_cap(j - 2)
                && self
                    .lex
                    .fillers
                    .longest(&self.lw, j - 2)
                    .is_some_and(|(len, ())| len == 2)
            {
                j -= 2;
            } else {
                break;
            }
        }
        if j <= floor {
            return None;
        }
        // `Gov. John Kasich (R-OH), said`: a comma that opens no apposition, or closes a
        // clause before the name (`After winning Ohio, Gov. John Kasich (R-OH), said`).
        if self.is_punct(j - 1, ",") && j >= 2 && self.is_punct(j - 2, ")") {
            let no_apposition =
                !(j.saturating_sub(16).max(floor)..j - 1).any(|k| self.is_punct(k, ","));
            let named_before_bracket = depth == 0
                && (j.saturating_sub(11).max(floor)..j - 2)
                    .rev()
                    .find(|&k| self.is_punct(k, "("))
                    .filter(|&open| open > floor)
                    .and_then(|open| self.np_before_at(open, floor, depth + 2))
                    .is_some_and(|np| {
                        np.name.is_some()
                            && np.pronoun.is_none()
                            && (np.first == floor || self.is_punct(np.first - 1, ","))
                    });
            if no_apposition || named_before_bracket {
                j -= 1;
            }
        }
        // `Rep. Earl Blumenauer (D-Ore.) said`: a bracket after the name.
        if self.is_punct(j - 1, ")")
            && let Some(open) = (j.saturating_sub(9).max(floor)..j - 1)
                .rev()
                .find(|&k| self.is_punct(k, "("))
            && open > floor
        {
            if depth > 1 {
                return None;
            }
            let mut np = self.np_before_at(open, floor, depth + 1)?;
            np.last = j;
            return (np.pronoun.is_none()).then_some(np);
        }
        let last = j - 1;
        if self.is_punct(last, ",") {
            return (depth == 0)
                .then(|| self.np_with_apposition(last, floor))
                .flatten();
        }
        if !self.is_np_word(last) {
            return None;
        }
        if let Some(p) = self.lex.pronouns.get(&self.lw[last]) {
            return Some(Np {
                first: last,
                last: last + 1,
                pronoun: Some(*p),
                gender: Some(p.gender),
                ..Np::default()
            });
        }
        if self.cue_starts_at(last) && !self.is_cap(last) {
            return None;
        }
        let mut k = j;
        let mut np = Np::default();
        if self.is_name_word(last) || self.lex.name_connectors.contains(&self.lw[last]) {
            // A name, with titles and roles before it.
            if !self.is_name_word(last) {
                return None;
            }
            k = self.run_start(last).max(floor);
            if k == j {
                return None;
            }
            np.name = Some((k, j));
            // A title before the name: roles and honorifics, with the words that qualify a
            // role (`House Speaker`, `Clinton press secretary`, `the economist`).
            let name_start = k;
            let mut saw_role = false;
            let mut mods = 0;
            let mut complement = false;
            let mut principal = false;
            // Only determiners between `k` and the name: the run starts the complement.
            let at_run =
                |k: usize| (k..name_start).all(|t| self.lex.determiners.contains(&self.lw[t]));
            // `of` after a role (`Speaker of`, `Secretary of`).
            let of_role = |t: usize| {
                t > floor
                    && self.lex.name_connectors.contains(&self.lw[t])
                    && !self.is_cap(t)
                    && self.is_role(t - 1)
            };
            while k > floor {
                let t = k - 1;
                let w = &self.lw[t];
                // `Speaker of the House Paul Ryan`, `Secretary of State John Kerry`: a role
                // with its complement; the run's first word is the role's.
                // Without a complement the name is whom the role serves (`a spokesman for
                // Michael Howard`, `de woordvoerder van minister Pieter De Crem`): the speaker
                // is the whole description.
                if (saw_role || at_run(k)) && of_role(t) {
                    let has_complement = if at_run(k) {
                        j - name_start >= 3 || self.name_after_first_word(name_start, j)
                    } else {
                        mods > 0
                    };
                    if !has_complement {
                        principal = true;
                    } else if at_run(k) {
                        np.name = Some((name_start + 1, j));
                    }
                    complement |= has_complement;
                    mods = 0;
                    k -= 1;
                    continue;
                }
                if self.lex.honorifics.contains_word(w) || self.is_role(t) {
                    self.note_gender(&mut np, t);
                    saw_role |= self.is_role(t);
                    mods = 0;
                    k -= 1;
                } else if saw_role
                    && mods < 3
                    && self.is_word(t)
                    && !self.lex.determiners.contains(w)
                    && !self.lex.np_stop.contains(w)
                    && !self.lex.complementizers.contains(w)
                    && !self.lex.pronouns.contains_key(w)
                    && !self.lex.is_filler(w)
                    && !self.cue_starts_at(t)
                    && !(self.is_sentence_start(t) && self.lex.not_names.contains(w))
                {
                    mods += 1;
                    k -= 1;
                } else if self.lex.determiners.contains(w) {
                    k -= 1;
                    if t == 0 || !of_role(t - 1) {
                        break;
                    }
                } else {
                    break;
                }
            }
            // The whole phrase must open its clause: in `Anton, president and CEO of the
            // Washington Restaurant Association stated` the name is the complement's.
            if (complement || principal)
                && !(k == floor || self.is_sentence_start(k) || self.is_punct(k - 1, ","))
            {
                return None;
            }
            if principal && !complement {
                let role_end = (k..name_start)
                    .find(|&t| self.is_role(t))
                    .map_or(name_start, |t| t + 1);
                let role: Vec<&str> = (k..role_end)
                    .filter(|&t| !self.lex.determiners.contains(&self.lw[t]))
                    .map(|t| self.tok(t))
                    .collect();
                return Some(Np {
                    first: k,
                    last: j,
                    roles: vec![role.join(" ")],
                    gender: np.gender,
                    serves: true,
                    ..Np::default()
                });
            }
            let title_end = np.name.map_or(name_start, |(s, _)| s);
            // determiners inside the title stay (`Speaker of the House`)
            let title_start = (k..title_end)
                .find(|&t| !self.lex.determiners.contains(&self.lw[t]))
                .unwrap_or(title_end);
            let title: Vec<&str> = (title_start..title_end)
                .filter(|&t| !self.lex.honorifics.contains_word(&self.lw[t]))
                .map(|t| self.tok(t))
                .collect();
            if !title.is_empty() {
                np.roles.push(title.join(" "));
            }
        } else {
            // A common noun phrase: words back to a determiner or a function word.
            let mut words = 0;
            while k > floor && words < 5 {
                let w = &self.lw[k - 1];
                if !self.is_np_word(k - 1) {
                    break;
                }
                if self.lex.determiners.contains(w) {
                    k -= 1;
                    break;
                }
                if self.lex.np_stop.contains(w)
                    || self.lex.complementizers.contains(w)
                    || self.lex.pronouns.contains_key(w)
                    || (self.cue_starts_at(k - 1) && !self.is_cap(k - 1))
                {
                    break;
                }
                if self.is_role(k - 1) {
                    self.note_gender(&mut np, k - 1);
                    np.roles.insert(0, self.tok(k - 1).to_string());
                }
                k -= 1;
                words += 1;
            }
            if k == j {
                return None;
            }
            // A sentence-initial capitalised function word is not part of the phrase.
            if self.is_cap(k)
                && self.lex.not_names.contains(&self.lw[k])
                && !self.lex.determiners.contains(&self.lw[k])
            {
                k += 1;
                if k >= j {
                    return None;
                }
            }
        }
        np.first = k;
        np.last = j;
        // `A lorry driver who took part in the convoy out of Raqqa has said`: a phrase after a
        // preposition is inside a larger one; the speaker is what the relative clause hangs on.
        if k > floor && self.is_word(k - 1) && self.lex.prepositions.contains(&self.lw[k - 1]) {
            let rel = (floor..k).rev().find(|&r| {
                r > floor
                    && self
                        .lex
                        .pronouns
                        .get(&self.lw[r])
                        .is_some_and(|p| p.relative)
            });
            let Some(rel) = rel else {
                return self.serving_description(k - 1, j, floor, np.gender);
            };
            let lo = if self.is_punct(rel - 1, ",") {
                rel - 1
            } else {
                rel
            };
            if depth > 1 {
                return None;
            }
            let head = self.np_before_at(lo, floor, depth + 1)?;
            return (head.pronoun.is_none()).then_some(head);
        }
        Some(np)
    }

    /// `A friend of John Smith told`, `the mother of X said`: a noun with its determiner and a
    /// preposition before the name, the phrase opening its clause. The speaker is the whole
    /// description, not the name in it.
    fn serving_description(
        &self,
        prep: usize,
        end: usize,
        floor: usize,
        gender: Option<Gender>,
    ) -> Option<Np> {
        let noun = prep.checked_sub(1).filter(|&t| t >= floor)?;
        let w = &self.lw[noun];
        if !self.is_np_word(noun)
            || self.is_cap(noun)
            || self.lex.determiners.contains(w)
            || self.lex.np_stop.contains(w)
            || self.lex.prepositions.contains(w)
            || self.lex.pronouns.contains_key(w)
            || self.cue_starts_at(noun)
        {
            return None;
        }
        // the determiner, with at most one word between it and the noun (`a close friend`)
        let det = (noun.saturating_sub(2).max(floor)..noun)
            .rev()
            .find(|&t| self.lex.determiners.contains(&self.lw[t]))?;
        if (det + 1..noun).any(|t| !self.is_np_word(t) || self.is_cap(t))
            || !(det == floor || self.is_sentence_start(det) || self.is_punct(det - 1, ","))
        {
            return None;
        }
        Some(Np {
            first: det,
            last: end,
            roles: vec![self.tok(noun).to_string()],
            gender,
            serves: true,
            ..Np::default()
        })
    }

    /// Whether a person the NER stage found starts on the second word of the run `s..e`
    /// (`State Kerry` in `Secretary of State Kerry`): the first word is a complement.
    fn name_after_first_word(&self, s: usize, e: usize) -> bool {
        let (b0, _) = self.bytes(s, e);
        let (b1, be) = self.bytes(s + 1, e);
        let (c0, c1, ce) = (
            self.doc.span(b0, b0).0,
            self.doc.span(b1, b1).0,
            self.doc.span(be, be).0,
        );
        e - s >= 2
            && self.entities.iter().any(|en| {
                en.kind == EntityType::PER && en.span.0 == c1 && en.span.1 <= ce && en.span.0 > c0
            })
    }

    /// `Dillon, a spokesman for the coalition, said`: the name before an apposition that ends
    /// with the comma at `comma`.
    fn np_with_apposition(&self, comma: usize, floor: usize) -> Option<Np> {
        let lo = comma.saturating_sub(16).max(floor);
        let open = (lo..comma).rev().find(|&k| self.is_punct(k, ","))?;
        // `another fraternity brother, Stuart Oltchick, recalled`: the name is between the
        // commas and the words before them are its role.
        if self.is_name_word(open + 1) && self.name_run_at(open + 1).1 == comma {
            let before = self.np_before_at(open, floor, 1);
            // `Representative Michele Bachmann, Republican of Minnesota, told`: a name before
            // the commas is the speaker, the capitalised words between them describe it.
            if let Some(mut b) = before.clone()
                && b.name.is_some()
                && b.pronoun.is_none()
                && (!b.roles.is_empty() || b.first == floor)
            {
                b.roles.push(self.text_of(open + 1, comma).to_string());
                b.last = comma;
                return Some(b);
            }
            let mut np = Np {
                first: open + 1,
                last: comma,
                name: Some((open + 1, comma)),
                ..Np::default()
            };
            if let Some(before) = before
                && before.name.is_none()
                && before.pronoun.is_none()
            {
                if !before.roles.is_empty() {
                    np.roles
                        .push(self.text_of(before.first, before.last).to_string());
                }
                np.first = before.first;
            }
            return Some(np);
        }
        if let Some(app) = self.apposition_role(open + 1, comma)
            && let Some(mut np) = self.np_before_at(open, floor, 1)
            && np.pronoun.is_none()
        {
            np.roles.push(app);
            np.last = comma;
            return Some(np);
        }
        // `Clinton, during a town hall meeting in Columbus, Ohio, said`: a parenthetical after
        // a name that starts its clause.
        let lo = comma.saturating_sub(24).max(floor);
        let commas: Vec<usize> = (lo..comma).filter(|&k| self.is_punct(k, ",")).collect();
        for &o in &commas {
            let Some(np) = self.np_before_at(o, floor, 1) else {
                continue;
            };
            let clause_start = np.first == floor
                || np.first == self.sent_start(np.first)
                || (np.first > 0
                    && (matches!(self.tok(np.first - 1), ";" | ":" | "(" | "—" | "–")
                        || self.lex.np_stop.contains(&self.lw[np.first - 1])));
            // `the driver, who asked not to be named, told`: any phrase before a relative clause.
            let relative = self
                .lex
                .pronouns
                .get(&self.lw[o + 1])
                .is_some_and(|p| p.relative);
            if (np.name.is_some() || relative) && np.pronoun.is_none() && clause_start {
                let mut np = np;
                np.last = o;
                return Some(np);
            }
        }
        None
    }

    /// The role in an apposition `first..end` (`woordvoerder van de coalitie`, `a spokesman
    /// for X`): it must start with a role word, or a determiner and a role within six words.
    fn apposition_role(&self, first: usize, end: usize) -> Option<String> {
        if first >= end {
            return None;
        }
        let window = (first..end.min(first + 7)).collect::<Vec<_>>();
        if !window.iter().any(|&k| self.role_len(k).is_some()) {
            return None;
        }
        if (first..end).any(|k| self.cue_starts_at(k) && !self.is_cap(k)) {
            return None;
        }
        let mut text = self.text_of(first, end).trim();
        for d in &self.lex.determiners {
            if let Some(rest) = text.strip_prefix(d.as_str())
                && rest.starts_with(' ')
            {
                text = rest.trim_start();
                break;
            }
        }
        Some(text.to_string())
    }

    /// The apposition after a name at `after` (`, woordvoerder van de westerse coalitie tegen
    /// IS`): its end token and role text.
    fn apposition_after(&self, after: usize, limit: usize) -> Option<(usize, String)> {
        if !self.is_punct(after, ",") {
            return None;
        }
        let first = after + 1;
        let mut end = first;
        while end < limit.min(self.n())
            && self.kind(end) != TokenKind::Quote
            && !matches!(
                self.tok(end),
                "," | ";" | "." | "(" | ")" | ":" | "!" | "?" | "—" | "–"
            )
        {
            end += 1;
        }
        if end - first > 14 {
            return None;
        }
        let role = self.apposition_role(first, end)?;
        Some((end, role))
    }

    /// Adds the role of an apposition after a named speaker (`X, woordvoerder van ...`).
    fn with_apposition(&self, mut np: Np, limit: usize) -> Np {
        if np.name.is_some()
            && let Some((_, role)) = self.apposition_after(np.last, limit)
        {
            np.roles.push(role);
        }
        np
    }

    // ---- resolving speakers ----------------------------------------------------------------

    /// The person or organisation the NER stage found over tokens `first..last`. One that
    /// reaches back over a capitalised word is not the name's: in `Speaker of the House Paul
    /// Ryan` the tagger's `House Paul Ryan` takes in the role's complement (`de Britse omroep`
    /// over `Britse` is fine).
    fn entity_over(&self, first: usize, last: usize) -> Option<&'d Entity> {
        let (s, e) = self.bytes(first, last);
        let sp = self.doc.span(s, e);
        self.entities
            .iter()
            .filter(|en| matches!(en.kind, EntityType::PER | EntityType::ORG))
            .filter(|en| {
                en.span.overlaps(sp)
                    && (en.span.0 >= sp.0
                        || (self.token_at_char(en.span.0)..first).all(|t| !self.is_cap(t)))
            })
            .max_by_key(|en| en.span.len())
    }

    /// Resolves a speaker phrase to a name: the entity there, the full name of a surname said
    /// earlier, or for a pronoun the last person named before it.
    pub(crate) fn resolve(&self, np: &Np, history: &[(usize, Speaker)]) -> Speaker {
        if let Some(p) = np.pronoun {
            return self.resolve_pronoun(np.first, p, history);
        }
        let mut sp = Speaker {
            roles: np.roles.clone(),
            gender: np.gender,
            ..Speaker::default()
        };
        let range = np.name.unwrap_or((np.first, np.last));
        if let Some(en) = self.entity_over(range.0, range.1).filter(|_| !np.serves) {
            sp.name = Some(if en.canonical.is_empty() {
                en.text.clone()
            } else {
                en.canonical.clone()
            });
            sp.id = Some(en.id.clone()).filter(|i| !i.is_empty());
            for r in &en.roles {
                if !sp.roles.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                    sp.roles.push(r.clone());
                }
            }
            sp.person = en.kind == EntityType::PER;
            return sp;
        }
        if let Some((s, e)) = np.name {
            let mut name = self.text_of(s, e).to_string();
            if e - s <= 2
                && let Some(full) = self.full_name(s, e, history)
            {
                name = full;
            }
            sp.person = !np.roles.is_empty()
                || e - s >= 2
                || history
                    .iter()
                    .any(|(_, h)| h.person && h.name.as_deref() == Some(&name));
            if let Some((_, h)) = history
                .iter()
                .rev()
                .find(|(_, h)| h.name.as_deref() == Some(&name))
            {
                if sp.roles.is_empty() {
                    sp.roles = h.roles.clone();
                }
                sp.gender = sp.gender.or(h.gender);
                sp.person |= h.person;
            }
            sp.name = Some(name);
        } else {
            // A common noun phrase (`getuigen`, `the candidate`): its words without the
            // determiner.
            let mut s = np.first;
            while s < np.last && self.lex.determiners.contains(&self.lw[s]) {
                s += 1;
            }
            if let Some(referent) = self.description_referent(np, s, history) {
                return referent;
            }
            if s < np.last {
                let name = self.text_of(s, np.last).to_string();
                // `the driver`: the role is the name already.
                sp.roles
                    .retain(|r| !name.to_lowercase().contains(&r.to_lowercase()));
                sp.name = Some(name);
            }
            sp.person = !np.roles.is_empty()
                || self
                    .lex
                    .indefinite
                    .contains(&self.lw[np.first.min(self.n() - 1)]);
        }
        sp
    }

    /// The longer name a one-word name stands for (`Dillon` after `Ryan Dillon`).
    /// The longer name a short one stands for (`Dillon` after `Ryan Dillon`, `De Wit` after
    /// `Linda de Wit`): a speaker or a run of name words before it that ends with the same
    /// words.
    fn full_name(&self, s: usize, e: usize, history: &[(usize, Speaker)]) -> Option<String> {
        let short = self.text_of(s, e).to_lowercase();
        let ends = |n: &str| {
            let n = n.to_lowercase();
            n.len() > short.len() + 1
                && n.ends_with(&short)
                && n[..n.len() - short.len()].ends_with(' ')
        };
        if let Some((_, h)) = history
            .iter()
            .rev()
            .find(|(_, h)| h.name.as_deref().is_some_and(ends))
        {
            return h.name.clone();
        }
        let len = e - s;
        self.name_runs
            .iter()
            .rev()
            .find(|&&(rs, re)| {
                re - rs > len
                    && re <= s
                    && self.lw[re - len..re]
                        .iter()
                        .zip(&self.lw[s..e])
                        .all(|(a, b)| a == b)
            })
            .map(|&(rs, re)| self.text_of(rs, re).to_string())
    }

    fn resolve_pronoun(&self, at: usize, p: Pronoun, history: &[(usize, Speaker)]) -> Speaker {
        if p.first_person {
            // `"…," I said`: the writer, as the byline names them (none without one).
            return Speaker {
                name: self.byline.clone(),
                person: true,
                ..Speaker::default()
            };
        }
        if p.relative {
            // `Dillon, who said`: the name before the comma.
            let lo = at.saturating_sub(4);
            if at > 0
                && self.is_punct(at - 1, ",")
                && let Some(np) = self.np_before(at - 1, lo.min(at - 1).saturating_sub(6))
                && np.pronoun.is_none()
            {
                return self.resolve(&np, history);
            }
            return Speaker::default();
        }
        let fits = |s: &Speaker| {
            let gender_ok = match (p.gender, s.gender) {
                (Gender::Any, _) | (_, None) | (_, Some(Gender::Any)) => true,
                (a, Some(b)) => a == b,
            };
            let number_ok = match p.number {
                Number::Sg => s.person,
                Number::Pl | Number::Thing => !s.person,
                Number::Any => true,
            };
            gender_ok && number_ok && s.name.is_some()
        };
        self.antecedents(at, history).find(fits).unwrap_or_default()
    }

    /// People and organisations named before token `at`, most recent first, resolved only as
    /// far as the caller reads: speakers so far, entities the NER stage found, names given with
    /// a role (`kolonel X`). Names inside another quotation are not candidates.
    fn antecedents<'h>(
        &'h self,
        at: usize,
        history: &'h [(usize, Speaker)],
    ) -> impl Iterator<Item = Speaker> + 'h {
        enum Cand<'e> {
            Said(usize),
            Entity(&'e Entity),
            Titled(usize, usize),
        }
        let at_byte = self.doc.tokens[at].start;
        let at_char = self.doc.span(at_byte, at_byte).0;
        let mut cands: Vec<(usize, Cand)> = history
            .iter()
            .enumerate()
            .filter(|(_, (pos, _))| *pos < at)
            .map(|(ix, (pos, _))| (*pos, Cand::Said(ix)))
            .collect();
        cands.extend(
            self.entities
                .iter()
                .filter(|en| {
                    en.span.1 <= at_char && matches!(en.kind, EntityType::PER | EntityType::ORG)
                })
                .map(|en| (self.token_at_char(en.span.0), Cand::Entity(en))),
        );
        cands.extend(
            self.titled_runs
                .iter()
                .filter(|&&(_, e)| e <= at)
                .map(|&(s, e)| (s, Cand::Titled(s, e))),
        );
        {
            let quoted = self.quoted.borrow();
            cands.retain(|(pos, c)| {
                matches!(c, Cand::Said(_)) || !quoted.iter().any(|&(o, cl)| o < *pos && *pos < cl)
            });
        }
        cands.sort_by_key(|(pos, _)| std::cmp::Reverse(*pos));
        cands.into_iter().map(|(_, c)| match c {
            Cand::Said(ix) => history[ix].1.clone(),
            Cand::Entity(en) => Speaker {
                name: Some(if en.canonical.is_empty() {
                    en.text.clone()
                } else {
                    en.canonical.clone()
                }),
                id: Some(en.id.clone()).filter(|i| !i.is_empty()),
                roles: en.roles.clone(),
                gender: None,
                person: en.kind == EntityType::PER,
            },
            Cand::Titled(s, e) => {
                let np = Np {
                    first: s,
                    last: e,
                    name: Some((s, e)),
                    roles: vec![self.tok(s - 1).to_string()],
                    gender: Some(self.lex.gender_of_role(&self.lw[s - 1])),
                    ..Np::default()
                };
                let mut sp = self.resolve(&np, history);
                sp.person = true;
                sp
            }
        })
    }

    /// The person a definite description points back to: an age used as a noun (`de
    /// 46-jarige`, `the 46-year-old`) is the person given that age before (`Peter Jones, 46,`)
    /// or the only person named so far; a bare role (`de woordvoerder`, `the spokesman`) is the
    /// last person named with that role, or a description said before that opens with it (`a
    /// spokesman for Michael Howard`). None when nobody fits: the description stays the speaker.
    fn description_referent(
        &self,
        np: &Np,
        s: usize,
        history: &[(usize, Speaker)],
    ) -> Option<Speaker> {
        if s >= np.last || !self.lex.anaphoric.contains(&self.lw[np.first]) {
            return None;
        }
        let words = &self.lw[s..np.last];
        let age = words.iter().find_map(|w| {
            self.lex.age_suffixes.iter().find_map(|suf| {
                let stem = w.strip_suffix(suf.as_str())?.trim_end_matches('-');
                (!stem.is_empty()).then(|| {
                    stem.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                })
            })
        });
        // named people only: an unresolved description said before (`the spokesman`) is not one
        let people = self.antecedents(np.first, history).filter(|c| {
            c.person
                && c.name
                    .as_deref()
                    .is_some_and(|n| n.starts_with(char::is_uppercase))
        });
        if let Some(age) = age {
            let before = &self.doc.text[..self.doc.tokens[np.first].start];
            // the age the article gave a person right after their name (`Jones, 46,`, `Jones (46)`)
            let given = |c: &Speaker| {
                let name = c.name.as_deref().unwrap_or_default();
                let last = name.rsplit(' ').next().unwrap_or(name);
                !age.is_empty()
                    && before.match_indices(last).any(|(i, _)| {
                        let rest = &before[i + last.len()..];
                        rest.strip_prefix(", ")
                            .or_else(|| rest.strip_prefix(" ("))
                            .and_then(|r| r.strip_prefix(age.as_str()))
                            .is_some_and(|r| r.starts_with([',', ')']))
                    })
            };
            // One given that age, else the only person named so far. The last person named is
            // too often the wrong one (`… sporting director Emilio Butragueno …. "…," the
            // 21-year-old told Cadena Cope` is the player the article is about).
            let mut names: Vec<Speaker> = Vec::new();
            for c in people {
                if given(&c) {
                    return Some(c);
                }
                if !names.iter().any(|n| n.name == c.name) {
                    names.push(c);
                }
            }
            return (names.len() == 1).then(|| names.remove(0));
        }
        if let [w] = words {
            // `spokesman`, or a role that opens with it (`spokesman for the fire service`)
            let opens = |r: &str| {
                let r = norm_word(r);
                r == *w
                    || r.strip_prefix(w.as_str())
                        .is_some_and(|rest| rest.starts_with(' '))
            };
            // a role and whom it serves said before (`a spokesman for Michael Howard`, `the
            // mother of Jan Peeters`)
            let serving = |d: &str| {
                let d = norm_word(d);
                d.strip_prefix(w.as_str())
                    .and_then(|rest| rest.strip_prefix(' '))
                    .and_then(|rest| rest.split(' ').next())
                    .is_some_and(|p| self.lex.prepositions.contains(p))
            };
            let role = self.lex.is_role_word(w);
            // a person named with that role, or such a description
            return self
                .antecedents(np.first, history)
                .filter(|c| c.person)
                .take(6)
                .find(|c| {
                    let name = c.name.as_deref().unwrap_or_default();
                    if name.starts_with(char::is_uppercase) {
                        role && c.roles.iter().any(|r| opens(r))
                    } else {
                        serving(name)
                    }
                });
        }
        None
    }

    /// The first token starting at or after code point `c` (entity spans count code points).
    fn token_at_char(&self, c: usize) -> usize {
        self.doc
            .tokens
            .partition_point(|t| self.doc.span(t.start, t.start).0 < c)
    }

    // ---- quotation marks -------------------------------------------------------------------

    /// Whether a mark can open and can close a quote, from what touches it.
    fn flanks(&self, m: &Mark) -> (bool, bool) {
        let text = self.doc.text;
        let (s, e) = (self.doc.tokens[m.first].start, self.doc.tokens[m.last].end);
        let mut before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        // French sets guillemets off by a (no-break) space: `« Nous partons »`. A spaced `«`
        // opens and a spaced `»` closes; unspaced ones (and German `»…«`) go by the rules below.
        let hspace =
            |c: Option<char>| c.is_some_and(|c| c.is_whitespace() && c != '\n' && c != '\r');
        if matches!(m.glyph, '«' | '‹')
            && hspace(after)
            && text[e..].chars().nth(1).is_some_and(|c| !c.is_whitespace())
            && (space(before) || before.is_some_and(|c| matches!(c, '(' | ':' | '—' | '–')))
        {
            return (true, false);
        }
        if matches!(m.glyph, '»' | '›')
            && hspace(before)
            && text[..s]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| !c.is_whitespace())
            && (space(after) || after.is_some_and(|c| !c.is_alphanumeric()))
        {
            return (false, true);
        }
        // `,' "`: a closing mark set off by a space from the nested one it closes around.
        if before == Some(' ') {
            let prev = text[..s - 1].chars().next_back();
            if prev.is_some_and(|c| family(c).is_some_and(|f| f != m.family)) && space(after) {
                before = prev;
            }
        }
        let opener_glyph = matches!(m.glyph, '„' | '‚');
        let can_open = !space(after)
            && (space(before)
                || before.is_some_and(|c| {
                    !c.is_alphanumeric() && !matches!(c, '.' | ',' | '!' | '?' | ';')
                }))
            && after.is_some_and(|c| !matches!(c, ',' | '.' | ';' | ')' | '!' | '?'));
        // `"I like it,”Clinton said`: a right-hand double mark after a comma or a stop closes,
        // the missing space notwithstanding.
        let glued_closer = matches!(m.glyph, '”' | '»')
            && before.is_some_and(|c| matches!(c, ',' | '.' | '!' | '?'))
            && after.is_some_and(char::is_alphabetic);
        let can_close = !opener_glyph
            && !space(before)
            && (space(after) || after.is_some_and(|c| !c.is_alphanumeric()) || glued_closer);
        // Stray spaces inside the marks (`today, ” Bozell adds`, `“ We are`): a right-hand
        // double mark after punctuation and a space closes, a left-hand one before a space and
        // a word opens.
        let prev2 = text[..s].chars().rev().nth(1);
        let next2 = text[e..].chars().nth(1);
        let spaced_closer = m.glyph == '”'
            && before == Some(' ')
            && prev2.is_some_and(|c| matches!(c, ',' | '.' | '!' | '?'))
            && (space(after) || after.is_some_and(|c| !c.is_alphanumeric()));
        let spaced_opener = m.glyph == '“'
            && after == Some(' ')
            && next2.is_some_and(char::is_alphanumeric)
            && (space(before) || before.is_some_and(|c| matches!(c, '(' | ':' | '—' | '–')));
        (can_open || spaced_opener, can_close || spaced_closer)
    }

    fn compatible(open: &Mark, close: &Mark) -> bool {
        let c = close.glyph;
        match open.glyph {
            '«' => c == '»',
            '»' => c == '«',
            '‹' => c == '›',
            '›' => c == '‹',
            _ if open.family == Family::Double => {
                close.family == Family::Double && !matches!(c, '«' | '»' | '„')
            }
            _ => matches!(c, '\'' | '’' | '‘' | '`'),
        }
    }

    /// The quotation marks of tokens `lo..hi`.
    fn marks(&self, lo: usize, hi: usize) -> Vec<Mark> {
        let mut out = Vec::new();
        let mut k = lo;
        while k < hi {
            if self.kind(k) != TokenKind::Quote {
                k += 1;
                continue;
            }
            let glyph = self.tok(k).chars().next().unwrap_or(' ');
            let Some(fam) = family(glyph) else {
                k += 1;
                continue;
            };
            let doubled = fam == Family::Single
                && k + 1 < hi
                && self.kind(k + 1) == TokenKind::Quote
                && self.doc.tokens[k].end == self.doc.tokens[k + 1].start
                && family(self.tok(k + 1).chars().next().unwrap_or(' ')) == Some(Family::Single);
            if doubled {
                out.push(Mark {
                    first: k,
                    last: k + 1,
                    glyph: '"',
                    family: Family::Double,
                });
                k += 2;
            } else {
                out.push(Mark {
                    first: k,
                    last: k,
                    glyph,
                    family: fam,
                });
                k += 1;
            }
        }
        out
    }

    /// Pairs quotation marks paragraph by paragraph. Double marks first; single marks only
    /// outside double-quoted text, where a single mark after an `s` before a lower-case word is
    /// a possessive apostrophe (`the voters' choice`), not a closing quote.
    fn regions(&self) -> Vec<Region> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.n() {
            let p = self.para_of[i];
            let mut j = i;
            while j < self.n() && self.para_of[j] == p {
                j += 1;
            }
            let marks = self.marks(i, j);
            let next_mark = self.marks(j, (j + 2).min(self.n())).first().copied();
            let doubles = self.pair(&marks, j, next_mark, Family::Double, &[]);
            let singles = self.pair(&marks, j, next_mark, Family::Single, &doubles);
            let mut all: Vec<Region> = doubles.into_iter().chain(singles).collect();
            all.sort_by_key(|r| r.open);
            // Nested quotes are part of the quote around them.
            let mut kept: Vec<Region> = Vec::new();
            for r in all {
                if kept
                    .iter()
                    .any(|k| k.open <= r.open && r.close <= k.close && *k != r)
                {
                    continue;
                }
                kept.retain(|k| !(r.open <= k.open && k.close <= r.close));
                kept.push(r);
            }
            out.extend(kept);
            i = j;
        }
        out.sort_by_key(|r| r.open);
        out
    }

    fn pair(
        &self,
        marks: &[Mark],
        hi: usize,
        next: Option<Mark>,
        fam: Family,
        outer: &[Region],
    ) -> Vec<Region> {
        let mut out = Vec::new();
        let mut open: Option<Mark> = None;
        for m in marks.iter().filter(|m| m.family == fam) {
            if outer.iter().any(|r| r.open < m.first && m.first < r.close) {
                continue;
            }
            let (can_open, mut can_close) = self.flanks(m);
            if fam == Family::Single && can_close && !can_open {
                // `voters' choice`: a possessive apostrophe, not a closing mark.
                let k = m.first;
                let prev_s = k > 0 && self.lw[k - 1].ends_with('s');
                let next_lower = self.is_word(k + 1) && !self.is_cap(k + 1);
                if prev_s && next_lower {
                    can_close = false;
                }
            }
            match open {
                Some(o) if can_close && Self::compatible(&o, m) => {
                    if m.first > o.last + 1 {
                        out.push(Region {
                            open_first: o.first,
                            open: o.last,
                            close: m.first,
                            close_end: m.last + 1,
                            runs_on: false,
                        });
                    }
                    open = None;
                }
                _ if can_open => open = Some(*m),
                _ => {}
            }
        }
        if let Some(o) = open {
            // An unclosed quote runs on into the next paragraph when that one opens with a mark.
            let next_opens = next.is_some_and(|n| n.family == fam && n.first == hi);
            let at_start =
                self.is_sentence_start(o.first) || (o.first > 0 && self.is_punct(o.first - 1, ":"));
            if (next_opens || at_start) && hi > o.last + 2 {
                out.push(Region {
                    open_first: o.first,
                    open: o.last,
                    close: hi,
                    close_end: hi,
                    runs_on: next_opens,
                });
            }
        }
        out
    }

    /// Content byte range of a region, without marks, outer spaces and a trailing comma.
    fn region_content(&self, r: &Region) -> Option<(usize, usize)> {
        let s = self.doc.tokens[r.open].end;
        let e = if r.close < self.n() && self.kind(r.close) == TokenKind::Quote && !r.runs_on {
            self.doc.tokens[r.close].start
        } else {
            self.doc.tokens[r.close - 1].end
        };
        trim_content(self.doc.text, s, e)
    }

    // ---- attributions ----------------------------------------------------------------------

    /// An attribution after a quote closing at `close` (`"…", zegt X.`, `"…," he said`,
    /// `"…", aldus X`): the cue and the speaker phrase.
    fn attribution_after(&self, close: usize) -> Option<(CueMatch, Np)> {
        let mut i = close + 1;
        while i < self.n()
            && (matches!(self.tok(i), ",")
                || self.kind(i) == TokenKind::Quote
                    && self.doc.tokens[i].start == self.doc.tokens[i - 1].end)
        {
            i += 1;
        }
        if i >= self.n() {
            return None;
        }
        // `"…" – Hillary Clinton.`: a dash and a name closing the sentence.
        if matches!(self.tok(i), "-" | "–" | "—") {
            let end = self.sent_end(i);
            let np = self.np_after(i + 1, end)?;
            let np = self.with_apposition(np, end);
            let tail = (np.last..end).filter(|&k| self.is_word(k)).count();
            return (np.name.is_some() && (tail == 0 || self.is_punct(np.last, ","))).then_some((
                CueMatch {
                    first: i,
                    last: i + 1,
                    group: PUNCT_CUE,
                },
                np,
            ));
        }
        let mut end = self.sent_end(close.min(self.n() - 1)).max(i);
        // `"…." Trump said.`: the sentence ended inside the quote; the attribution is the
        // next, short sentence of the same paragraph.
        let next_sentence = end == i
            && self.para_of[i] == self.para_of[close]
            && !self.doc.text[self.doc.tokens[close].end..self.doc.tokens[i].start].contains('\n');
        if next_sentence {
            end = self.sent_end(i);
        }
        // Stop at the next quotation mark (not a possessive's apostrophe: `Sanders' aide`).
        let end = (i..end)
            .find(|&k| self.kind(k) == TokenKind::Quote && !self.is_possessive(k))
            .unwrap_or(end);
        let (c, np) = self.attribution_in(i, end)?;
        if next_sentence {
            // `"…?" Trump said of Apple.` is an attribution; `"…?" Trump said the …` and
            // `… said that …` start new reported speech.
            let g = self.group(&c);
            let att_end = self.skip_fillers(c.last.max(np.last), end);
            let starts_clause = att_end < end
                && (self.lex.complementizers.contains(&self.lw[att_end])
                    || g.bare_clause
                        && !g.listener_object
                        && self.is_word(att_end)
                        && !self.is_cap(att_end)
                        && !self.lex.np_stop.contains(&self.lw[att_end])
                        // `Trump said of Apple`: a preposition opens an adjunct, not a clause.
                        && !self.lex.prepositions.contains(&self.lw[att_end]));
            // `"…?" Trump went on, as if he didn't hear her.`: after a comma, an adjunct.
            let comma_next = att_end < end && self.is_punct(att_end, ",");
            if starts_clause
                || (!comma_next
                    && (att_end..end)
                        .take(8)
                        .any(|k| self.lex.complementizers.contains(&self.lw[k])))
            {
                return None;
            }
        }
        Some((c, np))
    }

    /// `"…" but to take the lead in advertising, says Evan Tracey, a consultant.`: a quote
    /// that opens its sentence and runs on in the writer's words, attributed at the end of the
    /// sentence after a comma; nothing but the attribution (and what describes the speaker)
    /// follows it.
    fn attribution_at_sentence_end(&self, close: usize) -> Option<(CueMatch, Np)> {
        let end = self.sent_end(close.min(self.n() - 1));
        let between = close + 1..end;
        if between.clone().any(|k| self.kind(k) == TokenKind::Quote)
            || !self.is_word(close + 1)
            || self.is_cap(close + 1)
        {
            return None;
        }
        let commas: Vec<usize> = between.filter(|&k| self.is_punct(k, ",")).collect();
        commas.iter().find_map(|&comma| {
            let (c, np) = self.attribution_in(comma + 1, end)?;
            if c.first != comma + 1 && np.first != comma + 1 {
                return None;
            }
            let att_end = c.last.max(np.last);
            (att_end >= end || !self.is_word(att_end)).then_some((c, np))
        })
    }

    /// The cue and speaker of an attribution that starts at token `i` (`zegt X`, `he said`,
    /// `Lael Brainard, a Fed governor, said`), within `..end`.
    fn attribution_in(&self, i: usize, end: usize) -> Option<(CueMatch, Np)> {
        // The first cue that makes an attribution: `the driver, who asked not to be named,
        // told` passes over the `asked` of the relative clause.
        let hi = (i + 24).min(end);
        self.cues
            .iter()
            .filter(|c| c.first >= i && c.first < hi)
            .find_map(|c| self.attribution_with(i, end, *c))
    }

    fn attribution_with(&self, i: usize, end: usize, c: CueMatch) -> Option<(CueMatch, Np)> {
        let g = self.group(&c);
        if g.side == Side::Subject {
            return None;
        }
        // Only the speaker's words (with an apposition in commas or brackets, an age)
        // between quote and cue.
        let speakerish = |k: usize| {
            self.is_word(k)
                || self.kind(k) == TokenKind::Number
                || matches!(self.tok(k), "," | "(" | ")" | "-")
                || self.is_possessive(k)
                // `Rep. Earl Blumenauer (D-Ore.) said`: an abbreviation's point in brackets.
                || self.tok(k) == "." && k + 1 < self.n() && matches!(self.tok(k + 1), ")" | ",")
        };
        // More than six words need a comma (an apposition); words in brackets do not count.
        let mut depth = 0usize;
        let outside = (i..c.first)
            .filter(|&k| {
                match self.tok(k) {
                    "(" => depth += 1,
                    ")" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0 && self.tok(k) != ")"
            })
            .count();
        if !(i..c.first).all(speakerish) {
            return None;
        }
        if outside > 6 && !(i..c.first).any(|k| self.is_punct(k, ",")) {
            // `Kirsten Pfeifer from the Consumer Electronics Association told`: a long
            // phrase only as a speaker and what describes it.
            return (g.side != Side::After && g.kind != CueKind::Prep)
                .then(|| self.speaker_with_complement(i, c.first))
                .flatten()
                .map(|np| (c, np));
        }
        let limit = self.clause_end(c.last, end);
        if g.kind == CueKind::Prep {
            let np = self.np_after(c.last, limit)?;
            return (c.first == i).then_some((c, np));
        }
        let mut lo = i;
        while lo < c.first && self.lex.inversion.contains(&self.lw[lo]) {
            lo += 1;
        }
        if c.first > lo {
            if g.side == Side::After {
                return None;
            }
            let found = self.np_before(c.first, lo).and_then(|mut np| {
                // The words before the cue must all be the speaker's: a few more words are a
                // title the lexicon does not know (`CBS This Morning co-anchor DeMarco Morgan`).
                if np.first != lo && !self.only_fillers(lo, np.first) {
                    let title_words =
                        (lo..np.first).all(|k| self.is_word(k) || self.is_possessive(k));
                    if !(title_words && np.first - lo <= 5 && np.name.is_some()) {
                        return None;
                    }
                    np.first = lo;
                }
                Some(np)
            });
            // `Mr. Daniloff, now 81 and retired in Cambridge, Mass., said`: the phrase right
            // after the quote, up to the first comma, is the speaker; the rest describes it.
            let found = found
                .or_else(|| {
                    if !self.is_punct(c.first - 1, ",") {
                        return None;
                    }
                    self.subject_with_apposition(lo, c.first)
                        .filter(|np| np.first == lo)
                })
                .or_else(|| self.speaker_with_complement(lo, c.first));
            return found.map(|np| (c, np));
        }
        if g.side == Side::Before {
            return None;
        }
        let np = self.np_after(self.skip_fillers(c.last, limit), limit)?;
        Some((c, np))
    }

    /// The named subject of a clause that ends at the cue `cue`, followed by an apposition
    /// (`Anthony Anton, president and CEO of the Washington Restaurant Association stated`,
    /// `In a series of posts, Mr. Frum, a former speechwriter for George W. Bush, wrote`):
    /// a name that fills a comma-delimited segment starting at `lo` or after a comma, with
    /// nothing after it but descriptive words up to the cue.
    fn subject_with_apposition(&self, lo: usize, cue: usize) -> Option<Np> {
        if cue < lo + 3 || cue - lo > 48 {
            return None;
        }
        let tail_ok = |from: usize| {
            (from..cue).all(|k| {
                (self.is_word(k)
                    || self.kind(k) == TokenKind::Number
                    || self.is_possessive(k)
                    || matches!(self.tok(k), "," | "(" | ")" | "-" | "'" | "’"))
                    && (self.is_cap(k) || !self.cue_starts_at(k))
            })
        };
        let starts =
            std::iter::once(lo).chain((lo..cue).filter(|&k| self.is_punct(k, ",")).map(|k| k + 1));
        for s in starts {
            let Some(comma) = (s..cue).find(|&k| self.is_punct(k, ",")) else {
                break;
            };
            if comma + 1 >= cue {
                break;
            }
            let Some(np) = self.np_after(s, comma) else {
                continue;
            };
            if np.pronoun.is_none() && np.name.is_some() && np.last == comma && tail_ok(comma) {
                let mut np = np;
                let end = if self.is_punct(cue - 1, ",") {
                    cue - 1
                } else {
                    cue
                };
                if let Some(role) = self.apposition_role(comma + 1, end) {
                    np.roles.push(role);
                }
                return Some(np);
            }
            // Only an introductory phrase (no cue, no quotation) may come before the subject.
            if !tail_ok(s) {
                return None;
            }
        }
        None
    }

    /// The speaker right after a quotation and the words that describe it up to the cue, as
    /// British copy writes them: `John Houlihan, editor of Gamesweekly told` (an apposition
    /// with a role and no closing comma), `Kirsten Pfeifer from the Consumer Electronics
    /// Association told`, `the chief executive of a leading car maker told` (a complement
    /// opened by a preposition).
    fn speaker_with_complement(&self, lo: usize, cue: usize) -> Option<Np> {
        let mut np = self.np_after(lo, cue)?;
        if np.first != lo || np.pronoun.is_some() || np.name.is_none() && np.roles.is_empty() {
            return None;
        }
        let comma = np.last < cue && self.is_punct(np.last, ",");
        let from = np.last + usize::from(comma);
        if from >= cue
            || cue - from > 10
            || !(from..cue).all(|k| self.is_word(k) || self.is_possessive(k))
            || (from..cue).any(|k| self.cue_starts_at(k) && !self.is_cap(k))
        {
            return None;
        }
        let ok = if comma {
            np.name.is_some() && (from..cue).any(|k| self.is_role(k))
        } else {
            self.lex.prepositions.contains(&self.lw[from])
                || self.lex.name_connectors.contains(&self.lw[from])
        };
        if !ok {
            return None;
        }
        np.roles.push(self.text_of(from, cue).to_string());
        np.last = cue;
        Some(np)
    }

    /// Whether quotation `r` holds a title (`"Morning Joe"`, `"The Apprentice"`): up to six
    /// words, each capitalised or a short function word, no sentence punctuation.
    fn is_title(&self, r: &Region) -> bool {
        if !self.title_shaped(r) {
            return false;
        }
        // Not in a title-case headline (`Ryan: 'Anti-Semitic Images' Have 'No Place …'`).
        let (lo, hi) = (self.sent_start(r.open_first), self.sent_end(r.open_first));
        (lo..hi).any(|k| {
            (k < r.open_first || k >= r.close_end)
                && self.is_word(k)
                && !self.is_cap(k)
                && self.lw[k].chars().count() > 3
        })
    }

    /// Up to six words in title case, short function words between (`Orange is the New
    /// Black`), starting with a capital and ending without a full stop.
    fn title_shaped(&self, r: &Region) -> bool {
        let inner = r.open + 1..r.close.min(self.n());
        if r.runs_on || inner.is_empty() || inner.len() > 6 {
            return false;
        }
        let mut caps = 0;
        for k in inner {
            if self.is_word(k) && self.is_cap(k) {
                caps += 1;
            } else if !(self.is_word(k)
                && self.lw[k].chars().count() <= 3
                && !self.lex.pronouns.contains_key(&self.lw[k]))
            {
                return false;
            }
        }
        caps > 0 && self.is_cap(r.open + 1)
    }

    /// An apostrophe glued to a word ending in `s` (`Sanders' campaign`).
    fn is_possessive(&self, k: usize) -> bool {
        k > 0
            && self.kind(k) == TokenKind::Quote
            && matches!(self.tok(k), "'" | "’")
            && self.doc.tokens[k].start == self.doc.tokens[k - 1].end
            && self.lw[k - 1].ends_with('s')
    }

    fn only_fillers(&self, lo: usize, hi: usize) -> bool {
        (lo..hi).all(|k| self.lex.is_filler(&self.lw[k]))
    }

    fn skip_fillers(&self, mut i: usize, limit: usize) -> usize {
        while i < limit && self.is_word(i) && !self.is_cap(i) && self.lex.is_filler(&self.lw[i]) {
            i += 1;
        }
        i
    }

    /// Where the clause that starts at `i` ends: the next comma, colon, quotation mark or the
    /// sentence end, whichever comes first (never past `end`).
    fn clause_end(&self, i: usize, end: usize) -> usize {
        (i..end)
            .find(|&k| {
                self.kind(k) == TokenKind::Quote
                    || matches!(
                        self.tok(k),
                        "," | ":" | ";" | "." | "!" | "?" | "(" | "—" | "–"
                    )
            })
            .unwrap_or(end)
    }

    /// An attribution before a quote opening at `open` (`X zegt: "…"`, `He said, "…"`,
    /// `Volgens X: "…"`): the cue and speaker phrase.
    fn attribution_before(&self, open: usize) -> Option<(CueMatch, Np)> {
        let lo = self.sent_start(open);
        // `Pollsters agree – Carl Bialik: "…"`: a name between a dash and a colon.
        if open > lo + 2
            && self.is_punct(open - 1, ":")
            && let Some(np) = self.np_before(open - 1, lo)
            && np.name.is_some()
            && np.first > lo
            && matches!(self.tok(np.first - 1), "-" | "–" | "—")
        {
            let cue = CueMatch {
                first: open - 1,
                last: open,
                group: PUNCT_CUE,
            };
            return Some((cue, np));
        }
        // `Kasich: 'We are going all the way'`, `Dillon: "…"`: a name and a colon.
        if open > lo + 1
            && self.is_punct(open - 1, ":")
            && !self.cues.iter().any(|c| c.first >= lo && c.last < open)
            && let Some(np) = self.np_after(lo, open - 1)
            && np.last == open - 1
            && (np.name.is_some() || !np.roles.is_empty())
        {
            let cue = CueMatch {
                first: open - 1,
                last: open,
                group: PUNCT_CUE,
            };
            return Some((cue, np));
        }
        let c = *self
            .cues
            .iter()
            .rev()
            .find(|c| c.first >= lo && c.last <= open)?;
        let g = self.group(&c);
        let mut gap_end = open;
        while gap_end > c.last && matches!(self.tok(gap_end - 1), ":" | "," | "-" | "–" | "—") {
            gap_end -= 1;
        }
        // The gap between cue and quote may hold the speaker (inverted), a listener and
        // particles; a complementiser means the quote is part of reported speech.
        if (c.last..gap_end).any(|k| {
            !self.is_word(k) || self.lex.complementizers.contains(&self.lw[k]) && !self.is_cap(k)
        }) {
            return None;
        }
        if gap_end - c.last > 8 {
            return None;
        }
        let colon_or_comma = gap_end < open;
        if g.kind == CueKind::Prep {
            let np = self.np_after(c.last, gap_end)?;
            return colon_or_comma.then_some((c, np));
        }
        if !colon_or_comma && gap_end != c.last {
            return None;
        }
        // `Hayek confirmed she had been and said, "…"`: a verb joined to an earlier one shares
        // its subject.
        let joined = (lo..c.first)
            .rev()
            .find(|&k| !(self.is_word(k) && self.lex.is_filler(&self.lw[k])))
            .is_some_and(|k| self.lex.coordinators.contains(&self.lw[k]));
        if g.side == Side::Subject {
            return self.subject_np(&c).map(|np| (c, np));
        }
        if g.side != Side::After
            && let Some(np) = self
                .np_before(c.first, lo)
                .or_else(|| joined.then(|| self.subject_np(&c)).flatten())
                .or_else(|| self.subject_with_apposition(lo, c.first))
        {
            return Some((c, np));
        }
        if g.side != Side::Before {
            let start = self.skip_fillers(c.last, gap_end);
            if let Some(np) = self.np_after(start, gap_end) {
                return Some((c, np));
            }
        }
        None
    }

    /// The subject of the clause a participle cue hangs on (`he said, adding …` → `he`): the
    /// speaker of an earlier cue in the sentence, else the sentence's first noun phrase.
    fn subject_np(&self, c: &CueMatch) -> Option<Np> {
        let lo = self.sent_start(c.first);
        // `with Gov. Martin O'Malley calling the plan …`, `about Pope Francis calling …`: a
        // name right before the participle is its subject.
        if c.first > lo
            && self.is_name_word(c.first - 1)
            && let Some(np) = self.np_before(c.first, self.run_start(c.first - 1).max(lo))
            && np.name.is_some_and(|(_, e)| e == c.first)
            && np.pronoun.is_none()
        {
            return Some(np);
        }
        for c0 in self
            .cues
            .iter()
            .rev()
            .filter(|c0| c0.first >= lo && c0.last <= c.first)
        {
            let g0 = self.group(c0);
            if matches!(g0.side, Side::Subject) || g0.kind == CueKind::Prep {
                continue;
            }
            if g0.side != Side::After
                && let Some(np) = self.np_before(c0.first, lo)
            {
                return Some(np);
            }
            // Verb-second order (`Daarna zei Dillon …, eraan toevoegend`).
            if g0.side != Side::Before && c0.first <= lo + 1 {
                let limit = self.clause_end(c0.last, c.first);
                if let Some(np) = self.np_after(self.skip_fillers(c0.last, limit), limit) {
                    return Some(np);
                }
            }
        }
        // The sentence's subject, after an introductory phrase (`Back in 1999, Mr. Trump
        // expressed admiration …, telling CNBC`).
        let lo = self.after_dateline(lo, c.first);
        let mut start = lo;
        if let Some(comma) = (lo..c.first).find(|&k| self.is_punct(k, ","))
            && ((lo..comma.min(lo + 2)).any(|k| self.lex.prepositions.contains(&self.lw[k]))
                || comma > lo
                    && comma <= lo + 3
                    && self.lex.intro_adverbs.contains(&self.lw[comma - 1]))
        {
            start = comma + 1;
        }
        if let Some(np) = self.np_after(start, c.first) {
            return Some(np);
        }
        // Else the first name at the start of a clause.
        let &(_, e) = self
            .name_runs
            .iter()
            .find(|&&(s, e)| s >= lo && e <= c.first && (s == lo || self.is_punct(s - 1, ",")))?;
        self.np_before(e, lo)
    }

    /// The first token after a dateline opening a sentence at `lo` (`WASHINGTON —`,
    /// `DES MOINES, Iowa (AP) —`), else `lo`: a dateline is never the subject.
    fn after_dateline(&self, lo: usize, limit: usize) -> usize {
        let caps = |k: usize| {
            let t = self.tok(k);
            t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !t.chars().any(|c| c.is_lowercase())
        };
        if lo >= limit || !self.is_word(lo) || !caps(lo) {
            return lo;
        }
        (lo + 1..limit.min(lo + 8))
            .take_while(|&k| !(self.is_word(k) && self.tok(k).starts_with(char::is_lowercase)))
            .find(|&k| matches!(self.tok(k), "—" | "–" | "-" | "--"))
            .map_or(lo, |k| k + 1)
    }

    /// Whether a quotation opening at token `o` stands as quoted speech of its own (at the
    /// start of a sentence, after punctuation, or right after its speech verb) rather than as
    /// a fragment inside the writer's sentence (`the benefit is "10 times the losses"`).
    fn framed(&self, o: usize) -> bool {
        o == 0
            || self.is_sentence_start(o)
            || matches!(
                self.tok(o - 1),
                ":" | "," | "—" | "–" | "-" | "(" | ";" | "." | "!" | "?"
            )
            || self.kind(o - 1) == TokenKind::Quote
            || self.cues_between(o.saturating_sub(16), o).iter().any(|c| {
                // Right after the verb, or after the verb and its listener (`told reporters`).
                c.last <= o && o - c.last <= 8 && self.sent_of[c.first] == self.sent_of[o] && {
                    let k = self.skip_fillers(c.last, o);
                    k == o
                        || self
                            .listener_after(c, k, o)
                            .is_some_and(|(_, le)| self.skip_fillers(le, o) == o)
                }
            })
    }

    /// Where reported speech that starts at `start` ends: at the sentence end `end`, or before
    /// a second speech verb joined to the first (`noted that he taught law, and added: "…"`).
    fn reported_end(&self, start: usize, end: usize) -> usize {
        let speech_at = |k: usize| {
            self.cue_at(k)
                .is_some_and(|c| self.group(c).kind == CueKind::Speech)
        };
        (start..end)
            .find(|&k| {
                // `Barkley, who said he votes democratic, said …`: a comma and a verb of
                // speech start the next attribution
                if self.is_punct(k, ",")
                    && k + 1 < end
                    && self.is_word(k + 1)
                    && !self.is_cap(k + 1)
                    && speech_at(self.skip_fillers(k + 1, end))
                {
                    return true;
                }
                let and = if self.is_punct(k, ",") { k + 1 } else { k };
                and < end
                    && self.lex.coordinators.contains(&self.lw[and])
                    && (k == and || self.is_word(and))
                    && speech_at(self.skip_fillers(and + 1, end))
            })
            .unwrap_or(end)
    }

    /// The listener after a cue (`aan de BBC`, `told reporters`): its token range.
    fn listener_after(&self, c: &CueMatch, start: usize, limit: usize) -> Option<(usize, usize)> {
        let g = self.group(c);
        if start >= limit {
            return None;
        }
        if g.listener_preps.contains(&self.lw[start]) {
            let np = self.np_after(start + 1, limit)?;
            return Some((start, np.last));
        }
        if g.listener_object {
            let np = self.np_after(start, limit)?;
            return Some((np.first, np.last));
        }
        None
    }
}

/// Trims whitespace, quotation marks and a trailing comma or colon from a byte range.
fn trim_content(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let slice = text.get(s..e)?;
    let trim = |c: char| c.is_whitespace() || family(c).is_some() || matches!(c, ',' | ':' | ';');
    let mut left = slice.len() - slice.trim_start_matches(trim).len();
    let mut right = slice.trim_end_matches(trim).len();
    if right <= left {
        return None;
    }
    // A double mark whose partner is inside stays (`the budget was "fully funded"`).
    let double = |c: char| family(c) == Some(Family::Double);
    if slice[left..right].chars().filter(|&c| double(c)).count() % 2 == 1 {
        if let Some((i, c)) = slice[right..].char_indices().find(|&(_, c)| double(c)) {
            right += i + c.len_utf8();
        } else if let Some((i, _)) = slice[..left].char_indices().rev().find(|&(_, c)| double(c)) {
            left = i;
        }
    }
    Some((s + left, s + right))
}

/// A direct quote in progress: its regions and attribution.
#[derive(Clone, Debug)]
struct Direct {
    regions: Vec<Region>,
    cue: Option<CueMatch>,
    np: Option<Np>,
    /// Attributed by a cue after the last region (so a quote right after continues it).
    post: bool,
}

/// Finds every attribution in a document: direct quotes (paired marks), indirect speech and
/// `volgens X`/`according to X` clauses, with speakers resolved.
pub fn attributions(doc: &Doc, entities: &[Entity], lex: &QuoteLexicons) -> Vec<Attribution> {
    let lex = lex.for_lang(doc.lang);
    let f = Finder::new(doc, lex, entities);
    find_attributions(&f)
}

pub(crate) fn find_attributions(f: &Finder) -> Vec<Attribution> {
    if f.n() == 0 {
        return Vec::new();
    }
    let regions = f.regions();
    *f.quoted.borrow_mut() = regions.iter().map(|r| (r.open, r.close)).collect();
    let mut directs: Vec<Direct> = Vec::new();
    let mut used_cues: HashSet<usize> = HashSet::new();
    for r in &regions {
        let content_words = (r.open + 1..r.close.min(f.n()))
            .filter(|&k| f.is_word(k) || f.kind(k) == TokenKind::Number)
            .count();
        if content_words == 0 {
            continue;
        }
        // A partial quote (inside the writer's sentence) takes no attribution from the next
        // sentence: in `X says the candidate has "always run a lean campaign." Trump says "…"`
        // the cue after it is the next quote's.
        let after = if r.close < f.n() && !r.runs_on {
            f.attribution_after(r.close_end - 1).filter(|(c, _)| {
                f.sent_of[c.first] == f.sent_of[r.open_first] || f.framed(r.open_first)
            })
        } else {
            None
        };
        let before = f.attribution_before(r.open_first);
        let after = match (&after, &before) {
            (None, None) if r.close < f.n() && !r.runs_on && f.is_sentence_start(r.open_first) => {
                f.attribution_at_sentence_end(r.close_end - 1)
            }
            _ => after,
        };
        // Continues the previous quote: same paragraph (or the paragraph it ran on into),
        // nothing between but the previous quote's attribution.
        if let Some(prev) = directs.last_mut() {
            let last = *prev.regions.last().unwrap_or(r);
            let ran_on = last.runs_on && last.close == r.open_first;
            let same_para = f.para_of[last.open] == f.para_of[r.open];
            // `"…," said X, director of …, "…"`: the attribution ends after the apposition.
            let attr_end = prev
                .cue
                .map(|c| c.last)
                .max(prev.np.as_ref().map(|n| n.last))
                .max(prev.np.as_ref().filter(|n| n.name.is_some()).and_then(|n| {
                    f.apposition_after(n.last, f.sent_end(n.first))
                        .map(|(end, _)| end)
                }))
                .unwrap_or(0);
            // `"…", zegt X. "…"` (the next sentence) or `"…," he said, "…"` (only punctuation
            // between the attribution and the quote).
            let after_attrib = prev.post
                && same_para
                && prev.cue.is_some_and(|c| {
                    f.sent_of[c.first] + 1 == f.sent_of[r.open_first]
                        && f.is_sentence_start(r.open_first)
                        || (attr_end..r.open_first).all(|k| {
                            !f.is_word(k) && f.kind(k) != TokenKind::Number && !f.is_punct(k, ".")
                        })
                });
            let mid_sentence = before.as_ref().is_some_and(|(c, _)| prev.cue == Some(*c));
            if (ran_on || after_attrib || mid_sentence) && after.is_none() {
                prev.regions.push(*r);
                continue;
            }
            if ran_on
                && prev.cue.is_none()
                && let Some((c, np)) = after
            {
                prev.regions.push(*r);
                prev.cue = Some(c);
                prev.np = Some(np);
                prev.post = true;
                continue;
            }
        }
        let starts_sentence = f.is_sentence_start(r.open_first)
            || (r.open_first > 0 && matches!(f.tok(r.open_first - 1), ":" | "—" | "–" | "-"));
        let (cue, np, post) = match (after, before) {
            (Some((c, np)), _) => {
                let limit = f.sent_end(np.first);
                (Some(c), Some(f.with_apposition(np, limit)), true)
            }
            (None, Some((c, np))) => {
                let limit = f.sent_end(np.first);
                (Some(c), Some(f.with_apposition(np, limit)), false)
            }
            (None, None) => (None, None, false),
        };
        // Without a cue, only a quote that stands as a sentence of its own, or a long one, is
        // a quotation; short ones mid-sentence are scare quotes or titles.
        if cue.is_none() && !starts_sentence && content_words < 8 {
            continue;
        }
        if cue.is_none() && content_words < 2 && !r.runs_on {
            continue;
        }
        // `co-host Mika Brzezinski asked on "Morning Joe"`: a short run of capitalised words
        // in quotation marks inside a sentence is a title or a name, not something said
        // (`"Nee", zegt hij.` opens its sentence).
        if !starts_sentence && f.is_title(r) {
            continue;
        }
        // `"Broad City"` on a line of its own, unattributed: a title.
        if cue.is_none() && f.title_shaped(r) {
            continue;
        }
        if let Some(c) = cue {
            used_cues.insert(c.first);
        }
        directs.push(Direct {
            regions: vec![*r],
            cue,
            np,
            post,
        });
    }
    let direct_spans: Vec<(usize, usize)> = directs
        .iter()
        .flat_map(|d| d.regions.iter().map(|r| (r.open, r.close)))
        .collect();

    // Indirect speech and `volgens X` clauses.
    let mut indirects: Vec<Reported> = Vec::new();
    for c in &f.cues {
        if used_cues.contains(&c.first) {
            continue;
        }
        if direct_spans
            .iter()
            .any(|&(o, cl)| o < c.first && c.first < cl)
        {
            continue; // a cue inside a quotation is the speaker's own words
        }
        if let Some(found) = indirect_at(f, c) {
            indirects.push(found);
        }
    }
    // A quote without a cue of its own inside reported speech (`X said the company "has to
    // build on that progress"`) is part of that speech, not a second quotation.
    directs.retain(|d| {
        d.cue.is_some()
            || !d.regions.iter().all(|r| {
                indirects.iter().any(|ind| {
                    ind.content
                        .iter()
                        .any(|&(a, b)| a <= r.open_first && r.close <= b)
                })
            })
    });

    // `"A." ¶ "B," X said.`: an unattributed quote right before a quote attributed after it
    // (nothing but the paragraph break between them) may be the same speaker's.
    let mut forward: HashMap<usize, (usize, bool)> = HashMap::new();
    for w in directs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (Some(a_last), Some(b_first)) = (a.regions.last(), b.regions.first()) else {
            continue;
        };
        let paragraphs = a_last.close_end == b_first.open_first
            && f.para_of[b_first.open_first] == f.para_of[a.regions[0].open_first] + 1
            && (a.regions[0].open_first == 0
                || f.para_of[a.regions[0].open_first - 1] != f.para_of[a.regions[0].open_first]);
        // `''Family values people'' are ''not out to bash gays,'' he said.`: one sentence.
        let sentence = a_last.close < f.n()
            && f.sent_of[a.regions[0].open_first] == f.sent_of[b_first.open_first]
            && (a_last.close_end..b_first.open_first).all(|k| !f.cue_starts_at(k));
        if a.cue.is_none() && b.post && b.np.is_some() && (paragraphs || sentence) {
            forward.insert(a.regions[0].open, (b_first.open, sentence));
        }
    }
    let mut pending: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();

    // Resolve speakers in text order so pronouns see the people named before them.
    enum Item {
        D(Direct),
        I(Reported),
    }
    let mut items: Vec<(usize, Item)> = directs
        .into_iter()
        .map(|d| {
            let pos = d.np.as_ref().map(|n| n.first).unwrap_or(d.regions[0].open);
            (pos, Item::D(d))
        })
        .chain(indirects.into_iter().map(|r| {
            let pos = r.np.as_ref().map(|n| n.first).unwrap_or(r.cue.first);
            (pos, Item::I(r))
        }))
        .collect();
    items.sort_by_key(|(p, _)| *p);

    let mut history: Vec<(usize, Speaker)> = Vec::new();
    let mut out: Vec<Attribution> = Vec::new();
    let mut last_direct: Option<usize> = None;
    for (_, item) in items {
        match item {
            Item::D(d) => {
                let first_region = d.regions[0];
                let (mut speaker, mut mention) = match &d.np {
                    Some(np) => (f.resolve(np, &history), Some(f.bytes(np.first, np.last))),
                    None => (Speaker::default(), None),
                };
                let mut cue = d.cue.map(|c| f.bytes(c.first, c.last));
                if d.np.is_none()
                    && let Some(&(to, true)) = forward.get(&first_region.open)
                {
                    // Attributed later in its own sentence.
                    let more = d.regions.iter().filter_map(|r| f.region_content(r));
                    pending.entry(to).or_default().extend(more);
                    continue;
                }
                if d.np.is_none() {
                    // A speaker named in the sentence before, or the speaker of the quote
                    // just before (a quote paragraph following an attributed one).
                    let words = d
                        .regions
                        .iter()
                        .flat_map(|r| r.open + 1..r.close.min(f.n()))
                        .filter(|&k| f.is_word(k))
                        .count();
                    match speaker_from_context(
                        f,
                        first_region.open_first,
                        &history,
                        &out,
                        last_direct,
                        words >= 8,
                    ) {
                        Some(Context::Continues(ix)) => {
                            let more = d.regions.iter().filter_map(|r| f.region_content(r));
                            out[ix].content.extend(more);
                            continue;
                        }
                        Some(Context::Named(sp, c, m)) => {
                            speaker = sp;
                            cue = cue.or(c);
                            mention = mention.or(m);
                        }
                        None => {
                            if let Some(&(to, _)) = forward.get(&first_region.open) {
                                let more = d.regions.iter().filter_map(|r| f.region_content(r));
                                pending.entry(to).or_default().extend(more);
                                continue;
                            }
                        }
                    }
                }
                if let Some(np) = &d.np
                    && speaker.name.is_some()
                    && !np.pronoun.is_some_and(|p| p.first_person)
                {
                    history.push((np.first, speaker.clone()));
                }
                let mut content: Vec<(usize, usize)> =
                    pending.remove(&first_region.open).unwrap_or_default();
                content.extend(d.regions.iter().filter_map(|r| f.region_content(r)));
                if content.is_empty() {
                    continue;
                }
                // `vertelde woordvoerder X aan de krant De Morgen`, `X told reporters`.
                let listener = match (&d.cue, &d.np) {
                    (Some(c), Some(np)) if c.group != PUNCT_CUE => {
                        let from = if np.first >= c.last { np.last } else { c.last };
                        let limit = f.clause_end(from, f.sent_end(c.first));
                        f.listener_after(c, f.skip_fillers(from, limit), limit)
                            .map(|(a, b)| f.bytes(a, b))
                    }
                    _ => None,
                };
                last_direct = Some(out.len());
                // Judged where the content starts (a quotation merged forward from earlier in
                // the sentence opens it).
                let partial = content.iter().map(|c| c.0).min().is_some_and(|b| {
                    let mut o = f.doc.token_at(b).min(f.n() - 1);
                    while o > 0 && f.kind(o - 1) == TokenKind::Quote {
                        o -= 1;
                    }
                    !f.framed(o)
                });
                out.push(Attribution {
                    kind: if partial {
                        QuoteKind::Indirect
                    } else {
                        QuoteKind::Direct
                    },
                    partial,
                    content,
                    cue,
                    speaker_mention: mention,
                    speaker: speaker.name,
                    speaker_id: speaker.id,
                    speaker_role: join_roles(&speaker.roles),
                    listener,
                });
            }
            Item::I(Reported {
                cue: c,
                np,
                content,
                listener,
            }) => {
                let np = np.map(|n| {
                    let limit = f.sent_end(n.first);
                    f.with_apposition(n, limit)
                });
                let speaker = match &np {
                    Some(np) => f.resolve(np, &history),
                    None => Speaker::default(),
                };
                if let Some(np) = &np
                    && speaker.name.is_some()
                    && !np.pronoun.is_some_and(|p| p.first_person)
                {
                    history.push((np.first, speaker.clone()));
                }
                // `Trump says "the whole game has become soft."`: reported words that are all
                // one quotation are a direct quote.
                let whole_quote = match content.as_slice() {
                    [(a, b)] => regions
                        .iter()
                        .find(|r| r.open_first == *a && r.close_end == *b && r.close < f.n()),
                    _ => None,
                };
                let partial = whole_quote.is_some_and(|r| !f.framed(r.open_first));
                let kind = if whole_quote.is_some() && !partial {
                    QuoteKind::Direct
                } else {
                    QuoteKind::Indirect
                };
                let content: Vec<(usize, usize)> = match whole_quote {
                    Some(r) => f.region_content(r).into_iter().collect(),
                    None => content
                        .iter()
                        .filter_map(|&(a, b)| {
                            let (s, e) = f.bytes(a, b);
                            trim_content(f.doc.text, s, e)
                        })
                        .collect(),
                };
                if content.is_empty() {
                    continue;
                }
                out.push(Attribution {
                    kind,
                    partial,
                    content,
                    cue: Some(f.bytes(c.first, c.last)),
                    speaker_mention: np.as_ref().map(|n| f.bytes(n.first, n.last)),
                    speaker: speaker.name,
                    speaker_id: speaker.id,
                    speaker_role: join_roles(&speaker.roles),
                    listener: listener.map(|(a, b)| f.bytes(a, b)),
                });
            }
        }
    }
    // `Spokeswoman Haley Morris says the candidate has "always run a lean campaign."`: a
    // partial quote inside reported words is theirs, whatever its own context said.
    let reported: Vec<Attribution> = out
        .iter()
        .filter(|a| !a.partial && a.kind == QuoteKind::Indirect && a.speaker.is_some())
        .cloned()
        .collect();
    for a in out.iter_mut().filter(|a| a.partial) {
        let Some(&(s, e)) = a.content.first() else {
            continue;
        };
        if let Some(r) = reported.iter().find(|r| {
            r.content
                .iter()
                .any(|&(rs, re)| rs <= s && s < re && e > rs)
        }) {
            a.speaker = r.speaker.clone();
            a.speaker_id = r.speaker_id.clone();
            a.speaker_role = r.speaker_role.clone();
            a.speaker_mention = r.speaker_mention;
            a.cue = r.cue;
            a.listener = r.listener;
        }
    }
    out.sort_by_key(|a| a.content.first().map(|c| c.0));
    out
}

fn join_roles(roles: &[String]) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for r in roles {
        let r = r.trim();
        if !r.is_empty() && !seen.iter().any(|s| s.eq_ignore_ascii_case(r)) {
            seen.push(r);
        }
    }
    (!seen.is_empty()).then(|| seen.join("; "))
}

/// Where an unattributed quote's speaker comes from.
enum Context {
    /// It goes on from attribution `i` (a quote paragraph after an attributed one).
    Continues(usize),
    /// A speaker named in the sentence before: speaker, cue and mention.
    Named(Speaker, Option<(usize, usize)>, Option<(usize, usize)>),
}

/// For an unattributed quote opening a sentence at `open`: the speaker of the sentence before
/// (a speech cue there, or the one person named in it), or of the direct quote just before.
fn speaker_from_context(
    f: &Finder,
    open: usize,
    history: &[(usize, Speaker)],
    done: &[Attribution],
    last_direct: Option<usize>,
    long: bool,
) -> Option<Context> {
    let si = f.sent_of[open];
    let colon_before = open > 0 && f.is_punct(open - 1, ":");
    let at_start = f.sent_start(open) == open;
    // The sentence before, or for `X reageerde: "…"` the words before the colon.
    // `Unless rivals quit the race, "it's very difficult to see how …"`: a long quotation
    // inside a sentence with no speech verb before it.
    let mid_sentence = !at_start
        && !colon_before
        && long
        && !(f.sent_start(open)..open).any(|k| f.cue_starts_at(k));
    let (p_first, p_last) = if at_start || mid_sentence {
        if si == 0 {
            return None;
        }
        let s = f.doc.sentences[si - 1];
        (s.first, s.last)
    } else if colon_before {
        (f.sent_start(open), open)
    } else {
        return None;
    };
    // `"…" but to take the lead, says Evan Tracey.`: a speech verb of its own sentence, outside
    // quotation marks, attributes this quote; the context does not.
    let quoted = f.quoted.borrow().clone();
    let close = quoted
        .iter()
        .find(|&&(o, _)| o >= open && o <= open + 1)
        .map_or(open, |&(_, cl)| cl.min(f.n() - 1));
    let (s_first, s_last) = (f.sent_start(open), f.sent_end(close));
    let own_cue = f.cues.iter().any(|c| {
        c.first > open
            && c.first >= s_first
            && c.last <= s_last
            && f.group(c).kind == CueKind::Speech
            && !quoted.iter().any(|&(o, cl)| o < c.first && c.first < cl)
    });
    if own_cue {
        return None;
    }
    let open_byte = f.doc.tokens[open].start;
    // The direct quote just before, if it ends in the previous sentence.
    if let Some(ix) = last_direct {
        let a = &done[ix];
        let end = a.content.last().map(|c| c.1).unwrap_or(0);
        if a.speaker.is_some()
            && end >= f.doc.tokens[p_first].start
            && end <= open_byte
            && f.para_of[open].saturating_sub(f.para_of[f.doc.token_at(end).min(f.n() - 1)]) <= 1
        {
            return Some(Context::Continues(ix));
        }
    }
    // A speaker named in the sentence before: a speech cue's speaker there, else the one
    // person named.
    let ends_colon = colon_before || (p_last > 0 && f.is_punct(p_last - 1, ":"));
    // A cue after a quotation in that sentence attributes that quotation, not this one.
    let after_quote = |c: &CueMatch| {
        f.quoted
            .borrow()
            .iter()
            .any(|&(o, cl)| o >= p_first && cl <= c.first)
    };
    for c in f
        .cues
        .iter()
        .filter(|c| c.first >= p_first && c.last <= p_last && !after_quote(c))
    {
        let g = f.group(c);
        if g.kind != CueKind::Speech {
            continue;
        }
        let np = if g.side != Side::After {
            f.np_before(c.first, p_first)
        } else {
            None
        }
        .or_else(|| {
            (g.side != Side::Before)
                .then(|| f.np_after(f.skip_fillers(c.last, p_last), p_last))
                .flatten()
        });
        if let Some(np) = np {
            let sp = f.resolve(&np, history);
            if sp.name.is_some() || ends_colon {
                // The words are only the speaker's mention where they introduce the quote.
                let mention = ends_colon.then(|| f.bytes(np.first, np.last));
                return Some(Context::Named(sp, Some(f.bytes(c.first, c.last)), mention));
            }
        }
    }
    // `Cruz called them on it: "…"`: the named subject of the sentence that introduces the
    // quote with a colon.
    if ends_colon
        && let Some(np) = f.np_after(p_first, p_last)
        && np.name.is_some()
        && np.pronoun.is_none()
        && !f.is_punct(np.last, ",")
        && (np.last..p_last).any(|k| f.is_word(k) && !f.is_cap(k))
    {
        let sp = f.resolve(&np, history);
        if sp.name.is_some() {
            return Some(Context::Named(sp, None, Some(f.bytes(np.first, np.last))));
        }
    }
    // `Zij was duidelijk over het belang ervan:` — a pronoun introducing the quote, as the
    // subject (first in its clause), not an object (`called them on it:`).
    if ends_colon
        && let Some(k) = (p_first..p_last).find(|&k| {
            f.is_pronoun(k)
                && !f.lex.pronouns[&f.lw[k]].relative
                && (k == p_first || matches!(f.tok(k - 1), "," | ";" | "—" | "–"))
        })
    {
        let np = Np {
            first: k,
            last: k + 1,
            pronoun: f.lex.pronouns.get(&f.lw[k]).copied(),
            ..Np::default()
        };
        let sp = f.resolve(&np, history);
        return Some(Context::Named(sp, None, Some(f.bytes(k, k + 1))));
    }
    // `"A," said X, a voter. She plans to … . "B."`: a quote later in the paragraph of an
    // attributed one, with no other quotation between, goes on from it.
    if (at_start || mid_sentence)
        && let Some(ix) = last_direct
    {
        let a = &done[ix];
        let end = a.content.last().map(|c| c.1).unwrap_or(0);
        let end_tok = f.doc.token_at(end).min(f.n() - 1);
        let between = f
            .quoted
            .borrow()
            .iter()
            .any(|&(o, _)| o > end_tok && o < open);
        if a.speaker.is_some()
            && end <= open_byte
            && f.para_of[end_tok] == f.para_of[open]
            && !between
        {
            return Some(Context::Continues(ix));
        }
    }
    let persons: Vec<(Speaker, (usize, usize))> = f
        .name_runs
        .iter()
        .filter(|&&(s, e)| s >= p_first && e <= p_last)
        // A name inside a quotation is spoken about, not the speaker.
        .filter(|&&(s, _)| !quoted.iter().any(|&(o, cl)| o < s && s < cl))
        .filter_map(|&(s, e)| {
            let titled =
                s > 0 && (f.is_role(s - 1) || f.lex.honorifics.contains_word(&f.lw[s - 1]));
            let np = Np {
                first: s,
                last: e,
                name: Some((s, e)),
                roles: if titled {
                    vec![f.tok(s - 1).to_string()]
                } else {
                    Vec::new()
                },
                ..Np::default()
            };
            let sp = f.resolve(&np, history);
            (sp.person || titled || (ends_colon && e - s >= 2)).then(|| (sp, f.bytes(s, e)))
        })
        .collect();
    if persons.len() == 1 {
        return persons
            .into_iter()
            .next()
            .map(|(s, m)| Context::Named(s, None, ends_colon.then_some(m)));
    }
    None
}

/// Reported speech found around a cue: speaker phrase, content token ranges, listener.
struct Reported {
    cue: CueMatch,
    np: Option<Np>,
    content: Vec<(usize, usize)>,
    listener: Option<(usize, usize)>,
}

/// Indirect speech around cue `c`: `X zegt dat …`, `X said …`, `…, X said.`, `According to
/// X, …`, `…, zo vertelden getuigen aan de BBC.`
fn indirect_at(f: &Finder, c: &CueMatch) -> Option<Reported> {
    let g = f.group(c);
    let s_first = f.sent_start(c.first);
    let mut s_last = f.sent_end(c.first);
    while s_last > c.last && matches!(f.tok(s_last - 1), "." | "!" | "?" | "…") {
        s_last -= 1;
    }
    // Post-posed: `CONTENT, X said.` / `CONTENT, zegt X.` / `CONTENT, according to X.`
    let mut lo = c.first;
    while lo > s_first && f.lex.inversion.contains(&f.lw[lo - 1]) {
        lo -= 1;
    }
    let comma_before = (s_first..lo).rev().find(|&k| f.is_punct(k, ","));
    // (a parenthetical attribution may follow a short subject: `Het plan, zo zei hij, kost …`)
    if let Some(comma) = comma_before
        && comma > s_first
        && g.side != Side::Subject
    {
        let between = comma + 1..lo;
        let tail_limit = s_last;
        let (np, tail_start) = if g.kind == CueKind::Prep {
            if between.start != between.end {
                (None, 0)
            } else {
                let np = f.np_after(c.last, tail_limit);
                let end = np.as_ref().map(|n| n.last).unwrap_or(c.last);
                (np, end)
            }
        } else if between.start < between.end {
            if g.side == Side::After {
                (None, 0)
            } else {
                let np = f.np_before(c.first, between.start);
                let ok = np.as_ref().is_some_and(|n| {
                    n.first == between.start || f.only_fillers(between.start, n.first)
                });
                if ok { (np, c.last) } else { (None, 0) }
            }
        } else if g.side != Side::Before {
            let np = f.np_after(f.skip_fillers(c.last, tail_limit), tail_limit);
            let end = np.as_ref().map(|n| n.last).unwrap_or(c.last);
            (np, end)
        } else {
            (None, 0)
        };
        if let Some(np) = np {
            let mut end = np.last.max(tail_start);
            let listener = f.listener_after(c, end, tail_limit);
            if let Some((_, le)) = listener {
                end = le;
            }
            if let Some((ae, _)) = f.apposition_after(end, tail_limit) {
                end = ae;
            }
            // `The golf industry, she said, is "doing much better."`: an attribution set off by
            // commas mid-sentence; what is said is the sentence around it.
            let rest = end + 1..tail_limit;
            if g.kind != CueKind::Prep
                && f.is_punct(end, ",")
                && rest.clone().filter(|&k| f.is_word(k)).count() >= 2
                && !rest.clone().any(|k| {
                    f.is_punct(k, ":")
                        || f.cue_starts_at(k) && !f.is_cap(k)
                        || f.lex.complementizers.contains(&f.lw[k]) && k == end + 1
                })
                && comma > s_first
            {
                return Some(Reported {
                    cue: *c,
                    np: Some(np),
                    content: vec![(s_first, comma), (end + 1, tail_limit)],
                    listener,
                });
            }
            // Only a short adjunct (`in a statement`, `on Tuesday`) may follow; a colon
            // introduces what is said, so the words before the comma are not it.
            let tail_ok = comma > s_first + 2
                && tail_limit.saturating_sub(end) <= 6
                && !(end..tail_limit).any(|k| {
                    f.lex.complementizers.contains(&f.lw[k])
                        || f.kind(k) == TokenKind::Quote
                        || f.is_punct(k, ":")
                });
            // The content must not be a quotation of its own (that was handled as direct).
            let content_start = s_first;
            if tail_ok && comma > content_start {
                return Some(Reported {
                    cue: *c,
                    np: Some(np),
                    content: vec![(content_start, comma)],
                    listener,
                });
            }
        }
    }
    // Sentence-initial prep: `Volgens X ...`, `According to X, ...`
    if g.kind == CueKind::Prep {
        if c.first != s_first {
            // `... volgens X ...` mid-sentence: content around the phrase.
            let np = f.np_after(c.last, s_last)?;
            let mut parts = Vec::new();
            let mut a_end = c.first;
            while a_end > s_first && f.is_punct(a_end - 1, ",") {
                a_end -= 1;
            }
            if a_end > s_first {
                parts.push((s_first, a_end));
            }
            let mut b = np.last;
            while b < s_last && f.is_punct(b, ",") {
                b += 1;
            }
            if b < s_last {
                parts.push((b, s_last));
            }
            if parts.is_empty() {
                return None;
            }
            return Some(Reported {
                cue: *c,
                np: Some(np),
                content: parts,
                listener: None,
            });
        }
        let np = f.np_after(c.last, s_last)?;
        let mut b = np.last;
        while b < s_last && matches!(f.tok(b), "," | ":") {
            b += 1;
        }
        if s_last <= b + 1 {
            return None;
        }
        return Some(Reported {
            cue: *c,
            np: Some(np),
            content: vec![(b, s_last)],
            listener: None,
        });
    }
    // `X zegt dat ...`, `X said (that) ...`, `zegt X dat ...`
    let before = match g.side {
        Side::After => None,
        Side::Subject => f.subject_np(c),
        _ => f.np_before(c.first, s_first),
    };
    let mut k = c.last;
    let mut np = before;
    if np.is_none() && matches!(g.side, Side::Either | Side::After) {
        // Verb first: `Daarnaast zegt Dillon dat ...`
        let start = f.skip_fillers(c.last, s_last);
        if let Some(after) = f.np_after(start, s_last) {
            k = after.last;
            np = Some(after);
        }
    }
    let np = np?;
    let mut listener = None;
    let mut k2 = f.skip_fillers(k, s_last);
    if let Some((ls, le)) = f.listener_after(c, k2, s_last) {
        let after_listener = f.skip_fillers(le, s_last);
        if after_listener < s_last
            && (f.lex.complementizers.contains(&f.lw[after_listener])
                || g.bare_clause && f.is_word(after_listener)
                || f.kind(after_listener) == TokenKind::Quote)
        {
            listener = Some((ls, le));
            k2 = after_listener;
        }
    }
    while k2 < s_last && f.is_word(k2) && f.lex.particles.contains(&f.lw[k2]) {
        k2 += 1;
    }
    if k2 < s_last && f.lex.complementizers.contains(&f.lw[k2]) && !f.is_cap(k2) {
        let start = k2 + 1;
        let end = f.reported_end(start, s_last);
        if end > start + 1 {
            return Some(Reported {
                cue: *c,
                np: Some(np),
                content: vec![(start, end)],
                listener,
            });
        }
        return None;
    }
    // A bare clause starts with a word that can open one, or with a figure (`says 250
    // fighters left`, `says about 250 fighters left`, `said at least 20 people died`).
    let is_number = |k: usize| k < s_last && f.kind(k) == TokenKind::Number;
    let opens_clause = k2 < s_last
        && (f.is_word(k2)
            && !f.lex.np_stop.contains(&f.lw[k2])
            && !f.lex.prepositions.contains(&f.lw[k2])
            || is_number(k2)
            || f.kind(k2) == TokenKind::Quote && listener.is_some()
            || f.is_word(k2) && (is_number(k2 + 1) || f.is_word(k2 + 1) && is_number(k2 + 2)));
    let end = f.reported_end(k2, s_last);
    // `told CNN on Monday: "…"`: a colon right after the verb's adjuncts introduces a quote,
    // the words before it are no clause.
    let colon_soon = (k2..end.min(k2 + 4)).any(|k| f.is_punct(k, ":"));
    if g.kind == CueKind::Speech
        && g.bare_clause
        && opens_clause
        && !colon_soon
        && end >= k2 + 3
        && np.last <= c.first
    {
        return Some(Reported {
            cue: *c,
            np: Some(np),
            content: vec![(k2, end)],
            listener,
        });
    }
    None
}

/// Finds the quotations of a document and who said them: direct and indirect quotes with
/// spans into `doc.text`, then the pull quotes from `meta` (kind `pull`, no span).
pub fn extract(doc: &Doc, entities: &[Entity], meta: &Meta, lex: &QuoteLexicons) -> Vec<Quote> {
    let lang = lex.for_lang(doc.lang);
    let mut f = Finder::new(doc, lang, entities);
    f.byline = meta.byline.clone();
    let found = find_attributions(&f);
    let mut out: Vec<Quote> = Vec::new();
    for a in &found {
        for &(s, e) in &a.content {
            out.push(Quote {
                span: Some(doc.span(s, e)),
                text: doc.text[s..e].to_string(),
                speaker: a.speaker.clone(),
                speaker_id: a.speaker_id.clone(),
                speaker_role: a.speaker_role.clone(),
                kind: a.kind,
                cue: a.cue.map(|(s, e)| doc.text[s..e].to_string()),
            });
        }
    }
    // The words of each direct body quote, for pull quotes printed without attribution.
    let body_words: Vec<(usize, HashSet<String>)> = if meta
        .pull_quotes
        .iter()
        .any(|p| p.attribution.as_deref().is_none_or(|a| a.trim().is_empty()))
    {
        found
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == QuoteKind::Direct)
            .map(|(i, a)| {
                let words = a
                    .content
                    .iter()
                    .flat_map(|&(s, e)| words(&doc.text[s..e]))
                    .collect();
                (i, words)
            })
            .collect()
    } else {
        Vec::new()
    };
    for pq in &meta.pull_quotes {
        if let Some(q) = pull_quote(&f, pq, &found, &body_words) {
            out.push(q);
        }
    }
    out
}

/// A pull quote as a [`Quote`]: the speaker from its printed attribution, else from the body
/// quote it repeats. The body quote stays the one direct quote; this one is `pull`.
fn pull_quote(
    f: &Finder,
    pq: &dossier_model::PullQuote,
    body: &[Attribution],
    body_words: &[(usize, HashSet<String>)],
) -> Option<Quote> {
    let text = pq.text.trim();
    if text.is_empty() {
        return None;
    }
    let mut speaker = Speaker::default();
    if let Some(attr) = pq
        .attribution
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let adoc = Doc::new(attr, f.doc.lang);
        let af = Finder::new(&adoc, f.lex, &[]);
        let start = (0..af.n()).find(|&k| af.is_word(k)).unwrap_or(0);
        if let Some(np) = af.np_after(start, af.n()) {
            let mut roles = np.roles.clone();
            if let Some((_, role)) = af.apposition_after(np.last, af.n()) {
                roles.push(role);
            }
            let name = np.name.map(|(s, e)| af.text_of(s, e).to_string());
            // The same person in the article: take the entity id and the fuller name.
            let in_body = name.as_deref().and_then(|n| {
                f.entities
                    .iter()
                    .find(|en| en.text == n || en.canonical == n)
                    .map(|en| (en.canonical.clone(), en.id.clone()))
            });
            speaker.name = name.or_else(|| Some(attr.to_string()));
            if let Some((canonical, id)) = in_body {
                if !canonical.is_empty() {
                    speaker.name = Some(canonical);
                }
                speaker.id = Some(id).filter(|i| !i.is_empty());
            } else if let Some(b) = body.iter().find(|b| {
                b.speaker.as_deref().is_some_and(|s| {
                    speaker
                        .name
                        .as_deref()
                        .is_some_and(|n| s.ends_with(n) || n.ends_with(s))
                })
            }) {
                speaker.id = b.speaker_id.clone();
            }
            speaker.roles = roles;
        } else {
            speaker.name = Some(attr.to_string());
        }
    } else if let Some(b) = {
        let pull: Vec<String> = words(text).collect();
        body_words
            .iter()
            .find(|(_, w)| repeats(w, &pull))
            .map(|&(i, _)| &body[i])
    } {
        speaker.name = b.speaker.clone();
        speaker.id = b.speaker_id.clone();
        speaker.roles = b
            .speaker_role
            .iter()
            .flat_map(|r| r.split("; ").map(str::to_string))
            .collect();
    }
    Some(Quote {
        span: None,
        text: text.to_string(),
        speaker: speaker.name,
        speaker_id: speaker.id,
        speaker_role: join_roles(&speaker.roles),
        kind: QuoteKind::Pull,
        cue: None,
    })
}

/// Whether a pull quote repeats a body quote: most of its words occur there.
fn repeats(body: &HashSet<String>, pull: &[String]) -> bool {
    !pull.is_empty() && pull.iter().filter(|w| body.contains(*w)).count() * 10 >= pull.len() * 7
}

/// The lower-cased words of a text.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// The lexicons of `data/lang/*/quotes.toml`, loaded once for all tests.
    pub(crate) fn lexicons() -> &'static QuoteLexicons {
        static LEX: OnceLock<QuoteLexicons> = OnceLock::new();
        LEX.get_or_init(|| QuoteLexicons::load().expect("quote lexicons load"))
    }

    fn quotes(text: &str, lang: &str) -> Vec<Quote> {
        let doc = Doc::new(text, lang);
        let q = extract(&doc, &[], &Meta::default(), lexicons());
        for item in &q {
            if let Some(sp) = item.span {
                assert_eq!(sp.slice(text), item.text, "{item:?}");
            }
        }
        q
    }

    fn direct(q: &[Quote]) -> Vec<&Quote> {
        q.iter().filter(|x| x.kind == QuoteKind::Direct).collect()
    }

    #[test]
    fn every_quote_style_pairs() {
        for (text, lang) in [
            ("\"Het is voorbij\", zegt Jan Peeters.", "nl"),
            ("„Het is voorbij”, zegt Jan Peeters.", "nl"),
            ("„Het is voorbij\", zegt Jan Peeters.", "nl"),
            ("“Het is voorbij”, zegt Jan Peeters.", "nl"),
            ("‘Het is voorbij’, zegt Jan Peeters.", "nl"),
            ("'Het is voorbij', zegt Jan Peeters.", "nl"),
            ("«Het is voorbij», zegt Jan Peeters.", "nl"),
            ("''Het is voorbij,'' said Jan Peeters.", "en"),
        ] {
            let q = quotes(text, lang);
            let d = direct(&q);
            assert_eq!(d.len(), 1, "{text}: {q:?}");
            assert_eq!(d[0].text, "Het is voorbij", "{text}");
            assert_eq!(d[0].speaker.as_deref(), Some("Jan Peeters"), "{text}");
        }
    }

    #[test]
    fn apostrophes_inside_words_are_not_quotes() {
        let t = "Zo'n 250 strijders en massa's wapens vertrokken 's nachts, zegt de krant. Het is Jans' auto en 't klopt.";
        assert!(direct(&quotes(t, "nl")).is_empty());
        let t = "\"Zo'n 250 strijders vertrokken met massa's wapens 's nachts\", zegt Ryan Dillon.";
        let q = quotes(t, "nl");
        let d = direct(&q);
        assert_eq!(d.len(), 1, "{q:?}");
        assert_eq!(
            d[0].text,
            "Zo'n 250 strijders vertrokken met massa's wapens 's nachts"
        );
        let t = "The voters' choice was clear, officials said. It's the candidates' problem now.";
        assert!(direct(&quotes(t, "en")).is_empty());
    }

    #[test]
    fn english_quotes_with_roles_pronouns_and_continuations() {
        let t = "\"We did not want anyone to leave,\" said Col. Ryan Dillon, a spokesman for the coalition. \"But this goes back to our strategy.\"\n\nThe deal was criticised. \"It was a mistake,\" he told reporters on Tuesday.";
        let q = quotes(t, "en");
        let d = direct(&q);
        assert_eq!(d.len(), 3, "{q:#?}");
        assert_eq!(d[0].text, "We did not want anyone to leave");
        assert_eq!(d[0].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(
            d[0].speaker_role.as_deref(),
            Some("Col.; spokesman for the coalition")
        );
        assert_eq!(d[1].text, "But this goes back to our strategy.");
        assert_eq!(d[1].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(d[2].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(d[2].cue.as_deref(), Some("told"));
    }

    #[test]
    fn pronouns_go_back_to_the_last_named_person() {
        let t = "Minister Sara Janssens verdedigde het plan. \"Het is nodig\", zei ze. Collega Tom Jansen twijfelt. \"Het is te duur\", zegt hij.";
        let q = quotes(t, "nl");
        let d = direct(&q);
        assert_eq!(d.len(), 2, "{q:#?}");
        assert_eq!(d[0].speaker.as_deref(), Some("Sara Janssens"));
        assert_eq!(d[0].speaker_role.as_deref(), Some("Minister"));
        assert_eq!(d[1].speaker.as_deref(), Some("Tom Jansen"));
        let t = "Senator Jane Porter spoke first. \"We will vote no,\" she said.";
        let q = quotes(t, "en");
        assert_eq!(
            direct(&q)[0].speaker.as_deref(),
            Some("Jane Porter"),
            "{q:#?}"
        );
    }

    #[test]
    fn attributions_with_brackets_honorifics_and_adjuncts() {
        // A bracketed party and state between name and cue, an abbreviation's point inside.
        let t = "\"There is tremendous energy in a whole host of races,\" Rep. Earl Blumenauer (D-Ore.) said. Clinton spoke briefly.";
        let q = quotes(t, "en");
        assert_eq!(
            direct(&q)[0].speaker.as_deref(),
            Some("Earl Blumenauer"),
            "{q:#?}"
        );
        // A role word after an honorific is a surname.
        let t = "The companies were asked to act. \"It is particularly risky to take them into politics,\" Mr. Prince said.";
        let q = quotes(t, "en");
        assert_eq!(direct(&q)[0].speaker.as_deref(), Some("Prince"), "{q:#?}");
        // `said of X`: a preposition after the cue is an adjunct, not new reported speech.
        let t = "The company refused to help. \"Who do they think they are?\" Trump said of Apple in February, when the company balked.";
        let q = quotes(t, "en");
        assert_eq!(q.len(), 1, "{q:#?}");
        assert_eq!(q[0].kind, QuoteKind::Direct);
        assert!(
            q[0].speaker
                .as_deref()
                .is_some_and(|s| s.ends_with("Trump")),
            "{q:#?}"
        );
        // A bare clause opening with a figure is reported speech.
        let t = "The coalition says about 250 fighters and 3,500 family members were evacuated.";
        let q = quotes(t, "en");
        assert_eq!(q.len(), 1, "{q:#?}");
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        assert_eq!(
            q[0].text,
            "about 250 fighters and 3,500 family members were evacuated"
        );
    }

    #[test]
    fn a_name_inside_a_quote_is_not_the_pronoun_speaker() {
        let t = "Senator Tom Harris arrived late. \"Donald Trump's candidacy is strengthened by it,\" he said.";
        let q = quotes(t, "en");
        assert_eq!(
            direct(&q)[0].speaker.as_deref(),
            Some("Tom Harris"),
            "{q:#?}"
        );
    }

    #[test]
    fn speaker_named_in_the_sentence_before() {
        let t = "Hoogleraar Sanne Vermeulen was duidelijk:\n\n\"Dit is de eerste keer dat we dit kunnen meten. Het opent de deur naar nieuw onderzoek.\"";
        let q = quotes(t, "nl");
        let d = direct(&q);
        assert_eq!(d.len(), 1, "{q:#?}");
        assert!(d[0].text.ends_with("nieuw onderzoek."));
        assert_eq!(d[0].speaker.as_deref(), Some("Sanne Vermeulen"));
    }

    #[test]
    fn quote_running_on_into_the_next_paragraph() {
        let t = "«Onze vrachtwagens stonden stil», vertelde woordvoerder Pieter Claes. «Er was voedsel aan boord.\n\n«We roepen alle partijen op.»";
        let q = quotes(t, "nl");
        let d = direct(&q);
        assert_eq!(d.len(), 3, "{q:#?}");
        assert_eq!(d[1].text, "Er was voedsel aan boord.");
        assert_eq!(d[2].text, "We roepen alle partijen op.");
        assert!(
            d.iter()
                .all(|x| x.speaker.as_deref() == Some("Pieter Claes"))
        );
    }

    #[test]
    fn indirect_speech_in_both_languages() {
        let t = "Woordvoerster Els Van den Broeck zei dat de meeste verdachten minderjarig zijn.";
        let q = quotes(t, "nl");
        assert_eq!(q.len(), 1, "{q:#?}");
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        assert_eq!(q[0].text, "de meeste verdachten minderjarig zijn");
        assert_eq!(q[0].speaker.as_deref(), Some("Els Van den Broeck"));
        assert_eq!(q[0].speaker_role.as_deref(), Some("Woordvoerster"));
        let t = "The mayor said that the curfew would end on Monday. The roads are closed, police said.";
        let q = quotes(t, "en");
        assert_eq!(q.len(), 2, "{q:#?}");
        assert_eq!(q[0].text, "the curfew would end on Monday");
        assert_eq!(q[0].speaker.as_deref(), Some("mayor"));
        assert_eq!(q[1].text, "The roads are closed");
        assert_eq!(q[1].speaker.as_deref(), Some("police"));
        assert!(q.iter().all(|x| x.kind == QuoteKind::Indirect));
    }

    #[test]
    fn pull_quotes_are_marked_and_not_counted_twice() {
        let t = "\"Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen\", zegt kolonel Ryan Dillon.";
        let doc = Doc::new(t, "nl");
        let meta = Meta {
            pull_quotes: vec![dossier_model::PullQuote {
                text: "De Syriërs zijn degenen die vechten en sterven, zij mogen de beslissingen nemen".into(),
                attribution: Some("Ryan Dillon, woordvoerder coalitie tegen IS".into()),
            }],
            ..Meta::default()
        };
        let q = extract(&doc, &[], &meta, lexicons());
        assert_eq!(direct(&q).len(), 1, "{q:#?}");
        let pull: Vec<&Quote> = q.iter().filter(|x| x.kind == QuoteKind::Pull).collect();
        assert_eq!(pull.len(), 1);
        assert_eq!(pull[0].span, None);
        assert_eq!(pull[0].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(
            pull[0].speaker_role.as_deref(),
            Some("woordvoerder coalitie tegen IS")
        );
        // Without a printed attribution the body quote it repeats names the speaker.
        let meta = Meta {
            pull_quotes: vec![dossier_model::PullQuote {
                text: "Zij mogen de beslissingen nemen".into(),
                attribution: None,
            }],
            ..Meta::default()
        };
        let q = extract(&doc, &[], &meta, lexicons());
        let pull: Vec<&Quote> = q.iter().filter(|x| x.kind == QuoteKind::Pull).collect();
        assert_eq!(pull[0].speaker.as_deref(), Some("Ryan Dillon"));
    }

    #[test]
    fn entities_give_names_ids_and_roles() {
        let t = "Dillon sprak met de pers. \"We wilden niet dat er iemand vertrok\", zegt Dillon. \"Het komt aan op de Syriërs\", zei hij.";
        let doc = Doc::new(t, "nl");
        let ent = |frag: &str, nth: usize| {
            let b = t.match_indices(frag).nth(nth).unwrap().0;
            Entity {
                span: doc.span(b, b + frag.len()),
                text: frag.into(),
                kind: EntityType::PER,
                id: "per:ryan-dillon".into(),
                canonical: "Ryan Dillon".into(),
                roles: vec!["kolonel".into()],
            }
        };
        let entities = vec![ent("Dillon", 0), ent("Dillon", 1)];
        let q = extract(&doc, &entities, &Meta::default(), lexicons());
        let d = direct(&q);
        assert_eq!(d.len(), 2, "{q:#?}");
        for x in &d {
            assert_eq!(x.speaker.as_deref(), Some("Ryan Dillon"));
            assert_eq!(x.speaker_id.as_deref(), Some("per:ryan-dillon"));
            assert_eq!(x.speaker_role.as_deref(), Some("kolonel"));
        }
        // Without entities the surname stays what the text says.
        let q = quotes(t, "nl");
        assert_eq!(direct(&q)[0].speaker.as_deref(), Some("Dillon"));
        assert_eq!(direct(&q)[0].speaker_id, None);
    }

    #[test]
    fn a_language_is_a_data_file() {
        let t = "„Wir wollten nicht, dass jemand geht“, sagte Oberst Ryan Dillon, Sprecher der Koalition. Laut der Polizei wurden sieben Menschen festgenommen.";
        let q = quotes(t, "de");
        let d = direct(&q);
        assert_eq!(d.len(), 1, "{q:#?}");
        assert_eq!(d[0].text, "Wir wollten nicht, dass jemand geht");
        assert_eq!(d[0].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(
            d[0].speaker_role.as_deref(),
            Some("Oberst; Sprecher der Koalition")
        );
        assert!(
            q.iter()
                .any(|x| x.kind == QuoteKind::Indirect && x.speaker.as_deref() == Some("Polizei")),
            "{q:#?}"
        );
        // A language without a lexicon still gets its quotation marks paired.
        let q = quotes("\"Dit is een zin van vijf woorden.\" En meer.", "xx");
        assert_eq!(direct(&q).len(), 1);
    }

    #[test]
    fn comma_runs_do_not_blow_up() {
        // Appositions are searched back over commas; runs of them must stay linear-ish.
        let t = format!(
            "\"It is over,\" {} said the official, also, {} told them. \"No\", {} zei hij, ook, {}",
            ", also".repeat(60),
            ", John Smith".repeat(40),
            ", , ook".repeat(60),
            ", Jan (CD&V)".repeat(40)
        );
        for lang in ["en", "nl"] {
            let q = quotes(&t, lang);
            assert!(q.len() < 20);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_hold(text in "\\PC{0,300}") {
            for lang in ["nl", "en", "xx"] {
                let doc = Doc::new(&text, lang);
                let meta = Meta {
                    pull_quotes: vec![dossier_model::PullQuote { text: text.clone(), attribution: Some(text.clone()) }],
                    ..Meta::default()
                };
                for q in extract(&doc, &[], &meta, lexicons()) {
                    if let Some(sp) = q.span {
                        proptest::prop_assert_eq!(sp.slice(&text), q.text.as_str());
                    }
                }
            }
        }

        #[test]
        fn quote_heavy_text_never_panics(text in "([\"'„“”‘’«»,.:!? \\n\u{a0}\u{202f}İȺ𑍗é-]|zegt|said|hij|he|Jan Peeters|İlker Şahin|dat|that|volgens|according to|De|de|IS|Reuters|12){0,80}") {
            for lang in ["nl", "en"] {
                let doc = Doc::new(&text, lang);
                for q in extract(&doc, &[], &Meta::default(), lexicons()) {
                    if let Some(sp) = q.span {
                        proptest::prop_assert_eq!(sp.slice(&text), q.text.as_str());
                    }
                }
                for s in crate::sources::extract(&doc, &[], &Meta::default(), lexicons()) {
                    proptest::prop_assert_eq!(s.span.slice(&text), s.text.as_str());
                }
            }
        }
    }

    #[test]
    fn dutch_quote_continued_across_its_attribution() {
        let t = "\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon, woordvoerder van de westerse coalitie tegen IS. \"Maar dit gaat terug tot het hart van onze strategie: 'door, met en via' lokale leiders op het terrein. Het komt aan op de Syriërs.\"";
        let q = quotes(t, "nl");
        assert_eq!(q.len(), 2, "{q:#?}");
        assert_eq!(q[0].text, "We wilden niet dat er iemand vertrok");
        assert_eq!(q[0].speaker.as_deref(), Some("Ryan Dillon"));
        assert_eq!(
            q[0].speaker_role.as_deref(),
            Some("kolonel; woordvoerder van de westerse coalitie tegen IS")
        );
        assert_eq!(q[0].cue.as_deref(), Some("zegt"));
        assert_eq!(q[0].kind, QuoteKind::Direct);
        assert!(q[1].text.starts_with("Maar dit gaat terug"));
        assert!(q[1].text.ends_with("Het komt aan op de Syriërs."));
        assert!(q[1].text.contains("'door, met en via'"));
        assert_eq!(q[1].speaker.as_deref(), Some("Ryan Dillon"));
    }

    /// Who said each direct quote of `t` (English), in text order.
    fn speakers(t: &str) -> Vec<(String, Option<String>)> {
        direct(&quotes(t, "en"))
            .into_iter()
            .map(|q| (q.text.clone(), q.speaker.clone()))
            .collect()
    }

    #[test]
    fn parenthetical_attributions_and_partial_quotes() {
        // Written for these cases, after the patterns of US news copy.
        let t = "Spokeswoman Haley Morris says the candidate has \"always run a lean campaign.\" Trump says \"the whole game has become soft.\"\n\nThe golf industry, Ms. Lee said, is \"doing much better than it has looked since 2009.\"\n\nDe situatie in de stad, zegt burgemeester Jan Peeters, is ernstiger dan gedacht. Het plan, zo zei hij, kost te veel geld.";
        let q = quotes(t, "en");
        let by_text = |part: &str| containing(&q, part);
        // the partial quote is Morris's, not taken by the next sentence's `Trump says`
        assert_eq!(
            by_text("always run").speaker.as_deref(),
            Some("Haley Morris")
        );
        assert!(
            !q.iter()
                .any(|x| x.text.contains("always run") && x.speaker.as_deref() == Some("Trump")),
            "{q:#?}"
        );
        assert_eq!(by_text("the whole game").speaker.as_deref(), Some("Trump"));
        // the words around a parenthetical attribution are what was said
        assert_eq!(by_text("The golf industry").speaker.as_deref(), Some("Lee"));
        assert_eq!(by_text("doing much").speaker.as_deref(), Some("Lee"));
        let q = quotes(t, "nl");
        assert!(
            q.iter().any(|x| x.text == "De situatie in de stad"
                && x.speaker.as_deref() == Some("Jan Peeters")),
            "{q:#?}"
        );
        // a short subject before the attribution
        assert!(
            q.iter()
                .any(|x| x.text == "kost te veel geld"
                    && x.speaker.as_deref() == Some("Jan Peeters")),
            "{q:#?}"
        );
    }

    /// The first quote whose text contains `part`.
    fn containing<'q>(q: &'q [Quote], part: &str) -> &'q Quote {
        q.iter()
            .find(|x| x.text.contains(part))
            .unwrap_or_else(|| panic!("no quote {part:?} in {q:#?}"))
    }

    #[test]
    fn unattributed_titles_on_their_own_are_not_quotes() {
        // Written for this case: a list of shows, each on its own line.
        let t = "The best shows of the year.\n\n\"Broad City\"\n\n\"Orange is the New Black\"\n\n\"We never gave up.\"";
        let q = quotes(t, "en");
        assert!(
            !q.iter()
                .any(|x| x.text.contains("Broad") || x.text.contains("Orange")),
            "{q:#?}"
        );
        assert!(q.iter().any(|x| x.text == "We never gave up."), "{q:#?}");
    }

    #[test]
    fn participles_relative_clauses_and_openers() {
        // Written for these cases, after the patterns of US news copy.
        let t = "Barkley, who said he typically votes democratic, said one candidate he likes so far is Ohio Governor John Kasich. Hours later, Trump returned the compliment to Adelson, telling Reuters, \"Sheldon is a great guy.\" Democratic candidates went further, with former Maryland Gov. Martin O'Malley calling the plan a disgrace to the party.";
        let q = quotes(t, "en");
        let by_text = |part: &str| containing(&q, part);
        // the relative clause's words end before the main verb
        assert_eq!(
            by_text("he typically").text,
            "he typically votes democratic"
        );
        assert_eq!(by_text("one candidate").speaker.as_deref(), Some("Barkley"));
        assert_eq!(by_text("Sheldon").speaker.as_deref(), Some("Trump"));
        assert_eq!(
            by_text("the plan").speaker.as_deref(),
            Some("Martin O'Malley")
        );
    }

    #[test]
    fn long_appositions_between_speaker_and_cue() {
        // Written for these cases, after the patterns of US news copy.
        let t = "The vote was close.\n\n''You need to bomb the facilities,'' Representative Michele Bachmann, Republican of Minnesota, told the president.\n\n\"We were not ready,\" Mr. Daniloff, now 81 and retired in Cambridge, Mass., said by telephone this week.\n\nAnthony Anton, president and CEO of the Washington Restaurant Association stated, \"It is a math problem.\"\n\nIn a series of posts on Sunday, Mr. Frum, a former speechwriter for George W. Bush, wrote: \"The big question is whether he can cope.\"";
        let got = speakers(t);
        let want = [
            ("You need to bomb the facilities", "Michele Bachmann"),
            ("We were not ready", "Daniloff"),
            ("It is a math problem.", "Anthony Anton"),
            ("The big question is whether he can cope.", "Frum"),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for ((text, speaker), (wt, ws)) in got.iter().zip(want) {
            assert_eq!(text, wt);
            assert_eq!(speaker.as_deref(), Some(ws), "{text}");
        }
        let q = quotes(t, "en");
        assert!(
            q.iter()
                .any(|x| x.speaker_role.as_deref()
                    == Some("Representative; Republican of Minnesota")),
            "{q:#?}"
        );
    }

    #[test]
    fn a_quote_later_in_the_paragraph_goes_on_from_the_attributed_one() {
        let t = "\"You can't blame her for what he did,\" said Sara Walker, 44, a home-care aide from Nashua. An immigrant from Uganda, she plans to vote for Hillary Clinton next month. \"It's not fair.\"\n\n\"They'd be wrong,\" Michael Briggs, a spokesman for Sanders, said in an interview in Santa Monica, Calif. \"This is going to the convention.\"";
        let q = direct(&quotes(t, "en"))
            .into_iter()
            .map(|q| (q.text.clone(), q.speaker.clone().unwrap_or_default()))
            .collect::<Vec<_>>();
        assert_eq!(
            q,
            [
                (
                    "You can't blame her for what he did".to_string(),
                    "Sara Walker".to_string()
                ),
                ("It's not fair.".to_string(), "Sara Walker".to_string()),
                ("They'd be wrong".to_string(), "Michael Briggs".to_string()),
                (
                    "This is going to the convention.".to_string(),
                    "Michael Briggs".to_string()
                ),
            ]
        );
    }

    #[test]
    fn an_attribution_does_not_reach_across_a_line_break() {
        // One line per paragraph, as wire copy often comes.
        let t = "George Zimmerman is selling the gun.\n\"I'm a free American,\" he told Fox 35 in Orlando. \"I can do what I like with my possessions.\"\nZimmerman wrote in the auction description that he plans to use the money well.";
        let got = speakers(t);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].1, got[1].1, "{got:#?}");
        let q = quotes(t, "en");
        assert!(
            q.iter().all(|x| x.cue.as_deref() != Some("wrote")),
            "{q:#?}"
        );
    }

    #[test]
    fn titles_in_quotation_marks_are_not_quotes() {
        let t = "Co-host Mika Brzezinski asked him about it on \"Morning Joe\" on Tuesday.\n\n''Family values people'' are ''not out to bash gays,'' he said.";
        let all = quotes(t, "en");
        let q = direct(&all);
        assert!(q.iter().all(|x| x.text != "Morning Joe"), "{q:#?}");
        // Two quotations of one sentence with one attribution share it.
        assert_eq!(q.len(), 2, "{q:#?}");
        assert!(q.iter().all(|x| x.cue.as_deref() == Some("said")), "{q:#?}");
        // A title-case headline keeps its quotes.
        let t = "Ryan: 'Anti-Semitic Images' Have 'No Place In A Presidential Campaign'\n\nThe speaker spoke on Monday.";
        assert!(!direct(&quotes(t, "en")).is_empty());
    }

    #[test]
    fn colon_subjects_adjuncts_after_the_cue_and_more_verbs() {
        let t = "The debate went on.\n\nCruz called them on it:  \u{201c}The questions asked in this debate illustrate why people distrust the media.\u{201d}\n\n\u{201c}You know, it happens, right?\u{201d} Trump went on, as if he didn\u{2019}t hear her. \u{201c}But you gotta get over it.\u{201d}\n\n\u{201c}Go back to Univision,\u{201d} Trump barked.";
        let got = speakers(t);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[0].1.as_deref(), Some("Cruz"), "{got:#?}");
        assert!(
            got[1..].iter().all(|(_, s)| s.as_deref() == Some("Trump")),
            "{got:#?}"
        );
    }

    #[test]
    fn a_closing_mark_glued_to_the_next_word_still_closes() {
        let t = "The rally ended late.\n\n\u{201c}I like it,\u{201d}Clinton said. \u{201c}It works.\u{201d}";
        let got = speakers(t);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].0, "I like it");
        assert!(
            got.iter().all(|(_, s)| s.as_deref() == Some("Clinton")),
            "{got:#?}"
        );
        // A one-word answer is said, not a title.
        let q = quotes("De vraag werd hem gesteld.\n\n\"Nee\", zegt Peeters.", "nl");
        assert_eq!(direct(&q).len(), 1, "{q:#?}");
        assert_eq!(direct(&q)[0].speaker.as_deref(), Some("Peeters"));
        // Stray spaces inside the marks.
        let t = "The rally ended late.\n\n\u{201c} This is how they view Ted Cruz today, \u{201d} Bozell adds. \u{201c}The establishment is worried.\u{201d}";
        let got = speakers(t);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].0, "This is how they view Ted Cruz today");
        assert!(
            got.iter().all(|(_, s)| s.as_deref() == Some("Bozell")),
            "{got:#?}"
        );
    }

    #[test]
    fn a_capitalised_word_before_a_role_is_part_of_the_role() {
        let t = "Lorry driver: 'about 4,000 people' left Raqqa in convoy\n\nThe convoy left in October.";
        let got = speakers(t);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].1.as_deref(), Some("Lorry driver"), "{got:#?}");
        // A name stays a name.
        let got = speakers("Dillon: \"We did not want anyone to leave.\"");
        assert_eq!(got[0].1.as_deref(), Some("Dillon"), "{got:#?}");
    }

    #[test]
    fn i_is_the_writer_named_by_the_byline() {
        let t = "The judge asked why.\n\n\u{201c}I was not off to a good start,\u{201d} I said. Judge Berman listened.\n\n\u{201c}This is a big win,\u{201d} he said.";
        let doc = Doc::new(t, "en");
        let meta = Meta {
            byline: Some("Dinesh D'Souza".into()),
            ..Meta::default()
        };
        let q = extract(&doc, &[], &meta, lexicons());
        let d = direct(&q);
        assert_eq!(d.len(), 2, "{q:#?}");
        assert_eq!(d[0].speaker.as_deref(), Some("Dinesh D'Souza"));
        // The writer is no antecedent for a later `he`.
        assert_ne!(d[1].speaker.as_deref(), Some("Dinesh D'Souza"), "{q:#?}");
        // Without a byline, `I` names nobody.
        assert_eq!(direct(&quotes(t, "en"))[0].speaker, None);
    }
    #[test]
    fn attributions_after_appositions_mid_sentence_and_at_the_sentence_end() {
        let t = "\"The port used to be busy,\" said Anna Berg, director of the harbour museum in Kiel, \"but the ships go elsewhere now.\"\n\n\"It was a close vote,\" said Tom Reyes, a councillor. If the budget fails next week, \"the library will have to close its doors for good.\"\n\n\"Nobody saw the bill. Nobody read it. They had no time\" to check the figures, says Lena Quist, an auditor with the city.\n\n\"We are shocked,\" a neighbour told the local radio station.";
        let q = speakers(t);
        let want = [
            ("The port used to be busy", Some("Anna Berg")),
            ("but the ships go elsewhere now.", Some("Anna Berg")),
            ("It was a close vote", Some("Tom Reyes")),
            (
                "the library will have to close its doors for good.",
                Some("Tom Reyes"),
            ),
            (
                "Nobody saw the bill. Nobody read it. They had no time",
                Some("Lena Quist"),
            ),
        ];
        for (text, speaker) in want {
            assert!(
                q.iter().any(|(t, s)| t == text && s.as_deref() == speaker),
                "{text:?} by {speaker:?} in {q:?}"
            );
        }
        // The last quote's own sentence names its speaker (`a neighbour told`): it does not go
        // on from Lena Quist's.
        let last = q
            .iter()
            .find(|(t, _)| t == "We are shocked")
            .expect("found");
        assert_ne!(last.1.as_deref(), Some("Lena Quist"), "{q:?}");
    }
    #[test]
    fn ages_brackets_participles_and_gestures_before_the_cue() {
        let t = "Test\n\n\"The harbour is our life,\" said the 61-year-old. \"Nobody asked us.\"\n\nAfter winning the vote, Sen. Maria Olsen (D-Maine), said, \"We will rebuild the pier.\"\n\nWhen asked whom she supported, Ms. Varga smiled and said, \"I have not decided yet.\"\n\nThe mayor shared the plan online on Friday, writing \"The pier opens in May.\"\n\nShe noted her years in the state, saying \"we built this town together.\"";
        let q = speakers(t);
        let want = [
            ("The harbour is our life", "61-year-old"),
            ("Nobody asked us.", "61-year-old"),
            ("We will rebuild the pier.", "Maria Olsen"),
            ("I have not decided yet.", "Varga"),
            ("The pier opens in May.", "mayor"),
        ];
        for (text, speaker) in want {
            assert!(
                q.iter()
                    .any(|(t, s)| t == text && s.as_deref().is_some_and(|s| s.contains(speaker))),
                "{text:?} by {speaker:?} in {q:?}"
            );
        }
        // The subject is the role alone, not the words after it (was `mayor shared the plan
        // online`); a role's `of` and a name stay with the role (was `Hull`).
        let pier = q.iter().find(|(t, _)| t == "The pier opens in May.");
        assert_eq!(pier.and_then(|p| p.1.as_deref()), Some("mayor"), "{q:?}");
        let q = speakers(
            "Test\n\nThe mayor of Hull shared the plan on Friday, writing \"The pier opens in May.\"",
        );
        assert_eq!(
            q.first().and_then(|p| p.1.as_deref()),
            Some("mayor of Hull"),
            "{q:?}"
        );
        // `the state` is a noun, not the cue `state`: the speaker is the subject `She`.
        let t = "She noted her years as senator representing the state, saying \"we built this town together.\"";
        let doc = Doc::new(t, "en");
        let found = attributions(&doc, &[], lexicons());
        let mention = found
            .iter()
            .find(|a| a.cue.is_some_and(|(s, e)| &t[s..e] == "saying"))
            .and_then(|a| a.speaker_mention)
            .map(|(s, e)| &t[s..e]);
        assert_eq!(mention, Some("She"), "{found:?}");
    }
    #[test]
    fn partial_quotes_inside_the_writers_sentence_are_not_direct() {
        let t = "Test\n\nThe new pier is \"a waste of money,\" the mayor said.\n\nThe council said that \"the budget is final.\"\n\nThe council told reporters \"The budget is final.\"\n\n\"We will appeal,\" the council said.";
        let q = quotes(t, "en");
        let kind = |text: &str| {
            q.iter()
                .find(|x| x.text == text)
                .map(|x| x.kind)
                .unwrap_or_else(|| panic!("{text:?} not found in {q:?}"))
        };
        assert_eq!(kind("a waste of money"), QuoteKind::Indirect);
        assert_eq!(kind("the budget is final."), QuoteKind::Indirect);
        assert_eq!(kind("The budget is final."), QuoteKind::Direct);
        assert_eq!(kind("We will appeal"), QuoteKind::Direct);
        for x in &q {
            let (s, e) = x.span.map(|s| (s.0, s.1)).expect("span");
            assert_eq!(
                &t.chars().collect::<Vec<_>>()[s..e]
                    .iter()
                    .collect::<String>(),
                &x.text
            );
        }
    }
    #[test]
    fn joined_verbs_statements_and_possessives_in_appositions() {
        let t = "Test\n\nThe actress nodded when asked. Ms. Varga confirmed she had been and said, \"The industry has a problem with discrimination.\"\n\nWhen the mayor died in 1998, Governor Tom Reyes released the following statement:\n\n\"We offer our condolences to the family.\"\n\n\"We believe in change,\" Jeff Weaver, Sanders' campaign manager, said.";
        let q = quotes(t, "en");
        let want = [
            ("The industry has a problem with discrimination.", "Varga"),
            ("We offer our condolences to the family.", "Tom Reyes"),
            ("We believe in change", "Jeff Weaver"),
        ];
        for (text, speaker) in want {
            assert!(
                q.iter().any(|x| x.text == text
                    && x.kind == QuoteKind::Direct
                    && x.speaker.as_deref() == Some(speaker)),
                "{text:?} by {speaker:?} in {q:#?}"
            );
        }
        // The clause before `…, X released the following statement:` is not what was said.
        assert!(
            q.iter().all(|x| !x.text.starts_with("When the mayor died")),
            "{q:#?}"
        );
    }

    #[test]
    fn conjunctions_attributive_nouns_and_unsourced_reports_name_no_speaker() {
        // Written for these cases.
        let t = "Test\n\nThe airline said sorry for the delays - although it claimed it had broken no rule.\n\nA ministry spokeswoman rejected the latest claims, saying the budget was \"fully funded\".\n\nTwo shareholders will reportedly turn down any new offer for the club.";
        let q = quotes(t, "en");
        let bad = [
            "although it",
            "latest",
            "turn down any",
            "turn down any new",
        ];
        for x in &q {
            assert!(
                !x.speaker.as_deref().is_some_and(|s| bad.contains(&s)),
                "{x:#?}"
            );
        }
        // The closing mark of a quotation inside reported speech stays with it.
        let funded = q
            .iter()
            .find(|x| x.text == "the budget was \"fully funded\"")
            .expect("found");
        assert!(
            funded
                .speaker
                .as_deref()
                .is_some_and(|s| s.contains("spokeswoman")),
            "{funded:#?}"
        );
    }

    #[test]
    fn it_stands_for_the_organisation_named_before() {
        // Written for this case; the NER stage names Nintendo an organisation.
        let t = "Test\n\nThe European launch is late. Nintendo confirmed the delay on Monday. \"The game is translated into eleven languages, which takes time,\" it said.";
        let doc = Doc::new(t, "en");
        let at = t.find("Nintendo").expect("in text");
        let nintendo = Entity {
            span: doc.span(at, at + "Nintendo".len()),
            text: "Nintendo".into(),
            kind: EntityType::ORG,
            id: "org:nintendo".into(),
            canonical: "Nintendo".into(),
            roles: Vec::new(),
        };
        let found = attributions(&doc, &[nintendo], lexicons());
        let q = found
            .iter()
            .find(|a| a.kind == QuoteKind::Direct)
            .expect("a direct quote");
        assert_eq!(q.speaker.as_deref(), Some("Nintendo"), "{found:#?}");
        // Without an organisation before it, `it` names no one (it was the speaker `it`).
        let found = attributions(&doc, &[], lexicons());
        assert!(
            found.iter().all(|a| a.speaker.as_deref() != Some("it")),
            "{found:#?}"
        );
    }

    #[test]
    fn datelines_participles_and_contractions_are_not_speakers() {
        // Written for these cases.
        let t = "WASHINGTON — The mayor's closest adviser appeared on television on Monday, saying: \"This is not who we are.\"\n\nLONDON — Shell's chief executive rallied investors, saying: \"We will grow.\"\n\nHaving announced that the pier would reopen, the council met again.\n\nThe newspaper will call you a liar and the network will accuse you of panicking.";
        let q = quotes(t, "en");
        for x in &q {
            let s = x.speaker.as_deref().unwrap_or("");
            assert!(
                !s.contains("WASHINGTON") && s != "Having" && !s.contains("don"),
                "{x:#?}"
            );
        }
        let d = q
            .iter()
            .find(|x| x.text == "This is not who we are.")
            .expect("found");
        assert!(
            d.speaker.as_deref().is_some_and(|s| s.contains("adviser")),
            "{d:#?}"
        );
        // A possessive name before a role describes the speaker (was `LONDON`, then `Shell's`).
        let d = q.iter().find(|x| x.text == "We will grow.").expect("found");
        assert_eq!(
            d.speaker.as_deref(),
            Some("Shell's chief executive"),
            "{d:#?}"
        );
    }

    #[test]
    fn a_role_with_its_complement_before_the_name() {
        // Written for these cases: `of the House` was read as a phrase inside a larger one.
        let t = "Test\n\nSpeaker of the House Paul Ryan said \"these images have no place here.\"\n\nSecretary of State John Kerry said, \"We will talk.\"";
        let got = speakers(t);
        for (text, speaker) in [
            ("these images have no place here.", "Paul Ryan"),
            ("We will talk.", "John Kerry"),
        ] {
            assert!(
                got.iter()
                    .any(|(t, s)| t == text && s.as_deref().is_some_and(|s| s.ends_with(speaker))),
                "{text:?} by {speaker:?} in {got:?}"
            );
        }
    }

    #[test]
    fn british_attributions_after_the_quote() {
        // Written for these cases, after the patterns of British copy.
        let t = "Test\n\nThe fraud trial ended on Friday. \"He has been ripping people off for years,\" AP quoted prosecutor Russell McGuire as saying.\n\nSales rose. \"It is very encouraging for Sony,\" John Houlihan, editor of Gamesweekly told the BBC.\n\nPrices went up. \"We know the dollar will be stronger,\" the chief executive of a leading European car maker told the BBC.\n\nDemand is rising. \"Everything is going digital,\" Kirsten Pfeifer from the Consumer Electronics Association told the BBC.";
        let got = speakers(t);
        for (text, speaker) in [
            (
                "He has been ripping people off for years",
                "Russell McGuire",
            ),
            ("It is very encouraging for Sony", "John Houlihan"),
            (
                "We know the dollar will be stronger",
                "chief executive of a leading European car maker",
            ),
            ("Everything is going digital", "Kirsten Pfeifer"),
        ] {
            assert!(
                got.iter()
                    .any(|(t, s)| t == text && s.as_deref() == Some(speaker)),
                "{text:?} by {speaker:?} in {got:?}"
            );
        }
    }
}
