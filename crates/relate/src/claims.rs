//! Claims of one article: what its figures and quotes assert, normalised so that claims from
//! other articles and languages can be set beside them. A figure claim has a subject (a
//! concept from the lexicon, who it is about, what happened, where, when), a value with its
//! hedging, and the chain of attribution from the publisher down to who said it.

use std::collections::{HashMap, HashSet};

use dossier_model::{EntityType, Modifier, QuoteKind, Record, Span};
use dossier_text::Doc;
use serde::{Deserialize, Serialize};

use crate::lexicon::Lexicon;
use crate::norm::{byte_range, char_offsets, fold, words, words_with_offsets};

/// A figure's value as stated: bounds, hedging, unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Figure {
    pub low: f64,
    pub high: f64,
    #[serde(default)]
    pub approx: bool,
    #[serde(default)]
    pub vague: bool,
    #[serde(default)]
    pub modifier: Option<Modifier>,
    #[serde(default)]
    pub unit: Option<String>,
}

impl Figure {
    pub fn exact(v: f64) -> Self {
        Figure {
            low: v,
            high: v,
            approx: false,
            vague: false,
            modifier: None,
            unit: None,
        }
    }

    /// How a reader would write it: `about 250`, `more than 100`, `6–7`, `24–99 (vague)`.
    pub fn display(&self) -> String {
        let n = |v: f64| fmt_number(v);
        let core = if self.low == self.high {
            n(self.low)
        } else {
            format!("{}–{}", n(self.low), n(self.high))
        };
        let core = match self.modifier {
            Some(Modifier::MoreThan) => format!("more than {core}"),
            Some(Modifier::LessThan) => format!("less than {core}"),
            Some(Modifier::AtLeast) => format!("at least {core}"),
            Some(Modifier::AtMost) => format!("at most {core}"),
            _ if self.vague => format!("{core} (vague)"),
            _ if self.approx => format!("about {core}"),
            _ => core,
        };
        match &self.unit {
            Some(u) => format!("{core} {u}"),
            None => core,
        }
    }
}

/// `3750`, `3,500`, `6.5`: thousands grouped, no trailing zeros.
pub fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v.abs() as i64);
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 { format!("-{out}") } else { out }
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One link of an attribution chain: who a claim is credited to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Attribution {
    /// As written (`BBC`, `getuigen`, `Ryan Dillon`).
    pub name: String,
    /// An entity id when the name is one, else the folded name.
    pub key: String,
    /// A named source (an outlet, organisation or person) rather than a description
    /// (`witnesses`, `a lorry driver`): only named sources are origins of their own.
    pub named: bool,
    /// `credit` (the article credits it), `source` (the text says so), `speaker` (quoted).
    pub via: String,
}

/// What a figure asserts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FigureClaim {
    /// Index among the article's figure claims.
    pub n: usize,
    /// The figure's words as in the text.
    pub text: String,
    pub span: Option<Span>,
    pub counted: Option<String>,
    /// A concept id (`fighters`), a unit's dimension and unit (`distance:km`), or `raw:<stem>`
    /// for a counted noun the lexicon does not know.
    pub concept: String,
    /// The entity the counted things belong to (`org:islamic-state` for `IS-strijders`).
    pub actor: Option<String>,
    pub actor_name: Option<String>,
    pub event: Option<String>,
    pub place: Option<String>,
    pub place_name: Option<String>,
    /// A date or period in the same sentence (ISO 8601).
    pub when: Option<String>,
    pub value: Figure,
    /// For a total made of coordinated parts (`250 fighters and 3,500 relatives`): the parts.
    #[serde(default)]
    pub parts: Vec<usize>,
    /// The sentence it stands in.
    pub sentence: String,
    /// Attribution below the publisher, outermost first.
    pub chain: Vec<Attribution>,
    /// Entity ids named in the same sentence or paragraph (for sources the analysers missed).
    #[serde(default)]
    pub nearby: Vec<String>,
    /// The sentence sets it against another figure (`far more than`).
    #[serde(default)]
    pub disputes: bool,
}

/// What a quote asserts: words and who said them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuoteClaim {
    pub n: usize,
    pub text: String,
    pub span: Option<Span>,
    pub kind: QuoteKind,
    pub speaker: Option<String>,
    /// The speaker's entity id, or `name:<folded name>` for a speaker that is no entity.
    pub speaker_key: Option<String>,
    pub speaker_role: Option<String>,
    /// Index among this speaker's quotes in the article.
    pub order: usize,
    /// Entity ids named inside the quote.
    pub about: Vec<String>,
    pub chain: Vec<Attribution>,
}

