//! `mentormail report` on a seeded local folder, opened in headless Chromium: nothing loaded from
//! anywhere, no console error, no sideways scrolling on a laptop or a phone, and every chart drawn
//! with its series. The screenshots are in `target/browser/report/`.

use std::path::Path;
use std::process::Command;

use mentormail::store::embedded::EmbeddedStore;
use mentormail::store::repo::Repo;

use super::{NOW, seed_programme};
use crate::browser::{PageSpec, Scheme, check_pages, file_url};

/// Each chart and the series it must show for the seeded programme.
const CHARTS: &[(&str, u32)] = &[
    ("response-rate", 3),
    ("prompts-replies", 2),
    ("pair-states", 6),
    ("goals-by-month", 3),
    ("action-items", 2),
    ("habits", 4),
    ("decisions", 3),
    ("mentor-activity", 2),
];

fn mentormail(data: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .arg("--data")
        .arg(data)
        .arg("--now")
        .arg(NOW)
        .args(args)
        .env("MENTORMAIL_TOKEN_SECRET", "report-test-secret")
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

#[tokio::test]
async fn the_report_page_draws_every_chart_offline_at_laptop_and_phone_widths() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    {
        let repo = Repo::new(EmbeddedStore::open(data.join("mentormail.sqlite")).unwrap());
        seed_programme(&repo).await;
    }
    let page = data.join("report.html");
    let said = mentormail(data, &["report", "--out", page.to_str().unwrap()]);
    assert!(said.starts_with("Report of 6 pairs written to"), "{said}");
    let json: serde_json::Value =
        serde_json::from_str(&mentormail(data, &["report", "--json"])).unwrap();
    assert_eq!(json["pairs"], 6);
    assert_eq!(json["states"]["quiet"], 1);

    let mut expect: Vec<String> = CHARTS
        .iter()
        .map(|(chart, _)| format!("svg[data-chart=\"{chart}\"] .series"))
        .collect();
    expect.push("svg[data-chart=\"mentor-activity\"] rect".into());
    expect.push("svg[data-chart=\"response-rate\"] polyline".into());
    expect.push("p.empty".into());
    expect.push("table[data-table=\"at-risk\"] tbody tr".into());
    let reports = check_pages(
        "report",
        &[PageSpec {
            name: "report".into(),
            url: file_url(&page),
            widths: vec![1280, 375],
            expect,
            offline: true,
            schemes: vec![Scheme::Light],
        }],
    );
    assert_eq!(reports.len(), 2);
    for report in &reports {
        let at = format!("{} at {}", report.name, report.width);
        assert_eq!(report.title, "Programme report", "{at}");
        assert!(
            report.console_errors.is_empty(),
            "{at}: {:?}",
            report.console_errors
        );
        assert!(
            report.failed_requests.is_empty(),
            "{at}: {:?}",
            report.failed_requests
        );
        assert!(
            report.remote_requests.is_empty(),
            "{at}: {:?}",
            report.remote_requests
        );
        assert!(!report.overflows(), "{at}: {} wide", report.scroll_width);
        for (chart, series) in CHARTS {
            let selector = format!("svg[data-chart=\"{chart}\"] .series");
            assert_eq!(report.counts[&selector], *series, "{at}: {chart}");
        }
        // Three mentors, two bars each; one line per cohort and the whole.
        assert_eq!(report.counts["svg[data-chart=\"mentor-activity\"] rect"], 6);
        assert_eq!(
            report.counts["svg[data-chart=\"response-rate\"] polyline"],
            3
        );
        assert_eq!(
            report.counts["p.empty"], 0,
            "{at}: a chart with nothing in it"
        );
        assert_eq!(report.counts["table[data-table=\"at-risk\"] tbody tr"], 1);
        assert!(report.screenshot.exists());
    }
}
