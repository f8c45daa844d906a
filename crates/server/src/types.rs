//! The JSON the API answers with. The OpenAPI document's schemas are generated from these
//! types (and from the `dossier/1` record), so the document and the responses cannot drift.

use dossier_model::{EntityType, QuoteKind, Span};
use schemars::JsonSchema;
use serde::Serialize;

/// Every error: the HTTP status repeated, its reason phrase and what was wrong.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    pub status: u16,
    pub error: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    pub version: String,
    /// The record schema this server reads and writes (`dossier/1`).
    pub schema: String,
    pub records: u64,
    /// Whether `POST /api/articles` is enabled (the server was given an ingest token).
    pub uploads: bool,
}

/// A value and how many articles (or items) have it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Count {
    pub value: String,
    pub count: u64,
}

/// A value to filter on (an id), the label to show for it, and its count.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LabeledCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StoreStats {
    pub records: u64,
    /// Distinct entities, places, quotes and speakers over all records.
    pub entities: u64,
    pub places: u64,
    pub quotes: u64,
    pub speakers: u64,
    pub by_lang: Vec<Count>,
    pub by_source: Vec<Count>,
    /// `YYYY-MM` (or `unknown`), oldest first.
    pub by_month: Vec<Count>,
    pub by_format: Vec<Count>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SearchHit {
    pub id: String,
    pub score: f32,
    pub published: Option<String>,
    pub title: Option<String>,
    pub lang: String,
    pub source: Option<String>,
    /// An excerpt around the matched words; matched words are wrapped in `**`.
    pub snippet: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SearchPage {
    pub query: String,
    /// Articles matching, all pages together.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub hits: Vec<SearchHit>,
    /// Set when part of the query could not be parsed; the rest was searched for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Counts over every article a search matches, to narrow it down.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Facets {
    pub total: usize,
    /// Articles counted (all of them unless the match set is larger than the server counts).
    pub counted: usize,
    pub lang: Vec<Count>,
    pub source: Vec<Count>,
    /// `YYYY-MM` (or `unknown`), oldest first.
    pub month: Vec<Count>,
    pub entity: Vec<LabeledCount>,
    pub place: Vec<LabeledCount>,
}

/// A surface form or role and how often it was seen.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Alias {
    pub text: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ArticleRef {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub lang: String,
    pub source: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntitySummary {
    pub id: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub mentions: u64,
    pub articles: u64,
    /// The most frequent names it goes by, most frequent first.
    pub aliases: Vec<Alias>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonthCount {
    /// `YYYY-MM`, or `unknown` for articles without a publication date.
    pub month: String,
    pub mentions: u64,
    pub articles: u64,
}

/// A quote with the article it is in.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QuoteItem {
    pub article: ArticleRef,
    pub text: String,
    /// Code-point span in the article's `text`; null for a pull quote.
    pub span: Option<Span>,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_role: Option<String>,
    pub kind: QuoteKind,
    pub cue: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntityDetail {
    pub id: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub mentions: u64,
    pub articles: u64,
    pub aliases: Vec<Alias>,
    pub roles: Vec<Alias>,
    /// Mentions and articles per month, oldest first.
    pub timeline: Vec<MonthCount>,
    /// Quotes this entity is the speaker of (at most 200; `quotes_by_total` counts all).
    pub quotes_by: Vec<QuoteItem>,
    pub quotes_by_total: usize,
    /// Quotes by others that mention this entity.
    pub quotes_about: Vec<QuoteItem>,
    pub quotes_about_total: usize,
    /// Entities named in the same articles, by number of shared articles.
    pub related: Vec<LabeledCount>,
    /// Articles naming it, newest first (at most 100).
    pub recent_articles: Vec<ArticleRef>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PlaceSummary {
    /// `geonames:<id>` for a geocoded place, else `name:<name>`.
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    pub feature: Option<String>,
    /// Mentions and articles within the requested period.
    pub mentions: u64,
    pub articles: u64,
    /// How the place was written in the articles.
    pub names: Vec<Alias>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Speaker {
    /// The speaker's entity id, else `name:<lowercased name>`.
    pub id: String,
    pub name: String,
    pub speaker_id: Option<String>,
    pub quotes: u64,
    pub articles: u64,
    pub roles: Vec<String>,
}

macro_rules! page {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Debug, Serialize, JsonSchema)]
        pub struct $name {
            pub total: usize,
            pub offset: usize,
            pub limit: usize,
            pub items: Vec<$item>,
        }
    };
}

page!(
    EntityList,
    EntitySummary,
    "A page of entities, most mentioned first."
);
page!(
    PlaceList,
    PlaceSummary,
    "A page of places, most mentioned first."
);
page!(
    QuoteList,
    QuoteItem,
    "A page of quotes, newest article first."
);
page!(
    StoryList,
    dossier_relate::report::StoryListing,
    "A page of stories, latest first."
);
page!(
    ClaimList,
    dossier_relate::report::ClaimListing,
    "Claim groups with their verdicts (figures) and statements (quotes)."
);
page!(
    SpeakerList,
    Speaker,
    "A page of speakers, most quoted first."
);

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct UploadedRecord {
    pub id: String,
    pub title: Option<String>,
    pub lang: String,
    /// False when the same article was already stored (ids come from the content).
    pub new: bool,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct UploadProblem {
    /// The upload, with `:LINE` for a JSONL line.
    pub input: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct UploadReport {
    pub read: usize,
    pub new: usize,
    pub present: usize,
    pub failed: usize,
    pub records: Vec<UploadedRecord>,
    pub errors: Vec<UploadProblem>,
}
