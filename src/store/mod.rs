//! Persistence behind one small trait.
//!
//! The table is a single-table design (the README's data model): every record is an [`Item`] with a
//! partition key `pk`, a sort key `sk`, optionally a place in the sparse `due` index
//! (`due_pk` = `DUE#<shard>`, `due_sk` = `<UTC time>#<what>`) and an expiry (`expires_at`, epoch
//! seconds, the table's TTL attribute). [`repo::Repo`] is the port the use cases talk to: it maps
//! the domain's records to items (`records`) and reports conditional writes as typed outcomes.
//! The adapters only move items: [`dynamodb::DynamoStore`] in production, [`embedded::EmbeddedStore`]
//! (SQLite) in local mode. Both run the same contract tests.

use std::future::Future;

use serde_json::{Map, Value};

#[cfg(any(feature = "aws", feature = "local"))]
mod checks;
pub mod counting;
#[cfg(feature = "aws")]
pub mod dynamodb;
#[cfg(feature = "local")]
pub mod embedded;
pub mod records;
pub mod repo;

/// Attribute names shared by the code, the SQLite schema and `template.yaml`.
pub mod attr {
    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const DUE_PK: &str = "due_pk";
    pub const DUE_SK: &str = "due_sk";
    pub const EXPIRES_AT: &str = "expires_at";
    /// Name of the global secondary index over (`due_pk`, `due_sk`).
    pub const DUE_INDEX: &str = "due";
}

/// The most writes one [`Store::write`] takes (DynamoDB's transaction limit).
pub const MAX_WRITES: usize = 100;

/// Number of partitions of the `due` index. A run queries each one; items are spread by a hash
/// of their key so that no partition is hot.
pub const DUE_SHARDS: u32 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }
}

/// A place in the `due` index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// `DUE#<shard>`.
    pub shard: String,
    /// `<UTC time, RFC 3339, seconds>#<what>`: sorts by time, so `<= now` is a range query.
    pub at: String,
}

/// One stored record: its keys, its optional place in the due index and expiry, and its fields.
/// `body` must not contain the key attributes; the adapters add them.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: Key,
    pub due: Option<Due>,
    pub expires_at: Option<i64>,
    pub body: Map<String, Value>,
}

/// A precondition on the stored item a write applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Always write.
    None,
    /// Only if no item has this key (idempotent inserts).
    NotExists,
    /// Only if the item exists and its `due_sk` equals this value (claims and their completion).
    DueIs(String),
    /// Only if the item exists and its top-level string attribute `field` equals `value`, or is
    /// absent when `value` is `None`: optimistic concurrency on a version the writer read.
    FieldIs {
        field: String,
        value: Option<String>,
    },
    /// Only if there is no item, the item has no `field`, or its `field` is not after `value`
    /// (compared as strings, so fixed-width times): a replayed older fact never overwrites a newer.
    NotNewer { field: String, value: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Replace the whole item.
    Put { item: Item, condition: Condition },
    /// Change only the item's place in the due index (`None` removes it from the index).
    /// The item must exist: on a missing key this fails with `ConditionFailed` (never creates
    /// a bare item).
    SetDue {
        key: Key,
        due: Option<Due>,
        condition: Condition,
    },
    /// Remove the item; removing a missing item is not an error.
    Delete { key: Key },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A condition did not hold; nothing of the batch was written.
    #[error("condition failed")]
    ConditionFailed,
    #[error("invalid item: {0}")]
    Invalid(String),
    #[error("store backend: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The persistence port. Futures are `Send` so handlers can run on any runtime thread.
pub trait Store: Send + Sync {
    fn get(&self, key: &Key) -> impl Future<Output = StoreResult<Option<Item>>> + Send;

    /// Items of partition `pk` whose `sk` starts with `sk_prefix`, ascending by `sk`.
    fn query(
        &self,
        pk: &str,
        sk_prefix: &str,
    ) -> impl Future<Output = StoreResult<Vec<Item>>> + Send;

    /// Items of one due shard with `due_sk <= upto` (`upto` compared as a string),
    /// ascending by `due_sk`, at most `limit`.
    fn query_due(
        &self,
        shard: &str,
        upto: &str,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<Item>>> + Send;

    /// Several items by key, in the order of `keys` (`None` where missing): one request where
    /// the backend has one (DynamoDB `BatchGetItem`). At most 100 distinct keys.
    fn get_many(
        &self,
        keys: &[Key],
    ) -> impl Future<Output = StoreResult<Vec<Option<Item>>>> + Send {
        async move {
            let mut items = Vec::with_capacity(keys.len());
            for key in keys {
                items.push(self.get(key).await?);
            }
            Ok(items)
        }
    }

    /// Apply all writes atomically: all or none. At most 100 writes (DynamoDB's transaction
    /// limit), each on a different key.
    fn write(&self, writes: Vec<Write>) -> impl Future<Output = StoreResult<()>> + Send;

    /// Write every item whole, unconditionally, each on a different key: many at a time and
    /// not atomic as a whole (DynamoDB `BatchWriteItem`, at half the write cost of a
    /// transaction). An interruption leaves some items written: callers order their calls so
    /// that what is left is whole or can be completed by running again (see the cohort import).
    fn put_all(&self, items: Vec<Item>) -> impl Future<Output = StoreResult<()>> + Send {
        async move {
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                let writes = items
                    .by_ref()
                    .take(MAX_WRITES)
                    .map(|item| Write::Put {
                        item,
                        condition: Condition::None,
                    })
                    .collect();
                self.write(writes).await?;
            }
            Ok(())
        }
    }

    /// Make deleted items unrecoverable from the store's own files, where it keeps them
    /// (SQLite: free pages and the write-ahead log). A no-op where deleting is final for the
    /// application (DynamoDB; its backups are the deployment's, see docs/deploy.md).
    fn compact(&self) -> impl Future<Output = StoreResult<()>> + Send {
        async { Ok(()) }
    }
}

/// A shared store is a store: a test keeps a handle on the adapter it gave a [`repo::Repo`].
impl<S: Store> Store for std::sync::Arc<S> {
    fn get(&self, key: &Key) -> impl Future<Output = StoreResult<Option<Item>>> + Send {
        (**self).get(key)
    }

    fn query(
        &self,
        pk: &str,
        sk_prefix: &str,
    ) -> impl Future<Output = StoreResult<Vec<Item>>> + Send {
        (**self).query(pk, sk_prefix)
    }

    fn query_due(
        &self,
        shard: &str,
        upto: &str,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<Item>>> + Send {
        (**self).query_due(shard, upto, limit)
    }

    fn get_many(
        &self,
        keys: &[Key],
    ) -> impl Future<Output = StoreResult<Vec<Option<Item>>>> + Send {
        (**self).get_many(keys)
    }

    fn write(&self, writes: Vec<Write>) -> impl Future<Output = StoreResult<()>> + Send {
        (**self).write(writes)
    }

    fn put_all(&self, items: Vec<Item>) -> impl Future<Output = StoreResult<()>> + Send {
        (**self).put_all(items)
    }

    fn compact(&self) -> impl Future<Output = StoreResult<()>> + Send {
        (**self).compact()
    }
}
