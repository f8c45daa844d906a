//! Scoring article-body extraction against a gold body, with the metric of the public
//! article-extraction benchmark (and of `eval_article_extraction.py`, which this follows to the
//! letter): 4-gram shingles of `\w+` tokens, per page true/false positives and negatives
//! normalised to sum 1, precision and recall averaged over pages, F1 from those means;
//! accuracy is the share of pages whose token list matches exactly.

use std::collections::HashMap;

/// The figures for one page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageScore {
    pub id: String,
    /// Normalised shingle counts: true positives, false positives, false negatives.
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// The predicted tokens equal the gold tokens.
    pub exact: bool,
    /// No prediction was made for the page.
    pub missing: bool,
}

/// Figures over a set of pages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub pages: usize,
    pub missing: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

/// Tokens as Python's `re.findall(r"\w+", text)` finds them: runs of letters, digits (any
/// numeric character) and underscores; combining marks split words there, as they do in
/// Python.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word =
            c == '_' || (c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c));
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'a>(toks: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut out: HashMap<&[&str], usize> = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < 4 {
        *out.entry(toks).or_default() += 1;
        return out;
    }
    for w in toks.windows(4) {
        *out.entry(w).or_default() += 1;
    }
    out
}

/// The body of a cleaned article as the benchmark sees it: the text without its leading
/// headline (the gold bodies have none).
pub fn body_without_title<'a>(text: &'a str, title: Option<&str>) -> &'a str {
    let title = title.map(str::trim).unwrap_or("");
    let body = if !title.is_empty() {
        text.strip_prefix(title).unwrap_or(text)
    } else {
        text
    };
    body.trim()
}

/// Scores one page; `predicted` is `None` when the extractor gave nothing for it.
pub fn score_page(id: &str, gold: &str, predicted: Option<&str>) -> PageScore {
    let pred_text = predicted.unwrap_or("");
    let gt = tokens(gold);
    let pt = tokens(pred_text);
    let g = shingles(&gt);
    let p = shingles(&pt);
    let (mut tp, mut fp, mut fn_) = (0.0f64, 0.0f64, 0.0f64);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc) as f64;
        fn_ += gc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(gc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        tp /= s;
        fp /= s;
        fn_ /= s;
    }
    let precision = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    };
    let recall = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    PageScore {
        id: id.to_string(),
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        exact: gt == pt,
        missing: predicted.is_none(),
    }
}

/// Means over pages as the benchmark takes them: precision over pages with a non-empty
/// prediction, recall over pages with a non-empty gold body.
pub fn summarize(pages: &[PageScore]) -> Summary {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let precision = mean(
        pages
            .iter()
            .filter(|p| p.tp + p.fp > 0.0)
            .map(|p| p.precision)
            .collect(),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|p| p.tp + p.fn_ > 0.0)
            .map(|p| p.recall)
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Summary {
        pages: pages.len(),
        missing: pages.iter().filter(|p| p.missing).count(),
        precision,
        recall,
        f1,
        accuracy: mean(
            pages
                .iter()
                .map(|p| if p.exact { 1.0 } else { 0.0 })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_characters() {
        assert_eq!(
            tokens("Zo'n 3.500 IS-strijders_x, café!"),
            vec!["Zo", "n", "3", "500", "IS", "strijders_x", "café"]
        );
        // Devanagari vowel signs are marks: Python splits words there.
        assert_eq!(tokens("हिन्दी"), vec!["ह", "न", "द"]);
        assert_eq!(tokens("東京 タワー"), vec!["東京", "タワー"]);
    }

    #[test]
    fn scores_match_the_reference_metric() {
        let gold = "one two three four five six";
        let perfect = score_page("a", gold, Some("one two three four five six"));
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.exact),
            (1.0, 1.0, true)
        );
        // Half the shingles right, one extra.
        let half = score_page("b", gold, Some("one two three four five seven"));
        assert!((half.tp - 2.0 / 4.0).abs() < 1e-9, "{half:?}");
        assert!((half.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((half.recall - 2.0 / 3.0).abs() < 1e-9);
        let missing = score_page("c", gold, None);
        assert_eq!((missing.precision, missing.recall), (0.0, 0.0));
        let s = summarize(&[perfect, half, missing]);
        // Precision only over pages that predicted something.
        assert!((s.precision - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert!((s.recall - (1.0 + 2.0 / 3.0) / 3.0).abs() < 1e-9);
        assert_eq!(s.missing, 1);
        // Short texts are one shingle.
        let short = score_page("d", "a b", Some("a b"));
        assert_eq!(short.f1, 1.0);
    }

    #[test]
    fn title_is_cut_from_the_body() {
        assert_eq!(
            body_without_title("Storm\n\nThe storm came.", Some("Storm ")),
            "The storm came."
        );
        assert_eq!(body_without_title("Body only.", None), "Body only.");
    }
}
