//! `mentormail report`: the programme's figures as one self-contained HTML page, or as JSON.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use jiff::Timestamp;
use jiff::civil::Date;
use mentormail::admin::report::programme_report;
use mentormail::report::{Scope, html};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Args)]
pub struct ReportArgs {
    /// Only the pairs of this programme.
    #[arg(long)]
    pub programme: Option<String>,
    /// Only the pairs of this cohort.
    #[arg(long)]
    pub cohort: Option<String>,
    /// Count mail, replies, notes and decisions from this day (YYYY-MM-DD, UTC) on; states,
    /// goals and items are as they are now.
    #[arg(long)]
    pub since: Option<Date>,
    /// Write the HTML page here (default without --json: report.html).
    #[arg(long, value_name = "FILE.html")]
    pub out: Option<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Write the page of the report of `scope` to `out`; returns the report.
pub async fn write_report<S: Store>(
    repo: &Repo<S>,
    scope: Scope,
    now: Timestamp,
    out: &Path,
) -> anyhow::Result<mentormail::report::Report> {
    let report = programme_report(repo, &scope, now).await?;
    let page = html::render(&report)?;
    std::fs::write(out, page).with_context(|| format!("writing {}", out.display()))?;
    Ok(report)
}

pub async fn report<S: Store>(
    repo: &Repo<S>,
    args: ReportArgs,
    now: Timestamp,
) -> anyhow::Result<()> {
    let scope = Scope {
        programme: args.programme,
        cohort: args.cohort,
        since: args.since,
    };
    let out = match (args.out, args.json) {
        (Some(out), _) => Some(out),
        (None, false) => Some(PathBuf::from("report.html")),
        (None, true) => None,
    };
    let report = match &out {
        Some(out) => write_report(repo, scope, now, out).await?,
        None => programme_report(repo, &scope, now).await?,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else if let Some(out) = out {
        writeln!(
            stdout,
            "Report of {} pairs written to {}",
            report.pairs,
            out.display()
        )?;
    }
    Ok(())
}
