//! The domain's records as table items: one key builder per record, the mapping of bodies, and
//! the records only the store keeps (activity, context version, dedupe markers, acknowledgements).

use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{DUE_SHARDS, Due, Item, Key, StoreError, StoreResult};
use crate::domain::Scheduled;
use crate::domain::time::key_time;

/// Key builders, one per record type.
pub mod keys {
    use super::Key;

    pub fn person(email: &str) -> Key {
        Key::new(format!("PERSON#{email}"), "PROFILE")
    }
    pub fn mentorship(id: &str) -> Key {
        Key::new(format!("MENTORSHIP#{id}"), "META")
    }
    /// The directory of all mentorships: one partition holding a copy of each mentorship
    /// record, so that an admin's listing is one query (paged) instead of a table scan.
    pub fn pair_directory(mentorship_id: &str) -> Key {
        Key::new(PAIR_DIRECTORY_PK, format!("MENTORSHIP#{mentorship_id}"))
    }
    /// Whether `key` is a mentorship's own record or its copy in the pair directory: what makes
    /// a pair exist for the scheduler and the listings.
    pub fn is_mentorship_record(key: &Key) -> bool {
        key.pk
            .strip_prefix("MENTORSHIP#")
            .is_some_and(|id| mentorship(id) == *key)
            || key
                .sk
                .strip_prefix("MENTORSHIP#")
                .is_some_and(|id| pair_directory(id) == *key)
    }
    /// The partition of [`pair_directory`].
    pub const PAIR_DIRECTORY_PK: &str = "PAIRS";
    /// Lets a person's mentorships be listed with one query.
    pub fn pairing(email: &str, mentorship_id: &str) -> Key {
        Key::new(
            format!("PERSON#{email}"),
            format!("MENTORSHIP#{mentorship_id}"),
        )
    }
    /// An extra address of a person, in their own partition (erased with it).
    pub fn alias(email: &str, alias: &str) -> Key {
        Key::new(
            format!("PERSON#{email}"),
            format!("{ALIAS_SK_PREFIX}{alias}"),
        )
    }
    pub const ALIAS_SK_PREFIX: &str = "ALIAS#";
    /// Whose extra address `alias` is: looked up by the address a mail came from.
    pub fn alias_of(alias: &str) -> Key {
        Key::new(format!("PERSON#{alias}"), "ALIAS_OF")
    }
    pub fn goal(mentorship_id: &str, goal_id: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("GOAL#{goal_id}"),
        )
    }
    pub fn entry(mentorship_id: &str, at: &str, message_key: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("ENTRY#{at}#{message_key}"),
        )
    }
    pub fn sent(mentorship_id: &str, due_at: &str, what: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("SENT#{due_at}#{what}"),
        )
    }
    /// The programme's own question bank, when an admin has set one.
    pub fn question_bank() -> Key {
        Key::new(PROGRAMMES_PK, "QUESTIONS")
    }
    /// One programme's own question bank: beside the deployment's, so that one query reads them
    /// all.
    pub fn programme_question_bank(programme: &str) -> Key {
        Key::new(
            PROGRAMMES_PK,
            format!("{PROGRAMME_QUESTIONS_SK_PREFIX}{programme}"),
        )
    }
    /// One programme's settings (recaps on or off, the summary's admins): beside its question
    /// bank, so that the scheduler's one query of the partition reads both.
    pub fn programme_settings(programme: &str) -> Key {
        Key::new(
            PROGRAMMES_PK,
            format!("{PROGRAMME_SETTINGS_SK_PREFIX}{programme}"),
        )
    }
    pub const PROGRAMME_SETTINGS_SK_PREFIX: &str = "SETTINGS#";
    /// A programme-level schedule item (the weekly summary to one admin), in the programme's own
    /// partition: its due-index shard is the partition's, and its sent records sit beside it.
    pub fn programme_schedule(programme: &str, what: &str) -> Key {
        Key::new(programme_pk(programme), format!("SCHEDULE#{what}"))
    }
    pub fn programme_sent(programme: &str, due_at: &str, what: &str) -> Key {
        Key::new(programme_pk(programme), format!("SENT#{due_at}#{what}"))
    }
    pub fn programme_pk(programme: &str) -> String {
        format!("PROGRAMME#{programme}")
    }
    pub const PROGRAMMES_PK: &str = "PROGRAMME";
    pub const PROGRAMME_QUESTIONS_SK_PREFIX: &str = "QUESTIONS#";
    /// SES's acknowledgement of one occurrence's mail (see [`super::SendAck`]).
    pub fn send_ack(occurrence: &str) -> Key {
        Key::new(format!("SENDACK#{occurrence}"), "SENDACK")
    }
    /// How much of a daily allowance (`what`: acknowledgements, ...) a person used on `day`.
    pub fn allowance(email: &str, what: &str, day: &str) -> Key {
        Key::new(format!("PERSON#{email}"), format!("ALLOWANCE#{what}#{day}"))
    }
    pub fn inbound_seen(message_id: &str) -> Key {
        Key::new(format!("INBOUND#{message_id}"), "SEEN")
    }
    pub fn prompt_context(mentorship_id: &str) -> Key {
        Key::new(format!("MENTORSHIP#{mentorship_id}"), "PROMPT_CONTEXT")
    }
    pub fn activity(mentorship_id: &str) -> Key {
        Key::new(format!("MENTORSHIP#{mentorship_id}"), "ACTIVITY")
    }
    pub fn decision(mentorship_id: &str, at: &str, id: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("DECISION#{at}#{id}"),
        )
    }
    pub fn event(mentorship_id: &str, at: &str, message_key: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("EVENT#{at}#{message_key}"),
        )
    }
    pub fn schedule(mentorship_id: &str, what: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("SCHEDULE#{what}"),
        )
    }
    /// An open item (an action item from a mentor's notes) of a mentorship.
    pub fn item(mentorship_id: &str, item_id: &str) -> Key {
        Key::new(
            format!("MENTORSHIP#{mentorship_id}"),
            format!("ITEM#{item_id}"),
        )
    }
    /// The highest item number a pair has given ([`super::ItemNumbers`]).
    pub fn item_numbers(mentorship_id: &str) -> Key {
        Key::new(format!("MENTORSHIP#{mentorship_id}"), "ITEM_NUMBERS")
    }
    /// A person's preferences (kept apart from the profile, which enrolment rewrites).
    pub fn person_settings(email: &str) -> Key {
        Key::new(format!("PERSON#{email}"), "SETTINGS")
    }
    /// Local mode's reply-token secret.
    pub fn local_secret() -> Key {
        Key::new("CONFIG", "TOKEN_SECRET")
    }
    pub fn mentorship_pk(id: &str) -> String {
        format!("MENTORSHIP#{id}")
    }
    pub fn person_pk(email: &str) -> String {
        format!("PERSON#{email}")
    }
}

