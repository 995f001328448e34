//! A programme's own records: its settings (`PROGRAMME` / `SETTINGS#<programme>`, beside the
//! question banks so that a scheduler run reads them all with one query), and its programme-level
//! schedule items and sent records (the weekly summary, in `PROGRAMME#<programme>`).

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::super::records::{SendAck, from_item, keys, scheduled_item, scheduled_key, to_item};
use super::super::{Condition, Key, Store, StoreResult, Write};
use super::Repo;
use super::lease::DueEntry;
use crate::domain::prompts::QuestionBank;
use crate::domain::{Email, ProgrammeSettings, Scheduled, SentMail, Task};

/// Everything a scheduler run needs to know about the programmes: read with one query.
#[derive(Debug, Default)]
pub struct ProgrammeRecords {
    /// The programmes' own question banks, by programme.
    pub banks: BTreeMap<String, QuestionBank>,
    /// The programmes' settings, by programme (a programme never set is absent: defaults).
    pub settings: BTreeMap<String, ProgrammeSettings>,
}

impl<S: Store> Repo<S> {
    /// The programmes' question banks and settings: one query of the `PROGRAMME` partition.
    pub async fn programme_records(&self) -> StoreResult<ProgrammeRecords> {
        let mut records = ProgrammeRecords::default();
        for item in self.store.query(keys::PROGRAMMES_PK, "").await? {
            if let Some(programme) = item
                .key
                .sk
                .strip_prefix(keys::PROGRAMME_QUESTIONS_SK_PREFIX)
            {
                records
                    .banks
                    .insert(programme.to_owned(), from_item(&item)?);
            } else if let Some(programme) =
                item.key.sk.strip_prefix(keys::PROGRAMME_SETTINGS_SK_PREFIX)
            {
                records
                    .settings
                    .insert(programme.to_owned(), from_item(&item)?);
            }
        }
        Ok(records)
    }

    /// One programme's settings (its defaults when never set).
    pub async fn programme_settings(
        &self,
        programme: &str,
        now: Timestamp,
    ) -> StoreResult<ProgrammeSettings> {
        Ok(self
            .get(&keys::programme_settings(programme))
            .await?
            .unwrap_or_else(|| ProgrammeSettings::defaults(programme, now)))
    }

    /// Store a programme's settings, with its summary schedule: each admin new to the list gets
    /// an item due at `first_summary`, each admin no longer in it loses theirs; admins who stay
    /// keep theirs as it is (a claim on it holds). One atomic write.
    pub async fn set_programme_settings(
        &self,
        settings: &ProgrammeSettings,
        before: &ProgrammeSettings,
        first_summary: Timestamp,
    ) -> StoreResult<()> {
        let summary = |admin: &Email| Scheduled {
            mentorship_id: String::new(),
            due_at: first_summary,
            task: Task::ProgrammeSummary {
                programme: settings.programme.clone(),
                admin: admin.clone(),
            },
        };
        let mut writes = vec![Write::Put {
            item: to_item(
                keys::programme_settings(&settings.programme),
                "programme_settings",
                settings,
                None,
                None,
            )?,
            condition: Condition::None,
        }];
        for admin in settings
            .admins
            .iter()
            .filter(|a| !before.admins.contains(a))
        {
            writes.push(Write::Put {
                item: scheduled_item(&summary(admin))?,
                condition: Condition::None,
            });
        }
        for admin in before
            .admins
            .iter()
            .filter(|a| !settings.admins.contains(a))
        {
            writes.push(Write::Delete {
                key: scheduled_key(&summary(admin)),
            });
        }
        self.store.write(writes).await
    }

    /// A programme-level schedule item by its key, with SES's acknowledgement of `occurrence`:
    /// one batch read (what a queued summary job reads before it sends).
    pub async fn read_programme_item(
        &self,
        key: &Key,
        occurrence: &str,
    ) -> StoreResult<(Option<DueEntry>, Option<SendAck>)> {
        let mut found = self
            .store
            .get_many(&[key.clone(), keys::send_ack(occurrence)])
            .await?
            .into_iter();
        let item = found.next().flatten().map(DueEntry::of);
        let ack = found.next().flatten().and_then(|i| from_item(&i).ok());
        Ok((item, ack))
    }

    /// The programme-level items of a programme (its admins' next summaries).
    pub async fn programme_schedule(&self, programme: &str) -> StoreResult<Vec<Scheduled>> {
        self.store
            .query(&keys::programme_pk(programme), "SCHEDULE#")
            .await?
            .iter()
            .map(from_item)
            .collect()
    }

    /// The summaries sent for a programme, oldest first.
    pub async fn programme_sent(&self, programme: &str) -> StoreResult<Vec<SentMail>> {
        self.store
            .query(&keys::programme_pk(programme), "SENT#")
            .await?
            .iter()
            .map(from_item)
            .collect()
    }
}
