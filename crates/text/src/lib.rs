//! Text primitives for Dossier: which language an article is in, its tokens and sentences.
//!
//! Tokens are byte ranges into the article text, never copies; [`Doc`] bundles them with
//! sentences, paragraphs and a byte→code-point map so analysers can emit contract spans.
//! Language knowledge (abbreviations, elisions) is data under `data/lang/<code>/`, found
//! through [`data_dir`]. This crate does not read articles or extract anything from them.

mod data;
mod doc;
mod lang;
mod rules;
mod sentence;
mod token;

pub use data::{DataError, data_dir, load_toml, read_data};
pub use doc::{Doc, Sentence};
pub use lang::{LangGuess, detect_language};
pub use rules::{LangRules, rules_for};
pub use sentence::split_sentences;
pub use token::{Token, TokenKind, tokenize};
