//! Changes to people that come from outside a mail flow: the mail provider's verdict on an
//! address, and local mode's token secret.

use jiff::Timestamp;

use super::super::records::{keys, to_item};
use super::super::{Store, StoreResult};
use super::{Changes, Repo};
use crate::domain::{Email, PersonStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BounceOutcome {
    /// The profile now says `bouncing`.
    Marked,
    /// The profile already said `bouncing`; nothing written.
    AlreadyBouncing,
    /// No profile for this address (not one of ours); nothing written.
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
        let Some(mut person) = self.person(email).await? else {
            return Ok(BounceOutcome::UnknownPerson);
        };
        if person.status == PersonStatus::Bouncing {
            return Ok(BounceOutcome::AlreadyBouncing);
        }
        person.status = PersonStatus::Bouncing;
        person.status_reason = Some(reason.to_string());
        person.status_changed_at = Some(at);
        let mut changes = Changes::new();
        changes.person(&person);
        let _ = self.commit(changes).await?;
        Ok(BounceOutcome::Marked)
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
