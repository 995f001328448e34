//! Data requests through the library, on SQLite (a file) and DynamoDB (moto): a person's export
//! holds every kind of record of their pairs, and their erasure leaves no item in the table that
//! mentions their address (the whole table read by the test only), while their partner's other
//! pair stays whole. Entries written under a retention get their expiry.

use jiff::civil::time;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::erase::{erase, plan_erasure};
use mentormail::admin::export::export_person;
use mentormail::archive::folder::FolderArchive;
use mentormail::domain::Mentorship;
use mentormail::mail_in::{Envelope, IngestOutcome, MailIn, Verdict, Verdicts};
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::raw_mail::{RawMailRemover, SourceError};
use mentormail::store::Store;
use mentormail::store::repo::Repo;

use super::pair_and_person_state::enrolled_pair;
use crate::fixtures::*;

const REPLY_ID: &str = "ses-sam-reply-1";
const LONG_ID: &str = "ses-sam-long-2";
const NOTES_ID: &str = "ses-maya-notes-3";

/// The whole table as text, one string per item: what the test (never the code) scans.
/// A second address of the mentee's (`person alias`).
const MENTEE_ALIAS: &str = "sam.home@example.net";

enum Table {
    Sqlite(std::path::PathBuf),
    Dynamo(aws_sdk_dynamodb::Client, String),
}

impl Table {
    async fn items(&self) -> Vec<String> {
        match self {
            Table::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).unwrap();
                let mut statement = connection
                    .prepare("SELECT pk, sk, expires_at, body FROM items")
                    .unwrap();
                statement
                    .query_map([], |row| {
                        Ok(format!(
                            "{} {} {:?} {}",
                            row.get::<_, String>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, Option<i64>>(2)?,
                            row.get::<_, String>(3)?
                        ))
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Table::Dynamo(client, table) => {
                let scan = client.scan().table_name(table).send().await.unwrap();
                assert!(scan.last_evaluated_key.is_none(), "one page is enough here");
                let mut items: Vec<String> = scan
                    .items()
                    .iter()
                    .map(|item| {
                        format!(
                            "{:?}",
                            item.iter().collect::<std::collections::BTreeMap<_, _>>()
                        )
                    })
                    .collect();
                items.sort();
                items
            }
        }
    }

    async fn mentioning(&self, address: &str) -> Vec<String> {
        self.items()
            .await
            .into_iter()
            .filter(|item| item.contains(address))
            .collect()
    }
}

/// The raw-mail bucket as far as an erasure sees it: the ids it was asked to delete.
#[derive(Default)]
struct RemovedRawMail(std::sync::Mutex<Vec<String>>);

impl RawMailRemover for RemovedRawMail {
    async fn remove(&self, message_id: &str) -> Result<(), SourceError> {
        self.0.lock().unwrap().push(message_id.to_string());
        Ok(())
    }
}

fn envelope(message_id: &str, at: &str, to: &str) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts(at),
        recipients: vec![to.to_string()],
        verdicts: Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
        },
        sender_checks: dmarc_pass(),
    }
}

