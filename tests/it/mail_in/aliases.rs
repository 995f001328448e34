//! A person's extra addresses (`person alias`), on SQLite and on DynamoDB (moto): mail from an
//! alias, authenticated as itself, is taken as the person's own (a mentee's reply, a mentor's
//! notes); an alias cannot be a participant's own address or someone else's; once removed, the
//! address is a stranger again; and authentication still decides.

use mentormail::mail_in::{Envelope, IngestOutcome, Rejection, Verdict, Verdicts};
use mentormail::store::Store;
use mentormail::store::repo::{AliasAdded, Repo};
use rstest::rstest;

use crate::fixtures::*;
use crate::moto;

const MENTEE_PHONE: &str = "sam.phone@mail.example.net";
const MENTOR_SECOND: &str = "maya@consulting.example.com";

fn envelope(message_id: &str, to: &str) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts("2026-11-30T12:00:05Z"),
        recipients: vec![to.to_string()],
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
        },
        sender_checks: dmarc_pass(),
    }
}

fn notes_from(from: &str, message_id: &str) -> Vec<u8> {
    format!(
        "From: Maya Chen <{from}>\r\nTo: notes@{DOMAIN}\r\nSubject: notes for Sam Rivera\r\n\
         Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Session notes for Sam Rivera: good progress on the interviews.\r\n\r\n\
         Action items\r\n- Sam: send the deck outline\r\n"
    )
    .into_bytes()
}

async fn aliases_speak_for_their_person<S: Store>(repo: Repo<S>) {
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let reply_to = settings().token_key.reply_address(&m.id, 1, DOMAIN);
    let outbox = ScriptedMailer::default();
    let ingest_settings = settings().ingest();
    let phone_reply = reply(MENTEE_PHONE, &reply_to, "alias-r1@x", "Ran two interviews.");

    // Before: a stranger on the mentee's reply address.
    let before = ingest(
        &repo,
        &outbox,
        &ingest_settings,
        &envelope("ses-a0", &reply_to),
        &phone_reply,
    )
    .await
    .unwrap();
    assert!(
        matches!(
            before,
            IngestOutcome::Rejected(Rejection::SenderMismatch { .. })
        ),
        "{before:?}"
    );

    // The admin's checks.
    let (sam, maya) = (email(MENTEE), email(MENTOR));
    assert_eq!(
        repo.add_alias(&sam, &email(MENTOR)).await.unwrap(),
        AliasAdded::IsAPerson
    );
    assert_eq!(
        repo.add_alias(&email("nobody@example.org"), &email(MENTEE_PHONE))
            .await
            .unwrap(),
        AliasAdded::NoSuchPerson
    );
    assert_eq!(
        repo.add_alias(&sam, &email(MENTEE_PHONE)).await.unwrap(),
        AliasAdded::Added
    );
    assert_eq!(
        repo.add_alias(&sam, &email(MENTEE_PHONE)).await.unwrap(),
        AliasAdded::AlreadyTheirs
    );
    assert_eq!(
        repo.add_alias(&maya, &email(MENTEE_PHONE)).await.unwrap(),
        AliasAdded::OtherPersons(sam.clone())
    );
    assert_eq!(
        repo.add_alias(&maya, &email(MENTOR_SECOND)).await.unwrap(),
        AliasAdded::Added
    );
    assert_eq!(repo.aliases(&sam).await.unwrap(), [email(MENTEE_PHONE)]);

    // The mentee's reply from her phone, and the mentor's notes from her second address.
    let recorded = ingest(
        &repo,
        &outbox,
        &ingest_settings,
        &envelope("ses-a1", &reply_to),
        &phone_reply,
    )
    .await
    .unwrap();
    assert!(
        matches!(recorded, IngestOutcome::Recorded { .. }),
        "{recorded:?}"
    );
    let notes = ingest(
        &repo,
        &outbox,
        &ingest_settings,
        &envelope("ses-a2", &format!("notes@{DOMAIN}")),
        &notes_from(MENTOR_SECOND, "alias-n1@x"),
    )
    .await
    .unwrap();
    assert!(matches!(notes, IngestOutcome::Recorded { .. }), "{notes:?}");
    let timeline = repo.timeline(&m.id).await.unwrap();
    assert_eq!(timeline.len(), 2, "{timeline:#?}");

    // Authentication still decides: the alias's own domain failing DMARC writes nothing.
    let mut failing = envelope("ses-a3", &reply_to);
    if let Some(checks) = failing.sender_checks.as_mut() {
        checks.dmarc = Verdict::Fail;
    }
    let spoofed = ingest(
        &repo,
        &outbox,
        &ingest_settings,
        &failing,
        &reply(MENTEE_PHONE, &reply_to, "alias-r2@x", "I quit."),
    )
    .await
    .unwrap();
    assert!(
        matches!(
            spoofed,
            IngestOutcome::Rejected(Rejection::Unauthenticated { .. })
        ),
        "{spoofed:?}"
    );

    // Removed: a stranger again.
    assert!(
        !repo
            .remove_alias(&maya, &email(MENTEE_PHONE))
            .await
            .unwrap()
    );
    assert!(repo.remove_alias(&sam, &email(MENTEE_PHONE)).await.unwrap());
    let after = ingest(
        &repo,
        &outbox,
        &ingest_settings,
        &envelope("ses-a4", &reply_to),
        &reply(MENTEE_PHONE, &reply_to, "alias-r3@x", "Again."),
    )
    .await
    .unwrap();
    assert!(
        matches!(
            after,
            IngestOutcome::Rejected(Rejection::SenderMismatch { .. })
        ),
        "{after:?}"
    );
    assert_eq!(repo.timeline(&m.id).await.unwrap().len(), 2);
    assert!(repo.aliases(&sam).await.unwrap().is_empty());
}

#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    DynamoDb,
}

#[rstest]
#[tokio::test]
async fn aliases(#[values(Backend::Sqlite, Backend::DynamoDb)] backend: Backend) {
    match backend {
        Backend::Sqlite => aliases_speak_for_their_person(memory_repo()).await,
        Backend::DynamoDb => {
            aliases_speak_for_their_person(Repo::new(moto::dynamo_store().await)).await
        }
    }
}
