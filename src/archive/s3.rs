//! The production archive: objects in the raw-mail bucket under a prefix that the bucket's
//! lifecycle rule does not expire (`archive/`), encrypted like the rest of the bucket.

use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::primitives::ByteStream;

use super::{Archive, ArchiveError, is_plain_name};

#[derive(Debug, Clone)]
pub struct S3Archive {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
    /// Key prefix, e.g. `archive/`.
    pub prefix: String,
}

impl S3Archive {
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

    fn location(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// The object key of a location this archive returned, if it is one.
    fn key_of(&self, location: &str) -> Result<String, ArchiveError> {
        location
            .strip_prefix(&format!("s3://{}/{}", self.bucket, self.prefix))
            .filter(|name| is_plain_name(name))
            .map(|name| format!("{}{name}", self.prefix))
            .ok_or_else(|| ArchiveError::InvalidName(location.to_string()))
    }
}

impl Archive for S3Archive {
    async fn keep(&self, name: &str, bytes: Vec<u8>) -> Result<String, ArchiveError> {
        if !is_plain_name(name) {
            return Err(ArchiveError::InvalidName(name.to_string()));
        }
        let key = format!("{}{name}", self.prefix);
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(&key)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| ArchiveError::Backend(DisplayErrorContext(&e).to_string()))?;
        Ok(self.location(&key))
    }

    fn location_of(&self, name: &str) -> Result<String, ArchiveError> {
        if !is_plain_name(name) {
            return Err(ArchiveError::InvalidName(name.to_string()));
        }
        Ok(self.location(&format!("{}{name}", self.prefix)))
    }

    async fn remove(&self, location: &str) -> Result<(), ArchiveError> {
        let key = self.key_of(location)?;
        // S3 answers a delete of a missing key with success, as the port asks.
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| ArchiveError::Backend(DisplayErrorContext(&e).to_string()))?;
        Ok(())
    }

    async fn read(&self, location: &str) -> Result<Vec<u8>, ArchiveError> {
        let key = self.key_of(location)?;
        let response = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| match &e {
                SdkError::ServiceError(failure)
                    if matches!(failure.err(), GetObjectError::NoSuchKey(_)) =>
                {
                    ArchiveError::Backend(format!("no object at {location}"))
                }
                _ => ArchiveError::Backend(DisplayErrorContext(&e).to_string()),
            })?;
        let bytes = response
            .body
            .collect()
            .await
            .map_err(|e| ArchiveError::Backend(e.to_string()))?;
        Ok(bytes.into_bytes().to_vec())
    }
}
