//! A pool of read-only store handles. A handle holds a SQLite connection, which one thread
//! at a time may use, so each request borrows one and runs its store calls on tokio's
//! blocking threads; the pool's size bounds how many run at once.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dossier_store::EmbeddedStore;
use tokio::sync::Semaphore;

use crate::error::ApiError;

pub struct StorePool {
    dir: PathBuf,
    idle: Mutex<Vec<EmbeddedStore>>,
    permits: Arc<Semaphore>,
}

impl StorePool {
    /// Opens `size` read-only handles on the store in `dir`.
    pub fn open(dir: PathBuf, size: usize) -> Result<Self, dossier_store::StoreError> {
        let size = size.max(1);
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(EmbeddedStore::open_read_only(&dir)?);
        }
        Ok(StorePool {
            dir,
            idle: Mutex::new(idle),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `f` with a store handle on a blocking thread, waiting for a free handle.
    pub async fn run<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&EmbeddedStore) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let _permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("store pool closed"))?;
        let store = self.take()?;
        let joined = tokio::task::spawn_blocking(move || {
            let r = f(&store);
            (store, r)
        })
        .await;
        match joined {
            Ok((store, r)) => {
                self.give_back(store);
                r
            }
            // The handle went down with the panicking task; `take` opens a fresh one later.
            Err(e) => Err(ApiError::internal(format!("request failed: {e}"))),
        }
    }

    fn take(&self) -> Result<EmbeddedStore, ApiError> {
        let popped = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        match popped {
            Some(s) => Ok(s),
            None => EmbeddedStore::open_read_only(&self.dir).map_err(ApiError::from),
        }
    }

    fn give_back(&self, store: EmbeddedStore) {
        if let Ok(mut v) = self.idle.lock() {
            v.push(store);
        }
    }
}
