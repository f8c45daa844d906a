use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Span;

/// One analysed article: the unit Dossier stores, exports and relates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// Always [`crate::SCHEMA`].
    pub schema: String,
    /// Stable id from the normalised cleaned text: re-ingesting the same article gives the same id.
    pub id: String,
    pub source: Source,
    /// ISO 639-1 code of the article's language, `und` when it cannot be told.
    pub lang: String,
    /// Confidence of the language guess, 0..1.
    #[serde(default)]
    pub lang_confidence: f32,
    pub meta: Meta,
    /// Cleaned document: title, blank line, body paragraphs separated by blank lines. Captions,
    /// credits and pull quotes are not in it.
    pub text: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    #[serde(default)]
    pub stats: Stats,
}

/// A cleaned article: what the `clean` stage hands to `analyse`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    pub source: Source,
    pub meta: Meta,
    /// Title, blank line, body paragraphs separated by blank lines.
    pub text: String,
}

/// Where the article was read from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// File path (with `#L<line>` for a JSONL line, `#<n>` for a feed item or WARC record), or
    /// the URL given with the article; null for standard input.
    pub uri: Option<String>,
    pub format: Format,
    /// The text encoding found in the input (`UTF-8`, `windows-1252`, ...).
    #[serde(default)]
    pub encoding: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Html,
    Jsonl,
    Warc,
    Rss,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
            Format::Rss => "rss",
        }
    }
}

/// What the cleaner found around the article body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// ISO 8601 date or date-time of publication.
    pub published: Option<String>,
    /// Time of day of publication as `HH:MM`.
    pub published_time: Option<String>,
    /// Who the article credits as its origin (`Bron: BBC` gives `BBC`).
    #[serde(default)]
    pub attributed_to: Vec<String>,
    #[serde(default)]
    pub photo_credits: Vec<String>,
    #[serde(default)]
    pub captions: Vec<String>,
    #[serde(default)]
    pub subheadings: Vec<String>,
    /// Quotes set apart from the body (pull quotes), kept out of `text`.
    #[serde(default)]
    pub pull_quotes: Vec<PullQuote>,
    /// The publishing outlet (`og:site_name`, JSON-LD `publisher`, a JSONL `source`).
    #[serde(default)]
    pub publisher: Option<String>,
    /// The article's own URL when known (canonical link, `og:url`, a JSONL `url`).
    #[serde(default)]
    pub url: Option<String>,
    /// Fields given with the input that the contract has no place for (e.g. other JSONL keys).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// A quote set apart in the layout, with the attribution printed under it, if any.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PullQuote {
    pub text: String,
    pub attribution: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum EntityType {
    PER,
    ORG,
    LOC,
    MISC,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::PER => "PER",
            EntityType::ORG => "ORG",
            EntityType::LOC => "LOC",
            EntityType::MISC => "MISC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Some(EntityType::PER),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityType::ORG),
            "LOC" | "LOCATION" | "GPE" => Some(EntityType::LOC),
            "MISC" => Some(EntityType::MISC),
            _ => None,
        }
    }
}

/// A named entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Stable, language-independent id shared by all names of one real-world entity
    /// (`geonames:163843`, `org:islamic-state`, `per:ryan-dillon`).
    pub id: String,
    /// The entity's preferred name.
    pub canonical: String,
    /// Titles and roles given to the entity in this article (`kolonel`, `woordvoerder`).
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A place mention resolved against the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    pub span: Span,
    pub text: String,
    /// Canonical (English) name of the place.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    /// `country`, `city`, `region`, ... and whether it was named by an adjective (`demonym`).
    #[serde(default)]
    pub feature: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    About,
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
    Range,
}

impl Modifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::About => "about",
            Modifier::MoreThan => "more_than",
            Modifier::LessThan => "less_than",
            Modifier::AtLeast => "at_least",
            Modifier::AtMost => "at_most",
            Modifier::Range => "range",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "about" => Modifier::About,
            "more_than" => Modifier::MoreThan,
            "less_than" => Modifier::LessThan,
            "at_least" => Modifier::AtLeast,
            "at_most" => Modifier::AtMost,
            "range" => Modifier::Range,
            _ => return None,
        })
    }
}

/// A figure: a count, an amount of money, a distance, a share...
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    pub span: Span,
    pub text: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Hedged (`zo'n`, `about`, `ruim`) or vague.
    pub approx: bool,
    /// A vague amount word (`tientallen`, `dozens`) with conventional bounds.
    pub vague: bool,
    pub modifier: Option<Modifier>,
    /// Normalised unit (`km`, `USD`, `%`, `month`) or null for counts.
    pub unit: Option<String>,
    /// The noun phrase counted (`IS-strijders`).
    pub counted: Option<String>,
    /// Coarse class from the lexicon (`people`, `fighters`, `vehicles`, `money`, ...).
    pub category: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TimeKind {
    Date,
    Time,
    Duration,
    Period,
}

/// A date, time of day, duration or period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimeExpr {
    pub span: Span,
    pub text: String,
    pub kind: TimeKind,
    /// ISO 8601 value (`2017-10-15`, `2017-10`, `P4M`, `20:07`), resolved against the
    /// publication date for relative expressions; null when it cannot be resolved.
    pub value: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
    Pull,
}

/// A quotation and who said it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    /// Null for a pull quote, which is not part of `text`.
    pub span: Option<Span>,
    pub text: String,
    pub speaker: Option<String>,
    /// The `id` of the speaker's entity, when the speaker is one.
    pub speaker_id: Option<String>,
    pub speaker_role: Option<String>,
    pub kind: QuoteKind,
    /// The speech verb or phrase that attributes the quote (`zegt`, `according to`).
    #[serde(default)]
    pub cue: Option<String>,
}

/// An in-text attribution: who the article says its information came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceRef {
    pub span: Span,
    pub text: String,
    /// The normalised name of the source (`BBC`, `getuigen`).
    pub name: String,
}

/// Size of the analysed text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Stats {
    pub chars: usize,
    pub tokens: usize,
    pub sentences: usize,
    pub paragraphs: usize,
}

impl Record {
    /// Every spanned item as `(group, span, text)`, for checks that spans slice to their text.
    pub fn spanned_items(&self) -> Vec<(&'static str, Span, &str)> {
        let mut out = Vec::new();
        out.extend(
            self.entities
                .iter()
                .map(|e| ("entities", e.span, e.text.as_str())),
        );
        out.extend(
            self.places
                .iter()
                .map(|e| ("places", e.span, e.text.as_str())),
        );
        out.extend(
            self.quantities
                .iter()
                .map(|e| ("quantities", e.span, e.text.as_str())),
        );
        out.extend(
            self.times
                .iter()
                .map(|e| ("times", e.span, e.text.as_str())),
        );
        out.extend(
            self.quotes
                .iter()
                .filter_map(|e| e.span.map(|s| ("quotes", s, e.text.as_str()))),
        );
        out.extend(
            self.sources
                .iter()
                .map(|e| ("sources", e.span, e.text.as_str())),
        );
        out
    }
}
