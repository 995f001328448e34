//! Mail too large for one record ends recorded: the record holds a fair share of every text and
//! links to the whole entry in the archive, which holds every word. Run on both worlds: the local
//! store with its archive folder, and the `inbound` Lambda handler on moto (DynamoDB, whose items
//! hold at most 400 KB, and the S3 archive). Each mail is delivered twice: one record.

use mentormail::archive::Archive;
use mentormail::archive::folder::FolderArchive;
use mentormail::archive::s3::S3Archive;
use mentormail::domain::{Entry, EntryBody};
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::mail_in::{Envelope, IngestOutcome, MailIn, Verdicts};
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fixtures::*;
use crate::{events, moto};

/// One oversize mail: who sends it, to which route, and the words the archive must hold.
struct Oversize {
    name: &'static str,
    from: &'static str,
    raw: Vec<u8>,
    /// A word written only at the very end of the mail: the whole text reaches it.
    last_word: String,
    /// How many forwarded messages the whole entry lists.
    forwarded: usize,
}

fn paragraphs(seed: &str, bytes: usize) -> String {
    let sentence = format!("{seed}: today I mapped the onboarding funnel with the data team. ");
    let mut text = String::with_capacity(bytes + 200);
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&sentence);
        n += 1;
        if n % 8 == 0 {
            text.push_str("\r\n\r\n");
        }
    }
    text
}

/// A reply of 1.6 MB of new text (the parser keeps up to 2 MB).
fn long_reflection(reply_to: &str) -> Oversize {
    let text = format!(
        "{}\r\nEND-OF-REFLECTION",
        paragraphs("reflection", 1_600_000)
    );
    Oversize {
        name: "1.6 MB reflection",
        from: MENTEE,
        raw: reply(MENTEE, reply_to, "oversize-reflection@x", &text),
        last_word: "END-OF-REFLECTION".into(),
        forwarded: 0,
    }
}

/// A mentor's mail with `count` attached messages of `each` bytes.
fn many_forwards(count: usize, each: usize) -> Oversize {
    let boundary = "b-oversize";
    let mut raw = format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: Fwd: the whole thread\r\n\
         Message-ID: <oversize-forwards-{count}@x>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Notes for Sam Rivera below.\r\n\r\nAction items\r\n- Sam: send the roadmap outline\r\n"
    );
    for n in 0..count {
        raw.push_str(&format!(
            "--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n\
             From: Person {n} <person{n}@example.org>\r\nSubject: thread part {n}\r\n\
             Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             {}\r\nPART-{n}-END\r\n",
            paragraphs(&format!("part {n}"), each)
        ));
    }
    raw.push_str(&format!("--{boundary}--\r\n"));
    Oversize {
        name: "notes forwarding many messages",
        from: MENTOR,
        raw: raw.into_bytes(),
        last_word: format!("PART-{}-END", count - 1),
        forwarded: count,
    }
}

/// A single line of 900 KB under an action-item heading.
fn one_huge_item() -> Oversize {
    let line = paragraphs("item", 900_000).replace("\r\n", " ");
    let raw = format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: notes for Sam Rivera\r\n\
         Message-ID: <oversize-item@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Action items\r\n- Sam: {line} ITEM-END\r\n"
    );
    Oversize {
        name: "one 900 KB action item",
        from: MENTOR,
        raw: raw.into_bytes(),
        last_word: "ITEM-END".into(),
        forwarded: 0,
    }
}

fn cases(reply_to: &str) -> Vec<Oversize> {
    vec![
        long_reflection(reply_to),
        many_forwards(300, 4_000),
        many_forwards(20, 100_000),
        one_huge_item(),
    ]
}

/// The mail's entry is cut, links to the whole, and the whole has every word.
async fn check_recorded<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    case: &Oversize,
    message_id: &str,
    entries_before: usize,
) -> Entry {
    let mentorship_id = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    let timeline = repo.timeline(&mentorship_id).await.unwrap();
    assert_eq!(
        timeline.len(),
        entries_before + 1,
        "{}: one record",
        case.name
    );
    let entry = timeline
        .into_iter()
        .find(|e| e.message_id == message_id)
        .expect("the mail's entry");
    let overflow = entry
        .overflow
        .clone()
        .unwrap_or_else(|| panic!("{}: no overflow on the record", case.name));
    let recorded = serde_json::to_vec(&entry).unwrap();
    assert!(recorded.len() < 400 * 1024, "{}: record fits", case.name);
    assert!(
        !String::from_utf8_lossy(&recorded).contains(&case.last_word),
        "{}: the record is cut",
        case.name
    );
    let whole = archive.read(&overflow.location).await.unwrap();
    assert_eq!(whole.len() as u64, overflow.bytes);
    let whole: Entry = serde_json::from_slice(&whole).unwrap();
    let whole_text = serde_json::to_string(&whole.body).unwrap();
    assert!(
        whole_text.contains(&case.last_word),
        "{}: the archive keeps the last word",
        case.name
    );
    if let EntryBody::Feedback { forwarded, .. } = &whole.body {
        assert_eq!(forwarded.len(), case.forwarded, "{}", case.name);
    }
    entry
}

