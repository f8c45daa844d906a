use crate::token::{Token, TokenKind, is_quote_char};

/// A sentence: a run of tokens and the byte range they cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the first token and one past the last.
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "!?" | "?!") || (s.len() > 1 && s.chars().all(|c| c == '.'))
}

fn is_closer(s: &str) -> bool {
    matches!(s, ")" | "]")
}

fn starts_sentence(s: &str) -> bool {
    let c = s.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_numeric()
        || is_quote_char(c)
        || matches!(c, '(' | '[' | '-' | '–' | '—' | '•')
}

/// Splits tokenised text into sentences. A sentence ends at `.`, `!`, `?` or `…` followed
/// by a token that can start one (capital, digit, opening quote), taking closing quotes and
/// brackets that touch the mark with it; a line break always ends one. Abbreviations and
/// initials are single tokens already, so their dots never end a sentence.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let mut end_here = false;
        let mut last = i; // inclusive end of the current sentence if it ends here
        if t.kind == TokenKind::Punct && is_terminal(t.text(text)) {
            // Closing quotes/brackets glued to the mark belong to this sentence.
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].start == tokens[j - 1].end
                && (tokens[j].kind == TokenKind::Quote || is_closer(tokens[j].text(text)))
            {
                last = j;
                j += 1;
            }
            end_here = j >= tokens.len() || starts_sentence(tokens[j].text(text));
        } else if t.kind == TokenKind::Abbrev
            && t.text(text).chars().count() > 2
            && i > first
            // `Santa Monica, Calif.`, `Acme Inc.`, not a title before a nickname (`said Gen.`).
            && (tokens[i - 1].text(text) == ","
                || tokens[i - 1].text(text).chars().next().is_some_and(char::is_uppercase))
            && i + 2 < tokens.len()
            && tokens[i + 1].kind == TokenKind::Quote
            && tokens[i + 1].start > t.end
            && tokens[i + 2].start == tokens[i + 1].end
            && starts_sentence(tokens[i + 2].text(text))
            && !text[t.end..tokens[i + 1].start].contains('\n')
        {
            // `…, said in Santa Monica, Calif. "The reality is …"`: an abbreviation's dot
            // ends the sentence when a quotation opens after it.
            end_here = true;
        } else if t.kind == TokenKind::Quote
            && i > first
            && i + 1 < tokens.len()
            && t.start == tokens[i - 1].end
            && matches!(tokens[i - 1].text(text), "." | "!" | "?")
        {
            // handled by the terminal branch
        }
        // A line break after this token ends the sentence whatever the punctuation.
        if !end_here {
            let next_start = tokens.get(last + 1).map(|n| n.start).unwrap_or(text.len());
            if text[tokens[last].end..next_start].contains('\n') {
                end_here = true;
            }
        }
        if end_here || last + 1 >= tokens.len() {
            out.push(Sentence {
                first,
                last: last + 1,
                start: tokens[first].start,
                end: tokens[last].end,
            });
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LangRules, tokenize};

    fn sents(text: &str) -> Vec<&str> {
        let mut r = LangRules::default();
        for a in ["col.", "u.s.", "o.a.", "dhr."] {
            r.abbreviations.insert(a.into());
        }
        let toks = tokenize(text, &r);
        split_sentences(text, &toks)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_terminal_marks_not_abbreviations() {
        assert_eq!(
            sents("Col. Dillon of the U.S. Army spoke. He left! Did he? Yes."),
            vec![
                "Col. Dillon of the U.S. Army spoke.",
                "He left!",
                "Did he?",
                "Yes."
            ]
        );
        assert_eq!(
            sents("Hij zag o.a. dhr. Jansen. Daarna J. Peters."),
            vec!["Hij zag o.a. dhr. Jansen.", "Daarna J. Peters."]
        );
    }

    #[test]
    fn an_abbreviation_before_an_opening_quote_ends_the_sentence() {
        assert_eq!(
            sents("He spoke in Washington, D.C. \"The reality is clear,\" he said."),
            vec![
                "He spoke in Washington, D.C.",
                "\"The reality is clear,\" he said."
            ]
        );
        // A title before a name, and an abbreviation before a lower-case word, do not.
        assert_eq!(
            sents("Col. \"Mad Dog\" Dillon of the U.S. \"army\" met retired Col. \"Big\" Smith."),
            vec!["Col. \"Mad Dog\" Dillon of the U.S. \"army\" met retired Col. \"Big\" Smith."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sents("\"We wilden niet dat er iemand vertrok.\" Hij zweeg. „Nee!” Zo."),
            vec![
                "\"We wilden niet dat er iemand vertrok.\"",
                "Hij zweeg.",
                "„Nee!”",
                "Zo."
            ]
        );
        assert_eq!(
            sents(
                "\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon. \"Maar dit gaat terug.\""
            ),
            vec![
                "\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon.",
                "\"Maar dit gaat terug.\""
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_decimals_do_not() {
        assert_eq!(
            sents("Titel zonder punt\n\nHet kostte 3.5 miljoen. Klaar"),
            vec!["Titel zonder punt", "Het kostte 3.5 miljoen.", "Klaar"]
        );
        assert_eq!(
            sents("the price fell. then it rose"),
            vec!["the price fell. then it rose"]
        );
    }
}
