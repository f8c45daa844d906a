//! The cleaner: from a document's blocks to the contract's `meta` and `text`.
//!
//! Site furniture is recognised by general rules with their words in `data/cleaner.toml`:
//! time stamps, bylines (a `Door X` line or an author's initials after the headline), source
//! credits (`Bron: BBC`), photo credits and the captions glued to them, comment counters, pull
//! quotes set apart with their attribution, subheadings and navigation lines.

use std::sync::{Arc, OnceLock};

use dossier_model::{Article, Meta, PullQuote, Source};
use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::html::collapse;
use crate::{Block, BlockKind, Body, Document, Draft, ReadProblem};

#[derive(Deserialize)]
struct RulesFile {
    attribution_prefixes: Vec<String>,
    byline_prefixes: Vec<String>,
    photo_credit_prefixes: Vec<String>,
    photo_agencies: Vec<String>,
    acronyms: Vec<String>,
    months: Vec<String>,
    stamp_words: Vec<String>,
    drop_lines: Vec<String>,
}

/// The cleaner's rules, compiled from `data/cleaner.toml`.
pub struct CleanRules {
    attribution_prefixes: Vec<String>,
    byline_prefixes: Vec<String>,
    credit_prefixes: Vec<String>,
    /// Agencies, longest first so `Belga Image` wins over `Belga`.
    agencies: Vec<String>,
    acronyms: Vec<String>,
    months: Vec<String>,
    stamp_words: Vec<String>,
    drop: RegexSet,
    time: Regex,
    date_numeric: Regex,
    date_iso: Regex,
}

/// The rules from `data/cleaner.toml`, loaded once.
pub fn clean_rules() -> Result<Arc<CleanRules>, dossier_text::DataError> {
    static RULES: OnceLock<Result<Arc<CleanRules>, dossier_text::DataError>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let f: RulesFile = dossier_text::load_toml("cleaner.toml")?;
            let drop =
                RegexSet::new(f.drop_lines.iter().map(|p| format!("(?i){p}"))).map_err(|e| {
                    dossier_text::DataError::Parse {
                        path: dossier_text::data_dir().join("cleaner.toml"),
                        message: e.to_string(),
                    }
                })?;
            let mut agencies = f.photo_agencies;
            agencies.sort_by_key(|a| std::cmp::Reverse(a.len()));
            Ok(Arc::new(CleanRules {
                attribution_prefixes: f.attribution_prefixes,
                byline_prefixes: f.byline_prefixes,
                credit_prefixes: f.photo_credit_prefixes,
                agencies,
                acronyms: f.acronyms,
                months: f.months.into_iter().map(|m| m.to_lowercase()).collect(),
                stamp_words: f.stamp_words,
                drop,
                time: Regex::new(r"\b([01]?\d|2[0-3])[u:h.]([0-5]\d)\b").expect("static"),
                date_numeric: Regex::new(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")
                    .expect("static"),
                date_iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("static"),
            }))
        })
        .clone()
}

fn starts_with_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    (s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix)).then(|| &s[n..])
}

