use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dossier_store::StoreError;

use crate::types::ErrorBody;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("loading the analysers' data files: {0}")]
    Resources(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// An error answered to a client: its status and a message, as JSON (see [`ErrorBody`]).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Query { .. } | StoreError::Ambiguous(_) => {
                ApiError::bad_request(e.to_string())
            }
            other => {
                tracing::error!("store: {other}");
                ApiError::internal(format!("store: {other}"))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            status: self.status.as_u16(),
            error: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}
