//! The one place that builds AWS SDK configuration and clients.
//!
//! Every binary (the Lambda functions and the CLI with `--aws`) calls [`load_config`] once at
//! start and builds its clients from the result. The HTTP client is hyper with rustls on the
//! `ring` provider (design.md section 9), which keeps `aws-lc-sys` and its C build out of the
//! dependency tree. Credentials and region come from the standard chain (environment, profile,
//! Lambda/container role). An endpoint override points every service at one local endpoint (moto
//! server in tests); S3 then needs path-style addressing, since `bucket.127.0.0.1` does not resolve.

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_http_client::tls;

/// Test and development override for every service's endpoint; wins over `AWS_ENDPOINT_URL`.
pub const TEST_ENDPOINT_ENV: &str = "MENTORMAIL_TEST_ENDPOINT";
/// The SDK's own global endpoint override.
pub const ENDPOINT_ENV: &str = "AWS_ENDPOINT_URL";
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
