//! Stories and claims, as the relate stage stored them at ingest: the list of stories, one
//! story's report (timeline, claims with verdicts, who said what) and claim groups across
//! stories. Each request opens the relation tables read-only; SQLite makes that cheap.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use dossier_relate::report::{self, ClaimFilter, ClaimListing, StoryReport};
use dossier_store::SqliteRelations;
use serde::Deserialize;

use super::{Params, paging, text_param};
use crate::app::App;
use crate::error::ApiError;
use crate::export::{ExportFormat, respond};
use crate::types::{ClaimList, StoryList};

/// Runs `f` on the store's relation tables on a blocking thread.
async fn with_relations<R: Send + 'static>(
    app: &App,
    f: impl FnOnce(&SqliteRelations) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    let home = app.0.home.clone();
    tokio::task::spawn_blocking(move || {
        let db = SqliteRelations::open_read_only(&home)?;
        f(&db)
    })
    .await
    .map_err(|e| ApiError::internal(format!("request failed: {e}")))?
}

/// The record ids of a story's articles (404 when there is no such story).
pub(crate) async fn member_ids(
    app: &App,
    id: i64,
) -> Result<std::collections::HashSet<String>, ApiError> {
    let ids = with_relations(app, move |db| {
        use dossier_store::RelationStore;
        Ok(db
            .members(id)?
            .into_iter()
            .map(|m| m.record_id)
            .collect::<std::collections::HashSet<String>>())
    })
    .await?;
    if ids.is_empty() {
        return Err(ApiError::not_found(format!("no story {id}")));
    }
    Ok(ids)
}

fn relate_error(e: dossier_relate::RelateError) -> ApiError {
    ApiError::internal(format!("reading stories: {e}"))
}

#[derive(Deserialize)]
pub struct StoryParams {
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn stories(
    State(app): State<App>,
    Params(p): Params<StoryParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = paging(&app, p.limit, p.offset, 50)?;
    let (total, items) = with_relations(&app, move |db| {
        use dossier_store::RelationStore;
        let total = db.story_count()? as usize;
        let items = report::stories(db, limit, offset).map_err(relate_error)?;
        Ok((total, items))
    })
    .await?;
    let page = StoryList {
        total,
        offset,
        limit,
        items,
    };
    Ok(respond(p.format, "stories", &page, &page.items))
}

pub async fn story(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Json<StoryReport>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("story id {id:?} is not a number")))?;
    let r = with_relations(&app, move |db| report::story(db, id).map_err(relate_error)).await?;
    r.map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

#[derive(Deserialize)]
pub struct ClaimParams {
    story: Option<i64>,
    entity: Option<String>,
    #[serde(default)]
    contradicted: bool,
    limit: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn claims(
    State(app): State<App>,
    Params(p): Params<ClaimParams>,
) -> Result<Response, ApiError> {
    let (limit, _) = paging(&app, p.limit, None, 100)?;
    let filter = ClaimFilter {
        story: p.story,
        entity: text_param(&app, "entity", p.entity, false)?,
        contradicted: p.contradicted,
        limit,
    };
    let items: Vec<ClaimListing> = with_relations(&app, move |db| {
        report::claims(db, &filter).map_err(relate_error)
    })
    .await?;
    let page = ClaimList {
        total: items.len(),
        offset: 0,
        limit,
        items,
    };
    Ok(respond(p.format, "claims", &page, &page.items))
}
