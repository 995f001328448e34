//! The port the use cases talk to: the domain's records in, the domain's records out, and the
//! outcome of a conditional write as a typed result ([`Committed::Duplicate`],
//! [`Held::Raced`]) rather than a store error to decode. Only this module touches [`Store`].

use std::sync::Arc;

use jiff::Timestamp;
use serde::de::DeserializeOwned;

use super::records::{Activity, from_item, keys};
use super::{Store, StoreError, StoreResult};
use crate::domain::feedback::{ItemStatus, MentorSettings, OpenItem};
use crate::domain::prompts::QuestionBank;
use crate::domain::{
    Decision, Email, Entry, Event, Goal, Mentorship, Pairing, Person, Scheduled, SentMail,
};

mod aliases;
mod allowance;
mod bulk;
mod changes;
mod erasure;
mod history;
mod lease;
mod pair;
mod people;
mod programme;

pub use aliases::AliasAdded;
pub use bulk::{CONCURRENT_REQUESTS, PairKeys, PairState, StoredPair};
pub use changes::Changes;
pub use history::PairHistory;
pub use lease::{Claim, Claimed, DueEntry, ScheduledAt, shards};
pub use pair::{PairRead, PairRecords};
pub use people::{BounceOutcome, Reactivation};
pub use programme::ProgrammeRecords;

/// What a batch of changes came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Committed {
    Written,
    /// Something the batch writes only once was already there (a redelivered mail, a decision
    /// already logged): nothing of the batch was written.
    Duplicate,
}

/// What a write that needs the caller's claim on a schedule item came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Held {
    Done,
    /// Another run holds the item now (our claim expired, or it was never ours): nothing written.
    Raced,
}

/// The domain's view of a store. Cheap to clone: every use case that needs the store owns one.
#[derive(Debug)]
pub struct Repo<S> {
    store: Arc<S>,
    /// How long entries are kept, in seconds after their time; `None`: as long as their pair.
    entry_retention: Option<i64>,
}

impl<S> Clone for Repo<S> {
    fn clone(&self) -> Self {
        Self {
            store: Arc::clone(&self.store),
            entry_retention: self.entry_retention,
        }
    }
}

impl<S: Store> Repo<S> {
    pub fn new(store: S) -> Self {
        Self {
            store: Arc::new(store),
            entry_retention: None,
        }
    }

    /// Entries written through this repo expire `days` after their time (the table's TTL
    /// deletes them); `None` keeps them as long as their pair.
    pub fn with_entry_retention(mut self, days: Option<u32>) -> Self {
        self.entry_retention = days.map(|days| i64::from(days) * 86_400);
        self
    }

    /// Apply `changes` atomically.
    pub async fn commit(&self, changes: Changes) -> StoreResult<Committed> {
        let writes = changes.into_writes_retaining(self.entry_retention)?;
        if writes.is_empty() {
            return Ok(Committed::Written);
        }
        match self.store.write(writes).await {
            Ok(()) => Ok(Committed::Written),
            Err(StoreError::ConditionFailed) => Ok(Committed::Duplicate),
            Err(e) => Err(e),
        }
    }

    /// Writes unconditional `changes` many at a time, in waves by `wave` (lowest first): each
    /// wave is written whole before the next starts, so a run interrupted in between leaves the
    /// later waves' records unwritten, never the earlier ones'.
    pub async fn put_all_in_waves(
        &self,
        changes: Changes,
        wave: impl Fn(&super::Item) -> u8,
    ) -> StoreResult<()> {
        let mut waves: std::collections::BTreeMap<u8, Vec<super::Item>> = Default::default();
        for item in changes.into_puts_retaining(self.entry_retention)? {
            waves.entry(wave(&item)).or_default().push(item);
        }
        for items in waves.into_values() {
            self.store.put_all(items).await?;
        }
        Ok(())
    }

    async fn get<T: DeserializeOwned>(&self, key: &super::Key) -> StoreResult<Option<T>> {
        self.store
            .get(key)
            .await?
            .map(|item| from_item(&item))
            .transpose()
    }

