//! An admin's changes of state, each clause on SQLite and on DynamoDB (moto): ending a pair
//! stops its mail, a new cadence, time or zone moves the one next prompt, a mentor's own zone
//! moves their digest, pause/resume/stop on someone's behalf act as their own mail would.

use jiff::civil::{date, time};
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::goals::add_goal;
use mentormail::admin::listing::{PairFilter, PairStatus, list_pairs};
use mentormail::admin::pair_state::{PairChange, StateError, end_pair, set_pair, set_time_zone};
use mentormail::admin::person_state::{OnBehalf, on_behalf};
use mentormail::domain::{
    Cadence, EventKind, Goal, GoalStatus, Mentorship, PersonStatus, Scheduled, Task, Weekday,
};
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::Store;
use mentormail::store::repo::{Claim, Repo, shards};

use super::on_every_store;
use crate::fixtures::*;

const ENROLLED: &str = "2026-11-26T10:00:00Z";

/// Maya (her zone copied from Sam's, as enrolment does) mentors Sam (London), weekly on Monday
/// 09:00, with the kickoff, the first digest and a goal due 15 Jan.
pub(super) async fn enrolled_pair<S: Store>(repo: &Repo<S>) -> Mentorship {
    let mentor = person(MENTOR, "Maya Chen", "Europe/London");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let now = ts(ENROLLED);
    let mentorship = weekly_monday(&mentor, &mentee, time(9, 0, 0, 0), now);
    enrol_pair(repo, &mentor, &mentee, &mentorship, now, Kickoff::IfNew)
        .await
        .unwrap();
    let goal = Goal {
        id: "g1".into(),
        mentorship_id: mentorship.id.clone(),
        title: "Run three interviews".into(),
        target: Some(date(2027, 1, 15)),
        status: GoalStatus::Open,
        created_at: now,
        progress: Vec::new(),
    };
    add_goal(repo, &goal, &mentorship, &mentee, now)
        .await
        .unwrap();
    mentorship
}

fn prompts(schedule: &[Scheduled]) -> Vec<&Scheduled> {
    schedule
        .iter()
        .filter(|s| matches!(s.task, Task::Prompt { .. }))
        .collect()
}

fn outbox() -> (tempfile::TempDir, OutboxMailer) {
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
    (dir, outbox)
}

/// Run the scheduler every six hours over `days` from `from`; what it sent.
async fn sent_over<S: Store>(
    repo: &Repo<S>,
    outbox: &OutboxMailer,
    from: &str,
    days: i64,
) -> Vec<(String, String)> {
    let mut sent = Vec::new();
    let mut at = ts(from);
    for _ in 0..days * 4 {
        let report = run(repo, outbox, &settings().schedule(), at).await.unwrap();
        sent.extend(
            report
                .sent
                .into_iter()
                .map(|s| (s.kind.to_string(), s.to.to_string())),
        );
        at = at
            .saturating_add(jiff::SignedDuration::from_hours(6))
            .unwrap();
    }
    sent
}

async fn an_ended_pair_gets_no_more_mail_and_keeps_its_records<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    assert_eq!(repo.schedule(&m.id).await.unwrap().len(), 4);
    let ended = end_pair(&repo, MENTEE, None, ts("2026-11-26T11:00:00Z"))
        .await
        .unwrap();
    assert!(ended.ended_now);
    assert_eq!(ended.unscheduled, 4);
    assert!(repo.schedule(&m.id).await.unwrap().is_empty());
    let (_dir, outbox) = outbox();
    assert_eq!(
        sent_over(&repo, &outbox, "2026-11-26T12:00:00Z", 60).await,
        Vec::<(String, String)>::new()
    );
    let pairs = list_pairs(&repo, &PairFilter::default()).await.unwrap();
    assert_eq!(pairs[0].status, PairStatus::Ended);
    assert_eq!(repo.goals(&m.id).await.unwrap().len(), 1, "records kept");
    let events = repo.events(&m.id).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == EventKind::Admin && e.detail == "ended the pair")
    );
    // Ending again writes nothing new; changing an ended pair is refused.
    let again = end_pair(&repo, MENTEE, None, ts("2026-11-27T11:00:00Z"))
        .await
        .unwrap();
    assert!(!again.ended_now);
    let change = PairChange {
        at: Some(time(18, 0, 0, 0)),
        ..PairChange::default()
    };
    assert!(matches!(
        set_pair(&repo, MENTEE, None, change, ts("2026-11-27T11:00:00Z")).await,
        Err(StateError::Ended(_))
    ));
    // Enrolled again, it restarts: a prompt and the mentor's weekly digest, no second kickoff.
    let mentor = person(MENTOR, "Maya Chen", "Europe/London");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let again = weekly_monday(&mentor, &mentee, time(9, 0, 0, 0), ts(ENROLLED));
    enrol_pair(
        &repo,
        &mentor,
        &mentee,
        &again,
        ts("2026-11-28T10:00:00Z"),
        Kickoff::IfNew,
    )
    .await
    .unwrap();
    let mut kinds: Vec<String> = repo
        .schedule(&m.id)
        .await
        .unwrap()
        .iter()
        .map(|s| s.task.kind().to_string())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["digest", "prompt"]);
}

