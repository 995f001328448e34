//! `mentormail programme`: what a programme as a whole is set to: the mentees' monthly recap on
//! or off, and the admins who get the weekly programme summary.

use std::io::Write;

use clap::{Subcommand, ValueEnum};
use jiff::Timestamp;
use mentormail::domain::Email;
use mentormail::domain::programme::next_summary_due;
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Subcommand)]
pub enum ProgrammeCommand {
    /// Turn the mentees' monthly recap (sent with the first prompt of each month) on or off.
    Recap {
        state: OnOff,
        /// The programme, as its pairs name it.
        #[arg(long)]
        programme: String,
    },
    /// Who gets the weekly programme summary (Mondays 08:00 UTC), one mail each.
    #[command(subcommand)]
    Admins(AdminsCommand),
    /// Print a programme's settings and the admins' next summaries.
    Show {
        #[arg(long)]
        programme: String,
    },
}

#[derive(Subcommand)]
pub enum AdminsCommand {
    /// Replace the list of admins (no address: nobody gets the summary any more).
    Set {
        #[arg(long)]
        programme: String,
        /// The admins' addresses.
        admins: Vec<String>,
    },
    /// Print the list of admins.
    Show {
        #[arg(long)]
        programme: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

pub async fn execute<S: Store>(
    command: ProgrammeCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ProgrammeCommand::Recap { state, programme } => {
            let before = repo.programme_settings(&programme, now).await?;
            let mut settings = before.clone();
            settings.recap = state == OnOff::On;
            settings.updated_at = now;
            repo.set_programme_settings(&settings, &before, next_summary_due(now))
                .await?;
            writeln!(
                out,
                "Monthly recap of {programme}: {}",
                if settings.recap { "on" } else { "off" }
            )?;
        }
        ProgrammeCommand::Admins(AdminsCommand::Set { programme, admins }) => {
            let mut addresses: Vec<Email> = Vec::new();
            for admin in &admins {
                let address = Email::parse(admin)?;
                if !addresses.contains(&address) {
                    addresses.push(address);
                }
            }
            let before = repo.programme_settings(&programme, now).await?;
            let mut settings = before.clone();
            settings.admins = addresses;
            settings.updated_at = now;
            let first = next_summary_due(now);
            repo.set_programme_settings(&settings, &before, first)
                .await?;
            if settings.admins.is_empty() {
                writeln!(out, "Admins of {programme}: none; no weekly summary")?;
            } else {
                writeln!(
                    out,
                    "Admins of {programme}: {}; new admins' first summary {first}",
                    join(&settings.admins)
                )?;
            }
        }
        ProgrammeCommand::Admins(AdminsCommand::Show { programme }) => {
            let settings = repo.programme_settings(&programme, now).await?;
            writeln!(out, "Admins of {programme}: {}", join(&settings.admins))?;
        }
        ProgrammeCommand::Show { programme } => {
            let settings = repo.programme_settings(&programme, now).await?;
            writeln!(out, "Programme: {programme}")?;
            writeln!(
                out,
                "Monthly recap: {}",
                if settings.recap { "on" } else { "off" }
            )?;
            writeln!(out, "Admins: {}", join(&settings.admins))?;
            for item in repo.programme_schedule(&programme).await? {
                writeln!(out, "  next {} at {}", item.task.slot(), item.due_at)?;
            }
        }
    }
    Ok(())
}

fn join(admins: &[Email]) -> String {
    if admins.is_empty() {
        return "none".to_string();
    }
    admins
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
