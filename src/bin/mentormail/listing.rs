//! `mentormail pairs` and `mentormail people`: who is paired with whom and how they are doing,
//! as an aligned table or as JSON.

use std::io::Write as _;

use clap::{Args, ValueEnum};
use jiff::Timestamp;
use mentormail::admin::listing::{
    PairFilter, PairStatus, PairSummary, PersonSummary, list_pairs, list_people, table,
};
use mentormail::domain::{PersonStatus, Zone};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Args)]
pub struct PairsArgs {
    /// Only the pairs of this programme (as enrolled or imported).
    #[arg(long)]
    pub programme: Option<String>,
    /// Only the pairs of this cohort.
    #[arg(long)]
    pub cohort: Option<String>,
    /// Only pairs in this state: ended, or else the most serious state of either person
    /// (bouncing, stopped, paused), or else active.
    #[arg(long, value_enum)]
    pub status: Option<PairStatus>,
    /// Only pairs that have gone quiet (two or more prompts unanswered in a row).
    #[arg(long)]
    pub quiet: bool,
    /// Print one JSON array: per pair mentor, mentee (and names), programme, cohort, status,
    /// cadence, at, time_zone, last_reply, next_prompt, open_goals, open_items, unanswered,
    /// quiet.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PeopleStatus {
    Active,
    Paused,
    Stopped,
    Bouncing,
}

#[derive(Args)]
pub struct PeopleArgs {
    /// Only people in this state.
    #[arg(long, value_enum)]
    pub status: Option<PeopleStatus>,
    /// Print one JSON array: per person email, name, time_zone, status (with paused_until,
    /// status_reason, status_changed_at when set), mentor_of, mentee_of.
    #[arg(long)]
    pub json: bool,
}

/// `at` in `zone` as `2026-11-30 09:00`; `-` for none.
fn when(at: Option<Timestamp>, zone: &str) -> String {
    let Some(at) = at else {
        return "-".into();
    };
    let tz = Zone::parse(zone)
        .map(|z| z.tz())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    at.to_zoned_datetime(tz)
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn pair_row(p: &PairSummary) -> Vec<String> {
    vec![
        p.mentor.clone(),
        p.mentee.clone(),
        p.programme.clone(),
        p.cohort.clone().unwrap_or_else(|| "-".into()),
        p.status.to_string(),
        format!("{} {} {}", p.cadence, p.at, p.time_zone),
        when(p.last_reply, &p.time_zone),
        when(p.next_prompt, &p.time_zone),
        p.open_goals.to_string(),
        p.open_items.to_string(),
        if p.quiet { "yes".into() } else { "no".into() },
    ]
}

pub async fn pairs<S: Store>(repo: &Repo<S>, args: PairsArgs) -> anyhow::Result<()> {
    let filter = PairFilter {
        programme: args.programme,
        cohort: args.cohort,
        status: args.status,
        quiet: args.quiet,
    };
    let pairs = list_pairs(repo, &filter).await?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &pairs)?;
        writeln!(out)?;
    } else if pairs.is_empty() {
        writeln!(out, "No pairs match.")?;
    } else {
        let rows: Vec<Vec<String>> = pairs.iter().map(pair_row).collect();
        let header = [
            "mentor",
            "mentee",
            "programme",
            "cohort",
            "status",
            "cadence (mentee's time)",
            "last reply",
            "next prompt",
            "goals",
            "items",
            "quiet",
        ];
        write!(out, "{}", table(&header, &rows))?;
    }
    Ok(())
}

fn person_row(p: &PersonSummary) -> Vec<String> {
    let detail = match (&p.paused_until, &p.status_reason) {
        (Some(until), _) => format!("until {until}"),
        (None, Some(reason)) => reason.clone(),
        (None, None) => String::new(),
    };
    vec![
        p.email.clone(),
        p.name.clone(),
        p.time_zone.clone(),
        p.status.to_string(),
        p.mentor_of.to_string(),
        p.mentee_of.to_string(),
        detail,
    ]
}

pub async fn people<S: Store>(repo: &Repo<S>, args: PeopleArgs) -> anyhow::Result<()> {
    let status = args.status.map(|s| match s {
        PeopleStatus::Active => PersonStatus::Active,
        PeopleStatus::Paused => PersonStatus::Paused,
        PeopleStatus::Stopped => PersonStatus::Stopped,
        PeopleStatus::Bouncing => PersonStatus::Bouncing,
    });
    let people = list_people(repo, status).await?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &people)?;
        writeln!(out)?;
    } else if people.is_empty() {
        writeln!(out, "No people match.")?;
    } else {
        let rows: Vec<Vec<String>> = people.iter().map(person_row).collect();
        let header = [
            "email",
            "name",
            "time zone",
            "status",
            "mentor of",
            "mentee of",
            "detail",
        ];
        write!(out, "{}", table(&header, &rows))?;
    }
    Ok(())
}
