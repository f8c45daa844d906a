use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {dir}: {message}")]
    Open { dir: PathBuf, message: String },
    #[error("store database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("bad query {query:?}: {message}")]
    Query { query: String, message: String },
    #[error("record {id}: {message}")]
    Record { id: String, message: String },
    #[error("id prefix {0:?} matches more than one record; give more characters")]
    Ambiguous(String),
}
