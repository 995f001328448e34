//! The spoof matrix: every way to address the programme × every header shape a forger uses ×
//! every combination of the receiving server's sender checks, against local ingest (SQLite) in
//! full and through the inbound Lambda handler (S3 + DynamoDB + SES on moto) on a slice. Each
//! hostile variant must write nothing; each legitimate one must write once, however often it is
//! delivered. The envelope always comes from the documented SES receipt event, read by the
//! handler's own code, so local ingest sees exactly what the function sees.
//!
//! "Written" means any item of the store changed other than the inbound dedupe markers (which
//! record that a mail was seen and why it was refused, and the once-a-day notice marker).

mod cases;

use aws_lambda_events::event::ses::SimpleEmailEvent;
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome, envelope};
use mentormail::mail_in::{IngestOutcome, MailIn};
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::{Changes, Repo};

use crate::fixtures::*;
use crate::moto;
use cases::{Checks, KIM, LEE, OMAR, Pairs, Variant, all_checks, variants};

const RECEIVED: &str = "2026-11-30T12:00:05Z";

/// Maya mentors Sam; Omar mentors Lee, and mentored Kim (that pair is ended).
async fn enrol_world<S: Store>(repo: &Repo<S>) -> Pairs {
    let now = ts("2026-11-19T10:00:00Z");
    let sam = enrol_standard(repo, now).await;
    let omar = person(OMAR, "Omar Haddad", "Europe/Paris");
    let lee = enrol(repo, &omar, &person(LEE, "Lee Park", "Asia/Seoul"), now).await;
    let mut kim = enrol(repo, &omar, &person(KIM, "Kim Berg", "Europe/Oslo"), now).await;
    kim.active = false;
    let mut end = Changes::new();
    end.mentorship(&kim);
    let committed = repo.commit(end).await.expect("end Kim's pair");
    assert_eq!(committed, mentormail::store::repo::Committed::Written);
    Pairs {
        sam: sam.id,
        lee: lee.id,
        kim_ended: kim.id,
    }
}

/// The SES receipt event of one variant's mail: recipient, envelope sender and verdicts.
fn receipt(message_id: &str, variant: &Variant, checks: &Checks) -> SimpleEmailEvent {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/infra/events/ses-receipt-reply.json"
    ))
    .unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ses = &mut json["Records"][0]["ses"];
    ses["mail"]["messageId"] = message_id.into();
    ses["mail"]["timestamp"] = RECEIVED.into();
    ses["mail"]["source"] = format!("bounce@{}", checks.mail_from_domain).into();
    ses["mail"]["destination"] = serde_json::json!([variant.to]);
    ses["receipt"]["timestamp"] = RECEIVED.into();
    ses["receipt"]["recipients"] = serde_json::json!([variant.to]);
    ses["receipt"]["spfVerdict"]["status"] = checks.spf.into();
    ses["receipt"]["dkimVerdict"]["status"] = checks.dkim.into();
    ses["receipt"]["dmarcVerdict"]["status"] = checks.dmarc.into();
    serde_json::from_value(json).unwrap()
}

/// Hostile and legitimate counts, and what went wrong.
#[derive(Default)]
struct Tally {
    hostile: usize,
    hostile_written: Vec<String>,
    legitimate: usize,
    legitimate_written_once: usize,
    legitimate_wrong: Vec<String>,
}

impl Tally {
    fn report(&self, what: &str) {
        println!(
            "spoof matrix ({what}): {} hostile variants, {} written; {} legitimate, {} written once",
            self.hostile,
            self.hostile_written.len(),
            self.legitimate,
            self.legitimate_written_once
        );
        assert!(
            self.hostile_written.is_empty(),
            "hostile variants wrote: {:#?}",
            self.hostile_written
        );
        assert!(
            self.legitimate_wrong.is_empty(),
            "legitimate variants not written exactly once: {:#?}",
            self.legitimate_wrong
        );
        assert_eq!(self.legitimate, self.legitimate_written_once);
        assert!(self.hostile > 0 && self.legitimate > 0);
    }
}

