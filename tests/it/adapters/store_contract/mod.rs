//! The `Store` contract: one set of tests, generic over the store, run against the embedded
//! store (SQLite in a temp file) and against DynamoDB on moto server (a table created from
//! `template.yaml`).

mod support;

use mentormail::store::{Condition, Due, Item, Key, Store, StoreError, Write};
use serde_json::{Map, Value, json};

fn body(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("test bodies are JSON objects, got {other}"),
    }
}

fn item(pk: &str, sk: &str, fields: Value) -> Item {
    Item {
        key: Key::new(pk, sk),
        due: None,
        expires_at: None,
        body: body(fields),
    }
}

fn due(shard: &str, at: &str) -> Option<Due> {
    Some(Due {
        shard: shard.to_owned(),
        at: at.to_owned(),
    })
}

fn put(item: Item) -> Write {
    Write::Put {
        item,
        condition: Condition::None,
    }
}

fn put_if(item: Item, condition: Condition) -> Write {
    Write::Put { item, condition }
}

async fn must_write<S: Store>(store: &S, writes: Vec<Write>) {
    store.write(writes).await.expect("write");
}

fn sort_keys(items: &[Item]) -> Vec<&str> {
    items.iter().map(|item| item.key.sk.as_str()).collect()
}

fn due_times(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item.due.as_ref().expect("in the due index").at.as_str())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------

