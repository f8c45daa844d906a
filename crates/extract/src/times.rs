//! Times: dates, times of day, durations and periods, resolved against the publication date.
//!
//! A small grammar over tokens reads the expressions news text uses: dates in digits and words
//! (`14 november 2017`, `21/04/2016`, `Dec. 31, 1994`), relative days and periods (`gisteren`,
//! `vorige week`, `last Tuesday`, `midden oktober`, `in 2017`), times of day (`20u07`, `om 8
//! uur`, `3pm`, `half acht`), durations (`vier maanden`, `anderhalf uur`), offsets (`twee
//! dagen geleden`, `over twee weken`) and periods (`van 2014 tot 2018`, `sinds 2011`, `de
//! afgelopen vijf jaar`). Values are ISO 8601 / TIMEX3 strings resolved against
//! `meta.published`; without a publication date, relative expressions get no value. The
//! words are data: `data/lang/<code>/times.toml`, with numbers from [`crate::numbers`].

use std::cell::RefCell;
use std::collections::HashMap;

use dossier_model::{Meta, TimeExpr, TimeKind};
use dossier_text::{DataError, Doc, TokenKind, data_dir, load_toml};
use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Deserialize;

use crate::numbers::{
    self, NumKind, NumberLexicon, NumberLexicons, NumberMention, adjacent, normalize_word,
};
use crate::phrases::{FastMap, FastSet, Phrases};

/// A unit of duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    BusinessDay,
}

impl DurUnit {
    /// The unit's name as figures use it (`quantities[].unit`).
    pub fn name(self) -> &'static str {
        match self {
            DurUnit::Second => "second",
            DurUnit::Minute => "minute",
            DurUnit::Hour => "hour",
            DurUnit::Day => "day",
            DurUnit::Week => "week",
            DurUnit::Month => "month",
            DurUnit::Quarter => "quarter",
            DurUnit::Year => "year",
            DurUnit::Decade => "decade",
            DurUnit::Century => "century",
            DurUnit::BusinessDay => "business_day",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "second" => DurUnit::Second,
            "minute" => DurUnit::Minute,
            "hour" => DurUnit::Hour,
            "day" => DurUnit::Day,
            "week" => DurUnit::Week,
            "month" => DurUnit::Month,
            "quarter" => DurUnit::Quarter,
            "year" => DurUnit::Year,
            "decade" => DurUnit::Decade,
            "century" => DurUnit::Century,
            "business_day" => DurUnit::BusinessDay,
            _ => return None,
        })
    }

    fn is_clock(self) -> bool {
        matches!(self, DurUnit::Second | DurUnit::Minute | DurUnit::Hour)
    }

    /// ISO 8601 designator and how many of it one unit is.
    fn iso(self) -> (&'static str, f64) {
        match self {
            DurUnit::Second => ("S", 1.0),
            DurUnit::Minute => ("M", 1.0),
            DurUnit::Hour => ("H", 1.0),
            DurUnit::Day => ("D", 1.0),
            DurUnit::Week => ("W", 1.0),
            DurUnit::Month => ("M", 1.0),
            DurUnit::Quarter => ("M", 3.0),
            DurUnit::Year => ("Y", 1.0),
            DurUnit::Decade => ("Y", 10.0),
            DurUnit::Century => ("Y", 100.0),
            DurUnit::BusinessDay => ("BD", 1.0),
        }
    }

    /// Order in an ISO duration (years first).
    fn rank(self) -> u8 {
        match self {
            DurUnit::Century | DurUnit::Decade | DurUnit::Year => 0,
            DurUnit::Quarter | DurUnit::Month => 1,
            DurUnit::Week => 2,
            DurUnit::Day => 3,
            DurUnit::BusinessDay => 4,
            DurUnit::Hour => 5,
            DurUnit::Minute => 6,
            DurUnit::Second => 7,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Data.

#[derive(Deserialize, Default)]
struct Named {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    prepositions: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
}

#[derive(Deserialize, Default)]
struct MonthOptions {
    #[serde(default)]
    standalone_min_len: usize,
    #[serde(default)]
    ambiguous: Vec<String>,
}

#[derive(Deserialize, Default)]
struct TimesFile {
    #[serde(default)]
    numeric_date_order: String,
    #[serde(default)]
    clock_separators: Vec<String>,
    #[serde(default)]
    clock_words: Vec<String>,
    #[serde(default)]
    clock_prepositions: Vec<String>,
    #[serde(default)]
    half_hour_before: bool,
    #[serde(default)]
    bare_minutes: bool,
    #[serde(default)]
    dotted_clock: bool,
    #[serde(default)]
    half_words: Vec<String>,
    #[serde(default)]
    quarter_words: Vec<String>,
    #[serde(default)]
    past_words: Vec<String>,
    #[serde(default)]
    to_words: Vec<String>,
    #[serde(default)]
    noon: Vec<String>,
    #[serde(default)]
    midnight: Vec<String>,
    #[serde(default)]
    ago: Vec<String>,
    #[serde(default)]
    later: Vec<String>,
    #[serde(default)]
    ago_before: Vec<String>,
    #[serde(default)]
    in_future: Vec<String>,
    #[serde(default)]
    within: Vec<String>,
    #[serde(default)]
    offset_from: Vec<String>,
    #[serde(default)]
    since: Vec<String>,
    #[serde(default)]
    until: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    and_later: Vec<String>,
    #[serde(default)]
    range_between: Vec<[String; 2]>,
    #[serde(default)]
    range_infix: Vec<String>,
    #[serde(default)]
    of_words: Vec<String>,
    #[serde(default)]
    the_words: Vec<String>,
    #[serde(default)]
    whole: Vec<String>,
    #[serde(default)]
    another: Vec<String>,
    #[serde(default)]
    duration_after: Vec<String>,
    #[serde(default)]
    few: Vec<String>,
    #[serde(default)]
    next_n: Vec<String>,
    #[serde(default)]
    last_n: Vec<String>,
    #[serde(default)]
    upcoming_after: Vec<String>,
    #[serde(default)]
    past_after: Vec<String>,
    #[serde(default)]
    duration_modifiers: Vec<String>,
    #[serde(default)]
    clock_hedges: Vec<String>,
    #[serde(default)]
    week_of: Vec<String>,
    #[serde(default)]
    dotted_date_after: Vec<String>,
    #[serde(default)]
    superlatives: Vec<String>,
    #[serde(default)]
    starting: Vec<String>,
    #[serde(default)]
    after_next: Vec<String>,
    #[serde(default)]
    slice_words: HashMap<String, String>,
    #[serde(default)]
    to_date: Vec<String>,
    #[serde(default)]
    before_or_for: Vec<String>,
    #[serde(default)]
    not_clock_before: Vec<String>,
    #[serde(default)]
    weekday_deictic: HashMap<String, String>,
    #[serde(default)]
    holidays: HashMap<String, String>,
    #[serde(default)]
    date_prepositions: Vec<String>,
    #[serde(default)]
    months: HashMap<String, u8>,
    #[serde(default)]
    month_options: MonthOptions,
    #[serde(default)]
    weekdays: HashMap<String, u8>,
    #[serde(default)]
    relative_days: HashMap<String, i32>,
    #[serde(default)]
    now: Named,
    #[serde(default)]
    deictic: HashMap<String, i32>,
    #[serde(default)]
    durations: HashMap<String, Vec<String>>,
    #[serde(default)]
    duration_words: HashMap<String, String>,
    #[serde(default)]
    period_units: HashMap<String, String>,
    #[serde(default)]
    parts_of_day: HashMap<String, String>,
    #[serde(default)]
    day_parts: HashMap<String, (i32, String)>,
    #[serde(default)]
    seasons: HashMap<String, String>,
    #[serde(default)]
    positions: HashMap<String, String>,
    #[serde(default)]
    quarters: HashMap<String, String>,
    #[serde(default)]
    decades: Named,
    #[serde(default)]
    centuries: Named,
    #[serde(default)]
    years: Named,
    #[serde(default)]
    weeks: Named,
}

/// A calendar period that `this`/`next`/`last` can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Period {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "day" => Period::Day,
            "week" => Period::Week,
            "weekend" => Period::Weekend,
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            "decade" => Period::Decade,
            "century" => Period::Century,
            _ => return None,
        })
    }
}

/// A holiday: a fixed day of the year, or days from Easter Sunday.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Holiday {
    Fixed(u8, u8),
    Easter(i32),
}

impl Holiday {
    /// `12-25` or `easter+1`, `easter-2`.
    fn parse(s: &str) -> Option<Self> {
        if let Some(off) = s.strip_prefix("easter") {
            let off = if off.is_empty() {
                0
            } else {
                off.trim_start_matches('+').parse().ok()?
            };
            return Some(Holiday::Easter(off));
        }
        let (m, d) = s.split_once('-')?;
        Some(Holiday::Fixed(m.parse().ok()?, d.parse().ok()?))
    }

    fn in_year(self, y: i32) -> Option<Date> {
        match self {
            Holiday::Fixed(m, d) => Date::new(y as i16, m as i8, d as i8).ok(),
            Holiday::Easter(off) => easter(y)?.checked_add(days(off as i64)?).ok(),
        }
    }
}

/// Spans that fail instead of panicking on huge amounts (`14 million years`).
fn days(n: i64) -> Option<jiff::Span> {
    jiff::Span::new().try_days(n).ok()
}
fn months(n: i64) -> Option<jiff::Span> {
    jiff::Span::new().try_months(n).ok()
}
fn years(n: i64) -> Option<jiff::Span> {
    jiff::Span::new().try_years(n).ok()
}

/// Easter Sunday (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(y as i16, month as i8, day as i8).ok()
}

/// Where in a period: `begin`, `midden`, `eind`, or before/after the reference within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    Start,
    Mid,
    End,
    BeforeRef,
    AfterRef,
}

impl Pos {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "start" => Pos::Start,
            "mid" => Pos::Mid,
            "end" => Pos::End,
            "before_ref" => Pos::BeforeRef,
            "after_ref" => Pos::AfterRef,
            _ => return None,
        })
    }
}

/// The time words of one language.
#[derive(Default)]
struct TimeLang {
    dmy: bool,
    clock_separators: Vec<String>,
    clock_words: Phrases<()>,
    clock_prepositions: Phrases<()>,
    half_hour_before: bool,
    bare_minutes: bool,
    /// `19.00` alone is a time: the language writes decimals with a comma.
    dotted_clock: bool,
    half_words: Phrases<()>,
    quarter_words: Phrases<()>,
    past_words: Phrases<()>,
    to_words: Phrases<()>,
    noon: Phrases<()>,
    midnight: Phrases<()>,
    ago: Phrases<()>,
    /// `vor zwei Tagen`: the word for "ago" written before the duration.
    ago_before: Phrases<()>,
    later: Phrases<()>,
    in_future: Phrases<()>,
    within: Phrases<()>,
    offset_from: Phrases<()>,
    since: Phrases<()>,
    until: Phrases<()>,
    before: Phrases<()>,
    after: Phrases<()>,
    and_later: Phrases<()>,
    range_between: Vec<(Phrases<()>, Phrases<()>)>,
    range_infix: Phrases<()>,
    of_words: Phrases<()>,
    the_words: Phrases<()>,
    whole: Phrases<()>,
    another: Phrases<()>,
    duration_after: Phrases<()>,
    few: Phrases<()>,
    next_n: Phrases<()>,
    last_n: Phrases<()>,
    upcoming_after: Phrases<()>,
    past_after: Phrases<()>,
    duration_modifiers: Phrases<()>,
    clock_hedges: Phrases<()>,
    weekday_deictic: Phrases<i32>,
    holidays: Phrases<Holiday>,
    date_prepositions: FastSet<String>,
    months: FastMap<String, u8>,
    month_min_len: usize,
    month_ambiguous: FastSet<String>,
    weekdays: FastMap<String, u8>,
    relative_days: Phrases<i32>,
    now: Phrases<()>,
    deictic: Phrases<i32>,
    durations: Phrases<DurUnit>,
    duration_single: FastMap<String, DurUnit>,
    duration_words: Phrases<String>,
    period_units: FastMap<String, Period>,
    parts_of_day: Phrases<String>,
    day_parts: FastMap<String, (i32, String)>,
    seasons: FastMap<String, String>,
    positions: Phrases<Pos>,
    quarters: FastMap<String, String>,
    decade_before: Phrases<()>,
    decade_after: Vec<String>,
    century_words: Phrases<()>,
    year_words: Phrases<()>,
    year_prepositions: FastSet<String>,
    week_words: Phrases<()>,
    /// `the week of`, `w/c`, `de week beginnend op`: the week holding the day that follows.
    week_of: Phrases<()>,
    /// Where days come second, the words after which `5.12` is still a day (`on 5.12`).
    dotted_date_after: FastSet<String>,
    /// Words that make `in five years` look back (`the best figure in five years`).
    superlatives: FastSet<String>,
    /// Between a duration and the day it starts: `3 days starting Monday`.
    starting: Phrases<()>,
    /// After a period: the one after the next (`the week after next`).
    after_next: Phrases<()>,
    /// `first`/`last` before a count of units of a period (`the first three months of 2017`):
    /// true for the first.
    slice_words: Phrases<bool>,
    /// After a period: up to the reference (`year to date`, `jaar tot op heden`).
    to_date: Phrases<()>,
    /// Words for `before` that also mean `for` (`voor`): before an article, `for`.
    before_or_for: Phrases<()>,
    /// Words after a number that make it a figure, not a time (`at 6.45 percent`).
    not_clock_before: Phrases<()>,
    /// Words that can start a time expression (lower case): a token that is none of these
    /// and no number is skipped at once.
    starters: FastSet<String>,
}

fn phrases(list: &[String]) -> Phrases<()> {
    let mut p = Phrases::default();
    p.extend(list, ());
    p
}

fn lower_map<V: Clone>(m: &HashMap<String, V>) -> FastMap<String, V> {
    m.iter()
        .map(|(k, v)| (normalize_word(k).into_owned(), v.clone()))
        .collect()
}

impl TimeLang {
    fn build(f: TimesFile) -> Result<Self, String> {
        let mut durations = Phrases::default();
        let mut duration_single = FastMap::default();
        for (name, forms) in &f.durations {
            let u =
                DurUnit::parse(name).ok_or_else(|| format!("unknown duration unit `{name}`"))?;
            for w in forms {
                durations.insert(w, u);
                if !w.contains(' ') {
                    duration_single.insert(normalize_word(w).into_owned(), u);
                }
            }
        }
        let mut period_units = FastMap::default();
        for (w, p) in &f.period_units {
            let p = Period::parse(p).ok_or_else(|| format!("unknown period `{p}`"))?;
            period_units.insert(normalize_word(w).into_owned(), p);
        }
        let mut positions = Phrases::default();
        for (w, p) in &f.positions {
            positions.insert(
                w,
                Pos::parse(p).ok_or_else(|| format!("unknown position `{p}`"))?,
            );
        }
        let mut relative_days = Phrases::default();
        for (w, n) in &f.relative_days {
            relative_days.insert(w, *n);
        }
        let mut deictic = Phrases::default();
        for (w, n) in &f.deictic {
            deictic.insert(w, *n);
        }
        let mut duration_words = Phrases::default();
        for (w, v) in &f.duration_words {
            duration_words.insert(w, v.clone());
        }
        let mut parts_of_day = Phrases::default();
        for (w, v) in &f.parts_of_day {
            parts_of_day.insert(w, v.clone());
        }
        let mut weekday_deictic = Phrases::default();
        for (w, v) in &f.weekday_deictic {
            let n = match v.as_str() {
                "last_week" => -1,
                "this_week" => 0,
                "next_week" => 1,
                "past" => -2,
                "coming" => 2,
                _ => return Err(format!("unknown weekday reference `{v}`")),
            };
            weekday_deictic.insert(w, n);
        }
        let mut holidays = Phrases::default();
        for (w, v) in &f.holidays {
            holidays.insert(
                w,
                Holiday::parse(v).ok_or_else(|| format!("bad holiday date `{v}`"))?,
            );
        }
        let range_between = f
            .range_between
            .iter()
            .map(|[a, b]| {
                (
                    phrases(std::slice::from_ref(a)),
                    phrases(std::slice::from_ref(b)),
                )
            })
            .collect();
        Ok(TimeLang {
            dmy: f.numeric_date_order != "mdy",
            clock_separators: f.clock_separators.clone(),
            clock_words: phrases(&f.clock_words),
            clock_prepositions: phrases(&f.clock_prepositions),
            half_hour_before: f.half_hour_before,
            bare_minutes: f.bare_minutes,
            dotted_clock: f.dotted_clock,
            half_words: phrases(&f.half_words),
            quarter_words: phrases(&f.quarter_words),
            past_words: phrases(&f.past_words),
            to_words: phrases(&f.to_words),
            noon: phrases(&f.noon),
            midnight: phrases(&f.midnight),
            ago: phrases(&f.ago),
            ago_before: phrases(&f.ago_before),
            later: phrases(&f.later),
            in_future: phrases(&f.in_future),
            within: phrases(&f.within),
            offset_from: phrases(&f.offset_from),
            since: phrases(&f.since),
            until: phrases(&f.until),
            before: phrases(&f.before),
            after: phrases(&f.after),
            and_later: phrases(&f.and_later),
            range_between,
            range_infix: phrases(&f.range_infix),
            of_words: phrases(&f.of_words),
            the_words: phrases(&f.the_words),
            whole: phrases(&f.whole),
            another: phrases(&f.another),
            duration_after: phrases(&f.duration_after),
            few: phrases(&f.few),
            next_n: phrases(&f.next_n),
            last_n: phrases(&f.last_n),
            upcoming_after: phrases(&f.upcoming_after),
            past_after: phrases(&f.past_after),
            duration_modifiers: phrases(&f.duration_modifiers),
            clock_hedges: phrases(&f.clock_hedges),
            weekday_deictic,
            holidays,
            date_prepositions: f
                .date_prepositions
                .iter()
                .map(|w| normalize_word(w).into_owned())
                .collect(),
            months: lower_map(&f.months),
            month_min_len: f.month_options.standalone_min_len,
            month_ambiguous: f
                .month_options
                .ambiguous
                .iter()
                .map(|w| normalize_word(w).into_owned())
                .collect(),
            weekdays: lower_map(&f.weekdays),
            relative_days,
            now: phrases(&f.now.words),
            deictic,
            durations,
            duration_single,
            duration_words,
            period_units,
            parts_of_day,
            day_parts: lower_map(&f.day_parts),
            seasons: lower_map(&f.seasons),
            positions,
            quarters: lower_map(&f.quarters),
            decade_before: phrases(&f.decades.before),
            decade_after: f.decades.after.clone(),
            century_words: phrases(&f.centuries.words),
            year_words: phrases(&f.years.words),
            year_prepositions: f
                .years
                .prepositions
                .iter()
                .map(|w| normalize_word(w).into_owned())
                .collect(),
            week_words: phrases(&f.weeks.words),
            week_of: phrases(&f.week_of),
            dotted_date_after: f.dotted_date_after.iter().cloned().collect(),
            superlatives: f
                .superlatives
                .iter()
                .map(|w| normalize_word(w).into_owned())
                .collect(),
            starting: phrases(&f.starting),
            after_next: phrases(&f.after_next),
            slice_words: {
                let mut p = Phrases::default();
                for (w, which) in &f.slice_words {
                    match which.as_str() {
                        "first" => p.insert(w, true),
                        "last" => p.insert(w, false),
                        other => return Err(format!("slice_words: unknown {other:?}")),
                    }
                }
                p
            },
            to_date: phrases(&f.to_date),
            before_or_for: phrases(&f.before_or_for),
            not_clock_before: phrases(&f.not_clock_before),
            starters: starters(&f),
        })
    }
}

/// The first words of every phrase that may start a time expression.
fn starters(f: &TimesFile) -> FastSet<String> {
    let mut out = FastSet::default();
    let mut add = |p: &str| {
        let first = p.split_whitespace().next().unwrap_or("");
        let first = normalize_word(first).into_owned();
        // also the leading run of letters: `t/m` starts with the token `t`, `mid-` with `mid`
        let run: String = first.chars().take_while(|c| c.is_alphanumeric()).collect();
        if !run.is_empty() {
            out.insert(run);
        }
        out.insert(first.trim_end_matches('.').to_string());
    };
    let lists: [&Vec<String>; 30] = [
        &f.week_of,
        &f.slice_words.keys().cloned().collect(),
        &f.ago_before,
        &f.clock_prepositions,
        &f.clock_hedges,
        &f.half_words,
        &f.quarter_words,
        &f.noon,
        &f.midnight,
        &f.in_future,
        &f.within,
        &f.since,
        &f.until,
        &f.before,
        &f.after,
        &f.the_words,
        &f.whole,
        &f.another,
        &f.few,
        &f.next_n,
        &f.last_n,
        &f.duration_modifiers,
        &f.now.words,
        &f.decades.before,
        &f.years.words,
        &f.weeks.words,
        &f.range_infix,
        &f.of_words,
        &f.date_prepositions,
        &f.past_words,
    ];
    for l in lists {
        l.iter().for_each(|p| add(p));
    }
    for [a, _] in &f.range_between {
        add(a);
    }
    for k in f
        .months
        .keys()
        .chain(f.weekdays.keys())
        .chain(f.relative_days.keys())
        .chain(f.deictic.keys())
        .chain(f.weekday_deictic.keys())
        .chain(f.holidays.keys())
        .chain(f.duration_words.keys())
        .chain(f.period_units.keys())
        .chain(f.parts_of_day.keys())
        .chain(f.day_parts.keys())
        .chain(f.seasons.keys())
        .chain(f.positions.keys())
        .chain(f.quarters.keys())
    {
        add(k);
    }
    for forms in f.durations.values() {
        forms.iter().for_each(|p| add(p));
    }
    for q in ["'", "’"] {
        out.insert(q.to_string());
    }
    out
}

