//! Where stories, learned aliases and claims live: tables beside the records in the store's
//! SQLite database, behind the [`RelationStore`] trait so a server database can take their
//! place. Rows carry their analysis as JSON (profiles, digests, claim groups): this module
//! stores and finds them by the columns it indexes and knows nothing of what relating means.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

use crate::StoreError;

/// A story: a group of articles about one event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryRow {
    pub id: i64,
    pub label: String,
    /// Publication date of its first and last article (ISO 8601), when known.
    pub first: Option<String>,
    pub last: Option<String>,
    pub size: i64,
    /// What the story lists (places, actors, languages, verdict counts), as JSON.
    pub summary: String,
    /// What new articles are compared with, as JSON.
    pub profile: String,
}

/// An article's place in a story, with what relating needs of it (its digest, as JSON).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberRow {
    pub record_id: String,
    pub story_id: i64,
    /// How strongly the article matched the story when it joined (1 for a story's first).
    pub score: f64,
    pub published: Option<String>,
    pub digest: String,
}

/// A name learned to stand for an entity id, with the evidence it was learned from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AliasRow {
    /// An entity id or a folded name.
    pub alias: String,
    pub target: String,
    /// How it was learned: `apposition`, `surname`, ...
    pub kind: String,
    /// The story it holds in, or 0 for the whole store.
    pub scope: i64,
    pub count: i64,
    /// Where it was seen (a record id and the words), the first time.
    pub evidence: String,
}

/// One entity's mentions in one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MentionRow {
    /// The id the analysers gave (resolution to learned aliases happens when reading).
    pub entity_id: String,
    pub record_id: String,
    pub story_id: i64,
    pub published: Option<String>,
    pub count: i64,
    /// The names used, lower-cased, as a JSON array of strings.
    pub forms: String,
}

/// A group of aligned claims in a story, with its verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimRow {
    pub story_id: i64,
    /// Stable within the story (`people/leave`, `quote/per:ryan-dillon/1`).
    pub key: String,
    /// `figure` or `quote`.
    pub kind: String,
    pub verdict: String,
    /// Entity ids the group is about or attributed to, for filtering.
    pub entities: Vec<String>,
    pub body: String,
}

/// Which claim groups to list.
#[derive(Clone, Debug, Default)]
pub struct ClaimQuery {
    pub story: Option<i64>,
    /// Any of these entity ids.
    pub entities: Vec<String>,
    pub verdict: Option<String>,
    pub limit: usize,
}

/// Everything one relating step changes, applied in one transaction.
#[derive(Clone, Debug, Default)]
pub struct RelationUpdate {
    /// Stories to insert or replace, each with the keys it is found by.
    pub stories: Vec<(StoryRow, Vec<String>)>,
    pub members: Vec<MemberRow>,
    /// Feature keys seen in the new articles (one per article each), for document frequencies.
    pub df_keys: Vec<String>,
    pub new_docs: u64,
    /// Added to what is stored (counts summed).
    pub aliases: Vec<AliasRow>,
    pub mentions: Vec<MentionRow>,
    /// Claim groups per story; they replace the story's stored ones.
    pub claims: Vec<(i64, Vec<ClaimRow>)>,
}

/// What a store of stories, aliases and claims can do, whatever holds it.
pub trait RelationStore {
    /// Stories holding any of `keys`, with how many of them each holds, most first.
    fn stories_with_keys(&self, keys: &[String]) -> Result<Vec<(i64, usize)>, StoreError>;
    fn stories(&self, ids: &[i64]) -> Result<Vec<StoryRow>, StoreError>;
    /// Stories, latest first.
    fn list_stories(&self, limit: usize, offset: usize) -> Result<Vec<StoryRow>, StoreError>;
    fn story_count(&self) -> Result<u64, StoreError>;
    fn next_story_id(&self) -> Result<i64, StoreError>;
    /// Members of a story, oldest first.
    fn members(&self, story: i64) -> Result<Vec<MemberRow>, StoreError>;
    fn member(&self, record_id: &str) -> Result<Option<MemberRow>, StoreError>;
    /// Number of related articles and the document frequency of each key.
    fn doc_freqs(&self, keys: &[String]) -> Result<(u64, HashMap<String, u64>), StoreError>;
    fn aliases(&self) -> Result<Vec<AliasRow>, StoreError>;
    fn claim_groups(&self, q: &ClaimQuery) -> Result<Vec<ClaimRow>, StoreError>;
    /// Mentions of any of these entity ids, oldest first.
    fn mentions(&self, entity_ids: &[String]) -> Result<Vec<MentionRow>, StoreError>;
    /// Entity ids whose id or a name used for them matches `name` (case-insensitive).
    fn entity_ids_named(&self, name: &str) -> Result<Vec<String>, StoreError>;
    fn apply(&mut self, update: &RelationUpdate) -> Result<(), StoreError>;
}

