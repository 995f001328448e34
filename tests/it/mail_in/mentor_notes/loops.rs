//! No mail loop with a mentor's forwarding rule: the programme's own mail sent back with nothing
//! added is refused, and however a rule changes the mail on the way, a mentor gets at most
//! `MAX_ACKNOWLEDGEMENTS_PER_DAY` acknowledgements a day (every note is still recorded).

use mentormail::mail_in::Rejection;

use super::*;

/// A mentor's notes mail with a comment of its own.
fn notes(n: usize) -> Vec<u8> {
    format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: notes {n} for Sam Rivera\r\n\
         Message-ID: <loop-notes-{n}@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Session notes for Sam Rivera, part {n}.\r\n\r\nAction items\r\n- Sam: item {n}\r\n"
    )
    .into_bytes()
}

/// What an Outlook "forward" rule makes of our acknowledgement: a new mail from the mentor,
/// "FW:", the original inline, nothing added.
fn acknowledgement_forwarded_back() -> Vec<u8> {
    format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\n\
         Subject: FW: Recorded: your notes for Sam Rivera\r\nMessage-ID: <loop-fw@x>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         ________________________________\r\n\
         From: PM Mentoring <coach@{DOMAIN}>\r\n\
         Sent: Monday, November 23, 2026 9:01 PM\r\n\
         To: Maya Chen <{MENTOR}>\r\n\
         Subject: Recorded: your notes for Sam Rivera\r\n\r\n\
         Hi Maya,\r\n\r\nYour mail \"notes\" is in the timeline of your mentorship with Sam Rivera.\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn our_own_mail_forwarded_back_is_refused_and_acknowledgements_are_capped_per_day() {
    let world = World::new(false).await;
    let back = world
        .ingest(
            &acknowledgement_forwarded_back(),
            &envelope("ses-loop-fw", "2026-11-23T21:02:00Z"),
        )
        .await;
    assert_eq!(back, IngestOutcome::Rejected(Rejection::OwnMailReturned));
    assert!(world.sent().is_empty(), "nothing answered");

    let limit = mentormail::mail_in::MAX_ACKNOWLEDGEMENTS_PER_DAY as usize;
    let mails = limit + 5;
    for n in 0..mails {
        let at = format!("2026-11-24T{:02}:{:02}:00Z", 14 + n / 60, n % 60);
        let outcome = world
            .ingest(&notes(n), &envelope(&format!("ses-loop-{n}"), &at))
            .await;
        assert!(
            matches!(outcome, IngestOutcome::Recorded { .. }),
            "{n}: {outcome:?}"
        );
    }
    let mentorship_id = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    assert_eq!(
        world.repo.timeline(&mentorship_id).await.unwrap().len(),
        mails,
        "every note recorded"
    );
    assert_eq!(
        world.sent().len(),
        limit,
        "acknowledgements capped for the day"
    );
    // The next day (in the mentor's zone), acknowledgements come again.
    world
        .ingest(
            &notes(99),
            &envelope("ses-loop-next", "2026-11-25T15:00:00Z"),
        )
        .await;
    assert_eq!(world.sent().len(), limit + 1);
    println!(
        "ack loop: 1 returned mail refused; {mails} notes in a day recorded, {limit} acknowledged"
    );
}
