//! Golden files of every kind of mail we send, as a person reads them: `tests/mail/golden/<kind>.txt`
//! (a `Subject:` line, a blank line, then the plain-text part) and `<kind>.html` (the HTML
//! part), each rendered from a fixed view (`views`). The test fails when a rendering differs
//! from its files; after a deliberate change of wording or layout, rewrite them with
//!
//! ```text
//! MENTORMAIL_BLESS=1 cargo test --test it -- golden_mail
//! ```
//!
//! and read the diff as the recipient would. `in_browser` opens every golden HTML in headless
//! Chromium at phone and desktop widths.

mod in_browser;
mod views;

use std::path::PathBuf;

use mentormail::mail::render::Rendered;

const BLESS_ENV: &str = "MENTORMAIL_BLESS";

fn golden_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail/golden"))
}

/// The text golden: the subject, a blank line, the text part.
fn text_file(rendered: &Rendered) -> String {
    format!("Subject: {}\n\n{}", rendered.subject, rendered.text)
}

#[test]
fn every_kind_of_mail_matches_its_golden_files() {
    let bless = std::env::var_os(BLESS_ENV).is_some_and(|v| v == "1");
    let dir = golden_dir();
    let mut differ = Vec::new();
    for (kind, rendered) in views::every_mail() {
        for (ext, actual) in [
            ("txt", text_file(&rendered)),
            ("html", rendered.html.clone()),
        ] {
            let path = dir.join(format!("{kind}.{ext}"));
            if bless {
                std::fs::create_dir_all(&dir).expect("golden dir");
                std::fs::write(&path, &actual).expect("golden file written");
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                differ.push(format!("{}:\n{actual}", path.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "mail differs from its golden files (rerun with {BLESS_ENV}=1 once the change is meant):\n{}",
        differ.join("\n\n")
    );
}

#[test]
fn golden_files_have_no_strays_and_every_mail_has_its_parts() {
    let kinds: Vec<String> = views::every_mail().into_iter().map(|(k, _)| k).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("golden dir exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = kinds
        .iter()
        .flat_map(|k| [format!("{k}.html"), format!("{k}.txt")])
        .collect();
    expected.sort();
    assert_eq!(on_disk, expected);
    for (kind, rendered) in views::every_mail() {
        let html = &rendered.html;
        for must in [
            "<title>",
            "name=\"viewport\"",
            "name=\"color-scheme\" content=\"light dark\"",
            "max-width:600px",
            "PM Mentoring</strong>",
        ] {
            assert!(html.contains(must), "{kind}: no {must}");
        }
        assert!(!html.contains("http://"), "{kind}: a remote load");
        assert!(!html.contains("<img"), "{kind}: an image");
        assert!(
            rendered.text.contains("\n-- \nPM Mentoring\n"),
            "{kind}: no footer"
        );
    }
}
