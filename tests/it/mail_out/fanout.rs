//! Fan-out against moto server: the scheduler claims due items in DynamoDB and queues send jobs
//! on an SQS FIFO queue made like template.yaml's; the sender function takes the jobs as the
//! SQS event source hands them over and sends through SES. Each due prompt leaves once, also when
//! a batch is delivered again or a job outlives its claim.

use crate::fixtures::enqueue_due;
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use jiff::{SignedDuration, Timestamp};
use mentormail::handlers::scheduler::PlannerHandler;
use mentormail::handlers::sender::SenderHandler;
use mentormail::jobs::sqs::SqsQueue;
use mentormail::jobs::{JobQueue, QueueError, SendJob};
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE};
use mentormail::mailer::paced::Paced;
use mentormail::mailer::ses::SesMailer;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::records::{all_shards, due_upto};
use mentormail::store::repo::Repo;

use crate::fixtures::*;
use crate::{events, moto};

async fn enrol_pairs<S: Store>(repo: &Repo<S>, pairs: usize, tag: &str) {
    for n in 0..pairs {
        let mentor = person(
            &format!("mentor{n}.{tag}@example.org"),
            "Maya Chen",
            "Europe/London",
        );
        let mentee = person(
            &format!("mentee{n}.{tag}@example.org"),
            "Sam Rivera",
            "Europe/London",
        );
        enrol(repo, &mentor, &mentee, ts("2026-11-26T10:00:00Z")).await;
    }
}

struct Aws {
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    planner: PlannerHandler<DynamoStore, SqsQueue>,
    sender: SenderHandler<DynamoStore, Paced<SesMailer>>,
    from: String,
}

async fn aws(lease: SignedDuration) -> Aws {
    let sdk = moto::sdk_config().await;
    let sqs = mentormail::clients::sqs_client(&sdk);
    let queue_url = moto::create_send_queue(&sqs).await;
    let ses = mentormail::clients::sesv2_client(&sdk);
    let from = format!("{}@{DOMAIN}", moto::unique_name("coach"));
    moto::verify_identity(&ses, &from).await;
    let dynamodb = mentormail::clients::dynamodb_client(&sdk);
    let table = moto::create_table(&dynamodb).await;
    let mut settings = settings().schedule();
    settings.from_address = from.clone();
    Aws {
        planner: PlannerHandler {
            planner: Planner {
                repo: Repo::new(DynamoStore::new(dynamodb.clone(), table.clone())),
                queue: SqsQueue::new(sqs.clone(), queue_url.clone()),
                lease,
            },
        },
        sender: SenderHandler {
            mail_out: MailOut {
                repo: Repo::new(DynamoStore::new(dynamodb, table)),
                mailer: Paced::new(SesMailer::new(ses, None), std::time::Duration::ZERO),
                settings,
            },
        },
        sqs,
        queue_url,
        from,
    }
}

fn mails_from(from: &str) -> Vec<moto::SentRawMessage> {
    moto::sent_raw_messages()
        .into_iter()
        .filter(|m| m.source.contains(from))
        .collect()
}

#[tokio::test]
async fn queued_prompts_are_sent_once_even_when_a_batch_comes_again() {
    let aws = aws(QUEUE_LEASE).await;
    enrol_pairs(&aws.planner.planner.repo, 3, "once").await;
    let now = ts("2026-11-30T09:00:20Z");

    let planned = aws.planner.handle(events::scheduled(), now).await.unwrap();
    assert_eq!(planned.queued, 3, "{planned:?}");
    assert!(
        planned.sent.is_empty(),
        "the scheduler itself sends nothing"
    );
    let again = aws.planner.handle(events::scheduled(), now).await.unwrap();
    assert_eq!(
        again.queued, 0,
        "claimed items are not queued twice: {again:?}"
    );

    let batch = moto::drain(&aws.sqs, &aws.queue_url).await;
    assert_eq!(batch.records.len(), 3);
    let at = now.saturating_add(SignedDuration::from_secs(30)).unwrap();
    let (response, report) = aws.sender.handle(batch.clone(), at).await;
    assert!(response.batch_item_failures.is_empty(), "{response:?}");
    assert_eq!(report.sent.len(), 3, "{report:?}");

    // The event source delivers the same batch again (the function timed out after sending):
    // every job sees that its claim has moved on, and nothing is sent.
    let (response, redelivered) = aws.sender.handle(batch, at).await;
    assert!(response.batch_item_failures.is_empty());
    assert!(redelivered.sent.is_empty(), "{redelivered:?}");
    assert_eq!(redelivered.stale, 3);

    assert_eq!(
        mails_from(&aws.from).len(),
        3,
        "exactly one mail per pair in moto's SES"
    );
    let next = aws.planner.handle(events::scheduled(), at).await.unwrap();
    assert_eq!(next.queued, 0, "sent items moved on to next week: {next:?}");
}

