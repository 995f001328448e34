//! What recorded notes change in later mail: the mentee's next prompt and the mentor's digest.

use crate::fixtures::record_notes;
use jiff::{SignedDuration, Timestamp};

use super::*;

/// The next reflection prompt asks the mentee about the action items of the notes
/// recorded since the last prompt (not the mentor's own), and the one after does not repeat them.
#[tokio::test]
async fn the_next_prompt_asks_about_the_agreed_items_once() {
    let world = World::new(false).await;
    let schedule = settings().schedule();
    let prompts_to_sam = |world: &World| -> Vec<String> {
        world
            .sent()
            .into_iter()
            .filter(|(to, _, _)| to == MENTEE)
            .map(|(_, _, text)| text)
            .collect()
    };
    // Prompt 1 goes out on Monday 23 Nov; Maya's notes arrive that evening.
    let report = crate::fixtures::run(
        &world.repo,
        &world.outbox,
        &schedule,
        ts("2026-11-23T09:00:30Z"),
    )
    .await
    .unwrap();
    assert_eq!(report.sent.len(), 1);
    recorded(
        &world
            .ingest(
                &forward("gmail.eml"),
                &envelope("ses-gmail-p", "2026-11-24T02:15:40Z"),
            )
            .await,
    );
    for at in ["2026-11-30T09:00:30Z", "2026-12-07T09:00:30Z"] {
        let report = crate::fixtures::run(&world.repo, &world.outbox, &schedule, ts(at))
            .await
            .unwrap();
        assert_eq!(report.sent.len(), 1, "{report:?}");
    }
    let prompts = prompts_to_sam(&world);
    assert_eq!(prompts.len(), 3);
    assert!(!prompts[0].contains("Last session you agreed to"));
    assert!(
        prompts[1].contains(
            "Last session you agreed to:\n\
             - Sam: send the roadmap deck outline to Maya by Friday\n\
             - Sam: shadow Priya\u{2019}s pricing review on 2 Dec\n\
             \n\
             How did it go?"
        ),
        "{}",
        prompts[1]
    );
    assert!(!prompts[1].contains("introduce Sam to the risk team lead"));
    assert!(
        !prompts[2].contains("Last session you agreed to"),
        "{}",
        prompts[2]
    );
}

/// The mentor's digests over `from..until`, running the scheduler every hour: (when, subject).
async fn digests_between(world: &World, from: &str, until: &str) -> Vec<(Timestamp, String)> {
    let schedule = settings().schedule();
    let mut digests = Vec::new();
    let (mut at, until) = (ts(from), ts(until));
    while at < until {
        let report = crate::fixtures::run(&world.repo, &world.outbox, &schedule, at)
            .await
            .unwrap();
        for sent in report.sent.into_iter().filter(|s| s.kind == "digest") {
            assert_eq!(sent.to, MENTOR);
            digests.push((at, sent.subject));
        }
        at = at.saturating_add(SignedDuration::from_hours(1)).unwrap();
    }
    digests
}

#[tokio::test]
async fn a_session_named_in_the_notes_brings_the_digest_to_the_morning_before_it() {
    let world = World::with_digest().await;
    // Maya (New York) is due a weekly digest on Sunday 29 Nov at 08:00 her time. Her notes of
    // Tuesday name a session on Thursday 3 Dec.
    let parsed = parsed_forward(
        "Good call today.\n\nNext session: Thursday 3 Dec",
        Vec::new(),
    );
    let out = record_notes(
        &world.repo,
        &world.outbox,
        &settings().ingest(),
        &envelope("ses-session-1", "2026-11-24T20:00:00Z"),
        &parsed,
    )
    .await
    .unwrap();
    assert_eq!(recorded(&out), sam_mentorship());

    let digests = digests_between(&world, "2026-11-24T21:00:00Z", "2026-12-12T00:00:00Z").await;
    assert_eq!(
        digests,
        [
            // The weekly one stays where it was (it comes before the session's).
            (
                ts("2026-11-29T13:00:00Z"),
                "PM Mentoring: digest for Sam Rivera".to_string()
            ),
            // Then 09:00 New York on Wednesday, the day before the session.
            (
                ts("2026-12-02T14:00:00Z"),
                "PM Mentoring: Sam Rivera before your session on Thu 3 Dec".to_string()
            ),
            // Weekly again from there.
            (
                ts("2026-12-09T14:00:00Z"),
                "PM Mentoring: digest for Sam Rivera".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn a_session_on_the_weekly_digests_next_day_gets_one_digest_not_two() {
    let world = World::with_digest().await;
    // The Gmail notes name Monday 7 Dec; the weekly digest falls on Sunday 6 Dec anyway.
    recorded(
        &world
            .ingest(
                &forward("gmail.eml"),
                &envelope("ses-gmail-s", "2026-11-24T02:15:40Z"),
            )
            .await,
    );
    let digests = digests_between(&world, "2026-11-24T03:00:00Z", "2026-12-12T00:00:00Z").await;
    let subjects: Vec<&str> = digests.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "PM Mentoring: digest for Sam Rivera",
            "PM Mentoring: Sam Rivera before your session on Mon 7 Dec",
        ],
        "{digests:?}"
    );
    assert_eq!(digests[1].0, ts("2026-12-06T13:00:00Z"));
}
