//! `mentormail pair end|set`: end a pair, or change its cadence, prompt time or the mentee's
//! time zone (what is scheduled moves with it).

use std::io::Write;

use clap::{Args, Subcommand};
use jiff::Timestamp;
use jiff::civil::Time;
use mentormail::admin::pair_state::{PairChange, Rescheduled, end_pair, set_pair};
use mentormail::admin::timeline::local;
use mentormail::domain::{Cadence, Zone};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

/// Which pair: the mentee, and the mentor when the mentee has several.
#[derive(Args)]
pub struct PairArg {
    /// The mentee's address.
    pub mentee: String,
    /// The mentor's address, when the mentee has several mentors.
    #[arg(long)]
    pub mentor: Option<String>,
}

#[derive(Subcommand)]
pub enum PairCommand {
    /// End a pair: no more mail of any kind to either person about it (its scheduled prompts,
    /// reminders, digests and alerts are removed); its records stay, and `mentormail pairs`
    /// shows it as ended. Enrolling the pair again restarts it.
    End {
        #[command(flatten)]
        pair: PairArg,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Change a pair's cadence, prompt time or the mentee's time zone; the next prompt moves to
    /// the first slot of the new settings (one prompt, never two), and goal reminders and
    /// decision follow-ups keep their date at the new time.
    Set {
        #[command(flatten)]
        pair: PairArg,
        /// New cadence: weekly:DAY, fortnightly:DAY or days:DAY,DAY (DAY = mon..sun).
        #[arg(long)]
        cadence: Option<Cadence>,
        /// New local time of day for prompts (HH:MM, in the mentee's zone).
        #[arg(long)]
        at: Option<Time>,
        /// The mentee's new IANA time zone (e.g. Europe/Berlin); it applies to all their pairs.
        #[arg(long)]
        time_zone: Option<String>,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// The moved items, one line each, in `zone`.
pub fn write_rescheduled(
    out: &mut impl Write,
    done: &Rescheduled,
    zone: &Zone,
) -> std::io::Result<()> {
    for m in &done.moved {
        writeln!(
            out,
            "  moved {} of {}: {} -> {}",
            m.what,
            m.mentorship_id,
            local(m.from, zone),
            local(m.to, zone)
        )?;
    }
    for what in &done.in_flight {
        writeln!(
            out,
            "  {what} is being sent right now: left as it is; the next one follows the change"
        )?;
    }
    Ok(())
}

pub async fn execute<S: Store>(
    command: PairCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        PairCommand::End { pair, json } => {
            let ended = end_pair(repo, &pair.mentee, pair.mentor.as_deref(), now).await?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&ended)?)?;
            } else {
                let m = &ended.mentorship;
                let how = if ended.ended_now {
                    "ended"
                } else {
                    "had already ended"
                };
                writeln!(
                    out,
                    "Pair {} ({} mentors {}) {how}; {} scheduled mail removed; records kept",
                    m.id, m.mentor, m.mentee, ended.unscheduled
                )?;
            }
        }
        PairCommand::Set {
            pair,
            cadence,
            at,
            time_zone,
            json,
        } => {
            let change = PairChange {
                cadence,
                at,
                time_zone,
            };
            let set = set_pair(repo, &pair.mentee, pair.mentor.as_deref(), change, now).await?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&set)?)?;
                return Ok(());
            }
            let m = &set.mentorship;
            if set.changed.is_empty() {
                writeln!(out, "Pair {}: nothing changed", m.id)?;
            } else {
                writeln!(out, "Pair {}: {}", m.id, set.changed.join("; "))?;
            }
            let zone = &set.mentee.time_zone;
            match set.next_prompt {
                Some(at) => writeln!(out, "  next prompt {}", local(at, zone))?,
                None => writeln!(out, "  no prompt scheduled")?,
            }
            write_rescheduled(out, &set.rescheduled, zone)?;
        }
    }
    Ok(())
}
