//! The scheduler use case on the embedded store: what is sent when, exactly once, and what
//! happens when sending fails or a run dies half-way.

use crate::fixtures::run;
use jiff::SignedDuration;
use mentormail::domain::{Goal, GoalStatus, PersonStatus, SendOutcome};
use mentormail::mail_out::ScheduleError;
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::mailer::{OutgoingMail, SendError};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::{all_shards, due_at, due_upto, keys};
use mentormail::store::repo::Repo;
use mentormail::store::{Condition, Store, Write};

use crate::fixtures::*;

fn text(mail: &OutgoingMail) -> String {
    String::from_utf8(mail.raw.clone()).unwrap()
}

#[tokio::test]
async fn a_due_prompt_is_sent_once_and_the_next_one_follows_the_cadence() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();

    // Before Monday 09:00 London nothing is due.
    let early = run(&repo, &mailer, &settings, ts("2026-11-30T08:59:59Z"))
        .await
        .unwrap();
    assert!(early.sent.is_empty());

    let at = ts("2026-11-30T09:00:10Z");
    let report = run(&repo, &mailer, &settings, at).await.unwrap();
    assert_eq!(report.sent.len(), 1);
    assert_eq!(report.sent[0].to, MENTEE);
    let mail = &mailer.sent()[0];
    assert_eq!(mail.to, vec![MENTEE.to_string()]);
    let token_address = sent_reply_address(
        &settings.token_key,
        &m.id,
        &mentormail::mail::token::TokenAbout::Prompt(1),
        report.sent[0].due_at,
    );
    assert!(text(mail).contains(&token_address), "Reply-To token");

    // A rerun at the same instant (a Lambda retry) sends nothing.
    let rerun = run(&repo, &mailer, &settings, at).await.unwrap();
    assert!(rerun.sent.is_empty());
    assert_eq!(mailer.sent().len(), 1);

    // Recorded, and the next prompt is the following Monday 09:00 London.
    let sent = repo.sent(&m.id).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert!(matches!(sent[0].outcome, SendOutcome::Sent { .. }));
    let schedule = repo.schedule(&m.id).await.unwrap();
    assert_eq!(schedule.len(), 1);
    assert_eq!(schedule[0].due_at, ts("2026-12-07T09:00:00Z"));
}

#[tokio::test]
async fn goal_reminders_go_out_before_the_target_and_once_overdue() {
    let repo = memory_repo();
    let now = ts("2026-11-26T10:00:00Z");
    let m = enrol_standard(&repo, now).await;
    let mentee = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    let goal = Goal {
        id: "g1".into(),
        mentorship_id: m.id.clone(),
        title: "Run three discovery interviews".into(),
        target: Some("2026-12-10".parse().unwrap()),
        status: GoalStatus::Open,
        created_at: now,
        progress: Vec::new(),
    };
    let at = mentormail::admin::goals::add_goal(&repo, &goal, &m, &mentee, now)
        .await
        .unwrap();
    assert_eq!(
        at,
        Some(ts("2026-12-03T09:00:00Z")),
        "a week before, 09:00 London"
    );

    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    // The first run after 3 Dec 09:00 also sends the prompt that was due on 30 Nov.
    let report = run(&repo, &mailer, &settings, ts("2026-12-03T09:00:00Z"))
        .await
        .unwrap();
    let kinds: Vec<&str> = report.sent.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["prompt", "goal_reminder"], "{report:?}");
    let reminder = text(&mailer.sent()[1]);
    assert!(reminder.contains("Run three discovery interviews"));
    assert!(reminder.contains("your goal is due on"), "{reminder}");
    assert!(
        report.sent[1]
            .subject
            .contains("\"Run three discovery interviews\" is due on"),
        "{report:?}"
    );

    let report = run(&repo, &mailer, &settings, ts("2026-12-11T09:00:00Z"))
        .await
        .unwrap();
    assert!(
        report
            .sent
            .iter()
            .any(|s| s.kind == "goal_reminder" && s.subject.contains("was due on"))
    );
    // And then no more reminders for it.
    let later = run(&repo, &mailer, &settings, ts("2027-02-01T09:00:00Z"))
        .await
        .unwrap();
    assert!(later.sent.iter().all(|s| s.kind != "goal_reminder"));
}

