//! `dossier eval ...`: accuracy figures, each computed by the library that owns the analyser
//! and printed here.

mod geo;
mod html;
mod ner;
mod quotes;
mod specs;

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
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Ner(a) => ner::run(a),
        EvalCommand::Specs(a) => specs::run(a),
        EvalCommand::Quotes(a) => quotes::run(a),
        EvalCommand::Html(a) => html::run(a),
        EvalCommand::Geo(a) => geo::run(a),
    }
}
