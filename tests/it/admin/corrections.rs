//! An admin corrects a pair's records, on SQLite and on DynamoDB (moto): goals edited,
//! completed and dropped by the ids `goal list` gives, action items closed or dropped, and a
//! wrongly recorded entry removed with what its mail added.

use jiff::civil::date;
use mentormail::admin::entries::{entry_id, remove_entry};
use mentormail::admin::goals::{GoalEdit, edit_goal, list_goals, settle_item};
use mentormail::admin::lookup::qualified;
use mentormail::admin::pair_state::StateError;
use mentormail::domain::feedback::ItemStatus;
use mentormail::domain::ids::message_key;
use mentormail::domain::{Decision, EventKind, GoalStatus, Scheduled, Task};
use mentormail::mail_in::{Envelope, IngestOutcome, Verdict, Verdicts};
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::Store;
use mentormail::store::repo::{Changes, Repo};

use super::on_every_store;
use super::pair_and_person_state::enrolled_pair;
use crate::fixtures::*;

const NOTES_ID: &str = "ses-gmail-notes";

fn notes_envelope(at: &str) -> Envelope {
    Envelope {
        message_id: NOTES_ID.into(),
        received_at: ts(at),
        recipients: vec![format!("notes@{DOMAIN}")],
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
        },
        sender_checks: dmarc_pass(),
    }
}

/// Maya's Gmail forward (three action items, a goal, a session) recorded for Sam.
async fn notes_recorded<S: Store>(repo: &Repo<S>, outbox: &OutboxMailer) -> IngestOutcome {
    ingest(
        repo,
        outbox,
        &settings().ingest(),
        &notes_envelope("2026-11-27T10:00:00Z"),
        &forward("gmail.eml"),
    )
    .await
    .unwrap()
}

async fn goals_and_items_are_edited_by_their_listed_ids<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
    assert!(matches!(
        notes_recorded(&repo, &outbox).await,
        IngestOutcome::Recorded { .. }
    ));
    let list = list_goals(&repo, MENTEE, None).await.unwrap();
    assert_eq!(list.mentorship, m.id);
    assert_eq!(list.goals.len(), 2, "{list:?}");
    assert_eq!(list.items.len(), 3, "{list:?}");
    let g1 = qualified(&m.id, "g1");
    assert!(list.goals.iter().any(|g| g.id == g1));

    // A new date: the reminder moves to a week before it, at the prompt time.
    let now = ts("2026-11-27T11:00:00Z");
    let (goal, reminder) = edit_goal(
        &repo,
        &g1,
        GoalEdit::Change {
            title: Some("Run four interviews".into()),
            target: Some(date(2027, 2, 1)),
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(goal.title, "Run four interviews");
    assert_eq!(reminder, Some(ts("2027-01-25T09:00:00Z")));
    let reminder_of = |schedule: Vec<Scheduled>| {
        schedule
            .into_iter()
            .find(|s| matches!(&s.task, Task::GoalReminder { goal_id, .. } if goal_id == "g1"))
            .map(|s| s.due_at)
    };
    assert_eq!(
        reminder_of(repo.schedule(&m.id).await.unwrap()),
        Some(ts("2027-01-25T09:00:00Z"))
    );
    let (done, _) = edit_goal(&repo, &g1, GoalEdit::Done, now).await.unwrap();
    assert_eq!(done.status, GoalStatus::Done);
    assert_eq!(reminder_of(repo.schedule(&m.id).await.unwrap()), None);
    let (dropped, _) = edit_goal(&repo, &g1, GoalEdit::Drop, now).await.unwrap();
    assert_eq!(dropped.status, GoalStatus::Dropped);
    assert!(matches!(
        edit_goal(&repo, "g1", GoalEdit::Done, now).await,
        Err(StateError::Invalid(_))
    ));

    let closed = settle_item(&repo, &list.items[0].id, ItemStatus::Done, now)
        .await
        .unwrap();
    assert_eq!(closed.status, ItemStatus::Done);
    let _ = settle_item(&repo, &list.items[1].id, ItemStatus::Dropped, now)
        .await
        .unwrap();
    let open = repo.open_items(&m.id).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(qualified(&m.id, &open[0].id), list.items[2].id);
    assert!(
        repo.items(&m.id)
            .await
            .unwrap()
            .iter()
            .any(|i| i.status == ItemStatus::Dropped)
    );
    // Closed is closed: a second close finds no open item.
    assert!(matches!(
        settle_item(&repo, &list.items[0].id, ItemStatus::Done, now).await,
        Err(StateError::Invalid(_))
    ));
    let admin_events = repo
        .events(&m.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::Admin | EventKind::GoalDone))
        .count();
    assert_eq!(admin_events, 5);
}

async fn a_wrong_entry_is_removed_with_what_its_mail_added<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
    let _ = notes_recorded(&repo, &outbox).await;
    // A decision logged from the same mail, with its follow-ups, as the decision log keys them.
    let decision = Decision {
        id: format!("{}0", message_key(NOTES_ID)),
        mentorship_id: m.id.clone(),
        text: "cut saved-cards from Q1".into(),
        decided_at: ts("2026-11-27T10:00:00Z"),
        outcomes: Vec::new(),
    };
    let mut changes = Changes::new();
    changes.decision_once(&decision);
    for (days, due) in [(30, "2026-12-27T09:00:00Z"), (90, "2027-02-25T09:00:00Z")] {
        changes.schedule_once(&Scheduled {
            mentorship_id: m.id.clone(),
            due_at: ts(due),
            task: Task::DecisionFollowUp {
                decision_id: decision.id.clone(),
                decision: decision.text.clone(),
                decided_at: decision.decided_at,
                days,
            },
        });
    }
    let _ = repo.commit(changes).await.unwrap();
    let timeline = repo.timeline(&m.id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    let id = entry_id(&timeline[0]);
    assert_eq!(repo.items(&m.id).await.unwrap().len(), 3);
    assert_eq!(repo.goals(&m.id).await.unwrap().len(), 2);

    let removed = remove_entry(&repo, &id, ts("2026-11-28T10:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        (removed.action_items, removed.decisions, removed.goals),
        (3, 1, 1)
    );
    assert!(removed.unscheduled >= 2, "{removed:?}");
    assert!(repo.timeline(&m.id).await.unwrap().is_empty());
    assert!(repo.items(&m.id).await.unwrap().is_empty());
    assert!(repo.decisions(&m.id).await.unwrap().is_empty());
    let goals = repo.goals(&m.id).await.unwrap();
    assert_eq!(goals.len(), 1, "the admin's own goal stays");
    assert_eq!(goals[0].id, "g1");
    let schedule = repo.schedule(&m.id).await.unwrap();
    assert!(
        schedule.iter().all(|s| match &s.task {
            Task::DecisionFollowUp { .. } => false,
            Task::GoalReminder { goal_id, .. } => goal_id == "g1",
            _ => true,
        }),
        "{schedule:?}"
    );
    assert!(
        repo.events(&m.id)
            .await
            .unwrap()
            .iter()
            .any(|e| e.kind == EventKind::Admin && e.detail.starts_with("removed the feedback"))
    );
    // Gone is gone; and the same mail delivered again does not bring it back.
    assert!(matches!(
        remove_entry(&repo, &id, ts("2026-11-28T10:00:00Z")).await,
        Err(StateError::Invalid(_))
    ));
    assert_eq!(
        notes_recorded(&repo, &outbox).await,
        IngestOutcome::Duplicate
    );
}

on_every_store!(
    goals_and_items_are_edited_by_their_listed_ids,
    a_wrong_entry_is_removed_with_what_its_mail_added,
);
