//! Issue 3: mentors' forwarded session notes become feedback records.
//!
//! Two kinds of tests. End to end from real forwards (`tests/mail/forwards/`, one per client:
//! Gmail, Outlook, Apple Mail, Thunderbird, forward-as-attachment) through `ingest` on the
//! embedded store, with the outbox as the mailer; these assert what holds whether or not the
//! parser splits the forwarded message from the comment (in main its forward extraction is still
//! a stub). And the notes use case fed a `ParsedMail` built here, so the rules that depend on
//! forwarded headers and bodies are tested without the parser.

mod fixtures;

use std::path::Path;

use fixtures::*;
use jiff::{SignedDuration, Timestamp};
use mentormail::domain::feedback::{ItemStatus, MentorSettings};
use mentormail::domain::ids::mentorship_id;
use mentormail::domain::{Cadence, Entry, EntryBody, Goal, GoalStatus, Mentorship, Weekday};
use mentormail::feedback::record_notes;
use mentormail::ingest::{Envelope, IngestOutcome, Rejection, Verdict, Verdicts, ingest};
use mentormail::mail::parse::{ForwardedMessage, MailKind, ParsedMail};
use mentormail::send::outbox::OutboxMailer;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::Task;
use mentormail::store::repo::Repo;

const FORWARDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail/forwards");
const LEE: &str = "lee.park@example.org";

fn notes_address() -> String {
    format!("notes@{DOMAIN}")
}

fn envelope(message_id: &str, at: &str) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts(at),
        recipients: vec![notes_address()],
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
            dmarc: Verdict::Pass,
        },
    }
}

fn forward(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FORWARDS).join(name)).expect("forward fixture")
}

struct World {
    repo: Repo<EmbeddedStore>,
    outbox: OutboxMailer,
    _dir: tempfile::TempDir,
}

impl World {
    /// Maya mentors Sam; with `with_lee`, Lee too.
    async fn new(with_lee: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::new(EmbeddedStore::open_in_memory().unwrap());
        enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
        if with_lee {
            enrol(
                &repo,
                &person(MENTOR, "Maya Chen", "America/New_York"),
                &person(LEE, "Lee Park", "Asia/Seoul"),
                ts("2026-11-19T10:00:00Z"),
            )
            .await;
        }
        let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        World {
            repo,
            outbox,
            _dir: dir,
        }
    }

    /// Maya mentors Sam, enrolled as the CLI does: with the kickoff and the weekly digest.
    async fn with_digest() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::new(EmbeddedStore::open_in_memory().unwrap());
        let mentor = person(MENTOR, "Maya Chen", "America/New_York");
        let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
        let mentorship = Mentorship {
            id: mentorship_id(MENTOR, MENTEE),
            mentor: MENTOR.into(),
            mentee: MENTEE.into(),
            programme: "PM Mentoring".into(),
            cohort: None,
            cadence: Cadence::Weekly { day: Weekday::Mon },
            prompt_time: jiff::civil::time(9, 0, 0, 0),
            created_at: ts("2026-11-19T10:00:00Z"),
            active: true,
        };
        repo.enrol_with_kickoff(&mentor, &mentee, &mentorship, ts("2026-11-19T10:00:00Z"))
            .await
            .unwrap();
        let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        World {
            repo,
            outbox,
            _dir: dir,
        }
    }

    async fn ingest(&self, raw: &[u8], env: &Envelope) -> IngestOutcome {
        ingest(&self.repo, &self.outbox, &settings().ingest(), env, raw)
            .await
            .unwrap()
    }

    /// Every mail in the outbox: (To header, subject, text body).
    fn sent(&self) -> Vec<(String, String, String)> {
        let mut paths: Vec<_> = std::fs::read_dir(self.outbox.dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let raw = std::fs::read(p).unwrap();
                assert!(raw.is_ascii(), "7-bit clean");
                let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
                let to = message
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_string();
                // Notices answer a mail (auto-replied); prompts are auto-generated.
                let auto = message
                    .header("Auto-Submitted")
                    .and_then(|h| h.as_text())
                    .unwrap_or_default();
                let expected = if to == MENTOR {
                    "auto-replied"
                } else {
                    "auto-generated"
                };
                assert_eq!(auto, expected);
                (
                    to,
                    message.subject().unwrap_or_default().to_string(),
                    message
                        .body_text(0)
                        .unwrap_or_default()
                        .replace("\r\n", "\n"),
                )
            })
            .collect()
    }
}

