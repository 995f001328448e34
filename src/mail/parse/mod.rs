//! Inbound MIME -> what a person wrote.
//!
//! `parse` is the one entry point: raw RFC 5322 bytes in, a [`ParsedMail`] out. It never panics and
//! does no I/O. Its JSON form is the contract of `mentormail parse --json` (see `docs/parser.md`).

use indexmap::IndexMap;

use serde::Serialize;

use super::automatic::{self, Automatic};

mod attachments;
mod attribution;
mod body;
mod forward;
mod history_shapes;
mod knowledge;
mod mailbox;
mod patterns;
mod reply;
mod signature;
mod signer;

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
    /// Inline answers under quoted questions: question -> answer, in the order of the mail.
    pub sections: IndexMap<String, String>,
    /// The files the writer attached, for `domain::attachment::select` (not in the JSON).
    #[serde(skip)]
    pub attachments: Vec<crate::domain::attachment::FilePart>,
}

/// mail-parser on `raw`, `None` when it finds no message. mail-parser 0.11 can panic on some
/// malformed multipart structures (found by fuzzing: "Invalid part ID, could not find
/// multipart"); such a mail is unreadable, like one it rejects, and must not take down the
/// function that parses it. Only this call is guarded, so a panic in our own code still shows.
fn parse_mime(raw: &[u8]) -> Option<mail_parser::Message<'_>> {
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        mail_parser::MessageParser::default().parse(raw)
    }));
    match parsed {
        Ok(message) => message,
        Err(_) => {
            tracing::warn!(bytes = raw.len(), "MIME parser gave up on a malformed mail");
            None
        }
    }
}

/// Parse raw MIME. Malformed input still gives a result (kind `Unknown` at worst).
pub fn parse(raw: &[u8]) -> ParsedMail {
    let Some(message) = parse_mime(raw) else {
        return ParsedMail::empty();
    };
    let sender = message.from().and_then(|a| a.first());
    let (from, from_address) = sender
        .map(|a| {
            let address = a.address().unwrap_or_default().to_ascii_lowercase();
            let shown = match a.name() {
                Some(name) if !name.is_empty() => format!("{name} <{address}>"),
                _ => address.clone(),
            };
            (shown, address)
        })
        .unwrap_or_default();
    let signer = signer::Signer::new(sender.and_then(|a| a.name()), &from_address);
    let mut recipients = Vec::new();
    for list in [message.to(), message.cc()].into_iter().flatten() {
        for addr in list.iter() {
            if let Some(a) = addr.address() {
                recipients.push(a.to_ascii_lowercase());
            }
        }
    }
    for value in message.header_values("Delivered-To") {
        if let Some(text) = value.as_text() {
            recipients.push(text.trim().to_ascii_lowercase());
        }
    }
    let subject = message.subject().unwrap_or_default().to_string();
    let body = body::text_of(&message);

    let mut forwarded = Vec::new();
    let mut comment = None;
    let reply_text;
    let mut sections = IndexMap::new();
    let subject_says_forward = patterns::is_forward_subject(&subject);
    if let Some(fwd) = forward::extract(&body, &subject, subject_says_forward) {
        // The forwarder's own words are their new text; no reply is taken from the forward.
        reply_text = fwd.comment.clone().unwrap_or_default();
        comment = fwd.comment;
        forwarded = fwd.messages;
    } else {
        let attached = attached_messages(&message);
        if attached.is_empty() {
            let reply = reply::extract(&body);
            reply_text = reply.text;
            sections = reply.sections;
        } else {
            let text = reply::extract(&body).text;
            reply_text = text.clone();
            comment = (!text.is_empty()).then_some(text);
            forwarded = attached;
        }
    }
    // The sender's name signed alone under the text is a signature, not part of it.
    let reply_text = signer.drop_signed_name(&reply_text).to_string();
    let comment = comment.map(|c| signer.drop_signed_name(&c).to_string());
    if let Some((_, answer)) = sections.last_mut() {
        *answer = signer.drop_signed_name(answer).to_string();
    }
    let kind = classify(&message, &subject, !forwarded.is_empty());
    let attachments = attachments::file_parts(&message);
    ParsedMail {
        kind,
        from,
        from_address,
        subject,
        message_id: message.message_id().map(str::to_string),
        recipients,
        reply_text,
        comment,
        forwarded,
        sections,
        attachments,
    }
}

impl ParsedMail {
    fn empty() -> Self {
        ParsedMail {
            kind: MailKind::Unknown,
            from: String::new(),
            from_address: String::new(),
            subject: String::new(),
            message_id: None,
            recipients: Vec::new(),
            reply_text: String::new(),
            comment: None,
            forwarded: Vec::new(),
            sections: IndexMap::new(),
            attachments: Vec::new(),
        }
    }
}

/// Forwards as attachments: every `message/rfc822` part, in order.
fn attached_messages(message: &mail_parser::Message<'_>) -> Vec<ForwardedMessage> {
    let mut out = Vec::new();
    for part in message.parts.iter().take(MAX_PARTS) {
        if let mail_parser::PartType::Message(inner) = &part.body {
            out.push(ForwardedMessage {
                from: inner
                    .from()
                    .and_then(|a| a.first())
                    .map(mailbox_of)
                    .unwrap_or_default(),
                to: inner
                    .to()
                    .map(|l| l.iter().map(mailbox_of).collect())
                    .unwrap_or_default(),
                cc: inner
                    .cc()
                    .map(|l| l.iter().map(mailbox_of).collect())
                    .unwrap_or_default(),
                date: inner.date().map(|d| d.to_rfc3339()).unwrap_or_default(),
                subject: inner.subject().unwrap_or_default().to_string(),
                body: reply::tidy(&body::text_of(inner).lines().collect::<Vec<_>>()),
            });
        }
    }
    out
}

/// Parts looked at for attached messages (bounded work on hostile input).
const MAX_PARTS: usize = 1000;

fn mailbox_of(addr: &mail_parser::Addr<'_>) -> String {
    let address = addr.address().unwrap_or_default();
    match addr.name() {
        Some(name) if !name.is_empty() && !address.is_empty() => format!("{name} <{address}>"),
        Some(name) if !name.is_empty() => name.to_string(),
        _ => address.to_string(),
    }
}

/// Bounce, auto-reply, forward or reply: the structure (RFC 3464 reports), the header signs
/// the inbound gate reads (`mail::automatic`), then what the body held.
fn classify(message: &mail_parser::Message<'_>, subject: &str, has_forward: bool) -> MailKind {
    use mail_parser::MimeHeaders as _;
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let has_delivery_status = message.parts.iter().take(MAX_PARTS).any(|p| {
        p.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("message")
                && ct.subtype().is_some_and(|s| {
                    s.eq_ignore_ascii_case("delivery-status")
                        || s.eq_ignore_ascii_case("global-delivery-status")
                })
        })
    });
    if is_report || has_delivery_status {
        return MailKind::Bounce;
    }
    let headers: Vec<(String, &str)> = message
        .headers_raw()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    let from_address = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default();
    match automatic::classify(
        headers.iter().map(|(n, v)| (n.as_str(), *v)),
        subject,
        from_address,
    ) {
        Some(Automatic::Bounce) => return MailKind::Bounce,
        Some(Automatic::AutoReply) => return MailKind::AutoReply,
        None => {}
    }
    if has_forward {
        return MailKind::Forward;
    }
    if subject.is_empty() && message.text_body.is_empty() && message.html_body.is_empty() {
        return MailKind::Unknown;
    }
    MailKind::Reply
}

#[cfg(test)]
mod generator;
#[cfg(test)]
mod tests;
