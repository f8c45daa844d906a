use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use dossier_model::{Record, SCHEMA};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc,
};

use crate::search::{Fields, register_tokenizers, schema};
use crate::{Hit, RecordStore, SearchQuery, SearchResults, StoreError, StoreStats};

type Clause = (Occur, Box<dyn Query>);

/// The store directory: `$DOSSIER_HOME`, else `./dossier-data`.
pub fn default_home() -> PathBuf {
    std::env::var_os("DOSSIER_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dossier-data"))
}

/// Records in `DIR/records.sqlite`, their full text in `DIR/index/`.
pub struct EmbeddedStore {
    dir: PathBuf,
    pub(crate) conn: Connection,
    index: Index,
    pub(crate) reader: IndexReader,
    writer: Option<IndexWriter>,
    pub(crate) fields: Fields,
}

const SQL_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    lang TEXT NOT NULL,
    format TEXT NOT NULL,
    uri TEXT,
    title TEXT,
    published TEXT,
    publisher TEXT,
    month TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_published ON records(published);
CREATE INDEX IF NOT EXISTS records_unindexed ON records(indexed) WHERE indexed = 0;
";

impl EmbeddedStore {
    /// Opens the store in `dir` for reading and writing, creating it if needed, and brings
    /// the search index up to date with the records (after an interrupted ingest).
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let open_err = |message: String| StoreError::Open {
            dir: dir.to_path_buf(),
            message,
        };
        std::fs::create_dir_all(dir.join("index")).map_err(|e| open_err(e.to_string()))?;
        let conn = Connection::open(dir.join("records.sqlite"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SQL_SCHEMA)?;
        let stored: Option<String> = conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'schema'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match stored {
            None => {
                conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('schema', ?1)",
                    [SCHEMA],
                )?;
            }
            Some(s) if s != SCHEMA => {
                return Err(open_err(format!(
                    "holds records of schema {s}, this dossier writes {SCHEMA}"
                )));
            }
            Some(_) => {}
        }
        let (index, fields) = open_index(dir, true)?;
        let writer = index.writer_with_num_threads(1, 64_000_000).map_err(|e| {
            open_err(format!(
                "search index is locked or unwritable ({e}); is another dossier ingest running?"
            ))
        })?;
        let reader = reader(&index)?;
        let mut store = EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
            reader,
            writer: Some(writer),
            fields,
        };
        store.repair_index()?;
        Ok(store)
    }

    /// Opens an existing store for reading only (search, show, serve).
    pub fn open_read_only(dir: &Path) -> Result<Self, StoreError> {
        let db = dir.join("records.sqlite");
        if !db.exists() {
            return Err(StoreError::Open {
                dir: dir.to_path_buf(),
                message: "no store here; run `dossier ingest` first or set DOSSIER_HOME".into(),
            });
        }
        let conn = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let (index, fields) = open_index(dir, false)?;
        let reader = reader(&index)?;
        Ok(EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
            reader,
            writer: None,
            fields,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Re-indexes records committed to SQLite whose index commit did not happen.
    fn repair_index(&mut self) -> Result<usize, StoreError> {
        let pending: Vec<(String, String)> = {
            let mut st = self
                .conn
                .prepare("SELECT id, record FROM records WHERE indexed = 0")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        if pending.is_empty() {
            return Ok(0);
        }
        let mut records = Vec::with_capacity(pending.len());
        for (id, json) in pending {
            let rec: Record = serde_json::from_str(&json).map_err(|e| StoreError::Record {
                id: id.clone(),
                message: e.to_string(),
            })?;
            records.push(rec);
        }
        let refs: Vec<&Record> = records.iter().collect();
        self.index_records(&refs)?;
        Ok(records.len())
    }

    fn index_records(&mut self, records: &[&Record]) -> Result<(), StoreError> {
        let fields = self.fields.clone();
        let writer = self.writer.as_mut().ok_or_else(|| StoreError::Open {
            dir: self.dir.clone(),
            message: "opened read-only".into(),
        })?;
        for rec in records {
            writer.delete_term(Term::from_field_text(fields.id, &rec.id));
            writer.add_document(document(&fields, rec))?;
        }
        writer.commit()?;
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare("UPDATE records SET indexed = 1 WHERE id = ?1")?;
            for rec in records {
                st.execute([&rec.id])?;
            }
        }
        tx.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn record_from_json(id: &str, json: &str) -> Result<Record, StoreError> {
        serde_json::from_str(json).map_err(|e| StoreError::Record {
            id: id.to_string(),
            message: format!("stored JSON does not parse: {e}"),
        })
    }

    /// All records, oldest publication first, for exports and relating.
    pub fn all_records(&self) -> Result<Vec<Record>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, record FROM records ORDER BY published, id")?;
        let rows: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.iter()
            .map(|(id, j)| Self::record_from_json(id, j))
            .collect()
    }

    /// The whole query of a search (filters and text) and its text part alone, for snippets.
    pub(crate) fn build_query(&self, q: &SearchQuery) -> Result<BuiltQuery, StoreError> {
        let mut parser = QueryParser::for_index(&self.index, self.fields.all_text());
        parser.set_conjunction_by_default();
        for (_, t, _) in &self.fields.text {
            parser.set_field_boost(*t, 2.0);
        }
        let mut clauses = self.filters(q)?;
        let mut warning = None;
        let text_query = if q.text.trim().is_empty() {
            None
        } else {
            let (query, errors) = parser.parse_query_lenient(&q.text);
            if let Some(e) = errors.first() {
                warning = Some(format!("query {:?}: {e}; searched for the rest", q.text));
            }
            Some(query)
        };
        if let Some(tq) = &text_query {
            clauses.push((Occur::Must, tq.box_clone()));
        }
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        Ok((BooleanQuery::new(clauses), text_query, warning))
    }

    fn filters(&self, q: &SearchQuery) -> Result<Vec<Clause>, StoreError> {
        let f = &self.fields;
        let mut out: Vec<Clause> = Vec::new();
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(lang) = &q.lang {
            out.push((Occur::Must, term(f.lang, &lang.to_lowercase())));
        }
        if let Some(src) = &q.source {
            out.push((Occur::Must, term(f.source, &src.to_lowercase())));
        }
        if let Some(e) = &q.entity {
            out.push((Occur::Must, term(f.entity, &e.to_lowercase())));
        }
        if let Some(p) = &q.place {
            out.push((Occur::Must, term(f.place, &p.to_lowercase())));
        }
        if q.since.is_some() || q.until.is_some() {
            let bound =
                |s: &Option<String>, end: bool| -> Result<std::ops::Bound<Term>, StoreError> {
                    match s {
                        None => Ok(std::ops::Bound::Unbounded),
                        Some(s) => {
                            let d = parse_date(s, end).ok_or_else(|| StoreError::Query {
                                query: s.clone(),
                                message: "not a date; use YYYY-MM-DD".into(),
                            })?;
                            Ok(std::ops::Bound::Included(Term::from_field_date(
                                f.published,
                                d,
                            )))
                        }
                    }
                };
            out.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(&q.since, false)?,
                    bound(&q.until, true)?,
                )),
            ));
        }
        Ok(out)
    }
}