/// The due-index shard of a partition key: a stable hash, so an item stays in its shard.
pub fn shard_of(pk: &str) -> String {
    let digest = Sha256::digest(pk.as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % DUE_SHARDS;
    format!("DUE#{n}")
}

/// All shard names, for the scheduler's queries.
pub fn all_shards() -> impl Iterator<Item = String> {
    (0..DUE_SHARDS).map(|n| format!("DUE#{n}"))
}

/// The place in the due index of `key` at `at`; the suffix names the item so equal times stay
/// distinct and readable.
pub fn due_at(key: &Key, at: Timestamp) -> Due {
    Due {
        shard: shard_of(&key.pk),
        at: format!("{}#{}#{}", key_time(at), key.pk, key.sk),
    }
}

/// Upper bound for "due at or before `now`" range queries on `due_sk`.
pub fn due_upto(now: Timestamp) -> String {
    // '~' sorts after every character used in keys, so items due exactly at `now` are included.
    format!("{}~", key_time(now))
}

/// The body attribute naming a record's type (`person`, `entry`, `schedule`, ...), for people
/// reading the table.
pub const RECORD_ATTR: &str = "record";

/// A record's body with its type tag.
pub fn to_item<T: Serialize>(
    key: Key,
    record_type: &str,
    record: &T,
    due: Option<Due>,
    expires_at: Option<i64>,
) -> StoreResult<Item> {
    let mut body = match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            let mut map = serde_json::Map::new();
            map.insert("value".into(), other);
            map
        }
        Err(e) => return Err(StoreError::Invalid(e.to_string())),
    };
    body.insert(RECORD_ATTR.into(), Value::String(record_type.into()));
    Ok(Item {
        key,
        due,
        expires_at,
        body,
    })
}

/// Read a record back from an item's body.
pub fn from_item<T: DeserializeOwned>(item: &Item) -> StoreResult<T> {
    serde_json::from_value(Value::Object(item.body.clone()))
        .map_err(|e| StoreError::Invalid(format!("{} {}: {e}", item.key.pk, item.key.sk)))
}

/// Changes whenever a mentorship's goals, decisions or open items change, so cached copies know
/// they are stale. Written (a fresh random value) with every such change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ContextVersion {
    pub version: String,
}

/// The key of a schedule item: in its mentorship's partition, or its programme's for a
/// programme-level item.
pub fn scheduled_key(scheduled: &Scheduled) -> Key {
    match scheduled.task.programme_level() {
        Some(programme) => keys::programme_schedule(programme, &scheduled.task.slot()),
        None => keys::schedule(&scheduled.mentorship_id, &scheduled.task.slot()),
    }
}

