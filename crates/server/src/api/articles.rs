use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dossier_model::Record;
use dossier_store::RecordStore;
use serde::Deserialize;

use super::Params;
use crate::app::App;
use crate::error::ApiError;

pub async fn article(
    State(app): State<App>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<Record>, ApiError> {
    let Path(id) = path.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if id.is_empty() || id.len() > 200 {
        return Err(ApiError::bad_request(
            "an article id has 1 to 200 characters",
        ));
    }
    let lookup = id.clone();
    match app.0.pool.run(move |s| Ok(s.get(&lookup)?)).await? {
        Some(r) => Ok(Json(r)),
        None => Err(ApiError::not_found(format!("no article with id {id:?}"))),
    }
}

#[derive(Deserialize)]
pub struct UploadParams {
    /// A file name; its extension picks the reader (`.html`, `.jsonl`, `.txt`).
    name: Option<String>,
    /// The article's own URL, recorded as its source.
    url: Option<String>,
}

/// Compares without stopping at the first differing byte, so timing tells nothing.
fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorise(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = app.0.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "uploads are disabled; start `dossier serve` with --ingest-token",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if same_token(t, expected) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong ingest token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "send the ingest token as `Authorization: Bearer TOKEN`",
        )),
    }
}

/// A safe file name for the upload: the given name's last part, or one that the content
/// type implies.
fn upload_name(given: Option<&str>, content_type: Option<&str>) -> String {
    if let Some(n) = given {
        let base = n.rsplit(['/', '\\']).next().unwrap_or("");
        let clean: String = base
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(100)
            .collect();
        if !clean.trim_matches('.').is_empty() {
            return clean;
        }
    }
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => "upload.html",
        "application/x-ndjson"
        | "application/jsonl"
        | "application/json"
        | "application/x-jsonlines" => "upload.jsonl",
        "text/plain" => "upload.txt",
        _ => "upload",
    }
    .to_string()
}

pub async fn upload(
    State(app): State<App>,
    Params(p): Params<UploadParams>,
    request: Request,
) -> Result<Response, ApiError> {
    authorise(&app, request.headers())?;
    let Some(writer) = app.0.writer.as_ref() else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "uploads are disabled"));
    };
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let name = upload_name(p.name.as_deref(), content_type.as_deref());
    let uri = match p.url {
        Some(u) if u.len() <= 2000 && (u.starts_with("http://") || u.starts_with("https://")) => u,
        Some(_) => return Err(ApiError::bad_request("url must be an http(s) URL")),
        None => format!("upload:{name}"),
    };
    let limit = app.0.limits.max_upload_bytes;
    let bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("upload larger than {limit} bytes"),
            )
        })?;
    if bytes.is_empty() {
        return Err(ApiError::bad_request("empty upload"));
    }
    let (report, records) = writer.submit(name, uri, bytes).await?;
    if report.read == 0 {
        let why: Vec<String> = report
            .errors
            .iter()
            .take(5)
            .map(|e| format!("{}: {}", e.input, e.message))
            .collect();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("no article could be read: {}", why.join("; ")),
        ));
    }
    app.add_records(&records);
    let status = if report.new > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_reduced_to_safe_base_names() {
        assert_eq!(upload_name(Some("../../etc/x.html"), None), "x.html");
        assert_eq!(upload_name(Some("a b<c>.jsonl"), None), "abc.jsonl");
        assert_eq!(upload_name(Some(".."), Some("text/html")), "upload.html");
        assert_eq!(
            upload_name(None, Some("application/x-ndjson; charset=utf-8")),
            "upload.jsonl"
        );
        assert_eq!(upload_name(None, None), "upload");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("s3cret", "s3cret"));
        assert!(!same_token("s3cre", "s3cret"));
        assert!(!same_token("s3creT", "s3cret"));
    }
}
