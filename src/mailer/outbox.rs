//! Local mode's transport: each mail becomes an `.eml` file in a folder, named so that a
//! directory listing reads in sending order.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Mailer, OutgoingMail, SendError};

#[derive(Debug)]
pub struct OutboxMailer {
    dir: PathBuf,
    counter: AtomicU64,
}

impl OutboxMailer {
    /// Creates the folder if needed.
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let existing = std::fs::read_dir(&dir)?
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .count() as u64;
        Ok(Self {
            dir,
            counter: AtomicU64::new(existing),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// A file-name-safe form of an address.
fn safe(address: &str) -> String {
    address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl Mailer for OutboxMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let n = self.counter.fetch_add(1, Ordering::SeqCst) + 1;
        let to = mail.to.first().map(|a| safe(a)).unwrap_or_default();
        let id = format!("{n:05}-{to}");
        let path = self.dir.join(format!("{id}.eml"));
        // create_new: never overwrite a mail already in the outbox.
        let write = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, &mail.raw));
        write.map_err(|e| SendError::Transient(format!("{}: {e}", path.display())))?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn writes_one_file_per_mail_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        let mail = OutgoingMail {
            from: "coach@x.org".into(),
            to: vec!["sam@example.org".into()],
            raw: b"Subject: hi\r\n\r\nbody".to_vec(),
            tags: Vec::new(),
        };
        let a = outbox.send(&mail).await.unwrap();
        let b = outbox.send(&mail).await.unwrap();
        assert_eq!(a, "00001-sam_example.org");
        assert_eq!(b, "00002-sam_example.org");
        let written = std::fs::read(outbox.dir().join(format!("{b}.eml"))).unwrap();
        assert_eq!(written, mail.raw);
        // A new mailer on the same folder continues the numbering.
        let again = OutboxMailer::new(outbox.dir()).unwrap();
        assert_eq!(again.send(&mail).await.unwrap(), "00003-sam_example.org");
    }
}