    /// The records of one kind (`sk` prefix) of a mentorship, in key order.
    async fn records_of<T: DeserializeOwned>(
        &self,
        mentorship_id: &str,
        sk_prefix: &str,
    ) -> StoreResult<Vec<T>> {
        self.store
            .query(&keys::mentorship_pk(mentorship_id), sk_prefix)
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    /// The adapter itself, for tests (fault injection, request counts) and local mode's own
    /// records; the use cases never reach past the port.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Replace a person's profile.
    pub async fn put_person(&self, person: &Person) -> StoreResult<()> {
        let mut changes = Changes::new();
        changes.person(person);
        let _ = self.commit(changes).await?;
        Ok(())
    }

    pub async fn person(&self, email: &Email) -> StoreResult<Option<Person>> {
        self.get(&keys::person(email)).await
    }

    pub async fn mentorship(&self, id: &str) -> StoreResult<Option<Mentorship>> {
        self.get(&keys::mentorship(id)).await
    }

    /// Every mentorship, from the pair directory (one query, paged past 1 MB), in id order.
    /// Mentorships enrolled before the directory existed appear once they are enrolled again.
    pub async fn all_mentorships(&self) -> StoreResult<Vec<Mentorship>> {
        self.store
            .query(keys::PAIR_DIRECTORY_PK, "MENTORSHIP#")
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    /// The mentorships a person is in.
    pub async fn pairings(&self, email: &Email) -> StoreResult<Vec<Pairing>> {
        self.store
            .query(&keys::person_pk(email), "MENTORSHIP#")
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    pub async fn goals(&self, mentorship_id: &str) -> StoreResult<Vec<Goal>> {
        self.records_of(mentorship_id, "GOAL#").await
    }

    /// The open items of a mentorship (action items from mentors' notes not yet closed), with
    /// their numbers, oldest first. The next reflection prompt asks the mentee about them.
    pub async fn open_items(&self, mentorship_id: &str) -> StoreResult<Vec<OpenItem>> {
        let items: Vec<OpenItem> = self.records_of(mentorship_id, "ITEM#").await?;
        // Numbered before filtering: an old item's number counts the closed ones too.
        let mut open: Vec<OpenItem> = crate::domain::feedback::numbered(items)
            .into_iter()
            .filter(OpenItem::is_open)
            .collect();
        open.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(open)
    }

    /// Every action item of a mentorship, whatever its status, in key order.
    pub async fn items(&self, mentorship_id: &str) -> StoreResult<Vec<OpenItem>> {
        self.records_of(mentorship_id, "ITEM#").await
    }

    /// Every item of a mentorship with its number ([`crate::domain::feedback::numbered`]), by
    /// number, and the highest number the pair ever gave (to pass back to
    /// [`Changes::item_numbers_given`] with new ones).
    pub async fn numbered_items(
        &self,
        mentorship_id: &str,
    ) -> StoreResult<(Vec<OpenItem>, Option<u32>)> {
        let items = crate::domain::feedback::numbered(self.items(mentorship_id).await?);
        let given = self
            .get::<super::records::ItemNumbers>(&keys::item_numbers(mentorship_id))
            .await?
            .and_then(|n| n.last());
        Ok((items, given))
    }

    /// Close (or reopen) an open item; `false` when there is no such item.
    pub async fn set_item_status(
        &self,
        mentorship_id: &str,
        item_id: &str,
        status: ItemStatus,
    ) -> StoreResult<bool> {
        let Some(mut item) = self
            .get::<OpenItem>(&keys::item(mentorship_id, item_id))
            .await?
        else {
            return Ok(false);
        };
        item.status = status;
        let mut changes = Changes::new();
        changes.open_item(&item);
        let _ = self.commit(changes).await?;
        Ok(true)
    }

    /// The decisions recorded for a mentorship, oldest first.
    pub async fn decisions(&self, mentorship_id: &str) -> StoreResult<Vec<Decision>> {
        self.records_of(mentorship_id, "DECISION#").await
    }

    /// The timeline events (commands, goal answers), oldest first.
    pub async fn events(&self, mentorship_id: &str) -> StoreResult<Vec<Event>> {
        self.records_of(mentorship_id, "EVENT#").await
    }

    /// Reflections and feedback, oldest first.
    pub async fn timeline(&self, mentorship_id: &str) -> StoreResult<Vec<Entry>> {
        self.records_of(mentorship_id, "ENTRY#").await
    }

    /// What was sent, oldest first.
    pub async fn sent(&self, mentorship_id: &str) -> StoreResult<Vec<SentMail>> {
        self.records_of(mentorship_id, "SENT#").await
    }

    /// The schedule items of a mentorship (what is due next, and when).
    pub async fn schedule(&self, mentorship_id: &str) -> StoreResult<Vec<Scheduled>> {
        self.records_of(mentorship_id, "SCHEDULE#").await
    }

    /// When the mentee last replied, if ever.
    pub async fn last_reply(&self, mentorship_id: &str) -> StoreResult<Option<Timestamp>> {
        Ok(self
            .get::<Activity>(&keys::activity(mentorship_id))
            .await?
            .map(|a| a.last_reply_at))
    }

    /// Whether the inbound message `message_id` was recorded (its dedupe marker is there).
    pub async fn seen(&self, message_id: &str) -> StoreResult<bool> {
        Ok(self
            .store
            .get(&keys::inbound_seen(message_id))
            .await?
            .is_some())
    }

    /// The question bank every programme without its own uses, if an admin replaced the
    /// built-in one.
    pub async fn question_bank(&self) -> StoreResult<Option<QuestionBank>> {
        self.get(&keys::question_bank()).await
    }

    /// One programme's own question bank, if an admin set one.
    pub async fn programme_question_bank(
        &self,
        programme: &str,
    ) -> StoreResult<Option<QuestionBank>> {
        self.get(&keys::programme_question_bank(programme)).await
    }

    /// Every programme's own question bank, by programme: one query.
    pub async fn programme_question_banks(
        &self,
    ) -> StoreResult<std::collections::BTreeMap<String, QuestionBank>> {
        let items = self
            .store
            .query(keys::PROGRAMMES_PK, keys::PROGRAMME_QUESTIONS_SK_PREFIX)
            .await?;
        items
            .iter()
            .map(|item| {
                let programme = item.key.sk[keys::PROGRAMME_QUESTIONS_SK_PREFIX.len()..].to_owned();
                from_item(item).map(|bank| (programme, bank))
            })
            .collect()
    }

    /// A mentor's preferences (defaults when never set).
    pub async fn mentor_settings(&self, email: &Email) -> StoreResult<MentorSettings> {
        Ok(self
            .get(&keys::person_settings(email))
            .await?
            .unwrap_or_default())
    }
}
