//! The CLI as a user runs it: the compiled `mentormail` binary in local mode (SQLite + outbox)
//! and in AWS mode (`MENTORMAIL_TABLE` set) against moto, and the demo.

use std::path::Path;
use std::process::{Command, Output};

use crate::moto;

const BIN: &str = env!("CARGO_BIN_EXE_mentormail");

fn mentormail(data: &Path, args: &[&str]) -> Output {
    let output = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MENTORMAIL_TABLE")
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .output()
        .expect("run mentormail");
    assert!(
        output.status.success(),
        "mentormail {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

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
    "--cadence",
    "weekly:mon",
    "--at",
    "09:00",
];

#[test]
fn local_mode_enrols_prompts_ingests_a_reply_and_shows_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let enrolled = stdout(&mentormail(
        data,
        &[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat(),
    ));
    assert!(
        enrolled.contains("first prompt Mon 30 Nov 2026 09:00 GMT"),
        "{enrolled}"
    );
    mentormail(
        data,
        &[
            "--now",
            "2026-11-26T10:00:00Z",
            "goal",
            "add",
            "--mentee",
            "sam@example.org",
            "--by",
            "2027-01-15",
            "Run three interviews",
        ],
    );
    let tick = stdout(&mentormail(data, &["tick", "--at", "2026-11-30T09:00:05Z"]));
    // The pair's first mail is the kickoff (asking for goals), then the first prompt is due.
    assert!(tick.contains("sent kickoff to sam@example.org"), "{tick}");
    assert!(tick.contains("sent prompt to sam@example.org"), "{tick}");
    let again = stdout(&mentormail(data, &["tick", "--at", "2026-11-30T09:00:05Z"]));
    assert!(again.starts_with("0 sent"), "{again}");

    // Answer the prompt from the outbox the way a mail client would: reply to its Reply-To.
    let outbox: Vec<String> = std::fs::read_dir(data.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(outbox.len(), 2);
    let prompt = outbox
        .iter()
        .find(|m| m.contains("Subject: PM Mentoring: your reflection #1"))
        .expect("the prompt in the outbox");
    let reply_to = prompt
        .lines()
        .find_map(|l| l.strip_prefix("Reply-To: <"))
        .and_then(|l| l.strip_suffix('>'))
        .expect("Reply-To header")
        .to_string();
    let reply = format!(
        "From: Sam Rivera <sam@example.org>\nTo: {reply_to}\nSubject: Re: reflection\n\
         Message-ID: <reply-1@example.org>\n\nMy first interview went well.\n\n\
         On Mon, 30 Nov 2026 at 09:00, PM Mentoring <coach@mentor.example.org> wrote:\n> Hi Sam,\n"
    );
    let file = data.join("reply.eml");
    std::fs::write(&file, reply).unwrap();
    let ingested = stdout(&mentormail(
        data,
        &[
            "--now",
            "2026-11-30T12:00:00Z",
            "ingest",
            file.to_str().unwrap(),
        ],
    ));
    assert!(ingested.contains("\"outcome\":\"recorded\""), "{ingested}");
    let duplicate = stdout(&mentormail(data, &["ingest", file.to_str().unwrap()]));
    assert!(
        duplicate.contains("\"outcome\":\"duplicate\""),
        "{duplicate}"
    );

    let timeline = stdout(&mentormail(data, &["timeline", "sam@example.org"]));
    for expected in [
        "Maya Chen <maya@example.org> mentors Sam Rivera <sam@example.org>",
        "[open] Run three interviews (by 2027-01-15)",
        "sent prompt",
        "My first interview went well.",
        "Mon 7 Dec 2026 09:00 GMT  prompt #2",
    ] {
        assert!(
            timeline.contains(expected),
            "missing {expected:?} in\n{timeline}"
        );
    }
    assert!(
        !timeline.contains("> Hi Sam"),
        "quoted history kept:\n{timeline}"
    );
}

#[test]
fn bad_input_gives_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args([
            "enrol",
            "--mentor",
            "a@x.org",
            "--mentor-name",
            "A",
            "--mentee",
            "b@x.org",
            "--mentee-name",
            "B",
            "--time-zone",
            "Mars/Olympus",
        ])
        .env_remove("MENTORMAIL_TABLE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown time zone"));
    let output = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args(["timeline", "nobody@x.org"])
        .env_remove("MENTORMAIL_TABLE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a mentee"));
}

