//! Reads for many pairs at once, for the admin's import and listings: keys are read in batches
//! of 100 (one `BatchGetItem` each on DynamoDB), several batches in flight, and the per-pair
//! queries run concurrently, so a listing of hundreds of pairs costs round trips by the batch,
//! not by the record.

use futures_util::stream::{self, StreamExt as _, TryStreamExt as _};
use jiff::Timestamp;

use super::super::records::{Activity, from_item, keys};
use super::super::{Item, Key, Store, StoreResult};
use super::Repo;
use crate::domain::feedback::OpenItem;
use crate::domain::task::PROMPT_SLOT;
use crate::domain::{Email, Goal, Mentorship, Person, Scheduled};

/// Keys in one `get_many` call (DynamoDB's `BatchGetItem` limit).
const KEYS_PER_BATCH: usize = 100;

/// Requests in flight at once: enough to hide latency, few enough not to be throttled.
pub const CONCURRENT_REQUESTS: usize = 8;

/// The records an import compares a row with.
#[derive(Debug, Clone)]
pub struct PairKeys {
    pub mentor: Email,
    pub mentee: Email,
    pub mentorship_id: String,
    pub goal_ids: Vec<String>,
}

/// What is stored for one pair of an import (each `None` where missing).
#[derive(Debug, Clone, Default)]
pub struct StoredPair {
    pub mentor: Option<Person>,
    pub mentee: Option<Person>,
    pub mentorship: Option<Mentorship>,
    /// The mentorship's copy in the pair directory.
    pub listed: Option<Mentorship>,
    pub prompt: Option<Scheduled>,
    /// In the order of [`PairKeys::goal_ids`].
    pub goals: Vec<Option<Goal>>,
}

/// A pair as a listing shows it.
#[derive(Debug, Clone)]
pub struct PairState {
    pub mentorship: Mentorship,
    pub mentor: Option<Person>,
    pub mentee: Option<Person>,
    pub last_reply: Option<Timestamp>,
    pub prompt: Option<Scheduled>,
    pub goals: Vec<Goal>,
    pub open_items: Vec<OpenItem>,
}

fn decode<T: serde::de::DeserializeOwned>(item: Option<Item>) -> StoreResult<Option<T>> {
    item.map(|item| from_item(&item)).transpose()
}

impl<S: Store> Repo<S> {
    /// Any number of items by key, in the order asked (`None` where missing).
    async fn get_all(&self, keys: &[Key]) -> StoreResult<Vec<Option<Item>>> {
        // The requests made first, then streamed: a stream of a borrowing closure is a future
        // the compiler cannot prove `Send` for a spawned caller (the sender function's).
        let requests: Vec<_> = keys
            .chunks(KEYS_PER_BATCH)
            .map(|batch| self.store.get_many(batch))
            .collect();
        let batches: Vec<Vec<Option<Item>>> = stream::iter(requests)
            .buffered(CONCURRENT_REQUESTS)
            .try_collect()
            .await?;
        Ok(batches.into_iter().flatten().collect())
    }

    /// People by address, in the order asked.
    pub async fn people(&self, emails: &[Email]) -> StoreResult<Vec<Option<Person>>> {
        let keys: Vec<Key> = emails.iter().map(|e| keys::person(e)).collect();
        self.get_all(&keys).await?.into_iter().map(decode).collect()
    }

    /// The stored records of each pair, in the order asked: batched reads only.
    pub async fn stored_pairs(&self, pairs: &[PairKeys]) -> StoreResult<Vec<StoredPair>> {
        let mut wanted = Vec::new();
        for pair in pairs {
            wanted.push(keys::person(&pair.mentor));
            wanted.push(keys::person(&pair.mentee));
            wanted.push(keys::mentorship(&pair.mentorship_id));
            wanted.push(keys::pair_directory(&pair.mentorship_id));
            wanted.push(keys::schedule(&pair.mentorship_id, PROMPT_SLOT));
            for goal_id in &pair.goal_ids {
                wanted.push(keys::goal(&pair.mentorship_id, goal_id));
            }
        }
        let mut found = self.get_all(&wanted).await?.into_iter();
        let mut next = || found.next().flatten();
        let mut stored = Vec::with_capacity(pairs.len());
        for pair in pairs {
            let mut one = StoredPair {
                mentor: decode(next())?,
                mentee: decode(next())?,
                mentorship: decode(next())?,
                listed: decode(next())?,
                prompt: decode(next())?,
                goals: Vec::with_capacity(pair.goal_ids.len()),
            };
            for _ in &pair.goal_ids {
                one.goals.push(decode(next())?);
            }
            stored.push(one);
        }
        Ok(stored)
    }

    /// Each mentorship with its people, last reply, next prompt, goals and open items: one
    /// batched read for the people, activity and prompt (five keys a pair), and two queries a
    /// pair (goals, items), several in flight.
    pub async fn pair_states(&self, mentorships: Vec<Mentorship>) -> StoreResult<Vec<PairState>> {
        let mut wanted = Vec::with_capacity(mentorships.len() * 4);
        for m in &mentorships {
            wanted.push(keys::person(&m.mentor));
            wanted.push(keys::person(&m.mentee));
            wanted.push(keys::activity(&m.id));
            wanted.push(keys::schedule(&m.id, PROMPT_SLOT));
        }
        let found = self.get_all(&wanted).await?;
        let lists: Vec<(Vec<Goal>, Vec<OpenItem>)> = stream::iter(&mentorships)
            .map(|m| async move {
                let goals = self.goals(&m.id).await?;
                let items = self.open_items(&m.id).await?;
                StoreResult::Ok((goals, items))
            })
            .buffered(CONCURRENT_REQUESTS)
            .try_collect()
            .await?;
        let mut found = found.into_iter();
        let mut next = || found.next().flatten();
        let mut states = Vec::with_capacity(mentorships.len());
        for (mentorship, (goals, open_items)) in mentorships.into_iter().zip(lists) {
            states.push(PairState {
                mentor: decode(next())?,
                mentee: decode(next())?,
                last_reply: decode::<Activity>(next())?.map(|a| a.last_reply_at),
                prompt: decode(next())?,
                mentorship,
                goals,
                open_items,
            });
        }
        Ok(states)
    }
}
