//! An admin clears a person's bouncing or stopped status: the repository operation on both
//! stores, and `mentormail person reactivate` in local mode and in AWS mode against moto.

use std::path::Path;
use std::process::{Command, Output};

use mentormail::domain::PersonStatus;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::{BounceOutcome, Reactivation, Repo};
use rstest::rstest;

use crate::fixtures::*;
use crate::moto;

const BIN: &str = env!("CARGO_BIN_EXE_mentormail");

const ENROL: &[&str] = &[
    "enrol",
    "--mentor",
    "maya@example.org",
    "--mentor-name",
    "Maya Chen",
    "--mentee",
    "sam@example.org",
    "--mentee-name",
    "Sam Rivera",
    "--time-zone",
    "Europe/London",
];

fn succeeded(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn local(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MENTORMAIL_TABLE")
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .output()
        .expect("run mentormail")
}

#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    DynamoDb,
}

async fn reactivation_clears_bouncing_and_stopped_only<S: Store>(repo: Repo<S>) {
    let at = ts("2026-11-26T10:00:00Z");
    enrol_standard(&repo, at).await;
    let sam = email(MENTEE);
    assert_eq!(
        repo.mark_bouncing(&sam, "rejected: Address blacklisted.", at)
            .await
            .unwrap(),
        BounceOutcome::Marked
    );
    let later = ts("2026-12-01T08:00:00Z");
    assert_eq!(
        repo.reactivate(&sam, later).await.unwrap(),
        Reactivation::Reactivated {
            was: PersonStatus::Bouncing,
            reason: Some("rejected: Address blacklisted.".into())
        }
    );
    let profile = repo.person(&sam).await.unwrap().unwrap();
    assert_eq!(profile.status, PersonStatus::Active);
    assert_eq!(profile.status_changed_at, Some(later));
    assert!(
        profile
            .status_reason
            .as_deref()
            .is_some_and(|r| r.contains("was bouncing: rejected: Address blacklisted.")),
        "{profile:?}"
    );
    // Twice: nothing more to clear, nothing written.
    assert_eq!(
        repo.reactivate(&sam, later).await.unwrap(),
        Reactivation::NothingToClear(PersonStatus::Active)
    );
    // A stopped person too.
    let mut stopped = profile.clone();
    stopped.status = PersonStatus::Stopped;
    stopped.status_reason = None;
    let mut changes = mentormail::store::repo::Changes::new();
    changes.person(&stopped);
    let _ = repo.commit(changes).await.unwrap();
    assert_eq!(
        repo.reactivate(&sam, later).await.unwrap(),
        Reactivation::Reactivated {
            was: PersonStatus::Stopped,
            reason: None
        }
    );
    assert_eq!(
        repo.reactivate(&email("nobody@example.org"), later)
            .await
            .unwrap(),
        Reactivation::UnknownPerson
    );
}

#[rstest]
#[tokio::test]
async fn reactivation_on_every_store(
    #[values(Backend::Sqlite, Backend::DynamoDb)] backend: Backend,
) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let store = EmbeddedStore::open(dir.path().join("store.sqlite")).unwrap();
            reactivation_clears_bouncing_and_stopped_only(Repo::new(store)).await;
        }
        Backend::DynamoDb => {
            reactivation_clears_bouncing_and_stopped_only(Repo::new(moto::dynamo_store().await))
                .await
        }
    }
}

#[tokio::test]
async fn local_mode_keeps_bouncing_on_re_enrolment_says_so_and_reactivates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    succeeded(
        local(data, &[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat()),
        "enrol",
    );
    {
        let repo = Repo::new(EmbeddedStore::open(data.join("mentormail.sqlite")).unwrap());
        repo.mark_bouncing(
            &email("sam@example.org"),
            "rejected: Address blacklisted.",
            ts("2026-11-27T10:00:00Z"),
        )
        .await
        .unwrap();
    }
    let again = succeeded(
        local(data, &[&["--now", "2026-11-28T10:00:00Z"], ENROL].concat()),
        "enrol again",
    );
    assert!(
        again.contains("note: sam@example.org stays bouncing (rejected: Address blacklisted.); `mentormail person reactivate sam@example.org` clears it"),
        "{again}"
    );
    let cleared = succeeded(
        local(data, &["person", "reactivate", "Sam@Example.org"]),
        "reactivate",
    );
    assert_eq!(
        cleared,
        "sam@example.org: active again (was bouncing: rejected: Address blacklisted.)\n"
    );
    let twice = succeeded(
        local(data, &["person", "reactivate", "sam@example.org"]),
        "reactivate again",
    );
    assert_eq!(twice, "sam@example.org: active; nothing to clear\n");
    let tick = succeeded(
        local(data, &["tick", "--at", "2026-11-30T09:00:05Z"]),
        "tick",
    );
    assert!(tick.contains("sent prompt to sam@example.org"), "{tick}");
    let unknown = local(data, &["person", "reactivate", "nobody@example.org"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("nobody@example.org is not enrolled")
    );
}

#[tokio::test]
async fn aws_mode_reactivates_in_the_table() {
    let sdk = moto::sdk_config().await;
    let client = mentormail::clients::dynamodb_client(&sdk);
    let table = moto::create_table(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let aws = |args: &[&str]| super::aws_mode(dir.path(), &table, args);
    succeeded(
        aws(&[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat()),
        "enrol",
    );
    let repo = Repo::new(DynamoStore::new(client, table.clone()));
    let sam = email("sam@example.org");
    repo.mark_bouncing(
        &sam,
        "rejected: Illegal address",
        ts("2026-11-27T10:00:00Z"),
    )
    .await
    .unwrap();
    let cleared = succeeded(
        aws(&["--aws", "person", "reactivate", "sam@example.org"]),
        "reactivate",
    );
    assert!(cleared.contains("active again (was bouncing"), "{cleared}");
    assert_eq!(
        repo.person(&sam).await.unwrap().unwrap().status,
        PersonStatus::Active
    );
}
