//! Environment -> settings, read once at start. (`clients::Clients::settings` adds the token
//! secret from SSM for the Lambda functions and `--aws`.)
//!
//! | variable | used by | meaning |
//! |---|---|---|
//! | `MENTORMAIL_TABLE` | all (AWS) | DynamoDB table name |
//! | `MENTORMAIL_BUCKET` | inbound | bucket the SES receipt rule writes raw mail to |
//! | `MENTORMAIL_INBOUND_PREFIX` | inbound | key prefix of raw mail (default `inbound/`) |
//! | `MENTORMAIL_DOMAIN` | all | the mail domain (reply tokens, notes address) |
//! | `MENTORMAIL_FROM` | scheduler, sender | sender address (default `coach@DOMAIN`) |
//! | `MENTORMAIL_PROGRAMME` | scheduler, sender | programme name shown in mail |
//! | `MENTORMAIL_TOKEN_SECRET_PARAMETER` | all (AWS) | SSM SecureString holding the token secret |
//! | `MENTORMAIL_TOKEN_SECRET` | all | the secret itself (local mode and tests) |
//! | `MENTORMAIL_CONFIGURATION_SET` | scheduler, sender | SES configuration set |
//! | `MENTORMAIL_UNSUBSCRIBE_URL` | scheduler, sender | the pages' base URL: one-click unsubscribe, `/preferences` (HTTPS; local mode: `http://127.0.0.1:8025`, `mentormail serve`) |
//! | `MENTORMAIL_SEND_QUEUE_URL` | scheduler | FIFO queue of send jobs; set: fan-out mode |
//! | `MENTORMAIL_SEND_RATE` | sender | SES maximum send rate, mails/s (default 1) |
//! | `MENTORMAIL_SENDER_CONCURRENCY` | sender | sender functions at most at once (default 2) |
//! | `MENTORMAIL_ATTACHMENT_MAX_FILES` | inbound | files kept from one mail (default 10) |
//! | `MENTORMAIL_ATTACHMENT_MAX_BYTES` | inbound | bytes of one kept file (default 10485760, 10 MB) |

use std::time::Duration;

use jiff::SignedDuration;

use crate::domain::attachment::AttachmentLimits;
use crate::domain::prompts::default_bank;
use crate::mail::token::TokenKey;
use crate::mail_in::IngestSettings;
use crate::mail_out::ScheduleSettings;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("reading the token secret from SSM parameter {name}: {message}")]
    Secret { name: String, message: String },
    #[error("environment variable {name} has an invalid value {value:?}")]
    Invalid { name: String, value: String },
}

/// A variable's value, trimmed; empty counts as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub fn required(name: &'static str) -> Result<String, ConfigError> {
    var(name).ok_or(ConfigError::Missing(name))
}

/// The port `mentormail serve` listens on by default: local mode's mails link to it.
pub const LOCAL_PAGES_PORT: u16 = 8025;

/// Where local mode's mails link to (unsubscribe, preferences) unless
/// `MENTORMAIL_UNSUBSCRIBE_URL` says otherwise: `mentormail serve` on its default port.
pub fn local_pages_url() -> String {
    format!("http://127.0.0.1:{LOCAL_PAGES_PORT}")
}

/// Settings shared by every entry point.
#[derive(Debug, Clone)]
pub struct Settings {
    pub domain: String,
    pub from_address: String,
    pub programme: String,
    pub configuration_set: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub token_key: TokenKey,
    /// Local mode's archive folder: mails link to kept files by their path there. `None` in
    /// AWS, where they link through the pages (`/file`).
    pub archive_folder: Option<std::path::PathBuf>,
}

impl Settings {
    /// Everything but the secret from the environment, with local-mode defaults.
    pub fn from_env_with_key(token_key: TokenKey) -> Self {
        let domain = var("MENTORMAIL_DOMAIN").unwrap_or_else(|| "mentormail.localhost".into());
        Self {
            from_address: var("MENTORMAIL_FROM").unwrap_or_else(|| format!("coach@{domain}")),
            programme: var("MENTORMAIL_PROGRAMME").unwrap_or_else(|| "PM Mentoring".into()),
            configuration_set: var("MENTORMAIL_CONFIGURATION_SET"),
            unsubscribe_url: var("MENTORMAIL_UNSUBSCRIBE_URL"),
            domain,
            token_key,
            archive_folder: None,
        }
    }

