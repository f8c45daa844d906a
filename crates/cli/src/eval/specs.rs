//! `dossier eval specs DIR`: runs the figure and time analysers on the peer test cases of
//! Microsoft Recognizers-Text (`Specs/`, MIT) and prints the pass rate per file and per type,
//! with the failures on request.
//!
//! How each model is compared (a case passes when every expected result is matched by one of
//! ours and we return nothing else):
//! - Number, Ordinal: our numbers (`numbers::scan`; cardinals and fractions, or ordinals),
//!   same text and value.
//! - Percent, Currency, Dimension, Age: our figures with a `%`, money, measure or age unit;
//!   same value and unit. Recognizers-Text names units in words (`Kilometer`) and leaves a
//!   currency unresolved when the text does (`Dollar` for `$`); we map its names onto our
//!   codes, a bare `Dollar`/`Pound`/`Franc` matching any currency of that family. Our spans
//!   include hedges and units (`about $ 14 million`, `meer dan dertig jaar`) that it leaves
//!   out: the texts match when the spec's text is ours without a leading hedge or a trailing
//!   unit of at most three words. It reads a range of measures (`eight to 10 feet`, `tussen
//!   de 40 en 50 jaar`) as its upper end (`10 feet`), so our ranges are compared by their
//!   upper end and its text.
//! - NumberRange: our figures with a bound or range; same endpoints. Ours say `more_than`
//!   (open) or `at_least` (closed) for one-sided bounds, so that side's bracket is compared;
//!   two-sided ranges carry no brackets in the `dossier/1` contract, so only their ends are.
//! - DurationExtractor, DateExtractor: our time expressions of kind duration, or whose value
//!   is a day; same text.
//! - DateTimeModel: all our time expressions, each typed from its value the way the spec
//!   types its results (`2016-11-07` date, `2016-11` or `2016-W45` date range, `P3D`
//!   duration, ...); same text, and our ISO value equal to the spec's TIMEX (a year left open
//!   as `XXXX` in the spec matches any year its resolved values give), or the same start and
//!   end. Recognizers-Text starts some spans with a preposition or article and not others
//!   (`at 6.45` but `8:00`, `on november 18-19` but `2014 through may 2018`, `the week of
//!   april 10th`), and keeps a closing full stop (`8p.m.`): texts match when they differ
//!   only there (the words are listed per language in `time_frame_words`).
//!
//! Skipped, by category, and counted in the output: recurrences (`datetimeV2.set`: `every
//! Monday` is a calendar rule, not a time a news story reports), time zones
//! (`datetimeV2.timezone`), relative ordinals (`ordinal.relative`: `the last one`, `vorige`
//! are user-interface navigation), and cases the reference implementation itself does not
//! support (marked `NotSupported`/`NotSupportedByDesign` for `dotnet`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_extract::numbers::{self, NumKind};
use dossier_extract::quantities::{self, QuantityLexicons};
use dossier_extract::times::{self, TimeLexicons};
use dossier_model::{Meta, Modifier, Quantity, TimeExpr};
use dossier_text::Doc;
use serde::Deserialize;
use serde_json::Value;

#[derive(clap::Args)]
pub struct Args {
    /// The peer specs folder (`recognizers-text/`, with `Number/`, `NumberWithUnit/`,
    /// `DateTime/`).
    pub path: PathBuf,
    /// List every failing case with what was expected and what we found.
    #[arg(long)]
    pub failures: bool,
    /// Only spec files whose path contains this text (e.g. `Dutch/Currency`).
    #[arg(long)]
    pub only: Option<String>,
}

#[derive(Deserialize)]
struct Case {
    #[serde(rename = "Input")]
    input: String,
    #[serde(rename = "Results", default)]
    results: Vec<Expected>,
    #[serde(rename = "Context", default)]
    context: Option<Value>,
    #[serde(rename = "NotSupported", default)]
    not_supported: Option<String>,
    #[serde(rename = "NotSupportedByDesign", default)]
    not_supported_by_design: Option<String>,
}

