//! Where records live: an embedded store in one directory, SQLite (WAL) for records and
//! tantivy for full text, behind the [`RecordStore`] trait so a server database can take its
//! place later. SQLite is the source of truth; the tantivy index is derived from it and
//! repaired from it on open, which is what makes an interrupted ingest safe.
//! This crate analyses nothing.

mod browse;
mod embedded;
mod error;
mod relate;
mod search;

pub use embedded::{EmbeddedStore, default_home};
pub use error::StoreError;
pub use relate::{
    AliasRow, ClaimQuery, ClaimRow, MemberRow, MentionRow, RelationStore, RelationUpdate,
    SqliteRelations, StoryRow,
};
pub use search::{Hit, SearchQuery, SearchResults};

use dossier_model::Record;

/// Counts of the store's contents.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct StoreStats {
    pub records: u64,
    pub by_lang: Vec<(String, u64)>,
    pub by_source: Vec<(String, u64)>,
    pub by_month: Vec<(String, u64)>,
    pub by_format: Vec<(String, u64)>,
}

/// What a store of records can do, whatever holds it.
pub trait RecordStore {
    /// Stores records not yet present; returns, per record, whether it was new.
    fn put_batch(&mut self, records: &[Record]) -> Result<Vec<bool>, StoreError>;
    /// Whether a record with this id is stored.
    fn contains(&self, id: &str) -> Result<bool, StoreError>;
    /// The record with this id, or with this unique id prefix.
    fn get(&self, id: &str) -> Result<Option<Record>, StoreError>;
    fn search(&self, query: &SearchQuery) -> Result<SearchResults, StoreError>;
    fn stats(&self) -> Result<StoreStats, StoreError>;
    /// Every record id with its publication date, oldest first.
    fn ids(&self) -> Result<Vec<String>, StoreError>;
}
