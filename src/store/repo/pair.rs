//! Everything a due item needs about its pair, in as few requests as possible: one batch read
//! when the item carries the pair's addresses (a prompt's cache), else a read of the mentorship
//! first. The same batch brings SES's acknowledgement of the occurrence being sent and, for a
//! queued job, the claimed item itself, so a prompt costs one read.

use jiff::Timestamp;

use super::super::records::{Activity, ContextVersion, SendAck, from_item, keys};
use super::super::{Key, Store, StoreResult};
use super::Repo;
use super::lease::DueEntry;
use crate::domain::{Email, Mentorship, Person};

/// A pair as the scheduler needs it.
#[derive(Debug, Clone)]
pub struct PairRecords {
    pub mentorship: Mentorship,
    pub mentor: Person,
    pub mentee: Person,
    /// When the mentee last replied to anything.
    pub last_reply: Option<Timestamp>,
    /// The mentorship's context version ("" when never written): whether cached goals,
    /// decisions and open items are still current.
    pub context_version: String,
}

/// What one pair read found.
#[derive(Debug)]
pub struct PairRead {
    /// `None`: the pair is gone (or was re-enrolled with other people).
    pub pair: Option<PairRecords>,
    /// SES accepted this occurrence's mail before, for a run that died before recording it.
    /// An unreadable acknowledgement counts as none: the worst that follows is the duplicate it
    /// was there to prevent.
    pub ack: Option<SendAck>,
    /// The item asked for with `item`, when it exists.
    pub item: Option<DueEntry>,
}

impl<S: Store> Repo<S> {
    /// Read the pair of mentorship `id` (with its addresses when `known`), the acknowledgement of
    /// `occurrence`, and the schedule item `item` when given.
    pub async fn read_pair(
        &self,
        id: &str,
        known: Option<(Email, Email)>,
        occurrence: &str,
        item: Option<&Key>,
    ) -> StoreResult<PairRead> {
        let mut also: Vec<Key> = item.into_iter().cloned().collect();
        also.push(keys::send_ack(occurrence));
        let (mentor_email, mentee_email, mentorship) = match known {
            Some((mentor, mentee)) => (mentor, mentee, None),
            None => match self.mentorship(id).await? {
                Some(m) => (m.mentor.clone(), m.mentee.clone(), Some(m)),
                None => {
                    let mut found = self.store.get_many(&also).await?.into_iter();
                    let item = if item.is_some() {
                        found.next().flatten()
                    } else {
                        None
                    };
                    return Ok(PairRead {
                        pair: None,
                        item: item.map(DueEntry::of),
                        ack: found.next().flatten().and_then(|i| from_item(&i).ok()),
                    });
                }
            },
        };
        let mut wanted = vec![
            keys::person(&mentor_email),
            keys::person(&mentee_email),
            keys::activity(id),
            keys::prompt_context(id),
        ];
        if mentorship.is_none() {
            wanted.push(keys::mentorship(id));
        }
        wanted.extend(also);
        let mut found = self.store.get_many(&wanted).await?.into_iter();
        let mut next = || found.next().flatten();
        let (mentor, mentee, activity, context) = (next(), next(), next(), next());
        let mentorship = match mentorship {
            Some(m) => Some(m),
            None => next()
                .map(|item| from_item::<Mentorship>(&item))
                .transpose()?,
        };
        let claimed_item = if item.is_some() { next() } else { None };
        let ack = next().and_then(|item| from_item(&item).ok());
        let read = |pair| PairRead {
            pair,
            ack,
            item: claimed_item.map(DueEntry::of),
        };
        let (Some(mentorship), Some(mentor), Some(mentee)) = (mentorship, mentor, mentee) else {
            return Ok(read(None));
        };
        if mentorship.mentor != mentor_email || mentorship.mentee != mentee_email {
            // The pair was re-enrolled differently; the cached addresses are not this pair's.
            return Ok(read(None));
        }
        let pair = PairRecords {
            mentorship,
            mentor: from_item(&mentor)?,
            mentee: from_item(&mentee)?,
            last_reply: activity
                .map(|item| from_item::<Activity>(&item))
                .transpose()?
                .map(|a| a.last_reply_at),
            context_version: context
                .map(|item| from_item::<ContextVersion>(&item))
                .transpose()?
                .map(|c| c.version)
                .unwrap_or_default(),
        };
        Ok(read(Some(pair)))
    }
}
