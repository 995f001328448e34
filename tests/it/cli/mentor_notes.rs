//! Mentors' notes through the `mentormail` CLI on the embedded default (SQLite file and outbox
//! folder): enrol, `ingest` the example forwards, `timeline`, and `mentor --no-ack`.

use std::path::Path;
use std::process::Command;

use crate::fixtures::FORWARDS;

fn mentormail(data: &Path, now: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .arg("--data")
        .arg(data)
        .arg("--now")
        .arg(now)
        .args(args)
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .env("MENTORMAIL_TOKEN_SECRET", "cli-test-secret")
        .env_remove("MENTORMAIL_TABLE")
        .output()
        .expect("run mentormail");
    assert!(
        output.status.success(),
        "mentormail {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn outbox_files(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("outbox"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn forwards_ingested_with_the_cli_show_in_the_timeline_and_are_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let enrolled = "2026-11-19T10:00:00Z";
    for (mentee, name, zone) in [
        ("sam.rivera@example.org", "Sam Rivera", "Europe/London"),
        ("lee.park@example.org", "Lee Park", "Asia/Seoul"),
    ] {
        let out = mentormail(
            data,
            enrolled,
            &[
                "enrol",
                "--mentor",
                "maya.chen@example.org",
                "--mentor-name",
                "Maya Chen",
                "--mentee",
                mentee,
                "--mentee-name",
                name,
                "--time-zone",
                zone,
            ],
        );
        assert!(out.starts_with(&format!("Enrolled {name}")), "{out}");
    }
    let gmail = format!("{FORWARDS}/gmail.eml");
    let out = mentormail(data, "2026-11-24T02:16:00Z", &["ingest", &gmail]);
    assert!(
        out.contains(r#""outcome":"recorded""#) && out.contains(r#""entry":"feedback""#),
        "{out}"
    );
    assert_eq!(outbox_files(data), ["00001-maya.chen_example.org.eml"]);
    let again = mentormail(data, "2026-11-24T02:20:00Z", &["ingest", &gmail]);
    assert!(again.contains(r#""outcome":"duplicate""#), "{again}");
    assert_eq!(outbox_files(data).len(), 1);

    let off = mentormail(
        data,
        "2026-11-25T00:00:00Z",
        &["mentor", "maya.chen@example.org", "--no-ack"],
    );
    assert_eq!(
        off.trim(),
        "maya.chen@example.org: acknowledgements of notes off"
    );
    let apple = format!("{FORWARDS}/apple-mail.eml");
    let out = mentormail(data, "2026-11-26T19:03:00Z", &["ingest", &apple]);
    assert!(out.contains(r#""outcome":"recorded""#), "{out}");
    assert_eq!(
        outbox_files(data).len(),
        1,
        "no acknowledgement when turned off"
    );

    let sam = mentormail(
        data,
        "2026-11-27T00:00:00Z",
        &["timeline", "sam.rivera@example.org"],
    );
    for line in [
        "Open items (from mentor's notes):",
        "* action item: Sam: send the roadmap deck outline to Maya by Friday",
        "* what went well: Clear synthesis of the two discovery interviews",
        "* even better if: Lead with the customer problem before the solution in the roadmap deck",
        "* goal: Present the Q1 roadmap to the leadership team by 1 March 2027 (target 2027-03-01)",
        "* next session: 7 Dec 2026 (2026-12-07)",
        "[open] Present the Q1 roadmap to the leadership team by 1 March 2027 (by 2027-03-01)",
    ] {
        assert!(sam.contains(line), "missing {line:?} in\n{sam}");
    }
    assert!(
        sam.contains("mentor maya.chen@example.org: acknowledgements of notes off"),
        "the admin's change is an event in the pair's timeline:\n{sam}"
    );
    assert!(
        !sam.contains("stakeholder map"),
        "Lee's notes are not Sam's:\n{sam}"
    );
    let lee = mentormail(
        data,
        "2026-11-27T00:00:00Z",
        &["timeline", "lee.park@example.org"],
    );
    assert!(
        lee.contains("* action item: Lee: draft the stakeholder update for the checkout team"),
        "{lee}"
    );
    assert!(
        lee.contains("* strengths: Structured the stakeholder map well"),
        "{lee}"
    );

    let json = mentormail(
        data,
        "2026-11-27T00:00:00Z",
        &["timeline", "sam.rivera@example.org", "--json"],
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["open_items"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        value["entries"][0]["items"]["action_items"][0]["owner"],
        "Sam"
    );
}