/// Whether a time expression may start at token `i`: a number, a known first word, or a word
/// made of one (`maandagavond`, `mid-November`, `Q1`).
fn may_start(cx: &Ctx, i: usize) -> bool {
    if cx.kind(i) == Some(TokenKind::Number) || cx.nums.get(&i).is_some() {
        return true;
    }
    let w = cx.word(i);
    if cx.t.starters.contains(w) {
        return true;
    }
    if let Some((head, _)) = w.split_once(['-', '/']) {
        // `mid-November`, `five-thirty`
        return cx.t.starters.contains(head) || cx.nl.word_value(head).is_some();
    }
    if w.chars().count() > 5
        && cx
            .t
            .weekdays
            .keys()
            .any(|d| d.chars().count() > 3 && w.starts_with(d.as_str()))
    {
        return true;
    }
    // `Q1`, `Dec31`
    w.chars().any(|c| c.is_ascii_digit())
}

/// Month and weekday names, relative expressions and duration units per language.
#[derive(Default)]
pub struct TimeLexicons {
    pub numbers: NumberLexicons,
    by_lang: HashMap<String, TimeLang>,
}

impl TimeLexicons {
    pub fn load() -> Result<Self, DataError> {
        let mut by_lang = HashMap::new();
        for lang in numbers::languages_with("times.toml")? {
            let rel = format!("lang/{lang}/times.toml");
            let f: TimesFile = load_toml(&rel)?;
            let t = TimeLang::build(f).map_err(|message| DataError::Parse {
                path: data_dir().join(&rel),
                message,
            })?;
            by_lang.insert(lang, t);
        }
        Ok(TimeLexicons {
            numbers: NumberLexicons::load()?,
            by_lang,
        })
    }

    /// The duration unit a word names in `lang` (`maanden` → month).
    pub fn duration_unit(&self, lang: &str, word: &str) -> Option<DurUnit> {
        self.by_lang
            .get(lang)?
            .duration_single
            .get(&*normalize_word(word))
            .copied()
    }
}

// ---------------------------------------------------------------------------------------
// What the grammar reads, before resolution.

/// A year: written, relative to the reference year, or left open (the nearest).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Yr {
    Abs(i32),
    Rel(i32),
    Near,
}

#[derive(Clone, Debug, PartialEq)]
enum D {
    Ymd(Yr, u8, u8),
    Ym(Yr, u8),
    Y(i32),
    /// Days from the reference (`gisteren` = -1).
    Rel(i32),
    /// This (0), next (1) or last (-1) period.
    Unit(Period, i32),
    /// A weekday; `off` -1 the last one before the reference, 1 the next, 0 this week's,
    /// `None` the nearest; `week` a week offset (`vrijdag volgende week`).
    Wd {
        wd: u8,
        off: Option<i32>,
        week: Option<i32>,
    },
    MonthRel(u8, i32),
    Week(Yr, u8),
    /// The n-th (or, with 0, the last) week of a month or a year: the ISO week holding the
    /// first day plus n-1, or the one holding the last day.
    WeekOf(u8, Box<D>),
    /// The ISO week holding a day (`the week of April 10th`).
    WeekHolding(Box<D>),
    /// The first or last `n` units of a period (`the first three months of 2017`), or with
    /// `nth` its n-th unit (`the third month of 2021`).
    Slice {
        first: bool,
        nth: bool,
        n: u32,
        unit: DurUnit,
        within: Box<D>,
    },
    Quarter(Yr, u8),
    Half(Yr, u8),
    Season(Yr, String),
    Decade(i32),
    Century(i32),
    /// A day of the month without the month (`de 15e`), or of a month relative to the
    /// reference's.
    Dom {
        d: u8,
        month: Option<i32>,
    },
    /// `vrijdag de 22e`.
    WdDom {
        wd: u8,
        d: u8,
    },
    /// `de eerste vrijdag van juli`.
    NthWd {
        n: i8,
        wd: u8,
        month: Box<D>,
    },
    /// A holiday, in a given year or the nearest.
    Holiday(Holiday, Yr),
    /// A date shifted by a duration (`twee dagen geleden`, `drie weken vanaf morgen`).
    Shift {
        base: Box<D>,
        dur: Dur,
        sign: i32,
    },
    Now,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Clock {
    h: u8,
    m: u8,
    s: Option<u8>,
    /// Known to be before or after noon (am/pm, a part of the day, or an hour past 12).
    fixed: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Dur {
    parts: Vec<(f64, DurUnit)>,
    /// `een paar dagen`: a vague count of this unit (TIMEX3 `PXD`).
    vague: Option<DurUnit>,
}

#[derive(Clone, Debug, PartialEq)]
enum Sem {
    Date(D, Option<Pos>),
    Time(Clock),
    DateTime(D, Clock),
    Part(Option<D>, String),
    Dur(Dur),
    Range(Box<Sem>, Box<Sem>),
    /// `sinds 2011` (from), `voor 2018` (to), `na 2016` (after: from the end of it).
    Open {
        from: Option<Box<Sem>>,
        to: Option<Box<Sem>>,
        after: bool,
    },
    /// `binnen 9 maanden` (0), `de komende drie dagen` (1), `de afgelopen vijf jaar` (-1).
    Within(Dur, i32),
}

impl Sem {
    fn kind(&self) -> TimeKind {
        match self {
            Sem::Date(..) => TimeKind::Date,
            Sem::Time(_) | Sem::DateTime(..) => TimeKind::Time,
            Sem::Part(..) => TimeKind::Time,
            Sem::Dur(_) => TimeKind::Duration,
            Sem::Range(..) | Sem::Open { .. } | Sem::Within(..) => TimeKind::Period,
        }
    }
    fn is_pointlike(&self) -> bool {
        matches!(
            self,
            Sem::Date(..) | Sem::Time(_) | Sem::DateTime(..) | Sem::Part(..)
        )
    }
}

/// A match: the meaning and the token range `[start, end)`.
#[derive(Clone, Debug)]
struct M {
    sem: Sem,
    start: usize,
    end: usize,
}

// ---------------------------------------------------------------------------------------
// The grammar.

/// Number mentions by their first token.
struct Nums(Vec<Option<NumberMention>>);

impl Nums {
    fn get(&self, i: &usize) -> Option<&NumberMention> {
        self.0.get(*i).and_then(Option::as_ref)
    }
}

struct Ctx<'a> {
    doc: &'a Doc<'a>,
    t: &'a TimeLang,
    nl: &'a NumberLexicon,
    /// Number mentions by their first token.
    nums: Nums,
    /// Lower-case tokens without a trailing abbreviation dot.
    words: Vec<String>,
    /// `core` and `core_composed` at each token, computed once: the grammar asks for the same
    /// positions from many rules.
    memo_core: RefCell<Vec<Option<Option<M>>>>,
    memo_composed: RefCell<Vec<Option<Option<M>>>>,
}

impl<'a> Ctx<'a> {
    fn len(&self) -> usize {
        self.doc.tokens.len()
    }
    /// Token `i`'s text, or nothing past the end.
    fn tok(&self, i: usize) -> &'a str {
        if i < self.len() { self.doc.tok(i) } else { "" }
    }
    /// Lower-case token without a trailing abbreviation dot.
    fn word(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.doc.tokens.get(i).map(|t| t.kind)
    }
    fn is(&self, i: usize, s: &str) -> bool {
        i < self.len() && self.tok(i) == s
    }
    /// Token `i` is a comma (skippable between parts of a date).
    fn comma(&self, i: usize) -> bool {
        self.is(i, ",")
    }
    /// The whole number (cardinal or ordinal) starting at token `i`, if any.
    fn int_at(&self, i: usize) -> Option<(i64, NumKind, usize)> {
        let m = self.nums.get(&i)?;
        if m.value.fract() != 0.0 || m.kind == NumKind::Fraction || m.suffix.is_some() {
            return None;
        }
        Some((m.value as i64, m.kind, m.tokens.1))
    }
    fn month_at(&self, i: usize, standalone: bool) -> Option<(u8, usize)> {
        if i >= self.len() || self.kind(i) == Some(TokenKind::Number) {
            return None;
        }
        let w = self.word(i);
        let m = *self.t.months.get(w)?;
        let prep = i > 0
            && (self.t.year_prepositions.contains(self.word(i - 1))
                || self.t.date_prepositions.contains(self.word(i - 1)));
        if standalone {
            if w.chars().count() < self.t.month_min_len && !prep {
                return None;
            }
            if self.t.month_ambiguous.contains(w) && !self.tok(i).starts_with(char::is_uppercase) {
                // `may`, `march`: a month only after a preposition (`in may`)
                if !prep {
                    return None;
                }
            }
        }
        // `jan. 2019` keeps its dot; at the end of a sentence the dot is not the month's
        let mut end = i + 1;
        if self.is(end, ".")
            && adjacent(self.doc, i)
            && !self.tok(i).ends_with('.')
            && self.kind(end + 1) == Some(TokenKind::Number)
        {
            end += 1;
        }
        Some((m, end))
    }
    fn weekday_at(&self, i: usize) -> Option<(u8, usize, bool)> {
        if i >= self.len()
            || self.kind(i) != Some(TokenKind::Word) && self.kind(i) != Some(TokenKind::Abbrev)
        {
            return None;
        }
        let w = self.word(i);
        let wd = *self.t.weekdays.get(w)?;
        let short = w.chars().count() <= 3;
        let mut end = i + 1;
        let mut dotted = self.tok(i).ends_with('.');
        if self.is(end, ".") && adjacent(self.doc, i) && w.chars().count() <= 4 {
            end += 1;
            dotted = true;
        }
        Some((wd, end, short && !dotted))
    }
}

/// `doc` with hyphenated month ranges written as one token (`Jan-Feb 2017`, `Nov 18-Dec 19`,
/// `18 nov-19 dec`) split at the hyphen, so that the range grammar sees both ends; `None`
/// when there is nothing to split.
fn split_glued<'a>(doc: &Doc<'a>, lex: &TimeLexicons) -> Option<Doc<'a>> {
    let t = lex.by_lang.get(doc.lang)?;
    let month = |s: &str| t.months.contains_key(&*normalize_word(s));
    let day = |s: &str| {
        let digits = s.trim_end_matches(|c: char| c.is_alphabetic());
        !digits.is_empty()
            && digits.len() <= 2
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
    };
    let word = |i: usize| -> &str { if i < doc.tokens.len() { doc.tok(i) } else { "" } };
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (i, tk) in doc.tokens.iter().enumerate() {
        if !matches!(tk.kind, TokenKind::Word | TokenKind::Number) {
            continue;
        }
        let s = doc.tok(i);
        let Some(k) = s.find(['-', '–']) else {
            continue;
        };
        let (a, b) = (
            &s[..k],
            &s[k + s[k..].chars().next().map_or(1, char::len_utf8)..],
        );
        if a.is_empty() || b.is_empty() || b.contains(['-', '–']) {
            continue;
        }
        let glued = month(a) && month(b)
            || month(a) && day(b) && i + 1 < doc.tokens.len() && month(word(i + 1))
            || day(a) && month(b) && i > 0 && month(word(i - 1));
        if glued {
            cuts.push((i, tk.start + k));
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = Doc::new(doc.text, doc.lang);
    let mut tokens = Vec::with_capacity(doc.tokens.len() + 2 * cuts.len());
    // new index of each old token
    let mut moved = Vec::with_capacity(doc.tokens.len() + 1);
    let mut next_cut = cuts.iter().peekable();
    for (i, tk) in doc.tokens.iter().enumerate() {
        moved.push(tokens.len());
        match next_cut.peek() {
            Some(&&(ci, at)) if ci == i => {
                next_cut.next();
                let dash = doc.text[at..].chars().next().map_or(1, char::len_utf8);
                let kind_of = |s: &str| {
                    if s.starts_with(|c: char| c.is_ascii_digit()) {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    }
                };
                tokens.push(dossier_text::Token {
                    start: tk.start,
                    end: at,
                    kind: kind_of(&doc.text[tk.start..at]),
                });
                tokens.push(dossier_text::Token {
                    start: at,
                    end: at + dash,
                    kind: TokenKind::Punct,
                });
                tokens.push(dossier_text::Token {
                    start: at + dash,
                    end: tk.end,
                    kind: kind_of(&doc.text[at + dash..tk.end]),
                });
            }
            _ => tokens.push(*tk),
        }
    }
    moved.push(tokens.len());
    for st in &mut out.sentences {
        st.first = moved.get(st.first).copied().unwrap_or(tokens.len());
        st.last = moved.get(st.last).copied().unwrap_or(tokens.len());
    }
    out.tokens = tokens;
    Some(out)
}

/// Finds every time expression of `doc`, left to right, the longest at each position.
fn find(doc: &Doc, lex: &TimeLexicons) -> Vec<M> {
    let Some(t) = lex.by_lang.get(doc.lang) else {
        return Vec::new();
    };
    let nl = lex.numbers.get(doc.lang);
    let mut nums = Nums(vec![None; doc.tokens.len()]);
    for m in numbers::scan(doc, nl) {
        let k = m.tokens.0;
        if nums.0[k].is_none() {
            nums.0[k] = Some(m);
        }
    }
    let words = (0..doc.tokens.len())
        .map(|i| {
            let w = normalize_word(doc.tok(i));
            match w.strip_suffix('.') {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => w.into_owned(),
            }
        })
        .collect();
    let links = numbers::link_chunks(doc.text);
    let cx = Ctx {
        doc,
        t,
        nl,
        nums,
        words,
        memo_core: RefCell::new(vec![None; doc.tokens.len()]),
        memo_composed: RefCell::new(vec![None; doc.tokens.len()]),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < cx.len() {
        let b = doc.tokens[i].start;
        if links.iter().any(|&(s, e)| s <= b && b < e) {
            i += 1;
            continue;
        }
        match expr_at(&cx, i) {
            Some(m) if m.end > i => {
                i = m.end;
                out.push(m);
            }
            _ => i += 1,
        }
    }
    out
}

fn longest_clock(
    cands: impl IntoIterator<Item = Option<(Clock, usize)>>,
) -> Option<(Clock, usize)> {
    let mut best: Option<(Clock, usize)> = None;
    for c in cands.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| c.1 > b.1) {
            best = Some(c);
        }
    }
    best
}

fn longest(cands: impl IntoIterator<Item = Option<M>>) -> Option<M> {
    let mut best: Option<M> = None;
    for m in cands.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| m.end > b.end) {
            best = Some(m);
        }
    }
    best
}

/// The longest expression starting at token `i`.
fn expr_at(cx: &Ctx, i: usize) -> Option<M> {
    if !may_start(cx, i) {
        return None;
    }
    let t = cx.t;
    let mut cands: Vec<Option<M>> = Vec::new();
    // open periods: `sinds 2011`, `voor 2018`, `na 2016`, `until tomorrow`
    for (p, kind) in [(&t.since, 0), (&t.until, 1), (&t.before, 2), (&t.after, 3)] {
        if let Some(((), e)) = p.at(cx.doc, i)
            && let Some(x) = point_at(cx, e).or_else(|| {
                let (_, e2) = t.the_words.at(cx.doc, e)?;
                point_at(cx, e2)
            })
            && x.sem.is_pointlike()
            // `voor de week van 10 april` is for that week; `voor het eind van het jaar`
            // before its end
            && !(kind == 2
                && t.before_or_for.at(cx.doc, i).is_some_and(|x| x.1 == e)
                && t.the_words.at(cx.doc, e).is_some()
                && !matches!(x.sem, Sem::Date(_, Some(_))))
        {
            let x_sem = Box::new(x.sem.clone());
            let sem = match kind {
                0 => Sem::Open {
                    from: Some(x_sem),
                    to: None,
                    after: false,
                },
                3 => Sem::Open {
                    from: Some(x_sem),
                    to: None,
                    after: true,
                },
                _ => Sem::Open {
                    from: None,
                    to: Some(x_sem),
                    after: false,
                },
            };
            cands.push(Some(M {
                sem,
                start: i,
                end: x.end,
            }));
        }
    }
    // ranges with words around both ends: `tussen 2007 en 2009`, `van 6 tot 9 mei`
    for (pa, pb) in &t.range_between {
        if let Some(((), e)) = pa.at(cx.doc, i)
            && let Some(m) = range_from(cx, e, Some(pb))
        {
            cands.push(Some(M { start: i, ..m }));
        }
    }
    // `binnen 9 maanden`, `de komende drie dagen`, `de afgelopen 5 jaar`
    for (p, dir) in [(&t.within, 0), (&t.next_n, 1), (&t.last_n, -1)] {
        if let Some(((), e)) = p.at(cx.doc, i)
            && let Some((dur, e2)) = duration_at(cx, e)
        {
            let dir = if dir == 0 && t.next_n.at(cx.doc, e).is_some() {
                0
            } else {
                dir
            };
            cands.push(Some(M {
                sem: Sem::Within(dur, dir),
                start: i,
                end: e2,
            }));
        }
    }
    // `vor zwei Tagen`: a date that long before the reference
    if let Some(((), e)) = t.ago_before.at(cx.doc, i)
        && let Some((dur, e2)) = duration_at(cx, e)
        && dur.vague.is_none()
    {
        cands.push(Some(M {
            sem: Sem::Date(
                D::Shift {
                    base: Box::new(D::Rel(0)),
                    dur,
                    sign: -1,
                },
                None,
            ),
            start: i,
            end: e2,
        }));
    }
    // `over twee weken`, `in 3 weeks`: a date that far from the reference
    if let Some(((), e)) = t.in_future.at(cx.doc, i)
        && let Some((dur, e2)) = duration_at(cx, e)
        && dur.vague.is_none()
        // `in 9.87 seconds` is a race time, not a moment
        && !dur
            .parts
            .iter()
            .any(|p| p.1 == DurUnit::Second && p.0.fract() != 0.0)
        && t.offset_from.at(cx.doc, e2).is_none()
        && t.later.at(cx.doc, e2).is_none()
    {
        // `the best figure in five years`, `for the first time in four years`: the years up
        // to the reference
        let sentence = cx
            .doc
            .sentences
            .get(cx.doc.sentence_of(i))
            .map_or(0, |s| s.first);
        let back =
            (sentence.max(i.saturating_sub(6))..i).any(|k| t.superlatives.contains(cx.word(k)));
        let sem = if back {
            Sem::Within(dur, -1)
        } else {
            Sem::Date(
                D::Shift {
                    base: Box::new(D::Rel(0)),
                    dur,
                    sign: 1,
                },
                None,
            )
        };
        cands.push(Some(M {
            sem,
            start: i,
            end: e2,
        }));
    }
    // a duration from a day: `3 days starting from next Monday`, `1 week, from 20th dec`
    if let Some((dur, e)) = duration_at(cx, i)
        && dur.vague.is_none()
        && !dur.parts.iter().any(|p| p.1.is_clock())
    {
        let comma = cx.comma(e);
        let k = if comma { e + 1 } else { e };
        let via = t.starting.at(cx.doc, k).or_else(|| {
            comma
                .then(|| {
                    t.offset_from
                        .at(cx.doc, k)
                        .or_else(|| t.since.at(cx.doc, k))
                })
                .flatten()
        });
        if let Some(((), k2)) = via
            && let Some(x) = core_composed(cx, k2)
            && let Sem::Date(
                d @ (D::Ymd(..) | D::Rel(_) | D::Wd { .. } | D::Dom { .. } | D::Holiday(..)),
                None,
            ) = &x.sem
        {
            let end = D::Shift {
                base: Box::new(d.clone()),
                dur,
                sign: 1,
            };
            cands.push(Some(M {
                sem: Sem::Range(Box::new(x.sem.clone()), Box::new(Sem::Date(end, None))),
                start: i,
                end: x.end,
            }));
        }
    }
    // a position in a period: `midden oktober`, `begin 2017`, `earlier this month`
    cands.push(positioned(cx, i));
    // `year to date`, `dit jaar tot nu toe`: the period up to the reference
    let k = t.the_words.at(cx.doc, i).map_or(i, |x| x.1);
    let period = deictic_date(cx, k).or_else(|| {
        let p = *t.period_units.get(cx.word(k))?;
        Some((D::Unit(p, 0), k + 1))
    });
    if let Some((d @ D::Unit(..), e)) = period
        && let Some(((), e2)) = t.to_date.at(cx.doc, e)
    {
        cands.push(Some(M {
            sem: Sem::Date(d, Some(Pos::BeforeRef)),
            start: i,
            end: e2,
        }));
    }
    // `the 5 upcoming years`, `de 2 aankomende maanden`, `the 10 previous weeks`
    if let Some((n, NumKind::Cardinal, e)) = cx.int_at(i).filter(|n| (2..=100).contains(&n.0)) {
        for (p, dir) in [(&t.upcoming_after, 1), (&t.past_after, -1)] {
            // a plural unit: `3 next week` is no period
            if let Some(((), e2)) = p.at(cx.doc, e)
                && let Some((u, e3)) = t.durations.at(cx.doc, e2)
                && !t.period_units.contains_key(cx.word(e2))
            {
                let dur = Dur {
                    parts: vec![(n as f64, u)],
                    vague: None,
                };
                cands.push(Some(M {
                    sem: Sem::Within(dur, dir),
                    start: i,
                    end: e3,
                }));
            }
        }
    }
    // `meer dan vier dagen`; not `about 30 min later`, a date the hedge stays out of
    if let Some(((), e)) = t.duration_modifiers.at(cx.doc, i)
        && let Some((dur, e2)) = duration_at(cx, e)
        && core_composed(cx, e).is_none_or(|x| matches!(x.sem, Sem::Dur(_)))
    {
        cands.push(Some(M {
            sem: Sem::Dur(dur),
            start: i,
            end: e2,
        }));
    }
    cands.push(hyphen_positioned(cx, i));
    cands.push(range_from(cx, i, None));
    cands.push(core_composed(cx, i));
    longest(cands)
}