fn open_index(dir: &Path, create: bool) -> Result<(Index, Fields), StoreError> {
    let (schema, fields) = schema();
    let path = dir.join("index");
    let dir_handle =
        tantivy::directory::MmapDirectory::open(&path).map_err(|e| StoreError::Open {
            dir: dir.to_path_buf(),
            message: format!("search index: {e}"),
        })?;
    let exists = Index::exists(&dir_handle).unwrap_or(false);
    let index = if exists {
        Index::open(dir_handle)?
    } else if create {
        Index::create(dir_handle, schema, tantivy::IndexSettings::default())?
    } else {
        return Err(StoreError::Open {
            dir: dir.to_path_buf(),
            message: "search index missing; run `dossier ingest` to rebuild it".into(),
        });
    };
    register_tokenizers(&index);
    Ok((index, fields))
}

fn reader(index: &Index) -> Result<IndexReader, StoreError> {
    Ok(index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()?)
}

/// A date (or date-time) string as a tantivy date; a bare date is the start of that day, or
/// its end when `end` is set.
/// A search's whole query, its text part alone (for snippets), and a warning about any part of
/// the text that could not be parsed.
pub(crate) type BuiltQuery = (BooleanQuery, Option<Box<dyn Query>>, Option<String>);

fn parse_date(s: &str, end: bool) -> Option<DateTime> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(DateTime::from_timestamp_secs(ts.as_second()));
    }
    // A day, a month (`2017-10`) or a year (`2017`): `--since` takes its first day, `--until`
    // its last, so `--until 2017-10` keeps all of October.
    let (first, last) = if let Ok(d) = s.parse::<jiff::civil::Date>() {
        (d, d)
    } else if let Ok(d) = format!("{s}-01").parse::<jiff::civil::Date>() {
        (d, d.last_of_month())
    } else {
        let d = format!("{s}-01-01").parse::<jiff::civil::Date>().ok()?;
        (d, d.last_of_year())
    };
    let day = if end { last } else { first };
    let secs = day
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp()
        .as_second();
    Some(DateTime::from_timestamp_secs(if end {
        secs + 86_399
    } else {
        secs
    }))
}

