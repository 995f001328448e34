//! What a mail's header block says, read before (and without) its body: who it is from, whom it
//! is to, its subject, whether a machine wrote it, and who signed it. Everything the inbound gate
//! decides on is here, so that mail from a stranger costs a header read, not a MIME parse.

use serde::Serialize;

use super::automatic::{self, Automatic};
use super::sender::{SenderProblem, sole_sender};
use crate::domain::Email;

/// Header blocks longer than this are refused unread (real ones are a few kilobytes; a long
/// Received chain stays well under it).
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum HeaderProblem {
    /// The header block is longer than [`MAX_HEADER_BYTES`].
    TooLarge,
    /// No header could be read.
    Missing,
}

impl std::fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderProblem::TooLarge => write!(f, "header block over {MAX_HEADER_BYTES} bytes"),
            HeaderProblem::Missing => f.write_str("no headers"),
        }
    }
}

/// The facts of one mail's header block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderFacts {
    /// The one plain sender, or why there is none.
    pub sender: Result<Email, SenderProblem>,
    /// Addresses in To, Cc and Delivered-To, normalised (routes a local ingest).
    pub recipients: Vec<String>,
    pub subject: String,
    /// Message-ID without angle brackets, when present.
    pub message_id: Option<String>,
    pub automatic: Option<Automatic>,
    /// The `d=` domain of each DKIM-Signature, lower case.
    pub dkim_domains: Vec<String>,
}

impl HeaderFacts {
    /// Read the header block of `raw` (up to the first empty line).
    pub fn read(raw: &[u8]) -> Result<Self, HeaderProblem> {
        let block = header_block(raw)?;
        let message = mail_parser::MessageParser::default()
            .parse_headers(block)
            .filter(|m| !m.headers().is_empty())
            .ok_or(HeaderProblem::Missing)?;
        let mut from_values = Vec::new();
        let mut dkim_domains = Vec::new();
        let mut named = Vec::new();
        for (name, value) in message.headers_raw() {
            let name = name.to_ascii_lowercase();
            match name.as_str() {
                "from" => from_values.push(value),
                "dkim-signature" => dkim_domains.extend(dkim_domain(value)),
                _ => {}
            }
            named.push((name, value));
        }
        let mut recipients = Vec::new();
        for list in [message.to(), message.cc()].into_iter().flatten() {
            recipients.extend(list.iter().filter_map(|a| a.address()).map(normalised));
        }
        for value in message.header_values("Delivered-To") {
            recipients.extend(value.as_text().map(normalised));
        }
        let subject = message.subject().unwrap_or_default().to_string();
        let sender = sole_sender(&from_values);
        let from_address = sender.as_ref().map(Email::as_str).unwrap_or_default();
        let automatic = automatic::classify(
            named.iter().map(|(n, v)| (n.as_str(), *v)),
            &subject,
            from_address,
        );
        Ok(HeaderFacts {
            sender,
            recipients,
            message_id: message.message_id().map(str::to_string),
            subject,
            automatic,
            dkim_domains,
        })
    }
}

fn normalised(address: &str) -> String {
    Email::normalised(address).to_string()
}

/// The bytes up to the empty line that ends the header block, bounded.
fn header_block(raw: &[u8]) -> Result<&[u8], HeaderProblem> {
    let window = &raw[..raw.len().min(MAX_HEADER_BYTES + 4)];
    let end = window
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|at| at + 1)
        .into_iter()
        .chain(
            window
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map(|at| at + 2),
        )
        .min();
    match end {
        Some(end) if end <= MAX_HEADER_BYTES => Ok(&raw[..end]),
        Some(_) => Err(HeaderProblem::TooLarge),
        None if raw.len() <= MAX_HEADER_BYTES => Ok(raw),
        None => Err(HeaderProblem::TooLarge),
    }
}

/// The `d=` tag of a DKIM-Signature value.
fn dkim_domain(value: &str) -> Option<String> {
    value.split(';').find_map(|tag| {
        let (name, domain) = tag.split_once('=')?;
        (name.trim().eq_ignore_ascii_case("d")).then(|| {
            domain
                .split_whitespace()
                .collect::<String>()
                .to_ascii_lowercase()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_facts_without_the_body() {
        let raw = b"Received: from x\r\nFrom: Maya <Maya@Example.org>\r\nTo: notes@mentor.test\r\n\
            Cc: \"B\" <b@x.org>\r\nSubject: =?utf-8?q?Fwd=3A_notes?=\r\n\
            DKIM-Signature: v=1; a=rsa-sha256; d=Example.org;\r\n s=sel; b=abc\r\n\r\n\
            From: evil@attacker.test\r\n\r\nbody";
        let facts = HeaderFacts::read(raw).unwrap();
        assert_eq!(facts.sender, Ok(Email::normalised("maya@example.org")));
        assert_eq!(facts.recipients, ["notes@mentor.test", "b@x.org"]);
        assert_eq!(facts.subject, "Fwd: notes");
        assert_eq!(facts.dkim_domains, ["example.org"]);
        assert_eq!(facts.automatic, None);
    }

    #[test]
    fn two_from_headers_leave_no_sender_and_machines_are_recognised() {
        let raw = b"From: a@x.org\nFrom: b@y.org\nAuto-Submitted: auto-replied\n\nhi";
        let facts = HeaderFacts::read(raw).unwrap();
        assert_eq!(
            facts.sender,
            Err(SenderProblem::SeveralFromHeaders { count: 2 })
        );
        assert_eq!(facts.automatic, Some(Automatic::AutoReply));
    }

    #[test]
    fn oversized_and_missing_header_blocks_are_refused() {
        let mut huge = b"X-Long: ".to_vec();
        huge.resize(MAX_HEADER_BYTES + 10, b'a');
        huge.extend_from_slice(b"\r\n\r\nbody");
        assert_eq!(HeaderFacts::read(&huge), Err(HeaderProblem::TooLarge));
        assert_eq!(HeaderFacts::read(b""), Err(HeaderProblem::Missing));
    }
}
