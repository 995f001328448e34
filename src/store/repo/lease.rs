//! The lease protocol on schedule items, as the store sees it.
//!
//! A schedule item sits in the sparse `due` index at its due time. A run claims it with a
//! conditional write that moves it to `now + lease`, so that no other run takes it; every later
//! write about the item (complete, release, defer, drop) holds only while the item is still where
//! the claim put it. A run that dies loses nothing: when the lease expires the item is due again.

use jiff::Timestamp;

use super::super::records::{
    all_shards, due_at, due_upto, from_item, keys, scheduled_item, sent_key, to_item,
};
use super::super::{Condition, Due, Item, Key, Store, StoreError, StoreResult, Write};
use super::{Held, Repo};
use crate::domain::time::key_time;
use crate::domain::{Scheduled, SentMail};

/// An item found in the due index.
#[derive(Debug)]
pub struct DueEntry {
    pub key: Key,
    /// Its place in the index when read.
    pub due: Option<Due>,
    /// The item, or why it could not be read.
    pub scheduled: StoreResult<Scheduled>,
}

impl DueEntry {
    pub(super) fn of(item: Item) -> Self {
        DueEntry {
            scheduled: from_item(&item),
            key: item.key,
            due: item.due,
        }
    }
}

/// A due item this run holds until its lease: its place in the index moved from `due` (where it
/// goes back to if the send fails for now) to `lease`.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub key: Key,
    pub scheduled: Scheduled,
    pub due: Due,
    pub lease: Due,
}

/// What a claim came to.
#[derive(Debug)]
pub enum Claim {
    Held(Box<Claimed>),
    /// Another run was first.
    Raced,
    /// The item could not be read; it has left the index (`false`: another run moved it first).
    Unreadable {
        error: StoreError,
        dropped: bool,
    },
    /// Not in the index any more.
    Gone,
}

/// A schedule item as read, with the place in the index it had then.
#[derive(Debug, Clone)]
pub struct ScheduledAt {
    pub scheduled: Scheduled,
    due: Option<Due>,
}

impl ScheduledAt {
    /// A run holds it right now (its place in the index is not its due time): moving it would
    /// undo that run's claim.
    pub fn is_claimed(&self) -> bool {
        match &self.due {
            Some(due) => !due.at.starts_with(&key_time(self.scheduled.due_at)),
            None => true,
        }
    }
}

/// The names of the due index's shards; a run queries each.
pub fn shards() -> impl Iterator<Item = String> {
    all_shards()
}

impl<S: Store> Repo<S> {
    /// Items of one due shard due at or before `now`, oldest first, at most `limit`.
    pub async fn due_page(
        &self,
        shard: &str,
        now: Timestamp,
        limit: usize,
    ) -> StoreResult<Vec<DueEntry>> {
        Ok(self
            .store
            .query_due(shard, &due_upto(now), limit)
            .await?
            .into_iter()
            .map(DueEntry::of)
            .collect())
    }

    /// Move an item within the index (`None`: out of it), only while it is at `from`.
    async fn move_in_index(&self, key: &Key, from: &str, to: Option<Due>) -> StoreResult<Held> {
        match self
            .store
            .write(vec![Write::SetDue {
                key: key.clone(),
                due: to,
                condition: Condition::DueIs(from.to_string()),
            }])
            .await
        {
            Ok(()) => Ok(Held::Done),
            Err(StoreError::ConditionFailed) => Ok(Held::Raced),
            Err(e) => Err(e),
        }
    }

