//! The admin's use cases through the library, on both stores: the same clauses against SQLite
//! (a temp file) and DynamoDB on moto.

mod corrections;
mod data_requests;
mod import_and_listing;
mod pair_and_person_state;

/// For each clause `async fn clause<S: Store>(repo: Repo<S>)`, a module of that name with two
/// tests: `sqlite` (a temp file) and `dynamodb` (a fresh table on moto).
macro_rules! on_every_store {
    ($($clause:ident),+ $(,)?) => {
        $(
            mod $clause {
                #[tokio::test]
                async fn sqlite() {
                    let dir = tempfile::tempdir().unwrap();
                    let store = mentormail::store::embedded::EmbeddedStore::open(
                        dir.path().join("store.sqlite"),
                    )
                    .unwrap();
                    super::$clause(mentormail::store::repo::Repo::new(store)).await;
                }

                #[tokio::test]
                async fn dynamodb() {
                    let store = crate::moto::dynamo_store().await;
                    super::$clause(mentormail::store::repo::Repo::new(store)).await;
                }
            }
        )+
    };
}
pub(crate) use on_every_store;
