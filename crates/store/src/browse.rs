//! Reads for browsing a store rather than ranking it: every id matching a search (for facet
//! counts), a cheap "has anything changed" probe, and a streaming walk over all records (for
//! aggregates such as entity and place indexes).

use dossier_model::Record;
use tantivy::collector::DocSetCollector;
use tantivy::schema::Value;

use crate::{EmbeddedStore, SearchQuery, StoreError};

impl EmbeddedStore {
    /// The ids of every record matching `q` (its `limit` and `offset` are ignored), at most
    /// `cap` of them, with the full number of matches.
    pub fn matching_ids(
        &self,
        q: &SearchQuery,
        cap: usize,
    ) -> Result<(usize, Vec<String>), StoreError> {
        let searcher = self.reader.searcher();
        let (query, _, _) = self.build_query(q)?;
        let docs = searcher.search(&query, &DocSetCollector)?;
        let total = docs.len();
        let mut addrs: Vec<_> = docs.into_iter().collect();
        // Stored fields are read block by block; in address order each block is read once.
        addrs.sort();
        let mut ids = Vec::with_capacity(total.min(cap));
        for addr in addrs.into_iter().take(cap) {
            let d: tantivy::TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok((total, ids))
    }

    /// A number that changes whenever another connection (another process, or this process's
    /// writer) commits to the store; equal values mean nothing new to read.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Calls `each` with every record, oldest publication first, one at a time, so a walk over
    /// a large store never holds more than one parsed record.
    pub fn for_each_record(
        &self,
        mut each: impl FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, record FROM records ORDER BY published, id")?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            let rec: Record = serde_json::from_str(&json).map_err(|e| StoreError::Record {
                id: id.clone(),
                message: format!("stored JSON does not parse: {e}"),
            })?;
            each(rec)?;
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RecordStore;
    use dossier_model::{Meta, SCHEMA};

    fn record(id: &str, title: &str, body: &str, lang: &str, published: &str) -> Record {
        Record {
            schema: SCHEMA.into(),
            id: id.into(),
            lang: lang.into(),
            meta: Meta {
                title: Some(title.into()),
                published: Some(published.into()),
                ..Default::default()
            },
            text: format!("{title}\n\n{body}"),
            ..Default::default()
        }
    }

    #[test]
    fn matching_ids_counts_every_match_and_versions_move_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = EmbeddedStore::open(dir.path()).unwrap();
        w.put_batch(&[
            record(
                "aa01",
                "Convoy left Raqqa",
                "Trucks and fighters.",
                "en",
                "2017-11-13",
            ),
            record(
                "aa02",
                "Konvooi",
                "Vrachtwagens en strijders uit Raqqa.",
                "nl",
                "2017-11-14",
            ),
            record(
                "aa03",
                "Budget",
                "The chancellor spoke.",
                "en",
                "2018-01-02",
            ),
        ])
        .unwrap();
        let r = EmbeddedStore::open_read_only(dir.path()).unwrap();
        let v0 = r.data_version().unwrap();

        let (total, mut ids) = r
            .matching_ids(
                &SearchQuery {
                    text: "raqqa".into(),
                    limit: 1,
                    ..Default::default()
                },
                100,
            )
            .unwrap();
        ids.sort();
        assert_eq!(total, 2);
        assert_eq!(ids, ["aa01", "aa02"]);

        let all = r.matching_ids(&SearchQuery::default(), 2).unwrap();
        assert_eq!(all.0, 3);
        assert_eq!(all.1.len(), 2, "capped");

        let en = r
            .matching_ids(
                &SearchQuery {
                    lang: Some("en".into()),
                    since: Some("2018".into()),
                    ..Default::default()
                },
                10,
            )
            .unwrap();
        assert_eq!(en.1, ["aa03"]);

        let mut seen = Vec::new();
        let n = r
            .for_each_record(|rec| {
                seen.push(rec.id);
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(seen, ["aa01", "aa02", "aa03"]);

        assert_eq!(r.data_version().unwrap(), v0, "nothing written yet");
        w.put_batch(&[record("aa04", "More", "Later news.", "en", "2018-02-01")])
            .unwrap();
        assert_ne!(r.data_version().unwrap(), v0);
    }
}