#[derive(Deserialize, Clone)]
struct Expected {
    #[serde(rename = "Text", default)]
    text: String,
    #[serde(rename = "TypeName", default)]
    type_name: Option<String>,
    #[serde(rename = "Resolution", default)]
    resolution: Option<Value>,
}

/// The peer model a spec file tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Model {
    Number,
    NumberRange,
    Ordinal,
    Percent,
    Currency,
    Dimension,
    Age,
    DateExtractor,
    DurationExtractor,
    DateTime,
}

impl Model {
    fn from_file(stem: &str) -> Option<Self> {
        Some(match stem {
            "NumberModel" => Model::Number,
            "NumberRangeModel" => Model::NumberRange,
            "OrdinalModel" => Model::Ordinal,
            "PercentModel" => Model::Percent,
            "CurrencyModel" => Model::Currency,
            "DimensionModel" => Model::Dimension,
            "AgeModel" => Model::Age,
            "DateExtractor" => Model::DateExtractor,
            "DurationExtractor" => Model::DurationExtractor,
            "DateTimeModel" => Model::DateTime,
            _ => return None,
        })
    }

    /// The target pass rate set for this model, if any.
    fn target(self) -> Option<f64> {
        match self {
            Model::Number
            | Model::NumberRange
            | Model::Currency
            | Model::Dimension
            | Model::DurationExtractor => Some(0.90),
            Model::DateExtractor | Model::DateTime => Some(0.75),
            _ => None,
        }
    }
}

/// Result types skipped by category, with the reason printed.
const SKIPPED_TYPES: [(&str, &str); 5] = [
    (
        "datetimeV2.set",
        "recurrences (`every Monday`): calendar rules, not times a story reports",
    ),
    (
        "datetimeV2.timerange",
        "time slots within a day (`5 to 6pm`, `from 10 am for 3 hours`, `in the evening` as \
         16:00-20:00): a calendar assistant's scheduling",
    ),
    (
        "datetimeV2.datetimerange",
        "time slots on a day (`Monday 8-9am`, `tomorrow from 10am-12am`, `this evening` as \
         16:00-20:00): a calendar assistant's scheduling",
    ),
    ("datetimeV2.timezone", "time zones"),
    (
        "ordinal.relative",
        "relative ordinals (`the last one`, `vorige`): interface navigation",
    ),
];
const NOT_SUPPORTED: &str = "not supported by the reference implementation (dotnet)";

fn lang_code(dir: &str) -> Option<&'static str> {
    Some(match dir {
        "Dutch" => "nl",
        "English" => "en",
        "German" => "de",
        "French" => "fr",
        "Spanish" => "es",
        "Italian" => "it",
        "Portuguese" => "pt",
        _ => return None,
    })
}

