//! `Store::get_many`: one batch read, answers in the order asked, on both stores (DynamoDB's
//! `BatchGetItem` against moto server).

mod support;

use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::{Condition, Item, Key, Store, Write};
use serde_json::json;

fn item(pk: &str, sk: &str, n: i64) -> Item {
    let serde_json::Value::Object(body) = json!({ "n": n }) else {
        unreachable!("a JSON object")
    };
    Item {
        key: Key::new(pk, sk),
        due: None,
        expires_at: None,
        body,
    }
}

async fn answers_in_order<S: Store>(store: &S) {
    store
        .write(vec![
            Write::Put {
                item: item("MENTORSHIP#a", "META", 1),
                condition: Condition::None,
            },
            Write::Put {
                item: item("PERSON#b@example.org", "PROFILE", 2),
                condition: Condition::None,
            },
        ])
        .await
        .unwrap();
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

#[tokio::test]
async fn embedded_get_many_answers_in_order() {
    answers_in_order(&EmbeddedStore::open_in_memory().unwrap()).await;
}

#[tokio::test]
async fn dynamodb_get_many_answers_in_order() {
    answers_in_order(&support::dynamo_store().await).await;
}
