//! `dossier serve`: the HTTP API and web UI over the store (see the `dossier-server` crate).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use dossier_server::{App, ServeConfig};

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. The default serves this machine only; anything else exposes the
    /// store to the network without TLS or read authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Store directory.
    #[arg(long, env = "DOSSIER_HOME", default_value = "dossier-data")]
    pub home: PathBuf,
    /// Enables `POST /api/articles` for clients sending `Authorization: Bearer TOKEN`; the
    /// server then holds the store's write lock (no `dossier ingest` alongside).
    #[arg(long, env = "DOSSIER_INGEST_TOKEN", value_name = "TOKEN")]
    pub ingest_token: Option<String>,
    /// Largest upload accepted, in bytes.
    #[arg(long, default_value_t = 20 * 1024 * 1024, value_name = "BYTES")]
    pub max_upload: usize,
}

pub fn serve(a: ServeArgs) -> anyhow::Result<ExitCode> {
    if let Some(t) = &a.ingest_token
        && t.trim().len() < 8
    {
        anyhow::bail!("--ingest-token must have at least 8 characters");
    }
    let mut config = ServeConfig::new(a.home.clone());
    config.ingest_token = a.ingest_token.map(|t| t.trim().to_string());
    config.limits.max_upload_bytes = a.max_upload;
    let uploads = config.ingest_token.is_some();
    let app =
        App::open(config).with_context(|| format!("opening the store in {}", a.home.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(a.addr)
            .await
            .with_context(|| format!("listening on {}", a.addr))?;
        let local = listener.local_addr().unwrap_or(a.addr);
        if !local.ip().is_loopback() {
            eprintln!("warning: serving on {local}, reachable from other machines");
        }
        eprintln!(
            "dossier serving {} on http://{local}/ (API at /api, uploads {})",
            a.home.display(),
            if uploads { "enabled" } else { "disabled" }
        );
        app.serve(listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
