//! The fan-out path under faults: the planner claims due items in DynamoDB and queues jobs on
//! SQS, the sender takes them as the SQS event source hands them over and sends through SES, and
//! 10, 30 or 50 % of every DynamoDB, SQS and SES call fails (`fault_proxy`: throttled, failed
//! before or after the service acted, slow). What AWS itself does is played here as it behaves:
//! - EventBridge runs the planner every 5 minutes and retries a failed run once;
//! - the event source hands a job back after the visibility timeout (360 s in template.yaml)
//!   when the sender reports it failed, and moves it to the dead-letter queue after 5 receives;
//! - SES's Send event (configuration set -> SNS -> ses-events) is handled within seconds of the
//!   send, before any redelivery;
//! - once the faults stop, `replay-failed` puts the dead letters back on the queue.
//!
//! Every due prompt must leave exactly once: none lost, none twice (counted by Message-ID at the
//! proxy, which answers SES for moto).
//!
//! `MENTORMAIL_FAULT_PAIRS` sets the pairs per rate (default 40 in the suite; the figures in
//! docs/reliability.md are from 1,000).

use std::collections::HashMap;

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use jiff::{SignedDuration, Timestamp};
use mentormail::handlers::scheduler::PlannerHandler;
use mentormail::handlers::sender::SenderHandler;
use mentormail::jobs::sqs::SqsQueue;
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE};
use mentormail::mailer::paced::Paced;
use mentormail::mailer::ses::SesMailer;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fault_proxy::FaultProxy;
use crate::fixtures::*;
use crate::{events, moto};