/// The claims of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArticleClaims {
    pub figures: Vec<FigureClaim>,
    pub quotes: Vec<QuoteClaim>,
}

/// Entity lookups of one record: by exact text, and by folded text or canonical name.
struct Names<'r> {
    exact: HashMap<&'r str, &'r str>,
    folded: HashMap<String, (&'r str, EntityType)>,
    /// Words the text writes in lower case (`coalition`): a capitalised one of them opening
    /// a headline (`Coalition admits …`) is a common noun, not a name.
    lower: HashSet<&'r str>,
}

impl<'r> Names<'r> {
    fn new(r: &'r Record) -> Self {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        for e in &r.entities {
            exact.entry(e.text.as_str()).or_insert(e.id.as_str());
            folded
                .entry(fold(&e.text))
                .or_insert((e.id.as_str(), e.kind));
            folded
                .entry(fold(&e.canonical))
                .or_insert((e.id.as_str(), e.kind));
        }
        let lower = r
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();
        Names {
            exact,
            folded,
            lower,
        }
    }

    /// The entity a source or speaker name stands for: the whole name, or an entity named
    /// inside it (`de Britse omroep BBC` → the BBC).
    fn lookup(&self, name: &str) -> Option<(&'r str, EntityType)> {
        let f = fold(name);
        if let Some(x) = self.folded.get(&f) {
            return Some(*x);
        }
        let ws = words(name);
        for len in (1..=ws.len().min(4)).rev() {
            for win in ws.windows(len) {
                let key = win.join(" ");
                if let Some(x) = self.folded.get(&key)
                    && (len > 1 || key.chars().count() > 2)
                {
                    return Some(*x);
                }
            }
        }
        None
    }
}

/// The key and kind of a source name in a record.
fn attribution(names: &Names<'_>, name: &str, via: &str) -> Attribution {
    match names.lookup(name) {
        Some((id, kind)) => Attribution {
            name: name.to_string(),
            key: id.to_string(),
            named: matches!(kind, EntityType::ORG | EntityType::PER | EntityType::MISC),
            via: via.into(),
        },
        None => {
            let folded = words(name);
            // Leading articles and determiners carry nothing: `the coalition` is `coalition`.
            let start = folded
                .iter()
                .position(|w| w.chars().count() > 3)
                .unwrap_or(0);
            let key = folded[start..].join(" ");
            // A capital is a name's, except on the first word of a description (`Lorry
            // driver` opening a headline): several words need a capital after the first.
            let ws: Vec<&str> = name.split_whitespace().skip(start).collect();
            let cap = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            let named = match ws.as_slice() {
                [one] => cap(one) && !names.lower.contains(one.to_lowercase().as_str()),
                [_, rest @ ..] => rest.iter().any(cap),
                [] => false,
            };
            Attribution {
                name: name.to_string(),
                key: if key.is_empty() { fold(name) } else { key },
                named,
                via: via.into(),
            }
        }
    }
}

fn push_unique(chain: &mut Vec<Attribution>, a: Attribution) {
    if !chain.iter().any(|c| c.key == a.key) {
        chain.push(a);
    }
}

/// Where a byte offset falls: sentence and paragraph byte ranges.
struct Layout {
    sentences: Vec<(usize, usize)>,
    paragraphs: Vec<(usize, usize)>,
}

impl Layout {
    fn new(r: &Record) -> Self {
        let doc = Doc::new(&r.text, &r.lang);
        Layout {
            sentences: doc.sentences.iter().map(|s| (s.start, s.end)).collect(),
            paragraphs: doc.paragraphs.clone(),
        }
    }

    fn find(ranges: &[(usize, usize)], b: usize, len: usize) -> (usize, usize) {
        ranges
            .iter()
            .copied()
            .find(|&(s, e)| s <= b && b < e)
            .unwrap_or((b, (b + 1).min(len)))
    }

    fn sentence(&self, b: usize, len: usize) -> (usize, usize) {
        Self::find(&self.sentences, b, len)
    }

