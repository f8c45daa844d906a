//! Named-entity recognition: a statistical tagger per language (PER, ORG, LOC, MISC).
//!
//! Each language is a directory `data/ner/<lang>/` with a manifest (`ner.toml`), the weights
//! (`model.bin`, see [`model`]) and the word lexicons the features read (see [`lexicon`]);
//! all are written by `cargo xtask train-ner`. Adding a language is adding such a directory.
//! A language without one gets no mentions.

pub mod conll;
pub mod features;
pub mod lexicon;
pub mod model;

use std::collections::BTreeMap;

use dossier_model::EntityType;
use dossier_text::{DataError, Doc, TokenKind};
use serde::{Deserialize, Serialize};

pub use features::{SentenceFeatures, doc_features};
pub use lexicon::Lexicon;
pub use model::Model;

/// A raw entity mention found by the tagger: a byte range into the text and its type.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    /// The tagger's confidence, 0..1.
    pub score: f32,
}

/// `data/ner/<lang>/ner.toml`: which files make up a language's tagger.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Manifest {
    /// The weights file, relative to the language directory.
    pub model: String,
    /// An optional second-pass model that also reads document-level features computed from
    /// the first pass's labels ([`features::add_aggregate_features`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<String>,
    /// The lexicons the model was trained with, in feature order.
    #[serde(default)]
    pub lexicon: Vec<LexiconSpec>,
}

/// One lexicon file of a tagger.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct LexiconSpec {
    /// Feature name; part of every feature key, so it must match training.
    pub name: String,
    pub file: String,
    pub lowercase: bool,
    /// SPDX id of the file's licence (see `data/SOURCES.md`).
    pub licence: String,
}

/// One language's tagger: weights plus the lexicons its features read.
pub struct Tagger {
    pub model: Model,
    pub second: Option<Model>,
    pub lexicons: Vec<Lexicon>,
}

/// A tagged sentence: label index and confidence per token.
pub struct Tagged {
    pub labels: Vec<usize>,
    pub confidence: Vec<f32>,
}

impl Tagger {
    /// Loads `data/<dir>/ner.toml` and the files it names.
    pub fn load(dir: &str) -> Result<Tagger, DataError> {
        let manifest: Manifest = dossier_text::load_toml(&format!("{dir}/ner.toml"))?;
        let dir_path = dossier_text::data_dir().join(dir);
        let model = Model::load(&dir_path.join(&manifest.model))?;
        let second = match &manifest.second {
            Some(f) => Some(Model::load(&dir_path.join(f))?),
            None => None,
        };
        let lexicons = manifest
            .lexicon
            .iter()
            .map(|l| Lexicon::load(&l.name, &format!("{dir}/{}", l.file), l.lowercase))
            .collect::<Result<_, _>>()?;
        Ok(Tagger {
            model,
            second,
            lexicons,
        })
    }

    /// The model whose labels [`Tagger::tag_sentences`] returns.
    pub fn last(&self) -> &Model {
        self.second.as_ref().unwrap_or(&self.model)
    }

    /// Tags a document given as sentences of token strings.
    pub fn tag_sentences(&self, sentences: &[Vec<&str>]) -> Vec<Tagged> {
        let mut feats = doc_features(sentences, &self.lexicons);
        let decode = |m: &Model, feats: &[SentenceFeatures]| -> Vec<Tagged> {
            feats
                .iter()
                .map(|f| {
                    let (labels, confidence) = m.decode(f);
                    Tagged { labels, confidence }
                })
                .collect()
        };
        let first = decode(&self.model, &feats);
        let Some(second) = &self.second else {
            return first;
        };
        let types = first_pass_types(&self.model, &first);
        features::add_aggregate_features(sentences, &types, &mut feats);
        decode(second, &feats)
    }

    /// Tags a document and returns label names (for evaluation against CoNLL files).
    pub fn label_sentences(&self, sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
        self.tag_sentences(sentences)
            .into_iter()
            .map(|t| {
                t.labels
                    .iter()
                    .map(|&y| self.last().labels[y].clone())
                    .collect()
            })
            .collect()
    }
}

