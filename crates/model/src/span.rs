use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[start, end)` in Unicode scalar values (code points) into a record's `text`, as Python and
/// spaCy count, so `text[start:end] == item.text` holds for users of any language.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Span(pub usize, pub usize);

impl Span {
    pub fn start(self) -> usize {
        self.0
    }
    pub fn end(self) -> usize {
        self.1
    }
    pub fn len(self) -> usize {
        self.1.saturating_sub(self.0)
    }
    pub fn is_empty(self) -> bool {
        self.1 <= self.0
    }
    pub fn overlaps(self, other: Span) -> bool {
        self.0 < other.1 && other.0 < self.1
    }
    pub fn contains(self, other: Span) -> bool {
        self.0 <= other.0 && other.1 <= self.1
    }
    /// The slice of `text` this span covers (`text` must be the record's text).
    pub fn slice(self, text: &str) -> &str {
        let mut it = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()));
        let start = it.nth(self.0).unwrap_or(text.len());
        let end = if self.1 > self.0 {
            it.nth(self.1 - self.0 - 1).unwrap_or(text.len())
        } else {
            start
        };
        &text[start..end]
    }
}

/// Converts byte offsets (how Rust indexes strings) into code-point offsets (the contract's
/// unit) in O(1) per lookup after one pass over the text.
#[derive(Clone, Debug)]
pub struct CharMap {
    /// `chars_before[b]` for every byte offset `b` that is a char boundary; other slots hold
    /// the index of the char they fall inside.
    chars_before: Vec<u32>,
}

impl CharMap {
    pub fn new(text: &str) -> Self {
        let mut chars_before = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for (b, c) in text.char_indices() {
            debug_assert_eq!(chars_before.len(), b);
            for _ in 0..c.len_utf8() {
                chars_before.push(n);
            }
            n += 1;
        }
        chars_before.push(n);
        CharMap { chars_before }
    }

    /// Code-point offset of byte offset `b`.
    pub fn char_at(&self, b: usize) -> usize {
        self.chars_before[b.min(self.chars_before.len() - 1)] as usize
    }

    /// The code-point span of the byte range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span(self.char_at(start), self.char_at(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_spans_follow_code_points() {
        let text = "Syrië en Turkije: „zo’n” 250";
        let map = CharMap::new(text);
        let b = text.find("Turkije").unwrap();
        let sp = map.span(b, b + "Turkije".len());
        assert_eq!(sp, Span(9, 16));
        assert_eq!(sp.slice(text), "Turkije");
        let b = text.find("250").unwrap();
        assert_eq!(map.span(b, b + 3).slice(text), "250");
    }

    #[test]
    fn serialises_as_pair() {
        assert_eq!(serde_json::to_string(&Span(3, 7)).unwrap(), "[3,7]");
    }
}
