//! In-text sources in the bundled relay articles (`data/demo/relays.jsonl`), through the whole
//! pipeline: a nationality adjective beside the outlet is not the source, and a collective
//! speaker without a name (`The coalition says`) is one.

use dossier_extract::{Resources, analyse};
use dossier_model::{Article, Format, Meta, Record, Source};

fn analysed(text: &str) -> Record {
    let article = Article {
        source: Source {
            uri: Some("test".into()),
            format: Format::Text,
            encoding: None,
        },
        meta: Meta::default(),
        text: text.to_string(),
    };
    let res = Resources::shared().expect("resources load");
    let rec = analyse(&article, &res);
    for s in &rec.sources {
        assert_eq!(s.span.slice(&rec.text), s.text, "{s:?}");
    }
    rec
}

#[test]
fn outlet_not_its_nationality() {
    let rec = analysed(
        "Volgens chauffeurs die de BBC sprak, bestond het konvooi uit 47 vrachtwagens, meldt de Britse omroep BBC.",
    );
    let names: Vec<&str> = rec.sources.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"BBC"), "{:?}", rec.sources);
    assert!(!names.contains(&"United Kingdom"), "{:?}", rec.sources);
    assert!(!names.contains(&"Britse"), "{:?}", rec.sources);
}

#[test]
fn collective_speaker_without_a_name() {
    let rec = analysed(
        "A lorry driver said about 4,000 people left the city. The coalition says about 250 fighters and 3,500 family members were evacuated under a deal negotiated by local officials.",
    );
    assert!(
        rec.sources
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case("coalition")
                || s.name.eq_ignore_ascii_case("the coalition")),
        "{:?}",
        rec.sources
    );
}
