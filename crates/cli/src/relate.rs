//! The verbs across articles: `stories`, `story ID`, `claims`, `entity NAME`, and the relating
//! step that `ingest` runs after each committed batch.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use dossier_model::Record;
use dossier_relate::report::{
    self, ClaimFilter, ClaimListing, EntityReport, StoryListing, StoryReport,
};
use dossier_relate::{ClaimGroup, Lexicon, QuoteGroup, Relator, digest};
use dossier_store::SqliteRelations;
use rayon::prelude::*;

use crate::HomeArg;
use crate::output::{Format, clip, write_json};

/// What relating did over an ingest.
#[derive(Default, Debug, Clone, Copy)]
pub struct RelateTotals {
    pub new_stories: usize,
    pub joined: usize,
    pub failed: bool,
}

/// The store's relations, opened beside its records for an ingest.
pub struct Relations {
    db: SqliteRelations,
    pub totals: RelateTotals,
}

impl Relations {
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        Ok(Relations {
            db: SqliteRelations::open(dir).context("opening the store's stories")?,
            totals: RelateTotals::default(),
        })
    }

    /// Relates a committed batch. The records are safe in the store already, so a failure is
    /// reported and the ingest goes on; ingesting the same files again relates them.
    pub fn update(&mut self, records: &[Record]) {
        if let Err(e) = self.try_update(records) {
            self.totals.failed = true;
            eprintln!(
                "warning: relating {} articles failed: {e:#}; their records are stored, ingest them again to relate them",
                records.len()
            );
        }
    }

    fn try_update(&mut self, records: &[Record]) -> anyhow::Result<()> {
        let lex = Lexicon::shared().context("loading the claims lexicon (data/claims/)")?;
        let digests = records.par_iter().map(|r| digest(r, &lex)).collect();
        let s = Relator::with_lexicon(&mut self.db, lex).update_digests(digests)?;
        self.totals.new_stories += s.new_stories;
        self.totals.joined += s.joined;
        Ok(())
    }
}

fn open(home: &HomeArg) -> anyhow::Result<SqliteRelations> {
    SqliteRelations::open_read_only(&home.home)
        .with_context(|| format!("opening the store in {}", home.home.display()))
}

fn day(s: &Option<String>) -> &str {
    s.as_deref().map(|p| &p[..p.len().min(10)]).unwrap_or("-")
}

