//! Numbers in running text: digits in either decimal convention (`3.500`, `3,500`, `1,5`,
//! `2.3bn`) and numbers written out (`vijftig`, `eenentwintig`, `fifty-three`, `a dozen`,
//! `twee derde`), found once per document and shared by the figure and time analysers.
//!
//! Number words, separators and suffixes are data (`data/lang/<code>/numbers.toml`); the
//! grammar here is the same for every language: units, tens, hundreds and scales combine by
//! place value, and whether units come before tens (`eenentwintig`) is a flag in the data.

use std::collections::{HashMap, HashSet};

use dossier_text::{DataError, Doc, TokenKind, data_dir, load_toml};

use crate::phrases::{FastMap, FastSet};
use serde::Deserialize;

/// What kind of number a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumKind {
    /// A count or measure: `250`, `3,5`, `vijftig`.
    Cardinal,
    /// A rank: `3e`, `21st`, `eerste`, `twenty-first`.
    Ordinal,
    /// A share or mixed number: `3/4`, `twee derde`, `one and a half`, `1 op de 20`.
    Fraction,
}

/// How a number was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Digits,
    Words,
    /// Digits with number words (`2 miljoen`, `4 thousand 3 hundred`).
    Mixed,
}

/// One number found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMention {
    /// Byte range in the document text.
    pub start: usize,
    pub end: usize,
    /// Token range `[first, last)`.
    pub tokens: (usize, usize),
    pub value: f64,
    pub kind: NumKind,
    pub written: Written,
    /// Letters glued to the last digits that are not part of the number (`ml` in `180ml`,
    /// `-voet` in `776-voet`, `u07` in `20u07`), as a byte range in the text.
    pub suffix: Option<(usize, usize)>,
    /// The digits used group separators (`3.500`, `1,234,567`).
    pub grouped: bool,
    /// The digit string had a leading zero (`07`, `0612345678`).
    pub leading_zero: bool,
    /// The number starts with an article standing for one (`a dozen`, `een half miljoen`).
    pub article: bool,
}

impl NumberMention {
    pub fn text<'a>(&self, doc: &Doc<'a>) -> &'a str {
        &doc.text[self.start..self.end]
    }
    /// The glued suffix, if any.
    pub fn suffix_text<'a>(&self, doc: &Doc<'a>) -> Option<&'a str> {
        self.suffix.map(|(s, e)| &doc.text[s..e])
    }
    pub fn is_integer(&self) -> bool {
        self.value.fract() == 0.0
    }
}

#[derive(Deserialize)]
struct NumbersFile {
    decimal_separator: char,
    group_separator: char,
    #[serde(default)]
    units_before_tens: bool,
    #[serde(default)]
    joiners: Vec<String>,
    #[serde(default)]
    and_words: Vec<String>,
    #[serde(default)]
    article_one: Vec<String>,
    #[serde(default)]
    negative_words: Vec<String>,
    #[serde(default)]
    point_words: Vec<String>,
    #[serde(default)]
    ratio_words: Vec<String>,
    #[serde(default)]
    fraction_followers: Vec<String>,
    #[serde(default)]
    ordinal_suffixes: Vec<String>,
    #[serde(default)]
    denominator_plural: Vec<String>,
    #[serde(default)]
    pronoun_one: Vec<String>,
    #[serde(default)]
    pronoun_determiners: Vec<String>,
    #[serde(default)]
    cardinals: HashMap<String, f64>,
    #[serde(default)]
    scales: HashMap<String, f64>,
    #[serde(default)]
    ordinals: HashMap<String, f64>,
    #[serde(default)]
    fractions: HashMap<String, f64>,
    #[serde(default)]
    fraction_phrases: HashMap<String, f64>,
    #[serde(default)]
    multipliers: HashMap<String, f64>,
    #[serde(default)]
    suffix_scales: HashMap<String, f64>,
}

/// A piece of a number word: `eenentwintig` is `een` + `en` + `twintig`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Morph {
    /// 0..=99 written as one word (`zeven`, `twelve`, `tachtig`).
    Card(f64),
    /// 100 and up (`honderd`, `thousand`, `miljoen`).
    Scale(f64),
    /// The ordinal form of a cardinal or scale (`derde`, `twentieth`, `miljoenste`).
    Ord(f64),
    /// A fraction word (`half`, `kwart`, `anderhalf`).
    Frac(f64),
    /// A multiplier after a number (`dozijn`, `dozen`).
    Mult(f64),
    /// Glue inside a word (`en` in `eenentwintig`, `-` in `twenty-one`).
    Join,
}

/// Number words and digit conventions of one language.
#[derive(Debug, Default)]
pub struct NumberLexicon {
    /// Language code the data came from (empty for the digits-only fallback).
    pub lang: String,
    pub decimal_sep: char,
    pub group_sep: char,
    units_before_tens: bool,
    morphs: FastMap<String, Morph>,
    max_morph_len: usize,
    first_chars: HashSet<char>,
    and_words: FastSet<String>,
    article_one: FastSet<String>,
    negative_words: FastSet<String>,
    point_words: FastSet<String>,
    ratio_words: Vec<Vec<String>>,
    fraction_followers: FastSet<String>,
    ordinal_suffixes: Vec<String>,
    denominator_plural: Vec<String>,
    pronoun_one: FastSet<String>,
    pronoun_determiners: FastSet<String>,
    suffix_scales: FastMap<String, f64>,
    /// Fractions written as several words (`de helft`).
    fraction_phrases: Vec<(Vec<String>, f64)>,
}

impl NumberLexicon {
    fn from_file(lang: &str, f: NumbersFile) -> Self {
        let mut morphs = FastMap::default();
        let mut put = |w: &str, m: Morph| {
            morphs.insert(normalize_word(w).into_owned(), m);
        };
        for (w, v) in &f.cardinals {
            if *v >= 100.0 {
                put(w, Morph::Scale(*v));
            } else {
                put(w, Morph::Card(*v));
            }
        }
        for (w, v) in &f.scales {
            put(w, Morph::Scale(*v));
        }
        for (w, v) in &f.ordinals {
            put(w, Morph::Ord(*v));
        }
        for (w, v) in &f.fractions {
            put(w, Morph::Frac(*v));
        }
        for (w, v) in &f.multipliers {
            put(w, Morph::Mult(*v));
        }
        for w in &f.joiners {
            put(w, Morph::Join);
        }
        let max_morph_len = morphs.keys().map(|k| k.len()).max().unwrap_or(0);
        let first_chars = morphs.keys().filter_map(|k| k.chars().next()).collect();
        let set = |v: &[String]| {
            v.iter()
                .map(|w| normalize_word(w).into_owned())
                .collect::<FastSet<_>>()
        };
        NumberLexicon {
            lang: lang.to_string(),
            decimal_sep: f.decimal_separator,
            group_sep: f.group_separator,
            units_before_tens: f.units_before_tens,
            morphs,
            max_morph_len,
            first_chars,
            and_words: set(&f.and_words),
            article_one: set(&f.article_one),
            negative_words: set(&f.negative_words),
            point_words: set(&f.point_words),
            ratio_words: f
                .ratio_words
                .iter()
                .map(|p| {
                    p.split_whitespace()
                        .map(|w| normalize_word(w).into_owned())
                        .collect()
                })
                .collect(),
            fraction_followers: set(&f.fraction_followers),
            ordinal_suffixes: f
                .ordinal_suffixes
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            denominator_plural: f.denominator_plural.clone(),
            pronoun_one: set(&f.pronoun_one),
            pronoun_determiners: set(&f.pronoun_determiners),
            suffix_scales: f.suffix_scales.into_iter().collect(),
            fraction_phrases: f
                .fraction_phrases
                .iter()
                .map(|(p, v)| {
                    (
                        p.split_whitespace()
                            .map(|w| normalize_word(w).into_owned())
                            .collect(),
                        *v,
                    )
                })
                .collect(),
        }
    }

    /// Digits only, for languages without a numbers file: a lone separator before exactly
    /// three digits groups thousands, any other separator is a decimal point.
    fn neutral() -> Self {
        NumberLexicon {
            decimal_sep: '.',
            group_sep: ',',
            ..Default::default()
        }
    }