/// Cleans a document into an article. Fails only when no text is left.
pub fn clean(doc: &Document, rules: &CleanRules) -> Result<Article, ReadProblem> {
    let mut draft = match &doc.body {
        Body::Text(t) => text_draft(t),
        Body::Html(h) => crate::extract_html(h),
    };
    // Metadata given with the input wins over what the page says about itself.
    merge_given(&mut draft, &doc.given);
    let mut meta = std::mem::take(&mut draft.meta);
    let mut title = draft.title.take().map(|t| collapse(&t));
    if doc.given.title.is_none() && matches!(doc.body, Body::Text(_)) && title.is_none() {
        title = take_title(&mut draft.blocks);
    }
    if let Some(t) = &title
        && let Some(first) = draft.blocks.first()
        && collapse(&first.text) == *t
    {
        draft.blocks.remove(0);
    }
    let mut blocks = draft.blocks;
    let body_text: String = blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(t) = title.as_mut() {
        split_title_byline(t, &body_text, rules, &mut meta);
    }
    let body_bigrams = Bigrams::of(&body_text);
    let mut paras: Vec<String> = Vec::new();
    let mut pending_subheads: Vec<String> = Vec::new();
    let n = blocks.len();
    for (i, block) in blocks.drain(..).enumerate() {
        let text = collapse(&block.text);
        if text.is_empty() {
            continue;
        }
        match block.kind {
            BlockKind::Caption => {
                let (caption, credits) = split_trailing_credit(&text, rules);
                meta.photo_credits.extend(credits);
                if !caption.is_empty() {
                    push_unique(&mut meta.captions, caption);
                }
                continue;
            }
            BlockKind::Heading => {
                push_unique(&mut meta.subheadings, text.clone());
                pending_subheads.push(text);
                continue;
            }
            _ => {}
        }
        if rules.drop.is_match(&text) {
            continue;
        }
        if stamp(&text, rules, &mut meta) {
            continue;
        }
        if let Some(by) = byline_line(&text, rules) {
            meta.byline.get_or_insert(by);
            continue;
        }
        if let Some(pq) = pull_quote(&text, block.kind, &body_bigrams) {
            meta.pull_quotes.push(pq);
            continue;
        }
        let rest = furniture_prefix(&text, rules, &mut meta);
        if rest.is_empty() {
            continue;
        }
        let (caption_part, credits) = split_trailing_credit(&rest, rules);
        if !credits.is_empty() {
            meta.photo_credits.extend(credits);
            if !caption_part.is_empty() {
                push_unique(&mut meta.captions, caption_part);
            }
            continue;
        }
        let is_last = i + 1 == n;
        if block.kind == BlockKind::Paragraph
            && looks_like_subheading(&rest)
            && !is_last
            && !paras.is_empty()
        {
            push_unique(&mut meta.subheadings, rest.clone());
        }
        for s in pending_subheads.drain(..) {
            if !paras.is_empty() {
                paras.push(s);
            }
        }
        if !paras.contains(&rest) {
            paras.push(rest);
        }
    }
    meta.attributed_to.dedup();
    meta.photo_credits.dedup();
    normalise_published(&mut meta);
    if paras.is_empty() {
        return Err(ReadProblem::NoText(
            "nothing is left after removing site furniture".into(),
        ));
    }
    let mut text = String::new();
    if let Some(t) = &title {
        text.push_str(t);
        text.push_str("\n\n");
    }
    text.push_str(&paras.join("\n\n"));
    meta.title = title;
    Ok(Article {
        source: Source {
            uri: doc.uri.clone(),
            format: doc.format,
            encoding: doc.encoding.clone(),
        },
        meta,
        text,
    })
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

fn merge_given(draft: &mut Draft, given: &Meta) {
    let m = &mut draft.meta;
    if given.title.is_some() {
        draft.title = given.title.clone();
    }
    for (dst, src) in [
        (&mut m.byline, &given.byline),
        (&mut m.published, &given.published),
        (&mut m.publisher, &given.publisher),
        (&mut m.url, &given.url),
    ] {
        if src.is_some() {
            *dst = src.clone();
        }
    }
    m.extra.extend(given.extra.clone());
}

/// Plain text as copied from a site: blank lines separate blocks, and so do single line
/// breaks, unless the break falls mid-sentence (a hard-wrapped paragraph).
fn text_draft(text: &str) -> Draft {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = Vec::new();
    for para in text.split("\n\n") {
        let mut cur = String::new();
        for line in para.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let joins = !cur.is_empty()
                && !cur.ends_with(['.', '!', '?', ':', '"', '”', '\'', '’'])
                && line.chars().next().is_some_and(char::is_lowercase);
            if cur.is_empty() || joins {
                if joins {
                    cur.push(' ');
                }
                cur.push_str(line);
            } else {
                blocks.push(Block::para(std::mem::take(&mut cur)));
                cur.push_str(line);
            }
        }
        if !cur.is_empty() {
            blocks.push(Block::para(cur));
        }
    }
    Draft {
        blocks,
        ..Draft::default()
    }
}