/// Maya mentors Sam (a goal, Sam's reply, a reply too long for its record, Maya's notes with
/// action items) and Lee (untouched by Sam's requests).
async fn pairs_with_records<S: Store>(
    repo: &Repo<S>,
    archive: &FolderArchive,
) -> (Mentorship, Mentorship) {
    let sam = enrolled_pair(repo).await;
    let now = ts("2026-11-26T10:00:00Z");
    let maya = person(MENTOR, "Maya Chen", "Europe/London");
    let lee = weekly_monday(
        &maya,
        &person(LEE, "Lee Park", "Europe/London"),
        time(9, 0, 0, 0),
        now,
    );
    enrol_pair(
        repo,
        &maya,
        &person(LEE, "Lee Park", "Europe/London"),
        &lee,
        now,
        Kickoff::IfNew,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
    let mail_in = MailIn {
        repo: repo.clone(),
        mailer: &outbox,
        archive: archive.clone(),
        settings: settings().ingest(),
    };
    let reply_to = settings().token_key.reply_address(&sam.id, 1, DOMAIN);
    let long = format!(
        "{}END",
        "I mapped the funnel with the data team. ".repeat(9_000)
    );
    for (id, at, to, raw) in [
        (
            REPLY_ID,
            "2026-11-30T12:00:00Z",
            reply_to.clone(),
            reply(MENTEE, &reply_to, "r1@x", "I ran my first interview alone."),
        ),
        (
            LONG_ID,
            "2026-11-30T13:00:00Z",
            reply_to.clone(),
            reply(MENTEE, &reply_to, "r2@x", &long),
        ),
        (
            NOTES_ID,
            "2026-11-30T14:00:00Z",
            format!("notes@{DOMAIN}"),
            forward("gmail.eml"),
        ),
    ] {
        let outcome = mail_in.ingest(&envelope(id, at, &to), &raw).await.unwrap();
        assert!(
            matches!(outcome, IngestOutcome::Recorded { .. }),
            "{id}: {outcome:?}"
        );
    }
    (sam, lee)
}

/// Every file of `dir` (recursively) whose bytes hold `needle`.
fn files_mentioning(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_mentioning(&path, needle));
        } else if std::fs::read(&path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
        {
            found.push(path);
        }
    }
    found
}

async fn an_erased_mentee_leaves_no_item_and_the_mentor_keeps_her_other_pair<S: Store>(
    repo: Repo<S>,
    table: Table,
) {
    let dir = tempfile::tempdir().unwrap();
    let archive = FolderArchive::new(dir.path().join("archive"));
    let (sam, lee) = pairs_with_records(&repo, &archive).await;
    let now = ts("2026-12-01T10:00:00Z");

    let export = export_person(&repo, &archive, MENTEE, now).await.unwrap();
    assert!(export.profile.is_some());
    let [pair] = export.pairings.as_slice() else {
        panic!("one pairing expected: {export:?}");
    };
    assert_eq!(pair.pairing.mentorship_id, sam.id);
    assert_eq!(pair.entries.len(), 3, "reply, long reply, notes");
    assert!(!pair.goals.is_empty() && !pair.action_items.is_empty());
    assert!(!pair.schedule.is_empty());
    let [archived] = pair.archived_entries.as_slice() else {
        panic!("the long reply's whole text expected: {pair:?}");
    };
    assert_eq!(archived.message_id, LONG_ID);
    let whole = archived.entry.as_ref().expect("read from the archive");
    assert!(whole["text"].as_str().unwrap().ends_with("END"));
    assert!(!table.mentioning(MENTEE).await.is_empty());

    // An extra address of hers goes with her.
    assert_eq!(
        repo.add_alias(&email(MENTEE), &email(MENTEE_ALIAS))
            .await
            .unwrap(),
        mentormail::store::repo::AliasAdded::Added
    );
    assert!(!table.mentioning(MENTEE_ALIAS).await.is_empty());
    // The plan alone deletes nothing.
    let before = table.items().await;
    assert!(before.len() > 20, "{before:#?}");
    let plan = plan_erasure(&repo, &archive, MENTEE).await.unwrap();
    assert_eq!(plan.pairs.len(), 1);
    assert_eq!(plan.messages, [NOTES_ID, LONG_ID, REPLY_ID]);
    assert_eq!(table.items().await.len(), before.len());

    let raw_mail = RemovedRawMail::default();
    let erased = erase(&repo, &archive, &raw_mail, &plan).await.unwrap();
    assert_eq!(erased.raw_mails, 3);
    let mut removed = raw_mail.0.lock().unwrap().clone();
    removed.sort();
    assert_eq!(removed, [NOTES_ID, LONG_ID, REPLY_ID]);

    assert!(
        export_person(&repo, &archive, MENTEE, now)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(table.mentioning(MENTEE).await, Vec::<String>::new());
    assert_eq!(table.mentioning(MENTEE_ALIAS).await, Vec::<String>::new());
    assert_eq!(
        files_mentioning(dir.path(), MENTEE),
        Vec::<std::path::PathBuf>::new()
    );
    assert!(!repo.seen(REPLY_ID).await.unwrap());
    assert!(repo.mentorship(&sam.id).await.unwrap().is_none());
    // Maya stays, with her pair with Lee whole.
    assert!(repo.person(&email(MENTOR)).await.unwrap().is_some());
    let maya = export_person(&repo, &archive, MENTOR, now).await.unwrap();
    let pairs: Vec<&str> = maya
        .pairings
        .iter()
        .map(|p| p.pairing.mentorship_id.as_str())
        .collect();
    assert_eq!(pairs, [lee.id.as_str()]);
    assert!(!maya.pairings[0].schedule.is_empty());
    let listed: Vec<String> = repo
        .all_mentorships()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&lee.id));
    assert!(table.items().await.len() < before.len());
}

