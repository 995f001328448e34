//! Closing the loop by mail (issue 12 item 3): the mentor's acknowledgement numbers the pair's
//! action items; a reply "2 done, 3 moved to next week" closes and moves them, a mentee's
//! "done: send the deck outline" closes the item it names, each change an event of the
//! timeline; a redelivered mail changes nothing twice. On SQLite and on DynamoDB (moto).

use mentormail::domain::feedback::{ItemStatus, OpenItem};
use mentormail::domain::ids::mentorship_id;
use mentormail::domain::{Event, EventKind};
use mentormail::mail::token::TokenAbout;
use mentormail::mail_in::{Envelope, IngestOutcome, Verdict, Verdicts};
use mentormail::store::Store;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::{Changes, Committed, Repo};

use crate::fixtures::*;
use crate::moto;

/// A plain mail from Maya to the notes address.
fn mentor_mail(message_id: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: {subject}\r\n\
         Date: Thu, 3 Dec 2026 12:00:00 +0000\r\nMessage-ID: <{message_id}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn notes_envelope(message_id: &str, at: &str) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts(at),
        recipients: vec![format!("notes@{DOMAIN}")],
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
        },
        sender_checks: dmarc_pass(),
    }
}

/// Maya's mail, delivered; what it came to and the text of the acknowledgement it brought.
async fn maya_writes<S: Store>(
    repo: &Repo<S>,
    message_id: &str,
    at: &str,
    subject: &str,
    body: &str,
) -> (IngestOutcome, Option<String>) {
    let mailer = ScriptedMailer::default();
    let outcome = ingest(
        repo,
        &mailer,
        &settings().ingest(),
        &notes_envelope(message_id, at),
        &mentor_mail(message_id, subject, body),
    )
    .await
    .expect("ingest");
    let ack = mailer.sent().first().map(|mail| {
        let message = mail_parser::MessageParser::default()
            .parse(&mail.raw)
            .expect("MIME");
        format!(
            "Subject: {}\n\n{}",
            message.subject().unwrap_or_default(),
            message.body_text(0).unwrap_or_default()
        )
        .replace("\r\n", "\n")
    });
    (outcome, ack)
}

async fn items<S: Store>(repo: &Repo<S>) -> Vec<OpenItem> {
    let id = mentorship_id(MENTOR, MENTEE);
    repo.numbered_items(&id).await.unwrap().0
}

fn status_of(items: &[OpenItem], number: u32) -> (ItemStatus, Option<String>) {
    let item = items
        .iter()
        .find(|i| i.number == Some(number))
        .unwrap_or_else(|| panic!("no item #{number}: {items:?}"));
    (item.status, item.due.map(|d| d.to_string()))
}

async fn item_events<S: Store>(repo: &Repo<S>) -> Vec<Event> {
    let id = mentorship_id(MENTOR, MENTEE);
    repo.events(&id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::ItemDone
                    | EventKind::ItemDropped
                    | EventKind::ItemMoved
                    | EventKind::ItemNotMatched
            )
        })
        .collect()
}

