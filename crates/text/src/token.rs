use unicode_segmentation::UnicodeSegmentation;

use crate::LangRules;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with digits, inner apostrophes or hyphens (`IS-strijders`, `zo'n`).
    Word,
    /// Starts with a digit (`3.500`, `1,5`, `2.3bn`, `20u07`).
    Number,
    /// An abbreviation or initial with its dot (`o.a.`, `Col.`, `U.S.`, `J.`).
    Abbrev,
    /// A quotation mark of any style; whether it opens or closes depends on context.
    Quote,
    /// Other punctuation (`.`, `,`, `...`, `-`, `(`).
    Punct,
    /// Symbols: currency, `%`, `&`, emoji.
    Symbol,
}

/// A token: a byte range into the text it came from, and what kind of thing it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
    pub fn is_wordlike(self) -> bool {
        matches!(
            self.kind,
            TokenKind::Word | TokenKind::Number | TokenKind::Abbrev
        )
    }
}

pub(crate) fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '`'
    )
}

fn classify(seg: &str) -> TokenKind {
    let mut chars = seg.chars();
    let first = chars.next().unwrap_or(' ');
    if first.is_numeric() {
        TokenKind::Number
    } else if seg.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else if seg.chars().count() == 1 && is_quote_char(first) {
        TokenKind::Quote
    } else if seg
        .chars()
        .all(|c| matches!(unicode_general(c), Gen::Punct))
    {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

enum Gen {
    Punct,
    Other,
}

fn unicode_general(c: char) -> Gen {
    if c.is_ascii_punctuation()
        && !matches!(
            c,
            '$' | '%' | '&' | '+' | '<' | '=' | '>' | '^' | '|' | '~' | '#' | '@' | '*'
        )
        || matches!(c, '…' | '–' | '—' | '‐' | '‑' | '‒' | '·' | '¡' | '¿' | '§')
    {
        Gen::Punct
    } else {
        Gen::Other
    }
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "‐" | "‑")
}

/// Splits `text` into tokens with Unicode word boundaries (UAX #29), then applies the news
/// rules on top: hyphenated compounds stay one token (`IS-strijders`, `Covid-19`, but not the
/// range `6-7`), abbreviations and initials keep their dot, elisions keep their apostrophe
/// (`'s`), and dot runs become one ellipsis. Numbers keep their separators (`3.500`, `3,5`).
pub fn tokenize(text: &str, rules: &LangRules) -> Vec<Token> {
    let mut raw: Vec<Token> = text
        .split_word_bound_indices()
        .filter(|(_, s)| !s.chars().all(char::is_whitespace))
        .map(|(i, s)| Token {
            start: i,
            end: i + s.len(),
            kind: classify(s),
        })
        .collect();

    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let mut tok = raw[i];
        let s = tok.text(text);
        // Elision: apostrophe + short word (`'s`, `’t`) not glued to a preceding word.
        if tok.kind == TokenKind::Quote
            && matches!(s, "'" | "’")
            && i + 1 < raw.len()
            && raw[i + 1].start == tok.end
            && raw[i + 1].kind == TokenKind::Word
            && (i == 0 || raw[i - 1].end < tok.start)
        {
            let cand = format!("'{}", raw[i + 1].text(text).to_lowercase());
            if rules.elisions.contains(&cand) {
                tok = Token {
                    start: tok.start,
                    end: raw[i + 1].end,
                    kind: TokenKind::Word,
                };
                i += 1;
            }
        }
        // Hyphenated compound: glue `a-b(-c...)` when one side is a word.
        while i + 2 < raw.len()
            && tok.kind != TokenKind::Quote
            && is_hyphen(raw[i + 1].text(text))
            && raw[i + 1].start == tok.end
            && raw[i + 2].start == raw[i + 1].end
            && matches!(raw[i + 2].kind, TokenKind::Word | TokenKind::Number)
            && (tok.kind == TokenKind::Word || raw[i + 2].kind == TokenKind::Word)
            && tok.kind != TokenKind::Punct
        {
            tok = Token {
                start: tok.start,
                end: raw[i + 2].end,
                kind: if tok.kind == TokenKind::Number {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            };
            i += 2;
        }
        // Names joined by an ampersand: `P&G`, `AT&T`, `S&P` (no spaces, capitals both sides).
        while tok.kind == TokenKind::Word
            && i + 2 < raw.len()
            && raw[i + 1].text(text) == "&"
            && raw[i + 1].start == tok.end
            && raw[i + 2].start == raw[i + 1].end
            && raw[i + 2].kind == TokenKind::Word
            && tok.text(text).starts_with(char::is_uppercase)
            && raw[i + 2].text(text).starts_with(char::is_uppercase)
        {
            tok.end = raw[i + 2].end;
            i += 2;
        }
        // Abbreviation or initial with its dot.
        if tok.kind == TokenKind::Word
            && i + 1 < raw.len()
            && raw[i + 1].start == tok.end
            && raw[i + 1].text(text) == "."
        {
            let word = tok.text(text);
            let with_dot = &text[tok.start..raw[i + 1].end];
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            let dotted = word.contains('.') && !word.ends_with('.'); // `U.S`, `o.a`
            if initial || dotted || rules.is_abbreviation(with_dot) {
                tok = Token {
                    start: tok.start,
                    end: raw[i + 1].end,
                    kind: TokenKind::Abbrev,
                };
                i += 1;
            }
        }
        // Dot runs: `...` is one token.
        if s == "." {
            while i + 1 < raw.len() && raw[i + 1].start == tok.end && raw[i + 1].text(text) == "." {
                tok.end = raw[i + 1].end;
                i += 1;
            }
        }
        out.push(tok);
        i += 1;
    }
    raw.clear();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> LangRules {
        let mut r = LangRules::default();
        for a in ["o.a.", "bijv.", "dhr.", "col.", "u.s.", "mr."] {
            r.abbreviations.insert(a.into());
        }
        for e in ["'s", "'t"] {
            r.elisions.insert(e.into());
        }
        r
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, &rules())
            .into_iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn dutch_news_tokens() {
        assert_eq!(
            toks("Zo'n 250 IS-strijders en 3.500 familieleden, o.a. in 's-Hertogenbosch."),
            vec![
                "Zo'n",
                "250",
                "IS-strijders",
                "en",
                "3.500",
                "familieleden",
                ",",
                "o.a.",
                "in",
                "'s-Hertogenbosch",
                "."
            ]
        );
        assert_eq!(toks("zo’n 3,5 km"), vec!["zo’n", "3,5", "km"]);
        assert_eq!(
            toks("dhr. Jansen zei bijv. dat"),
            vec!["dhr.", "Jansen", "zei", "bijv.", "dat"]
        );
    }

    #[test]
    fn english_news_tokens() {
        assert_eq!(
            toks("Col. Ryan Dillon of the U.S. Army said 3,500 people... left"),
            vec![
                "Col.", "Ryan", "Dillon", "of", "the", "U.S.", "Army", "said", "3,500", "people",
                "...", "left"
            ]
        );
        assert_eq!(
            toks("a 6-7 km convoy"),
            vec!["a", "6", "-", "7", "km", "convoy"]
        );
        assert_eq!(
            toks("one P&G employee, AT&T and R & D"),
            vec!["one", "P&G", "employee", ",", "AT&T", "and", "R", "&", "D"]
        );
        assert_eq!(
            toks("Covid-19 and $2.3bn"),
            vec!["Covid-19", "and", "$", "2.3bn"]
        );
    }

    #[test]
    fn quotes_of_every_style_are_tokens() {
        for (text, q) in [
            ("\"Ja\"", "\""),
            ("„Ja”", "„"),
            ("‘Ja’", "‘"),
            ("«Ja»", "«"),
            ("'Ja'", "'"),
        ] {
            let t = tokenize(text, &rules());
            assert_eq!(t[0].kind, TokenKind::Quote, "{text}");
            assert_eq!(t[0].text(text), q);
            assert_eq!(t.last().unwrap().kind, TokenKind::Quote, "{text}");
        }
    }
}