    /// The scale a suffix stands for (`k`, `mln`, `bn`); case-sensitive.
    pub fn suffix_scale(&self, s: &str) -> Option<f64> {
        self.suffix_scales.get(s).copied()
    }

    /// Whether `word` (any case) is an article standing for one (`een`, `a`).
    pub fn is_article_one(&self, word: &str) -> bool {
        self.article_one.contains(&*normalize_word(word))
    }

    /// The value of a single number word (`vijftig`, `twenty-one`, `derde`), if it is one.
    pub fn word_value(&self, word: &str) -> Option<(f64, NumKind)> {
        let morphs = self.segment(&normalize_word(word))?;
        let pieces: Vec<Piece> = morphs
            .iter()
            .map(|m| Piece {
                p: P::M(*m),
                tok: 0,
                last_in_tok: false,
                plural: false,
            })
            .collect();
        let r = parse_cardinal(&pieces, 0, self)?;
        (r.end == pieces.len()).then_some((r.value, r.kind))
    }

    /// Splits a lower-case word into number morphemes, fewest pieces first; `None` when the
    /// word is not made of number words only.
    fn segment(&self, w: &str) -> Option<Vec<Morph>> {
        let first = w.chars().next()?;
        if !self.first_chars.contains(&first) || w.len() > 64 {
            return None;
        }
        let bounds: Vec<usize> = w
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(w.len()))
            .collect();
        // best[k]: fewest morphemes covering w[..bounds[k]], with the back-pointer.
        let n = bounds.len();
        let mut best: Vec<Option<(usize, usize, Morph)>> = vec![None; n];
        let mut reach = vec![false; n];
        reach[0] = true;
        for a in 0..n {
            if !reach[a] {
                continue;
            }
            let cost_a = if a == 0 {
                0
            } else {
                best[a].map(|b| b.0).unwrap_or(0)
            };
            for b in a + 1..n {
                let len = bounds[b] - bounds[a];
                if len > self.max_morph_len {
                    break;
                }
                if let Some(m) = self.morphs.get(&w[bounds[a]..bounds[b]]) {
                    let c = cost_a + 1;
                    if !reach[b] || best[b].is_some_and(|x| x.0 > c) {
                        reach[b] = true;
                        best[b] = Some((c, a, *m));
                    }
                }
            }
        }
        if !reach[n - 1] {
            return None;
        }
        let mut out = Vec::new();
        let mut k = n - 1;
        while k > 0 {
            let (_, a, m) = best[k]?;
            out.push(m);
            k = a;
        }
        out.reverse();
        Some(out)
    }

    /// Morphemes of a word, also trying it without a plural ending (`fifths`).
    fn segment_word(&self, w: &str) -> Option<(Vec<Morph>, bool)> {
        if let Some(m) = self.segment(w) {
            return Some((m, false));
        }
        for suf in &self.denominator_plural {
            if let Some(stem) = w.strip_suffix(suf.as_str())
                && let Some(m) = self.segment(stem)
                && matches!(m.last(), Some(Morph::Ord(_)))
            {
                return Some((m, true));
            }
        }
        None
    }
}

/// Number lexicons of every language with a `numbers.toml`, loaded once.
#[derive(Debug, Default)]
pub struct NumberLexicons {
    by_lang: HashMap<String, NumberLexicon>,
    neutral: NumberLexicon,
}

impl NumberLexicons {
    /// Loads `data/lang/*/numbers.toml`.
    pub fn load() -> Result<Self, DataError> {
        let mut by_lang = HashMap::new();
        for lang in languages_with("numbers.toml")? {
            let f: NumbersFile = load_toml(&format!("lang/{lang}/numbers.toml"))?;
            by_lang.insert(lang.clone(), NumberLexicon::from_file(&lang, f));
        }
        Ok(NumberLexicons {
            by_lang,
            neutral: NumberLexicon::neutral(),
        })
    }

    /// The lexicon of `lang`, or the digits-only one.
    pub fn get(&self, lang: &str) -> &NumberLexicon {
        self.by_lang.get(lang).unwrap_or(&self.neutral)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.by_lang.keys().map(String::as_str)
    }
}