#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub home: HomeArg,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// table (default on a terminal), json or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn stories(a: StoriesArgs) -> anyhow::Result<ExitCode> {
    let db = open(&a.home)?;
    let list = report::stories(&db, a.limit, a.offset)?;
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json => write_json(&mut out, &list, true)?,
        Format::Jsonl => {
            for s in &list {
                write_json(&mut out, s, false)?;
            }
        }
        Format::Table => {
            writeln!(out, "{} stories", list.len())?;
            for s in &list {
                story_line(&mut out, s)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn story_line(out: &mut impl Write, s: &StoryListing) -> anyhow::Result<()> {
    let langs: Vec<String> = s
        .summary
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let verdicts: Vec<String> = s
        .summary
        .verdicts
        .iter()
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    writeln!(
        out,
        "{:>5}  {:>3} articles  {} – {}  [{}]  {}",
        s.id,
        s.articles,
        day(&s.first),
        day(&s.last),
        langs.join(", "),
        clip(&s.label, 90)
    )?;
    if !verdicts.is_empty() {
        writeln!(out, "       claims: {}", verdicts.join(", "))?;
    }
    Ok(())
}

#[derive(Args)]
pub struct StoryArgs {
    /// Story id (from `dossier stories`).
    pub id: i64,
    #[command(flatten)]
    pub home: HomeArg,
    /// table (default on a terminal), json or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn story(a: StoryArgs) -> anyhow::Result<ExitCode> {
    let db = open(&a.home)?;
    let Some(r) = report::story(&db, a.id)? else {
        eprintln!("error: no story {} in {}", a.id, a.home.home.display());
        return Ok(ExitCode::from(1));
    };
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json => write_json(&mut out, &r, true)?,
        Format::Jsonl => write_json(&mut out, &r, false)?,
        Format::Table => story_report(&mut out, &r)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A story as a journalist reads it: what, when, who, and which figures hold.
pub fn story_report(out: &mut impl Write, r: &StoryReport) -> anyhow::Result<()> {
    let s = &r.story;
    writeln!(out, "Story {}: {}", s.id, s.label)?;
    writeln!(
        out,
        "  {} articles, {} – {}; {}",
        s.articles,
        day(&s.first),
        day(&s.last),
        s.summary
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    let named = |v: &[dossier_relate::Named]| -> String {
        v.iter()
            .map(|n| format!("{} ({})", n.name, n.articles))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "  places: {}", named(&s.summary.places))?;
    writeln!(out, "  actors: {}", named(&s.summary.actors))?;
    writeln!(out, "\nTimeline")?;
    for t in &r.timeline {
        let credit = if t.credits.is_empty() {
            String::new()
        } else {
            format!(" (source: {})", t.credits.join(", "))
        };
        writeln!(
            out,
            "  {:<16}  {}  {:<24}  {}{credit}",
            t.published
                .as_deref()
                .map(|p| p.get(..16).unwrap_or(p).replace('T', " "))
                .unwrap_or_else(|| "-".into()),
            t.lang,
            clip(&t.outlet, 24),
            clip(t.title.as_deref().unwrap_or("(no title)"), 80)
        )?;
    }
    if !r.claims.is_empty() {
        writeln!(out, "\nClaims")?;
        for g in &r.claims {
            claim_group(out, g, None)?;
        }
    }
    if !r.quotes.is_empty() {
        writeln!(out, "\nWho said what")?;
        for q in &r.quotes {
            quote_group(out, q, None)?;
        }
    }
    Ok(())
}

fn claim_group(
    out: &mut impl Write,
    g: &ClaimGroup,
    story: Option<(i64, &str)>,
) -> anyhow::Result<()> {
    let at = story
        .map(|(id, label)| format!("  [story {id}: {}]", clip(label, 50)))
        .unwrap_or_default();
    writeln!(
        out,
        "  {:<14} {} — {}{at}",
        g.verdict.as_str().to_uppercase(),
        g.subject,
        g.reason
    )?;
    for p in &g.positions {
        // Who stands behind this position, with one chain each.
        let mut who: Vec<String> = Vec::new();
        for o in &p.origins {
            let outlets: Vec<&str> = p
                .claims
                .iter()
                .map(|&i| &g.claims[i])
                .filter(|c| &c.origin == o)
                .map(|c| c.outlet.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let chain = p
                .claims
                .iter()
                .map(|&i| &g.claims[i])
                .filter(|c| &c.origin == o)
                .map(|c| c.chain.join(" ← "))
                .max_by_key(|c| c.len())
                .unwrap_or_default();
            who.push(format!("{o} via {} outlet(s): {}", outlets.len(), chain));
        }
        let parts = p
            .claims
            .iter()
            .map(|&i| &g.claims[i])
            .find(|c| !c.parts.is_empty())
            .map(|c| format!(" (= {})", c.parts.join(" + ")))
            .unwrap_or_default();
        writeln!(out, "      {}{parts}", p.values.join(" / "))?;
        for w in who {
            writeln!(out, "          {}", clip(&w, 150))?;
        }
    }
    Ok(())
}

fn quote_group(
    out: &mut impl Write,
    q: &QuoteGroup,
    story: Option<(i64, &str)>,
) -> anyhow::Result<()> {
    let at = story
        .map(|(id, label)| format!("  [story {id}: {}]", clip(label, 50)))
        .unwrap_or_default();
    let roles = if q.roles.is_empty() {
        String::new()
    } else {
        format!(", {}", q.roles.join(", "))
    };
    writeln!(
        out,
        "  {}{roles} — {} statement(s) in {} outlet(s), {}{at}",
        q.speaker,
        q.statements.len(),
        q.outlets.len(),
        q.languages.join("/")
    )?;
    for s in &q.statements {
        let first = &s.quotes[0];
        let relays: Vec<String> = s
            .quotes
            .iter()
            .map(|x| format!("{} {}", x.lang, x.outlet))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        writeln!(out, "      \"{}\"", clip(&first.text, 110))?;
        writeln!(out, "          {}", clip(&relays.join("; "), 150))?;
    }
    Ok(())
}

#[derive(Args)]
pub struct ClaimsArgs {
    /// Only this story's claims.
    #[arg(long)]
    pub story: Option<i64>,
    /// Only claims about, by or sourced to this entity (id or name).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only contradicted figures.
    #[arg(long)]
    pub contradicted: bool,
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
    #[command(flatten)]
    pub home: HomeArg,
    /// table (default on a terminal), json or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn claims(a: ClaimsArgs) -> anyhow::Result<ExitCode> {
    let db = open(&a.home)?;
    let list = report::claims(
        &db,
        &ClaimFilter {
            story: a.story,
            entity: a.entity,
            contradicted: a.contradicted,
            limit: a.limit,
        },
    )?;
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json => write_json(&mut out, &list, true)?,
        Format::Jsonl => {
            for c in &list {
                write_json(&mut out, c, false)?;
            }
        }
        Format::Table => {
            writeln!(out, "{} claim groups", list.len())?;
            for c in &list {
                match c {
                    ClaimListing::Figure {
                        story,
                        story_label,
                        group,
                    } => claim_group(&mut out, group, Some((*story, story_label)))?,
                    ClaimListing::Quote {
                        story,
                        story_label,
                        group,
                    } => quote_group(&mut out, group, Some((*story, story_label)))?,
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct EntityArgs {
    /// A name (`Dillon`, `Daesh`) or an entity id (`per:ryan-dillon`).
    pub name: Vec<String>,
    #[command(flatten)]
    pub home: HomeArg,
    /// table (default on a terminal), json or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn entity(a: EntityArgs) -> anyhow::Result<ExitCode> {
    let name = a.name.join(" ");
    if name.trim().is_empty() {
        eprintln!("error: give a name or an entity id");
        return Ok(ExitCode::from(2));
    }
    let db = open(&a.home)?;
    let Some(e) = report::entity(&db, &name)? else {
        eprintln!(
            "error: no article names {name:?} in {}",
            a.home.home.display()
        );
        return Ok(ExitCode::from(1));
    };
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json => write_json(&mut out, &e, true)?,
        Format::Jsonl => write_json(&mut out, &e, false)?,
        Format::Table => entity_report(&mut out, &e)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn entity_report(out: &mut impl Write, e: &EntityReport) -> anyhow::Result<()> {
    writeln!(out, "{} ({})", e.name, e.id)?;
    writeln!(
        out,
        "  {} mentions in {} articles, {} stories",
        e.mentions,
        e.articles,
        e.stories.len()
    )?;
    let names: Vec<String> = e
        .names
        .iter()
        .map(|n| format!("{} ×{}", n.name, n.mentions))
        .collect();
    writeln!(out, "  names: {}", clip(&names.join(", "), 300))?;
    if e.ids.len() > 1 {
        writeln!(out, "  ids: {}", e.ids.join(", "))?;
    }
    for l in &e.learned {
        let scope = l
            .story
            .map(|s| format!(" in story {s}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  alias {} ({}{scope}): {}",
            l.alias,
            l.kind,
            clip(&l.evidence, 100)
        )?;
    }
    writeln!(out, "\nMentions over time")?;
    for d in &e.over_time {
        writeln!(
            out,
            "  {:<10}  {:>4} articles  {:>5} mentions",
            d.day, d.articles, d.mentions
        )?;
    }
    writeln!(out, "\nStories")?;
    for (id, label) in &e.stories {
        writeln!(out, "  {id:>5}  {}", clip(label, 100))?;
    }
    for (title, list) in [
        ("Quotes by", &e.quotes_by),
        ("Quotes about", &e.quotes_about),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}")?;
        for c in list {
            if let ClaimListing::Quote {
                story,
                story_label,
                group,
            } = c
            {
                quote_group(out, group, Some((*story, story_label)))?;
            }
        }
    }
    if !e.claims.is_empty() {
        writeln!(out, "\nFigures about or from it")?;
        for c in &e.claims {
            if let ClaimListing::Figure {
                story,
                story_label,
                group,
            } = c
            {
                claim_group(out, group, Some((*story, story_label)))?;
            }
        }
    }
    Ok(())
}

/// The demo's closing section: its stories and their claims, briefly.
pub fn demo_section(out: &mut impl Write, dir: &Path) -> anyhow::Result<()> {
    let db = SqliteRelations::open_read_only(dir)?;
    let list = report::stories(&db, 5, 0)?;
    writeln!(out, "\n{} stories", list.len())?;
    for s in &list {
        story_line(out, s)?;
    }
    if let Some(first) = list.first()
        && let Some(r) = report::story(&db, first.id)?
    {
        writeln!(
            out,
            "\nClaims of story {} (dossier story {} for all of it)",
            first.id, first.id
        )?;
        if r.claims.is_empty() && r.quotes.is_empty() {
            writeln!(
                out,
                "  none: the analysers found no figures or quotes to compare"
            )?;
        }
        for g in r.claims.iter().take(6) {
            claim_group(out, g, None)?;
        }
        for q in r.quotes.iter().take(2) {
            quote_group(out, q, None)?;
        }
    }
    Ok(())
}
