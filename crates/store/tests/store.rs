//! The embedded store: idempotent writes, stemmed search with filters, and repair of the
//! search index after an interrupted ingest.

use dossier_model::{Format, Meta, Record, SCHEMA, Source, content_id};
use dossier_store::{EmbeddedStore, RecordStore, SearchQuery};

fn record(lang: &str, title: &str, body: &str, published: Option<&str>, publisher: &str) -> Record {
    let text = format!("{title}\n\n{body}");
    Record {
        schema: SCHEMA.into(),
        id: content_id(&text),
        source: Source {
            uri: Some(format!("https://www.{publisher}.be/a")),
            format: Format::Text,
            encoding: Some("UTF-8".into()),
        },
        lang: lang.into(),
        meta: Meta {
            title: Some(title.into()),
            published: published.map(str::to_string),
            publisher: Some(publisher.to_uppercase()),
            ..Meta::default()
        },
        text,
        ..Record::default()
    }
}

fn corpus() -> Vec<Record> {
    vec![
        record(
            "nl",
            "Honderden IS-strijders kregen aftocht uit Raqqa",
            "Zo'n 250 IS-strijders en 3.500 familieleden hebben dankzij een geheime deal Raqqa kunnen verlaten. Dat heeft de BBC ontdekt.",
            Some("2017-11-13T20:07:00+01:00"),
            "hln",
        ),
        record(
            "en",
            "Raqqa's dirty secret",
            "Hundreds of fighters and their families escaped under a secret deal, lorry drivers told the BBC.",
            Some("2017-11-14"),
            "bbc",
        ),
        record(
            "nl",
            "Brexit-onderhandelingen lopen vast",
            "De onderhandelaars van de Europese Unie en het Verenigd Koninkrijk vonden geen akkoord over de strijdpunten.",
            Some("2018-03-02"),
            "standaard",
        ),
    ]
}

#[test]
fn writes_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = EmbeddedStore::open(dir.path()).unwrap();
    let recs = corpus();
    assert_eq!(store.put_batch(&recs).unwrap(), vec![true, true, true]);
    assert_eq!(store.put_batch(&recs[..2]).unwrap(), vec![false, false]);
    assert_eq!(store.stats().unwrap().records, 3);
    let back = store.get(&recs[0].id).unwrap().unwrap();
    assert_eq!(back, recs[0]);
    assert_eq!(store.get(&recs[1].id[..6]).unwrap().unwrap().id, recs[1].id);
    assert!(store.get("ffffffffffffffff").unwrap().is_none());
}

fn ids(store: &EmbeddedStore, q: SearchQuery) -> Vec<String> {
    let mut v: Vec<String> = store
        .search(&SearchQuery { limit: 10, ..q })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    v.sort();
    v
}

#[test]
fn search_stems_filters_and_quotes_phrases() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = EmbeddedStore::open(dir.path()).unwrap();
    let recs = corpus();
    store.put_batch(&recs).unwrap();
    let q = |text: &str| SearchQuery {
        text: text.into(),
        ..Default::default()
    };
    // Dutch stemming: `onderhandeling` finds `onderhandelingen`; English: `families` / `family`.
    assert_eq!(ids(&store, q("onderhandeling")), vec![recs[2].id.clone()]);
    assert_eq!(ids(&store, q("family")), vec![recs[1].id.clone()]);
    // Both languages match `Raqqa`; a phrase needs the words in order.
    assert_eq!(ids(&store, q("raqqa")).len(), 2);
    assert_eq!(ids(&store, q("\"secret deal\"")), vec![recs[1].id.clone()]);
    assert!(ids(&store, q("\"deal secret\"")).is_empty());
    // Filters.
    let nl = SearchQuery {
        text: "raqqa".into(),
        lang: Some("nl".into()),
        ..Default::default()
    };
    assert_eq!(ids(&store, nl), vec![recs[0].id.clone()]);
    let since = SearchQuery {
        since: Some("2017-11-14".into()),
        ..Default::default()
    };
    let mut want = vec![recs[1].id.clone(), recs[2].id.clone()];
    want.sort();
    assert_eq!(ids(&store, since), want);
    let until = SearchQuery {
        until: Some("2017-11-13".into()),
        ..Default::default()
    };
    assert_eq!(ids(&store, until), vec![recs[0].id.clone()]);
    // A month or a year as `--until` keeps all of it; as `--since`, starts at its first day.
    let period = |since: Option<&str>, until: Option<&str>| SearchQuery {
        since: since.map(str::to_string),
        until: until.map(str::to_string),
        ..Default::default()
    };
    let mut nov = vec![recs[0].id.clone(), recs[1].id.clone()];
    nov.sort();
    assert_eq!(ids(&store, period(None, Some("2017-11"))), nov);
    assert_eq!(ids(&store, period(None, Some("2017"))), nov);
    assert_eq!(ids(&store, period(Some("2017-11"), Some("2017-11"))), nov);
    assert!(ids(&store, period(None, Some("2017-10"))).is_empty());
    assert_eq!(
        ids(&store, period(Some("2018"), None)),
        vec![recs[2].id.clone()]
    );
    let source = SearchQuery {
        source: Some("hln".into()),
        ..Default::default()
    };
    assert_eq!(ids(&store, source), vec![recs[0].id.clone()]);
    // A query part that cannot be parsed is reported with the results, not printed.
    assert!(store.search(&q("raqqa")).unwrap().warning.is_none());
    let res = store.search(&q("raqqa nosuchfield:x")).unwrap();
    assert!(
        res.warning
            .as_deref()
            .is_some_and(|w| w.contains("nosuchfield")),
        "{:?}",
        res.warning
    );
    let hit = &store.search(&q("familieleden")).unwrap().hits[0];
    assert!(hit.snippet.contains("**familieleden**"), "{}", hit.snippet);
}

#[test]
fn unindexed_records_are_reindexed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let recs = corpus();
    {
        let mut store = EmbeddedStore::open(dir.path()).unwrap();
        store.put_batch(&recs).unwrap();
    }
    // Simulate a crash between the SQLite commit and the index commit: drop the index and
    // mark the records unindexed, as an interrupted ingest leaves them.
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("records.sqlite")).unwrap();
    conn.execute("UPDATE records SET indexed = 0", []).unwrap();
    drop(conn);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(
        store
            .search(&SearchQuery {
                text: "raqqa".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .total,
        2
    );
}

#[test]
fn read_only_open_of_a_missing_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = EmbeddedStore::open_read_only(&dir.path().join("nope"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("dossier ingest"), "{err}");
}