/// A date with a position in it: `midden oktober`, `begin 2017`, `mid-November`.
fn positioned(cx: &Ctx, i: usize) -> Option<M> {
    if let Some((pos, e)) = cx.t.positions.at(cx.doc, i)
        && let Some(x) = core(cx, e)
        && let Sem::Date(d, None) = x.sem
    {
        return Some(M {
            sem: Sem::Date(d, Some(pos)),
            start: i,
            end: x.end,
        });
    }
    hyphen_positioned(cx, i)
}

/// A point in time at token `i` for an open period or a range end: a date or time with what
/// may follow it, or a date with a position (`after mid May`).
fn point_at(cx: &Ctx, i: usize) -> Option<M> {
    longest([positioned(cx, i), core_composed(cx, i)])
}

/// A core expression with what may follow it: a time after a date, `geleden`, `en later`.
fn core_composed(cx: &Ctx, i: usize) -> Option<M> {
    if i >= cx.len() {
        return None;
    }
    if let Some(m) = cx.memo_composed.borrow()[i].clone() {
        return m;
    }
    let m = core_composed_uncached(cx, i);
    cx.memo_composed.borrow_mut()[i] = Some(m.clone());
    m
}

fn core_composed_uncached(cx: &Ctx, i: usize) -> Option<M> {
    let t = cx.t;
    let x = core(cx, i)?;
    let mut best = x.clone();
    match &x.sem {
        Sem::Dur(dur) if dur.vague.is_none() => {
            // `twee dagen geleden`, `two days later`, `drie weken vanaf morgen`
            if let Some(((), e)) = t.ago.at(cx.doc, x.end) {
                best = M {
                    sem: Sem::Date(
                        D::Shift {
                            base: Box::new(D::Rel(0)),
                            dur: dur.clone(),
                            sign: -1,
                        },
                        None,
                    ),
                    start: i,
                    end: e,
                };
            } else if let Some(((), e)) = t.later.at(cx.doc, x.end) {
                best = M {
                    sem: Sem::Date(
                        D::Shift {
                            base: Box::new(D::Rel(0)),
                            dur: dur.clone(),
                            sign: 1,
                        },
                        None,
                    ),
                    start: i,
                    end: e,
                };
            } else if let Some(((), e)) = t.offset_from.at(cx.doc, x.end)
                && let Some(b) = longest([
                    core(cx, e),
                    t.the_words.at(cx.doc, e).and_then(|(_, e2)| core(cx, e2)),
                ])
                && let Sem::Date(base, None) = &b.sem
            {
                let sign = if t.before.at(cx.doc, x.end).is_some() {
                    -1
                } else {
                    1
                };
                best = M {
                    sem: Sem::Date(
                        D::Shift {
                            base: Box::new(base.clone()),
                            dur: dur.clone(),
                            sign,
                        },
                        None,
                    ),
                    start: i,
                    end: b.end,
                };
            }
        }
        Sem::Date(d, None) => {
            // a time after a date: `14 oktober om 8:00`, `tomorrow 8am`, `vandaag 15.00`
            let mut j = x.end;
            if cx.comma(j) {
                j += 1;
            }
            if let Some(((), e)) = t.clock_prepositions.at(cx.doc, j)
                && clock_at(cx, e).is_some()
            {
                j = e;
            }
            let calendar_day = matches!(d, D::Ymd(..) | D::Wd { .. } | D::Rel(_) | D::WdDom { .. });
            if let Some(tm) = clock_at(cx, j).or_else(|| {
                // a time with a dot, or in words, or hedged, only after a calendar day
                // (`22 februari 3.30`, `march eighteenth nine thirty`, `friday the 26th around
                // 4`)
                calendar_day
                    .then(|| {
                        longest_clock([dotted_clock(cx, j), word_hm(cx, j), hedged_hour(cx, j)])
                    })
                    .flatten()
            }) && !matches!(d, D::Unit(..) | D::Y(_) | D::Ym(..) | D::Now)
            {
                // `vierentwintig januari half twee 's middags`
                let (c, end) = match part_of_day(cx, tm.1) {
                    Some((code, e)) => (with_part(tm.0, &code), e),
                    None => tm,
                };
                best = M {
                    sem: Sem::DateTime(d.clone(), c),
                    start: i,
                    end,
                };
            } else if let Some((code, e)) = part_of_day(cx, x.end) {
                best = M {
                    sem: Sem::Part(Some(d.clone()), code),
                    start: i,
                    end: e,
                };
            }
            if let Some(((), e)) = t.and_later.at(cx.doc, best.end)
                && core(cx, e).is_none_or(|n| !n.sem.is_pointlike())
            {
                best = M {
                    sem: Sem::Open {
                        from: Some(Box::new(best.sem.clone())),
                        to: None,
                        after: false,
                    },
                    start: i,
                    end: e,
                };
            }
        }
        Sem::Time(c) if matches!(core(cx, x.end).map(|y| y.sem), Some(Sem::Part(Some(_), _))) => {
            // `half zes morgenavond`: a time on a day and part of it
            if let Some(y) = core(cx, x.end)
                && let Sem::Part(Some(d), code) = y.sem
            {
                best = M {
                    sem: Sem::DateTime(d, with_part(*c, &code)),
                    start: i,
                    end: y.end,
                };
            }
        }
        Sem::Time(c) => {
            // a date after a time: `8am this morning`, `9 uur morgen`, `9am on tuesday`
            let mut j = x.end;
            if cx.comma(j) {
                j += 1;
            }
            if t.date_prepositions.contains(cx.word(j))
                && core(cx, j + 1).is_some_and(|y| matches!(y.sem, Sem::Date(..)))
            {
                j += 1;
            }
            if let Some(y) = core(cx, j)
                && let Sem::Date(d, None) = &y.sem
                && matches!(d, D::Rel(_) | D::Ymd(..) | D::Wd { .. } | D::Dom { .. })
            {
                // `five-thirty tomorrow evening`
                let (c, end) = match part_of_day(cx, y.end) {
                    Some((code, e)) => (with_part(*c, &code), e),
                    None => (*c, y.end),
                };
                best = M {
                    sem: Sem::DateTime(d.clone(), c),
                    start: i,
                    end,
                };
            } else if let Some(((), e)) = t.and_later.at(cx.doc, x.end) {
                // `om 15.00 of later`
                best = M {
                    sem: Sem::Open {
                        from: Some(Box::new(x.sem.clone())),
                        to: None,
                        after: false,
                    },
                    start: i,
                    end: e,
                };
            } else if let Some((code, e, today)) = part_of_day_on(cx, x.end) {
                // `8 uur 's avonds`, `8am this morning`
                let c = with_part(*c, &code);
                best = M {
                    sem: if today {
                        Sem::DateTime(D::Rel(0), c)
                    } else {
                        Sem::Time(c)
                    },
                    start: i,
                    end: e,
                };
            }
        }
        Sem::Part(None, code)
            if core(cx, x.end).is_some_and(|y| {
                matches!(
                    y.sem,
                    Sem::Date(D::Rel(_) | D::Wd { .. } | D::Ymd(..), None)
                )
            }) =>
        {
            // `middag vandaag`, `ochtend morgen`
            if let Some(y) = core(cx, x.end)
                && let Sem::Date(d, None) = y.sem
            {
                best = M {
                    sem: Sem::Part(Some(d), code.clone()),
                    start: i,
                    end: y.end,
                };
            }
        }
        Sem::Part(day, code) => {
            // `in the morning at 7`, `'s morgens om 7 uur`, `tonight around 7`
            let mut j = x.end;
            if let Some(((), e)) = t
                .clock_prepositions
                .at(cx.doc, j)
                .or_else(|| t.clock_hedges.at(cx.doc, j))
            {
                j = e;
            }
            if let Some((c, e)) = clock_at(cx, j).or_else(|| hedged_hour(cx, x.end)) {
                let c = with_part(c, code);
                best = M {
                    sem: match day {
                        Some(d) => Sem::DateTime(d.clone(), c),
                        None => Sem::Time(c),
                    },
                    start: i,
                    end: e,
                };
            }
        }
        _ => {}
    }
    Some(best)
}

/// A range starting at token `i` (`2014-2018`, `zes tot zeven mei`, `Jan-Feb 2017`, `5 to
/// 6pm`), closed by `close` (`en`, `tot`) when the range was opened by a word (`tussen`,
/// `van`), else by an infix.
fn range_from(cx: &Ctx, i: usize, close: Option<&Phrases<()>>) -> Option<M> {
    let t = cx.t;
    let date = |d: D, e: usize| M {
        sem: Sem::Date(d, None),
        start: i,
        end: e,
    };
    // left ends: an expression, a month (`from Nov to March`), a bare day (`4 tot 23 mei`) or
    // a bare hour (`5 to 6pm`)
    let mut lefts: Vec<M> = Vec::new();
    // an article before a day stays in the span (`van de 26e juni tot de 28e juni`)
    let after_the = t.the_words.at(cx.doc, i).map(|x| x.1);
    let with_start = |m: Option<M>| m.map(|m| M { start: i, ..m });
    for l in [
        core_composed(cx, i),
        core(cx, i),
        positioned(cx, i),
        after_the.and_then(|k| with_start(core_composed(cx, k))),
        after_the.and_then(|k| with_start(positioned(cx, k))),
    ]
    .into_iter()
    .flatten()
    {
        if !matches!(l.sem, Sem::Open { .. }) {
            lefts.push(l);
        }
    }
    if let Some((m, e)) = cx.month_at(i, false) {
        lefts.push(date(D::Ym(Yr::Near, m), e));
    }
    let bare = cx.int_at(i).filter(|d| (1..=31).contains(&d.0));
    let separator = |left_end: usize| -> Option<usize> {
        match close {
            Some(p) => p.at(cx.doc, left_end).map(|x| x.1),
            None => {
                let (_, e) = t.range_infix.at(cx.doc, left_end)?;
                // a hyphen joins what it touches, or what it stands apart from on both sides
                if cx.tok(left_end) == "-" {
                    let tight = adjacent(cx.doc, left_end - 1) && adjacent(cx.doc, left_end);
                    let spaced = !adjacent(cx.doc, left_end - 1) && !adjacent(cx.doc, left_end);
                    if !(tight || spaced) {
                        return None;
                    }
                }
                Some(e)
            }
        }
    };
    let right_at = |k: usize| -> Option<M> {
        let one = |k: usize| {
            let r = match core_composed(cx, k) {
                Some(r) if !matches!(r.sem, Sem::Open { .. }) => Some(r),
                _ => core(cx, k),
            };
            longest([r, positioned(cx, k)])
        };
        let after = t.the_words.at(cx.doc, k).and_then(|(_, k2)| one(k2));
        longest([one(k), after])
    };
    let mut cands = Vec::new();
    for l in &lefts {
        let Some(k) = separator(l.end) else { continue };
        if let Some(r) = right_at(k)
            && compatible(&l.sem, &r.sem)
        {
            cands.push(Some(M {
                sem: Sem::Range(Box::new(l.sem.clone()), Box::new(r.sem.clone())),
                start: i,
                end: r.end,
            }));
        }
        // a month after a month, short or not: `from March to May`
        if let Sem::Date(D::Ym(..), None) = &l.sem
            && let Some((m2, e2)) = cx.month_at(k, false)
            && year_num(cx, e2).is_none()
        {
            cands.push(Some(M {
                sem: Sem::Range(
                    Box::new(l.sem.clone()),
                    Box::new(Sem::Date(D::Ym(Yr::Near, m2), None)),
                ),
                start: i,
                end: e2,
            }));
        }
        // a bare day on the right takes the left's month: `November 18-19`
        if let Sem::Date(D::Ymd(y, m, _), None) = &l.sem
            && let Some((d2, _, e2)) = cx.int_at(k)
            && (1..=31).contains(&d2)
            && cx.month_at(e2, false).is_none()
            && t.durations.at(cx.doc, e2).is_none()
        {
            cands.push(Some(M {
                sem: Sem::Range(
                    Box::new(l.sem.clone()),
                    Box::new(Sem::Date(D::Ymd(*y, *m, d2 as u8), None)),
                ),
                start: i,
                end: e2,
            }));
        }
    }
    if let Some((n, _, e)) = bare
        && let Some(k) = separator(e)
        && let Some(r) = right_at(k)
    {
        match &r.sem {
            // `van 4 tot 23 mei`
            Sem::Date(rd, None) => {
                if let Some(ld) = day_in_month_of(n as u8, rd) {
                    cands.push(Some(M {
                        sem: Sem::Range(Box::new(Sem::Date(ld, None)), Box::new(r.sem.clone())),
                        start: i,
                        end: r.end,
                    }));
                }
            }
            // `5 to 6pm`, `tussen 5 en 6 's middags`
            Sem::Time(c) if n <= 12 => {
                let mut h = n as u8;
                if c.h >= 12 && h < 12 && h + 12 <= c.h {
                    h += 12;
                }
                cands.push(Some(M {
                    sem: Sem::Range(
                        Box::new(Sem::Time(Clock {
                            h,
                            m: 0,
                            s: None,
                            fixed: false,
                        })),
                        Box::new(r.sem.clone()),
                    ),
                    start: i,
                    end: r.end,
                }));
            }
            _ => {}
        }
    }
    longest(cands)
}

/// Whether two ends make a range: dates with dates, times with times.
fn compatible(a: &Sem, b: &Sem) -> bool {
    match (a, b) {
        (Sem::Date(x, _), Sem::Date(y, _)) => {
            // `6-7` is not a range of dates; two bare years or two full dates are
            !matches!(x, D::Dom { .. }) && !matches!(y, D::Dom { .. })
        }
        (Sem::Time(_) | Sem::DateTime(..), Sem::Time(_) | Sem::DateTime(..)) => true,
        _ => false,
    }
}

/// `4` in `van 4 tot 23 mei`: the day in the right end's month.
fn day_in_month_of(d: u8, right: &D) -> Option<D> {
    match right {
        D::Ymd(y, m, _) => Some(D::Ymd(*y, *m, d)),
        _ => None,
    }
}

/// `mid-November`, `begin-2017`: a position glued to a month or year by a hyphen.
fn hyphen_positioned(cx: &Ctx, i: usize) -> Option<M> {
    if cx.kind(i) != Some(TokenKind::Word) && cx.kind(i) != Some(TokenKind::Number) {
        return None;
    }
    let (pre, rest) = cx.tok(i).split_once('-')?;
    let pos = *cx
        .t
        .positions
        .lookup(&format!("{pre}-"))
        .or_else(|| cx.t.positions.lookup(pre))?;
    if let Some(m) = cx.t.months.get(&*normalize_word(rest)) {
        let mut end = i + 1;
        let mut d = D::Ym(Yr::Near, *m);
        if let Some((y, e)) = year_num(cx, end) {
            d = D::Ym(Yr::Abs(y), *m);
            end = e;
        }
        return Some(M {
            sem: Sem::Date(d, Some(pos)),
            start: i,
            end,
        });
    }
    let y: i32 = rest.parse().ok().filter(|y| (1000..3000).contains(y))?;
    Some(M {
        sem: Sem::Date(D::Y(y), Some(pos)),
        start: i,
        end: i + 1,
    })
}

/// A date, time, part of day or duration starting at token `i` (the longest).
fn core(cx: &Ctx, i: usize) -> Option<M> {
    if i >= cx.len() {
        return None;
    }
    if let Some(m) = cx.memo_core.borrow()[i].clone() {
        return m;
    }
    let m = core_uncached(cx, i);
    cx.memo_core.borrow_mut()[i] = Some(m.clone());
    m
}

fn core_uncached(cx: &Ctx, i: usize) -> Option<M> {
    let mut cands: Vec<Option<M>> = vec![
        date_at(cx, i).map(|(d, e)| M {
            sem: Sem::Date(d, None),
            start: i,
            end: e,
        }),
        clock_at(cx, i).map(|(c, e)| M {
            sem: Sem::Time(c),
            start: i,
            end: e,
        }),
        duration_at(cx, i).map(|(d, e)| M {
            sem: Sem::Dur(d),
            start: i,
            end: e,
        }),
        // a part of the day alone needs more than one word (`in the morning`, `this
        // evening`, `'s avonds`): `Good morning` is no time
        part_of_day_on(cx, i)
            .filter(|(_, e, _)| *e > i + 1)
            .map(|(c, e, today)| M {
                sem: Sem::Part(today.then_some(D::Rel(0)), c),
                start: i,
                end: e,
            }),
        day_part_word(cx, i),
    ];
    // `rond 11 uur`, `around 7`: a hedge belongs to the time (`om`, `at` do not)
    if let Some(((), e)) = cx.t.clock_hedges.at(cx.doc, i)
        && let Some((c, e2)) = clock_at(cx, e)
    {
        cands.push(Some(M {
            sem: Sem::Time(c),
            start: i,
            end: e2,
        }));
    }
    longest(cands)
}

/// `vanavond`, `gisteravond`, `maandagavond`, `tonight`.
fn day_part_word(cx: &Ctx, i: usize) -> Option<M> {
    if cx.kind(i) != Some(TokenKind::Word) {
        return None;
    }
    let w = cx.word(i);
    if let Some((off, code)) = cx.t.day_parts.get(w) {
        return Some(M {
            sem: Sem::Part(Some(D::Rel(*off)), code.clone()),
            start: i,
            end: i + 1,
        });
    }
    // a weekday written together with a part of the day: `maandagavond`
    for (name, wd) in &cx.t.weekdays {
        if name.chars().count() > 3
            && let Some(rest) = w.strip_prefix(name.as_str())
            && !rest.is_empty()
            && let Some(code) = cx.t.parts_of_day.lookup(rest)
        {
            let mut d = D::Wd {
                wd: *wd,
                off: None,
                week: None,
            };
            let mut start = i;
            if i > 0
                && let Some((off, s)) = cx.t.deictic.before(cx.doc, i)
            {
                d = D::Wd {
                    wd: *wd,
                    off: Some(off),
                    week: None,
                };
                start = s;
            }
            return Some(M {
                sem: Sem::Part(Some(d), code.clone()),
                start,
                end: i + 1,
            });
        }
    }
    None
}

/// `'s avonds`, `in de ochtend`, `this evening`.
fn part_of_day(cx: &Ctx, i: usize) -> Option<(String, usize)> {
    part_of_day_on(cx, i).map(|(code, e, _)| (code, e))
}

/// A part of the day, and whether it names today (`this evening`, `deze ochtend`).
fn part_of_day_on(cx: &Ctx, i: usize) -> Option<(String, usize, bool)> {
    if i >= cx.len() {
        return None;
    }
    // `am`, `pm` alone are too short to be parts of the day outside a time
    if let Some((code, e)) = cx.t.parts_of_day.at(cx.doc, i)
        && (e > i + 1 || cx.tok(i).chars().count() > 2)
    {
        return Some((code, e, false));
    }
    if let Some((0, e)) = cx.t.deictic.at(cx.doc, i)
        && let Some((code, e2)) = cx.t.parts_of_day.at(cx.doc, e)
    {
        return Some((code, e2, true));
    }
    None
}

