//! Sending mail behind one small trait: [`ses::SesMailer`] (SES v2, raw MIME) in production,
//! [`outbox::OutboxMailer`] (a folder of `.eml` files) in local mode.

use std::future::Future;

pub mod outbox;
pub mod paced;
#[cfg(feature = "aws")]
pub mod ses;

/// A rendered mail ready to hand to a transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Envelope sender (the verified identity), a bare address.
    pub from: String,
    /// Envelope recipients, bare addresses.
    pub to: Vec<String>,
    /// The complete RFC 5322 message, 7-bit clean.
    pub raw: Vec<u8>,
    /// Provider message tags (name, value): SES echoes them in its events.
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The provider asked us to slow down; retry later with back-off.
    #[error("throttled: {0}")]
    Throttled(String),
    /// The provider refused this message for good (bad or suppressed recipient, rejected
    /// content); do not retry, mark the recipient.
    #[error("rejected: {0}")]
    Rejected(String),
    /// Anything else (network, configuration); the item is retried on a later run.
    #[error("send failed: {0}")]
    Failed(String),
}

pub trait Mailer: Send + Sync {
    /// Send one mail; returns the provider's message id.
    fn send(&self, mail: &OutgoingMail) -> impl Future<Output = Result<String, SendError>> + Send;
}

/// A borrowed mailer is a mailer: one mailer can serve several use cases.
impl<M: Mailer + ?Sized> Mailer for &M {
    fn send(&self, mail: &OutgoingMail) -> impl Future<Output = Result<String, SendError>> + Send {
        (**self).send(mail)
    }
}