const SQL_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS rel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rel_stories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    first TEXT,
    last TEXT,
    size INTEGER NOT NULL,
    updated TEXT NOT NULL,
    summary TEXT NOT NULL,
    profile TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rel_stories_last ON rel_stories(last);
CREATE TABLE IF NOT EXISTS rel_story_keys (
    key TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rel_story_keys_story ON rel_story_keys(story_id);
CREATE TABLE IF NOT EXISTS rel_members (
    record_id TEXT PRIMARY KEY,
    story_id INTEGER NOT NULL,
    score REAL NOT NULL,
    published TEXT,
    digest TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rel_members_story ON rel_members(story_id, published);
CREATE TABLE IF NOT EXISTS rel_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_aliases (
    alias TEXT NOT NULL,
    target TEXT NOT NULL,
    scope INTEGER NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (alias, target, scope)
);
CREATE TABLE IF NOT EXISTS rel_mentions (
    entity_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    published TEXT,
    count INTEGER NOT NULL,
    forms TEXT NOT NULL,
    PRIMARY KEY (entity_id, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rel_mentions_record ON rel_mentions(record_id);
CREATE TABLE IF NOT EXISTS rel_claims (
    story_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    verdict TEXT NOT NULL,
    entities TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (story_id, key)
);
CREATE INDEX IF NOT EXISTS rel_claims_verdict ON rel_claims(verdict);
";

/// Stories, aliases and claims in the store's SQLite database (`DIR/records.sqlite`), on a
/// connection of their own so relating never holds the record writer.
pub struct SqliteRelations {
    conn: Connection,
}

impl SqliteRelations {
    /// Opens (creating the tables if needed) the relations of the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
            dir: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let conn = Connection::open(dir.join("records.sqlite"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
    }

    /// Opens the relations of an existing store for reading; a store that was never related
    /// reads as empty.
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
        let exists: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rel_stories'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            // Read-only and never related: an in-memory database with the empty tables.
            return Self::open_in_memory();
        }
        Ok(SqliteRelations { conn })
    }

    /// Relations in memory, for evaluations and tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SQL_SCHEMA)?;
        Ok(SqliteRelations { conn })
    }

    fn story_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoryRow> {
        Ok(StoryRow {
            id: r.get(0)?,
            label: r.get(1)?,
            first: r.get(2)?,
            last: r.get(3)?,
            size: r.get(4)?,
            summary: r.get(5)?,
            profile: r.get(6)?,
        })
    }

    fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
        Ok(MemberRow {
            record_id: r.get(0)?,
            story_id: r.get(1)?,
            score: r.get(2)?,
            published: r.get(3)?,
            digest: r.get(4)?,
        })
    }
}

/// `?,?,?` for `n` parameters.
fn placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 2);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push('?');
    }
    s
}

/// SQLite's limit on parameters per statement, kept well under.
const CHUNK: usize = 500;

