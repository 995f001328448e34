//! Kill a scheduler run at every point it writes, rerun it, and count what each mentee got.
//!
//! The store fails every write after the K-th (the process "dies": nothing after it happens); a
//! healthy run after the lease expires finishes the work. For every K each due prompt is sent
//! exactly once. The hard case is a death between SES accepting a mail and the write recording
//! it: the claim cannot know the mail left. SES says so itself: its Send event, tagged with the
//! mail's occurrence, leaves an acknowledgement (`ses-events`), and the run that takes the item
//! again records the mail instead of sending it. The mailer here plays SES and that event.
//! Without the acknowledgement (no configuration set, or an event later than the lease) that one
//! mail goes out twice: at most one duplicate per death, also tested.
//!
//! The same holds for the deployed fan-out (scheduler claims and queues, sender sends), also
//! when SQS hands a dead sender's batch to another sender again.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::fixtures::run;
use crate::fixtures::{deliver_job, enqueue_due};
use jiff::{SignedDuration, Timestamp};
use mentormail::mail_out::QUEUE_LEASE;
use mentormail::mail_out::RunReport;
use mentormail::mailer::{Mailer, OutgoingMail, SendError};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::{OCCURRENCE_TAG, SendAck};
use mentormail::store::repo::Repo;
use mentormail::store::{Condition, Item, Key, Store, StoreError, StoreResult, Write};

use crate::fixtures::*;

/// Lets `allowed` writes through, then fails every write, like a process that died.
struct DiesAfter<'a> {
    inner: &'a EmbeddedStore,
    allowed: usize,
    done: AtomicUsize,
}

impl DiesAfter<'_> {
    /// Whether a write has failed: the process is dead and does nothing more.
    fn dead(&self) -> bool {
        self.done.load(Ordering::SeqCst) > self.allowed
    }
}

impl Store for DiesAfter<'_> {
    async fn get(&self, key: &Key) -> StoreResult<Option<Item>> {
        self.inner.get(key).await
    }
    async fn query(&self, pk: &str, sk_prefix: &str) -> StoreResult<Vec<Item>> {
        self.inner.query(pk, sk_prefix).await
    }
    async fn query_due(&self, shard: &str, upto: &str, limit: usize) -> StoreResult<Vec<Item>> {
        self.inner.query_due(shard, upto, limit).await
    }
    async fn write(&self, writes: Vec<Write>) -> StoreResult<()> {
        if self.done.fetch_add(1, Ordering::SeqCst) >= self.allowed {
            return Err(StoreError::Backend("killed".into()));
        }
        self.inner.write(writes).await
    }
}

/// SES: records who got mail and, like SES's Send event through `ses-events`, stores the
/// acknowledgement of each tagged mail (in its own process: it never dies with the run).
struct Recording<'a> {
    sent: Mutex<Vec<String>>,
    acknowledge: Option<&'a EmbeddedStore>,
}

impl<'a> Recording<'a> {
    fn new(acknowledge: Option<&'a EmbeddedStore>) -> Self {
        Self {
            sent: Mutex::new(Vec::new()),
            acknowledge,
        }
    }

    /// Mails per mentee, and how many were copies.
    fn per_mentee(&self) -> (BTreeMap<String, usize>, usize) {
        let mut per_mentee: BTreeMap<String, usize> = BTreeMap::new();
        for to in self.sent.lock().unwrap().iter() {
            *per_mentee.entry(to.clone()).or_default() += 1;
        }
        let duplicates = per_mentee.values().map(|n| n - 1).sum();
        (per_mentee, duplicates)
    }
}

