//! Cohort import and the pair and people listings, each clause on SQLite and on DynamoDB (moto):
//! an import creates, a second import of the same file changes nothing, a changed row updates
//! its pair only, and the listings show what was imported, filtered.

use jiff::Timestamp;
use jiff::civil::date;
use mentormail::admin::import::{
    ImportOptions, ImportSummary, Outcome, import_cohort, read_cohort,
};
use mentormail::admin::listing::{PairFilter, PairStatus, list_pairs, list_people};
use mentormail::domain::{Email, PersonStatus};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::records::{all_shards, keys};
use mentormail::store::repo::Repo;
use mentormail::store::{Item, Key, Store, StoreError, StoreResult, Write};
use rstest::rstest;

use crate::moto;

const NOW: &str = "2026-12-03T10:00:00Z";

const COHORT: &str = "\u{feff}mentor_email,mentor_name,mentee_email,mentee_name,mentee_time_zone,mentor_time_zone,cadence,at,programme,cohort,goals\r\n\
maya@example.org,Maya Chen,sam@example.org,Sam Rivera,Europe/London,America/New_York,weekly:mon,09:00,PM Mentoring,Spring,\"Run three interviews by 15 Jan; Write a strategy, one page\"\r\n\
maya@example.org,Maya Chen,priya@example.org,Priya Nair,Asia/Kolkata,,fortnightly:wed,10:30,PM Mentoring,Autumn,\r\n\
tomas@example.org,Tomás García,lena@example.org,Lena Fischer,Europe/Berlin,,weekly:fri,09:00,Design Mentoring,Pilot,Lead a usability test by 20 Jan\r\n";

fn now() -> Timestamp {
    NOW.parse().unwrap()
}

async fn import<S: Store>(repo: &Repo<S>, text: &str, dry_run: bool) -> ImportSummary {
    let cohort = read_cohort(text.as_bytes(), "PM Mentoring", date(2026, 12, 3)).unwrap();
    let options = ImportOptions {
        dry_run,
        ..ImportOptions::default()
    };
    import_cohort(repo, cohort, options, now(), &|_| {})
        .await
        .unwrap()
}

fn counts(summary: &ImportSummary) -> (usize, usize, usize, usize) {
    (
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.skipped,
    )
}

async fn import_is_idempotent_and_updates_changed_rows<S: Store>(repo: &Repo<S>) {
    let dry = import(repo, COHORT, true).await;
    assert_eq!(counts(&dry), (3, 0, 0, 0));
    assert!(!dry.written);
    assert!(
        list_pairs(repo, &PairFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(counts(&import(repo, COHORT, false).await), (3, 0, 0, 0));
    let again = import(repo, COHORT, false).await;
    assert_eq!(counts(&again), (0, 0, 3, 0));
    assert!(!again.written);

    let changed = COHORT.replace("weekly:fri,09:00", "weekly:thu,08:00");
    let summary = import(repo, &changed, false).await;
    assert_eq!(counts(&summary), (0, 1, 2, 0));
    let lena = summary
        .pairs
        .iter()
        .find(|p| p.mentee == "lena@example.org")
        .unwrap();
    assert_eq!(lena.outcome, Outcome::Updated);

    let maya = repo
        .person(&Email::normalised("maya@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        maya.time_zone.as_str(),
        "America/New_York",
        "the mentor's own zone"
    );
    let tomas = repo
        .person(&Email::normalised("tomas@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        tomas.time_zone.as_str(),
        "Europe/Berlin",
        "a new mentor gets the mentee's"
    );

    let pairs = list_pairs(repo, &PairFilter::default()).await.unwrap();
    assert_eq!(pairs.len(), 3);
    let lena = pairs
        .iter()
        .find(|p| p.mentee == "lena@example.org")
        .unwrap();
    assert_eq!(lena.cadence, "weekly:thu");
    assert_eq!(lena.at, "08:00");
    assert_eq!(lena.open_goals, 1);
    assert_eq!(lena.status, PairStatus::Active);
    // Thursday 10 Dec 2026 08:00 in Berlin.
    assert_eq!(
        lena.next_prompt,
        Some("2026-12-10T07:00:00Z".parse().unwrap())
    );
    let sam = pairs
        .iter()
        .find(|p| p.mentee == "sam@example.org")
        .unwrap();
    assert_eq!(sam.open_goals, 2);
    assert_eq!(sam.mentor_name, "Maya Chen");
    assert!(!sam.quiet);
}

async fn listings_filter_by_programme_cohort_and_status<S: Store>(repo: &Repo<S>) {
    let _ = import(repo, COHORT, false).await;
    let only = |programme: Option<&str>, cohort: Option<&str>, status| PairFilter {
        programme: programme.map(str::to_string),
        cohort: cohort.map(str::to_string),
        status,
        quiet: false,
    };
    let mentees = |pairs: Vec<mentormail::admin::listing::PairSummary>| -> Vec<String> {
        pairs.into_iter().map(|p| p.mentee).collect()
    };
    let pm = list_pairs(repo, &only(Some("PM Mentoring"), None, None))
        .await
        .unwrap();
    assert_eq!(mentees(pm), ["priya@example.org", "sam@example.org"]);
    let spring = list_pairs(repo, &only(Some("PM Mentoring"), Some("Spring"), None))
        .await
        .unwrap();
    assert_eq!(mentees(spring), ["sam@example.org"]);

    let outcome = repo
        .mark_bouncing(&Email::normalised("lena@example.org"), "bounced", now())
        .await
        .unwrap();
    assert_eq!(outcome, mentormail::store::repo::BounceOutcome::Marked);
    let bouncing = list_pairs(repo, &only(None, None, Some(PairStatus::Bouncing)))
        .await
        .unwrap();
    assert_eq!(mentees(bouncing), ["lena@example.org"]);
    let people = list_people(repo, Some(PersonStatus::Bouncing))
        .await
        .unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].email, "lena@example.org");
    assert_eq!(people[0].mentee_of, 1);
    let everyone = list_people(repo, None).await.unwrap();
    assert_eq!(everyone.len(), 5);
    let maya = everyone
        .iter()
        .find(|p| p.email == "maya@example.org")
        .unwrap();
    assert_eq!((maya.mentor_of, maya.mentee_of), (2, 0));
}

#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    DynamoDb,
}

#[derive(Debug, Clone, Copy)]
enum Clause {
    Idempotent,
    Filters,
}

impl Clause {
    async fn check<S: Store>(self, repo: &Repo<S>) {
        match self {
            Clause::Idempotent => import_is_idempotent_and_updates_changed_rows(repo).await,
            Clause::Filters => listings_filter_by_programme_cohort_and_status(repo).await,
        }
    }
}

#[rstest]
#[case::import_is_idempotent_and_updates_changed_rows(Clause::Idempotent)]
#[case::listings_filter_by_programme_cohort_and_status(Clause::Filters)]
#[tokio::test]
async fn import_and_listing(
    #[case] clause: Clause,
    #[values(Backend::Sqlite, Backend::DynamoDb)] backend: Backend,
) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let store = EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap();
            clause.check(&Repo::new(store)).await;
        }
        Backend::DynamoDb => clause.check(&Repo::new(moto::dynamo_store().await)).await,
    }
}

