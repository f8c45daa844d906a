use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Evaluation data.
    pub path: PathBuf,
}

pub fn run(_a: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this evaluation is not built yet")
}