async fn an_erased_mentor_takes_both_pairs_and_the_mentees_keep_their_profiles<S: Store>(
    repo: Repo<S>,
    table: Table,
) {
    let dir = tempfile::tempdir().unwrap();
    let archive = FolderArchive::new(dir.path().join("archive"));
    pairs_with_records(&repo, &archive).await;
    let plan = plan_erasure(&repo, &archive, MENTOR).await.unwrap();
    assert_eq!(plan.pairs.len(), 2);
    erase(&repo, &archive, &RemovedRawMail::default(), &plan)
        .await
        .unwrap();
    assert_eq!(table.mentioning(MENTOR).await, Vec::<String>::new());
    for mentee in [MENTEE, LEE] {
        assert!(repo.person(&email(mentee)).await.unwrap().is_some());
        assert!(repo.pairings(&email(mentee)).await.unwrap().is_empty());
    }
    assert!(repo.all_mentorships().await.unwrap().is_empty());
}

async fn entries_expire_after_the_retention<S: Store>(repo: Repo<S>, table: Table) {
    let repo = repo.with_entry_retention(Some(30));
    let dir = tempfile::tempdir().unwrap();
    let archive = FolderArchive::new(dir.path().join("archive"));
    pairs_with_records(&repo, &archive).await;
    let received = ts("2026-11-30T12:00:00Z").as_second();
    let entries: Vec<String> = table
        .items()
        .await
        .into_iter()
        .filter(|item| item.contains("ENTRY#"))
        .collect();
    assert_eq!(entries.len(), 3);
    let expiry = (received + 30 * 86_400).to_string();
    assert!(
        entries.iter().any(|item| item.contains(&expiry)),
        "no entry expires at {expiry}: {entries:?}"
    );
}

macro_rules! on_both_stores_with_the_table {
    ($($clause:ident),+ $(,)?) => {
        $(
            mod $clause {
                #[tokio::test]
                async fn sqlite() {
                    let dir = tempfile::tempdir().unwrap();
                    let path = dir.path().join("store.sqlite");
                    let store = mentormail::store::embedded::EmbeddedStore::open(&path).unwrap();
                    super::$clause(
                        mentormail::store::repo::Repo::new(store),
                        super::Table::Sqlite(path),
                    )
                    .await;
                }

                #[tokio::test]
                async fn dynamodb() {
                    let client = mentormail::clients::dynamodb_client(
                        &crate::moto::sdk_config().await,
                    );
                    let table = crate::moto::create_table(&client).await;
                    let store = mentormail::store::dynamodb::DynamoStore::new(
                        client.clone(),
                        table.clone(),
                    );
                    super::$clause(
                        mentormail::store::repo::Repo::new(store),
                        super::Table::Dynamo(client, table),
                    )
                    .await;
                }
            }
        )+
    };
}

on_both_stores_with_the_table!(
    an_erased_mentee_leaves_no_item_and_the_mentor_keeps_her_other_pair,
    an_erased_mentor_takes_both_pairs_and_the_mentees_keep_their_profiles,
    entries_expire_after_the_retention,
);
