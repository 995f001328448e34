//! The report's figures from both stores: the same programme gives the same figures on SQLite
//! and on DynamoDB (moto), read with one query of the pair directory, one query of each pair's
//! partition and one batch of profiles — no scan (the store port has none).

use mentormail::admin::report::programme_report;
use mentormail::report::{Scope, States};
use mentormail::store::Store;
use mentormail::store::counting::CountingStore;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

use super::{NOW, seed_programme};
use crate::fixtures::ts;

async fn the_report_reads_each_pair_once_and_counts_the_programme<S: Store>(store: S) {
    let repo = Repo::new(CountingStore::new(store));
    let pairs = seed_programme(&repo).await;
    repo.store().reset();
    let report = programme_report(&repo, &Scope::default(), ts(NOW))
        .await
        .unwrap();
    let counts = repo.store().counts();
    assert_eq!(counts.queries, 1 + pairs.len() as u64, "{counts:?}");
    assert_eq!(counts.gets, 1, "twelve profiles in one batch: {counts:?}");
    assert_eq!((counts.due_queries, counts.writes), (0, 0));
    eprintln!("{}", serde_json::to_string_pretty(&report).unwrap());

    assert_eq!(report.pairs, 6);
    assert_eq!(
        report.states,
        States {
            active: 3,
            quiet: 1,
            paused: 1,
            stopped: 0,
            bouncing: 0,
            ended: 1,
        }
    );
    let risk: Vec<_> = report.at_risk.iter().map(|r| r.mentee.as_str()).collect();
    assert_eq!(risk, ["lena@example.org"]);
    assert_eq!(report.at_risk[0].reasons.len(), 2, "{:?}", report.at_risk);

    let cohort = Scope {
        cohort: Some("2027-spring".into()),
        ..Scope::default()
    };
    let spring = programme_report(&repo, &cohort, ts(NOW)).await.unwrap();
    assert_eq!(spring.pairs, 3);
    assert_eq!(spring.response.cohorts.len(), 1);
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap();
    the_report_reads_each_pair_once_and_counts_the_programme(store).await;
}

#[tokio::test]
async fn dynamodb() {
    the_report_reads_each_pair_once_and_counts_the_programme(crate::moto::dynamo_store().await)
        .await;
}
