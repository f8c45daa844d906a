//! French is a data change (`data/lang/fr/*.toml`), no code: figures, times, quotes in spaced
//! guillemets and sources, through the whole pipeline, on text written for these cases in the
//! style of the French relays of the Raqqa story.

use dossier_extract::{Resources, analyse};
use dossier_model::{Article, Format, Meta, QuoteKind, Record, Source};

fn analysed(text: &str, published: Option<&str>) -> Record {
    let article = Article {
        source: Source {
            uri: Some("test".into()),
            format: Format::Text,
            encoding: None,
        },
        meta: Meta {
            published: published.map(str::to_string),
            ..Meta::default()
        },
        text: text.to_string(),
    };
    let res = Resources::shared().expect("resources load");
    let rec = analyse(&article, &res);
    for q in &rec.quantities {
        assert_eq!(q.span.slice(&rec.text), q.text, "{q:?}");
    }
    for t in &rec.times {
        assert_eq!(t.span.slice(&rec.text), t.text, "{t:?}");
    }
    for q in &rec.quotes {
        if let Some(sp) = q.span {
            assert_eq!(sp.slice(&rec.text), q.text, "{q:?}");
        }
    }
    for s in &rec.sources {
        assert_eq!(s.span.slice(&rec.text), s.text, "{s:?}");
    }
    rec
}

const TEXT: &str = "Quelque 250 combattants du groupe État islamique et 3 500 membres de leurs familles ont pu quitter Raqqa en octobre grâce à un accord secret, selon une enquête de la BBC.

Le convoi, long de six à sept kilomètres, comptait une cinquantaine de camions et treize bus, selon des chauffeurs interrogés par la chaîne britannique. Des centaines de jihadistes ont fui avec plus de 100 véhicules et soixante-douze voitures.

« Nous ne voulions pas que quiconque parte », a déclaré le colonel Ryan Dillon, porte-parole de la coalition. « Ce sont les Syriens qui décident », a-t-il ajouté.";

#[test]
fn french_figures() {
    let rec = analysed(TEXT, Some("2017-11-14"));
    assert_eq!(rec.lang, "fr");
    let find = |t: &str| {
        rec.quantities
            .iter()
            .find(|q| q.text == t)
            .unwrap_or_else(|| panic!("no figure {t:?} in {:#?}", rec.quantities))
    };
    let q = find("Quelque 250");
    assert_eq!((q.low, q.high), (Some(250.0), Some(250.0)));
    assert_eq!(q.counted.as_deref(), Some("combattants"));
    let q = find("3 500");
    assert_eq!(q.low, Some(3500.0));
    let q = find("de six à sept kilomètres");
    assert_eq!(
        (q.low, q.high, q.unit.as_deref()),
        (Some(6.0), Some(7.0), Some("km"))
    );
    let q = find("une cinquantaine");
    assert!(
        q.vague && q.low < Some(50.0) && q.high > Some(50.0),
        "{q:?}"
    );
    assert_eq!(q.counted.as_deref(), Some("camions"));
    assert_eq!(find("treize").low, Some(13.0));
    assert_eq!(find("soixante-douze").low, Some(72.0));
    let q = find("Des centaines");
    assert!(q.vague && q.low == Some(200.0), "{q:?}");
    assert_eq!(q.counted.as_deref(), Some("jihadistes"));
    // `sept` in `six à sept` is a number, not September.
    assert!(
        rec.times.iter().all(|t| t.text != "sept"),
        "{:?}",
        rec.times
    );
}

#[test]
fn french_quotes_and_sources() {
    let rec = analysed(TEXT, None);
    let direct: Vec<_> = rec
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .collect();
    assert_eq!(direct.len(), 2, "{:#?}", rec.quotes);
    assert_eq!(direct[0].text, "Nous ne voulions pas que quiconque parte");
    assert_eq!(direct[1].text, "Ce sont les Syriens qui décident");
    for q in &direct {
        assert_eq!(q.speaker.as_deref(), Some("Ryan Dillon"), "{q:?}");
    }
    assert!(
        direct[0]
            .speaker_role
            .as_deref()
            .is_some_and(|r| r.contains("colonel")),
        "{:?}",
        direct[0]
    );
    let names: Vec<&str> = rec.sources.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"BBC"), "{:?}", rec.sources);
}
