//! Files attached to a reflection or to a mentor's notes: which of a mail's file parts are kept,
//! under what type and name, and why the others are not. Pure: the parser hands over the parts
//! (`mail::parse`), the inbound flow stores what [`select`] keeps (`mail_in::attachments`).
//!
//! The type is decided by the bytes, never by the declared type or the name alone: a file is
//! kept only when its first bytes are one of a short list of formats people share in a
//! mentorship (images, PDF, Office Open XML documents, plain text), and is then stored under the
//! sniffed type with `Content-Disposition: attachment`, so no stored object is ever rendered as a
//! page by a browser. Everything else (executables, scripts, HTML, SVG, archives, macro-enabled
//! or legacy Office files, unknown bytes) is refused: the text of the mail is still recorded,
//! and the entry notes the file with the reason. Refusing rather than storing such files as
//! inert octet-stream keeps the bucket from becoming a place our own links hand out malware.

use serde::{Deserialize, Serialize};

/// Default most files kept from one mail.
pub const DEFAULT_MAX_FILES: usize = 10;
/// Default most bytes of one kept file (decoded).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Inline images at most this large that the HTML body shows by `cid:` are a signature's logos
/// and icons, not something the writer attached: they are neither kept nor noted.
pub const SIGNATURE_IMAGE_BYTES: u64 = 40 * 1024;
/// Longest file name kept (characters); longer names are cut, keeping the extension.
const MAX_NAME_CHARS: usize = 120;

/// How many files, and how large, one mail may leave in the bucket (configurable:
/// `MENTORMAIL_ATTACHMENT_MAX_FILES`, `MENTORMAIL_ATTACHMENT_MAX_BYTES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentLimits {
    pub max_files: usize,
    pub max_bytes: u64,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self {
            max_files: DEFAULT_MAX_FILES,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One file part of a mail as the parser found it (not a body, not a forwarded message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The file name the mail gave (Content-Disposition or Content-Type `name`), maybe empty.
    pub name: String,
    /// The declared Content-Type, lower-cased (`image/png`); only reported, never trusted.
    pub declared_type: String,
    /// Decoded size in bytes.
    pub size: u64,
    /// The decoded bytes; empty when the part was too large for the parser to copy (then
    /// `size` says how large it was and [`select`] skips it).
    pub bytes: Vec<u8>,
    /// The part has a Content-ID that the HTML body shows (`cid:`): an inline image.
    pub shown_inline: bool,
}

/// A kept file, as its entry lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file name, made safe to show and to send as a download name.
    pub name: String,
    /// The type decided from the bytes (what the object is stored and served as).
    pub content_type: String,
    pub size: u64,
    /// The archive name it is kept under (`attachments/<message key>-<n>.<ext>`): the same on
    /// every delivery of the mail, so a retried event replaces rather than adds.
    pub key: String,
}

/// Why a file was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Larger than the limit of one file.
    TooLarge,
    /// The mail had more files than the limit; the first ones were kept.
    TooMany,
    /// Its bytes are not a format we keep (see the module's list).
    RefusedType,
    /// No bytes at all.
    Empty,
}

/// A file of the mail that was not kept, noted in the entry so nothing vanishes silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedAttachment {
    pub name: String,
    pub size: u64,
    pub reason: SkipReason,
    /// Words for people: "an executable (declared image/png)", "larger than 10 MB".
    pub detail: String,
}

/// A file [`select`] keeps: which part, and how to store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Index into the parts given to [`select`].
    pub part: usize,
    pub name: String,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub size: u64,
}

/// What to do with a mail's file parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub kept: Vec<Kept>,
    pub skipped: Vec<SkippedAttachment>,
    /// Small inline images of signatures, left out without a note.
    pub signature_images: usize,
}

/// Decide, in the mail's order, which parts are kept: signature images left out, then each file
/// checked for emptiness, size and type, and kept while fewer than `max_files` are.
pub fn select(parts: &[FilePart], limits: &AttachmentLimits) -> Selection {
    let mut selection = Selection::default();
    for (index, part) in parts.iter().enumerate() {
        if part.shown_inline
            && part.size <= SIGNATURE_IMAGE_BYTES
            && part.declared_type.starts_with("image/")
        {
            selection.signature_images += 1;
            continue;
        }
        let shown_name = safe_name(&part.name, "");
        let skip = |reason, detail: String| SkippedAttachment {
            name: if shown_name.is_empty() {
                format!("file {}", index + 1)
            } else {
                shown_name.clone()
            },
            size: part.size,
            reason,
            detail,
        };
        if part.size == 0 {
            selection
                .skipped
                .push(skip(SkipReason::Empty, "an empty file".into()));
            continue;
        }
        if part.size > limits.max_bytes || part.bytes.len() as u64 != part.size {
            let detail = format!("larger than {}", size_label(limits.max_bytes));
            selection.skipped.push(skip(SkipReason::TooLarge, detail));
            continue;
        }
        let known = match sniff(&part.name, &part.declared_type, &part.bytes) {
            Ok(known) => known,
            Err(what) => {
                let declared = if part.declared_type.is_empty() {
                    String::new()
                } else {
                    format!(" (declared {})", part.declared_type)
                };
                let detail = format!("{what}{declared}: not a kind of file we keep");
                selection
                    .skipped
                    .push(skip(SkipReason::RefusedType, detail));
                continue;
            }
        };
        if selection.kept.len() >= limits.max_files {
            let detail = format!("more than {} files in one mail", limits.max_files);
            selection.skipped.push(skip(SkipReason::TooMany, detail));
            continue;
        }
        let n = selection.kept.len() + 1;
        let name = match safe_name(&part.name, known.extension) {
            name if name.is_empty() => format!("attachment-{n}.{}", known.extension),
            name => name,
        };
        selection.kept.push(Kept {
            part: index,
            name,
            content_type: known.content_type,
            extension: known.extension,
            size: part.size,
        });
    }
    selection
}

