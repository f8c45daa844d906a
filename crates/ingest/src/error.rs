use std::fmt;

/// What went wrong with one input; the run goes on with the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadProblem {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("empty file")]
    Empty,
    #[error("binary data, not text ({0})")]
    Binary(String),
    #[error("invalid UTF-8 at byte {offset}: the file mixes encodings or is corrupt")]
    InvalidUtf8 { offset: usize },
    #[error("too large: {size} bytes, over the limit of {limit} bytes (see --max-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("no article text: {0}")]
    NoText(String),
    #[error("malformed {format}: {message}")]
    Format {
        format: &'static str,
        message: String,
    },
}

/// A problem with one named input (a file, a line of a JSONL file, a feed item, a WARC record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The input as the user would name it: `path`, `path:LINE`, `path#ITEM`, `-`.
    pub input: String,
    pub problem: ReadProblem,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.problem)
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    pub fn new(input: impl Into<String>, problem: ReadProblem) -> Self {
        ReadError {
            input: input.into(),
            problem,
        }
    }
}