/// The SQLite store, failing the first `put_all` that holds a mentorship record: an import
/// stopped between its waves (a killed process, a network gone).
struct StoppedBeforeMentorships {
    inner: EmbeddedStore,
    armed: std::sync::atomic::AtomicBool,
}

impl Store for StoppedBeforeMentorships {
    async fn get(&self, key: &Key) -> StoreResult<Option<Item>> {
        self.inner.get(key).await
    }
    async fn query(&self, pk: &str, sk_prefix: &str) -> StoreResult<Vec<Item>> {
        self.inner.query(pk, sk_prefix).await
    }
    async fn query_due(&self, shard: &str, upto: &str, limit: usize) -> StoreResult<Vec<Item>> {
        self.inner.query_due(shard, upto, limit).await
    }
    async fn write(&self, writes: Vec<Write>) -> StoreResult<()> {
        self.inner.write(writes).await
    }
    async fn put_all(&self, items: Vec<Item>) -> StoreResult<()> {
        let mentorships = items.iter().any(|i| keys::is_mentorship_record(&i.key));
        if mentorships && self.armed.swap(false, std::sync::atomic::Ordering::SeqCst) {
            return Err(StoreError::Backend("stopped".into()));
        }
        self.inner.put_all(items).await
    }
}

/// Nothing due for the pairs of a stopped import (the scheduler cannot take them for ended
/// ones), no pair listed, and the same file imported again makes every pair whole.
#[tokio::test]
async fn an_import_stopped_between_its_waves_is_completed_by_running_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repo::new(StoppedBeforeMentorships {
        inner: EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap(),
        armed: true.into(),
    });
    let cohort = read_cohort(COHORT.as_bytes(), "PM Mentoring", date(2026, 12, 3)).unwrap();
    let options = ImportOptions {
        concurrent_writes: 1,
        ..ImportOptions::default()
    };
    assert!(
        import_cohort(&repo, cohort, options, now(), &|_| {})
            .await
            .is_err()
    );
    let far = "9999";
    let mut due = 0;
    for shard in all_shards() {
        due += repo
            .store()
            .query_due(&shard, far, 100)
            .await
            .unwrap()
            .len();
    }
    assert_eq!(due, 0, "no schedule item written before its mentorship");
    assert!(
        list_pairs(&repo, &PairFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(counts(&import(&repo, COHORT, false).await), (3, 0, 0, 0));
    assert_eq!(counts(&import(&repo, COHORT, false).await), (0, 0, 3, 0));
    let pairs = list_pairs(&repo, &PairFilter::default()).await.unwrap();
    assert_eq!(pairs.len(), 3);
    assert!(
        pairs.iter().all(|p| p.next_prompt.is_some()),
        "every pair has its next prompt"
    );
}