impl Mailer for Recording<'_> {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let message_id = {
            let mut sent = self.sent.lock().unwrap();
            sent.push(mail.to[0].clone());
            format!("m{}", sent.len())
        };
        if let Some(store) = self.acknowledge {
            let (_, occurrence) = mail
                .tags
                .iter()
                .find(|(name, _)| name == OCCURRENCE_TAG)
                .expect("scheduled mail carries its occurrence");
            let ack = SendAck {
                message_id: message_id.clone(),
                accepted_at: ts("2026-11-30T09:00:01Z"),
            };
            store
                .write(vec![Write::Put {
                    item: ack.item(occurrence).unwrap(),
                    condition: Condition::None,
                }])
                .await
                .unwrap();
        }
        Ok(message_id)
    }
}

/// After the reruns of a run killed after `allowed` writes: every mentee got the prompt, at most
/// one copy went out, and each prompt is recorded once. Returns the copies.
async fn each_got_it_and_it_is_recorded_once<S: Store>(
    mailer: &Recording<'_>,
    repo: &Repo<S>,
    allowed: usize,
) -> usize {
    let (per_mentee, duplicates) = mailer.per_mentee();
    assert_eq!(
        per_mentee.len(),
        PAIRS,
        "K={allowed}: every mentee got the prompt"
    );
    assert!(duplicates <= 1, "K={allowed}: {per_mentee:?}");
    each_recorded_once(repo, allowed).await;
    duplicates
}

/// Every prompt recorded as sent once and its schedule moved to the next week.
async fn each_recorded_once<S: Store>(repo: &Repo<S>, allowed: usize) {
    for n in 0..PAIRS {
        let id = mentormail::domain::ids::mentorship_id(
            &format!("mentor{n}@example.org"),
            &format!("mentee{n}@example.org"),
        );
        assert_eq!(repo.sent(&id).await.unwrap().len(), 1, "K={allowed}");
        assert_eq!(
            repo.schedule(&id).await.unwrap()[0].due_at,
            ts("2026-12-07T09:00:00Z")
        );
    }
}

const PAIRS: usize = 6;

async fn seeded(store: &EmbeddedStore) {
    let repo = Repo::new(DiesAfter {
        inner: store,
        allowed: usize::MAX,
        done: AtomicUsize::new(0),
    });
    for n in 0..PAIRS {
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
        enrol(&repo, &mentor, &mentee, ts("2026-11-26T10:00:00Z")).await;
    }
}

/// Kills a direct run after each number of writes, reruns it, and returns the duplicates seen
/// over all K (each K: every mentee got the prompt, at most one copy, each recorded once) and
/// the mails recorded from an acknowledgement instead of sent again.
async fn kill_direct_runs(acknowledged: bool) -> (usize, usize) {
    let settings = settings().schedule();
    let due = ts("2026-11-30T09:00:00Z");
    let after_lease: Timestamp = due
        .saturating_add(settings.lease)
        .unwrap()
        .saturating_add(SignedDuration::from_secs(1))
        .unwrap();
    // Each prompt costs a claim and a completion: 2 writes; K beyond that never kills.
    let (mut duplicates_seen, mut recovered) = (0, 0);
    for allowed in 0..=(PAIRS * 2 + 1) {
        let store = EmbeddedStore::open_in_memory().unwrap();
        seeded(&store).await;
        let mailer = Recording::new(acknowledged.then_some(&store));
        let dying = Repo::new(DiesAfter {
            inner: &store,
            allowed,
            done: AtomicUsize::new(0),
        });
        let first = run(&dying, &mailer, &settings, due).await;
        // The dead run either stops with the error, or, when the write that died was the one
        // recording a mail that had left, reports it as unrecorded (it must not retry that).
        let noticed = match &first {
            Err(_) => true,
            Ok(report) => report.unrecorded > 0,
        };
        assert_eq!(noticed, allowed < PAIRS * 2, "K={allowed}: {first:?}");
        let healthy = Repo::new(DiesAfter {
            inner: &store,
            allowed: usize::MAX,
            done: AtomicUsize::new(0),
        });
        // A rerun at the same instant must not send what the dead run holds...
        run(&healthy, &mailer, &settings, due).await.unwrap();
        // ...and after the lease, it sends what the dead run claimed and did not complete.
        recovered += run(&healthy, &mailer, &settings, after_lease)
            .await
            .unwrap()
            .recovered;

        duplicates_seen += each_got_it_and_it_is_recorded_once(&mailer, &healthy, allowed).await;
    }
    (duplicates_seen, recovered)
}

