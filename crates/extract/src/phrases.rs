//! Word lists matched over tokens: units, hedges, date words. A phrase is stored as written
//! in the data (`rond de`, `km/u`, `us $`) and matched against tokens joined the same way.
//! Forms with a capital letter match exactly (`MB`), all-lower-case forms match any case.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use dossier_text::Doc;

use crate::numbers::{adjacent, normalize_word};

/// FNV-1a: phrase keys are short strings looked up many times per token, where the default
/// hasher's DoS resistance costs more than it buys (the keys come from our own data).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map with the FNV hasher.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A set with the FNV hasher.
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

/// A set of characters, fast for ASCII.
#[derive(Debug, Default, Clone)]
struct CharSet {
    ascii: u128,
    other: Vec<char>,
}

impl CharSet {
    fn insert(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii |= 1u128 << (c as u32);
        } else if !self.other.contains(&c) {
            self.other.push(c);
        }
    }
    /// Whether `c` (in any case) is in the set.
    fn has(&self, c: char) -> bool {
        // typographic apostrophes are stored plain, as `normalize_word` makes them
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            c => c,
        };
        if c.is_ascii() {
            self.ascii & (1u128 << (c.to_ascii_lowercase() as u32)) != 0
        } else {
            c.to_lowercase().any(|l| self.other.contains(&l))
        }
    }
}

/// Phrases matched over tokens, with one space where the text has whitespace between tokens
/// and none where tokens touch (`km/u`, `us $`); values of type `T`.
#[derive(Debug)]
pub struct Phrases<T> {
    lower: FastMap<String, T>,
    exact: FastMap<String, T>,
    max_tokens: usize,
    /// First and last characters (lower case) of every phrase: most tokens start no phrase,
    /// and this answers that without building a key.
    firsts: CharSet,
    lasts: CharSet,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            lower: FastMap::default(),
            exact: FastMap::default(),
            max_tokens: 0,
            firsts: CharSet::default(),
            lasts: CharSet::default(),
        }
    }
}

impl<T: Clone> Phrases<T> {
    pub fn insert(&mut self, form: &str, v: T) {
        let n = form.split_whitespace().count().max(1);
        let n = n + form.chars().filter(|c| "$/^²³.-'’()".contains(*c)).count();
        self.max_tokens = self.max_tokens.max(n);
        let key: String = form.split_whitespace().collect::<Vec<_>>().join(" ");
        if let (Some(f), Some(l)) = (key.chars().next(), key.chars().last()) {
            f.to_lowercase().for_each(|c| self.firsts.insert(c));
            l.to_lowercase().for_each(|c| self.lasts.insert(c));
        }
        if key.chars().any(char::is_uppercase) {
            self.exact.insert(key, v);
        } else {
            self.lower
                .entry(normalize_word(&key).into_owned())
                .or_insert(v);
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
            .or_else(|| self.lower.get(&*normalize_word(raw)))
    }

    /// The longest phrase starting at token `i`: its value and the token after it.
    pub fn at(&self, doc: &Doc, i: usize) -> Option<(T, usize)> {
        let first = doc.tokens.get(i).and_then(|_| doc.tok(i).chars().next())?;
        if !self.firsts.has(first) {
            return None;
        }
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
        let last = (i > 0 && i <= doc.tokens.len())
            .then(|| doc.tok(i - 1).chars().last())
            .flatten()?;
        if !self.lasts.has(last) {
            return None;
        }
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
