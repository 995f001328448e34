use super::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff";

fn part(name: &str, declared: &str, bytes: &[u8]) -> FilePart {
    FilePart {
        name: name.into(),
        declared_type: declared.into(),
        size: bytes.len() as u64,
        bytes: bytes.to_vec(),
        shown_inline: false,
    }
}

fn docx(extra: &[u8]) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml".to_vec();
    bytes.extend_from_slice(extra);
    bytes
}

#[test]
fn an_image_and_a_pdf_are_kept_under_their_sniffed_types() {
    let parts = [
        part("whiteboard.png", "image/png", PNG),
        part("Roadmap Q3.pdf", "application/octet-stream", PDF),
    ];
    let selection = select(&parts, &AttachmentLimits::default());
    assert!(selection.skipped.is_empty());
    let kept: Vec<_> = selection
        .kept
        .iter()
        .map(|k| (k.part, k.name.as_str(), k.content_type, k.extension))
        .collect();
    assert_eq!(
        kept,
        [
            (0, "whiteboard.png", "image/png", "png"),
            (1, "Roadmap Q3.pdf", "application/pdf", "pdf"),
        ]
    );
}

#[test]
fn an_executable_renamed_png_is_refused_whatever_it_declares() {
    let selection = select(
        &[part("holiday.png", "image/png", EXE)],
        &AttachmentLimits::default(),
    );
    assert!(selection.kept.is_empty());
    let skipped = &selection.skipped[0];
    assert_eq!(skipped.reason, SkipReason::RefusedType);
    assert_eq!(skipped.name, "holiday.png");
    assert_eq!(
        skipped.detail,
        "a Windows executable (declared image/png): not a kind of file we keep"
    );
}

#[test]
fn html_svg_scripts_archives_and_macros_are_refused() {
    let refused = [
        part(
            "page.html",
            "text/html",
            b"<!DOCTYPE html><script>alert(1)</script>",
        ),
        part("notes.txt", "text/plain", b"  <html><body>hi</body></html>"),
        part("logo.svg", "image/svg+xml", b"<svg onload=alert(1)></svg>"),
        part("run.sh", "text/plain", b"#!/bin/sh\nrm -rf ~\n"),
        part("tool.js", "application/javascript", b"fetch('x')"),
        part("bundle.zip", "application/zip", &docx(b"")),
        part("plan.docm", "application/octet-stream", &docx(b"")),
        part(
            "plan.docx",
            "application/msword",
            &docx(b"word/vbaProject.bin"),
        ),
        part("fake.docx", "application/msword", b"PK\x03\x04 not office"),
        part(
            "old.doc",
            "application/msword",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xx",
        ),
        part("app", "application/octet-stream", b"\x7fELF\x02\x01\x01"),
        part(
            "data.bin",
            "application/octet-stream",
            &[0u8, 159, 146, 150],
        ),
    ];
    let selection = select(&refused, &AttachmentLimits::default());
    assert!(selection.kept.is_empty(), "{:?}", selection.kept);
    assert_eq!(selection.skipped.len(), refused.len());
    assert!(
        selection
            .skipped
            .iter()
            .all(|s| s.reason == SkipReason::RefusedType)
    );
}

#[test]
fn office_documents_and_plain_text_are_kept() {
    let parts = [
        part(
            "plan.docx",
            "application/octet-stream",
            &docx(b"word/document.xml"),
        ),
        part("numbers.csv", "text/csv", b"week,hours\n1,4\n"),
        part("notes", "text/plain", "caf\u{e9} notes".as_bytes()),
    ];
    let selection = select(&parts, &AttachmentLimits::default());
    let types: Vec<_> = selection.kept.iter().map(|k| k.content_type).collect();
    assert_eq!(
        types,
        [
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text/csv; charset=utf-8",
            "text/plain; charset=utf-8",
        ]
    );
    assert_eq!(selection.kept[2].name, "notes.txt");
}