async fn put_then_get_round_trips_the_whole_item<S: Store>(store: &S) {
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

async fn query_returns_one_partition_by_prefix_in_key_order<S: Store>(store: &S) {
    must_write(
        store,
        vec![
            put(item(
                "MENTORSHIP#m1",
                "ENTRY#2026-11-03T10:00:00Z#b",
                json!({"n": 3}),
            )),
            put(item(
                "MENTORSHIP#m1",
                "ENTRY#2026-11-01T10:00:00Z#a",
                json!({"n": 1}),
            )),
            put(item("MENTORSHIP#m1", "GOAL#g1", json!({"n": 0}))),
            put(item(
                "MENTORSHIP#m1",
                "ENTRY#2026-11-02T10:00:00Z#c",
                json!({"n": 2}),
            )),
            put(item("MENTORSHIP#m1", "ENTRYX", json!({"n": -1}))),
            put(item("MENTORSHIP#m1", "ENTRY", json!({"n": -2}))),
            put(item(
                "MENTORSHIP#m2",
                "ENTRY#2026-11-01T10:00:00Z#z",
                json!({"n": 9}),
            )),
            put(item(
                "MENTORSHIP#m10",
                "ENTRY#2026-11-01T10:00:00Z#y",
                json!({"n": 10}),
            )),
        ],
    )
    .await;

    let entries = store.query("MENTORSHIP#m1", "ENTRY#").await.expect("query");
    assert_eq!(
        sort_keys(&entries),
        [
            "ENTRY#2026-11-01T10:00:00Z#a",
            "ENTRY#2026-11-02T10:00:00Z#c",
            "ENTRY#2026-11-03T10:00:00Z#b",
        ]
    );
    assert!(entries.iter().all(|entry| entry.key.pk == "MENTORSHIP#m1"));
    assert_eq!(entries[1].body["n"], 2);

    let whole_partition = store.query("MENTORSHIP#m1", "").await.expect("query");
    assert_eq!(
        sort_keys(&whole_partition),
        [
            "ENTRY",
            "ENTRY#2026-11-01T10:00:00Z#a",
            "ENTRY#2026-11-02T10:00:00Z#c",
            "ENTRY#2026-11-03T10:00:00Z#b",
            "ENTRYX",
            "GOAL#g1",
        ]
    );
    assert!(
        store
            .query("MENTORSHIP#m1", "SENT#")
            .await
            .expect("query")
            .is_empty()
    );
    assert!(
        store
            .query("MENTORSHIP#none", "")
            .await
            .expect("query")
            .is_empty()
    );
}

async fn not_exists_makes_inserts_idempotent<S: Store>(store: &S) {
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

async fn due_is_guards_a_put<S: Store>(store: &S) {
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

async fn set_due_adds_moves_and_removes_the_index_place<S: Store>(store: &S) {
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

async fn query_due_is_ordered_bounded_limited_and_sharded<S: Store>(store: &S) {
    let times = [
        "2026-11-26T14:00:00Z#prompt",
        "2026-11-24T09:00:00Z#prompt",
        "2026-11-26T14:15:00Z#prompt",
        "2026-11-25T18:30:00Z#goal",
        "2026-11-26T13:45:00Z#prompt",
    ];
    let mut writes: Vec<Write> = times
        .iter()
        .enumerate()
        .map(|(index, at)| {
            let mut entry = item(
                &format!("MENTORSHIP#s0-{index}"),
                "META",
                json!({"i": index}),
            );
            entry.due = due("DUE#0", at);
            put(entry)
        })
        .collect();
    for shard in 1..8 {
        let mut entry = item(
            &format!("MENTORSHIP#s{shard}"),
            "META",
            json!({"shard": shard}),
        );
        entry.due = due(&format!("DUE#{shard}"), "2026-11-26T10:00:00Z#prompt");
        writes.push(put(entry));
    }
    must_write(store, writes).await;

    let upto = "2026-11-26T14:00:00Z~";
    let due_now = store.query_due("DUE#0", upto, 100).await.expect("due");
    assert_eq!(
        due_times(&due_now),
        [
            "2026-11-24T09:00:00Z#prompt",
            "2026-11-25T18:30:00Z#goal",
            "2026-11-26T13:45:00Z#prompt",
            "2026-11-26T14:00:00Z#prompt",
        ]
    );
    assert!(
        due_now
            .iter()
            .all(|entry| entry.due.as_ref().is_some_and(|d| d.shard == "DUE#0"))
    );

    let first_two = store.query_due("DUE#0", upto, 2).await.expect("due");
    assert_eq!(
        due_times(&first_two),
        ["2026-11-24T09:00:00Z#prompt", "2026-11-25T18:30:00Z#goal"]
    );
    assert!(
        store
            .query_due("DUE#0", upto, 0)
            .await
            .expect("due")
            .is_empty()
    );
    assert!(
        store
            .query_due("DUE#0", "2026-11-01", 100)
            .await
            .expect("due")
            .is_empty()
    );

    for shard in 1..8 {
        let listed = store
            .query_due(&format!("DUE#{shard}"), upto, 100)
            .await
            .expect("due");
        assert_eq!(listed.len(), 1, "shard {shard}");
        assert_eq!(listed[0].key.pk, format!("MENTORSHIP#s{shard}"));
        assert_eq!(listed[0].body["shard"], shard);
    }
    assert!(
        store
            .query_due("DUE#8", upto, 100)
            .await
            .expect("due")
            .is_empty()
    );
}

async fn a_batch_with_one_failing_condition_writes_nothing<S: Store>(store: &S) {
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

async fn batches_the_backend_would_refuse_are_invalid<S: Store>(store: &S) {
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

async fn unicode_keys_and_bodies_survive_and_sort_by_bytes<S: Store>(store: &S) {
    let pk = "PERSON#zoë.ñúñez@exämple.org";
    let sort_keys_in = [
        "NOTE#😀",
        "NOTE#a",
        "NOTE#é",
        "NOTE#日本",
        "NOTE#Z",
        "NOTE#z",
    ];
    let text = "Ünïcödé: ｆｕｌｌ-width, עברית, العربية, 中文, emoji 👩🏽‍💻🎯, combining e\u{301}, \
                zero-width\u{200b}joiner, tab\tnewline\nquote\"backslash\\ nul\u{0}end";
    let writes = sort_keys_in
        .iter()
        .map(|sk| {
            put(item(
                pk,
                sk,
                json!({"text": text, "label": sk, "ключ": "значение"}),
            ))
        })
        .collect();
    must_write(store, writes).await;

    let listed = store.query(pk, "NOTE#").await.expect("query");
    let mut expected: Vec<&str> = sort_keys_in.to_vec();
    expected.sort_unstable(); // Rust orders strings by their UTF-8 bytes, as both stores do.
    assert_eq!(sort_keys(&listed), expected);
    for entry in &listed {
        assert_eq!(entry.body["text"], text);
        assert_eq!(entry.body["ключ"], "значение");
        assert_eq!(entry.body["label"], entry.key.sk.as_str());
    }
    assert_eq!(
        sort_keys(&store.query(pk, "NOTE#日").await.expect("query")),
        ["NOTE#日本"]
    );
}

async fn nested_json_bodies_round_trip<S: Store>(store: &S) {
    let fields = json!({
        "answers": [
            {"question": "What went well?", "text": "The roadmap review", "tags": ["roadmap", "review"]},
            {"question": "What was hard?", "text": "", "tags": []},
        ],
        "sections": {
            "goals": {"items": [{"title": "Own the pricing page", "target": "2027-01-31", "progress": null}]},
            "decisions": [],
            "meta": {"depth": {"deeper": {"deepest": {"ok": true, "off": false}}}},
        },
        "counts": {"words": 1234, "negative": -42, "big": 9_007_199_254_740_993_i64, "ratio": 0.375, "small": -2.5e-7},
        "empty_object": {},
        "empty_string": "",
        "nothing": null,
        "mixed": [1, "two", 3.5, false, null, {"six": [6]}, [[7]]],
    });
    let stored = item("MENTORSHIP#m1", "ENTRY#2026-11-26T14:00:00Z#nested", fields);
    must_write(store, vec![put(stored.clone())]).await;
    let read = store.get(&stored.key).await.expect("get").expect("stored");
    assert_eq!(read, stored);
}

async fn queries_page_through_more_than_a_megabyte<S: Store>(store: &S) {
    // 30 entries of ~50 KB: ~1.5 MB in one partition, more than one DynamoDB Query page.
    const ENTRIES: usize = 30;
    let filler = "reflection text ".repeat(50 * 1024 / 16);
    for chunk in (0..ENTRIES).collect::<Vec<_>>().chunks(5) {
        let writes = chunk
            .iter()
            .map(|index| {
                let mut entry = item(
                    "MENTORSHIP#big",
                    &format!("ENTRY#{index:04}"),
                    json!({"index": index, "text": filler}),
                );
                entry.due = due("DUE#5", &format!("2026-11-26T10:{index:02}:00Z#prompt"));
                put(entry)
            })
            .collect();
        must_write(store, writes).await;
    }

    let all = store
        .query("MENTORSHIP#big", "ENTRY#")
        .await
        .expect("query");
    assert_eq!(all.len(), ENTRIES);
    let expected: Vec<String> = (0..ENTRIES)
        .map(|index| format!("ENTRY#{index:04}"))
        .collect();
    assert_eq!(
        sort_keys(&all),
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(
        all.iter()
            .all(|entry| entry.body["text"] == filler.as_str())
    );

    // The due index pages too: a limit larger than one page's worth still fills up.
    let limited = store
        .query_due("DUE#5", "2026-11-26T11:00:00Z", 27)
        .await
        .expect("due");
    assert_eq!(limited.len(), 27);
    assert_eq!(limited[26].body["index"], 26);
    let everything = store
        .query_due("DUE#5", "2026-11-26T11:00:00Z", 1000)
        .await
        .expect("due");
    assert_eq!(everything.len(), ENTRIES);
}

async fn expiry_is_kept_and_can_be_cleared<S: Store>(store: &S) {
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

// ---------------------------------------------------------------------------------------------
// Both stores run every test of the contract.
// ---------------------------------------------------------------------------------------------

macro_rules! contract {
    ($($test:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $test() {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let store = mentormail::store::embedded::EmbeddedStore::open(
                        dir.path().join("store.sqlite"),
                    )
                    .expect("open SQLite store");
                    super::$test(&store).await;
                }
            )*
        }

        mod dynamodb {
            $(
                #[tokio::test]
                async fn $test() {
                    let store = crate::support::dynamo_store().await;
                    super::$test(&store).await;
                }
            )*
        }
    };
}

contract!(
    put_then_get_round_trips_the_whole_item,
    query_returns_one_partition_by_prefix_in_key_order,
    not_exists_makes_inserts_idempotent,
    due_is_guards_a_put,
    set_due_adds_moves_and_removes_the_index_place,
    query_due_is_ordered_bounded_limited_and_sharded,
    a_batch_with_one_failing_condition_writes_nothing,
    batches_the_backend_would_refuse_are_invalid,
    unicode_keys_and_bodies_survive_and_sort_by_bytes,
    nested_json_bodies_round_trip,
    queries_page_through_more_than_a_megabyte,
    expiry_is_kept_and_can_be_cleared,
);

// ---------------------------------------------------------------------------------------------
// DynamoDB only: the stored shape matches template.yaml's table.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn dynamodb_items_keep_keys_due_and_expiry_as_top_level_attributes() {
    use aws_sdk_dynamodb::types::{AttributeValue, TimeToLiveStatus};

    let store = support::dynamo_store().await;
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
    let store = support::dynamo_store().await;
    let missing_table = mentormail::store::dynamodb::DynamoStore::new(
        store.client.clone(),
        support::unique_name("no-such-table"),
    );
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
