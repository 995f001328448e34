//! `mentormail import`, `pairs` and `people` as an admin runs them: the example cohort in local
//! mode (dry run, import, again, a changed row, invalid rows) and in AWS mode against moto.

use std::path::Path;
use std::process::{Command, Output};

use crate::moto;

const BIN: &str = env!("CARGO_BIN_EXE_mentormail");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/examples/cohort.csv");
const NOW: &str = "2026-12-03T10:00:00Z";

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["--now", NOW])
        .args(args)
        .env_remove("MENTORMAIL_TABLE")
        .env_remove("MENTORMAIL_PROGRAMME")
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .output()
        .expect("run mentormail")
}

fn ok(data: &Path, args: &[&str]) -> String {
    let output = run(data, args);
    assert!(
        output.status.success(),
        "mentormail {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pairs_json(data: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let text = ok(data, &[&["pairs", "--json"], args].concat());
    serde_json::from_str(&text).expect("pairs --json is one JSON array")
}

#[test]
fn the_example_cohort_imports_once_and_a_changed_row_updates_its_pair() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();

    let dry = ok(data, &["import", EXAMPLE, "--dry-run"]);
    assert!(dry.contains("Dry run: nothing written."), "{dry}");
    assert!(
        dry.contains("4 created, 0 updated, 0 unchanged, 0 skipped"),
        "{dry}"
    );
    assert!(
        pairs_json(data, &[]).is_empty(),
        "a dry run imports nothing"
    );

    let output = run(data, &["import", EXAMPLE]);
    assert!(output.status.success());
    let first = String::from_utf8_lossy(&output.stdout);
    assert!(
        first.contains("4 created, 0 updated, 0 unchanged, 0 skipped"),
        "{first}"
    );
    assert!(
        output.stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let again = ok(data, &["import", EXAMPLE]);
    assert!(
        again.contains("0 created, 0 updated, 4 unchanged, 0 skipped"),
        "{again}"
    );

    let changed = data.join("changed.csv");
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    std::fs::write(
        &changed,
        text.replace("weekly:fri,09:00", "weekly:thu,09:30"),
    )
    .unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&ok(data, &["import", changed.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(summary["updated"], 1);
    assert_eq!(summary["unchanged"], 3);
    let updated: Vec<&serde_json::Value> = summary["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["outcome"] == "updated")
        .collect();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["mentee"], "lena@example.org");
    assert_eq!(updated[0]["line"], 5);

    let pairs = pairs_json(data, &[]);
    assert_eq!(pairs.len(), 4);
    let lena = pairs
        .iter()
        .find(|p| p["mentee"] == "lena@example.org")
        .unwrap();
    for field in [
        "mentor",
        "mentee",
        "programme",
        "cohort",
        "status",
        "cadence",
        "last_reply",
        "next_prompt",
        "open_goals",
        "open_items",
        "quiet",
    ] {
        assert!(
            lena.get(field).is_some(),
            "pairs --json has no {field}: {lena}"
        );
    }
    assert_eq!(lena["mentor"], "tomas@example.org");
    assert_eq!(lena["programme"], "Design Mentoring");
    assert_eq!(lena["cohort"], "Pilot");
    assert_eq!(lena["status"], "active");
    assert_eq!(lena["cadence"], "weekly:thu");
    assert_eq!(lena["open_goals"], 2);
    assert_eq!(lena["quiet"], false);
    // Thursday 10 Dec 2026 09:30 in Berlin (CET).
    assert_eq!(lena["next_prompt"], "2026-12-10T08:30:00Z");

    let spring = pairs_json(
        data,
        &["--programme", "PM Mentoring", "--cohort", "Spring 2027"],
    );
    assert_eq!(spring.len(), 3);
    let table = ok(data, &["pairs", "--programme", "Design Mentoring"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(lines[0].starts_with("mentor             mentee"), "{table}");
    assert!(
        lines[1].starts_with("tomas@example.org  lena@example.org"),
        "{table}"
    );

    let people = ok(data, &["people"]);
    assert!(people.contains("maya@example.org"), "{people}");
    assert_eq!(
        people.lines().count(),
        8,
        "a header and seven people:\n{people}"
    );
    let bouncing = ok(data, &["people", "--status", "bouncing", "--json"]);
    assert_eq!(bouncing.trim(), "[]");
}

#[test]
fn a_file_with_invalid_rows_imports_nothing_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("cohort.csv");
    std::fs::write(
        &file,
        "mentor_email,mentor_name,mentee_email,mentee_name,mentee_time_zone,cadence,at\r\n\
         maya@example.org,Maya,sam@example.org,Sam,Europe/London,weekly:mon,09:00\r\n\
         maya@example.org,Maya,kim@example.org,Kim,Mars/Olympus,weekly:mon,09:00\r\n\
         maya@example.org,Maya,sam@example.org,Sam,Europe/London,weekly:mon,09:00\r\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let refused = run(data, &["import", path]);
    assert!(!refused.status.success());
    let errors = String::from_utf8_lossy(&refused.stderr);
    assert!(
        errors.contains("line 3: mentee_time_zone: unknown time zone \"Mars/Olympus\""),
        "{errors}"
    );
    assert!(errors.contains("line 4: duplicate row: line 2"), "{errors}");
    assert!(pairs_json(data, &[]).is_empty(), "nothing imported");

    let skipped = run(data, &["import", path, "--skip-invalid"]);
    assert!(
        !skipped.status.success(),
        "invalid rows still fail the command"
    );
    let summary = String::from_utf8_lossy(&skipped.stdout);
    assert!(
        summary.contains("1 created, 0 updated, 0 unchanged, 2 skipped"),
        "{summary}"
    );
    assert_eq!(pairs_json(data, &[]).len(), 1);
}

#[tokio::test]
async fn aws_mode_imports_and_lists_through_dynamodb() {
    let sdk = moto::sdk_config().await;
    let table = moto::create_table(&mentormail::clients::dynamodb_client(&sdk)).await;
    let dir = tempfile::tempdir().unwrap();
    let aws =
        |args: &[&str]| super::aws_mode(dir.path(), &table, &[&["--now", NOW], args].concat());
    let imported = aws(&["import", EXAMPLE]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(String::from_utf8_lossy(&imported.stdout).contains("4 created"));
    let again = aws(&["import", EXAMPLE]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("4 unchanged"));
    let listed = aws(&["pairs", "--json", "--cohort", "Pilot"]);
    let pairs: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["mentee"], "lena@example.org");
    assert!(!dir.path().join("mentormail-data").exists());
}

/// The kickoff of an imported pair lists the goals the file gave it and asks only for more; a
/// pair imported without goals is asked for them.
#[test]
fn an_imported_pairs_kickoff_lists_its_goals_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["import", EXAMPLE]);
    // Kickoffs wait for each mentee's waking hours: London in the morning, Los Angeles later.
    for at in ["2026-12-03T10:05:00Z", "2026-12-03T17:05:00Z"] {
        ok(data, &["tick", "--at", at]);
    }
    let kickoff_to = |mentee: &str| {
        let mail = std::fs::read_dir(data.join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| m.contains(&format!("To: {mentee}")) || m.contains(&format!("<{mentee}>")))
            .unwrap_or_else(|| panic!("a kickoff to {mentee}"));
        mail.replace("=\r\n", "").replace("\r\n ", " ")
    };
    let sam = kickoff_to("sam@example.org");
    assert!(
        sam.contains("starts with these goals")
            && sam.contains("Run three discovery interviews alone"),
        "{sam}"
    );
    assert!(
        !sam.contains("Run five discovery interviews by 15 Jan"),
        "{sam}"
    );
    let alex = kickoff_to("alex@example.org");
    assert!(
        alex.contains("Reply with your goals, one per line"),
        "{alex}"
    );
}
