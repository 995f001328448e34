//! The inbound use case on the embedded store: what is recorded, what is refused, and that a
//! retried delivery writes once.

use crate::fixtures::ingest;
use mentormail::domain::EntryBody;
use mentormail::mail::authentication::Unauthenticated;
use mentormail::mail_in::{Envelope, IngestError, IngestOutcome, Rejection, Verdict, Verdicts};
use mentormail::mailer::SendError;
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;
use rstest::rstest;

use crate::fixtures::*;

fn envelope(message_id: &str, recipients: &[&str]) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts("2026-11-30T12:00:05Z"),
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
        },
        sender_checks: dmarc_pass(),
    }
}

/// Local mode's mailer in a folder of its own (the notes address answers through it).
fn outbox() -> OutboxMailer {
    let dir = std::env::temp_dir().join(format!(
        "mentormail-ingest-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    ));
    OutboxMailer::new(dir).expect("outbox folder")
}

async fn setup() -> (Repo<EmbeddedStore>, String) {
    let repo = memory_repo();
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let reply_to = settings().token_key.reply_address(&m.id, 1, DOMAIN);
    (repo, reply_to)
}

#[tokio::test]
async fn a_mentee_reply_becomes_one_reflection_even_when_delivered_twice() {
    let (repo, reply_to) = setup().await;
    let raw = reply(
        MENTEE,
        &reply_to,
        "r1@mail.example",
        "I ran my first interview alone.",
    );
    let env = envelope("ses-msg-1", &[&reply_to]);
    let first = ingest(&repo, &outbox(), &settings().ingest(), &env, &raw)
        .await
        .unwrap();
    let IngestOutcome::Recorded {
        mentorship_id,
        entry,
    } = first
    else {
        panic!("expected a record, got {first:?}");
    };
    assert_eq!(entry, "reflection");
    let again = ingest(&repo, &outbox(), &settings().ingest(), &env, &raw)
        .await
        .unwrap();
    assert_eq!(again, IngestOutcome::Duplicate);

    let timeline = repo.timeline(&mentorship_id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    let EntryBody::Reflection { prompt, text, .. } = &timeline[0].body else {
        panic!("not a reflection: {:?}", timeline[0]);
    };
    assert_eq!(*prompt, 1);
    assert_eq!(text, "I ran my first interview alone.");
    assert_eq!(timeline[0].author, MENTEE);
}

#[tokio::test]
async fn the_envelope_recipient_routes_even_when_to_is_someone_else() {
    let (repo, reply_to) = setup().await;
    // Bcc-like delivery: the token is only in the envelope.
    let raw = reply(
        MENTEE,
        "team@example.org",
        "r2@mail.example",
        "Shadowed a sales call.",
    );
    let outcome = ingest(
        &repo,
        &outbox(),
        &settings().ingest(),
        &envelope("ses-2", &[&reply_to]),
        &raw,
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, IngestOutcome::Recorded { .. }),
        "{outcome:?}"
    );
}

/// Mail the inbound use case refuses.
#[derive(Debug, Clone, Copy)]
enum Refusal {
    /// Someone else using the mentee's reply address.
    SenderMismatch,
    /// A forged token: right shape, wrong signature.
    ForgedToken,
    /// DMARC fail, even from the right address.
    DmarcFail,
    /// Not addressed to us at all.
    NoRoute,
    /// An out-of-office answer to a prompt.
    OutOfOffice,
    /// A validly signed token for a mentorship that does not exist.
    UnknownMentorship,
    /// Garbage bytes.
    Garbage,
}

impl Refusal {
    /// The envelope and raw mail of this case, for the pair whose reply address is `reply_to`.
    fn delivery(self, reply_to: &str) -> (Envelope, Vec<u8>) {
        match self {
            Refusal::SenderMismatch => (
                envelope("ses-s1", &[reply_to]),
                reply("mallory@attacker.example", reply_to, "s1@x", "I quit."),
            ),
            Refusal::ForgedToken => {
                let forged = reply_to.replacen("-1-", "-2-", 1);
                (
                    envelope("ses-s2", &[&forged]),
                    reply(MENTEE, &forged, "s2@x", "text"),
                )
            }
            Refusal::DmarcFail => {
                let mut env = envelope("ses-s3", &[reply_to]);
                if let Some(checks) = env.sender_checks.as_mut() {
                    checks.dmarc = Verdict::Fail;
                }
                (env, reply(MENTEE, reply_to, "s3@x", "text"))
            }
            Refusal::NoRoute => (
                envelope("ses-s4", &["someone@else.example"]),
                reply(MENTEE, reply_to, "s3@x", "text"),
            ),
            Refusal::OutOfOffice => (
                envelope("ses-s5", &[reply_to]),
                format!(
                    "From: {MENTEE}\r\nTo: {reply_to}\r\nSubject: Automatic reply: out of office\r\n\
                     Auto-Submitted: auto-replied\r\nMessage-ID: <ooo@x>\r\n\r\nI am away until Monday.\r\n"
                )
                .into_bytes(),
            ),
            Refusal::UnknownMentorship => {
                let ghost = settings().token_key.reply_address("nosuchpair", 1, DOMAIN);
                (
                    envelope("ses-s6", &[&ghost]),
                    reply(MENTEE, &ghost, "s6@x", "text"),
                )
            }
            Refusal::Garbage => (
                envelope("ses-s7", &[reply_to]),
                b"\xff\xfe\x00garbage".to_vec(),
            ),
        }
    }

    /// The reason given is this case's.
    fn assert_given(self, out: &IngestOutcome) {
        match self {
            Refusal::SenderMismatch => assert_eq!(
                *out,
                IngestOutcome::Rejected(Rejection::SenderMismatch {
                    sender: "mallory@attacker.example".into()
                })
            ),
            Refusal::ForgedToken => assert!(
                matches!(out, IngestOutcome::Rejected(Rejection::BadToken { .. })),
                "{out:?}"
            ),
            Refusal::DmarcFail => assert_eq!(
                *out,
                IngestOutcome::Rejected(Rejection::Unauthenticated {
                    sender: MENTEE.into(),
                    why: Unauthenticated::DmarcFailed,
                })
            ),
            Refusal::NoRoute => assert_eq!(*out, IngestOutcome::Rejected(Rejection::NoRoute)),
            Refusal::OutOfOffice => {
                assert_eq!(*out, IngestOutcome::Rejected(Rejection::AutoReply))
            }
            Refusal::UnknownMentorship => assert!(
                matches!(
                    out,
                    IngestOutcome::Rejected(Rejection::UnknownMentorship { .. })
                ),
                "{out:?}"
            ),
            Refusal::Garbage => assert!(matches!(out, IngestOutcome::Rejected(_)), "{out:?}"),
        }
    }
}

#[rstest]
#[case::someone_else_using_the_reply_address(Refusal::SenderMismatch)]
#[case::a_forged_token(Refusal::ForgedToken)]
#[case::dmarc_fail_from_the_right_address(Refusal::DmarcFail)]
#[case::not_addressed_to_us(Refusal::NoRoute)]
#[case::an_out_of_office_answer(Refusal::OutOfOffice)]
#[case::a_token_for_no_mentorship(Refusal::UnknownMentorship)]
#[case::garbage_bytes(Refusal::Garbage)]
#[tokio::test]
async fn refusals_write_nothing_and_say_why(#[case] refusal: Refusal) {
    let (repo, reply_to) = setup().await;
    let mid = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    let (env, raw) = refusal.delivery(&reply_to);
    let out = ingest(&repo, &outbox(), &settings().ingest(), &env, &raw)
        .await
        .unwrap();
    refusal.assert_given(&out);
    assert!(repo.timeline(&mid).await.unwrap().is_empty());
}

#[tokio::test]
async fn notes_from_a_mentor_become_feedback_and_strangers_write_nothing() {
    let (repo, _) = setup().await;
    let s = settings().ingest();
    let notes = format!("notes@{DOMAIN}");
    let forward = |from: &str, id: &str| {
        format!(
            "From: Maya Chen <{from}>\r\nTo: {notes}\r\nSubject: Fwd: session notes\r\n\
             Message-ID: <{id}>\r\nContent-Type: text/plain\r\n\r\nGreat session today.\r\n"
        )
        .into_bytes()
    };
    let out = ingest(
        &repo,
        &outbox(),
        &s,
        &envelope("n1", &[&notes]),
        &forward(MENTOR, "n1@x"),
    )
    .await
    .unwrap();
    let IngestOutcome::Recorded {
        mentorship_id,
        entry,
    } = out
    else {
        panic!("{out:?}");
    };
    assert_eq!(entry, "feedback");
    let timeline = repo.timeline(&mentorship_id).await.unwrap();
    assert!(
        matches!(&timeline[0].body, EntryBody::Feedback { comment, .. } if comment.contains("Great session"))
    );

    let out = ingest(
        &repo,
        &outbox(),
        &s,
        &envelope("n2", &[&notes]),
        &forward("stranger@x.org", "n2@x"),
    )
    .await
    .unwrap();
    assert_eq!(
        out,
        IngestOutcome::Rejected(Rejection::NotAMentor {
            sender: "stranger@x.org".into()
        })
    );

    // A mentor of two mentees who names neither: nothing is guessed.
    enrol(
        &repo,
        &person(MENTOR, "Maya Chen", "America/New_York"),
        &person("lee@example.org", "Lee Park", "Asia/Seoul"),
        ts("2026-11-26T10:00:00Z"),
    )
    .await;
    let out = ingest(
        &repo,
        &outbox(),
        &s,
        &envelope("n3", &[&notes]),
        &forward(MENTOR, "n3@x"),
    )
    .await
    .unwrap();
    assert!(
        matches!(
            out,
            IngestOutcome::Rejected(Rejection::AmbiguousMentee { .. })
        ),
        "{out:?}"
    );
    assert_eq!(repo.timeline(&mentorship_id).await.unwrap().len(), 1);

    // The question cannot be sent: the delivery fails (Lambda retries it) and is not marked
    // seen, so the retry asks again instead of dropping the notes as a duplicate.
    let failing = ScriptedMailer::failing_with(vec![SendError::Transient("SES down".into())]);
    let envelope = envelope("n4", &[&notes]);
    let raw = forward(MENTOR, "n4@x");
    let error = ingest(&repo, &failing, &s, &envelope, &raw)
        .await
        .unwrap_err();
    assert!(matches!(error, IngestError::Answer(_)), "{error}");
    let retried = ingest(&repo, &failing, &s, &envelope, &raw).await.unwrap();
    assert!(
        matches!(
            retried,
            IngestOutcome::Rejected(Rejection::AmbiguousMentee { .. })
        ),
        "{retried:?}"
    );
    assert_eq!(failing.sent().len(), 1, "asked once the mailer worked");
    let again = ingest(&repo, &failing, &s, &envelope, &raw).await.unwrap();
    assert_eq!(again, IngestOutcome::Duplicate);
}

#[tokio::test]
async fn inline_answers_keep_the_order_of_the_mail_through_the_store() {
    let (repo, reply_to) = setup().await;
    // "Z..." sorts after "A...": a store that reorders keys would swap them.
    let raw = format!(
        "From: Sam Rivera <{MENTEE}>\r\nTo: {reply_to}\r\nSubject: Re: reflection\r\n\
         Message-ID: <inline-1@mail.example>\r\nContent-Type: text/plain\r\n\r\n\
         On Mon, 30 Nov 2026 at 09:00, PM Mentoring <coach@{DOMAIN}> wrote:\r\n\
         > Zoom out: what progress did you make on your goals this week?\r\n\r\n\
         Finished the roadmap deck outline.\r\n\r\n\
         > A decision you took this week, and why?\r\n\r\n\
         Cut saved cards from Q1.\r\n"
    );
    let out = ingest(
        &repo,
        &outbox(),
        &settings().ingest(),
        &envelope("ses-inline", &[&reply_to]),
        raw.as_bytes(),
    )
    .await
    .unwrap();
    let IngestOutcome::Recorded { mentorship_id, .. } = out else {
        panic!("{out:?}");
    };
    let timeline = repo.timeline(&mentorship_id).await.unwrap();
    let EntryBody::Reflection { answers, .. } = &timeline[0].body else {
        panic!("{:?}", timeline[0]);
    };
    let questions: Vec<&str> = answers.iter().map(|a| a.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "Zoom out: what progress did you make on your goals this week?",
            "A decision you took this week, and why?"
        ]
    );
    assert_eq!(answers[1].answer, "Cut saved cards from Q1.");
    // An answer under a question of the decisions habit is a decision, cue or not.
    let decisions = repo.decisions(&mentorship_id).await.unwrap();
    assert_eq!(
        decisions
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>(),
        ["Cut saved cards from Q1."]
    );
}

#[tokio::test]
async fn mail_to_the_unsubscribe_address_stops_the_mentee_once() {
    let (repo, reply_to) = setup().await;
    let unsubscribe = reply_to.replacen("reflect+", "unsubscribe+", 1);
    // What mail clients send for a List-Unsubscribe mailto: subject "unsubscribe", no body.
    let raw = format!(
        "From: Sam Rivera <{MENTEE}>\r\nTo: {unsubscribe}\r\nSubject: unsubscribe\r\n\
         Message-ID: <unsub-1@mail.example>\r\n\r\n"
    );
    let env = envelope("ses-unsub", &[&unsubscribe]);
    let out = ingest(&repo, &outbox(), &settings().ingest(), &env, raw.as_bytes())
        .await
        .unwrap();
    assert!(!matches!(out, IngestOutcome::Rejected(_)), "{out:?}");
    let sam = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(sam.status, mentormail::domain::PersonStatus::Stopped);
    // Someone else cannot stop Sam with the address.
    let (repo, reply_to) = setup().await;
    let unsubscribe = reply_to.replacen("reflect+", "unsubscribe+", 1);
    let raw = format!(
        "From: x@attacker.example\r\nTo: {unsubscribe}\r\nSubject: unsubscribe\r\n\
         Message-ID: <unsub-2@x>\r\n\r\n"
    );
    let out = ingest(
        &repo,
        &outbox(),
        &settings().ingest(),
        &envelope("ses-unsub-2", &[&unsubscribe]),
        raw.as_bytes(),
    )
    .await
    .unwrap();
    assert!(
        matches!(
            out,
            IngestOutcome::Rejected(Rejection::SenderMismatch { .. })
        ),
        "{out:?}"
    );
    let sam = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(sam.status, mentormail::domain::PersonStatus::Active);
}

/// Nothing vanishes silently: an authenticated participant whose mail is not recorded for a
/// reason they can act on is told why, once a day; strangers and auto-replies are told nothing.
#[tokio::test]
async fn a_participant_whose_mail_is_not_recorded_is_told_why_once_a_day() {
    let (repo, reply_to) = setup().await;
    let mailer = ScriptedMailer::default();
    let s = settings().ingest();
    // An empty reply (only the quote), twice the same day.
    for (id, message) in [("ses-empty-1", "e1@x"), ("ses-empty-2", "e2@x")] {
        let raw = reply(MENTEE, &reply_to, message, "");
        let out = ingest(&repo, &mailer, &s, &envelope(id, &[&reply_to]), &raw)
            .await
            .unwrap();
        assert_eq!(out, IngestOutcome::Rejected(Rejection::EmptyReply));
    }
    let sent = mailer.sent();
    assert_eq!(sent.len(), 1, "one notice a day");
    assert_eq!(sent[0].to, [MENTEE]);
    let text = String::from_utf8(sent[0].raw.clone())
        .unwrap()
        .replace("=\r\n", "");
    assert!(
        text.contains("Subject: Not recorded: Re: PM Mentoring"),
        "{text}"
    );
    assert!(text.contains("had no text of yours"), "{text}");
    assert!(text.contains("Auto-Submitted: auto-replied"), "{text}");
    assert!(
        text.contains("https://mentor.example.org/unsubscribe/preferences?t="),
        "the notice's footer leads to Sam's preferences page:\n{text}"
    );
    // A stranger's mail to the notes address: no notice.
    let stranger = format!(
        "From: Mallory <mallory@attacker.example>\r\nTo: notes@{DOMAIN}\r\nSubject: notes\r\n\
         Message-ID: <s@x>\r\nContent-Type: text/plain\r\n\r\nHello\r\n"
    );
    let notes = format!("notes@{DOMAIN}");
    let out = ingest(
        &repo,
        &mailer,
        &s,
        &envelope("ses-stranger-n", &[&notes]),
        stranger.as_bytes(),
    )
    .await
    .unwrap();
    assert!(matches!(
        out,
        IngestOutcome::Rejected(Rejection::NotAMentor { .. })
    ));
    assert_eq!(mailer.sent().len(), 1, "strangers are told nothing");
    // The next day, a reply to an ended pair: told again, with the reason.
    let m = repo
        .mentorship(&mentormail::domain::ids::mentorship_id(MENTOR, MENTEE))
        .await
        .unwrap()
        .unwrap();
    mentormail::admin::pair_state::end_pair(&repo, MENTEE, None, ts("2026-12-01T08:00:00Z"))
        .await
        .unwrap();
    let mut next_day = envelope("ses-ended", &[&reply_to]);
    next_day.received_at = ts("2026-12-01T12:00:00Z");
    let raw = reply(MENTEE, &reply_to, "ended@x", "One more reflection.");
    let out = ingest(&repo, &mailer, &s, &next_day, &raw).await.unwrap();
    assert_eq!(
        out,
        IngestOutcome::Rejected(Rejection::EndedMentorship {
            mentorship_id: m.id.clone()
        })
    );
    let sent = mailer.sent();
    assert_eq!(sent.len(), 2);
    let text = String::from_utf8(sent[1].raw.clone())
        .unwrap()
        .replace("=\r\n", "");
    assert!(text.contains("has ended"), "{text}");
}