async fn a_new_cadence_time_or_zone_moves_the_one_next_prompt<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    // Thursday 26 Nov: the prompt due Monday 30 Nov 09:00 moves to Thursday 17:30 today.
    let change = PairChange {
        cadence: Some(Cadence::Weekly { day: Weekday::Thu }),
        at: Some(time(17, 30, 0, 0)),
        time_zone: None,
    };
    let set = set_pair(&repo, MENTEE, None, change, ts("2026-11-26T11:00:00Z"))
        .await
        .unwrap();
    assert_eq!(set.next_prompt, Some(ts("2026-11-26T17:30:00Z")));
    let schedule = repo.schedule(&m.id).await.unwrap();
    let one = prompts(&schedule);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].due_at, ts("2026-11-26T17:30:00Z"));
    // The goal reminder (Fri 8 Jan at the prompt time) keeps its date at the new time.
    let reminder = schedule
        .iter()
        .find(|s| matches!(s.task, Task::GoalReminder { .. }))
        .unwrap();
    assert_eq!(reminder.due_at, ts("2027-01-08T17:30:00Z"));

    // Berlin is an hour ahead: the same 17:30 local is 16:30 UTC.
    let zone = PairChange {
        time_zone: Some("Europe/Berlin".into()),
        ..PairChange::default()
    };
    let set = set_pair(&repo, MENTEE, None, zone, ts("2026-11-26T12:00:00Z"))
        .await
        .unwrap();
    assert_eq!(set.next_prompt, Some(ts("2026-11-26T16:30:00Z")));
    assert_eq!(set.mentee.time_zone.as_str(), "Europe/Berlin");
    assert_eq!(
        prompts(&repo.schedule(&m.id).await.unwrap()).len(),
        1,
        "no duplicate"
    );

    // The scheduler sends exactly one prompt at the new time, none at the old one, and the next
    // one a week on at the new time.
    let (_dir, outbox) = outbox();
    let sent = sent_over(&repo, &outbox, "2026-11-26T16:30:30Z", 5).await;
    let to_sam: Vec<&String> = sent
        .iter()
        .filter(|(kind, to)| to == MENTEE && kind == "prompt")
        .map(|(kind, _)| kind)
        .collect();
    assert_eq!(to_sam.len(), 1, "{sent:?}");
    let next = prompts(&repo.schedule(&m.id).await.unwrap())[0].clone();
    assert_eq!(next.due_at, ts("2026-12-03T16:30:00Z"));
    assert!(matches!(next.task, Task::Prompt { seq: 2, .. }));
    // Nothing to change is an error, not a silent success.
    assert!(matches!(
        set_pair(
            &repo,
            MENTEE,
            None,
            PairChange::default(),
            ts("2026-11-27T12:00:00Z")
        )
        .await,
        Err(StateError::NothingToChange)
    ));
}

async fn a_mentors_own_zone_moves_their_digest<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    let digest_at = |schedule: Vec<Scheduled>| {
        schedule
            .into_iter()
            .find(|s| matches!(s.task, Task::Digest { .. }))
            .map(|s| s.due_at)
            .unwrap()
    };
    // Six days after the first prompt, at 09:00 London (Maya was given Sam's zone).
    let before = digest_at(repo.schedule(&m.id).await.unwrap());
    assert_eq!(before, ts("2026-12-06T09:00:00Z"));
    let prompt_before = prompts(&repo.schedule(&m.id).await.unwrap())[0].due_at;
    let set = set_time_zone(
        &repo,
        MENTOR,
        "America/New_York",
        ts("2026-11-26T11:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(set.was.as_str(), "Europe/London");
    assert_eq!(set.rescheduled.moved.len(), 1, "{:?}", set.rescheduled);
    // 09:00 in New York now, five hours later; Sam's prompt stays.
    assert_eq!(
        digest_at(repo.schedule(&m.id).await.unwrap()),
        ts("2026-12-06T14:00:00Z")
    );
    assert_eq!(
        prompts(&repo.schedule(&m.id).await.unwrap())[0].due_at,
        prompt_before
    );
    let maya = repo.person(&email(MENTOR)).await.unwrap().unwrap();
    assert_eq!(maya.time_zone.as_str(), "America/New_York");
    // The scheduler sends it at the new time, not the old one.
    let (_dir, outbox) = outbox();
    let early = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-12-06T09:00:30Z"),
    )
    .await
    .unwrap();
    assert!(early.sent.iter().all(|s| s.kind != "digest"), "{early:?}");
    let on_time = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-12-06T14:00:30Z"),
    )
    .await
    .unwrap();
    assert!(
        on_time
            .sent
            .iter()
            .any(|s| s.kind == "digest" && s.to == MENTOR)
    );
}

