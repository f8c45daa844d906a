//! Word lexicons the tagger reads as features: word clusters, name lists, entity-tag
//! distributions, frequency bins. One TSV file per source (`word<TAB>value value ...`), so
//! share-alike or GPL-derived lists stay separate files under `data/ner/` with their licence.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use dossier_text::DataError;

use super::features::{value_key, word_key};

/// One lexicon: word → feature keys of its values. Words are stored by their 64-bit hash and
/// values as ranges into one array, so loading allocates per file, not per word.
pub struct Lexicon {
    pub name: String,
    /// Keys are lower case and lookups lower-case the word.
    pub lowercase: bool,
    map: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>>,
    values: Vec<u64>,
}

/// The map's keys are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

impl Lexicon {
    /// Parses the TSV text of a lexicon; `#` starts a comment line. `path` names the file in
    /// errors.
    pub fn parse(name: &str, text: &str, lowercase: bool, path: &str) -> Result<Self, DataError> {
        let mut map = HashMap::default();
        let mut values = Vec::new();
        let mut cache: HashMap<&str, u64> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((word, _)) = line.split_once('\t') else {
                return Err(DataError::Parse {
                    path: path.into(),
                    message: format!("line {}: expected word<TAB>values", n + 1),
                });
            };
            let start = values.len() as u32;
            for v in line[word.len() + 1..].split(' ').filter(|v| !v.is_empty()) {
                values.push(*cache.entry(v).or_insert_with(|| value_key(name, v)));
            }
            map.insert(word_key(word), (start, values.len() as u32));
        }
        Ok(Lexicon {
            name: name.to_string(),
            lowercase,
            map,
            values,
        })
    }

    /// Reads `data/<rel>`.
    pub fn load(name: &str, rel: &str, lowercase: bool) -> Result<Self, DataError> {
        let text = dossier_text::read_data(rel)?;
        Lexicon::parse(name, &text, lowercase, rel)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Appends the feature keys of `word` (`lower` is its normalised lower-case form).
    /// A case-sensitive lexicon falls back to the lower-case form at a sentence start.
    pub(crate) fn values(&self, word: &str, lower: &str, first: bool, out: &mut Vec<u64>) {
        let get = |w: &str| self.map.get(&word_key(w));
        let hit = if self.lowercase {
            get(lower)
        } else {
            get(word).or_else(|| if first { get(lower) } else { None })
        };
        if let Some(&(a, b)) = hit {
            out.extend_from_slice(&self.values[a as usize..b as usize]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_looks_up() {
        let l = Lexicon::parse("c", "# clusters\nraqqa\t12 7\nsyrië\t3\n", true, "t").unwrap();
        let mut out = Vec::new();
        l.values("Raqqa", "raqqa", false, &mut out);
        assert_eq!(out, vec![value_key("c", "12"), value_key("c", "7")]);
        assert!(Lexicon::parse("c", "no tab here\n", true, "t").is_err());
    }
}
