//! What only the DynamoDB store shows: the stored shape matches `template.yaml`'s table, backend
//! errors reach the caller, and bounce marking writes the profile (moto server).

use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::{Key, Store, StoreError};
use serde_json::json;

use super::store_contract::{due, item, must_write, put};
use crate::moto;

#[tokio::test]
async fn dynamodb_items_keep_keys_due_and_expiry_as_top_level_attributes() {
    use aws_sdk_dynamodb::types::{AttributeValue, TimeToLiveStatus};

    let store = moto::dynamo_store().await;
    let mut stored = item(
        "MENTORSHIP#m1",
        "META",
        json!({"mentee": "mia@example.org", "cadence": {"every_days": 7}}),
    );
    stored.due = due("DUE#6", "2026-11-26T14:00:00Z#prompt");
    stored.expires_at = Some(1_800_000_000);
    must_write(&store, vec![put(stored)]).await;

    let raw = store
        .client
        .get_item()
        .table_name(&store.table)
        .key("pk", AttributeValue::S("MENTORSHIP#m1".into()))
        .key("sk", AttributeValue::S("META".into()))
        .send()
        .await
        .expect("GetItem")
        .item
        .expect("item");
    assert_eq!(raw["due_pk"], AttributeValue::S("DUE#6".into()));
    assert_eq!(
        raw["due_sk"],
        AttributeValue::S("2026-11-26T14:00:00Z#prompt".into())
    );
    assert_eq!(raw["expires_at"], AttributeValue::N("1800000000".into()));
    assert_eq!(raw["mentee"], AttributeValue::S("mia@example.org".into()));
    assert!(
        matches!(&raw["cadence"], AttributeValue::M(map) if map["every_days"] == AttributeValue::N("7".into()))
    );

    let ttl = store
        .client
        .describe_time_to_live()
        .table_name(&store.table)
        .send()
        .await
        .expect("DescribeTimeToLive")
        .time_to_live_description
        .expect("TTL description");
    assert_eq!(ttl.attribute_name(), Some("expires_at"));
    assert_eq!(ttl.time_to_live_status(), Some(&TimeToLiveStatus::Enabled));
}

#[tokio::test]
async fn dynamodb_backend_errors_are_reported_not_swallowed() {
    let store = moto::dynamo_store().await;
    let missing_table = DynamoStore::new(store.client.clone(), moto::unique_name("no-such-table"));
    let result = missing_table.get(&Key::new("P", "S")).await;
    assert!(
        matches!(&result, Err(StoreError::Backend(message)) if message.contains("GetItem")),
        "{result:?}"
    );
    let write = missing_table
        .write(vec![put(item("P", "S", json!({})))])
        .await;
    assert!(matches!(write, Err(StoreError::Backend(_))), "{write:?}");
}

#[tokio::test]
async fn bounce_marking_writes_the_profile_in_dynamodb() {
    use mentormail::domain::{Email, Person, PersonStatus};
    use mentormail::store::repo::{BounceOutcome, Repo};

    let repo = Repo::new(moto::dynamo_store().await);
    repo.put_person(&Person::new(
        Email::normalised("mia@example.org"),
        "Mia",
        mentormail::domain::Zone::parse("Europe/Berlin").unwrap(),
    ))
    .await
    .expect("seed profile");
    let at = "2026-11-26T14:00:00Z".parse().expect("timestamp");

    let known = repo
        .mark_bouncing(
            &Email::normalised("MIA@example.org"),
            "bounce Permanent/General",
            at,
        )
        .await
        .expect("mark");
    let unknown = repo
        .mark_bouncing(&Email::normalised("stranger@example.org"), "complaint", at)
        .await
        .expect("unknown person");

    assert_eq!(
        (known, unknown),
        (BounceOutcome::Marked, BounceOutcome::UnknownPerson)
    );
    let profile = repo
        .person(&Email::normalised("mia@example.org"))
        .await
        .expect("get")
        .expect("profile");
    assert_eq!(profile.status, PersonStatus::Bouncing);
    assert_eq!(profile.name, "Mia");
    assert_eq!(profile.time_zone, "Europe/Berlin");
    assert_eq!(profile.status_changed_at, Some(at));
    assert!(
        repo.person(&Email::normalised("stranger@example.org"))
            .await
            .expect("get")
            .is_none()
    );
}
