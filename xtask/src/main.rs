//! `cargo xtask ...`: regenerate Dossier's data files and train its models. Not part of the
//! product binary; every file under `data/` says in `data/SOURCES.md` which task made it.

mod gazetteer;
mod ner;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Train the NER taggers from the CoNLL and other training sets into data/ner/.
    TrainNer(ner::Args),
    /// Compile the gazetteer and alias tables from GeoNames and country-name sources.
    BuildGazetteer(gazetteer::Args),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().task {
        Task::TrainNer(a) => ner::run(a),
        Task::BuildGazetteer(a) => gazetteer::run(a),
    }
}
