//! Headless Chromium for the tests that look at what a person sees (mail HTML, pages, reports).
//!
//! `scripts/test` installs Debian's `chromium` and playwright-core (scripts/browser/ensure.sh) and
//! sets `MENTORMAIL_BROWSER_MODULES`; these helpers run the node scripts in `scripts/browser/`
//! and return what they report. Screenshots land under `target/browser/<suite>/`, to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde_json::json;

pub const MODULES_ENV: &str = "MENTORMAIL_BROWSER_MODULES";
const SCRIPTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/browser");

/// A page to open, at each of `widths` CSS pixels.
pub struct PageSpec {
    pub name: String,
    pub url: String,
    pub widths: Vec<u32>,
    /// Selectors whose matches are counted (e.g. a chart's series).
    pub expect: Vec<String>,
    /// Abort and report every http(s) request: mail and reports must load nothing remote.
    pub offline: bool,
    /// The colour schemes the reader prefers, each opened in turn: mail must read in dark mode.
    pub schemes: Vec<Scheme>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    Light,
    Dark,
}

/// Text that reads too faintly on its background (WCAG 2 AA: 4.5, or 3 for large text).
#[derive(Debug, Deserialize)]
pub struct LowContrast {
    pub text: String,
    pub color: String,
    pub background: String,
    pub ratio: f64,
}

/// What Chromium saw on one page at one width.
#[derive(Debug, Deserialize)]
pub struct PageReport {
    pub name: String,
    pub width: u32,
    pub scheme: Scheme,
    pub scroll_width: u32,
    pub title: String,
    pub console_errors: Vec<String>,
    pub failed_requests: Vec<String>,
    pub remote_requests: Vec<String>,
    pub counts: std::collections::BTreeMap<String, u32>,
    pub low_contrast: Vec<LowContrast>,
    pub screenshot: PathBuf,
}

impl PageReport {
    /// Wider than the viewport: the reader has to scroll sideways.
    pub fn overflows(&self) -> bool {
        self.scroll_width > self.width
    }
}

/// Where a suite's screenshots go: `target/browser/<suite>/`.
pub fn screenshot_dir(suite: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("browser").join(suite)
}

/// `file://` URL of a local file.
pub fn file_url(path: &Path) -> String {
    format!(
        "file://{}",
        path.canonicalize().expect("page file exists").display()
    )
}

/// Runs a node script of `scripts/browser/` with the browser environment; panics with the
/// script's stderr when it fails.
pub fn run_script(script: &str, args: &[&str]) -> String {
    let modules = match std::env::var(MODULES_ENV) {
        Ok(value) if !value.trim().is_empty() => value,
        _ => panic!(
            "{MODULES_ENV} is not set: these tests need headless Chromium and playwright-core. \
             Run `./scripts/test`, which installs both (scripts/browser/ensure.sh)."
        ),
    };
    let output = Command::new("node")
        .arg(Path::new(SCRIPTS).join(script))
        .args(args)
        .env(MODULES_ENV, modules)
        .output()
        .expect("node runs (Node.js is needed for the browser checks)");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the script prints UTF-8")
}

/// Opens every page at every width; screenshots go to `screenshot_dir(suite)`.
pub fn check_pages(suite: &str, pages: &[PageSpec]) -> Vec<PageReport> {
    let out_dir = screenshot_dir(suite);
    std::fs::create_dir_all(&out_dir).expect("screenshot dir");
    let job = json!({
        "out_dir": out_dir,
        "pages": pages.iter().map(|p| json!({
            "name": p.name, "url": p.url, "widths": p.widths,
            "expect": p.expect, "offline": p.offline, "schemes": p.schemes,
        })).collect::<Vec<_>>(),
    });
    let job_file = out_dir.join("job.json");
    std::fs::write(&job_file, job.to_string()).expect("job file");
    let stdout = run_script("check-pages.cjs", &[job_file.to_str().expect("UTF-8 path")]);
    serde_json::from_str(&stdout).expect("check-pages prints its JSON report")
}

