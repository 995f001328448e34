//! The monthly recap and the weekly programme summary, on SQLite and on DynamoDB (moto): the
//! recap goes out once, with the first prompt of a month and not with the later ones, and not
//! at all when the programme turned it off; the summary goes to each admin once a week, also
//! when a run is retried, killed at any write, or fanned out with jobs delivered twice.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::{SignedDuration, Timestamp};
use mail_parser::MessageParser;
use mentormail::domain::{Email, MailKind, ProgrammeSettings};
use mentormail::mail::token::TokenAbout;
use mentormail::mail_out::{QUEUE_LEASE, RunReport};
use mentormail::mailer::{Mailer, OutgoingMail, SendError};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::{OCCURRENCE_TAG, SendAck};
use mentormail::store::repo::Repo;
use mentormail::store::{Condition, Item, Key, Store, StoreError, StoreResult, Write};

use crate::fixtures::*;
use crate::moto;

const PROGRAMME: &str = "PM Mentoring";
const ADMINS: [&str; 2] = ["lead@example.org", "ops@example.org"];

fn text(mail: &OutgoingMail) -> String {
    let parsed = MessageParser::default().parse(&mail.raw).unwrap();
    parsed.body_text(0).unwrap_or_default().to_string()
}

fn subject(mail: &OutgoingMail) -> String {
    let parsed = MessageParser::default().parse(&mail.raw).unwrap();
    parsed.subject().unwrap_or_default().to_string()
}

/// Set the programme's settings as `mentormail programme` does.
async fn set_programme<S: Store>(repo: &Repo<S>, recap: bool, admins: &[&str], now: Timestamp) {
    let before = repo.programme_settings(PROGRAMME, now).await.unwrap();
    let settings = ProgrammeSettings {
        recap,
        admins: admins.iter().map(|a| Email::normalised(a)).collect(),
        updated_at: now,
        ..before.clone()
    };
    let first = mentormail::domain::programme::next_summary_due(now);
    repo.set_programme_settings(&settings, &before, first)
        .await
        .unwrap();
}

/// Runs from the first prompt (30 Nov) through the second Monday of December, each run twice
/// (a retry at the same instant), the recap's own run 15 minutes after each prompt run. Sam
/// replies in November with a decision. Returns every mail to the mentee, in order.
async fn november_into_december<S: Store>(repo: &Repo<S>, recap: bool) -> Vec<OutgoingMail> {
    let created = ts("2026-11-26T10:00:00Z");
    let m = enrol_standard(repo, created).await;
    if !recap {
        set_programme(repo, false, &[], created).await;
    }
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    for at in [
        "2026-11-30T09:00:10Z",
        "2026-11-30T09:15:10Z",
        "2026-12-07T09:00:10Z",
        "2026-12-07T09:15:10Z",
        "2026-12-14T09:00:10Z",
        "2026-12-14T09:15:10Z",
    ] {
        if at == "2026-12-07T09:00:10Z" {
            mentee_says(
                repo,
                &m.id,
                &TokenAbout::Prompt(1),
                "<r1@example.org>",
                ts("2026-11-30T18:00:00Z"),
                "Good week. I decided to cut the saved-cards experiment and put the time into \
                 checkout.",
            )
            .await
            .unwrap();
        }
        for _ in 0..2 {
            run(repo, &mailer, &settings, ts(at)).await.unwrap();
        }
    }
    let recaps = repo
        .sent(&m.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == MailKind::Recap)
        .count();
    assert_eq!(recaps, usize::from(recap), "recorded recaps");
    mailer
        .sent()
        .into_iter()
        .filter(|mail| mail.to == [MENTEE])
        .collect()
}

async fn the_recap_goes_out_once_with_the_first_prompt_of_the_month<S: Store>(repo: Repo<S>) {
    let mails = november_into_december(&repo, true).await;
    let subjects: Vec<String> = mails.iter().map(subject).collect();
    let recaps: Vec<&OutgoingMail> = mails
        .iter()
        .filter(|m| subject(m).contains("in review"))
        .collect();
    assert_eq!(recaps.len(), 1, "{subjects:#?}");
    assert_eq!(
        subjects.len(),
        4,
        "three prompts and one recap: {subjects:#?}"
    );
    // Sent right after December's first prompt, before the second.
    assert!(
        subjects[2].contains("your November 2026 in review"),
        "{subjects:#?}"
    );
    let body = text(recaps[0]);
    assert!(body.contains("Decisions you took"), "{body}");
    assert!(body.contains("cut the saved-cards experiment"), "{body}");
    assert!(body.contains("one reflection of yours"), "{body}");
}

