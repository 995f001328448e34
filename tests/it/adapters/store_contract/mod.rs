//! The `Store` contract: one set of clauses, generic over the store, each run against the
//! embedded store (SQLite in a temp file) and against DynamoDB on moto server (a table created
//! from `template.yaml`). The helpers that build items are the DynamoDB-only tests' too.

mod reads;
mod versions;
mod writes;

use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::{Condition, Due, Item, Key, Store, Write};
use rstest::rstest;
use serde_json::{Map, Value};

use crate::moto;

fn body(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("test bodies are JSON objects, got {other}"),
    }
}

pub(super) fn item(pk: &str, sk: &str, fields: Value) -> Item {
    Item {
        key: Key::new(pk, sk),
        due: None,
        expires_at: None,
        body: body(fields),
    }
}

pub(super) fn due(shard: &str, at: &str) -> Option<Due> {
    Some(Due {
        shard: shard.to_owned(),
        at: at.to_owned(),
    })
}

pub(super) fn put(item: Item) -> Write {
    Write::Put {
        item,
        condition: Condition::None,
    }
}

fn put_if(item: Item, condition: Condition) -> Write {
    Write::Put { item, condition }
}

pub(super) async fn must_write<S: Store>(store: &S, writes: Vec<Write>) {
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

/// The stores the contract holds for.
#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    DynamoDb,
}

/// The clauses of the contract. The clauses are generic functions, which a test case cannot hold,
/// so each case names its clause here.
#[derive(Debug, Clone, Copy)]
enum Clause {
    PutThenGet,
    QueryByPrefix,
    NotExists,
    DueIs,
    SetDue,
    QueryDue,
    AtomicBatch,
    InvalidBatches,
    Unicode,
    NestedJson,
    Paging,
    Expiry,
    GetMany,
    FieldIs,
    NotNewer,
    PutAll,
}

impl Clause {
    async fn check<S: Store>(self, store: &S) {
        match self {
            Clause::PutThenGet => writes::put_then_get_round_trips_the_whole_item(store).await,
            Clause::QueryByPrefix => {
                reads::query_returns_one_partition_by_prefix_in_key_order(store).await
            }
            Clause::NotExists => writes::not_exists_makes_inserts_idempotent(store).await,
            Clause::DueIs => writes::due_is_guards_a_put(store).await,
            Clause::SetDue => writes::set_due_adds_moves_and_removes_the_index_place(store).await,
            Clause::QueryDue => {
                reads::query_due_is_ordered_bounded_limited_and_sharded(store).await
            }
            Clause::AtomicBatch => {
                writes::a_batch_with_one_failing_condition_writes_nothing(store).await
            }
            Clause::InvalidBatches => {
                writes::batches_the_backend_would_refuse_are_invalid(store).await
            }
            Clause::Unicode => {
                reads::unicode_keys_and_bodies_survive_and_sort_by_bytes(store).await
            }
            Clause::NestedJson => reads::nested_json_bodies_round_trip(store).await,
            Clause::Paging => reads::queries_page_through_more_than_a_megabyte(store).await,
            Clause::Expiry => writes::expiry_is_kept_and_can_be_cleared(store).await,
            Clause::GetMany => reads::get_many_answers_in_the_order_asked(store).await,
            Clause::FieldIs => versions::field_is_holds_only_for_the_version_read(store).await,
            Clause::NotNewer => versions::not_newer_never_moves_a_time_backwards(store).await,
            Clause::PutAll => writes::put_all_writes_every_item_whole(store).await,
        }
    }
}

/// Every clause on every backend, each a test of its own: `case_N_<clause>::backend_N_<store>`.
#[rstest]
#[case::put_then_get_round_trips_the_whole_item(Clause::PutThenGet)]
#[case::query_returns_one_partition_by_prefix_in_key_order(Clause::QueryByPrefix)]
#[case::not_exists_makes_inserts_idempotent(Clause::NotExists)]
#[case::due_is_guards_a_put(Clause::DueIs)]
#[case::set_due_adds_moves_and_removes_the_index_place(Clause::SetDue)]
#[case::query_due_is_ordered_bounded_limited_and_sharded(Clause::QueryDue)]
#[case::a_batch_with_one_failing_condition_writes_nothing(Clause::AtomicBatch)]
#[case::batches_the_backend_would_refuse_are_invalid(Clause::InvalidBatches)]
#[case::unicode_keys_and_bodies_survive_and_sort_by_bytes(Clause::Unicode)]
#[case::nested_json_bodies_round_trip(Clause::NestedJson)]
#[case::queries_page_through_more_than_a_megabyte(Clause::Paging)]
#[case::expiry_is_kept_and_can_be_cleared(Clause::Expiry)]
#[case::get_many_answers_in_the_order_asked(Clause::GetMany)]
#[case::field_is_holds_only_for_the_version_read(Clause::FieldIs)]
#[case::not_newer_never_moves_a_time_backwards(Clause::NotNewer)]
#[case::put_all_writes_every_item_whole(Clause::PutAll)]
#[tokio::test]
async fn store_contract(
    #[case] clause: Clause,
    #[values(Backend::Sqlite, Backend::DynamoDb)] backend: Backend,
) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store =
                EmbeddedStore::open(dir.path().join("store.sqlite")).expect("open SQLite store");
            clause.check(&store).await;
        }
        Backend::DynamoDb => clause.check(&moto::dynamo_store().await).await,
    }
}
