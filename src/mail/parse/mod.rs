//! Inbound MIME -> what a person wrote.
//!
//! `parse` is the one entry point: raw RFC 5322 bytes in, a [`ParsedMail`] out. It never panics and
//! does no I/O. Its JSON form is the contract of `mentormail parse --json` (design.md section 8).

use std::collections::BTreeMap;

use serde::Serialize;

/// What kind of mail this is, as far as the pipeline cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Reply,
    Forward,
    Command,
    AutoReply,
    Bounce,
    Unknown,
}

/// One forwarded message found inside a mail, outermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForwardedMessage {
    /// `Name <address>` or a bare address, as the forward header gave it.
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub date: String,
    pub subject: String,
    pub body: String,
}

/// The result of parsing one inbound mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedMail {
    pub kind: MailKind,
    /// The From header as `Name <address>` (or the bare address).
    pub from: String,
    /// The From address alone, lower-cased; empty when the mail has none.
    pub from_address: String,
    pub subject: String,
    /// Message-ID without angle brackets, when present.
    pub message_id: Option<String>,
    /// Addresses in To, Cc and Delivered-To, lower-cased (used to route local ingests).
    pub recipients: Vec<String>,
    /// The new text of a reply: no quoted history, no signature.
    pub reply_text: String,
    /// For a forward: what the forwarder wrote above the forwarded message.
    pub comment: Option<String>,
    pub forwarded: Vec<ForwardedMessage>,
    /// Inline answers under quoted questions: question -> answer.
    pub sections: BTreeMap<String, String>,
}

/// Parse raw MIME. Malformed input still gives a result (kind `Unknown` at worst).
pub fn parse(raw: &[u8]) -> ParsedMail {
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else {
        return ParsedMail {
            kind: MailKind::Unknown,
            from: String::new(),
            from_address: String::new(),
            subject: String::new(),
            message_id: None,
            recipients: Vec::new(),
            reply_text: String::new(),
            comment: None,
            forwarded: Vec::new(),
            sections: BTreeMap::new(),
        };
    };
    let (from, from_address) = message
        .from()
        .and_then(|a| a.first())
        .map(|a| {
            let address = a.address().unwrap_or_default().to_ascii_lowercase();
            let shown = match a.name() {
                Some(name) if !name.is_empty() => format!("{name} <{address}>"),
                _ => address.clone(),
            };
            (shown, address)
        })
        .unwrap_or_default();
    let mut recipients = Vec::new();
    for list in [message.to(), message.cc()].into_iter().flatten() {
        for addr in list.iter() {
            if let Some(a) = addr.address() {
                recipients.push(a.to_ascii_lowercase());
            }
        }
    }
    let body = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    let reply_text = first_version_reply(&body);
    let kind = if message.header("Auto-Submitted").is_some_and(|v| {
        v.as_text()
            .is_some_and(|t| !t.trim().eq_ignore_ascii_case("no"))
    }) {
        MailKind::AutoReply
    } else {
        MailKind::Reply
    };
    ParsedMail {
        kind,
        from,
        from_address,
        subject: message.subject().unwrap_or_default().to_string(),
        message_id: message.message_id().map(str::to_string),
        recipients,
        reply_text,
        comment: None,
        forwarded: Vec::new(),
        sections: BTreeMap::new(),
    }
}

/// A deliberately simple first cut: text above the first quote marker, attribution or signature.
fn first_version_reply(body: &str) -> String {
    let mut out = Vec::new();
    for line in body.lines() {
        let t = line.trim_end();
        if t.starts_with('>')
            || t == "--"
            || t == "-- "
            || t.starts_with("-----Original Message-----")
            || (t.starts_with("On ") && t.ends_with("wrote:"))
        {
            break;
        }
        out.push(t);
    }
    out.join("\n").trim().to_string()
}
