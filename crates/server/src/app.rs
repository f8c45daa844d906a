use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use dossier_store::{EmbeddedStore, RecordStore};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::catalog::Catalog;
use crate::error::{ApiError, ServerError};
use crate::pool::StorePool;
use crate::upload::Writer;

/// Limits that keep one client from tying up the server.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest `limit` of a page (search hits, entities, places, quotes).
    pub max_page: usize,
    /// Largest `offset` into a list.
    pub max_offset: usize,
    /// Longest search query, in characters (filters get a tenth of it).
    pub max_query_chars: usize,
    /// Largest upload body, in bytes.
    pub max_upload_bytes: usize,
    /// Most articles counted for a search's facets.
    pub max_facet_articles: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_page: 1000,
            max_offset: 100_000,
            max_query_chars: 1000,
            max_upload_bytes: 20 * 1024 * 1024,
            max_facet_articles: 200_000,
        }
    }
}

/// How to serve a store.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub home: PathBuf,
    /// When set, `POST /api/articles` accepts uploads bearing this token.
    pub ingest_token: Option<String>,
    pub limits: Limits,
    /// Read-only store handles; requests beyond this many wait.
    pub readers: usize,
    /// How often to look for records written by other processes.
    pub refresh_every: Duration,
}

impl ServeConfig {
    pub fn new(home: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeConfig {
            home,
            ingest_token: None,
            limits: Limits::default(),
            readers: (cores * 2).clamp(2, 16),
            refresh_every: Duration::from_secs(2),
        }
    }
}

/// The shared state of a running server: store handles, aggregates and the upload writer.
#[derive(Clone)]
pub struct App(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub pool: StorePool,
    pub catalog: RwLock<Catalog>,
    pub writer: Option<Writer>,
    pub token: Option<String>,
    pub limits: Limits,
    pub openapi: String,
    /// The store directory, for the stories and claims read per request.
    pub home: std::path::PathBuf,
    /// A handle of its own for noticing writes by other processes (see `refresh`).
    watcher: Mutex<(EmbeddedStore, i64)>,
    refresh_every: Duration,
}

impl App {
    /// Opens the store (creating it when uploads are enabled and it does not exist yet) and
    /// builds the aggregates over every record.
    pub fn open(config: ServeConfig) -> Result<App, ServerError> {
        let writer = match &config.ingest_token {
            Some(_) => Some(Writer::start(
                &config.home,
                config.limits.max_upload_bytes as u64,
            )?),
            None => None,
        };
        let watcher = EmbeddedStore::open_read_only(&config.home)?;
        let version = watcher.data_version()?;
        let mut catalog = Catalog::default();
        let started = std::time::Instant::now();
        watcher.for_each_record(|r| {
            catalog.add(&r);
            Ok(())
        })?;
        catalog.finish();
        tracing::info!(
            "aggregated {} records in {:.2}s",
            catalog.records(),
            started.elapsed().as_secs_f64()
        );
        let pool = StorePool::open(config.home.clone(), config.readers)?;
        Ok(App(Arc::new(Inner {
            pool,
            catalog: RwLock::new(catalog),
            writer,
            token: config.ingest_token,
            limits: config.limits,
            openapi: crate::openapi::document_string(),
            home: config.home.clone(),
            watcher: Mutex::new((watcher, version)),
            refresh_every: config.refresh_every,
        })))
    }

    pub fn uploads_enabled(&self) -> bool {
        self.0.writer.is_some()
    }

    pub(crate) fn catalog(&self) -> Result<RwLockReadGuard<'_, Catalog>, ApiError> {
        self.0
            .catalog
            .read()
            .map_err(|_| ApiError::internal("aggregates unavailable after a failed update"))
    }

    pub(crate) fn add_records(&self, records: &[dossier_model::Record]) {
        if let Ok(mut c) = self.0.catalog.write() {
            let mut added = false;
            for r in records {
                added |= c.add(r);
            }
            if added {
                c.finish();
            }
        }
    }

    /// Adds records that other processes (`dossier ingest`) stored since the last look.
    /// Returns how many were new.
    pub fn refresh(&self) -> Result<usize, ServerError> {
        let Ok(mut w) = self.0.watcher.lock() else {
            return Ok(0);
        };
        let version = w.0.data_version()?;
        if version == w.1 {
            return Ok(0);
        }
        w.1 = version;
        let ids = w.0.ids()?;
        let missing: Vec<String> = {
            let Ok(c) = self.0.catalog.read() else {
                return Ok(0);
            };
            ids.into_iter().filter(|id| !c.contains(id)).collect()
        };
        let mut records = Vec::with_capacity(missing.len());
        for id in &missing {
            if let Some(r) = w.0.get(id)? {
                records.push(r);
            }
        }
        self.add_records(&records);
        Ok(records.len())
    }

    /// The routes: the JSON API under `/api`, the web UI everywhere else.
    pub fn router(&self) -> Router {
        let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";
        Router::new()
            .nest("/api", crate::api::routes())
            .merge(crate::ui::routes())
            .layer(DefaultBodyLimit::max(self.0.limits.max_upload_bytes))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(csp),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("DENY"),
            ))
            .layer(TraceLayer::new_for_http())
            .with_state(self.clone())
    }

    /// Serves until `shutdown` completes, looking for new records in the background.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let watcher = self.clone();
        let every = self.0.refresh_every;
        let refresher = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let app = watcher.clone();
                match tokio::task::spawn_blocking(move || app.refresh()).await {
                    Ok(Ok(n)) if n > 0 => tracing::info!("{n} new records from the store"),
                    Ok(Err(e)) => tracing::warn!("looking for new records: {e}"),
                    _ => {}
                }
            }
        });
        let router = self.router();
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        refresher.abort();
        served.map_err(ServerError::Io)
    }
}
