use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use dossier_extract::ner::{Tagger, conll};

#[derive(clap::Args)]
pub struct Args {
    /// Language of the tagger to evaluate (ISO 639-1).
    #[arg(long)]
    pub lang: String,
    /// Evaluation data in CoNLL format (`token ... tag`, blank lines between sentences).
    pub path: PathBuf,
    /// Score only the first N documents.
    #[arg(long)]
    pub docs: Option<usize>,
}

/// Prints conlleval-style precision/recall/F1 per type and overall, and tagging speed
/// (features + decoding, one thread, model loading excluded).
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&a.path)
        .with_context(|| format!("reading {}", a.path.display()))?;
    let mut docs = conll::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", a.path.display()))?;
    if let Some(n) = a.docs {
        docs.truncate(n);
    }
    let t = Instant::now();
    let tagger = Tagger::load(&format!("ner/{}", a.lang))
        .with_context(|| format!("no NER model for language {:?}", a.lang))?;
    let load = t.elapsed();
    let t = Instant::now();
    let score = conll::evaluate(&tagger, &docs);
    let secs = t.elapsed().as_secs_f64();
    print!("{score}");
    println!(
        "speed: {} tokens in {:.2}s = {:.0} tokens/s (one thread); model loaded in {:.0} ms",
        score.tokens,
        secs,
        score.tokens as f64 / secs.max(1e-9),
        load.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}
