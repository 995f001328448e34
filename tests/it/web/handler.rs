//! The preferences page's handler on each store (SQLite, DynamoDB on moto): a change made with
//! the page's anti-forgery value is applied and recorded as the person's own; a GET, a POST
//! without the value or with a wrong one change nothing; the schedule form sets cadence, days and
//! time (and refuses what cannot be); stop and resume; a mentor turns acknowledgements off and
//! pauses digests, which moves their digest to the pause's end.

use jiff::civil::date;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::domain::{EventKind, Mentorship, PersonStatus, Task};
use mentormail::mail::token::TokenAbout;
use mentormail::store::Store;
use mentormail::store::repo::Repo;
use mentormail::web::{Web, WebRequest, WebResponse};

use super::form_value_in;
use crate::admin::on_every_store;
use crate::fixtures::*;

const ENROLLED: &str = "2026-11-26T10:00:00Z";
const NOW: &str = "2026-11-30T12:00:00Z";

fn web<S: Store>(repo: Repo<S>) -> Web<S> {
    let settings = settings();
    Web {
        repo,
        token_key: settings.token_key,
        programme: settings.programme,
    }
}

fn token(m: &Mentorship, about: TokenAbout) -> String {
    settings()
        .token_key
        .token_issued(&m.id, &about, date(2026, 11, 30))
}

fn get(query: &str) -> WebRequest {
    WebRequest {
        method: "GET".into(),
        path: "/preferences".into(),
        query: query.into(),
        body: Vec::new(),
    }
}

fn post(body: &str) -> WebRequest {
    WebRequest {
        method: "POST".into(),
        path: "/preferences".into(),
        query: String::new(),
        body: body.as_bytes().to_vec(),
    }
}

async fn call<S: Store>(web: &Web<S>, request: WebRequest) -> WebResponse {
    web.handle(&request, ts(NOW))
        .await
        .expect("the store answers")
}

async fn zone_and_status<S: Store>(repo: &Repo<S>) -> (String, PersonStatus) {
    let sam = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    (sam.time_zone.to_string(), sam.status)
}

async fn a_change_needs_the_pages_own_form_value<S: Store>(repo: Repo<S>) {
    let m = enrol_standard(&repo, ts(ENROLLED)).await;
    let web = web(repo.clone());
    let t = token(&m, TokenAbout::Prompt(1));
    let before = ("Europe/London".to_string(), PersonStatus::Active);

    // A prefetch, even one that carries a change in its query, changes nothing.
    let page = call(&web, get(&format!("t={t}&action=stop"))).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Sam, these settings are for"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<option value=\"Europe/London\" selected>")
    );
    assert_eq!(zone_and_status(&repo).await, before);
    let form = form_value_in(&page.body);

    let change = "action=zone&time_zone=Asia%2FTokyo";
    for (body, why) in [
        (format!("t={t}&{change}"), "no form value"),
        (
            format!("t={t}&form=1796126400.aaaaaaaaaaaaaaaa&{change}"),
            "a made-up value",
        ),
    ] {
        let refused = call(&web, post(&body)).await;
        assert_eq!(refused.status, 403, "{why}");
        assert!(
            refused.body.contains("nothing changed"),
            "{why}: {}",
            refused.body
        );
        assert_eq!(zone_and_status(&repo).await, before, "{why}");
    }
    // The value of another person's page does not carry over.
    let mentor_page = call(&web, get(&format!("t={}", token(&m, TokenAbout::Mentor)))).await;
    let theirs = form_value_in(&mentor_page.body);
    let refused = call(&web, post(&format!("t={t}&form={theirs}&{change}"))).await;
    assert_eq!(refused.status, 403);

    let done = call(&web, post(&format!("t={t}&form={form}&{change}"))).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Saved: your time zone is Asia/Tokyo"));
    assert!(done.body.contains("<option value=\"Asia/Tokyo\" selected>"));
    assert_eq!(zone_and_status(&repo).await.0, "Asia/Tokyo");
    let events = repo.events(&m.id).await.unwrap();
    let recorded: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::Preferences)
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(
        recorded,
        ["time zone of sam.rivera@example.org Europe/London -> Asia/Tokyo"]
    );

    // A date in the past is refused with the reason, on the page.
    let past = call(
        &web,
        post(&format!("t={t}&form={form}&action=pause&until=2026-11-01")),
    )
    .await;
    assert_eq!(past.status, 400);
    assert!(
        past.body
            .contains("Nothing changed: pick a date after today"),
        "{}",
        past.body
    );
    let paused = call(
        &web,
        post(&format!("t={t}&form={form}&action=pause&until=2026-12-20")),
    )
    .await;
    assert_eq!(paused.status, 200, "{}", paused.body);
    let sam = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(
        (sam.status, sam.paused_until),
        (PersonStatus::Paused, Some(date(2026, 12, 20)))
    );
    let events = repo.events(&m.id).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == EventKind::Pause && e.detail.contains("on the preferences page")),
        "{events:?}"
    );
}

