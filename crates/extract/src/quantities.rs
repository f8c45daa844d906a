//! Figures: counts, amounts, ranges and measures with what they count.
//!
//! Built on [`crate::numbers`]: every number found there becomes a figure unless it is part of
//! a date or time, a rank, a year, a phone number or a name (`Boeing 747`). Around each number
//! the analyser reads hedges and bounds (`zo'n`, `meer dan`, `up to`), ranges (`zes tot
//! zeven`, `between 10 and 20`), units and currencies (`kilometer`, `$`, `dollars`), and the
//! noun phrase counted (`IS-strijders`) with its category. All words are data:
//! `data/lang/<code>/quantities.toml` over `data/lang/common/quantities.toml`, with durations
//! from `times.toml`.

use std::collections::HashMap;

use dossier_model::{Modifier, Quantity, TimeKind};
use dossier_text::{DataError, Doc, TokenKind, data_dir, load_toml};
use serde::Deserialize;

use crate::numbers::{
    self, NumKind, NumberLexicon, NumberMention, Written, adjacent, normalize_word,
};
use crate::phrases::{Phrases, tight_gap};
use crate::times::{self, DurUnit, TimeLexicons};

// ---------------------------------------------------------------------------------------
// Data.

#[derive(Deserialize, Default)]
struct QtyFile {
    #[serde(default)]
    modifiers: ModifierLists,
    #[serde(default)]
    postfix: PostfixLists,
    #[serde(default)]
    ranges: RangeLists,
    #[serde(default)]
    vague: HashMap<String, [f64; 2]>,
    #[serde(default)]
    unit: Vec<UnitEntry>,
    #[serde(default)]
    age: AgeLists,
    #[serde(default)]
    counted: CountedLists,
    #[serde(default)]
    designators: Designators,
    #[serde(default)]
    categories: HashMap<String, Vec<String>>,
    #[serde(default)]
    composite: Vec<Composite>,
}

#[derive(Deserialize, Default)]
struct ModifierLists {
    #[serde(default)]
    about: Vec<String>,
    #[serde(default)]
    more_than: Vec<String>,
    #[serde(default)]
    less_than: Vec<String>,
    #[serde(default)]
    at_least: Vec<String>,
    #[serde(default)]
    at_most: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    approx: Vec<String>,
    #[serde(default)]
    or_equal: Vec<String>,
}

#[derive(Deserialize, Default)]
struct PostfixLists {
    #[serde(default)]
    at_least: Vec<String>,
    #[serde(default)]
    at_most: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RangeLists {
    #[serde(default)]
    infix: Vec<String>,
    #[serde(default)]
    between: Vec<[String; 2]>,
    #[serde(default)]
    join: Vec<String>,
}

#[derive(Deserialize, Default)]
struct AgeLists {
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
}

#[derive(Deserialize, Default)]
struct CountedLists {
    #[serde(default)]
    partitive: Vec<String>,
    #[serde(default)]
    stop: Vec<String>,
    #[serde(default)]
    adjective_endings: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    compound_heads: bool,
    /// Nouns are written as several words (`family members`, `world bank loan`).
    #[serde(default)]
    phrase_nouns: bool,
    #[serde(default)]
    verb_endings: Vec<String>,
}

#[derive(Deserialize, Clone)]
struct Composite {
    major: String,
    minor: String,
    per: f64,
}

#[derive(Deserialize, Default)]
struct Designators {
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize, Clone)]
struct UnitEntry {
    code: String,
    kind: String,
    #[serde(default)]
    symbol: bool,
    forms: Vec<String>,
}

/// A unit as the analyser uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDef {
    /// Normalised unit (`km`, `USD`, `%`, `month`).
    pub code: String,
    /// `length`, `area`, `money`, `percentage`, `duration`, ...
    pub kind: String,
    /// May stand before the amount (`$ 5`, `USD 200`).
    pub symbol: bool,
}