/// The harness itself: it must see overflow, remote requests and console errors, or every check
/// built on it would pass vacuously.
#[test]
fn the_browser_harness_sees_overflow_remote_loads_and_console_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fits = dir.path().join("fits.html");
    std::fs::write(
        &fits,
        "<!DOCTYPE html><html><head><title>Fits</title><meta name=\"viewport\" \
         content=\"width=device-width\"></head><body><p>Short.</p><ul><li>a</li><li>b</li></ul>\
         </body></html>",
    )
    .expect("page");
    let broken = dir.path().join("broken.html");
    std::fs::write(
        &broken,
        "<!DOCTYPE html><html><head><title>Broken</title></head><body>\
         <div style=\"width:2000px\">wide</div><img src=\"https://example.com/pixel.png\">\
         <script>console.error('boom')</script></body></html>",
    )
    .expect("page");
    // Readable in light mode; in dark mode its own style turns the text dark on the dark canvas.
    let faint_in_the_dark = dir.path().join("faint.html");
    std::fs::write(
        &faint_in_the_dark,
        "<!DOCTYPE html><html><head><title>Faint</title><meta name=\"color-scheme\" \
         content=\"light dark\"><style>@media (prefers-color-scheme: dark) \
         { .t { color: #333 !important; } }</style></head><body><p class=\"t\" \
         style=\"color:#222\">Dark on dark</p><p style=\"color:#bbb\">Pale grey</p></body></html>",
    )
    .expect("page");
    let spec = |name: &str, path: &Path| PageSpec {
        name: name.into(),
        url: file_url(path),
        widths: vec![375],
        expect: vec!["li".into()],
        offline: true,
        schemes: vec![Scheme::Light, Scheme::Dark],
    };
    let reports = check_pages(
        "harness",
        &[
            spec("fits", &fits),
            spec("broken", &broken),
            spec("faint", &faint_in_the_dark),
        ],
    );
    assert_eq!(reports.len(), 6, "each page in both schemes");
    let faint: Vec<&PageReport> = reports.iter().filter(|r| r.name == "faint").collect();
    let texts =
        |r: &PageReport| -> Vec<String> { r.low_contrast.iter().map(|l| l.text.clone()).collect() };
    assert_eq!(faint[0].scheme, Scheme::Light);
    assert_eq!(
        texts(faint[0]),
        ["Pale grey"],
        "{:?}",
        faint[0].low_contrast
    );
    assert!(faint[0].low_contrast[0].ratio < 4.5);
    assert_eq!(faint[1].scheme, Scheme::Dark);
    assert_eq!(
        texts(faint[1]),
        ["Dark on dark"],
        "{:?}",
        faint[1].low_contrast
    );
    assert!(faint[1].screenshot.ends_with("faint-375-dark.png"));
    let reports: Vec<&PageReport> = reports
        .iter()
        .filter(|r| r.scheme == Scheme::Light)
        .collect();
    let fits = &reports[0];
    assert_eq!((fits.name.as_str(), fits.title.as_str()), ("fits", "Fits"));
    assert!(!fits.overflows(), "{fits:?}");
    assert_eq!(fits.counts["li"], 2);
    assert!(fits.console_errors.is_empty() && fits.remote_requests.is_empty());
    assert!(fits.failed_requests.is_empty(), "{fits:?}");
    assert!(fits.low_contrast.is_empty(), "{fits:?}");
    assert!(fits.screenshot.exists());
    let broken = &reports[1];
    assert!(broken.overflows(), "{broken:?}");
    assert_eq!(broken.remote_requests, ["https://example.com/pixel.png"]);
    // The aborted load is also a failed request: a page that needs the network is seen twice.
    assert_eq!(broken.failed_requests.len(), 1, "{broken:?}");
    assert!(
        broken.console_errors.iter().any(|e| e.contains("boom")),
        "{broken:?}"
    );
}
