//! The one place that builds AWS SDK configuration and clients.
//!
//! Every binary (the Lambda functions and the CLI with `--aws`) builds one [`Clients`] at start
//! ([`Clients::from_env`]) and takes its adapters from it. Credentials and region come from the
//! standard chain (environment, profile, Lambda/container role). An endpoint override points every service at one local endpoint (moto
//! server in tests); S3 then needs path-style addressing, since `bucket.127.0.0.1` does not resolve.
//! The HTTP client is hyper with rustls on the `ring` provider, which keeps `aws-lc-sys` and its C
//! build out of the dependency tree.

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_http_client::tls;

use crate::archive::s3::S3Archive;
use crate::config::{self, ConfigError, Settings};
use crate::jobs::sqs::SqsQueue;
use crate::mail::token::TokenKey;
use crate::mailer::ses::SesMailer;
use crate::raw_mail::s3::S3RawMail;
use crate::store::dynamodb::DynamoStore;
use crate::store::repo::Repo;

/// Test and development override for every service's endpoint; wins over `AWS_ENDPOINT_URL`.
pub const TEST_ENDPOINT_ENV: &str = "MENTORMAIL_TEST_ENDPOINT";
/// The SDK's own global endpoint override.
pub const ENDPOINT_ENV: &str = "AWS_ENDPOINT_URL";
/// Where the archive's objects live in the raw-mail bucket (kept until erased).
pub const ARCHIVE_PREFIX: &str = "archive/";
/// The SDK's per-service endpoint override for S3.
const S3_ENDPOINT_ENV: &str = "AWS_ENDPOINT_URL_S3";

/// HTTPS client for the SDK: rustls with the `ring` crypto provider.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// The endpoint override from the environment, if any: `MENTORMAIL_TEST_ENDPOINT`, else
/// `AWS_ENDPOINT_URL`. Empty values count as unset.
pub fn endpoint_override() -> Option<String> {
    [TEST_ENDPOINT_ENV, ENDPOINT_ENV]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty())
}

/// Loads the SDK configuration from the standard chain, with the endpoint override from the
/// environment applied (see [`endpoint_override`]).
pub async fn load_config() -> SdkConfig {
    load_config_with_endpoint(endpoint_override()).await
}

/// Loads the SDK configuration from the standard chain, pointing every service at `endpoint`
/// when one is given.
pub async fn load_config_with_endpoint(endpoint: Option<String>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client());
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

pub fn dynamodb_client(config: &SdkConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(config)
}

pub fn sesv2_client(config: &SdkConfig) -> aws_sdk_sesv2::Client {
    aws_sdk_sesv2::Client::new(config)
}

/// S3 client; path-style addressing whenever the endpoint is overridden (virtual-hosted
/// addressing needs DNS for `<bucket>.<host>`, which local endpoints do not have).
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    let endpoint_overridden = config.endpoint_url().is_some()
        || std::env::var(S3_ENDPOINT_ENV).is_ok_and(|value| !value.trim().is_empty());
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(endpoint_overridden)
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

pub fn sqs_client(config: &SdkConfig) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(config)
}

/// The AWS side of the application: SDK configuration loaded once, and the adapters built from
/// it with the settings in the environment (see `config`).
#[derive(Debug, Clone)]
pub struct Clients {
    pub sdk: SdkConfig,
}

impl Clients {
    /// The SDK configuration from the standard chain, with the endpoint override applied.
    pub async fn from_env() -> Self {
        Self {
            sdk: load_config().await,
        }
    }

    /// The deployed table (`MENTORMAIL_TABLE`), with the entry retention
    /// (`MENTORMAIL_ENTRY_RETENTION_DAYS`).
    pub fn repo(&self) -> Result<Repo<DynamoStore>, ConfigError> {
        Ok(Repo::new(DynamoStore::new(
            dynamodb_client(&self.sdk),
            config::table_name()?,
        ))
        .with_entry_retention(config::entry_retention_days()?))
    }

    /// SES v2, with the configuration set of `settings`.
    pub fn mailer(&self, settings: &Settings) -> SesMailer {
        SesMailer::new(sesv2_client(&self.sdk), settings.configuration_set.clone())
    }

    /// The raw-mail bucket (`MENTORMAIL_BUCKET`, `MENTORMAIL_INBOUND_PREFIX`).
    pub fn raw_mail(&self) -> Result<S3RawMail, ConfigError> {
        let (bucket, prefix) = config::inbound_bucket()?;
        Ok(S3RawMail::new(s3_client(&self.sdk), bucket, prefix))
    }

    /// The archive: the raw-mail bucket (`MENTORMAIL_BUCKET`) under [`ARCHIVE_PREFIX`], which
    /// the bucket's lifecycle rule does not expire.
    pub fn archive(&self) -> Result<S3Archive, ConfigError> {
        let (bucket, _) = config::inbound_bucket()?;
        Ok(S3Archive::new(s3_client(&self.sdk), bucket, ARCHIVE_PREFIX))
    }

    /// The send queue, in fan-out mode (`MENTORMAIL_SEND_QUEUE_URL` set).
    pub fn send_queue(&self) -> Option<SqsQueue> {
        config::send_queue_url().map(|url| SqsQueue::new(sqs_client(&self.sdk), url))
    }

    /// The settings: the domain is required, and the token secret comes from
    /// `MENTORMAIL_TOKEN_SECRET`, or from the SSM SecureString named by
    /// `MENTORMAIL_TOKEN_SECRET_PARAMETER`. While a secret is being rotated, the previous one
    /// (`MENTORMAIL_TOKEN_SECRET_PREVIOUS`, or the SecureString named by
    /// `MENTORMAIL_TOKEN_PREVIOUS_SECRET_PARAMETER`) is still accepted.
    pub async fn settings(&self) -> Result<Settings, ConfigError> {
        config::required("MENTORMAIL_DOMAIN")?;
        let secret = match config::var("MENTORMAIL_TOKEN_SECRET") {
            Some(secret) => secret,
            None => {
                let name = config::required("MENTORMAIL_TOKEN_SECRET_PARAMETER")?;
                self.secret_parameter(&name).await?
            }
        };
        let previous = match config::var("MENTORMAIL_TOKEN_SECRET_PREVIOUS") {
            Some(previous) => Some(previous),
            None => match config::var("MENTORMAIL_TOKEN_PREVIOUS_SECRET_PARAMETER") {
                Some(name) => Some(self.secret_parameter(&name).await?),
                None => None,
            },
        };
        let key = match previous {
            Some(previous) => TokenKey::new(secret).with_previous(previous),
            None => TokenKey::new(secret),
        };
        Ok(Settings::from_env_with_key(key))
    }

    async fn secret_parameter(&self, name: &str) -> Result<String, ConfigError> {
        let error = |message: String| ConfigError::Secret {
            name: name.to_string(),
            message,
        };
        let output = aws_sdk_ssm::Client::new(&self.sdk)
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
}
