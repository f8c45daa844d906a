//! The quote and source facts of `check_raqqa_facts.py quotes` on the Raqqa article
//! (`data/demo/hln_nl_raqqa_convoy.txt`), read and cleaned as `dossier extract` does.

use std::path::Path;

use dossier_extract::{Resources, analyse, quotes, sources};
use dossier_ingest::{ReadOptions, clean, clean_rules, read_file};
use dossier_model::{Article, Entity, Quote, QuoteKind, SourceRef};
use dossier_text::Doc;

fn raqqa() -> Article {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/hln_nl_raqqa_convoy.txt");
    let docs = read_file(&path, &ReadOptions::default());
    let doc = docs
        .into_iter()
        .next()
        .expect("one document")
        .expect("readable");
    clean(&doc, &clean_rules().expect("cleaner rules")).expect("cleanable")
}

/// The checker's facts, as assertions.
fn check(text: &str, qs: &[Quote], srcs: &[SourceRef]) {
    for q in qs {
        if let Some(sp) = q.span {
            assert_eq!(sp.slice(text), q.text, "{q:?}");
        }
    }
    for s in srcs {
        assert_eq!(s.span.slice(text), s.text, "{s:?}");
    }
    let by = |frag: &str| -> Vec<&Quote> { qs.iter().filter(|q| q.text.contains(frag)).collect() };
    let a = by("We wilden niet dat er iemand vertrok");
    assert!(!a.is_empty(), "{qs:#?}");
    assert!(a.iter().any(|q| {
        q.speaker
            .as_deref()
            .is_some_and(|s| s.contains("Ryan Dillon"))
    }));
    assert!(a.iter().any(|q| {
        let role = q.speaker_role.as_deref().unwrap_or("").to_lowercase();
        role.contains("woordvoerder") || role.contains("kolonel")
    }));
    let b = by("Het komt aan op de Syriërs");
    assert!(b.iter().any(|q| {
        q.speaker
            .as_deref()
            .is_some_and(|s| s.contains("Ryan Dillon"))
    }));
    let direct_pull = qs
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct && q.text.contains("beslissingen nemen"))
        .count();
    assert!(direct_pull <= 1, "pull quote counted twice: {qs:#?}");
    assert!(qs.iter().any(|q| q.kind == QuoteKind::Pull
        && q.span.is_none()
        && q.speaker.as_deref() == Some("Ryan Dillon")));
    assert!(
        srcs.iter()
            .any(|s| s.name.contains("BBC") || s.text.contains("BBC")),
        "{srcs:#?}"
    );
    assert!(srcs.iter().any(|s| s.name == "getuigen"), "{srcs:#?}");
}

#[test]
fn raqqa_quotes_without_entities() {
    let article = raqqa();
    let lex = quotes::QuoteLexicons::load().expect("quote lexicons");
    let doc = Doc::new(&article.text, "nl");
    let none: [Entity; 0] = [];
    let qs = quotes::extract(&doc, &none, &article.meta, &lex);
    let srcs = sources::extract(&doc, &none, &article.meta, &lex);
    check(&article.text, &qs, &srcs);
}

#[test]
fn raqqa_quotes_through_the_pipeline() {
    let article = raqqa();
    let res = Resources::load().expect("resources load");
    let rec = analyse(&article, &res);
    check(&rec.text, &rec.quotes, &rec.sources);
}

/// Nationality words link to their country, whatever type the tagger gave them.
#[test]
fn raqqa_demonyms_take_their_countrys_id() {
    let article = raqqa();
    let res = Resources::load().expect("resources load");
    let rec = analyse(&article, &res);
    for word in ["Syrische", "Syriërs"] {
        let found: Vec<&Entity> = rec.entities.iter().filter(|e| e.text == word).collect();
        assert!(!found.is_empty(), "{word} not found: {:#?}", rec.entities);
        for e in found {
            assert_eq!(e.id, "geonames:163843", "{e:?}");
            assert_eq!(e.span.slice(&rec.text), e.text);
        }
    }
}