fn feedback(
    entry: &Entry,
) -> (
    &str,
    &[mentormail::domain::ForwardedNote],
    &mentormail::domain::feedback::NoteItems,
    Option<&str>,
) {
    match &entry.body {
        EntryBody::Feedback {
            comment,
            forwarded,
            items,
            context,
        } => (comment, forwarded, items, context.as_deref()),
        other => panic!("not feedback: {other:?}"),
    }
}

fn recorded(outcome: &IngestOutcome) -> String {
    match outcome {
        IngestOutcome::Recorded {
            mentorship_id,
            entry,
        } => {
            assert_eq!(entry, "feedback");
            mentorship_id.clone()
        }
        other => panic!("expected a feedback record, got {other:?}"),
    }
}

fn sam_mentorship() -> String {
    mentormail::domain::ids::mentorship_id(MENTOR, MENTEE)
}

fn lee_mentorship() -> String {
    mentormail::domain::ids::mentorship_id(MENTOR, LEE)
}

/// Points 1 (one mentee), 2, 3 and 5 on a Gmail forward.
#[tokio::test]
async fn gmail_notes_become_feedback_open_items_a_goal_and_one_acknowledgement() {
    let world = World::new(false).await;
    let raw = forward("gmail.eml");
    let env = envelope("ses-gmail-1", "2026-11-24T02:15:40Z");
    let mentorship_id = recorded(&world.ingest(&raw, &env).await);
    assert_eq!(mentorship_id, sam_mentorship());

    let timeline = world.repo.timeline(&mentorship_id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].author, MENTOR);
    let (comment, forwarded, items, _) = feedback(&timeline[0]);
    assert_eq!(
        comment,
        "Good session. Sam is getting much sharper at framing trade-offs; the\n\
         saved-cards call was his and a good one."
    );
    assert_eq!(forwarded.len(), 1);
    assert_eq!(forwarded[0].from, "Maya Chen <maya.chen@example.org>");
    assert_eq!(forwarded[0].subject, "Session notes - Sam, 23 Nov");
    assert_eq!(forwarded[0].date, "Mon, 23 Nov 2026 at 17:02");
    assert!(
        forwarded[0]
            .text
            .starts_with("Session with Sam Rivera, 23 Nov (45 min)")
    );
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Sam: send the roadmap deck outline to Maya by Friday",
            "Sam: shadow Priya\u{2019}s pricing review on 2 Dec",
            "Maya: introduce Sam to the risk team lead",
        ]
    );
    let points: Vec<_> = items
        .feedback
        .iter()
        .map(|f| (f.heading.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        points,
        [
            (
                "What went well",
                "Clear synthesis of the two discovery interviews"
            ),
            (
                "What went well",
                "Owned the decision to cut saved-cards from Q1"
            ),
            (
                "Even better if",
                "Lead with the customer problem before the solution in the roadmap deck"
            ),
        ]
    );
    let next = items.next_session.as_ref().expect("next session");
    assert_eq!(next.date, Some(jiff::civil::date(2026, 12, 7)));

    // Action items are open items of the mentorship.
    let open = world.repo.open_items(&mentorship_id).await.unwrap();
    let texts: Vec<_> = open.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, actions);
    assert!(open.iter().all(|i| i.source_message_id == "ses-gmail-1"));

    // The goal is a goal of the mentorship, with its target date and a reminder scheduled.
    let goals = world.repo.goals(&mentorship_id).await.unwrap();
    assert_eq!(goals.len(), 1);
    assert_eq!(
        goals[0].title,
        "Present the Q1 roadmap to the leadership team by 1 March 2027"
    );
    assert_eq!(goals[0].target, Some(jiff::civil::date(2027, 3, 1)));
    let schedule = world.repo.schedule(&mentorship_id).await.unwrap();
    assert!(
        schedule.iter().any(
            |s| matches!(&s.task, Task::GoalReminder { goal_id, .. } if *goal_id == goals[0].id)
        )
    );

    // One acknowledgement to Maya listing what was recorded.
    let sent = world.sent();
    assert_eq!(sent.len(), 1);
    let (to, subject, text) = &sent[0];
    assert_eq!(to, MENTOR);
    assert_eq!(subject, "Recorded: your notes for Sam Rivera");
    for line in [
        "Action item: Sam: send the roadmap deck outline to Maya by Friday",
        "What went well: Owned the decision to cut saved-cards from Q1",
        "Goal: Present the Q1 roadmap to the leadership team by 1 March 2027 (Mon 1 Mar 2027)",
        "Next session: 7 Dec 2026 (Mon 7 Dec 2026)",
        "Sam Rivera <sam.rivera@example.org>",
        "Sam's next reflection prompt asks how the action items went.",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }

    // The same delivery again: nothing new written, no second acknowledgement.
    assert_eq!(world.ingest(&raw, &env).await, IngestOutcome::Duplicate);
    assert_eq!(world.repo.timeline(&mentorship_id).await.unwrap().len(), 1);
    assert_eq!(
        world.repo.open_items(&mentorship_id).await.unwrap().len(),
        3
    );
    assert_eq!(world.repo.goals(&mentorship_id).await.unwrap().len(), 1);
    assert_eq!(world.sent().len(), 1);

    // Closing an item takes it off the open list.
    assert!(
        world
            .repo
            .set_item_status(&mentorship_id, &open[0].id, ItemStatus::Done)
            .await
            .unwrap()
    );
    assert_eq!(
        world.repo.open_items(&mentorship_id).await.unwrap().len(),
        2
    );
}

