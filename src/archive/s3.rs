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

/// `Content-Disposition` of a kept file: always a download, with an ASCII fallback name and the
/// exact name in RFC 5987 form.
pub fn download_disposition(download_name: &str) -> String {
    let ascii: String = download_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = download_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

impl Archive for S3Archive {
    async fn keep_file(
        &self,
        name: &str,
        bytes: Vec<u8>,
        content_type: &str,
        download_name: &str,
    ) -> Result<String, ArchiveError> {
        if !is_plain_name(name) {
            return Err(ArchiveError::InvalidName(name.to_string()));
        }
        let key = format!("{}{name}", self.prefix);
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(&key)
            .content_type(content_type)
            .content_disposition(download_disposition(download_name))
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| ArchiveError::Backend(DisplayErrorContext(&e).to_string()))?;
        Ok(self.location(&key))
    }

    async fn link(
        &self,
        location: &str,
        valid: std::time::Duration,
    ) -> Result<String, ArchiveError> {
        let key = self.key_of(location)?;
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(valid)
            .map_err(|e| ArchiveError::Backend(e.to_string()))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .presigned(config)
            .await
            .map_err(|e| ArchiveError::Backend(DisplayErrorContext(&e).to_string()))?;
        Ok(request.uri().to_string())
    }

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