/// The first block is the headline when it reads like one: short, not a full paragraph.
fn take_title(blocks: &mut Vec<Block>) -> Option<String> {
    let first = blocks.first()?;
    let words = first.text.split_whitespace().count();
    let sentences = first.text.matches(". ").count();
    if blocks.len() > 1 && words <= 30 && sentences == 0 {
        Some(collapse(&blocks.remove(0).text))
    } else {
        None
    }
}

/// `Honderden IS-strijders ... geheime deal JC`: 2–4 capitals after a lower-case word end
/// the headline, are not a known abbreviation and do not occur in the body: the author's
/// initials, as Flemish and Dutch sites print them.
fn split_title_byline(title: &mut String, body: &str, rules: &CleanRules, meta: &mut Meta) {
    let Some((head, last)) = title.rsplit_once(' ') else {
        return;
    };
    let n = last.chars().count();
    let prev = head.rsplit(' ').next().unwrap_or("");
    if (2..=4).contains(&n)
        && last.chars().all(|c| c.is_ascii_uppercase())
        && prev.chars().next().is_some_and(char::is_lowercase)
        && head.split_whitespace().count() >= 3
        && !rules.acronyms.iter().any(|a| a == last)
        && !body
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == last)
    {
        if meta.byline.is_none() {
            meta.byline = Some(last.to_string());
        }
        *title = head.trim_end().to_string();
    }
}

/// A block that is only a date and/or time stamp (`20u07`, `13/11/17 - 20:07`, `Laatste
/// update: 13 november 2017 om 20u07`) sets the publication date/time and is dropped.
fn stamp(text: &str, rules: &CleanRules, meta: &mut Meta) -> bool {
    if text.chars().count() > 60 {
        return false;
    }
    let mut time = None;
    let mut date = None;
    let mut rest = text.to_string();
    if let Some(c) = rules.time.captures(text) {
        time = Some(format!("{:02}:{}", c[1].parse::<u8>().unwrap_or(0), &c[2]));
        rest = rest.replace(&c[0], " ");
    }
    if let Some(c) = rules.date_iso.captures(&rest.clone()) {
        date = Some(format!("{}-{}-{}", &c[1], &c[2], &c[3]));
        rest = rest.replace(&c[0], " ");
    } else if let Some(c) = rules.date_numeric.captures(&rest.clone()) {
        let (d, m, y): (u32, u32, u32) = (
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        let y = if y < 100 { 2000 + y } else { y };
        if (1..=31).contains(&d) && (1..=12).contains(&m) {
            date = Some(format!("{y:04}-{m:02}-{d:02}"));
        }
        rest = rest.replace(&c[0], " ");
    }
    // `13 november 2017`
    let words: Vec<String> = rest
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | ':' | '(' | ')' | '/')
        })
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let mut month_words = std::collections::HashSet::new();
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = rules.months.iter().position(|m| m == w) {
            month_words.insert(i);
            let day = i.checked_sub(1).and_then(|j| words[j].parse::<u32>().ok());
            let year = words.get(i + 1).and_then(|y| y.parse::<u32>().ok());
            if let (Some(d), Some(y)) = (day, year) {
                let month = month_number(&rules.months[m]);
                if date.is_none() && (1..=31).contains(&d) && month > 0 {
                    date = Some(format!("{y:04}-{month:02}-{d:02}"));
                }
            }
        }
    }
    let leftover = words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let number = w.chars().all(|c| c.is_ascii_digit());
            !month_words.contains(i)
                && (!number || date.is_none())
                && !rules.stamp_words.iter().any(|s| s == *w)
        })
        .count();
    if leftover > 0 || (time.is_none() && date.is_none()) {
        return false;
    }
    if let Some(t) = time {
        meta.published_time.get_or_insert(t);
    }
    if let Some(d) = date {
        meta.published.get_or_insert(d);
    }
    true
}

