//! Mentors' forwarded session notes become feedback records.
//!
//! Two kinds of tests. End to end from real forwards (`tests/mail/forwards/`, one per client:
//! Gmail, Outlook, Apple Mail, Thunderbird, forward-as-attachment) through `ingest` on the
//! embedded store, with the outbox as the mailer, the parser splitting the forwarded message from
//! the mentor's comment. And the notes use case fed a `ParsedMail` built here, so the rules that
//! depend on forwarded headers and bodies are tested without the parser. Then what the notes
//! change in later mail, and the same notes through the inbound Lambda handler on moto.

mod forwards_from_mail_clients;
mod in_later_mail;
mod loops;
mod rules_without_the_parser;
mod through_the_inbound_handler;

use crate::fixtures::ingest;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::domain::{Entry, EntryBody};
use mentormail::mail::parse::{ForwardedMessage, MailKind, ParsedMail};
use mentormail::mail_in::{Envelope, IngestOutcome, Verdict, Verdicts};
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::{Changes, Repo};

use crate::fixtures::*;

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
        },
        sender_checks: dmarc_pass(),
    }
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
        let repo = memory_repo();
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
        let repo = memory_repo();
        let mentor = person(MENTOR, "Maya Chen", "America/New_York");
        let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
        let mentorship = weekly_monday(
            &mentor,
            &mentee,
            jiff::civil::time(9, 0, 0, 0),
            ts("2026-11-19T10:00:00Z"),
        );
        enrol_pair(
            &repo,
            &mentor,
            &mentee,
            &mentorship,
            ts("2026-11-19T10:00:00Z"),
            Kickoff::IfNew,
        )
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
                let subject = message.subject().unwrap_or_default();
                let expected = if to == MENTOR || subject.starts_with("Not recorded") {
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
        attachments: Vec::new(),
    }
}