/// Point 3: a mentor who turned acknowledgements off gets none; the record is still written.
#[tokio::test]
async fn a_mentor_who_turned_acknowledgements_off_gets_none() {
    let world = World::new(false).await;
    world
        .repo
        .put_mentor_settings(
            MENTOR,
            &MentorSettings {
                acknowledge_notes: false,
            },
        )
        .await
        .unwrap();
    let out = world
        .ingest(
            &forward("gmail.eml"),
            &envelope("ses-quiet", "2026-11-24T02:15:40Z"),
        )
        .await;
    recorded(&out);
    assert!(world.sent().is_empty());
    assert!(
        !world
            .repo
            .mentor_settings(MENTOR)
            .await
            .unwrap()
            .acknowledge_notes
    );
}

/// Points 1 and 5: a mentor of two, from Apple Mail (name on the first line), Thunderbird (the
/// mentee is the forwarded mail's recipient) and a forward-as-attachment ("Sam:" first line);
/// a mail that names neither is not guessed, and the question is asked once.
#[tokio::test]
async fn a_mentor_of_two_is_matched_by_first_line_headers_or_name_and_otherwise_asked_once() {
    let world = World::new(true).await;

    let apple = world
        .ingest(
            &forward("apple-mail.eml"),
            &envelope("ses-apple", "2026-11-26T19:03:00Z"),
        )
        .await;
    assert_eq!(recorded(&apple), lee_mentorship());
    let lee_timeline = world.repo.timeline(&lee_mentorship()).await.unwrap();
    let (_, _, items, _) = feedback(&lee_timeline[0]);
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Lee: draft the stakeholder update for the checkout team",
            "Maya: share the RACI template"
        ]
    );
    assert_eq!(items.feedback.len(), 3);
    assert_eq!(items.feedback[2].heading, "Areas to grow");
    assert_eq!(items.goals[0].target, Some(jiff::civil::date(2027, 1, 29)));
    assert_eq!(
        items.next_session.as_ref().and_then(|n| n.date),
        Some(jiff::civil::date(2026, 12, 10))
    );

    let thunderbird = world
        .ingest(
            &forward("thunderbird.eml"),
            &envelope("ses-tb", "2026-11-27T17:20:10Z"),
        )
        .await;
    assert_eq!(recorded(&thunderbird), lee_mentorship());
    let lee_timeline = world.repo.timeline(&lee_mentorship()).await.unwrap();
    let (_, _, items, _) = feedback(&lee_timeline[1]);
    assert_eq!(items.feedback[0].heading, "Feedback");
    assert_eq!(
        items.feedback[0].text,
        "the discovery synthesis was crisp and well sourced."
    );
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Lee: book two more customer calls before the 11th",
            "Maya to send the interview guide"
        ]
    );

    let attached = world
        .ingest(
            &forward("attachment.eml"),
            &envelope("ses-att", "2026-11-30T18:13:00Z"),
        )
        .await;
    assert_eq!(recorded(&attached), sam_mentorship());
    let sam_timeline = world.repo.timeline(&sam_mentorship()).await.unwrap();
    let (comment, forwarded, items, _) = feedback(&sam_timeline[0]);
    assert_eq!(comment, "Sam: notes from today's session attached.");
    // The attached message is the forwarded note, and its items are recorded.
    assert_eq!(forwarded.len(), 1);
    assert_eq!(forwarded[0].subject, "Session notes - 30 Nov");
    assert!(forwarded[0].text.contains("Session with Sam, 30 Nov"));
    assert!(!forwarded[0].from_mentee);
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        ["Sam: rehearse the Q1 roadmap with Priya before 10 Dec"]
    );
    assert_eq!(
        items.next_session.as_ref().and_then(|n| n.date),
        Some(jiff::civil::date(2026, 12, 14))
    );

    // Names neither mentee: nothing recorded, one question listing both.
    let vague = format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: {}\r\nSubject: Fwd: notes\r\nMessage-ID: <vague@x>\r\n\
         Content-Type: text/plain\r\n\r\nQuick notes from today.\r\n\r\nAction items\r\n- Book the lab\r\n",
        notes_address()
    );
    let env = envelope("ses-vague", "2026-11-30T19:00:00Z");
    let acks_before = world.sent().len();
    let out = world.ingest(vague.as_bytes(), &env).await;
    let IngestOutcome::Rejected(Rejection::AmbiguousMentee {
        sender,
        mut mentees,
    }) = out
    else {
        panic!("expected the which-mentee question, got {out:?}");
    };
    mentees.sort();
    assert_eq!(sender, MENTOR);
    assert_eq!(mentees, [LEE, MENTEE]);
    let sent = world.sent();
    assert_eq!(sent.len(), acks_before + 1);
    let (to, subject, text) = sent.last().unwrap();
    assert_eq!(to, MENTOR);
    assert_eq!(subject, "Which mentee? Fwd: notes");
    assert!(
        text.contains("Sam Rivera <sam.rivera@example.org>"),
        "{text}"
    );
    assert!(text.contains("Lee Park <lee.park@example.org>"), "{text}");
    assert!(text.contains("name on the first line"), "{text}");
    // Delivered again: no second question.
    assert_eq!(
        world.ingest(vague.as_bytes(), &env).await,
        IngestOutcome::Duplicate
    );
    assert_eq!(world.sent().len(), acks_before + 1);
    assert_eq!(
        world.repo.timeline(&sam_mentorship()).await.unwrap().len(),
        1
    );
    assert_eq!(
        world.repo.timeline(&lee_mentorship()).await.unwrap().len(),
        2
    );
    // Every record got its acknowledgement, each to Maya.
    assert_eq!(acks_before, 3);
}