#[test]
fn a_programme_replaces_the_question_bank_with_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    mentormail(data, &[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat());
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/examples/questions.toml");
    let set = stdout(&mentormail(data, &["questions", "set", examples]));
    assert!(set.contains("Question bank set: 4 questions"), "{set}");
    let shown = stdout(&mentormail(data, &["questions", "show"]));
    assert!(shown.contains("the deployment's own"), "{shown}");
    // One programme's own bank, shown for it alone, and dropped again.
    let own = &["--programme", "Design Mentoring"];
    let set = stdout(&mentormail(
        data,
        &[&["questions", "set", examples][..], own].concat(),
    ));
    assert!(
        set.contains("Question bank of Design Mentoring set"),
        "{set}"
    );
    let shown = stdout(&mentormail(
        data,
        &[&["questions", "show"][..], own].concat(),
    ));
    assert!(
        shown.contains("Design Mentoring: the programme's own"),
        "{shown}"
    );
    let reset = stdout(&mentormail(
        data,
        &[&["questions", "reset"][..], own].concat(),
    ));
    assert!(reset.contains("the deployment's again"), "{reset}");
    let shown = stdout(&mentormail(
        data,
        &[&["questions", "show"][..], own].concat(),
    ));
    assert!(shown.contains("the deployment's own"), "{shown}");

    // A broken file is refused with the reason, and the bank in use stays.
    let broken = data.join("broken.toml");
    std::fs::write(
        &broken,
        "[[question]]\nhabit = \"courage\"\ntext = \"Be brave?\"\n",
    )
    .unwrap();
    let refused = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["questions", "set"])
        .arg(&broken)
        .env_remove("MENTORMAIL_TABLE")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains("not taken") && error.contains("courage"),
        "{error}"
    );

    // The prompt asks the programme's questions.
    mentormail(data, &["tick", "--at", "2026-11-30T09:00:30Z"]);
    let outbox: Vec<_> = std::fs::read_dir(data.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let prompt = outbox
        .iter()
        .find(|m| m.contains("your reflection #1"))
        .expect("the first prompt");
    let unfolded = prompt.replace("=\r\n", "").replace("\r\n ", " ");
    assert!(
        unfolded.contains("Which of your goals moved this week"),
        "{unfolded}"
    );

    let reset = stdout(&mentormail(data, &["questions", "reset"]));
    assert!(reset.contains("built in again"));
    assert!(stdout(&mentormail(data, &["questions", "show"])).contains("built in"));
}

