//! The contract's clauses on writing: puts, the conditions that guard them, the due index,
//! all-or-nothing batches, the batches a backend would refuse, and expiry.

use mentormail::store::{Condition, Item, Key, Store, StoreError, Write};
use serde_json::json;

use super::{body, due, item, must_write, put, put_if, sort_keys};

pub(super) async fn put_then_get_round_trips_the_whole_item<S: Store>(store: &S) {
    let key = Key::new("MENTORSHIP#m1", "GOAL#g1");
    assert_eq!(store.get(&key).await.expect("get"), None);

    let stored = Item {
        key: key.clone(),
        due: due("DUE#2", "2026-12-01T09:00:00Z#goal-reminder"),
        expires_at: Some(1_900_000_000),
        body: body(json!({"title": "Run discovery interviews", "progress": 2, "open": true})),
    };
    must_write(store, vec![put(stored.clone())]).await;
    assert_eq!(store.get(&key).await.expect("get"), Some(stored));

    // A Put replaces the whole item: fields, due place and expiry not given are gone.
    let replacement = item("MENTORSHIP#m1", "GOAL#g1", json!({"title": "Renamed"}));
    must_write(store, vec![put(replacement.clone())]).await;
    assert_eq!(store.get(&key).await.expect("get"), Some(replacement));
    assert!(
        store
            .query_due("DUE#2", "9999", 10)
            .await
            .expect("query due")
            .is_empty()
    );
}

pub(super) async fn not_exists_makes_inserts_idempotent<S: Store>(store: &S) {
    let first = item("INBOUND#msg-1", "SEEN", json!({"outcome": "reflection"}));
    let second = item("INBOUND#msg-1", "SEEN", json!({"outcome": "duplicate"}));
    store
        .write(vec![put_if(first.clone(), Condition::NotExists)])
        .await
        .expect("first insert");
    let again = store
        .write(vec![put_if(second, Condition::NotExists)])
        .await;
    assert!(
        matches!(again, Err(StoreError::ConditionFailed)),
        "{again:?}"
    );
    assert_eq!(store.get(&first.key).await.expect("get"), Some(first));
}

pub(super) async fn due_is_guards_a_put<S: Store>(store: &S) {
    let mut claimed = item("MENTORSHIP#m1", "META", json!({"cadence": "weekly"}));
    claimed.due = due("DUE#1", "2026-11-26T14:00:00Z#prompt");
    must_write(store, vec![put(claimed.clone())]).await;

    // The expected due time holds: the put goes through (and moves the item on).
    let mut moved = claimed.clone();
    moved.due = due("DUE#1", "2026-12-03T14:00:00Z#prompt");
    store
        .write(vec![put_if(
            moved.clone(),
            Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
        )])
        .await
        .expect("claim");

    // A second claim of the same due time loses.
    let mut stale = claimed.clone();
    stale.body.insert("cadence".into(), json!("stale"));
    let lost = store
        .write(vec![put_if(
            stale,
            Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
        )])
        .await;
    assert!(matches!(lost, Err(StoreError::ConditionFailed)), "{lost:?}");
    assert_eq!(store.get(&moved.key).await.expect("get"), Some(moved));

    // DueIs never holds for a missing item or one outside the due index.
    let missing = store
        .write(vec![put_if(
            item("MENTORSHIP#gone", "META", json!({})),
            Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
        )])
        .await;
    assert!(matches!(missing, Err(StoreError::ConditionFailed)));
    assert_eq!(
        store
            .get(&Key::new("MENTORSHIP#gone", "META"))
            .await
            .expect("get"),
        None
    );
    must_write(store, vec![put(item("MENTORSHIP#m2", "META", json!({})))]).await;
    let undue = store
        .write(vec![put_if(
            item("MENTORSHIP#m2", "META", json!({"x": 1})),
            Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
        )])
        .await;
    assert!(matches!(undue, Err(StoreError::ConditionFailed)));
}

