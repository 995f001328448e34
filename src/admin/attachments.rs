//! The files kept with entries, as the admin views show them: a link for each (a pre-signed URL
//! valid for an hour in S3, the file's path in local mode's folder), or its key when no archive
//! is at hand, and the files that were not kept with their reasons.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::archive::Archive;
use crate::domain::Entry;
use crate::domain::attachment::size_label;

/// How long a link in the timeline opens its file: long enough to read the timeline, short
/// enough that a pasted link does not stay open.
pub const VIEW_LINK_VALID: Duration = Duration::from_secs(60 * 60);

/// Key -> link of every file kept with `entries`; a key without a link (no archive, or the
/// backend refused) is left out and shown by its key.
pub async fn links<A: Archive>(archive: &A, entries: &[Entry]) -> BTreeMap<String, String> {
    let mut links = BTreeMap::new();
    for attachment in entries.iter().flat_map(|e| &e.attachments) {
        let Ok(location) = archive.location_of(&attachment.key) else {
            continue;
        };
        match archive.link(&location, VIEW_LINK_VALID).await {
            Ok(link) => {
                links.insert(attachment.key.clone(), link);
            }
            Err(e) => tracing::warn!(error = %e, "no link for a kept file"),
        }
    }
    links
}

/// The lines of an entry's files in the text timeline (empty when it has none).
pub fn text_lines(entry: &Entry, links: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    if entry.attachments.is_empty() && entry.skipped_attachments.is_empty() {
        return out;
    }
    out.push_str("\n      files:");
    for a in &entry.attachments {
        let at = links.get(&a.key).unwrap_or(&a.key);
        out.push_str(&format!(
            "\n      * {} ({}, {}): {at}",
            a.name,
            a.content_type,
            size_label(a.size)
        ));
    }
    for s in &entry.skipped_attachments {
        out.push_str(&format!(
            "\n      * not kept: {} ({}): {}",
            s.name,
            size_label(s.size),
            s.detail
        ));
    }
    out
}

/// The entry's JSON with a `link` on each kept file that has one.
pub fn with_links(value: &mut serde_json::Value, links: &BTreeMap<String, String>) {
    let Some(files) = value
        .get_mut("attachments")
        .and_then(|files| files.as_array_mut())
    else {
        return;
    };
    for file in files {
        let link = file
            .get("key")
            .and_then(|key| key.as_str())
            .and_then(|key| links.get(key))
            .cloned();
        if let Some(link) = link {
            file["link"] = serde_json::Value::String(link);
        }
    }
}
