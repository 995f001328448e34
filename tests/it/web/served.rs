//! `mentormail serve` as a person meets it: the preferences link of a mail in the outbox opened
//! in headless Chromium (zone changed, mail paused, the next ticks keep to both), and the same
//! server under a plain HTTP client (a prefetch, forged and expired links, a POST without the
//! page's anti-forgery value, the RFC 8058 one-click POST).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use jiff::civil::date;
use mentormail::domain::{Person, PersonStatus};
use mentormail::mail::token::{TokenAbout, TokenKey};
use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;
use serde::Deserialize;

use super::form_value_in;
use crate::browser::{run_script, screenshot_dir};
use crate::fixtures::email;

const SECRET: &str = "serve-test-secret";
const SAM: &str = "sam@example.org";

fn mentormail(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentormail"));
    command
        .arg("--data")
        .arg(data)
        .env_remove("MENTORMAIL_TABLE")
        .env_remove("MENTORMAIL_UNSUBSCRIBE_URL")
        .env("MENTORMAIL_TOKEN_SECRET", SECRET);
    command
}

fn ok(data: &Path, args: &[&str]) -> String {
    let output: Output = mentormail(data)
        .args(args)
        .output()
        .expect("run mentormail");
    assert!(
        output.status.success(),
        "{args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Sam (London) and Maya enrolled on Thursday 26 November; the kickoff and prompt #1 sent on
/// Monday 30 November. The token of prompt #1's links.
fn enrolled_and_prompted(data: &Path) -> String {
    ok(
        data,
        &[
            "--now",
            "2026-11-26T10:00:00Z",
            "enrol",
            "--mentor",
            "maya@example.org",
            "--mentor-name",
            "Maya Chen",
            "--mentee",
            SAM,
            "--mentee-name",
            "Sam Rivera",
            "--time-zone",
            "Europe/London",
        ],
    );
    let sent = ok(data, &["tick", "--at", "2026-11-30T09:05:00Z"]);
    assert!(sent.contains("sent prompt to sam@example.org"), "{sent}");
    let prompt = std::fs::read_dir(data.join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("00002-"))
        .expect("prompt #1 in the outbox");
    let raw = std::fs::read_to_string(prompt).unwrap();
    // Local mode's mails link to `serve` on its default port.
    let at = raw
        .find("http://127.0.0.1:8025?t=")
        .unwrap_or_else(|| panic!("a link to serve in\n{raw}"))
        + "http://127.0.0.1:8025?t=".len();
    raw[at..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .next()
        .unwrap()
        .to_string()
}

/// `mentormail serve --port 0` on the folder, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Served {
    fn start(data: &Path, now: &str) -> Self {
        let mut child = mentormail(data)
            .args(["--now", now, "serve", "--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("serve says where it listens: {line:?}"));
        Served { child, port }
    }

    fn url(&self, target: &str) -> String {
        format!("http://127.0.0.1:{}{target}", self.port)
    }

    /// One HTTP/1.1 request; the status and the body.
    fn request(&self, method: &str, target: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().expect("a status line");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn sam(data: &Path) -> Person {
    let repo = Repo::new(EmbeddedStore::open(data.join("mentormail.sqlite")).unwrap());
    repo.person(&email(SAM)).await.unwrap().unwrap()
}

/// What preferences.cjs saw.
#[derive(Debug, Deserialize)]
struct Seen {
    opened: Vec<Opened>,
    statuses: Vec<u16>,
    zone_notice: String,
    pause_notice: String,
    status_text: String,
    selected_zone: String,
    screenshots: Vec<String>,
    console_errors: Vec<String>,
    failed_requests: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Opened {
    width: u32,
    scroll_width: u32,
    title: String,
}

fn mail_to_sam(tick: &str) -> Vec<&str> {
    tick.lines()
        .filter(|l| l.starts_with("sent") && l.contains("to sam@example.org"))
        .collect()
}

#[tokio::test]
async fn chromium_changes_the_zone_and_pauses_and_the_next_ticks_keep_to_both() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let token = enrolled_and_prompted(data);
    let served = Served::start(data, "2026-11-30T12:00:00Z");
    let out_dir = screenshot_dir("preferences");
    let report = run_script(
        "preferences.cjs",
        &[
            &served.url(&format!("/preferences?t={token}")),
            out_dir.to_str().unwrap(),
            "America/New_York",
            "2026-12-20",
        ],
    );
    let seen: Seen = serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"));
    drop(served);
    assert_eq!(seen.statuses, [200, 200, 200, 200], "{seen:?}");
    for opened in &seen.opened {
        assert_eq!(opened.title, "Your mail preferences · PM Mentoring");
        assert!(opened.scroll_width <= opened.width, "overflow: {opened:?}");
    }
    assert_eq!(seen.selected_zone, "America/New_York");
    assert!(
        seen.zone_notice
            .starts_with("Saved: your time zone is America/New_York"),
        "{seen:?}"
    );
    assert_eq!(
        seen.pause_notice,
        "Paused: no mail until Sunday 20 December 2026."
    );
    assert_eq!(
        seen.status_text,
        "Your mail is paused until Sunday 20 December 2026."
    );
    assert!(
        seen.console_errors.is_empty() && seen.failed_requests.is_empty(),
        "{seen:?}"
    );
    assert!(seen.screenshots.iter().all(|s| Path::new(s).exists()));

    let sam = sam(data).await;
    assert_eq!(sam.time_zone, "America/New_York");
    assert_eq!(
        (sam.status, sam.paused_until),
        (PersonStatus::Paused, Some(date(2026, 12, 20)))
    );
    let timeline = ok(data, &["timeline", SAM]);
    assert!(
        timeline.contains(
            "preferences page: time zone of sam@example.org Europe/London -> America/New_York"
        ),
        "{timeline}"
    );
    assert!(
        timeline.contains("mentee asked: pause until 2026-12-20 (on the preferences page)"),
        "{timeline}"
    );

    // Monday 7 December at 09:05 in London: nothing is due for Sam any more (his prompt moved
    // to 09:00 in New York), and at 09:05 in New York he is paused.
    for at in [
        "2026-12-07T09:05:00Z",
        "2026-12-07T14:05:00Z",
        "2026-12-14T14:05:00Z",
    ] {
        let tick = ok(data, &["tick", "--at", at]);
        assert!(mail_to_sam(&tick).is_empty(), "at {at}: {tick}");
    }
    // The pause is over: the prompt comes at 09:00 New York time.
    let tick = ok(data, &["tick", "--at", "2026-12-21T14:05:00Z"]);
    let sent = mail_to_sam(&tick);
    assert_eq!(sent.len(), 1, "{tick}");
    assert!(sent[0].contains("(due 2026-12-21T14:00:00Z)"), "{tick}");
}

#[tokio::test]
async fn a_prefetch_changes_nothing_forged_and_expired_links_are_refused_one_click_still_stops() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let token = enrolled_and_prompted(data);
    let served = Served::start(data, "2026-11-30T12:00:00Z");
    let active = |person: &Person| (person.status, person.time_zone.to_string());
    let before = active(&sam(data).await);

    // A link scanner fetches the links, the preferences page with a change in its query too.
    for target in [
        format!("/preferences?t={token}"),
        format!("/preferences?t={token}&action=stop"),
        format!("/?t={token}"),
    ] {
        let (status, page) = served.request("GET", &target, "");
        assert_eq!(status, 200, "{target}: {page}");
    }
    assert_eq!(active(&sam(data).await), before);

    // A forged token (one letter of its signature changed), an expired one (issued 400 days
    // before), and no token: refused, and nothing echoed.
    let last = token.chars().last().unwrap();
    let forged = format!(
        "{}{}",
        &token[..token.len() - 1],
        if last == 'a' { 'b' } else { 'a' }
    );
    let mentorship_id = token.split('-').next().unwrap();
    let expired = TokenKey::new(SECRET).token_issued(
        mentorship_id,
        &TokenAbout::Prompt(1),
        date(2025, 10, 26),
    );
    for (target, status, says) in [
        (
            format!("/preferences?t={forged}"),
            400,
            "Link not recognised",
        ),
        (
            format!("/preferences?t={expired}"),
            410,
            "This link has expired",
        ),
        ("/preferences".to_string(), 400, "This link is incomplete"),
    ] {
        let (got, page) = served.request("GET", &target, "");
        assert_eq!(got, status, "{target}: {page}");
        assert!(page.contains(says), "{target}: {page}");
        assert!(
            !page.contains("name=\"form\""),
            "{target}: no form on a refusal"
        );
    }
    let (status, _) = served.request("POST", "/preferences", &format!("t={forged}&action=stop"));
    assert_eq!(status, 400);

    // A POST without the page's anti-forgery value, or with a stale one, changes nothing.
    let (_, page) = served.request("GET", &format!("/preferences?t={token}"), "");
    let form = form_value_in(&page);
    let stale = format!("1796000000.{}", form.split('.').nth(1).unwrap());
    for body in [
        format!("t={token}&action=stop"),
        format!("t={token}&form={stale}&action=stop"),
    ] {
        let (status, page) = served.request("POST", "/preferences", &body);
        assert_eq!(status, 403, "{body}: {page}");
        assert!(page.contains("nothing changed"), "{page}");
    }
    assert_eq!(active(&sam(data).await), before);

    // RFC 8058: the one-click POST to the mail's List-Unsubscribe URL still stops Sam.
    let (status, page) = served.request(
        "POST",
        &format!("/?t={token}"),
        "List-Unsubscribe=One-Click",
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("You are unsubscribed"), "{page}");
    assert_eq!(sam(data).await.status, PersonStatus::Stopped);
}