#[test]
fn oversize_and_uncopied_files_are_skipped_with_the_limit_named() {
    let limits = AttachmentLimits {
        max_files: 10,
        max_bytes: 1024,
    };
    let mut big = part(
        "scan.pdf",
        "application/pdf",
        &[PDF, &[b'x'; 2000][..]].concat(),
    );
    let huge = FilePart {
        size: 50 * 1024 * 1024,
        bytes: Vec::new(),
        ..part("video.png", "image/png", PNG)
    };
    let exact = part(
        "small.pdf",
        "application/pdf",
        &[PDF, &vec![b'x'; 1024 - PDF.len()]].concat(),
    );
    assert_eq!(exact.size, 1024);
    let selection = select(&[big.clone(), huge, exact], &limits);
    assert_eq!(
        selection.kept.len(),
        1,
        "the file of exactly the limit is kept"
    );
    assert_eq!(selection.skipped.len(), 2);
    assert_eq!(selection.skipped[0].reason, SkipReason::TooLarge);
    assert_eq!(selection.skipped[0].detail, "larger than 1 KB");
    assert_eq!(selection.skipped[1].size, 50 * 1024 * 1024);
    big.size = 0;
    big.bytes.clear();
    let empty = select(&[big], &limits);
    assert_eq!(empty.skipped[0].reason, SkipReason::Empty);
}

#[test]
fn files_past_the_count_are_skipped_and_refused_ones_do_not_count() {
    let limits = AttachmentLimits {
        max_files: 3,
        max_bytes: 1024,
    };
    let mut parts = vec![part("virus.png", "image/png", EXE)];
    for n in 1..=5 {
        parts.push(part(&format!("photo-{n}.png"), "image/png", PNG));
    }
    let selection = select(&parts, &limits);
    let kept: Vec<_> = selection.kept.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(kept, ["photo-1.png", "photo-2.png", "photo-3.png"]);
    let reasons: Vec<_> = selection.skipped.iter().map(|s| s.reason).collect();
    assert_eq!(
        reasons,
        [
            SkipReason::RefusedType,
            SkipReason::TooMany,
            SkipReason::TooMany
        ]
    );
    assert_eq!(selection.skipped[1].detail, "more than 3 files in one mail");
}

#[test]
fn small_inline_signature_images_are_left_out_but_a_pasted_screenshot_is_kept() {
    let logo = FilePart {
        shown_inline: true,
        ..part("image001.png", "image/png", PNG)
    };
    let mut screenshot_bytes = PNG.to_vec();
    screenshot_bytes.resize(200 * 1024, 7);
    let screenshot = FilePart {
        shown_inline: true,
        ..part("Screenshot 2026-12-01.png", "image/png", &screenshot_bytes)
    };
    let selection = select(&[logo, screenshot], &AttachmentLimits::default());
    assert_eq!(selection.signature_images, 1);
    assert_eq!(selection.kept.len(), 1);
    assert_eq!(selection.kept[0].name, "Screenshot 2026-12-01.png");
    assert!(selection.skipped.is_empty());
}

#[test]
fn names_are_made_safe_and_end_with_the_sniffed_extension() {
    assert_eq!(safe_name("../../etc/passwd", ""), "passwd");
    assert_eq!(safe_name("C:\\Users\\sam\\photo.jpeg", "jpg"), "photo.jpeg");
    assert_eq!(safe_name("photo.txt", "png"), "photo.txt.png");
    assert_eq!(safe_name("a\"b\r\n<c>.pdf", "pdf"), "abc.pdf");
    assert_eq!(safe_name(".hidden", ""), "hidden");
    assert_eq!(safe_name("   ", "png"), "");
    let long = format!("{}.pdf", "x".repeat(300));
    let cut = safe_name(&long, "pdf");
    assert_eq!(cut.chars().count(), 120);
    assert!(cut.ends_with(".pdf"));
    let unnamed = select(&[part("", "image/png", PNG)], &AttachmentLimits::default());
    assert_eq!(unnamed.kept[0].name, "attachment-1.png");
}

#[test]
fn storage_names_are_the_same_for_the_same_mail() {
    let name = storage_name("abc123", 2, "pdf");
    assert_eq!(name, "attachments/abc123-2.pdf");
}

#[test]
fn sizes_read_as_people_write_them() {
    assert_eq!(size_label(812), "812 B");
    assert_eq!(size_label(34 * 1024 - 5), "34 KB");
    assert_eq!(size_label(10 * 1024 * 1024), "10 MB");
    assert_eq!(size_label(1_250_000), "1.2 MB");
}