/// The local store in a file, with a second connection that reads every item.
struct LocalWorld {
    mail_in: MailIn<EmbeddedStore, OutboxMailer, mentormail::archive::folder::FolderArchive>,
    items: rusqlite::Connection,
    pairs: Pairs,
    _dir: tempfile::TempDir,
}

impl LocalWorld {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mentormail.sqlite");
        let repo = Repo::new(EmbeddedStore::open(&path).unwrap());
        let pairs = enrol_world(&repo).await;
        LocalWorld {
            mail_in: MailIn {
                repo,
                mailer: OutboxMailer::new(dir.path().join("outbox")).unwrap(),
                archive: mentormail::archive::folder::FolderArchive::new(
                    dir.path().join("archive"),
                ),
                settings: settings().ingest(),
            },
            items: rusqlite::Connection::open(&path).unwrap(),
            pairs,
            _dir: dir,
        }
    }

    fn fingerprint(&self) -> Vec<(String, String, String)> {
        let mut statement = self
            .items
            .prepare("SELECT pk, sk, body FROM items WHERE pk NOT LIKE 'INBOUND#%' ORDER BY pk, sk")
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    async fn ingest(&self, id: &str, variant: &Variant, checks: &Checks) -> IngestOutcome {
        let event = receipt(id, variant, checks);
        self.mail_in
            .ingest(&envelope(&event.records[0]), &variant.raw(id, checks))
            .await
            .unwrap()
    }

    /// Recipients of the mails in the outbox.
    fn sent_to(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.mail_in.mailer.dir()) else {
            return Vec::new();
        };
        entries
            .map(|e| {
                let raw = std::fs::read(e.unwrap().path()).unwrap();
                let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
                let to = message
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address());
                to.unwrap_or_default().to_string()
            })
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_ingest_writes_nothing_for_any_spoof_and_once_for_the_rightful_sender() {
    let key = settings().token_key;
    let hostile = LocalWorld::new().await;
    let matrix = variants(&key, &hostile.pairs);
    let mut tally = Tally::default();
    let mut n = 0;
    for checks in all_checks() {
        for variant in &matrix {
            n += 1;
            let id = format!("spoof{n}");
            if variant.plain_rightful && checks.authenticates_example_org() {
                tally.legitimate += 1;
                let world = LocalWorld::new().await;
                let before = world.fingerprint();
                let first = world.ingest(&id, variant, &checks).await;
                let after_first = world.fingerprint();
                let again = world.ingest(&id, variant, &checks).await;
                let once = matches!(first, IngestOutcome::Recorded { .. })
                    && again == IngestOutcome::Duplicate
                    && after_first != before
                    && world.fingerprint() == after_first;
                if once {
                    tally.legitimate_written_once += 1;
                } else {
                    tally.legitimate_wrong.push(format!(
                        "{} {checks:?}: {first:?} then {again:?}",
                        variant.name
                    ));
                }
                continue;
            }
            tally.hostile += 1;
            let before = hostile.fingerprint();
            let outcome = hostile.ingest(&id, variant, &checks).await;
            if hostile.fingerprint() != before || !matches!(outcome, IngestOutcome::Rejected(_)) {
                tally
                    .hostile_written
                    .push(format!("{} {checks:?}: {outcome:?}", variant.name));
            }
        }
    }
    tally.report("local ingest, SQLite");
    // Every mail arrived on one day: each participant whose address was claimed was told once.
    let mut notices = hostile.sent_to();
    notices.sort();
    assert_eq!(
        notices,
        [KIM, MENTOR, OMAR, MENTEE],
        "one notice each that day"
    );
}

/// The inbound function's stack on moto: raw mail in S3, records in DynamoDB, mail via SES.
struct MotoWorld {
    handler: InboundHandler<DynamoStore, SesMailer, mentormail::archive::s3::S3Archive, S3RawMail>,
    s3: aws_sdk_s3::Client,
    bucket: String,
    dynamodb: aws_sdk_dynamodb::Client,
    table: String,
    pairs: Pairs,
}

