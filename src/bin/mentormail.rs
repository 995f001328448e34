//! The mentormail CLI: local mode (demo, ingest, tick, parse) and admin commands.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use mentormail::mail::parse::parse;

#[derive(Parser)]
#[command(
    name = "mentormail",
    version,
    about = "Email-driven mentorship assistant"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one mail (or a list of mails) and print what was extracted, as JSON.
    Parse {
        /// The .eml file to parse.
        file: Option<PathBuf>,
        /// Print JSON (the only format for now; accepted for the documented contract).
        #[arg(long)]
        json: bool,
        /// A file listing .eml paths, one a line: prints one JSON object a line, with "id".
        #[arg(long, conflicts_with = "file")]
        batch: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, batch, .. } => parse_command(file, batch),
    }
}

fn parse_command(file: Option<PathBuf>, batch: Option<PathBuf>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(list) = batch {
        let paths = std::fs::read_to_string(&list)
            .with_context(|| format!("reading batch list {}", list.display()))?;
        for path in paths.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut value = match std::fs::read(path) {
                Ok(raw) => serde_json::to_value(parse(&raw))?,
                Err(e) => serde_json::json!({ "error": e.to_string() }),
            };
            value["id"] = serde_json::Value::String(path.to_string());
            serde_json::to_writer(&mut out, &value)?;
            out.write_all(b"\n")?;
        }
    } else {
        let file = file.context("give a FILE or --batch LIST")?;
        let raw = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        serde_json::to_writer_pretty(&mut out, &parse(&raw))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
