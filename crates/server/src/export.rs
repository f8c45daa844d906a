//! Lists as downloads: `?format=csv` (RFC 4180) or `?format=json` on any list endpoint.
//! Cells of article text are untrusted, so text that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@` first) is prefixed with `'`.

use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::types::{ArticleRef, EntitySummary, PlaceSummary, QuoteItem, SearchHit, Speaker};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Plain JSON in the browser or client.
    #[default]
    Page,
    /// The same JSON, as a file download.
    Json,
    Csv,
}

pub enum Cell {
    Text(String),
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<&String> for Cell {
    fn from(s: &String) -> Self {
        Cell::Text(s.clone())
    }
}
impl From<Option<&String>> for Cell {
    fn from(s: Option<&String>) -> Self {
        s.map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Num(n as f64)
    }
}
impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Cell::Empty, Cell::Num)
    }
}

/// A list item as a CSV row.
pub trait CsvRow {
    const HEADER: &'static [&'static str];
    fn cells(&self) -> Vec<Cell>;
}

fn push_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Empty => {}
        Cell::Num(n) => out.push_str(&n.to_string()),
        Cell::Text(s) => {
            let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let text = if risky { format!("'{s}") } else { s.clone() };
            if text.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&text);
            }
        }
    }
}

pub fn to_csv<T: CsvRow>(rows: &[T]) -> String {
    let mut out = String::new();
    out.push_str(&T::HEADER.join(","));
    out.push_str("\r\n");
    for r in rows {
        for (i, c) in r.cells().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, c);
        }
        out.push_str("\r\n");
    }
    out
}

/// Answers a list as JSON, or as a download named `dossier-<name>.<ext>`.
pub fn respond<P: Serialize, T: CsvRow>(
    format: ExportFormat,
    name: &str,
    page: &P,
    rows: &[T],
) -> Response {
    let disposition = |ext: &str| {
        HeaderValue::from_str(&format!("attachment; filename=\"dossier-{name}.{ext}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
    };
    match format {
        ExportFormat::Page => Json(page).into_response(),
        ExportFormat::Json => {
            let mut r = Json(page).into_response();
            r.headers_mut()
                .insert(header::CONTENT_DISPOSITION, disposition("json"));
            r
        }
        ExportFormat::Csv => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (header::CONTENT_DISPOSITION, disposition("csv")),
            ],
            to_csv(rows),
        )
            .into_response(),
    }
}

impl CsvRow for SearchHit {
    const HEADER: &'static [&'static str] = &[
        "id",
        "published",
        "lang",
        "source",
        "title",
        "score",
        "snippet",
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            (&self.id).into(),
            self.published.as_ref().into(),
            (&self.lang).into(),
            self.source.as_ref().into(),
            self.title.as_ref().into(),
            Cell::Num(f64::from(self.score)),
            (&self.snippet).into(),
        ]
    }
}

impl CsvRow for EntitySummary {
    const HEADER: &'static [&'static str] = &[
        "id",
        "canonical",
        "type",
        "mentions",
        "articles",
        "aliases",
        "first_seen",
        "last_seen",
    ];
    fn cells(&self) -> Vec<Cell> {
        let aliases: Vec<&str> = self.aliases.iter().map(|a| a.text.as_str()).collect();
        vec![
            (&self.id).into(),
            (&self.canonical).into(),
            self.kind.as_str().into(),
            self.mentions.into(),
            self.articles.into(),
            Cell::Text(aliases.join("; ")),
            self.first_seen.as_ref().into(),
            self.last_seen.as_ref().into(),
        ]
    }
}

impl CsvRow for PlaceSummary {
    const HEADER: &'static [&'static str] = &[
        "id",
        "name",
        "country",
        "lat",
        "lon",
        "geonames_id",
        "feature",
        "mentions",
        "articles",
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            (&self.id).into(),
            (&self.name).into(),
            self.country.as_ref().into(),
            self.lat.into(),
            self.lon.into(),
            self.geonames_id
                .map_or(Cell::Empty, |g| Cell::Num(g as f64)),
            self.feature.as_ref().into(),
            self.mentions.into(),
            self.articles.into(),
        ]
    }
}

fn article_cells(a: &ArticleRef) -> [Cell; 3] {
    [
        (&a.id).into(),
        a.published.as_ref().into(),
        a.title.as_ref().into(),
    ]
}

