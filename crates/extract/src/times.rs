//! Times: dates, times of day, durations and periods, resolved against the publication date.

use dossier_model::{Meta, TimeExpr};
use dossier_text::{DataError, Doc};

/// Month and weekday names, relative expressions and duration units per language.
#[derive(Default)]
pub struct TimeLexicons {}

impl TimeLexicons {
    pub fn load() -> Result<Self, DataError> {
        Ok(TimeLexicons {})
    }
}

/// Finds the time expressions of a document.
pub fn extract(_doc: &Doc, _lex: &TimeLexicons, _meta: &Meta) -> Vec<TimeExpr> {
    Vec::new()
}
