//! Changing state with the `mentormail` binary: `pair set` and `pair end` in local mode (the
//! scheduler then sends one prompt at the new time, and nothing once ended); goals, items and a
//! wrong entry corrected by the ids `goal list` and `timeline --json` print; and `person set`
//! and `pair end` in AWS mode against moto.

use std::path::Path;
use std::process::{Command, Output};

use mentormail::domain::{PersonStatus, Task};
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;
use serde_json::Value;

use crate::fixtures::{FORWARDS, email};
use crate::moto;

fn enrol(mentor: &str, mentee: &str) -> Vec<String> {
    [
        "--now",
        "2026-11-26T10:00:00Z",
        "enrol",
        "--mentor",
        mentor,
        "--mentor-name",
        "Maya Chen",
        "--mentee",
        mentee,
        "--mentee-name",
        "Sam Rivera",
        "--time-zone",
        "Europe/London",
    ]
    .map(String::from)
    .to_vec()
}

fn local(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MENTORMAIL_TABLE")
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .env("MENTORMAIL_TOKEN_SECRET", "cli-test-secret")
        .output()
        .expect("run mentormail")
}

fn succeeded(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn ok(data: &Path, args: &[&str]) -> String {
    succeeded(local(data, args), &args.join(" "))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn pair_set_moves_the_next_prompt_and_pair_end_stops_all_mail() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &strs(&enrol("maya@example.org", "sam@example.org")));
    let set = json(&ok(
        data,
        &[
            "--now",
            "2026-11-26T11:00:00Z",
            "pair",
            "set",
            "sam@example.org",
            "--cadence",
            "weekly:thu",
            "--at",
            "17:30",
            "--json",
        ],
    ));
    // Monday 30 Nov 09:00 became Thursday 26 Nov 17:30.
    assert_eq!(set["next_prompt"], "2026-11-26T17:30:00Z", "{set}");
    let pairs = json(&ok(data, &["pairs", "--json"]));
    assert_eq!(pairs[0]["next_prompt"], "2026-11-26T17:30:00Z");
    assert_eq!(pairs[0]["cadence"], "weekly:thu");
    let text = ok(
        data,
        &[
            "--now",
            "2026-11-26T11:05:00Z",
            "pair",
            "set",
            "sam@example.org",
            "--at",
            "18:00",
        ],
    );
    assert!(
        text.starts_with("Pair ") && text.contains("prompt time 17:30 -> 18:00"),
        "{text}"
    );
    assert!(
        text.contains("next prompt Thu 26 Nov 2026 18:00 GMT"),
        "{text}"
    );
    let tick = ok(data, &["tick", "--at", "2026-11-26T18:00:05Z"]);
    assert_eq!(
        tick.matches("sent prompt to sam@example.org").count(),
        1,
        "{tick}"
    );

    let ended = ok(
        data,
        &[
            "--now",
            "2026-11-27T09:00:00Z",
            "pair",
            "end",
            "sam@example.org",
        ],
    );
    assert!(
        ended.contains("ended;") && ended.contains("records kept"),
        "{ended}"
    );
    for at in [
        "2026-12-03T18:00:05Z",
        "2026-12-06T09:00:05Z",
        "2026-12-10T18:00:05Z",
    ] {
        let tick = ok(data, &["tick", "--at", at]);
        assert!(tick.starts_with("0 sent"), "{at}: {tick}");
    }
    let pairs = json(&ok(data, &["pairs", "--json"]));
    assert_eq!(pairs[0]["status"], "ended");
    assert_eq!(pairs[0]["next_prompt"], Value::Null);
    let refused = local(data, &["pair", "set", "sam@example.org", "--at", "09:00"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("has ended"));
}

#[test]
fn goals_items_and_a_wrong_entry_are_corrected_by_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mentee = "sam.rivera@example.org";
    ok(data, &strs(&enrol("maya.chen@example.org", mentee)));
    let gmail = format!("{FORWARDS}/gmail.eml");
    let out = ok(data, &["--now", "2026-11-27T10:00:00Z", "ingest", &gmail]);
    assert!(out.contains(r#""entry":"feedback""#), "{out}");

    let list = json(&ok(data, &["goal", "list", mentee, "--json"]));
    let items = list["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3, "{list}");
    assert_eq!(list["goals"].as_array().unwrap().len(), 1, "{list}");
    let item = items[0]["id"].as_str().unwrap();
    let closed = ok(
        data,
        &["--now", "2026-11-27T11:00:00Z", "item", "close", item],
    );
    assert_eq!(
        closed,
        format!(
            "Action item {item} closed: Sam: send the roadmap deck outline to Maya by Friday\n"
        )
    );
    let text = ok(data, &["goal", "list", mentee]);
    assert!(!text.contains(item), "{text}");
    assert!(text.contains("[open] Present the Q1 roadmap"), "{text}");
    let goal = list["goals"][0]["id"].as_str().unwrap();
    let edited = ok(
        data,
        &[
            "--now",
            "2026-11-27T11:00:00Z",
            "goal",
            "edit",
            goal,
            "--by",
            "2027-03-15",
        ],
    );
    assert!(
        edited.contains("(by 2027-03-15); next reminder 2027-03-08T09:00:00Z"),
        "{edited}"
    );

    let timeline = json(&ok(data, &["timeline", mentee, "--json"]));
    let entry = timeline["entries"][0]["id"].as_str().unwrap().to_string();
    let removed = ok(
        data,
        &["--now", "2026-11-28T10:00:00Z", "entry", "remove", &entry],
    );
    assert!(
        removed.starts_with(&format!("Removed entry {entry} from maya.chen@example.org"))
            && removed.contains("3 action item(s), 0 decision(s), 1 goal(s)"),
        "{removed}"
    );
    let after = json(&ok(data, &["goal", "list", mentee, "--json"]));
    assert_eq!(after["items"], Value::Array(Vec::new()));
    assert_eq!(after["goals"], Value::Array(Vec::new()));
    let timeline = ok(data, &["timeline", mentee]);
    assert!(
        timeline.contains("admin: removed the feedback from maya.chen@example.org"),
        "{timeline}"
    );
    assert!(
        !timeline.contains("feedback from maya.chen@example.org\n"),
        "{timeline}"
    );
    let again = local(data, &["entry", "remove", &entry]);
    assert!(!again.status.success());

    let paused = ok(
        data,
        &[
            "--now",
            "2026-11-28T10:00:00Z",
            "person",
            "pause",
            mentee,
            "--until",
            "2026-12-20",
        ],
    );
    assert_eq!(
        paused,
        "sam.rivera@example.org: paused (was active; mail again from 2026-12-20); recorded as \
         pause in 1 pair timeline(s)\n"
    );
    let tick = ok(data, &["tick", "--at", "2026-11-30T09:00:05Z"]);
    assert!(!tick.contains("sent prompt"), "{tick}");
}

#[tokio::test]
async fn aws_mode_moves_a_mentors_zone_and_ends_the_pair_in_the_table() {
    let sdk = moto::sdk_config().await;
    let client = mentormail::clients::dynamodb_client(&sdk);
    let table = moto::create_table(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let aws = |args: &[&str]| super::aws_mode(dir.path(), &table, args);
    succeeded(
        aws(&strs(&enrol("maya@example.org", "sam@example.org"))),
        "enrol",
    );
    let set = succeeded(
        aws(&[
            "--aws",
            "--now",
            "2026-11-26T11:00:00Z",
            "person",
            "set",
            "maya@example.org",
            "--time-zone",
            "America/New_York",
        ]),
        "person set",
    );
    assert!(
        set.contains("maya@example.org: time zone Europe/London -> America/New_York")
            && set.contains("Sun 6 Dec 2026 04:00 EST -> Sun 6 Dec 2026 09:00 EST"),
        "{set}"
    );
    let repo = Repo::new(DynamoStore::new(client, table.clone()));
    let maya = repo
        .person(&email("maya@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(maya.time_zone.as_str(), "America/New_York");
    assert_eq!(maya.status, PersonStatus::Active);
    let mentorship = repo.pairings(&email("sam@example.org")).await.unwrap()[0]
        .mentorship_id
        .clone();
    let digest = repo
        .schedule(&mentorship)
        .await
        .unwrap()
        .into_iter()
        .find(|s| matches!(s.task, Task::Digest { .. }))
        .unwrap();
    assert_eq!(digest.due_at, "2026-12-06T14:00:00Z".parse().unwrap());

    let ended = succeeded(
        aws(&["--aws", "pair", "end", "sam@example.org", "--json"]),
        "pair end",
    );
    assert_eq!(json(&ended)["ended_now"], true, "{ended}");
    assert!(repo.schedule(&mentorship).await.unwrap().is_empty());
    assert!(!repo.mentorship(&mentorship).await.unwrap().unwrap().active);
}

#[test]
fn person_alias_adds_lists_refuses_and_removes_extra_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let enrolment = enrol("maya@example.org", "sam@example.org");
    ok(
        data,
        &enrolment.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let added: Value = serde_json::from_str(&ok(
        data,
        &[
            "person",
            "alias",
            "sam@example.org",
            "Sam@Phone.Example",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(added["done"], "added");
    assert_eq!(added["aliases"], serde_json::json!(["sam@phone.example"]));
    let listed = ok(data, &["person", "alias", "sam@example.org"]);
    assert_eq!(
        listed.trim(),
        "sam@example.org: extra addresses sam@phone.example (listed)"
    );
    let taken = local(
        data,
        &["person", "alias", "maya@example.org", "sam@phone.example"],
    );
    assert!(!taken.status.success());
    assert!(
        String::from_utf8_lossy(&taken.stderr)
            .contains("already an extra address of sam@example.org")
    );
    let own = local(
        data,
        &["person", "alias", "sam@example.org", "maya@example.org"],
    );
    assert!(!own.status.success());
    let removed = ok(
        data,
        &[
            "person",
            "alias",
            "sam@example.org",
            "sam@phone.example",
            "--remove",
        ],
    );
    assert_eq!(
        removed.trim(),
        "sam@example.org: no extra addresses (removed)"
    );
}