fn month_number(name: &str) -> u32 {
    const TABLE: &[(&[&str], u32)] = &[
        (&["januari", "january", "januar", "janvier", "jan"], 1),
        (&["februari", "february", "februar", "février", "feb"], 2),
        (&["maart", "march", "märz", "mars", "mrt", "mar"], 3),
        (&["april", "avril", "apr"], 4),
        (&["mei", "may", "mai"], 5),
        (&["juni", "june", "juin", "jun"], 6),
        (&["juli", "july", "juillet", "jul"], 7),
        (&["augustus", "august", "août", "aug"], 8),
        (&["september", "septembre", "sep", "sept"], 9),
        (&["oktober", "october", "octobre", "okt", "oct"], 10),
        (&["november", "novembre", "nov"], 11),
        (&["december", "dezember", "décembre", "dec"], 12),
    ];
    TABLE
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map(|(_, n)| *n)
        .unwrap_or(0)
}

/// `Door Jan Peeters` / `By Jane Smith` on a line of its own.
fn byline_line(text: &str, rules: &CleanRules) -> Option<String> {
    if text.split_whitespace().count() > 8 || text.ends_with('.') {
        return None;
    }
    rules.byline_prefixes.iter().find_map(|p| {
        let rest = starts_with_ci(text, p)?.trim();
        let first = rest.chars().next()?;
        first.is_uppercase().then(|| rest.to_string())
    })
}

/// Reads names after a credit marker: capitalised words and connectors, up to a digit, a
/// capitalised word that starts a new sentence (followed by a lower-case word), or, once one
/// name is read, a photo agency.
fn read_names<'a>(s: &'a str, rules: &CleanRules, stop_at_agency: bool) -> (Vec<String>, &'a str) {
    let mut names = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut rest = s.trim_start();
    let mut after_separator = false;
    loop {
        if stop_at_agency
            && !after_separator
            && (!cur.is_empty() || !names.is_empty())
            && agency_at(rest, rules).is_some()
        {
            break;
        }
        let Some(word) = rest.split_whitespace().next() else {
            break;
        };
        if word.ends_with(':') || word == "©" {
            break;
        }
        let bare = word.trim_end_matches([',', ';', '/']);
        let first = bare.chars().next().unwrap_or(' ');
        let connector = matches!(
            bare.to_lowercase().as_str(),
            "en" | "and" | "und" | "et" | "&" | "/"
        );
        after_separator = false;
        if connector && !cur.is_empty() {
            names.push(cur.join(" "));
            cur.clear();
            after_separator = true;
        } else if first.is_uppercase()
            || (first.is_lowercase() && bare.contains(['.', '-']) && !cur.is_empty())
        {
            let next = rest[word.len()..].split_whitespace().next().unwrap_or("");
            let next_lower = next.chars().next().is_some_and(char::is_lowercase);
            // `Bron: BBC Een bewoonster`: the name ends before the sentence.
            if !cur.is_empty()
                && next_lower
                && (names.is_empty() || !bare.chars().all(|c| c.is_uppercase()))
            {
                break;
            }
            cur.push(bare);
        } else {
            break;
        }
        rest = rest[word.len()..].trim_start();
        if word.ends_with([',', ';']) && !cur.is_empty() {
            names.push(cur.join(" "));
            cur.clear();
            after_separator = true;
        }
    }
    if !cur.is_empty() {
        names.push(cur.join(" "));
    }
    (names, rest)
}

fn agency_at<'a>(s: &'a str, rules: &CleanRules) -> Option<(&'a str, &'a str)> {
    rules.agencies.iter().find_map(|a| {
        let rest = s.strip_prefix(a.as_str())?;
        (rest.is_empty() || rest.starts_with([' ', ',', '/', ')', '.', ';']))
            .then(|| (&s[..a.len()], rest))
    })
}

