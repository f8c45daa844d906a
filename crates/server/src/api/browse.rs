//! Lists built from the aggregates: entities, places, quotes and speakers.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use dossier_model::{EntityType, QuoteKind};
use serde::Deserialize;

use super::{Params, paging, text_param, with_catalog};
use crate::app::App;
use crate::catalog::{Period, QuoteFilter};
use crate::error::ApiError;
use crate::export::{ExportFormat, respond};
use crate::types::{EntityDetail, EntityList, PlaceList, QuoteList, SpeakerList};

#[derive(Deserialize)]
pub struct EntityParams {
    q: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn entities(
    State(app): State<App>,
    Params(p): Params<EntityParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = paging(&app, p.limit, p.offset, 50)?;
    let q = text_param(&app, "q", p.q, false)?;
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(EntityType::parse(k).ok_or_else(|| {
            ApiError::bad_request(format!("type={k:?}: use PER, ORG, LOC or MISC"))
        })?),
    };
    let (total, items) =
        with_catalog(&app, move |c| c.entities(q.as_deref(), kind, offset, limit)).await?;
    let page = EntityList {
        total,
        offset,
        limit,
        items,
    };
    Ok(respond(p.format, "entities", &page, &page.items))
}

pub async fn entity(
    State(app): State<App>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<EntityDetail>, ApiError> {
    let Path(id) = path.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let key = id.clone();
    with_catalog(&app, move |c| c.entity(&key))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no entity with id {id:?}")))
}

#[derive(Deserialize)]
pub struct PlaceParams {
    q: Option<String>,
    country: Option<String>,
    since: Option<String>,
    until: Option<String>,
    story: Option<i64>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn places(
    State(app): State<App>,
    Params(p): Params<PlaceParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = paging(&app, p.limit, p.offset, 100)?;
    let q = text_param(&app, "q", p.q, false)?;
    let country = text_param(&app, "country", p.country, false)?;
    let period =
        Period::parse(p.since.as_deref(), p.until.as_deref()).map_err(ApiError::bad_request)?;
    // `story`: only the places of that story's articles.
    let only = match p.story {
        Some(id) => Some(super::stories::member_ids(&app, id).await?),
        None => None,
    };
    let (total, items) = with_catalog(&app, move |c| {
        c.places(
            &period,
            country.as_deref(),
            q.as_deref(),
            only.as_ref(),
            offset,
            limit,
        )
    })
    .await?;
    let page = PlaceList {
        total,
        offset,
        limit,
        items,
    };
    Ok(respond(p.format, "places", &page, &page.items))
}

#[derive(Deserialize)]
pub struct QuoteParams {
    q: Option<String>,
    speaker: Option<String>,
    entity: Option<String>,
    article: Option<String>,
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn quotes(
    State(app): State<App>,
    Params(p): Params<QuoteParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = paging(&app, p.limit, p.offset, 50)?;
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            serde_json::from_value::<QuoteKind>(serde_json::Value::String(k.to_lowercase()))
                .map_err(|_| {
                    ApiError::bad_request(format!("kind={k:?}: use direct, indirect or pull"))
                })?,
        ),
    };
    let filter = QuoteFilter {
        speaker: text_param(&app, "speaker", p.speaker, false)?,
        entity: text_param(&app, "entity", p.entity, false)?,
        article: text_param(&app, "article", p.article, false)?,
        kind,
        text: text_param(&app, "q", p.q, false)?,
    };
    let (total, items) = with_catalog(&app, move |c| c.quotes(&filter, offset, limit)).await?;
    let page = QuoteList {
        total,
        offset,
        limit,
        items,
    };
    Ok(respond(p.format, "quotes", &page, &page.items))
}

#[derive(Deserialize)]
pub struct SpeakerParams {
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

pub async fn speakers(
    State(app): State<App>,
    Params(p): Params<SpeakerParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = paging(&app, p.limit, p.offset, 50)?;
    let q = text_param(&app, "q", p.q, false)?;
    let (total, items) =
        with_catalog(&app, move |c| c.speakers(q.as_deref(), offset, limit)).await?;
    let page = SpeakerList {
        total,
        offset,
        limit,
        items,
    };
    Ok(respond(p.format, "speakers", &page, &page.items))
}
