//! The `dossier/1` record: the public contract between Dossier's stages and its users.
//!
//! Plain data types (serde + JSON Schema), the schema version, stable content ids and span
//! helpers. This crate does no I/O and knows nothing about how items are found.

mod id;
mod record;
mod span;

pub use id::{content_id, normalise_for_id};
pub use record::*;
pub use span::{CharMap, Span};

/// The schema tag every record carries; bump it when a field is renamed or removed.
pub const SCHEMA: &str = "dossier/1";

/// The JSON Schema of a record, derived from the types so it cannot drift from them.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Record)).expect("schema serialises")
}
