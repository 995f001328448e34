//! The mentormail CLI.
//!
//! Local mode (the default): a SQLite file and an outbox folder of `.eml` files under `--data`.
//! AWS mode (`--aws`, or `MENTORMAIL_TABLE` set): the deployed table, SES v2, through the
//! standard AWS configuration. The same use cases run in both.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use mentormail::config::{Settings, table_name};
use mentormail::domain::feedback::NoteItems;
use mentormail::domain::ids::{mentorship_id, normalise_address, random_id};
use mentormail::domain::prompts::{Habit, missing_habits, parse_bank};
use mentormail::domain::time::key_time;
use mentormail::domain::{
    Cadence, EntryBody, Goal, GoalStatus, Mentorship, Person, PersonStatus, SendOutcome,
};
use mentormail::ingest::{Envelope, Verdicts, ingest};
use mentormail::mail::parse::parse;
use mentormail::mail::token::TokenKey;
use mentormail::schedule::run;
use mentormail::send::Mailer;
use mentormail::send::outbox::OutboxMailer;
use mentormail::send::ses::SesMailer;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::{Pairing, QuestionBank, Task};
use mentormail::store::repo::Repo;

mod demo;

#[derive(Parser)]
#[command(
    name = "mentormail",
    version,
    about = "Email-driven mentorship assistant"
)]
struct Cli {
    /// Use the deployed stack (DynamoDB, SES v2) instead of the local SQLite file and outbox.
    /// Implied when MENTORMAIL_TABLE is set.
    #[arg(long, global = true)]
    aws: bool,
    /// Local mode's folder: mentormail.sqlite and outbox/ live here.
    #[arg(
        long,
        global = true,
        env = "MENTORMAIL_DATA",
        default_value = "mentormail-data"
    )]
    data: PathBuf,
    /// The current time, for travelling in time (RFC 3339, e.g. 2026-11-30T09:00:00Z).
    #[arg(long, global = true, env = "MENTORMAIL_NOW")]
    now: Option<Timestamp>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Enrol a mentor and a mentee as a pair (again: updates the pair).
    Enrol(EnrolArgs),
    /// Goals of a mentorship.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Ingest one raw mail (.eml) as if SES had received it.
    Ingest {
        file: PathBuf,
        /// The dedupe key (SES messageId); default: the mail's Message-ID.
        #[arg(long)]
        message_id: Option<String>,
    },
    /// Run the scheduler once: send what is due.
    Tick {
        /// Run as of this time (same as --now).
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Print a mentee's timeline: goals, what was sent, reflections and feedback.
    Timeline {
        mentee: String,
        /// Which mentorship, when the mentee has several mentors.
        #[arg(long)]
        mentor: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Parse one mail (or a list of mails) and print what was extracted, as JSON.
    Parse {
        file: Option<PathBuf>,
        /// Print JSON (the only format; accepted for the documented contract).
        #[arg(long)]
        json: bool,
        /// A file listing .eml paths, one a line: prints one JSON object a line, with "id".
        #[arg(long, conflicts_with = "file")]
        batch: Option<PathBuf>,
    },
    /// A mentor's preferences: whether their notes to notes@ are acknowledged by mail.
    Mentor {
        email: String,
        /// Stop sending acknowledgements of forwarded notes.
        #[arg(long)]
        no_ack: bool,
        /// Send acknowledgements again (the default).
        #[arg(long, conflicts_with = "no_ack")]
        ack: bool,
    },
    /// The questions prompts ask: the built-in bank, or the programme's own.
    #[command(subcommand)]
    Questions(QuestionsCommand),
    /// Run the whole flow locally on example mail: enrol, prompt, replies, timeline.
    Demo {
        /// Where the demo's data goes (emptied first).
        #[arg(long, default_value = "mentormail-demo")]
        dir: PathBuf,
    },
}

#[derive(Args)]
struct EnrolArgs {
    #[arg(long)]
    mentor: String,
    #[arg(long)]
    mentor_name: String,
    #[arg(long)]
    mentee: String,
    #[arg(long)]
    mentee_name: String,
    /// The mentee's IANA time zone; prompts go out at their local time.
    #[arg(long, default_value = "UTC")]
    time_zone: String,
    /// weekly:DAY, fortnightly:DAY or days:DAY,DAY (DAY = mon..sun).
    #[arg(long, default_value = "weekly:mon")]
    cadence: Cadence,
    /// Local time of day for prompts (HH:MM).
    #[arg(long, default_value = "09:00")]
    at: Time,
    #[arg(long, env = "MENTORMAIL_PROGRAMME", default_value = "PM Mentoring")]
    programme: String,
    #[arg(long)]
    cohort: Option<String>,
}

#[derive(Subcommand)]
enum QuestionsCommand {
    /// Replace the bank with a TOML file of `[[question]]` entries (`habit` = expectations,
    /// feedback, decisions or exposure; `text`). See infra/examples/questions.toml.
    Set { file: PathBuf },
    /// Print the bank in use.
    Show,
    /// Go back to the built-in bank.
    Reset,
}

#[derive(Subcommand)]
enum GoalCommand {
    /// Add a goal to a mentee's mentorship.
    Add {
        #[arg(long)]
        mentee: String,
        #[arg(long)]
        mentor: Option<String>,
        /// Target date (YYYY-MM-DD); reminders go out before it.
        #[arg(long)]
        by: Option<Date>,
        title: String,
    },
    /// List a mentee's goals.
    List {
        #[arg(long)]
        mentee: String,
        #[arg(long)]
        mentor: Option<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Parse { file, batch, .. } = &cli.command {
        return parse_command(file.as_deref(), batch.as_deref());
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async_main(cli))
}

async fn async_main(cli: Cli) -> anyhow::Result<()> {
    let now = match &cli.command {
        Command::Tick { at: Some(at) } => *at,
        _ => cli.now.unwrap_or_else(Timestamp::now),
    };
    if let Command::Demo { dir } = &cli.command {
        return demo::run_demo(dir).await;
    }
    let aws = cli.aws || std::env::var_os("MENTORMAIL_TABLE").is_some();
    if aws {
        let sdk = mentormail::aws::load_config().await;
        let settings = Settings::from_env_aws(&sdk).await?;
        let repo = Repo::new(DynamoStore::new(
            mentormail::aws::dynamodb_client(&sdk),
            table_name()?,
        ));
        let mailer = SesMailer::new(
            mentormail::aws::sesv2_client(&sdk),
            settings.configuration_set.clone(),
        );
        execute(cli.command, &repo, &mailer, &settings, now).await
    } else {
        let (repo, mailer, settings) = open_local(&cli.data).await?;
        execute(cli.command, &repo, &mailer, &settings, now).await
    }
}

/// Local mode: the SQLite file, the outbox and the settings (the token secret is
/// `MENTORMAIL_TOKEN_SECRET`, or one generated at first use and kept in the local database).
pub(crate) async fn open_local(
    data: &Path,
) -> anyhow::Result<(Repo<EmbeddedStore>, OutboxMailer, Settings)> {
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    let store = EmbeddedStore::open(data.join("mentormail.sqlite"))?;
    let mailer = OutboxMailer::new(data.join("outbox"))?;
    let secret = match std::env::var("MENTORMAIL_TOKEN_SECRET") {
        Ok(secret) if !secret.is_empty() => secret,
        _ => local_secret(&store).await?,
    };
    let settings = Settings::from_env_with_key(TokenKey::new(secret));
    Ok((Repo::new(store), mailer, settings))
}

const SECRET_KEY: (&str, &str) = ("CONFIG", "TOKEN_SECRET");

async fn local_secret(store: &EmbeddedStore) -> anyhow::Result<String> {
    let key = mentormail::store::Key::new(SECRET_KEY.0, SECRET_KEY.1);
    if let Some(item) = store.get(&key).await?
        && let Some(secret) = item.body.get("secret").and_then(|v| v.as_str())
    {
        return Ok(secret.to_string());
    }
    let secret = format!("{}{}{}", random_id(), random_id(), random_id());
    save_local_secret(store, &secret).await?;
    Ok(secret)
}

/// Keep the token secret of a local data folder in its database, so every later command on the
/// folder accepts the replies to the prompts it sent.
pub(crate) async fn save_local_secret(store: &EmbeddedStore, secret: &str) -> anyhow::Result<()> {
    use mentormail::store::{Condition, Item, Key, Write};
    let mut body = serde_json::Map::new();
    body.insert("secret".into(), secret.into());
    store
        .write(vec![Write::Put {
            item: Item {
                key: Key::new(SECRET_KEY.0, SECRET_KEY.1),
                due: None,
                expires_at: None,
                body,
            },
            condition: Condition::None,
        }])
        .await?;
    Ok(())
}

pub(crate) async fn execute<S: Store, M: Mailer>(
    command: Command,
    repo: &Repo<S>,
    mailer: &M,
    settings: &Settings,
    now: Timestamp,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Enrol(args) => {
            let message = enrol(repo, args, now).await?;
            writeln!(out, "{message}")?;
        }
        Command::Goal(GoalCommand::Add {
            mentee,
            mentor,
            by,
            title,
        }) => {
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
            let reminder = repo.add_goal(&goal, &mentorship, &mentee, now).await?;
            write!(out, "Goal {} added for {}", goal.id, mentee.name)?;
            match reminder {
                Some(at) => writeln!(out, "; reminder due {}", local(at, &mentee.time_zone))?,
                None => writeln!(out)?,
            }
        }
        Command::Goal(GoalCommand::List { mentee, mentor }) => {
            let (mentorship, _) = find_mentorship(repo, &mentee, mentor.as_deref()).await?;
            for goal in repo.goals(&mentorship.id).await? {
                writeln!(out, "{}", goal_line(&goal))?;
            }
        }
        Command::Ingest { file, message_id } => {
            let raw =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let message_id = message_id
                .or_else(|| parse(&raw).message_id)
                .unwrap_or_else(|| {
                    mentormail::domain::ids::message_key(&String::from_utf8_lossy(&raw))
                });
            let envelope = Envelope {
                message_id,
                received_at: now,
                recipients: Vec::new(),
                verdicts: Verdicts::default(),
            };
            let outcome = ingest(repo, mailer, &settings.ingest(), &envelope, &raw).await?;
            writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
        }
        Command::Tick { .. } => {
            let report = run(repo, mailer, &settings.schedule(), now).await?;
            for sent in &report.sent {
                writeln!(
                    out,
                    "sent {} to {} (due {}): {} [{}]",
                    sent.kind,
                    sent.to,
                    key_time(sent.due_at),
                    sent.subject,
                    sent.message_id
                )?;
            }
            writeln!(
                out,
                "{} sent, {} skipped, {} deferred, {} failed, {} rejected, {} raced, {} dropped",
                report.sent.len(),
                report.skipped,
                report.deferred,
                report.failed,
                report.rejected,
                report.raced,
                report.dropped
            )?;
        }
        Command::Timeline {
            mentee,
            mentor,
            json,
        } => {
            let text = timeline(repo, &mentee, mentor.as_deref(), json).await?;
            write!(out, "{text}")?;
        }
        Command::Questions(QuestionsCommand::Set { file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let questions =
                parse_bank(&text).with_context(|| format!("{} not taken", file.display()))?;
            let missing = missing_habits(&questions);
            let count = questions.len();
            repo.set_question_bank(Some(&QuestionBank {
                questions,
                updated_at: now,
            }))
            .await?;
            write!(
                out,
                "Question bank set: {count} questions from {}",
                file.display()
            )?;
            if missing.is_empty() {
                writeln!(out)?;
            } else {
                let names: Vec<String> = missing.iter().map(habit_name).collect();
                writeln!(
                    out,
                    "; no question for {}, so prompts leave that out",
                    names.join(", ")
                )?;
            }
        }
        Command::Questions(QuestionsCommand::Show) => {
            let (source, questions) = match repo.question_bank().await? {
                Some(bank) => (
                    format!("the programme's own (set {})", bank.updated_at),
                    bank.questions,
                ),
                None => ("built in".to_string(), settings.schedule().question_bank),
            };
            writeln!(out, "Question bank: {source}")?;
            for q in &questions {
                writeln!(out, "  {:<12} {}", habit_name(&q.habit), q.text)?;
            }
        }
        Command::Questions(QuestionsCommand::Reset) => {
            repo.set_question_bank(None).await?;
            writeln!(out, "Question bank: built in again")?;
        }
        Command::Mentor { email, no_ack, ack } => {
            let email = normalise_address(&email);
            let mut prefs = repo.mentor_settings(&email).await?;
            if no_ack || ack {
                prefs.acknowledge_notes = ack;
                repo.put_mentor_settings(&email, &prefs).await?;
            }
            writeln!(
                out,
                "{email}: acknowledgements of notes {}",
                if prefs.acknowledge_notes { "on" } else { "off" }
            )?;
        }
        Command::Parse { .. } | Command::Demo { .. } => unreachable!("handled before"),
    }
    Ok(())
}

async fn enrol<S: Store>(
    repo: &Repo<S>,
    args: EnrolArgs,
    now: Timestamp,
) -> anyhow::Result<String> {
    if jiff::tz::TimeZone::get(&args.time_zone).is_err() {
        bail!(
            "unknown time zone {:?} (use an IANA name such as Europe/London)",
            args.time_zone
        );
    }
    let mentor_email = normalise_address(&args.mentor);
    let mentee_email = normalise_address(&args.mentee);
    for email in [&mentor_email, &mentee_email] {
        if !email.contains('@') {
            bail!("{email:?} is not an e-mail address");
        }
    }
    if mentor_email == mentee_email {
        bail!("a mentor cannot mentor themselves");
    }
    let keep = |existing: Option<Person>, name: String, tz: String, email: &str| Person {
        status: existing
            .as_ref()
            .map(|p| p.status)
            .unwrap_or(PersonStatus::Active),
        paused_until: existing.and_then(|p| p.paused_until),
        email: email.to_string(),
        name,
        time_zone: tz,
    };
    // A mentor keeps their own zone once known; a new one is assumed to share the mentee's.
    let existing_mentor = repo.person(&mentor_email).await?;
    let mentor_tz = existing_mentor
        .as_ref()
        .map(|p| p.time_zone.clone())
        .unwrap_or_else(|| args.time_zone.clone());
    let mentor = keep(existing_mentor, args.mentor_name, mentor_tz, &mentor_email);
    let mentee = keep(
        repo.person(&mentee_email).await?,
        args.mentee_name,
        args.time_zone.clone(),
        &mentee_email,
    );
    let id = mentorship_id(&mentor_email, &mentee_email);
    let created_at = repo
        .mentorship(&id)
        .await?
        .map(|m| m.created_at)
        .unwrap_or(now);
    let mentorship = Mentorship {
        id: id.clone(),
        mentor: mentor_email,
        mentee: mentee_email,
        programme: args.programme,
        cohort: args.cohort,
        cadence: args.cadence,
        prompt_time: args.at,
        created_at,
        active: true,
    };
    let first = repo
        .enrol_with_kickoff(&mentor, &mentee, &mentorship, now)
        .await?;
    Ok(format!(
        "Enrolled {} (mentee) with {} (mentor): mentorship {id}, {}, first prompt {}",
        mentee.name,
        mentor.name,
        mentorship.cadence,
        local(first, &mentee.time_zone)
    ))
}

/// The mentorship in which `mentee` is the mentee (with `mentor`, when given).
async fn find_mentorship<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
) -> anyhow::Result<(Mentorship, Person)> {
    let mentee = normalise_address(mentee);
    let pairings: Vec<Pairing> = repo
        .pairings(&mentee)
        .await?
        .into_iter()
        .filter(|p| p.role == "mentee")
        .filter(|p| mentor.is_none_or(|m| normalise_address(m) == p.with))
        .collect();
    let pairing = match pairings.as_slice() {
        [] => bail!("{mentee} is not a mentee in any mentorship (enrol them first)"),
        [one] => one,
        several => bail!(
            "{mentee} has several mentors ({}); say which with --mentor",
            several
                .iter()
                .map(|p| p.with.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mentorship = repo
        .mentorship(&pairing.mentorship_id)
        .await?
        .context("the mentorship record is missing")?;
    let person = repo
        .person(&mentee)
        .await?
        .context("the mentee's profile is missing")?;
    Ok((mentorship, person))
}

fn local(at: Timestamp, tz: &str) -> String {
    at.to_zoned_datetime(mentormail::domain::schedule::zone(tz))
        .strftime("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

fn goal_line(goal: &Goal) -> String {
    let status = format!("{:?}", goal.status).to_lowercase();
    match goal.target {
        Some(t) => format!("[{status}] {} (by {t})", goal.title),
        None => format!("[{status}] {}", goal.title),
    }
}

/// The structured items of a feedback entry, one indented line each.
fn feedback_items(items: &NoteItems) -> String {
    let mut lines = Vec::new();
    for a in &items.action_items {
        lines.push(format!("action item: {}", a.text));
    }
    for f in &items.feedback {
        lines.push(format!("{}: {}", f.heading.to_lowercase(), f.text));
    }
    for g in &items.goals {
        match g.target {
            Some(t) => lines.push(format!("goal: {} (target {t})", g.text)),
            None => lines.push(format!("goal: {}", g.text)),
        }
    }
    if let Some(next) = &items.next_session {
        match next.date {
            Some(d) => lines.push(format!("next session: {} ({d})", next.text)),
            None => lines.push(format!("next session: {}", next.text)),
        }
    }
    lines.iter().map(|l| format!("\n      * {l}")).collect()
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mentee's timeline as text (or JSON).
pub(crate) async fn timeline<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
    json: bool,
) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let (mentorship, mentee) = find_mentorship(repo, mentee, mentor).await?;
    let mentor = repo
        .person(&mentorship.mentor)
        .await?
        .context("mentor profile missing")?;
    let goals = repo.goals(&mentorship.id).await?;
    let entries = repo.timeline(&mentorship.id).await?;
    let sent = repo.sent(&mentorship.id).await?;
    let schedule = repo.schedule(&mentorship.id).await?;
    let open_items = repo.open_items(&mentorship.id).await?;
    if json {
        return Ok(serde_json::to_string_pretty(&serde_json::json!({
            "mentorship": mentorship,
            "mentor": mentor,
            "mentee": mentee,
            "goals": goals,
            "sent": sent,
            "entries": entries,
            "schedule": schedule,
            "open_items": open_items,
        }))? + "\n");
    }
    let tz = mentee.time_zone.as_str();
    let mut s = String::new();
    writeln!(
        s,
        "Mentorship {}: {} <{}> mentors {} <{}>, {} at {} {}",
        mentorship.id,
        mentor.name,
        mentor.email,
        mentee.name,
        mentee.email,
        mentorship.cadence,
        mentorship.prompt_time.strftime("%H:%M"),
        tz
    )?;
    writeln!(s, "\nGoals:")?;
    if goals.is_empty() {
        writeln!(s, "  (none yet)")?;
    }
    for goal in &goals {
        writeln!(s, "  {}", goal_line(goal))?;
    }
    if !open_items.is_empty() {
        writeln!(s, "\nOpen items (from mentor's notes):")?;
        for item in &open_items {
            writeln!(s, "  [{}] {}", item.id, item.text)?;
        }
    }
    // Sent mail and entries, merged by time.
    let mut rows: Vec<(Timestamp, String)> = Vec::new();
    for m in &sent {
        let what = match &m.outcome {
            SendOutcome::Sent { .. } => {
                format!("sent {}: \"{}\"", m.kind.replace('_', " "), m.subject)
            }
            SendOutcome::Skipped { reason } => format!("skipped {} ({reason})", m.kind),
            SendOutcome::Rejected { reason } => format!("rejected {} ({reason})", m.kind),
        };
        rows.push((m.due_at, what));
    }
    for e in &entries {
        let what = match &e.body {
            EntryBody::Reflection {
                prompt,
                text,
                answers,
            } => {
                let mut w = format!("reflection from {} (reply to prompt #{prompt})", e.author);
                // Inline answers are shown under their questions; of the text only what came
                // before the first answer is shown again.
                let preface = answers
                    .iter()
                    .filter_map(|a| text.find(a.answer.as_str()))
                    .min()
                    .map_or(text.as_str(), |at| &text[..at])
                    .trim();
                if !preface.is_empty() {
                    write!(w, "\n{}", indent(preface))?;
                }
                for mentormail::domain::entry::Answer {
                    question: q,
                    answer: a,
                } in answers
                {
                    write!(w, "\n      Q: {q}\n{}", indent(a))?;
                }
                w
            }
            EntryBody::Feedback {
                comment,
                forwarded,
                items,
                context,
            } => {
                let mut w = format!("feedback from {}", e.author);
                if !comment.is_empty() {
                    write!(w, "\n{}", indent(comment))?;
                }
                for f in forwarded {
                    let label = if f.from_mentee {
                        "mentee's mail"
                    } else {
                        "forwarded"
                    };
                    write!(
                        w,
                        "\n      {label}: {} \"{}\" {}\n{}",
                        f.from,
                        f.subject,
                        f.date,
                        indent(&f.text)
                    )?;
                }
                if let Some(context) = context {
                    write!(w, "\n      comments on the reflection of message {context}")?;
                }
                write!(w, "{}", feedback_items(items))?;
                w
            }
        };
        rows.push((e.at, what));
    }
    for event in mentormail::replies::events(repo, &mentorship.id).await? {
        rows.push((
            event.at,
            format!("mentee asked: {} {}", event.what, event.detail),
        ));
    }
    rows.sort_by_key(|(at, _)| *at);
    writeln!(s, "\nTimeline:")?;
    if rows.is_empty() {
        writeln!(s, "  (nothing yet)")?;
    }
    for (at, what) in rows {
        writeln!(s, "  {}  {what}", local(at, tz))?;
    }
    writeln!(s, "\nNext:")?;
    let mut schedule = schedule;
    schedule.sort_by_key(|item| item.due_at);
    for item in schedule {
        let what = match &item.task {
            Task::Prompt { seq, .. } => format!("prompt #{seq}"),
            Task::Kickoff => "kickoff (asks for goals)".to_string(),
            Task::MentorAlert { .. } => "mentor alert".to_string(),
            Task::Digest { .. } => "mentor digest".to_string(),
            Task::DecisionFollowUp { decision, days, .. } => {
                format!("{days}-day follow-up: {decision}")
            }
            Task::GoalReminder { goal_id, .. } => {
                let title = goals
                    .iter()
                    .find(|g| &g.id == goal_id)
                    .map(|g| g.title.as_str())
                    .unwrap_or(goal_id);
                format!("goal reminder: {title}")
            }
        };
        writeln!(s, "  {}  {what}", local(item.due_at, tz))?;
    }
    Ok(s)
}

fn parse_command(file: Option<&Path>, batch: Option<&Path>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(list) = batch {
        let paths = std::fs::read_to_string(list)
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
        let raw = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        serde_json::to_writer_pretty(&mut out, &parse(&raw))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn habit_name(habit: &Habit) -> String {
    match habit {
        Habit::Expectations => "expectations",
        Habit::Feedback => "feedback",
        Habit::Decisions => "decisions",
        Habit::Exposure => "exposure",
    }
    .to_string()
}