async fn pause_resume_and_stop_on_someones_behalf<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    let paused = on_behalf(
        &repo,
        MENTEE,
        OnBehalf::Pause {
            until: Some(date(2026, 12, 10)),
        },
        ts("2026-11-26T11:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(paused.person.status, PersonStatus::Paused);
    assert_eq!(paused.person.paused_until, Some(date(2026, 12, 10)));
    // Monday's prompt is skipped while paused.
    let (_dir, outbox) = outbox();
    let report = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-11-30T09:00:30Z"),
    )
    .await
    .unwrap();
    assert!(
        report.sent.iter().all(|s| s.to != MENTEE),
        "nothing to Sam while paused: {report:?}"
    );
    assert!(report.skipped >= 1);
    let resumed = on_behalf(&repo, MENTEE, OnBehalf::Resume, ts("2026-12-01T11:00:00Z"))
        .await
        .unwrap();
    assert_eq!(resumed.person.status, PersonStatus::Active);
    let report = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-12-07T09:00:30Z"),
    )
    .await
    .unwrap();
    assert!(
        report
            .sent
            .iter()
            .any(|s| s.to == MENTEE && s.kind == "prompt")
    );
    let stopped = on_behalf(&repo, MENTEE, OnBehalf::Stop, ts("2026-12-07T11:00:00Z"))
        .await
        .unwrap();
    assert_eq!(stopped.person.status, PersonStatus::Stopped);
    let kinds: Vec<EventKind> = repo
        .events(&m.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [EventKind::Pause, EventKind::Resume, EventKind::Stop],
        "the timeline records each, as the mentee's own mail would"
    );
    let report = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-12-14T09:00:30Z"),
    )
    .await
    .unwrap();
    assert!(report.sent.iter().all(|s| s.to != MENTEE), "{report:?}");
    // A pause that ends today or before is refused; an unknown person too.
    assert!(matches!(
        on_behalf(
            &repo,
            MENTEE,
            OnBehalf::Pause {
                until: Some(date(2026, 12, 7))
            },
            ts("2026-12-07T12:00:00Z")
        )
        .await,
        Err(StateError::Invalid(_))
    ));
    assert!(matches!(
        on_behalf(&repo, "nobody@example.org", OnBehalf::Stop, ts(ENROLLED)).await,
        Err(StateError::UnknownPerson(_))
    ));
}

async fn a_prompt_being_sent_is_left_to_its_run<S: Store>(repo: Repo<S>) {
    let m = enrolled_pair(&repo).await;
    // A run claims Monday's prompt (due 09:00) for five minutes...
    let due_at = ts("2026-11-30T09:00:30Z");
    let mut claimed = None;
    for shard in shards() {
        for entry in repo.due_page(&shard, due_at, 50).await.unwrap() {
            if matches!(&entry.scheduled, Ok(s) if matches!(s.task, Task::Prompt { .. })) {
                let lease = due_at
                    .saturating_add(jiff::SignedDuration::from_mins(5))
                    .unwrap();
                claimed = Some(repo.claim(entry, lease).await.unwrap());
            }
        }
    }
    assert!(matches!(claimed, Some(Claim::Held(_))));
    // ...while the admin moves the pair to 17:30: the held prompt is not rewritten.
    let change = PairChange {
        at: Some(time(17, 30, 0, 0)),
        ..PairChange::default()
    };
    let set = set_pair(&repo, MENTEE, None, change, ts("2026-11-30T09:01:00Z"))
        .await
        .unwrap();
    assert_eq!(set.rescheduled.in_flight, ["prompt"]);
    assert!(set.rescheduled.moved.iter().all(|m| m.what != "prompt"));
    let schedule = repo.schedule(&m.id).await.unwrap();
    assert_eq!(prompts(&schedule).len(), 1);
    assert_eq!(prompts(&schedule)[0].due_at, ts("2026-11-30T09:00:00Z"));
    // The run died: once its lease is over the prompt goes out once, and the next one follows
    // the new time.
    let (_dir, outbox) = outbox();
    let report = run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-11-30T09:06:00Z"),
    )
    .await
    .unwrap();
    let prompts_sent = report
        .sent
        .iter()
        .filter(|s| s.kind == "prompt" && s.to == MENTEE)
        .count();
    assert_eq!(prompts_sent, 1, "{report:?}");
    let next = repo.schedule(&m.id).await.unwrap();
    assert_eq!(prompts(&next)[0].due_at, ts("2026-12-07T17:30:00Z"));
}

on_every_store!(
    a_prompt_being_sent_is_left_to_its_run,
    an_ended_pair_gets_no_more_mail_and_keeps_its_records,
    a_new_cadence_time_or_zone_moves_the_one_next_prompt,
    a_mentors_own_zone_moves_their_digest,
    pause_resume_and_stop_on_someones_behalf,
);