    fn paragraph(&self, b: usize, len: usize) -> (usize, usize) {
        Self::find(&self.paragraphs, b, len)
    }
}

/// At most this many words after a figure are read for what it counts.
const WINDOW: usize = 6;

/// Finds the claims of a record. Items without spans in the text (pull quotes aside) are
/// skipped; nothing here fails on odd input.
pub fn extract(r: &Record, lex: &Lexicon) -> ArticleClaims {
    let off = char_offsets(&r.text);
    let layout = Layout::new(r);
    let names = Names::new(r);
    let len = r.text.len();
    let bytes = |s: Span| byte_range(&off, s.0, s.1);
    let credit: Vec<Attribution> = r
        .meta
        .attributed_to
        .iter()
        .map(|a| attribution(&names, a, "credit"))
        .collect();

    let source_spans: Vec<(usize, usize)> = r.sources.iter().map(|s| bytes(s.span)).collect();
    // Quote spans in bytes, for figures said inside a quote.
    let quote_spans: Vec<((usize, usize), &dossier_model::Quote)> = r
        .quotes
        .iter()
        .filter_map(|q| q.span.map(|s| (bytes(s), q)))
        .collect();

    // Sources as chain links: an outlet or person named inside the attribution first (`meldt
    // de Britse omroep BBC` is the BBC, whatever name the analyser gave), then who it says
    // spoke when that is someone else (`getuigen` in `zo vertelden getuigen aan de BBC`).
    let source_links = |s: &dossier_model::SourceRef| -> Vec<Attribution> {
        let (sa, sb) = bytes(s.span);
        let mut links = Vec::new();
        let inside = r
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityType::ORG | EntityType::PER | EntityType::MISC))
            .filter(|e| {
                let (x, y) = bytes(e.span);
                sa <= x && y <= sb
            })
            .max_by_key(|e| (e.kind != EntityType::MISC, e.span.0));
        let named = attribution(&names, &s.name, "source");
        if let Some(e) = inside {
            links.push(Attribution {
                name: e.canonical.clone(),
                key: e.id.clone(),
                named: e.kind != EntityType::MISC,
                via: "source".into(),
            });
            if !named.named && named.key != fold(&e.canonical) {
                links.push(named);
            }
        } else {
            links.push(named);
        }
        links
    };
    // A short sentence that is only an attribution (`Dat heeft de BBC ontdekt.`) credits the
    // sentences around it.
    let attribution_sentence = |(ss, se): (usize, usize)| -> Option<&dossier_model::SourceRef> {
        let n_words = words(&r.text[ss..se]).len();
        let has_figure = r.quantities.iter().any(|q| {
            let (x, _) = bytes(q.span);
            ss <= x && x < se
        });
        if n_words > 12 || has_figure {
            return None;
        }
        r.sources.iter().find(|s| {
            let (x, _) = bytes(s.span);
            ss <= x && x < se
        })
    };

    let chain_at = |a: usize, b: usize| -> Vec<Attribution> {
        let mut chain = credit.clone();
        let (ss, se) = layout.sentence(a, len);
        let (ps, pe) = layout.paragraph(a, len);
        let mut chosen: Vec<&dossier_model::SourceRef> = r
            .sources
            .iter()
            .filter(|s| {
                let (x, _) = bytes(s.span);
                ss <= x && x < se
            })
            .collect();
        if chosen.is_empty() {
            let i = layout.sentences.iter().position(|&x| x == (ss, se));
            let next = i.and_then(|i| layout.sentences.get(i + 1)).copied();
            let prev = i
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| layout.sentences.get(i))
                .copied();
            for adj in [next, prev].into_iter().flatten() {
                if ps <= adj.0
                    && adj.1 <= pe
                    && let Some(s) = attribution_sentence(adj)
                {
                    chosen.push(s);
                    break;
                }
            }
        }
        for s in chosen {
            for link in source_links(s) {
                push_unique(&mut chain, link);
            }
        }
        if let Some((_, q)) = quote_spans
            .iter()
            .find(|((qa, qb), _)| *qa <= a && b <= *qb)
            && let Some(sp) = &q.speaker
        {
            let mut at = attribution(&names, sp, "speaker");
            if let Some(id) = &q.speaker_id {
                at.key = id.clone();
                at.named = true;
            }
            push_unique(&mut chain, at);
        }
        chain
    };

    let nearby_at = |a: usize| -> Vec<String> {
        let (ps, pe) = layout.paragraph(a, len);
        let mut v: Vec<String> = r
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityType::ORG | EntityType::PER))
            .filter(|e| {
                let (x, _) = bytes(e.span);
                ps <= x && x < pe
            })
            .map(|e| e.id.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };

    let mut figures: Vec<FigureClaim> = Vec::new();
    // (claim index, sentence start, region end byte, quantity start byte)
    let mut regions: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut quantities: Vec<&dossier_model::Quantity> = r.quantities.iter().collect();
    quantities.sort_by_key(|q| q.span.0);
    for q in quantities {
        let (Some(low), Some(high)) = (q.low.or(q.high), q.high.or(q.low)) else {
            continue;
        };
        if !low.is_finite() || !high.is_finite() {
            continue;
        }
        let (a, b) = bytes(q.span);
        if a >= b {
            continue;
        }
        let (ss, se) = layout.sentence(a, len);
        let sentence = &r.text[ss..se.max(ss)];
        // Words after the figure, up to punctuation, another figure or a coordinator.
        let mut after: Vec<(String, usize, usize)> = Vec::new();
        let tail_end = se.max(b);
        let mut prev = b;
        for (w, wa, wb) in words_with_offsets(&r.text[b..tail_end]) {
            let (wa, wb) = (wa + b, wb + b);
            let gap = &r.text[prev..wa];
            if gap.contains([',', ';', ':', '.', '(', ')', '"', '“', '”', '«', '»'])
                || w.chars().next().is_some_and(|c| c.is_ascii_digit())
                || lex.is_coordinator(&r.lang, std::slice::from_ref(&w))
                || after.len() >= WINDOW
            {
                break;
            }
            after.push((w, wa, wb));
            prev = wb;
        }
        let after_words: Vec<String> = after.iter().map(|(w, _, _)| w.clone()).collect();
        // `enkele van de beruchtste IS-leden`, `many of them`: a vague share of a group says
        // nothing about how large the group is.
        if q.vague && lex.is_partitive(&r.lang, &words(&r.text[b..tail_end])) {
            continue;
        }
        let counted_words = q.counted.as_deref().map(words).unwrap_or_default();

        // What it counts.
        let mut region_end = b;
        let concept: Option<String> = if let Some(u) = q.unit.as_deref() {
            Some(match lex.unit_dimension(u) {
                Some(d) => format!("{d}:{u}"),
                None => format!("unit:{u}"),
            })
        } else if let Some(f) = lex
            .find_concept(&r.lang, &counted_words)
            .filter(|_| !counted_words.is_empty())
        {
            // The counted phrase may lie after the figure's span: find where it ends.
            if let Some(x) = after.iter().position(|(w, _, _)| *w == counted_words[f.at]) {
                let last = (x + f.len - 1).min(after.len() - 1);
                region_end = after[last].2;
            }
            Some(lex.concept_id(f.item).to_string())
        } else if let Some(f) = lex.find_concept(&r.lang, &after_words) {
            region_end = after[(f.at + f.len - 1).min(after.len() - 1)].2;
            Some(lex.concept_id(f.item).to_string())
        } else if let Some(c) = q.category.as_deref().filter(|c| lex.concept(c).is_some()) {
            Some(c.to_string())
        } else {
            counted_words
                .last()
                .map(|w| format!("raw:{}", lex.stem(&r.lang, w)))
        };
        let Some(concept) = concept else { continue };
        region_end = region_end.max(b);

        // Whose: an entity inside the figure's phrase (`Islamic State fighters`), a name
        // before the hyphen (`IS-strijders`), or a name right after (`combattants du groupe
        // État islamique`).
        let mut actor: Option<(&str, String)> = None;
        let ext_end = after
            .iter()
            .find(|(_, wa, _)| *wa >= region_end)
            .map(|_| {
                let idx = after
                    .iter()
                    .position(|(_, wa, _)| *wa >= region_end)
                    .unwrap_or(after.len());
                after[(idx + 3).min(after.len()) - 1].2
            })
            .unwrap_or(region_end);
        for e in &r.entities {
            let (ea, eb) = bytes(e.span);
            let inside = ea >= a && eb <= region_end.max(b);
            // After the noun only an organisation or group counts, at most two words on
            // (`fighters of the SDF`), not where the figure's people went (`left Raqqa`).
            let just_after = ea >= region_end
                && ea < ext_end
                && matches!(e.kind, EntityType::ORG | EntityType::MISC)
                && words(&r.text[region_end..ea]).len() <= 2;
            if (inside || just_after) && !matches!(e.kind, EntityType::PER) {
                // `IS-strijders` tagged whole is the fighters of `IS`.
                let head = e
                    .text
                    .split_once('-')
                    .and_then(|(h, _)| names.exact.get(h).map(|id| (*id, h)));
                actor = Some(match head {
                    Some((id, h)) => (
                        id,
                        r.entities
                            .iter()
                            .find(|x| x.id == id)
                            .map_or_else(|| h.to_string(), |x| x.canonical.clone()),
                    ),
                    None => (e.id.as_str(), e.canonical.clone()),
                });
                break;
            }
        }
        // A name right after the counted noun belongs to the figure's phrase: a coordinated
        // figure may follow it (`250 combattants du groupe État islamique et 3 500 ...`).
        let mut phrase_end = region_end;
        for e in &r.entities {
            let (ea, eb) = bytes(e.span);
            if ea >= region_end && ea < ext_end && actor.as_ref().is_some_and(|(id, _)| *id == e.id)
            {
                phrase_end = phrase_end.max(eb);
            }
        }
        if actor.is_none() {
            let phrase = &r.text[a..region_end.max(b)];
            for tok in phrase.split_whitespace() {
                if let Some((head, _)) = tok.split_once('-')
                    && let Some(id) = names.exact.get(head)
                {
                    let canonical = r
                        .entities
                        .iter()
                        .find(|e| e.id == *id)
                        .map(|e| e.canonical.clone())
                        .unwrap_or_else(|| head.to_string());
                    actor = Some((id, canonical));
                    break;
                }
            }
        }

        // What happened: the concept's own event, else the nearest event word.
        let sent_words = words_with_offsets(sentence);
        let folded: Vec<String> = sent_words.iter().map(|(w, _, _)| w.clone()).collect();
        // Words of an attribution (`selon des chauffeurs interrogés par la BBC`) say how the
        // figure was learned, not what happened: they name no event, unless the figure is
        // part of the attribution itself (`the BBC spoke to dozens of people`).
        let masked: Vec<String> = sent_words
            .iter()
            .map(|(w, wa, _)| {
                let x = ss + wa;
                let in_source = source_spans
                    .iter()
                    .any(|&(sa, sb)| sa <= x && x < sb && !(sa <= a && a < sb));
                if in_source { String::new() } else { w.clone() }
            })
            .collect();
        let fig_word = sent_words
            .iter()
            .position(|(_, wa, _)| ss + wa >= a)
            .unwrap_or(0);
        let event = lex
            .concept(&concept)
            .and_then(|c| lex.concepts[c].event.clone())
            .or_else(|| {
                lex.find_events(&r.lang, &masked)
                    .into_iter()
                    .min_by_key(|f| f.at.abs_diff(fig_word))
                    .map(|f| lex.event(f.item).0.to_string())
            });

        // Where and when: the nearest place and dated time in the sentence.
        let place = r
            .places
            .iter()
            .filter(|p| {
                let (x, _) = bytes(p.span);
                ss <= x && x < se
            })
            .filter(|p| Some(place_key(p)) != actor.as_ref().map(|(id, _)| id.to_string()))
            .min_by_key(|p| {
                let (x, _) = bytes(p.span);
                let broad = matches!(p.feature.as_deref(), Some("country") | Some("demonym"));
                (broad, x.abs_diff(a))
            });
        let when = r
            .times
            .iter()
            .filter(|t| {
                let (x, _) = bytes(t.span);
                ss <= x && x < se && t.value.is_some()
            })
            .filter(|t| {
                matches!(
                    t.kind,
                    dossier_model::TimeKind::Date | dossier_model::TimeKind::Period
                )
            })
            .min_by_key(|t| bytes(t.span).0.abs_diff(a))
            .and_then(|t| t.value.clone());

        let n = figures.len();
        regions.push((n, ss, phrase_end, a));
        figures.push(FigureClaim {
            n,
            text: r.text[a..b].to_string(),
            span: Some(q.span),
            counted: q.counted.clone(),
            concept,
            actor: actor.as_ref().map(|(id, _)| id.to_string()),
            actor_name: actor.map(|(_, c)| c),
            event,
            place: place.map(place_key),
            place_name: place.map(|p| p.name.clone()),
            when,
            value: Figure {
                low: low.min(high),
                high: high.max(low),
                approx: q.approx,
                vague: q.vague,
                modifier: q.modifier,
                unit: q.unit.clone(),
            },
            parts: Vec::new(),
            sentence: sentence.trim().to_string(),
            chain: chain_at(a, b),
            nearby: nearby_at(a),
            disputes: lex.has_dispute(&r.lang, &folded),
        });
    }

    // Totals of coordinated parts: `250 IS-strijders en 3.500 familieleden`.
    let mut totals = Vec::new();
    let mut i = 0;
    while i < regions.len() {
        let mut j = i;
        while j + 1 < regions.len() {
            let (_, s1, end1, _) = regions[j];
            let (_, s2, _, start2) = regions[j + 1];
            if s1 != s2 || start2 < end1 {
                break;
            }
            let gap = &r.text[end1..start2];
            let gw = words(gap);
            let list_comma = gw.is_empty() && gap.trim() == ",";
            if !(list_comma || lex.is_coordinator(&r.lang, &gw)) {
                break;
            }
            j += 1;
        }
        // A list that goes on to count the whole (`50 Lastwagen, 13 Bussen und mehr als 100
        // Fahrzeugen`) is no total of its first items.
        let whole_follows = |t: &FigureClaim| -> bool {
            regions.get(j + 1).is_some_and(|&(n, s2, _, start2)| {
                let (_, s1, end1, _) = regions[j];
                s1 == s2
                    && words(&r.text[end1..start2.max(end1)]).len() <= 4
                    && match (lex.concept(&figures[n].concept), lex.concept(&t.concept)) {
                        (Some(next), Some(total)) => lex.is_ancestor_or_self(next, total),
                        _ => false,
                    }
            })
        };
        if j > i
            && let Some(t) = total_of(&figures[i..=j], lex)
            && !whole_follows(&t)
        {
            totals.push(t);
        }
        i = j + 1;
    }
    for mut t in totals {
        t.n = figures.len();
        figures.push(t);
    }

    // Quotes, numbered per speaker.
    let mut per_speaker: HashMap<String, usize> = HashMap::new();
    let mut quotes = Vec::new();
    for (n, q) in r.quotes.iter().enumerate() {
        let speaker_key = q.speaker_id.clone().or_else(|| {
            q.speaker.as_deref().map(|s| match names.lookup(s) {
                Some((id, _)) => id.to_string(),
                None => format!("name:{}", words(s).join(" ")),
            })
        });
        let order = match &speaker_key {
            Some(k) => {
                let c = per_speaker.entry(k.clone()).or_default();
                *c += 1;
                *c - 1
            }
            None => 0,
        };
        let (about, chain) = match q.span {
            Some(s) => {
                let (a, b) = bytes(s);
                let mut about: Vec<String> = r
                    .entities
                    .iter()
                    .filter(|e| {
                        let (x, y) = bytes(e.span);
                        a <= x && y <= b
                    })
                    .map(|e| e.id.clone())
                    .collect();
                about.sort();
                about.dedup();
                (about, chain_at(a, b))
            }
            None => (Vec::new(), credit.clone()),
        };
        quotes.push(QuoteClaim {
            n,
            text: q.text.clone(),
            span: q.span,
            kind: q.kind,
            speaker: q.speaker.clone(),
            speaker_key,
            speaker_role: q.speaker_role.clone(),
            order,
            about,
            chain,
        });
    }
    ArticleClaims { figures, quotes }
}

