//! Files attached to a reflection are kept under the entry, listed in it, linked from the
//! timeline and the mentor's digest, and erased with the person's data. Run on both worlds: the
//! local store with its archive folder, and the `inbound` Lambda handler on moto (DynamoDB and
//! the S3 archive). Every mail is delivered twice: the files are stored once.

use data_encoding::BASE64_MIME;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::admin::erase::{erase, plan_erasure};
use mentormail::admin::timeline::timeline_with_files;
use mentormail::archive::Archive;
use mentormail::archive::folder::FolderArchive;
use mentormail::archive::s3::S3Archive;
use mentormail::domain::Entry;
use mentormail::domain::attachment::{AttachmentLimits, SkipReason};
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::mail_in::{Envelope, IngestOutcome, IngestSettings, MailIn, Verdicts};
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::NoRawMail;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::Store;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fixtures::*;
use crate::{events, moto};

fn png(bytes: usize) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.resize(bytes, 0x5a);
    png
}

fn pdf(bytes: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    pdf.resize(bytes, b'x');
    pdf
}

/// A reply as a phone's mail app writes it: text and HTML with the signature's logo inline,
/// then the attached files.
fn reply_with_files(
    to: &str,
    message_id: &str,
    text: &str,
    files: &[(&str, &str, Vec<u8>)],
) -> Vec<u8> {
    let mut raw = format!(
        "From: Sam Rivera <{MENTEE}>\r\nTo: {to}\r\nSubject: Re: PM Mentoring: your reflection #1\r\n\
         Date: Tue, 24 Nov 2026 12:00:00 +0000\r\nMessage-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n\
         --mixed\r\nContent-Type: multipart/related; boundary=\"related\"\r\n\r\n\
         --related\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
         --alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\nSam\r\n\
         --alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>{text}</p><p>Sam<br>\
         <img src=\"cid:logo@sig\" alt=\"logo\"></p>\r\n--alt--\r\n\
         --related\r\nContent-Type: image/png; name=\"image001.png\"\r\nContent-ID: <logo@sig>\r\n\
         Content-Disposition: inline; filename=\"image001.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --related--\r\n",
        BASE64_MIME.encode(&png(3_000))
    );
    for (name, content_type, bytes) in files {
        raw.push_str(&format!(
            "--mixed\r\nContent-Type: {content_type}; name=\"{name}\"\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            BASE64_MIME.encode(bytes)
        ));
    }
    raw.push_str("--mixed--\r\n");
    raw.into_bytes()
}

const TEXT: &str = "Mapped the onboarding funnel on the whiteboard; photo and the plan attached.";

fn good_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("whiteboard.png", "image/png", png(2_000)),
        (
            "Onboarding plan.pdf",
            "application/octet-stream",
            pdf(5_000),
        ),
    ]
}

/// An executable named as a picture, a file over the limit, and more files than the limit.
fn hostile_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    exe.resize(4_000, 0);
    let mut files = vec![
        ("holiday.png", "image/png", exe),
        ("scan.pdf", "application/pdf", pdf(100 * 1024)),
    ];
    for name in ["a.png", "b.png", "c.png", "d.png", "e.png"] {
        files.push((name, "image/png", png(1_000)));
    }
    files
}

/// Limits small enough for the hostile mail to cross both.
fn strict(mut settings: IngestSettings) -> IngestSettings {
    settings.attachments = AttachmentLimits {
        max_files: 3,
        max_bytes: 64 * 1024,
    };
    settings
}

async fn entry_of<S: Store>(repo: &Repo<S>, message_id: &str) -> Entry {
    let m = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    let timeline = repo.timeline(&m).await.unwrap();
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e.message_id == message_id)
            .count(),
        1,
        "one entry for {message_id}"
    );
    timeline
        .into_iter()
        .find(|e| e.message_id == message_id)
        .unwrap()
}

/// The good mail's entry lists the image and the PDF (not the signature's logo), and the archive
/// holds their bytes.
async fn check_kept<S: Store, A: Archive>(repo: &Repo<S>, archive: &A, message_id: &str) -> Entry {
    let entry = entry_of(repo, message_id).await;
    let listed: Vec<_> = entry
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str(), a.size))
        .collect();
    assert_eq!(
        listed,
        [
            ("whiteboard.png", "image/png", 2_000),
            ("Onboarding plan.pdf", "application/pdf", 5_000),
        ]
    );
    assert!(
        entry.skipped_attachments.is_empty(),
        "{:?}",
        entry.skipped_attachments
    );
    for (file, (_, _, bytes)) in entry.attachments.iter().zip(good_files()) {
        let location = archive.location_of(&file.key).unwrap();
        assert_eq!(
            archive.read(&location).await.unwrap(),
            bytes,
            "{}",
            file.name
        );
    }
    entry
}