fn pairs_per_rate() -> usize {
    std::env::var("MENTORMAIL_FAULT_PAIRS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40)
}
const RECEIVES_BEFORE_DEAD_LETTER: u32 = 5;
const VISIBILITY_TIMEOUT: SignedDuration = SignedDuration::from_secs(360);
const SCHEDULE_EVERY: SignedDuration = SignedDuration::from_mins(5);
const BATCH_SIZE: usize = 10;

#[derive(Default, Debug)]
struct Figures {
    prompts_due: usize,
    sent_once: usize,
    lost: usize,
    duplicate_mails: usize,
    planner_runs_failed: usize,
    handed_back: usize,
    dead_letters: usize,
    calls: usize,
    faults: usize,
}

/// A job the event source holds: the message and how often it was received.
struct Held {
    message: SqsMessage,
    receives: u32,
    visible_at: Timestamp,
}

/// The SQS event source between the queue and the sender: it receives (directly on moto: the
/// event source is AWS's, not ours, so it sees no injected faults), hands over batches, and
/// keeps what the sender handed back until its visibility timeout ends.
struct EventSource {
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    held: Vec<Held>,
    dead_letters: Vec<SqsMessage>,
}

impl EventSource {
    async fn receive(&mut self, now: Timestamp) {
        let received = moto::drain(&self.sqs, &self.queue_url).await;
        self.held
            .extend(received.records.into_iter().map(|message| Held {
                message,
                receives: 0,
                visible_at: now,
            }));
    }

    /// Hands every visible job to the sender in batches; what it hands back waits for the
    /// visibility timeout, or goes to the dead letters after the last receive.
    async fn deliver<M: mentormail::mailer::Mailer>(
        &mut self,
        sender: &SenderHandler<DynamoStore, M>,
        now: Timestamp,
        figures: &mut Figures,
    ) {
        let (visible, waiting): (Vec<Held>, Vec<Held>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|h| h.visible_at <= now);
        self.held = waiting;
        for batch in visible.chunks(BATCH_SIZE) {
            let mut event = SqsEvent::default();
            event.records = batch.iter().map(|h| h.message.clone()).collect();
            let (response, _) = sender.handle(event, now).await;
            for failure in response.batch_item_failures {
                figures.handed_back += 1;
                let held = batch
                    .iter()
                    .find(|h| h.message.message_id.as_deref() == Some(&failure.item_identifier))
                    .expect("a handed-back id is one of the batch");
                let receives = held.receives + 1;
                if receives >= RECEIVES_BEFORE_DEAD_LETTER {
                    self.dead_letters.push(held.message.clone());
                } else {
                    self.held.push(Held {
                        message: held.message.clone(),
                        receives,
                        visible_at: now.saturating_add(VISIBILITY_TIMEOUT).unwrap(),
                    });
                }
            }
        }
    }
}

async fn run_at(share: f64, pair_count: usize) -> Figures {
    let proxy = FaultProxy::start(&moto::endpoint(), 0xfa_0075 + (share * 100.0) as u64);
    let direct = moto::sdk_config().await;
    let sqs_direct = mentormail::clients::sqs_client(&direct);
    let queue_url = moto::create_send_queue(&sqs_direct).await;
    let dynamodb_direct = mentormail::clients::dynamodb_client(&direct);
    let table = moto::create_table(&dynamodb_direct).await;
    let setup = Repo::new(DynamoStore::new(dynamodb_direct.clone(), table.clone()));
    let mut pairs = Vec::new();
    for n in 0..pair_count {
        let tag = format!("{}x{n}", (share * 100.0) as u32);
        let mentor = person(&format!("mentor{tag}@example.org"), "Maya", "Europe/London");
        let mentee = person(&format!("mentee{tag}@example.org"), "Sam", "Europe/London");
        pairs.push(enrol(&setup, &mentor, &mentee, ts("2026-11-26T10:00:00Z")).await);
    }

    let sdk = proxy.sdk_config().await;
    let dynamodb = mentormail::clients::dynamodb_client(&sdk);
    let planner = PlannerHandler {
        planner: Planner {
            repo: Repo::new(DynamoStore::new(dynamodb.clone(), table.clone())),
            queue: SqsQueue::new(mentormail::clients::sqs_client(&sdk), queue_url.clone()),
            lease: QUEUE_LEASE,
        },
    };
    let sender = SenderHandler {
        mail_out: MailOut {
            repo: Repo::new(DynamoStore::new(dynamodb, table.clone())),
            mailer: Paced::new(
                SesMailer::new(mentormail::clients::sesv2_client(&sdk), None),
                std::time::Duration::ZERO,
            ),
            settings: settings().schedule(),
        },
    };
    let mut source = EventSource {
        sqs: sqs_direct.clone(),
        queue_url,
        held: Vec::new(),
        dead_letters: Vec::new(),
    };
    let mut figures = Figures {
        prompts_due: pair_count,
        ..Figures::default()
    };
    let mut send_events_handled = 0;
    let mut handle_send_events = async |now: Timestamp| {
        let sends = proxy.sends();
        for (message_id, occurrence) in &sends[send_events_handled..] {
            mentormail::admin::bounces::handle_ses_events(
                &setup,
                events::ses_send(message_id, occurrence),
                now,
            )
            .await
            .expect("a Send event stored");
        }
        send_events_handled = sends.len();
    };

    // Faults for an hour and a half of schedule: longer than the claims' lease, so that items
    // whose outcome was not recorded come due again while the faults go on.
    proxy.set_share(share);
    let mut now = ts("2026-11-30T09:00:20Z");
    let faulty_until = now.saturating_add(SignedDuration::from_mins(90)).unwrap();
    while now < faulty_until {
        if planner.handle(events::scheduled(), now).await.is_err() {
            figures.planner_runs_failed += 1;
            let _ = planner.handle(events::scheduled(), now).await;
        }
        handle_send_events(now).await;
        source.receive(now).await;
        source.deliver(&sender, now, &mut figures).await;
        now = now.saturating_add(SCHEDULE_EVERY).unwrap();
    }
    (figures.calls, figures.faults) = proxy.counts();
    figures.dead_letters = source.dead_letters.len();

    // The faults stop. The dead letters are replayed onto the queue, the redeliveries end, and
    // the schedule runs on past one more lease.
    proxy.set_share(0.0);
    handle_send_events(now).await;
    for letter in std::mem::take(&mut source.dead_letters) {
        source.held.push(Held {
            message: letter,
            receives: 0,
            visible_at: now,
        });
    }
    let calm_until = now.saturating_add(QUEUE_LEASE).unwrap();
    while now <= calm_until.saturating_add(SCHEDULE_EVERY).unwrap() {
        planner
            .handle(events::scheduled(), now)
            .await
            .expect("a calm planner run");
        handle_send_events(now).await;
        source.receive(now).await;
        source.deliver(&sender, now, &mut figures).await;
        now = now.saturating_add(SCHEDULE_EVERY).unwrap();
    }
    assert!(
        source.held.is_empty() && source.dead_letters.is_empty(),
        "jobs still failing without faults: {} held, {} dead",
        source.held.len(),
        source.dead_letters.len()
    );

    for pair in &pairs {
        match setup.sent(&pair.id).await.unwrap().len() {
            0 => figures.lost += 1,
            1 => figures.sent_once += 1,
            _ => {}
        }
    }
    let accepted: HashMap<String, usize> = proxy.accepted();
    figures.duplicate_mails = accepted.values().filter(|n| **n > 1).count();
    moto::delete_table(&dynamodb_direct, &table).await;
    figures
}

#[tokio::test]
async fn fan_out_under_10_30_and_50_percent_faults_sends_each_prompt_once() {
    let pair_count = pairs_per_rate();
    for share in [0.1, 0.3, 0.5] {
        let f = run_at(share, pair_count).await;
        println!(
            "fan-out, faults at {:.0} %: {} calls, {} faults injected; {} planner runs failed, {} jobs handed back, {} dead letters replayed; {} prompts due: {} sent once, {} lost, {} duplicate mails",
            share * 100.0,
            f.calls,
            f.faults,
            f.planner_runs_failed,
            f.handed_back,
            f.dead_letters,
            f.prompts_due,
            f.sent_once,
            f.lost,
            f.duplicate_mails
        );
        assert!(f.faults > 0, "{f:?}");
        assert_eq!((f.sent_once, f.lost), (f.prompts_due, 0), "{f:?}");
        assert_eq!(f.duplicate_mails, 0, "{f:?}");
    }
}
