//! A person's extra addresses (`person alias`): mail authenticated as coming from one of them is
//! taken as the person's own. Each alias is two items: `ALIAS#<alias>` in the person's partition
//! (listed, exported and erased with them) and `ALIAS_OF` in the alias's partition, which the
//! inbound gate reads by the sender's address.

use serde::{Deserialize, Serialize};

use super::super::records::{from_item, keys, to_item};
use super::super::{Condition, Store, StoreError, StoreResult, Write};
use super::Repo;
use crate::domain::Email;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AliasOf {
    person: Email,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Alias {
    alias: Email,
}

/// What adding an alias came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasAdded {
    Added,
    /// It was already this person's alias: nothing written.
    AlreadyTheirs,
    /// No person has the address the alias is for.
    NoSuchPerson,
    /// The alias is a participant's own address.
    IsAPerson,
    /// The alias is someone else's already.
    OtherPersons(Email),
}

impl<S: Store> Repo<S> {
    /// Whose extra address `address` is, if anyone's.
    pub async fn alias_owner(&self, address: &Email) -> StoreResult<Option<Email>> {
        Ok(self
            .store
            .get(&keys::alias_of(address))
            .await?
            .map(|item| from_item::<AliasOf>(&item))
            .transpose()?
            .map(|of| of.person))
    }

    /// The extra addresses of `person`, in address order.
    pub async fn aliases(&self, person: &Email) -> StoreResult<Vec<Email>> {
        self.store
            .query(&keys::person_pk(person), keys::ALIAS_SK_PREFIX)
            .await?
            .iter()
            .map(|item| from_item::<Alias>(item).map(|a| a.alias))
            .collect()
    }

    /// Make `alias` an extra address of `person`.
    pub async fn add_alias(&self, person: &Email, alias: &Email) -> StoreResult<AliasAdded> {
        if self.person(person).await?.is_none() {
            return Ok(AliasAdded::NoSuchPerson);
        }
        if alias == person || self.person(alias).await?.is_some() {
            return Ok(AliasAdded::IsAPerson);
        }
        match self.alias_owner(alias).await? {
            Some(owner) if owner == *person => return Ok(AliasAdded::AlreadyTheirs),
            Some(owner) => return Ok(AliasAdded::OtherPersons(owner)),
            None => {}
        }
        let writes = vec![
            Write::Put {
                item: to_item(
                    keys::alias_of(alias),
                    "alias_of",
                    &AliasOf {
                        person: person.clone(),
                    },
                    None,
                    None,
                )?,
                // Two admins giving the same address to two people: one wins, whole.
                condition: Condition::NotExists,
            },
            Write::Put {
                item: to_item(
                    keys::alias(person, alias),
                    "alias",
                    &Alias {
                        alias: alias.clone(),
                    },
                    None,
                    None,
                )?,
                condition: Condition::None,
            },
        ];
        match self.store.write(writes).await {
            Ok(()) => Ok(AliasAdded::Added),
            Err(StoreError::ConditionFailed) => match self.alias_owner(alias).await? {
                Some(owner) if owner == *person => Ok(AliasAdded::AlreadyTheirs),
                Some(owner) => Ok(AliasAdded::OtherPersons(owner)),
                None => Err(StoreError::ConditionFailed),
            },
            Err(e) => Err(e),
        }
    }

    /// Take `alias` from `person`; `false` when it was not theirs.
    pub async fn remove_alias(&self, person: &Email, alias: &Email) -> StoreResult<bool> {
        if self.alias_owner(alias).await?.as_ref() != Some(person) {
            return Ok(false);
        }
        self.store
            .write(vec![
                Write::Delete {
                    key: keys::alias_of(alias),
                },
                Write::Delete {
                    key: keys::alias(person, alias),
                },
            ])
            .await?;
        Ok(true)
    }
}
