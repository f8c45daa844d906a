//! CoNLL-format NER data (one `token ... tag` line per token, blank lines between sentences,
//! `-DOCSTART-` between documents) and conlleval-style scoring: entity-level, exact match of
//! boundaries and type, precision/recall/F1 per type and overall.

use std::collections::BTreeMap;
use std::fmt;

use dossier_model::EntityType;

use super::model::{Part, parse_label, spans};

/// A sentence with gold tags in BIO (IOB2) form.
#[derive(Clone, Debug, Default)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// A document: the sentences between two `-DOCSTART-` lines.
#[derive(Clone, Debug, Default)]
pub struct ConllDoc {
    pub sentences: Vec<ConllSentence>,
}

/// Parses CoNLL text: the first column is the token, the last the tag (IOB1 or IOB2; IOB1 is
/// converted to IOB2). A file without `-DOCSTART-` lines is one document. Lines with a single
/// column are rejected with their line number.
pub fn parse(text: &str) -> Result<Vec<ConllDoc>, String> {
    let mut docs = vec![ConllDoc::default()];
    let mut sent = ConllSentence::default();
    fn flush(docs: &mut [ConllDoc], sent: &mut ConllSentence) {
        if !sent.tokens.is_empty() {
            to_iob2(&mut sent.tags);
            if let Some(d) = docs.last_mut() {
                d.sentences.push(std::mem::take(sent));
            }
        }
    }
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut docs, &mut sent);
            continue;
        }
        let mut cols = line.split_whitespace();
        let token = cols.next().unwrap_or("");
        let tag = cols.next_back();
        if token == "-DOCSTART-" {
            flush(&mut docs, &mut sent);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                docs.push(ConllDoc::default());
            }
            continue;
        }
        let Some(tag) = tag else {
            return Err(format!("line {}: expected `token ... tag`", n + 1));
        };
        sent.tokens.push(token.to_string());
        sent.tags.push(tag.to_string());
    }
    flush(&mut docs, &mut sent);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// IOB1 → IOB2: an `I-X` that does not continue an `X` becomes `B-X`.
fn to_iob2(tags: &mut [String]) {
    let mut prev: Option<String> = None;
    for t in tags.iter_mut() {
        if let Some(ty) = t.strip_prefix("I-")
            && prev.as_deref() != Some(ty)
        {
            *t = format!("B-{ty}");
        }
        prev = t.get(2..).map(str::to_string).filter(|_| t != "O");
    }
}

/// BIO → BILOU: single-token entities become `U-X`, the last token of longer ones `L-X`.
pub fn to_bilou(tags: &[String]) -> Vec<String> {
    let mut out = tags.to_vec();
    for i in 0..tags.len() {
        let next_continues = tags
            .get(i + 1)
            .is_some_and(|n| n.starts_with("I-") && n.get(2..) == tags[i].get(2..));
        if next_continues {
            continue;
        }
        if let Some(ty) = tags[i].strip_prefix("B-") {
            out[i] = format!("U-{ty}");
        } else if let Some(ty) = tags[i].strip_prefix("I-") {
            out[i] = format!("L-{ty}");
        }
    }
    out
}

/// Entity chunks of a tag sequence, read like conlleval.
pub fn chunks(tags: &[String]) -> Vec<(usize, usize, EntityType)> {
    let parts: Vec<(Part, Option<EntityType>)> = tags
        .iter()
        .map(|t| match parse_label(t) {
            Some((p, ty)) => (p, Some(ty)),
            None => (Part::Outside, None),
        })
        .collect();
    spans(&parts)
}

/// Counts for precision/recall/F1.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Entity-level scores, overall and per type.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub tokens: usize,
    pub overall: Counts,
    pub by_type: BTreeMap<&'static str, Counts>,
}

impl Score {
    /// Adds one sentence's gold and predicted tags (same length).
    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        self.tokens += gold.len();
        let g = chunks(gold);
        let p = chunks(predicted);
        for &(_, _, t) in &g {
            self.overall.gold += 1;
            self.by_type.entry(t.as_str()).or_default().gold += 1;
        }
        for c in &p {
            self.overall.predicted += 1;
            self.by_type.entry(c.2.as_str()).or_default().predicted += 1;
            if g.contains(c) {
                self.overall.correct += 1;
                self.by_type.entry(c.2.as_str()).or_default().correct += 1;
            }
        }
    }
}

impl fmt::Display for Score {
    /// The conlleval table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.overall;
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, o.gold, o.predicted, o.correct
        )?;
        writeln!(
            f,
            "{:>10}  precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            "overall",
            100.0 * o.precision(),
            100.0 * o.recall(),
            100.0 * o.f1()
        )?;
        for (t, c) in &self.by_type {
            writeln!(
                f,
                "{:>10}  precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                t,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.predicted
            )?;
        }
        Ok(())
    }
}

/// Tags every document with `tagger` and scores it against the gold tags.
pub fn evaluate(tagger: &super::Tagger, docs: &[ConllDoc]) -> Score {
    let mut score = Score::default();
    for d in docs {
        let sents: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        for (s, pred) in d.sentences.iter().zip(tagger.label_sentences(&sents)) {
            score.add(&s.tags, &pred);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reads_iob1_documents() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n\
                    -DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences[0].tags, s(&["B-ORG", "O"]));
        assert_eq!(docs[1].sentences[0].tags, s(&["B-PER", "I-PER"]));
        assert!(parse("lonely\n").is_err());
    }

    #[test]
    fn bilou_and_scores() {
        let gold = s(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]);
        assert_eq!(
            to_bilou(&gold),
            s(&["B-PER", "L-PER", "O", "U-LOC", "U-LOC"])
        );
        let pred = s(&["B-PER", "O", "O", "B-LOC", "B-LOC"]);
        let mut sc = Score::default();
        sc.add(&gold, &pred);
        assert_eq!(sc.overall.correct, 2);
        assert_eq!(sc.overall.gold, 3);
        assert!((sc.overall.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(sc.by_type["LOC"].correct, 2);
    }
}
