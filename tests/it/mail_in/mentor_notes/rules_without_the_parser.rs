//! The notes use case fed a `ParsedMail` built here: which mentorship a forward is for, what links
//! it to a reflection, and where items come from, whatever the parser makes of a real mail.

use crate::fixtures::record_notes;
use mentormail::domain::{Goal, GoalStatus};
use mentormail::mail::parse::ForwardedMessage;

use super::*;

/// The forwarded mail's From picks the mentee among two, the mentee's mail is linked to the
/// reflection already recorded from it, and only the mentor's comment is read for items.
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

/// Items from the comment and the forwarded notes together; a goal already there gets its new
/// date instead of a second copy.
#[tokio::test]
async fn items_come_from_comment_and_notes_and_a_known_goal_gets_its_new_date() {
    let world = World::new(false).await;
    let mentorship = world
        .repo
        .mentorship(&sam_mentorship())
        .await
        .unwrap()
        .unwrap();
    let mentee = world.repo.person(&email(MENTEE)).await.unwrap().unwrap();
    let existing = Goal {
        id: "g-existing".into(),
        mentorship_id: mentorship.id.clone(),
        title: "Run three customer discovery interviews on my own".into(),
        target: Some(jiff::civil::date(2027, 1, 15)),
        status: GoalStatus::Open,
        created_at: ts("2026-11-19T10:00:00Z"),
        progress: Vec::new(),
    };
    mentormail::admin::goals::add_goal(
        &world.repo,
        &existing,
        &mentorship,
        &mentee,
        ts("2026-11-19T10:00:00Z"),
    )
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