/// Strips furniture from the start of a block: `Bron: BBC 0 Photo News Een bewoonster loopt
/// ... Raqqa. Zo'n 250 ...` gives attribution `BBC`, credit `Photo News`, drops the counter
/// `0`, takes the sentence after the credit as the caption, and returns the lead.
fn furniture_prefix(text: &str, rules: &CleanRules, meta: &mut Meta) -> String {
    let mut rest = text.trim();
    let mut furniture = false;
    let mut credit = false;
    loop {
        if let Some(r) = rules
            .attribution_prefixes
            .iter()
            .find_map(|p| starts_with_ci(rest, p))
        {
            let (names, r) = read_names(r, rules, true);
            meta.attributed_to.extend(names);
            rest = r.trim_start();
            furniture = true;
            continue;
        }
        if furniture
            && let Some(word) = rest.split_whitespace().next()
            && word.chars().all(|c| c.is_ascii_digit())
            && word.len() <= 5
        {
            rest = rest[word.len()..].trim_start();
            continue;
        }
        if let Some(r) = rules
            .credit_prefixes
            .iter()
            .find_map(|p| starts_with_ci(rest, p))
        {
            let (names, r) = read_names(r, rules, false);
            if !names.is_empty() {
                meta.photo_credits.extend(names);
                rest = r.trim_start();
                furniture = true;
                credit = true;
                continue;
            }
        }
        if furniture && let Some((agency, r)) = agency_at(rest, rules) {
            meta.photo_credits.push(agency.to_string());
            rest = r.trim_start_matches([',', '/', ' ']).trim_start();
            credit = true;
            continue;
        }
        break;
    }
    if credit {
        // The caption was glued to the lead: its first sentence, when more text follows.
        if let Some(end) = first_sentence_end(rest) {
            let (caption, lead) = rest.split_at(end);
            if !lead.trim().is_empty() && caption.split_whitespace().count() >= 3 {
                push_unique(&mut meta.captions, caption.trim().to_string());
                rest = lead.trim_start();
            }
        }
    }
    rest.to_string()
}