/// The entity type per token of a first pass, as [`features::add_aggregate_features`] reads it.
pub fn first_pass_types(model: &Model, tagged: &[Tagged]) -> Vec<Vec<Option<&'static str>>> {
    tagged
        .iter()
        .map(|t| {
            t.labels
                .iter()
                .map(|&y| model.part(y).1.map(EntityType::as_str))
                .collect()
        })
        .collect()
}

/// The trained taggers, one per language.
#[derive(Default)]
pub struct NerModels {
    taggers: BTreeMap<String, Tagger>,
}

impl NerModels {
    /// Loads every `data/ner/<lang>/` that has a manifest. No `data/ner/` means no taggers.
    pub fn load() -> Result<Self, DataError> {
        let root = dossier_text::data_dir().join("ner");
        let mut taggers = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(&root) else {
            return Ok(NerModels { taggers });
        };
        for entry in entries.flatten() {
            let lang = entry.file_name().to_string_lossy().into_owned();
            if entry.path().join("ner.toml").is_file() {
                taggers.insert(lang.clone(), Tagger::load(&format!("ner/{lang}"))?);
            }
        }
        Ok(NerModels { taggers })
    }

    /// The tagger for `lang` (ISO 639-1), if there is one.
    pub fn get(&self, lang: &str) -> Option<&Tagger> {
        self.taggers.get(lang)
    }

    /// Languages with a tagger.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.taggers.keys().map(String::as_str)
    }
}

/// Tags the named entities of a document, sentence by sentence, with the tagger of its
/// language. A mention without a capital letter or digit is dropped: in news text those are
/// common words or pronouns the model was unsure about, never names worth an entity.
pub fn tag(doc: &Doc, models: &NerModels) -> Vec<Mention> {
    let Some(tagger) = models.get(doc.lang) else {
        return Vec::new();
    };
    let sentences: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| (s.first..s.last).map(|i| doc.tok(i)).collect())
        .collect();
    let tagged = tagger.tag_sentences(&sentences);
    let mut out = Vec::new();
    for (s, t) in doc.sentences.iter().zip(&tagged) {
        let parts: Vec<_> = t.labels.iter().map(|&y| tagger.last().part(y)).collect();
        for (a, b, kind) in model::spans(&parts) {
            let (first, last) = (s.first + a, s.first + b - 1);
            let (a, b) = trim_punct(doc, first, last);
            if a > b {
                continue;
            }
            let text = &doc.text[doc.tokens[a].start..doc.tokens[b].end];
            if !text.chars().any(|c| c.is_uppercase() || c.is_numeric()) {
                continue;
            }
            let score = t.confidence[a - s.first..=b - s.first]
                .iter()
                .cloned()
                .fold(1.0f32, f32::min);
            out.push(Mention {
                start: doc.tokens[a].start,
                end: doc.tokens[b].end,
                kind,
                score,
            });
        }
    }
    out
}