/// The hostile mail's text is recorded; three pictures kept, the rest noted with reasons.
async fn check_hostile<S: Store>(repo: &Repo<S>, message_id: &str) {
    let entry = entry_of(repo, message_id).await;
    let kept: Vec<_> = entry.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(kept, ["a.png", "b.png", "c.png"]);
    let skipped: Vec<_> = entry
        .skipped_attachments
        .iter()
        .map(|s| (s.name.as_str(), s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            ("holiday.png", SkipReason::RefusedType),
            ("scan.pdf", SkipReason::TooLarge),
            ("d.png", SkipReason::TooMany),
            ("e.png", SkipReason::TooMany),
        ]
    );
    let json = serde_json::to_string(&entry).unwrap();
    assert!(
        json.contains("onboarding funnel"),
        "the text is kept: {json}"
    );
}

/// The timeline lists the files with a link, in text and JSON.
async fn check_timeline<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    link_has: &str,
) -> String {
    let text = timeline_with_files(repo, archive, MENTEE, None, false)
        .await
        .unwrap();
    assert!(text.contains("files:"), "{text}");
    assert!(
        text.contains("* whiteboard.png (image/png, 2 KB): "),
        "{text}"
    );
    assert!(
        text.contains("* not kept: holiday.png (4 KB): a Windows executable (declared image/png)"),
        "{text}"
    );
    let json = timeline_with_files(repo, archive, MENTEE, None, true)
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let links: Vec<String> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["attachments"].as_array().cloned().unwrap_or_default())
        .map(|a| {
            a["link"]
                .as_str()
                .expect("a link on every kept file")
                .to_string()
        })
        .collect();
    assert_eq!(links.len(), 5, "2 + 3 kept files");
    assert!(links.iter().all(|l| l.contains(link_has)), "{links:?}");
    links[0].clone()
}

/// The mentor's digest after the reply lists the files with links.
async fn digest_text<S: Store>(
    repo: &Repo<S>,
    settings: &mentormail::mail_out::ScheduleSettings,
) -> String {
    let mailer = ScriptedMailer::default();
    // The first digest is due six days after the first prompt (Monday 23 November); a run
    // sends a pair one mail, so a few runs.
    let mut report = None;
    for hour in 0..4 {
        let at = ts("2026-12-01T12:00:00Z") + jiff::SignedDuration::from_hours(hour);
        report = Some(run(repo, &mailer, settings, at).await.unwrap());
    }
    let digest = mailer
        .sent()
        .into_iter()
        .find(|m| m.to.iter().any(|to| to == MENTOR))
        .unwrap_or_else(|| panic!("the mentor's digest: {report:?}"));
    let parsed = mail_parser::MessageParser::default()
        .parse(&digest.raw)
        .unwrap();
    parsed.body_text(0).unwrap().to_string()
}

/// The standard pair, enrolled as new so that the mentor's weekly digest is scheduled.
async fn enrol_with_digest<S: Store>(repo: &Repo<S>) -> mentormail::domain::Mentorship {
    let at = ts("2026-11-19T10:00:00Z");
    let mentor = person(MENTOR, "Maya Chen", "America/New_York");
    let mentee = person(MENTEE, "Sam Rivera", "Europe/London");
    let m = weekly_monday(&mentor, &mentee, jiff::civil::time(9, 0, 0, 0), at);
    enrol_pair(repo, &mentor, &mentee, &m, at, Kickoff::IfNew)
        .await
        .unwrap();
    m
}

fn envelope(message_id: &str, to: &str, minute: i64) -> Envelope {
    Envelope {
        message_id: message_id.into(),
        received_at: ts("2026-11-24T12:00:00Z") + jiff::SignedDuration::from_mins(minute),
        recipients: vec![to.into()],
        verdicts: Verdicts::default(),
        sender_checks: dmarc_pass(),
    }
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("attachments")).map_or(0, |d| d.count())
}