async fn a_mentor_turns_acknowledgements_off_and_pauses_digests<S: Store>(repo: Repo<S>) {
    // A new pair: its kickoff and the mentor's first digest are scheduled.
    let maya = person(MENTOR, "Maya Chen", "America/New_York");
    let sam = person(MENTEE, "Sam Rivera", "Europe/London");
    let mut m = weekly_monday(&maya, &sam, jiff::civil::time(9, 0, 0, 0), ts(ENROLLED));
    // Not the deployment's programme: the pages speak in the pair's.
    m.programme = "Design Leadership".into();
    enrol_pair(&repo, &maya, &sam, &m, ts(ENROLLED), Kickoff::IfNew)
        .await
        .unwrap();
    let web = web(repo.clone());
    let mentee_t = token(&m, TokenAbout::Prompt(1));
    let mentee_page = call(&web, get(&format!("t={mentee_t}"))).await;
    assert!(!mentee_page.body.contains("As a mentor"));
    let mentee_form = form_value_in(&mentee_page.body);
    let refused = call(
        &web,
        post(&format!(
            "t={mentee_t}&form={mentee_form}&action=acknowledgements&on=no"
        )),
    )
    .await;
    assert_eq!(
        refused.status, 400,
        "a mentee has no acknowledgements to turn off"
    );

    let t = token(&m, TokenAbout::Mentor);
    let page = call(&web, get(&format!("t={t}"))).await;
    assert!(
        page.body.contains("Maya, these settings are for"),
        "{}",
        page.body
    );
    assert!(page.body.contains("You mentor <strong>Sam Rivera</strong>"));
    assert!(
        page.body.contains("· Design Leadership</title>"),
        "{}",
        page.body
    );
    let unsubscribe_page = call(
        &web,
        WebRequest {
            path: "/".into(),
            ..get(&format!("t={t}"))
        },
    )
    .await;
    assert!(
        unsubscribe_page
            .body
            .contains("Unsubscribe from Design Leadership?"),
        "{}",
        unsubscribe_page.body
    );
    let form = form_value_in(&page.body);
    let off = call(
        &web,
        post(&format!("t={t}&form={form}&action=acknowledgements&on=no")),
    )
    .await;
    assert_eq!(off.status, 200, "{}", off.body);
    assert!(off.body.contains("Turn acknowledgements on"));
    assert!(
        !repo
            .mentor_settings(&email(MENTOR))
            .await
            .unwrap()
            .acknowledge_notes
    );

    let digest_due = |schedule: Vec<mentormail::domain::Scheduled>| {
        schedule
            .into_iter()
            .find(|s| matches!(s.task, Task::Digest { .. }))
            .map(|s| s.due_at)
            .expect("a digest is scheduled")
    };
    let before = digest_due(repo.schedule(&m.id).await.unwrap());
    let paused = call(
        &web,
        post(&format!(
            "t={t}&form={form}&action=digests-pause&until=2026-12-21"
        )),
    )
    .await;
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert!(
        paused
            .body
            .contains("Digests paused until Monday 21 December 2026")
    );
    let moved = digest_due(repo.schedule(&m.id).await.unwrap());
    let local = |at: jiff::Timestamp| {
        at.to_zoned_datetime(jiff::tz::TimeZone::get("America/New_York").unwrap())
    };
    assert_eq!(local(moved).date(), date(2026, 12, 21));
    assert_eq!(
        local(moved).time(),
        local(before).time(),
        "at its usual time of day"
    );
    assert_eq!(
        repo.mentor_settings(&email(MENTOR))
            .await
            .unwrap()
            .digests_paused_until,
        Some(date(2026, 12, 21))
    );
    let resumed = call(
        &web,
        post(&format!("t={t}&form={form}&action=digests-resume")),
    )
    .await;
    assert_eq!(resumed.status, 200);
    let back = digest_due(repo.schedule(&m.id).await.unwrap());
    assert!(
        back > ts(NOW) && back <= ts("2026-12-01T12:00:00Z"),
        "{back}"
    );
    let mut details: Vec<String> = repo
        .events(&m.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::Preferences)
        .map(|e| e.detail)
        .collect();
    // Events of one instant: their order in the store is not theirs.
    details.sort();
    assert_eq!(
        details,
        [
            "mentor maya.chen@example.org: acknowledgements of notes off",
            "mentor maya.chen@example.org: digests paused until 2026-12-21",
            "mentor maya.chen@example.org: digests resumed",
        ]
    );
}

