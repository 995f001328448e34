//! `mentormail export` and `mentormail erase` as an admin runs them: in local mode no byte of
//! the erased address is left anywhere in the data folder (database, its log, outbox, archive);
//! in AWS mode (moto) the table holds no item mentioning them and their raw mails and archive
//! copies are gone from the bucket.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mentormail::mail::token::TokenKey;

use crate::moto;

const SECRET: &str = "cli-test-secret";
const DOMAIN: &str = "mentor.example.org";
const SAM: &str = "sam@example.org";
const MAYA: &str = "maya@example.org";
const LEE: &str = "lee@example.org";

fn enrol(mentee: &str, name: &str) -> Vec<String> {
    [
        "--now",
        "2026-11-26T10:00:00Z",
        "enrol",
        "--mentor",
        MAYA,
        "--mentor-name",
        "Maya Chen",
        "--mentee",
        mentee,
        "--mentee-name",
        name,
        "--time-zone",
        "Europe/London",
    ]
    .map(String::from)
    .to_vec()
}

/// The mentorship id in `enrol`'s output.
fn mentorship_id(enrolled: &str) -> String {
    enrolled
        .split("mentorship ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("a mentorship id in the output")
        .to_string()
}

/// A reply from Sam to prompt #1 of `mentorship`, as a mail client writes it.
fn reply(mentorship: &str, message_id: &str, text: &str) -> String {
    let to = TokenKey::new(SECRET).reply_address(mentorship, 1, DOMAIN);
    format!(
        "From: Sam Rivera <{SAM}>\r\nTo: {to}\r\nSubject: Re: reflection\r\n\
         Message-ID: <{message_id}@mail.example>\r\n\r\n{text}\r\n\r\n\
         On Mon, 30 Nov 2026 at 09:00, PM Mentoring <coach@{DOMAIN}> wrote:\r\n> Hi Sam,\r\n"
    )
}

/// A reply too long for its record: cut, the whole kept in the archive.
fn long_text() -> String {
    format!(
        "{}END",
        "I mapped the funnel with the data team. ".repeat(9_000)
    )
}

fn ok(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn local(data: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MENTORMAIL_TABLE")
        .env("MENTORMAIL_DOMAIN", DOMAIN)
        .env("MENTORMAIL_TOKEN_SECRET", SECRET)
        .output()
        .expect("run mentormail");
    ok(output, &format!("mentormail {args:?}"))
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_mentioning(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
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

fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn local_erase_leaves_no_byte_of_the_address_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mails = dir.path().join("mails");
    std::fs::create_dir_all(&mails).unwrap();
    let sam_pair = mentorship_id(&local(&data, &as_strs(&enrol(SAM, "Sam Rivera"))));
    local(&data, &as_strs(&enrol(LEE, "Lee Park")));
    local(&data, &["tick", "--at", "2026-11-30T09:00:05Z"]);
    for (id, text) in [
        ("r1", "My first interview went well.".to_string()),
        ("r2", long_text()),
    ] {
        let file = mails.join(format!("{id}.eml"));
        std::fs::write(&file, reply(&sam_pair, id, &text)).unwrap();
        let out = local(
            &data,
            &[
                "--now",
                "2026-11-30T12:00:00Z",
                "ingest",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.contains("\"outcome\":\"recorded\""), "{out}");
    }
    // Maya's digest names Sam.
    local(&data, &["tick", "--at", "2026-12-04T17:00:05Z"]);

    let export = local(&data, &["export", SAM]);
    let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(doc["profile"]["name"], "Sam Rivera");
    let pair = &doc["pairings"][0];
    assert_eq!(pair["with"], MAYA);
    assert_eq!(pair["entries"].as_array().unwrap().len(), 2, "{export}");
    assert!(!pair["mails_sent"].as_array().unwrap().is_empty());
    assert!(
        pair["archived_entries"][0]["entry"]["text"]
            .as_str()
            .unwrap()
            .ends_with("END")
    );
    let out_file = dir.path().join("sam.json");
    let written = local(&data, &["export", SAM, "--out", out_file.to_str().unwrap()]);
    assert!(written.contains("1 pairing(s)"), "{written}");
    assert!(
        std::fs::read_to_string(&out_file)
            .unwrap()
            .contains("Sam Rivera")
    );
    assert!(!files_mentioning(&data, SAM).is_empty());
    assert!(!files_mentioning(&data.join("archive"), SAM).is_empty());

    // Without --yes: what would go, and nothing goes.
    let dry = local(&data, &["erase", SAM]);
    assert!(dry.contains("Would erase sam@example.org"), "{dry}");
    assert!(
        dry.contains(&format!("mentorship {sam_pair} (as mentee with {MAYA})")),
        "{dry}"
    );
    // The same export again (its time of export aside: the clock moved on).
    let without_time = |json: &str| {
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        value["exported_at"] = serde_json::Value::Null;
        value
    };
    assert_eq!(
        without_time(&local(&data, &["export", SAM])),
        without_time(&export)
    );

    let erased = local(&data, &["erase", SAM, "--yes"]);
    assert!(erased.contains("Erased sam@example.org"), "{erased}");
    let after: serde_json::Value = serde_json::from_str(&local(&data, &["export", SAM])).unwrap();
    assert!(after["profile"].is_null() && after["pairings"] == serde_json::json!([]));
    assert_eq!(files_mentioning(&data, SAM), Vec::<PathBuf>::new());
    // Not even the address in another case or the name of an outbox file.
    assert_eq!(files_mentioning(&data, "Sam Rivera"), Vec::<PathBuf>::new());
    // Maya and her pair with Lee stay, and the folder still works.
    let maya: serde_json::Value = serde_json::from_str(&local(&data, &["export", MAYA])).unwrap();
    assert_eq!(maya["pairings"].as_array().unwrap().len(), 1);
    assert_eq!(maya["pairings"][0]["with"], LEE);
    local(&data, &["tick", "--at", "2026-12-07T09:00:05Z"]);
    // The admin's own copies of the mails are theirs to delete: outside the data folder.
    assert_eq!(files_mentioning(&mails, SAM).len(), 2);
}

fn aws(dir: &Path, table: &str, bucket: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .args(args)
        .current_dir(dir)
        .env("MENTORMAIL_TABLE", table)
        .env("MENTORMAIL_BUCKET", bucket)
        .env("MENTORMAIL_DOMAIN", DOMAIN)
        .env("MENTORMAIL_TOKEN_SECRET", SECRET)
        .env("AWS_ENDPOINT_URL", moto::endpoint())
        .output()
        .expect("run mentormail");
    ok(output, &format!("mentormail --aws {args:?}"))
}

#[tokio::test]
async fn aws_erase_deletes_the_items_raw_mails_and_archive_copies() {
    let config = moto::sdk_config().await;
    let dynamodb = mentormail::clients::dynamodb_client(&config);
    let s3 = mentormail::clients::s3_client(&config);
    let table = moto::create_table(&dynamodb).await;
    let bucket = moto::create_bucket(&s3).await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| aws(dir.path(), &table, &bucket, args);
    let sam_pair = mentorship_id(&run(&as_strs(&enrol(SAM, "Sam Rivera"))));
    run(&as_strs(&enrol(LEE, "Lee Park")));

    // SES stored each mail at inbound/<messageId>; the inbound function recorded it.
    let text = [
        ("ses-sam-1", "My first interview went well.".to_string()),
        ("ses-sam-2", long_text()),
        ("ses-lee-1", String::new()),
    ];
    for (id, text) in &text {
        let raw = if id.starts_with("ses-sam") {
            reply(&sam_pair, id, text)
        } else {
            format!("From: {LEE}\r\nSubject: hello\r\n\r\nNot about anyone else.\r\n")
        };
        s3.put_object()
            .bucket(&bucket)
            .key(format!("inbound/{id}"))
            .body(raw.clone().into_bytes().into())
            .send()
            .await
            .unwrap();
        if id.starts_with("ses-sam") {
            let file = dir.path().join(format!("{id}.eml"));
            std::fs::write(&file, raw).unwrap();
            let out = run(&[
                "--now",
                "2026-11-30T12:00:00Z",
                "ingest",
                file.to_str().unwrap(),
                "--message-id",
                id,
            ]);
            assert!(out.contains("\"outcome\":\"recorded\""), "{out}");
        }
    }
    let keys = || async {
        let listed = s3.list_objects_v2().bucket(&bucket).send().await.unwrap();
        let mut keys: Vec<String> = listed
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .collect();
        keys.sort();
        keys
    };
    let before = keys().await;
    assert!(
        before.iter().any(|k| k.starts_with("archive/entries/")),
        "{before:?}"
    );
    let export = run(&["export", SAM]);
    assert!(
        export.contains("END"),
        "the archived whole text is exported"
    );

    let dry = run(&["erase", SAM]);
    assert!(dry.contains("2 inbound mail(s)"), "{dry}");
    assert_eq!(keys().await, before);

    let erased = run(&["erase", SAM, "--yes", "--json"]);
    let erased: serde_json::Value = serde_json::from_str(&erased).unwrap();
    assert_eq!(erased["erased"]["raw_mails"], 2, "{erased}");
    assert_eq!(keys().await, ["inbound/ses-lee-1"]);

    let after: serde_json::Value = serde_json::from_str(&run(&["export", SAM])).unwrap();
    assert!(after["profile"].is_null() && after["pairings"] == serde_json::json!([]));
    let scan = dynamodb.scan().table_name(&table).send().await.unwrap();
    let mentioning: Vec<String> = scan
        .items()
        .iter()
        .map(|item| format!("{item:?}"))
        .filter(|item| item.contains(SAM))
        .collect();
    assert_eq!(mentioning, Vec::<String>::new());
    assert!(
        scan.items()
            .iter()
            .any(|item| format!("{item:?}").contains(LEE))
    );
}

/// With a retention, local mode drops entries past it, as DynamoDB's TTL does in AWS: the next
/// command after the retention finds them gone (the command's own time decides).
#[test]
fn local_entries_past_the_retention_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sam_pair = mentorship_id(&local(&data, &as_strs(&enrol(SAM, "Sam Rivera"))));
    let file = dir.path().join("r1.eml");
    std::fs::write(
        &file,
        reply(&sam_pair, "kept", "Shadowed the pricing review."),
    )
    .unwrap();
    let with_retention = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_mentormail"))
            .arg("--data")
            .arg(&data)
            .args(args)
            .env_remove("MENTORMAIL_TABLE")
            .env("MENTORMAIL_DOMAIN", DOMAIN)
            .env("MENTORMAIL_TOKEN_SECRET", SECRET)
            .env("MENTORMAIL_ENTRY_RETENTION_DAYS", "30")
            .output()
            .expect("run mentormail");
        ok(output, &format!("mentormail {args:?}"))
    };
    let out = with_retention(&[
        "--now",
        "2026-11-30T12:00:00Z",
        "ingest",
        file.to_str().unwrap(),
    ]);
    assert!(out.contains("\"outcome\":\"recorded\""), "{out}");
    let within = with_retention(&["--now", "2026-12-20T12:00:00Z", "timeline", SAM]);
    assert!(within.contains("Shadowed the pricing review."), "{within}");
    let after = with_retention(&["--now", "2027-01-05T12:00:00Z", "timeline", SAM]);
    assert!(!after.contains("Shadowed the pricing review."), "{after}");
}
