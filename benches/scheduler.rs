//! The scheduler at scale: N pairs (default 100,000) all due within one hour, one run.
//!
//! `cargo bench --bench scheduler -- [N] [--moto | --ses-moto] [--fanout]`
//!
//! `--fanout` runs the deployed path instead of a direct run: the scheduler claims and queues
//! send jobs, then the sender's code takes every job (SQS on moto with `--moto`, else an
//! in-process queue), so the counts cover both functions.
//!
//! Store: the embedded store (SQLite, in memory) by default; with `--moto` (needs
//! `MENTORMAIL_TEST_ENDPOINT`, as `scripts/test` sets it) DynamoDB on moto server, table from
//! template.yaml, and SES v2 on moto (raw sends); with `--ses-moto` the embedded store and SES
//! v2 on moto. Otherwise mail goes to an in-process mailer that keeps only the byte count
//! (rendering and MIME assembly still happen in full).
//!
//! Reports DynamoDB requests per prompt sent (counted by wrapping the store: one store call is
//! one DynamoDB request), prompts sent per second in the run, a render-only rate, and times.

// The integration tests' helpers; this bench uses only a part of them.
#[allow(dead_code)]
#[path = "../tests/it/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../tests/it/moto.rs"]
mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use fixtures::{QueuedJobs, person, settings, ts};
use jiff::Timestamp;
use jiff::civil::time;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::domain::prompts::{default_bank, questions_for};
use mentormail::domain::{Cadence, Weekday};
use mentormail::jobs::sqs::SqsQueue;
use mentormail::jobs::{JobQueue, QueueError, SendJob};
use mentormail::mail::render::{self, Envelope, FooterLinks, PromptView};
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE, RunReport, ScheduleSettings};
use mentormail::mailer::ses::SesMailer;
use mentormail::mailer::{Mailer, OutgoingMail, SendError};
use mentormail::store::Store;
use mentormail::store::counting::CountingStore;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

/// Keeps only counts: the transport is not what is measured without moto.
#[derive(Default)]
struct Discard {
    mails: AtomicU64,
    bytes: AtomicU64,
}

impl Mailer for Discard {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let n = self.mails.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(mail.raw.len() as u64, Ordering::Relaxed);
        Ok(format!("local-{n}"))
    }
}

/// Where the fan-out run's jobs go and come back from.
enum Queue {
    Local(QueuedJobs),
    Sqs(SqsQueue),
}

impl Queue {
    /// Every queued job, as the event source would hand them to senders.
    async fn take_all(&self) -> Vec<SendJob> {
        match self {
            Queue::Local(q) => q.take(),
            Queue::Sqs(q) => {
                let mut jobs = Vec::new();
                loop {
                    let output = q
                        .client
                        .receive_message()
                        .queue_url(&q.queue_url)
                        .max_number_of_messages(10)
                        .send()
                        .await
                        .expect("ReceiveMessage");
                    let messages = output.messages.unwrap_or_default();
                    if messages.is_empty() {
                        return jobs;
                    }
                    for m in messages {
                        q.client
                            .delete_message()
                            .queue_url(&q.queue_url)
                            .receipt_handle(m.receipt_handle().unwrap_or_default())
                            .send()
                            .await
                            .expect("DeleteMessage");
                        jobs.push(serde_json::from_str(m.body().unwrap_or_default()).expect("job"));
                    }
                }
            }
        }
    }
}

impl JobQueue for Queue {
    async fn enqueue(&self, jobs: &[SendJob]) -> Result<Vec<usize>, QueueError> {
        match self {
            Queue::Local(q) => q.enqueue(jobs).await,
            Queue::Sqs(q) => q.enqueue(jobs).await,
        }
    }
}

/// The deployed path: one scheduler run queues every due item, then the sender code sends each.
async fn fanout_run<S: Store, M: Mailer>(
    repo: &Repo<S>,
    queue: &Queue,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
) -> RunReport {
    let planner = Planner {
        repo: repo.clone(),
        queue,
        lease: QUEUE_LEASE,
    };
    let mut report = planner.enqueue_due(now).await.expect("scheduler run");
    let mail_out = MailOut {
        repo: repo.clone(),
        mailer,
        settings: settings.clone(),
    };
    let queued = queue.take_all().await;
    assert_eq!(queued.len(), report.queued, "every queued job comes back");
    for job in &queued {
        mail_out
            .deliver_job(settings, now, job, &mut report)
            .await
            .expect("send job");
    }
    report
}