#[tokio::test]
async fn a_job_that_outlived_its_claim_sends_nothing_and_the_item_is_queued_again() {
    // A short claim, so that the test can outlive it.
    let aws = aws(SignedDuration::from_mins(5)).await;
    enrol_pairs(&aws.planner.planner.repo, 1, "late").await;
    let now = ts("2026-11-30T09:00:20Z");
    assert_eq!(
        aws.planner
            .handle(events::scheduled(), now)
            .await
            .unwrap()
            .queued,
        1
    );
    let first = moto::drain(&aws.sqs, &aws.queue_url).await;

    // The queue was slow: the job arrives with too little of its claim left.
    let late = now.saturating_add(SignedDuration::from_mins(4)).unwrap();
    let (_, report) = aws.sender.handle(first.clone(), late).await;
    assert!(report.sent.is_empty());
    assert_eq!(report.stale, 1);

    // After the claim expired the next run queues the item again, and the new job sends it.
    let later = now.saturating_add(SignedDuration::from_mins(6)).unwrap();
    assert_eq!(
        aws.planner
            .handle(events::scheduled(), later)
            .await
            .unwrap()
            .queued,
        1
    );
    let second = moto::drain(&aws.sqs, &aws.queue_url).await;
    let (_, report) = aws.sender.handle(second, later).await;
    assert_eq!(report.sent.len(), 1, "{report:?}");
    // The first job, delivered once more, finds a claim that is not its own.
    let (_, report) = aws.sender.handle(first, later).await;
    assert!(report.sent.is_empty());
    assert_eq!(mails_from(&aws.from).len(), 1);
}

#[tokio::test]
async fn an_unreadable_job_and_those_after_it_are_handed_back() {
    let aws = aws(QUEUE_LEASE).await;
    enrol_pairs(&aws.planner.planner.repo, 1, "poison").await;
    let now = ts("2026-11-30T09:00:20Z");
    aws.planner.handle(events::scheduled(), now).await.unwrap();
    let good = moto::drain(&aws.sqs, &aws.queue_url)
        .await
        .records
        .remove(0);
    let mut poison = SqsMessage::default();
    poison.message_id = Some("poison-1".into());
    poison.body = Some("{not a job".into());
    let mut event = SqsEvent::default();
    event.records = vec![poison, good.clone()];

    let (response, report) = aws.sender.handle(event, now).await;
    let handed_back: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    // FIFO order within a batch: the job after the unreadable one waits for its retry.
    assert_eq!(
        handed_back,
        ["poison-1", good.message_id.as_deref().unwrap()]
    );
    assert!(report.sent.is_empty());
}

/// A queue that takes nothing, like SQS during an outage.
struct Refusing;

impl JobQueue for Refusing {
    async fn enqueue(&self, _jobs: &[SendJob]) -> Result<Vec<usize>, QueueError> {
        Err(QueueError("unavailable".into()))
    }
}

#[tokio::test]
async fn claims_are_released_when_the_queue_refuses_the_jobs() {
    let repo = memory_repo();
    enrol_pairs(&repo, 2, "refused").await;
    let now: Timestamp = ts("2026-11-30T09:00:20Z");
    let report = enqueue_due(&repo, &Refusing, QUEUE_LEASE, now)
        .await
        .unwrap();
    assert_eq!(report.queued, 0, "{report:?}");
    // The run stops at the first refusal (the queue is down; what it released would come back
    // in the next page), so it counts the jobs of that one page.
    assert!(report.failed >= 1, "{report:?}");
    // Released, not left to their lease: a run a minute later can take them all at once.
    let later = now.saturating_add(SignedDuration::from_mins(1)).unwrap();
    let mut due = 0;
    for shard in all_shards() {
        due += repo
            .store()
            .query_due(&shard, &due_upto(later), 100)
            .await
            .unwrap()
            .len();
    }
    assert_eq!(due, 2);
}