#[tokio::test]
async fn oversize_mail_is_recorded_locally_with_the_whole_text_in_the_archive_folder() {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let reply_to = settings().token_key.reply_address(&m.id, 1, DOMAIN);
    let dir = tempfile::tempdir().unwrap();
    let mail_in = MailIn {
        repo: repo.clone(),
        mailer: ScriptedMailer::default(),
        archive: FolderArchive::new(dir.path().join("archive")),
        settings: settings().ingest(),
    };
    let cases = cases(&reply_to);
    for (n, case) in cases.iter().enumerate() {
        let to = if case.from == MENTEE {
            reply_to.clone()
        } else {
            format!("notes@{DOMAIN}")
        };
        let envelope = Envelope {
            message_id: format!("oversize-local-{n}"),
            received_at: ts("2026-11-23T12:00:00Z") + jiff::SignedDuration::from_mins(n as i64),
            recipients: vec![to],
            verdicts: Verdicts::default(),
            sender_checks: dmarc_pass(),
        };
        for delivery in 0..2 {
            let outcome = mail_in.ingest(&envelope, &case.raw).await.unwrap();
            if delivery == 0 {
                assert!(
                    matches!(outcome, IngestOutcome::Recorded { .. }),
                    "{}: {outcome:?}",
                    case.name
                );
            } else {
                assert_eq!(outcome, IngestOutcome::Duplicate, "{}", case.name);
            }
        }
        check_recorded(&repo, &mail_in.archive, case, &envelope.message_id, n).await;
    }
    println!(
        "oversize, local: {} mails, {} recorded with the whole text in the archive, 0 lost",
        cases.len(),
        cases.len()
    );
}

#[tokio::test]
async fn oversize_mail_through_the_inbound_handler_is_recorded_in_dynamodb_and_kept_whole_in_s3() {
    let sdk = moto::sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let bucket = moto::create_bucket(&s3).await;
    let ses = mentormail::clients::sesv2_client(&sdk);
    let repo: Repo<DynamoStore> = Repo::new(moto::dynamo_store().await);
    let m = enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let settings = settings();
    let reply_to = settings.token_key.reply_address(&m.id, 1, DOMAIN);
    let handler = InboundHandler {
        mail_in: MailIn {
            repo: repo.clone(),
            mailer: SesMailer::new(ses, None),
            archive: S3Archive::new(s3.clone(), bucket.clone(), "archive/"),
            settings: settings.ingest(),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    let cases = cases(&reply_to);
    for (n, case) in cases.iter().enumerate() {
        let message_id = moto::unique_name("oversize").replace('-', "");
        s3.put_object()
            .bucket(&bucket)
            .key(format!("inbound/{message_id}"))
            .body(case.raw.clone().into())
            .send()
            .await
            .unwrap();
        let to = if case.from == MENTEE {
            reply_to.clone()
        } else {
            format!("notes@{DOMAIN}")
        };
        let event = events::ses_receipt(&message_id, case.from, &to, "PASS");
        let first = handler.handle(event.clone()).await.unwrap();
        assert!(
            matches!(
                &first[0].outcome,
                RecordOutcome::Ingested(IngestOutcome::Recorded { .. })
            ),
            "{}: {first:?}",
            case.name
        );
        let again = handler.handle(event).await.unwrap();
        assert_eq!(
            again[0].outcome,
            RecordOutcome::Ingested(IngestOutcome::Duplicate),
            "{}",
            case.name
        );
        let entry = check_recorded(&repo, &handler.mail_in.archive, case, &message_id, n).await;
        let location = entry.overflow.unwrap().location;
        assert!(
            location.starts_with(&format!("s3://{bucket}/archive/entries/")),
            "{location}"
        );
    }
    println!(
        "oversize, inbound handler on moto: {} mails, {} recorded with the whole text in S3, 0 lost",
        cases.len(),
        cases.len()
    );
}
