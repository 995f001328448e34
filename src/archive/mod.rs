//! Where mail and records are kept beyond the table, behind one small trait: the whole of an
//! entry too large for its record (`domain::entry_fit`), and the raw mail of a message that could
//! not be recorded at all, so that it outlives the raw-mail bucket's expiry and can be replayed.
//! [`s3::S3Archive`] in production (the raw-mail bucket, under a prefix that does not expire);
//! [`folder::FolderArchive`] in local mode (a folder beside the database, as the outbox folder
//! stands for SES).

use std::future::Future;

#[cfg(feature = "local")]
pub mod folder;
#[cfg(feature = "aws")]
pub mod s3;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The name is not a plain token plus an extension; it could address other objects.
    #[error("invalid archive name {0:?}")]
    InvalidName(String),
    #[error("no archive is configured (set MENTORMAIL_BUCKET)")]
    NotConfigured,
    #[error("archive backend: {0}")]
    Backend(String),
}

/// The archive port: keep bytes under a name, and read them back by the location it returned.
pub trait Archive: Send + Sync {
    /// Keep `bytes` as `name` (`<kind>/<token>.<ext>`); keeping the same name again replaces it,
    /// so a retried delivery keeps one copy. Returns where it was kept.
    fn keep(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send;

    /// The bytes at a location [`keep`](Self::keep) returned.
    fn read(&self, location: &str) -> impl Future<Output = Result<Vec<u8>, ArchiveError>> + Send;

    /// Keep a person's file as [`keep`](Self::keep) does, stored as `content_type` and, where
    /// the backend serves it, offered only as a download named `download_name` (never shown
    /// inline by a browser).
    fn keep_file(
        &self,
        name: &str,
        bytes: Vec<u8>,
        content_type: &str,
        download_name: &str,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send {
        let _ = (content_type, download_name);
        self.keep(name, bytes)
    }

    /// A link that opens what is at `location` for `valid`: a pre-signed URL in S3, the path
    /// itself in a local folder.
    fn link(
        &self,
        location: &str,
        valid: std::time::Duration,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send {
        let _ = valid;
        let location = location.to_string();
        async move { Ok(location) }
    }

    /// The location [`keep`](Self::keep) returns for `name`, whether or not it was kept: how an
    /// erasure finds what a message may have left (`unrecorded/<messageId>.eml`).
    fn location_of(&self, name: &str) -> Result<String, ArchiveError>;

    /// Delete what is kept at `location`; a location holding nothing is not an error.
    fn remove(&self, location: &str) -> impl Future<Output = Result<(), ArchiveError>> + Send;
}

impl<A: Archive> Archive for &A {
    fn keep(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send {
        (**self).keep(name, bytes)
    }

    fn read(&self, location: &str) -> impl Future<Output = Result<Vec<u8>, ArchiveError>> + Send {
        (**self).read(location)
    }

    fn location_of(&self, name: &str) -> Result<String, ArchiveError> {
        (**self).location_of(name)
    }

    fn keep_file(
        &self,
        name: &str,
        bytes: Vec<u8>,
        content_type: &str,
        download_name: &str,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send {
        (**self).keep_file(name, bytes, content_type, download_name)
    }

    fn link(
        &self,
        location: &str,
        valid: std::time::Duration,
    ) -> impl Future<Output = Result<String, ArchiveError>> + Send {
        (**self).link(location, valid)
    }

    fn remove(&self, location: &str) -> impl Future<Output = Result<(), ArchiveError>> + Send {
        (**self).remove(location)
    }
}

/// An archive that may not be configured (the CLI in AWS mode without `MENTORMAIL_BUCKET`): only
/// a mail that needs it fails, with [`ArchiveError::NotConfigured`].
impl<A: Archive> Archive for Option<A> {
    async fn keep(&self, name: &str, bytes: Vec<u8>) -> Result<String, ArchiveError> {
        match self {
            Some(archive) => archive.keep(name, bytes).await,
            None => Err(ArchiveError::NotConfigured),
        }
    }

    async fn read(&self, location: &str) -> Result<Vec<u8>, ArchiveError> {
        match self {
            Some(archive) => archive.read(location).await,
            None => Err(ArchiveError::NotConfigured),
        }
    }

    fn location_of(&self, name: &str) -> Result<String, ArchiveError> {
        match self {
            Some(archive) => archive.location_of(name),
            None => Err(ArchiveError::NotConfigured),
        }
    }

    async fn keep_file(
        &self,
        name: &str,
        bytes: Vec<u8>,
        content_type: &str,
        download_name: &str,
    ) -> Result<String, ArchiveError> {
        match self {
            Some(archive) => {
                archive
                    .keep_file(name, bytes, content_type, download_name)
                    .await
            }
            None => Err(ArchiveError::NotConfigured),
        }
    }

    async fn link(
        &self,
        location: &str,
        valid: std::time::Duration,
    ) -> Result<String, ArchiveError> {
        match self {
            Some(archive) => archive.link(location, valid).await,
            None => Err(ArchiveError::NotConfigured),
        }
    }

    async fn remove(&self, location: &str) -> Result<(), ArchiveError> {
        match self {
            Some(archive) => archive.remove(location).await,
            None => Err(ArchiveError::NotConfigured),
        }
    }
}

/// No archive: every use fails with [`ArchiveError::NotConfigured`]. For views that only show
/// where files would be (the timeline without a backend to link through).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoArchive;

impl Archive for NoArchive {
    async fn keep(&self, _name: &str, _bytes: Vec<u8>) -> Result<String, ArchiveError> {
        Err(ArchiveError::NotConfigured)
    }

    async fn read(&self, _location: &str) -> Result<Vec<u8>, ArchiveError> {
        Err(ArchiveError::NotConfigured)
    }

    fn location_of(&self, _name: &str) -> Result<String, ArchiveError> {
        Err(ArchiveError::NotConfigured)
    }

    async fn remove(&self, _location: &str) -> Result<(), ArchiveError> {
        Err(ArchiveError::NotConfigured)
    }
}

/// Names are `<kind>/<token>.<ext>` with a lowercase kind, a plain token (letters, digits, `-`,
/// `_`) and a short extension: nothing that could climb out of the archive's folder or prefix.
pub fn is_plain_name(name: &str) -> bool {
    let Some((kind, file)) = name.split_once('/') else {
        return false;
    };
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return false;
    };
    !kind.is_empty()
        && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && crate::raw_mail::is_plain_token(stem)
        && (1..=8).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::is_plain_name;

    #[test]
    fn names_stay_inside_the_archive() {
        // Attachments are named by the pure core; the archive must accept its names.
        let attachment = crate::domain::attachment::storage_name("abc123", 2, "pdf");
        assert!(is_plain_name(&attachment), "{attachment}");
        assert!(is_plain_name("entries/abc-123.json"));
        assert!(is_plain_name("unrecorded/0100018c2f6a.eml"));
        for bad in [
            "",
            "abc.json",
            "../x/y.json",
            "entries/../../etc.json",
            "entries/a/b.json",
            "Entries/a.json",
            "entries/.json",
            "entries/a.",
            "entries/a b.json",
            "entries/a.j/s",
        ] {
            assert!(!is_plain_name(bad), "{bad:?} accepted");
        }
    }
}