pub(super) async fn set_due_adds_moves_and_removes_the_index_place<S: Store>(store: &S) {
    let goal = item(
        "MENTORSHIP#m1",
        "GOAL#g1",
        json!({"title": "Ship it", "n": 1}),
    );
    must_write(store, vec![put(goal.clone())]).await;
    assert!(
        store
            .query_due("DUE#4", "9999", 10)
            .await
            .expect("due")
            .is_empty()
    );

    store
        .write(vec![Write::SetDue {
            key: goal.key.clone(),
            due: due("DUE#4", "2026-11-20T08:00:00Z#goal"),
            condition: Condition::None,
        }])
        .await
        .expect("add to index");
    let listed = store
        .query_due("DUE#4", "2026-11-26T14:00:00Z~", 10)
        .await
        .expect("due");
    assert_eq!(sort_keys(&listed), ["GOAL#g1"]);
    assert_eq!(listed[0].body, goal.body, "SetDue leaves the body alone");

    // Claim: move on only from the due time we read.
    store
        .write(vec![Write::SetDue {
            key: goal.key.clone(),
            due: due("DUE#4", "2026-12-20T08:00:00Z#goal"),
            condition: Condition::DueIs("2026-11-20T08:00:00Z#goal".into()),
        }])
        .await
        .expect("claim");
    let second_claim = store
        .write(vec![Write::SetDue {
            key: goal.key.clone(),
            due: due("DUE#4", "2026-12-20T08:00:00Z#goal"),
            condition: Condition::DueIs("2026-11-20T08:00:00Z#goal".into()),
        }])
        .await;
    assert!(matches!(second_claim, Err(StoreError::ConditionFailed)));
    assert!(
        store
            .query_due("DUE#4", "2026-11-26T14:00:00Z~", 10)
            .await
            .expect("due")
            .is_empty()
    );

    store
        .write(vec![Write::SetDue {
            key: goal.key.clone(),
            due: None,
            condition: Condition::DueIs("2026-12-20T08:00:00Z#goal".into()),
        }])
        .await
        .expect("remove from index");
    let stored = store
        .get(&goal.key)
        .await
        .expect("get")
        .expect("still there");
    assert_eq!(stored.due, None);
    assert_eq!(stored.body, goal.body);
    assert!(
        store
            .query_due("DUE#4", "9999", 10)
            .await
            .expect("due")
            .is_empty()
    );

    // SetDue never creates a bare item.
    let missing_key = Key::new("MENTORSHIP#m1", "GOAL#missing");
    let on_missing = store
        .write(vec![Write::SetDue {
            key: missing_key.clone(),
            due: due("DUE#4", "2026-11-20T08:00:00Z#goal"),
            condition: Condition::None,
        }])
        .await;
    assert!(matches!(on_missing, Err(StoreError::ConditionFailed)));
    assert_eq!(store.get(&missing_key).await.expect("get"), None);
}

pub(super) async fn a_batch_with_one_failing_condition_writes_nothing<S: Store>(store: &S) {
    let mut claimed = item("MENTORSHIP#m1", "META", json!({"v": 1}));
    claimed.due = due("DUE#3", "2026-11-26T14:00:00Z#prompt");
    let existing = item("INBOUND#seen", "SEEN", json!({"v": 1}));
    let doomed = item("MENTORSHIP#m1", "ENTRY#doomed", json!({"v": 1}));
    must_write(
        store,
        vec![
            put(claimed.clone()),
            put(existing.clone()),
            put(doomed.clone()),
        ],
    )
    .await;

    let new_entry = item(
        "MENTORSHIP#m1",
        "ENTRY#2026-11-26T14:01:00Z#x",
        json!({"v": 2}),
    );
    let failed = store
        .write(vec![
            put_if(new_entry.clone(), Condition::NotExists),
            Write::SetDue {
                key: claimed.key.clone(),
                due: due("DUE#3", "2026-12-03T14:00:00Z#prompt"),
                condition: Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
            },
            Write::Delete {
                key: doomed.key.clone(),
            },
            put_if(
                item("INBOUND#seen", "SEEN", json!({"v": 2})),
                Condition::NotExists,
            ),
        ])
        .await;
    assert!(
        matches!(failed, Err(StoreError::ConditionFailed)),
        "{failed:?}"
    );
    assert_eq!(store.get(&new_entry.key).await.expect("get"), None);
    assert_eq!(
        store.get(&claimed.key).await.expect("get"),
        Some(claimed.clone())
    );
    assert_eq!(
        store.get(&doomed.key).await.expect("get"),
        Some(doomed.clone())
    );
    assert_eq!(store.get(&existing.key).await.expect("get"), Some(existing));

    // The same batch without the failing write applies in full.
    store
        .write(vec![
            put_if(new_entry.clone(), Condition::NotExists),
            Write::SetDue {
                key: claimed.key.clone(),
                due: due("DUE#3", "2026-12-03T14:00:00Z#prompt"),
                condition: Condition::DueIs("2026-11-26T14:00:00Z#prompt".into()),
            },
            Write::Delete {
                key: doomed.key.clone(),
            },
        ])
        .await
        .expect("batch");
    assert_eq!(
        store.get(&new_entry.key).await.expect("get"),
        Some(new_entry)
    );
    assert_eq!(store.get(&doomed.key).await.expect("get"), None);
    let moved = store
        .get(&claimed.key)
        .await
        .expect("get")
        .expect("claimed");
    assert_eq!(moved.due, due("DUE#3", "2026-12-03T14:00:00Z#prompt"));

    // Deleting what is not there is fine; an empty batch is fine.
    must_write(store, vec![Write::Delete { key: doomed.key }]).await;
    must_write(store, Vec::new()).await;
}

