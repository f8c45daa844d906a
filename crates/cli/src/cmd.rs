//! The verbs that read, analyse, store and show articles.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use dossier_extract::Resources;
use dossier_ingest::ReadOptions;
use dossier_model::Record;
use dossier_store::{EmbeddedStore, RecordStore, SearchQuery};

use crate::HomeArg;
use crate::output::{Format, clip, write_json};
use crate::run::{Outcome, expand, process_all};

#[derive(Args)]
pub struct ReadArgs {
    /// Largest input accepted, in bytes (also the limit on a decompressed .gz).
    #[arg(long, default_value_t = 20 * 1024 * 1024, value_name = "BYTES")]
    pub max_size: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

impl ReadArgs {
    /// The read limits; also sizes the worker pool, once, before any work starts.
    fn options(&self) -> anyhow::Result<ReadOptions> {
        if let Some(j) = self.jobs {
            rayon::ThreadPoolBuilder::new()
                .num_threads(j.max(1))
                .build_global()
                .context("setting up worker threads")?;
        }
        Ok(ReadOptions {
            max_size: self.max_size,
        })
    }
}

#[derive(Args)]
pub struct ExtractArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: json (pretty; an array when several) or jsonl. Default: json on a
    /// terminal, jsonl when piped.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn resources() -> anyhow::Result<std::sync::Arc<Resources>> {
    Resources::shared().context(
        "loading Dossier's data files (set DOSSIER_DATA to the repository's data/ directory)",
    )
}

fn report_failure(e: &dossier_ingest::ReadError) {
    eprintln!("error: {e}");
}

