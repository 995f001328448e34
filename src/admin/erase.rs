//! A data-protection request: erase everything stored about a person. Their profile,
//! preferences and pairing index; every pair they are in, as mentor or mentee, with all the
//! pair's records (the whole partition), its copy in the pair directory and the partner's side
//! of the pairing index; the dedupe markers of the pair's inbound mails; the archive's copies
//! (cut entries, unrecorded mail, files attached to entries) and the raw mails in the inbound
//! bucket. The partner's own profile stays: it is theirs.
//!
//! The pairs are found through the pairing index and each pair's records by one query of its
//! partition: no table scan. What is outside the application's reach (backups, logs) is listed
//! in docs/deploy.md.

use std::collections::BTreeSet;

use serde::Serialize;

use super::batches::Batches;
use super::export::DataRequestError;
use crate::archive::Archive;
use crate::domain::ids::message_key;
use crate::domain::{Email, Role};
use crate::raw_mail::{RawMailRemover, is_plain_token};
use crate::store::records::keys;
use crate::store::repo::Repo;
use crate::store::{Key, Store};

/// What an erasure deletes; [`erase`] carries it out.
#[derive(Debug, Clone, Serialize)]
pub struct ErasePlan {
    pub email: Email,
    /// Items of the person's own partition (profile, preferences, pairing index).
    pub person_items: usize,
    pub pairs: Vec<PairErasure>,
    /// Inbound mails of their pairs (SES message ids): the raw mail in the bucket, the dedupe
    /// marker and any unrecorded copy in the archive go.
    pub messages: Vec<String>,
    /// Archive locations to clear (the whole texts of cut entries, unrecorded mails, files
    /// attached to entries): where the pairs' mails may have left a copy; most hold nothing.
    pub archived: Vec<String>,
    /// Every table key to delete, in the order of deletion.
    #[serde(skip)]
    keys: Vec<Key>,
}

/// One pair of the person, to delete whole.
#[derive(Debug, Clone, Serialize)]
pub struct PairErasure {
    pub mentorship_id: String,
    pub role: Role,
    pub with: Email,
    /// Items of the pair's partition (mentorship, entries, goals, items, schedule, mail
    /// sent, events, decisions, activity, context...).
    pub items: usize,
}

impl ErasePlan {
    /// Whether nothing is stored about the person.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.archived.is_empty()
    }

    /// How many table items the erasure deletes.
    pub fn table_items(&self) -> usize {
        self.keys.len()
    }
}

/// What [`erase`] deleted.
#[derive(Debug, Clone, Serialize)]
pub struct Erased {
    pub table_items: usize,
    pub raw_mails: usize,
    pub archived: usize,
}

/// Find everything stored about `email`; deletes nothing.
pub async fn plan_erasure<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    email: &str,
) -> Result<ErasePlan, DataRequestError> {
    let email = Email::parse(email)?;
    let mut keys_to_delete = Vec::new();
    let mut pairs = Vec::new();
    let mut messages = BTreeSet::new();
    let mut archived = BTreeSet::new();
    for pairing in repo.pairings(&email).await? {
        let id = &pairing.mentorship_id;
        for entry in repo.timeline(id).await? {
            if let Some(overflow) = &entry.overflow {
                archived.insert(overflow.location.clone());
            }
            // The files kept with the entry (`domain::attachment`).
            for attachment in &entry.attachments {
                archived.insert(archive.location_of(&attachment.key)?);
            }
            // Where a cut entry is kept even when the record lost its link (a retried write).
            archived.insert(
                archive.location_of(&format!("entries/{}.json", message_key(&entry.message_id)))?,
            );
            messages.insert(entry.message_id);
        }
        for event in repo.events(id).await? {
            if !event.message_id.is_empty() {
                messages.insert(event.message_id);
            }
        }
        let partition = repo.pair_partition_keys(id).await?;
        pairs.push(PairErasure {
            mentorship_id: id.clone(),
            role: pairing.role,
            with: pairing.with.clone(),
            items: partition.len(),
        });
        keys_to_delete.extend(partition);
        keys_to_delete.push(keys::pair_directory(id));
        keys_to_delete.push(keys::pairing(&pairing.with, id));
    }
    for message_id in &messages {
        if repo.seen(message_id).await? {
            keys_to_delete.push(keys::inbound_seen(message_id));
        }
        if is_plain_token(message_id) {
            archived.insert(archive.location_of(&format!("unrecorded/{message_id}.eml"))?);
        }
    }
    // Their extra addresses' lookups, before the partition that lists them.
    for alias in repo.aliases(&email).await? {
        keys_to_delete.push(keys::alias_of(&alias));
    }
    // The person's own partition last: its pairing index is how a cut-short erasure, run
    // again, finds the pairs still to delete.
    let person = repo.person_partition_keys(&email).await?;
    let person_items = person.len();
    keys_to_delete.extend(person);
    Ok(ErasePlan {
        email,
        person_items,
        pairs,
        messages: messages.into_iter().collect(),
        archived: archived.into_iter().collect(),
        keys: keys_to_delete,
    })
}

/// Delete what `plan` found: the raw mails and archive objects first, then the table items (the
/// pairs' partitions, their listings, the person's partition), then make the deletions final in
/// the store's files. Safe to run again after a failure: what is gone stays gone, and what
/// remains is found again by a new plan.
pub async fn erase<S: Store, A: Archive, R: RawMailRemover>(
    repo: &Repo<S>,
    archive: &A,
    raw_mail: &R,
    plan: &ErasePlan,
) -> Result<Erased, DataRequestError> {
    let mut raw_mails = 0;
    for message_id in plan.messages.iter().filter(|id| is_plain_token(id)) {
        raw_mail.remove(message_id).await?;
        raw_mails += 1;
    }
    for location in &plan.archived {
        archive.remove(location).await?;
    }
    let mut batches = Batches::new();
    for key in &plan.keys {
        batches.add(|c| {
            c.erase(key.clone());
        });
    }
    batches.commit(repo).await?;
    repo.compact().await?;
    Ok(Erased {
        table_items: plan.keys.len(),
        raw_mails,
        archived: plan.archived.len(),
    })
}
