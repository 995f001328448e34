//! A [`Store`] wrapper that counts requests by kind, for the scheduler benchmark: each call is
//! one DynamoDB request in production (`GetItem`, `Query`, `Query` on the index, `PutItem` /
//! `UpdateItem` / `TransactWriteItems`).

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Item, Key, Store, StoreResult, Write};

#[derive(Debug, Default)]
pub struct CountingStore<S> {
    inner: S,
    gets: AtomicU64,
    queries: AtomicU64,
    due_queries: AtomicU64,
    writes: AtomicU64,
}

/// Requests made so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestCounts {
    pub gets: u64,
    pub queries: u64,
    pub due_queries: u64,
    pub writes: u64,
}

impl RequestCounts {
    pub fn total(&self) -> u64 {
        self.gets + self.queries + self.due_queries + self.writes
    }
}

impl<S> CountingStore<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            gets: AtomicU64::new(0),
            queries: AtomicU64::new(0),
            due_queries: AtomicU64::new(0),
            writes: AtomicU64::new(0),
        }
    }
    pub fn inner(&self) -> &S {
        &self.inner
    }
    pub fn counts(&self) -> RequestCounts {
        RequestCounts {
            gets: self.gets.load(Ordering::Relaxed),
            queries: self.queries.load(Ordering::Relaxed),
            due_queries: self.due_queries.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
        }
    }
    pub fn reset(&self) {
        for counter in [&self.gets, &self.queries, &self.due_queries, &self.writes] {
            counter.store(0, Ordering::Relaxed);
        }
    }
}

impl<S: Store> Store for CountingStore<S> {
    async fn get(&self, key: &Key) -> StoreResult<Option<Item>> {
        self.gets.fetch_add(1, Ordering::Relaxed);
        self.inner.get(key).await
    }
    /// One `BatchGetItem`: counted as one get.
    async fn get_many(&self, keys: &[Key]) -> StoreResult<Vec<Option<Item>>> {
        self.gets.fetch_add(1, Ordering::Relaxed);
        self.inner.get_many(keys).await
    }
    async fn query(&self, pk: &str, sk_prefix: &str) -> StoreResult<Vec<Item>> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.query(pk, sk_prefix).await
    }
    async fn query_due(&self, shard: &str, upto: &str, limit: usize) -> StoreResult<Vec<Item>> {
        self.due_queries.fetch_add(1, Ordering::Relaxed);
        self.inner.query_due(shard, upto, limit).await
    }
    async fn write(&self, writes: Vec<Write>) -> StoreResult<()> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        self.inner.write(writes).await
    }
    async fn compact(&self) -> StoreResult<()> {
        self.inner.compact().await
    }
}
