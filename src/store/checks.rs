//! Checks both adapters apply before touching their backend, so that a batch DynamoDB would
//! refuse is refused by the embedded store too, with the same error.

use std::collections::HashSet;

use super::{Item, Key, StoreError, StoreResult, Write, attr};

/// DynamoDB's limit of actions in one `TransactWriteItems`.
pub use super::MAX_WRITES;

/// DynamoDB's item size limit. The check measures the body as JSON, which for text-heavy
/// records is a little larger than DynamoDB's own measure (JSON adds quotes, colons and commas),
/// so what passes here fits there; the embedded store then refuses what DynamoDB would.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// Attribute names the adapters own; a body must not use them.
pub const RESERVED: [&str; 5] = [
    attr::PK,
    attr::SK,
    attr::DUE_PK,
    attr::DUE_SK,
    attr::EXPIRES_AT,
];

pub fn key(key: &Key) -> StoreResult<()> {
    if key.pk.is_empty() || key.sk.is_empty() {
        return Err(StoreError::Invalid(format!(
            "empty key part in ({:?}, {:?})",
            key.pk, key.sk
        )));
    }
    Ok(())
}

pub fn partition(pk: &str) -> StoreResult<()> {
    if pk.is_empty() {
        return Err(StoreError::Invalid("empty partition key".to_owned()));
    }
    Ok(())
}

fn due(due: &super::Due) -> StoreResult<()> {
    if due.shard.is_empty() || due.at.is_empty() {
        return Err(StoreError::Invalid(format!(
            "empty due index key part in ({:?}, {:?})",
            due.shard, due.at
        )));
    }
    Ok(())
}

/// A storable item: non-empty keys and due index parts, no reserved attribute names.
pub fn item(item: &Item) -> StoreResult<()> {
    key(&item.key)?;
    if let Some(place) = &item.due {
        due(place)?;
    }
    if let Some(name) = item
        .body
        .keys()
        .find(|name| RESERVED.contains(&name.as_str()))
    {
        return Err(StoreError::Invalid(format!(
            "body of ({}, {}) uses the reserved attribute {name:?}",
            item.key.pk, item.key.sk
        )));
    }
    let body_bytes = serde_json::to_vec(&item.body)
        .map_err(|e| StoreError::Invalid(e.to_string()))?
        .len();
    if body_bytes + item.key.pk.len() + item.key.sk.len() > MAX_ITEM_BYTES {
        return Err(StoreError::Invalid(format!(
            "item ({}, {}) is larger than {MAX_ITEM_BYTES} bytes",
            item.key.pk, item.key.sk
        )));
    }
    Ok(())
}

/// The key a write applies to.
pub fn target(write: &Write) -> &Key {
    match write {
        Write::Put { item, .. } => &item.key,
        Write::SetDue { key, .. } | Write::Delete { key } => key,
    }
}

/// A batch is valid when it has at most [`MAX_WRITES`] writes on distinct, non-empty keys, and
/// every item it puts is valid.
pub fn writes(writes: &[Write]) -> StoreResult<()> {
    if writes.len() > MAX_WRITES {
        return Err(StoreError::Invalid(format!(
            "{} writes in one batch; at most {MAX_WRITES}",
            writes.len()
        )));
    }
    let mut seen = HashSet::with_capacity(writes.len());
    for write in writes {
        let target = target(write);
        key(target)?;
        if !seen.insert(target) {
            return Err(StoreError::Invalid(format!(
                "two writes on ({}, {}) in one batch",
                target.pk, target.sk
            )));
        }
        match write {
            Write::Put { item: put, .. } => item(put)?,
            Write::SetDue {
                due: Some(place), ..
            } => due(place)?,
            Write::SetDue { due: None, .. } | Write::Delete { .. } => {}
        }
    }
    Ok(())
}
