use dossier_model::{CharMap, Span};

pub use crate::sentence::Sentence;
use crate::{Token, rules_for, split_sentences, tokenize};

/// A tokenised article text: what every analyser works on.
#[derive(Clone, Debug)]
pub struct Doc<'a> {
    pub text: &'a str,
    /// ISO 639-1 code of the text's language.
    pub lang: &'a str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Byte ranges of paragraphs (separated by blank lines).
    pub paragraphs: Vec<(usize, usize)>,
    chars: CharMap,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, lang: &'a str) -> Self {
        let rules = rules_for(lang);
        let tokens = tokenize(text, &rules);
        let sentences = split_sentences(text, &tokens);
        Doc {
            text,
            lang,
            tokens,
            sentences,
            paragraphs: paragraphs(text),
            chars: CharMap::new(text),
        }
    }

    /// The contract span (code points) of a byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.chars.span(start, end)
    }

    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.last <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Index of the first token starting at or after byte `b`.
    pub fn token_at(&self, b: usize) -> usize {
        self.tokens.partition_point(|t| t.start < b)
    }
}

/// Paragraphs are separated by blank lines; in text that is not wrapped by hand (a line of
/// more than 120 characters: one paragraph per line, as wire copy and many web pages come)
/// every line break separates them too.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let per_line = text.lines().any(|l| l.chars().count() > 120);
    let mut out = Vec::new();
    let mut start = None;
    let mut pos = 0;
    let mut last_end = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if per_line && !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            if let Some(s) = start.take() {
                out.push((s, last_end));
            }
            start = Some(pos + lead);
            last_end = pos + line.trim_end().len();
        } else if trimmed.is_empty() {
            if let Some(s) = start.take() {
                out.push((s, last_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push((s, last_end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_blank_line_separated() {
        let t = "Titel\n\nEerste alinea.\nNog een regel.\n\n  Tweede.  \n";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            p,
            vec!["Titel", "Eerste alinea.\nNog een regel.", "Tweede."]
        );
    }

    #[test]
    fn unwrapped_text_has_a_paragraph_per_line() {
        let long = "Zo'n 250 strijders van IS en 3.500 familieleden konden midden oktober ongehinderd vertrekken uit Raqqa, zo blijkt uit onderzoek.";
        let t = format!("Titel\n{long}\n\"Het klopt\", zegt hij.\n");
        let p: Vec<&str> = paragraphs(&t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(p, vec!["Titel", long, "\"Het klopt\", zegt hij."]);
    }

    #[test]
    fn sentence_of_finds_the_sentence() {
        let d = Doc::new("Een. Twee drie. Vier.", "nl");
        assert_eq!(d.sentences.len(), 3);
        let i = d
            .tokens
            .iter()
            .position(|t| t.text(d.text) == "drie")
            .unwrap();
        assert_eq!(d.sentence_of(i), 1);
    }
}
