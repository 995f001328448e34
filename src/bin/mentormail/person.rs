//! `mentormail person`: an admin's view of and hand on one person's mail status.

use std::io::Write;

use clap::Subcommand;
use jiff::Timestamp;
use mentormail::admin::enrol::Enrolled;
use mentormail::domain::{Email, Person, PersonStatus};
use mentormail::store::Store;
use mentormail::store::repo::{Reactivation, Repo};

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Clear a person's `bouncing` or `stopped` status, so that they get mail again from their
    /// next due prompt on. For after the address was fixed (bouncing) or the person asked to
    /// come back (stopped); a paused person resumes by themselves.
    Reactivate { email: String },
}

pub async fn execute<S: Store>(
    command: PersonCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
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
