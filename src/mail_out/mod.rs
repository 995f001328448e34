//! Mail out: `now` -> what was due is sent, once.
//!
//! Due items come from the sharded `due` index only (a range query per shard), so a run costs
//! what is due, not the size of the table. Each item is claimed before it is sent (`lease`): a
//! conditional write moves it out of the due range to `now + lease`, so a concurrent or retried
//! run cannot take it. Then the pair is read in one batch (`pair`), the mail planned (`plan`,
//! `digest`), sent and recorded with the item's next due time in one atomic write (`deliver`).
//! A run that dies after claiming loses nothing: when the lease expires the item is due again
//! and the next run sends it. In AWS the scheduler only claims and queues one job per item, and
//! the sender function delivers the jobs (`fanout`).

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::domain::ProgrammeSettings;
use crate::domain::prompts::Question;
use crate::mail::token::TokenKey;
use crate::mailer::Mailer;
use crate::store::Store;
use crate::store::records::occurrence_id;
use crate::store::repo::{DueEntry, Repo, shards};

mod deliver;
mod digest;
pub mod digest_files;
mod fanout;
mod lease;
mod pair;
mod plan;
mod recap;
mod report;
mod summary;

pub use fanout::{Planner, QUEUE_LEASE, SEND_MARGIN};
pub use plan::NUDGE_AFTER;
pub use report::{RunReport, ScheduleError, SentSummary};

/// Items read per due-index query.
const PAGE: usize = 100;

/// Settings of the scheduler.
#[derive(Debug, Clone)]
pub struct ScheduleSettings {
    pub programme: String,
    /// Sender address (a verified SES identity).
    pub from_address: String,
    pub domain: String,
    pub token_key: TokenKey,
    /// Base of the one-click unsubscribe URL, when deployed with one.
    pub unsubscribe_url: Option<String>,
    /// Local mode's archive folder: the digest links kept files by their path (see
    /// `digest_files`).
    pub archive_folder: Option<std::path::PathBuf>,
    pub question_bank: Vec<Question>,
    /// The programmes that have their own question bank, by name.
    pub programme_banks: std::collections::BTreeMap<String, Vec<Question>>,
    /// The programmes' own settings (recaps, summary admins), by name; absent: the defaults.
    pub programme_settings: std::collections::BTreeMap<String, ProgrammeSettings>,
    /// How long a claim holds before another run may take the item again.
    pub lease: SignedDuration,
    /// Pauses between retries of a throttled send.
    pub throttle_backoff: Vec<Duration>,
}

impl ScheduleSettings {
    /// The questions of `programme`'s prompts: its own bank, else the deployment's.
    pub fn questions_of(&self, programme: &str) -> &[Question] {
        self.programme_banks
            .get(programme)
            .map_or(&self.question_bank, |bank| bank)
    }

    /// Whether `programme`'s mentees get the monthly recap (on unless an admin turned it off).
    pub fn recaps_for(&self, programme: &str) -> bool {
        self.programme_settings
            .get(programme)
            .is_none_or(|settings| settings.recap)
    }
}

/// The outbound use case: the store, the mailer that sends, and the settings.
pub struct MailOut<S, M> {
    pub repo: Repo<S>,
    pub mailer: M,
    pub settings: ScheduleSettings,
}

impl<S: Store, M: Mailer> MailOut<S, M> {
    /// The settings with the question banks an admin has set (`mentormail questions set`,
    /// for every programme or one) and the programmes' settings (`mentormail programme`): one
    /// read and one query.
    async fn settings_now(&self) -> Result<ScheduleSettings, ScheduleError> {
        let mut settings = self.settings.clone();
        if let Some(bank) = self.repo.question_bank().await? {
            settings.question_bank = bank.questions;
        }
        let programmes = self.repo.programme_records().await?;
        settings.programme_banks = programmes
            .banks
            .into_iter()
            .map(|(programme, bank)| (programme, bank.questions))
            .collect();
        settings.programme_settings = programmes.settings;
        Ok(settings)
    }

    /// Run the scheduler at `now`: claim, plan, send and record everything due.
    pub async fn run(&self, now: Timestamp) -> Result<RunReport, ScheduleError> {
        let mut report = RunReport::default();
        let settings = self.settings_now().await?;
        for shard in shards() {
            loop {
                let entries = self.repo.due_page(&shard, now, PAGE).await?;
                let page_len = entries.len();
                let (failed, raced) = (report.failed, report.raced);
                for entry in entries {
                    self.process(&settings, now, entry, &mut report).await?;
                    if report.stopped.is_some() {
                        // Sending itself is refused: every further send would fail alike.
                        return Err(ScheduleError::SendingStopped(Box::new(report)));
                    }
                }
                if report.failed > failed {
                    // Sends fail for now, and what failed is due again in the next page: leave
                    // the rest of this shard to the next run instead of retrying it in a loop.
                    break;
                }
                // Every processed item left the due range (claimed, moved on or dropped), so the
                // next page starts with unseen items; a short page is the last. A page that
                // another run took entirely may mean the index lags behind the claims: stop this
                // shard rather than spin, the next run sees the rest.
                if page_len < PAGE || report.raced - raced == page_len {
                    break;
                }
            }
        }
        Ok(report)
    }

    async fn process(
        &self,
        settings: &ScheduleSettings,
        now: Timestamp,
        entry: DueEntry,
        report: &mut RunReport,
    ) -> Result<(), ScheduleError> {
        let lease_until = now.saturating_add(settings.lease).unwrap_or(now);
        let Some(claimed) = lease::claim(&self.repo, entry, lease_until, report).await? else {
            return Ok(());
        };
        if claimed.scheduled.task.programme_level().is_some() {
            let ack = self
                .repo
                .read_programme_item(&claimed.key, &occurrence_id(&claimed.scheduled))
                .await?
                .1;
            summary::deliver(self, settings, now, claimed, ack, report).await?;
            return Ok(());
        }
        let read = pair::read(&self.repo, &claimed.scheduled, None).await?;
        deliver::deliver(self, settings, now, claimed, read, report).await?;
        Ok(())
    }
}
