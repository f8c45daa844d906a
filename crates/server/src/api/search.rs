use axum::extract::State;
use axum::response::Response;
use dossier_store::{RecordStore, SearchQuery};
use serde::Deserialize;

use super::{Params, paging, text_param, with_catalog};
use crate::app::App;
use crate::error::ApiError;
use crate::export::{ExportFormat, respond};
use crate::types::{Facets, SearchHit, SearchPage};

/// The CLI's `dossier search` arguments as query parameters.
#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    lang: Option<String>,
    since: Option<String>,
    until: Option<String>,
    source: Option<String>,
    entity: Option<String>,
    place: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[serde(default)]
    format: ExportFormat,
}

impl SearchParams {
    fn query(self, app: &App) -> Result<(SearchQuery, ExportFormat), ApiError> {
        let (limit, offset) = paging(app, self.limit, self.offset, 20)?;
        let f = |name: &str, v: Option<String>| text_param(app, name, v, false);
        Ok((
            SearchQuery {
                text: text_param(app, "q", self.q, true)?.unwrap_or_default(),
                lang: f("lang", self.lang)?,
                since: f("since", self.since)?,
                until: f("until", self.until)?,
                source: f("source", self.source)?,
                entity: f("entity", self.entity)?,
                place: f("place", self.place)?,
                limit,
                offset,
            },
            self.format,
        ))
    }
}

pub async fn search(
    State(app): State<App>,
    Params(p): Params<SearchParams>,
) -> Result<Response, ApiError> {
    let (q, format) = p.query(&app)?;
    let (text, limit, offset) = (q.text.clone(), q.limit, q.offset);
    let res = app.0.pool.run(move |s| Ok(s.search(&q)?)).await?;
    let hits: Vec<SearchHit> = res
        .hits
        .into_iter()
        .map(|h| SearchHit {
            id: h.id,
            score: h.score,
            published: h.published,
            title: h.title,
            lang: h.lang,
            source: h.source,
            snippet: h.snippet,
        })
        .collect();
    let page = SearchPage {
        query: text,
        total: res.total,
        offset,
        limit,
        hits,
        warning: res.warning,
    };
    Ok(respond(format, "search", &page, &page.hits))
}

/// Facet counts over every article the search matches (not only the page shown).
pub async fn facets(
    State(app): State<App>,
    Params(p): Params<SearchParams>,
) -> Result<axum::Json<Facets>, ApiError> {
    let (q, _) = p.query(&app)?;
    let unfiltered = q.text.is_empty()
        && [&q.lang, &q.since, &q.until, &q.source, &q.entity, &q.place]
            .iter()
            .all(|f| f.is_none());
    if unfiltered {
        return Ok(axum::Json(with_catalog(&app, |c| c.facets_all()).await?));
    }
    let cap = app.0.limits.max_facet_articles;
    let (total, ids) = app
        .0
        .pool
        .run(move |s| Ok(s.matching_ids(&q, cap)?))
        .await?;
    let f = with_catalog(&app, move |c| {
        c.facets(ids.iter().map(String::as_str), total)
    })
    .await?;
    Ok(axum::Json(f))
}
