//! Turning input into articles: the `read` and `clean` stages of Dossier.
//!
//! Readers take bytes from files, directories, archives and standard input and yield
//! [`Document`]s (one per article: a text file, an HTML page, a JSONL line, a feed item, a WARC
//! response). The cleaner turns a document into an [`Article`]: `meta` plus the cleaned `text`
//! of the `dossier/1` contract, with site furniture (bylines, time stamps, credits, captions,
//! pull quotes, subheadings) moved out of the text. Nothing here analyses language content.

mod clean;
mod decode;
mod document;
mod error;
mod feed;
mod html;
mod jsonl;
mod read;
pub mod score;
mod warc_reader;

pub use clean::{CleanRules, clean, clean_rules};
pub use decode::{Decoded, decode};
pub use document::{Block, BlockKind, Body, Document, Draft};
pub use error::{ReadError, ReadProblem};
pub use html::{HtmlRules, explain_html, extract_html, extract_html_with, html_rules};
pub use read::{ReadOptions, read_bytes, read_file, read_inputs, read_stdin};
