//! The files of a recorded mail: what `domain::attachment::select` keeps is put in the archive
//! before the entry is written (so an entry never lists a file that is not there), under names
//! made of the message and the file's place in it, so a retried delivery replaces the same
//! objects instead of adding copies. What is not kept is noted in the entry and logged with its
//! reason (never with the file's name or contents: those are the writer's words).

use super::IngestError;
use crate::archive::Archive;
use crate::domain::Entry;
use crate::domain::attachment::{Attachment, FilePart, Selection, storage_name};
use crate::domain::ids::message_key;

/// Keep the selected files of `parts` and list them, and the skipped ones, on `entry`.
pub async fn keep<A: Archive>(
    archive: &A,
    entry: &mut Entry,
    parts: &[FilePart],
    selection: Selection,
) -> Result<(), IngestError> {
    let key = message_key(&entry.message_id);
    for (n, kept) in selection.kept.iter().enumerate() {
        let name = storage_name(&key, n + 1, kept.extension);
        let bytes = parts[kept.part].bytes.clone();
        archive
            .keep_file(&name, bytes, kept.content_type, &kept.name)
            .await?;
        entry.attachments.push(Attachment {
            name: kept.name.clone(),
            content_type: kept.content_type.to_string(),
            size: kept.size,
            key: name,
        });
    }
    for skipped in &selection.skipped {
        tracing::info!(
            message_id = %entry.message_id,
            size = skipped.size,
            reason = ?skipped.reason,
            detail = %skipped.detail,
            "attachment not kept"
        );
    }
    if selection.signature_images > 0 {
        tracing::debug!(
            count = selection.signature_images,
            "inline signature images left out"
        );
    }
    entry.skipped_attachments = selection.skipped;
    Ok(())
}