async fn load<S: Store>(repo: &Repo<S>, pairs: usize, enrolled: Timestamp) {
    for n in 0..pairs {
        let mentor = person(
            &format!("mentor{n}@example.org"),
            "Maya Chen",
            "Europe/London",
        );
        let mentee = person(
            &format!("mentee{n}@example.org"),
            "Sam Rivera",
            "Europe/London",
        );
        // Spread over the hour: Monday 09:00 + n mod 60 minutes, London (GMT in November).
        let mentorship =
            fixtures::weekly_monday(&mentor, &mentee, time(9, (n % 60) as i8, 0, 0), enrolled);
        enrol_pair(
            repo,
            &mentor,
            &mentee,
            &mentorship,
            enrolled,
            Kickoff::Never,
        )
        .await
        .expect("enrol");
    }
}

async fn measure<S: Store, M: Mailer>(
    label: &str,
    repo: &Repo<CountingStore<S>>,
    mailer: &M,
    settings: &ScheduleSettings,
    pairs: usize,
    fanout: Option<&Queue>,
) {
    let enrolled = ts("2026-11-26T10:00:00Z");
    let started = Instant::now();
    load(repo, pairs, enrolled).await;
    let load_time = started.elapsed();
    repo.store().reset();
    let started = Instant::now();
    let now = ts("2026-11-30T10:00:00Z");
    let report = match fanout {
        None => MailOut {
            repo: repo.clone(),
            mailer,
            settings: settings.clone(),
        }
        .run(now)
        .await
        .expect("run"),
        Some(queue) => fanout_run(repo, queue, mailer, settings, now).await,
    };
    let run_time = started.elapsed();
    let counts = repo.store().counts();
    let sent = report.sent.len().max(1) as f64;
    println!("store: {label}");
    println!(
        "path: {}",
        if fanout.is_some() {
            "fan-out (scheduler claims and queues; sender re-reads and sends)"
        } else {
            "direct run (the scheduler sends)"
        }
    );
    println!("pairs: {pairs}, all due between 09:00 and 09:59 UTC, one run at 10:00");
    println!("load: {:.1} s", load_time.as_secs_f64());
    println!(
        "run: {:.2} s, {} sent, {} skipped, {} failed, {} raced, {} stale",
        run_time.as_secs_f64(),
        report.sent.len(),
        report.skipped,
        report.failed,
        report.raced,
        report.stale
    );
    println!(
        "prompts sent per second (store + render + send): {:.0}",
        report.sent.len() as f64 / run_time.as_secs_f64()
    );
    println!(
        "requests per prompt: {:.3} (gets {:.2}, queries {:.2}, due-index queries {:.3}, writes {:.2}); total {}",
        counts.total() as f64 / sent,
        counts.gets as f64 / sent,
        counts.queries as f64 / sent,
        counts.due_queries as f64 / sent,
        counts.writes as f64 / sent,
        counts.total()
    );
}