pub(super) async fn batches_the_backend_would_refuse_are_invalid<S: Store>(store: &S) {
    let same_key_twice = store
        .write(vec![
            put(item("P", "S", json!({"a": 1}))),
            Write::Delete {
                key: Key::new("P", "S"),
            },
        ])
        .await;
    assert!(matches!(same_key_twice, Err(StoreError::Invalid(_))));

    let too_many = store
        .write(
            (0..101)
                .map(|index| put(item("P", &format!("S#{index:03}"), json!({}))))
                .collect(),
        )
        .await;
    assert!(matches!(too_many, Err(StoreError::Invalid(_))));

    let reserved = store
        .write(vec![put(item("P", "S", json!({"due_sk": "sneaky"})))])
        .await;
    assert!(matches!(reserved, Err(StoreError::Invalid(_))));

    let empty_key = store.write(vec![put(item("P", "", json!({})))]).await;
    assert!(matches!(empty_key, Err(StoreError::Invalid(_))));

    let oversized = store
        .write(vec![put(item(
            "P",
            "BIG",
            json!({"text": "x".repeat(410 * 1024)}),
        ))])
        .await;
    assert!(matches!(oversized, Err(StoreError::Invalid(_))));

    assert!(
        store.query("P", "").await.expect("query").is_empty(),
        "nothing written"
    );
}

pub(super) async fn expiry_is_kept_and_can_be_cleared<S: Store>(store: &S) {
    let mut seen = item("INBOUND#msg-ttl", "SEEN", json!({}));
    seen.expires_at = Some(1_767_225_600);
    must_write(store, vec![put(seen.clone())]).await;
    assert_eq!(
        store
            .get(&seen.key)
            .await
            .expect("get")
            .and_then(|item| item.expires_at),
        Some(1_767_225_600)
    );
    seen.expires_at = None;
    must_write(store, vec![put(seen.clone())]).await;
    assert_eq!(store.get(&seen.key).await.expect("get"), Some(seen));
}

/// `put_all` writes any number of items (more than one request's worth), replacing what was
/// there, due places and expiries included; an invalid item is refused.
pub(super) async fn put_all_writes_every_item_whole<S: Store>(store: &S) {
    must_write(
        store,
        vec![put(item("BULK#1", "item#000", json!({"old": true})))],
    )
    .await;
    let items: Vec<Item> = (0..260)
        .map(|n| {
            let mut one = item("BULK#1", &format!("item#{n:03}"), json!({"n": n}));
            if n % 10 == 0 {
                one.due = due("DUE#1", &format!("2026-12-0{}T09:00:00Z#{n:03}", n % 7 + 1));
                one.expires_at = Some(1_900_000_000 + n);
            }
            one
        })
        .collect();
    store.put_all(items.clone()).await.expect("put_all");
    let stored = store.query("BULK#1", "item#").await.expect("query");
    assert_eq!(stored, items, "every item, whole and in key order");
    store.put_all(Vec::new()).await.expect("nothing to write");
    let invalid = item("", "item#x", json!({}));
    assert!(matches!(
        store.put_all(vec![invalid]).await,
        Err(StoreError::Invalid(_))
    ));
}
