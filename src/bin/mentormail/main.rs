//! The mentormail CLI.
//!
//! Local mode (the default): a SQLite file and an outbox folder of `.eml` files under `--data`.
//! AWS mode (`--aws`, or `MENTORMAIL_TABLE` set): the deployed table, SES v2, through the
//! standard AWS configuration. The same use cases run in both.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use clap::Parser;
use jiff::Timestamp;
use mentormail::admin::enrol::enrol;
use mentormail::admin::mentor_prefs::set_acknowledgements;
use mentormail::admin::pair_state::ChangedBy;
use mentormail::admin::timeline::{local, timeline_with_files};
use mentormail::archive::Archive;
use mentormail::archive::folder::FolderArchive;
use mentormail::clients::Clients;
use mentormail::config::Settings;
use mentormail::domain::Email;
use mentormail::domain::time::key_time;
use mentormail::mail::capture;
use mentormail::mail::headers::HeaderFacts;
use mentormail::mail::parse::{ParsedMail, parse};
use mentormail::mail_in::{Envelope, MailIn, Verdicts};
use mentormail::mail_out::MailOut;
use mentormail::mailer::Mailer;
use mentormail::raw_mail::NoRawMail;
use mentormail::store::Store;
use mentormail::store::repo::Repo;

mod cli;
mod data_requests;
mod demo;
mod entry;
mod goals;
mod import;
mod listing;
mod local;
mod pair;
mod person;
mod programme;
mod questions;
mod replay;
mod report;
mod serve;

use cli::{Cli, Command};

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
    if let Command::ReplayFailed { queues, json } = &cli.command {
        return replay::replay_failed(aws, queues, *json, now).await;
    }
    if let (true, Command::Serve { .. }) = (aws, &cli.command) {
        anyhow::bail!(
            "serve runs on the local store only; in AWS the function URL serves these pages"
        );
    }
    if aws {
        let clients = Clients::from_env().await;
        let settings = clients.settings().await?;
        let repo = clients.repo()?;
        let mailer = clients.mailer(&settings);
        // Only a mail too large for its record needs the archive (MENTORMAIL_BUCKET).
        if let Command::Erase(args) = cli.command {
            // An erasure must reach the raw mail and the archive: both required here.
            let (archive, raw_mail) = (clients.archive()?, clients.raw_mail()?);
            let mut out = std::io::stdout().lock();
            return data_requests::erase_person(args, &repo, &archive, &raw_mail, None, &mut out)
                .await;
        }
        let archive = clients.archive().ok();
        execute(cli.command, &repo, &mailer, &archive, &settings, now).await
    } else {
        let (repo, mailer, settings) = local::open_local(&cli.data, now).await?;
        let archive = FolderArchive::new(cli.data.join("archive"));
        if let Command::Serve { port } = cli.command {
            let web = mentormail::web::Web {
                repo,
                token_key: settings.token_key.clone(),
                programme: settings.programme.clone(),
            };
            return serve::serve(web, port, cli.now).await;
        }
        if let Command::Erase(args) = cli.command {
            let mut out = std::io::stdout().lock();
            return data_requests::erase_person(
                args,
                &repo,
                &archive,
                &NoRawMail,
                Some(&mailer),
                &mut out,
            )
            .await;
        }
        execute(cli.command, &repo, &mailer, &archive, &settings, now).await
    }
}

