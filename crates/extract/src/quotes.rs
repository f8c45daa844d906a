//! Quotations: direct, indirect and pull quotes with their speakers.

use dossier_model::{Entity, Meta, Quote};
use dossier_text::{DataError, Doc};

/// Speech verbs, attribution cues, pronouns and role words per language.
#[derive(Default)]
pub struct QuoteLexicons {}

impl QuoteLexicons {
    pub fn load() -> Result<Self, DataError> {
        Ok(QuoteLexicons {})
    }
}

/// Finds the quotations of a document and who said them.
pub fn extract(_doc: &Doc, _entities: &[Entity], _meta: &Meta, _lex: &QuoteLexicons) -> Vec<Quote> {
    Vec::new()
}