fn first_sentence_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        if matches!(c, '.' | '!' | '?') && i + 1 < s.len() && bytes[i + 1] == b' ' {
            let next = s[i + 2..].chars().next()?;
            let before = s[..i].rsplit(' ').next().unwrap_or("");
            let initial = before.chars().count() == 1 && before.chars().all(char::is_uppercase);
            if (next.is_uppercase() || next.is_ascii_digit() || "'\"‘“„".contains(next)) && !initial
            {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A block that ends with a credit (`Een bewoonster loopt ... . © Photo News`, `Foto: Belga`)
/// is a caption: returns the caption text and the credits.
fn split_trailing_credit(text: &str, rules: &CleanRules) -> (String, Vec<String>) {
    if text.split_whitespace().count() > 60 {
        return (text.to_string(), Vec::new());
    }
    for p in &rules.credit_prefixes {
        let lower = text.to_lowercase();
        let pl = p.to_lowercase();
        if let Some(pos) = lower.rfind(&pl)
            && text.is_char_boundary(pos)
        {
            let is_boundary = pos == 0 || text[..pos].ends_with([' ', '.', '(', '|']);
            if !is_boundary {
                continue;
            }
            let after = &text[pos + p.len()..];
            let (names, rest) = read_names(after, rules, false);
            if !names.is_empty() && rest.trim().trim_matches([')', '.']).is_empty() {
                let caption = text[..pos].trim().trim_end_matches(['(', '|', '-']).trim();
                return (caption.to_string(), names);
            }
        }
    }
    (text.to_string(), Vec::new())
}

/// `'De Syriërs ... beslissingen nemen' Ryan Dillon, woordvoerder coalitie tegen IS`: a quote
/// set apart with an attribution but no speech verb, or a marked block quote that repeats the
/// body.
fn pull_quote(text: &str, kind: BlockKind, body: &Bigrams) -> Option<PullQuote> {
    let open = text.chars().next()?;
    let close = match open {
        '\'' => '\'',
        '"' => '"',
        '‘' => '’',
        '“' => '”',
        '„' => '”',
        '«' => '»',
        _ => {
            if kind == BlockKind::Quote && repeats(text, body) {
                return Some(PullQuote {
                    text: text.to_string(),
                    attribution: None,
                });
            }
            return None;
        }
    };
    let inner_start = open.len_utf8();
    let close_pos = text[inner_start..].rfind(close)? + inner_start;
    let quote = text[inner_start..close_pos].trim();
    let attribution = text[close_pos + close.len_utf8()..]
        .trim()
        .trim_start_matches(['-', '–', '—', ','])
        .trim();
    let attr_words = attribution.split_whitespace().count();
    let attr_ok = attribution.is_empty()
        || (attr_words <= 14
            && attribution.chars().next().is_some_and(char::is_uppercase)
            && !attribution.ends_with(['.', '!', '?']));
    if !attr_ok || quote.split_whitespace().count() < 3 {
        return None;
    }
    // An attributed quote alone in its block is a pull quote; an unattributed one only if it
    // repeats the body (otherwise it is a quoted paragraph of the article).
    if attribution.is_empty() && !repeats(quote, body) {
        return None;
    }
    if attribution.is_empty() && kind != BlockKind::Quote && !repeats(quote, body) {
        return None;
    }
    Some(PullQuote {
        text: quote.to_string(),
        attribution: (!attribution.is_empty()).then(|| attribution.to_string()),
    })
}

/// Word bigram counts of an article body, built once so that checking each block against the
/// body stays linear in the article's length.
struct Bigrams(std::collections::HashMap<(String, String), u32>);

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Bigrams {
    fn of(body: &str) -> Self {
        let mut map = std::collections::HashMap::new();
        for w in words_of(body).windows(2) {
            *map.entry((w[0].clone(), w[1].clone())).or_insert(0) += 1;
        }
        Bigrams(map)
    }
}

/// Whether the word pairs of `quote` occur in the body again, besides the quote's own
/// occurrence (the block itself is part of the body): 60% of them at least.
fn repeats(quote: &str, body: &Bigrams) -> bool {
    let q = words_of(quote);
    if q.len() < 4 {
        return false;
    }
    let qs: std::collections::HashSet<(String, String)> =
        q.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
    let hits: u32 = qs.iter().map(|b| body.0.get(b).copied().unwrap_or(0)).sum();
    hits as f64 >= 1.6 * qs.len() as f64
}

fn looks_like_subheading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && !text.ends_with(['.', '!', '?', ':', ';', ',', '"', '\'', '”', '’'])
        && text.chars().next().is_some_and(char::is_uppercase)
}

/// Publication dates to ISO 8601; the time of day to `published_time` when given.
fn normalise_published(meta: &mut Meta) {
    let Some(raw) = meta.published.clone() else {
        return;
    };
    let raw = raw.trim();
    if let Ok(ts) = raw.parse::<jiff::Timestamp>() {
        // Keep the offset the page gave: the local time of day is what readers saw.
        let offset = raw
            .rfind(['+', '-'])
            .filter(|&p| p > 10)
            .and_then(|p| jiff::tz::Offset::from_seconds(parse_offset(&raw[p..])?).ok())
            .unwrap_or(jiff::tz::Offset::UTC);
        let zoned = ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset));
        meta.published = Some(zoned.timestamp().display_with_offset(offset).to_string());
        meta.published_time
            .get_or_insert_with(|| format!("{:02}:{:02}", zoned.hour(), zoned.minute()));
        return;
    }
    if let Ok(dt) = raw.parse::<jiff::civil::DateTime>() {
        meta.published = Some(dt.date().to_string());
        if raw.contains('T') || raw.contains(' ') {
            meta.published_time
                .get_or_insert_with(|| format!("{:02}:{:02}", dt.hour(), dt.minute()));
        }
        return;
    }
    if let Ok(d) = raw.parse::<jiff::civil::Date>() {
        meta.published = Some(d.to_string());
        return;
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(raw) {
        meta.published = Some(z.timestamp().display_with_offset(z.offset()).to_string());
        meta.published_time
            .get_or_insert_with(|| format!("{:02}:{:02}", z.hour(), z.minute()));
        return;
    }
    meta.extra.insert(
        "published_raw".into(),
        serde_json::Value::String(raw.to_string()),
    );
    meta.published = None;
}

