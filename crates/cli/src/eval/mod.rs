//! `dossier eval ...`: accuracy figures, each computed by the library that owns the analyser
//! and printed here.

mod geo;
mod html;
mod ner;
mod quotes;
mod specs;
mod stories;
mod xdoc;

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Named entities: conlleval-style P/R/F1 per type on a CoNLL file, and tokens/s.
    Ner(ner::Args),
    /// Figures, ranges, units, dates and durations against the peer specs (Recognizers-Text).
    Specs(specs::Args),
    /// Quotations and speakers against PolNeAR-style gold (and our Dutch annotations).
    Quotes(quotes::Args),
    /// HTML article-body extraction against a ground-truth benchmark.
    Html(html::Args),
    /// Geocoding: share of gold place mentions resolved to the right place.
    Geo(geo::Args),
    /// Story clustering on ECB+ (sub-topics as gold stories): B-cubed, MUC, CEAF-e, CoNLL F1.
    Stories(stories::Args),
    /// Cross-document and cross-language entity resolution on MEANTIME: B-cubed, CoNLL F1.
    Xdoc(xdoc::Args),
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Ner(a) => ner::run(a),
        EvalCommand::Specs(a) => specs::run(a),
        EvalCommand::Quotes(a) => quotes::run(a),
        EvalCommand::Html(a) => html::run(a),
        EvalCommand::Geo(a) => geo::run(a),
        EvalCommand::Stories(a) => stories::run(a),
        EvalCommand::Xdoc(a) => xdoc::run(a),
    }
}
