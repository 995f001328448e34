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
}

/// What Chromium saw on one page at one width.
#[derive(Debug, Deserialize)]
pub struct PageReport {
    pub name: String,
    pub width: u32,
    pub scroll_width: u32,
    pub title: String,
    pub console_errors: Vec<String>,
    pub failed_requests: Vec<String>,
    pub remote_requests: Vec<String>,
    pub counts: std::collections::BTreeMap<String, u32>,
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
            "expect": p.expect, "offline": p.offline,
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
    let spec = |name: &str, path: &Path| PageSpec {
        name: name.into(),
        url: file_url(path),
        widths: vec![375],
        expect: vec!["li".into()],
        offline: true,
    };
    let reports = check_pages("harness", &[spec("fits", &fits), spec("broken", &broken)]);
    let fits = &reports[0];
    assert_eq!((fits.name.as_str(), fits.title.as_str()), ("fits", "Fits"));
    assert!(fits.failed_requests.is_empty(), "{fits:?}");
    assert!(!fits.overflows(), "{fits:?}");
    assert_eq!(fits.counts["li"], 2);
    assert!(fits.console_errors.is_empty() && fits.remote_requests.is_empty());
    assert!(fits.screenshot.exists());
    let broken = &reports[1];
    assert!(broken.overflows(), "{broken:?}");
    assert_eq!(broken.remote_requests, ["https://example.com/pixel.png"]);
    assert!(
        broken.console_errors.iter().any(|e| e.contains("boom")),
        "{broken:?}"
    );
}