#[tokio::test]
async fn the_recap_goes_out_once_with_the_first_prompt_of_the_month_on_sqlite() {
    the_recap_goes_out_once_with_the_first_prompt_of_the_month(memory_repo()).await;
}

#[tokio::test]
async fn the_recap_goes_out_once_with_the_first_prompt_of_the_month_on_dynamodb() {
    the_recap_goes_out_once_with_the_first_prompt_of_the_month(Repo::new(
        moto::dynamo_store().await,
    ))
    .await;
}

async fn a_programme_with_recaps_off_gets_none<S: Store>(repo: Repo<S>) {
    let mails = november_into_december(&repo, false).await;
    let subjects: Vec<String> = mails.iter().map(subject).collect();
    assert_eq!(subjects.len(), 3, "the three prompts only: {subjects:#?}");
    assert!(subjects.iter().all(|s| !s.contains("in review")));
}

#[tokio::test]
async fn a_programme_with_recaps_off_gets_none_on_sqlite() {
    a_programme_with_recaps_off_gets_none(memory_repo()).await;
}

#[tokio::test]
async fn a_programme_with_recaps_off_gets_none_on_dynamodb() {
    a_programme_with_recaps_off_gets_none(Repo::new(moto::dynamo_store().await)).await;
}

/// Mails per recipient among `mails`.
fn per_admin(mails: &[OutgoingMail]) -> Vec<usize> {
    ADMINS
        .iter()
        .map(|admin| mails.iter().filter(|m| m.to == [*admin]).count())
        .collect()
}

async fn each_admin_gets_the_summary_once_a_week<S: Store>(repo: Repo<S>) {
    let created = ts("2026-11-26T10:00:00Z");
    enrol_standard(&repo, created).await;
    set_programme(&repo, true, &ADMINS, created).await;
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    // Monday 30 Nov 08:00 UTC: the first summaries; a retry at the same instant and one after
    // the lease send nothing more.
    let first = ts("2026-11-30T08:00:10Z");
    let after_lease = first.saturating_add(settings.lease).unwrap();
    for at in [first, first, after_lease] {
        run(&repo, &mailer, &settings, at).await.unwrap();
    }
    let summaries = |mailer: &ScriptedMailer| -> Vec<OutgoingMail> {
        mailer
            .sent()
            .into_iter()
            .filter(|m| subject(m).contains("the week from"))
            .collect()
    };
    assert_eq!(per_admin(&summaries(&mailer)), [1, 1]);
    let body = text(&summaries(&mailer)[0]);
    assert!(body.contains("Response rate"), "{body}");
    assert!(body.contains("across its one pair"), "{body}");
    assert!(subject(&summaries(&mailer)[0]).contains("Mon 23 Nov to Sun 29 Nov 2026"));

    // Monday 7 Dec in fan-out: the scheduler queues a job per admin; SQS hands the batch over
    // twice; still one mail each.
    let queue = QueuedJobs::default();
    let week_two = ts("2026-12-07T08:00:10Z");
    enqueue_due(&repo, &queue, QUEUE_LEASE, week_two)
        .await
        .unwrap();
    let jobs = queue.take();
    let mut report = RunReport::default();
    for at in [
        week_two,
        week_two
            .saturating_add(SignedDuration::from_mins(6))
            .unwrap(),
    ] {
        for job in &jobs {
            deliver_job(&repo, &mailer, &settings, at, job, &mut report)
                .await
                .unwrap();
        }
    }
    assert_eq!(per_admin(&summaries(&mailer)), [2, 2], "{report:?}");
    let sent = repo.programme_sent(PROGRAMME).await.unwrap();
    assert_eq!(sent.len(), 4);
    let next: Vec<Timestamp> = repo
        .programme_schedule(PROGRAMME)
        .await
        .unwrap()
        .iter()
        .map(|s| s.due_at)
        .collect();
    assert_eq!(next, [ts("2026-12-14T08:00:00Z"); 2]);

    // An admin taken off the list gets nothing more; the other's summary goes on.
    set_programme(&repo, true, &ADMINS[..1], ts("2026-12-08T10:00:00Z")).await;
    run(&repo, &mailer, &settings, ts("2026-12-14T08:00:10Z"))
        .await
        .unwrap();
    assert_eq!(per_admin(&summaries(&mailer)), [3, 2]);
}

