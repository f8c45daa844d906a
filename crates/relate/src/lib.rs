//! Dossier across articles: stories (articles about one event, in any language), one identity
//! per entity (curated ids plus aliases the articles themselves show), and claims (what
//! figures and quotes assert) aligned within a story and judged: corroborated by independent
//! origins, consistent, contradicted, or resting on a single source however often repeated.
//!
//! Relating is incremental: [`Relator::update`] takes the records of one ingest batch and
//! changes only the stories they join. Storage is behind [`dossier_store::RelationStore`];
//! language knowledge (what figures count, event words, cues) is data under `data/claims/`
//! and `data/lang/<code>/claims.toml`. This crate reads records; it extracts nothing from
//! text that the analysers already give.

mod align;
mod claims;
pub mod corpora;
mod digest;
mod error;
mod lexicon;
mod norm;
mod relator;
pub mod report;
mod resolve;
pub mod score;
mod stories;
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;
mod verdict;

pub use align::{
    ClaimGroup, ClaimView, OriginView, PositionView, QuoteGroup, QuoteView, Statement, StoryClaims,
    align,
};
pub use claims::{
    ArticleClaims, Attribution, Figure, FigureClaim, QuoteClaim, extract as extract_claims,
};
pub use digest::{Digest, digest};
pub use error::RelateError;
pub use lexicon::Lexicon;
pub use relator::{Named, Relator, StorySummary, UpdateSummary};
pub use resolve::{AliasEvidence, Resolver};
pub use stories::Params;
pub use verdict::{Tolerance, Verdict, agree, judge};
