//! Times: dates, times of day, durations and periods, resolved against the publication date.

use std::collections::{HashMap, HashSet};

use dossier_model::{Meta, TimeExpr, TimeKind};
use dossier_text::{DataError, Doc, load_toml};
use serde::Deserialize;

use crate::numbers::{self, NumberLexicons, normalize_word};

/// A unit of duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    BusinessDay,
}

impl DurUnit {
    /// The unit's name as figures use it (`quantities[].unit`).
    pub fn name(self) -> &'static str {
        match self {
            DurUnit::Second => "second",
            DurUnit::Minute => "minute",
            DurUnit::Hour => "hour",
            DurUnit::Day => "day",
            DurUnit::Week => "week",
            DurUnit::Month => "month",
            DurUnit::Quarter => "quarter",
            DurUnit::Year => "year",
            DurUnit::Decade => "decade",
            DurUnit::Century => "century",
            DurUnit::BusinessDay => "business_day",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "second" => DurUnit::Second,
            "minute" => DurUnit::Minute,
            "hour" => DurUnit::Hour,
            "day" => DurUnit::Day,
            "week" => DurUnit::Week,
            "month" => DurUnit::Month,
            "quarter" => DurUnit::Quarter,
            "year" => DurUnit::Year,
            "decade" => DurUnit::Decade,
            "century" => DurUnit::Century,
            "business_day" => DurUnit::BusinessDay,
            _ => return None,
        })
    }
}

#[derive(Deserialize, Default)]
struct TimesFile {
    #[serde(default)]
    durations: HashMap<String, Vec<String>>,
}

/// Month and weekday names, relative expressions and duration units of one language.
#[derive(Default)]
struct TimeLang {
    durations: HashMap<String, DurUnit>,
}

impl TimeLang {
    fn build(f: TimesFile) -> Result<Self, String> {
        let mut t = TimeLang::default();
        for (name, forms) in f.durations {
            let u =
                DurUnit::parse(&name).ok_or_else(|| format!("unknown duration unit `{name}`"))?;
            for w in forms {
                t.durations.insert(normalize_word(&w), u);
            }
        }
        Ok(t)
    }
}

/// Month and weekday names, relative expressions and duration units per language.
#[derive(Default)]
pub struct TimeLexicons {
    pub numbers: NumberLexicons,
    by_lang: HashMap<String, TimeLang>,
}

impl TimeLexicons {
    pub fn load() -> Result<Self, DataError> {
        let mut by_lang = HashMap::new();
        for lang in numbers::languages_with("times.toml")? {
            let rel = format!("lang/{lang}/times.toml");
            let f: TimesFile = load_toml(&rel)?;
            let t = TimeLang::build(f).map_err(|message| DataError::Parse {
                path: dossier_text::data_dir().join(&rel),
                message,
            })?;
            by_lang.insert(lang, t);
        }
        Ok(TimeLexicons {
            numbers: NumberLexicons::load()?,
            by_lang,
        })
    }

    /// The duration unit a word names in `lang` (`maanden` → month).
    pub fn duration_unit(&self, lang: &str, word: &str) -> Option<DurUnit> {
        self.by_lang
            .get(lang)?
            .durations
            .get(&normalize_word(word))
            .copied()
    }
}

/// Byte ranges and kinds of the time expressions of a document, unresolved.
pub fn spans(doc: &Doc, lex: &TimeLexicons) -> Vec<(usize, usize, TimeKind)> {
    let _ = (doc, lex);
    let _: HashSet<u8> = HashSet::new();
    Vec::new()
}

/// Finds the time expressions of a document.
pub fn extract(_doc: &Doc, _lex: &TimeLexicons, _meta: &Meta) -> Vec<TimeExpr> {
    Vec::new()
}

/// The Recognizers-Text result type a time expression corresponds to, from its value:
/// `date`, `daterange`, `time`, `datetime`, `timerange`, `datetimerange` or `duration`.
pub fn spec_type(t: &TimeExpr) -> &'static str {
    let _ = t;
    "date"
}
