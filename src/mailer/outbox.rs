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
        // Number on from the highest mail there (not their count: an erasure removes mails
        // from the middle, and a count would name the next mail like one still there).
        let highest = std::fs::read_dir(&dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|path| path.extension().is_some_and(|x| x == "eml"))
            .filter_map(|path| {
                let stem = path.file_stem()?.to_str()?.to_owned();
                stem.split('-').next()?.parse::<u64>().ok()
            })
            .max()
            .unwrap_or(0);
        Ok(Self {
            dir,
            counter: AtomicU64::new(highest),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Delete every mail of the outbox that mentions `address` (to them, or about them; ASCII
    /// case ignored), for an erasure; returns how many.
    pub fn remove_mails_mentioning(&self, address: &str) -> std::io::Result<usize> {
        let needle = address.to_ascii_lowercase().into_bytes();
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().is_none_or(|x| x != "eml") {
                continue;
            }
            let text = std::fs::read(&path)?.to_ascii_lowercase();
            if !needle.is_empty() && text.windows(needle.len()).any(|w| w == needle) {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
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

    #[tokio::test]
    async fn an_erasure_removes_the_mails_mentioning_an_address_and_numbering_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
        let to = |who: &str, body: &str| OutgoingMail {
            from: "coach@x.org".into(),
            to: vec![who.into()],
            raw: format!("To: {who}\r\n\r\n{body}").into_bytes(),
            tags: Vec::new(),
        };
        outbox.send(&to("sam@example.org", "hi")).await.unwrap();
        outbox
            .send(&to("ana@example.org", "about Sam@Example.org"))
            .await
            .unwrap();
        outbox.send(&to("ana@example.org", "hi")).await.unwrap();
        assert_eq!(
            outbox.remove_mails_mentioning("sam@example.org").unwrap(),
            2
        );
        let again = OutboxMailer::new(outbox.dir()).unwrap();
        assert_eq!(
            again.send(&to("ana@example.org", "x")).await.unwrap(),
            "00004-ana_example.org"
        );
    }
}
