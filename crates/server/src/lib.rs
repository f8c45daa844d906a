//! `dossier serve`: the HTTP JSON API and the offline web UI over a store of records.
//!
//! Reads go through a pool of read-only store handles; aggregates the store does not index
//! (entities, places, quotes by speaker, facet counts) are built once at start and extended
//! as records arrive. Uploads, when an ingest token is given, go to one writer thread that
//! owns the store opened for writing. This crate defines no analysis; it presents records.

mod api;
mod app;
mod catalog;
mod error;
mod export;
mod openapi;
mod pool;
pub mod types;
mod ui;
mod upload;

pub use app::{App, Limits, ServeConfig};
pub use error::{ApiError, ServerError};
pub use openapi::document as openapi_document;