/// Rendering alone: questions, text and HTML, MIME with headers.
fn render_rate(prompts: usize) {
    let bank = default_bank();
    let cadence = Cadence::Weekly { day: Weekday::Mon };
    let links = FooterLinks {
        preferences: Some("https://u.example.org/preferences?t=abc-1-xyz".into()),
        unsubscribe: Some("https://u.example.org/?t=abc-1-xyz".into()),
        stop_address: None,
    };
    let started = Instant::now();
    let mut bytes = 0usize;
    for seq in 1..=prompts as u32 {
        let view = PromptView {
            programme: "PM Mentoring",
            mentee_first_name: "Sam",
            mentor_name: "Maya Chen",
            cadence: &cadence,
            seq,
            questions: questions_for(&bank, seq),
            open_goals: Vec::new(),
            nudge: seq % 7 == 0,
            look_back: None,
            agreed_items: Vec::new(),
        };
        let envelope = Envelope {
            from_name: "PM Mentoring".into(),
            from_address: "coach@mentor.example.org".into(),
            to_name: "Sam Rivera".into(),
            to_address: "sam@example.org".into(),
            reply_to: "reflect+abc-1-xyz@mentor.example.org".into(),
            unsubscribe_mailto: "unsubscribe+abc-1-xyz@mentor.example.org".into(),
            unsubscribe_url: Some("https://u.example.org/?t=abc-1-xyz".into()),
            date: ts("2026-11-30T09:00:00Z"),
            message_id: format!("prompt.{seq}@mentor.example.org"),
        };
        bytes += render::to_mime(&envelope, &render::prompt(&view).render(&links)).len();
    }
    let elapsed = started.elapsed();
    println!(
        "render only: {prompts} prompts in {:.2} s = {:.0} prompts/s ({} bytes)",
        elapsed.as_secs_f64(),
        prompts as f64 / elapsed.as_secs_f64(),
        bytes
    );
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this binary without it, as
    // a smoke test: then only a handful of pairs, like criterion's test mode.
    let benchmarking = all.iter().any(|a| a == "--bench");
    let args: Vec<String> = all.into_iter().filter(|a| a != "--bench").collect();
    let moto = args.iter().any(|a| a == "--moto");
    let fanout = args.iter().any(|a| a == "--fanout");
    let ses_on_moto = args.iter().any(|a| a == "--ses-moto");
    let default_pairs = if benchmarking { 100_000 } else { 50 };
    let pairs: usize = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(default_pairs);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut settings = settings().schedule();
        settings.throttle_backoff = Vec::new();
        if moto {
            let sdk = support::sdk_config().await;
            let ses = mentormail::clients::sesv2_client(&sdk);
            let sender = format!("{}@mentor.example.org", support::unique_name("bench"));
            support::verify_identity(&ses, &sender).await;
            settings.from_address = sender;
            let repo = Repo::new(CountingStore::new(support::dynamo_store().await));
            let queue = if fanout {
                let sqs = mentormail::clients::sqs_client(&sdk);
                let url = support::create_send_queue(&sqs).await;
                Some(Queue::Sqs(SqsQueue::new(sqs, url)))
            } else {
                None
            };
            measure(
                if fanout {
                    "DynamoDB, SES v2 and SQS on moto server"
                } else {
                    "DynamoDB and SES v2 on moto server"
                },
                &repo,
                &SesMailer::new(ses, None),
                &settings,
                pairs,
                queue.as_ref(),
            )
            .await;
        } else if ses_on_moto {
            // The store in process, SES v2 over HTTP on moto: the send path as in production,
            // without moto's DynamoDB (by far the slowest part of a moto run) in the figures.
            let sdk = support::sdk_config().await;
            let ses = mentormail::clients::sesv2_client(&sdk);
            let sender = format!("{}@mentor.example.org", support::unique_name("bench"));
            support::verify_identity(&ses, &sender).await;
            settings.from_address = sender;
            let repo = Repo::new(CountingStore::new(
                EmbeddedStore::open_in_memory().expect("sqlite"),
            ));
            let queue = fanout.then(|| Queue::Local(QueuedJobs::default()));
            measure(
                "embedded (SQLite in memory), SES v2 on moto server",
                &repo,
                &SesMailer::new(ses, None),
                &settings,
                pairs,
                queue.as_ref(),
            )
            .await;
        } else {
            let repo = Repo::new(CountingStore::new(
                EmbeddedStore::open_in_memory().expect("sqlite"),
            ));
            let mailer = Discard::default();
            let queue = fanout.then(|| Queue::Local(QueuedJobs::default()));
            measure(
                "embedded (SQLite in memory), in-process mailer and queue",
                &repo,
                &mailer,
                &settings,
                pairs,
                queue.as_ref(),
            )
            .await;
            println!(
                "mail bytes rendered: {}",
                mailer.bytes.load(Ordering::Relaxed)
            );
        }
        render_rate(pairs.min(20_000));
    });
}