fn with_part(c: Clock, code: &str) -> Clock {
    let c = Clock { fixed: true, ..c };
    match code {
        "AF" | "EV" if c.h < 12 => Clock { h: c.h + 12, ..c },
        "NI" if (6..12).contains(&c.h) => Clock { h: c.h + 12, ..c },
        _ => c,
    }
}

// ---- dates ----------------------------------------------------------------------------

/// A date starting at token `i`: the longest of the date forms.
fn date_at(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let mut best: Option<(D, usize)> = None;
    let mut take = |c: Option<(D, usize)>| {
        if let Some(c) = c
            && best.as_ref().is_none_or(|b| c.1 > b.1)
        {
            best = Some(c);
        }
    };
    take(numeric_date(cx, i));
    take(textual_date(cx, i));
    take(weekday_date(cx, i));
    take(relative_day(cx, i));
    take(deictic_date(cx, i));
    take(year_date(cx, i));
    take(decade_or_century(cx, i));
    take(quarter_or_week(cx, i));
    take(day_of_month(cx, i));
    take(holiday(cx, i));
    take(week_holding(cx, i));
    take(after_next(cx, i));
    take(slice_of_period(cx, i));
    best
}

/// The period after `of` (`of 2017`, `van volgend jaar`, `of the year`, `of March`).
fn of_period(cx: &Ctx, k: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let ((), k) = t.of_words.at(cx.doc, k)?;
    if let Some((y, e)) = year_num(cx, k) {
        return Some((D::Y(y), e));
    }
    if let Some((d @ (D::Unit(..) | D::MonthRel(..)), e)) = deictic_date(cx, k) {
        return Some((d, e));
    }
    let k2 = t.the_words.at(cx.doc, k).map_or(k, |x| x.1);
    if k2 > k
        && let Some(p) = t.period_units.get(cx.word(k2))
        && *p != Period::Day
    {
        return Some((D::Unit(*p, 0), k2 + 1));
    }
    if let Some((m, e)) = cx.month_at(k, false) {
        return Some(match year_num(cx, e) {
            Some((y, e2)) => (D::Ym(Yr::Abs(y), m), e2),
            None => (D::Ym(Yr::Near, m), e),
        });
    }
    None
}

/// `the first three months of 2017`, `de laatste twee weken van maart`, `the third month of
/// 2021`, `de 15e dag van juni`.
fn slice_of_period(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let k = t.the_words.at(cx.doc, i).map_or(i, |x| x.1);
    let (first, nth, n, k2) = if let Some((first, e)) = t.slice_words.at(cx.doc, k) {
        match cx.int_at(e) {
            Some((n, NumKind::Cardinal, e2)) if (1..=100).contains(&n) => (first, false, n, e2),
            _ => (first, false, 1, e),
        }
    } else {
        match cx.int_at(k) {
            Some((n, NumKind::Ordinal, e)) if (1..=366).contains(&n) => (true, true, n, e),
            _ => return None,
        }
    };
    let (unit, e) = t.durations.at(cx.doc, k2)?;
    if !matches!(
        unit,
        DurUnit::Day | DurUnit::Week | DurUnit::Month | DurUnit::Quarter | DurUnit::Year
    ) || nth && unit == DurUnit::Week
    {
        return None;
    }
    let (within, e2) = of_period(cx, e)?;
    Some((
        D::Slice {
            first,
            nth,
            n: n as u32,
            unit,
            within: Box::new(within),
        },
        e2,
    ))
}

/// `the week after next`, `de week na volgende`.
fn after_next(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let k = t.the_words.at(cx.doc, i).map_or(i, |x| x.1);
    let p = *t.period_units.get(cx.word(k))?;
    let ((), e) = t.after_next.at(cx.doc, k + 1)?;
    Some((
        if p == Period::Day {
            D::Rel(2)
        } else {
            D::Unit(p, 2)
        },
        e,
    ))
}

/// `the week of April 10th`, `w/c Feb 4`, `de week beginnend op 4 februari`.
fn week_holding(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let k = t.the_words.at(cx.doc, i).map_or(i, |x| x.1);
    let ((), e) = t.week_of.at(cx.doc, k)?;
    let (d, e2) = date_at(cx, e)?;
    matches!(
        d,
        D::Ymd(..) | D::Dom { .. } | D::Holiday(..) | D::Rel(_) | D::Wd { .. }
    )
    .then(|| (D::WeekHolding(Box::new(d)), e2))
}

/// `Kerstmis`, `Christmas 2017`, `Easter`, `Koningsdag van dit jaar`.
fn holiday(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    // `vorige koningsdag`, `next Christmas`
    if let Some((o, e)) = t.deictic.at(cx.doc, i)
        && o != 0
        && let Some((h, e2)) = t.holidays.at(cx.doc, e)
    {
        return Some((D::Holiday(h, Yr::Rel(if o < 0 { -100 } else { 100 })), e2));
    }
    let (h, e) = t.holidays.at(cx.doc, i)?;
    if let Some((y, e2)) = year_num(cx, e) {
        return Some((D::Holiday(h, Yr::Abs(y)), e2));
    }
    let mut k = e;
    if let Some(((), e2)) = t.of_words.at(cx.doc, k) {
        k = e2;
    }
    if let Some((o, e2)) = t.deictic.at(cx.doc, k)
        && e2 < cx.len()
        && t.period_units.get(cx.word(e2)) == Some(&Period::Year)
    {
        return Some((D::Holiday(h, Yr::Rel(o)), e2 + 1));
    }
    Some((D::Holiday(h, Yr::Near), e))
}

/// The run of touching tokens from `i` that may spell a date in digits (`21/04/2016`,
/// `13.5.2015`, `2019-sep-1`, `5-3-'18`), split into its parts.
fn numeric_date(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    // `20170302`: a compact ISO date
    let s0 = cx.tok(i);
    if s0.len() == 8
        && s0.bytes().all(|b| b.is_ascii_digit())
        && (s0.starts_with("19") || s0.starts_with("20"))
        && let (Ok(y), Ok(m), Ok(d)) = (
            s0[..4].parse::<i32>(),
            s0[4..6].parse::<u8>(),
            s0[6..].parse::<u8>(),
        )
        && Date::new(y as i16, m as i8, d as i8).is_ok()
    {
        return Some((D::Ymd(Yr::Abs(y), m, d), i + 1));
    }
    let month_first = cx
        .tok(i)
        .split(['-', '/'])
        .next()
        .is_some_and(|p| cx.t.months.contains_key(&*normalize_word(p)));
    if cx.kind(i) != Some(TokenKind::Number) && cx.month_at(i, false).is_none() && !month_first {
        return None;
    }
    let mut j = i;
    while j < cx.len() {
        let k = cx.kind(j)?;
        let s = cx.tok(j);
        let ok = match k {
            TokenKind::Number => true,
            TokenKind::Punct | TokenKind::Quote => matches!(s, "/" | "-" | "." | "'" | "’"),
            TokenKind::Word | TokenKind::Abbrev => {
                cx.t.months.contains_key(cx.word(j)) || s.contains('-')
            }
            _ => false,
        };
        if !ok {
            break;
        }
        j += 1;
        if !adjacent(cx.doc, j - 1) {
            break;
        }
    }
    // the longest prefix of the run that reads as a date (`5/1-5/7/2020` starts with `5/1`)
    let mut ends: Vec<usize> = (i + 1..=j).collect();
    ends.reverse();
    for end in ends {
        if matches!(cx.tok(end - 1), "/" | "-" | "." | "'" | "’") {
            continue;
        }
        let raw: String = (i..end).map(|k| cx.tok(k)).collect();
        if let Some(d) = numeric_date_of(cx, i, &raw, end) {
            return Some(d);
        }
    }
    None
}

