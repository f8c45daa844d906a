//! Uploads: one thread owns the store opened for writing (the store allows one writer) and
//! reads, cleans, analyses and stores what `POST /api/articles` hands it, one upload at a
//! time. Requests wait for its answer; reads never wait for it.

use std::path::Path;
use std::sync::{Arc, mpsc};

use dossier_extract::{Resources, analyse};
use dossier_ingest::{ReadOptions, clean, clean_rules, read_bytes};
use dossier_model::Record;
use dossier_store::{EmbeddedStore, RecordStore};
use tokio::sync::oneshot;

use crate::error::{ApiError, ServerError};
use crate::types::{UploadProblem, UploadReport, UploadedRecord};

struct Job {
    name: String,
    uri: String,
    bytes: axum::body::Bytes,
    reply: oneshot::Sender<Result<(UploadReport, Vec<Record>), String>>,
}

pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Opens the store for writing (creating it if needed) and loads the analysers' resources,
    /// so that a missing data file or a store locked by `dossier ingest` shows at start.
    pub fn start(home: &Path, max_size: u64) -> Result<Writer, ServerError> {
        let mut store = EmbeddedStore::open(home)?;
        let res = Resources::shared().map_err(|e| ServerError::Resources(e.to_string()))?;
        let rules = clean_rules().map_err(|e| ServerError::Resources(e.to_string()))?;
        let opts = ReadOptions { max_size };
        // Uploads join stories and claims as `dossier ingest` does.
        let mut relations = dossier_store::SqliteRelations::open(home)?;
        let lex =
            dossier_relate::Lexicon::shared().map_err(|e| ServerError::Resources(e.to_string()))?;
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dossier-writer".into())
            .spawn(move || {
                for job in rx {
                    let out = store_upload(
                        &mut store, &job.name, &job.uri, &job.bytes, &opts, &res, &rules,
                    );
                    if let Ok((_, records)) = &out {
                        relate(&mut relations, &lex, records);
                    }
                    let _ = job.reply.send(out);
                }
            })?;
        Ok(Writer { tx })
    }

    /// Analyses and stores one upload; returns the report and the records read.
    pub async fn submit(
        &self,
        name: String,
        uri: String,
        bytes: axum::body::Bytes,
    ) -> Result<(UploadReport, Vec<Record>), ApiError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job {
                name,
                uri,
                bytes,
                reply,
            })
            .map_err(|_| ApiError::internal("the store writer has stopped"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the store writer has stopped"))?
            .map_err(ApiError::internal)
    }
}

/// Relates stored records into stories and claims. A failure leaves the records stored and
/// searchable; ingesting them again relates them.
fn relate(
    relations: &mut dossier_store::SqliteRelations,
    lex: &Arc<dossier_relate::Lexicon>,
    records: &[Record],
) {
    if records.is_empty() {
        return;
    }
    let digests = records
        .iter()
        .map(|r| dossier_relate::digest(r, lex))
        .collect();
    if let Err(e) =
        dossier_relate::Relator::with_lexicon(relations, lex.clone()).update_digests(digests)
    {
        tracing::warn!("relating {} uploaded articles failed: {e}", records.len());
    }
}

fn store_upload(
    store: &mut EmbeddedStore,
    name: &str,
    uri: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    res: &Arc<Resources>,
    rules: &dossier_ingest::CleanRules,
) -> Result<(UploadReport, Vec<Record>), String> {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for doc in read_bytes(name, Some(uri), bytes, opts) {
        match doc.and_then(|d| {
            clean(&d, rules).map_err(|p| {
                dossier_ingest::ReadError::new(d.uri.clone().unwrap_or_else(|| name.into()), p)
            })
        }) {
            Ok(article) => records.push(analyse(&article, res)),
            Err(e) => errors.push(UploadProblem {
                input: e.input.clone(),
                message: e.problem.to_string(),
            }),
        }
    }
    let new = store
        .put_batch(&records)
        .map_err(|e| format!("writing to the store: {e}"))?;
    let n_new = new.iter().filter(|n| **n).count();
    let report = UploadReport {
        read: records.len(),
        new: n_new,
        present: records.len() - n_new,
        failed: errors.len(),
        records: records
            .iter()
            .zip(&new)
            .map(|(r, n)| UploadedRecord {
                id: r.id.clone(),
                title: r.meta.title.clone(),
                lang: r.lang.clone(),
                new: *n,
            })
            .collect(),
        errors,
    };
    Ok((report, records))
}
