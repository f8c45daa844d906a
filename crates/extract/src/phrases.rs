//! Word lists matched over tokens: units, hedges, date words. A phrase is stored as written
//! in the data (`rond de`, `km/u`, `us $`) and matched against tokens joined the same way.
//! Forms with a capital letter match exactly (`MB`), all-lower-case forms match any case.

use std::collections::HashMap;

use dossier_text::Doc;

use crate::numbers::{adjacent, normalize_word};

/// Phrases matched over tokens, with one space where the text has whitespace between tokens
/// and none where tokens touch (`km/u`, `us $`); values of type `T`.
#[derive(Debug)]
pub struct Phrases<T> {
    lower: HashMap<String, T>,
    exact: HashMap<String, T>,
    max_tokens: usize,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            lower: HashMap::new(),
            exact: HashMap::new(),
            max_tokens: 0,
        }
    }
}

impl<T: Clone> Phrases<T> {
    pub fn insert(&mut self, form: &str, v: T) {
        let n = form.split_whitespace().count().max(1);
        let n = n + form.chars().filter(|c| "$/^²³.-'’()".contains(*c)).count();
        self.max_tokens = self.max_tokens.max(n);
        let key: String = form.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.chars().any(char::is_uppercase) {
            self.exact.insert(key, v);
        } else {
            self.lower.entry(normalize_word(&key)).or_insert(v);
        }
    }

    pub fn extend<'a>(&mut self, forms: impl IntoIterator<Item = &'a String>, v: T) {
        for f in forms {
            self.insert(f, v.clone());
        }
    }

    pub fn lookup(&self, raw: &str) -> Option<&T> {
        self.exact
            .get(raw)
            .or_else(|| self.lower.get(&normalize_word(raw)))
    }

    /// The longest phrase starting at token `i`: its value and the token after it.
    pub fn at(&self, doc: &Doc, i: usize) -> Option<(T, usize)> {
        let mut key = String::new();
        let mut best = None;
        for j in i..(i + self.max_tokens).min(doc.tokens.len()) {
            if j > i {
                if !tight_gap(doc, j - 1) {
                    break;
                }
                if !adjacent(doc, j - 1) {
                    key.push(' ');
                }
            }
            key.push_str(doc.tok(j));
            if let Some(v) = self.lookup(&key) {
                best = Some((v.clone(), j + 1));
            }
        }
        best
    }

    /// The longest phrase ending just before token `i`: its value and its first token.
    pub fn before(&self, doc: &Doc, i: usize) -> Option<(T, usize)> {
        let mut best = None;
        for n in 1..=self.max_tokens.min(i) {
            let s = i - n;
            if (s..i - 1).any(|j| !tight_gap(doc, j)) {
                break;
            }
            let mut key = String::new();
            for j in s..i {
                if j > s && !adjacent(doc, j - 1) {
                    key.push(' ');
                }
                key.push_str(doc.tok(j));
            }
            if let Some(v) = self.lookup(&key) {
                best = Some((v.clone(), s));
            }
        }
        best
    }
}

/// At most one space (or none) between tokens `j` and `j + 1`.
pub fn tight_gap(doc: &Doc, j: usize) -> bool {
    if j + 1 >= doc.tokens.len() {
        return false;
    }
    let gap = &doc.text[doc.tokens[j].end..doc.tokens[j + 1].start];
    gap.chars().count() <= 2 && !gap.contains('\n')
}
