//! Every SES v2 error class over 100 pairs: only recipient-level refusals mark people.
//!
//! 100 pairs are sent their prompt through the SES v2 SDK, whose calls go through a fault proxy
//! ([`crate::ses_fault_proxy`]) in front of moto: it answers the `SendEmail` calls to ten chosen
//! mentees with one real SES error (status, `x-amzn-ErrorType`, JSON message), so that the SDK's
//! own error parsing is under test, accepts the other sends as SES does and forwards the rest (the
//! identity) to moto. Then the cause is "fixed" (the proxy heals), SQS delivers again what came
//! back, and the scheduler runs again.
//! Each class runs on both paths: one scheduler run that sends, and the deployed fan-out
//! (scheduler -> queue -> sender batches answering Lambda). The records are on the embedded
//! store: the store contract holds both stores alike, and the SES path is what is tried here.
//! Per class:
//! - a refusal of the recipient marks exactly the ten refused mentees bouncing, nobody else;
//! - a configuration or account error stops sending at the first refusal (no later send is
//!   tried), fails the run or the batch's invocation (the errors alarm), marks no one, and loses
//!   nothing: after the fix every prompt goes out once;
//! - throttling and server errors mark no one and leave the ten prompts for the next run.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use jiff::{SignedDuration, Timestamp};
use mentormail::domain::{Mentorship, PersonStatus, SendOutcome};
use mentormail::handlers::sender::{SenderHandler, lambda_result};
use mentormail::jobs::SendJob;
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE, RunReport, ScheduleError};
use mentormail::mailer::ses::SesMailer;
use mentormail::store::embedded::EmbeddedStore;

use crate::fixtures::*;
use crate::moto;
use crate::ses_fault_proxy::{SesFault, SesFaultProxy};

const PAIRS: usize = 100;
/// Attempts the SDK makes per call (it retries throttling and server errors itself).
const SDK_ATTEMPTS: u32 = 2;

/// What an error class must come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The refused recipients, and only they, are marked bouncing; the run goes on.
    MarksRecipient,
    /// The run stops at the first refusal and fails; no one is marked; the item is released.
    StopsRun,
    /// No one is marked; the refused items are left for the next run.
    LeavesForLater,
}

struct Class {
    code: &'static str,
    status: u16,
    message: &'static str,
    expect: Expect,
}

/// The SES v2 `SendEmail` errors, worded as SES words them (`{to}`: the recipient).
const CLASSES: &[Class] = &[
    Class {
        code: "MessageRejected",
        status: 400,
        message: "Address blacklisted.",
        expect: Expect::MarksRecipient,
    },
    Class {
        code: "MessageRejected",
        status: 400,
        message: "The address {to} is on the suppression list for your account.",
        expect: Expect::MarksRecipient,
    },
    Class {
        code: "BadRequestException",
        status: 400,
        message: "Illegal address",
        expect: Expect::MarksRecipient,
    },
    Class {
        code: "MessageRejected",
        status: 400,
        message: "Email address is not verified. The following identities failed the check in region US-EAST-1: coach@mentor.example.org",
        expect: Expect::StopsRun,
    },
    // The sandbox refusing an unverified recipient: the account's state, not the recipient's.
    Class {
        code: "MessageRejected",
        status: 400,
        message: "Email address is not verified. The following identities failed the check in region US-EAST-1: {to}",
        expect: Expect::StopsRun,
    },
    Class {
        code: "MailFromDomainNotVerifiedException",
        status: 400,
        message: "The MAIL FROM domain mail.mentor.example.org is not verified.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "BadRequestException",
        status: 400,
        message: "1 validation error detected: Value at 'emailTags.1.member.value' failed to satisfy constraint",
        expect: Expect::StopsRun,
    },
    Class {
        code: "AccountSuspendedException",
        status: 400,
        message: "Sending suspended for this account.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "SendingPausedException",
        status: 400,
        message: "Sending paused for this account.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "NotFoundException",
        status: 404,
        message: "Configuration set <mentormail-events> does not exist.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "LimitExceededException",
        status: 400,
        message: "Limit exceeded.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "ThrottlingException",
        status: 400,
        message: "Daily message quota exceeded.",
        expect: Expect::StopsRun,
    },
    Class {
        code: "AccessDeniedException",
        status: 403,
        message: "User is not authorized to perform: ses:SendEmail on resource: identity/mentor.example.org",
        expect: Expect::StopsRun,
    },
    Class {
        code: "TooManyRequestsException",
        status: 429,
        message: "Too Many Requests",
        expect: Expect::LeavesForLater,
    },
    Class {
        code: "ThrottlingException",
        status: 400,
        message: "Maximum sending rate exceeded.",
        expect: Expect::LeavesForLater,
    },
    Class {
        code: "InternalFailure",
        status: 500,
        message: "An internal error occurred.",
        expect: Expect::LeavesForLater,
    },
    Class {
        code: "ServiceUnavailable",
        status: 503,
        message: "Service is unavailable. Please try again later.",
        expect: Expect::LeavesForLater,
    },
];

