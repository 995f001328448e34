use jiff::Timestamp;
use jiff::civil::{Date, time};

use super::*;
use crate::domain::feedback::{ItemStatus, NoteItems, OpenItem};
use crate::domain::{
    Cadence, Decision, Email, Entry, EntryBody, Goal, GoalStatus, MailKind, Mentorship, Outcome,
    Person, PersonStatus, Scheduled, SendOutcome, SentMail, Task, Weekday, Zone,
};
use crate::store::repo::PairHistory;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn pair(n: u32, cohort: Option<&str>) -> PairHistory {
    let mentor = Email::normalised(&format!("mentor{n}@x.org"));
    let mentee = Email::normalised(&format!("mentee{n}@x.org"));
    let mut m = Mentorship::new(
        mentor.clone(),
        mentee.clone(),
        "PM",
        Cadence::Weekly { day: Weekday::Mon },
        time(9, 0, 0, 0),
        at("2026-10-01T09:00:00Z"),
    );
    m.cohort = cohort.map(String::from);
    let mut h = PairHistory::new(m);
    h.mentor = Some(Person::new(mentor, format!("Mentor {n}"), Zone::utc()));
    h.mentee = Some(Person::new(mentee, format!("Mentee {n}"), Zone::utc()));
    h
}

fn sent(h: &mut PairHistory, kind: MailKind, when: &str) {
    h.sent.push(SentMail {
        mentorship_id: h.mentorship.id.clone(),
        due_at: at(when),
        sent_at: at(when),
        kind,
        to: h.mentorship.mentee.clone(),
        subject: "s".into(),
        outcome: SendOutcome::Sent {
            message_id: format!("m-{when}"),
        },
    });
}

fn reflect(h: &mut PairHistory, prompt: u32, when: &str, text: &str) {
    h.entries.push(Entry {
        mentorship_id: h.mentorship.id.clone(),
        at: at(when),
        message_id: format!("r-{when}"),
        author: h.mentorship.mentee.clone(),
        subject: "Re".into(),
        body: EntryBody::Reflection {
            prompt,
            text: text.into(),
            answers: Vec::new(),
            decision: None,
        },
        overflow: None,
        attachments: Vec::new(),
        skipped_attachments: Vec::new(),
    });
    h.last_reply = Some(at(when));
}

fn note(h: &mut PairHistory, when: &str) {
    h.entries.push(Entry {
        mentorship_id: h.mentorship.id.clone(),
        at: at(when),
        message_id: format!("n-{when}"),
        author: h.mentorship.mentor.clone(),
        subject: "Notes".into(),
        body: EntryBody::Feedback {
            comment: "Good session.".into(),
            forwarded: Vec::new(),
            items: NoteItems::default(),
            context: None,
        },
        overflow: None,
        attachments: Vec::new(),
        skipped_attachments: Vec::new(),
    });
}

fn prompt_state(h: &mut PairHistory, unanswered: u32, last_sent: &str) {
    h.prompt = Some(Scheduled {
        mentorship_id: h.mentorship.id.clone(),
        due_at: at("2026-12-07T09:00:00Z"),
        task: Task::Prompt {
            seq: 5,
            unanswered,
            nudged: false,
            last_sent: Some(at(last_sent)),
            cache: None,
        },
    });
}

const NOW: &str = "2026-12-03T12:00:00Z";

