//! Every golden mail's HTML in headless Chromium, at a phone's width (375) and a desktop's
//! (1280), for a reader in light and in dark mode: no sideways scrolling, nothing loaded from the
//! network, no failed loads or console errors, a title, and every piece of text readable on its
//! background (WCAG AA contrast) in both schemes.
//! Screenshots land in `target/browser/golden-mail/` to be looked at.

use crate::browser::{PageSpec, Scheme, check_pages, file_url};

#[test]
fn golden_mail_reads_on_a_phone_and_a_desktop_with_nothing_remote() {
    let pages: Vec<PageSpec> = super::views::every_mail()
        .into_iter()
        .map(|(kind, _)| PageSpec {
            url: file_url(&super::golden_dir().join(format!("{kind}.html"))),
            name: kind,
            widths: vec![375, 1280],
            expect: vec!["li".into()],
            offline: true,
            schemes: vec![Scheme::Light, Scheme::Dark],
        })
        .collect();
    let reports = check_pages("golden-mail", &pages);
    assert_eq!(
        reports.len(),
        pages.len() * 4,
        "one report per page, width and scheme"
    );
    let mut problems = Vec::new();
    for r in &reports {
        let at = format!("{} at {}px ({:?})", r.name, r.width, r.scheme);
        for faint in &r.low_contrast {
            problems.push(format!(
                "{at}: {:?} is {} on {} (contrast {})",
                faint.text, faint.color, faint.background, faint.ratio
            ));
        }
        if r.overflows() {
            problems.push(format!("{at}: {}px wide", r.scroll_width));
        }
        if !r.remote_requests.is_empty() {
            problems.push(format!("{at}: loads {:?}", r.remote_requests));
        }
        if !r.failed_requests.is_empty() {
            problems.push(format!("{at}: failed loads {:?}", r.failed_requests));
        }
        if !r.console_errors.is_empty() {
            problems.push(format!("{at}: console {:?}", r.console_errors));
        }
        if r.title.trim().is_empty() {
            problems.push(format!("{at}: no title"));
        }
        assert!(r.screenshot.exists(), "{at}: no screenshot");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