async fn replies_close_items_exactly_once<S: Store>(repo: Repo<S>) {
    enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let id = mentorship_id(MENTOR, MENTEE);

    // Notes: three action items, numbered 1 to 3 in the acknowledgement.
    let (outcome, ack) = maya_writes(
        &repo,
        "notes-1",
        "2026-11-23T18:00:00Z",
        "Sam / Maya session",
        "Action items\n- Sam: send the deck outline to Maya\n- Sam: book two customer calls\n\
         - Maya: introduce Sam to the risk team lead\n",
    )
    .await;
    assert!(
        matches!(outcome, IngestOutcome::Recorded { .. }),
        "{outcome:?}"
    );
    let ack = ack.expect("an acknowledgement");
    for line in [
        "- Action item #1: Sam: send the deck outline to Maya",
        "- Action item #3: Maya: introduce Sam to the risk team lead",
        "Open action items:\n- #1: Sam: send the deck outline to Maya\n\
         - #2: Sam: book two customer calls\n- #3: Maya: introduce Sam to the risk team lead",
        "reply with their numbers: \"done 1\"",
    ] {
        assert!(ack.contains(line), "{line:?} not in:\n{ack}");
    }

    // Later notes with a command line: a new item #4, item 3 closed, and the command line is
    // not an action item.
    let (_, ack) = maya_writes(
        &repo,
        "notes-2",
        "2026-11-30T18:00:00Z",
        "Session notes",
        "done 3\n\nAction items\n- Sam: write the pricing memo\n",
    )
    .await;
    let ack = ack.expect("an acknowledgement");
    assert!(
        ack.contains("- Action item #4: Sam: write the pricing memo"),
        "{ack}"
    );
    assert!(
        ack.contains("What changed:\n- #3: Maya: introduce Sam to the risk team lead (done)"),
        "{ack}"
    );
    let all = items(&repo).await;
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(status_of(&all, 3), (ItemStatus::Done, None));

    // A reply to the acknowledgement with commands only: what changed, what was already
    // closed, which number no item has; nothing recorded as notes.
    let reply = "2 done, 4 moved to next week\ndrop 3 and 9\n";
    let (outcome, ack) = maya_writes(
        &repo,
        "reply-1",
        "2026-12-03T12:00:00Z",
        "Re: Recorded: your notes for Sam Rivera",
        reply,
    )
    .await;
    assert_eq!(
        outcome,
        IngestOutcome::Recorded {
            mentorship_id: id.clone(),
            entry: "items".into()
        }
    );
    let ack = ack.expect("a confirmation");
    for line in [
        "Subject: Updated: action items for Sam Rivera",
        "What changed:\n- #2: Sam: book two customer calls (done)\n\
         - #4: Sam: write the pricing memo (moved to Thu 10 Dec 2026)",
        "No item is numbered #9, so nothing changed for it.",
        "Already closed, left as they were:\n- #3: Maya: introduce Sam to the risk team lead",
        "Open action items:\n- #1: Sam: send the deck outline to Maya\n\
         - #4: Sam: write the pricing memo (due Thu 10 Dec 2026)",
    ] {
        assert!(ack.contains(line), "{line:?} not in:\n{ack}");
    }
    let entries = repo.timeline(&id).await.unwrap();
    assert_eq!(entries.len(), 2, "a command-only mail is not notes");

    // The same reply delivered again: nothing changes, nothing is confirmed twice.
    let before = item_events(&repo).await;
    let (outcome, ack) = maya_writes(
        &repo,
        "reply-1",
        "2026-12-03T12:00:00Z",
        "Re: Recorded: your notes for Sam Rivera",
        reply,
    )
    .await;
    assert_eq!(outcome, IngestOutcome::Duplicate);
    assert!(ack.is_none());
    assert_eq!(item_events(&repo).await, before);

    // Sam's reply to a prompt closes the item it names, and is still a reflection.
    let sam = "done: sent the deck outline!\nGood week otherwise.";
    let prompt = TokenAbout::Prompt(2);
    let at = ts("2026-12-03T13:00:00Z");
    let outcome = mentee_says(&repo, &id, &prompt, "sam-1", at, sam)
        .await
        .unwrap();
    assert!(
        matches!(outcome, IngestOutcome::Recorded { .. }),
        "{outcome:?}"
    );
    let again = mentee_says(&repo, &id, &prompt, "sam-1", at, sam)
        .await
        .unwrap();
    assert_eq!(again, IngestOutcome::Duplicate);
    // Words that name no open item close nothing; the timeline keeps them.
    let at = ts("2026-12-03T14:00:00Z");
    mentee_says(&repo, &id, &prompt, "sam-2", at, "done: the offsite plan")
        .await
        .unwrap();

    let all = items(&repo).await;
    assert_eq!(status_of(&all, 1), (ItemStatus::Done, None));
    assert_eq!(status_of(&all, 2), (ItemStatus::Done, None));
    assert_eq!(status_of(&all, 3), (ItemStatus::Done, None));
    assert_eq!(
        status_of(&all, 4),
        (ItemStatus::Open, Some("2026-12-10".into()))
    );
    let open = repo.open_items(&id).await.unwrap();
    assert_eq!(open.iter().map(|i| i.number).collect::<Vec<_>>(), [Some(4)]);
    let reflections = repo.timeline(&id).await.unwrap();
    assert_eq!(
        reflections.len(),
        4,
        "both of Sam's replies are reflections"
    );

    let events: Vec<(EventKind, String)> = item_events(&repo)
        .await
        .into_iter()
        .map(|e| (e.kind, e.detail))
        .collect();
    assert_eq!(
        events,
        [
            (
                EventKind::ItemDone,
                "#3 \"Maya: introduce Sam to the risk team lead\" done (the mentor's mail)".into()
            ),
            (
                EventKind::ItemDone,
                "#2 \"Sam: book two customer calls\" done (the mentor's mail)".into()
            ),
            (
                EventKind::ItemMoved,
                "#4 \"Sam: write the pricing memo\" moved to Thu 10 Dec 2026 (the mentor's mail)"
                    .into()
            ),
            (
                EventKind::ItemDone,
                "#1 \"Sam: send the deck outline to Maya\" done (the mentee's reply)".into()
            ),
            (EventKind::ItemNotMatched, "done: the offsite plan".into()),
        ]
    );

    // The timeline shows the numbered open items and every change, as text and as JSON.
    let text = mentormail::admin::timeline::timeline(&repo, MENTEE, None, false)
        .await
        .unwrap();
    for line in [
        "#4 [",
        "Sam: write the pricing memo (due Thu 10 Dec 2026)",
        "action item #2 \"Sam: book two customer calls\" done (the mentor's mail)",
        "action item #1 \"Sam: send the deck outline to Maya\" done (the mentee's reply)",
        "mentee wrote \"done: the offsite plan\": no single open action item matched",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(
        &mentormail::admin::timeline::timeline(&repo, MENTEE, None, true)
            .await
            .unwrap(),
    )
    .unwrap();
    let kinds: Vec<&str> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["what"].as_str())
        .filter(|k| k.starts_with("item_"))
        .collect();
    assert_eq!(
        kinds,
        [
            "item_done",
            "item_done",
            "item_moved",
            "item_done",
            "item_not_matched"
        ]
    );
    assert_eq!(json["open_items"][0]["number"], 4);
    assert_eq!(json["open_items"][0]["due"], "2026-12-10");
}

