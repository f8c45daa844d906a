use dossier_model::{Article, Record, SCHEMA, Stats, content_id};
use dossier_text::{Doc, detect_language};

use crate::{Resources, entities, ner, places, quantities, quotes, sources, times};

/// Analyses one cleaned article into a record. A pure function of the article and the
/// resources, so it runs the same in `extract`, `ingest` and in many threads at once.
pub fn analyse(article: &Article, res: &Resources) -> Record {
    let guess = detect_language(&article.text);
    let doc = Doc::new(&article.text, guess.code);
    let mentions = ner::tag(&doc, &res.ner);
    let entities = entities::resolve(&doc, &mentions, &res.aliases, &res.gazetteer);
    let places = places::geocode(&doc, &entities, &res.gazetteer);
    let quantities = quantities::extract(&doc, &res.quantities);
    let times = times::extract(&doc, &res.times, &article.meta);
    let quotes = quotes::extract(&doc, &entities, &article.meta, &res.quotes);
    let sources = sources::extract(&doc, &entities, &article.meta, &res.quotes);
    Record {
        schema: SCHEMA.to_string(),
        id: content_id(&article.text),
        source: article.source.clone(),
        lang: guess.code.to_string(),
        lang_confidence: (guess.confidence * 1000.0).round() / 1000.0,
        meta: article.meta.clone(),
        stats: Stats {
            chars: article.text.chars().count(),
            tokens: doc.tokens.len(),
            sentences: doc.sentences.len(),
            paragraphs: doc.paragraphs.len(),
        },
        text: article.text.clone(),
        entities,
        places,
        quantities,
        times,
        quotes,
        sources,
    }
}