    /// Claim a due item until `lease_until`. An unreadable item leaves the index instead.
    pub async fn claim(&self, entry: DueEntry, lease_until: Timestamp) -> StoreResult<Claim> {
        let Some(due) = entry.due else {
            return Ok(Claim::Gone);
        };
        let scheduled = match entry.scheduled {
            Ok(s) => s,
            Err(error) => {
                let held = self.move_in_index(&entry.key, &due.at, None).await?;
                return Ok(Claim::Unreadable {
                    error,
                    dropped: held == Held::Done,
                });
            }
        };
        let lease = due_at(&entry.key, lease_until);
        match self
            .move_in_index(&entry.key, &due.at, Some(lease.clone()))
            .await?
        {
            Held::Done => Ok(Claim::Held(Box::new(Claimed {
                key: entry.key,
                scheduled,
                due,
                lease,
            }))),
            Held::Raced => Ok(Claim::Raced),
        }
    }

    /// Give a claimed item back to the index at its due time (its send failed for now).
    pub async fn release(&self, claimed: &Claimed) -> StoreResult<Held> {
        self.move_in_index(&claimed.key, &claimed.lease.at, Some(claimed.due.clone()))
            .await
    }

    /// Leave a claimed item unsent until `until` (the recipient's quiet hours); its due time,
    /// which the next one is computed from, stays.
    pub async fn defer(&self, claimed: &Claimed, until: Timestamp) -> StoreResult<Held> {
        let morning = due_at(&claimed.key, until);
        self.move_in_index(&claimed.key, &claimed.lease.at, Some(morning))
            .await
    }

    /// Take a claimed item out of the index for good (its pair or goal is gone).
    pub async fn drop_claimed(&self, claimed: &Claimed) -> StoreResult<Held> {
        self.move_in_index(&claimed.key, &claimed.lease.at, None)
            .await
    }

    /// Record what was sent for a claimed item and move the item on (`next`, or away when
    /// `None`), with `also` (new items), atomically and only while the claim holds.
    pub async fn complete(
        &self,
        claimed: &Claimed,
        sent: &SentMail,
        next: Option<&Scheduled>,
        also: &[Scheduled],
    ) -> StoreResult<Held> {
        let scheduled = &claimed.scheduled;
        let sent_item = to_item(sent_key(scheduled), "sent", sent, None, None)?;
        let move_on = match next {
            Some(next) => Write::Put {
                item: scheduled_item(next)?,
                condition: Condition::DueIs(claimed.lease.at.clone()),
            },
            None => Write::Delete {
                key: claimed.key.clone(),
            },
        };
        let mut writes = vec![
            Write::Put {
                item: sent_item,
                condition: Condition::None,
            },
            move_on,
        ];
        for item in also {
            writes.push(Write::Put {
                item: scheduled_item(item)?,
                condition: Condition::None,
            });
        }
        match self.store.write(writes).await {
            Ok(()) => Ok(Held::Done),
            Err(StoreError::ConditionFailed) => Ok(Held::Raced),
            Err(e) => Err(e),
        }
    }

    /// One schedule item of a mentorship by its slot, with its place in the index.
    pub async fn scheduled_at(
        &self,
        mentorship_id: &str,
        slot: &str,
    ) -> StoreResult<Option<ScheduledAt>> {
        let Some(item) = self.store.get(&keys::schedule(mentorship_id, slot)).await? else {
            return Ok(None);
        };
        Ok(Some(ScheduledAt {
            scheduled: from_item(&item)?,
            due: item.due,
        }))
    }

    /// Put `next` in the place of `current` as read (or in an empty slot when `None`), only if
    /// nobody changed or claimed the slot since.
    pub async fn replace_scheduled(
        &self,
        current: Option<&ScheduledAt>,
        next: &Scheduled,
    ) -> StoreResult<Held> {
        let condition = match current.and_then(|c| c.due.as_ref()) {
            Some(due) => Condition::DueIs(due.at.clone()),
            None => Condition::NotExists,
        };
        match self
            .store
            .write(vec![Write::Put {
                item: scheduled_item(next)?,
                condition,
            }])
            .await
        {
            Ok(()) => Ok(Held::Done),
            Err(StoreError::ConditionFailed) => Ok(Held::Raced),
            Err(e) => Err(e),
        }
    }
}