#[test]
fn the_response_rate_counts_prompts_answered_by_week_and_by_cohort() {
    let mut a = pair(1, Some("autumn"));
    sent(&mut a, MailKind::Prompt, "2026-11-16T09:00:00Z");
    reflect(&mut a, 1, "2026-11-17T09:00:00Z", "It went fine.");
    // A second reply to the same prompt is a reply, not another prompt answered.
    reflect(&mut a, 1, "2026-11-18T09:00:00Z", "One more thing.");
    sent(&mut a, MailKind::Prompt, "2026-11-30T09:00:00Z");
    let mut b = pair(2, None);
    sent(&mut b, MailKind::Prompt, "2026-11-16T09:00:00Z");
    sent(&mut b, MailKind::Nudge, "2026-11-23T09:00:00Z");
    sent(&mut b, MailKind::Digest, "2026-11-23T09:00:00Z");
    let report = compute(&[a, b], &Scope::default(), at(NOW));
    let r = &report.response;
    assert_eq!((r.prompts_sent, r.replies, r.answered), (4, 2, 1));
    assert_eq!(r.rate, Some(0.25));
    let weeks: Vec<_> = r
        .weeks
        .iter()
        .map(|w| (w.week.to_string(), w.prompts_sent, w.answered))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-11-16".to_string(), 2, 1),
            ("2026-11-23".to_string(), 1, 0),
            ("2026-11-30".to_string(), 1, 0),
        ]
    );
    assert_eq!(r.weeks[0].rate, Some(0.5));
    let cohorts: Vec<_> = r
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.prompts_sent, c.rate))
        .collect();
    assert_eq!(
        cohorts,
        [("(no cohort)", 2, Some(0.0)), ("autumn", 2, Some(0.5))]
    );
    // Every cohort has the same weeks as the whole, so their lines share the x axis.
    assert!(r.cohorts.iter().all(|c| c.weeks.len() == 3));
    assert_eq!(report.mentors[1].digests, 1);
}

#[test]
fn since_leaves_out_older_activity_and_starts_the_weeks_there() {
    let mut a = pair(1, None);
    sent(&mut a, MailKind::Prompt, "2026-11-02T09:00:00Z");
    reflect(&mut a, 1, "2026-11-03T09:00:00Z", "Fine.");
    note(&mut a, "2026-11-04T09:00:00Z");
    sent(&mut a, MailKind::Prompt, "2026-11-30T09:00:00Z");
    let scope = Scope {
        since: Some(Date::constant(2026, 11, 25)),
        ..Scope::default()
    };
    let report = compute(&[a], &scope, at(NOW));
    assert_eq!(report.response.prompts_sent, 1);
    assert_eq!(report.response.replies, 0);
    assert_eq!(report.response.weeks[0].week.to_string(), "2026-11-23");
    assert_eq!(report.response.weeks.len(), 2);
    assert_eq!(report.mentors[0].notes, 0);
}

#[test]
fn pairs_are_counted_by_state_and_the_silent_ones_listed_at_risk() {
    let mut quiet = pair(1, None);
    prompt_state(&mut quiet, 1, "2026-11-30T09:00:00Z");
    note(&mut quiet, "2026-11-20T09:00:00Z");
    let mut answering = pair(2, None);
    prompt_state(&mut answering, 1, "2026-11-30T09:00:00Z");
    reflect(&mut answering, 4, "2026-12-01T09:00:00Z", "Done.");
    note(&mut answering, "2026-11-20T09:00:00Z");
    let mut no_notes = pair(3, None);
    note(&mut no_notes, "2026-10-20T09:00:00Z");
    let mut young = pair(4, None);
    young.mentorship.created_at = at("2026-11-20T09:00:00Z");
    let mut ended = pair(5, None);
    ended.mentorship.active = false;
    let mut paused = pair(6, None);
    paused.mentee.as_mut().unwrap().status = PersonStatus::Paused;
    let report = compute(
        &[quiet, answering, no_notes, young, ended, paused],
        &Scope::default(),
        at(NOW),
    );
    assert_eq!(
        report.states,
        States {
            active: 3,
            quiet: 1,
            paused: 1,
            stopped: 0,
            bouncing: 0,
            ended: 1,
        }
    );
    let risk: Vec<_> = report
        .at_risk
        .iter()
        .map(|r| (r.mentee.as_str(), r.reasons.clone()))
        .collect();
    assert_eq!(
        risk,
        [
            ("mentee3@x.org", vec!["no notes for a month".to_string()]),
            ("mentee1@x.org", vec!["2 unanswered prompts".to_string()]),
        ]
    );
    assert_eq!(
        report.at_risk[0].last_activity,
        Some(at("2026-10-20T09:00:00Z"))
    );
}

