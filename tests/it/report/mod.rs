//! The programme report on a programme that ran for nine weeks: six pairs in two cohorts enrolled
//! through the use cases, the scheduler run every day (prompts, nudges, digests, reminders,
//! follow-ups all real), mentees replying through the inbound use case (reflections, decisions
//! captured), and mentors' notes, goals and items written as the use cases write them.
//!
//! `store`: the figures on SQLite and on DynamoDB (moto), the same; `page`: the CLI's page in
//! headless Chromium.

mod page;
mod store;

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::goals::add_goal;
use mentormail::admin::pair_state::end_pair;
use mentormail::domain::feedback::{ItemStatus, NoteItems, OpenItem};
use mentormail::domain::{Entry, EntryBody, Goal, GoalStatus, MailKind, Mentorship, PersonStatus};
use mentormail::mail::token::TokenAbout;
use mentormail::mail_in::{Envelope, Verdicts};
use mentormail::store::Store;
use mentormail::store::repo::{Changes, Repo};

use crate::fixtures::{
    DOMAIN, ScriptedMailer, ingest, person, reply, run, settings, ts, weekly_monday,
};

/// The programme's first day and the report's time (a Thursday, nine weeks on).
pub const START: &str = "2026-10-01T10:00:00Z";
pub const NOW: &str = "2026-12-03T12:00:00Z";

/// (mentor, mentor name, mentee, mentee name, cohort, replies to the prompts of these weeks).
type PairSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [u32],
);

const PAIRS: &[PairSpec] = &[
    (
        "maya@example.org",
        "Maya Chen",
        "sam@example.org",
        "Sam Rivera",
        "2026-autumn",
        &[1, 2, 3, 4, 5, 6, 7, 8, 9],
    ),
    (
        "maya@example.org",
        "Maya Chen",
        "priya@example.org",
        "Priya Nair",
        "2026-autumn",
        &[1, 2, 4, 5, 7, 8],
    ),
    (
        "tomas@example.org",
        "Tomás García",
        "lena@example.org",
        "Lena Fischer",
        "2026-autumn",
        &[1, 2, 3],
    ),
    (
        "tomas@example.org",
        "Tomás García",
        "ravi@example.org",
        "Ravi Menon",
        "2027-spring",
        &[2, 4, 6, 8],
    ),
    (
        "ana@example.org",
        "Ana Souza",
        "kim@example.org",
        "Kim Lee",
        "2027-spring",
        &[1, 3],
    ),
    (
        "ana@example.org",
        "Ana Souza",
        "olu@example.org",
        "Olu Ade",
        "2027-spring",
        &[1, 2],
    ),
];

/// What the mentees write, in turn: each touches one habit.
const REFLECTIONS: &[&str] = &[
    "I made progress on my goal to run customer interviews: two are done.",
    "My manager gave me feedback on the roadmap deck: tighten the opening.",
    "I decided to drop the saved-cards experiment from the Q1 roadmap.",
    "I shadowed a customer call with the sales team for the first time.",
    "A quiet week, mostly planning.",
];

/// The week (1-based) a time falls in, counting from the programme's first Monday.
fn week_of(at: Timestamp) -> i64 {
    let first = ts("2026-10-05T00:00:00Z");
    at.duration_since(first).as_hours() / (24 * 7) + 1
}