#[tokio::test]
async fn local_reply_files_are_kept_once_listed_linked_and_erased() {
    let repo = memory_repo();
    let m = enrol_with_digest(&repo).await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("archive");
    let mut settings = settings();
    settings.archive_folder = Some(folder.clone());
    let reply_to = settings.token_key.reply_address(&m.id, 1, DOMAIN);
    let mail_in = MailIn {
        repo: repo.clone(),
        mailer: ScriptedMailer::default(),
        archive: FolderArchive::new(&folder),
        settings: strict(settings.ingest()),
    };
    let mails = [
        (
            "files-good@x",
            reply_with_files(&reply_to, "files-good@x", TEXT, &good_files()),
        ),
        (
            "files-hostile@x",
            reply_with_files(&reply_to, "files-hostile@x", TEXT, &hostile_files()),
        ),
    ];
    for (n, (id, raw)) in mails.iter().enumerate() {
        let envelope = envelope(id, &reply_to, n as i64);
        let first = mail_in.ingest(&envelope, raw).await.unwrap();
        assert!(matches!(first, IngestOutcome::Recorded { .. }), "{first:?}");
        assert_eq!(
            mail_in.ingest(&envelope, raw).await.unwrap(),
            IngestOutcome::Duplicate
        );
    }
    assert_eq!(
        files_in(&folder),
        5,
        "2 + 3 files, each stored once over two deliveries"
    );
    let entry = check_kept(&repo, &mail_in.archive, "files-good@x").await;
    check_hostile(&repo, "files-hostile@x").await;

    let link = check_timeline(&repo, &mail_in.archive, &folder.display().to_string()).await;
    assert!(
        std::path::Path::new(&link).exists(),
        "the timeline's path is the file: {link}"
    );

    // A command with a photo: the command acts, and the photo is kept in a reflection of its
    // own (nothing the mentee sent vanishes), once over two deliveries.
    let photo = [("desk.png", "image/png", png(2_500))];
    // The command alone, without the name under it (which would make a reflection of its own).
    let raw = String::from_utf8(reply_with_files(
        &reply_to,
        "files-pause@x",
        "pause 2 weeks",
        &photo,
    ))
    .unwrap()
    .replace("pause 2 weeks\r\n\r\nSam\r\n", "pause 2 weeks\r\n")
    .into_bytes();
    let pause = envelope("files-pause@x", &reply_to, 5);
    let first = mail_in.ingest(&pause, &raw).await.unwrap();
    assert!(
        matches!(first, IngestOutcome::Recorded { ref entry, .. } if entry == "pause"),
        "{first:?}"
    );
    assert_eq!(
        mail_in.ingest(&pause, &raw).await.unwrap(),
        IngestOutcome::Duplicate
    );
    let kept = entry_of(&repo, "files-pause@x#files").await;
    assert_eq!(kept.attachments.len(), 1, "{kept:?}");
    assert_eq!(kept.attachments[0].name, "desk.png");
    assert_eq!(files_in(&folder), 6, "the photo stored once");
    let sam = repo.person(&email(MENTEE)).await.unwrap().unwrap();
    assert_eq!(sam.status, mentormail::domain::PersonStatus::Paused);

    let digest = digest_text(&repo, &settings.schedule()).await;
    let path = std::path::absolute(folder.join(&entry.attachments[0].key)).unwrap();
    assert!(digest.contains("Files:"), "{digest}");
    assert!(
        digest.contains(&format!(
            "- whiteboard.png (2 KB): file://{}",
            path.display()
        )),
        "{digest}"
    );

    let plan = plan_erasure(&repo, &mail_in.archive, MENTEE).await.unwrap();
    erase(&repo, &mail_in.archive, &NoRawMail, &plan)
        .await
        .unwrap();
    assert_eq!(files_in(&folder), 0, "erased with the person's data");
    println!(
        "attachments, local: 2 mails delivered twice, 5 files stored once, 4 noted as not kept \
         (1 refused type, 1 too large, 2 over the count), 1 signature logo left out; 0 left \
         after erase"
    );
}

/// The body of a plain-HTTP GET (moto's endpoint), as a browser following the link gets it.
fn http_get(url: &str) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let rest = url.strip_prefix("http://").expect("moto speaks plain HTTP");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let at = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response");
    let status = String::from_utf8_lossy(&response[..at]).to_string();
    assert!(
        status.starts_with("HTTP/1.0 200") || status.starts_with("HTTP/1.1 200"),
        "{status}"
    );
    response[at + 4..].to_vec()
}

