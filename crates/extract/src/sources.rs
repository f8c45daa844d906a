//! In-text sources: who the article says its information came from.

use dossier_model::{Entity, Meta, SourceRef};
use dossier_text::Doc;

use crate::quotes::QuoteLexicons;

/// Finds the in-text attributions of a document (`zo vertelden getuigen aan de BBC`).
pub fn extract(
    _doc: &Doc,
    _entities: &[Entity],
    _meta: &Meta,
    _lex: &QuoteLexicons,
) -> Vec<SourceRef> {
    Vec::new()
}
