//! An entry too large for its record: the record keeps a fair share of every text (see
//! `domain::entry_fit`) and links to the whole entry, kept in the archive before the record is
//! written. Keeping is idempotent (same name, same bytes), so a retried delivery is harmless.

use super::IngestError;
use crate::archive::Archive;
use crate::domain::Entry;
use crate::domain::entry_fit::{ENTRY_BUDGET_BYTES, Overflow, fit};
use crate::domain::ids::message_key;

/// `entry` as it fits its record: unchanged when it fits, otherwise cut, with the whole entry
/// kept in `archive` and its place on the cut entry.
pub async fn fitted<A: Archive>(archive: &A, entry: Entry) -> Result<Entry, IngestError> {
    let Some(mut cut) = fit(&entry, ENTRY_BUDGET_BYTES) else {
        return Ok(entry);
    };
    let whole = serde_json::to_vec_pretty(&entry).unwrap_or_default();
    let bytes = whole.len() as u64;
    let name = format!("entries/{}.json", message_key(&entry.message_id));
    let location = archive.keep(&name, whole).await?;
    tracing::info!(
        message_id = %entry.message_id,
        bytes,
        location = %location,
        "entry too large for its record: cut, the whole kept in the archive"
    );
    cut.overflow = Some(Overflow { location, bytes });
    Ok(cut)
}