on_every_store!(
    a_change_needs_the_pages_own_form_value,
    a_mentor_turns_acknowledgements_off_and_pauses_digests
);

async fn the_page_changes_the_schedule_and_resumes_and_stops<S: Store>(repo: Repo<S>) {
    let m = enrol_standard(&repo, ts(ENROLLED)).await;
    let web = web(repo.clone());
    let t = token(&m, TokenAbout::Prompt(1));
    let page = call(&web, get(&format!("t={t}"))).await;
    assert!(
        page.body.contains("prompts every week on Monday at 09:00"),
        "{}",
        page.body
    );
    let form = form_value_in(&page.body);
    let schedule = |rest: &str| format!("t={t}&form={form}&action=schedule&pair={}&{rest}", m.id);

    for (rest, why) in [
        (
            "every=fortnightly&day=mon&day=thu&at=18%3A30",
            "fortnightly on two days",
        ),
        ("every=weekly&at=18%3A30", "no day"),
        ("every=weekly&day=thu&at=soon", "no time"),
    ] {
        let refused = call(&web, post(&schedule(rest))).await;
        assert_eq!(refused.status, 400, "{why}: {}", refused.body);
    }
    let foreign = call(
        &web,
        post(&format!(
            "t={t}&form={form}&action=schedule&pair=someoneelse&every=weekly&day=thu&at=18%3A30"
        )),
    )
    .await;
    assert!(
        foreign.body.contains("that pair is not one of yours"),
        "{}",
        foreign.body
    );
    assert_eq!(
        repo.mentorship(&m.id)
            .await
            .unwrap()
            .unwrap()
            .cadence
            .spec(),
        "weekly:mon"
    );

    let saved = call(
        &web,
        post(&schedule("every=fortnightly&day=thu&at=18%3A30")),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved
            .body
            .contains("Saved: prompts every other week on Thursday at 18:30."),
        "{}",
        saved.body
    );
    let changed = repo.mentorship(&m.id).await.unwrap().unwrap();
    assert_eq!(changed.cadence.spec(), "fortnightly:thu");
    assert_eq!(changed.prompt_time, jiff::civil::time(18, 30, 0, 0));
    let several = call(
        &web,
        post(&schedule("every=weekly&day=tue&day=fri&at=08%3A15")),
    )
    .await;
    assert!(
        several
            .body
            .contains("prompts every Tuesday and Friday at 08:15"),
        "{}",
        several.body
    );

    let stopped = call(&web, post(&format!("t={t}&form={form}&action=stop"))).await;
    assert_eq!(stopped.status, 200);
    assert!(stopped.body.contains("Your mail is stopped"));
    assert_eq!(zone_and_status(&repo).await.1, PersonStatus::Stopped);
    let resumed = call(&web, post(&format!("t={t}&form={form}&action=resume"))).await;
    assert!(resumed.body.contains("Resumed"), "{}", resumed.body);
    assert_eq!(zone_and_status(&repo).await.1, PersonStatus::Active);
    let kinds: Vec<EventKind> = repo
        .events(&m.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in [EventKind::Preferences, EventKind::Stop, EventKind::Resume] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

on_every_store!(the_page_changes_the_schedule_and_resumes_and_stops);