#[test]
fn goals_are_counted_by_target_month_with_the_overdue_apart() {
    let mut a = pair(1, None);
    let goal = |id: &str, target: Option<Date>, status| Goal {
        id: id.into(),
        mentorship_id: a.mentorship.id.clone(),
        title: id.into(),
        target,
        status,
        created_at: at("2026-10-01T09:00:00Z"),
        progress: Vec::new(),
    };
    a.goals = vec![
        goal("late", Some(Date::constant(2026, 11, 30)), GoalStatus::Open),
        goal("met", Some(Date::constant(2026, 11, 10)), GoalStatus::Done),
        goal("next", Some(Date::constant(2027, 1, 15)), GoalStatus::Open),
        goal("loose", None, GoalStatus::Open),
        goal(
            "gone",
            Some(Date::constant(2027, 1, 1)),
            GoalStatus::Dropped,
        ),
    ];
    let item = |id: &str, status| OpenItem {
        id: id.into(),
        mentorship_id: a.mentorship.id.clone(),
        text: id.into(),
        owner: None,
        source_message_id: "m".into(),
        created_at: at("2026-10-01T09:00:00Z"),
        status,
        number: None,
        due: None,
    };
    a.items = vec![
        item("a", ItemStatus::Open),
        item("b", ItemStatus::Done),
        item("c", ItemStatus::Dropped),
    ];
    let report = compute(&[a], &Scope::default(), at(NOW));
    let g = &report.goals;
    assert_eq!(
        (g.open, g.done, g.overdue, g.dropped, g.without_target),
        (2, 1, 1, 1, 1)
    );
    let months: Vec<_> = g
        .by_month
        .iter()
        .map(|m| (m.month.as_str(), m.open, m.done, m.overdue))
        .collect();
    assert_eq!(months, [("2026-11", 0, 1, 1), ("2027-01", 1, 0, 0)]);
    assert_eq!(report.action_items, ActionItems { open: 1, closed: 2 });
}

#[test]
fn habits_decisions_and_scope_come_from_the_reflections_of_the_programme() {
    let mut a = pair(1, Some("autumn"));
    reflect(
        &mut a,
        1,
        "2026-11-17T09:00:00Z",
        "I decided to drop the saved-cards experiment. My manager gave me feedback on the deck.",
    );
    reflect(&mut a, 2, "2026-11-24T09:00:00Z", "A quiet week.");
    a.decisions = vec![Decision {
        id: "d1".into(),
        mentorship_id: a.mentorship.id.clone(),
        text: "drop the saved-cards experiment".into(),
        decided_at: at("2026-11-17T09:00:00Z"),
        outcomes: vec![Outcome {
            at: at("2026-12-01T09:00:00Z"),
            message_id: "o".into(),
            text: "It freed a sprint.".into(),
        }],
    }];
    let mut other = pair(2, Some("spring"));
    other.mentorship.programme = "Design".into();
    reflect(&mut other, 1, "2026-11-17T09:00:00Z", "I decided to quit.");
    let scope = Scope {
        programme: Some("PM".into()),
        ..Scope::default()
    };
    let report = compute(&[a, other], &scope, at(NOW));
    assert_eq!(report.pairs, 1);
    let h = &report.habits;
    assert_eq!(h.reflections, 2);
    assert_eq!(h.decisions.reflections, 1);
    assert_eq!(h.decisions.share, Some(0.5));
    assert_eq!(h.feedback.reflections, 1);
    assert_eq!(h.experiences.reflections, 0);
    assert_eq!(
        report.decisions,
        Decisions {
            logged: 1,
            followed_up: 1,
            follow_ups_sent: 0
        }
    );
}

#[test]
fn the_page_draws_every_chart_with_its_series_and_loads_nothing() {
    let mut a = pair(1, Some("autumn"));
    sent(&mut a, MailKind::Prompt, "2026-11-16T09:00:00Z");
    reflect(&mut a, 1, "2026-11-17T09:00:00Z", "Fine <script>.");
    let b = pair(2, Some("spring"));
    let report = compute(&[a, b], &Scope::default(), at(NOW));
    let page = html::render(&report).unwrap();
    for (chart, series) in [
        ("response-rate", 3),
        ("prompts-replies", 2),
        ("pair-states", 6),
        ("goals-by-month", 3),
        ("action-items", 2),
        ("habits", 4),
        ("decisions", 3),
        ("mentor-activity", 2),
    ] {
        let start = page
            .find(&format!("<svg data-chart=\"{chart}\""))
            .unwrap_or_else(|| panic!("no chart {chart}"));
        let end = start + page[start..].find("</svg>").unwrap();
        assert_eq!(
            page[start..end].matches("<g class=\"series").count(),
            series,
            "{chart}"
        );
    }
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(!page.contains("<script"), "text is escaped");
}