#[tokio::test]
async fn a_run_killed_at_any_write_and_rerun_sends_every_prompt_exactly_once() {
    let (duplicates, recovered) = kill_direct_runs(true).await;
    assert_eq!(duplicates, 0);
    assert!(
        recovered > 0,
        "some death fell between the send and its record"
    );
}

#[tokio::test]
async fn without_ses_acknowledgements_a_death_after_the_send_costs_at_most_one_copy() {
    // The window exists (some K hits it), and each death costs at most one copy.
    assert!(kill_direct_runs(false).await.0 > 0);
}

/// The fan-out's kill test: the scheduler run and the sender share one life; SQS hands a dead
/// sender's batch to a healthy sender again; after the lease a new run queues what is left.
async fn kill_fan_out(acknowledged: bool) -> (usize, usize) {
    let settings = settings().schedule();
    let due = ts("2026-11-30T09:00:00Z");
    let redelivered_at = due.saturating_add(SignedDuration::from_mins(6)).unwrap();
    let after_lease = due
        .saturating_add(QUEUE_LEASE)
        .unwrap()
        .saturating_add(SignedDuration::from_secs(1))
        .unwrap();
    // The scheduler claims each item (a write), the sender completes it (a write).
    let (mut duplicates_seen, mut recovered) = (0, 0);
    for allowed in 0..=(PAIRS * 2 + 1) {
        let store = EmbeddedStore::open_in_memory().unwrap();
        seeded(&store).await;
        let mailer = Recording::new(acknowledged.then_some(&store));
        let queue = QueuedJobs::default();
        let dying = Repo::new(DiesAfter {
            inner: &store,
            allowed,
            done: AtomicUsize::new(0),
        });
        let planned = enqueue_due(&dying, &queue, QUEUE_LEASE, due).await;
        let jobs = queue.take();
        if planned.is_ok() {
            let mut report = RunReport::default();
            for job in &jobs {
                let result = deliver_job(&dying, &mailer, &settings, due, job, &mut report).await;
                if result.is_err() || dying.store().dead() {
                    break;
                }
            }
        }
        assert_eq!(dying.store().dead(), allowed < PAIRS * 2, "K={allowed}");

        let healthy = Repo::new(DiesAfter {
            inner: &store,
            allowed: usize::MAX,
            done: AtomicUsize::new(0),
        });
        let mut report = RunReport::default();
        for job in &jobs {
            deliver_job(
                &healthy,
                &mailer,
                &settings,
                redelivered_at,
                job,
                &mut report,
            )
            .await
            .unwrap();
        }
        enqueue_due(&healthy, &queue, QUEUE_LEASE, after_lease)
            .await
            .unwrap();
        for job in &queue.take() {
            deliver_job(&healthy, &mailer, &settings, after_lease, job, &mut report)
                .await
                .unwrap();
        }

        recovered += report.recovered;
        duplicates_seen += each_got_it_and_it_is_recorded_once(&mailer, &healthy, allowed).await;
    }
    (duplicates_seen, recovered)
}

#[tokio::test]
async fn fan_out_killed_at_any_write_and_redelivered_sends_every_prompt_exactly_once() {
    let (duplicates, recovered) = kill_fan_out(true).await;
    assert_eq!(duplicates, 0);
    assert!(
        recovered > 0,
        "some death fell between the send and its record"
    );
}

#[tokio::test]
async fn fan_out_without_ses_acknowledgements_costs_at_most_one_copy_per_death() {
    assert!(kill_fan_out(false).await.0 > 0);
}