/// Items recorded before numbers existed get 1, 2, ... in recorded order, the same on every
/// read; new items are numbered above them; two batches numbering at once cannot both hold.
async fn old_items_keep_their_numbers_and_new_ones_go_above<S: Store>(repo: Repo<S>) {
    enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let id = mentorship_id(MENTOR, MENTEE);
    let mut old = Changes::new();
    for (n, text) in ["Book the room", "Read the pricing memo"]
        .iter()
        .enumerate()
    {
        old.open_item(&OpenItem {
            id: format!("old-{n}"),
            mentorship_id: id.clone(),
            text: (*text).into(),
            owner: None,
            source_message_id: "old".into(),
            created_at: ts(&format!("2026-11-2{n}T10:00:00Z")),
            status: ItemStatus::Open,
            number: None,
            due: None,
        });
    }
    assert_eq!(repo.commit(old).await.unwrap(), Committed::Written);
    maya_writes(
        &repo,
        "notes-new",
        "2026-11-30T18:00:00Z",
        "Notes",
        "Action items\n- Sam: send the deck\n",
    )
    .await;
    let numbered: Vec<(Option<u32>, String)> = items(&repo)
        .await
        .into_iter()
        .map(|i| (i.number, i.text))
        .collect();
    assert_eq!(
        numbered,
        [
            (Some(1), "Book the room".into()),
            (Some(2), "Read the pricing memo".into()),
            (Some(3), "Sam: send the deck".into()),
        ]
    );
    // The counter holds 3: a batch that read another value is refused.
    let (_, given) = repo.numbered_items(&id).await.unwrap();
    assert_eq!(given, Some(3));
    let mut stale = Changes::new();
    stale.item_numbers_given(&id, Some(2), 3);
    assert_eq!(repo.commit(stale).await.unwrap(), Committed::Duplicate);
    let mut stale_first = Changes::new();
    stale_first.item_numbers_given(&id, None, 1);
    assert_eq!(
        repo.commit(stale_first).await.unwrap(),
        Committed::Duplicate
    );
}

fn sqlite() -> Repo<EmbeddedStore> {
    memory_repo()
}

#[tokio::test]
async fn replies_close_items_exactly_once_on_sqlite() {
    replies_close_items_exactly_once(sqlite()).await;
    old_items_keep_their_numbers_and_new_ones_go_above(sqlite()).await;
}

#[tokio::test]
async fn replies_close_items_exactly_once_on_dynamodb() {
    replies_close_items_exactly_once(Repo::new(moto::dynamo_store().await)).await;
    old_items_keep_their_numbers_and_new_ones_go_above(Repo::new(moto::dynamo_store().await)).await;
}
