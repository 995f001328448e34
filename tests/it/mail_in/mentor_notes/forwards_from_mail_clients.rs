//! Real forwards from each mail client through `ingest`: what is recorded, for which mentee, what
//! the mentor is told, and what is refused.

use mentormail::domain::Task;
use mentormail::domain::feedback::{ItemStatus, MentorSettings};
use mentormail::mail::authentication::Unauthenticated;
use mentormail::mail::token::TokenAbout;
use mentormail::mail_in::{IngestOutcome, Rejection, Verdict};

use super::*;

/// A Gmail forward from a mentor of one mentee, delivered twice.
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
        "Action item #1: Sam: send the roadmap deck outline to Maya by Friday",
        "What went well: Owned the decision to cut saved-cards from Q1",
        "Goal: Present the Q1 roadmap to the leadership team by 1 March 2027 (Mon 1 Mar 2027)",
        "Next session: 7 Dec 2026 (Mon 7 Dec 2026)",
        "Sam Rivera <sam.rivera@example.org>",
        "Sam's next reflection prompt asks how the action items went.",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // Its footer leads to Maya's own preferences page: a token of her pair, about the mentor.
    let page = "https://mentor.example.org/unsubscribe/preferences?t=";
    let token = text
        .split_once(page)
        .map(|(_, rest)| rest.split_whitespace().next().unwrap_or_default())
        .unwrap_or_else(|| panic!("no preferences link in\n{text}"));
    let verified = settings().token_key.verify(token).expect("a valid token");
    assert_eq!(verified.mentorship_id, mentorship_id);
    assert_eq!(verified.about, TokenAbout::Mentor);

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

/// A mentor who turned acknowledgements off gets none; the record is still written.
#[tokio::test]
async fn a_mentor_who_turned_acknowledgements_off_gets_none() {
    let world = World::new(false).await;
    let mut changes = Changes::new();
    changes.mentor_settings(
        &email(MENTOR),
        &MentorSettings {
            acknowledge_notes: false,
            ..MentorSettings::default()
        },
    );
    let _ = world.repo.commit(changes).await.unwrap();
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
            .mentor_settings(&email(MENTOR))
            .await
            .unwrap()
            .acknowledge_notes
    );
}

/// A mentor of two, from Apple Mail (name on the first line), Thunderbird (the
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

/// Strangers and mail failing SES's verdicts write nothing and get no mail.
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
    // From Maya's address but failing DMARC (a spoof): Maya is told once that day, whatever
    // the number of such mails; flagged as spam: nobody is told.
    for id in ["ses-dmarc-1", "ses-dmarc-2"] {
        let mut env = envelope(id, "2026-11-24T02:15:40Z");
        if let Some(checks) = env.sender_checks.as_mut() {
            checks.dmarc = Verdict::Fail;
        }
        let out = world.ingest(&forward("gmail.eml"), &env).await;
        assert_eq!(
            out,
            IngestOutcome::Rejected(Rejection::Unauthenticated {
                sender: MENTOR.into(),
                why: Unauthenticated::DmarcFailed,
            })
        );
    }
    let mut env = envelope("ses-spam", "2026-11-24T02:15:40Z");
    env.verdicts.spam = Verdict::Fail;
    let out = world.ingest(&forward("gmail.eml"), &env).await;
    assert_eq!(
        out,
        IngestOutcome::Rejected(Rejection::FailedVerdict {
            check: "spam".into()
        })
    );
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
    // The stranger is told nothing; the mentee (authenticated, known) learns why their mail to
    // the notes address was not recorded; Maya learns of the spoofs in her name, once.
    let mut sent = world.sent();
    sent.sort();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].0, MENTOR);
    assert!(sent[0].1.starts_with("Not recorded"), "{}", sent[0].1);
    assert_eq!(sent[1].0, MENTEE);
    assert!(sent[1].1.starts_with("Not recorded"), "{}", sent[1].1);
    assert!(
        sent[1].2.contains("you mentor no one here"),
        "{}",
        sent[1].2
    );
    assert!(
        sent[1].2.contains("reply to your latest prompt"),
        "{}",
        sent[1].2
    );
}

/// An Outlook forward of the mentee's own mail with Maya's comments above it.
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
