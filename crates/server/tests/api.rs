//! The API end to end: a store built from the bundled demo articles (really analysed) and one
//! hand-made record, served by the real router; every response is checked against the
//! OpenAPI document the server serves, and every documented operation is exercised.

use std::collections::BTreeSet;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use dossier_extract::{Resources, analyse};
use dossier_ingest::{ReadOptions, clean, clean_rules, read_file};
use dossier_model::{Entity, EntityType, Meta, Place, Quote, QuoteKind, Record, SCHEMA, Span};
use dossier_server::{App, ServeConfig};
use dossier_store::{EmbeddedStore, RecordStore};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const TOKEN: &str = "test-token-123";

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn span_of(text: &str, needle: &str) -> Span {
    let b = text.find(needle).expect("needle in text");
    let s = text[..b].chars().count();
    Span(s, s + needle.chars().count())
}

/// A record with entities, places and quotes marked by hand, so the aggregates have content
/// whatever the analysers find today.
fn marked_record() -> Record {
    let title = "Coalition denies deal over Raqqa";
    let text = format!(
        "{title}\n\n\"We did not make a deal with IS,\" said Ryan Dillon, the coalition's spokesman, in Baghdad on 14 November."
    );
    let ent = |needle: &str, kind, id: &str, canonical: &str| Entity {
        span: span_of(&text, needle),
        text: needle.into(),
        kind,
        id: id.into(),
        canonical: canonical.into(),
        roles: vec![],
    };
    Record {
        schema: SCHEMA.into(),
        id: "f00dfeed00000001".into(),
        lang: "en".into(),
        meta: Meta {
            title: Some(title.into()),
            published: Some("2017-11-15".into()),
            publisher: Some("Test Wire".into()),
            ..Default::default()
        },
        entities: vec![
            ent("IS", EntityType::ORG, "org:islamic-state", "Islamic State"),
            ent(
                "Ryan Dillon",
                EntityType::PER,
                "per:ryan-dillon",
                "Ryan Dillon",
            ),
            ent("Baghdad", EntityType::LOC, "geonames:98182", "Baghdad"),
        ],
        places: vec![Place {
            span: span_of(&text, "Baghdad"),
            text: "Baghdad".into(),
            name: "Baghdad".into(),
            country: Some("IQ".into()),
            lat: Some(33.34),
            lon: Some(44.40),
            geonames_id: Some(98182),
            feature: Some("city".into()),
        }],
        quotes: vec![Quote {
            span: Some(span_of(&text, "We did not make a deal with IS,")),
            text: "We did not make a deal with IS,".into(),
            speaker: Some("Ryan Dillon".into()),
            speaker_id: Some("per:ryan-dillon".into()),
            speaker_role: Some("spokesman".into()),
            kind: QuoteKind::Direct,
            cue: Some("said".into()),
        }],
        text,
        ..Default::default()
    }
}

/// A store of the demo articles, analysed by the real pipeline, and the marked record.
fn demo_store(dir: &Path) -> usize {
    let res = Resources::shared().expect("data files load");
    let rules = clean_rules().expect("cleaner rules load");
    let mut records = vec![marked_record()];
    let demo = repo().join("data/demo");
    let mut files: Vec<_> = std::fs::read_dir(&demo)
        .expect("data/demo exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    for f in files {
        for doc in read_file(&f, &ReadOptions::default()).into_iter().flatten() {
            if let Ok(article) = clean(&doc, &rules) {
                records.push(analyse(&article, &res));
            }
        }
    }
    let mut store = EmbeddedStore::open(dir).unwrap();
    store.put_batch(&records).unwrap();
    // Stories and claims, as `dossier ingest` relates them.
    let lex = dossier_relate::Lexicon::shared().expect("claims lexicon loads");
    let mut db = dossier_store::SqliteRelations::open(dir).unwrap();
    let digests = records
        .iter()
        .map(|r| dossier_relate::digest(r, &lex))
        .collect();
    dossier_relate::Relator::with_lexicon(&mut db, lex)
        .update_digests(digests)
        .unwrap();
    records.len()
}

struct Client {
    router: Router,
    doc: Value,
    /// `(method, path template)` of every documented operation exercised.
    covered: BTreeSet<(String, String)>,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

impl Client {
    fn new(app: &App) -> Self {
        Client {
            router: app.router(),
            doc: dossier_server::openapi_document(),
            covered: BTreeSet::new(),
        }
    }

