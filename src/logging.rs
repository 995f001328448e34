//! The functions' logging: Lambda's advanced logging controls (`AWS_LAMBDA_LOG_LEVEL`,
//! `AWS_LAMBDA_LOG_FORMAT`) as `lambda_runtime`'s default subscriber reads them, with one
//! difference that matters: the AWS SDK and its HTTP stack never log below INFO, whatever the
//! function's level. At TRACE the SDK logs whole HTTP bodies, which hold mail text (DynamoDB
//! items, S3 objects, SES messages), and the logs must never hold a mail body or a token.

use std::str::FromStr;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Crates (by target prefix) held at INFO: the SDK (`aws_*`), its HTTP client and TLS.
pub const HELD_AT_INFO: &str = "aws=info,hyper=info,hyper_util=info,h2=info,rustls=info,tower=info";

/// The filter for `level` (`trace`, `debug`, ...): our code at that level, the SDK and its HTTP
/// stack at INFO at most.
pub fn filter(level: LevelFilter) -> EnvFilter {
    // The level goes in the directives themselves: a builder's default directive applies only
    // when there are none.
    let directives = if level > LevelFilter::INFO {
        format!("{level},{HELD_AT_INFO}")
    } else {
        level.to_string()
    };
    EnvFilter::builder().parse_lossy(directives)
}

/// Install the subscriber of a Lambda function (stdout; JSON when the function's log format is
/// JSON; no timestamp, CloudWatch adds one).
pub fn init_lambda() {
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|level| LevelFilter::from_str(&level).ok())
        .unwrap_or(LevelFilter::INFO);
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let collector = tracing_subscriber::fmt()
        .with_target(false)
        .without_time()
        .with_env_filter(filter(level));
    if json {
        collector.json().init();
    } else {
        collector.init();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_stays_at_info_and_our_code_gets_the_level() {
        let trace = filter(LevelFilter::TRACE).to_string();
        assert!(
            trace.contains("trace") && trace.contains("aws=info"),
            "{trace}"
        );
        assert_eq!(filter(LevelFilter::WARN).to_string(), "warn");
    }
}