    pub fn ingest(&self) -> IngestSettings {
        IngestSettings {
            domain: self.domain.clone(),
            token_key: self.token_key.clone(),
            from_address: self.from_address.clone(),
            programme: self.programme.clone(),
            unsubscribe_url: self.unsubscribe_url.clone(),
            attachments: attachment_limits().unwrap_or_else(|e| {
                tracing::warn!(error = %e, "attachment limits not valid: the defaults apply");
                AttachmentLimits::default()
            }),
        }
    }

    pub fn schedule(&self) -> ScheduleSettings {
        ScheduleSettings {
            programme: self.programme.clone(),
            from_address: self.from_address.clone(),
            domain: self.domain.clone(),
            token_key: self.token_key.clone(),
            unsubscribe_url: self.unsubscribe_url.clone(),
            archive_folder: self.archive_folder.clone(),
            question_bank: default_bank(),
            programme_banks: Default::default(),
            programme_settings: Default::default(),
            lease: SignedDuration::from_mins(10),
            throttle_backoff: vec![
                Duration::from_millis(200),
                Duration::from_millis(800),
                Duration::from_millis(2_000),
            ],
        }
    }
}

/// The table name, required in AWS mode.
pub fn table_name() -> Result<String, ConfigError> {
    required("MENTORMAIL_TABLE")
}

/// The send queue's URL: when set, the scheduler queues send jobs for the sender function
/// instead of sending itself (fan-out mode).
pub fn send_queue_url() -> Option<String> {
    var("MENTORMAIL_SEND_QUEUE_URL")
}

/// How fast one sender function may send: the SES account's maximum send rate
/// (`MENTORMAIL_SEND_RATE`, mails per second, default 1 as in the SES sandbox) shared by the
/// sender functions that may run at once (`MENTORMAIL_SENDER_CONCURRENCY`, default 2).
pub fn sender_rate() -> Result<(f64, u32), ConfigError> {
    let rate = match var("MENTORMAIL_SEND_RATE") {
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && *r > 0.0)
            .ok_or_else(|| ConfigError::Invalid {
                name: "MENTORMAIL_SEND_RATE".into(),
                value: v,
            })?,
        None => 1.0,
    };
    let senders = match var("MENTORMAIL_SENDER_CONCURRENCY") {
        Some(v) => {
            v.parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "MENTORMAIL_SENDER_CONCURRENCY".into(),
                    value: v,
                })?
        }
        None => 2,
    };
    Ok((rate, senders))
}

/// Where SES stored raw mail: bucket and key prefix.
pub fn inbound_bucket() -> Result<(String, String), ConfigError> {
    Ok((
        required("MENTORMAIL_BUCKET")?,
        var("MENTORMAIL_INBOUND_PREFIX").unwrap_or_else(|| "inbound/".into()),
    ))
}

/// How long entries (reflections, feedback) are kept, in days after they were received
/// (`MENTORMAIL_ENTRY_RETENTION_DAYS`): the table's TTL deletes them then. Unset or 0: kept as
/// long as their pair.
pub fn entry_retention_days() -> Result<Option<u32>, ConfigError> {
    match var("MENTORMAIL_ENTRY_RETENTION_DAYS") {
        None => Ok(None),
        Some(v) => match v.parse::<u32>() {
            Ok(0) => Ok(None),
            Ok(days) => Ok(Some(days)),
            Err(_) => Err(ConfigError::Invalid {
                name: "MENTORMAIL_ENTRY_RETENTION_DAYS".into(),
                value: v,
            }),
        },
    }
}

/// How many files one mail may keep and how large each may be
/// (`MENTORMAIL_ATTACHMENT_MAX_FILES`, `MENTORMAIL_ATTACHMENT_MAX_BYTES`; 0 files keeps none).
pub fn attachment_limits() -> Result<AttachmentLimits, ConfigError> {
    let mut limits = AttachmentLimits::default();
    if let Some(v) = var("MENTORMAIL_ATTACHMENT_MAX_FILES") {
        limits.max_files = v.parse().map_err(|_| ConfigError::Invalid {
            name: "MENTORMAIL_ATTACHMENT_MAX_FILES".into(),
            value: v,
        })?;
    }
    if let Some(v) = var("MENTORMAIL_ATTACHMENT_MAX_BYTES") {
        limits.max_bytes = v.parse().map_err(|_| ConfigError::Invalid {
            name: "MENTORMAIL_ATTACHMENT_MAX_BYTES".into(),
            value: v,
        })?;
    }
    Ok(limits)
}
