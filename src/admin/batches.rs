//! Admin changes that may touch more records than one transaction takes (DynamoDB: 100 writes):
//! split into batches, committed in order. Each batch is atomic; the whole is not, so callers
//! put the change that matters first (a pair marked ended stops its mail before its schedule
//! items are cleared away).

use crate::store::repo::{Changes, Repo};
use crate::store::{Store, StoreError};

/// Writes in one batch, with room for the context version a batch may add.
const WRITES_PER_BATCH: usize = 90;

#[derive(Debug, Default)]
pub struct Batches {
    full: Vec<Changes>,
    current: Changes,
}

impl Batches {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a change to the current batch, starting a new one when it is full.
    pub fn add(&mut self, change: impl FnOnce(&mut Changes)) -> &mut Self {
        if self.current.len() >= WRITES_PER_BATCH {
            self.full.push(std::mem::take(&mut self.current));
        }
        change(&mut self.current);
        self
    }

    pub async fn commit<S: Store>(mut self, repo: &Repo<S>) -> Result<(), StoreError> {
        self.full.push(self.current);
        for changes in self.full {
            if !changes.is_empty() {
                let _ = repo.commit(changes).await?;
            }
        }
        Ok(())
    }
}
