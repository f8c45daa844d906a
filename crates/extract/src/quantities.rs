//! Figures: counts, amounts, ranges and measures with what they count.

use dossier_model::Quantity;
use dossier_text::{DataError, Doc};

/// Number words, modifiers, vague amounts, units and counted-noun categories per language.
#[derive(Default)]
pub struct QuantityLexicons {}

impl QuantityLexicons {
    pub fn load() -> Result<Self, DataError> {
        Ok(QuantityLexicons {})
    }
}

/// Finds the figures of a document.
pub fn extract(_doc: &Doc, _lex: &QuantityLexicons) -> Vec<Quantity> {
    Vec::new()
}
