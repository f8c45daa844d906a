//! `dossier`: the command-line front of Dossier. Data on stdout, messages on stderr; exit code
//! 0 when all went well, 1 when some inputs failed (each reported), 2 on a usage error.

mod cmd;
mod eval;
mod output;
mod relate;
mod run;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Turns news articles into structured, source-linked knowledge and cross-checks claims across sources."
)]
struct Cli {
    /// More messages on stderr (-v: info, -vv: debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print one dossier/1 record per article (stateless).
    Extract(cmd::ExtractArgs),
    /// Analyse articles into the store ($DOSSIER_HOME, default ./dossier-data).
    Ingest(cmd::IngestArgs),
    /// Full-text search of the store (Dutch and English stemming, "phrases", filters).
    Search(cmd::SearchArgs),
    /// Print a stored record by id (or unique id prefix).
    Show(cmd::ShowArgs),
    /// Counts of stored articles per language, source and month.
    Stats(cmd::StatsArgs),
    /// Ingest the bundled example articles into a temporary store and report what was found.
    Demo(cmd::DemoArgs),
    /// Stories: articles about one event, across outlets and languages.
    Stories(relate::StoriesArgs),
    /// One story: its timeline, places, actors, claims with verdicts and who said what.
    Story(relate::StoryArgs),
    /// Claims across stories, with verdicts: corroborated, consistent, contradicted, single-source.
    Claims(relate::ClaimsArgs),
    /// One entity: its names and aliases, mentions over time, quotes by and about it.
    Entity(relate::EntityArgs),
    /// Measure accuracy: NER, figures and dates (peer specs), quotes, HTML extraction, geocoding,
    /// story clustering, cross-document entities.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Print the JSON Schema of the dossier/1 record.
    Schema,
    /// Serve the store over HTTP: a JSON API and a web UI (loopback by default).
    Serve(serve::ServeArgs),
}

/// Where the store lives, shared by the verbs that use it.
#[derive(clap::Args, Clone)]
pub struct HomeArg {
    /// Store directory.
    #[arg(long, env = "DOSSIER_HOME", default_value = "dossier-data")]
    pub home: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let result = match cli.command {
        Command::Extract(a) => cmd::extract(a),
        Command::Ingest(a) => cmd::ingest(a),
        Command::Search(a) => cmd::search(a),
        Command::Show(a) => cmd::show(a),
        Command::Stats(a) => cmd::stats(a),
        Command::Demo(a) => cmd::demo(a),
        Command::Stories(a) => relate::stories(a),
        Command::Story(a) => relate::story(a),
        Command::Claims(a) => relate::claims(a),
        Command::Entity(a) => relate::entity(a),
        Command::Eval(e) => eval::run(e),
        Command::Schema => cmd::schema(),
        Command::Serve(a) => serve::serve(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
}