/// `raw` (the tokens `i..j` joined) as a date in digits.
fn numeric_date_of(cx: &Ctx, i: usize, raw: &str, j: usize) -> Option<(D, usize)> {
    if raw.contains(':') {
        return None;
    }
    let parts: Vec<&str> = raw
        .split(['/', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let seps: Vec<char> = raw
        .chars()
        .filter(|c| matches!(c, '/' | '-' | '.'))
        .collect();
    // one kind of separator (`30/4.85` is no date), unless a month is named
    let mixed = seps.windows(2).any(|w| w[0] != w[1]);
    let mut month_name: Option<(usize, u8)> = None;
    let mut nums: Vec<(usize, &str)> = Vec::new();
    for (k, p) in parts.iter().enumerate() {
        let p = p.trim_start_matches(['\'', '’']);
        if p.bytes().all(|b| b.is_ascii_digit()) {
            nums.push((k, p));
        } else if let Some(m) = cx.t.months.get(&*normalize_word(p)) {
            if month_name.is_some() {
                return None;
            }
            month_name = Some((k, *m));
        } else {
            // `(tue)` and the like end the date before this part
            return None;
        }
    }
    let two_digit_year = |s: &str| -> Option<i32> {
        let v: i32 = s.parse().ok()?;
        match s.len() {
            4 => Some(v),
            2 => Some(if v < 50 { 2000 + v } else { 1900 + v }),
            _ => None,
        }
    };
    let valid = |y: Option<i32>, m: i64, d: i64| {
        (1..=12).contains(&m)
            && (1..=31).contains(&d)
            && y.is_none_or(|y| (1000..3000).contains(&y))
    };
    let leading_zero = nums.iter().any(|(_, s)| s.len() == 2 && s.starts_with('0'));
    let context = date_context(cx, i);
    if mixed && month_name.is_none() {
        return None;
    }
    if let Some((_, m)) = month_name {
        // the month is named: the other parts are a day and maybe a year
        let mut y: Option<i32> = None;
        let mut d: Option<i64> = None;
        for (_, s) in &nums {
            let v: i64 = s.parse().ok()?;
            if s.len() == 4 || v > 31 {
                y = two_digit_year(s);
            } else if d.is_none() {
                d = Some(v);
            } else {
                y = two_digit_year(s);
            }
        }
        let Some(d) = d else {
            // `Dec-2018`: a month and a year
            return y.map(|y| (D::Ym(Yr::Abs(y), m), j));
        };
        if !valid(y, m as i64, d) {
            return None;
        }
        let yr = y.map(Yr::Abs).unwrap_or(Yr::Near);
        return Some((D::Ymd(yr, m, d as u8), j));
    }
    let v: Vec<i64> = nums
        .iter()
        .map(|(_, s)| s.parse::<i64>().unwrap_or(-1))
        .collect();
    match v.len() {
        3 => {
            let (a, b, c) = (v[0], v[1], v[2]);
            if nums[0].1.len() == 4 {
                // 2015/08/12
                return valid(Some(a as i32), b, c)
                    .then_some((D::Ymd(Yr::Abs(a as i32), b as u8, c as u8), j));
            }
            let y = two_digit_year(nums[2].1)?;
            let (d, m) = if cx.t.dmy || a > 12 { (a, b) } else { (b, a) };
            let (d, m) = if m > 12 && d <= 12 { (m, d) } else { (d, m) };
            valid(Some(y), m, d).then_some((D::Ymd(Yr::Abs(y), m as u8, d as u8), j))
        }
        2 => {
            let (a, b) = (v[0], v[1]);
            if nums[0].1.len() == 4
                && (1..=12).contains(&b)
                && seps.iter().all(|c| *c == '-' || *c == '/')
            {
                // 2015-3: a month
                return Some((D::Ym(Yr::Abs(a as i32), b as u8), j));
            }
            // `12-2015`: a month and a year
            if nums[1].1.len() == 4
                && (1..=12).contains(&a)
                && nums[0].1.len() <= 2
                && (1900..=2100).contains(&b)
            {
                return Some((D::Ym(Yr::Abs(b as i32), a as u8), j));
            }
            if nums.iter().any(|(_, s)| s.len() > 2) {
                return None;
            }
            // a day and a month: needs a reason not to be a range, fraction or decimal
            let slash = seps.iter().all(|c| *c == '/');
            let dot = seps.contains(&'.');
            // not money (`$ 10.05`), nor hours before a part of the day (`8-9 's ochtends`)
            let blocked = i > 0 && cx.kind(i - 1) == Some(TokenKind::Symbol)
                || part_of_day(cx, j).is_some()
                || ampm_at(cx, j).is_some();
            // `22.4` is a day only where days come first and with a reason (`op 22.4`), or
            // after a word that announces a day (`on 5.12`); else, and before `%` or a unit,
            // it is a decimal (`by 8.5`, `5.4%`)
            let dotted_ok = cx.t.dmy || i > 0 && cx.t.dotted_date_after.contains(cx.word(i - 1));
            let decimal_like = dot
                && (!dotted_ok
                    || cx.kind(j) == Some(TokenKind::Symbol)
                    || cx.t.not_clock_before.at(cx.doc, j).is_some());
            let ok = !blocked
                && !decimal_like
                && (context || leading_zero && !dot || slash && (a > b || b > 12 && a <= 12));
            if !ok {
                return None;
            }
            let (d, m) = if cx.t.dmy || a > 12 { (a, b) } else { (b, a) };
            let (d, m) = if m > 12 && d <= 12 { (m, d) } else { (d, m) };
            if !valid(None, m, d) {
                return None;
            }
            // `11-12, 2016`
            if cx.comma(j)
                && let Some((y, e)) = year_num(cx, j + 1)
            {
                return Some((D::Ymd(Yr::Abs(y), m as u8, d as u8), e));
            }
            Some((D::Ymd(Yr::Near, m as u8, d as u8), j))
        }
        _ => None,
    }
}

/// A word before token `i` that announces a date (`op 22-4`, `on 4/22`, `maandag 12-4`).
fn date_context(cx: &Ctx, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let w = cx.word(i - 1);
    if cx.t.date_prepositions.contains(w) || cx.t.weekdays.contains_key(w) {
        return true;
    }
    // the end of a range whose start is a day and month in digits: `5/1-5/7`
    i >= 4
        && cx.t.range_infix.at(cx.doc, i - 1).is_some()
        && cx.kind(i - 2) == Some(TokenKind::Number)
        && cx.tok(i - 3) == "/"
        && cx.kind(i - 4) == Some(TokenKind::Number)
        && numeric_date(cx, i - 4).is_some_and(|(_, e)| e == i - 1)
}

/// A day number (1-31) at token `i`: digits, `14e`, `twintigste`, `twenty-first`.
fn day_num(cx: &Ctx, i: usize) -> Option<(u8, usize)> {
    let (v, _, e) = cx.int_at(i)?;
    if !(1..=31).contains(&v) {
        return None;
    }
    if cx.kind(i) == Some(TokenKind::Number)
        && cx.tok(i).len() > 2
        && !cx.tok(i).ends_with(|c: char| c.is_alphabetic())
    {
        return None;
    }
    Some((v as u8, e))
}

/// A year at token `i`: four digits, `'18`, or in words (`tweeduizend achttien`,
/// `nineteen seventy-eight`).
fn year_num(cx: &Ctx, i: usize) -> Option<(i32, usize)> {
    if i >= cx.len() {
        return None;
    }
    // `'18`
    if matches!(cx.tok(i), "'" | "’")
        && adjacent(cx.doc, i)
        && i + 1 < cx.len()
        && cx.tok(i + 1).len() == 2
        && let Ok(v) = cx.tok(i + 1).parse::<i32>()
    {
        return Some((if v < 50 { 2000 + v } else { 1900 + v }, i + 2));
    }
    let m = cx.nums.get(&i)?;
    if m.kind != NumKind::Cardinal || m.value.fract() != 0.0 || m.suffix.is_some() || m.grouped {
        return None;
    }
    let v = m.value as i32;
    if cx.kind(i) == Some(TokenKind::Number) {
        return (cx.tok(i).len() == 4 && (1000..3000).contains(&v)).then_some((v, m.tokens.1));
    }
    if (1000..3000).contains(&v) {
        return Some((v, m.tokens.1));
    }
    // `negentien achtenzeventig`, `nineteen zero one`
    if (10..=29).contains(&v)
        && let Some(m2) = cx.nums.get(&m.tokens.1)
        && cx.kind(m.tokens.1) != Some(TokenKind::Number)
        && m2.kind == NumKind::Cardinal
        && m2.value.fract() == 0.0
        && (0.0..100.0).contains(&m2.value)
    {
        let mut end = m2.tokens.1;
        let mut low = m2.value as i32;
        if low == 0
            && let Some(m3) = cx.nums.get(&end)
            && m3.value < 10.0
            && m3.kind == NumKind::Cardinal
        {
            low = m3.value as i32;
            end = m3.tokens.1;
        }
        return Some((v * 100 + low, end));
    }
    None
}

/// `14 november 2017`, `de eerste van januari`, `November 14, 2017`, `may the eleventh`,
/// `oktober 2017`, `oktober`, with an optional weekday before (`maandag 12 januari`).
fn textual_date(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    // an optional weekday (and comma) before
    let mut j = i;
    let mut wd_given = false;
    if let Some((_, e, _)) = cx.weekday_at(j) {
        j = e;
        if cx.comma(j) {
            j += 1;
        }
        wd_given = true;
    }
    let year_after = |k: usize| -> Option<(i32, usize)> {
        let mut k = k;
        if cx.comma(k) {
            k += 1;
        }
        if let Some(((), e)) = t.of_words.at(cx.doc, k) {
            k = e;
        }
        year_num(cx, k)
    };
    let mut best: Option<(D, usize)> = None;
    let mut take = |c: (D, usize)| {
        if best.as_ref().is_none_or(|b| c.1 > b.1) {
            best = Some(c);
        }
    };
    // a weekday with a date in digits: `Friday 7/6`, `maandag 12-4`
    if wd_given && let Some(nd) = numeric_date(cx, j) {
        take(nd);
    }
    // day first: `14 november`, `4th of march`, `eerste van januari` (an article before the
    // day stays outside the date)
    let k = j;
    let money = k > 0 && cx.kind(k - 1) == Some(TokenKind::Symbol);
    // `one may`: a day in words before a month name that is also a common word is no date
    let word_day = cx.kind(k) == Some(TokenKind::Word)
        && cx.int_at(k).is_some_and(|d| d.1 == NumKind::Cardinal);
    let ambiguous_after = |m_at: usize| {
        t.month_ambiguous.contains(cx.word(m_at)) && !cx.tok(m_at).starts_with(char::is_uppercase)
    };
    if let Some((d, e)) = day_num(cx, k).filter(|d| !money && (!word_day || !ambiguous_after(d.1)))
    {
        let mut m_at = e;
        if let Some(((), e2)) = t.of_words.at(cx.doc, e) {
            m_at = e2;
        }
        if let Some((m, e3)) = cx.month_at(m_at, false) {
            match year_after(e3) {
                Some((y, e4)) => take((D::Ymd(Yr::Abs(y), m, d), e4)),
                None => take((D::Ymd(Yr::Near, m, d), e3)),
            }
        }
    }
    // month first: `november 14`, `may the eleventh`, `Dec31 , 1994`, `oktober 2017`
    if let Some((m, e)) = cx.month_at(j, false) {
        let mut k = e;
        if let Some(((), e2)) = t.the_words.at(cx.doc, k) {
            k = e2;
        }
        let day = day_num(cx, k).filter(|_| {
            // not a year: `oktober 2017`
            cx.kind(k) != Some(TokenKind::Number)
                || cx.tok(k).len() <= 2
                || cx.tok(k).ends_with(char::is_alphabetic)
        });
        if let Some((d, e3)) = day {
            match year_after(e3) {
                Some((y, e4)) => take((D::Ymd(Yr::Abs(y), m, d), e4)),
                None => take((D::Ymd(Yr::Near, m, d), e3)),
            }
        } else if let Some((y, e3)) = year_after(e) {
            take((D::Ym(Yr::Abs(y), m), e3));
        } else if wd_given || cx.month_at(j, true).is_some() {
            take((D::Ym(Yr::Near, m), e));
        }
    }
    // `Dec31`: a month glued to its day
    if cx.kind(j) == Some(TokenKind::Word)
        && let Some(split) = cx.tok(j).find(|c: char| c.is_ascii_digit())
        && let Some(m) = t.months.get(&*normalize_word(&cx.tok(j)[..split]))
        && let Ok(d) = cx.tok(j)[split..].parse::<u8>()
        && (1..=31).contains(&d)
    {
        match year_after(j + 1) {
            Some((y, e4)) => take((D::Ymd(Yr::Abs(y), *m, d), e4)),
            None => take((D::Ymd(Yr::Near, *m, d), j + 1)),
        }
    }
    // year first: `2017 april`
    if let Some((y, e)) = year_num(cx, j)
        && cx.kind(j) == Some(TokenKind::Number)
        && let Some((m, e2)) = cx.month_at(e, false)
        && day_num(cx, e2).is_none()
    {
        take((D::Ym(Yr::Abs(y), m), e2));
    }
    best
}

/// Weekdays: `maandag`, `vorige dinsdag`, `last Tuesday`, `vrijdag volgende week`,
/// `volgende week zondag`, `vrijdag de 22e`, `de eerste vrijdag van juli`.
fn weekday_date(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let mut best: Option<(D, usize)> = None;
    let mut take = |c: (D, usize)| {
        if best.as_ref().is_none_or(|b| c.1 > b.1) {
            best = Some(c);
        }
    };
    // [deictic] weekday: `vorige maandag` (last week's), `afgelopen maandag` (the most
    // recent), `aanstaande vrijdag` (the next to come)
    let (off, j) = match t.weekday_deictic.at(cx.doc, i) {
        Some((o, e)) if cx.weekday_at(e).is_some() => (Some(o), e),
        _ => (None, i),
    };
    if let Some((wd, e, short)) = cx.weekday_at(j) {
        // a short abbreviation (`ma`, `sat`) needs a date after it
        let dated = textual_date(cx, j).is_some_and(|x| x.1 > e)
            || numeric_date(cx, if cx.comma(e) { e + 1 } else { e }).is_some()
            || day_num(cx, e).is_some();
        if !short || dated {
            take((
                D::Wd {
                    wd,
                    off,
                    week: None,
                },
                e,
            ));
        }
        if off.is_none() {
            // `vrijdag volgende week`, `friday of this week`
            let mut k = e;
            if let Some(((), e2)) = t.of_words.at(cx.doc, k) {
                k = e2;
                if let Some(((), e3)) = t.the_words.at(cx.doc, k) {
                    k = e3;
                }
            }
            if let Some((w_off, e2)) = t.deictic.at(cx.doc, k)
                && e2 < cx.len()
                && t.period_units.get(cx.word(e2)) == Some(&Period::Week)
            {
                take((
                    D::Wd {
                        wd,
                        off: None,
                        week: Some(w_off),
                    },
                    e2 + 1,
                ));
            }
            // `vrijdag de 22e`, `friday the 15th`, `Monday 21`
            let k = match t.the_words.at(cx.doc, e) {
                Some(((), e2)) => e2,
                None => e,
            };
            if let Some((d, e3)) = day_num(cx, k)
                && cx.month_at(e3, false).is_none()
                && (k > e
                    || cx.kind(k) == Some(TokenKind::Number)
                        && (cx.tok(k).len() <= 2
                            || cx.int_at(k).is_some_and(|d| d.1 == NumKind::Ordinal)))
                && !(e3 < cx.len()
                    && cx.kind(e3) == Some(TokenKind::Word)
                    && !connector(cx, e3)
                    && t.clock_hedges.at(cx.doc, e3).is_none())
                && clock_at(cx, k).is_none()
            {
                take((D::WdDom { wd, d }, e3));
            }
        }
    }
    // `volgende week zondag`, `this week friday`, `next week on tuesday`
    if let Some((w_off, e)) = t.deictic.at(cx.doc, i)
        && e < cx.len()
        && t.period_units.get(cx.word(e)) == Some(&Period::Week)
    {
        let mut k = e + 1;
        if k < cx.len() && t.date_prepositions.contains(cx.word(k)) {
            k += 1;
        }
        if let Some((wd, e2, short)) = cx.weekday_at(k)
            && !short
        {
            take((
                D::Wd {
                    wd,
                    off: None,
                    week: Some(w_off),
                },
                e2,
            ));
        }
    }
    // `eerste vrijdag van juli`, `first sunday`
    let k = i;
    if let Some((n, NumKind::Ordinal, e)) = cx.int_at(k)
        && (1..=5).contains(&n)
        && let Some((wd, e2, false)) = cx.weekday_at(e)
    {
        let mut month = D::Unit(Period::Month, 0);
        let mut end = e2;
        if let Some(((), e3)) = t.of_words.at(cx.doc, e2) {
            if let Some((m, e4)) = cx.month_at(e3, false) {
                month = D::Ym(Yr::Near, m);
                end = e4;
            } else if let Some((o, e4)) = t.deictic.at(cx.doc, e3)
                && e4 < cx.len()
                && t.period_units.get(cx.word(e4)) == Some(&Period::Month)
            {
                month = D::Unit(Period::Month, o);
                end = e4 + 1;
            }
        }
        take((
            D::NthWd {
                n: n as i8,
                wd,
                month: Box::new(month),
            },
            end,
        ));
    }
    best
}

/// `vandaag`, `gisteren`, `the day after tomorrow`, `nu`.
fn relative_day(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    if let Some((n, e)) = cx.t.relative_days.at(cx.doc, i) {
        return Some((D::Rel(n), e));
    }
    if let Some(((), e)) = cx.t.now.at(cx.doc, i) {
        return Some((D::Now, e));
    }
    None
}

/// `vorige week`, `dit jaar`, `next month`, `aanstaande september`, `afgelopen zomer`.
fn deictic_date(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let (off, e) = t.deictic.at(cx.doc, i)?;
    if e >= cx.len() {
        return None;
    }
    let w = cx.word(e);
    if let Some(p) = t.period_units.get(w) {
        if *p == Period::Day {
            return Some((D::Rel(off), e + 1));
        }
        return Some((D::Unit(*p, off), e + 1));
    }
    if let Some((m, e2)) = cx.month_at(e, true) {
        return Some((D::MonthRel(m, off), e2));
    }
    if let Some(code) = t.seasons.get(w) {
        return Some((D::Season(Yr::Rel(off), code.clone()), e + 1));
    }
    None
}

/// `2017`, `het jaar 2008`, `in 2017` (the preposition stays outside).
fn year_date(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    // `het jaar 2008`, `the year of 2008`
    if let Some(((), e)) = t.year_words.at(cx.doc, i)
        && let Some((y, e2)) = year_num(cx, e)
    {
        return Some((D::Y(y), e2));
    }
    if cx.kind(i) != Some(TokenKind::Number) {
        // a season with a year: `zomer 2017`
        if let Some(code) = t.seasons.get(cx.word(i))
            && let Some((y, e)) = year_num(cx, i + 1)
        {
            return Some((D::Season(Yr::Abs(y), code.clone()), e));
        }
        return None;
    }
    let (y, e) = year_num(cx, i)?;
    // after a preposition, or as the second year of a pair (`tussen 2007 en 2009 zien`)
    let after_year = i > 1
        && (connector(cx, i - 1) || matches!(cx.tok(i - 1), "-" | "–" | "~"))
        && cx.kind(i - 2) == Some(TokenKind::Number)
        && cx.tok(i - 2).len() == 4;
    let prep = i > 0 && t.year_prepositions.contains(cx.word(i - 1)) || after_year;
    let plausible = (1900..=2100).contains(&y);
    // a bare four-digit number is a year unless a noun follows (`2000 mensen`)
    let noun_after = e < cx.len()
        && cx.kind(e) == Some(TokenKind::Word)
        && cx.tok(e).starts_with(char::is_lowercase)
        && !connector(cx, e)
        && cx.nl.word_value(cx.tok(e)).is_none();
    // part of a chain of numbers (`82-2100`, `138-2010-2015`): a code, not a year
    let code_part = |k: usize| cx.kind(k) == Some(TokenKind::Number) && cx.tok(k).len() != 4;
    let chained = i > 1
        && matches!(cx.tok(i - 1), "-" | "/")
        && adjacent(cx.doc, i - 1)
        && adjacent(cx.doc, i - 2)
        && code_part(i - 2)
        || e < cx.len()
            && matches!(cx.tok(e), "-" | "/")
            && adjacent(cx.doc, e - 1)
            && adjacent(cx.doc, e)
            && code_part(e + 1);
    // three or more numbers joined by hyphens or slashes (`138-2010-2015`) are a code
    let mut count = 1;
    let mut k = i;
    while k > 1
        && matches!(cx.tok(k - 1), "-" | "/")
        && adjacent(cx.doc, k - 1)
        && adjacent(cx.doc, k - 2)
        && cx.kind(k - 2) == Some(TokenKind::Number)
    {
        count += 1;
        k -= 2;
    }
    let mut k = e;
    while k + 1 < cx.len()
        && matches!(cx.tok(k), "-" | "/")
        && adjacent(cx.doc, k - 1)
        && adjacent(cx.doc, k)
        && cx.kind(k + 1) == Some(TokenKind::Number)
    {
        count += 1;
        k += 2;
    }
    if chained || count >= 3 {
        return None;
    }
    (prep || plausible && !noun_after).then_some((D::Y(y), e))
}

/// A word at token `e` that joins times rather than naming a thing: `tot`, `and`, `of`,
/// `through`, `geleden`.
fn connector(cx: &Ctx, e: usize) -> bool {
    let t = cx.t;
    let sets = [
        &t.the_words,
        &t.of_words,
        &t.range_infix,
        &t.until,
        &t.since,
        &t.before,
        &t.after,
        &t.and_later,
        &t.ago,
        &t.later,
        &t.clock_prepositions,
    ];
    sets.iter().any(|p| p.at(cx.doc, e).is_some())
        || t.date_prepositions.contains(cx.word(e))
        || matches!(
            cx.word(e),
            "en" | "and" | "or" | "of" | "is" | "was" | "zijn" | "waren" | "were"
        )
}

/// `de jaren 90`, `the 1990s`, `de 21e eeuw`, `the 15th century`.
fn decade_or_century(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    // `de jaren negentig`, `jaren '90`
    if let Some(((), e)) = t.decade_before.at(cx.doc, i) {
        let mut k = e;
        if matches!(cx.tok(k.min(cx.len().saturating_sub(1))), "'" | "’") && k < cx.len() {
            k += 1;
        }
        if let Some((v, NumKind::Cardinal, e2)) = cx.int_at(k)
            && v % 10 == 0
            && (10..100).contains(&v) | (1000..3000).contains(&v)
        {
            let decade = if v < 100 {
                if v < 30 { 200 + v / 10 } else { 190 + v / 10 }
            } else {
                v / 10
            };
            return Some((D::Decade(decade as i32), e2));
        }
    }
    // `1990s`, `90s`, `'90s`
    let mut k = i;
    if matches!(cx.tok(k), "'" | "’") && adjacent(cx.doc, k) && k + 1 < cx.len() {
        k += 1;
    }
    if cx.kind(k) == Some(TokenKind::Number) && !t.decade_after.is_empty() {
        let s = cx.tok(k);
        for suf in &t.decade_after {
            if let Some(num) = s.strip_suffix(suf.as_str())
                && num.bytes().all(|b| b.is_ascii_digit())
                && (num.len() == 4 || num.len() == 2)
                && let Ok(v) = num.parse::<i32>()
                && v % 10 == 0
            {
                let decade = if num.len() == 4 {
                    v / 10
                } else if v < 30 {
                    200 + v / 10
                } else {
                    190 + v / 10
                };
                return Some((D::Decade(decade), k + 1));
            }
        }
    }
    // `de 21e eeuw`, `the 15th century`
    let mut k = i;
    if let Some(((), e)) = t.the_words.at(cx.doc, k) {
        k = e;
    }
    if let Some((n, NumKind::Ordinal, e)) = cx.int_at(k)
        && (1..=30).contains(&n)
        && let Some(((), e2)) = t.century_words.at(cx.doc, e)
    {
        return Some((D::Century(n as i32 - 1), e2));
    }
    None
}

/// `het eerste kwartaal van 2017`, `Q1 2017`, `week 31`.
fn quarter_or_week(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let year_of = |k: usize| -> (Yr, usize) {
        let mut k2 = k;
        if let Some(((), e)) = t.of_words.at(cx.doc, k2) {
            k2 = e;
        }
        if let Some((y, e)) = year_num(cx, k2) {
            return (Yr::Abs(y), e);
        }
        if let Some((o, e)) = t.deictic.at(cx.doc, k2)
            && e < cx.len()
            && t.period_units.get(cx.word(e)) == Some(&Period::Year)
        {
            return (Yr::Rel(o), e + 1);
        }
        (Yr::Near, k)
    };
    // `Q1`, `H2`, `Q1 2017`, `2017 Q1`, `2017-q1`, `q1-2019`
    let code = |w: &str| -> Option<D> {
        let mut cs = w.chars();
        let (letter, digit) = (cs.next()?, cs.next()?.to_digit(10)?);
        if cs.next().is_some() {
            return None;
        }
        match t.quarters.get(&letter.to_string()).map(String::as_str) {
            Some("Q") if (1..=4).contains(&digit) => Some(D::Quarter(Yr::Near, digit as u8)),
            Some("H") if (1..=2).contains(&digit) => Some(D::Half(Yr::Near, digit as u8)),
            _ => None,
        }
    };
    let with_year = |d: D, y: Yr| match d {
        D::Quarter(_, q) => D::Quarter(y, q),
        D::Half(_, h) => D::Half(y, h),
        d => d,
    };
    let w = cx.word(i);
    if let Some((a, b)) = w.split_once('-') {
        let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1000..3000).contains(y));
        if let (Some(y), Some(d)) = (year(a), code(b)) {
            return Some((with_year(d, Yr::Abs(y)), i + 1));
        }
        if let (Some(d), Some(y)) = (code(a), year(b)) {
            return Some((with_year(d, Yr::Abs(y)), i + 1));
        }
    }
    if let Some(d) = code(w) {
        let (y, e) = year_of(i + 1);
        return Some((with_year(d, y), e));
    }
    if let Some((y, e)) = year_num(cx, i)
        && cx.kind(i) == Some(TokenKind::Number)
        && let Some(d) = code(cx.word(e))
    {
        return Some((with_year(d, Yr::Abs(y)), e + 1));
    }
    // `de eerste week van 2015`, `the last week of july`, `3rd week of jan 2015`
    let (n, e) = match cx.int_at(i) {
        Some((n, NumKind::Ordinal, e)) if (1..=5).contains(&n) => (n as u8, e),
        _ => match t.last_n.at(cx.doc, i) {
            Some(((), e)) => (0, e),
            None => (u8::MAX, i),
        },
    };
    if n != u8::MAX
        && let Some(((), e2)) = t.week_words.at(cx.doc, e)
        && let Some(((), e3)) = t.of_words.at(cx.doc, e2)
    {
        if let Some((y, e4)) = year_num(cx, e3) {
            return Some((D::WeekOf(n, Box::new(D::Y(y))), e4));
        }
        if let Some((m, e4)) = cx.month_at(e3, false) {
            let (y, e5) = match year_num(cx, e4) {
                Some((y, e5)) => (Yr::Abs(y), e5),
                None => (Yr::Near, e4),
            };
            return Some((D::WeekOf(n, Box::new(D::Ym(y, m))), e5));
        }
        if let Some((o, e4)) = t.deictic.at(cx.doc, e3)
            && e4 < cx.len()
            && let Some(p @ (Period::Month | Period::Year)) = t.period_units.get(cx.word(e4))
        {
            return Some((D::WeekOf(n, Box::new(D::Unit(*p, o))), e4 + 1));
        }
    }
    let mut k = i;
    if let Some(((), e)) = t.the_words.at(cx.doc, k) {
        k = e;
    }
    if let Some((q, NumKind::Ordinal, e)) = cx.int_at(k)
        && (1..=4).contains(&q)
        && e < cx.len()
        && t.quarters.contains_key(cx.word(e))
        && cx.word(e).len() > 1
    {
        let (y, e2) = year_of(e + 1);
        return Some((D::Quarter(y, q as u8), e2));
    }
    // `week 31`
    if let Some(((), e)) = t.week_words.at(cx.doc, i)
        && let Some((w, NumKind::Cardinal, e2)) = cx.int_at(e)
        && (1..=53).contains(&w)
        && cx.kind(e) == Some(TokenKind::Number)
    {
        let (y, e3) = year_of(e2);
        return Some((D::Week(y, w as u8), e3));
    }
    None
}

/// `de 15e`, `the 27th`, `20ste van de volgende maand`; not `de 27ste verdieping`.
fn day_of_month(cx: &Ctx, i: usize) -> Option<(D, usize)> {
    let t = cx.t;
    let mut k = i;
    if let Some(((), e)) = t.the_words.at(cx.doc, k) {
        k = e;
    }
    let (d, kind, e) = cx.int_at(k)?;
    if kind != NumKind::Ordinal || !(1..=31).contains(&d) {
        return None;
    }
    // `of next month`, `van deze maand`, `volgende maand`
    let mut j = e;
    if let Some(((), e2)) = t.of_words.at(cx.doc, j) {
        j = e2;
    }
    if let Some(((), e2)) = t.the_words.at(cx.doc, j)
        && t.deictic.at(cx.doc, e2).is_some()
    {
        j = e2;
    }
    if let Some((o, e2)) = t.deictic.at(cx.doc, j)
        && e2 < cx.len()
        && t.period_units.get(cx.word(e2)) == Some(&Period::Month)
    {
        return Some((
            D::Dom {
                d: d as u8,
                month: Some(o),
            },
            e2 + 1,
        ));
    }
    // a noun after the ordinal makes it a rank (`de 27ste verdieping`, `the 17th Door`);
    // a month makes it part of a date read from the day on (`de eerste januari 2000`)
    if e < cx.len() && cx.kind(e) == Some(TokenKind::Word) {
        return None;
    }
    if cx.kind(k) == Some(TokenKind::Word)
        && (k == i || !(i > 0 && t.date_prepositions.contains(cx.word(i - 1))))
    {
        // an ordinal word is a day only with `the` after a word for a date (`on the
        // twentieth`): `the first` alone is a rank (`de eerste die`, `the first to go`)
        return None;
    }
    Some((
        D::Dom {
            d: d as u8,
            month: None,
        },
        e,
    ))
}

// ---- times of day ---------------------------------------------------------------------

/// A time of day at token `i`: `20:07`, `19:56:30`, `20u07`, `20.07 uur`, `8 uur`, `3pm`,
/// `7 o'clock`, `half acht`, `kwart over drie`, `half past seven`, `noon`.
fn clock_at(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    if i >= cx.len() {
        return None;
    }
    let t = cx.t;
    let mut best: Option<(Clock, usize)> = None;
    let mut take = |c: Option<(Clock, usize)>| {
        if let Some(c) = c
            && best.as_ref().is_none_or(|b| c.1 > b.1)
        {
            best = Some(c);
        }
    };
    if let Some(((), e)) = t.noon.at(cx.doc, i) {
        take(Some((
            Clock {
                h: 12,
                m: 0,
                s: None,
                fixed: false,
            },
            e,
        )));
    }
    if let Some(((), e)) = t.midnight.at(cx.doc, i) {
        take(Some((
            Clock {
                h: 0,
                m: 0,
                s: None,
                fixed: false,
            },
            e,
        )));
    }
    take(digital_clock(cx, i));
    take(spoken_clock(cx, i));
    take(word_clock(cx, i));
    if i > 0 && t.clock_prepositions.before(cx.doc, i).is_some() {
        take(word_hm(cx, i));
    }
    best
}

/// Hours and minutes in words: `nine thirty`, `seven twenty-seven`, `five-thirty`, `six
/// forty-three minutes`; only where a time is expected (after `at` or a date), since `nine
/// thirty` is also two numbers.
fn word_hm(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    let t = cx.t;
    if cx.kind(i) != Some(TokenKind::Word) {
        return None;
    }
    let word_int = |s: &str| -> Option<i64> {
        match cx.nl.word_value(s)? {
            (v, NumKind::Cardinal) if v.fract() == 0.0 => Some(v as i64),
            _ => None,
        }
    };
    let (h, m, mut e) = match cx.tok(i).split_once('-') {
        Some((a, b)) if word_int(a).is_some() && word_int(b).is_some_and(|m| m >= 10) => {
            (word_int(a)?, word_int(b)?, i + 1)
        }
        _ => {
            let (h, NumKind::Cardinal, e) = cx.int_at(i)? else {
                return None;
            };
            if cx.kind(e) != Some(TokenKind::Word) {
                return None;
            }
            let (m, NumKind::Cardinal, e2) = cx.int_at(e)? else {
                return None;
            };
            (h, m, e2)
        }
    };
    if !(1..=12).contains(&h) || !(10..60).contains(&m) {
        return None;
    }
    if let Some((DurUnit::Minute, e2)) = t.durations.at(cx.doc, e) {
        e = e2;
    }
    let mut c = Clock {
        h: h as u8,
        m: m as u8,
        s: None,
        fixed: false,
    };
    if let Some((pm, e2)) = ampm_at(cx, e) {
        c = ampm(c, pm)?;
        e = e2;
    }
    Some((c, e))
}

/// A bare hour after a hedge (`friday the 26th around 4`, `tonight around 7`).
fn hedged_hour(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    let ((), e) = cx.t.clock_hedges.at(cx.doc, i)?;
    if let Some(c) = clock_at(cx, e) {
        return Some(c);
    }
    let (h, NumKind::Cardinal, e2) = cx.int_at(e)? else {
        return None;
    };
    if !(0..=24).contains(&h) || cx.t.not_clock_before.at(cx.doc, e2).is_some() {
        return None;
    }
    Some((
        Clock {
            h: h as u8,
            m: 0,
            s: None,
            fixed: h > 12,
        },
        e2,
    ))
}

