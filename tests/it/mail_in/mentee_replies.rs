//! The mentee's words that control mail and goals, the kickoff, nudges, the digest and decision
//! follow-ups: ingest and scheduler together on the embedded store, travelling in time.

use crate::fixtures::ingest;
use crate::fixtures::run;
use jiff::Timestamp;
use jiff::civil::date;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::unsubscribe::unsubscribe;
use mentormail::domain::Task;
use mentormail::domain::{EntryBody, GoalStatus, PersonStatus, SendOutcome};
use mentormail::mail::token::TokenAbout;
use mentormail::mail_in::{Envelope, IngestOutcome, Verdicts};
use mentormail::mail_out::RunReport;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

use crate::fixtures::*;

/// The mentee's reply with `text` to the mail about `about`, delivered at `at`.
async fn say(
    repo: &Repo<EmbeddedStore>,
    mentorship_id: &str,
    about: TokenAbout,
    message_id: &str,
    at: Timestamp,
    text: &str,
) -> IngestOutcome {
    mentee_says(repo, mentorship_id, &about, message_id, at, text)
        .await
        .unwrap()
}

/// One scheduler run at `at`.
async fn tick(repo: &Repo<EmbeddedStore>, mailer: &ScriptedMailer, at: &str) -> RunReport {
    run(repo, mailer, &settings().schedule(), ts(at))
        .await
        .unwrap()
}

fn kinds(report: &RunReport) -> Vec<&str> {
    report.sent.iter().map(|s| s.kind.as_str()).collect()
}

/// Runs the scheduler at each time in turn; each run sends exactly the one mail of its kind.
async fn each_run_sends(
    repo: &Repo<EmbeddedStore>,
    mailer: &ScriptedMailer,
    runs: &[(&str, &str)],
) {
    for &(at, kind) in runs {
        assert_eq!(kinds(&tick(repo, mailer, at).await), [kind], "run at {at}");
    }
}

#[tokio::test]
async fn pause_resume_and_stop_change_the_mentee_and_write_no_reflection() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let at = ts("2026-11-26T12:00:00Z");
    let outcome = say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "c1",
        at,
        "Pause until 5 Jan",
    )
    .await;
    assert!(matches!(outcome, IngestOutcome::Recorded { ref entry, .. } if entry == "pause"));
    let mentee = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(
        (mentee.status, mentee.paused_until),
        (PersonStatus::Paused, Some(date(2027, 1, 5)))
    );
    assert!(
        repo.timeline(&m.id).await.unwrap().is_empty(),
        "no reflection"
    );
    // Redelivered: nothing changes twice.
    let again = say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "c1",
        at,
        "Pause until 5 Jan",
    )
    .await;
    assert_eq!(again, IngestOutcome::Duplicate);

    // While paused the Monday prompt is skipped; the prompt number is not used up.
    let mailer = ScriptedMailer::default();
    let report = tick(&repo, &mailer, "2026-11-30T09:00:00Z").await;
    assert_eq!((report.sent.len(), report.skipped), (0, 1));
    assert!(matches!(
        repo.schedule(&m.id).await.unwrap()[0].task,
        Task::Prompt { seq: 1, .. }
    ));

    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "c2",
        at,
        "resume please",
    )
    .await;
    assert_eq!(
        repo.person(&email(MENTEE)).await.unwrap().unwrap().status,
        PersonStatus::Active
    );
    let report = tick(&repo, &mailer, "2026-12-07T09:00:00Z").await;
    assert_eq!(kinds(&report), ["prompt"]);

    // "pause 2 weeks" with a reflection below it: both happen.
    let both = say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "c3",
        ts("2026-12-07T12:00:00Z"),
        "pause 2 weeks\nOff to the offsite, then holidays.",
    )
    .await;
    assert!(matches!(both, IngestOutcome::Recorded { ref entry, .. } if entry == "reflection"));
    assert_eq!(
        repo.person(&email(MENTEE))
            .await
            .unwrap()
            .unwrap()
            .paused_until,
        Some(date(2026, 12, 21))
    );
    assert!(matches!(&repo.timeline(&m.id).await.unwrap()[0].body,
        EntryBody::Reflection { text, .. } if text == "Off to the offsite, then holidays."));

    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(2),
        "c4",
        ts("2026-12-08T12:00:00Z"),
        "STOP",
    )
    .await;
    assert_eq!(
        repo.person(&email(MENTEE)).await.unwrap().unwrap().status,
        PersonStatus::Stopped
    );
    let report = tick(&repo, &mailer, "2027-01-04T09:00:00Z").await;
    assert!(report.sent.is_empty());
    let recorded: Vec<String> = repo
        .events(&m.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(recorded, ["pause", "resume", "pause", "stop"]);
}