async fn execute<S: Store, M: Mailer, A: Archive>(
    command: Command,
    repo: &Repo<S>,
    mailer: &M,
    archive: &A,
    settings: &Settings,
    now: Timestamp,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Enrol(args) => {
            let done = enrol(repo, args.into(), now).await?;
            writeln!(
                out,
                "Enrolled {} (mentee) with {} (mentor): mentorship {}, {}, first prompt {}",
                done.mentee.name,
                done.mentor.name,
                done.mentorship.id,
                done.mentorship.cadence,
                local(done.first_prompt, &done.mentee.time_zone)
            )?;
            for notice in person::enrol_notices(&done) {
                writeln!(out, "{notice}")?;
            }
        }
        Command::Goal(command) => goals::goal(command, repo, now, &mut out).await?,
        Command::Item(command) => goals::item(command, repo, now, &mut out).await?,
        Command::Pair(command) => pair::execute(command, repo, now, &mut out).await?,
        Command::Entry(command) => entry::execute(command, repo, now, &mut out).await?,
        Command::Ingest {
            file,
            message_id,
            receipt,
        } => {
            let raw =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let envelope = match receipt {
                Some(path) => receipt_envelope(&path)?,
                None => Envelope {
                    message_id: String::new(),
                    received_at: now,
                    recipients: Vec::new(),
                    verdicts: Verdicts::default(),
                    sender_checks: None,
                },
            };
            let message_id = message_id
                .or_else(|| (!envelope.message_id.is_empty()).then(|| envelope.message_id.clone()))
                .or_else(|| HeaderFacts::read(&raw).ok().and_then(|f| f.message_id))
                .unwrap_or_else(|| {
                    mentormail::domain::ids::message_key(&String::from_utf8_lossy(&raw))
                });
            let envelope = Envelope {
                message_id,
                ..envelope
            };
            let mail_in = MailIn {
                repo: repo.clone(),
                mailer,
                archive,
                settings: settings.ingest(),
            };
            let outcome = mail_in.ingest(&envelope, &raw).await?;
            writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
        }
        Command::Tick { .. } => {
            let mail_out = MailOut {
                repo: repo.clone(),
                mailer,
                settings: settings.schedule(),
            };
            let report = mail_out.run(now).await?;
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
            let text = timeline_with_files(repo, archive, &mentee, mentor.as_deref(), json).await?;
            write!(out, "{text}")?;
        }
        Command::Questions(command) => {
            questions::execute(command, repo, settings, now, &mut out).await?
        }
        Command::Mentor { email, no_ack, ack } => {
            let email = Email::parse(&email)?;
            // Through the same use case as the preferences page: the change is an event in
            // each of the mentor's pairs' timelines.
            let prefs = if no_ack || ack {
                set_acknowledgements(repo, &email, ack, ChangedBy::Admin, now).await?
            } else {
                repo.mentor_settings(&email).await?
            };
            writeln!(
                out,
                "{email}: acknowledgements of notes {}",
                if prefs.acknowledge_notes { "on" } else { "off" }
            )?;
        }
        Command::Person(command) => person::execute(command, repo, now, &mut out).await?,
        Command::Programme(command) => programme::execute(command, repo, now, &mut out).await?,
        Command::Import(args) => import::run(repo, args, now).await?,
        Command::Pairs(args) => listing::pairs(repo, args).await?,
        Command::People(args) => listing::people(repo, args).await?,
        Command::Report(args) => report::report(repo, args, now).await?,
        Command::Export(args) => data_requests::export(args, repo, archive, now, &mut out).await?,
        Command::Parse { .. }
        | Command::Demo { .. }
        | Command::Serve { .. }
        | Command::ReplayFailed { .. }
        | Command::Erase(_) => {
            unreachable!("handled before")
        }
    }
    Ok(())
}

/// The parse result with what the capture found in it: the parser's fields as they are, and
/// `capture` after them.
#[derive(serde::Serialize)]
struct ParseOutput {
    #[serde(flatten)]
    parsed: ParsedMail,
    capture: capture::Capture,
}

fn parse_output(raw: &[u8]) -> ParseOutput {
    let parsed = parse(raw);
    let capture = capture::of_file(raw, &parsed);
    ParseOutput { parsed, capture }
}

fn parse_command(file: Option<&Path>, batch: Option<&Path>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(list) = batch {
        let paths = std::fs::read_to_string(list)
            .with_context(|| format!("reading batch list {}", list.display()))?;
        for path in paths.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut value = match std::fs::read(path) {
                Ok(raw) => serde_json::to_value(parse_output(&raw))?,
                Err(e) => serde_json::json!({ "error": e.to_string() }),
            };
            value["id"] = serde_json::Value::String(path.to_string());
            serde_json::to_writer(&mut out, &value)?;
            out.write_all(b"\n")?;
        }
    } else {
        let file = file.context("give a FILE or --batch LIST")?;
        let raw = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        serde_json::to_writer_pretty(&mut out, &parse_output(&raw))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The envelope of the first record of an SES receipt event, as the inbound function reads it.
fn receipt_envelope(path: &std::path::Path) -> anyhow::Result<Envelope> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let event: aws_lambda_events::event::ses::SimpleEmailEvent = serde_json::from_str(&text)
        .with_context(|| format!("{} is not an SES receipt event", path.display()))?;
    let record = event
        .records
        .first()
        .with_context(|| format!("{} holds no receipt record", path.display()))?;
    Ok(mentormail::handlers::inbound::envelope(record))
}
