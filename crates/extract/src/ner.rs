//! Named-entity recognition: a statistical tagger per language (PER, ORG, LOC, MISC).

use dossier_model::EntityType;
use dossier_text::{DataError, Doc};

/// A raw entity mention found by the tagger: a byte range into the text and its type.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    /// The tagger's confidence, 0..1.
    pub score: f32,
}

/// The trained taggers, one per language.
#[derive(Default)]
pub struct NerModels {}

impl NerModels {
    pub fn load() -> Result<Self, DataError> {
        Ok(NerModels {})
    }
}

/// Tags the named entities of a document.
pub fn tag(_doc: &Doc, _models: &NerModels) -> Vec<Mention> {
    Vec::new()
}