/// An hour in words with a clock word: `om zeven uur`, `seven o'clock`, `zes uur 's avonds`.
fn word_clock(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    let t = cx.t;
    if cx.kind(i) != Some(TokenKind::Word) {
        return None;
    }
    let (h, NumKind::Cardinal, e) = cx.int_at(i)? else {
        return None;
    };
    if !(0..=24).contains(&h) {
        return None;
    }
    let ((), e2) = t.clock_words.at(cx.doc, e)?;
    let is_duration = t.durations.at(cx.doc, e).is_some_and(|(_, e3)| e3 == e2);
    let prep = i > 0
        && (t.clock_prepositions.before(cx.doc, i).is_some()
            || t.clock_hedges.before(cx.doc, i).is_some());
    (prep || part_of_day(cx, e2).is_some() || !is_duration).then_some((
        Clock {
            h: h as u8,
            m: 0,
            s: None,
            fixed: h > 12,
        },
        e2,
    ))
}

/// Hours and minutes in digits, with am/pm or a clock word.
fn digital_clock(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    let t = cx.t;
    if cx.kind(i) != Some(TokenKind::Number) {
        return None;
    }
    let split = split_digits;
    let (hs, rest) = split(cx.tok(i));
    let h: u32 = hs.parse().ok()?;
    let mut end = i + 1;
    let mut explicit = false;
    let mut tail = "";
    let mut clock: Option<Clock> = None;
    // `20u07`, `20h07`, `20.07`, `20u`, `14h`
    for sep in &t.clock_separators {
        let Some(mm) = rest.strip_prefix(sep.as_str()) else {
            continue;
        };
        let (md, mtail) = split(mm);
        if md.len() == 2 {
            let m: u32 = md.parse().ok()?;
            if h <= 24 && m < 60 {
                clock = Some(Clock {
                    h: h as u8,
                    m: m as u8,
                    s: None,
                    fixed: false,
                });
                // `20.07` alone is a time where decimals take a comma, not after a currency
                let dotted = t.dotted_clock
                    && mtail.is_empty()
                    && !(i > 0 && cx.kind(i - 1) == Some(TokenKind::Symbol))
                    && t.not_clock_before.at(cx.doc, i + 1).is_none()
                    && cx.kind(i + 1) != Some(TokenKind::Symbol);
                explicit = sep != "." || !mtail.is_empty() || dotted;
                tail = mtail;
            }
        } else if mm.is_empty() && sep.chars().all(char::is_alphabetic) && h <= 24 {
            // `20u` is a time after `om`; alone, `3u` is as likely three hours
            let prep = i > 0 && t.clock_prepositions.before(cx.doc, i).is_some();
            if !(prep || part_of_day(cx, i + 1).is_some()) {
                return None;
            }
            clock = Some(Clock {
                h: h as u8,
                m: 0,
                s: None,
                fixed: false,
            });
            explicit = true;
        }
    }
    // `20:07`, `7:56:30`, `8:00am`
    if clock.is_none()
        && rest.is_empty()
        && cx.is(i + 1, ":")
        && adjacent(cx.doc, i)
        && adjacent(cx.doc, i + 1)
        && i + 2 < cx.len()
    {
        let (md, mtail) = split(cx.tok(i + 2));
        if md.len() == 2 && h <= 24 {
            let m: u32 = md.parse().ok()?;
            if m < 60 {
                let mut c = Clock {
                    h: h as u8,
                    m: m as u8,
                    s: None,
                    fixed: false,
                };
                end = i + 3;
                tail = mtail;
                if mtail.is_empty()
                    && cx.is(end, ":")
                    && adjacent(cx.doc, end - 1)
                    && end + 1 < cx.len()
                    && adjacent(cx.doc, end)
                {
                    let (sd, stail) = split(cx.tok(end + 1));
                    if sd.len() == 2
                        && let Ok(sec) = sd.parse::<u8>()
                        && sec < 60
                    {
                        c.s = Some(sec);
                        end += 2;
                        tail = stail;
                    }
                }
                clock = Some(c);
                explicit = true;
            }
        }
    }
    // `1140 a.m.`: four digits before am/pm
    if clock.is_none() && rest.is_empty() && hs.len() == 4 {
        let (hh, m) = (h / 100, h % 100);
        if hh <= 12 && m < 60 && ampm_at(cx, i + 1).is_some() {
            clock = Some(Clock {
                h: hh as u8,
                m: m as u8,
                s: None,
                fixed: false,
            });
        } else {
            return None;
        }
    }
    // `3pm`, `9a`, `11ish`, or a bare hour
    if clock.is_none() && hs.len() <= 2 && h <= 24 {
        clock = Some(Clock {
            h: h as u8,
            m: 0,
            s: None,
            fixed: false,
        });
        tail = rest;
    }
    let mut c = clock?;
    // a glued clock word needs minutes: `20.15u` is a time, `3h` three hours
    let minutes_given =
        rest.len() > 1 && !rest.starts_with(|ch: char| ch.is_alphabetic()) || end > i + 1;
    match tail.to_ascii_lowercase().trim_end_matches('.') {
        "" => {
            if let Some((pm, e)) = ampm_at(cx, end) {
                c = ampm(c, pm)?;
                end = e;
                explicit = true;
            }
        }
        "am" | "a" | "a.m" => {
            c = ampm(c, false)?;
            explicit = true;
        }
        "pm" | "p" | "p.m" => {
            c = ampm(c, true)?;
            explicit = true;
        }
        "ish" => explicit = true,
        // `20.15u`: the clock word glued on
        other if t.clock_words.lookup(other).is_some() && minutes_given => explicit = true,
        _ => return None,
    }
    // a clock word: `8 uur`, `20.07 uur`, `7 o'clock`
    let prep = i > 0 && t.clock_prepositions.before(cx.doc, i).is_some();
    let hedge = i > 0 && t.clock_hedges.before(cx.doc, i).is_some();
    if let Some(((), e)) = t.clock_words.at(cx.doc, end) {
        // `8 uur` alone is also eight hours: a time with a preposition, a hedge (`rond 11
        // uur`) or a part of day, or when the word names no duration (`o'clock`)
        let is_duration = t.durations.at(cx.doc, end).is_some_and(|(_, e2)| e2 == e);
        if explicit || prep || hedge || part_of_day(cx, e).is_some() || !is_duration {
            end = e;
            explicit = true;
        }
    }
    if !explicit {
        // a bare hour is a time only right after `om`/`at` (`at 7`) or before a part of the
        // day (`6 's middags`), and not before a unit (`at 6.45 percent`, `at 7 %`)
        let day_part = part_of_day(cx, end).is_some() || day_part_word(cx, end).is_some();
        if !(prep && hs.len() <= 2 || day_part && hs.len() <= 2)
            || t.not_clock_before.at(cx.doc, end).is_some()
            || cx.kind(end) == Some(TokenKind::Symbol)
        {
            return None;
        }
    }
    if c.h >= 13 || c.h == 0 {
        c.fixed = true;
    }
    Some((c, end))
}

/// `3.30` right after a date: a time written with a dot, without `uur`.
fn dotted_clock(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    if cx.kind(i) != Some(TokenKind::Number) {
        return None;
    }
    let (h, m) = cx.tok(i).split_once('.')?;
    if m.len() != 2 {
        return None;
    }
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60).then_some((
        Clock {
            h,
            m,
            s: None,
            fixed: h > 12,
        },
        i + 1,
    ))
}

/// Digits, then what is glued after them (`8am` → `8`, `am`; `20u07` → `20`, `u07`).
fn split_digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (&s[..n], &s[n..])
}

fn ampm(c: Clock, pm: bool) -> Option<Clock> {
    if c.h > 12 || c.h == 0 {
        return None;
    }
    Some(match (pm, c.h) {
        (true, 12) => Clock { fixed: true, ..c },
        (true, h) => Clock {
            h: h + 12,
            fixed: true,
            ..c
        },
        (false, 12) => Clock {
            h: 0,
            fixed: true,
            ..c
        },
        _ => Clock { fixed: true, ..c },
    })
}

/// `am`, `p.m.`, `a m` after a time.
fn ampm_at(cx: &Ctx, i: usize) -> Option<(bool, usize)> {
    if i >= cx.len() {
        return None;
    }
    let w = normalize_word(cx.tok(i)).replace('.', "");
    let pm = match w.as_str() {
        "am" => false,
        "pm" => true,
        "a" | "p" if i + 1 < cx.len() && normalize_word(cx.tok(i + 1)).trim_matches('.') == "m" => {
            return Some((w == "p", i + 2));
        }
        _ => return None,
    };
    let mut e = i + 1;
    if cx.is(e, ".") && adjacent(cx.doc, i) {
        e += 1;
    }
    Some((pm, e))
}

/// `half acht` (7:30 in Dutch), `kwart over drie`, `10 voor half negen`, `half past seven`,
/// `quarter to nine`, `20 min past eight`.
fn spoken_clock(cx: &Ctx, i: usize) -> Option<(Clock, usize)> {
    let t = cx.t;
    let hour_at = |k: usize| -> Option<(u8, usize)> {
        let (v, NumKind::Cardinal, e) = cx.int_at(k)? else {
            return None;
        };
        let e = match t.clock_words.at(cx.doc, e) {
            Some(((), e2)) => e2,
            None => e,
        };
        (1..=12).contains(&v).then_some((v as u8, e))
    };
    // `half acht`: Dutch half hours count towards the next hour
    if let Some(((), e)) = t.half_words.at(cx.doc, i)
        && t.half_hour_before
        && let Some((h, e2)) = hour_at(e)
    {
        return Some((
            Clock {
                h: (h + 11) % 12,
                m: 30,
                s: None,
                fixed: false,
            },
            e2,
        ));
    }
    // minutes or a quarter or half, then past/to, then an hour
    let mut bare_english = false;
    let (mins, e) = if let Some(((), e)) = t.quarter_words.at(cx.doc, i) {
        (15, e)
    } else if let Some(((), e)) = t.half_words.at(cx.doc, i) {
        (30, e)
    } else if let Some((v, NumKind::Cardinal, e)) = cx.int_at(i)
        && (1..60).contains(&v)
    {
        // `10 voor half negen` (Dutch counts bare minutes); `ten past nine`, `20 min to eight`
        // (English names them before `to`: `two to four` is no time)
        let mut e = e;
        let mut named = false;
        if let Some((DurUnit::Minute, e2)) = t.durations.at(cx.doc, e) {
            e = e2;
            named = true;
        }
        let past = t.past_words.at(cx.doc, e).is_some();
        if !named && (!t.bare_minutes && !past || v >= 30) {
            return None;
        }
        bare_english = !named && !t.bare_minutes;
        (v as i32, e)
    } else {
        return None;
    };
    let (dir, e2) = if let Some(((), e2)) = t.past_words.at(cx.doc, e) {
        (1, e2)
    } else if let Some(((), e2)) = t.to_words.at(cx.doc, e) {
        (-1, e2)
    } else {
        return None;
    };
    // `10 voor half negen`: minutes around the half hour
    if t.half_hour_before
        && let Some(((), e3)) = t.half_words.at(cx.doc, e2)
        && let Some((h, e4)) = hour_at(e3)
    {
        let base = ((h as i32 + 11) % 12) * 60 + 30;
        let total = (base + dir * mins).rem_euclid(12 * 60);
        return Some((
            Clock {
                h: (total / 60) as u8,
                m: (total % 60) as u8,
                s: None,
                fixed: false,
            },
            e4,
        ));
    }
    let (h, e3) = hour_at(e2)?;
    // `ten past nine` with bare minutes is a time with `at`, `o'clock` or a part of the day
    // (`2 after 5 innings` is none)
    if bare_english
        && !(i > 0 && t.clock_prepositions.before(cx.doc, i).is_some()
            || t.clock_words.at(cx.doc, e3 - 1).is_some()
            || part_of_day(cx, e3).is_some())
    {
        return None;
    }
    let total = ((h as i32 % 12) * 60 + dir * mins).rem_euclid(12 * 60);
    Some((
        Clock {
            h: (total / 60) as u8,
            m: (total % 60) as u8,
            s: None,
            fixed: false,
        },
        e3,
    ))
}

// ---- durations ------------------------------------------------------------------------

/// One or more amounts of a unit: `vier maanden`, `3,5 jaar`, `anderhalf uur`, `een jaar`,
/// `an hour and a half`, `1 jaar, 1 maand en 21 dagen`, `de hele week`, `een paar dagen`.
fn duration_at(cx: &Ctx, i: usize) -> Option<(Dur, usize)> {
    let t = cx.t;
    if i >= cx.len() {
        return None;
    }
    // `nog een week`, `another day`
    let mut j = i;
    if let Some(((), e)) = t.another.at(cx.doc, j) {
        j = e;
    }
    // `de hele week`, `een heel jaar`, `all day`, `full-week`
    {
        let mut k = j;
        if let Some(((), e)) = t.the_words.at(cx.doc, k) {
            k = e;
        } else if k < cx.len() && cx.nl.is_article_one(cx.tok(k)) {
            k += 1;
        }
        if let Some(((), e)) = t.whole.at(cx.doc, k)
            && let Some((u, e2)) = t.durations.at(cx.doc, e)
        {
            return Some((
                Dur {
                    parts: vec![(1.0, u)],
                    vague: None,
                },
                with_after(cx, e2),
            ));
        }
        if k < cx.len()
            && let Some((w, u)) = cx.tok(k).split_once('-')
            && t.whole.lookup(w).is_some()
            && let Some(u) = t.duration_single.get(&*normalize_word(u))
        {
            return Some((
                Dur {
                    parts: vec![(1.0, *u)],
                    vague: None,
                },
                with_after(cx, k + 1),
            ));
        }
    }
    // `een paar dagen`, `few hours`, `enkele weken`
    if let Some(((), e)) = t.few.at(cx.doc, j)
        && let Some((u, e2)) = t.durations.at(cx.doc, e)
    {
        return Some((
            Dur {
                parts: vec![],
                vague: Some(u),
            },
            with_after(cx, e2),
        ));
    }
    // `halfuur`, `fortnight`
    let mut jj = j;
    if jj < cx.len()
        && cx.nl.is_article_one(cx.tok(jj))
        && t.duration_words.at(cx.doc, jj + 1).is_some()
    {
        jj += 1;
    }
    if let Some((iso, e)) = t.duration_words.at(cx.doc, jj)
        && let Some(d) = parse_iso_duration(&iso)
    {
        return Some((d, with_after(cx, e)));
    }
    // `another week`: one more of the unit
    if j > i
        && let Some((u, e)) = t.durations.at(cx.doc, j)
    {
        return Some((
            Dur {
                parts: vec![(1.0, u)],
                vague: None,
            },
            with_after(cx, e),
        ));
    }
    let mut parts: Vec<(f64, DurUnit)> = Vec::new();
    let mut end = j;
    let mut k = j;
    while let Some((v, u, e)) = amount_unit(cx, k) {
        if parts.iter().any(|p| p.1 == u) {
            break;
        }
        parts.push((v, u));
        end = e;
        let mut n = e;
        if cx.comma(n) {
            n += 1;
        }
        if n < cx.len() && matches!(cx.word(n), "en" | "and") {
            // `an hour and a half`
            if let Some(m) = cx.nums.get(&(n + 1))
                && m.value < 1.0
                && m.kind == NumKind::Fraction
                && t.durations.at(cx.doc, m.tokens.1).is_none()
            {
                let last = parts.len() - 1;
                parts[last].0 += m.value;
                end = m.tokens.1;
                break;
            }
            n += 1;
        }
        if amount_unit(cx, n).is_none() {
            break;
        }
        k = n;
    }
    if parts.is_empty() {
        return None;
    }
    Some((Dur { parts, vague: None }, with_after(cx, end)))
}

/// `lang` after a duration (`een uur lang`).
fn with_after(cx: &Ctx, e: usize) -> usize {
    match cx.t.duration_after.at(cx.doc, e) {
        Some(((), e2)) => e2,
        None => e,
    }
}

/// An amount and its unit: `vier maanden`, `3h`, `3.5years`, `een jaar`, `half an hour`,
/// `30-minutes`.
fn amount_unit(cx: &Ctx, k: usize) -> Option<(f64, DurUnit, usize)> {
    let t = cx.t;
    if k >= cx.len() {
        return None;
    }
    if let Some(m) = cx.nums.get(&k) {
        if m.kind == NumKind::Ordinal || m.value < 0.0 {
            return None;
        }
        // `2 quarters` read as a fraction is two quarters of a year here
        if m.kind == NumKind::Fraction
            && m.tokens.1 == k + 2
            && let Some((u, e)) = t.durations.at(cx.doc, k + 1)
            && e == m.tokens.1
            && t.of_words.at(cx.doc, e).is_none()
        {
            let n = cx
                .tok(k)
                .parse::<f64>()
                .ok()
                .or_else(|| cx.nl.word_value(cx.tok(k)).map(|x| x.0))?;
            return Some((n, u, e));
        }
        // glued: `3h`, `3day`, `30-minutes`
        if let Some(sfx) = m.suffix_text(cx.doc) {
            let u = t
                .duration_single
                .get(&*normalize_word(sfx.trim_start_matches('-')))?;
            return Some((m.value, *u, m.tokens.1));
        }
        let mut e = m.tokens.1;
        // `half an hour`, `half a year`
        if e < cx.len() && cx.nl.is_article_one(cx.tok(e)) && m.value < 1.0 {
            e += 1;
        }
        let (u, e2) = t.durations.at(cx.doc, e)?;
        // `8 uur` stays a duration unless it is a time (handled by the clock)
        return Some((m.value, u, e2));
    }
    // an article for one: `een jaar`, `an hour`, `a year`; not `a second` (a rank too)
    if cx.nl.is_article_one(cx.tok(k))
        && let Some((u, e)) = t.durations.at(cx.doc, k + 1)
        && !matches!(cx.nl.word_value(cx.tok(k + 1)), Some((_, NumKind::Ordinal)))
    {
        return Some((1.0, u, e));
    }
    None
}

fn parse_iso_duration(s: &str) -> Option<Dur> {
    let body = s.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, t),
        None => (body, ""),
    };
    let mut parts = Vec::new();
    for (chunk, in_time) in [(date, false), (time, true)] {
        let mut num = String::new();
        for c in chunk.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let v: f64 = num.parse().ok()?;
            num.clear();
            let u = match (c, in_time) {
                ('Y', false) => DurUnit::Year,
                ('M', false) => DurUnit::Month,
                ('W', false) => DurUnit::Week,
                ('D', false) => DurUnit::Day,
                ('H', true) => DurUnit::Hour,
                ('M', true) => DurUnit::Minute,
                ('S', true) => DurUnit::Second,
                _ => return None,
            };
            parts.push((v, u));
        }
    }
    Some(Dur { parts, vague: None })
}

// ---------------------------------------------------------------------------------------
// Resolution.

/// The reference moment: the publication date and, when known, time.
#[derive(Clone, Copy, Debug)]
struct Ref {
    date: Date,
    time: Option<Clock>,
}

fn parse_ref(meta: &Meta) -> Option<Ref> {
    let p = meta.published.as_deref()?.trim();
    let y: i16 = p.get(0..4)?.parse().ok()?;
    let m: i8 = p.get(5..7)?.parse().ok()?;
    let d: i8 = p.get(8..10)?.parse().ok()?;
    let date = Date::new(y, m, d).ok()?;
    let clock_of = |s: &str| -> Option<Clock> {
        let h: u8 = s.get(0..2)?.parse().ok()?;
        let mi: u8 = s.get(3..5)?.parse().ok()?;
        let sec: Option<u8> = s.get(6..8).and_then(|x| x.parse().ok());
        Some(Clock {
            h,
            m: mi,
            s: sec,
            fixed: true,
        })
    };
    let time = p
        .get(11..)
        .and_then(clock_of)
        .or_else(|| meta.published_time.as_deref().and_then(clock_of));
    Some(Ref { date, time })
}

fn fmt_clock(c: Clock) -> String {
    match c.s {
        Some(s) => format!("{:02}:{:02}:{:02}", c.h, c.m, s),
        None => format!("{:02}:{:02}", c.h, c.m),
    }
}

fn fmt_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn fmt_dur(d: &Dur) -> String {
    if let Some(u) = d.vague {
        let (c, _) = u.iso();
        return if u.is_clock() {
            format!("PTX{c}")
        } else {
            format!("PX{c}")
        };
    }
    let mut parts: Vec<(f64, DurUnit)> = d.parts.clone();
    parts.sort_by_key(|p| p.1.rank());
    let mut date = String::new();
    let mut time = String::new();
    for (v, u) in parts {
        let (c, mult) = u.iso();
        let n = v * mult;
        let num = if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            format!("{}", (n * 1e6).round() / 1e6)
        };
        if u.is_clock() {
            time.push_str(&format!("{num}{c}"));
        } else {
            date.push_str(&format!("{num}{c}"));
        }
    }
    // fractions of an hour read better as minutes: PT1.5H → PT1H30M
    if let Some(h) = time.strip_suffix('H')
        && let Ok(v) = h.parse::<f64>()
        && v.fract() != 0.0
        && time.chars().filter(|c| c.is_alphabetic()).count() == 1
    {
        let mins = (v * 60.0).round() as i64;
        time = if mins >= 60 {
            format!("{}H{}M", mins / 60, mins % 60)
        } else {
            format!("{mins}M")
        };
    }
    if time.is_empty() {
        format!("P{date}")
    } else {
        format!("P{date}T{time}")
    }
}

