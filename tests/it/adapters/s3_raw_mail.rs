//! The S3 raw-mail source against moto server, through the real SDK calls.

use mentormail::raw_mail::SourceError;
use mentormail::raw_mail::s3::S3RawMail;

use crate::moto;

struct RawMailBucket {
    client: aws_sdk_s3::Client,
    source: S3RawMail,
}

async fn raw_mail_bucket() -> RawMailBucket {
    let client = mentormail::clients::s3_client(&moto::sdk_config().await);
    let bucket = moto::create_bucket(&client).await;
    let source = S3RawMail::new(client.clone(), bucket, "inbound/");
    RawMailBucket { client, source }
}

impl RawMailBucket {
    async fn put(&self, key: &str, bytes: &[u8]) {
        self.client
            .put_object()
            .bucket(&self.source.bucket)
            .key(key)
            .body(bytes.to_vec().into())
            .send()
            .await
            .expect("PutObject on moto");
    }
}

#[tokio::test]
async fn s3_source_fetches_the_raw_mail_of_a_message_id_byte_for_byte() {
    let bucket = raw_mail_bucket().await;
    let message_id = "0100018c2f6a2b3e-5d1c1f2a-8e0b-4c3d-9a7b-1f2e3d4c5b6a-000000";
    // Raw MIME is bytes, not text: include an 8-bit Latin-1 byte and CRLFs.
    let mut raw = b"From: mia@example.org\r\nSubject: Re: reflection\r\n\r\nCaf".to_vec();
    raw.extend_from_slice(&[0xE9, b'\r', b'\n']);
    bucket.put(&format!("inbound/{message_id}"), &raw).await;
    bucket.put("inbound/other-message", b"not this one").await;

    let fetched = bucket.source.fetch(message_id).await.expect("fetch");
    assert_eq!(fetched, raw);
}

#[tokio::test]
async fn s3_source_rejects_crafted_message_ids_before_any_request() {
    let bucket = raw_mail_bucket().await;
    bucket.put("secret/config", b"must stay unreadable").await;

    for crafted in [
        "../secret/config",
        "x/../../secret/config",
        "",
        "a b",
        "id?versionId=1",
    ] {
        let result = bucket.source.fetch(crafted).await;
        assert!(
            matches!(&result, Err(SourceError::InvalidMessageId(id)) if id == crafted),
            "{crafted:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn s3_source_reports_a_missing_object_with_its_location() {
    let bucket = raw_mail_bucket().await;
    let result = bucket.source.fetch("never-stored").await;
    match result {
        Err(error @ SourceError::NotFound { .. }) => {
            let message = error.to_string();
            assert!(message.contains(&bucket.source.bucket), "{message}");
            assert!(message.contains("inbound/never-stored"), "{message}");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn s3_source_caps_the_size_it_reads() {
    let bucket = raw_mail_bucket().await;
    bucket.put("inbound/large", &[b'x'; 4096]).await;
    let capped = bucket.source.fetch_capped("large", 1024).await;
    assert!(
        matches!(capped, Err(SourceError::TooLarge { limit: 1024, .. })),
        "{capped:?}"
    );
    let exact = bucket
        .source
        .fetch_capped("large", 4096)
        .await
        .expect("fits");
    assert_eq!(exact.len(), 4096);
}

#[tokio::test]
async fn s3_source_on_a_missing_bucket_is_a_backend_error() {
    let client = mentormail::clients::s3_client(&moto::sdk_config().await);
    let source = S3RawMail::new(client, moto::unique_name("no-such-bucket"), "inbound/");
    let result = source.fetch("message").await;
    assert!(
        matches!(result, Err(SourceError::Backend { .. })),
        "{result:?}"
    );
}