/// Point 1: strangers and mail failing SES's verdicts write nothing and get no mail.
#[tokio::test]
async fn strangers_and_failed_verdicts_write_nothing_and_get_no_mail() {
    let world = World::new(false).await;
    let raw = String::from_utf8(forward("gmail.eml")).unwrap().replace(
        "From: Maya Chen <maya.chen@example.org>\r\nTo: notes@",
        "From: Mallory <mallory@attacker.example>\r\nTo: notes@",
    );
    let out = world
        .ingest(
            raw.as_bytes(),
            &envelope("ses-stranger", "2026-11-24T02:15:40Z"),
        )
        .await;
    assert_eq!(
        out,
        IngestOutcome::Rejected(Rejection::NotAMentor {
            sender: "mallory@attacker.example".into()
        })
    );
    // The mentee is not a mentor either.
    let raw = String::from_utf8(forward("gmail.eml")).unwrap().replace(
        "From: Maya Chen <maya.chen@example.org>\r\nTo: notes@",
        "From: Sam Rivera <sam.rivera@example.org>\r\nTo: notes@",
    );
    let out = world
        .ingest(
            raw.as_bytes(),
            &envelope("ses-mentee", "2026-11-24T02:15:40Z"),
        )
        .await;
    assert!(
        matches!(out, IngestOutcome::Rejected(Rejection::NotAMentor { .. })),
        "{out:?}"
    );
    // From Maya's address but failing DMARC (a spoof), or flagged as spam.
    for (id, spam, dmarc, check) in [
        ("ses-dmarc", Verdict::Pass, Verdict::Fail, "dmarc"),
        ("ses-spam", Verdict::Fail, Verdict::Pass, "spam"),
    ] {
        let mut env = envelope(id, "2026-11-24T02:15:40Z");
        env.verdicts.spam = spam;
        env.verdicts.dmarc = dmarc;
        let out = world.ingest(&forward("gmail.eml"), &env).await;
        assert_eq!(
            out,
            IngestOutcome::Rejected(Rejection::FailedVerdict {
                check: check.into()
            })
        );
    }
    assert!(
        world
            .repo
            .timeline(&sam_mentorship())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        world
            .repo
            .open_items(&sam_mentorship())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(world.sent().is_empty());
}

/// Points 4 and 5 on an Outlook forward of the mentee's own mail with Maya's comments above.
#[tokio::test]
async fn outlook_forward_of_a_mentees_mail_records_the_comment_as_feedback() {
    let world = World::new(false).await;
    // Sam's reflection, recorded earlier; the mail Maya forwards carries the same text.
    let reply_to = settings()
        .token_key
        .reply_address(&sam_mentorship(), 1, DOMAIN);
    let sams_text = "I shadowed Priya's pricing review today. The team agreed to test a \
                     usage-based tier with five design partners before changing list prices. I \
                     think we should start with the partners who already asked for it.";
    let mut env = envelope("ses-sam-reply", "2026-11-24T08:14:00Z");
    env.recipients = vec![reply_to.clone()];
    let reflection = world
        .ingest(
            &reply(MENTEE, &reply_to, "sam-r1@mail.example", sams_text),
            &env,
        )
        .await;
    assert!(
        matches!(&reflection, IngestOutcome::Recorded { entry, .. } if entry == "reflection"),
        "{reflection:?}"
    );
    let out = world
        .ingest(
            &forward("outlook.eml"),
            &envelope("ses-outlook", "2026-11-24T15:31:05Z"),
        )
        .await;
    let mentorship_id = recorded(&out);
    assert_eq!(mentorship_id, sam_mentorship());
    let timeline = world.repo.timeline(&mentorship_id).await.unwrap();
    assert_eq!(timeline.len(), 2);
    let (comment, forwarded, items, context) = feedback(&timeline[1]);
    // The feedback links the reflection it comments on.
    assert_eq!(context, Some("ses-sam-reply"));
    assert!(
        comment.starts_with("Sam, this is a really good recap"),
        "{comment}"
    );
    assert_eq!(
        items.feedback[0].text,
        "Put the recommendation in the first line, then the evidence"
    );
    assert_eq!(
        items.action_items[0].text,
        "Sam: turn this into a one-page pricing proposal by 4 Dec"
    );
    assert_eq!(items.action_items.len(), 1);
    // Sam's mail is kept apart as the mentee's original, and is not the feedback.
    assert_eq!(forwarded.len(), 1);
    let original = &forwarded[0];
    assert!(original.from_mentee, "{original:?}");
    assert_eq!(original.from, "Sam Rivera <sam.rivera@example.org>");
    assert_eq!(original.subject, "Pricing review recap");
    assert!(original.text.contains("usage-based tier"));
    assert!(!comment.contains("usage-based tier"), "{comment}");
}

fn parsed_forward(comment: &str, forwarded: Vec<ForwardedMessage>) -> ParsedMail {
    ParsedMail {
        kind: MailKind::Forward,
        from: format!("Maya Chen <{MENTOR}>"),
        from_address: MENTOR.into(),
        subject: "Fwd: this week".into(),
        message_id: Some("fwd@example.org".into()),
        recipients: vec![notes_address()],
        reply_text: String::new(),
        comment: Some(comment.into()),
        forwarded,
        sections: Default::default(),
    }
}

/// Points 1 and 4 without the parser: the forwarded mail's From picks the mentee among two, the
/// mentee's mail is linked to the reflection already recorded from it, and only the mentor's
/// comment is read for items.
#[tokio::test]
async fn a_forwarded_mentee_mail_picks_the_mentorship_and_links_its_reflection() {
    let world = World::new(true).await;
    // Lee's reflection, recorded earlier from a reply to prompt 1.
    let lee_reply_to = settings()
        .token_key
        .reply_address(&lee_mentorship(), 1, DOMAIN);
    let reflection_text = "I ran the checkout test kickoff alone and it went fine.";
    let raw = reply(LEE, &lee_reply_to, "lee-r1@mail.example", reflection_text);
    let mut env = envelope("ses-lee-reply", "2026-11-30T08:00:00Z");
    env.recipients = vec![lee_reply_to.clone()];
    assert!(matches!(
        world.ingest(&raw, &env).await,
        IngestOutcome::Recorded { .. }
    ));

    let parsed = parsed_forward(
        "Worth a look before Thursday.\n\nEven better if\n- Say what you need from the team",
        vec![ForwardedMessage {
            from: format!("Lee Park <{LEE}>"),
            to: vec![MENTOR.into()],
            cc: vec![],
            date: "Mon, 30 Nov 2026 08:00:00 +0000".into(),
            subject: "Re: PM Mentoring: your reflection #1".into(),
            body: format!("{reflection_text}\n\nAction items\n- Me: everything"),
        }],
    );
    let out = record_notes(
        &world.repo,
        &world.outbox,
        &settings().ingest(),
        &envelope("ses-fwd-lee", "2026-11-30T09:00:00Z"),
        &parsed,
    )
    .await
    .unwrap();
    assert_eq!(recorded(&out), lee_mentorship());
    let timeline = world.repo.timeline(&lee_mentorship()).await.unwrap();
    assert_eq!(timeline.len(), 2);
    let (comment, forwarded, items, context) = feedback(&timeline[1]);
    assert_eq!(
        comment,
        "Worth a look before Thursday.\n\nEven better if\n- Say what you need from the team"
    );
    assert!(forwarded[0].from_mentee);
    assert_eq!(context, Some(timeline[0].message_id.as_str()));
    assert_eq!(timeline[0].message_id, "ses-lee-reply");
    assert_eq!(items.feedback[0].text, "Say what you need from the team");
    assert!(
        items.action_items.is_empty(),
        "the mentee's own list is context: {items:?}"
    );
    assert!(
        world
            .repo
            .open_items(&lee_mentorship())
            .await
            .unwrap()
            .is_empty()
    );
    let sent = world.sent();
    assert_eq!(sent.len(), 1);
    assert!(
        !sent[0].2.contains("next reflection prompt"),
        "{}",
        sent[0].2
    );
    assert!(
        sent[0]
            .2
            .contains("Lee's mail: \"Re: PM Mentoring: your reflection #1\""),
        "{}",
        sent[0].2
    );
}

/// Point 2 and 3 without the parser: items from the comment and the forwarded notes together; a
/// goal already there gets its new date instead of a second copy.
#[tokio::test]
async fn items_come_from_comment_and_notes_and_a_known_goal_gets_its_new_date() {
    let world = World::new(false).await;
    let mentorship = world
        .repo
        .mentorship(&sam_mentorship())
        .await
        .unwrap()
        .unwrap();
    let mentee = world.repo.person(MENTEE).await.unwrap().unwrap();
    let existing = Goal {
        id: "g-existing".into(),
        mentorship_id: mentorship.id.clone(),
        title: "Run three customer discovery interviews on my own".into(),
        target: Some(jiff::civil::date(2027, 1, 15)),
        status: GoalStatus::Open,
        created_at: ts("2026-11-19T10:00:00Z"),
        progress: Vec::new(),
    };
    world
        .repo
        .add_goal(&existing, &mentorship, &mentee, ts("2026-11-19T10:00:00Z"))
        .await
        .unwrap();
    let parsed = parsed_forward(
        "AI: Maya to send Sam the interview guide",
        vec![ForwardedMessage {
            from: format!("Maya Chen <{MENTOR}>"),
            to: vec![MENTOR.into()],
            cc: vec![],
            date: "Mon, 30 Nov 2026 17:00:00 +0000".into(),
            subject: "notes".into(),
            body: "Goals\n\
                   - Run three customer discovery interviews on my own by 2027-01-31\n\
                   - Write a PRD for the saved-cards rework\n\n\
                   Next steps\n\
                   - [ ] Sam: book the interviews"
                .into(),
        }],
    );
    let out = record_notes(
        &world.repo,
        &world.outbox,
        &settings().ingest(),
        &envelope("ses-goals", "2026-11-30T18:00:00Z"),
        &parsed,
    )
    .await
    .unwrap();
    recorded(&out);
    let open = world.repo.open_items(&mentorship.id).await.unwrap();
    let texts: Vec<_> = open.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Maya to send Sam the interview guide",
            "Sam: book the interviews"
        ]
    );
    assert_eq!(open[0].owner.as_deref(), Some("Maya"));
    assert!(!open[0].is_for_mentee("Maya Chen"));
    assert!(open[1].is_for_mentee("Maya Chen"));
    let goals = world.repo.goals(&mentorship.id).await.unwrap();
    assert_eq!(goals.len(), 2, "{goals:?}");
    // The goal Sam already had keeps its id and title and takes the date from the notes.
    let known = goals.iter().find(|g| g.id == "g-existing").unwrap();
    assert_eq!(known.title, existing.title);
    assert_eq!(known.target, Some(jiff::civil::date(2027, 1, 31)));
    let prd = goals
        .iter()
        .find(|g| g.title.starts_with("Write a PRD"))
        .unwrap();
    assert_eq!(prd.target, None);
    let sent = world.sent();
    assert!(
        sent[0].2.contains("(already a goal, new date)"),
        "{}",
        sent[0].2
    );
}

/// Point 3: the next reflection prompt asks the mentee about the action items of the notes
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
    let report = mentormail::schedule::run(
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
        let report = mentormail::schedule::run(&world.repo, &world.outbox, &schedule, ts(at))
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
        let report = mentormail::schedule::run(&world.repo, &world.outbox, &schedule, at)
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
