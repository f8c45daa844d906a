//! The `analyse` stage: from a cleaned article to a `dossier/1` record.
//!
//! One analyser per module, each a function of the tokenised article ([`dossier_text::Doc`])
//! and its read-only resources, returning the items of one contract field with exact spans.
//! Words and patterns per language live in `data/`, loaded once into [`Resources`].
//! This crate reads no articles and stores nothing.

pub mod entities;
pub mod ner;
pub mod numbers;
mod phrases;
mod pipeline;
pub mod places;
pub mod quantities;
pub mod quotes;
mod resources;
pub mod sources;
pub mod times;

pub use pipeline::analyse;
pub use resources::Resources;