impl RelationStore for SqliteRelations {
    fn stories_with_keys(&self, keys: &[String]) -> Result<Vec<(i64, usize)>, StoreError> {
        let mut hits: HashMap<i64, usize> = HashMap::new();
        for part in keys.chunks(CHUNK) {
            let sql = format!(
                "SELECT story_id, COUNT(*) FROM rel_story_keys WHERE key IN ({}) GROUP BY story_id",
                placeholders(part.len())
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(params_from_iter(part.iter()), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
            })?;
            for row in rows {
                let (id, n) = row?;
                *hits.entry(id).or_default() += n;
            }
        }
        let mut out: Vec<(i64, usize)> = hits.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    fn stories(&self, ids: &[i64]) -> Result<Vec<StoryRow>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for part in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, label, first, last, size, summary, profile FROM rel_stories
                 WHERE id IN ({}) ORDER BY id",
                placeholders(part.len())
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(params_from_iter(part.iter()), Self::story_from_row)?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }

    fn list_stories(&self, limit: usize, offset: usize) -> Result<Vec<StoryRow>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, label, first, last, size, summary, profile FROM rel_stories
             ORDER BY COALESCE(last, '') DESC, size DESC, id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map(
            params![limit.min(i64::MAX as usize) as i64, offset as i64],
            Self::story_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn story_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM rel_stories", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn next_story_id(&self) -> Result<i64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM rel_stories",
            [],
            |r| r.get(0),
        )?;
        Ok(n)
    }

    fn members(&self, story: i64) -> Result<Vec<MemberRow>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT record_id, story_id, score, published, digest FROM rel_members
             WHERE story_id = ?1 ORDER BY COALESCE(published, ''), record_id",
        )?;
        let rows = st.query_map([story], Self::member_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn member(&self, record_id: &str) -> Result<Option<MemberRow>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT record_id, story_id, score, published, digest FROM rel_members
             WHERE record_id = ?1",
        )?;
        Ok(st
            .query_row([record_id], Self::member_from_row)
            .optional()?)
    }

    fn doc_freqs(&self, keys: &[String]) -> Result<(u64, HashMap<String, u64>), StoreError> {
        let docs: Option<String> = self
            .conn
            .query_row("SELECT value FROM rel_meta WHERE key = 'docs'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let docs = docs.and_then(|d| d.parse().ok()).unwrap_or(0);
        let mut out = HashMap::with_capacity(keys.len());
        for part in keys.chunks(CHUNK) {
            let sql = format!(
                "SELECT key, df FROM rel_df WHERE key IN ({})",
                placeholders(part.len())
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(params_from_iter(part.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?;
            for r in rows {
                let (k, n) = r?;
                out.insert(k, n);
            }
        }
        Ok((docs, out))
    }

    fn aliases(&self) -> Result<Vec<AliasRow>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT alias, target, kind, scope, count, evidence FROM rel_aliases
             ORDER BY alias, scope, count DESC, target",
        )?;
        let rows = st.query_map([], |r| {
            Ok(AliasRow {
                alias: r.get(0)?,
                target: r.get(1)?,
                kind: r.get(2)?,
                scope: r.get(3)?,
                count: r.get(4)?,
                evidence: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn claim_groups(&self, q: &ClaimQuery) -> Result<Vec<ClaimRow>, StoreError> {
        let mut sql = String::from(
            "SELECT story_id, key, kind, verdict, entities, body FROM rel_claims WHERE 1 = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(s) = q.story {
            sql.push_str(" AND story_id = ?");
            args.push(s.into());
        }
        if let Some(v) = &q.verdict {
            sql.push_str(" AND verdict = ?");
            args.push(v.clone().into());
        }
        if !q.entities.is_empty() {
            sql.push_str(" AND (");
            for (i, e) in q.entities.iter().enumerate() {
                if i > 0 {
                    sql.push_str(" OR ");
                }
                sql.push_str("instr(entities, ?) > 0");
                args.push(format!(" {e} ").into());
            }
            sql.push(')');
        }
        sql.push_str(" ORDER BY story_id DESC, kind, key LIMIT ?");
        args.push((q.limit.clamp(1, 1_000_000) as i64).into());
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(params_from_iter(args.iter()), |r| {
            let ents: String = r.get(4)?;
            Ok(ClaimRow {
                story_id: r.get(0)?,
                key: r.get(1)?,
                kind: r.get(2)?,
                verdict: r.get(3)?,
                entities: ents.split_whitespace().map(str::to_string).collect(),
                body: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn mentions(&self, entity_ids: &[String]) -> Result<Vec<MentionRow>, StoreError> {
        let mut out = Vec::new();
        for part in entity_ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT entity_id, record_id, story_id, published, count, forms FROM rel_mentions
                 WHERE entity_id IN ({})",
                placeholders(part.len())
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(params_from_iter(part.iter()), |r| {
                Ok(MentionRow {
                    entity_id: r.get(0)?,
                    record_id: r.get(1)?,
                    story_id: r.get(2)?,
                    published: r.get(3)?,
                    count: r.get(4)?,
                    forms: r.get(5)?,
                })
            })?;
            for r in rows {
                out.push(r?);
            }
        }
        out.sort_by(|a, b| {
            a.published
                .cmp(&b.published)
                .then(a.record_id.cmp(&b.record_id))
        });
        Ok(out)
    }

    fn entity_ids_named(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let lower = name.trim().to_lowercase();
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT entity_id FROM rel_mentions
             WHERE lower(entity_id) = ?1 OR instr(lower(forms), ?2) > 0
             UNION SELECT DISTINCT target FROM rel_aliases WHERE lower(alias) = ?1
             UNION SELECT DISTINCT alias FROM rel_aliases WHERE lower(target) = ?1",
        )?;
        // Forms are stored as a JSON array of strings: match a whole element.
        let quoted = serde_json::to_string(&lower).unwrap_or_default();
        let rows = st.query_map(params![lower, quoted], |r| r.get::<_, String>(0))?;
        let mut out: Vec<String> = rows.collect::<Result<_, _>>()?;
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn apply(&mut self, u: &RelationUpdate) -> Result<(), StoreError> {
        let now = jiff::Timestamp::now().to_string();
        let tx = self.conn.transaction()?;
        {
            let mut del_keys =
                tx.prepare_cached("DELETE FROM rel_story_keys WHERE story_id = ?1")?;
            let mut put_key = tx.prepare_cached(
                "INSERT OR IGNORE INTO rel_story_keys (key, story_id) VALUES (?1, ?2)",
            )?;
            let mut put_story = tx.prepare_cached(
                "INSERT OR REPLACE INTO rel_stories
                 (id, label, first, last, size, updated, summary, profile)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (s, keys) in &u.stories {
                put_story.execute(params![
                    s.id, s.label, s.first, s.last, s.size, now, s.summary, s.profile
                ])?;
                del_keys.execute([s.id])?;
                for k in keys {
                    put_key.execute(params![k, s.id])?;
                }
            }
            let mut put_member = tx.prepare_cached(
                "INSERT OR REPLACE INTO rel_members (record_id, story_id, score, published, digest)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for m in &u.members {
                put_member.execute(params![
                    m.record_id,
                    m.story_id,
                    m.score,
                    m.published,
                    m.digest
                ])?;
            }
            let mut df = tx.prepare_cached(
                "INSERT INTO rel_df (key, df) VALUES (?1, 1)
                 ON CONFLICT(key) DO UPDATE SET df = df + 1",
            )?;
            for k in &u.df_keys {
                df.execute([k])?;
            }
            if u.new_docs > 0 {
                tx.execute(
                    "INSERT INTO rel_meta (key, value) VALUES ('docs', ?1)
                     ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?1",
                    [u.new_docs as i64],
                )?;
            }
            let mut alias = tx.prepare_cached(
                "INSERT INTO rel_aliases (alias, target, scope, kind, count, evidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(alias, target, scope) DO UPDATE SET count = count + excluded.count",
            )?;
            for a in &u.aliases {
                alias.execute(params![
                    a.alias, a.target, a.scope, a.kind, a.count, a.evidence
                ])?;
            }
            let mut mention = tx.prepare_cached(
                "INSERT OR REPLACE INTO rel_mentions
                 (entity_id, record_id, story_id, published, count, forms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for m in &u.mentions {
                mention.execute(params![
                    m.entity_id,
                    m.record_id,
                    m.story_id,
                    m.published,
                    m.count,
                    m.forms
                ])?;
            }
            let mut del_claims = tx.prepare_cached("DELETE FROM rel_claims WHERE story_id = ?1")?;
            let mut put_claim = tx.prepare_cached(
                "INSERT OR REPLACE INTO rel_claims (story_id, key, kind, verdict, entities, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (story, rows) in &u.claims {
                del_claims.execute([story])?;
                for c in rows {
                    let ents = format!(" {} ", c.entities.join(" "));
                    put_claim.execute(params![story, c.key, c.kind, c.verdict, ents, c.body])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: i64, last: &str) -> StoryRow {
        StoryRow {
            id,
            label: format!("story {id}"),
            first: Some("2017-11-13".into()),
            last: Some(last.into()),
            size: 1,
            summary: "{}".into(),
            profile: "{}".into(),
        }
    }

    #[test]
    fn an_update_is_found_by_keys_members_and_entities() {
        let mut db = SqliteRelations::open_in_memory().unwrap();
        assert_eq!(db.next_story_id().unwrap(), 1);
        let u = RelationUpdate {
            stories: vec![
                (
                    story(1, "2017-11-14"),
                    vec!["e:org:bbc".into(), "p:163843".into()],
                ),
                (story(2, "2017-11-15"), vec!["p:163843".into()]),
            ],
            members: vec![MemberRow {
                record_id: "abc".into(),
                story_id: 1,
                score: 1.0,
                published: Some("2017-11-14".into()),
                digest: "{}".into(),
            }],
            df_keys: vec!["p:163843".into(), "p:163843".into()],
            new_docs: 2,
            aliases: vec![AliasRow {
                alias: "org:fds".into(),
                target: "org:syrian-democratic-forces".into(),
                kind: "apposition".into(),
                scope: 0,
                count: 1,
                evidence: "abc".into(),
            }],
            mentions: vec![MentionRow {
                entity_id: "per:ryan-dillon".into(),
                record_id: "abc".into(),
                story_id: 1,
                published: None,
                count: 2,
                forms: r#"["ryan dillon","dillon"]"#.into(),
            }],
            claims: vec![(
                1,
                vec![ClaimRow {
                    story_id: 1,
                    key: "people/leave".into(),
                    kind: "figure".into(),
                    verdict: "contradicted".into(),
                    entities: vec!["org:islamic-state".into()],
                    body: "{}".into(),
                }],
            )],
        };
        db.apply(&u).unwrap();
        // Applying twice adds counts, replaces the rest.
        db.apply(&u).unwrap();
        let hits = db
            .stories_with_keys(&["p:163843".into(), "e:org:bbc".into()])
            .unwrap();
        assert_eq!(hits, vec![(1, 2), (2, 1)]);
        assert_eq!(db.next_story_id().unwrap(), 3);
        assert_eq!(db.list_stories(10, 0).unwrap()[0].id, 2);
        assert_eq!(db.members(1).unwrap().len(), 1);
        let (docs, df) = db.doc_freqs(&["p:163843".into(), "x".into()]).unwrap();
        assert_eq!((docs, df["p:163843"], df.get("x")), (4, 4, None));
        assert_eq!(db.aliases().unwrap()[0].count, 2);
        let q = ClaimQuery {
            entities: vec!["org:islamic-state".into()],
            verdict: Some("contradicted".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(db.claim_groups(&q).unwrap().len(), 1);
        let q = ClaimQuery {
            entities: vec!["org:islamic".into()],
            limit: 10,
            ..Default::default()
        };
        assert!(db.claim_groups(&q).unwrap().is_empty(), "ids match whole");
        assert_eq!(
            db.entity_ids_named("Dillon").unwrap(),
            vec!["per:ryan-dillon"]
        );
        assert_eq!(
            db.entity_ids_named("org:syrian-democratic-forces").unwrap(),
            vec!["org:fds"]
        );
        assert!(db.entity_ids_named("Dill").unwrap().is_empty());
    }

    #[test]
    fn a_store_never_related_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        Connection::open(dir.path().join("records.sqlite"))
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let db = SqliteRelations::open_read_only(dir.path()).unwrap();
        assert_eq!(db.story_count().unwrap(), 0);
    }
}