    async fn send(&self, req: Request<Body>) -> Answer {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Sends a request to a documented operation and checks the answer against the document:
    /// its status is listed, and a JSON body matches the schema given for that status.
    async fn call(
        &mut self,
        method: &str,
        template: &str,
        uri: &str,
        req: Request<Body>,
        expect: u16,
    ) -> Answer {
        let a = self.send(req).await;
        assert_eq!(
            a.status.as_u16(),
            expect,
            "{method} {uri}: {}",
            String::from_utf8_lossy(&a.body)
        );
        let op = self
            .doc
            .pointer(&format!(
                "/paths/{}/{method}",
                template.replace('~', "~0").replace('/', "~1")
            ))
            .unwrap_or_else(|| panic!("{method} {template} is not documented"))
            .clone();
        let mut response = op
            .pointer(&format!("/responses/{expect}"))
            .unwrap_or_else(|| panic!("{method} {template}: status {expect} is not documented"))
            .clone();
        if let Some(r) = response.get("$ref").and_then(Value::as_str) {
            response = self.doc.pointer(&r[1..]).unwrap().clone();
        }
        let ctype = a
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let media = ctype.split(';').next().unwrap_or("").trim().to_string();
        let schema = response
            .pointer(&format!("/content/{}/schema", media.replace('/', "~1")))
            .unwrap_or_else(|| panic!("{method} {uri}: {media} is not documented for {expect}"))
            .clone();
        if media == "application/json" {
            let mut root = self.doc.clone();
            root.as_object_mut()
                .unwrap()
                .insert("allOf".into(), json!([schema]));
            let validator = jsonschema::validator_for(&root).unwrap();
            let body = a.json();
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .take(5)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{method} {uri}: {errors:#?}");
        }
        self.covered
            .insert((method.to_string(), template.to_string()));
        a
    }

    async fn get(&mut self, template: &str, uri: &str, expect: u16) -> Answer {
        let req = Request::get(uri).body(Body::empty()).unwrap();
        self.call("get", template, uri, req, expect).await
    }

    async fn post(
        &mut self,
        uri: &str,
        token: Option<&str>,
        ctype: &str,
        body: impl Into<Body>,
        expect: u16,
    ) -> Answer {
        let mut req = Request::post(uri).header(header::CONTENT_TYPE, ctype);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = req.body(body.into()).unwrap();
        self.call("post", "/api/articles", uri, req, expect).await
    }

    fn documented(&self) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for (path, ops) in self.doc["paths"].as_object().unwrap() {
            for method in ops.as_object().unwrap().keys() {
                out.insert((method.clone(), path.clone()));
            }
        }
        out
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let stored = demo_store(dir.path());
    let mut config = ServeConfig::new(dir.path().to_path_buf());
    config.ingest_token = Some(TOKEN.into());
    config.limits.max_upload_bytes = 16 * 1024;
    let app = App::open(config).unwrap();
    let mut c = Client::new(&app);

    let h = c.get("/api/health", "/api/health", 200).await.json();
    assert_eq!(h["records"], stored);
    assert_eq!(h["uploads"], true);
    let s = c.get("/api/stats", "/api/stats", 200).await.json();
    assert_eq!(s["records"], stored);
    assert!(s["entities"].as_u64().unwrap() >= 3);
    let doc = c
        .get("/api/openapi.json", "/api/openapi.json", 200)
        .await
        .json();
    assert_eq!(doc["openapi"], "3.1.0");

    // Search: the CLI's query language and filters, pages, CSV.
    let p = c
        .get("/api/search", "/api/search?q=Raqqa&limit=2", 200)
        .await
        .json();
    assert!(p["total"].as_u64().unwrap() >= 2, "{p}");
    assert_eq!(p["hits"].as_array().unwrap().len(), 2);
    let next = c
        .get("/api/search", "/api/search?q=Raqqa&limit=2&offset=2", 200)
        .await
        .json();
    assert_ne!(
        p["hits"][0]["id"],
        next["hits"].get(0).map_or(Value::Null, |h| h["id"].clone())
    );
    let f = c
        .get(
            "/api/search",
            "/api/search?q=%22deal%20with%20IS%22&source=test%20wire",
            200,
        )
        .await
        .json();
    assert_eq!(f["total"], 1);
    assert_eq!(f["hits"][0]["id"], "f00dfeed00000001");
    let csv = c
        .get("/api/search", "/api/search?q=Raqqa&format=csv", 200)
        .await;
    let csv_text = String::from_utf8(csv.body).unwrap();
    assert!(csv_text.starts_with("id,published,lang,source,title,score,snippet\r\n"));
    assert!(
        csv.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("dossier-search.csv")
    );
    let e = c
        .get("/api/search", "/api/search?limit=0", 400)
        .await
        .json();
    assert_eq!(e["status"], 400);
    c.get("/api/search", "/api/search?limit=1001", 400).await;
    c.get("/api/search", "/api/search?limit=ten", 400).await;
    c.get("/api/search", "/api/search?since=last%20week", 400)
        .await;
    let long = "a".repeat(1001);
    c.get("/api/search", &format!("/api/search?q={long}"), 414)
        .await;

    let all = c
        .get("/api/search/facets", "/api/search/facets", 200)
        .await
        .json();
    assert_eq!(all["counted"], stored);
    assert!(all["lang"].as_array().unwrap().len() >= 2, "{all}");
    let nl = c
        .get("/api/search/facets", "/api/search/facets?lang=nl", 200)
        .await
        .json();
    assert!(nl["total"].as_u64().unwrap() >= 1);
    assert_eq!(nl["lang"].as_array().unwrap().len(), 1);
    let by_entity = c
        .get(
            "/api/search/facets",
            "/api/search/facets?entity=per:ryan-dillon",
            200,
        )
        .await
        .json();
    assert!(
        by_entity["entity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["value"] == "org:islamic-state")
    );
    c.get("/api/search/facets", "/api/search/facets?until=soon", 400)
        .await;
    c.get(
        "/api/search/facets",
        &format!("/api/search/facets?q={long}"),
        414,
    )
    .await;

    // Articles.
    let r = c
        .get("/api/articles/{id}", "/api/articles/f00dfeed00000001", 200)
        .await
        .json();
    assert_eq!(r["meta"]["title"], "Coalition denies deal over Raqqa");
    c.get("/api/articles/{id}", "/api/articles/f00dfeed", 200)
        .await;
    c.get("/api/articles/{id}", "/api/articles/0123456789abcdef", 404)
        .await;
    c.get(
        "/api/articles/{id}",
        &format!("/api/articles/{}", "f".repeat(201)),
        400,
    )
    .await;

    // Entities, places, quotes, speakers.
    let ents = c
        .get("/api/entities", "/api/entities?type=per", 200)
        .await
        .json();
    assert!(
        ents["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "per:ryan-dillon")
    );
    c.get("/api/entities", "/api/entities?q=islamic&format=csv", 200)
        .await;
    c.get("/api/entities", "/api/entities?type=person-ish", 400)
        .await;
    let d = c
        .get("/api/entities/{id}", "/api/entities/per:ryan-dillon", 200)
        .await
        .json();
    assert!(d["quotes_by_total"].as_u64().unwrap() >= 1);
    let is = c
        .get(
            "/api/entities/{id}",
            &format!("/api/entities/{}", enc("org:islamic-state")),
            200,
        )
        .await
        .json();
    assert!(is["quotes_about_total"].as_u64().unwrap() >= 1);
    c.get("/api/entities/{id}", "/api/entities/per:nobody", 404)
        .await;

    let pl = c
        .get(
            "/api/places",
            "/api/places?since=2017-11&until=2017-11",
            200,
        )
        .await
        .json();
    assert!(
        pl["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Baghdad")
    );
    let none = c
        .get("/api/places", "/api/places?since=2019", 200)
        .await
        .json();
    assert_eq!(none["total"], 0);
    c.get("/api/places", "/api/places?format=json", 200).await;
    c.get("/api/places", "/api/places?since=yesterday", 400)
        .await;

    let q = c
        .get("/api/quotes", "/api/quotes?speaker=per:ryan-dillon", 200)
        .await
        .json();
    assert!(q["total"].as_u64().unwrap() >= 1);
    c.get("/api/quotes", "/api/quotes?kind=direct&format=csv", 200)
        .await;
    c.get("/api/quotes", "/api/quotes?kind=shouted", 400).await;
    let sp = c.get("/api/speakers", "/api/speakers", 200).await.json();
    assert!(sp["total"].as_u64().unwrap() >= 1);
    c.get("/api/speakers", "/api/speakers?q=dillon&format=csv", 200)
        .await;
    c.get("/api/speakers", "/api/speakers?offset=100001", 400)
        .await;

    // Stories and claims: the demo's relays are one story, with a contradiction in it.
    let st = c.get("/api/stories", "/api/stories", 200).await.json();
    assert!(st["total"].as_u64().unwrap() >= 1, "{st}");
    let story = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["articles"].as_i64().unwrap())
        .unwrap()
        .clone();
    assert!(story["articles"].as_i64().unwrap() >= 5, "{story}");
    let id = story["id"].as_i64().unwrap();
    let csv = c.get("/api/stories", "/api/stories?format=csv", 200).await;
    assert!(String::from_utf8_lossy(&csv.body).starts_with("story,label,"));
    c.get("/api/stories", "/api/stories?limit=0", 400).await;
    let r = c
        .get("/api/stories/{id}", &format!("/api/stories/{id}"), 200)
        .await
        .json();
    assert!(r["timeline"].as_array().unwrap().len() >= 5, "{r}");
    assert!(!r["claims"].as_array().unwrap().is_empty(), "{r}");
    assert!(
        r["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["speaker"].as_str().is_some_and(|s| s.contains("Dillon"))),
        "{r}"
    );
    c.get("/api/stories/{id}", "/api/stories/999999", 404).await;
    c.get("/api/stories/{id}", "/api/stories/raqqa", 400).await;
    let cl = c
        .get("/api/claims", "/api/claims?contradicted=true", 200)
        .await
        .json();
    let items = cl["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{cl}");
    assert!(items.iter().all(|g| g["verdict"] == "contradicted"), "{cl}");
    let csv = c
        .get(
            "/api/claims",
            &format!("/api/claims?story={id}&format=csv"),
            200,
        )
        .await;
    assert!(String::from_utf8_lossy(&csv.body).contains("corroborated"));
    c.get("/api/claims", "/api/claims?story=x", 400).await;
    // The map's story filter: only the places of that story's articles.
    let sp = c
        .get("/api/places", &format!("/api/places?story={id}"), 200)
        .await
        .json();
    assert!(
        sp["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"].as_str().is_some_and(|n| n.contains("Raqqa"))),
        "{sp}"
    );
    c.get("/api/places", "/api/places?story=999999", 404).await;

    // Uploads: token, size, readability; the hostile article comes back byte for byte.
    let hostile =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.jsonl"))
            .unwrap();
    let title: String = serde_json::from_slice::<Value>(&hostile).unwrap()["title"]
        .as_str()
        .unwrap()
        .into();
    c.post(
        "/api/articles",
        None,
        "application/x-ndjson",
        hostile.clone(),
        401,
    )
    .await;
    c.post(
        "/api/articles",
        Some("wrong-token-000"),
        "application/x-ndjson",
        hostile.clone(),
        401,
    )
    .await;
    let up = c
        .post(
            "/api/articles",
            Some(TOKEN),
            "application/x-ndjson",
            hostile.clone(),
            201,
        )
        .await
        .json();
    assert_eq!(up["new"], 1);
    let id = up["records"][0]["id"].as_str().unwrap().to_string();
    let again = c
        .post(
            "/api/articles?name=x.jsonl",
            Some(TOKEN),
            "text/plain",
            hostile,
            200,
        )
        .await
        .json();
    assert_eq!(again["present"], 1);
    let back = c
        .get("/api/articles/{id}", &format!("/api/articles/{id}"), 200)
        .await
        .json();
    assert_eq!(back["meta"]["title"], title);
    let text_upload = c
        .post(
            "/api/articles?url=https://www.example.nl/a/1",
            Some(TOKEN),
            "text/plain",
            "Kabinet valt\n\nHet kabinet is gevallen, zegt de premier in Den Haag.",
            201,
        )
        .await
        .json();
    assert_eq!(text_upload["new"], 1);
    // Uploads are related as `dossier ingest` relates: the new article is in a story.
    let in_stories: i64 = c
        .get("/api/stories", "/api/stories?limit=200", 200)
        .await
        .json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_i64().unwrap())
        .sum();
    assert_eq!(
        in_stories as usize,
        stored + 2,
        "every stored article is in a story"
    );
    c.post(
        "/api/articles",
        Some(TOKEN),
        "text/plain",
        "x".repeat(17 * 1024),
        413,
    )
    .await;
    c.post(
        "/api/articles?name=bad.jsonl",
        Some(TOKEN),
        "application/x-ndjson",
        "not json\n",
        422,
    )
    .await;
    c.post(
        "/api/articles?url=javascript:alert(1)",
        Some(TOKEN),
        "text/plain",
        "x",
        400,
    )
    .await;
    // The aggregates know the upload at once; the search index within its reload delay.
    let h = c.get("/api/health", "/api/health", 200).await.json();
    assert_eq!(h["records"], stored + 2);
    let mut found = 0;
    for _ in 0..50 {
        let r = c
            .get("/api/search", "/api/search?source=hostile", 200)
            .await
            .json();
        found = r["total"].as_u64().unwrap();
        if found == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(found, 1, "uploaded article searchable");

    // Errors outside the documented operations are JSON too.
    let a = c
        .send(Request::get("/api/nothing").body(Body::empty()).unwrap())
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["status"], 404);
    let a = c
        .send(Request::delete("/api/search").body(Body::empty()).unwrap())
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.json()["status"], 405);

    let missing: Vec<_> = c.documented().difference(&c.covered).cloned().collect();
    assert!(
        missing.is_empty(),
        "operations never exercised: {missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_uploads_are_refused_and_new_records_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let stored = demo_store(dir.path());
    let app = App::open(ServeConfig::new(dir.path().to_path_buf())).unwrap();
    let mut c = Client::new(&app);
    let e = c
        .post("/api/articles", Some(TOKEN), "text/plain", "Some text", 403)
        .await
        .json();
    assert!(e["message"].as_str().unwrap().contains("--ingest-token"));

    let before = c
        .get("/api/entities/{id}", "/api/entities/per:ryan-dillon", 200)
        .await
        .json()["quotes_by_total"]
        .as_u64()
        .unwrap();
    // Another process (here: this test) ingests while the server runs.
    let mut extra = marked_record();
    extra.id = "f00dfeed00000002".into();
    extra.text = extra.text.replace("14 November", "15 November");
    {
        let mut w = EmbeddedStore::open(dir.path()).unwrap();
        w.put_batch(&[extra]).unwrap();
    }
    assert_eq!(app.refresh().unwrap(), 1);
    assert_eq!(app.refresh().unwrap(), 0, "nothing new the second time");
    let h = c.get("/api/health", "/api/health", 200).await.json();
    assert_eq!(h["records"], stored + 1);
    let d = c
        .get("/api/entities/{id}", "/api/entities/per:ryan-dillon", 200)
        .await
        .json();
    assert_eq!(d["quotes_by_total"].as_u64().unwrap(), before + 1, "{d}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_assets_carry_security_headers_and_revalidate() {
    let dir = tempfile::tempdir().unwrap();
    demo_store(dir.path());
    let app = App::open(ServeConfig::new(dir.path().to_path_buf())).unwrap();
    let c = Client::new(&app);
    for (uri, status, mime) in [
        ("/", 200, "text/html"),
        ("/articles/f00dfeed00000001", 200, "text/html"),
        ("/entities/per:ryan-dillon", 200, "text/html"),
        ("/map", 200, "text/html"),
        ("/no/such/page", 404, "text/html"),
        ("/assets/app.js", 200, "text/javascript"),
        ("/assets/app.css", 200, "text/css"),
        ("/assets/world-110m.json", 200, "application/json"),
    ] {
        let a = c.send(Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(a.status.as_u16(), status, "{uri}");
        let h = &a.headers;
        assert!(
            h[header::CONTENT_TYPE].to_str().unwrap().starts_with(mime),
            "{uri}"
        );
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let first = c
        .send(Request::get("/assets/app.js").body(Body::empty()).unwrap())
        .await;
    let tag = first.headers[header::ETAG].clone();
    let again = c
        .send(
            Request::get("/assets/app.js")
                .header(header::IF_NONE_MATCH, tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}
