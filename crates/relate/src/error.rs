use dossier_store::StoreError;
use dossier_text::DataError;

/// What can go wrong while relating articles.
#[derive(Debug, thiserror::Error)]
pub enum RelateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("story {story}: stored {what} does not parse: {message}")]
    Stored {
        story: i64,
        what: &'static str,
        message: String,
    },
    #[error("corpus {path}: {message}")]
    Corpus {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("could not encode {what}: {message}")]
    Encode { what: &'static str, message: String },
}