pub fn extract(a: ExtractArgs) -> anyhow::Result<ExitCode> {
    let opts = a.read.options()?;
    let res = resources()?;
    let format = Format::or_default(a.format, Format::Json);
    let (inputs, mut failed) = expand(&a.paths);
    failed.iter().for_each(report_failure);
    let mut records = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    process_all(&inputs, &opts, &res, |outcomes, _| {
        for o in outcomes {
            match o {
                Outcome::Record { record, warnings } => {
                    warnings.iter().for_each(|w| eprintln!("warning: {w}"));
                    if format == Format::Json {
                        records.push(*record);
                    } else {
                        write_json(&mut out, &record, false)?;
                    }
                }
                Outcome::Failed(e) => {
                    report_failure(&e);
                    failed.push(e);
                }
            }
        }
        out.flush()?;
        Ok(())
    })?;
    if format == Format::Json {
        match records.len() {
            0 => {}
            1 => write_json(&mut out, &records[0], true)?,
            _ => write_json(&mut out, &records, true)?,
        }
    }
    out.flush()?;
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub home: HomeArg,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Counts for the summary line of an ingest.
#[derive(Default, Debug, Clone, Copy)]
pub struct IngestSummary {
    pub read: usize,
    pub new: usize,
    pub present: usize,
    pub failed: usize,
    /// Stories started and articles that joined one.
    pub related: crate::relate::RelateTotals,
}

/// Ingests inputs into an open store; shared by `ingest` and `demo`.
pub fn ingest_into(
    store: &mut EmbeddedStore,
    paths: &[PathBuf],
    opts: &ReadOptions,
    progress: bool,
) -> anyhow::Result<IngestSummary> {
    let res = resources()?;
    let (inputs, failed) = expand(paths);
    let mut sum = IngestSummary {
        failed: failed.len(),
        ..Default::default()
    };
    failed.iter().for_each(report_failure);
    let bar = if progress && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {per_sec} eta {eta} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    // Records are committed in batches: each commit is durable (SQLite, then the index), so a
    // killed run loses at most the batch in flight, and few commits keep ingest fast.
    // Each committed batch is then related into stories and claims.
    let mut relations = crate::relate::Relations::open(store.dir())?;
    let mut pending: Vec<Record> = Vec::new();
    let mut last_flush = std::time::Instant::now();
    let mut flush = |pending: &mut Vec<Record>, sum: &mut IngestSummary| -> anyhow::Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let new = store.put_batch(pending).context("writing to the store")?;
        let n_new = new.iter().filter(|n| **n).count();
        sum.new += n_new;
        sum.present += new.len() - n_new;
        relations.update(pending);
        pending.clear();
        Ok(())
    };
    process_all(&inputs, opts, &res, |outcomes, files| {
        for o in outcomes {
            match o {
                Outcome::Record { record, warnings } => {
                    warnings
                        .iter()
                        .for_each(|w| bar.suspend(|| eprintln!("warning: {w}")));
                    sum.read += 1;
                    pending.push(*record);
                }
                Outcome::Failed(e) => {
                    bar.suspend(|| report_failure(&e));
                    sum.failed += 1;
                }
            }
        }
        if pending.len() >= 500 || last_flush.elapsed() > std::time::Duration::from_secs(2) {
            flush(&mut pending, &mut sum)?;
            last_flush = std::time::Instant::now();
        }
        bar.inc(files as u64);
        bar.set_message(format!("{} new", sum.new));
        Ok(())
    })?;
    flush(&mut pending, &mut sum)?;
    bar.finish_and_clear();
    sum.related = relations.totals;
    Ok(sum)
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<ExitCode> {
    let opts = a.read.options()?;
    let mut store = EmbeddedStore::open(&a.home.home)
        .with_context(|| format!("opening the store in {}", a.home.home.display()))?;
    let started = std::time::Instant::now();
    let s = ingest_into(&mut store, &a.paths, &opts, true)?;
    eprintln!(
        "read {}, new {}, already present {}, failed {} ({:.1}s) into {}",
        s.read,
        s.new,
        s.present,
        s.failed,
        started.elapsed().as_secs_f64(),
        a.home.home.display()
    );
    eprintln!(
        "stories: {} new, {} articles joined one",
        s.related.new_stories, s.related.joined
    );
    Ok(if s.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words, "a phrase", AND/OR, -excluded, title:word.
    pub query: Vec<String>,
    #[command(flatten)]
    pub home: HomeArg,
    /// Only articles in this language (ISO 639-1: nl, en, ...).
    #[arg(long)]
    pub lang: Option<String>,
    /// Published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub since: Option<String>,
    /// Published on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// Publisher, credited source or site (`hln`, `BBC`, `bbc.co.uk`).
    #[arg(long)]
    pub source: Option<String>,
    /// Articles naming this entity (id or name: `org:islamic-state`, `Ryan Dillon`).
    #[arg(long)]
    pub entity: Option<String>,
    /// Articles naming this place (name, GeoNames id or country code).
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output: table (default on a terminal), json or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn search(a: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = EmbeddedStore::open_read_only(&a.home.home)?;
    let q = SearchQuery {
        text: a.query.join(" "),
        lang: a.lang,
        since: a.since,
        until: a.until,
        source: a.source,
        entity: a.entity,
        place: a.place,
        limit: a.limit,
        offset: a.offset,
    };
    let res = store.search(&q)?;
    if let Some(w) = &res.warning {
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json => write_json(&mut out, &res, true)?,
        Format::Jsonl => {
            for h in &res.hits {
                write_json(&mut out, h, false)?;
            }
        }
        Format::Table => {
            writeln!(out, "{} articles match", res.total)?;
            for h in &res.hits {
                writeln!(
                    out,
                    "{}  {:<10}  {}  {}",
                    h.id,
                    h.published
                        .as_deref()
                        .map(|p| &p[..p.len().min(10)])
                        .unwrap_or("-"),
                    h.lang,
                    clip(h.title.as_deref().unwrap_or("(no title)"), 90)
                )?;
                writeln!(out, "    {}", clip(&h.snippet, 200))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ShowArgs {
    /// Record id or a unique prefix of it.
    pub id: String,
    #[command(flatten)]
    pub home: HomeArg,
    /// json (default) or jsonl.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn show(a: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = EmbeddedStore::open_read_only(&a.home.home)?;
    match store.get(&a.id)? {
        Some(r) => {
            let pretty = Format::or_default(a.format, Format::Json) != Format::Jsonl;
            write_json(&mut std::io::stdout().lock(), &r, pretty)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!(
                "error: no record with id {:?} in {}",
                a.id,
                a.home.home.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}

#[derive(Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub home: HomeArg,
    /// table (default on a terminal) or json.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

pub fn stats(a: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = EmbeddedStore::open_read_only(&a.home.home)?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    match Format::or_default(a.format, Format::Table) {
        Format::Json | Format::Jsonl => write_json(&mut out, &s, a.format == Some(Format::Json))?,
        Format::Table => {
            writeln!(out, "{} articles in {}", s.records, a.home.home.display())?;
            for (name, rows) in [
                ("language", &s.by_lang),
                ("source", &s.by_source),
                ("month", &s.by_month),
                ("format", &s.by_format),
            ] {
                writeln!(out, "\nper {name}:")?;
                for (k, n) in rows {
                    writeln!(out, "  {n:>7}  {k}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn schema() -> anyhow::Result<ExitCode> {
    write_json(
        &mut std::io::stdout().lock(),
        &dossier_model::json_schema(),
        true,
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct DemoArgs {
    /// Articles to use instead of the bundled ones.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn demo(a: DemoArgs) -> anyhow::Result<ExitCode> {
    let paths = if a.paths.is_empty() {
        demo_articles()?
    } else {
        a.paths
    };
    let tmp = tempfile::tempdir().context("creating a temporary store")?;
    let mut store = EmbeddedStore::open(tmp.path())?;
    let s = ingest_into(&mut store, &paths, &ReadOptions::default(), false)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Dossier demo: {} articles read ({} failed) into a temporary store\n",
        s.read, s.failed
    )?;
    for id in store.ids()? {
        if let Some(r) = store.get(&id)? {
            report(&mut out, &r)?;
        }
    }
    for q in ["strijders Raqqa", "\"secret deal\""] {
        let res = store.search(&SearchQuery {
            text: q.into(),
            limit: 3,
            ..Default::default()
        })?;
        writeln!(out, "search {q}: {} articles", res.total)?;
        for h in &res.hits {
            writeln!(
                out,
                "  {}  [{}] {}",
                &h.id[..8],
                h.lang,
                clip(&h.snippet, 110)
            )?;
        }
    }
    crate::relate::demo_section(&mut out, tmp.path())?;
    Ok(if s.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The bundled example articles: `data/demo/`, without its README.
fn demo_articles() -> anyhow::Result<Vec<PathBuf>> {
    let dir = dossier_text::data_dir().join("demo");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading the demo articles in {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// A short human-readable account of one record.
pub fn report(out: &mut impl Write, r: &Record) -> anyhow::Result<()> {
    let m = &r.meta;
    writeln!(
        out,
        "[{}] {}",
        r.lang,
        m.title.as_deref().unwrap_or("(no title)")
    )?;
    let mut line = vec![format!("id {}", r.id)];
    if let Some(u) = &r.source.uri {
        line.push(u.rsplit('/').next().unwrap_or(u).to_string());
    }
    if let Some(p) = &m.publisher {
        line.push(p.clone());
    }
    if let Some(b) = &m.byline {
        line.push(format!("by {b}"));
    }
    match (&m.published, &m.published_time) {
        (Some(p), _) => line.push(p.clone()),
        (None, Some(t)) => line.push(t.clone()),
        _ => {}
    }
    if !m.attributed_to.is_empty() {
        line.push(format!("source: {}", m.attributed_to.join(", ")));
    }
    if !m.photo_credits.is_empty() {
        line.push(format!("photo: {}", m.photo_credits.join(", ")));
    }
    writeln!(out, "  {}", line.join(" · "))?;
    let list = |items: Vec<String>| clip(&items.join(" · "), 400);
    if !r.entities.is_empty() {
        let mut seen = std::collections::BTreeMap::new();
        for e in &r.entities {
            *seen
                .entry((e.kind.as_str(), e.canonical.clone()))
                .or_insert(0) += 1;
        }
        let items = seen
            .into_iter()
            .map(|((t, c), n)| {
                if n > 1 {
                    format!("{c} ({t}) ×{n}")
                } else {
                    format!("{c} ({t})")
                }
            })
            .collect();
        writeln!(out, "  entities:   {}", list(items))?;
    }
    if !r.places.is_empty() {
        let mut items: Vec<String> = r
            .places
            .iter()
            .map(|p| match (p.country.as_deref(), p.lat, p.lon) {
                (Some(c), Some(la), Some(lo)) => {
                    format!("{} → {} [{c} {la:.2},{lo:.2}]", p.text, p.name)
                }
                _ => format!("{} → {}", p.text, p.name),
            })
            .collect();
        items.dedup();
        writeln!(out, "  places:     {}", list(items))?;
    }
    if !r.quantities.is_empty() {
        let items = r
            .quantities
            .iter()
            .map(|q| {
                let range = match (q.low, q.high) {
                    (Some(l), Some(h)) if l == h => format!("{l}"),
                    (Some(l), Some(h)) => format!("{l}–{h}"),
                    _ => "?".into(),
                };
                let mut s = format!("{} [{range}", q.text);
                if let Some(u) = &q.unit {
                    s.push_str(&format!(" {u}"));
                }
                if let Some(c) = &q.counted {
                    s.push_str(&format!(" {c}"));
                }
                s.push(']');
                s
            })
            .collect();
        writeln!(out, "  figures:    {}", list(items))?;
    }
    if !r.times.is_empty() {
        let items = r
            .times
            .iter()
            .map(|t| format!("{} = {}", t.text, t.value.as_deref().unwrap_or("?")))
            .collect();
        writeln!(out, "  times:      {}", list(items))?;
    }
    for q in r.quotes.iter().take(4) {
        writeln!(
            out,
            "  quote ({:?}): {} — {}",
            q.kind,
            clip(&q.text, 90),
            q.speaker.as_deref().unwrap_or("?")
        )?;
    }
    if !r.sources.is_empty() {
        let items = r
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.name, clip(&s.text, 50)))
            .collect();
        writeln!(out, "  sources:    {}", list(items))?;
    }
    writeln!(out)?;
    Ok(())
}
