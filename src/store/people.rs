//! Person profile updates that adapters need before the domain layer grows its own records:
//! marking a person whose mail bounces or who complains, so the scheduler stops writing to them.

use jiff::Timestamp;
use serde_json::Value;

use super::{Condition, Key, Store, StoreResult, Write};

/// Sort key of a person's profile item.
pub const PROFILE_SK: &str = "PROFILE";
/// Body field holding the person's status (active, paused, stopped, bouncing).
pub const STATUS: &str = "status";
pub const STATUS_BOUNCING: &str = "bouncing";
/// Why the status last changed, and when (RFC 3339, UTC).
pub const STATUS_REASON: &str = "status_reason";
pub const STATUS_CHANGED_AT: &str = "status_changed_at";

/// The profile key of the person with this address (addresses are stored in lower case).
pub fn person_key(email: &str) -> Key {
    Key::new(
        format!("PERSON#{}", email.trim().to_lowercase()),
        PROFILE_SK,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BounceOutcome {
    /// The profile now says `bouncing`.
    Marked,
    /// The profile already said `bouncing`; nothing written.
    AlreadyBouncing,
    /// No profile for this address (not one of ours); nothing written.
    UnknownPerson,
}

/// Marks the person with address `email` as bouncing, recording `reason` and `at`.
pub async fn mark_bouncing<S: Store>(
    store: &S,
    email: &str,
    reason: &str,
    at: Timestamp,
) -> StoreResult<BounceOutcome> {
    let Some(mut profile) = store.get(&person_key(email)).await? else {
        return Ok(BounceOutcome::UnknownPerson);
    };
    if profile.body.get(STATUS).and_then(Value::as_str) == Some(STATUS_BOUNCING) {
        return Ok(BounceOutcome::AlreadyBouncing);
    }
    profile
        .body
        .insert(STATUS.to_owned(), Value::String(STATUS_BOUNCING.to_owned()));
    profile
        .body
        .insert(STATUS_REASON.to_owned(), Value::String(reason.to_owned()));
    profile
        .body
        .insert(STATUS_CHANGED_AT.to_owned(), Value::String(at.to_string()));
    // If the profile is in the due index, only overwrite the version we read; a concurrent
    // claim moves `due_sk`, and then this write fails rather than undoing the claim.
    let condition = match &profile.due {
        Some(due) => Condition::DueIs(due.at.clone()),
        None => Condition::None,
    };
    store
        .write(vec![Write::Put {
            item: profile,
            condition,
        }])
        .await?;
    Ok(BounceOutcome::Marked)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::store::Item;
    use crate::store::embedded::EmbeddedStore;

    fn profile(email: &str, fields: Value) -> Item {
        let Value::Object(body) = fields else {
            unreachable!("tests pass JSON objects")
        };
        Item {
            key: person_key(email),
            due: None,
            expires_at: None,
            body,
        }
    }

    async fn put(store: &EmbeddedStore, item: Item) {
        store
            .write(vec![Write::Put {
                item,
                condition: Condition::None,
            }])
            .await
            .expect("seed profile");
    }

    fn at() -> Timestamp {
        "2026-11-26T14:00:00Z".parse().expect("timestamp")
    }

    #[tokio::test]
    async fn a_known_person_is_marked_bouncing_and_keeps_the_other_fields() {
        let store = EmbeddedStore::open_in_memory().expect("store");
        put(
            &store,
            profile(
                "mentee@example.org",
                json!({"name": "Mia", "status": "active", "time_zone": "Europe/Berlin"}),
            ),
        )
        .await;

        let outcome = mark_bouncing(
            &store,
            "Mentee@Example.ORG",
            "bounce Permanent/General",
            at(),
        )
        .await
        .expect("marked");

        assert_eq!(outcome, BounceOutcome::Marked);
        let stored = store
            .get(&person_key("mentee@example.org"))
            .await
            .expect("get")
            .expect("profile");
        assert_eq!(stored.body[STATUS], "bouncing");
        assert_eq!(stored.body[STATUS_REASON], "bounce Permanent/General");
        assert_eq!(stored.body[STATUS_CHANGED_AT], "2026-11-26T14:00:00Z");
        assert_eq!(stored.body["name"], "Mia");
        assert_eq!(stored.body["time_zone"], "Europe/Berlin");
    }

    #[tokio::test]
    async fn the_domain_reads_a_marked_person_as_bouncing() {
        use crate::domain::person::{Person, PersonStatus};
        use crate::store::repo::Repo;

        let repo = Repo::new(EmbeddedStore::open_in_memory().expect("store"));
        let person = Person {
            email: "mentee@example.org".into(),
            name: "Mia Mentee".into(),
            time_zone: "Europe/Berlin".into(),
            status: PersonStatus::Active,
            paused_until: None,
        };
        repo.put_person(&person).await.expect("put person");

        let outcome = mark_bouncing(repo.store(), "mentee@example.org", "complaint", at())
            .await
            .expect("marked");

        assert_eq!(outcome, BounceOutcome::Marked);
        let read = repo
            .person("mentee@example.org")
            .await
            .expect("read person")
            .expect("person");
        assert_eq!(read.status, PersonStatus::Bouncing);
        assert_eq!(read.name, person.name);
    }

    #[tokio::test]
    async fn an_unknown_person_writes_nothing() {
        let store = EmbeddedStore::open_in_memory().expect("store");
        let outcome = mark_bouncing(&store, "stranger@example.org", "complaint", at())
            .await
            .expect("no error");
        assert_eq!(outcome, BounceOutcome::UnknownPerson);
        assert!(
            store
                .query("PERSON#stranger@example.org", "")
                .await
                .expect("query")
                .is_empty()
        );
    }

    #[tokio::test]
    async fn marking_twice_keeps_the_first_reason() {
        let store = EmbeddedStore::open_in_memory().expect("store");
        put(
            &store,
            profile("a@example.org", json!({"status": "active"})),
        )
        .await;
        let first = mark_bouncing(&store, "a@example.org", "bounce", at())
            .await
            .expect("first");
        let second = mark_bouncing(&store, "a@example.org", "complaint", at())
            .await
            .expect("second");
        assert_eq!(
            (first, second),
            (BounceOutcome::Marked, BounceOutcome::AlreadyBouncing)
        );
        let stored = store
            .get(&person_key("a@example.org"))
            .await
            .expect("get")
            .expect("profile");
        assert_eq!(stored.body[STATUS_REASON], "bounce");
    }
}
