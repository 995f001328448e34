//! `mentormail demo`: the whole flow on the embedded default, on example mail from
//! `infra/examples/`. Nothing here is canned output: every line printed comes from the same use
//! cases the Lambda functions run, against a real SQLite file and an outbox folder.

use std::path::Path;

use anyhow::{Context as _, bail};
use jiff::Timestamp;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::goals::add_goal;
use mentormail::admin::timeline::timeline;
use mentormail::archive::folder::FolderArchive;
use mentormail::config::Settings;
use mentormail::domain::ids::random_id;
use mentormail::domain::{Cadence, Email, Goal, GoalStatus, Mentorship, Person, Weekday, Zone};
use mentormail::mail::parse::parse;
use mentormail::mail::token::TokenKey;
use mentormail::mail_in::{Envelope, MailIn, Verdicts};
use mentormail::mail_out::MailOut;
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

/// The demo's own secret, so the example replies in `infra/examples/` carry valid reply tokens.
/// Never used outside the demo.
pub const DEMO_SECRET: &str = "mentormail-demo-secret";
pub const DEMO_DOMAIN: &str = "mentor.example.org";
const MENTOR: &str = "maya.chen@example.org";
const MENTEE: &str = "sam.rivera@example.org";

/// The example mails, in the order they are ingested, with what each shows.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "reply-gmail.eml",
        "a reply from Gmail (top-posted, quoted history below)",
    ),
    (
        "reply-outlook.eml",
        "a reply from Outlook (HTML, Outlook's From:/Sent: block)",
    ),
    (
        "reply-iphone-inline.eml",
        "a reply from an iPhone answering inline, with a signature",
    ),
    (
        "reply-gmail.eml",
        "the Gmail reply delivered a second time (a retried delivery)",
    ),
    (
        "spoofed-reply.eml",
        "someone else using Sam's reply address",
    ),
    (
        "mentor-forward.eml",
        "Maya forwarding her session notes to notes@",
    ),
];

fn examples_dir() -> std::path::PathBuf {
    // Works from the repository root (cargo run) and from anywhere via the manifest dir.
    let local = Path::new("infra/examples");
    if local.is_dir() {
        local.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("infra/examples")
    }
}

fn prepare(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        // Only ever remove a folder that is a previous demo's.
        let ours = std::fs::read_dir(dir)?.filter_map(Result::ok).all(|e| {
            let name = e.file_name();
            name == "mentormail.sqlite"
                || name == "outbox"
                || name == "report.html"
                || name.to_string_lossy().starts_with("mentormail.sqlite-")
        });
        if !ours {
            bail!(
                "{} exists and is not a demo folder; choose another --dir",
                dir.display()
            );
        }
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    Ok(())
}