/// The key of the record of one occurrence's mail (the item at its due time): written once,
/// with the item's move to its next due time.
pub fn sent_key(scheduled: &Scheduled) -> Key {
    let due = key_time(scheduled.due_at);
    let slot = scheduled.task.slot();
    match scheduled.task.programme_level() {
        Some(programme) => keys::programme_sent(programme, &due, &slot),
        None => keys::sent(&scheduled.mentorship_id, &due, &slot),
    }
}

/// A schedule item with its place in the due index at its due time.
pub fn scheduled_item(scheduled: &Scheduled) -> StoreResult<Item> {
    let key = scheduled_key(scheduled);
    let due = due_at(&key, scheduled.due_at);
    to_item(key, "schedule", scheduled, Some(due), None)
}

/// When the mentee last replied to anything (a reflection, a command, a goal answer): read by
/// the scheduler to tell answered prompts from unanswered ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Activity {
    pub last_reply_at: Timestamp,
    /// `last_reply_at` as a fixed-width key time: the version a replayed older reply is compared
    /// with (`Condition::NotNewer`), so that it never moves the time backwards.
    #[serde(default)]
    pub last_reply_key: String,
}

/// The attribute that orders [`Activity`] writes.
pub const ACTIVITY_VERSION: &str = "last_reply_key";

/// The highest item number a pair has given, zero-padded ([`ITEM_NUMBERS_VERSION`]): the
/// version two mails numbering items at once compare, so no number is given twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ItemNumbers {
    pub last: String,
}

/// The attribute that versions [`ItemNumbers`].
pub const ITEM_NUMBERS_VERSION: &str = "last";

impl ItemNumbers {
    pub fn new(last: u32) -> Self {
        Self {
            last: format!("{last:010}"),
        }
    }

    pub fn last(&self) -> Option<u32> {
        self.last.parse().ok()
    }
}

/// The attribute that versions a person's status (`Person::status_changed_at`).
pub const PERSON_VERSION: &str = "status_changed_at";

/// The dedupe marker of an inbound message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InboundSeen {
    pub message_id: String,
    pub received_at: Timestamp,
    /// What the pipeline did with it, for support questions.
    pub outcome: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_keys_sort_by_time_and_bound_includes_now() {
        let key = keys::schedule("abc", "PROMPT");
        let t: Timestamp = "2026-11-30T09:00:00Z".parse().unwrap();
        let due = due_at(&key, t);
        assert!(
            due.at
                .starts_with("2026-11-30T09:00:00Z#MENTORSHIP#abc#SCHEDULE#PROMPT")
        );
        assert!(due.at.as_str() <= due_upto(t).as_str());
        let before: Timestamp = "2026-11-30T08:59:59Z".parse().unwrap();
        assert!(due.at.as_str() > due_upto(before).as_str());
        assert_eq!(due.shard, shard_of(&key.pk));
        assert!(all_shards().any(|s| s == due.shard));
    }

    #[test]
    fn schedule_items_round_trip() {
        use crate::domain::Task;
        use crate::domain::schedule::GoalReminder;
        let s = Scheduled {
            mentorship_id: "abc".into(),
            due_at: "2026-11-30T09:00:00Z".parse().unwrap(),
            task: Task::GoalReminder {
                goal_id: "g1".into(),
                sent: Some(GoalReminder::Upcoming),
            },
        };
        let item = scheduled_item(&s).unwrap();
        assert_eq!(item.key.sk, "SCHEDULE#GOAL#g1");
        assert_eq!(item.body[RECORD_ATTR], "schedule");
        assert_eq!(from_item::<Scheduled>(&item).unwrap(), s);
    }
}

/// Name of the SES message tag carrying a scheduled mail's occurrence id.
pub const OCCURRENCE_TAG: &str = "mentormail-occurrence";

/// How long an acknowledgement is kept: far beyond any lease.
const SEND_ACK_DAYS: i64 = 14;

/// The id of one occurrence of a scheduled item (the item at its due time): the tag that SES
/// echoes in its Send event, and the key of the acknowledgement that event leaves. Hex, so it is a
/// valid SES tag value.
pub fn occurrence_id(scheduled: &Scheduled) -> String {
    let sent = sent_key(scheduled);
    let digest = Sha256::new()
        .chain_update(sent.pk.as_bytes())
        .chain_update([0])
        .chain_update(sent.sk.as_bytes())
        .finalize();
    data_encoding::HEXLOWER.encode(&digest)
}

/// SES accepted the mail of an occurrence: written by `ses-events` from SES's Send event. A
/// scheduler run that died between SES's answer and its own completing write left the item
/// claimed; the run that takes it again finds this and records the mail instead of sending it
/// a second time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SendAck {
    pub message_id: String,
    pub accepted_at: Timestamp,
}

impl SendAck {
    pub fn item(&self, occurrence: &str) -> StoreResult<Item> {
        let expires = self.accepted_at.as_second() + SEND_ACK_DAYS * 24 * 3600;
        to_item(
            keys::send_ack(occurrence),
            "send_ack",
            self,
            None,
            Some(expires),
        )
    }
}
