//! Kill a scheduler run at every point it writes, rerun it, and count what each mentee got.
//!
//! The store fails every write after the K-th (the process "dies": the run returns the error and
//! nothing after it happens); a healthy run after the lease expires finishes the work. For every
//! K: each due prompt is sent at least once, and at most twice. A second copy happens only when
//! the death falls between a successful send and the write that completes it (the claim cannot
//! know the mail left), so a run killed once duplicates at most one mail. That is the honest
//! guarantee: exactly once everywhere except that window, at most one duplicate per death.
//!
//! The same holds for the deployed fan-out (scheduler claims and queues, sender sends), also
//! when SQS hands a dead sender's batch to another sender again.

mod fixtures;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use fixtures::*;
use jiff::{SignedDuration, Timestamp};
use mentormail::fanout::{JobQueue, QUEUE_LEASE, QueueError, SendJob, deliver_job, enqueue_due};
use mentormail::schedule::{RunReport, run};
use mentormail::send::{Mailer, OutgoingMail, SendError};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;
use mentormail::store::{Item, Key, Store, StoreError, StoreResult, Write};

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

#[derive(Default)]
struct Recording(Mutex<Vec<String>>);

impl Mailer for Recording {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let mut sent = self.0.lock().unwrap();
        sent.push(mail.to[0].clone());
        Ok(format!("m{}", sent.len()))
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

#[tokio::test]
async fn a_run_killed_at_any_write_and_rerun_sends_every_prompt_once_or_at_most_one_twice() {
    let settings = settings().schedule();
    let due = ts("2026-11-30T09:00:00Z");
    let after_lease: Timestamp = due
        .saturating_add(settings.lease)
        .unwrap()
        .saturating_add(SignedDuration::from_secs(1))
        .unwrap();
    // Each prompt costs a claim and a completion: 2 writes; K beyond that never kills.
    let mut duplicates_seen = 0;
    for allowed in 0..=(PAIRS * 2 + 1) {
        let store = EmbeddedStore::open_in_memory().unwrap();
        seeded(&store).await;
        let mailer = Recording::default();
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
        run(&healthy, &mailer, &settings, after_lease)
            .await
            .unwrap();

        let mut per_mentee: BTreeMap<String, usize> = BTreeMap::new();
        for to in mailer.0.lock().unwrap().iter() {
            *per_mentee.entry(to.clone()).or_default() += 1;
        }
        assert_eq!(
            per_mentee.len(),
            PAIRS,
            "K={allowed}: every mentee got the prompt"
        );
        let duplicates: usize = per_mentee.values().map(|n| n - 1).sum();
        assert!(duplicates <= 1, "K={allowed}: {per_mentee:?}");
        duplicates_seen += duplicates;
        // Every prompt is recorded as sent once and the schedule moved to the next week.
        for n in 0..PAIRS {
            let id = mentormail::domain::ids::mentorship_id(
                &format!("mentor{n}@example.org"),
                &format!("mentee{n}@example.org"),
            );
            let sent = healthy.sent(&id).await.unwrap();
            assert_eq!(sent.len(), 1, "K={allowed}");
            assert_eq!(
                healthy.schedule(&id).await.unwrap()[0].due_at,
                ts("2026-12-07T09:00:00Z")
            );
        }
    }
    // Killing at a completion write is the duplicate window: it is hit for some K, which is
    // what this test is honest about.
    assert!(duplicates_seen > 0);
}

/// The send queue between the two functions; only the jobs matter here (the SQS adapter is
/// tested against moto in tests/fanout.rs).
#[derive(Default)]
struct Jobs(Mutex<Vec<SendJob>>);

impl JobQueue for Jobs {
    async fn enqueue(&self, jobs: &[SendJob]) -> Result<Vec<usize>, QueueError> {
        self.0.lock().unwrap().extend_from_slice(jobs);
        Ok(Vec::new())
    }
}

impl Jobs {
    fn take(&self) -> Vec<SendJob> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[tokio::test]
async fn fan_out_killed_at_any_write_and_redelivered_sends_every_prompt_once_or_at_most_one_twice()
{
    let settings = settings().schedule();
    let due = ts("2026-11-30T09:00:00Z");
    let redelivered_at = due.saturating_add(SignedDuration::from_mins(6)).unwrap();
    let after_lease = due
        .saturating_add(QUEUE_LEASE)
        .unwrap()
        .saturating_add(SignedDuration::from_secs(1))
        .unwrap();
    // The scheduler claims each item (a write), the sender completes it (a write).
    let mut duplicates_seen = 0;
    for allowed in 0..=(PAIRS * 2 + 1) {
        let store = EmbeddedStore::open_in_memory().unwrap();
        seeded(&store).await;
        let mailer = Recording::default();
        let queue = Jobs::default();
        let dying = Repo::new(DiesAfter {
            inner: &store,
            allowed,
            done: AtomicUsize::new(0),
        });
        // The scheduler run, then the sender, until the first failed write kills them.
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
        // SQS hands the whole batch to a sender again after its visibility timeout...
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
        // ...and after the lease the next scheduler run queues what was claimed and not queued.
        enqueue_due(&healthy, &queue, QUEUE_LEASE, after_lease)
            .await
            .unwrap();
        for job in &queue.take() {
            deliver_job(&healthy, &mailer, &settings, after_lease, job, &mut report)
                .await
                .unwrap();
        }

        let mut per_mentee: BTreeMap<String, usize> = BTreeMap::new();
        for to in mailer.0.lock().unwrap().iter() {
            *per_mentee.entry(to.clone()).or_default() += 1;
        }
        assert_eq!(
            per_mentee.len(),
            PAIRS,
            "K={allowed}: every mentee got the prompt"
        );
        let duplicates: usize = per_mentee.values().map(|n| n - 1).sum();
        assert!(duplicates <= 1, "K={allowed}: {per_mentee:?}");
        duplicates_seen += duplicates;
        for n in 0..PAIRS {
            let id = mentormail::domain::ids::mentorship_id(
                &format!("mentor{n}@example.org"),
                &format!("mentee{n}@example.org"),
            );
            assert_eq!(healthy.sent(&id).await.unwrap().len(), 1, "K={allowed}");
            assert_eq!(
                healthy.schedule(&id).await.unwrap()[0].due_at,
                ts("2026-12-07T09:00:00Z")
            );
        }
    }
    // The same one window as a direct run: a death between the send and its completion.
    assert!(duplicates_seen > 0);
}
