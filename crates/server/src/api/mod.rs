//! The JSON API under `/api`, one module per kind of resource. Every answer is JSON (or a
//! CSV download when asked); every error is an [`ErrorBody`](crate::types::ErrorBody).
//! Stories and claims are read from the relate stage's tables, per request.

mod articles;
mod browse;
mod search;
mod stories;

use axum::Json;
use axum::Router;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dossier_model::SCHEMA;
use dossier_store::RecordStore;
use serde::de::DeserializeOwned;

use crate::app::App;
use crate::error::ApiError;
use crate::types::{Count, Health, StoreStats};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/health", get(health))
        .route("/stats", get(stats))
        .route("/openapi.json", get(openapi))
        .route("/search", get(search::search))
        .route("/search/facets", get(search::facets))
        .route("/articles", post(articles::upload))
        .route("/articles/{id}", get(articles::article))
        .route("/entities", get(browse::entities))
        .route("/entities/{id}", get(browse::entity))
        .route("/places", get(browse::places))
        .route("/quotes", get(browse::quotes))
        .route("/speakers", get(browse::speakers))
        .route("/stories", get(stories::stories))
        .route("/stories/{id}", get(stories::story))
        .route("/claims", get(stories::claims))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/openapi.json")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this endpoint; see /api/openapi.json",
    )
}

/// Query parameters whose parse errors are answered as JSON errors.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| Params(t))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// Checks `limit` (1..=max, default `default`) and `offset` against the server's limits.
pub(crate) fn paging(
    app: &App,
    limit: Option<usize>,
    offset: Option<usize>,
    default: usize,
) -> Result<(usize, usize), ApiError> {
    let l = &app.0.limits;
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > l.max_page {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {}",
            l.max_page
        )));
    }
    let offset = offset.unwrap_or(0);
    if offset > l.max_offset {
        return Err(ApiError::bad_request(format!(
            "offset must be at most {}",
            l.max_offset
        )));
    }
    Ok((limit, offset))
}

/// Checks a free-text parameter's length; filters get a tenth of the query's allowance.
pub(crate) fn text_param(
    app: &App,
    name: &str,
    value: Option<String>,
    is_query: bool,
) -> Result<Option<String>, ApiError> {
    let max = if is_query {
        app.0.limits.max_query_chars
    } else {
        (app.0.limits.max_query_chars / 10).max(50)
    };
    match value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    {
        Some(v) if v.chars().count() > max => Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("{name} is longer than {max} characters"),
        )),
        other => Ok(other),
    }
}

/// Runs `f` over the aggregates on a blocking thread (large lists take milliseconds).
pub(crate) async fn with_catalog<R: Send + 'static>(
    app: &App,
    f: impl FnOnce(&crate::catalog::Catalog) -> R + Send + 'static,
) -> Result<R, ApiError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.catalog().map(|c| f(&c)))
        .await
        .map_err(|e| ApiError::internal(format!("request failed: {e}")))?
}

async fn health(State(app): State<App>) -> Result<Json<Health>, ApiError> {
    let records = app.catalog()?.records() as u64;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        schema: SCHEMA.into(),
        records,
        uploads: app.uploads_enabled(),
    }))
}

async fn stats(State(app): State<App>) -> Result<Json<StoreStats>, ApiError> {
    let s = app.0.pool.run(|s| Ok(s.stats()?)).await?;
    let (entities, places, quotes, speakers) = app.catalog()?.counts();
    let counts = |v: Vec<(String, u64)>| -> Vec<Count> {
        v.into_iter()
            .map(|(value, count)| Count { value, count })
            .collect()
    };
    Ok(Json(StoreStats {
        records: s.records,
        entities,
        places,
        quotes,
        speakers,
        by_lang: counts(s.by_lang),
        by_source: counts(s.by_source),
        by_month: counts(s.by_month),
        by_format: counts(s.by_format),
    }))
}

async fn openapi(State(app): State<App>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        app.0.openapi.clone(),
    )
        .into_response()
}