impl MotoWorld {
    async fn new() -> Self {
        let sdk = moto::sdk_config().await;
        let s3 = mentormail::clients::s3_client(&sdk);
        let bucket = moto::create_bucket(&s3).await;
        let ses = mentormail::clients::sesv2_client(&sdk);
        let mut settings = settings();
        settings.from_address = format!("{}@{DOMAIN}", moto::unique_name("spoofs"));
        moto::verify_identity(&ses, &settings.from_address).await;
        let dynamodb = mentormail::clients::dynamodb_client(&sdk);
        let table = moto::create_table(&dynamodb).await;
        let repo = Repo::new(DynamoStore::new(dynamodb.clone(), table.clone()));
        let pairs = enrol_world(&repo).await;
        MotoWorld {
            handler: InboundHandler {
                mail_in: MailIn {
                    repo,
                    mailer: SesMailer::new(ses, None),
                    archive: mentormail::archive::s3::S3Archive::new(
                        s3.clone(),
                        bucket.clone(),
                        "archive/",
                    ),
                    settings: settings.ingest(),
                },
                source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
            },
            s3,
            bucket,
            dynamodb,
            table,
            pairs,
        }
    }

    async fn fingerprint(&self) -> Vec<String> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let page = self
                .dynamodb
                .scan()
                .table_name(&self.table)
                .set_exclusive_start_key(start)
                .send()
                .await
                .unwrap();
            for item in page.items() {
                let json: serde_json::Value = serde_dynamo::from_item(item.clone()).unwrap();
                if !json["pk"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("INBOUND#")
                {
                    items.push(json.to_string());
                }
            }
            start = page.last_evaluated_key().cloned();
            if start.is_none() {
                break;
            }
        }
        items.sort();
        items
    }

    async fn deliver(&self, id: &str, variant: &Variant, checks: &Checks) -> RecordOutcome {
        self.s3
            .put_object()
            .bucket(&self.bucket)
            .key(format!("inbound/{id}"))
            .body(variant.raw(id, checks).into())
            .send()
            .await
            .unwrap();
        let results = self
            .handler
            .handle(receipt(id, variant, checks))
            .await
            .unwrap();
        results[0].outcome.clone()
    }
}

/// A slice of the matrix through the inbound handler on moto: every shape and route, with DMARC
/// passing, with no DMARC but an aligned SPF pass, and with no verdict at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbound_handler_on_moto_writes_nothing_for_any_spoof_and_once_for_the_rightful_sender()
{
    let all = all_checks();
    let slice = [all[0], all[6], all[20]];
    assert!(slice[0].authenticates_example_org() && slice[1].authenticates_example_org());
    assert!(!slice[2].authenticates_example_org());
    let key = settings().token_key;
    let hostile = MotoWorld::new().await;
    let matrix = variants(&key, &hostile.pairs);
    let mut tally = Tally::default();
    for (c, checks) in slice.iter().enumerate() {
        for (v, variant) in matrix.iter().enumerate() {
            let id = format!("{}c{c}v{v}", moto::unique_name("spoof").replace('-', ""));
            if variant.plain_rightful && checks.authenticates_example_org() {
                tally.legitimate += 1;
                let world = MotoWorld::new().await;
                let before = world.fingerprint().await;
                let first = world.deliver(&id, variant, checks).await;
                let after_first = world.fingerprint().await;
                let again = world.deliver(&id, variant, checks).await;
                let once = matches!(
                    first,
                    RecordOutcome::Ingested(IngestOutcome::Recorded { .. })
                ) && again == RecordOutcome::Ingested(IngestOutcome::Duplicate)
                    && after_first != before
                    && world.fingerprint().await == after_first;
                if once {
                    tally.legitimate_written_once += 1;
                } else {
                    tally.legitimate_wrong.push(format!(
                        "{} {checks:?}: {first:?} then {again:?}",
                        variant.name
                    ));
                }
                continue;
            }
            tally.hostile += 1;
            let before = hostile.fingerprint().await;
            let outcome = hostile.deliver(&id, variant, checks).await;
            let refused = matches!(outcome, RecordOutcome::Ingested(IngestOutcome::Rejected(_)));
            if hostile.fingerprint().await != before || !refused {
                tally
                    .hostile_written
                    .push(format!("{} {checks:?}: {outcome:?}", variant.name));
            }
        }
    }
    tally.report("inbound handler, DynamoDB and S3 on moto");
}