/// Seed the programme into `repo`; returns the mentorships in the order of `PAIRS`.
pub async fn seed_programme<S: Store>(repo: &Repo<S>) -> Vec<Mentorship> {
    let start = ts(START);
    let mut pairs = Vec::new();
    for (i, (mentor, mentor_name, mentee, mentee_name, cohort, _)) in PAIRS.iter().enumerate() {
        let mentor = person(mentor, mentor_name, "UTC");
        let mentee = person(mentee, mentee_name, "UTC");
        let mentorship = Mentorship {
            cohort: Some(cohort.to_string()),
            ..weekly_monday(&mentor, &mentee, jiff::civil::time(9, 0, 0, 0), start)
        };
        enrol_pair(repo, &mentor, &mentee, &mentorship, start, Kickoff::IfNew)
            .await
            .expect("enrol");
        for (g, (title, target, status)) in [
            (
                "Run three customer interviews",
                date(2026, 11, 20),
                GoalStatus::Open,
            ),
            (
                "Present the Q1 roadmap",
                date(2027, 1, 15),
                GoalStatus::Open,
            ),
            (
                "Write a one-page strategy",
                date(2026, 12, 18),
                GoalStatus::Done,
            ),
        ]
        .into_iter()
        .enumerate()
        .filter(|(g, _)| (i + g) % 2 == 0 || *g == 1)
        {
            let goal = Goal {
                id: format!("g{i}{g}"),
                mentorship_id: mentorship.id.clone(),
                title: title.into(),
                target: Some(target),
                status,
                created_at: start,
                progress: Vec::new(),
            };
            add_goal(repo, &goal, &mentorship, &mentee, start)
                .await
                .expect("goal");
        }
        pairs.push(mentorship);
    }

    let mailer = ScriptedMailer::default();
    let schedule = settings().schedule();
    let ingest_settings = settings().ingest();
    let mut prompts_sent = vec![0u32; pairs.len()];
    let mut day = start;
    let now = ts(NOW);
    while day <= now {
        let report = run(repo, &mailer, &schedule, day)
            .await
            .expect("scheduler run");
        for sent in &report.sent {
            let Some(i) = pairs.iter().position(|m| m.id == sent.mentorship_id) else {
                continue;
            };
            let week = u32::try_from(week_of(sent.due_at)).unwrap_or(0);
            let (about, text) = match sent.kind {
                MailKind::Prompt | MailKind::Nudge => {
                    prompts_sent[i] += 1;
                    if !PAIRS[i].5.contains(&week) {
                        continue;
                    }
                    let text = REFLECTIONS[(i + week as usize) % REFLECTIONS.len()];
                    (TokenAbout::Prompt(prompts_sent[i]), text)
                }
                // Sam says what came of his decisions.
                MailKind::DecisionFollowUp if i == 0 => {
                    let decisions = repo.decisions(&pairs[i].id).await.unwrap();
                    let Some(open) = decisions.iter().find(|d| d.outcomes.is_empty()) else {
                        continue;
                    };
                    let text = "Dropping it freed a sprint for the checkout fixes.";
                    (TokenAbout::Decision(open.id.clone()), text)
                }
                _ => continue,
            };
            // The mentee answers the next day at noon.
            let at = sent
                .due_at
                .saturating_add(SignedDuration::from_hours(27))
                .unwrap();
            let to = settings()
                .token_key
                .reply_address_about(&pairs[i].id, &about, DOMAIN);
            let message_id = format!("reply-{i}-{week}-{}@example.org", sent.kind);
            let envelope = Envelope {
                message_id: message_id.clone(),
                received_at: at,
                recipients: vec![to.clone()],
                verdicts: Verdicts::default(),
                sender_checks: None,
            };
            let raw = reply(pairs[i].mentee.as_str(), &to, &message_id, text);
            ingest(
                repo,
                &ScriptedMailer::default(),
                &ingest_settings,
                &envelope,
                &raw,
            )
            .await
            .expect("reply recorded");
        }
        // Mentors forward notes every other week, except Lena's (from week 3 on: at risk).
        if day.as_second() % (14 * 86_400) == ts("2026-10-08T10:00:00Z").as_second() % (14 * 86_400)
        {
            for (i, m) in pairs.iter().enumerate() {
                if i == 2 && week_of(day) > 2 {
                    continue;
                }
                note(repo, m, day, i).await;
            }
        }
        day = day.saturating_add(SignedDuration::from_hours(24)).unwrap();
    }

    // Kim paused, Olu's pair ended.
    let mut kim = repo.person(&pairs[4].mentee).await.unwrap().unwrap();
    kim.status = PersonStatus::Paused;
    kim.paused_until = Some(date(2027, 1, 4));
    repo.put_person(&kim).await.unwrap();
    end_pair(repo, pairs[5].mentee.as_str(), None, now)
        .await
        .expect("end pair");
    pairs
}

/// A mentor's notes on pair `i` at `at`, with an action item (the older ones done).
async fn note<S: Store>(repo: &Repo<S>, m: &Mentorship, at: Timestamp, i: usize) {
    let message_id = format!("notes-{i}-{}@example.org", at.as_second());
    let entry = Entry {
        mentorship_id: m.id.clone(),
        at,
        message_id: message_id.clone(),
        author: m.mentor.clone(),
        subject: "Fwd: session notes".into(),
        body: EntryBody::Feedback {
            comment: "Good session. Action: send the deck to Priya by Friday.".into(),
            forwarded: Vec::new(),
            items: NoteItems::default(),
            context: None,
        },
        overflow: None,
        attachments: Vec::new(),
        skipped_attachments: Vec::new(),
    };
    let item = OpenItem {
        id: format!("item-{i}-{}", at.as_second()),
        mentorship_id: m.id.clone(),
        text: "Send the deck by Friday".into(),
        owner: None,
        source_message_id: message_id,
        created_at: at,
        status: if at < ts("2026-11-15T00:00:00Z") {
            ItemStatus::Done
        } else {
            ItemStatus::Open
        },
        number: None,
        due: None,
    };
    let mut changes = Changes::new();
    changes.entry_once(&entry).open_item(&item);
    let _ = repo.commit(changes).await.expect("notes");
}
