//! The CLI's arguments: every command and flag, with its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;
use jiff::civil::Time;
use mentormail::admin::enrol::EnrolRequest;
use mentormail::domain::Cadence;

#[derive(Parser)]
#[command(
    name = "mentormail",
    version,
    about = "Email-driven mentorship assistant"
)]
pub struct Cli {
    /// Use the deployed stack (DynamoDB, SES v2) instead of the local SQLite file and outbox.
    /// Implied when MENTORMAIL_TABLE is set.
    #[arg(long, global = true)]
    pub aws: bool,
    /// Local mode's folder: mentormail.sqlite and outbox/ live here.
    #[arg(
        long,
        global = true,
        env = "MENTORMAIL_DATA",
        default_value = "mentormail-data"
    )]
    pub data: PathBuf,
    /// The current time, for travelling in time (RFC 3339, e.g. 2026-11-30T09:00:00Z).
    #[arg(long, global = true, env = "MENTORMAIL_NOW")]
    pub now: Option<Timestamp>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Enrol a mentor and a mentee as a pair (again: updates the pair).
    Enrol(EnrolArgs),
    /// Goals of a mentorship: add, list (with ids), edit, complete, drop.
    #[command(subcommand)]
    Goal(crate::goals::GoalCommand),
    /// Open action items from mentors' notes: close or drop one (ids from `goal list`).
    #[command(subcommand)]
    Item(crate::goals::ItemCommand),
    /// A pair's state: end it, or change its cadence, prompt time or the mentee's time zone.
    #[command(subcommand)]
    Pair(crate::pair::PairCommand),
    /// Timeline entries: remove one recorded by mistake.
    #[command(subcommand)]
    Entry(crate::entry::EntryCommand),
    /// Ingest one raw mail (.eml) as if SES had received it.
    Ingest {
        /// The raw mail (RFC 5322), e.g. one stored by the SES receipt rule.
        file: PathBuf,
        /// The dedupe key (SES messageId); default: the receipt's messageId, else the mail's
        /// Message-ID.
        #[arg(long)]
        message_id: Option<String>,
        /// An SES receipt event (JSON, as in infra/events/ses-receipt-reply.json): its
        /// recipients, time and verdicts (spam, virus, SPF, DKIM, DMARC) are used as the inbound
        /// function would. Without it the mail is trusted as the admin's own replay.
        #[arg(long, value_name = "EVENT.json")]
        receipt: Option<PathBuf>,
    },
    /// Replay the deployed stack's failure queues (AWS only): each message goes to the handler
    /// of the function that failed, and is deleted once that handler succeeds. Safe to run twice.
    ReplayFailed {
        /// A queue to replay (repeatable). Default: MENTORMAIL_FAILED_QUEUE_URL (the functions'
        /// on-failure destination, stack output FailedInvocationsQueueUrl) and
        /// MENTORMAIL_SEND_DEAD_LETTER_QUEUE_URL (stack output SendDeadLetterQueueUrl).
        #[arg(long = "queue", value_name = "URL")]
        queues: Vec<String>,
        /// One JSON object per message instead of a line of text.
        #[arg(long)]
        json: bool,
    },
    /// Run the scheduler once: send what is due.
    Tick {
        /// Run as of this time (same as --now).
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Print a mentee's timeline: goals, what was sent, reflections and feedback.
    Timeline {
        /// The mentee's address.
        mentee: String,
        /// Which mentorship, when the mentee has several mentors.
        #[arg(long)]
        mentor: Option<String>,
        /// Print one JSON object; each entry has the `id` that `entry remove` takes.
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
    /// One person: pause, resume or stop their mail on their behalf, clear a bouncing or
    /// stopped state, change their time zone.
    #[command(subcommand)]
    Person(crate::person::PersonCommand),
    /// The questions prompts ask: the built-in bank, or the programme's own.
    #[command(subcommand)]
    Questions(QuestionsCommand),
    /// A programme as a whole: the mentees' monthly recap on or off, the admins who get the
    /// weekly programme summary.
    #[command(subcommand)]
    Programme(crate::programme::ProgrammeCommand),
    /// Import a cohort: a CSV file with one row per pair (again: updates what changed).
    Import(crate::import::ImportArgs),
    /// List pairs with both people, cadence, status, last reply, next prompt, open goals and
    /// items, and whether the pair has gone quiet.
    Pairs(crate::listing::PairsArgs),
    /// List the people in pairs, with their status.
    People(crate::listing::PeopleArgs),
    /// The programme's figures: response rate by week, pairs by state and at risk, goals, items,
    /// habits, decisions and mentor activity, as one self-contained HTML page (--out) or JSON.
    Report(crate::report::ReportArgs),
    /// Export everything stored about a person (profile, pairings, their pairs' reflections and
    /// feedback, goals, action items, mail sent, events) as one JSON document.
    Export(crate::data_requests::ExportArgs),
    /// Erase everything stored about a person: profile, their pairs with all the pairs'
    /// records, the raw mails and archive copies. Without --yes, only says what would go.
    Erase(crate::data_requests::EraseArgs),
    /// Serve the pages behind the links in mail (preferences, one-click unsubscribe) on
    /// 127.0.0.1 from the local store, so the outbox's links can be clicked. Local mode only.
    Serve {
        /// The port (0: any free one; the first line printed says which).
        #[arg(long, default_value_t = mentormail::config::LOCAL_PAGES_PORT)]
        port: u16,
    },
    /// Run the whole flow locally on example mail: enrol, prompt, replies, timeline.
    Demo {
        /// Where the demo's data goes (emptied first).
        #[arg(long, default_value = "mentormail-demo")]
        dir: PathBuf,
    },
}

#[derive(Args)]
pub struct EnrolArgs {
    #[arg(long)]
    pub mentor: String,
    #[arg(long)]
    pub mentor_name: String,
    #[arg(long)]
    pub mentee: String,
    #[arg(long)]
    pub mentee_name: String,
    /// The mentee's IANA time zone; prompts go out at their local time.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// The mentor's own IANA time zone, for their digests (default: a known mentor keeps theirs,
    /// a new one gets the mentee's).
    #[arg(long)]
    pub mentor_time_zone: Option<String>,
    /// weekly:DAY, fortnightly:DAY or days:DAY,DAY (DAY = mon..sun).
    #[arg(long, default_value = "weekly:mon")]
    pub cadence: Cadence,
    /// Local time of day for prompts (HH:MM).
    #[arg(long, default_value = "09:00")]
    pub at: Time,
    #[arg(long, env = "MENTORMAIL_PROGRAMME", default_value = "PM Mentoring")]
    pub programme: String,
    #[arg(long)]
    pub cohort: Option<String>,
}

#[derive(Subcommand)]
pub enum QuestionsCommand {
    /// Replace the bank with a TOML file of `[[question]]` entries (`habit` = expectations,
    /// feedback, decisions or exposure; `text`). See infra/examples/questions.toml.
    Set {
        file: PathBuf,
        /// Set this programme's own bank (as its pairs name it); without, the bank of every
        /// programme that has none of its own.
        #[arg(long)]
        programme: Option<String>,
    },
    /// Print the bank in use (for one programme: its own, else the deployment's).
    Show {
        /// The programme whose bank to show.
        #[arg(long)]
        programme: Option<String>,
    },
    /// Go back to the built-in bank (for one programme: to the deployment's bank).
    Reset {
        /// The programme whose own bank to drop.
        #[arg(long)]
        programme: Option<String>,
    },
}

impl From<EnrolArgs> for EnrolRequest {
    fn from(args: EnrolArgs) -> Self {
        EnrolRequest {
            mentor: args.mentor,
            mentor_name: args.mentor_name,
            mentee: args.mentee,
            mentee_name: args.mentee_name,
            time_zone: args.time_zone,
            mentor_time_zone: args.mentor_time_zone,
            cadence: args.cadence,
            at: args.at,
            programme: args.programme,
            cohort: args.cohort,
        }
    }
}
