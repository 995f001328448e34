//! The contract's clauses on reading: queries by partition and prefix, the due index, batch
//! reads, what survives a round trip, and results larger than one DynamoDB page.

use mentormail::store::{Key, Store, Write};
use serde_json::json;

use super::{due, due_times, item, must_write, put, sort_keys};

pub(super) async fn query_returns_one_partition_by_prefix_in_key_order<S: Store>(store: &S) {
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

pub(super) async fn query_due_is_ordered_bounded_limited_and_sharded<S: Store>(store: &S) {
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

pub(super) async fn unicode_keys_and_bodies_survive_and_sort_by_bytes<S: Store>(store: &S) {
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

pub(super) async fn nested_json_bodies_round_trip<S: Store>(store: &S) {
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

pub(super) async fn queries_page_through_more_than_a_megabyte<S: Store>(store: &S) {
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

pub(super) async fn get_many_answers_in_the_order_asked<S: Store>(store: &S) {
    must_write(
        store,
        vec![
            put(item("MENTORSHIP#a", "META", json!({"n": 1}))),
            put(item("PERSON#b@example.org", "PROFILE", json!({"n": 2}))),
        ],
    )
    .await;
    let keys = [
        Key::new("PERSON#b@example.org", "PROFILE"),
        Key::new("MENTORSHIP#a", "ACTIVITY"),
        Key::new("MENTORSHIP#a", "META"),
        Key::new("PERSON#b@example.org", "PROFILE"),
    ];
    let got: Vec<Option<i64>> = store
        .get_many(&keys)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.and_then(|i| i.body["n"].as_i64()))
        .collect();
    assert_eq!(got, [Some(2), None, Some(1), Some(2)]);
    assert!(store.get_many(&[]).await.unwrap().is_empty());
}