fn add(d: Date, v: f64, u: DurUnit) -> Option<Date> {
    let n = v.round() as i64;
    let frac_days = |n_days: f64| d.checked_add(days(n_days.round() as i64)?).ok();
    match u {
        DurUnit::Day | DurUnit::BusinessDay => frac_days(v),
        DurUnit::Week => frac_days(v * 7.0),
        DurUnit::Month if v.fract() == 0.0 => d.checked_add(months(n)?).ok(),
        DurUnit::Month => frac_days(v * 30.44),
        DurUnit::Quarter => d.checked_add(months(n * 3)?).ok(),
        DurUnit::Year if v.fract() == 0.0 => d.checked_add(years(n)?).ok(),
        DurUnit::Year => frac_days(v * 365.25),
        DurUnit::Decade => d.checked_add(years(n * 10)?).ok(),
        DurUnit::Century => d.checked_add(years(n * 100)?).ok(),
        DurUnit::Hour | DurUnit::Minute | DurUnit::Second => Some(d),
    }
}

/// A date shifted by a duration; with clock units, a date-time from the reference time.
fn shift(base: Date, time: Option<Clock>, dur: &Dur, sign: i32) -> Option<String> {
    let mut d = base;
    let mut secs: i64 = 0;
    for (v, u) in &dur.parts {
        let v = v * sign as f64;
        match u {
            DurUnit::Hour => secs += (v * 3600.0) as i64,
            DurUnit::Minute => secs += (v * 60.0) as i64,
            DurUnit::Second => secs += v as i64,
            _ => d = add(d, v, *u)?,
        }
    }
    if dur.parts.iter().any(|p| p.1.is_clock()) {
        let c = time.unwrap_or(Clock {
            h: 0,
            m: 0,
            s: None,
            fixed: false,
        });
        let total = c.h as i64 * 3600 + c.m as i64 * 60 + c.s.unwrap_or(0) as i64 + secs;
        let whole_days = total.div_euclid(86400);
        let rem = total.rem_euclid(86400);
        let day = d.checked_add(days(whole_days)?).ok()?;
        let c2 = Clock {
            h: (rem / 3600) as u8,
            m: ((rem % 3600) / 60) as u8,
            s: Some((rem % 60) as u8),
            fixed: false,
        };
        return Some(format!("{}T{}", fmt_date(day), fmt_clock(c2)));
    }
    Some(fmt_date(d))
}

fn wd_of(n: u8) -> Option<Weekday> {
    Weekday::from_monday_one_offset(n as i8).ok()
}

fn nearest_year(r: Date, m: u8, d: Option<u8>) -> Option<i16> {
    let mut best: Option<(i64, i16)> = None;
    for y in [r.year() - 1, r.year(), r.year() + 1] {
        let day = match d {
            Some(d) => Date::new(y, m as i8, d as i8).ok(),
            None => Date::new(y, m as i8, 15).ok(),
        };
        let Some(day) = day else { continue };
        let dist = (day.since(r).ok()?.get_days() as i64).abs();
        if best.is_none_or(|b| dist < b.0) {
            best = Some((dist, y));
        }
    }
    best.map(|b| b.1)
}

fn year_of(y: Yr, r: Option<Ref>) -> Option<i32> {
    match y {
        Yr::Abs(y) => Some(y),
        Yr::Rel(o) => Some(r?.date.year() as i32 + o),
        Yr::Near => None,
    }
}

fn iso_week(d: Date) -> (i16, i8) {
    let w = d.iso_week_date();
    (w.year(), w.week())
}

fn monday_of(y: i16, w: i8) -> Option<Date> {
    ISOWeekDate::new(y, w, Weekday::Monday)
        .ok()
        .map(|x| x.date())
}

/// Resolves a date to its ISO value (day, month, week, ...), or `None`.
fn resolve_date(d: &D, r: Option<Ref>) -> Option<String> {
    match d {
        D::Ymd(y, m, day) => {
            let y = match y {
                Yr::Near => nearest_year(r?.date, *m, Some(*day))? as i32,
                y => year_of(*y, r)?,
            };
            let date = Date::new(y as i16, *m as i8, *day as i8).ok()?;
            Some(fmt_date(date))
        }
        D::Ym(y, m) => {
            let y = match y {
                Yr::Near => nearest_year(r?.date, *m, None)? as i32,
                y => year_of(*y, r)?,
            };
            Some(format!("{y:04}-{m:02}"))
        }
        D::Y(y) => Some(format!("{y:04}")),
        D::Rel(n) => Some(fmt_date(r?.date.checked_add(days(*n as i64)?).ok()?)),
        D::Now => {
            let r = r?;
            Some(match r.time {
                Some(c) => format!("{}T{}", fmt_date(r.date), fmt_clock(c)),
                None => fmt_date(r.date),
            })
        }
        D::Unit(p, n) => {
            let r = r?.date;
            let n = *n;
            Some(match p {
                Period::Day => fmt_date(r.checked_add(days(n as i64)?).ok()?),
                Period::Week | Period::Weekend => {
                    let (y, w) = iso_week(r.checked_add(days(n as i64 * 7)?).ok()?);
                    if *p == Period::Weekend {
                        format!("{y:04}-W{w:02}-WE")
                    } else {
                        format!("{y:04}-W{w:02}")
                    }
                }
                Period::Month => {
                    let d = r.first_of_month().checked_add(months(n as i64)?).ok()?;
                    format!("{:04}-{:02}", d.year(), d.month())
                }
                Period::Quarter => {
                    let q0 = (r.year() as i32) * 4 + (r.month() as i32 - 1) / 3 + n;
                    format!("{:04}-Q{}", q0.div_euclid(4), q0.rem_euclid(4) + 1)
                }
                Period::Year => format!("{:04}", r.year() as i32 + n),
                Period::Decade => format!("{:03}", r.year() as i32 / 10 + n),
                Period::Century => format!("{:02}", r.year() as i32 / 100 + n),
            })
        }
        D::Wd { wd, off, week } => {
            let r = r?.date;
            let target = wd_of(*wd)?;
            let date = match (off, week) {
                (_, Some(w)) => {
                    let (y, wk) = iso_week(r.checked_add(days(*w as i64 * 7)?).ok()?);
                    monday_of(y, wk)?
                        .checked_add(days((*wd as i64) - 1)?)
                        .ok()?
                }
                (Some(o @ -1..=1), None) => {
                    let (y, wk) = iso_week(r.checked_add(days(*o as i64 * 7)?).ok()?);
                    monday_of(y, wk)?
                        .checked_add(days((*wd as i64) - 1)?)
                        .ok()?
                }
                (Some(o), None) if *o < 0 => {
                    let back = (r.weekday().to_monday_one_offset() as i64
                        - target.to_monday_one_offset() as i64)
                        .rem_euclid(7);
                    let back = if back == 0 { 7 } else { back };
                    r.checked_sub(days(back)?).ok()?
                }
                (Some(_), None) => {
                    let fwd = (target.to_monday_one_offset() as i64
                        - r.weekday().to_monday_one_offset() as i64)
                        .rem_euclid(7);
                    let fwd = if fwd == 0 { 7 } else { fwd };
                    r.checked_add(days(fwd)?).ok()?
                }
                (None, None) => {
                    let back = (r.weekday().to_monday_one_offset() as i64
                        - target.to_monday_one_offset() as i64)
                        .rem_euclid(7);
                    let fwd = (7 - back) % 7;
                    if back <= fwd {
                        r.checked_sub(days(back)?).ok()?
                    } else {
                        r.checked_add(days(fwd)?).ok()?
                    }
                }
            };
            Some(fmt_date(date))
        }
        D::MonthRel(m, off) => {
            let r = r?.date;
            let y = r.year() as i32;
            let cur = r.month() as i32;
            let m32 = *m as i32;
            let y = match off {
                0 => y,
                o if *o > 0 => {
                    if m32 > cur {
                        y
                    } else {
                        y + 1
                    }
                }
                _ => {
                    if m32 < cur {
                        y
                    } else {
                        y - 1
                    }
                }
            };
            Some(format!("{y:04}-{m:02}"))
        }
        D::Week(y, w) => {
            let y = match y {
                Yr::Near => r?.date.year() as i32,
                y => year_of(*y, r)?,
            };
            Some(format!("{y:04}-W{w:02}"))
        }
        D::Slice {
            first,
            nth,
            n,
            unit,
            within,
        } => {
            let v = resolve_date(within, r)?;
            let (s, e) = interval_of(&v)?;
            let (s, e) = (day_of(&s?)?, day_of(&e?)?);
            let n = *n as i64;
            let year = matches!(**within, D::Y(_) | D::Unit(Period::Year, _));
            // weeks are ISO weeks: the first holds the 1st (of a year, 4 January), the last
            // the last day (of a year, 28 December)
            let monday = |d: Date| {
                d.checked_sub(days(d.weekday().to_monday_one_offset() as i64 - 1)?)
                    .ok()
            };
            let step = |d: Date, k: i64| -> Option<Date> {
                match unit {
                    DurUnit::Day => d.checked_add(days(k)?).ok(),
                    DurUnit::Week => d.checked_add(days(7 * k)?).ok(),
                    DurUnit::Month => d.checked_add(months(k)?).ok(),
                    DurUnit::Quarter => d.checked_add(months(3 * k)?).ok(),
                    _ => d.checked_add(years(k)?).ok(),
                }
            };
            let (s, e) = if *unit == DurUnit::Week {
                let ws = monday(s.checked_add(days(if year { 3 } else { 0 })?).ok()?)?;
                let last = e.checked_sub(days(if year { 4 } else { 1 })?).ok()?;
                (ws, monday(last)?.checked_add(days(7)?).ok()?)
            } else {
                (s, e)
            };
            let (a, b) = if *nth {
                let a = step(s, n - 1)?;
                (a, step(a, 1)?)
            } else if *first {
                (s, step(s, n)?)
            } else {
                (step(e, -n)?, e)
            };
            if b > e || a < s {
                return None;
            }
            if *nth || n == 1 {
                // one unit: its own value (`2021-03`, `2017-Q1`, `2019-W52`)
                return Some(match unit {
                    DurUnit::Day => fmt_date(a),
                    DurUnit::Week => {
                        let (y, w) = iso_week(a);
                        format!("{y:04}-W{w:02}")
                    }
                    DurUnit::Month => format!("{:04}-{:02}", a.year(), a.month()),
                    DurUnit::Quarter => format!("{:04}-Q{}", a.year(), (a.month() - 1) / 3 + 1),
                    _ => format!("{:04}", a.year()),
                });
            }
            Some(format!("{}/{}", fmt_date(a), fmt_date(b)))
        }
        D::WeekHolding(day) => {
            let v = resolve_date(day, r)?;
            let (y, w) = iso_week(day_of(v.get(..10)?)?);
            Some(format!("{y:04}-W{w:02}"))
        }
        D::WeekOf(n, within) => {
            let v = resolve_date(within, r)?;
            let (start, end) = interval_of(&v)?;
            let parse = |s: &str| -> Option<Date> {
                Date::new(
                    s.get(0..4)?.parse().ok()?,
                    s.get(5..7)?.parse().ok()?,
                    s.get(8..10)?.parse().ok()?,
                )
                .ok()
            };
            // the first week of a year is its ISO week 1, the one holding 4 January
            let first = parse(&start?)?
                .checked_add(days(
                    if matches!(**within, D::Y(_) | D::Unit(Period::Year, _)) {
                        3
                    } else {
                        0
                    },
                )?)
                .ok()?;
            let last = parse(&end?)?.checked_sub(days(1)?).ok()?;
            let day = if *n == 0 {
                // the last ISO week of a year is the one holding 28 December
                if matches!(**within, D::Y(_) | D::Unit(Period::Year, _)) {
                    last.checked_sub(days(3)?).ok()?
                } else {
                    last
                }
            } else {
                first.checked_add(days((*n as i64 - 1) * 7)?).ok()?
            };
            let (y, w) = iso_week(day);
            Some(format!("{y:04}-W{w:02}"))
        }
        D::Half(y, h) => {
            let y = match y {
                Yr::Near => r?.date.year() as i32,
                y => year_of(*y, r)?,
            };
            Some(format!("{y:04}-H{h}"))
        }
        D::Quarter(y, q) => {
            let y = match y {
                Yr::Near => r?.date.year() as i32,
                y => year_of(*y, r)?,
            };
            Some(format!("{y:04}-Q{q}"))
        }
        D::Season(y, code) => {
            let y = match y {
                Yr::Near => r?.date.year() as i32,
                y => year_of(*y, r)?,
            };
            Some(format!("{y:04}-{code}"))
        }
        D::Decade(d) => Some(format!("{d:03}")),
        D::Century(c) => Some(format!("{c:02}")),
        D::Dom { d, month } => {
            let r = r?.date;
            let date = match month {
                Some(o) => r
                    .first_of_month()
                    .checked_add(months(*o as i64)?)
                    .ok()?
                    .with()
                    .day(*d as i8)
                    .build()
                    .ok()?,
                None => {
                    let mut best: Option<(i64, Date)> = None;
                    for o in [-1i64, 0, 1] {
                        let Some(first) = r.first_of_month().checked_add(months(o)?).ok() else {
                            continue;
                        };
                        let Ok(day) = first.with().day(*d as i8).build() else {
                            continue;
                        };
                        let dist = (day.since(r).ok()?.get_days() as i64).abs();
                        if best.is_none_or(|b| dist < b.0) {
                            best = Some((dist, day));
                        }
                    }
                    best?.1
                }
            };
            Some(fmt_date(date))
        }
        D::WdDom { wd, d } => {
            let r = r?.date;
            let target = wd_of(*wd)?;
            let mut best: Option<(i64, Date)> = None;
            for o in -3i64..=3 {
                let Some(first) = r.first_of_month().checked_add(months(o)?).ok() else {
                    continue;
                };
                let Ok(day) = first.with().day(*d as i8).build() else {
                    continue;
                };
                if day.weekday() != target {
                    continue;
                }
                let dist = (day.since(r).ok()?.get_days() as i64).abs();
                if best.is_none_or(|b| dist < b.0) {
                    best = Some((dist, day));
                }
            }
            Some(fmt_date(best?.1))
        }
        D::NthWd { n, wd, month } => {
            let m = resolve_date(month, r)?;
            let y: i16 = m.get(0..4)?.parse().ok()?;
            let mo: i8 = m.get(5..7)?.parse().ok()?;
            let first = Date::new(y, mo, 1).ok()?;
            Some(fmt_date(first.nth_weekday_of_month(*n, wd_of(*wd)?).ok()?))
        }
        D::Holiday(h, y) => {
            let date = match y {
                Yr::Near => {
                    let r = r?.date;
                    let mut best: Option<(i64, Date)> = None;
                    for y in [r.year() as i32 - 1, r.year() as i32, r.year() as i32 + 1] {
                        let Some(day) = h.in_year(y) else { continue };
                        let dist = (day.since(r).ok()?.get_days() as i64).abs();
                        if best.is_none_or(|b| dist < b.0) {
                            best = Some((dist, day));
                        }
                    }
                    best?.1
                }
                // the last one before, or the next one after, the reference
                Yr::Rel(o) if o.abs() == 100 => {
                    let r = r?.date;
                    let y = r.year() as i32;
                    if *o < 0 {
                        [y, y - 1]
                            .into_iter()
                            .filter_map(|y| h.in_year(y))
                            .find(|d| *d < r)?
                    } else {
                        [y, y + 1]
                            .into_iter()
                            .filter_map(|y| h.in_year(y))
                            .find(|d| *d > r)?
                    }
                }
                y => h.in_year(year_of(*y, r)?)?,
            };
            Some(fmt_date(date))
        }
        D::Shift { base, dur, sign } => {
            let rr = r?;
            let b = resolve_date(base, r)?;
            let bd = Date::new(
                b.get(0..4)?.parse().ok()?,
                b.get(5..7)?.parse().ok()?,
                b.get(8..10)?.parse().ok()?,
            )
            .ok()?;
            let time = if matches!(**base, D::Rel(0)) {
                rr.time
            } else {
                None
            };
            shift(bd, time, dur, *sign)
        }
    }
}

/// The value of a date with a position in it: `midden oktober` becomes the window of the
/// month it names (see [`window`]); `eerder deze maand` the part of the month before the
/// reference.
fn resolve_positioned(d: &D, pos: Option<Pos>, r: Option<Ref>) -> Option<String> {
    let v = resolve_date(d, r)?;
    match pos {
        Some(Pos::BeforeRef) => {
            let (s, _) = interval_of(&v)?;
            let (s, now) = (s?, fmt_date(r?.date));
            // `eerder vandaag`, or earlier this month on its first day: the period itself
            Some(if s >= now { v } else { format!("{s}/{now}") })
        }
        Some(Pos::AfterRef) => {
            let (_, e) = interval_of(&v)?;
            Some(format!("{}/{}", fmt_date(r?.date), e?))
        }
        Some(p) => Some(match window(&v, p) {
            Some((s, e)) => format!("{}/{}", fmt_date(s), fmt_date(e)),
            None => v,
        }),
        None => Some(v),
    }
}

fn day_of(s: &str) -> Option<Date> {
    s.parse::<Date>().ok()
}

/// The fuzzy window `[start, end)` that a position picks out of a period: thirds of a year
/// or of a longer period (`begin 2017` is January to April), overlapping halves and a middle
/// of a month (`eind juli` from the 16th, `mid-November` the 10th to the 20th), of a week
/// three days each. `None` for a day or less, which keeps its own value.
fn window(v: &str, pos: Pos) -> Option<(Date, Date)> {
    let (s, e) = interval_of(v)?;
    let (s, e) = (day_of(&s?)?, day_of(&e?)?);
    let len = s.until(e).ok()?.get_days() as i64;
    let months_len =
        (e.year() as i64 * 12 + e.month() as i64) - (s.year() as i64 * 12 + s.month() as i64);
    let plus_days = |d: Date, n: i64| d.checked_add(days(n)?).ok();
    let plus_months = |d: Date, n: i64| d.checked_add(months(n)?).ok();
    let w = match pos {
        Pos::Start | Pos::Mid | Pos::End => pos,
        _ => return None,
    };
    if len <= 2 {
        return None;
    }
    if len <= 7 {
        return match w {
            Pos::Start => Some((s, plus_days(s, 3)?)),
            Pos::Mid => Some((plus_days(s, 1)?, plus_days(s, 4)?)),
            _ => Some((plus_days(s, 3)?, e)),
        };
    }
    if s.day() == 1 && e.day() == 1 && months_len >= 2 {
        let third = (months_len / 3).max(1);
        return match w {
            Pos::Start => Some((s, plus_months(s, third)?)),
            Pos::Mid => Some((plus_months(s, third)?, plus_months(e, -third)?)),
            _ => Some((plus_months(e, -third)?, e)),
        };
    }
    match w {
        Pos::Start => Some((s, plus_days(s, 15)?)),
        Pos::Mid => Some((plus_days(s, 9)?, plus_days(s, 20)?)),
        _ => Some((plus_days(s, 15)?, e)),
    }
}

/// A positioned period as a point, for the end of a range or of an open period: its start,
/// middle or end (`tot het einde van 2008` runs to 2009-01-01).
fn point_of(v: &str, pos: Pos) -> Option<Date> {
    let (s, e) = interval_of(v)?;
    let (s, e) = (day_of(&s?)?, day_of(&e?)?);
    match pos {
        Pos::Start => Some(s),
        Pos::End => Some(e),
        Pos::Mid => {
            let len = s.until(e).ok()?.get_days() as i64;
            s.checked_add(days(len / 2)?).ok()
        }
        _ => None,
    }
}

/// One end of a range: a positioned period is the point its position names.
fn resolve_end(sem: &Sem, r: Option<Ref>) -> Option<String> {
    if let Sem::Date(d, Some(p @ (Pos::Start | Pos::Mid | Pos::End))) = sem {
        let v = resolve_date(d, r)?;
        return Some(point_of(&v, *p).map(fmt_date).unwrap_or(v));
    }
    resolve(sem, r)
}

