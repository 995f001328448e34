//! The production AWS configuration loader, pointed at moto server through the environment.

use mentormail::raw_mail::s3::S3RawMail;

use crate::moto;

#[tokio::test]
async fn production_config_loader_reaches_moto_through_the_environment() {
    // The Lambda functions and the CLI load their settings this way: standard credential and
    // region chain (scripts/test sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) and
    // the endpoint override from MENTORMAIL_TEST_ENDPOINT.
    let endpoint = moto::endpoint();
    for variable in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
        assert!(
            std::env::var_os(variable).is_some(),
            "{variable} is not set: run `./scripts/test`, which sets the AWS test settings"
        );
    }
    let config = mentormail::clients::load_config().await;
    assert_eq!(
        config.endpoint_url().map(|url| url.trim_end_matches('/')),
        Some(endpoint.as_str())
    );

    let s3 = mentormail::clients::s3_client(&config);
    let bucket = moto::create_bucket(&s3).await;
    s3.put_object()
        .bucket(&bucket)
        .key("inbound/via-env")
        .body(b"hello".to_vec().into())
        .send()
        .await
        .expect("PutObject with the production config");
    let source = S3RawMail::new(s3, bucket, "inbound/");
    assert_eq!(source.fetch("via-env").await.expect("fetch"), b"hello");
}