/// How the prompts go out: one scheduler run that sends, or the deployed fan-out (the scheduler
/// queues a job per prompt, the sender function takes them in batches of ten and answers Lambda
/// through [`lambda_result`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Direct,
    FanOut,
}

/// What one class came to.
#[derive(Debug, Default)]
struct Outcome {
    marked: Vec<String>,
    /// The run failed (direct), or some batch failed its invocation (fan-out).
    stopped: bool,
    /// What the first run (all batches of the first fan-out) did.
    first: RunReport,
    /// `SendEmail` calls of the first run, and how many got the fault.
    calls: (usize, usize),
    /// Fan-out: batches with a refused recipient, and how many of them failed their invocation.
    batches_refused: usize,
    batches_failed: usize,
    /// Mentorships whose prompt was recorded once, sent or refused, after the fix.
    recorded_once: usize,
    sent_in_all: usize,
}

/// An SES client whose calls go through `proxy`; the SDK retries as in production, quickly.
async fn ses_through(proxy: &SesFaultProxy) -> aws_sdk_sesv2::Client {
    let sdk = moto::sdk_config().await;
    let config = aws_sdk_sesv2::config::Builder::from(&sdk)
        .endpoint_url(proxy.endpoint())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(SDK_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    aws_sdk_sesv2::Client::from_conf(config)
}

fn mentee_address(n: usize, tag: &str) -> String {
    format!("mentee{n}.{tag}@example.org")
}

/// Ten of the hundred mentees, spread over the run.
fn refused(n: usize) -> bool {
    n % 10 == 3
}

fn add_up(total: &mut RunReport, report: &RunReport) {
    total.sent.extend(report.sent.iter().cloned());
    total.rejected += report.rejected;
    total.failed += report.failed;
    total.stopped = total.stopped.take().or_else(|| report.stopped.clone());
}

/// Jobs as the SQS event source hands them over, ten a batch.
fn batches(jobs: Vec<SendJob>) -> Vec<SqsEvent> {
    jobs.chunks(10)
        .map(|chunk| {
            let mut event = SqsEvent::default();
            event.records = chunk
                .iter()
                .map(|job| {
                    let mut message = SqsMessage::default();
                    message.message_id = Some(job.occurrence.clone());
                    message.body = Some(serde_json::to_string(job).unwrap());
                    message
                })
                .collect();
            event
        })
        .collect()
}

/// The deployed path at `at`: queue what is due, then the sender's batches; a batch that fails
/// its invocation, and the jobs a batch hands back, are kept for SQS to deliver again. Returns
/// what the batches did, the batches to deliver again, and (refused, failed) batch counts.
async fn fan_out(
    sender: &SenderHandler<EmbeddedStore, SesMailer>,
    queue: &QueuedJobs,
    targets: &[String],
    at: Timestamp,
) -> (RunReport, Vec<SqsEvent>, usize, usize) {
    let planner = Planner {
        repo: sender.mail_out.repo.clone(),
        queue,
        lease: QUEUE_LEASE,
    };
    planner.enqueue_due(at).await.unwrap();
    deliver(sender, batches(queue.take()), targets, at).await
}

async fn deliver(
    sender: &SenderHandler<EmbeddedStore, SesMailer>,
    events: Vec<SqsEvent>,
    targets: &[String],
    at: Timestamp,
) -> (RunReport, Vec<SqsEvent>, usize, usize) {
    let (mut total, mut again) = (RunReport::default(), Vec::new());
    let (mut refused_batches, mut failed_batches) = (0, 0);
    for event in events {
        let names_target = event.records.iter().any(|record| {
            let job: SendJob = serde_json::from_str(record.body.as_deref().unwrap()).unwrap();
            job.mentee.as_ref().is_some_and(|m| targets.contains(m))
        });
        refused_batches += usize::from(names_target);
        let (response, report) = sender.handle(event.clone(), at).await;
        add_up(&mut total, &report);
        match lambda_result(response, report) {
            // The invocation failed: SQS delivers the whole batch again.
            Err(_) => {
                failed_batches += 1;
                again.push(event);
            }
            Ok(response) => {
                let handed_back: Vec<&str> = response
                    .batch_item_failures
                    .iter()
                    .map(|f| f.item_identifier.as_str())
                    .collect();
                let mut back = event.clone();
                back.records
                    .retain(|r| handed_back.contains(&r.message_id.as_deref().unwrap_or_default()));
                if !back.records.is_empty() {
                    again.push(back);
                }
            }
        }
    }
    (total, again, refused_batches, failed_batches)
}

async fn one_class(class: &'static Class, mode: Mode) -> Outcome {
    let proxy = SesFaultProxy::start(&moto::endpoint());
    let ses = ses_through(&proxy).await;
    let from = format!("{}@{DOMAIN}", moto::unique_name("coach"));
    moto::verify_identity(&ses, &from).await;
    let repo = memory_repo();
    let tag = moto::unique_name("ses");
    let mut mentorships: Vec<Mentorship> = Vec::with_capacity(PAIRS);
    for n in 0..PAIRS {
        let mentor = person(
            &format!("mentor{n}.{tag}@example.org"),
            "Maya Chen",
            "Europe/London",
        );
        let mentee = person(&mentee_address(n, &tag), "Sam Rivera", "Europe/London");
        mentorships.push(enrol(&repo, &mentor, &mentee, ts("2026-11-26T10:00:00Z")).await);
    }
    let targets: Vec<String> = (0..PAIRS)
        .filter(|&n| refused(n))
        .map(|n| mentee_address(n, &tag))
        .collect();
    proxy.inject(
        SesFault {
            status: class.status,
            code: class.code,
            message: class.message.to_owned(),
        },
        targets.clone(),
    );
    let mut settings = settings().schedule();
    settings.from_address = from;
    settings.throttle_backoff = vec![Duration::from_millis(1); 2];
    let sender = SenderHandler {
        mail_out: MailOut {
            repo: repo.clone(),
            mailer: SesMailer::new(ses, None),
            settings,
        },
    };
    let queue = QueuedJobs::default();
    let at = ts("2026-11-30T09:00:05Z");
    let minutes = |m: i64| at.saturating_add(SignedDuration::from_mins(m)).unwrap();
    let mut outcome = Outcome::default();
    let mut redeliver = Vec::new();
    match mode {
        Mode::Direct => match sender.mail_out.run(at).await {
            Ok(report) => outcome.first = report,
            Err(ScheduleError::SendingStopped(report)) => {
                outcome.first = *report;
                outcome.stopped = true;
            }
            Err(e) => panic!("{}: {e}", class.code),
        },
        Mode::FanOut => {
            let (report, again, refused_batches, failed_batches) =
                fan_out(&sender, &queue, &targets, at).await;
            outcome.first = report;
            outcome.stopped = failed_batches > 0;
            outcome.batches_refused = refused_batches;
            outcome.batches_failed = failed_batches;
            redeliver = again;
        }
    }
    outcome.calls = proxy.counts();
    for m in &mentorships {
        for address in [&m.mentor, &m.mentee] {
            let profile = repo.person(address).await.unwrap().unwrap();
            if profile.status == PersonStatus::Bouncing {
                outcome.marked.push(address.to_string());
            }
        }
    }
    // The cause is fixed; SQS delivers again what came back, and the next runs send the rest.
    proxy.heal();
    outcome.sent_in_all = outcome.first.sent.len();
    match mode {
        Mode::Direct => {
            for later in [minutes(10), minutes(20)] {
                outcome.sent_in_all += sender.mail_out.run(later).await.unwrap().sent.len();
            }
        }
        Mode::FanOut => {
            let (again, ..) = deliver(&sender, redeliver, &targets, minutes(5)).await;
            outcome.sent_in_all += again.sent.len();
            for later in [minutes(10), minutes(20)] {
                let (report, left, ..) = fan_out(&sender, &queue, &targets, later).await;
                assert!(
                    left.is_empty(),
                    "{}: nothing comes back once fixed",
                    class.code
                );
                outcome.sent_in_all += report.sent.len();
            }
        }
    }
    for m in &mentorships {
        let records = repo.sent(&m.id).await.unwrap();
        let prompts = records
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    SendOutcome::Sent { .. } | SendOutcome::Rejected { .. }
                )
            })
            .count();
        if prompts == 1 && records.len() == 1 {
            outcome.recorded_once += 1;
        }
    }
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_ses_error_class_over_100_pairs_only_recipient_refusals_mark_people() {
    let tasks: Vec<_> = [Mode::Direct, Mode::FanOut]
        .into_iter()
        .flat_map(|mode| CLASSES.iter().map(move |class| (mode, class)))
        .map(|(mode, class)| (mode, class, tokio::spawn(one_class(class, mode))))
        .collect();
    let refused_per_class = (0..PAIRS).filter(|&n| refused(n)).count();
    let (mut marked_total, mut stopped_classes, mut config_classes) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (mode, class, task) in tasks {
        let outcome = task.await.expect("class task");
        let name = format!(
            "{mode:?} {} {} {:?}",
            class.status, class.code, class.message
        );
        let first = &outcome.first;
        let (calls, injected) = outcome.calls;
        println!(
            "  {name}: first run {} sent, {} refused, {} failed, stopped {}; {calls} SendEmail calls ({injected} faulted); {} marked; {} of {PAIRS} recorded once after the fix",
            first.sent.len(),
            first.rejected,
            first.failed,
            outcome.stopped,
            outcome.marked.len(),
            outcome.recorded_once
        );
        marked_total += outcome.marked.len();
        let mut check = |ok: bool, what: &str| {
            if !ok {
                wrong.push(format!("{name}: {what}: {outcome:?}"));
            }
        };
        match class.expect {
            Expect::MarksRecipient => {
                check(
                    !outcome.stopped,
                    "a recipient refusal must not stop the run",
                );
                check(
                    outcome.marked.len() == refused_per_class
                        && outcome.marked.iter().all(|a| a.starts_with("mentee")),
                    "exactly the refused mentees are marked",
                );
                check(first.rejected == refused_per_class, "each refusal counted");
                check(
                    outcome.sent_in_all == PAIRS - refused_per_class,
                    "everyone else got their prompt",
                );
            }
            Expect::StopsRun => {
                config_classes += 1;
                let stopped_here = match mode {
                    // One failure, then nothing: the refused send's own attempts are the last.
                    Mode::Direct => {
                        outcome.stopped
                            && first.failed == 1
                            && first.stopped.is_some()
                            && calls <= first.sent.len() + SDK_ATTEMPTS as usize
                    }
                    // Every batch that met the refusal stopped there and failed its invocation.
                    Mode::FanOut => {
                        outcome.batches_failed == outcome.batches_refused
                            && outcome.batches_failed > 0
                            && first.failed == outcome.batches_failed
                    }
                };
                if stopped_here {
                    stopped_classes += 1;
                }
                check(
                    stopped_here,
                    "sending stops at the refusal and fails visibly",
                );
                check(outcome.marked.is_empty(), "no one is marked");
                check(
                    outcome.sent_in_all == PAIRS,
                    "after the fix every prompt goes out",
                );
            }
            Expect::LeavesForLater => {
                check(!outcome.stopped, "a transient error does not stop the run");
                check(outcome.marked.is_empty(), "no one is marked");
                check(first.failed == refused_per_class, "each failure counted");
                check(
                    outcome.sent_in_all == PAIRS,
                    "the next run sends what was left",
                );
            }
        }
        check(
            outcome.recorded_once == PAIRS,
            "every prompt recorded exactly once",
        );
    }
    let recipient_classes = CLASSES
        .iter()
        .filter(|c| c.expect == Expect::MarksRecipient)
        .count();
    println!(
        "SES error classes: {} classes × {PAIRS} pairs, each run directly and fanned out; people marked bouncing only for recipient refusals: {marked_total} (2 paths × {recipient_classes} classes × {refused_per_class} refused recipients, 0 in the other {} classes); configuration errors stopped the run and released items: {stopped_classes} of {config_classes} (class, path) runs, 0 people marked, every prompt sent exactly once after the fix",
        CLASSES.len(),
        CLASSES.len() - recipient_classes
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(marked_total, 2 * recipient_classes * refused_per_class);
    assert_eq!(stopped_classes, config_classes);
}
