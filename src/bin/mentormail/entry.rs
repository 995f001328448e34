//! `mentormail entry remove`: take a wrongly recorded entry out of a timeline.

use std::io::Write;

use clap::Subcommand;
use jiff::Timestamp;
use mentormail::admin::entries::remove_entry;
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Subcommand)]
pub enum EntryCommand {
    /// Remove a wrongly recorded reflection or feedback entry (notes about the wrong mentee),
    /// with the action items, decisions (and their follow-ups) and goals that mail added. The
    /// removal is recorded in the timeline.
    Remove {
        /// The entry's id: the `id` of the entry in `mentormail timeline MENTEE --json`
        /// (MENTORSHIP:KEY).
        id: String,
        /// Print what was removed as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

pub async fn execute<S: Store>(
    command: EntryCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let EntryCommand::Remove { id, json } = command;
    let removed = remove_entry(repo, &id, now).await?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&removed)?)?;
        return Ok(());
    }
    let e = &removed.entry;
    writeln!(
        out,
        "Removed entry {id} from {} (\"{}\", {}); with it {} action item(s), {} decision(s), \
         {} goal(s), {} scheduled mail",
        e.author,
        e.subject,
        mentormail::domain::time::key_time(e.at),
        removed.action_items,
        removed.decisions,
        removed.goals,
        removed.unscheduled
    )?;
    Ok(())
}
