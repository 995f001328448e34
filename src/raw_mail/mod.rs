//! Where inbound raw mail comes from, behind one small trait: [`s3::S3RawMail`] in production
//! (the bucket the SES receipt rule writes to). Local mode reads `.eml` files directly.

use std::future::Future;

#[cfg(feature = "aws")]
pub mod s3;

/// SES accepts messages up to 40 MB (after encoding); anything larger in the bucket was not put
/// there by SES, and reading it would only risk the Lambda's memory.
pub const MAX_RAW_MAIL_BYTES: u64 = 40 * 1024 * 1024;

/// SES message ids are short runs of letters, digits and hyphens; allow some room, but no more.
const MAX_MESSAGE_ID_LEN: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The message id is not a plain token, so it could address keys outside the prefix.
    #[error("invalid message id {0:?}: expected letters, digits, '-' or '_'")]
    InvalidMessageId(String),
    #[error("no raw mail at s3://{bucket}/{key}")]
    NotFound { bucket: String, key: String },
    #[error("raw mail at s3://{bucket}/{key} is larger than {limit} bytes")]
    TooLarge {
        bucket: String,
        key: String,
        limit: u64,
    },
    #[error("reading s3://{bucket}/{key}: {message}")]
    Backend {
        bucket: String,
        key: String,
        message: String,
    },
}

/// Whether `message_id` is a plain token (letters, digits, `-`, `_`) of sensible length, so that
/// `prefix + message_id` can only name an object directly under the prefix.
pub fn is_plain_token(message_id: &str) -> bool {
    !message_id.is_empty()
        && message_id.len() <= MAX_MESSAGE_ID_LEN
        && message_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The raw-mail port: the MIME bytes of a received message by its SES message id.
pub trait RawMailSource: Send + Sync {
    fn fetch(&self, message_id: &str) -> impl Future<Output = Result<Vec<u8>, SourceError>> + Send;
}

/// Deleting raw mail: an erasure takes the mails a person sent (or that were about them) out of
/// the bucket, as their records go.
pub trait RawMailRemover: Send + Sync {
    /// Delete the raw mail of `message_id`; a message that is not there (expired, never stored)
    /// is not an error.
    fn remove(&self, message_id: &str) -> impl Future<Output = Result<(), SourceError>> + Send;
}

/// Local mode keeps no raw mail of its own (the `.eml` files given to `ingest` are the admin's
/// files, wherever they keep them): nothing to delete.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRawMail;

impl RawMailRemover for NoRawMail {
    async fn remove(&self, message_id: &str) -> Result<(), SourceError> {
        if is_plain_token(message_id) {
            Ok(())
        } else {
            Err(SourceError::InvalidMessageId(message_id.to_owned()))
        }
    }
}
