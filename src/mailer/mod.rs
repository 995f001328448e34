//! Sending mail behind one small trait: [`ses::SesMailer`] (SES v2, raw MIME) in production,
//! [`outbox::OutboxMailer`] (a folder of `.eml` files) in local mode.

use std::future::Future;

pub mod outbox;
pub mod paced;
#[cfg(feature = "aws")]
pub mod ses;
pub mod ses_errors;

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

/// Why a send failed, in what it means for the programme: whom it concerns and what to do.
/// Only [`SendError::RecipientRefused`] says anything about a person; every other failure marks
/// no one. SES's own errors are sorted into these in [`ses_errors`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The provider refused this one recipient for good (an address on a suppression list, an
    /// address it cannot send to): mark that person bouncing; nobody else is concerned.
    #[error("recipient refused: {0}")]
    RecipientRefused(String),
    /// The provider asked us to slow down: retry with back-off, then leave the item for a later
    /// run.
    #[error("throttled: {0}")]
    Throttled(String),
    /// Failed for now (network, timeout, a provider's 5xx): the item is released and sent by a
    /// later run.
    #[error("send failed for now: {0}")]
    Transient(String),
    /// Sending itself is broken or stopped (sender identity or MAIL FROM domain not verified,
    /// sandbox, account paused or suspended, configuration set missing, quota used up, access
    /// denied): no send can succeed until an admin acts. The item is released, the run stops and
    /// fails so that the alarm fires.
    #[error("sending misconfigured or stopped: {0}")]
    Configuration(String),
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