fn parse_offset(s: &str) -> Option<i32> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Format;

    fn rules() -> Arc<CleanRules> {
        clean_rules().expect("data/cleaner.toml")
    }

    fn text_doc(text: &str) -> Document {
        Document {
            uri: Some("x.txt".into()),
            format: Format::Text,
            encoding: None,
            body: Body::Text(text.into()),
            given: Meta::default(),
            warnings: vec![],
        }
    }

    #[test]
    fn furniture_prefix_splits_source_credit_caption_and_lead() {
        let mut meta = Meta::default();
        let rest = furniture_prefix(
            "Bron: BBC 0 Photo News Een bewoonster loopt voorbij een verwoest gebouw in de verlaten stad Raqqa. Zo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa verlaten.",
            &rules(),
            &mut meta,
        );
        assert_eq!(meta.attributed_to, vec!["BBC"]);
        assert_eq!(meta.photo_credits, vec!["Photo News"]);
        assert_eq!(
            meta.captions,
            vec!["Een bewoonster loopt voorbij een verwoest gebouw in de verlaten stad Raqqa."]
        );
        assert!(rest.starts_with("Zo'n 250 IS-strijders"), "{rest}");
    }

    #[test]
    fn other_layouts_of_the_same_furniture() {
        let mut meta = Meta::default();
        let rest = furniture_prefix(
            "Bron: De Standaard, Belga Foto: ANP De minister zei niets.",
            &rules(),
            &mut meta,
        );
        assert_eq!(meta.attributed_to, vec!["De Standaard", "Belga"]);
        assert_eq!(meta.photo_credits, vec!["ANP"]);
        assert_eq!(rest, "De minister zei niets.");
        let (cap, credits) =
            split_trailing_credit("Premier Rutte in Den Haag. Foto: ANP", &rules());
        assert_eq!(
            (cap.as_str(), credits),
            ("Premier Rutte in Den Haag.", vec!["ANP".to_string()])
        );
        let (cap, credits) =
            split_trailing_credit("De stad na de gevechten. © Photo News", &rules());
        assert_eq!(
            (cap.as_str(), credits),
            ("De stad na de gevechten.", vec!["Photo News".to_string()])
        );
    }

    #[test]
    fn stamps_set_time_and_date() {
        for (line, date, time) in [
            ("20u07", None, Some("20:07")),
            ("13/11/17 - 20u07", Some("2017-11-13"), Some("20:07")),
            (
                "Laatste update: 13 november 2017 om 8u05",
                Some("2017-11-13"),
                Some("08:05"),
            ),
            (
                "Updated 14 Nov 2017, 09:30 GMT",
                Some("2017-11-14"),
                Some("09:30"),
            ),
        ] {
            let mut meta = Meta::default();
            assert!(stamp(line, &rules(), &mut meta), "{line}");
            assert_eq!(meta.published.as_deref(), date, "{line}");
            assert_eq!(meta.published_time.as_deref(), time, "{line}");
        }
        let mut meta = Meta::default();
        assert!(!stamp("Om 20u07 viel de stad.", &rules(), &mut meta));
        assert!(!stamp("Zwijggeld", &rules(), &mut meta));
    }

    #[test]
    fn title_initials_are_the_byline_but_acronyms_are_not() {
        let mut meta = Meta::default();
        let mut t = "Honderden IS-strijders kregen aftocht dankzij geheime deal JC".to_string();
        split_title_byline(&mut t, "body", &rules(), &mut meta);
        assert_eq!(
            (t.as_str(), meta.byline.as_deref()),
            (
                "Honderden IS-strijders kregen aftocht dankzij geheime deal",
                Some("JC")
            )
        );
        let mut meta = Meta::default();
        let mut t = "Trump zet druk op bondgenoten van de NAVO".to_string();
        split_title_byline(&mut t, "body", &rules(), &mut meta);
        assert_eq!(meta.byline, None);
        let mut t = "Nieuwe sancties tegen leiders van ABC".to_string();
        split_title_byline(&mut t, "De ABC zegt", &rules(), &mut meta);
        assert_eq!(
            meta.byline, None,
            "initials that occur in the body are a name"
        );
    }

    #[test]
    fn pull_quote_with_attribution() {
        let body = "Zij zijn degenen die vechten en sterven, zij mogen de beslissingen nemen met betrekking tot de operaties.";
        let pq = pull_quote(
            "'De Syriërs zijn degenen die vechten en sterven, zij mogen de beslissingen nemen' Ryan Dillon, woordvoerder coalitie tegen IS",
            BlockKind::Paragraph,
            &Bigrams::of(body),
        )
        .unwrap();
        assert_eq!(
            pq.attribution.as_deref(),
            Some("Ryan Dillon, woordvoerder coalitie tegen IS")
        );
        assert!(pq.text.starts_with("De Syriërs"));
        // A quoted paragraph with a speech verb is body text.
        assert!(
            pull_quote(
                "\"We wilden niet dat er iemand vertrok\", zegt kolonel Ryan Dillon.",
                BlockKind::Paragraph,
                &Bigrams::of(body)
            )
            .is_none()
        );
    }

    #[test]
    fn english_layout() {
        let doc = text_doc(
            "Convoy let IS fighters leave Raqqa\n\nBy Quentin Sommerville\n\n14 November 2017\n\nHundreds of IS fighters left the city under a secret deal, the BBC has found.\n\nThe deal\n\nLorry drivers were paid thousands of dollars.\n\nRead more: Raqqa's dirty secret",
        );
        let a = clean(&doc, &rules()).unwrap();
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Convoy let IS fighters leave Raqqa")
        );
        assert_eq!(a.meta.byline.as_deref(), Some("Quentin Sommerville"));
        assert_eq!(a.meta.published.as_deref(), Some("2017-11-14"));
        assert_eq!(a.meta.subheadings, vec!["The deal"]);
        assert_eq!(
            a.text,
            "Convoy let IS fighters leave Raqqa\n\nHundreds of IS fighters left the city under a secret deal, the BBC has found.\n\nThe deal\n\nLorry drivers were paid thousands of dollars."
        );
    }

    #[test]
    fn published_dates_are_iso() {
        let mut m = Meta {
            published: Some("2017-11-13T20:07:00+01:00".into()),
            ..Meta::default()
        };
        normalise_published(&mut m);
        assert_eq!(m.published.as_deref(), Some("2017-11-13T20:07:00+01:00"));
        assert_eq!(m.published_time.as_deref(), Some("20:07"));
        let mut m = Meta {
            published: Some("Mon, 13 Nov 2017 20:07:00 +0100".into()),
            ..Meta::default()
        };
        normalise_published(&mut m);
        assert_eq!(m.published.as_deref(), Some("2017-11-13T20:07:00+01:00"));
        let mut m = Meta {
            published: Some("gisteren".into()),
            ..Meta::default()
        };
        normalise_published(&mut m);
        assert_eq!(m.published, None);
        assert_eq!(m.extra["published_raw"], "gisteren");
    }
}
