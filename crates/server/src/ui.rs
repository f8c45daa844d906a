//! The web UI: one HTML shell, a script and a style sheet, and the world map's geometry, all
//! compiled into the binary so nothing is fetched from the internet. The script renders every
//! page from the JSON API and only ever inserts article text as text nodes.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::App;

struct Asset {
    name: &'static str,
    mime: &'static str,
    body: &'static [u8],
}

const INDEX: &[u8] = include_bytes!("../assets/index.html");

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "app.css",
        mime: "text/css; charset=utf-8",
        body: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "world-110m.json",
        mime: "application/json",
        body: include_bytes!("../assets/world-110m.json"),
    },
    Asset {
        name: "favicon.svg",
        mime: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

/// Pages the script knows; anything else gets the shell with a 404 status.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(page))
        .route("/search", get(page))
        .route("/articles/{id}", get(page))
        .route("/entities", get(page))
        .route("/entities/{id}", get(page))
        .route("/map", get(page))
        .route("/quotes", get(page))
        .route("/stories", get(page))
        .route("/stories/{id}", get(page))
        .route("/assets/{name}", get(asset))
        .fallback(missing_page)
}

/// A short content hash, so browsers revalidate cheaply (`If-None-Match`).
fn etag(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

fn etags() -> &'static Vec<String> {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        std::iter::once(INDEX)
            .chain(ASSETS.iter().map(|a| a.body))
            .map(etag)
            .collect()
    })
}

fn send(
    headers: &HeaderMap,
    status: StatusCode,
    mime: &'static str,
    body: &'static [u8],
    tag: &str,
) -> Response {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == tag);
    let tag = HeaderValue::from_str(tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::ETAG, tag),
    ];
    if fresh && status == StatusCode::OK {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        status,
        common,
        [(header::CONTENT_TYPE, HeaderValue::from_static(mime))],
        body,
    )
        .into_response()
}

async fn page(headers: HeaderMap) -> Response {
    send(
        &headers,
        StatusCode::OK,
        "text/html; charset=utf-8",
        INDEX,
        &etags()[0],
    )
}

async fn missing_page(headers: HeaderMap) -> Response {
    send(
        &headers,
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        INDEX,
        &etags()[0],
    )
}

async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().position(|a| a.name == name) {
        Some(i) => {
            let a = &ASSETS[i];
            send(&headers, StatusCode::OK, a.mime, a.body, &etags()[i + 1])
        }
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
