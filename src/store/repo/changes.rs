//! A batch of changes to the domain's records, applied atomically by [`super::Repo::commit`].
//!
//! The use cases say what changes (a person, a goal, a schedule item, the message's dedupe
//! marker); this builder turns that into table writes. A batch touches each key once (DynamoDB
//! transactions refuse two writes to one key): the first change of a key wins, and the
//! mentorship's context version, which goals, decisions and open items all move, is written once.

use std::collections::HashSet;

use jiff::Timestamp;

use super::super::records::{
    ACTIVITY_VERSION, Activity, ContextVersion, ITEM_NUMBERS_VERSION, InboundSeen, ItemNumbers,
    PERSON_VERSION, SendAck, keys, scheduled_item, to_item,
};
use super::super::{Condition, Item, Key, StoreError, StoreResult, Write};
use crate::domain::feedback::{MentorSettings, OpenItem};
use crate::domain::ids::{message_key, random_id};
use crate::domain::prompts::QuestionBank;
use crate::domain::time::key_time;
use crate::domain::{
    Decision, Email, Entry, Event, Goal, Mentorship, Pairing, Person, Role, Scheduled,
};

/// How long the dedupe marker of an inbound message is kept (SES retries for hours, not weeks).
const SEEN_TTL_DAYS: i64 = 30;

