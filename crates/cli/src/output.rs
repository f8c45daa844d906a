//! How results are written: JSON, JSONL or a table; pretty JSON on a terminal by default.

use std::io::{IsTerminal, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Table,
}

impl Format {
    /// The format asked for, else pretty JSON on a terminal and JSONL when piped.
    pub fn or_default(f: Option<Format>, terminal_default: Format) -> Format {
        f.unwrap_or(if std::io::stdout().is_terminal() {
            terminal_default
        } else {
            Format::Jsonl
        })
    }
}

pub fn write_json<T: serde::Serialize>(
    out: &mut impl Write,
    value: &T,
    pretty: bool,
) -> anyhow::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)?;
    Ok(())
}

/// Shortens `s` to at most `n` chars, with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