#[test]
fn the_demo_runs_the_whole_flow_on_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["demo", "--dir", demo_dir.to_str().unwrap()])
        .env_remove("MENTORMAIL_TABLE")
        .output()
        .unwrap();
    let out = stdout(&output);
    assert!(
        output.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(out.matches("\"outcome\":\"recorded\"").count(), 4, "{out}");
    assert!(out.contains("\"outcome\":\"duplicate\""));
    assert!(out.contains("\"reason\":\"sender_mismatch\""));
    assert!(
        out.contains("scheduler run again at the same instant at 2026-11-23T09:00:30Z: 0 sent")
    );
    // Into December: one recap of Sam's November, and the admin's summary on two Mondays.
    let subjects: Vec<String> = std::fs::read_dir(demo_dir.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter_map(|mail| {
            mail.lines()
                .find(|l| l.starts_with("Subject: "))
                .map(str::to_string)
        })
        .collect();
    let count = |what: &str| subjects.iter().filter(|s| s.contains(what)).count();
    assert_eq!(count("your November 2026 in review"), 1, "{subjects:#?}");
    assert_eq!(count("PM Mentoring: the week from"), 2, "{subjects:#?}");
    assert!(out.contains("recap to sam.rivera@example.org"), "{out}");
}

#[tokio::test]
async fn aws_mode_uses_dynamodb_through_the_standard_configuration() {
    let sdk = moto::sdk_config().await;
    let table = moto::create_table(&mentormail::clients::dynamodb_client(&sdk)).await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| super::aws_mode(dir.path(), &table, args);
    let enrolled = run(&[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat());
    assert!(
        enrolled.status.success(),
        "{}",
        String::from_utf8_lossy(&enrolled.stderr)
    );
    let timeline = run(&["timeline", "sam@example.org"]);
    assert!(
        timeline.status.success(),
        "{}",
        String::from_utf8_lossy(&timeline.stderr)
    );
    assert!(stdout(&timeline).contains("Maya Chen <maya@example.org> mentors Sam Rivera"));
    // Nothing was written locally: the data went to the table.
    assert!(!dir.path().join("mentormail-data").exists());
    let client = mentormail::clients::dynamodb_client(&sdk);
    let person = client
        .get_item()
        .table_name(&table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S("PERSON#sam@example.org".into()),
        )
        .key(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S("PROFILE".into()),
        )
        .send()
        .await
        .unwrap();
    assert!(person.item.is_some());
}

/// `ingest --receipt` replays a stored mail with the recipients, time and verdicts of its SES
/// receipt, as the inbound function reads them: a mail whose domain vouches for nothing is
/// refused and writes nothing; the same mail with DMARC passing is recorded once, keyed by the
/// receipt's messageId.
#[test]
fn ingest_with_a_receipt_uses_its_verdicts_and_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    mentormail(data, &[&["--now", "2026-11-26T10:00:00Z"], ENROL].concat());
    mentormail(data, &["tick", "--at", "2026-11-30T09:00:05Z"]);
    let reply_to = std::fs::read_dir(data.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find_map(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("Reply-To: <reflect+"))
                .map(|l| format!("reflect+{}", l.trim_end_matches('>')))
        })
        .expect("a prompt with its reply address");
    let mail = data.join("reply.eml");
    std::fs::write(
        &mail,
        format!(
            "From: Sam Rivera <sam@example.org>\nTo: {reply_to}\nSubject: Re: reflection\n\
             Message-ID: <reply-1@example.org>\n\nI shadowed the support team today.\n"
        ),
    )
    .unwrap();
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/infra/events/ses-receipt-reply.json"
    ))
    .unwrap();
    let receipt = |name: &str, dmarc: &str, spf: &str| {
        let mut json: serde_json::Value = serde_json::from_str(&sample).unwrap();
        let ses = &mut json["Records"][0]["ses"];
        ses["mail"]["messageId"] = format!("ses-{name}").into();
        ses["mail"]["source"] = "bounce@mailer.example.net".into();
        ses["receipt"]["recipients"] = serde_json::json!([reply_to]);
        ses["receipt"]["dmarcVerdict"]["status"] = dmarc.into();
        ses["receipt"]["spfVerdict"]["status"] = spf.into();
        ses["receipt"]["dkimVerdict"]["status"] = "FAIL".into();
        let path = data.join(format!("{name}.json"));
        std::fs::write(&path, json.to_string()).unwrap();
        path
    };
    let ingest = |receipt: &Path| {
        stdout(&mentormail(
            data,
            &[
                "ingest",
                mail.to_str().unwrap(),
                "--receipt",
                receipt.to_str().unwrap(),
            ],
        ))
    };
    // No DMARC policy and an SPF pass for someone else's envelope sender: not authenticated.
    let spoofed = ingest(&receipt("gray", "GRAY", "PASS"));
    assert!(
        spoofed.contains("\"reason\":\"unauthenticated\"")
            && spoofed.contains("\"why\":\"no_aligned_pass\""),
        "{spoofed}"
    );
    let timeline = stdout(&mentormail(data, &["timeline", "sam@example.org"]));
    assert!(!timeline.contains("I shadowed"), "{timeline}");

    let passing = receipt("pass", "PASS", "FAIL");
    let recorded = ingest(&passing);
    assert!(recorded.contains("\"outcome\":\"recorded\""), "{recorded}");
    let again = ingest(&passing);
    assert!(again.contains("\"outcome\":\"duplicate\""), "{again}");
    let timeline = stdout(&mentormail(data, &["timeline", "sam@example.org"]));
    assert_eq!(
        timeline.matches("I shadowed the support team").count(),
        1,
        "{timeline}"
    );
}