/// One comparable item: its text and what it resolved to.
#[derive(Clone, Debug)]
struct Item {
    text: String,
    value: Resolved,
    /// Words our span may have beyond the spec's (hedge before, unit after).
    lenient: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Resolved {
    Number(f64),
    /// A value with a unit code (ours) or with the spec's unit names mapped to candidates.
    Unit(Option<f64>, Vec<String>),
    /// An interval: (low, low closed), (high, high closed); `None` for an open end.
    Interval(Option<(f64, bool)>, Option<(f64, bool)>),
    /// Text only.
    Text,
    /// A time: its spec type and the acceptable values (ours: one).
    Time(String, Vec<String>),
}

struct Tally {
    cases: usize,
    passed: usize,
    /// Cases skipped by category: how many, and how many we would pass (shown, not counted).
    skipped: BTreeMap<&'static str, (usize, usize)>,
    by_type: BTreeMap<String, (usize, usize)>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let qlex = QuantityLexicons::load().context("loading the figure lexicons")?;
    let tlex = TimeLexicons::load().context("loading the time lexicons")?;
    let mut files = Vec::new();
    collect(&a.path, &mut files)?;
    files.sort();
    if files.is_empty() {
        anyhow::bail!("no spec files (*.json) under {}", a.path.display());
    }
    let mut summary: Vec<(String, Model, f64)> = Vec::new();
    println!(
        "{:<44} {:>6} {:>7} {:>7} {:>7}",
        "spec file", "cases", "skipped", "passed", "rate"
    );
    for file in files {
        let rel = file.strip_prefix(&a.path).unwrap_or(&file).to_path_buf();
        let rel_s = rel.display().to_string();
        if a.only.as_ref().is_some_and(|o| !rel_s.contains(o.as_str())) {
            continue;
        }
        let Some(model) = file
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(Model::from_file)
        else {
            println!("{rel_s:<44} (no analyser for this model: not run)");
            continue;
        };
        let Some(lang) = rel
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .and_then(lang_code)
        else {
            println!("{rel_s:<44} (unknown language folder: not run)");
            continue;
        };
        let raw = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let cases: Vec<Case> = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
            .with_context(|| format!("parsing {}", file.display()))?;
        let t = run_file(
            &cases,
            model,
            lang,
            &qlex,
            &tlex,
            a.failures.then_some(&rel_s),
        );
        let run_n = t.cases;
        let rate = if run_n > 0 {
            t.passed as f64 / run_n as f64
        } else {
            0.0
        };
        let skipped: usize = t.skipped.values().map(|v| v.0).sum();
        println!(
            "{:<44} {:>6} {:>7} {:>7} {:>6.1}%",
            rel_s,
            run_n + skipped,
            skipped,
            t.passed,
            rate * 100.0
        );
        for (why, (n, p)) in &t.skipped {
            if *why == NOT_SUPPORTED {
                println!("    skipped {n}: {why}");
            } else {
                println!("    skipped {n} (we pass {p} of them; not in the rate): {why}");
            }
        }
        if t.by_type.len() > 1 {
            for (ty, (n, p)) in &t.by_type {
                println!(
                    "    {:<36} {:>4}/{:<4} {:>6.1}%",
                    ty,
                    p,
                    n,
                    100.0 * *p as f64 / (*n).max(1) as f64
                );
            }
        }
        summary.push((rel_s, model, rate));
    }
    println!();
    println!("targets:");
    let mut all_met = true;
    for (f, m, rate) in &summary {
        if let Some(target) = m.target() {
            let ok = *rate >= target;
            all_met &= ok;
            println!(
                "  {:<44} {:>6.1}% (target {:.0}%) {}",
                f,
                rate * 100.0,
                target * 100.0,
                if ok { "met" } else { "NOT met" }
            );
        }
    }
    Ok(if all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    Ok(())
}

fn skip_reason(c: &Case) -> Option<&'static str> {
    for r in &c.results {
        if let Some(t) = &r.type_name
            && let Some((_, why)) = SKIPPED_TYPES.iter().find(|(ty, _)| ty == t)
        {
            return Some(why);
        }
    }
    let dotnet = |s: &Option<String>| {
        s.as_ref()
            .is_some_and(|s| s.to_lowercase().contains("dotnet"))
    };
    if dotnet(&c.not_supported) || dotnet(&c.not_supported_by_design) {
        return Some(NOT_SUPPORTED);
    }
    None
}

fn run_file(
    cases: &[Case],
    model: Model,
    lang: &str,
    qlex: &QuantityLexicons,
    tlex: &TimeLexicons,
    show: Option<&String>,
) -> Tally {
    let mut t = Tally {
        cases: 0,
        passed: 0,
        skipped: BTreeMap::new(),
        by_type: BTreeMap::new(),
    };
    for c in cases {
        let skip = skip_reason(c);
        if skip == Some(NOT_SUPPORTED) {
            t.skipped.entry(NOT_SUPPORTED).or_default().0 += 1;
            continue;
        }
        let reference = c
            .context
            .as_ref()
            .and_then(|v| v.get("ReferenceDateTime"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let ours = ours(&c.input, model, lang, qlex, tlex, reference.as_deref());
        let expected: Vec<Item> = c
            .results
            .iter()
            .map(|r| expected_item(r, model, lang))
            .collect();
        let pass = matches(&expected, &ours, lang);
        if let Some(why) = skip {
            // run for information, left out of the rate
            let e = t.skipped.entry(why).or_default();
            e.0 += 1;
            e.1 += usize::from(pass);
            continue;
        }
        t.cases += 1;
        if pass {
            t.passed += 1;
        }
        let mut types: Vec<String> = c
            .results
            .iter()
            .map(|r| r.type_name.clone().unwrap_or_else(|| "(untyped)".into()))
            .collect();
        types.sort();
        types.dedup();
        if types.is_empty() {
            types.push("(nothing expected)".into());
        }
        for ty in types {
            let e = t.by_type.entry(ty).or_default();
            e.0 += 1;
            if pass {
                e.1 += 1;
            }
        }
        if !pass && let Some(file) = show {
            println!("FAIL {file}: {:?}", c.input);
            if let Some(r) = &reference {
                println!("    reference {r}");
            }
            println!("    expected {}", show_items(&expected));
            println!("    got      {}", show_items(&ours));
        }
    }
    t
}

fn show_items(items: &[Item]) -> String {
    if items.is_empty() {
        return "(nothing)".into();
    }
    items
        .iter()
        .map(|i| format!("[{:?} {}]", i.text, show_value(&i.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn show_value(v: &Resolved) -> String {
    match v {
        Resolved::Number(x) => format!("{x}"),
        Resolved::Unit(x, u) => format!(
            "{} {}",
            x.map(|x| x.to_string()).unwrap_or("-".into()),
            u.join("|")
        ),
        Resolved::Interval(lo, hi) => format!(
            "{}{},{}{}",
            match lo {
                Some((_, true)) => "[",
                _ => "(",
            },
            lo.map(|x| x.0.to_string()).unwrap_or_default(),
            hi.map(|x| x.0.to_string()).unwrap_or_default(),
            match hi {
                Some((_, true)) => "]",
                _ => ")",
            }
        ),
        Resolved::Text => String::new(),
        Resolved::Time(t, vs) => format!("{t} {}", vs.join("|")),
    }
}

// ---------------------------------------------------------------------------------------
// Our side.

fn ours(
    input: &str,
    model: Model,
    lang: &str,
    qlex: &QuantityLexicons,
    tlex: &TimeLexicons,
    reference: Option<&str>,
) -> Vec<Item> {
    let doc = Doc::new(input, lang);
    let text_of = |s: &str| s.to_lowercase();
    match model {
        Model::Number | Model::Ordinal => {
            let want_ordinal = model == Model::Ordinal;
            numbers::scan(&doc, qlex.numbers.get(lang))
                .into_iter()
                .filter(|m| (m.kind == NumKind::Ordinal) == want_ordinal && m.suffix.is_none())
                .map(|m| Item {
                    text: text_of(m.text(&doc)),
                    value: Resolved::Number(m.value),
                    lenient: false,
                })
                .collect()
        }
        Model::Percent | Model::Currency | Model::Dimension | Model::Age | Model::NumberRange => {
            let nl = qlex.numbers.get(lang);
            quantities::extract(&doc, qlex)
                .into_iter()
                .map(|q| match model {
                    Model::Currency | Model::Dimension | Model::Age => upper_end(q, lang, nl),
                    _ => q,
                })
                .filter_map(|q| quantity_item(&q, model, nl))
                .collect()
        }
        Model::DateExtractor | Model::DurationExtractor | Model::DateTime => {
            let meta = Meta {
                published: reference.map(str::to_string),
                ..Default::default()
            };
            times::extract(&doc, tlex, &meta)
                .into_iter()
                .filter_map(|t| time_item(&t, model))
                .collect()
        }
    }
}

const DIMENSION_KINDS: [&str; 7] = [
    "distance", "area", "volume", "weight", "speed", "data", "angle",
];

/// A range of measures as its upper end, the way Recognizers-Text reads `eight to 10 feet`:
/// the text from the last number on, and the high value.
fn upper_end(q: Quantity, lang: &str, nl: &numbers::NumberLexicon) -> Quantity {
    if q.modifier != Some(Modifier::Range) {
        return q;
    }
    let doc = Doc::new(&q.text, lang);
    let Some(last) = numbers::scan(&doc, nl).pop() else {
        return q;
    };
    Quantity {
        text: q.text[last.start..].to_string(),
        low: q.high,
        modifier: None,
        ..q
    }
}

/// Whether a figure's text starts with words that are not part of the number (`gelijk aan
/// 20`, `equals 20`): with no modifier, that is a stated equality, `[20,20]` in the spec.
fn stated_equal(q: &Quantity, nl: &numbers::NumberLexicon) -> bool {
    // the first word, or its first part (`one-fourth`)
    let first = q.text.split_whitespace().next().unwrap_or("");
    let first = first.split('-').next().unwrap_or(first);
    first.starts_with(char::is_alphabetic)
        && nl.word_value(first).is_none()
        && !nl.is_article_one(first)
        && q.category.as_deref() != Some("money")
}

fn quantity_item(q: &Quantity, model: Model, nl: &numbers::NumberLexicon) -> Option<Item> {
    let unit = q.unit.clone();
    let cat = q.category.as_deref();
    let text = q.text.to_lowercase();
    let lenient = true;
    match model {
        Model::Percent if unit.as_deref() == Some("%") => Some(Item {
            text,
            value: Resolved::Unit(q.low, vec!["%".into()]),
            lenient,
        }),
        Model::Currency if cat == Some("money") && q.modifier != Some(Modifier::Range) => {
            Some(Item {
                text,
                value: Resolved::Unit(q.low, unit.into_iter().collect()),
                lenient,
            })
        }
        Model::Dimension
            if cat.is_some_and(|c| DIMENSION_KINDS.contains(&c))
                && q.modifier != Some(Modifier::Range) =>
        {
            Some(Item {
                text,
                value: Resolved::Unit(q.low, unit.into_iter().collect()),
                lenient,
            })
        }
        Model::Age if cat == Some("age") => Some(Item {
            text,
            value: Resolved::Unit(q.low, unit.into_iter().collect()),
            lenient,
        }),
        Model::NumberRange => {
            if q.modifier.is_none() && stated_equal(q, nl) {
                return Some(Item {
                    text,
                    value: Resolved::Interval(Some((q.low?, true)), Some((q.low?, true))),
                    lenient,
                });
            }
            let (lo, hi) = match q.modifier? {
                Modifier::MoreThan => (Some((q.low?, false)), None),
                Modifier::AtLeast => (Some((q.low?, true)), None),
                Modifier::LessThan => (None, Some((q.high?, false))),
                Modifier::AtMost => (None, Some((q.high?, true))),
                Modifier::Range => (Some((q.low?, true)), Some((q.high?, false))),
                Modifier::About => return None,
            };
            Some(Item {
                text,
                value: Resolved::Interval(lo, hi),
                lenient,
            })
        }
        _ => None,
    }
}

fn time_item(t: &TimeExpr, model: Model) -> Option<Item> {
    let ty = times::spec_type(t);
    let keep = match model {
        Model::DurationExtractor => ty == "duration",
        Model::DateExtractor => ty == "date",
        _ => true,
    };
    if !keep {
        return None;
    }
    let value = match model {
        Model::DateTime => {
            // the value as written, and as its start and end (`2014/2018` is
            // `2014-01-01/2018-01-01`, `2017-10` is `2017-10-01/2017-11-01`)
            let mut vs: Vec<String> = t.value.clone().into_iter().collect();
            if let Some(v) = &t.value
                && !v.contains('T')
                && let Some((s, e)) = times::interval_of(v)
            {
                let end = |x: Option<String>| x.unwrap_or_else(|| "..".into());
                vs.push(format!("{}/{}", end(s), end(e)));
            }
            Resolved::Time(ty.to_string(), vs)
        }
        _ => Resolved::Text,
    };
    Some(Item {
        text: t.text.to_lowercase(),
        value,
        lenient: false,
    })
}

// ---------------------------------------------------------------------------------------
// The spec's side.

fn number_of(v: &Value, lang: &str) -> Option<f64> {
    let s = v.as_str()?.trim().trim_end_matches('%');
    let s = if lang == "nl" || s.contains(',') && !s.contains('.') {
        s.replace(',', ".")
    } else {
        s.to_string()
    };
    s.parse().ok()
}

fn expected_item(r: &Expected, model: Model, lang: &str) -> Item {
    let res = r.resolution.clone().unwrap_or(Value::Null);
    let text = r.text.to_lowercase();
    let value = match model {
        Model::Number | Model::Ordinal => match res.get("value").and_then(|v| number_of(v, lang)) {
            Some(x) => Resolved::Number(x),
            None => Resolved::Text,
        },
        Model::Percent => Resolved::Unit(
            res.get("value").and_then(|v| number_of(v, lang)),
            vec!["%".into()],
        ),
        Model::Currency | Model::Dimension | Model::Age => {
            let x = res.get("value").and_then(|v| number_of(v, lang));
            let mut units: Vec<String> = Vec::new();
            if let Some(iso) = res.get("isoCurrency").and_then(Value::as_str) {
                units.push(iso.to_string());
            } else if let Some(name) = res.get("unit").and_then(Value::as_str) {
                units.extend(unit_codes(name).iter().map(|s| s.to_string()));
            }
            Resolved::Unit(x, units)
        }
        Model::NumberRange => res
            .get("value")
            .and_then(Value::as_str)
            .and_then(parse_interval)
            .unwrap_or(Resolved::Text),
        Model::DateExtractor | Model::DurationExtractor => Resolved::Text,
        Model::DateTime => {
            let ty = r
                .type_name
                .clone()
                .unwrap_or_default()
                .trim_start_matches("datetimeV2.")
                .to_string();
            Resolved::Time(ty, times_of(&res))
        }
    };
    Item {
        text,
        value,
        lenient: false,
    }
}

/// `(20,35]`, `[30,)`, `(,100]` as an interval.
fn parse_interval(s: &str) -> Option<Resolved> {
    let s = s.trim();
    let lo_closed = s.starts_with('[');
    let hi_closed = s.ends_with(']');
    let inner = s.get(1..s.len().checked_sub(1)?)?;
    let (a, b) = inner.split_once(',')?;
    let num = |x: &str| -> Option<Option<f64>> {
        let x = x.trim();
        if x.is_empty() {
            Some(None)
        } else {
            x.parse().ok().map(Some)
        }
    };
    Some(Resolved::Interval(
        num(a)?.map(|v| (v, lo_closed)),
        num(b)?.map(|v| (v, hi_closed)),
    ))
}

/// The spec's resolution of a time as acceptable ISO values: its TIMEX, with an open year
/// (`XXXX-10-02`) filled in from each resolved value, and start/end pairs as intervals.
fn times_of(res: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(vals) = res.get("values").and_then(Value::as_array) else {
        return out;
    };
    for v in vals {
        let timex = v.get("timex").and_then(Value::as_str).unwrap_or("");
        let value = v.get("value").and_then(Value::as_str);
        let start = v.get("start").and_then(Value::as_str);
        let end = v.get("end").and_then(Value::as_str);
        let modifier = v.get("Mod").and_then(Value::as_str);
        let year = value
            .or(start)
            .or(end)
            .and_then(|s| s.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
        let tx = match year {
            Some(y) => timex.replacen("XXXX", y, 1),
            None => timex.to_string(),
        };
        if let Some(inner) = tx.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            let parts: Vec<&str> = inner.split(',').collect();
            if parts.len() >= 2 {
                out.push(format!("{}/{}", parts[0], parts[1]));
            }
        } else if !tx.is_empty() {
            match modifier {
                Some("before" | "until") => out.push(format!("../{tx}")),
                Some("since" | "after") => out.push(format!("{tx}/..")),
                _ => out.push(tx.clone()),
            }
        }
        match (start, end) {
            (Some(s), Some(e)) => out.push(format!("{}/{}", iso_time(s), iso_time(e))),
            (Some(s), None) => out.push(format!("{}/..", iso_time(s))),
            (None, Some(e)) => out.push(format!("../{}", iso_time(e))),
            _ => {}
        }
        if let Some(v) = value
            && v != "not resolved"
        {
            out.push(iso_time(v));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `2016-11-07 08:00:00` → `2016-11-07T08:00:00`.
fn iso_time(s: &str) -> String {
    s.trim().replacen(' ', "T", 1)
}

/// Our unit codes for a spec unit name; a family name matches any of its currencies.
fn unit_codes(name: &str) -> &'static [&'static str] {
    match name {
        "Dollar" => &[
            "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "JMD", "BSD", "BBD", "BZD", "FJD",
            "LRD", "NAD", "TTD", "XCD", "ZWD",
        ],
        "Pound" => &["GBP", "EGP", "LBP", "SYP", "SDG", "GIP", "FKP", "lb"],
        "Franc" => &["CHF", "FRF", "BEF", "LUF", "XOF", "XAF", "XPF"],
        "Rupee" => &["INR", "PKR", "LKR", "NPR", "MUR", "SCR"],
        "Euro" => &["EUR"],
        "Cent" => &["cent"],
        "Pence" => &["pence"],
        "Bitcoin" => &["BTC"],
        "Satoshi" => &["satoshi"],
        "Kwartje" => &["kwartje"],
        "Dubbeltje" => &["dubbeltje"],
        "Stuiver" => &["stuiver"],
        "Tientje" => &["tientje"],
        "United States dollar" => &["USD"],
        "British pound" => &["GBP"],
        "Netherlands guilder" => &["NLG"],
        "Finnish markka" => &["FIM"],
        "Japanese yen" => &["JPY"],
        "Chinese yuan" => &["CNY"],
        "Kilometer" => &["km"],
        "Meter" => &["m"],
        "Centimeter" => &["cm"],
        "Millimeter" => &["mm"],
        "Decimeter" => &["dm"],
        "Nanometer" => &["nm"],
        "Mile" => &["mi"],
        "Foot" => &["ft"],
        "Inch" => &["in"],
        "Yard" => &["yd"],
        "Light year" => &["ly"],
        "Square meter" => &["m2"],
        "Square kilometer" => &["km2"],
        "Hectare" => &["ha"],
        "Acre" => &["acre"],
        "Cubic meter" => &["m3"],
        "Cubic foot" => &["ft3"],
        "Liter" => &["l"],
        "Gallon" => &["gal"],
        "Barrel" => &["bbl"],
        "Teaspoon" => &["tsp"],
        "Tablespoon" => &["tbsp"],
        "Cup" => &["cup"],
        "Kilogram" => &["kg"],
        "Gram" => &["g"],
        "Microgram" => &["µg"],
        "Ton" | "Metric ton" => &["t"],
        "Ounce" => &["oz"],
        "Mile per hour" => &["mph"],
        "Kilometer per hour" => &["km/h"],
        "Bit" => &["bit"],
        "Byte" => &["B"],
        "Kilobyte" => &["kB"],
        "Megabyte" => &["MB"],
        "Megabit" => &["Mb"],
        "Gigabyte" => &["GB"],
        "Degree" => &["deg"],
        "Radian" => &["rad"],
        "Turn" => &["turn"],
        "Year" => &["year"],
        "Month" => &["month"],
        "Week" => &["week"],
        "Day" => &["day"],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------
// Matching.

fn matches(expected: &[Item], ours: &[Item], lang: &str) -> bool {
    if expected.len() != ours.len() {
        return false;
    }
    let mut used = vec![false; ours.len()];
    'e: for e in expected {
        for (k, o) in ours.iter().enumerate() {
            if !used[k] && same_text(e, o, lang) && same_value(&e.value, &o.value) {
                used[k] = true;
                continue 'e;
            }
        }
        return false;
    }
    true
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words Recognizers-Text puts at the start of a time's span in some cases and not in
/// others (`at 6.45` but `8:00`, `on november 18-19` but `2014 through may 2018`).
fn time_frame_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "en" => &["the", "on", "at", "in", "for", "of", "around", "about"],
        "nl" => &[
            "de",
            "het",
            "op",
            "om",
            "in",
            "rond",
            "omstreeks",
            "ongeveer",
        ],
        "de" => &[
            "der", "die", "das", "den", "dem", "am", "um", "im", "in", "an", "gegen",
        ],
        _ => &[],
    }
}

/// A time's text without leading frame words and a closing full stop.
fn time_core<'a>(s: &'a str, lang: &str) -> &'a str {
    let mut s = s.trim_end_matches('.').trim_end();
    let words = time_frame_words(lang);
    loop {
        match s.split_once(' ') {
            Some((w, rest)) if words.contains(&w) => s = rest,
            _ => return s,
        }
    }
}

fn same_text(e: &Item, o: &Item, lang: &str) -> bool {
    let (et, ot) = (squash(&e.text), squash(&o.text));
    if et == ot {
        return true;
    }
    if matches!(e.value, Resolved::Time(..)) {
        return time_core(&et, lang) == time_core(&ot, lang);
    }
    if !o.lenient {
        return false;
    }
    // ours = [hedge] + spec + [unit], each at most three words
    let Some(pos) = ot.find(&et) else {
        return false;
    };
    let (before, after) = (&ot[..pos], &ot[pos + et.len()..]);
    let word_edge = (before.is_empty() || before.ends_with(' '))
        && (after.is_empty() || after.starts_with(' '));
    word_edge && before.split_whitespace().count() <= 3 && after.split_whitespace().count() <= 3
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn same_value(e: &Resolved, o: &Resolved) -> bool {
    match (e, o) {
        (Resolved::Number(a), Resolved::Number(b)) => close(*a, *b),
        (Resolved::Unit(a, ua), Resolved::Unit(b, ub)) => {
            let v = match (a, b) {
                (Some(a), Some(b)) => close(*a, *b),
                (None, None) => true,
                _ => false,
            };
            v && ub.iter().any(|u| ua.contains(u))
        }
        (Resolved::Interval(elo, ehi), Resolved::Interval(olo, ohi)) => {
            let two_sided = elo.is_some() && ehi.is_some();
            let end = |e: &Option<(f64, bool)>, o: &Option<(f64, bool)>| match (e, o) {
                (None, None) => true,
                (Some((a, ac)), Some((b, bc))) => close(*a, *b) && (two_sided || ac == bc),
                _ => false,
            };
            end(elo, olo) && end(ehi, ohi)
        }
        (Resolved::Text, Resolved::Text) => true,
        (Resolved::Time(et, evs), Resolved::Time(ot, ovs)) => {
            et == ot
                && ovs.iter().any(|v| {
                    evs.iter().any(|e| {
                        same_time(e, v)
                            // durations as seconds (`PT1.5H` = `PT1H30M` = 5400)
                            || et == "duration"
                                && duration_seconds(v).is_some_and(|a| {
                                    let b = e.parse::<f64>().ok().or_else(|| duration_seconds(e));
                                    b.is_some_and(|b| close(a, b))
                                })
                    })
                })
        }
        _ => false,
    }
}

/// An ISO 8601 duration in seconds, with the spec's conventions (a year is 365 days, a
/// month 30).
fn duration_seconds(v: &str) -> Option<f64> {
    let body = v.strip_prefix('P')?;
    let mut total = 0.0;
    let mut num = String::new();
    let mut in_time = false;
    for c in body.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => num.push(c),
            _ => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                total += n * match (c, in_time) {
                    ('Y', false) => 365.0 * 86400.0,
                    ('M', false) => 30.0 * 86400.0,
                    ('W', false) => 7.0 * 86400.0,
                    ('D', false) => 86400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
            }
        }
    }
    Some(total)
}

/// ISO values equal up to how a time is written (`T08` = `08:00` = `08:00:00`).
fn same_time(a: &str, b: &str) -> bool {
    norm_time_value(a) == norm_time_value(b)
}

fn norm_time_value(v: &str) -> String {
    v.split('/')
        .map(|p| {
            if p == ".." {
                return p.to_string();
            }
            let (date, time) = match p.find('T') {
                Some(k) => (&p[..k], Some(&p[k + 1..])),
                None if p.contains(':') => ("", Some(p)),
                None => (p, None),
            };
            let Some(time) = time else {
                return date.to_string();
            };
            let mut t = time.to_string();
            if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.push_str(":00");
            }
            if t.len() == 8 && t.ends_with(":00") {
                t.truncate(5);
            }
            if date.is_empty() {
                t
            } else {
                format!("{date}T{t}")
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
