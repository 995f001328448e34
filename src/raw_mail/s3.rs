//! The production raw-mail source: the SES receipt rule's S3 action stores each message at
//! `s3://<bucket>/<prefix><SES messageId>`; the inbound Lambda reads it back here.

use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;

use super::{MAX_RAW_MAIL_BYTES, RawMailRemover, RawMailSource, SourceError, is_plain_token};

/// The raw-mail bucket written by the SES receipt rule.
#[derive(Debug, Clone)]
pub struct S3RawMail {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
    /// Key prefix of the receipt rule's S3 action, e.g. `inbound/`.
    pub prefix: String,
}

impl S3RawMail {
    pub fn new(
        client: aws_sdk_s3::Client,
        bucket: impl Into<String>,
        prefix: impl Into<String>,
    ) -> Self {
        Self {
            client,
            bucket: bucket.into(),
            prefix: prefix.into(),
        }
    }

    /// The object key of a message id, or an error if the id is not a plain token.
    pub fn key_for(&self, message_id: &str) -> Result<String, SourceError> {
        if is_plain_token(message_id) {
            Ok(format!("{}{}", self.prefix, message_id))
        } else {
            Err(SourceError::InvalidMessageId(message_id.to_owned()))
        }
    }

    /// The raw MIME bytes of the message SES stored under `message_id`, at most
    /// [`MAX_RAW_MAIL_BYTES`].
    pub async fn fetch(&self, message_id: &str) -> Result<Vec<u8>, SourceError> {
        self.fetch_capped(message_id, MAX_RAW_MAIL_BYTES).await
    }

    /// Like [`fetch`](Self::fetch) with an explicit size limit in bytes.
    pub async fn fetch_capped(&self, message_id: &str, limit: u64) -> Result<Vec<u8>, SourceError> {
        let key = self.key_for(message_id)?;
        let backend = |message: String| SourceError::Backend {
            bucket: self.bucket.clone(),
            key: key.clone(),
            message,
        };
        let too_large = || SourceError::TooLarge {
            bucket: self.bucket.clone(),
            key: key.clone(),
            limit,
        };

        let response = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await
        {
            Ok(response) => response,
            Err(SdkError::ServiceError(failure))
                if matches!(failure.err(), GetObjectError::NoSuchKey(_)) =>
            {
                return Err(SourceError::NotFound {
                    bucket: self.bucket.clone(),
                    key,
                });
            }
            Err(other) => return Err(backend(DisplayErrorContext(&other).to_string())),
        };

        // Refuse early when the object announces its size; count anyway, since the header is
        // only a claim.
        let announced = response
            .content_length()
            .and_then(|n| u64::try_from(n).ok());
        if announced.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let capacity = announced.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
        let mut raw = Vec::with_capacity(capacity);
        let mut body = response.body;
        while let Some(chunk) = body
            .try_next()
            .await
            .map_err(|e| backend(DisplayErrorContext(&e).to_string()))?
        {
            if (raw.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            raw.extend_from_slice(&chunk);
        }
        Ok(raw)
    }
}

impl RawMailSource for S3RawMail {
    async fn fetch(&self, message_id: &str) -> Result<Vec<u8>, SourceError> {
        S3RawMail::fetch(self, message_id).await
    }
}

impl RawMailRemover for S3RawMail {
    async fn remove(&self, message_id: &str) -> Result<(), SourceError> {
        let key = self.key_for(message_id)?;
        // S3 answers a delete of a missing key with success, as the port asks.
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| SourceError::Backend {
                bucket: self.bucket.clone(),
                key: key.clone(),
                message: DisplayErrorContext(&e).to_string(),
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_token;

    #[test]
    fn ses_message_ids_are_plain_tokens() {
        assert!(is_plain_token(
            "0100018c2f6a2b3e-5d1c1f2a-8e0b-4c3d-9a7b-1f2e3d4c5b6a-000000"
        ));
        assert!(is_plain_token("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g81"));
    }

    #[test]
    fn crafted_ids_are_not_plain_tokens() {
        for crafted in [
            "",
            "../secret",
            "a/b",
            "inbound/../x",
            "id with space",
            "id\n",
            "%2e%2e",
            "ümlaut",
            "a.b",
        ] {
            assert!(!is_plain_token(crafted), "{crafted:?} accepted");
        }
        assert!(!is_plain_token(&"a".repeat(257)));
        assert!(is_plain_token(&"a".repeat(256)));
    }
}