pub async fn run_demo(dir: &Path) -> anyhow::Result<()> {
    prepare(dir)?;
    let repo = Repo::new(EmbeddedStore::open(dir.join("mentormail.sqlite"))?);
    repo.save_local_secret(DEMO_SECRET).await?;
    let outbox = OutboxMailer::new(dir.join("outbox"))?;
    let mut settings = Settings::from_env_with_key(TokenKey::new(DEMO_SECRET));
    settings.domain = DEMO_DOMAIN.into();
    settings.from_address = format!("coach@{DEMO_DOMAIN}");
    settings.programme = "PM Mentoring".into();
    settings.archive_folder = Some(dir.join("archive"));
    // Links in the demo's mails open `mentormail --data DIR serve`.
    settings
        .unsubscribe_url
        .get_or_insert_with(mentormail::config::local_pages_url);

    // Thursday 19 November 2026: the programme enrols Maya and Sam.
    let enrolled_at: Timestamp = "2026-11-19T10:00:00Z".parse()?;
    let mentor = Person::new(
        Email::parse(MENTOR)?,
        "Maya Chen",
        Zone::parse("America/New_York")?,
    );
    let mentee = Person::new(
        Email::parse(MENTEE)?,
        "Sam Rivera",
        Zone::parse("Europe/London")?,
    );
    let mentorship = Mentorship {
        cohort: Some("2026-autumn".into()),
        ..Mentorship::new(
            mentor.email.clone(),
            mentee.email.clone(),
            settings.programme.clone(),
            Cadence::Weekly { day: Weekday::Mon },
            jiff::civil::time(9, 0, 0, 0),
            enrolled_at,
        )
    };
    let first = enrol_pair(
        &repo,
        &mentor,
        &mentee,
        &mentorship,
        enrolled_at,
        Kickoff::Never,
    )
    .await?;
    println!("== enrol: Maya Chen mentors Sam Rivera (Europe/London), weekly on Monday at 09:00");
    println!("   mentorship {}, first prompt due {first}", mentorship.id);
    for (title, by) in [
        (
            "Run three customer discovery interviews on my own",
            "2027-01-15",
        ),
        (
            "Present the Q1 roadmap to the leadership team",
            "2027-03-01",
        ),
    ] {
        let goal = Goal {
            id: random_id(),
            mentorship_id: mentorship.id.clone(),
            title: title.into(),
            target: Some(by.parse()?),
            status: GoalStatus::Open,
            created_at: enrolled_at,
            progress: Vec::new(),
        };
        let reminder = add_goal(&repo, &goal, &mentorship, &mentee, enrolled_at).await?;
        println!(
            "== goal: {title} (by {by}); first reminder {}",
            reminder.map(|r| r.to_string()).unwrap_or_default()
        );
    }

    // Monday 23 November, 09:00:30 London: the scheduler runs, then runs again (a retry).
    let tick_at: Timestamp = "2026-11-23T09:00:30Z".parse()?;
    let mail_out = MailOut {
        repo: repo.clone(),
        mailer: &outbox,
        settings: settings.schedule(),
    };
    for attempt in ["scheduler run", "scheduler run again at the same instant"] {
        let report = mail_out.run(tick_at).await?;
        println!("== {attempt} at {tick_at}: {} sent", report.sent.len());
        for sent in &report.sent {
            println!(
                "   {} to {}: \"{}\" -> {}/{}.eml",
                sent.kind,
                sent.to,
                sent.subject,
                outbox.dir().display(),
                sent.message_id
            );
        }
    }

    let examples = examples_dir();
    let mail_in = MailIn {
        repo: repo.clone(),
        mailer: &outbox,
        archive: FolderArchive::new(dir.join("archive")),
        settings: settings.ingest(),
    };
    let mut received_at: Timestamp = "2026-11-23T12:30:00Z".parse()?;
    for (file, what) in EXAMPLES {
        let path = examples.join(file);
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let message_id = parse(&raw).message_id.unwrap_or_else(|| file.to_string());
        let envelope = Envelope {
            message_id,
            received_at,
            recipients: Vec::new(),
            verdicts: Verdicts::default(),
            sender_checks: None,
        };
        let outcome = mail_in.ingest(&envelope, &raw).await?;
        println!(
            "== ingest {file}: {what}\n   {}",
            serde_json::to_string(&outcome)?
        );
        received_at = received_at.saturating_add(jiff::SignedDuration::from_mins(47))?;
    }

    println!("\n== mentormail timeline {MENTEE}\n");
    print!("{}", timeline(&repo, MENTEE, None, false).await?);
    let report_path = dir.join("report.html");
    let scope = mentormail::report::Scope::default();
    let report = crate::report::write_report(&repo, scope, received_at, &report_path).await?;
    println!(
        "\n== mentormail report: {} pair, response rate {}, written to {}",
        report.pairs,
        report
            .response
            .rate
            .map(|r| format!("{:.0}%", r * 100.0))
            .unwrap_or_else(|| "-".into()),
        report_path.display()
    );
    into_december(&repo, &mail_out, &outbox, received_at).await?;
    println!(
        "\nThe data is in {}: open the outbox's .eml files in a mail client, open {} in a \
         browser, or run\n  cargo run --release -- --data {} timeline {MENTEE}",
        dir.display(),
        report_path.display(),
        dir.display()
    );
    Ok(())
}

/// The programme's admin to whom the demo's weekly summary goes.
const DEMO_ADMIN: &str = "programme.lead@example.org";

/// Two more Mondays: the programme names an admin, the scheduler runs on 30 November and on
/// 7 December (the first prompt of December brings Sam's recap of November, sent by the next
/// run), and the admin gets the weekly programme summary each Monday.
async fn into_december(
    repo: &Repo<EmbeddedStore>,
    mail_out: &MailOut<EmbeddedStore, &OutboxMailer>,
    outbox: &OutboxMailer,
    now: Timestamp,
) -> anyhow::Result<()> {
    let programme = &mail_out.settings.programme;
    let before = repo.programme_settings(programme, now).await?;
    let settings = mentormail::domain::ProgrammeSettings {
        admins: vec![Email::parse(DEMO_ADMIN)?],
        updated_at: now,
        ..before.clone()
    };
    let first = mentormail::domain::programme::next_summary_due(now);
    repo.set_programme_settings(&settings, &before, first)
        .await?;
    println!("\n== mentormail programme admins set --programme \"{programme}\" {DEMO_ADMIN}");
    println!("   first weekly summary due {first}");
    for at in [
        "2026-11-30T09:00:30Z",
        "2026-12-07T09:00:30Z",
        "2026-12-07T09:15:30Z",
    ] {
        let at: Timestamp = at.parse()?;
        let report = mail_out.run(at).await?;
        println!("== scheduler run at {at}: {} sent", report.sent.len());
        for sent in &report.sent {
            println!(
                "   {} to {}: \"{}\" -> {}/{}.eml",
                sent.kind,
                sent.to,
                sent.subject,
                outbox.dir().display(),
                sent.message_id
            );
        }
    }
    Ok(())
}
