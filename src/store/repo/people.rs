//! Changes to people that come from outside a mail flow: the mail provider's verdict on an
//! address, and local mode's token secret.

use jiff::Timestamp;

use super::super::records::{keys, to_item};
use super::super::{Store, StoreError, StoreResult};
use super::{Changes, Committed, Repo};
use crate::domain::{Email, PersonStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BounceOutcome {
    /// The profile now says `bouncing`.
    Marked,
    /// The profile already said `bouncing`; nothing written.
    AlreadyBouncing,
    /// No profile for this address (not one of ours); nothing written.
    UnknownPerson,
    /// The status was changed after the bounce (an admin reactivated the address after fixing
    /// it): the older report is not applied.
    Outdated,
}

/// How often a change of a person is tried again when someone else changed them between the
/// read and the write.
const PERSON_ATTEMPTS: usize = 4;

/// Someone kept changing the person between our read and write.
fn contended(email: &Email) -> StoreError {
    StoreError::Backend(format!(
        "the profile of {email} kept changing while it was being updated; try again"
    ))
}

/// What an admin's reactivation of a person came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reactivation {
    /// The profile said `was` (bouncing or stopped), for `reason`; it now says active.
    Reactivated {
        was: PersonStatus,
        reason: Option<String>,
    },
    /// Nothing to clear: the person is active, or paused (a pause ends by itself or by the
    /// person's "resume"); nothing written.
    NothingToClear(PersonStatus),
    /// No profile for this address; nothing written.
    UnknownPerson,
}

/// Local mode's token secret, kept in its own database.
#[derive(serde::Serialize, serde::Deserialize)]
struct LocalSecret {
    secret: String,
}

impl<S: Store> Repo<S> {
    /// Mark the person with address `email` as bouncing, recording `reason` and `at`: a fresh
    /// read of the profile alone, so that no older copy of it is written back.
    pub async fn mark_bouncing(
        &self,
        email: &Email,
        reason: &str,
        at: Timestamp,
    ) -> StoreResult<BounceOutcome> {
        for _ in 0..PERSON_ATTEMPTS {
            let Some(read) = self.person(email).await? else {
                return Ok(BounceOutcome::UnknownPerson);
            };
            if read.status == PersonStatus::Bouncing {
                return Ok(BounceOutcome::AlreadyBouncing);
            }
            if read.changed_after(at) {
                return Ok(BounceOutcome::Outdated);
            }
            let mut person = read.clone();
            person.status = PersonStatus::Bouncing;
            person.status_reason = Some(reason.to_string());
            person.status_changed_at = Some(at);
            let mut changes = Changes::new();
            changes.person_changed(&person, &read);
            if self.commit(changes).await? == Committed::Written {
                return Ok(BounceOutcome::Marked);
            }
        }
        Err(contended(email))
    }

    /// Clear a `bouncing` or `stopped` status: the person gets mail again from their next due
    /// item on (their schedule moved on while they were skipped). An admin's decision, after the
    /// address was fixed or the person asked to come back; the old status and reason stay in the
    /// new reason. A fresh read of the profile alone, written only if it did not change since.
    pub async fn reactivate(&self, email: &Email, at: Timestamp) -> StoreResult<Reactivation> {
        for _ in 0..PERSON_ATTEMPTS {
            let Some(read) = self.person(email).await? else {
                return Ok(Reactivation::UnknownPerson);
            };
            let was = read.status;
            if !matches!(was, PersonStatus::Bouncing | PersonStatus::Stopped) {
                return Ok(Reactivation::NothingToClear(was));
            }
            let mut person = read.clone();
            let reason = person.status_reason.take();
            person.status = PersonStatus::Active;
            person.status_reason = Some(match &reason {
                Some(reason) => format!("reactivated by an admin; was {was}: {reason}"),
                None => format!("reactivated by an admin; was {was}"),
            });
            // Never behind the change it clears, whatever the clocks say.
            person.status_changed_at = Some(read.status_changed_at.map_or(at, |c| c.max(at)));
            let mut changes = Changes::new();
            changes.person_changed(&person, &read);
            if self.commit(changes).await? == Committed::Written {
                return Ok(Reactivation::Reactivated { was, reason });
            }
        }
        Err(contended(email))
    }

    /// The reply-token secret local mode keeps in its database, if one was saved.
    pub async fn local_secret(&self) -> StoreResult<Option<String>> {
        Ok(self
            .get::<LocalSecret>(&keys::local_secret())
            .await?
            .map(|s| s.secret))
    }

    pub async fn save_local_secret(&self, secret: &str) -> StoreResult<()> {
        let item = to_item(
            keys::local_secret(),
            "local_secret",
            &LocalSecret {
                secret: secret.to_string(),
            },
            None,
            None,
        )?;
        self.store
            .write(vec![super::super::Write::Put {
                item,
                condition: super::super::Condition::None,
            }])
            .await
    }
}
