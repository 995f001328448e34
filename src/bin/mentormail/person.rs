//! `mentormail person`: an admin's hand on one person's mail status and time zone.

use std::io::Write;

use clap::Subcommand;
use jiff::Timestamp;
use jiff::civil::Date;
use mentormail::admin::enrol::Enrolled;
use mentormail::admin::pair_state::set_time_zone;
use mentormail::admin::person_state::{Applied, OnBehalf, on_behalf};
use mentormail::domain::{Email, Person, PersonStatus};
use mentormail::store::Store;
use mentormail::store::repo::{AliasAdded, Reactivation, Repo};

use crate::pair::write_rescheduled;

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Clear a person's `bouncing` or `stopped` status, so that they get mail again from their
    /// next due prompt on. For after the address was fixed (bouncing) or the person asked to
    /// come back (stopped); a paused person resumes by themselves.
    Reactivate {
        /// The person's address.
        email: String,
    },
    /// Pause a person's mail on their behalf, as their own "pause" reply would: nothing to them
    /// until the date, then it resumes by itself. Recorded in the timeline of each of their pairs.
    Pause {
        /// The person's address.
        email: String,
        /// Last day without mail is the day before this one (YYYY-MM-DD, their local date);
        /// default: two weeks from today, as a bare "pause".
        #[arg(long)]
        until: Option<Date>,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Resume a paused person's mail on their behalf, as their own "resume" reply would.
    Resume {
        /// The person's address.
        email: String,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Stop all mail to a person on their behalf, as their own "stop" reply would
    /// (`person reactivate` undoes it).
    Stop {
        /// The person's address.
        email: String,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Change a person's own time zone: a mentor's digests and alerts move to their local time
    /// in it (enrolment gives a new mentor the mentee's zone); a mentee's prompts and reminders
    /// move too.
    Set {
        /// The person's address.
        email: String,
        /// The new IANA time zone (e.g. America/New_York).
        #[arg(long)]
        time_zone: String,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Give a person an extra address (or take it away with --remove): mail from it, when its
    /// own domain authenticates it, is taken as theirs (a reply from a phone's other account,
    /// notes from a second work address). Without ALIAS, lists their extra addresses.
    Alias {
        /// The person's address (as enrolled).
        email: String,
        /// The extra address.
        alias: Option<String>,
        /// Take the extra address away instead.
        #[arg(long, requires = "alias")]
        remove: bool,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

pub async fn execute<S: Store>(
    command: PersonCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        PersonCommand::Pause { email, until, json } => {
            let done = on_behalf(repo, &email, OnBehalf::Pause { until }, now).await?;
            applied(out, &done, json)?;
        }
        PersonCommand::Resume { email, json } => {
            let done = on_behalf(repo, &email, OnBehalf::Resume, now).await?;
            applied(out, &done, json)?;
        }
        PersonCommand::Stop { email, json } => {
            let done = on_behalf(repo, &email, OnBehalf::Stop, now).await?;
            applied(out, &done, json)?;
        }
        PersonCommand::Set {
            email,
            time_zone,
            json,
        } => {
            let set = set_time_zone(repo, &email, &time_zone, now).await?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&set)?)?;
            } else if set.was == set.person.time_zone {
                writeln!(out, "{}: already in {}", set.person.email, set.was)?;
            } else {
                writeln!(
                    out,
                    "{}: time zone {} -> {}",
                    set.person.email, set.was, set.person.time_zone
                )?;
                write_rescheduled(out, &set.rescheduled, &set.person.time_zone)?;
            }
        }
        PersonCommand::Alias {
            email,
            alias,
            remove,
            json,
        } => alias_command(repo, &email, alias.as_deref(), remove, json, out).await?,
        PersonCommand::Reactivate { email } => {
            let email = Email::parse(&email)?;
            match repo.reactivate(&email, now).await? {
                Reactivation::Reactivated { was, reason } => {
                    write!(out, "{email}: active again (was {was}")?;
                    match reason {
                        Some(reason) => writeln!(out, ": {reason})")?,
                        None => writeln!(out, ")")?,
                    }
                }
                Reactivation::NothingToClear(status) => {
                    writeln!(out, "{email}: {status}; nothing to clear")?;
                }
                Reactivation::UnknownPerson => {
                    anyhow::bail!("{email} is not enrolled");
                }
            }
        }
    }
    Ok(())
}

async fn alias_command<S: Store>(
    repo: &Repo<S>,
    email: &str,
    alias: Option<&str>,
    remove: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let email = Email::parse(email)?;
    let done = match alias.map(Email::parse).transpose()? {
        None => "listed",
        Some(alias) if remove => {
            if !repo.remove_alias(&email, &alias).await? {
                anyhow::bail!("{alias} is not an extra address of {email}");
            }
            "removed"
        }
        Some(alias) => match repo.add_alias(&email, &alias).await? {
            AliasAdded::Added => "added",
            AliasAdded::AlreadyTheirs => "unchanged",
            AliasAdded::NoSuchPerson => anyhow::bail!("{email} is not enrolled"),
            AliasAdded::IsAPerson => {
                anyhow::bail!("{alias} is a participant's own address, not an extra one")
            }
            AliasAdded::OtherPersons(owner) => {
                anyhow::bail!("{alias} is already an extra address of {owner}")
            }
        },
    };
    let aliases = repo.aliases(&email).await?;
    if json {
        let result = serde_json::json!({"person": email, "aliases": aliases, "done": done});
        writeln!(out, "{}", serde_json::to_string_pretty(&result)?)?;
    } else if aliases.is_empty() {
        writeln!(out, "{email}: no extra addresses ({done})")?;
    } else {
        let list: Vec<&str> = aliases.iter().map(|a| a.as_str()).collect();
        writeln!(out, "{email}: extra addresses {} ({done})", list.join(", "))?;
    }
    Ok(())
}

fn applied(out: &mut impl Write, done: &Applied, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(done)?)?;
        return Ok(());
    }
    let person = &done.person;
    write!(out, "{}: {} (was {}", person.email, person.status, done.was)?;
    match person.paused_until {
        Some(until) if person.status == PersonStatus::Paused => {
            write!(out, "; mail again from {until}")?
        }
        _ => {}
    }
    writeln!(
        out,
        "); recorded as {} in {} pair timeline(s)",
        done.event, done.pairs
    )?;
    if person.status == PersonStatus::Bouncing {
        writeln!(
            out,
            "note: {} stays bouncing; `mentormail person reactivate {}` clears it",
            person.email, person.email
        )?;
    }
    Ok(())
}

/// What an enrolment kept that an admin may not expect: enrolling again keeps a person's
/// `bouncing` or `stopped` status (a re-import must not mail an address that bounces, nor
/// someone who asked to stop), and says so with the command that clears it.
pub fn enrol_notices(done: &Enrolled) -> Vec<String> {
    [&done.mentor, &done.mentee]
        .into_iter()
        .filter(|person| {
            matches!(
                person.status,
                PersonStatus::Bouncing | PersonStatus::Stopped
            )
        })
        .map(kept_status)
        .collect()
}

fn kept_status(person: &Person) -> String {
    let reason = person
        .status_reason
        .as_deref()
        .map(|reason| format!(" ({reason})"))
        .unwrap_or_default();
    format!(
        "note: {} stays {}{reason}; `mentormail person reactivate {}` clears it",
        person.email, person.status, person.email
    )
}
