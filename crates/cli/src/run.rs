//! Running the pipeline over inputs: read → clean → analyse, in parallel per file.

use std::path::PathBuf;

use dossier_extract::{Resources, analyse};
use dossier_ingest::{
    ReadError, ReadOptions, clean, clean_rules, read_file, read_inputs, read_stdin,
};
use dossier_model::Record;
use rayon::prelude::*;

/// What became of one input article.
pub enum Outcome {
    Record {
        record: Box<Record>,
        warnings: Vec<String>,
    },
    Failed(ReadError),
}

/// An input named on the command line: a file or directory, or `-` for standard input.
#[derive(Clone, Debug)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

/// Expands the command line's paths into inputs; unreadable paths come back as failures.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<ReadError>) {
    let mut inputs = Vec::new();
    let mut failed = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else {
            files.push(p.clone());
        }
    }
    for r in read_inputs(&files) {
        match r {
            Ok(p) => inputs.push(Input::Path(p)),
            Err(e) => failed.push(e),
        }
    }
    (inputs, failed)
}

/// Reads, cleans and analyses one input (a JSONL file or feed gives several outcomes).
pub fn process(input: &Input, opts: &ReadOptions, res: &Resources) -> Vec<Outcome> {
    let docs = match input {
        Input::Path(p) => read_file(p, opts),
        Input::Stdin => read_stdin(opts),
    };
    let rules = match clean_rules() {
        Ok(r) => r,
        Err(e) => {
            return vec![Outcome::Failed(ReadError::new(
                "data/cleaner.toml",
                dossier_ingest::ReadProblem::Io(e.to_string()),
            ))];
        }
    };
    docs.into_iter()
        .map(|d| match d {
            Err(e) => Outcome::Failed(e),
            Ok(doc) => {
                let name = doc.uri.clone().unwrap_or_else(|| "-".into());
                match clean(&doc, &rules) {
                    Ok(article) => Outcome::Record {
                        record: Box::new(analyse(&article, res)),
                        warnings: doc
                            .warnings
                            .iter()
                            .map(|w| format!("{name}: {w}"))
                            .collect(),
                    },
                    Err(p) => Outcome::Failed(ReadError::new(name, p)),
                }
            }
        })
        .collect()
}

/// Processes inputs in parallel, in chunks that keep the output in input order and memory
/// bounded; `each` sees every outcome of a chunk in order.
pub fn process_all(
    inputs: &[Input],
    opts: &ReadOptions,
    res: &Resources,
    mut each: impl FnMut(Vec<Outcome>, usize) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let chunk = (rayon::current_num_threads() * 16).max(16);
    for part in inputs.chunks(chunk) {
        let outcomes: Vec<Vec<Outcome>> = part.par_iter().map(|i| process(i, opts, res)).collect();
        each(outcomes.into_iter().flatten().collect(), part.len())?;
    }
    Ok(())
}
