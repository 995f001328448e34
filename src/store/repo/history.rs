//! Everything the programme report needs about each pair, read from the pairs' own partitions:
//! one `Query` of a pair's partition brings its goals, items, decisions, events, entries, mail
//! sent, schedule and activity together, and the people come in batches of 100 keys. No scan:
//! the report costs what the programme holds.
//!
//! On DynamoDB, per pair: one strongly consistent `Query` (1 read unit per 4 KB of the pair's
//! records, rounded up over the whole page) and two keys of a `BatchGetItem` (1 read unit each,
//! a profile being under 4 KB), besides the pair directory's one `Query` for the programme.

use futures_util::stream::{self, StreamExt as _, TryStreamExt as _};
use jiff::Timestamp;

use super::super::records::{Activity, from_item, keys};
use super::super::{Item, Store, StoreResult};
use super::Repo;
use super::bulk::CONCURRENT_REQUESTS;
use crate::domain::feedback::OpenItem;
use crate::domain::task::PROMPT_SLOT;
use crate::domain::{Decision, Entry, Event, Goal, Mentorship, Person, Scheduled, SentMail};

/// One pair's whole history, as the report reads it.
#[derive(Debug, Clone)]
pub struct PairHistory {
    pub mentorship: Mentorship,
    pub mentor: Option<Person>,
    pub mentee: Option<Person>,
    pub last_reply: Option<Timestamp>,
    /// The next reflection prompt (its nudge state says how many went unanswered).
    pub prompt: Option<Scheduled>,
    pub goals: Vec<Goal>,
    pub items: Vec<OpenItem>,
    pub decisions: Vec<Decision>,
    pub events: Vec<Event>,
    pub entries: Vec<Entry>,
    pub sent: Vec<SentMail>,
}

impl PairHistory {
    /// An empty history of `mentorship`, its people unknown.
    pub fn new(mentorship: Mentorship) -> Self {
        PairHistory {
            mentorship,
            mentor: None,
            mentee: None,
            last_reply: None,
            prompt: None,
            goals: Vec::new(),
            items: Vec::new(),
            decisions: Vec::new(),
            events: Vec::new(),
            entries: Vec::new(),
            sent: Vec::new(),
        }
    }

    /// Sort one item of the pair's partition into its place by its sort key.
    fn add(&mut self, item: &Item) -> StoreResult<()> {
        let sk = item.key.sk.as_str();
        if sk.starts_with("GOAL#") {
            self.goals.push(from_item(item)?);
        } else if sk.starts_with("ITEM#") {
            self.items.push(from_item(item)?);
        } else if sk.starts_with("DECISION#") {
            self.decisions.push(from_item(item)?);
        } else if sk.starts_with("EVENT#") {
            self.events.push(from_item(item)?);
        } else if sk.starts_with("ENTRY#") {
            self.entries.push(from_item(item)?);
        } else if sk.starts_with("SENT#") {
            self.sent.push(from_item(item)?);
        } else if sk == keys::activity("").sk {
            self.last_reply = Some(from_item::<Activity>(item)?.last_reply_at);
        } else if sk == keys::schedule("", PROMPT_SLOT).sk {
            self.prompt = Some(from_item(item)?);
        }
        // The mentorship itself, the prompt context and the other schedule items: not reported.
        Ok(())
    }
}

impl<S: Store> Repo<S> {
    /// The history of each mentorship, in the order given: one query of each pair's partition
    /// (several in flight) and the people by batches.
    pub async fn pair_histories(
        &self,
        mentorships: Vec<Mentorship>,
    ) -> StoreResult<Vec<PairHistory>> {
        let emails: Vec<_> = mentorships
            .iter()
            .flat_map(|m| [m.mentor.clone(), m.mentee.clone()])
            .collect();
        let mut people = self.people(&emails).await?.into_iter();
        // The requests made first, then streamed (see `get_all`): the weekly summary reads
        // histories in the spawned sender function.
        let requests: Vec<_> = mentorships
            .iter()
            .map(|m| {
                let pk = keys::mentorship_pk(&m.id);
                async move { self.store.query(&pk, "").await }
            })
            .collect();
        let partitions: Vec<Vec<Item>> = stream::iter(requests)
            .buffered(CONCURRENT_REQUESTS)
            .try_collect()
            .await?;
        let mut histories = Vec::with_capacity(mentorships.len());
        for (mentorship, items) in mentorships.into_iter().zip(partitions) {
            let mut history = PairHistory::new(mentorship);
            history.mentor = people.next().flatten();
            history.mentee = people.next().flatten();
            for item in &items {
                history.add(item)?;
            }
            histories.push(history);
        }
        Ok(histories)
    }
}
