//! `mentormail import`: a cohort CSV enrolled in one go, with a progress bar on a terminal and
//! a summary at the end.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use mentormail::admin::import::{ImportOptions, ImportSummary, import_cohort, read_cohort};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Args)]
pub struct ImportArgs {
    /// The CSV file, one row per pair, with a header row naming the columns (any order, any
    /// case): mentor_email, mentor_name, mentee_email, mentee_name, mentee_time_zone, cadence,
    /// at; optionally mentor_time_zone, programme, cohort and goals (separated by `;`, each as a
    /// reply to the kickoff would state it: "Run three interviews by 15 Jan"). Spreadsheet
    /// exports (UTF-8 with or without BOM, CRLF, quoted fields) are fine. See
    /// infra/examples/cohort.csv.
    pub file: PathBuf,
    /// Check every row and say what would be created, updated or left unchanged; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows of a file that has invalid ones (the command still exits non-zero
    /// and lists the invalid rows). Without it, a file with any invalid row imports nothing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// The programme of rows that leave the `programme` column empty (or have none).
    #[arg(long, env = "MENTORMAIL_PROGRAMME", default_value = "PM Mentoring")]
    pub programme: String,
    /// Groups of pairs written at once (each group's writes are batched, 25 items a request).
    #[arg(long, default_value_t = mentormail::store::repo::CONCURRENT_REQUESTS)]
    pub concurrent_writes: usize,
    /// Print the summary as JSON (counts, each pair's outcome, each invalid row with its line,
    /// kind and reason).
    #[arg(long)]
    pub json: bool,
}

/// A progress bar on stderr when it is a terminal, and none otherwise (a script's log gets the
/// summary only).
fn progress_bar(pairs: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(pairs);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pairs ({elapsed})") {
        bar.set_style(style);
    }
    bar
}

fn print_summary(out: &mut impl std::io::Write, summary: &ImportSummary) -> std::io::Result<()> {
    if summary.dry_run {
        writeln!(out, "Dry run: nothing written.")?;
    } else if !summary.errors.is_empty()
        && summary.created + summary.updated + summary.unchanged == 0
    {
        writeln!(
            out,
            "Nothing imported: the file has invalid rows (see above; --skip-invalid imports the others)."
        )?;
    }
    let would = if summary.dry_run { " (would be)" } else { "" };
    writeln!(
        out,
        "{} created, {} updated, {} unchanged, {} skipped{would}",
        summary.created, summary.updated, summary.unchanged, summary.skipped
    )
}

pub async fn run<S: Store>(repo: &Repo<S>, args: ImportArgs, now: Timestamp) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::system()).date();
    let cohort = read_cohort(&bytes, &args.programme, today)
        .with_context(|| format!("{} not imported", args.file.display()))?;
    let errors = cohort.errors.len();
    let bar = progress_bar(cohort.rows.len() as u64);
    let options = ImportOptions {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        concurrent_writes: args.concurrent_writes,
    };
    let summary = import_cohort(repo, cohort, options, now, &|pairs| bar.inc(pairs)).await;
    bar.finish_and_clear();
    let summary = summary?;
    let mut err = std::io::stderr().lock();
    for error in &summary.errors {
        writeln!(err, "{}: {error}", args.file.display())?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &summary)?;
    }
    if errors > 0 {
        anyhow::bail!(
            "{} invalid row{} in {}",
            summary.skipped,
            if summary.skipped == 1 { "" } else { "s" },
            args.file.display()
        );
    }
    Ok(())
}