#[tokio::test]
async fn paused_and_bouncing_people_get_nothing_but_the_schedule_moves_on() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mut mentee = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    mentee.status = PersonStatus::Bouncing;
    repo.put_person(&mentee).await.unwrap();
    let mailer = ScriptedMailer::default();
    let report = run(
        &repo,
        &mailer,
        &settings().schedule(),
        ts("2026-11-30T09:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(report.skipped, 1);
    assert!(mailer.sent().is_empty());
    let sent = repo.sent(&m.id).await.unwrap();
    assert!(matches!(sent[0].outcome, SendOutcome::Skipped { .. }));
    assert_eq!(
        repo.schedule(&m.id).await.unwrap()[0].due_at,
        ts("2026-12-07T09:00:00Z")
    );
}

#[tokio::test]
async fn a_failed_send_is_released_and_sent_by_the_next_run() {
    let repo = memory_repo();
    enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mut settings = settings().schedule();
    settings.throttle_backoff = vec![std::time::Duration::from_millis(1)];
    // Throttled twice: one back-off retry, then released.
    let mailer = ScriptedMailer::failing_with(vec![
        SendError::Throttled("slow down".into()),
        SendError::Throttled("slow down".into()),
    ]);
    let at = ts("2026-11-30T09:00:00Z");
    let first = run(&repo, &mailer, &settings, at).await.unwrap();
    assert_eq!((first.sent.len(), first.failed), (0, 1));
    let second = run(
        &repo,
        &mailer,
        &settings,
        at.saturating_add(SignedDuration::from_mins(15)).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(second.sent.len(), 1);
    assert_eq!(mailer.sent().len(), 1);
}

#[tokio::test]
async fn a_recipient_refusal_marks_the_person_bouncing() {
    let repo = memory_repo();
    enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::failing_with(vec![SendError::RecipientRefused(
        "address suppressed".into(),
    )]);
    let report = run(
        &repo,
        &mailer,
        &settings().schedule(),
        ts("2026-11-30T09:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(report.rejected, 1);
    assert_eq!(
        repo.person(&email(MENTEE)).await.unwrap().unwrap().status,
        PersonStatus::Bouncing
    );
    // Why and when, for the admin who reads the profile.
    let profile = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(
        profile.status_reason.as_deref(),
        Some("rejected: address suppressed")
    );
    assert_eq!(profile.status_changed_at, Some(ts("2026-11-30T09:00:00Z")));
}

#[tokio::test]
async fn a_configuration_error_stops_the_run_marks_no_one_and_loses_nothing() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::failing_with(vec![SendError::Configuration(
        "MessageRejected: Email address is not verified.".into(),
    )]);
    let at = ts("2026-11-30T09:00:00Z");
    let stopped = run(&repo, &mailer, &settings().schedule(), at).await;
    let Err(ScheduleError::SendingStopped(report)) = stopped else {
        panic!("the run must fail: {stopped:?}");
    };
    assert_eq!(
        (report.sent.len(), report.failed, report.rejected),
        (0, 1, 0)
    );
    assert!(report.stopped.as_deref().unwrap().contains("not verified"));
    assert_eq!(
        repo.person(&email(MENTEE)).await.unwrap().unwrap().status,
        PersonStatus::Active
    );
    // Released: due again at once, sent by the next run.
    let next = run(&repo, &mailer, &settings().schedule(), at)
        .await
        .unwrap();
    assert_eq!(next.sent.len(), 1);
    assert_eq!(repo.sent(&m.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_run_that_dies_after_claiming_loses_nothing() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let settings = settings().schedule();
    let at = ts("2026-11-30T09:00:00Z");
    // Claim the item the way a run does, then "die" before sending.
    let key = keys::schedule(&m.id, "PROMPT");
    let item = repo.store().get(&key).await.unwrap().unwrap();
    let current = item.due.clone().unwrap();
    let lease_until = at.saturating_add(settings.lease).unwrap();
    repo.store()
        .write(vec![Write::SetDue {
            key: key.clone(),
            due: Some(due_at(&key, lease_until)),
            condition: Condition::DueIs(current.at),
        }])
        .await
        .unwrap();
    let mailer = ScriptedMailer::default();
    // While the claim holds, other runs leave it alone.
    let during = run(
        &repo,
        &mailer,
        &settings,
        at.saturating_add(SignedDuration::from_mins(1)).unwrap(),
    )
    .await
    .unwrap();
    assert!(during.sent.is_empty());
    // Once it expires, the next run sends it, once, as prompt #1.
    let after = run(&repo, &mailer, &settings, lease_until).await.unwrap();
    assert_eq!(after.sent.len(), 1);
    assert_eq!(after.sent[0].due_at, at);
    assert!(text(&mailer.sent()[0]).contains(&sent_reply_address(
        &settings.token_key,
        &m.id,
        &mentormail::mail::token::TokenAbout::Prompt(1),
        at
    )));
}

#[tokio::test]
async fn the_outbox_gets_an_eml_per_sent_mail_and_due_queries_stay_within_range() {
    let repo = memory_repo();
    enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path()).unwrap();
    run(
        &repo,
        &outbox,
        &settings().schedule(),
        ts("2026-11-30T09:00:00Z"),
    )
    .await
    .unwrap();
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
    // Nothing is left due up to now in any shard.
    for shard in all_shards() {
        let left = repo
            .store()
            .query_due(&shard, &due_upto(ts("2026-11-30T09:00:00Z")), 10)
            .await
            .unwrap();
        assert!(left.is_empty(), "{left:?}");
    }
}

#[tokio::test]
async fn a_run_in_the_mentees_quiet_hours_defers_to_the_morning() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    // The scheduler was down from Monday 08:00 until 22:00 London: too late to mail anyone.
    let night = run(&repo, &mailer, &settings, ts("2026-11-30T22:00:00Z"))
        .await
        .unwrap();
    assert_eq!((night.sent.len(), night.deferred), (0, 1), "{night:?}");
    let before_eight = run(&repo, &mailer, &settings, ts("2026-12-01T07:59:00Z"))
        .await
        .unwrap();
    assert!(before_eight.sent.is_empty() && before_eight.deferred == 0);
    let morning = run(&repo, &mailer, &settings, ts("2026-12-01T08:00:00Z"))
        .await
        .unwrap();
    assert_eq!(morning.sent.len(), 1);
    // Still prompt #1 of Monday's slot; the next follows the cadence, not the deferral.
    assert_eq!(morning.sent[0].due_at, ts("2026-11-30T09:00:00Z"));
    assert_eq!(
        repo.schedule(&m.id).await.unwrap()[0].due_at,
        ts("2026-12-07T09:00:00Z")
    );
}

#[tokio::test]
async fn a_prompt_costs_three_requests_and_still_shows_goals_added_since_the_last() {
    use mentormail::store::counting::CountingStore;
    let repo = Repo::new(CountingStore::new(EmbeddedStore::open_in_memory().unwrap()));
    let now = ts("2026-11-26T10:00:00Z");
    let m = enrol_standard(&repo, now).await;
    // December's first prompt brings the recap of November, an item of its own with its own
    // requests (tested in `recaps_and_summaries`): off here, so the runs count prompts alone.
    let before = repo.programme_settings("PM Mentoring", now).await.unwrap();
    let recaps_off = mentormail::domain::ProgrammeSettings {
        recap: false,
        ..before.clone()
    };
    repo.set_programme_settings(&recaps_off, &before, now)
        .await
        .unwrap();
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    // Requests per prompt, leaving out what a run reads once for everything due in it: the
    // due-index queries (one per shard) and the question banks (one get for the deployment's,
    // one query for the programmes' own).
    let per_prompt = |repo: &Repo<CountingStore<EmbeddedStore>>| {
        let c = repo.store().counts();
        c.gets + c.queries + c.writes - 2
    };

    repo.store().reset();
    run(&repo, &mailer, &settings, ts("2026-11-30T09:00:00Z"))
        .await
        .unwrap();
    assert_eq!(per_prompt(&repo), 3, "claim, one batch read, completion");

    let mentee = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    let goal = Goal {
        id: "g9".into(),
        mentorship_id: m.id.clone(),
        title: "Present the roadmap at all-hands".into(),
        target: None,
        status: GoalStatus::Open,
        created_at: now,
        progress: Vec::new(),
    };
    mentormail::admin::goals::add_goal(&repo, &goal, &m, &mentee, now)
        .await
        .unwrap();
    repo.store().reset();
    run(&repo, &mailer, &settings, ts("2026-12-07T09:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        per_prompt(&repo),
        6,
        "plus reading goals, decisions and the mentor's open items once"
    );
    assert!(text(&mailer.sent()[1]).contains("Present the roadmap at all-hands"));

    repo.store().reset();
    run(&repo, &mailer, &settings, ts("2026-12-14T09:00:00Z"))
        .await
        .unwrap();
    assert_eq!(per_prompt(&repo), 3);
    assert!(text(&mailer.sent()[2]).contains("Present the roadmap at all-hands"));
}

#[tokio::test]
async fn the_footer_links_carry_the_same_token_as_list_unsubscribe() {
    let repo = memory_repo();
    enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::default();
    let settings = settings().schedule();
    let report = run(&repo, &mailer, &settings, ts("2026-11-30T09:00:10Z"))
        .await
        .unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    // Undo quoted-printable's soft breaks and escapes, and header folding.
    let raw = text(&mailer.sent()[0])
        .replace("=\r\n", "")
        .replace("=3D", "=")
        .replace("\r\n ", " ");
    let base = "https://mentor.example.org/unsubscribe";
    let token = raw
        .split(&format!("List-Unsubscribe: <{base}?t="))
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("a one-click List-Unsubscribe URL");
    let preferences = format!("{base}/preferences?t={token}");
    assert!(
        raw.contains(&format!("Preferences: {preferences}\r\n")),
        "{raw}"
    );
    assert!(raw.contains(&format!("<a href=\"{preferences}\"")), "{raw}");
    assert!(
        raw.contains(&format!("<a href=\"{base}?t={token}\"")),
        "{raw}"
    );
}