async fn stored_objects(s3: &aws_sdk_s3::Client, bucket: &str) -> Vec<String> {
    s3.list_objects_v2()
        .bucket(bucket)
        .prefix("archive/attachments/")
        .send()
        .await
        .unwrap()
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn reply_files_through_the_inbound_handler_are_kept_once_in_s3_linked_and_erased() {
    let sdk = moto::sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let bucket = moto::create_bucket(&s3).await;
    let ses = mentormail::clients::sesv2_client(&sdk);
    let repo: Repo<DynamoStore> = Repo::new(moto::dynamo_store().await);
    let m = enrol_with_digest(&repo).await;
    let settings = settings();
    let reply_to = settings.token_key.reply_address(&m.id, 1, DOMAIN);
    let handler = InboundHandler {
        mail_in: MailIn {
            repo: repo.clone(),
            mailer: SesMailer::new(ses, None),
            archive: S3Archive::new(s3.clone(), bucket.clone(), "archive/"),
            settings: strict(settings.ingest()),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    let mut ids = Vec::new();
    for files in [good_files(), hostile_files()] {
        let message_id = moto::unique_name("files").replace('-', "");
        let raw = reply_with_files(&reply_to, &format!("{message_id}@x"), TEXT, &files);
        s3.put_object()
            .bucket(&bucket)
            .key(format!("inbound/{message_id}"))
            .body(raw.into())
            .send()
            .await
            .unwrap();
        let event = events::ses_receipt(&message_id, MENTEE, &reply_to, "PASS");
        let first = handler.handle(event.clone()).await.unwrap();
        assert!(
            matches!(
                &first[0].outcome,
                RecordOutcome::Ingested(IngestOutcome::Recorded { .. })
            ),
            "{first:?}"
        );
        let again = handler.handle(event).await.unwrap();
        assert_eq!(
            again[0].outcome,
            RecordOutcome::Ingested(IngestOutcome::Duplicate)
        );
        ids.push(message_id);
    }
    assert_eq!(
        stored_objects(&s3, &bucket).await.len(),
        5,
        "stored once over two deliveries"
    );
    let archive = &handler.mail_in.archive;
    let entry = check_kept(&repo, archive, &ids[0]).await;
    check_hostile(&repo, &ids[1]).await;

    // Served only as a download of the sniffed type, whatever the mail declared.
    let pdf = s3
        .head_object()
        .bucket(&bucket)
        .key(format!("archive/{}", entry.attachments[1].key))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.content_type(), Some("application/pdf"));
    assert_eq!(
        pdf.content_disposition(),
        Some(
            "attachment; filename=\"Onboarding plan.pdf\"; filename*=UTF-8''Onboarding%20plan.pdf"
        )
    );

    // The timeline's link is pre-signed, and it opens the file.
    let link = check_timeline(&repo, archive, "X-Amz-Signature=").await;
    let opened = http_get(&link);
    assert!(
        opened.starts_with(b"\x89PNG") || opened.starts_with(b"%PDF-"),
        "{link}"
    );

    // The digest links through the pages, which pre-sign afresh when the mentor opens it.
    let digest = digest_text(&repo, &settings.schedule()).await;
    let key: String =
        form_urlencoded::byte_serialize(entry.attachments[0].key.as_bytes()).collect();
    assert!(
        digest.contains("- whiteboard.png (2 KB): https://mentor.example.org/unsubscribe/file?t="),
        "{digest}"
    );
    assert!(digest.contains(&format!("&f={key}")), "{digest}");

    // The mentor opens the digest's link: the pages check it and redirect to a fresh URL.
    let web = mentormail::web::Web {
        repo: repo.clone(),
        token_key: settings.token_key.clone(),
        programme: settings.programme.clone(),
    };
    let link = digest
        .lines()
        .find_map(|l| l.strip_prefix("- whiteboard.png (2 KB): "))
        .unwrap()
        .trim()
        .to_string();
    let query = link.split_once('?').unwrap().1.to_string();
    let open = |query: String| {
        let request = mentormail::web::WebRequest {
            method: "GET".into(),
            path: "/file".into(),
            query,
            body: Vec::new(),
        };
        let web = &web;
        async move {
            web.handle_with_files(archive, &request, ts("2026-12-01T12:00:00Z"))
                .await
                .unwrap()
        }
    };
    let page = open(query.clone()).await;
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(http_get(page.location.as_deref().unwrap()), png(2_000));
    assert_eq!(
        open(query.replacen("t=", "t=x", 1)).await.status,
        400,
        "forged"
    );
    let elsewhere = query.replace(&key, "attachments%2Fnothing-1.png");
    assert_eq!(open(elsewhere).await.status, 404, "not a file of the pair");

    let plan = plan_erasure(&repo, archive, MENTEE).await.unwrap();
    erase(&repo, archive, &NoRawMail, &plan).await.unwrap();
    assert_eq!(
        stored_objects(&s3, &bucket).await,
        Vec::<String>::new(),
        "erased"
    );
    let after = open(query).await;
    assert_eq!(after.status, 404, "the link dies with the data");
    assert_eq!(after.location, None);
    println!(
        "attachments, inbound handler on moto: 2 mails delivered twice, 5 objects stored once, \
         4 noted as not kept, 0 objects left after erase"
    );
}
