//! `mentormail goal ...` and `mentormail item ...`: a pair's goals and the open action items
//! from mentors' notes, by the ids `goal list` prints (`MENTORSHIP:ID`).

use std::io::Write;

use clap::Subcommand;
use jiff::Timestamp;
use jiff::civil::Date;
use mentormail::admin::goals::{GoalEdit, add_goal, edit_goal, list_goals, settle_item};
use mentormail::admin::lookup::{find_mentorship, qualified};
use mentormail::admin::timeline::{goal_line, local};
use mentormail::domain::feedback::ItemStatus;
use mentormail::domain::ids::random_id;
use mentormail::domain::{Goal, GoalStatus};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Subcommand)]
pub enum GoalCommand {
    /// Add a goal to a mentee's mentorship.
    Add {
        /// The mentee's address.
        #[arg(long)]
        mentee: String,
        /// The mentor's address, when the mentee has several mentors.
        #[arg(long)]
        mentor: Option<String>,
        /// Target date (YYYY-MM-DD); reminders go out before it.
        #[arg(long)]
        by: Option<Date>,
        /// What the mentee wants to achieve.
        title: String,
    },
    /// List a pair's goals and open action items, with the ids the other goal and item
    /// commands take.
    List {
        /// The mentee's address.
        mentee: String,
        /// The mentor's address, when the mentee has several mentors.
        #[arg(long)]
        mentor: Option<String>,
        /// Print one JSON object: mentorship, mentor, mentee, goals (id, title, target,
        /// status), items (id, text, owner, created_at).
        #[arg(long)]
        json: bool,
    },
    /// Change a goal's text or target date (a new date restarts its reminders).
    Edit {
        /// The goal's id, as `goal list` prints it (MENTORSHIP:ID).
        id: String,
        /// The goal's new text.
        #[arg(long)]
        text: Option<String>,
        /// The new target date (YYYY-MM-DD).
        #[arg(long)]
        by: Option<Date>,
        /// Print the goal as it now is, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a goal achieved; its reminders stop.
    Done {
        /// The goal's id, as `goal list` prints it (MENTORSHIP:ID).
        id: String,
        /// Print the goal as it now is, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Drop a goal (no longer pursued, or recorded by mistake); its reminders stop.
    Drop {
        /// The goal's id, as `goal list` prints it (MENTORSHIP:ID).
        id: String,
        /// Print the goal as it now is, as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ItemCommand {
    /// Close an open action item as done: prompts stop asking about it.
    Close {
        /// The item's id, as `goal list` prints it (MENTORSHIP:ID).
        id: String,
        /// Print the item as it now is, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Drop an open action item (not to be done, or recorded by mistake).
    Drop {
        /// The item's id, as `goal list` prints it (MENTORSHIP:ID).
        id: String,
        /// Print the item as it now is, as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub async fn goal<S: Store>(
    command: GoalCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (id, edit, json) = match command {
        GoalCommand::Add {
            mentee,
            mentor,
            by,
            title,
        } => {
            let (mentorship, mentee) = find_mentorship(repo, &mentee, mentor.as_deref()).await?;
            let goal = Goal {
                id: random_id(),
                mentorship_id: mentorship.id.clone(),
                title: title.trim().to_string(),
                target: by,
                status: GoalStatus::Open,
                created_at: now,
                progress: Vec::new(),
            };
            let reminder = add_goal(repo, &goal, &mentorship, &mentee, now).await?;
            write!(
                out,
                "Goal {} added for {}",
                qualified(&mentorship.id, &goal.id),
                mentee.name
            )?;
            match reminder {
                Some(at) => writeln!(out, "; reminder due {}", local(at, &mentee.time_zone))?,
                None => writeln!(out)?,
            }
            return Ok(());
        }
        GoalCommand::List {
            mentee,
            mentor,
            json,
        } => {
            let list = list_goals(repo, &mentee, mentor.as_deref()).await?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
                return Ok(());
            }
            writeln!(
                out,
                "Goals of {} with {} (mentorship {}):",
                list.mentee, list.mentor, list.mentorship
            )?;
            if list.goals.is_empty() {
                writeln!(out, "  (none)")?;
            }
            for g in &list.goals {
                let target = g.target.map(|t| format!(" (by {t})")).unwrap_or_default();
                writeln!(
                    out,
                    "  {}  [{}] {}{target}",
                    g.id,
                    g.status.as_str(),
                    g.title
                )?;
            }
            writeln!(out, "Open action items:")?;
            if list.items.is_empty() {
                writeln!(out, "  (none)")?;
            }
            for i in &list.items {
                let owner = i
                    .owner
                    .as_deref()
                    .map(|o| format!(" (owner: {o})"))
                    .unwrap_or_default();
                writeln!(out, "  {}  {}{owner}", i.id, i.text)?;
            }
            return Ok(());
        }
        GoalCommand::Edit { id, text, by, json } => (
            id,
            GoalEdit::Change {
                title: text,
                target: by,
            },
            json,
        ),
        GoalCommand::Done { id, json } => (id, GoalEdit::Done, json),
        GoalCommand::Drop { id, json } => (id, GoalEdit::Drop, json),
    };
    let (goal, reminder) = edit_goal(repo, &id, edit, now).await?;
    if json {
        let value = serde_json::json!({
            "id": qualified(&goal.mentorship_id, &goal.id),
            "goal": goal,
            "next_reminder": reminder,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    write!(out, "Goal {id}: {}", goal_line(&goal))?;
    match reminder {
        Some(at) => writeln!(
            out,
            "; next reminder {}",
            mentormail::domain::time::key_time(at)
        )?,
        None => writeln!(out)?,
    }
    Ok(())
}

pub async fn item<S: Store>(
    command: ItemCommand,
    repo: &Repo<S>,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (id, status, json) = match command {
        ItemCommand::Close { id, json } => (id, ItemStatus::Done, json),
        ItemCommand::Drop { id, json } => (id, ItemStatus::Dropped, json),
    };
    let item = settle_item(repo, &id, status, now).await?;
    if json {
        let value = serde_json::json!({
            "id": qualified(&item.mentorship_id, &item.id),
            "item": item,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        let how = match item.status {
            ItemStatus::Done => "closed",
            ItemStatus::Dropped => "dropped",
            ItemStatus::Open => "open",
        };
        writeln!(out, "Action item {id} {how}: {}", item.text)?;
    }
    Ok(())
}