#[tokio::test]
async fn the_kickoff_asks_for_goals_and_the_reply_becomes_goals_with_reminders() {
    let repo = memory_repo();
    let mentor = person(MENTOR, "Maya Chen", "America/New_York");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let m = enrol(&repo, &mentor, &mentee, ts("2026-11-26T10:00:00Z")).await;
    // The fixture enrols without a kickoff; a new pair enrolled for real gets one.
    let other = person("ada@example.org", "Ada Byron", "Europe/London");
    let mut pair = m.clone();
    pair.id = mentormail::domain::ids::mentorship_id(MENTOR, &other.email);
    pair.mentee = other.email.clone();
    enrol_pair(
        &repo,
        &mentor,
        &other,
        &pair,
        ts("2026-11-26T22:30:00Z"),
        Kickoff::IfNew,
    )
    .await
    .unwrap();
    let mailer = ScriptedMailer::default();
    // Enrolled in Ada's quiet hours: the kickoff waits for 08:00.
    assert!(
        tick(&repo, &mailer, "2026-11-26T23:00:00Z")
            .await
            .sent
            .is_empty()
    );
    let report = tick(&repo, &mailer, "2026-11-27T08:00:00Z").await;
    assert_eq!(kinds(&report), ["kickoff"]);
    let raw = String::from_utf8(mailer.sent()[0].raw.clone()).unwrap();
    let kickoff_address = sent_reply_address(
        &settings().token_key,
        &pair.id,
        &TokenAbout::Kickoff,
        report.sent[0].due_at,
    );
    assert!(raw.contains(&kickoff_address), "{raw}");

    let text = "Hi Maya,\n\nMy goals:\n- Run five discovery interviews by 15 Jan\n\
                - Own the pricing page (by end of March)\n- Learn SQL\n\nThanks,\nAda";
    let to = kickoff_address;
    let envelope = Envelope {
        message_id: "k1".into(),
        received_at: ts("2026-11-27T12:00:00Z"),
        recipients: vec![to.clone()],
        verdicts: Verdicts::default(),
        sender_checks: None,
    };
    let raw_reply = reply(&other.email, &to, "k1", text);
    let outcome = ingest(
        &repo,
        &ScriptedMailer::default(),
        &settings().ingest(),
        &envelope,
        &raw_reply,
    )
    .await
    .unwrap();
    assert!(matches!(outcome, IngestOutcome::Recorded { ref entry, .. } if entry == "goals"));
    let mut goals = repo.goals(&pair.id).await.unwrap();
    goals.sort_by(|a, b| a.title.cmp(&b.title));
    let read: Vec<(&str, Option<jiff::civil::Date>)> =
        goals.iter().map(|g| (g.title.as_str(), g.target)).collect();
    assert_eq!(
        read,
        [
            ("Learn SQL", None),
            ("Own the pricing page", Some(date(2027, 3, 31))),
            ("Run five discovery interviews", Some(date(2027, 1, 15))),
        ]
    );
    let reminders = repo
        .schedule(&pair.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| matches!(s.task, Task::GoalReminder { .. }))
        .count();
    assert_eq!(reminders, 2, "one per dated goal");
    assert!(repo.timeline(&pair.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn goal_reminder_replies_update_the_goal() {
    let repo = memory_repo();
    let now = ts("2026-11-26T10:00:00Z");
    let m = enrol_standard(&repo, now).await;
    let mentee = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    let goal = mentormail::domain::Goal {
        id: "g1".into(),
        mentorship_id: m.id.clone(),
        title: "Ship pricing".into(),
        target: Some(date(2026, 12, 10)),
        status: GoalStatus::Open,
        created_at: now,
        progress: Vec::new(),
    };
    mentormail::admin::goals::add_goal(&repo, &goal, &m, &mentee, now)
        .await
        .unwrap();
    let mailer = ScriptedMailer::default();
    let report = tick(&repo, &mailer, "2026-12-03T09:00:00Z").await;
    assert!(kinds(&report).contains(&"goal_reminder"));
    let sent = mailer.sent();
    let reminder = String::from_utf8(sent[1].raw.clone()).unwrap();
    let goal_token = TokenAbout::Goal("g1".into());
    let reminder_due = report
        .sent
        .iter()
        .find(|s| s.kind.as_str() == "goal_reminder")
        .unwrap()
        .due_at;
    assert!(reminder.contains(&sent_reply_address(
        &settings().token_key,
        &m.id,
        &goal_token,
        reminder_due
    )));

    let at = ts("2026-12-03T12:00:00Z");
    say(
        &repo,
        &m.id,
        goal_token.clone(),
        "u1",
        at,
        "update: two of five held",
    )
    .await;
    say(
        &repo,
        &m.id,
        goal_token.clone(),
        "u2",
        at,
        "new date: 15 Jan",
    )
    .await;
    let g = &repo.goals(&m.id).await.unwrap()[0];
    assert_eq!(g.progress[0].text, "two of five held");
    assert_eq!(g.target, Some(date(2027, 1, 15)));
    let reminder_due = repo
        .schedule(&m.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| matches!(s.task, Task::GoalReminder { .. }))
        .unwrap()
        .due_at;
    assert_eq!(
        reminder_due,
        ts("2027-01-08T09:00:00Z"),
        "a week before the new date"
    );

    say(&repo, &m.id, goal_token, "u3", at, "Done!").await;
    assert_eq!(repo.goals(&m.id).await.unwrap()[0].status, GoalStatus::Done);
    assert!(
        repo.schedule(&m.id)
            .await
            .unwrap()
            .iter()
            .all(|s| !matches!(s.task, Task::GoalReminder { .. })),
        "no reminders for a done goal"
    );
    assert!(repo.timeline(&m.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn two_unanswered_prompts_bring_one_nudge_then_the_mentor_is_told() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let mailer = ScriptedMailer::default();
    each_run_sends(
        &repo,
        &mailer,
        &[
            ("2026-11-30T09:00:00Z", "prompt"),
            ("2026-12-07T09:00:00Z", "prompt"),
            // The first prompt of December brings November's recap with the next run.
            ("2026-12-07T09:15:00Z", "recap"),
            ("2026-12-14T09:00:00Z", "nudge"),
            ("2026-12-21T09:00:00Z", "prompt"),
        ],
    )
    .await;
    // The alert is scheduled by that send and goes out with the next run.
    // The mentor is in New York: 08:00 there, not in their quiet hours.
    let report = tick(&repo, &mailer, "2026-12-21T13:00:00Z").await;
    assert_eq!(kinds(&report), ["mentor_alert"], "{report:?}");
    assert_eq!(report.sent[0].to, MENTOR);
    assert!(report.sent[0].subject.contains("gone quiet"));
    // Told once: the next unanswered prompt tells nobody.
    each_run_sends(&repo, &mailer, &[("2026-12-28T09:00:00Z", "prompt")]).await;

    // A reply resets the count: two more unanswered prompts before the next nudge.
    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(5),
        "r1",
        ts("2026-12-28T12:00:00Z"),
        "Back at it.",
    )
    .await;
    each_run_sends(
        &repo,
        &mailer,
        &[
            ("2027-01-04T09:00:00Z", "prompt"),
            ("2027-01-04T09:15:00Z", "recap"),
            ("2027-01-11T09:00:00Z", "prompt"),
            ("2027-01-18T09:00:00Z", "nudge"),
        ],
    )
    .await;
}

#[tokio::test]
async fn decisions_get_follow_ups_after_30_and_90_days_and_the_digest_reports_the_week() {
    let repo = memory_repo();
    let mentor = person(MENTOR, "Maya Chen", "America/New_York");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let m = weekly_monday(
        &mentor,
        &mentee,
        jiff::civil::time(9, 0, 0, 0),
        ts("2026-11-26T10:00:00Z"),
    );
    enrol_pair(
        &repo,
        &mentor,
        &mentee,
        &m,
        ts("2026-11-26T10:00:00Z"),
        Kickoff::IfNew,
    )
    .await
    .unwrap();
    let mailer = ScriptedMailer::default();
    tick(&repo, &mailer, "2026-11-30T09:00:00Z").await;
    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "d1",
        ts("2026-11-30T12:00:00Z"),
        "Busy week.\nDecision: drop the enterprise tier from v1",
    )
    .await;
    assert_eq!(repo.decisions(&m.id).await.unwrap().len(), 1);
    // The digest on the mentor's Sunday reports the reflection and the decision.
    let report = tick(&repo, &mailer, "2026-12-06T16:00:00Z").await;
    let digest = report.sent.iter().find(|s| s.kind == "digest");
    assert!(digest.is_some_and(|d| d.to == MENTOR), "{report:?}");
    let raw = mailer
        .sent()
        .iter()
        .map(|m| String::from_utf8(m.raw.clone()).unwrap())
        .find(|r| r.contains("digest for Sam"))
        .unwrap();
    let body = raw.replace("=\r\n", "").replace("=\n", "");
    assert!(body.contains("Busy week."), "{body}");
    assert!(body.contains("drop the enterprise tier"), "{body}");

    let report = tick(&repo, &mailer, "2026-12-30T09:00:00Z").await;
    assert!(
        report.sent.iter().any(|s| s.kind == "decision_follow_up"),
        "{report:?}"
    );
    // The reply to the follow-up is the decision's outcome (and a reflection linked to it).
    let decision_id = repo.decisions(&m.id).await.unwrap()[0].id.clone();
    let follow_up = String::from_utf8(mailer.sent().last().unwrap().raw.clone()).unwrap();
    assert!(
        follow_up.contains(&format!("-d{decision_id}-")),
        "the follow-up's reply address names the decision: {follow_up}"
    );
    for _ in 0..2 {
        let outcome = say(
            &repo,
            &m.id,
            TokenAbout::Decision(decision_id.clone()),
            "d1-outcome",
            ts("2026-12-30T18:00:00Z"),
            "Dropping it was right: two deals closed faster.",
        )
        .await;
        assert!(
            matches!(
                outcome,
                IngestOutcome::Recorded { .. } | IngestOutcome::Duplicate
            ),
            "{outcome:?}"
        );
    }
    let decisions = repo.decisions(&m.id).await.unwrap();
    assert_eq!(
        decisions[0].outcomes.len(),
        1,
        "once, however often delivered"
    );
    assert_eq!(
        decisions[0].outcomes[0].text,
        "Dropping it was right: two deals closed faster."
    );
    let entries = repo.timeline(&m.id).await.unwrap();
    assert!(entries.iter().any(|e| matches!(
        &e.body,
        EntryBody::Reflection { decision: Some(d), .. } if *d == decision_id
    )));
    let text = mentormail::admin::timeline::timeline(&repo, MENTEE, None, false)
        .await
        .unwrap();
    assert!(text.contains("Decisions:"), "{text}");
    assert!(text.contains("drop the enterprise tier from v1"), "{text}");
    assert!(text.contains("30-day follow-up: sent"), "{text}");
    assert!(text.contains("90-day follow-up: due"), "{text}");
    assert!(
        text.contains("outcome (Wed 30 Dec 2026 18:00 GMT): Dropping it was right"),
        "{text}"
    );
    assert!(text.contains("(outcome of a decision)"), "{text}");
    assert!(!text.contains("prompt #0"), "{text}");
    // The mentor's next digest reports what came of it.
    let report = tick(&repo, &mailer, "2027-01-03T16:00:00Z").await;
    assert!(report.sent.iter().any(|s| s.kind == "digest"), "{report:?}");
    let digest = String::from_utf8(mailer.sent().last().unwrap().raw.clone())
        .unwrap()
        .replace("=\r\n", "")
        .replace("\r\n ", " ");
    assert!(digest.contains("Decisions to look back on"), "{digest}");
    assert!(
        digest.contains("What came of \"drop the enterprise tier from v1\""),
        "{digest}"
    );
    let report = tick(&repo, &mailer, "2027-02-28T09:00:00Z").await;
    assert_eq!(
        report
            .sent
            .iter()
            .filter(|s| s.kind == "decision_follow_up")
            .count(),
        1,
        "the 90-day one, once: {report:?}"
    );
    // Long after, a prompt looks back at the months-old decision.
    let sent = repo.sent(&m.id).await.unwrap();
    assert!(
        sent.iter()
            .all(|s| matches!(s.outcome, SendOutcome::Sent { .. }))
    );
    let looked_back = mailer.sent().iter().any(|m| {
        String::from_utf8(m.raw.clone())
            .unwrap()
            .replace("=\r\n", "")
            .contains("Looking back")
    });
    assert!(looked_back, "{:?}", repo.sent(&m.id).await.unwrap());
}

/// The demo's Outlook reply says "One more thing from today: I decided to cut ..." in the middle
/// of a paragraph: the capture finds the decision at sentence level, and the log follows it up;
/// a reply that only weighs a decision logs none.
#[tokio::test]
async fn a_decision_inside_a_paragraph_is_logged_and_a_hypothetical_one_is_not() {
    let repo = memory_repo();
    let mentor = person(MENTOR, "Maya Chen", "America/New_York");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let m = weekly_monday(
        &mentor,
        &mentee,
        jiff::civil::time(9, 0, 0, 0),
        ts("2026-11-26T10:00:00Z"),
    );
    enrol_pair(
        &repo,
        &mentor,
        &mentee,
        &m,
        ts("2026-11-26T10:00:00Z"),
        Kickoff::IfNew,
    )
    .await
    .unwrap();
    let demo = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/infra/examples/reply-outlook.eml"
    ))
    .unwrap();
    let demo_text = mentormail::mail::parse::parse(&demo).reply_text;
    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(1),
        "demo-1",
        ts("2026-11-30T12:00:00Z"),
        &demo_text,
    )
    .await;
    let decisions = repo.decisions(&m.id).await.unwrap();
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    assert!(
        decisions[0]
            .text
            .contains("I decided to cut the saved-cards experiment"),
        "{decisions:?}"
    );
    say(
        &repo,
        &m.id,
        TokenAbout::Prompt(2),
        "weighing-1",
        ts("2026-12-07T12:00:00Z"),
        "I haven't decided on the vendor yet. If we decide to drop the annual plan, \
         finance needs a new forecast. Should I choose the cheaper one?",
    )
    .await;
    assert_eq!(repo.decisions(&m.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn one_click_unsubscribe_stops_the_recipient_of_the_mail_only() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let key = settings().token_key;
    let status = |who: &'static str| {
        let repo = repo.clone();
        async move { repo.person(&email(who)).await.unwrap().unwrap().status }
    };
    // The mentor's digest carries a mentor token: it stops the mentor, not the mentee.
    let digest_token = key
        .verify(&key.token_about(&m.id, &TokenAbout::Mentor))
        .unwrap();
    let done = unsubscribe(&repo, &digest_token, ts("2026-11-27T10:00:00Z"))
        .await
        .unwrap();
    assert_eq!(done.map(|d| d.email), Some(MENTOR.to_string()));
    assert_eq!(status(MENTOR).await, PersonStatus::Stopped);
    assert_eq!(status(MENTEE).await, PersonStatus::Active);
    // A prompt's token stops the mentee.
    let prompt_token = key.verify(&key.token(&m.id, 3)).unwrap();
    let done = unsubscribe(&repo, &prompt_token, ts("2026-11-27T10:00:00Z"))
        .await
        .unwrap();
    assert_eq!(done.map(|d| d.email), Some(MENTEE.to_string()));
    assert_eq!(status(MENTEE).await, PersonStatus::Stopped);
    let ghost = key.verify(&key.token("nosuchpair", 1)).unwrap();
    assert!(
        unsubscribe(&repo, &ghost, ts("2026-11-27T10:00:00Z"))
            .await
            .unwrap()
            .is_none()
    );
}
