//! Every SES v2 error class over 100 pairs: only recipient-level refusals mark people.
//!
//! The scheduler sends to 100 pairs on DynamoDB (moto) through the SES v2 SDK, whose calls go
//! through a fault proxy ([`crate::ses_fault_proxy`]) that answers the `SendEmail` calls to ten
//! chosen mentees with one real SES error (status, `x-amzn-ErrorType`, JSON message) and
//! forwards everything else to moto. Then the cause is "fixed" (the proxy heals) and the
//! scheduler runs again. Per class:
//! - a refusal of the recipient marks exactly the ten refused mentees bouncing, nobody else;
//! - a configuration or account error stops the run at the first refusal (no later send is
//!   tried), fails it, marks no one, and loses nothing: after the fix every prompt goes out once;
//! - throttling and server errors mark no one and leave the ten prompts for the next run.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use jiff::SignedDuration;
use mentormail::domain::{Mentorship, PersonStatus, SendOutcome};
use mentormail::mail_out::{RunReport, ScheduleError};
use mentormail::mailer::ses::SesMailer;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

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

/// What one class came to.
#[derive(Debug)]
struct Outcome {
    marked: Vec<String>,
    stopped: bool,
    first: RunReport,
    /// `SendEmail` calls of the first run, and how many got the fault.
    calls: (usize, usize),
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

async fn one_class(class: &'static Class) -> Outcome {
    let proxy = SesFaultProxy::start(&moto::endpoint());
    let ses = ses_through(&proxy).await;
    let from = format!("{}@{DOMAIN}", moto::unique_name("coach"));
    moto::verify_identity(&ses, &from).await;
    let repo: Repo<DynamoStore> = Repo::new(moto::dynamo_store().await);
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
        targets,
    );
    let mut settings = settings().schedule();
    settings.from_address = from;
    settings.throttle_backoff = vec![Duration::from_millis(1); 2];
    let mailer = SesMailer::new(ses, None);
    let at = ts("2026-11-30T09:00:05Z");
    let (first, stopped) = match run(&repo, &mailer, &settings, at).await {
        Ok(report) => (report, false),
        Err(ScheduleError::SendingStopped(report)) => (*report, true),
        Err(e) => panic!("{}: {e}", class.code),
    };
    let calls = proxy.counts();
    let mut marked = Vec::new();
    for m in &mentorships {
        for address in [&m.mentor, &m.mentee] {
            let profile = repo.person(address).await.unwrap().unwrap();
            if profile.status == PersonStatus::Bouncing {
                marked.push(address.to_string());
            }
        }
    }
    // The cause is fixed; the next runs send what is left.
    proxy.heal();
    let mut sent_in_all = first.sent.len();
    for minutes in [10, 20] {
        let later = at.saturating_add(SignedDuration::from_mins(minutes)).unwrap();
        sent_in_all += run(&repo, &mailer, &settings, later)
            .await
            .unwrap()
            .sent
            .len();
    }
    let mut recorded_once = 0;
    for m in &mentorships {
        let records = repo.sent(&m.id).await.unwrap();
        let prompts = records
            .iter()
            .filter(|r| matches!(r.outcome, SendOutcome::Sent { .. } | SendOutcome::Rejected { .. }))
            .count();
        if prompts == 1 && records.len() == 1 {
            recorded_once += 1;
        }
    }
    Outcome {
        marked,
        stopped,
        first,
        calls,
        recorded_once,
        sent_in_all,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_ses_error_class_over_100_pairs_only_recipient_refusals_mark_people() {
    let tasks: Vec<_> = CLASSES
        .iter()
        .map(|class| tokio::spawn(one_class(class)))
        .collect();
    let refused_per_class = (0..PAIRS).filter(|&n| refused(n)).count();
    let (mut marked_total, mut stopped_classes, mut config_classes) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (class, task) in CLASSES.iter().zip(tasks) {
        let outcome = task.await.expect("class task");
        let name = format!("{} {} {:?}", class.status, class.code, class.message);
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
                check(!outcome.stopped, "a recipient refusal must not stop the run");
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
                let stopped_here = outcome.stopped
                    && first.failed == 1
                    && first.stopped.is_some()
                    // No send after the refused one: its own attempts are the last calls.
                    && calls <= first.sent.len() + SDK_ATTEMPTS as usize;
                if stopped_here {
                    stopped_classes += 1;
                }
                check(stopped_here, "the run stops at the first refusal and fails");
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
        "SES error classes: {} classes × {PAIRS} pairs; people marked bouncing only for recipient refusals: {marked_total} ({recipient_classes} classes × {refused_per_class} refused recipients, 0 in the other {} classes); configuration errors stopped the run and released items: {stopped_classes} of {config_classes} classes, 0 people marked, every prompt sent once after the fix",
        CLASSES.len(),
        CLASSES.len() - recipient_classes
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(marked_total, recipient_classes * refused_per_class);
}
