//! What an erasure needs of the store: the keys of whole partitions (a person's, a pair's), read
//! by query so that no table scan is needed, and making deletions final in the store's files.

use super::super::records::keys;
use super::super::{Key, Store, StoreResult};
use super::Repo;
use crate::domain::Email;

impl<S: Store> Repo<S> {
    /// The keys of every item of a mentorship's partition: the mentorship and all the pair's
    /// records (entries, goals, items, schedule, sent mail, events, decisions, activity...).
    pub async fn pair_partition_keys(&self, mentorship_id: &str) -> StoreResult<Vec<Key>> {
        self.partition_keys(&keys::mentorship_pk(mentorship_id))
            .await
    }

    /// The keys of every item of a person's partition: profile, settings, pairing index.
    pub async fn person_partition_keys(&self, email: &Email) -> StoreResult<Vec<Key>> {
        self.partition_keys(&keys::person_pk(email)).await
    }

    async fn partition_keys(&self, pk: &str) -> StoreResult<Vec<Key>> {
        Ok(self
            .store
            .query(pk, "")
            .await?
            .into_iter()
            .map(|item| item.key)
            .collect())
    }

    /// Make the deletions so far unrecoverable from the store's own files (see
    /// [`Store::compact`]).
    pub async fn compact(&self) -> StoreResult<()> {
        self.store.compact().await
    }
}