impl UnitDef {
    /// The figure category a unit gives.
    fn category(&self) -> &str {
        match self.kind.as_str() {
            "length" => "distance",
            "information" => "data",
            k => k,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Bound {
    /// A modifier from the lists, `None` for `exact`.
    Mod(Option<Modifier>),
}

/// The figure words of one language (with the common symbols folded in).
#[derive(Default)]
struct QtyLang {
    modifiers: Phrases<(Bound, bool)>,
    or_equal: Phrases<()>,
    postfix: Phrases<Modifier>,
    range_infix: Phrases<()>,
    range_between: Vec<(Phrases<()>, Phrases<()>)>,
    range_join: Phrases<()>,
    vague: Phrases<(f64, f64)>,
    units: Phrases<UnitDef>,
    symbols: Phrases<UnitDef>,
    age_after: Phrases<()>,
    age_before: Phrases<()>,
    partitive: Phrases<()>,
    stop: std::collections::HashSet<String>,
    adjective_endings: Vec<String>,
    adjectives: std::collections::HashSet<String>,
    compound_heads: bool,
    phrase_nouns: bool,
    verb_endings: Vec<String>,
    designators: std::collections::HashSet<String>,
    categories: HashMap<String, String>,
    composites: Vec<Composite>,
}

impl QtyLang {
    fn build(files: &[QtyFile]) -> Self {
        let mut q = QtyLang::default();
        for f in files {
            let m = &f.modifiers;
            let approx: std::collections::HashSet<String> = m
                .approx
                .iter()
                .map(|w| normalize_word(w).into_owned())
                .collect();
            for (list, b) in [
                (&m.about, Bound::Mod(Some(Modifier::About))),
                (&m.more_than, Bound::Mod(Some(Modifier::MoreThan))),
                (&m.less_than, Bound::Mod(Some(Modifier::LessThan))),
                (&m.at_least, Bound::Mod(Some(Modifier::AtLeast))),
                (&m.at_most, Bound::Mod(Some(Modifier::AtMost))),
                (&m.exact, Bound::Mod(None)),
            ] {
                for w in list {
                    let ap = b == Bound::Mod(Some(Modifier::About))
                        || approx.contains(&*normalize_word(w));
                    q.modifiers.insert(w, (b, ap));
                }
            }
            q.or_equal.extend(&m.or_equal, ());
            q.postfix.extend(&f.postfix.at_least, Modifier::AtLeast);
            q.postfix.extend(&f.postfix.at_most, Modifier::AtMost);
            q.range_infix.extend(&f.ranges.infix, ());
            for [a, b] in &f.ranges.between {
                let mut pa = Phrases::default();
                pa.insert(a, ());
                let mut pb = Phrases::default();
                pb.insert(b, ());
                q.range_between.push((pa, pb));
            }
            q.range_join.extend(&f.ranges.join, ());
            for (w, [lo, hi]) in &f.vague {
                q.vague.insert(w, (*lo, *hi));
            }
            for u in &f.unit {
                let def = UnitDef {
                    code: u.code.clone(),
                    kind: u.kind.clone(),
                    symbol: u.symbol,
                };
                q.units.extend(&u.forms, def.clone());
                if u.symbol {
                    q.symbols.extend(&u.forms, def);
                }
            }
            q.age_after.extend(&f.age.after, ());
            q.age_before.extend(&f.age.before, ());
            q.partitive.extend(&f.counted.partitive, ());
            q.stop.extend(
                f.counted
                    .stop
                    .iter()
                    .map(|w| normalize_word(w).into_owned()),
            );
            q.adjective_endings
                .extend(f.counted.adjective_endings.iter().cloned());
            q.adjectives.extend(
                f.counted
                    .adjectives
                    .iter()
                    .map(|w| normalize_word(w).into_owned()),
            );
            q.compound_heads |= f.counted.compound_heads;
            q.phrase_nouns |= f.counted.phrase_nouns;
            q.verb_endings
                .extend(f.counted.verb_endings.iter().cloned());
            q.composites.extend(f.composite.iter().cloned());
            q.designators.extend(
                f.designators
                    .words
                    .iter()
                    .map(|w| normalize_word(w).into_owned()),
            );
            let mut cats: Vec<_> = f.categories.iter().collect();
            cats.sort();
            for (cat, words) in cats {
                for w in words {
                    q.categories
                        .entry(normalize_word(w).into_owned())
                        .or_insert_with(|| cat.clone());
                }
            }
        }
        q
    }

    /// The category of a counted noun: the word itself, or for compounds its last part
    /// (`vrachtwagenchauffeurs` → `chauffeurs`, `IS-strijders` → `strijders`).
    fn category_of(&self, word: &str) -> Option<&str> {
        let w = normalize_word(word);
        if let Some(c) = self.categories.get(&*w) {
            return Some(c);
        }
        if let Some((_, tail)) = w.rsplit_once('-')
            && let Some(c) = self.categories.get(tail)
        {
            return Some(c);
        }
        if self.compound_heads {
            let bounds: Vec<usize> = w.char_indices().map(|(b, _)| b).collect();
            for &b in bounds.iter().skip(3) {
                let tail = &w[b..];
                if tail.chars().count() < 4 {
                    break;
                }
                if let Some(c) = self.categories.get(tail) {
                    return Some(c);
                }
            }
        }
        None
    }
}

/// Figure words for every language with a `quantities.toml`, the number lexicons, and the
/// time lexicons (durations, and to leave dates and times to the time analyser).
pub struct QuantityLexicons {
    pub numbers: numbers::NumberLexicons,
    pub times: TimeLexicons,
    by_lang: HashMap<String, QtyLang>,
    common: QtyLang,
}

impl QuantityLexicons {
    pub fn load() -> Result<Self, DataError> {
        let common_rel = "lang/common/quantities.toml";
        let common_file: QtyFile = if data_dir().join(common_rel).is_file() {
            load_toml(common_rel)?
        } else {
            QtyFile::default()
        };
        let mut by_lang = HashMap::new();
        for lang in numbers::languages_with("quantities.toml")? {
            if lang == "common" {
                continue;
            }
            let f: QtyFile = load_toml(&format!("lang/{lang}/quantities.toml"))?;
            // language words first, so `pond` (a weight in Dutch) is read before symbols
            by_lang.insert(lang, QtyLang::build(&[f, load_common()?]));
        }
        Ok(QuantityLexicons {
            numbers: numbers::NumberLexicons::load()?,
            times: TimeLexicons::load()?,
            by_lang,
            common: QtyLang::build(&[common_file]),
        })
    }

    fn lang(&self, code: &str) -> &QtyLang {
        self.by_lang.get(code).unwrap_or(&self.common)
    }
}

fn load_common() -> Result<QtyFile, DataError> {
    let rel = "lang/common/quantities.toml";
    if data_dir().join(rel).is_file() {
        load_toml(rel)
    } else {
        Ok(QtyFile::default())
    }
}

// ---------------------------------------------------------------------------------------
// Extraction.

/// A figure being built: a token range and what has been read around the number.
#[derive(Clone, Debug)]
struct Fig {
    first: usize,
    last: usize,
    low: f64,
    high: f64,
    modifier: Option<Modifier>,
    approx: bool,
    vague: bool,
    unit: Option<UnitDef>,
    counted: Option<String>,
    category: Option<String>,
    age: bool,
    /// The number had an explicit bound phrase (for joining `> 10 and < 20`).
    bound_phrase: bool,
    /// Where the text ends inside the last token, when it does not end with it.
    cut: Option<usize>,
}

/// A number or vague amount to build a figure on.
#[derive(Clone, Debug)]
struct Atom {
    first: usize,
    last: usize,
    low: f64,
    high: f64,
    vague: bool,
    mention: Option<NumberMention>,
    /// A unit glued to the number (`180ml`, `six-mile`).
    glued_unit: Option<UnitDef>,
    /// Where the figure's text ends inside the last token (`12-cent` of `12-cent-a-share`).
    cut: Option<usize>,
    /// An age written as one word (`40-year-old`).
    age: bool,
}

/// Finds the figures of a document.
pub fn extract(doc: &Doc, lex: &QuantityLexicons) -> Vec<Quantity> {
    let q = lex.lang(doc.lang);
    let nl = lex.numbers.get(doc.lang);
    let mentions = numbers::scan(doc, nl);
    let time_spans: Vec<(usize, usize)> = times::spans(doc, &lex.times)
        .into_iter()
        .filter(|t| t.2 != TimeKind::Duration)
        .map(|t| (t.0, t.1))
        .collect();
    let in_time = |s: usize, e: usize| time_spans.iter().any(|&(a, b)| s < b && a < e);
    // a number read as a bare year but followed by a unit is a figure (`van 2500 kuub`)
    let in_time = |s: usize, e: usize| {
        in_time(s, e)
            && !(time_spans.contains(&(s, e)) && q.units.at(doc, doc.token_at(e)).is_some())
    };
    let atoms = atoms(doc, lex, q, nl, &mentions, &in_time);
    let mut figs: Vec<Fig> = Vec::new();
    let mut claimed = 0usize;
    for (k, a) in atoms.iter().enumerate() {
        if a.first < claimed {
            continue;
        }
        if let Some(f) = figure(doc, lex, q, &atoms, k, claimed) {
            claimed = f.last;
            figs.push(f);
        }
    }
    let figs = join_bounds(doc, q, figs);
    figs.into_iter()
        .map(|f| {
            let s = doc.tokens[f.first].start;
            let e = f.cut.unwrap_or(doc.tokens[f.last - 1].end);
            Quantity {
                span: doc.span(s, e),
                text: doc.text[s..e].to_string(),
                low: Some(f.low),
                high: Some(f.high),
                approx: f.approx || f.vague,
                vague: f.vague,
                modifier: f.modifier,
                unit: f.unit.as_ref().map(|u| u.code.clone()),
                counted: f.counted,
                category: f
                    .category
                    .or_else(|| f.unit.as_ref().map(|u| u.category().to_string()))
                    .map(|c| if f.age { "age".to_string() } else { c }),
            }
        })
        .collect()
}

/// Numbers and vague amounts that may be figures, in text order.
fn atoms(
    doc: &Doc,
    lex: &QuantityLexicons,
    q: &QtyLang,
    nl: &NumberLexicon,
    mentions: &[NumberMention],
    in_time: &dyn Fn(usize, usize) -> bool,
) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut mi = 0;
    let mut i = 0;
    while i < doc.tokens.len() {
        while mi < mentions.len() && mentions[mi].tokens.0 < i {
            mi += 1;
        }
        if mi < mentions.len() && mentions[mi].tokens.0 == i {
            // several mentions may share a token (`192.168.1.2`): take them all
            while mi < mentions.len() && mentions[mi].tokens.0 == i {
                let m = &mentions[mi];
                mi += 1;
                if m.kind == NumKind::Ordinal || in_time(m.start, m.end) {
                    continue;
                }
                let (glued, cut, age) = match (m.suffix_text(doc), m.suffix) {
                    (Some(sfx), Some((s0, _))) => match glued_unit(doc.lang, lex, q, sfx) {
                        Some(g) => (Some(g.unit), g.len.map(|l| s0 + l), g.age),
                        None => continue,
                    },
                    _ => (None, None, false),
                };
                out.push(Atom {
                    first: m.tokens.0,
                    last: m.tokens.1,
                    low: m.value,
                    high: m.value,
                    vague: false,
                    mention: Some(m.clone()),
                    glued_unit: glued,
                    cut,
                    age,
                });
            }
            i = out
                .last()
                .map(|a: &Atom| a.last)
                .unwrap_or(i + 1)
                .max(i + 1);
            continue;
        }
        // vague amounts: tientallen, hundreds of thousands
        if let Some(((lo, hi), end)) = q.vague.at(doc, i) {
            let (s, e) = (doc.tokens[i].start, doc.tokens[end - 1].end);
            if !in_time(s, e) {
                out.push(Atom {
                    first: i,
                    last: end,
                    low: lo,
                    high: hi,
                    vague: true,
                    mention: None,
                    glued_unit: None,
                    cut: None,
                    age: false,
                });
                i = end;
                continue;
            }
        }
        // a currency code glued to digits: `USD115`
        if doc.tokens[i].kind == TokenKind::Word
            && let Some(split) = doc.tok(i).find(|c: char| c.is_ascii_digit())
            && split > 0
            && let Some(u) = q.symbols.lookup(&doc.tok(i)[..split])
            && let Ok(v) = doc.tok(i)[split..].parse::<f64>()
        {
            out.push(Atom {
                first: i,
                last: i + 1,
                low: v,
                high: v,
                vague: false,
                mention: None,
                glued_unit: Some(u.clone()),
                cut: None,
                age: false,
            });
            i += 1;
            continue;
        }
        // an article before a measure or an amount: `een metrische ton`, `a half turn`; not
        // before a symbol that belongs to a number (`a us $ 150 million`)
        if nl.is_article_one(doc.tok(i))
            && let Some((u, e)) = q.units.at(doc, i + 1)
            && u.kind != "percentage"
            && !u.symbol
            && doc
                .tokens
                .get(e)
                .is_none_or(|t| t.kind != TokenKind::Number)
        {
            out.push(Atom {
                first: i,
                last: i + 1,
                low: 1.0,
                high: 1.0,
                vague: false,
                mention: None,
                glued_unit: None,
                cut: None,
                age: false,
            });
            i += 1;
            continue;
        }
        // a number word glued to a unit: `six-mile`, `three-foot`
        if doc.tokens[i].kind == TokenKind::Word
            && let Some((left, right)) = doc.tok(i).split_once('-')
            && let Some((v, NumKind::Cardinal)) = nl.word_value(left)
            && let Some(g) = glued_unit(doc.lang, lex, q, &doc.tok(i)[left.len()..])
        {
            let _ = right;
            out.push(Atom {
                first: i,
                last: i + 1,
                low: v,
                high: v,
                vague: false,
                mention: None,
                glued_unit: Some(g.unit),
                cut: g.len.map(|l| doc.tokens[i].start + left.len() + l),
                age: g.age,
            });
        }
        i += 1;
    }
    out
}

/// A unit written against a number.
struct Glued {
    unit: UnitDef,
    /// Bytes of the suffix the unit takes when it does not take all of it (`-cent` of
    /// `-cent-a-share`).
    len: Option<usize>,
    /// The suffix ends in an age word (`-year-old`).
    age: bool,
}

/// A unit written against the number: `ml` in `180ml`, `-voet` in `776-voet`, `-mile` in
/// `12-mile-long`, `-year-old` (an age).
fn glued_unit(lang: &str, lex: &QuantityLexicons, q: &QtyLang, sfx: &str) -> Option<Glued> {
    let unit_of = |s: &str| -> Option<UnitDef> {
        q.units
            .lookup(s)
            .cloned()
            .or_else(|| lex.times.duration_unit(lang, s).map(duration_def))
    };
    let body = sfx.trim_start_matches(['-', '‑']);
    if body.is_empty() {
        return None;
    }
    if let Some(unit) = unit_of(body) {
        return Some(Glued {
            unit,
            len: None,
            age: false,
        });
    }
    // hyphenated: the unit is the first part (`-cent-a-share`, `-mile-long`, `-year-old`)
    let lead = sfx.len() - body.len();
    let (first, rest) = body.split_once(['-', '‑'])?;
    let unit = unit_of(first)?;
    let age = unit.kind == "duration" && q.age_after.lookup(rest).is_some();
    Some(Glued {
        unit,
        len: (!age).then_some(lead + first.len()),
        age,
    })
}

fn duration_def(d: DurUnit) -> UnitDef {
    UnitDef {
        code: d.name().to_string(),
        kind: "duration".to_string(),
        symbol: false,
    }
}

/// A unit phrase starting at token `i` (words, abbreviations, durations).
fn unit_at(doc: &Doc, lex: &QuantityLexicons, q: &QtyLang, i: usize) -> Option<(UnitDef, usize)> {
    if i >= doc.tokens.len() {
        return None;
    }
    // a unit in brackets: `20 (kg)`, `20 [kg]`
    let close = match doc.tok(i) {
        "(" => Some(")"),
        "[" => Some("]"),
        "{" => Some("}"),
        "<" => Some(">"),
        _ => None,
    };
    if let Some(close) = close
        && adjacent(doc, i)
        && let Some((u, e)) = q.units.at(doc, i + 1)
        && e < doc.tokens.len()
        && doc.tok(e) == close
        && adjacent(doc, e - 1)
    {
        return Some((u, e + 1));
    }
    if let Some(hit) = q.units.at(doc, i) {
        return Some(hit);
    }
    lex.times
        .duration_unit(doc.lang, doc.tok(i))
        .map(|d| (duration_def(d), i + 1))
}

/// The figure built on atom `k`, not reaching before token `floor`.
fn figure(
    doc: &Doc,
    lex: &QuantityLexicons,
    q: &QtyLang,
    atoms: &[Atom],
    k: usize,
    floor: usize,
) -> Option<Fig> {
    let a = &atoms[k];
    let mut f = Fig {
        first: a.first,
        last: a.last,
        low: a.low,
        high: a.high,
        modifier: None,
        approx: a.vague,
        vague: a.vague,
        unit: a.glued_unit.clone(),
        counted: None,
        category: None,
        age: a.age,
        bound_phrase: false,
        cut: a.cut,
    };
    // a currency or symbol before the number: `$ 5`, `€2bn`, `USD 200`, `us $ 150`
    if f.unit.is_none()
        && let Some((u, s)) = q.symbols.before(doc, f.first)
        && s >= floor
        && u.kind == "money"
    {
        f.unit = Some(u);
        f.first = s;
    }
    // a range: `tussen 10 en 20`, `van 6 tot 7`; `zes tot zeven`, `6-7`, `20~100`
    let mut range_end: Option<usize> = None;
    for (pa, pb) in &q.range_between {
        if let Some(((), s)) = pa.before(doc, f.first)
            && s >= floor
            && let Some(b) = atoms.get(k + 1)
            && same_units(doc, lex, q, a, b)
            && let Some(((), after)) = pb.at(doc, unit_end(doc, lex, q, a))
            && after == b.first
            && b.low > f.high
        {
            f.first = s;
            f.high = b.high;
            f.vague |= b.vague;
            f.modifier = Some(Modifier::Range);
            range_end = Some(k + 1);
            break;
        }
    }
    if range_end.is_none()
        && let Some(b) = atoms.get(k + 1)
        && let Some(((), after)) = q.range_infix.at(doc, unit_end(doc, lex, q, a))
        && after == b.first
        && b.low > f.high
        && !a.vague
        && same_units(doc, lex, q, a, b)
        && (doc.tok(after - 1) != "-" || hyphen_range(doc, after - 1))
    {
        f.high = b.high;
        f.vague |= b.vague;
        f.modifier = Some(Modifier::Range);
        range_end = Some(k + 1);
    }
    if let Some(bk) = range_end {
        let b = &atoms[bk];
        f.last = b.last;
        if let Some(u) = &b.glued_unit {
            f.unit = Some(u.clone());
        }
        if f.unit.is_none()
            && let Some(m) = &b.mention
            && m.suffix.is_some()
        {
            return None;
        }
    }
    // the unit after the number: `kilometer`, `dollars`, `procent`, `maanden`; a symbol
    // glued to the next number belongs to that one (`1 $10`)
    let next_number = |e: usize| {
        e < doc.tokens.len() && doc.tokens[e].kind == TokenKind::Number && adjacent(doc, e - 1)
    };
    if (f.unit.is_none() || range_end.is_some() && a.glued_unit.is_some())
        && let Some((u, e)) = unit_at(doc, lex, q, f.last)
        && !(u.symbol && next_number(e) && !adjacent(doc, f.last - 1))
    {
        if f.unit.as_ref().is_none_or(|x| x.code == u.code) {
            f.unit = Some(u);
            f.last = e;
        }
    } else if f.unit.as_ref().is_some_and(|u| u.symbol)
        && doc
            .tokens
            .get(f.last)
            .is_some_and(|t| t.kind == TokenKind::Word)
        && let Some((u2, e)) = unit_at(doc, lex, q, f.last)
        && f.unit.as_ref().is_some_and(|u| u.code == u2.code)
        && !next_number(e)
    {
        // `$ 5 dollars`, `usd 200 usd`
        f.last = e;
    }
    // a scale after a currency code: `75 USD million`
    if f.unit.as_ref().is_some_and(|u| u.kind == "money")
        && f.last < doc.tokens.len()
        && let Some((sc, NumKind::Cardinal)) = lex.numbers.get(doc.lang).word_value(doc.tok(f.last))
        && sc >= 1000.0
        && sc.log10().fract() == 0.0
    {
        f.low *= sc;
        f.high *= sc;
        f.last += 1;
    }
    // `pounds` as money needs a money context: `361 million pounds`
    if let Some(u) = &f.unit
        && u.code == "lb"
        && a.mention
            .as_ref()
            .is_some_and(|m| m.value >= 1e6 && m.written != Written::Digits)
    {
        f.unit = Some(UnitDef {
            code: "GBP".to_string(),
            kind: "money".to_string(),
            symbol: false,
        });
    }
    // a measure in two units: `5 ft 2 in`, `7 lb 4 oz`
    if let Some(u) = f.unit.clone()
        && let Some(c) = q.composites.iter().find(|c| c.major == u.code)
        && let Some(b) = atoms.get(k + 1)
        && b.first == f.last
        && !b.vague
        && b.low < c.per
        && let Some((u2, e)) = unit_at(doc, lex, q, b.last)
        && u2.code == c.minor
    {
        f.low += b.low / c.per;
        f.high = f.low;
        f.last = e;
    }
    // cents after an amount: `3 euro en 50 cent`, `thirteen dollars forty-five cents`
    if let Some(u) = &f.unit
        && u.kind == "money"
        && u.code != "cent"
        && f.low.fract() == 0.0
        && f.modifier.is_none()
    {
        f.last = cents(doc, lex, q, atoms, k, &mut f).unwrap_or(f.last);
    }
    // hedges and bounds before: `zo'n`, `meer dan`, `up to`, `tussen`
    if let Some(((Bound::Mod(m), ap), s)) = q.modifiers.before(doc, f.first)
        && s >= floor
        && f.modifier != Some(Modifier::Range)
    {
        f.first = s;
        f.modifier = m;
        f.approx |= ap;
        f.bound_phrase = true;
    }
    // bounds after: `500 of meer`, `200 or greater`; `meer dan 5000 of gelijk aan`; not
    // when they start the next figure (`5000 of minder dan 6000`, `200 or greater than 190`)
    let starts_next = |e: usize| {
        e < doc.tokens.len() && doc.tokens[e].kind == TokenKind::Number
            || (f.last + 1..e).any(|j| q.modifiers.at(doc, j).is_some_and(|(_, me)| me > e))
    };
    if let Some((m, e)) = q.postfix.at(doc, f.last)
        && matches!(f.modifier, None | Some(Modifier::About))
        && !starts_next(e)
    {
        f.modifier = Some(m);
        f.last = e;
        f.bound_phrase = true;
    } else if let Some(((), e)) = q.or_equal.at(doc, f.last)
        && !starts_next(e)
    {
        match f.modifier {
            Some(Modifier::MoreThan) => f.modifier = Some(Modifier::AtLeast),
            Some(Modifier::LessThan) => f.modifier = Some(Modifier::AtMost),
            _ => {}
        }
        if matches!(f.modifier, Some(Modifier::AtLeast | Modifier::AtMost)) {
            f.last = e;
        }
    }
    // ages: `vijf jaar oud`, `29 years old`, `aged 87`
    if f.unit.as_ref().is_some_and(|u| u.kind == "duration")
        && let Some(((), e)) = q.age_after.at(doc, f.last)
    {
        f.age = true;
        f.last = e;
    } else if f.unit.is_none()
        && let Some(((), s)) = q.age_before.before(doc, f.first)
        && s >= floor
    {
        f.age = true;
        f.first = s;
        f.unit = Some(UnitDef {
            code: "year".to_string(),
            kind: "duration".to_string(),
            symbol: false,
        });
    }
    if f.unit.is_none() && !f.vague && !keep_bare(doc, q, a, &f) {
        return None;
    }
    // what is counted: any noun after a count or an amount of money (`duizenden dollars
    // zwijggeld`); after a measure only a partitive (`29,6 procent van de aandelen`)
    let measure = f.unit.as_ref().is_some_and(|u| u.kind != "money");
    if !f.age && (!measure || q.partitive.at(doc, f.last).is_some()) {
        let (counted, cat) = counted(doc, q, f.last);
        if f.unit.is_none()
            && counted.is_none()
            && !a.vague
            && !f.bound_phrase
            && drop_without_noun(doc, a)
        {
            return None;
        }
        f.counted = counted;
        f.category = cat;
    }
    if let Some(u) = &f.unit
        && u.kind != "count"
    {
        f.category = Some(u.category().to_string());
    }
    // a cut inside the last token holds only if nothing was read after the number
    let (base_last, base_cut) = match range_end {
        Some(bk) => (atoms[bk].last, atoms[bk].cut),
        None => (a.last, a.cut),
    };
    f.cut = if f.last == base_last { base_cut } else { None };
    Some(f)
}

/// The token after atom `a` and a unit directly after it (`zes kilometer` → after the unit),
/// so `van 6400 vierkante meter tot 7140 m²` and `zes tot zeven kilometer` both range.
fn unit_end(doc: &Doc, lex: &QuantityLexicons, q: &QtyLang, a: &Atom) -> usize {
    match unit_at(doc, lex, q, a.last) {
        Some((_, e)) => e,
        None => a.last,
    }
}

/// The unit written with an atom: glued, or directly after it.
fn atom_unit(doc: &Doc, lex: &QuantityLexicons, q: &QtyLang, a: &Atom) -> Option<UnitDef> {
    a.glued_unit
        .clone()
        .or_else(|| unit_at(doc, lex, q, a.last).map(|u| u.0))
}

/// Two ends of a range do not name different units (`6 % to 309,381 yen` is no range).
fn same_units(doc: &Doc, lex: &QuantityLexicons, q: &QtyLang, a: &Atom, b: &Atom) -> bool {
    match (atom_unit(doc, lex, q, a), atom_unit(doc, lex, q, b)) {
        (Some(x), Some(y)) => x.code == y.code,
        _ => true,
    }
}

/// Whether the hyphen at token `h` joins a range (`6-7`): written tight between digits.
fn hyphen_range(doc: &Doc, h: usize) -> bool {
    h > 0 && adjacent(doc, h - 1) && adjacent(doc, h) && doc.tokens[h - 1].kind == TokenKind::Number
}

/// Cents after a whole amount; returns the new end token.
fn cents(
    doc: &Doc,
    lex: &QuantityLexicons,
    q: &QtyLang,
    atoms: &[Atom],
    k: usize,
    f: &mut Fig,
) -> Option<usize> {
    let nl = lex.numbers.get(doc.lang);
    let mut j = f.last;
    if j < doc.tokens.len() && nl_and(doc, nl, j) {
        j += 1;
    }
    let b = atoms.get(k + 1)?;
    if b.first != j || b.vague || b.low >= 100.0 || b.low.fract() != 0.0 || b.low < 1.0 {
        return None;
    }
    let after = b.last;
    match unit_at(doc, lex, q, after) {
        Some((u, e)) if u.code == "cent" || u.code == "pence" => {
            f.low += b.low / 100.0;
            f.high = f.low;
            Some(e)
        }
        Some(_) => None,
        None => {
            // `15 dollars 50`: only when nothing is counted after it
            let ends = after >= doc.tokens.len()
                || doc.tokens[after].kind != TokenKind::Word
                || q.stop.contains(&*normalize_word(doc.tok(after)));
            if ends {
                f.low += b.low / 100.0;
                f.high = f.low;
                Some(after)
            } else {
                None
            }
        }
    }
}

fn nl_and(doc: &Doc, nl: &NumberLexicon, j: usize) -> bool {
    let _ = nl;
    matches!(
        normalize_word(doc.tok(j)).as_ref(),
        "en" | "and" | "und" | "et"
    )
}

/// Whether a number without a unit is still a figure: not a year, a phone number, an
/// identifier (`nummer 5`, `Boeing 747`) or a lone zero.
fn keep_bare(doc: &Doc, q: &QtyLang, a: &Atom, f: &Fig) -> bool {
    let Some(m) = &a.mention else {
        return true;
    };
    let digits = m.written == Written::Digits;
    if digits && m.leading_zero {
        return false;
    }
    if digits && phone_like(doc, m) {
        return false;
    }
    // a designator before: `nummer 5`, `exit 436`, `artikel 2`
    if m.tokens.0 > 0
        && q.designators
            .contains(&*normalize_word(doc.tok(m.tokens.0 - 1)))
    {
        return false;
    }
    // a number in a name: `Boeing 747`, `Windows 10`
    if digits && f.modifier.is_none() && m.tokens.0 > 0 && name_before(doc, m.tokens.0) {
        return false;
    }
    true
}

/// A bare number whose noun is missing: years (`2017`), lone zeros (`0 Photo News`).
fn drop_without_noun(doc: &Doc, a: &Atom) -> bool {
    let Some(m) = &a.mention else {
        return false;
    };
    if m.written != Written::Digits {
        return false;
    }
    let v = m.value;
    if v == 0.0 {
        return true;
    }
    let t = m.text(doc);
    v.fract() == 0.0 && !m.grouped && t.len() == 4 && (1000.0..=2100.0).contains(&v)
}

/// Digits that look like a phone number: `+31612345678`, `0612345678`, `222-2222-2222`.
fn phone_like(doc: &Doc, m: &NumberMention) -> bool {
    let t = m.text(doc);
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    let plus = m.tokens.0 > 0 && doc.tok(m.tokens.0 - 1) == "+" && adjacent(doc, m.tokens.0 - 1);
    if plus && digits >= 7 {
        return true;
    }
    if digits >= 9 && !m.grouped && m.value.fract() == 0.0 && t.starts_with('0') {
        return true;
    }
    // hyphenated groups: 222-2222-2222
    let i = m.tokens.0;
    let hy = |j: usize| j < doc.tokens.len() && doc.tok(j) == "-";
    (i >= 2 && hy(i - 1) && adjacent(doc, i - 1) && doc.tokens[i - 2].kind == TokenKind::Number)
        || (hy(m.tokens.1)
            && adjacent(doc, m.tokens.1 - 1)
            && m.tokens.1 + 2 < doc.tokens.len()
            && doc.tokens[m.tokens.1 + 1].kind == TokenKind::Number
            && hy(m.tokens.1 + 2))
}

/// A capitalised word before token `i` that is not at the start of a sentence: the number
/// after it is part of a name (`Boeing 747`, `Apollo 11`).
fn name_before(doc: &Doc, i: usize) -> bool {
    let p = i - 1;
    let t = doc.tokens[p];
    if t.kind != TokenKind::Word || !doc.tok(p).starts_with(char::is_uppercase) {
        return false;
    }
    if !numbers::adjacent(doc, p) && doc.text[t.end..doc.tokens[i].start].contains('\n') {
        return false;
    }
    let s = doc.sentence_of(p);
    doc.sentences.get(s).is_some_and(|sent| sent.first != p)
}

/// The noun phrase counted after token `j` (skipping a partitive `van de`, `of`), and its
/// category.
fn counted(doc: &Doc, q: &QtyLang, j: usize) -> (Option<String>, Option<String>) {
    let mut j = j;
    if let Some(((), e)) = q.partitive.at(doc, j) {
        j = e;
    }
    let mut words: Vec<usize> = Vec::new();
    let mut k = j;
    while k < doc.tokens.len() && words.len() < 4 {
        let t = doc.tokens[k];
        if t.kind != TokenKind::Word {
            break;
        }
        if k > j && !numbers::adjacent(doc, k - 1) && !tight_gap(doc, k - 1) {
            break;
        }
        let w = normalize_word(doc.tok(k));
        if q.stop.contains(&*w) {
            break;
        }
        words.push(k);
        k += 1;
    }
    if words.is_empty() {
        return (None, None);
    }
    let text_of = |upto: usize| -> String {
        let (s, e) = (doc.tokens[words[0]].start, doc.tokens[words[upto]].end);
        doc.text[s..e].to_string()
    };
    // the first word with a known category is the head (two-word nouns too)
    for (n, &w) in words.iter().enumerate() {
        if n + 1 < words.len() {
            let two = format!("{} {}", doc.tok(w), doc.tok(words[n + 1]));
            if let Some(c) = q.categories.get(&*normalize_word(&two)) {
                return (Some(text_of(n + 1)), Some(c.clone()));
            }
        }
        if let Some(c) = q.category_of(doc.tok(w)) {
            return (Some(text_of(n)), Some(c.to_string()));
        }
    }
    // otherwise adjectives and one noun (`buitenlandse strijders`), or a noun phrase of
    // several words where nouns are written apart (`world bank loan`)
    let mut n = 0;
    if q.phrase_nouns {
        while n + 1 < words.len() && n < 2 {
            let next = normalize_word(doc.tok(words[n + 1]));
            if q.verb_endings.iter().any(|e| next.ends_with(e.as_str()))
                || doc.tok(words[n + 1]).starts_with(char::is_uppercase)
            {
                break;
            }
            n += 1;
        }
    }
    while n + 1 < words.len() && is_adjective(q, doc.tok(words[n])) {
        n += 1;
    }
    let head = doc.tok(words[n]);
    // a capitalised word mid-sentence after the number is a name, not what is counted
    if head.starts_with(char::is_uppercase) && n == 0 && !head.contains('-') {
        return (None, None);
    }
    (Some(text_of(n)), None)
}

fn is_adjective(q: &QtyLang, w: &str) -> bool {
    let lw = normalize_word(w);
    q.adjectives.contains(&*lw) || q.adjective_endings.iter().any(|e| lw.ends_with(e.as_str()))
}

/// Joins two bounds into one range: `groter dan 10 en kleiner dan 20` is 10..20.
fn join_bounds(doc: &Doc, q: &QtyLang, figs: Vec<Fig>) -> Vec<Fig> {
    let mut out: Vec<Fig> = Vec::with_capacity(figs.len());
    for f in figs {
        if let Some(prev) = out.last_mut()
            && prev.bound_phrase
            && f.bound_phrase
            && prev.unit == f.unit
            && let Some(((), e)) = q.range_join.at(doc, prev.last)
            && e == f.first
        {
            let lower =
                |m: Option<Modifier>| matches!(m, Some(Modifier::MoreThan | Modifier::AtLeast));
            let upper =
                |m: Option<Modifier>| matches!(m, Some(Modifier::LessThan | Modifier::AtMost));
            let (lo, hi) = if lower(prev.modifier) && upper(f.modifier) {
                (prev.low, f.high)
            } else if upper(prev.modifier) && lower(f.modifier) {
                (f.low, prev.high)
            } else {
                (f64::NAN, f64::NAN)
            };
            if lo < hi {
                prev.low = lo;
                prev.high = hi;
                prev.modifier = Some(Modifier::Range);
                prev.last = f.last;
                if prev.counted.is_none() {
                    prev.counted = f.counted;
                    prev.category = f.category;
                }
                continue;
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static QuantityLexicons {
        static L: std::sync::OnceLock<QuantityLexicons> = std::sync::OnceLock::new();
        L.get_or_init(|| QuantityLexicons::load().expect("quantity data"))
    }

    fn figs(lang: &str, text: &str) -> Vec<Quantity> {
        let doc = Doc::new(text, lang);
        let out = extract(&doc, lex());
        for q in &out {
            assert_eq!(q.span.slice(text), q.text, "span of {q:?}");
        }
        out
    }

    fn only(lang: &str, text: &str) -> Quantity {
        let v = figs(lang, text);
        assert_eq!(v.len(), 1, "{text}: {v:#?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn raqqa_lead_figures() {
        let v = figs(
            "nl",
            "Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa kunnen verlaten.",
        );
        assert_eq!(v.len(), 2, "{v:#?}");
        assert_eq!(v[0].text, "Zo'n 250");
        assert_eq!(
            (v[0].low, v[0].modifier, v[0].approx),
            (Some(250.0), Some(Modifier::About), true)
        );
        assert_eq!(v[0].counted.as_deref(), Some("IS-strijders"));
        assert_eq!(v[0].category.as_deref(), Some("fighters"));
        assert_eq!(v[1].low, Some(3500.0));
        assert_eq!(v[1].counted.as_deref(), Some("familieleden"));
        assert_eq!(v[1].category.as_deref(), Some("people"));
    }

    #[test]
    fn ranges_units_and_bounds() {
        let q = only("nl", "De stoet was zes tot zeven kilometer lang.");
        assert_eq!(
            (q.low, q.high, q.unit.as_deref(), q.modifier),
            (Some(6.0), Some(7.0), Some("km"), Some(Modifier::Range))
        );
        let q = only("nl", "meer dan honderd voertuigen van IS");
        assert_eq!((q.low, q.modifier), (Some(100.0), Some(Modifier::MoreThan)));
        assert_eq!(q.counted.as_deref(), Some("voertuigen"));
        assert_eq!(q.category.as_deref(), Some("vehicles"));
        let q = only("en", "between 10 and 20 family members");
        assert_eq!(
            (q.low, q.high, q.modifier),
            (Some(10.0), Some(20.0), Some(Modifier::Range))
        );
        assert_eq!(q.counted.as_deref(), Some("family members"));
        let q = only("en", "x is larger than 10 and smaller than 20.");
        assert_eq!(
            (q.low, q.high, q.modifier),
            (Some(10.0), Some(20.0), Some(Modifier::Range))
        );
    }

    #[test]
    fn vague_amounts_and_money() {
        let q = only("nl", "Tientallen vrachtwagenchauffeurs ontvingen het geld.");
        assert!(q.vague);
        assert_eq!(q.counted.as_deref(), Some("vrachtwagenchauffeurs"));
        assert_eq!(q.category.as_deref(), Some("people"));
        let q = only("nl", "ontvingen duizenden dollars zwijggeld");
        assert!(q.vague);
        assert_eq!(q.unit.as_deref(), Some("USD"));
        assert_eq!(q.category.as_deref(), Some("money"));
        let q = only("en", "a $2.3bn deal");
        assert_eq!((q.low, q.unit.as_deref()), (Some(2.3e9), Some("USD")));
        let q = only("nl", "Het bedrag is 3 euro en 50 cent");
        assert_eq!((q.low, q.unit.as_deref()), (Some(3.5), Some("EUR")));
        let q = only("nl", "een stijging van 29,6 procent");
        assert_eq!(
            (q.low, q.unit.as_deref(), q.category.as_deref()),
            (Some(29.6), Some("%"), Some("percentage"))
        );
    }

    #[test]
    fn german_is_a_data_change() {
        let v = figs(
            "de",
            "Rund 250 IS-Kämpfer und 3.500 Angehörige verließen die Stadt.",
        );
        assert_eq!(v.len(), 2, "{v:#?}");
        assert_eq!(
            (v[0].low, v[0].modifier),
            (Some(250.0), Some(Modifier::About))
        );
        assert_eq!(v[0].category.as_deref(), Some("fighters"));
        assert_eq!(v[1].low, Some(3500.0));
        let q = only("de", "Der Konvoi war 6 bis 7 Kilometer lang.");
        assert_eq!(
            (q.low, q.high, q.unit.as_deref()),
            (Some(6.0), Some(7.0), Some("km"))
        );
        // Counted nouns in the dative after `aus` (`Bussen`, `Fahrzeugen`, not `Zeugen`).
        let v = figs(
            "de",
            "Der Konvoi bestand aus 50 Lastwagen, 13 Bussen und mehr als 100 Fahrzeugen.",
        );
        let cats: Vec<(Option<&str>, Option<&str>)> = v
            .iter()
            .map(|q| (q.counted.as_deref(), q.category.as_deref()))
            .collect();
        assert_eq!(
            cats,
            vec![
                (Some("Lastwagen"), Some("vehicles")),
                (Some("Bussen"), Some("vehicles")),
                (Some("Fahrzeugen"), Some("vehicles"))
            ]
        );
    }

    #[test]
    fn not_figures() {
        assert!(figs("en", "The Boeing 747 landed in 2017.").is_empty());
        assert!(figs("nl", "Bel 0612345678 of +31612345678.").is_empty());
        assert!(figs("en", "Take exit 436 to the north.").is_empty());
        assert!(figs("nl", "Hij werd tweede.").is_empty());
    }

    #[test]
    fn a_year_before_a_unit_is_a_figure() {
        let q = only("nl", "Het zwembad heeft een inhoud van 2500 kuub.");
        assert_eq!(q.text, "2500 kuub");
        assert_eq!(q.unit.as_deref(), Some("m3"));
        assert!(figs("nl", "Dat gebeurde in 2017 in Raqqa.").is_empty());
    }
}