impl CsvRow for QuoteItem {
    const HEADER: &'static [&'static str] = &[
        "article_id",
        "published",
        "article_title",
        "speaker",
        "speaker_id",
        "speaker_role",
        "kind",
        "cue",
        "start",
        "end",
        "text",
    ];
    fn cells(&self) -> Vec<Cell> {
        let mut v: Vec<Cell> = article_cells(&self.article).into_iter().collect();
        v.extend([
            self.speaker.as_ref().into(),
            self.speaker_id.as_ref().into(),
            self.speaker_role.as_ref().into(),
            Cell::Text(
                serde_json::to_value(self.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
            self.cue.as_ref().into(),
            self.span.map_or(Cell::Empty, |s| Cell::Num(s.0 as f64)),
            self.span.map_or(Cell::Empty, |s| Cell::Num(s.1 as f64)),
            (&self.text).into(),
        ]);
        v
    }
}

impl CsvRow for Speaker {
    const HEADER: &'static [&'static str] =
        &["id", "name", "speaker_id", "quotes", "articles", "roles"];
    fn cells(&self) -> Vec<Cell> {
        vec![
            (&self.id).into(),
            (&self.name).into(),
            self.speaker_id.as_ref().into(),
            self.quotes.into(),
            self.articles.into(),
            Cell::Text(self.roles.join("; ")),
        ]
    }
}

impl CsvRow for dossier_relate::report::StoryListing {
    const HEADER: &'static [&'static str] = &[
        "story",
        "label",
        "first",
        "last",
        "articles",
        "languages",
        "outlets",
        "places",
        "actors",
        "verdicts",
    ];
    fn cells(&self) -> Vec<Cell> {
        let s = &self.summary;
        let join = |v: Vec<String>| Cell::Text(v.join("; "));
        vec![
            Cell::Num(self.id as f64),
            (&self.label).into(),
            self.first.as_ref().into(),
            self.last.as_ref().into(),
            Cell::Num(self.articles as f64),
            join(
                s.languages
                    .iter()
                    .map(|(l, n)| format!("{l} {n}"))
                    .collect(),
            ),
            join(s.outlets.clone()),
            join(s.places.iter().map(|p| p.name.clone()).collect()),
            join(s.actors.iter().map(|a| a.name.clone()).collect()),
            join(s.verdicts.iter().map(|(v, n)| format!("{v} {n}")).collect()),
        ]
    }
}

/// A claim group as one row: its verdict, what it is about, and its positions with origins.
impl CsvRow for dossier_relate::report::ClaimListing {
    const HEADER: &'static [&'static str] = &[
        "story",
        "story_label",
        "kind",
        "verdict",
        "subject",
        "positions",
        "origins",
        "outlets",
        "languages",
    ];
    fn cells(&self) -> Vec<Cell> {
        use dossier_relate::report::ClaimListing;
        let join = |v: Vec<String>| Cell::Text(v.join("; "));
        match self {
            ClaimListing::Figure {
                story,
                story_label,
                group,
            } => {
                let verdict = serde_json::to_value(group.verdict)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let mut outlets: Vec<String> =
                    group.claims.iter().map(|c| c.outlet.clone()).collect();
                outlets.sort();
                outlets.dedup();
                let mut langs: Vec<String> = group.claims.iter().map(|c| c.lang.clone()).collect();
                langs.sort();
                langs.dedup();
                vec![
                    Cell::Num(*story as f64),
                    story_label.into(),
                    "figure".into(),
                    Cell::Text(verdict),
                    (&group.subject).into(),
                    join(
                        group
                            .positions
                            .iter()
                            .map(|p| format!("{} ({})", p.values.join(" / "), p.origins.join(", ")))
                            .collect(),
                    ),
                    join(group.origins.iter().map(|o| o.label.clone()).collect()),
                    join(outlets),
                    join(langs),
                ]
            }
            ClaimListing::Quote {
                story,
                story_label,
                group,
            } => vec![
                Cell::Num(*story as f64),
                story_label.into(),
                "quote".into(),
                Cell::Empty,
                (&group.speaker).into(),
                join(
                    group
                        .statements
                        .iter()
                        .filter_map(|s| s.quotes.first().map(|q| q.text.clone()))
                        .collect(),
                ),
                Cell::Empty,
                join(group.outlets.clone()),
                join(group.languages.clone()),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, u64);
    impl CsvRow for Row {
        const HEADER: &'static [&'static str] = &["text", "n"];
        fn cells(&self) -> Vec<Cell> {
            vec![self.0.into(), self.1.into()]
        }
    }

    #[test]
    fn csv_quotes_fields_and_defuses_formulas() {
        let csv = to_csv(&[
            Row("plain", 3),
            Row("a \"quoted\", word", 4),
            Row("=HYPERLINK(\"http://x\")", 5),
            Row("two\nlines", 6),
        ]);
        assert_eq!(
            csv,
            "text,n\r\nplain,3\r\n\"a \"\"quoted\"\", word\",4\r\n\"'=HYPERLINK(\"\"http://x\"\")\",5\r\n\"two\nlines\",6\r\n"
        );
    }
}
