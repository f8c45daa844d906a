use serde::Serialize;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// A full-text query with filters. `text` uses tantivy's query language: words, `"phrases"`,
/// `AND`/`OR`, `-excluded`, `title:word`.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    pub lang: Option<String>,
    /// ISO dates (`2017-11-01`), inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Publisher, attributed source or a part of the URI (`hln`, `BBC`).
    pub source: Option<String>,
    /// Entity id or name.
    pub entity: Option<String>,
    /// Place name, GeoNames id or country code.
    pub place: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub id: String,
    pub score: f32,
    pub published: Option<String>,
    pub title: Option<String>,
    pub lang: String,
    pub source: Option<String>,
    /// An excerpt around the matched words, with matches in `**`.
    pub snippet: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Set when part of the query could not be parsed (an unclosed quote, a field that does
    /// not exist); the rest was searched for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Languages with their own stemming analyser; others are indexed unstemmed.
pub(crate) const STEMMED: &[(&str, Language)] = &[
    ("nl", Language::Dutch),
    ("en", Language::English),
    ("de", Language::German),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("it", Language::Italian),
    ("pt", Language::Portuguese),
];

#[derive(Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub lang: Field,
    pub source: Field,
    pub published: Field,
    pub entity: Field,
    pub place: Field,
    /// `(lang, title field, text field)`; the last entry (`xx`) is for other languages.
    pub text: Vec<(String, Field, Field)>,
}

impl Fields {
    pub fn text_fields_for(&self, lang: &str) -> (Field, Field) {
        let (_, t, b) = self
            .text
            .iter()
            .find(|(l, _, _)| l == lang)
            .or_else(|| self.text.last())
            .expect("xx fields exist");
        (*t, *b)
    }
    pub fn all_text(&self) -> Vec<Field> {
        self.text.iter().flat_map(|(_, t, b)| [*t, *b]).collect()
    }
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let lang = b.add_text_field("lang", STRING);
    let source = b.add_text_field("source", STRING);
    let published = b.add_date_field(
        "published",
        DateOptions::from(INDEXED)
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    let entity = b.add_text_field("entity", STRING);
    let place = b.add_text_field("place", STRING);
    let mut text = Vec::new();
    for lang in STEMMED.iter().map(|(l, _)| *l).chain(["xx"]) {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&format!("text_{lang}"))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let t = b.add_text_field(&format!("title_{lang}"), opts.clone());
        let x = b.add_text_field(&format!("text_{lang}"), opts);
        text.push((lang.to_string(), t, x));
    }
    (
        b.build(),
        Fields {
            id,
            lang,
            source,
            published,
            entity,
            place,
            text,
        },
    )
}

pub(crate) fn register_tokenizers(index: &tantivy::Index) {
    for (lang, language) in STEMMED {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(60))
            .filter(LowerCaser)
            .filter(Stemmer::new(*language))
            .filter(AsciiFoldingFilter)
            .build();
        index
            .tokenizers()
            .register(&format!("text_{lang}"), analyzer);
    }
    let plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register("text_xx", plain);
}
