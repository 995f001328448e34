//! Local mode: a SQLite file and an outbox folder of `.eml` files under `--data`.

use std::path::Path;

use anyhow::Context as _;
use jiff::Timestamp;
use mentormail::config::Settings;
use mentormail::domain::ids::random_id;
use mentormail::mail::token::TokenKey;
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

/// The store, the outbox and the settings of a local data folder. The token secret is
/// `MENTORMAIL_TOKEN_SECRET`, or one generated at first use and kept in the folder's database,
/// so that every later command on the folder accepts the replies to the prompts it sent.
///
/// Items past their expiry (`expires_at`: dedupe markers, entries past the retention) are
/// removed first, as DynamoDB's TTL removes them in AWS; `now` is the command's time.
pub async fn open_local(
    data: &Path,
    now: Timestamp,
) -> anyhow::Result<(Repo<EmbeddedStore>, OutboxMailer, Settings)> {
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    let store = EmbeddedStore::open(data.join("mentormail.sqlite"))?;
    store.purge_expired(now.as_second())?;
    let repo = Repo::new(store).with_entry_retention(mentormail::config::entry_retention_days()?);
    let mailer = OutboxMailer::new(data.join("outbox"))?;
    let secret = match std::env::var("MENTORMAIL_TOKEN_SECRET") {
        Ok(secret) if !secret.is_empty() => secret,
        _ => match repo.local_secret().await? {
            Some(secret) => secret,
            None => {
                let secret = format!("{}{}{}", random_id(), random_id(), random_id());
                repo.save_local_secret(&secret).await?;
                secret
            }
        },
    };
    let key = match mentormail::config::var("MENTORMAIL_TOKEN_SECRET_PREVIOUS") {
        // Rotating: replies to mail signed with the previous secret are still taken.
        Some(previous) => TokenKey::new(secret).with_previous(previous),
        None => TokenKey::new(secret),
    };
    let mut settings = Settings::from_env_with_key(key);
    settings.archive_folder = Some(data.join("archive"));
    // The mails' links (unsubscribe, preferences) open `mentormail serve` on this machine.
    settings
        .unsubscribe_url
        .get_or_insert_with(mentormail::config::local_pages_url);
    Ok((repo, mailer, settings))
}