/// The archive name of the `n`th kept file (from 1) of the mail with this message key.
pub fn storage_name(message_key: &str, n: usize, extension: &str) -> String {
    format!("attachments/{message_key}-{n}.{extension}")
}

/// A format we keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub content_type: &'static str,
    pub extension: &'static str,
}

const fn known(content_type: &'static str, extension: &'static str) -> Known {
    Known {
        content_type,
        extension,
    }
}

/// The format of `bytes`, or what it is that we refuse. The name's extension only chooses among
/// formats the bytes already allow (a zip is a .docx only with Office's parts inside).
pub fn sniff(name: &str, declared_type: &str, bytes: &[u8]) -> Result<Known, &'static str> {
    let ext = extension_of(name);
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(known("image/png", "png"));
    }
    if starts(b"\xff\xd8\xff") {
        return Ok(known("image/jpeg", "jpg"));
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Ok(known("image/gif", "gif"));
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Ok(known("image/webp", "webp"));
    }
    if bytes.get(4..8) == Some(b"ftyp")
        && matches!(
            bytes.get(8..12),
            Some(b"heic" | b"heix" | b"mif1" | b"heif")
        )
    {
        return Ok(known("image/heic", "heic"));
    }
    if starts(b"%PDF-") {
        return Ok(known("application/pdf", "pdf"));
    }
    if starts(b"MZ") {
        return Err("a Windows executable");
    }
    if starts(b"\x7fELF") {
        return Err("a Linux executable");
    }
    if [
        &b"\xfe\xed\xfa\xce"[..],
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ]
    .iter()
    .any(|magic| starts(magic))
    {
        return Err("a macOS executable");
    }
    if starts(b"#!") {
        return Err("a script");
    }
    if starts(b"PK\x03\x04") {
        return office_document(&ext, bytes);
    }
    if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Err("a legacy Office file (it may carry macros)");
    }
    plain_text(&ext, declared_type, bytes)
}

/// A zip is kept only as a Word, Excel or PowerPoint document without macros.
fn office_document(ext: &str, bytes: &[u8]) -> Result<Known, &'static str> {
    let office = match ext {
        "docx" => known(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "xlsx" => known(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "pptx" => known(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        _ => return Err("a zip archive"),
    };
    if !contains(bytes, b"[Content_Types].xml") {
        return Err("a zip archive");
    }
    if contains(bytes, b"vbaProject.bin") {
        return Err("an Office document with macros");
    }
    Ok(office)
}

/// Text is kept as plain text when it is UTF-8, has no NUL, is not markup, and its name says a
/// text format (or it has no extension and was declared as one).
fn plain_text(ext: &str, declared_type: &str, bytes: &[u8]) -> Result<Known, &'static str> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err("an unrecognised file");
    };
    if text.contains('\0') {
        return Err("an unrecognised file");
    }
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let markup = [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<script",
        "<svg",
        "<?xml",
    ];
    if markup.iter().any(|m| head.starts_with(m))
        || matches!(ext, "html" | "htm" | "xhtml" | "svg" | "xml" | "hta")
        || declared_type.contains("html")
        || declared_type.contains("svg")
    {
        return Err("HTML or markup");
    }
    match ext {
        "txt" | "text" | "md" => Ok(known("text/plain; charset=utf-8", "txt")),
        "csv" => Ok(known("text/csv; charset=utf-8", "csv")),
        "" if matches!(declared_type, "text/plain" | "text/markdown") => {
            Ok(known("text/plain; charset=utf-8", "txt"))
        }
        "" if declared_type == "text/csv" => Ok(known("text/csv; charset=utf-8", "csv")),
        _ => Err("a script or other text file"),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The lower-cased extension of a file name, or empty.
fn extension_of(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.trim().to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// `raw` as a name to show and to offer as a download: no folders, no control or quote
/// characters, at most [`MAX_NAME_CHARS`]; when `extension` is given, the name ends with it (an
/// image sent as `photo.txt` is stored and offered as `photo.txt.png`).
pub fn safe_name(raw: &str, extension: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '<' | '>'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return String::new();
    }
    let suffix = if extension.is_empty() || extension_matches(&cleaned, extension) {
        String::new()
    } else {
        format!(".{extension}")
    };
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    let mut name: String = if cleaned.chars().count() > room {
        // Keep the end, which holds the extension.
        let skip = cleaned.chars().count() - room;
        cleaned.chars().skip(skip).collect()
    } else {
        cleaned
    };
    name.push_str(&suffix);
    name
}

fn extension_matches(name: &str, extension: &str) -> bool {
    let ext = extension_of(name);
    ext == extension || (extension == "jpg" && ext == "jpeg") || (extension == "txt" && ext == "md")
}

/// `bytes` for people: `812 B`, `34 KB`, `1.2 MB`.
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

#[cfg(test)]
mod tests;
