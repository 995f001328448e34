//! Typed reads and writes of the domain's records over any [`Store`].

use jiff::Timestamp;

use super::records::{
    ContextVersion, Pairing, QuestionBank, Scheduled, Task, from_item, keys, to_item,
};
use super::{Condition, Item, Store, StoreError, StoreResult, Write};
use crate::domain::feedback::{ItemStatus, MentorSettings, OpenItem};
use crate::domain::schedule::{next_goal_reminder, next_prompt, outside_quiet_hours, zone};
use crate::domain::time::key_time;
use crate::domain::{Entry, Goal, Mentorship, Person, SentMail};

/// The domain's view of a store.
#[derive(Debug, Clone)]
pub struct Repo<S> {
    store: S,
}

fn put(item: Item) -> Write {
    Write::Put {
        item,
        condition: Condition::None,
    }
}

impl<S: Store> Repo<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// The records of one kind (`sk` prefix) of a mentorship, in key order.
    pub async fn records_of<T: serde::de::DeserializeOwned>(
        &self,
        mentorship_id: &str,
        sk_prefix: &str,
    ) -> StoreResult<Vec<T>> {
        self.store
            .query(&keys::mentorship_pk(mentorship_id), sk_prefix)
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    pub async fn person(&self, email: &str) -> StoreResult<Option<Person>> {
        match self.store.get(&keys::person(email)).await? {
            Some(item) => Ok(Some(from_item(&item)?)),
            None => Ok(None),
        }
    }

    pub fn person_write(person: &Person) -> StoreResult<Write> {
        Ok(put(to_item(
            keys::person(&person.email),
            "person",
            person,
            None,
            None,
        )?))
    }

    pub async fn put_person(&self, person: &Person) -> StoreResult<()> {
        self.store.write(vec![Self::person_write(person)?]).await
    }

    pub async fn mentorship(&self, id: &str) -> StoreResult<Option<Mentorship>> {
        match self.store.get(&keys::mentorship(id)).await? {
            Some(item) => Ok(Some(from_item(&item)?)),
            None => Ok(None),
        }
    }

    /// The mentorships a person is in.
    pub async fn pairings(&self, email: &str) -> StoreResult<Vec<Pairing>> {
        self.store
            .query(&keys::person_pk(email), "MENTORSHIP#")
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    /// Enrol (or update) a pair: both people, the mentorship, the pairing index and the first
    /// prompt's schedule, in one atomic write. Re-enrolling keeps the prompt sequence.
    pub async fn enrol(
        &self,
        mentor: &Person,
        mentee: &Person,
        mentorship: &Mentorship,
        now: Timestamp,
    ) -> StoreResult<Timestamp> {
        let tz = zone(&mentee.time_zone);
        let existing = self
            .store
            .get(&keys::schedule(&mentorship.id, "PROMPT"))
            .await?
            .map(|item| from_item::<Scheduled>(&item))
            .transpose()?;
        let seq = match existing.map(|s| s.task) {
            Some(Task::Prompt { seq, .. }) => seq,
            _ => 1,
        };
        let first = next_prompt(&mentorship.cadence, mentorship.prompt_time, &tz, None, now);
        let schedule = Scheduled {
            mentorship_id: mentorship.id.clone(),
            due_at: first,
            task: Task::prompt(seq, &mentor.email, &mentee.email),
        };
        let pairing = |email: &str, role: &str, with: &str| {
            to_item(
                keys::pairing(email, &mentorship.id),
                "pairing",
                &Pairing {
                    mentorship_id: mentorship.id.clone(),
                    role: role.into(),
                    with: with.into(),
                },
                None,
                None,
            )
        };
        self.store
            .write(vec![
                Self::person_write(mentor)?,
                Self::person_write(mentee)?,
                put(to_item(
                    keys::mentorship(&mentorship.id),
                    "mentorship",
                    mentorship,
                    None,
                    None,
                )?),
                put(pairing(&mentor.email, "mentor", &mentee.email)?),
                put(pairing(&mentee.email, "mentee", &mentor.email)?),
                put(schedule.to_item()?),
            ])
            .await?;
        Ok(first)
    }

    /// Enrol a pair as [`Repo::enrol`] does and, for a new pair, schedule the kickoff (now, or
    /// when the mentee's quiet hours end) and the mentor's weekly digest (six days after the
    /// first prompt, so there is something to report).
    pub async fn enrol_with_kickoff(
        &self,
        mentor: &Person,
        mentee: &Person,
        mentorship: &Mentorship,
        now: Timestamp,
    ) -> StoreResult<Timestamp> {
        let is_new = self.mentorship(&mentorship.id).await?.is_none();
        let first = self.enrol(mentor, mentee, mentorship, now).await?;
        if is_new {
            let kickoff = Scheduled {
                mentorship_id: mentorship.id.clone(),
                due_at: outside_quiet_hours(now, &zone(&mentee.time_zone)),
                task: Task::Kickoff,
            };
            let digest_at = first
                .saturating_add(jiff::SignedDuration::from_hours(24 * 6))
                .unwrap_or(first);
            let digest = Scheduled {
                mentorship_id: mentorship.id.clone(),
                due_at: outside_quiet_hours(digest_at, &zone(&mentor.time_zone)),
                task: Task::Digest {
                    since: None,
                    session: None,
                },
            };
            self.store
                .write(vec![put(kickoff.to_item()?), put(digest.to_item()?)])
                .await?;
        }
        Ok(first)
    }

    pub async fn goals(&self, mentorship_id: &str) -> StoreResult<Vec<Goal>> {
        self.records_of(mentorship_id, "GOAL#").await
    }

    /// Add a goal, and schedule its reminders when it has a target date.
    pub async fn add_goal(
        &self,
        goal: &Goal,
        mentorship: &Mentorship,
        mentee: &Person,
        now: Timestamp,
    ) -> StoreResult<Option<Timestamp>> {
        let (mut writes, reminder_at) = Self::goal_writes(goal, mentorship, mentee, now)?;
        writes.push(ContextVersion::bump(&goal.mentorship_id)?);
        self.store.write(writes).await?;
        Ok(reminder_at)
    }

    /// The writes of [`Repo::add_goal`], for use cases that add a goal in the same atomic write
    /// as other records (a mentor's notes: entry, goals and open items together). Goals are
    /// cached on the prompt's schedule item: the caller adds one [`ContextVersion::bump`] to
    /// the same write (once, however many goals it adds).
    pub fn goal_writes(
        goal: &Goal,
        mentorship: &Mentorship,
        mentee: &Person,
        now: Timestamp,
    ) -> StoreResult<(Vec<Write>, Option<Timestamp>)> {
        let mut writes = vec![put(to_item(
            keys::goal(&goal.mentorship_id, &goal.id),
            "goal",
            goal,
            None,
            None,
        )?)];
        let mut reminder_at = None;
        if let Some(target) = goal.target {
            let tz = zone(&mentee.time_zone);
            if let Some((_, at)) =
                next_goal_reminder(target, mentorship.prompt_time, &tz, None, now)
            {
                let schedule = Scheduled {
                    mentorship_id: goal.mentorship_id.clone(),
                    due_at: at,
                    task: Task::GoalReminder {
                        goal_id: goal.id.clone(),
                        sent: None,
                    },
                };
                writes.push(put(schedule.to_item()?));
                reminder_at = Some(at);
            }
        }
        Ok((writes, reminder_at))
    }

    /// The open items of a mentorship (action items from mentors' notes not yet closed), oldest
    /// first. The next reflection prompt asks the mentee about them.
    pub async fn open_items(&self, mentorship_id: &str) -> StoreResult<Vec<OpenItem>> {
        let items: Vec<OpenItem> = self.records_of(mentorship_id, "ITEM#").await?;
        let mut open: Vec<OpenItem> = items.into_iter().filter(OpenItem::is_open).collect();
        open.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(open)
    }

    /// The write that records an open item (a retry writes the same item again).
    pub fn item_write(item: &OpenItem) -> StoreResult<Write> {
        Ok(put(to_item(
            keys::item(&item.mentorship_id, &item.id),
            "item",
            item,
            None,
            None,
        )?))
    }

    /// Close (or reopen) an open item; `false` when there is no such item.
    pub async fn set_item_status(
        &self,
        mentorship_id: &str,
        item_id: &str,
        status: ItemStatus,
    ) -> StoreResult<bool> {
        let Some(stored) = self.store.get(&keys::item(mentorship_id, item_id)).await? else {
            return Ok(false);
        };
        let mut item: OpenItem = from_item(&stored)?;
        item.status = status;
        self.store.write(vec![Self::item_write(&item)?]).await?;
        Ok(true)
    }

    /// The programme's question bank, if an admin replaced the built-in one.
    pub async fn question_bank(&self) -> StoreResult<Option<QuestionBank>> {
        self.store
            .get(&keys::question_bank())
            .await?
            .map(|item| from_item(&item))
            .transpose()
    }

    pub async fn set_question_bank(&self, bank: Option<&QuestionBank>) -> StoreResult<()> {
        let write = match bank {
            Some(bank) => put(to_item(
                keys::question_bank(),
                "question_bank",
                bank,
                None,
                None,
            )?),
            None => Write::Delete {
                key: keys::question_bank(),
            },
        };
        self.store.write(vec![write]).await
    }

    /// A mentor's preferences (defaults when never set).
    pub async fn mentor_settings(&self, email: &str) -> StoreResult<MentorSettings> {
        match self.store.get(&keys::person_settings(email)).await? {
            Some(item) => from_item(&item),
            None => Ok(MentorSettings::default()),
        }
    }

    pub async fn put_mentor_settings(
        &self,
        email: &str,
        settings: &MentorSettings,
    ) -> StoreResult<()> {
        self.store
            .write(vec![put(to_item(
                keys::person_settings(email),
                "settings",
                settings,
                None,
                None,
            )?)])
            .await
    }

    /// Reflections and feedback, oldest first.
    pub async fn timeline(&self, mentorship_id: &str) -> StoreResult<Vec<Entry>> {
        self.records_of(mentorship_id, "ENTRY#").await
    }

    /// What was sent, oldest first.
    pub async fn sent(&self, mentorship_id: &str) -> StoreResult<Vec<SentMail>> {
        self.records_of(mentorship_id, "SENT#").await
    }

    /// The schedule items of a mentorship (what is due next, and when).
    pub async fn schedule(&self, mentorship_id: &str) -> StoreResult<Vec<Scheduled>> {
        self.records_of(mentorship_id, "SCHEDULE#").await
    }

    /// The write that records an entry, once: a second write of the same entry fails its
    /// condition.
    pub fn entry_write(entry: &Entry) -> StoreResult<Write> {
        let key = keys::entry(
            &entry.mentorship_id,
            &key_time(entry.at),
            &crate::domain::ids::message_key(&entry.message_id),
        );
        Ok(Write::Put {
            item: to_item(key, "entry", entry, None, None)?,
            condition: Condition::NotExists,
        })
    }
}

/// `true` when an error is a failed condition (a duplicate or a lost race), not a fault.
pub fn is_condition_failed(result: &StoreResult<()>) -> bool {
    matches!(result, Err(StoreError::ConditionFailed))
}