/// Language codes that have `data/lang/<code>/<file>`, sorted.
pub(crate) fn languages_with(file: &str) -> Result<Vec<String>, DataError> {
    let dir = data_dir().join("lang");
    let entries = std::fs::read_dir(&dir).map_err(|e| DataError::Io {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(file).is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    out.sort();
    Ok(out)
}

/// Lower case with typographic apostrophes made plain, as lexicon keys are stored. Borrows
/// when the word is already in that form (most tokens), so lookups do not allocate.
pub fn normalize_word(w: &str) -> std::borrow::Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
    {
        return std::borrow::Cow::Borrowed(w);
    }
    std::borrow::Cow::Owned(
        w.chars()
            .map(|c| match c {
                '’' | '‘' | '`' | '´' => '\'',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// Pieces and the place-value parser.

#[derive(Clone, Copy, Debug, PartialEq)]
enum P {
    M(Morph),
    /// A run of digits with its value; `int` when it had no decimal part.
    Digits {
        value: f64,
        int: bool,
    },
    /// A separate `and`/`en`.
    And,
    /// A separate hyphen between number words (`fifty - two`).
    Hyphen,
    /// An article standing for one (`a`, `een`).
    Article,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    p: P,
    tok: usize,
    /// The piece ends its token: a number may stop here.
    last_in_tok: bool,
    /// A plural ordinal (`fifths`, `hundredths`): only a denominator.
    plural: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Small {
    Empty,
    Unit(f64),
    Tens(f64),
    Done(f64),
}

impl Small {
    fn value(self) -> f64 {
        match self {
            Small::Empty => 0.0,
            Small::Unit(v) | Small::Tens(v) | Small::Done(v) => v,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Nothing,
    /// After `en`/`and` following a hundred or scale: a number below 100 must follow.
    Small,
    /// After a unit and an in-word joiner (`een-en-`): tens must follow.
    Tens,
    /// After tens and a hyphen (`twenty-`): a unit must follow.
    Unit,
}

/// The result of parsing pieces from `start`.
#[derive(Clone, Copy, Debug)]
struct Parsed {
    value: f64,
    kind: NumKind,
    /// One past the last piece used.
    end: usize,
    /// The last scale used (1 when none), so a trailing fraction can scale with it.
    last_scale: f64,
    /// The parse started with an article.
    article: bool,
    digits: bool,
    words: bool,
}

/// Parses a cardinal (or ordinal) number by place value from `pieces[start..]` and returns
/// the longest complete parse. The parse may end inside a token; callers cut it back to a
/// token boundary.
fn parse_cardinal(pieces: &[Piece], start: usize, lex: &NumberLexicon) -> Option<Parsed> {
    let mut total = 0.0f64;
    let mut group = 0.0f64;
    let mut has_hundred = false;
    let mut small = Small::Empty;
    let mut last_scale = f64::INFINITY;
    let mut expect = Expect::Nothing;
    let mut article = false;
    let mut digits = false;
    let mut words = false;
    let mut best: Option<Parsed> = None;
    // the best parse before the last separate `and`, and the pieces used after it
    let mut before_and: Option<Option<Parsed>> = None;
    let mut after_and = 0usize;
    let mut closed = false; // an ordinal or multiplier ends the number
    let mut i = start;
    while i < pieces.len() && !closed {
        let pc = pieces[i];
        // a plural ordinal (`fifths`) is a denominator: it may only start a parse of one
        // (`twenty-firsts`) or end a denominator below a hundred
        if pc.plural && matches!(pc.p, P::M(Morph::Ord(v)) if v >= 100.0) && i != start {
            break;
        }
        if digits && matches!(pc.p, P::M(Morph::Ord(_))) {
            break;
        }
        let ok = match pc.p {
            // an article alone is not a number: it needs a scale or multiplier after it
            P::Article if i == start => {
                article = true;
                small = Small::Unit(1.0);
                expect = Expect::Nothing;
                true
            }
            P::Article => false,
            P::Digits { value, int } => {
                let first = i == start;
                let ok = match (small, expect) {
                    // first, or below 100 after a scale (`4 thousand 3 hundred and 21`)
                    (Small::Empty, Expect::Nothing | Expect::Small)
                        if (first && total == 0.0 && group == 0.0)
                            || (int && value < 100.0 && value > 0.0) =>
                    {
                        small = Small::Done(value);
                        true
                    }
                    _ => false,
                };
                if ok {
                    digits = true;
                    expect = Expect::Nothing;
                }
                ok
            }
            P::M(Morph::Card(v)) | P::M(Morph::Ord(v)) if v < 100.0 => {
                let is_ord = matches!(pc.p, P::M(Morph::Ord(_)));
                let unit = v > 0.0 && v < 10.0;
                let tens = v >= 20.0 && v % 10.0 == 0.0;
                let ok = match (small, expect) {
                    (Small::Empty, Expect::Nothing | Expect::Small) => {
                        small = if unit {
                            Small::Unit(v)
                        } else if tens {
                            Small::Tens(v)
                        } else {
                            Small::Done(v)
                        };
                        // zero only stands alone
                        !(v == 0.0 && (total > 0.0 || group > 0.0))
                    }
                    (Small::Tens(t), Expect::Unit) if unit => {
                        small = Small::Done(t + v);
                        true
                    }
                    (Small::Tens(t), Expect::Nothing) if unit && !lex.units_before_tens => {
                        small = Small::Done(t + v);
                        true
                    }
                    (Small::Unit(u), Expect::Tens) if tens && !article => {
                        small = Small::Done(u + v);
                        true
                    }
                    _ => false,
                };
                if ok {
                    expect = Expect::Nothing;
                    words = true;
                    if is_ord {
                        closed = true;
                    }
                }
                ok
            }
            P::M(Morph::Join) | P::Hyphen => match (small, expect) {
                (Small::Unit(_), Expect::Nothing)
                    if lex.units_before_tens && matches!(pc.p, P::M(Morph::Join)) && !article =>
                {
                    expect = Expect::Tens;
                    true
                }
                (Small::Tens(_), Expect::Nothing) if !lex.units_before_tens => {
                    expect = Expect::Unit;
                    true
                }
                (Small::Empty, Expect::Nothing)
                    if (has_hundred || total > 0.0) && matches!(pc.p, P::M(Morph::Join)) =>
                {
                    expect = Expect::Small;
                    true
                }
                _ => false,
            },
            P::And => match (small, expect) {
                (Small::Empty, Expect::Nothing) if has_hundred || total > 0.0 => {
                    before_and = Some(best);
                    after_and = 0;
                    expect = Expect::Small;
                    true
                }
                _ => false,
            },
            P::M(Morph::Scale(s)) | P::M(Morph::Ord(s)) => {
                let is_ord = matches!(pc.p, P::M(Morph::Ord(_)));
                let ok = if expect != Expect::Nothing {
                    false
                } else if s == 100.0 {
                    if has_hundred || small.value() >= 100.0 {
                        false
                    } else {
                        let mult = if small == Small::Empty {
                            1.0
                        } else {
                            small.value()
                        };
                        group = mult * 100.0;
                        has_hundred = true;
                        small = Small::Empty;
                        true
                    }
                } else {
                    let gv = group + small.value();
                    let empty = group == 0.0 && small == Small::Empty;
                    if s < last_scale {
                        total += if empty { 1.0 } else { gv } * s;
                        last_scale = s;
                        true
                    } else if empty && total > 0.0 {
                        total *= s;
                        last_scale = s;
                        true
                    } else {
                        false
                    }
                };
                if ok && s != 100.0 {
                    group = 0.0;
                    has_hundred = false;
                    small = Small::Empty;
                }
                if ok {
                    words = true;
                    if is_ord {
                        closed = true;
                    }
                }
                ok
            }
            P::M(Morph::Mult(m)) => {
                if expect != Expect::Nothing {
                    false
                } else {
                    // `dozens` alone is a vague amount, not twelve: a multiplier needs a number
                    // or an article before it (`a dozen`, `drie dozijn`)
                    let mult = small.value();
                    if mult == 0.0 {
                        false
                    } else {
                        small = Small::Done(mult * m);
                        words = true;
                        closed = true;
                        true
                    }
                }
            }
            P::M(Morph::Frac(_)) => false,
            _ => false,
        };
        if !ok {
            // `3 hundred and 2 hundred`: the `and` joins two numbers, not parts of one
            if after_and == 1
                && matches!(pc.p, P::M(Morph::Scale(_)))
                && let Some(b) = before_and
            {
                return b;
            }
            break;
        }
        if before_and.is_some() && !matches!(pc.p, P::And) {
            after_and += 1;
        }
        i += 1;
        let complete = expect == Expect::Nothing
            && !(article && i == start + 1)
            && (small != Small::Empty || group > 0.0 || total > 0.0);
        if complete {
            let kind = if closed && matches!(pieces[i - 1].p, P::M(Morph::Ord(_))) {
                NumKind::Ordinal
            } else {
                NumKind::Cardinal
            };
            best = Some(Parsed {
                value: total + group + small.value(),
                kind,
                end: i,
                last_scale: if last_scale.is_finite() {
                    last_scale
                } else if has_hundred && small == Small::Empty {
                    100.0
                } else {
                    1.0
                },
                article,
                digits,
                words,
            });
        }
    }
    best
}

// ---------------------------------------------------------------------------------------
// Digits.

/// A run of digits parsed from one token.
#[derive(Clone, Copy, Debug, PartialEq)]
struct DigitParse {
    value: f64,
    int: bool,
    grouped: bool,
    leading_zero: bool,
    /// Byte length of the numeric part within the token.
    len: usize,
}

/// Parses the digits at the start of `s` with the lexicon's separators. Returns `None` when
/// separators are used inconsistently (`192.168.1.2`), so the caller can split the runs.
fn parse_digits(s: &str, lex: &NumberLexicon) -> Option<DigitParse> {
    let b = s.as_bytes();
    let mut end = 0;
    // (byte position, separator); narrow and thin spaces only ever group thousands
    let mut seps: Vec<(usize, char)> = Vec::new();
    while end < b.len() {
        let c = b[end];
        if c.is_ascii_digit() {
            end += 1;
            continue;
        }
        let ch = s[end..].chars().next().unwrap_or(' ');
        let after = end + ch.len_utf8();
        let digit_follows = after < b.len() && b[after].is_ascii_digit();
        let space_group = matches!(ch, '\u{202f}' | '\u{2009}')
            && b.len() >= after + 3
            && b[after..after + 3].iter().all(u8::is_ascii_digit)
            && !b.get(after + 3).is_some_and(u8::is_ascii_digit);
        if end > 0 && ((ch == '.' || ch == ',') && digit_follows || space_group) {
            seps.push((end, ch));
            end = after;
        } else {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let num = &s[..end];
    let leading_zero = num.len() > 1 && num.starts_with('0') && !num[1..].starts_with(['.', ',']);
    let is_sep = |c: char| matches!(c, '.' | ',' | '\u{202f}' | '\u{2009}');
    let digits_of = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let plain = |grouped: bool| -> Option<DigitParse> {
        Some(DigitParse {
            value: digits_of(num).parse::<f64>().ok()?,
            int: true,
            grouped,
            leading_zero,
            len: end,
        })
    };
    let decimal = |int_part: &str, frac: &str| -> Option<DigitParse> {
        let ip = digits_of(int_part);
        let v = format!("{}.{}", if ip.is_empty() { "0" } else { &ip }, frac);
        Some(DigitParse {
            value: v.parse::<f64>().ok()?,
            int: false,
            grouped: int_part.contains(is_sep),
            leading_zero: false,
            len: end,
        })
    };
    // groups of three, or the Indian lakh and crore grouping (`12,34,567`)
    let groups_ok = |t: &str| {
        let rs: Vec<&str> = t.split(is_sep).collect();
        let n = rs.len();
        rs[0].len() <= 3 && rs[1..].iter().all(|r| r.len() == 3)
            || n >= 3
                && !t.contains(|c: char| is_sep(c) && c != ',')
                && rs[0].len() <= 2
                && rs[1..n - 1].iter().all(|r| r.len() == 2)
                && rs[n - 1].len() == 3
    };
    if seps.is_empty() {
        return plain(false);
    }
    let kinds: HashSet<char> = seps
        .iter()
        .map(|s| s.1)
        .filter(|c| *c == '.' || *c == ',')
        .collect();
    let spaced = seps.iter().any(|s| !matches!(s.1, '.' | ','));
    let (pos, last) = *seps.last()?;
    match kinds.len() {
        // only narrow spaces: groups
        0 => groups_ok(num).then(|| plain(true))?,
        2 => {
            // both separators: the last one is the decimal point, used once
            let (int_part, frac) = (&num[..pos], &num[pos + last.len_utf8()..]);
            if int_part.contains(last) || !groups_ok(int_part) {
                return None;
            }
            decimal(int_part, frac)
        }
        _ => {
            let sep = *kinds.iter().next()?;
            let n_sep = seps.iter().filter(|s| s.1 == sep).count();
            if spaced {
                // `1 234 567,89`: spaces group, the other separator is the decimal point
                if n_sep == 1 && last == sep && groups_ok(&num[..pos]) {
                    return decimal(&num[..pos], &num[pos + 1..]);
                }
                return (groups_ok(num) && sep == lex.group_sep).then(|| plain(true))?;
            }
            let runs: Vec<&str> = num.split(is_sep).collect();
            if n_sep > 1 {
                // repeated: groups of three, or nothing sensible
                groups_ok(num).then(|| plain(true))?
            } else if sep == lex.group_sep && runs[1].len() == 3 && runs[0].len() <= 3 {
                plain(true)
            } else if runs[0] == "0" || sep == lex.decimal_sep || runs[1].len() != 3 {
                decimal(runs[0], runs[1])
            } else {
                // a lone group separator followed by exactly three digits
                plain(true)
            }
        }
    }
}

const VULGAR: [(char, f64); 18] = [
    ('½', 0.5),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅕', 0.2),
    ('⅖', 0.4),
    ('⅗', 0.6),
    ('⅘', 0.8),
    ('⅙', 1.0 / 6.0),
    ('⅚', 5.0 / 6.0),
    ('⅛', 0.125),
    ('⅜', 0.375),
    ('⅝', 0.625),
    ('⅞', 0.875),
    ('⅐', 1.0 / 7.0),
    ('⅑', 1.0 / 9.0),
    ('⅒', 0.1),
];

fn vulgar(s: &str) -> Option<f64> {
    let mut it = s.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    VULGAR.iter().find(|(v, _)| *v == c).map(|(_, f)| *f)
}

// ---------------------------------------------------------------------------------------
// The scanner.

/// Finds every number in `doc`, left to right, without overlaps.
pub fn scan(doc: &Doc, lex: &NumberLexicon) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let links = link_chunks(doc.text);
    let mut i = 0;
    while i < doc.tokens.len() {
        let b = doc.tokens[i].start;
        if links.iter().any(|&(s, e)| s <= b && b < e) {
            i += 1;
            continue;
        }
        match number_at(doc, lex, i) {
            Some(mut ms) => {
                let next = ms.last().map(|m| m.tokens.1).unwrap_or(i + 1);
                out.append(&mut ms);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Byte ranges of web addresses and e-mail addresses, whose digits are not numbers.
pub fn link_chunks(text: &str) -> Vec<(usize, usize)> {
    if !(text.contains("://") || text.contains("www.") || text.contains('@')) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    for (b, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                let chunk: &str = &text[s..b];
                let email = chunk
                    .split_once('@')
                    .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'));
                if chunk.contains("://") || chunk.starts_with("www.") || email {
                    out.push((s, b));
                }
            }
        } else if start.is_none() {
            start = Some(b);
        }
    }
    out
}

fn tok_lower(doc: &Doc, i: usize) -> String {
    normalize_word(doc.tok(i)).into_owned()
}

/// Whether tokens `i` and `i + 1` touch (no space between them).
pub fn adjacent(doc: &Doc, i: usize) -> bool {
    i + 1 < doc.tokens.len() && doc.tokens[i].end == doc.tokens[i + 1].start
}

/// The whitespace between tokens `i` and `i + 1` is one line at most (no paragraph break).
fn same_line_gap(doc: &Doc, i: usize) -> bool {
    if i + 1 >= doc.tokens.len() {
        return false;
    }
    let gap = &doc.text[doc.tokens[i].end..doc.tokens[i + 1].start];
    !gap.contains('\n') && gap.chars().count() <= 3
}

/// Whether the phrase `words` (lower case) starts at token `i`; returns the token after it.
pub fn phrase_at(doc: &Doc, i: usize, words: &[String]) -> Option<usize> {
    let mut j = i;
    for w in words {
        if j >= doc.tokens.len() || tok_lower(doc, j) != *w {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The number (or numbers, for a token like `192.168.1.2`) starting at token `i`.
fn number_at(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<Vec<NumberMention>> {
    let tok = doc.tokens[i];
    let s = doc.tok(i);
    // a sign: `-4/5`, `-5 graden`, and `- 1 4/5` at the start of a text
    if (s == "-" || s == "−")
        && i + 1 < doc.tokens.len()
        && doc.tokens[i + 1].kind == TokenKind::Number
        && (adjacent(doc, i) || i == 0)
        && (i == 0
            || !matches!(doc.tokens[i - 1].kind, TokenKind::Number | TokenKind::Word)
                && !matches!(doc.tok(i - 1), "-" | "–" | "/" | "." | ",")
            || !adjacent(doc, i - 1) && doc.tokens[i - 1].kind == TokenKind::Word)
    {
        let mut m = single_at(doc, lex, i + 1)?;
        if m.kind == NumKind::Ordinal || m.suffix.is_some() && !adjacent(doc, i) {
            return None;
        }
        m.value = -m.value;
        m.start = tok.start;
        m.tokens.0 = i;
        return Some(vec![m]);
    }
    if tok.kind == TokenKind::Word
        && lex.negative_words.contains(&*normalize_word(s))
        && i + 1 < doc.tokens.len()
    {
        if let Some(mut m) = single_at(doc, lex, i + 1)
            && m.kind != NumKind::Ordinal
        {
            m.value = -m.value;
            m.start = tok.start;
            m.tokens.0 = i;
            return Some(vec![m]);
        }
        // `min een`: the article stands for one
        if lex.article_one.contains(&tok_lower(doc, i + 1)) {
            let mut m = mention(doc, i, i + 2, -1.0, NumKind::Cardinal, Written::Words);
            m.article = true;
            return Some(vec![m]);
        }
        return None;
    }
    // a fraction in several words: `de helft`
    for (phrase, v) in &lex.fraction_phrases {
        if let Some(e) = phrase_at(doc, i, phrase) {
            return Some(vec![mention(
                doc,
                i,
                e,
                *v,
                NumKind::Fraction,
                Written::Words,
            )]);
        }
    }
    // a leading decimal point: `.25`
    if s.len() == 1
        && s.starts_with(lex.decimal_sep)
        && adjacent(doc, i)
        && doc.tokens[i + 1].kind == TokenKind::Number
        && (i == 0 || !adjacent(doc, i - 1))
        && let Some(d) = parse_digits(doc.tok(i + 1), lex)
        && d.int
        && !d.grouped
        && d.len == doc.tok(i + 1).len()
    {
        let frac: f64 = format!("0.{}", doc.tok(i + 1)).parse().ok()?;
        return Some(vec![mention(
            doc,
            i,
            i + 2,
            frac,
            NumKind::Cardinal,
            Written::Digits,
        )]);
    }
    if tok.kind == TokenKind::Number
        && let Some(split) = split_runs(doc, lex, i)
    {
        return Some(split);
    }
    single_at(doc, lex, i).map(|m| vec![m])
}

/// A token like `192.168.1.2` whose separators make no number: one number per digit run.
fn split_runs(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<Vec<NumberMention>> {
    let s = doc.tok(i);
    if !s.starts_with(|c: char| c.is_ascii_digit()) || parse_digits(s, lex).is_some() {
        return None;
    }
    let base = doc.tokens[i].start;
    let mut out = Vec::new();
    let mut pos = 0;
    for run in s.split(['.', ',']) {
        let digits_len = run.bytes().take_while(u8::is_ascii_digit).count();
        if digits_len == 0 || digits_len != run.len() {
            return None;
        }
        out.push(NumberMention {
            start: base + pos,
            end: base + pos + run.len(),
            tokens: (i, i + 1),
            value: run.parse().ok()?,
            kind: NumKind::Cardinal,
            written: Written::Digits,
            suffix: None,
            grouped: false,
            leading_zero: run.len() > 1 && run.starts_with('0'),
            article: false,
        });
        pos += run.len() + 1;
    }
    Some(out)
}

/// Builds the pieces of the candidate number starting at token `i`: number words, digits and
/// the glue between them, up to the first token that cannot be part of a number.
fn pieces_from(doc: &Doc, lex: &NumberLexicon, i: usize) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut j = i;
    while j < doc.tokens.len() && j < i + 24 {
        let t = doc.tokens[j];
        let s = doc.tok(j);
        if j > i && !same_line_gap(doc, j - 1) {
            break;
        }
        let before = out.len();
        match t.kind {
            TokenKind::Number => {
                let Some(d) = parse_digits(s, lex) else { break };
                if d.len != s.len() {
                    // digits with a suffix end the candidate here (handled by the caller)
                    if j == i {
                        out.push(Piece {
                            p: P::Digits {
                                value: d.value,
                                int: d.int,
                            },
                            tok: j,
                            last_in_tok: false,
                            plural: false,
                        });
                    }
                    break;
                }
                out.push(Piece {
                    p: P::Digits {
                        value: d.value,
                        int: d.int,
                    },
                    tok: j,
                    last_in_tok: true,
                    plural: false,
                });
            }
            TokenKind::Word | TokenKind::Abbrev => {
                let w = normalize_word(s);
                if lex.and_words.contains(&*w) && j > i {
                    out.push(Piece {
                        p: P::And,
                        tok: j,
                        last_in_tok: true,
                        plural: false,
                    });
                } else if lex.article_one.contains(&*w) {
                    out.push(Piece {
                        p: P::Article,
                        tok: j,
                        last_in_tok: true,
                        plural: false,
                    });
                } else if let Some((ms, plural)) = lex.segment_word(&w) {
                    let n = ms.len();
                    for (k, m) in ms.into_iter().enumerate() {
                        out.push(Piece {
                            p: P::M(m),
                            tok: j,
                            last_in_tok: k + 1 == n,
                            plural: plural && k + 1 == n,
                        });
                    }
                } else {
                    break;
                }
            }
            TokenKind::Punct if (s == "-" || s == "–") && j > i => {
                out.push(Piece {
                    p: P::Hyphen,
                    tok: j,
                    last_in_tok: true,
                    plural: false,
                });
            }
            _ => break,
        }
        if out.len() == before {
            break;
        }
        j += 1;
    }
    out
}

/// Token index just past piece `k` when the number stops after it, if it ends its token.
fn cut(pieces: &[Piece], end: usize) -> Option<usize> {
    let last = pieces.get(end.checked_sub(1)?)?;
    last.last_in_tok.then_some(last.tok + 1)
}

/// One number (cardinal, ordinal or fraction) starting at token `i`.
fn single_at(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<NumberMention> {
    let tok = doc.tokens[i];
    let s = doc.tok(i);
    if tok.kind == TokenKind::Number
        && let Some(v) = vulgar(s)
    {
        return Some(mention(
            doc,
            i,
            i + 1,
            v,
            NumKind::Fraction,
            Written::Digits,
        ));
    }
    if tok.kind == TokenKind::Number {
        return digits_at(doc, lex, i);
    }
    if !matches!(tok.kind, TokenKind::Word | TokenKind::Abbrev) {
        return None;
    }
    words_at(doc, lex, i)
}

fn mention(
    doc: &Doc,
    first: usize,
    last: usize,
    value: f64,
    kind: NumKind,
    written: Written,
) -> NumberMention {
    NumberMention {
        start: doc.tokens[first].start,
        end: doc.tokens[last - 1].end,
        tokens: (first, last),
        value,
        kind,
        written,
        suffix: None,
        grouped: false,
        leading_zero: false,
        article: false,
    }
}

/// `^6`, `^-3` right after token `i`: the exponent and the token after it.
fn power_after(doc: &Doc, i: usize) -> Option<(i32, usize)> {
    if !(adjacent(doc, i) && i + 1 < doc.tokens.len() && doc.tok(i + 1) == "^") {
        return None;
    }
    let mut j = i + 2;
    let mut neg = false;
    while j < doc.tokens.len() && matches!(doc.tok(j), "-" | "+") && adjacent(doc, j - 1) {
        neg ^= doc.tok(j) == "-";
        j += 1;
    }
    if j < doc.tokens.len() && adjacent(doc, j - 1) {
        let e = doc.tok(j).parse::<i32>().ok()?;
        return Some((if neg { -e } else { e }, j + 1));
    }
    None
}

/// A number that starts with digits: `3.500`, `2.3bn`, `40 000`, `2 miljoen`, `3/4`,
/// `2 1/4`, `1e10`, `1,1^23`, `11e`, `180ml`.
fn digits_at(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<NumberMention> {
    let s = doc.tok(i);
    let d = parse_digits(s, lex)?;
    let tok = doc.tokens[i];
    let rest = &s[d.len..];
    let mut m = mention(doc, i, i + 1, d.value, NumKind::Cardinal, Written::Digits);
    m.grouped = d.grouped;
    m.leading_zero = d.leading_zero;
    // scientific notation: `1.3x10^6`, `1.3 × 10^6`
    let glued_times = matches!(rest, "x10" | "×10" | "X10");
    let spaced_times = rest.is_empty()
        && matches!(
            doc.tokens.get(i + 1).map(|_| doc.tok(i + 1)),
            Some("x" | "×" | "X")
        )
        && i + 2 < doc.tokens.len()
        && doc.tok(i + 2) == "10";
    if glued_times || spaced_times {
        let j = if glued_times { i } else { i + 2 };
        if let Some((e, next)) = power_after(doc, j) {
            m.value = d.value * 10f64.powi(e);
            m.end = doc.tokens[next - 1].end;
            m.tokens.1 = next;
            return Some(m);
        }
    }
    if !rest.is_empty() {
        // exponent: 1e10, 1.3e6, -127,32e13; `12e` + `-1`
        let lower = rest.to_ascii_lowercase();
        if let Some(exp) = lower.strip_prefix('e')
            && !exp.is_empty()
            && exp
                .trim_start_matches(['+', '-'])
                .bytes()
                .all(|b| b.is_ascii_digit())
            && let Ok(e) = exp.parse::<i32>()
        {
            m.value = d.value * 10f64.powi(e);
            return Some(m);
        }
        if lower == "e"
            && adjacent(doc, i)
            && matches!(doc.tok(i + 1), "-" | "+")
            && adjacent(doc, i + 1)
            && i + 2 < doc.tokens.len()
            && adjacent(doc, i + 1)
            && let Ok(e) = doc.tok(i + 2).parse::<i32>()
        {
            let e = if doc.tok(i + 1) == "-" { -e } else { e };
            m.value = d.value * 10f64.powi(e);
            m.end = doc.tokens[i + 2].end;
            m.tokens.1 = i + 3;
            return Some(m);
        }
        if let Some(sc) = lex.suffix_scale(rest) {
            m.value = d.value * sc;
            return Some(m);
        }
        if d.int && !d.grouped && lex.ordinal_suffixes.contains(&lower) {
            m.kind = NumKind::Ordinal;
            return Some(m);
        }
        m.suffix = Some((tok.start + d.len, tok.end));
        return Some(m);
    }
    // a power: 1,1^23, -2500^-1
    if let Some((e, next)) = power_after(doc, i) {
        m.value = d.value.powi(e);
        m.end = doc.tokens[next - 1].end;
        m.tokens.1 = next;
        return Some(m);
    }
    // a digit fraction: 3/4, and the mixed 2 1/4
    if let Some((v, next)) = digit_fraction(doc, lex, i) {
        let mut f = mention(doc, i, next, v, NumKind::Fraction, Written::Digits);
        f.end = doc.tokens[next - 1].end;
        return Some(f);
    }
    if d.int
        && !d.grouped
        && (1..=3).contains(&s.len())
        && same_line_gap(doc, i)
        && !adjacent(doc, i)
        && i + 1 < doc.tokens.len()
        && let Some((v, next)) = digit_fraction(doc, lex, i + 1)
        && v < 1.0
    {
        return Some(mention(
            doc,
            i,
            next,
            d.value + v,
            NumKind::Fraction,
            Written::Digits,
        ));
    }
    // groups written with spaces: 40 000, 1 234 567,89
    if d.int && !d.grouped && !d.leading_zero && s.len() <= 3 {
        let mut j = i;
        let mut digits = s.to_string();
        let mut frac: Option<f64> = None;
        while j + 1 < doc.tokens.len()
            && single_space(doc, j)
            && doc.tokens[j + 1].kind == TokenKind::Number
        {
            let g = doc.tok(j + 1);
            let Some(gd) = parse_digits(g, lex) else {
                break;
            };
            if gd.len != g.len() || g.len() < 3 || !g.as_bytes()[..3].iter().all(u8::is_ascii_digit)
            {
                break;
            }
            if g.len() == 3 {
                digits.push_str(g);
                j += 1;
            } else if !gd.int && g.as_bytes()[3] as char == lex.decimal_sep {
                digits.push_str(&g[..3]);
                frac = format!("0.{}", &g[4..]).parse::<f64>().ok();
                j += 1;
                break;
            } else {
                break;
            }
        }
        if j > i {
            let mut v: f64 = digits.parse().ok()?;
            if let Some(f) = frac {
                v += f;
            }
            let mut g = mention(doc, i, j + 1, v, NumKind::Cardinal, Written::Digits);
            g.grouped = true;
            return Some(g);
        }
    }
    // a scale suffix written apart: `2,33 k`, `1,674.5 G`
    if i + 1 < doc.tokens.len()
        && short_space(doc, i)
        && let Some(sc) = lex.suffix_scale(doc.tok(i + 1))
        && doc.tok(i + 1).chars().count() == 1
        && (i + 2 >= doc.tokens.len() || doc.tokens[i + 2].kind != TokenKind::Word)
    {
        let mut g = mention(
            doc,
            i,
            i + 2,
            d.value * sc,
            NumKind::Cardinal,
            Written::Digits,
        );
        g.grouped = d.grouped;
        return Some(g);
    }
    // digits followed by number words: 2 miljoen, 4 thousand 3 hundred and 21, 2.12 hundred
    if let Some(w) = words_at(doc, lex, i)
        && w.tokens.1 > i + 1
    {
        let mut w = w;
        w.written = Written::Mixed;
        w.grouped = d.grouped;
        return Some(w);
    }
    Some(m)
}

/// Tokens `j` and `j + 1` are separated by exactly one space-like character.
fn single_space(doc: &Doc, j: usize) -> bool {
    if j + 1 >= doc.tokens.len() {
        return false;
    }
    let gap = &doc.text[doc.tokens[j].end..doc.tokens[j + 1].start];
    let mut it = gap.chars();
    matches!(it.next(), Some(' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')) && it.next().is_none()
}

/// Tokens `j` and `j + 1` are separated by one or two spaces.
fn short_space(doc: &Doc, j: usize) -> bool {
    if j + 1 >= doc.tokens.len() {
        return false;
    }
    let gap = &doc.text[doc.tokens[j].end..doc.tokens[j + 1].start];
    (1..=2).contains(&gap.chars().count()) && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// `a/b` at token `i` (three adjacent tokens) as a proper fraction, not a date.
fn digit_fraction(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<(f64, usize)> {
    if i + 2 >= doc.tokens.len()
        || doc.tokens[i].kind != TokenKind::Number
        || doc.tok(i + 1) != "/"
        || !adjacent(doc, i)
        || !adjacent(doc, i + 1)
        || doc.tokens[i + 2].kind != TokenKind::Number
    {
        return None;
    }
    if i > 0 && adjacent(doc, i - 1) && doc.tok(i - 1) == "/" {
        return None;
    }
    if adjacent(doc, i + 2) && i + 3 < doc.tokens.len() && doc.tok(i + 3) == "/" {
        return None;
    }
    let a = parse_digits(doc.tok(i), lex)?;
    let bs = doc.tok(i + 2);
    let b = parse_digits(bs, lex)?;
    if !a.int || !b.int || b.value == 0.0 || b.len != bs.len() || bs.starts_with('0') {
        return None;
    }
    (a.value < b.value && b.value <= 1000.0).then_some((a.value / b.value, i + 3))
}

/// A number starting with a word (or digits followed by words), with fractions and shares.
fn words_at(doc: &Doc, lex: &NumberLexicon, i: usize) -> Option<NumberMention> {
    let pieces = pieces_from(doc, lex, i);
    if pieces.is_empty() {
        return None;
    }
    let c = compose(doc, lex, &pieces, i)?;
    // `one` as a pronoun: `this one`, `that one`
    let (first, last) = (i, c.1);
    if last == first + 1
        && lex.pronoun_one.contains(&tok_lower(doc, first))
        && first > 0
        && lex.pronoun_determiners.contains(&tok_lower(doc, first - 1))
    {
        return None;
    }
    let written = match (c.2.digits, c.2.words) {
        (true, true) => Written::Mixed,
        (true, false) => Written::Digits,
        _ => Written::Words,
    };
    let mut m = mention(doc, first, last, c.0, c.2.kind, written);
    m.article = c.2.article;
    Some(m)
}

/// The best number from `pieces` (which start at token `i`): value, token end, parse info.
fn compose(
    doc: &Doc,
    lex: &NumberLexicon,
    pieces: &[Piece],
    _i: usize,
) -> Option<(f64, usize, Parsed)> {
    let words_only = Parsed {
        value: 0.0,
        kind: NumKind::Fraction,
        end: 0,
        last_scale: 1.0,
        article: false,
        digits: false,
        words: true,
    };
    // A fraction word first: `half`, `kwart`, `anderhalf`; `half a dozen`, `half million`.
    if let P::M(Morph::Frac(f)) = pieces[0].p {
        let mut p = Parsed {
            value: f,
            end: 1,
            ..words_only
        };
        let mut k = 1;
        if matches!(pieces.get(k).map(|x| x.p), Some(P::Article)) {
            k += 1;
        }
        if let Some(P::M(Morph::Mult(m) | Morph::Scale(m))) = pieces.get(k).map(|x| x.p)
            && m >= 12.0
            && cut(pieces, k + 1).is_some()
        {
            p.value = f * m;
            p.kind = NumKind::Cardinal;
            p.end = k + 1;
        }
        if p.value.fract() != 0.0 || p.value == 0.0 {
            p.kind = NumKind::Fraction;
        }
        let end = cut(pieces, p.end)?;
        return Some((p.value, end, p));
    }
    if matches!(pieces[0].p, P::Article) {
        return compose_article(doc, lex, pieces, words_only);
    }
    let b = parse_cardinal(pieces, 0, lex)?;
    if b.kind == NumKind::Ordinal {
        let b = back_off(pieces, b, lex)?;
        if pieces[b.end - 1].plural {
            // `fifths` alone names a share without a numerator
            return None;
        }
        return Some((b.value, cut(pieces, b.end)?, b));
    }
    // `one billion and three quarters million`: the `and` belongs to the fraction
    if let Some(and_at) = (1..b.end).rev().find(|&k| matches!(pieces[k].p, P::And))
        && denominator(pieces, b.end, lex).is_some()
        && let Some(b0) = parse_cardinal(&pieces[..and_at], 0, lex)
        && b0.end == and_at
        && let Some(r) = with_fraction(doc, lex, pieces, b0)
        && r.2.end > b.end
    {
        return Some(r);
    }
    // numerator and denominator: `twee derde`, `three fifths`, `een-achtste`
    if let Some(r) = over_denominator(doc, lex, pieces, b) {
        return Some(r);
    }
    if let Some(r) = with_fraction(doc, lex, pieces, b) {
        return Some(r);
    }
    let b = back_off(pieces, b, lex)?;
    if let Some(r) = over_denominator(doc, lex, pieces, b) {
        return Some(r);
    }
    with_fraction(doc, lex, pieces, b)
}

/// A number that starts with an article: `een miljoen`, `a dozen`, `een achtste`,
/// `a twenty-first`, `een half miljoen`, `een en een vierde`.
fn compose_article(
    doc: &Doc,
    lex: &NumberLexicon,
    pieces: &[Piece],
    words_only: Parsed,
) -> Option<(f64, usize, Parsed)> {
    if let Some(b) = parse_cardinal(pieces, 0, lex)
        && b.kind == NumKind::Cardinal
        && b.end > 1
        && cut(pieces, b.end).is_some()
    {
        return with_fraction(doc, lex, pieces, b);
    }
    let mut k = 1;
    if matches!(
        pieces.get(k).map(|x| x.p),
        Some(P::M(Morph::Join) | P::Hyphen)
    ) {
        k += 1;
    }
    if let Some((den, e)) = denominator(pieces, k, lex)
        && let Some(end) = cut(pieces, e)
        && (den.unit_fraction || follows_fraction(doc, lex, end))
    {
        let v = den.share_of(1.0);
        let p = Parsed {
            value: v,
            end: e,
            article: true,
            ..words_only
        };
        // `een half miljoen`, `a quarter million`
        if let Some(P::M(Morph::Scale(s))) = pieces.get(e).map(|x| x.p)
            && s >= 1000.0
            && let Some(end2) = cut(pieces, e + 1)
        {
            let p = Parsed {
                value: v * s,
                kind: NumKind::Cardinal,
                end: e + 1,
                ..p
            };
            return Some((p.value, end2, p));
        }
        return Some((v, end, p));
    }
    // `een op de twintig`, `one in five`
    if let Some(end) = cut(pieces, 1)
        && let Some((v, e)) = share_after(doc, lex, 1.0, end)
    {
        let p = Parsed {
            value: v,
            end: 1,
            article: true,
            ..words_only
        };
        return Some((v, e, p));
    }
    // `een en een vierde`: one and a fraction
    if matches!(pieces.get(1).map(|x| x.p), Some(P::And))
        && let Some((f, e)) = fraction_part(pieces, 2, lex, true)
        && f < 1.0
        && let Some(end) = cut(pieces, e)
    {
        let p = Parsed {
            value: 1.0 + f,
            end: e,
            article: true,
            ..words_only
        };
        return Some((p.value, end, p));
    }
    None
}

/// `b` followed by a denominator (`derde`, `fifths`, `quarters`), maybe scaled after it
/// (`three quarters billion`).
fn over_denominator(
    doc: &Doc,
    lex: &NumberLexicon,
    pieces: &[Piece],
    b: Parsed,
) -> Option<(f64, usize, Parsed)> {
    if b.value.fract() != 0.0 {
        return None;
    }
    let mut k = b.end;
    let joined = matches!(
        pieces.get(k).map(|x| x.p),
        Some(P::M(Morph::Join) | P::Hyphen)
    );
    if joined {
        k += 1;
    }
    let (den, e) = denominator(pieces, k, lex)?;
    if joined && den.unit_fraction {
        // `tweeënhalf` is two and a half, not two halves
        return None;
    }
    let end = cut(pieces, e)?;
    let v = den.share_of(b.value);
    if let Some(P::M(Morph::Scale(s))) = pieces.get(e).map(|x| x.p)
        && s >= 1000.0
        && let Some(end2) = cut(pieces, e + 1)
    {
        let p = Parsed {
            value: v * s,
            kind: NumKind::Cardinal,
            end: e + 1,
            ..b
        };
        return Some((p.value, end2, p));
    }
    let p = Parsed {
        value: v,
        kind: NumKind::Fraction,
        end: e,
        ..b
    };
    let _ = doc;
    let _ = lex;
    Some((v, end, p))
}

/// Cuts a parse back to its last piece that ends a token.
fn back_off(pieces: &[Piece], b: Parsed, lex: &NumberLexicon) -> Option<Parsed> {
    if cut(pieces, b.end).is_some() {
        return Some(b);
    }
    let mut end = b.end;
    while end > 1 {
        end -= 1;
        if pieces[end - 1].last_in_tok
            && let Some(p) = parse_cardinal(&pieces[..end], 0, lex)
            && p.end == end
        {
            return Some(p);
        }
    }
    None
}

/// A denominator: an ordinal of three or more (`derde`, `fifths`, `twenty-first`), or a
/// unit-fraction word (`kwart`, `quarters`, `halves`).
#[derive(Clone, Copy, Debug)]
struct Denominator {
    value: f64,
    /// A fraction word (value below one) rather than an ordinal.
    unit_fraction: bool,
}

impl Denominator {
    fn share_of(self, numerator: f64) -> f64 {
        if self.unit_fraction {
            numerator * self.value
        } else {
            numerator / self.value
        }
    }
}

fn denominator(pieces: &[Piece], k: usize, lex: &NumberLexicon) -> Option<(Denominator, usize)> {
    match pieces.get(k)?.p {
        P::M(Morph::Frac(f)) => {
            // `kwart`, `quarter`, `halves`: 1/n; not `driekwart` or `anderhalf`
            let n = 1.0 / f;
            return ((n - n.round()).abs() < 1e-9).then_some((
                Denominator {
                    value: f,
                    unit_fraction: true,
                },
                k + 1,
            ));
        }
        P::Digits { .. } | P::Article | P::And | P::Hyphen => return None,
        _ => {}
    }
    let p = parse_cardinal(pieces, k, lex)?;
    (p.kind == NumKind::Ordinal && p.value >= 3.0).then_some((
        Denominator {
            value: p.value,
            unit_fraction: false,
        },
        p.end,
    ))
}

/// Whether the token at `end` lets a preceding `een derde` / `a third` be a fraction.
fn follows_fraction(doc: &Doc, lex: &NumberLexicon, end: usize) -> bool {
    if end >= doc.tokens.len() {
        return true;
    }
    if doc.tokens[end].kind != TokenKind::Word {
        return true;
    }
    lex.fraction_followers.contains(&tok_lower(doc, end))
}

/// `b` with what may follow an integer: a fraction (`en een half`, `and three fifths`,
/// `driekwart`, in-word `-en-half`), decimals in words (`komma vijf`) or a share
/// (`op de 20`). `None` when `b` does not end on a token boundary and nothing extends it.
fn with_fraction(
    doc: &Doc,
    lex: &NumberLexicon,
    pieces: &[Piece],
    b: Parsed,
) -> Option<(f64, usize, Parsed)> {
    if b.kind == NumKind::Cardinal {
        let mut k = b.end;
        let has_and = matches!(pieces.get(k).map(|x| x.p), Some(P::And | P::M(Morph::Join)));
        if has_and {
            k += 1;
        }
        if let Some((f, e)) = fraction_part(pieces, k, lex, has_and)
            && f < 1.0
            && let Some(end2) = cut(pieces, e)
        {
            let mut value = b.value;
            let (mut e2, mut end3) = (e, end2);
            if let Some(P::M(Morph::Scale(s))) = pieces.get(e).map(|x| x.p)
                && s >= 1000.0
                && let Some(x) = cut(pieces, e + 1)
            {
                // `one billion and three quarters million`
                value += f * s;
                e2 = e + 1;
                end3 = x;
            } else if b.last_scale >= 1000.0 {
                // `3 miljoen en een half`, `two million and three fifths`
                value += f * b.last_scale;
            } else {
                value += f;
            }
            let kind = if value.fract() == 0.0 {
                NumKind::Cardinal
            } else {
                NumKind::Fraction
            };
            let p = Parsed {
                value,
                kind,
                end: e2,
                ..b
            };
            return Some((value, end3, p));
        }
    }
    let end = cut(pieces, b.end)?;
    let base = (b.value, end, b);
    if b.kind != NumKind::Cardinal {
        return Some(base);
    }
    // `komma vijf`, `point zero three`
    if end < doc.tokens.len()
        && lex.point_words.contains(&tok_lower(doc, end))
        && let Some((frac, e)) = point_digits(doc, lex, end + 1)
    {
        let v = b.value + frac;
        return Some((v, e, Parsed { value: v, ..b }));
    }
    if let Some((v, e)) = share_after(doc, lex, b.value, end) {
        let p = Parsed {
            value: v,
            kind: NumKind::Fraction,
            ..b
        };
        return Some((v, e, p));
    }
    Some(base)
}

/// A share after the numerator `num` ending at token `end`: `1 op de 20`, `one out of
/// three`, `1 in twenty-one`; returns the value and the token after the denominator.
fn share_after(doc: &Doc, lex: &NumberLexicon, num: f64, end: usize) -> Option<(f64, usize)> {
    if num.fract() != 0.0 || num <= 0.0 {
        return None;
    }
    for phrase in &lex.ratio_words {
        if let Some(j) = phrase_at(doc, end, phrase)
            && j < doc.tokens.len()
            && let Some(den) = single_at(doc, lex, j)
            && den.kind == NumKind::Cardinal
            && den.value > num
            && den.value <= 1000.0
            && den.value.fract() == 0.0
            && den.suffix.is_none()
            && (phrase.len() != 1 || follows_fraction(doc, lex, den.tokens.1))
        {
            return Some((num / den.value, den.tokens.1));
        }
    }
    None
}

/// A fraction at piece `k`: `een half`, `a fifth`, `drie vijfde`, `kwart`, `driekwart`.
fn fraction_part(
    pieces: &[Piece],
    k: usize,
    lex: &NumberLexicon,
    after_and: bool,
) -> Option<(f64, usize)> {
    match pieces.get(k)?.p {
        P::M(Morph::Frac(f)) => Some((f, k + 1)),
        P::Article => match pieces.get(k + 1)?.p {
            P::M(Morph::Frac(f)) => Some((f, k + 2)),
            _ => {
                let (d, e) = denominator(pieces, k + 1, lex)?;
                Some((d.share_of(1.0), e))
            }
        },
        P::M(Morph::Card(_)) => {
            let num = parse_cardinal(pieces, k, lex)?;
            if num.kind != NumKind::Cardinal {
                return None;
            }
            let (d, e) = denominator(pieces, num.end, lex)?;
            let v = d.share_of(num.value);
            (after_and || v < 1.0).then_some((v, e))
        }
        _ => None,
    }
}

/// Digits spoken after a decimal word: `vijf`, `nought four`, `seventy-one`.
fn point_digits(doc: &Doc, lex: &NumberLexicon, j: usize) -> Option<(f64, usize)> {
    let mut digits = String::new();
    let mut k = j;
    while k < doc.tokens.len() {
        let Some((v, kind)) = lex.word_value(doc.tok(k)) else {
            break;
        };
        if kind != NumKind::Cardinal || v.fract() != 0.0 || v >= 100.0 {
            break;
        }
        if v >= 10.0 && !digits.is_empty() {
            break;
        }
        digits.push_str(&format!("{}", v as u32));
        k += 1;
        if v >= 10.0 {
            break;
        }
    }
    if digits.is_empty() {
        return None;
    }
    let f: f64 = format!("0.{digits}").parse().ok()?;
    Some((f, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexes() -> &'static NumberLexicons {
        static L: std::sync::OnceLock<NumberLexicons> = std::sync::OnceLock::new();
        L.get_or_init(|| NumberLexicons::load().expect("numbers data"))
    }

    fn nums(lang: &str, text: &str) -> Vec<(String, f64, NumKind)> {
        let doc = Doc::new(text, lang);
        scan(&doc, lexes().get(lang))
            .into_iter()
            .map(|m| (m.text(&doc).to_string(), m.value, m.kind))
            .collect()
    }

    fn one(lang: &str, text: &str) -> (String, f64) {
        let v = nums(lang, text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        (v[0].0.clone(), v[0].1)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn digits_follow_the_language_convention() {
        assert_eq!(
            one("nl", "Zo'n 3.500 familieleden"),
            ("3.500".into(), 3500.0)
        );
        assert_eq!(
            one("nl", "3,5 miljoen"),
            ("3,5 miljoen".into(), 3_500_000.0)
        );
        assert_eq!(one("en", "some 3,500 people"), ("3,500".into(), 3500.0));
        assert_eq!(one("en", "4.800"), ("4.800".into(), 4.8));
        assert_eq!(one("nl", "1.234,567"), ("1.234,567".into(), 1234.567));
        assert_eq!(one("en", "1,234,567"), ("1,234,567".into(), 1_234_567.0));
        assert_eq!(one("en", "The number is 1,3."), ("1,3".into(), 1.3));
        let (t, v) = one("en", "a $2.3bn deal");
        assert_eq!(t, "2.3bn");
        assert!(close(v, 2.3e9));
        assert_eq!(one("en", "40 000 people").1, 40000.0);
        assert_eq!(one("nl", "1 234 567,89 euro").1, 1_234_567.89);
        // Indian grouping, and scientific notation
        assert_eq!(
            one("en", "Rs 12,34,567.89 in all"),
            ("12,34,567.89".into(), 1_234_567.89)
        );
        assert_eq!(nums("nl", "3.45.678").len(), 3);
        assert!(close(one("en", "1.3x10^6 cells").1, 1.3e6));
        assert!(close(one("en", "1.3 × 10^6 cells").1, 1.3e6));
    }

    #[test]
    fn dutch_number_words() {
        for (w, v) in [
            ("vijftig", 50.0),
            ("dertien", 13.0),
            ("eenentwintig", 21.0),
            ("honderd", 100.0),
            ("tweehonderd", 200.0),
            ("honderdenzes", 106.0),
            ("zeshonderdenachtenzeventig", 678.0),
            ("vijfentwintighonderdzevenenzeventig", 2577.0),
            ("tweeëntwintighonderd", 2200.0),
            ("drieduizendnegenhonderdvijfenzestig", 3965.0),
        ] {
            assert_eq!(one("nl", w), (w.to_string(), v), "{w}");
        }
        assert_eq!(one("nl", "tweeduizend en zestien").1, 2016.0);
        assert_eq!(one("nl", "eenentwintig biljoen").1, 21e12);
        assert_eq!(one("nl", "honderdduizend miljoen").1, 1e11);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(one("en", "fifty-three").1, 53.0);
        assert_eq!(one("en", "fifty   two").1, 52.0);
        assert_eq!(one("en", "one hundred and six").1, 106.0);
        assert_eq!(one("en", "a dozen eggs"), ("a dozen".into(), 12.0));
        assert_eq!(one("en", "three hundred and two dozens").1, 324.0);
        assert_eq!(
            one("en", "twenty-one trillion and three hundred").1,
            21_000_000_000_300.0
        );
        assert_eq!(one("en", "4 thousand 3 hundred and 21").1, 4321.0);
    }

    #[test]
    fn fractions_and_shares() {
        assert!(close(one("nl", "twee derde").1, 2.0 / 3.0));
        assert!(close(one("nl", "drie en een kwart").1, 3.25));
        assert!(close(one("nl", "tweeënhalf").1, 2.5));
        assert!(close(one("nl", "een half miljoen").1, 500_000.0));
        assert!(close(one("en", "three and a fifth").1, 3.2));
        assert!(close(
            one("en", "two million and three fifths").1,
            2_600_000.0
        ));
        assert!(close(one("en", "one out of three").1, 1.0 / 3.0));
        assert!(close(
            one("nl", "Een op de twintig is niet tevreden").1,
            0.05
        ));
        assert!(close(one("en", "2 1/4").1, 2.25));
        assert!(close(one("en", "-4/5").1, -0.8));
        assert!(close(one("en", "minus five point five").1, -5.5));
    }

    #[test]
    fn ordinals_are_marked() {
        assert_eq!(nums("nl", "de 11e")[0].2, NumKind::Ordinal);
        assert_eq!(nums("nl", "honderdvijfentwintigste")[0].1, 125.0);
        assert_eq!(nums("nl", "honderdvijfentwintigste")[0].2, NumKind::Ordinal);
        assert_eq!(nums("en", "the twenty-first")[0].1, 21.0);
        assert_eq!(nums("en", "the 22nd")[0].2, NumKind::Ordinal);
    }

    #[test]
    fn articles_and_pronouns_are_not_numbers() {
        assert!(nums("en", "a previous version").is_empty());
        assert!(nums("en", "That one is really good").is_empty());
        assert!(
            nums("nl", "een derde partij")
                .iter()
                .all(|n| n.2 != NumKind::Fraction)
        );
        assert!(nums("nl", "Ik ben een man").is_empty());
    }

    #[test]
    fn ip_like_tokens_split_into_numbers() {
        let v = nums("en", "192.168.1.2");
        assert_eq!(
            v.iter().map(|x| x.1).collect::<Vec<_>>(),
            vec![192.0, 168.0, 1.0, 2.0]
        );
    }
}