/// The place key used across articles: the GeoNames id, else the folded name.
pub fn place_key(p: &dossier_model::Place) -> String {
    match p.geonames_id {
        Some(g) => format!("geonames:{g}"),
        None => format!("place:{}", fold(&p.name)),
    }
}

/// The total of coordinated parts, when they are distinct parts of one concept (`fighters`
/// and `family-members` of `people`) and none is itself the total (`50 trucks, 13 buses and
/// more than 100 vehicles` lists vehicles, it does not add them up).
fn total_of(parts: &[FigureClaim], lex: &Lexicon) -> Option<FigureClaim> {
    let ids: Vec<usize> = parts
        .iter()
        .map(|p| lex.concept(&p.concept))
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| p.value.unit.is_some()) {
        return None;
    }
    for (x, &a) in ids.iter().enumerate() {
        for &b in &ids[x + 1..] {
            if lex.is_ancestor_or_self(a, b) || lex.is_ancestor_or_self(b, a) {
                return None;
            }
        }
    }
    let mut total = ids[0];
    for &c in &ids[1..] {
        total = lex.common_ancestor(total, c)?;
    }
    let events: Vec<&str> = parts.iter().filter_map(|p| p.event.as_deref()).collect();
    if events.windows(2).any(|w| w[0] != w[1]) {
        return None;
    }
    let first = &parts[0];
    let open = parts.iter().any(|p| {
        matches!(
            p.value.modifier,
            Some(Modifier::MoreThan | Modifier::LessThan | Modifier::AtLeast | Modifier::AtMost)
        )
    });
    if open {
        return None;
    }
    let low: f64 = parts.iter().map(|p| p.value.low).sum();
    let high: f64 = parts.iter().map(|p| p.value.high).sum();
    let approx = parts.iter().any(|p| p.value.approx);
    let vague = parts.iter().any(|p| p.value.vague);
    // The total belongs to an actor only when every part does (`IS fighters and their
    // families` are not all IS).
    let actor = parts[0]
        .actor
        .clone()
        .filter(|a| parts.iter().all(|p| p.actor.as_ref() == Some(a)));
    Some(FigureClaim {
        n: 0,
        text: parts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        span: None,
        counted: None,
        concept: lex.concept_id(total).to_string(),
        actor: actor.clone(),
        actor_name: actor.as_ref().and(first.actor_name.clone()),
        event: events.first().map(|e| e.to_string()),
        place: first.place.clone(),
        place_name: first.place_name.clone(),
        when: first.when.clone(),
        value: Figure {
            low,
            high,
            approx,
            vague,
            modifier: if low != high && !vague {
                Some(Modifier::Range)
            } else if approx {
                Some(Modifier::About)
            } else {
                None
            },
            unit: None,
        },
        parts: parts.iter().map(|p| p.n).collect(),
        sentence: first.sentence.clone(),
        chain: first.chain.clone(),
        nearby: first.nearby.clone(),
        disputes: first.disputes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Builder;

    fn lex() -> std::sync::Arc<Lexicon> {
        Lexicon::shared().unwrap()
    }

    #[test]
    fn figures_get_concepts_actors_events_and_a_total() {
        let text = "Raqqa deal\n\nZo'n 250 IS-strijders en 3.500 familieleden hebben Raqqa kunnen verlaten. Dat heeft de BBC ontdekt.";
        let r = Builder::new("a", "nl", text)
            .meta("HLN", "2017-11-13", &["BBC"])
            .entity("IS", EntityType::ORG, "org:islamic-state", "Islamic State")
            .entity("BBC", EntityType::ORG, "org:bbc", "BBC")
            .place("Raqqa", "Raqqa", 163843)
            .fig("Zo'n 250", 0, 250.0, 250.0)
            .about()
            .counted("IS-strijders")
            .fig("3.500", 0, 3500.0, 3500.0)
            .counted("familieleden")
            .source("Dat heeft de BBC ontdekt", "BBC")
            .build();
        let c = extract(&r, &lex());
        assert_eq!(c.figures.len(), 3, "{:#?}", c.figures);
        let f = &c.figures[0];
        assert_eq!(f.concept, "fighters");
        assert_eq!(f.actor.as_deref(), Some("org:islamic-state"));
        assert_eq!(f.event.as_deref(), Some("leave"));
        assert_eq!(f.place.as_deref(), Some("geonames:163843"));
        assert_eq!(f.chain.len(), 1, "credit and in-text BBC are one link");
        assert_eq!(f.chain[0].key, "org:bbc");
        assert_eq!(c.figures[1].concept, "family-members");
        let t = &c.figures[2];
        assert_eq!(t.concept, "people");
        assert_eq!(t.parts, vec![0, 1]);
        assert_eq!(
            (t.value.low, t.value.high, t.value.approx),
            (3750.0, 3750.0, true)
        );
        assert_eq!(t.value.display(), "about 3,750");
    }

    #[test]
    fn lists_of_parts_and_their_whole_are_not_added_up() {
        let text = "T\n\nDe stoet bestond uit vijftig vrachtwagens, dertien bussen en meer dan honderd voertuigen.";
        let r = Builder::new("b", "nl", text)
            .fig("vijftig", 0, 50.0, 50.0)
            .counted("vrachtwagens")
            .fig("dertien", 0, 13.0, 13.0)
            .counted("bussen")
            .fig("meer dan honderd", 0, 100.0, 100.0)
            .modifier(Modifier::MoreThan)
            .counted("voertuigen")
            .build();
        let c = extract(&r, &lex());
        let concepts: Vec<&str> = c.figures.iter().map(|f| f.concept.as_str()).collect();
        assert_eq!(concepts, vec!["trucks", "buses", "vehicles"]);
        // Also when the analyser missed the words between the list and its whole.
        let text = "T\n\nDer Konvoi habe aus 50 Lastwagen, 13 Bussen und mehr als 100 Fahrzeugen bestanden.";
        let r = Builder::new("d", "de", text)
            .fig("50", 0, 50.0, 50.0)
            .fig("13", 0, 13.0, 13.0)
            .fig("100", 0, 100.0, 100.0)
            .build();
        let c = extract(&r, &lex());
        let concepts: Vec<&str> = c.figures.iter().map(|f| f.concept.as_str()).collect();
        assert_eq!(concepts, vec!["trucks", "buses", "vehicles"]);
    }

    #[test]
    fn a_figure_inside_a_quote_is_the_speakers_and_french_actors_follow_the_noun() {
        let text = "T\n\nQuelque 250 combattants du groupe État islamique ont quitté Raqqa. « Nous avons compté 4 000 personnes », a dit un chauffeur.";
        let r = Builder::new("c", "fr", text)
            .meta("Actu", "2017-11-14", &[])
            .entity(
                "État islamique",
                EntityType::ORG,
                "org:islamic-state",
                "Islamic State",
            )
            .fig("Quelque 250", 0, 250.0, 250.0)
            .about()
            .fig("4 000", 0, 4000.0, 4000.0)
            .counted("personnes")
            .quote(
                "Nous avons compté 4 000 personnes",
                QuoteKind::Direct,
                "un chauffeur",
                None,
            )
            .build();
        let c = extract(&r, &lex());
        assert_eq!(c.figures[0].concept, "fighters");
        assert_eq!(c.figures[0].actor.as_deref(), Some("org:islamic-state"));
        assert_eq!(c.figures[0].event.as_deref(), Some("leave"));
        let said = &c.figures[1];
        assert_eq!(said.concept, "people");
        assert_eq!(said.chain.last().map(|a| a.via.as_str()), Some("speaker"));
        assert!(
            !said.chain[0].named,
            "an unnamed driver is no origin of his own"
        );
        assert_eq!(
            c.quotes[0].speaker_key.as_deref(),
            Some("name:un chauffeur")
        );
    }

    #[test]
    fn a_description_opening_a_headline_is_not_a_name() {
        let text = "Lorry driver: 'about 4,000 people' left Raqqa in convoy\n\nThe convoy left.";
        let r = Builder::new("l", "en", text)
            .meta("Daily Example", "2017-11-15", &[])
            .fig("4,000", 0, 4000.0, 4000.0)
            .counted("people")
            .quote(
                "about 4,000 people",
                QuoteKind::Direct,
                "Lorry driver",
                None,
            )
            .build();
        let c = extract(&r, &lex());
        let chain = &c.figures[0].chain;
        assert_eq!(chain.last().map(|a| a.name.as_str()), Some("Lorry driver"));
        assert!(!chain.last().unwrap().named, "{chain:?}");
        // One capitalised word the text also writes in lower case is a common noun.
        let text = "Coalition: '4 foreign fighters' left Raqqa\n\nThe coalition says 4 foreign fighters left; the BBC says more.";
        let r = Builder::new("k", "en", text)
            .fig("4", 0, 4.0, 4.0)
            .counted("foreign fighters")
            .quote("4 foreign fighters", QuoteKind::Direct, "Coalition", None)
            .build();
        let c = extract(&r, &lex());
        let link = c.figures[0].chain.last().expect("a link");
        assert_eq!(link.name, "Coalition");
        assert!(!link.named, "{link:?}");
        let names = Names::new(&r);
        assert!(attribution(&names, "BBC", "source").named);
    }
}