fn source_keys(rec: &Record) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(p) = &rec.meta.publisher {
        keys.push(p.to_lowercase());
    }
    keys.extend(rec.meta.attributed_to.iter().map(|a| a.to_lowercase()));
    for uri in [&rec.meta.url, &rec.source.uri].into_iter().flatten() {
        if let Some(rest) = uri.split("://").nth(1) {
            let host = rest
                .split(['/', ':', '?'])
                .next()
                .unwrap_or("")
                .to_lowercase();
            let host = host.trim_start_matches("www.").to_string();
            if let Some(label) = host.split('.').next() {
                keys.push(label.to_string());
            }
            keys.push(host);
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn document(f: &Fields, rec: &Record) -> TantivyDocument {
    let (title_f, text_f) = f.text_fields_for(&rec.lang);
    let body = match &rec.meta.title {
        Some(t) => rec.text.strip_prefix(t.as_str()).unwrap_or(&rec.text),
        None => &rec.text,
    };
    let mut d = doc!(
        f.id => rec.id.as_str(),
        f.lang => rec.lang.as_str(),
        title_f => rec.meta.title.clone().unwrap_or_default(),
        text_f => body,
    );
    for k in source_keys(rec) {
        d.add_text(f.source, &k);
    }
    if let Some(p) = rec
        .meta
        .published
        .as_deref()
        .and_then(|p| parse_date(p, false))
    {
        d.add_date(f.published, p);
    }
    for e in &rec.entities {
        d.add_text(f.entity, e.id.to_lowercase());
        d.add_text(f.entity, e.canonical.to_lowercase());
        d.add_text(f.entity, e.text.to_lowercase());
    }
    for p in &rec.places {
        d.add_text(f.place, p.name.to_lowercase());
        d.add_text(f.place, p.text.to_lowercase());
        if let Some(g) = p.geonames_id {
            d.add_text(f.place, g.to_string());
        }
        if let Some(c) = &p.country {
            d.add_text(f.place, c.to_lowercase());
        }
    }
    d
}

impl RecordStore for EmbeddedStore {
    fn put_batch(&mut self, records: &[Record]) -> Result<Vec<bool>, StoreError> {
        let now = jiff::Timestamp::now().to_string();
        let mut new = Vec::with_capacity(records.len());
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "INSERT OR IGNORE INTO records
                 (id, lang, format, uri, title, published, publisher, month, ingested_at, indexed, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)",
            )?;
            for rec in records {
                let json = serde_json::to_string(rec).map_err(|e| StoreError::Record {
                    id: rec.id.clone(),
                    message: e.to_string(),
                })?;
                let month = rec
                    .meta
                    .published
                    .as_deref()
                    .and_then(|p| p.get(..7))
                    .map(str::to_string)
                    .unwrap_or_else(|| "unknown".into());
                let n = st.execute(params![
                    rec.id,
                    rec.lang,
                    rec.source.format.as_str(),
                    rec.source.uri,
                    rec.meta.title,
                    rec.meta.published,
                    rec.meta
                        .publisher
                        .clone()
                        .or_else(|| rec.meta.attributed_to.first().cloned()),
                    month,
                    now,
                    json
                ])?;
                new.push(n == 1);
            }
        }
        tx.commit()?;
        let fresh: Vec<&Record> = records
            .iter()
            .zip(&new)
            .filter(|(_, n)| **n)
            .map(|(r, _)| r)
            .collect();
        if !fresh.is_empty() {
            self.index_records(&fresh)?;
        }
        Ok(new)
    }

    fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM records WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn get(&self, id: &str) -> Result<Option<Record>, StoreError> {
        let exact: Option<String> = self
            .conn
            .query_row("SELECT record FROM records WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(j) = exact {
            return Self::record_from_json(id, &j).map(Some);
        }
        if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut st = self
            .conn
            .prepare("SELECT id, record FROM records WHERE id LIKE ?1 || '%' LIMIT 2")?;
        let rows: Vec<(String, String)> = st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            0 => Ok(None),
            1 => Self::record_from_json(&rows[0].0, &rows[0].1).map(Some),
            _ => Err(StoreError::Ambiguous(id.to_string())),
        }
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, StoreError> {
        let searcher = self.reader.searcher();
        let (query, text_query, warning) = self.build_query(q)?;
        let limit = q.limit.clamp(1, 1000);
        let (total, top) = searcher.search(
            &query,
            &(
                Count,
                TopDocs::with_limit(limit)
                    .and_offset(q.offset)
                    .order_by_score(),
            ),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        // One snippet generator per language's text field, not one per hit.
        let mut generators: HashMap<Field, SnippetGenerator> = HashMap::new();
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let Some(id) = d
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .map(str::to_string)
            else {
                continue;
            };
            let Some(rec) = self.get(&id)? else { continue };
            let snippet = match &text_query {
                Some(tq) => {
                    let (_, text_f) = self.fields.text_fields_for(&rec.lang);
                    let g = match generators.entry(text_f) {
                        Entry::Occupied(o) => o.into_mut(),
                        Entry::Vacant(v) => {
                            let mut g = SnippetGenerator::create(&searcher, tq.as_ref(), text_f)?;
                            g.set_max_num_chars(200);
                            v.insert(g)
                        }
                    };
                    let body = rec
                        .meta
                        .title
                        .as_deref()
                        .and_then(|t| rec.text.strip_prefix(t))
                        .unwrap_or(&rec.text)
                        .trim_start();
                    let s = g.snippet(body);
                    mark(s.fragment(), s.highlighted())
                }
                None => String::new(),
            };
            let snippet = if snippet.trim().is_empty() {
                first_words(&rec.text, rec.meta.title.as_deref(), 200)
            } else {
                snippet
            };
            hits.push(Hit {
                id: rec.id.clone(),
                score,
                published: rec.meta.published.clone(),
                title: rec.meta.title.clone(),
                lang: rec.lang.clone(),
                source: rec
                    .meta
                    .publisher
                    .clone()
                    .or_else(|| rec.meta.attributed_to.first().cloned())
                    .or_else(|| rec.source.uri.clone()),
                snippet,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            warning,
        })
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        let records: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))?;
        let records = records as u64;
        let group = |col: &str| -> Result<Vec<(String, u64)>, StoreError> {
            let sql = format!(
                "SELECT COALESCE({col}, 'unknown'), COUNT(*) FROM records GROUP BY 1 ORDER BY 2 DESC, 1"
            );
            let mut st = self.conn.prepare(&sql)?;
            let rows = st
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        };
        let mut by_month = group("month")?;
        by_month.sort();
        Ok(StoreStats {
            records,
            by_lang: group("lang")?,
            by_source: group("publisher")?,
            by_month,
            by_format: group("format")?,
        })
    }

    fn ids(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id FROM records ORDER BY published, id")?;
        let ids = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

/// Query syntax errors are recovered from (the rest of the query still runs); say so once.
fn mark(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(fragment.len() + 8 * highlighted.len());
    let mut pos = 0;
    for r in highlighted {
        if r.start < pos || r.end > fragment.len() {
            continue;
        }
        out.push_str(&fragment[pos..r.start]);
        out.push_str("**");
        out.push_str(&fragment[r.clone()]);
        out.push_str("**");
        pos = r.end;
    }
    out.push_str(&fragment[pos..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_words(text: &str, title: Option<&str>, max: usize) -> String {
    let body = title
        .and_then(|t| text.strip_prefix(t))
        .unwrap_or(text)
        .trim_start();
    let mut out = String::new();
    for w in body.split_whitespace() {
        if out.len() + w.len() > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
