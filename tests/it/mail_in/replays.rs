//! State never moves backwards: a mail replayed late (from the failure queue, days later) does
//! not undo what newer mail did, and a profile changed between a read and a write (a bounce
//! report racing a mentee's pause) is read again, not overwritten. On SQLite and on DynamoDB
//! (moto).

use std::sync::{Arc, Mutex};

use mentormail::domain::{EventKind, PersonStatus};
use mentormail::mail::token::TokenAbout;
use mentormail::mail_in::{IngestError, IngestOutcome};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;
use mentormail::store::{Item, Key, Store, StoreResult, Write};

use crate::fixtures::*;
use crate::moto;

/// The mentee's reply with `text`, received at `at`, to the first prompt.
async fn reply_at<S: Store>(
    repo: &Repo<S>,
    message_id: &str,
    at: &str,
    text: &str,
) -> Result<IngestOutcome, IngestError> {
    let id = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    mentee_says(repo, &id, &TokenAbout::Prompt(1), message_id, ts(at), text).await
}

async fn status<S: Store>(repo: &Repo<S>) -> PersonStatus {
    repo.person(&email(MENTEE)).await.unwrap().unwrap().status
}

async fn an_old_pause_replayed_after_a_resume_changes_nothing<S: Store>(repo: Repo<S>) {
    enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let id = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    // Monday: pause; Tuesday: resume, then a reflection on Wednesday.
    let pause = reply_at(
        &repo,
        "pause-mon",
        "2026-11-23T10:00:00Z",
        "pause until 5 Jan",
    )
    .await;
    assert!(
        matches!(pause, Ok(IngestOutcome::Recorded { .. })),
        "{pause:?}"
    );
    let resume = reply_at(&repo, "resume-tue", "2026-11-24T10:00:00Z", "resume").await;
    assert!(
        matches!(resume, Ok(IngestOutcome::Recorded { .. })),
        "{resume:?}"
    );
    let wednesday = "2026-11-25T10:00:00Z";
    reply_at(&repo, "reflect-wed", wednesday, "Ran the pricing test.")
        .await
        .unwrap();
    assert_eq!(status(&repo).await, PersonStatus::Active);

    // Monday's pause again, as if replayed from the failure queue: a new delivery id, the same
    // received time. And an old reflection delivered late.
    let replayed = reply_at(
        &repo,
        "pause-mon-replayed",
        "2026-11-23T10:00:00Z",
        "pause until 5 Jan",
    )
    .await
    .unwrap();
    assert!(
        matches!(replayed, IngestOutcome::Recorded { .. }),
        "{replayed:?}"
    );
    assert_eq!(
        status(&repo).await,
        PersonStatus::Active,
        "the resume stands"
    );
    let events = repo.events(&id).await.unwrap();
    let last_pause = events
        .iter()
        .filter(|e| e.kind == EventKind::Pause)
        .find(|e| e.message_id == "pause-mon-replayed")
        .expect("the replay is in the timeline");
    assert!(last_pause.detail.contains("not applied"), "{last_pause:?}");

    reply_at(&repo, "reflect-old", "2026-11-20T10:00:00Z", "An old note.")
        .await
        .unwrap();
    assert_eq!(
        repo.last_reply(&id).await.unwrap(),
        Some(ts(wednesday)),
        "an old reply never moves the last reply back (a false nudge)"
    );
}

async fn a_late_bounce_report_never_undoes_a_reactivation<S: Store>(repo: Repo<S>) {
    enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let sam = email(MENTEE);
    repo.mark_bouncing(&sam, "bounced", ts("2026-11-23T10:00:00Z"))
        .await
        .unwrap();
    repo.reactivate(&sam, ts("2026-11-24T10:00:00Z"))
        .await
        .unwrap();
    // The same bounce report, delivered again later (SNS retries, a replay).
    let late = repo
        .mark_bouncing(&sam, "bounced", ts("2026-11-23T10:00:00Z"))
        .await
        .unwrap();
    assert_eq!(late, mentormail::store::repo::BounceOutcome::Outdated);
    assert_eq!(status(&repo).await, PersonStatus::Active);
}

/// A store that, just before the first write it is asked for, lets "someone else" write: the
/// moment between a use case's read and its write.
struct Interleaved<S> {
    inner: Arc<S>,
    meanwhile: Mutex<Option<Vec<Write>>>,
}

impl<S: Store> Store for Interleaved<S> {
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
        let meanwhile = self.meanwhile.lock().unwrap().take();
        if let Some(meanwhile) = meanwhile {
            self.inner.write(meanwhile).await?;
        }
        self.inner.write(writes).await
    }
}

async fn a_bounce_between_read_and_write_is_not_overwritten_by_a_pause<S: Store>(store: S) {
    let store = Arc::new(store);
    let plain = Repo::new(store.clone());
    enrol_standard(&plain, ts("2026-11-19T10:00:00Z")).await;
    // The bounce report's write, as it would land between the pause's read and write.
    let mut bounced = plain.person(&email(MENTEE)).await.unwrap().unwrap();
    let read = bounced.clone();
    bounced.status = PersonStatus::Bouncing;
    bounced.status_changed_at = Some(ts("2026-11-23T09:59:00Z"));
    let mut changes = mentormail::store::repo::Changes::new();
    changes.person_changed(&bounced, &read);
    let racing = Repo::new(Interleaved {
        inner: store.clone(),
        meanwhile: Mutex::new(Some(changes.into_writes().unwrap())),
    });
    let first = reply_at(
        &racing,
        "pause-race",
        "2026-11-23T10:00:00Z",
        "pause until 5 Jan",
    )
    .await;
    assert!(
        matches!(first, Err(IngestError::Store(_))),
        "the delivery fails, so it is retried: {first:?}"
    );
    assert_eq!(
        status(&plain).await,
        PersonStatus::Bouncing,
        "not overwritten"
    );
    // The retry reads the bounce: the pause is recorded, and bouncing stays (no command lifts it).
    let retry = reply_at(
        &racing,
        "pause-race",
        "2026-11-23T10:00:00Z",
        "pause until 5 Jan",
    )
    .await;
    assert!(
        matches!(retry, Ok(IngestOutcome::Recorded { .. })),
        "{retry:?}"
    );
    assert_eq!(status(&plain).await, PersonStatus::Bouncing);
}

fn sqlite() -> EmbeddedStore {
    EmbeddedStore::open_in_memory().unwrap()
}

#[tokio::test]
async fn replayed_old_mail_moves_nothing_backwards_on_sqlite() {
    an_old_pause_replayed_after_a_resume_changes_nothing(Repo::new(sqlite())).await;
    a_late_bounce_report_never_undoes_a_reactivation(Repo::new(sqlite())).await;
    a_bounce_between_read_and_write_is_not_overwritten_by_a_pause(sqlite()).await;
}

#[tokio::test]
async fn replayed_old_mail_moves_nothing_backwards_on_dynamodb() {
    an_old_pause_replayed_after_a_resume_changes_nothing(Repo::new(moto::dynamo_store().await))
        .await;
    a_late_bounce_report_never_undoes_a_reactivation(Repo::new(moto::dynamo_store().await)).await;
    a_bounce_between_read_and_write_is_not_overwritten_by_a_pause(moto::dynamo_store().await).await;
}
