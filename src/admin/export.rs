//! A data-protection request: everything stored about a person as one document. Their profile
//! and preferences, and for every pair they are in (as mentor or mentee) the pair's records:
//! the reflections and feedback, goals, action items, decisions, the mail sent, the events and
//! the schedule, with the whole text of any entry that was cut for its record (kept in the
//! archive). The pairs are found through the pairing index, each pair's records by one query of
//! its partition: no table scan.

use jiff::Timestamp;
use serde::Serialize;

use crate::archive::{Archive, ArchiveError};
use crate::domain::feedback::{MentorSettings, OpenItem};
use crate::domain::{
    Decision, Email, Entry, Event, Goal, Mentorship, Pairing, Person, Scheduled, SentMail,
};
use crate::raw_mail::SourceError;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DataRequestError {
    #[error(transparent)]
    NotAnEmail(#[from] crate::domain::email::NotAnEmail),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("archive: {0}")]
    Archive(#[from] ArchiveError),
    #[error("raw mail: {0}")]
    RawMail(#[from] SourceError),
}

/// Everything stored about one person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExport {
    pub email: Email,
    pub exported_at: Timestamp,
    /// `None` when no profile is stored (never enrolled, or erased).
    pub profile: Option<Person>,
    /// Their preferences as a mentor (the defaults when never set), with a profile only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor_settings: Option<MentorSettings>,
    /// Their extra addresses (`person alias`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Email>,
    /// Each pair they are in, as mentor or mentee, with its records.
    pub pairings: Vec<PairExport>,
}

impl PersonExport {
    /// Whether nothing at all is stored about the person.
    pub fn is_empty(&self) -> bool {
        self.profile.is_none() && self.pairings.is_empty() && self.aliases.is_empty()
    }
}

/// One pair of the person, with all its records.
#[derive(Debug, Clone, Serialize)]
pub struct PairExport {
    #[serde(flatten)]
    pub pairing: Pairing,
    pub mentorship: Option<Mentorship>,
    /// Reflections (the mentee's) and feedback (the mentor's), oldest first.
    pub entries: Vec<Entry>,
    /// The whole of each entry that was cut for its record, read from the archive.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub archived_entries: Vec<ArchivedEntry>,
    /// The files kept with the entries (images, documents), where the archive keeps them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ExportedFile>,
    pub goals: Vec<Goal>,
    pub action_items: Vec<OpenItem>,
    pub decisions: Vec<Decision>,
    pub mails_sent: Vec<SentMail>,
    pub events: Vec<Event>,
    pub schedule: Vec<Scheduled>,
}

/// A file kept with an entry.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    pub message_id: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Where the archive keeps it (`s3://bucket/key`, or a path in local mode).
    pub location: String,
}

/// The whole of a cut entry, as the archive keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivedEntry {
    pub message_id: String,
    pub location: String,
    /// The entry as kept (JSON); `None` when it could not be read (see `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Everything stored about `email` (see the module's documentation).
pub async fn export_person<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    email: &str,
    now: Timestamp,
) -> Result<PersonExport, DataRequestError> {
    let email = Email::parse(email)?;
    let profile = repo.person(&email).await?;
    let mentor_settings = match profile {
        Some(_) => Some(repo.mentor_settings(&email).await?),
        None => None,
    };
    let aliases = repo.aliases(&email).await?;
    let mut pairings = Vec::new();
    for pairing in repo.pairings(&email).await? {
        pairings.push(export_pair(repo, archive, pairing).await?);
    }
    Ok(PersonExport {
        email,
        exported_at: now,
        profile,
        mentor_settings,
        aliases,
        pairings,
    })
}

async fn export_pair<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    pairing: Pairing,
) -> Result<PairExport, DataRequestError> {
    let id = pairing.mentorship_id.clone();
    let entries = repo.timeline(&id).await?;
    let mut archived_entries = Vec::new();
    for entry in &entries {
        let Some(overflow) = &entry.overflow else {
            continue;
        };
        let read = archive.read(&overflow.location).await.and_then(|bytes| {
            serde_json::from_slice(&bytes).map_err(|e| ArchiveError::Backend(e.to_string()))
        });
        let (whole, error) = match read {
            Ok(whole) => (Some(whole), None),
            Err(e) => (None, Some(e.to_string())),
        };
        archived_entries.push(ArchivedEntry {
            message_id: entry.message_id.clone(),
            location: overflow.location.clone(),
            entry: whole,
            error,
        });
    }
    let mut files = Vec::new();
    for entry in &entries {
        for a in &entry.attachments {
            files.push(ExportedFile {
                message_id: entry.message_id.clone(),
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                size: a.size,
                location: archive.location_of(&a.key)?,
            });
        }
    }
    Ok(PairExport {
        mentorship: repo.mentorship(&id).await?,
        files,
        goals: repo.goals(&id).await?,
        action_items: repo.items(&id).await?,
        decisions: repo.decisions(&id).await?,
        mails_sent: repo.sent(&id).await?,
        events: repo.events(&id).await?,
        schedule: repo.schedule(&id).await?,
        entries,
        archived_entries,
        pairing,
    })
}