fn resolve(sem: &Sem, r: Option<Ref>) -> Option<String> {
    match sem {
        Sem::Date(d, pos) => resolve_positioned(d, *pos, r),
        Sem::Time(c) => Some(fmt_clock(*c)),
        Sem::DateTime(d, c) => {
            let day = resolve_date(d, r)?;
            (day.len() == 10).then(|| format!("{day}T{}", fmt_clock(*c)))
        }
        Sem::Part(None, code) => Some(format!("T{code}")),
        Sem::Part(Some(d), code) => {
            let day = resolve_date(d, r)?;
            (day.len() == 10).then(|| format!("{day}T{code}"))
        }
        Sem::Dur(d) => Some(fmt_dur(d)),
        Sem::Range(a, b) => {
            // `tussen nu en 15 november`: now is today when the other end is a day
            let a = &now_as_day(a, b);
            let b = &now_as_day(b, a);
            let bv = resolve_end(b, r)?;
            let av = resolve_end(&inherit(a, b, &bv), r)?;
            // an end without a year comes after the start (`may to march`, `from Nov to March`)
            let bv = match b {
                // `from next monday to friday`: the first such day from the start on
                Sem::Date(D::Wd { wd, off: None, .. }, None) if bv < av => {
                    let start = day_of(av.get(..10)?)?;
                    let gap =
                        (*wd as i64 - start.weekday().to_monday_one_offset() as i64).rem_euclid(7);
                    fmt_date(start.checked_add(days(gap)?).ok()?)
                }
                Sem::Date(d, p) if bv < av => {
                    let start_year: Option<i32> = av.get(..4).and_then(|y| y.parse().ok());
                    let later = |y: i32| -> Option<String> {
                        let v = resolve_end(&Sem::Date(with_year(d, y)?, *p), r)?;
                        (v >= av).then_some(v)
                    };
                    start_year
                        .and_then(|y| later(y).or_else(|| later(y + 1)))
                        .unwrap_or(bv)
                }
                _ => bv,
            };
            Some(format!("{av}/{bv}"))
        }
        Sem::Open { from, to, after } => match (from, to) {
            (Some(x), None) => {
                // `sinds eind juli`: from the window's start; `after mid May`: from its end
                if let Sem::Date(d, Some(p)) = &**x
                    && let Some((ws, we)) = window(&resolve_date(d, r)?, *p)
                {
                    return Some(format!("{}/..", fmt_date(if *after { we } else { ws })));
                }
                let v = resolve(x, r)?;
                let v = if *after {
                    match interval_of(&v) {
                        Some((_, Some(e))) if !v.contains('T') => e,
                        _ => v,
                    }
                } else {
                    v
                };
                Some(format!("{v}/.."))
            }
            (None, Some(x)) => Some(format!("../{}", resolve_end(x, r)?)),
            _ => None,
        },
        Sem::Within(dur, dir) => {
            let rr = r?;
            // `the last 2 quarters`, `the next 7 quarters`: whole quarters before or after
            // the current one
            if let [(n, DurUnit::Quarter)] = dur.parts[..]
                && *dir != 0
                && n.fract() == 0.0
                && dur.vague.is_none()
            {
                let d = rr.date;
                let q0 = Date::new(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).ok()?;
                let n = n as i64;
                let (s, e) = if *dir < 0 {
                    (q0.checked_add(months(-3 * n)?).ok()?, q0)
                } else {
                    let next = q0.checked_add(months(3)?).ok()?;
                    (next, next.checked_add(months(3 * n)?).ok()?)
                };
                return Some(format!("{}/{}", fmt_date(s), fmt_date(e)));
            }
            let clock = dur.parts.iter().any(|p| p.1.is_clock());
            let start_date = if *dir == 1 && !clock {
                rr.date.checked_add(days(1)?).ok()?
            } else {
                rr.date
            };
            let now = if clock {
                let c = rr.time.unwrap_or(Clock {
                    h: 0,
                    m: 0,
                    s: None,
                    fixed: false,
                });
                format!(
                    "{}T{}",
                    fmt_date(rr.date),
                    fmt_clock(Clock {
                        s: Some(c.s.unwrap_or(0)),
                        ..c
                    })
                )
            } else {
                fmt_date(start_date)
            };
            if dur.vague.is_some() {
                return None;
            }
            if *dir < 0 {
                let from = shift(rr.date, rr.time, dur, -1)?;
                Some(format!("{from}/{now}"))
            } else {
                let to = shift(start_date, rr.time, dur, 1)?;
                Some(format!("{now}/{to}"))
            }
        }
    }
}

/// `nu` at one end of a range of days reads as today.
fn now_as_day(x: &Sem, other: &Sem) -> Sem {
    match (x, other) {
        (Sem::Date(D::Now, p), Sem::Date(..)) => Sem::Date(D::Rel(0), *p),
        _ => x.clone(),
    }
}

/// A date without a year, given one: for the end of a range that would otherwise come
/// before its start.
fn with_year(d: &D, y: i32) -> Option<D> {
    match d {
        D::Ymd(Yr::Near, m, day) => Some(D::Ymd(Yr::Abs(y), *m, *day)),
        D::Ym(Yr::Near, m) => Some(D::Ym(Yr::Abs(y), *m)),
        _ => None,
    }
}

/// The left end of a range completed from the right end: `Jan-Feb 2017` (the year),
/// `3:00 to 4:00 tomorrow` (the day), `5 to 6pm` (the half of the day).
fn inherit(a: &Sem, b: &Sem, bv: &str) -> Sem {
    let year: Option<i32> = bv
        .get(..4)
        .and_then(|y| y.parse().ok())
        .filter(|_| bv.as_bytes().get(4) != Some(&b':'));
    let month: Option<u8> = (bv.as_bytes().get(4) == Some(&b'-'))
        .then(|| bv.get(5..7)?.parse().ok())
        .flatten();
    let left_year = |m: u8| -> Option<Yr> {
        let y = year?;
        Some(Yr::Abs(if month.is_some_and(|bm| m > bm) {
            y - 1
        } else {
            y
        }))
    };
    match (a, b) {
        (Sem::Date(D::Ymd(Yr::Near, m, d), p), _) => match left_year(*m) {
            Some(y) => Sem::Date(D::Ymd(y, *m, *d), *p),
            None => a.clone(),
        },
        (Sem::Date(D::Ym(Yr::Near, m), p), _) => match left_year(*m) {
            Some(y) => Sem::Date(D::Ym(y, *m), *p),
            None => a.clone(),
        },
        (Sem::Time(c), Sem::DateTime(d, c2)) => Sem::DateTime(d.clone(), half_day(*c, *c2)),
        (Sem::Time(c), Sem::Time(c2)) => Sem::Time(half_day(*c, *c2)),
        _ => a.clone(),
    }
}

/// `5` before `6pm` is 17:00.
fn half_day(c: Clock, later: Clock) -> Clock {
    if !c.fixed && c.h < 12 && later.h >= 12 && c.h + 12 <= later.h {
        Clock { h: c.h + 12, ..c }
    } else {
        c
    }
}

/// The `[start, end)` of an ISO value as dates or date-times (`2017-10` → `2017-10-01`,
/// `2017-11-01`); an open end is `None`. Useful to compare or index values of any precision.
pub fn interval_of(v: &str) -> Option<(Option<String>, Option<String>)> {
    if let Some((a, b)) = v.split_once('/') {
        let s = if a == ".." {
            None
        } else {
            Some(interval_of(a)?.0?)
        };
        let e = if b == ".." {
            None
        } else {
            Some(interval_of(b)?.0?)
        };
        return Some((s, e));
    }
    let date = |y: i16, m: i8, d: i8| Date::new(y, m, d).ok();
    if v.contains('T') {
        return Some((Some(v.to_string()), Some(v.to_string())));
    }
    let b = v.as_bytes();
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    let (s, e) = match v.len() {
        2 if digits(v) => {
            let c: i16 = v.parse().ok()?;
            (date(c * 100, 1, 1)?, date(c * 100 + 100, 1, 1)?)
        }
        3 if digits(v) => {
            let d: i16 = v.parse().ok()?;
            (date(d * 10, 1, 1)?, date(d * 10 + 10, 1, 1)?)
        }
        4 if digits(v) => {
            let y: i16 = v.parse().ok()?;
            (date(y, 1, 1)?, date(y + 1, 1, 1)?)
        }
        7 if b[4] == b'-' && b[5] == b'H' => {
            let y: i16 = v[..4].parse().ok()?;
            let h: i8 = v[6..].parse().ok()?;
            let s = date(y, (h - 1) * 6 + 1, 1)?;
            (s, s.checked_add(months(6)?).ok()?)
        }
        7 if b[4] == b'-' && b[5] == b'Q' => {
            let y: i16 = v[..4].parse().ok()?;
            let q: i8 = v[6..].parse().ok()?;
            let s = date(y, (q - 1) * 3 + 1, 1)?;
            (s, s.checked_add(months(3)?).ok()?)
        }
        7 if b[4] == b'-' && b[5] != b'W' && digits(&v[5..]) => {
            let s = date(v[..4].parse().ok()?, v[5..].parse().ok()?, 1)?;
            (s, s.checked_add(months(1)?).ok()?)
        }
        8 if &v[4..6] == "-W" => {
            let s = monday_of(v[..4].parse().ok()?, v[6..].parse().ok()?)?;
            (s, s.checked_add(days(7)?).ok()?)
        }
        11 if &v[4..6] == "-W" && v.ends_with("-WE") => {
            let s = monday_of(v[..4].parse().ok()?, v[6..8].parse().ok()?)?
                .checked_add(days(5)?)
                .ok()?;
            (s, s.checked_add(days(2)?).ok()?)
        }
        10 => {
            let s = date(
                v[..4].parse().ok()?,
                v[5..7].parse().ok()?,
                v[8..].parse().ok()?,
            )?;
            (s, s.checked_add(days(1)?).ok()?)
        }
        _ => return None,
    };
    Some((Some(fmt_date(s)), Some(fmt_date(e))))
}

/// The end of the match's last token, without the dot of an abbreviation that closes the
/// sentence (`second of Aug.`: the dot ends the sentence too).
fn end_without_final_dot(doc: &Doc, end: usize) -> usize {
    let last = doc.tokens[end - 1];
    let text = doc.tok(end - 1);
    let closes = end >= doc.tokens.len()
        || doc.sentence_of(end) != doc.sentence_of(end - 1)
        || doc.tok(end).starts_with(char::is_uppercase) && !adjacent(doc, end - 1);
    if last.kind == TokenKind::Abbrev && text.len() > 2 && text.ends_with('.') && closes {
        last.end - 1
    } else {
        last.end
    }
}

/// Byte ranges and kinds of the time expressions of a document, unresolved.
pub fn spans(doc: &Doc, lex: &TimeLexicons) -> Vec<(usize, usize, TimeKind)> {
    let split = split_glued(doc, lex);
    let doc = split.as_ref().unwrap_or(doc);
    find(doc, lex)
        .into_iter()
        .map(|m| {
            (
                doc.tokens[m.start].start,
                doc.tokens[m.end - 1].end,
                m.sem.kind(),
            )
        })
        .collect()
}

/// Finds the time expressions of a document.
pub fn extract(doc: &Doc, lex: &TimeLexicons, meta: &Meta) -> Vec<TimeExpr> {
    let r = parse_ref(meta);
    let split = split_glued(doc, lex);
    let doc = split.as_ref().unwrap_or(doc);
    find(doc, lex)
        .into_iter()
        .map(|m| {
            let s = doc.tokens[m.start].start;
            let e = end_without_final_dot(doc, m.end);
            TimeExpr {
                span: doc.span(s, e),
                text: doc.text[s..e].to_string(),
                kind: m.sem.kind(),
                value: resolve(&m.sem, r),
            }
        })
        .collect()
}

/// The Recognizers-Text result type a time expression corresponds to, from its value:
/// `date`, `daterange`, `time`, `datetime`, `timerange`, `datetimerange` or `duration`.
pub fn spec_type(t: &TimeExpr) -> &'static str {
    let Some(v) = t.value.as_deref() else {
        return match t.kind {
            TimeKind::Date => "date",
            TimeKind::Time => "time",
            TimeKind::Duration => "duration",
            TimeKind::Period => "daterange",
        };
    };
    if v.starts_with('P') {
        return "duration";
    }
    let part = |s: &str| {
        s.ends_with("TMO") || s.ends_with("TAF") || s.ends_with("TEV") || s.ends_with("TNI")
    };
    if let Some((a, b)) = v.split_once('/') {
        let x = if a == ".." { b } else { a };
        return if x.contains(':') && x.len() <= 8 {
            "timerange"
        } else if x.contains('T') {
            "datetimerange"
        } else {
            "daterange"
        };
    }
    if part(v) {
        return if v.starts_with('T') {
            "timerange"
        } else {
            "datetimerange"
        };
    }
    if v.contains('T') {
        return "datetime";
    }
    if v.contains(':') {
        return "time";
    }
    if v.len() == 10 { "date" } else { "daterange" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static TimeLexicons {
        static L: std::sync::OnceLock<TimeLexicons> = std::sync::OnceLock::new();
        L.get_or_init(|| TimeLexicons::load().expect("time data"))
    }

    fn times(
        lang: &str,
        text: &str,
        published: Option<&str>,
    ) -> Vec<(String, TimeKind, Option<String>)> {
        let doc = Doc::new(text, lang);
        let meta = Meta {
            published: published.map(str::to_string),
            ..Default::default()
        };
        extract(&doc, lex(), &meta)
            .into_iter()
            .map(|t| {
                assert_eq!(t.span.slice(text), t.text);
                (t.text, t.kind, t.value)
            })
            .collect()
    }

    fn one(lang: &str, text: &str, published: Option<&str>) -> (String, Option<String>) {
        let v = times(lang, text, published);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        (v[0].0.clone(), v[0].2.clone())
    }

    #[test]
    fn raqqa_times() {
        let pubd = Some("2017-11-14");
        assert_eq!(
            one("nl", "verliet midden oktober de stad", pubd),
            (
                "midden oktober".into(),
                Some("2017-10-10/2017-10-21".into())
            )
        );
        let v = times("nl", "na vier maanden van felle gevechten", pubd);
        assert_eq!(
            v,
            vec![(
                "vier maanden".into(),
                TimeKind::Duration,
                Some("P4M".into())
            )]
        );
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        let pubd = Some("2017-11-14");
        assert_eq!(
            one("nl", "Hij kwam vorige week aan.", pubd).1.as_deref(),
            Some("2017-W45")
        );
        assert_eq!(
            one("nl", "op maandag", pubd).1.as_deref(),
            Some("2017-11-13")
        );
        assert_eq!(
            one("en", "He left last Tuesday.", pubd).1.as_deref(),
            Some("2017-11-07")
        );
        assert_eq!(
            one("nl", "twee dagen geleden", pubd).1.as_deref(),
            Some("2017-11-12")
        );
        assert_eq!(one("nl", "vorige week", None).1, None);
    }

    #[test]
    fn absolute_dates_and_times() {
        assert_eq!(
            one("en", "on 14 November 2017", None),
            ("14 November 2017".into(), Some("2017-11-14".into()))
        );
        assert_eq!(
            one("en", "Dec. 31, 1994", None).1.as_deref(),
            Some("1994-12-31")
        );
        assert_eq!(
            one("nl", "in 2017 nog", None),
            ("2017".into(), Some("2017".into()))
        );
        assert_eq!(one("nl", "20u07", None).1.as_deref(), Some("20:07"));
        assert_eq!(
            one("nl", "het is half acht", None).1.as_deref(),
            Some("07:30")
        );
        assert_eq!(one("en", "at 3pm", None).1.as_deref(), Some("15:00"));
        assert_eq!(
            one("nl", "van 2014 tot 2018", None).1.as_deref(),
            Some("2014/2018")
        );
    }

    #[test]
    fn german_is_a_data_change() {
        let pubd = Some("2017-11-14");
        assert_eq!(
            one("de", "Sie verließen vor vier Monaten die Stadt.", pubd),
            ("vor vier Monaten".into(), Some("2017-07-14".into()))
        );
        assert_eq!(
            one("de", "Am 3. Mai 2017 um 20 Uhr", None).1.as_deref(),
            Some("2017-05-03T20:00")
        );
        assert_eq!(
            one("de", "Mitte Oktober", pubd).1.as_deref(),
            Some("2017-10-10/2017-10-21")
        );
    }

    #[test]
    fn ranges_weeks_and_positions() {
        let pubd = Some("2017-11-14");
        let v = |lang: &str, text: &str| one(lang, text, pubd);
        // a month range written as one token, split at its hyphen
        assert_eq!(
            v("en", "APEC met in Korea Nov 18-Dec 19, 2015."),
            (
                "Nov 18-Dec 19, 2015".into(),
                Some("2015-11-18/2015-12-19".into())
            )
        );
        assert_eq!(
            v("nl", "het gebeurde in juni-augustus 1992").1.as_deref(),
            Some("1992-06/1992-08")
        );
        assert_eq!(
            v("en", "We do have dates the week of April 10th.")
                .1
                .as_deref(),
            Some("2018-W15")
        );
        assert_eq!(
            v("en", "It happened 2 weeks before Christmas.")
                .1
                .as_deref(),
            Some("2017-12-11")
        );
        // a position at the end of a range or an open period is a point or a window edge
        assert_eq!(
            v("nl", "De reeks loopt van 2007 tot het einde van 2008.")
                .1
                .as_deref(),
            Some("2007/2009-01-01")
        );
        assert_eq!(
            v("nl", "Wat is er gebeurd sinds eind juli?").1.as_deref(),
            Some("2017-07-16/..")
        );
        assert_eq!(
            v("nl", "begin 2017").1.as_deref(),
            Some("2017-01-01/2017-05-01")
        );
        assert_eq!(
            v("en", "a vacation from next monday to friday")
                .1
                .as_deref(),
            Some("2017-11-20/2017-11-24")
        );
        assert_eq!(
            v("en", "sales for the last 2 quarters").1.as_deref(),
            Some("2017-04-01/2017-10-01")
        );
        // figures, not times
        assert!(times("en", "Mortgages were at 6.45 percent.", pubd).is_empty());
        assert!(times("en", "three quarters of the votes", pubd).is_empty());
        assert!(
            times("en", "We will be only 3 next week.", pubd)
                .iter()
                .all(|t| t.0 == "next week")
        );
    }

    #[test]
    fn slices_spans_and_clocks() {
        let pubd = Some("2017-11-14");
        let v = |lang: &str, text: &str| one(lang, text, pubd).1;
        assert_eq!(
            v("en", "in the first three months of 2017").as_deref(),
            Some("2017-01-01/2017-04-01")
        );
        assert_eq!(
            v("nl", "de laatste week van 2019").as_deref(),
            Some("2019-W52")
        );
        assert_eq!(
            v("en", "We will come back on the 15th day of next month").as_deref(),
            Some("2017-12-15")
        );
        assert_eq!(
            v("en", "down 20% in the year to date").as_deref(),
            Some("2017-01-01/2017-11-14")
        );
        assert_eq!(
            v("en", "out of office for 3 days starting from next Monday").as_deref(),
            Some("2017-11-20/2017-11-23")
        );
        assert_eq!(v("en", "3 days from today").as_deref(), Some("2017-11-17"));
        assert_eq!(
            v("nl", "in de week na volgende").as_deref(),
            Some("2017-W48")
        );
        assert_eq!(
            v("en", "The sun will set tomorrow at seven twenty-seven").as_deref(),
            Some("2017-11-15T07:27")
        );
        assert_eq!(
            v("en", "I'll go back tonight around 7").as_deref(),
            Some("2017-11-14T19:00")
        );
        assert_eq!(
            v("en", "It's fifteen past eight in the morning").as_deref(),
            Some("08:15")
        );
        // a dot and two digits is a time where decimals take a comma
        assert_eq!(
            v("nl", "Ik zal 20.30 vandaag teruggaan.").as_deref(),
            Some("2017-11-14T20:30")
        );
        assert!(times("nl", "Het kost €1.50 per stuk", pubd).is_empty());
        assert!(times("en", "He scored nine thirty times", pubd).is_empty());
        assert!(times("en", "around 7 people came", pubd).is_empty());
        // decimals are no days in English, and a race time is no moment
        assert!(times("en", "Sales rose by 8.5 in January", pubd).len() == 1);
        assert!(times("en", "The rate stayed at 5.4% in December.", pubd).len() == 1);
        assert_eq!(
            times("en", "She won in 21.58 secs.", pubd)[0].1,
            TimeKind::Duration
        );
        // after a superlative, `in five years` looks back
        assert_eq!(
            v("en", "It was the best figure in five years.").as_deref(),
            Some("2012-11-14/2017-11-14")
        );
        assert_eq!(
            v("en", "We will double it in five years.").as_deref(),
            Some("2022-11-14")
        );
    }

    #[test]
    fn durations() {
        assert_eq!(
            one("nl", "anderhalf uur", None).1.as_deref(),
            Some("PT1H30M")
        );
        assert_eq!(
            one("en", "1 year 1 month 21 days", None).1.as_deref(),
            Some("P1Y1M21D")
        );
        assert_eq!(
            one("en", "an hour and a half", None).1.as_deref(),
            Some("PT1H30M")
        );
    }

    #[test]
    fn intervals_of_values() {
        assert_eq!(
            interval_of("2017-10"),
            Some((Some("2017-10-01".into()), Some("2017-11-01".into())))
        );
        assert_eq!(
            interval_of("2017-W45").unwrap().0.as_deref(),
            Some("2017-11-06")
        );
        assert_eq!(
            interval_of("2011/..").unwrap(),
            (Some("2011-01-01".into()), None)
        );
    }
}