#[derive(Debug, Default)]
pub struct Changes {
    writes: Vec<Write>,
    keys: HashSet<Key>,
    /// The first record that could not be serialised; the commit fails with it.
    error: Option<StoreError>,
    /// The entries of the batch with their times (epoch seconds): the repo's retention, if
    /// the programme sets one, gives them their expiry when the batch is committed.
    entry_times: Vec<(Key, i64)>,
}

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many table writes the batch holds so far (a transaction takes at most 100).
    pub fn len(&self) -> usize {
        self.writes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.error.is_none()
    }

    pub fn into_writes(self) -> StoreResult<Vec<Write>> {
        self.into_writes_retaining(None)
    }

    /// The writes, the entries expiring `retention` seconds after their time when given.
    pub fn into_writes_retaining(self, retention: Option<i64>) -> StoreResult<Vec<Write>> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut writes = self.writes;
        if let Some(retention) = retention {
            for write in &mut writes {
                if let Write::Put { item, .. } = write
                    && let Some((_, at)) = self.entry_times.iter().find(|(k, _)| *k == item.key)
                {
                    item.expires_at = Some(at.saturating_add(retention));
                }
            }
        }
        Ok(writes)
    }

    /// The items of a batch of unconditional puts only, for [`crate::store::Store::put_all`]:
    /// a batch holding a conditional write or a removal is refused as invalid.
    pub fn into_puts_retaining(self, retention: Option<i64>) -> StoreResult<Vec<Item>> {
        self.into_writes_retaining(retention)?
            .into_iter()
            .map(|write| match write {
                Write::Put {
                    item,
                    condition: Condition::None,
                } => Ok(item),
                other => Err(StoreError::Invalid(format!(
                    "not an unconditional put: {other:?}"
                ))),
            })
            .collect()
    }

    fn push(&mut self, item: StoreResult<Item>, condition: Condition) -> &mut Self {
        match item {
            Ok(item) => {
                if self.keys.insert(item.key.clone()) {
                    self.writes.push(Write::Put { item, condition });
                }
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    fn put(&mut self, item: StoreResult<Item>) -> &mut Self {
        self.push(item, Condition::None)
    }

    /// Written only if not there yet: the batch is a [`super::Committed::Duplicate`] otherwise.
    fn insert(&mut self, item: StoreResult<Item>) -> &mut Self {
        self.push(item, Condition::NotExists)
    }

    /// `person` as changed from `read`, their profile as it was read: the batch holds only if
    /// nobody changed the status since (a bounce report, an unsubscribe, another mail), and is a
    /// [`super::Committed::Duplicate`] otherwise, for the caller to read again.
    pub fn person_changed(&mut self, person: &Person, read: &Person) -> &mut Self {
        let version = read
            .status_changed_at
            .and_then(|at| match serde_json::to_value(at) {
                Ok(serde_json::Value::String(at)) => Some(at),
                _ => None,
            });
        self.push(
            to_item(keys::person(&person.email), "person", person, None, None),
            Condition::FieldIs {
                field: PERSON_VERSION.to_string(),
                value: version,
            },
        )
    }

    pub fn person(&mut self, person: &Person) -> &mut Self {
        self.put(to_item(
            keys::person(&person.email),
            "person",
            person,
            None,
            None,
        ))
    }

    /// The mentorship, its copy in the pair directory, and both sides of the pairing index.
    pub fn mentorship(&mut self, mentorship: &Mentorship) -> &mut Self {
        self.put(to_item(
            keys::mentorship(&mentorship.id),
            "mentorship",
            mentorship,
            None,
            None,
        ));
        self.put(to_item(
            keys::pair_directory(&mentorship.id),
            "pair_directory",
            mentorship,
            None,
            None,
        ));
        self.pairing(
            &mentorship.mentor,
            Role::Mentor,
            &mentorship.mentee,
            mentorship,
        );
        self.pairing(
            &mentorship.mentee,
            Role::Mentee,
            &mentorship.mentor,
            mentorship,
        )
    }

    fn pairing(&mut self, who: &Email, role: Role, with: &Email, m: &Mentorship) -> &mut Self {
        let pairing = Pairing {
            mentorship_id: m.id.clone(),
            role,
            with: with.clone(),
        };
        self.put(to_item(
            keys::pairing(who, &m.id),
            "pairing",
            &pairing,
            None,
            None,
        ))
    }

    /// A goal, new or changed; prompts that cached the goals see the change.
    pub fn goal(&mut self, goal: &Goal) -> &mut Self {
        self.put(to_item(
            keys::goal(&goal.mentorship_id, &goal.id),
            "goal",
            goal,
            None,
            None,
        ));
        self.context_changed(&goal.mentorship_id)
    }

    /// An open item, new or changed (a retry writes the same item again).
    pub fn open_item(&mut self, item: &OpenItem) -> &mut Self {
        self.put(to_item(
            keys::item(&item.mentorship_id, &item.id),
            "item",
            item,
            None,
            None,
        ));
        self.context_changed(&item.mentorship_id)
    }

    /// Item numbers up to `last` given, where `read` was the highest given when the numbers were
    /// chosen: the batch is a [`super::Committed::Duplicate`] when another batch gave numbers
    /// since, for the caller to read again and choose others.
    pub fn item_numbers_given(
        &mut self,
        mentorship_id: &str,
        read: Option<u32>,
        last: u32,
    ) -> &mut Self {
        let condition = match read {
            None => Condition::NotExists,
            Some(read) => Condition::FieldIs {
                field: ITEM_NUMBERS_VERSION.to_string(),
                value: Some(ItemNumbers::new(read).last),
            },
        };
        self.push(
            to_item(
                keys::item_numbers(mentorship_id),
                "item_numbers",
                &ItemNumbers::new(last),
                None,
                None,
            ),
            condition,
        )
    }

    /// A decision and nothing else of the batch, unless it is new.
    pub fn decision_once(&mut self, decision: &Decision) -> &mut Self {
        self.insert(to_item(
            keys::decision(
                &decision.mentorship_id,
                &key_time(decision.decided_at),
                &decision.id,
            ),
            "decision",
            decision,
            None,
            None,
        ))
    }

    /// A decision as changed (an outcome added).
    pub fn decision(&mut self, decision: &Decision) -> &mut Self {
        self.put(to_item(
            keys::decision(
                &decision.mentorship_id,
                &key_time(decision.decided_at),
                &decision.id,
            ),
            "decision",
            decision,
            None,
            None,
        ))
    }

    /// The mentorship's goals, decisions or open items changed: cached copies are stale.
    pub fn context_changed(&mut self, mentorship_id: &str) -> &mut Self {
        self.put(to_item(
            keys::prompt_context(mentorship_id),
            "prompt_context",
            &ContextVersion {
                version: random_id(),
            },
            None,
            None,
        ))
    }

    /// A schedule item at its due time (replacing the slot's item).
    pub fn schedule(&mut self, scheduled: &Scheduled) -> &mut Self {
        self.put(scheduled_item(scheduled))
    }

    /// A schedule item, only if its slot is empty.
    pub fn schedule_once(&mut self, scheduled: &Scheduled) -> &mut Self {
        self.insert(scheduled_item(scheduled))
    }

    /// Forget that a message was seen, so that its next delivery is handled afresh.
    pub fn forget_message(&mut self, message_id: &str) -> &mut Self {
        let key = keys::inbound_seen(message_id);
        if self.keys.insert(key.clone()) {
            self.writes.push(Write::Delete { key });
        }
        self
    }

    fn delete(&mut self, key: Key) -> &mut Self {
        if self.keys.insert(key.clone()) {
            self.writes.push(Write::Delete { key });
        }
        self
    }

    /// Remove a slot's schedule item.
    pub fn unschedule(&mut self, mentorship_id: &str, slot: &str) -> &mut Self {
        self.delete(keys::schedule(mentorship_id, slot))
    }

    /// Remove a reflection or feedback entry (an admin's correction of a wrongly recorded mail).
    pub fn remove_entry(&mut self, entry: &Entry) -> &mut Self {
        self.delete(keys::entry(
            &entry.mentorship_id,
            &key_time(entry.at),
            &message_key(&entry.message_id),
        ))
    }

    /// Remove an open item; prompts that cached the items see the change.
    pub fn remove_open_item(&mut self, item: &OpenItem) -> &mut Self {
        self.delete(keys::item(&item.mentorship_id, &item.id));
        self.context_changed(&item.mentorship_id)
    }

    /// Remove a decision; prompts that cached the decisions see the change.
    pub fn remove_decision(&mut self, decision: &Decision) -> &mut Self {
        self.delete(keys::decision(
            &decision.mentorship_id,
            &key_time(decision.decided_at),
            &decision.id,
        ));
        self.context_changed(&decision.mentorship_id)
    }

    /// Remove a goal; prompts that cached the goals see the change.
    pub fn remove_goal(&mut self, goal: &Goal) -> &mut Self {
        self.delete(keys::goal(&goal.mentorship_id, &goal.id));
        self.context_changed(&goal.mentorship_id)
    }

    /// A timeline event; `id` tells events at the same second apart (the message's key).
    pub fn event(&mut self, mentorship_id: &str, event: &Event, id: &str) -> &mut Self {
        self.put(to_item(
            keys::event(mentorship_id, &key_time(event.at), id),
            "event",
            event,
            None,
            None,
        ))
    }

    /// A reflection or feedback entry, once. It expires after the programme's entry retention,
    /// when one is set (see [`super::Repo::with_entry_retention`]).
    pub fn entry_once(&mut self, entry: &Entry) -> &mut Self {
        let key = keys::entry(
            &entry.mentorship_id,
            &key_time(entry.at),
            &message_key(&entry.message_id),
        );
        self.entry_times.push((key.clone(), entry.at.as_second()));
        self.insert(to_item(key, "entry", entry, None, None))
    }

    /// Delete the item at `key`, whatever it holds: an erasure's, which finds the keys of
    /// everything stored about a person with [`super::Repo::pair_partition_keys`].
    pub fn erase(&mut self, key: Key) -> &mut Self {
        self.delete(key)
    }

    /// The dedupe marker of an inbound message: with it in the batch, a second delivery of the
    /// message writes nothing. `outcome` says what was done, for support questions.
    pub fn message_seen(
        &mut self,
        message_id: &str,
        received_at: Timestamp,
        outcome: String,
    ) -> &mut Self {
        self.insert(to_item(
            keys::inbound_seen(message_id),
            "inbound_seen",
            &InboundSeen {
                message_id: message_id.to_string(),
                received_at,
                outcome,
            },
            None,
            Some(received_at.as_second() + SEEN_TTL_DAYS * 86_400),
        ))
    }

    /// The mentee replied at `at`.
    /// The mentee replied at `at`; a batch holding it is a [`super::Committed::Duplicate`] when a
    /// later reply is already recorded (an older mail replayed), so the time never moves back.
    pub fn activity(&mut self, mentorship_id: &str, at: Timestamp) -> &mut Self {
        let version = key_time(at);
        self.push(
            to_item(
                keys::activity(mentorship_id),
                "activity",
                &Activity {
                    last_reply_at: at,
                    last_reply_key: version.clone(),
                },
                None,
                None,
            ),
            Condition::NotNewer {
                field: ACTIVITY_VERSION.to_string(),
                value: version,
            },
        )
    }

    /// SES accepted the mail of scheduled occurrence `occurrence`.
    pub fn send_ack(&mut self, occurrence: &str, ack: &SendAck) -> &mut Self {
        self.put(ack.item(occurrence))
    }

    /// The question bank of `programme`, or of every programme without its own (`None`);
    /// `bank: None` goes back to the deployment's bank (for a programme) or the built-in one.
    pub fn question_bank(
        &mut self,
        programme: Option<&str>,
        bank: Option<&QuestionBank>,
    ) -> &mut Self {
        let key = match programme {
            Some(programme) => keys::programme_question_bank(programme),
            None => keys::question_bank(),
        };
        match bank {
            Some(bank) => self.put(to_item(key, "question_bank", bank, None, None)),
            None => self.delete(key),
        }
    }

    pub fn mentor_settings(&mut self, email: &Email, settings: &MentorSettings) -> &mut Self {
        self.put(to_item(
            keys::person_settings(email),
            "settings",
            settings,
            None,
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::GoalStatus;

    fn goal(id: &str) -> Goal {
        Goal {
            id: id.into(),
            mentorship_id: "m1".into(),
            title: format!("Goal {id}"),
            target: None,
            status: GoalStatus::Open,
            created_at: "2026-11-30T09:00:00Z".parse().unwrap(),
            progress: Vec::new(),
        }
    }

    #[test]
    fn a_batch_touches_each_key_once_and_the_context_version_once() {
        let mut changes = Changes::new();
        changes.goal(&goal("a")).goal(&goal("b")).goal(&goal("a"));
        let writes = changes.into_writes().unwrap();
        let keys: Vec<&str> = writes
            .iter()
            .map(|w| match w {
                Write::Put { item, .. } => item.key.sk.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(keys, ["GOAL#a", "PROMPT_CONTEXT", "GOAL#b"]);
    }

    #[test]
    fn the_dedupe_marker_and_entries_are_written_once() {
        let mut changes = Changes::new();
        let at: Timestamp = "2026-11-30T09:00:00Z".parse().unwrap();
        changes.message_seen("msg-1", at, "test".into());
        let writes = changes.into_writes().unwrap();
        match &writes[0] {
            Write::Put { item, condition } => {
                assert_eq!(*condition, Condition::NotExists);
                assert_eq!(item.expires_at, Some(at.as_second() + 30 * 86_400));
            }
            other => panic!("not a put: {other:?}"),
        }
    }
}
