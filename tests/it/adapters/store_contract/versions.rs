//! The contract's clauses on the conditions that keep state from moving backwards: a version
//! read before the write (`FieldIs`), and a fact never older than what is stored (`NotNewer`).

use mentormail::store::{Condition, Store, StoreError};
use serde_json::json;

use super::{item, must_write, put, put_if};

fn field_is(value: Option<&str>) -> Condition {
    Condition::FieldIs {
        field: "status_changed_at".into(),
        value: value.map(str::to_owned),
    }
}

pub(super) async fn field_is_holds_only_for_the_version_read<S: Store>(store: &S) {
    let key_of = |sk: &str| item("PERSON#sam@example.org", sk, json!({}));
    // A missing item has no version at all: even "absent" does not hold.
    let missing = store
        .write(vec![put_if(key_of("PROFILE"), field_is(None))])
        .await;
    assert!(
        matches!(missing, Err(StoreError::ConditionFailed)),
        "{missing:?}"
    );

    let never_changed = item(
        "PERSON#sam@example.org",
        "PROFILE",
        json!({"status": "active"}),
    );
    must_write(store, vec![put(never_changed.clone())]).await;
    let paused = item(
        "PERSON#sam@example.org",
        "PROFILE",
        json!({"status": "paused", "status_changed_at": "2026-11-23T10:00:00Z"}),
    );
    // The writer read "no version yet": it holds.
    store
        .write(vec![put_if(paused.clone(), field_is(None))])
        .await
        .expect("the version read is the stored one");
    // A second writer that read the same old state loses.
    let stale = store
        .write(vec![put_if(never_changed.clone(), field_is(None))])
        .await;
    assert!(
        matches!(stale, Err(StoreError::ConditionFailed)),
        "{stale:?}"
    );
    let wrong = store
        .write(vec![put_if(
            never_changed.clone(),
            field_is(Some("2026-11-22T10:00:00Z")),
        )])
        .await;
    assert!(
        matches!(wrong, Err(StoreError::ConditionFailed)),
        "{wrong:?}"
    );
    assert_eq!(
        store.get(&paused.key).await.expect("get"),
        Some(paused.clone())
    );
    // The current version holds.
    let resumed = item(
        "PERSON#sam@example.org",
        "PROFILE",
        json!({"status": "active", "status_changed_at": "2026-11-24T10:00:00Z"}),
    );
    store
        .write(vec![put_if(
            resumed.clone(),
            field_is(Some("2026-11-23T10:00:00Z")),
        )])
        .await
        .expect("current version");
    assert_eq!(store.get(&resumed.key).await.expect("get"), Some(resumed));
}

pub(super) async fn not_newer_never_moves_a_time_backwards<S: Store>(store: &S) {
    let at = |time: &str| {
        item(
            "MENTORSHIP#m1",
            "ACTIVITY",
            json!({"last_reply_key": time, "last_reply_at": time}),
        )
    };
    let not_newer = |time: &str| Condition::NotNewer {
        field: "last_reply_key".into(),
        value: time.into(),
    };
    // No item yet: holds.
    store
        .write(vec![put_if(
            at("2026-11-24T10:00:00Z"),
            not_newer("2026-11-24T10:00:00Z"),
        )])
        .await
        .expect("first fact");
    // An older fact (a replay) does not overwrite.
    let older = store
        .write(vec![put_if(
            at("2026-11-20T10:00:00Z"),
            not_newer("2026-11-20T10:00:00Z"),
        )])
        .await;
    assert!(
        matches!(older, Err(StoreError::ConditionFailed)),
        "{older:?}"
    );
    assert_eq!(
        store
            .get(&at("x").key)
            .await
            .expect("get")
            .expect("kept")
            .body["last_reply_key"],
        "2026-11-24T10:00:00Z"
    );
    // The same time again and a later one do.
    for time in ["2026-11-24T10:00:00Z", "2026-11-25T08:00:00Z"] {
        store
            .write(vec![put_if(at(time), not_newer(time))])
            .await
            .expect("not older");
    }
    // An item without the field (written before it existed) takes any fact.
    must_write(
        store,
        vec![put(item("MENTORSHIP#m1", "ACTIVITY", json!({"old": true})))],
    )
    .await;
    store
        .write(vec![put_if(
            at("2026-01-01T00:00:00Z"),
            not_newer("2026-01-01T00:00:00Z"),
        )])
        .await
        .expect("no field yet");
}
