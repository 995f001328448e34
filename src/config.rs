//! Environment -> settings, read once at start.
//!
//! | variable | used by | meaning |
//! |---|---|---|
//! | `MENTORMAIL_TABLE` | all (AWS) | DynamoDB table name |
//! | `MENTORMAIL_BUCKET` | inbound | bucket the SES receipt rule writes raw mail to |
//! | `MENTORMAIL_INBOUND_PREFIX` | inbound | key prefix of raw mail (default `inbound/`) |
//! | `MENTORMAIL_DOMAIN` | all | the mail domain (reply tokens, notes address) |
//! | `MENTORMAIL_FROM` | scheduler | sender address (default `coach@DOMAIN`) |
//! | `MENTORMAIL_PROGRAMME` | scheduler | programme name shown in mail |
//! | `MENTORMAIL_TOKEN_SECRET_PARAMETER` | all (AWS) | SSM SecureString holding the token secret |
//! | `MENTORMAIL_TOKEN_SECRET` | all | the secret itself (local mode and tests) |
//! | `MENTORMAIL_CONFIGURATION_SET` | scheduler | SES configuration set |
//! | `MENTORMAIL_UNSUBSCRIBE_URL` | scheduler | one-click unsubscribe endpoint (HTTPS) |

use std::time::Duration;

use jiff::SignedDuration;

use crate::domain::prompts::default_bank;
use crate::ingest::IngestSettings;
use crate::mail::token::TokenKey;
use crate::schedule::ScheduleSettings;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("reading the token secret from SSM parameter {name}: {message}")]
    Secret { name: String, message: String },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    var(name).ok_or(ConfigError::Missing(name))
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
        }
    }

    /// For the Lambda functions and `--aws`: the domain is required and the secret comes from
    /// `MENTORMAIL_TOKEN_SECRET`, or from the SSM SecureString named by
    /// `MENTORMAIL_TOKEN_SECRET_PARAMETER`.
    pub async fn from_env_aws(sdk: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        required("MENTORMAIL_DOMAIN")?;
        let secret = match var("MENTORMAIL_TOKEN_SECRET") {
            Some(secret) => secret,
            None => {
                let name = required("MENTORMAIL_TOKEN_SECRET_PARAMETER")?;
                read_secret_parameter(sdk, &name).await?
            }
        };
        Ok(Self::from_env_with_key(TokenKey::new(secret)))
    }

    pub fn ingest(&self) -> IngestSettings {
        IngestSettings {
            domain: self.domain.clone(),
            notes_local_part: "notes".into(),
            token_key: self.token_key.clone(),
        }
    }

    pub fn schedule(&self) -> ScheduleSettings {
        ScheduleSettings {
            programme: self.programme.clone(),
            from_address: self.from_address.clone(),
            domain: self.domain.clone(),
            token_key: self.token_key.clone(),
            unsubscribe_url: self.unsubscribe_url.clone(),
            question_bank: default_bank(),
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

/// Where SES stored raw mail: bucket and key prefix.
pub fn inbound_bucket() -> Result<(String, String), ConfigError> {
    Ok((
        required("MENTORMAIL_BUCKET")?,
        var("MENTORMAIL_INBOUND_PREFIX").unwrap_or_else(|| "inbound/".into()),
    ))
}

async fn read_secret_parameter(
    sdk: &aws_config::SdkConfig,
    name: &str,
) -> Result<String, ConfigError> {
    let error = |message: String| ConfigError::Secret {
        name: name.to_string(),
        message,
    };
    let output = aws_sdk_ssm::Client::new(sdk)
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| error(aws_sdk_ssm::error::DisplayErrorContext(&e).to_string()))?;
    output
        .parameter
        .and_then(|p| p.value)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| error("the parameter has no value".into()))
}
