//! The pair a due item is for, read with the item's acknowledgement in one batch.

use crate::domain::{Email, Scheduled, Task};
use crate::store::records::occurrence_id;
use crate::store::repo::{PairRead, Repo};
use crate::store::{Key, Store, StoreError};

pub use crate::store::repo::PairRecords as Pair;

/// The pair's addresses when a due item carries them (a prompt's cache), so that the pair can be
/// read in one batch without reading the mentorship first.
pub fn known_addresses(scheduled: &Scheduled) -> Option<(Email, Email)> {
    match &scheduled.task {
        Task::Prompt {
            cache: Some(cache), ..
        } if !cache.mentor.is_empty() && !cache.mentee.is_empty() => Some((
            Email::normalised(&cache.mentor),
            Email::normalised(&cache.mentee),
        )),
        _ => None,
    }
}

/// The pair of `scheduled`, SES's acknowledgement of its occurrence and, in fan-out, the claimed
/// item `item` itself.
pub async fn read<S: Store>(
    repo: &Repo<S>,
    scheduled: &Scheduled,
    item: Option<&Key>,
) -> Result<PairRead, StoreError> {
    repo.read_pair(
        &scheduled.mentorship_id,
        known_addresses(scheduled),
        &occurrence_id(scheduled),
        item,
    )
    .await
}