/// Drops quotes and punctuation at the edges of a mention (`"Zwijggeld` → `Zwijggeld`).
fn trim_punct(doc: &Doc, mut a: usize, mut b: usize) -> (usize, usize) {
    let edge = |i: usize| {
        matches!(
            doc.tokens[i].kind,
            TokenKind::Quote | TokenKind::Punct | TokenKind::Symbol
        )
    };
    while a <= b && edge(a) {
        a += 1;
    }
    while b > a && edge(b) {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> &'static NerModels {
        static M: std::sync::OnceLock<NerModels> = std::sync::OnceLock::new();
        M.get_or_init(|| NerModels::load().expect("data/ner loads"))
    }

    fn mentions<'a>(doc: &Doc<'a>) -> Vec<(&'a str, EntityType)> {
        tag(doc, models())
            .into_iter()
            .map(|m| (&doc.text[m.start..m.end], m.kind))
            .collect()
    }

    fn has(found: &[(&str, EntityType)], text: &str, kind: EntityType) -> bool {
        found.iter().any(|&(t, k)| t == text && k == kind)
    }

    #[test]
    fn tags_the_raqqa_article() {
        let path = dossier_text::data_dir().join("demo/hln_nl_raqqa_convoy.txt");
        let text = std::fs::read_to_string(path).expect("demo article");
        let doc = Doc::new(&text, "nl");
        let found = mentions(&doc);
        assert!(has(&found, "Ryan Dillon", EntityType::PER), "{found:?}");
        assert!(has(&found, "BBC", EntityType::ORG), "{found:?}");
        for place in ["Raqqa", "Syrië", "Turkije"] {
            assert!(has(&found, place, EntityType::LOC), "{place}: {found:?}");
        }
        assert!(
            has(
                &found,
                "Syrische Democratische Strijdkrachten",
                EntityType::ORG
            ),
            "{found:?}"
        );
        for (t, k) in &found {
            assert!(
                !(*k == EntityType::PER && matches!(*t, "Zwijggeld" | "Bron")),
                "{t} as PER"
            );
        }
    }

    #[test]
    fn mentions_are_exact_spans_and_never_pronouns() {
        let text = "Hij zei dat zij niet wist wat ze deden. \"Wij blijven\", zegt hij. \
                    Ze vertrokken naar Antwerpen.";
        let doc = Doc::new(text, "nl");
        for m in tag(&doc, models()) {
            let t = &text[m.start..m.end];
            assert_eq!(t, t.trim());
            assert!((0.0..=1.0).contains(&m.score));
            assert!(
                !matches!(
                    t.to_lowercase().as_str(),
                    "hij" | "zij" | "ze" | "wij" | "we"
                ),
                "pronoun {t} tagged {:?}",
                m.kind
            );
        }
        let en = "He said they had left. \"We stay,\" she told him in London.";
        let doc = Doc::new(en, "en");
        let found = mentions(&doc);
        assert!(has(&found, "London", EntityType::LOC), "{found:?}");
        assert!(
            found.iter().all(|(t, _)| !matches!(*t, "He" | "We")),
            "{found:?}"
        );
    }

    #[test]
    fn tags_an_english_news_sentence() {
        let text = "Colonel Ryan Dillon, a spokesman for the US-led coalition, told the BBC \
                    in Baghdad on Monday that the convoy had left Raqqa for the Turkish border.";
        let doc = Doc::new(text, "en");
        let found = mentions(&doc);
        assert!(has(&found, "Ryan Dillon", EntityType::PER), "{found:?}");
        assert!(has(&found, "BBC", EntityType::ORG), "{found:?}");
        assert!(has(&found, "Baghdad", EntityType::LOC), "{found:?}");
        // `Raqqa` is not among GloVe's 200k words; the context alone does not settle its type.
        assert!(found.iter().any(|&(t, _)| t == "Raqqa"), "{found:?}");
        assert!(has(&found, "Turkish", EntityType::MISC), "{found:?}");
    }

    #[test]
    fn language_without_a_model_gets_nothing() {
        let doc = Doc::new("Emmanuel Macron est arrivé à Paris.", "xx");
        assert!(tag(&doc, models()).is_empty());
    }

    /// A floor on the dev sets (the first 40 documents), when the shared data is there.
    #[test]
    fn dev_set_floor() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner");
        if !root.is_dir() {
            eprintln!("skipping dev_set_floor: {} is absent", root.display());
            return;
        }
        for (lang, file, floor) in [
            ("nl", "conll2002-nl/ned.testa", 0.83),
            ("en", "conll2003-en/eng.testa", 0.90),
        ] {
            let text = std::fs::read_to_string(root.join(file)).expect("dev set readable");
            let mut docs = conll::parse(&text).expect("dev set parses");
            docs.truncate(40);
            let tagger = models().get(lang).expect("model");
            let score = conll::evaluate(tagger, &docs);
            let f1 = score.overall.f1();
            assert!(f1 >= floor, "{lang}: F1 {f1:.4} below {floor}\n{score}");
        }
    }
}