#[tokio::test]
async fn each_admin_gets_the_summary_once_a_week_on_sqlite() {
    each_admin_gets_the_summary_once_a_week(memory_repo()).await;
}

#[tokio::test]
async fn each_admin_gets_the_summary_once_a_week_on_dynamodb() {
    each_admin_gets_the_summary_once_a_week(Repo::new(moto::dynamo_store().await)).await;
}

/// Lets `allowed` writes through, then fails every write, like a process that died.
struct DiesAfter<'a> {
    inner: &'a EmbeddedStore,
    allowed: usize,
    done: AtomicUsize,
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

fn healthy(store: &EmbeddedStore) -> Repo<DiesAfter<'_>> {
    Repo::new(DiesAfter {
        inner: store,
        allowed: usize::MAX,
        done: AtomicUsize::new(0),
    })
}

/// SES with its Send event: records who got mail and stores each mail's acknowledgement.
struct Acknowledging<'a> {
    to: Mutex<Vec<String>>,
    store: &'a EmbeddedStore,
}

impl Mailer for Acknowledging<'_> {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let message_id = {
            let mut to = self.to.lock().unwrap();
            to.push(mail.to[0].clone());
            format!("m{}", to.len())
        };
        let (_, occurrence) = mail
            .tags
            .iter()
            .find(|(name, _)| name == OCCURRENCE_TAG)
            .expect("scheduled mail carries its occurrence");
        let ack = SendAck {
            message_id: message_id.clone(),
            accepted_at: ts("2026-11-30T08:00:11Z"),
        };
        self.store
            .write(vec![Write::Put {
                item: ack.item(occurrence).unwrap(),
                condition: Condition::None,
            }])
            .await
            .unwrap();
        Ok(message_id)
    }
}

#[tokio::test]
async fn a_summary_run_killed_at_any_write_and_rerun_sends_each_admin_one() {
    let settings = settings().schedule();
    let due = ts("2026-11-30T08:00:10Z");
    let after_lease = due
        .saturating_add(settings.lease)
        .unwrap()
        .saturating_add(SignedDuration::from_secs(1))
        .unwrap();
    let mut recovered = 0;
    // Each summary costs a claim and a completion: 2 writes (with room for other due mail).
    for allowed in 0..=(ADMINS.len() * 2 + 4) {
        let store = EmbeddedStore::open_in_memory().unwrap();
        let seeding = healthy(&store);
        enrol_standard(&seeding, ts("2026-11-26T10:00:00Z")).await;
        set_programme(&seeding, true, &ADMINS, ts("2026-11-26T10:00:00Z")).await;
        let mailer = Acknowledging {
            to: Mutex::default(),
            store: &store,
        };
        let dying = Repo::new(DiesAfter {
            inner: &store,
            allowed,
            done: AtomicUsize::new(0),
        });
        let _ = run(&dying, &mailer, &settings, due).await;
        let healthy = healthy(&store);
        run(&healthy, &mailer, &settings, due).await.unwrap();
        recovered += run(&healthy, &mailer, &settings, after_lease)
            .await
            .unwrap()
            .recovered;
        let to = mailer.to.lock().unwrap().clone();
        for admin in ADMINS {
            assert_eq!(
                to.iter().filter(|t| *t == admin).count(),
                1,
                "K={allowed}: {to:?}"
            );
        }
        assert_eq!(
            healthy.programme_sent(PROGRAMME).await.unwrap().len(),
            ADMINS.len(),
            "K={allowed}"
        );
    }
    assert!(
        recovered > 0,
        "some death fell between a send and its record"
    );
}
