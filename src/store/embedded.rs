//! SQLite adapter for local mode: one table shaped like the DynamoDB one.
//!
//! Strings compare as UTF-8 bytes in both SQLite (BINARY collation) and DynamoDB, so prefix
//! queries and the `due_sk <= upto` range sort the same way in both stores. The calls block, but
//! only briefly (one small indexed statement or one short transaction): this store serves the
//! local CLI, not a busy server.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde_json::{Map, Value};

use super::{Condition, Due, Item, Key, Store, StoreError, StoreResult, Write, checks};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk         TEXT NOT NULL,
    sk         TEXT NOT NULL,
    due_pk     TEXT,
    due_sk     TEXT,
    expires_at INTEGER,
    body       TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
-- The sparse `due` index: only items with a place in it.
CREATE INDEX IF NOT EXISTS items_due ON items (due_pk, due_sk)
    WHERE due_pk IS NOT NULL AND due_sk IS NOT NULL;
-- Items with an expiry: every local command drops those past it (the TTL's stand-in).
CREATE INDEX IF NOT EXISTS items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
";

const COLUMNS: &str = "pk, sk, due_pk, due_sk, expires_at, body";

/// Another CLI process may hold the write lock for a moment; wait rather than fail.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The local store: a SQLite database file (or memory, for tests).
#[derive(Debug)]
pub struct EmbeddedStore {
    connection: Mutex<Connection>,
}

fn backend(error: rusqlite::Error) -> StoreError {
    StoreError::Backend(format!("sqlite: {error}"))
}

impl EmbeddedStore {
    /// Opens (creating if needed) the database at `path`, in WAL mode.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        let connection = Connection::open(path.as_ref()).map_err(backend)?;
        // WAL lets a `timeline` read while a `tick` writes; NORMAL sync is safe with WAL.
        let mode: String = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(backend)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "sqlite: could not switch {} to WAL (journal mode {mode})",
                path.as_ref().display()
            )));
        }
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(backend)?;
        Self::with_schema(connection)
    }

    /// A private, empty store in memory.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::with_schema(Connection::open_in_memory().map_err(backend)?)
    }

    fn with_schema(connection: Connection) -> StoreResult<Self> {
        connection.busy_timeout(BUSY_TIMEOUT).map_err(backend)?;
        // Deleted rows are overwritten with zeros rather than left in free pages: an erased
        // person's data must not survive in the file (see `compact` for the WAL).
        connection
            .pragma_update(None, "secure_delete", "ON")
            .map_err(backend)?;
        connection.execute_batch(SCHEMA).map_err(backend)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// Deletes the items whose `expires_at` is at or before `now` (epoch seconds) and returns
    /// how many. DynamoDB's TTL does this in production; the local store calls it itself so
    /// that idempotency markers do not pile up forever.
    pub fn purge_expired(&self, now: i64) -> StoreResult<usize> {
        self.lock()?
            .execute(
                "DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?1",
                params![now],
            )
            .map_err(backend)
    }

    fn lock(&self) -> StoreResult<MutexGuard<'_, Connection>> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back when the transaction is dropped), so a poisoned lock is usable.
        Ok(self
            .connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

/// Reads one row selected with [`COLUMNS`].
fn item_from_row(row: &Row<'_>) -> rusqlite::Result<(Key, Option<Due>, Option<i64>, String)> {
    let key = Key::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?);
    let due_pk: Option<String> = row.get(2)?;
    let due_sk: Option<String> = row.get(3)?;
    let due = match (due_pk, due_sk) {
        (Some(shard), Some(at)) => Some(Due { shard, at }),
        _ => None,
    };
    Ok((key, due, row.get(4)?, row.get(5)?))
}

fn parse_item(
    (key, due, expires_at, body): (Key, Option<Due>, Option<i64>, String),
) -> StoreResult<Item> {
    let body: Map<String, Value> = serde_json::from_str(&body).map_err(|e| {
        StoreError::Invalid(format!(
            "stored body of ({}, {}) is not a JSON object: {e}",
            key.pk, key.sk
        ))
    })?;
    Ok(Item {
        key,
        due,
        expires_at,
        body,
    })
}

/// What a condition may look at of a stored item: its `due_sk` and its body (JSON).
struct Stored {
    due_sk: Option<String>,
    body: String,
}

/// The stored state of `key`, `None` if there is no such item.
fn stored(connection: &Connection, key: &Key) -> rusqlite::Result<Option<Stored>> {
    connection
        .query_row(
            "SELECT due_sk, body FROM items WHERE pk = ?1 AND sk = ?2",
            params![key.pk, key.sk],
            |row| {
                Ok(Stored {
                    due_sk: row.get(0)?,
                    body: row.get(1)?,
                })
            },
        )
        .optional()
}

/// A top-level string attribute of a stored body (absent when missing or not a string, as
/// DynamoDB compares an `S` value only with strings).
fn field(stored: &Stored, name: &str) -> Option<String> {
    let body: Map<String, Value> = serde_json::from_str(&stored.body).ok()?;
    match body.get(name) {
        Some(Value::String(value)) => Some(value.clone()),
        _ => None,
    }
}

/// Whether `condition` holds for the stored state (see [`stored`]).
fn holds(condition: &Condition, stored: &Option<Stored>) -> bool {
    match condition {
        Condition::None => true,
        Condition::NotExists => stored.is_none(),
        Condition::DueIs(expected) => stored
            .as_ref()
            .is_some_and(|s| s.due_sk.as_deref() == Some(expected.as_str())),
        Condition::FieldIs { field: name, value } => {
            stored.as_ref().is_some_and(|s| field(s, name) == *value)
        }
        Condition::NotNewer { field: name, value } => match stored {
            None => true,
            Some(s) => field(s, name).is_none_or(|stored| stored.as_str() <= value.as_str()),
        },
    }
}

/// Applies one write inside the open transaction; `Ok(false)` when its condition fails.
fn apply(connection: &Connection, write: &Write) -> StoreResult<bool> {
    match write {
        Write::Put { item, condition } => {
            let stored = stored(connection, &item.key).map_err(backend)?;
            if !holds(condition, &stored) {
                return Ok(false);
            }
            let body = serde_json::to_string(&item.body)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            connection
                .prepare_cached(&format!(
                    "INSERT OR REPLACE INTO items ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                ))
                .and_then(|mut statement| {
                    statement.execute(params![
                        item.key.pk,
                        item.key.sk,
                        item.due.as_ref().map(|due| &due.shard),
                        item.due.as_ref().map(|due| &due.at),
                        item.expires_at,
                        body,
                    ])
                })
                .map_err(backend)?;
        }
        Write::SetDue {
            key,
            due,
            condition,
        } => {
            let stored = stored(connection, key).map_err(backend)?;
            // Like DynamoDB's `attribute_exists`: never create a bare item.
            if stored.is_none() || !holds(condition, &stored) {
                return Ok(false);
            }
            connection
                .execute(
                    "UPDATE items SET due_pk = ?3, due_sk = ?4 WHERE pk = ?1 AND sk = ?2",
                    params![
                        key.pk,
                        key.sk,
                        due.as_ref().map(|due| &due.shard),
                        due.as_ref().map(|due| &due.at),
                    ],
                )
                .map_err(backend)?;
        }
        Write::Delete { key } => {
            connection
                .execute(
                    "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                    params![key.pk, key.sk],
                )
                .map_err(backend)?;
        }
    }
    Ok(true)
}

impl Store for EmbeddedStore {
    async fn get(&self, key: &Key) -> StoreResult<Option<Item>> {
        checks::key(key)?;
        let connection = self.lock()?;
        let row = connection
            .query_row(
                &format!("SELECT {COLUMNS} FROM items WHERE pk = ?1 AND sk = ?2"),
                params![key.pk, key.sk],
                item_from_row,
            )
            .optional()
            .map_err(backend)?;
        drop(connection);
        row.map(parse_item).transpose()
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> StoreResult<Vec<Item>> {
        checks::partition(pk)?;
        let rows = {
            let connection = self.lock()?;
            let mut statement = connection
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM items WHERE pk = ?1 AND sk >= ?2 ORDER BY sk"
                ))
                .map_err(backend)?;
            let mut rows = statement.query(params![pk, sk_prefix]).map_err(backend)?;
            let mut found = Vec::new();
            // Keys with the prefix are one contiguous run starting at the prefix itself.
            while let Some(row) = rows.next().map_err(backend)? {
                let sk: String = row.get(1).map_err(backend)?;
                if !sk.starts_with(sk_prefix) {
                    break;
                }
                found.push(item_from_row(row).map_err(backend)?);
            }
            found
        };
        rows.into_iter().map(parse_item).collect()
    }

    async fn query_due(&self, shard: &str, upto: &str, limit: usize) -> StoreResult<Vec<Item>> {
        checks::partition(shard)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = {
            let connection = self.lock()?;
            let mut statement = connection
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM items WHERE due_pk = ?1 AND due_sk <= ?2 \
                     ORDER BY due_sk, pk, sk LIMIT ?3"
                ))
                .map_err(backend)?;
            statement
                .query_map(params![shard, upto, limit], item_from_row)
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(backend)?
        };
        rows.into_iter().map(parse_item).collect()
    }

    async fn write(&self, writes: Vec<Write>) -> StoreResult<()> {
        checks::writes(&writes)?;
        if writes.is_empty() {
            return Ok(());
        }
        let mut connection = self.lock()?;
        // IMMEDIATE takes the write lock up front, so the condition checks and the writes see
        // the same state even with another process on the same file.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        for write in &writes {
            if !apply(&transaction, write)? {
                // Dropping the transaction rolls back whatever this batch already wrote.
                return Err(StoreError::ConditionFailed);
            }
        }
        transaction.commit().map_err(backend)
    }

    /// Copies the write-ahead log into the database and empties it (TRUNCATE), then rebuilds
    /// the file (VACUUM): no page of a deleted item is left in either file.
    async fn compact(&self) -> StoreResult<()> {
        let connection = self.lock()?;
        connection
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(backend)?;
        connection.execute_batch("VACUUM").map_err(backend)?;
        connection
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_store_runs_in_wal_mode_and_keeps_its_items() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("mentormail.sqlite");
        let key = Key::new("PERSON#a@example.org", "PROFILE");
        {
            let store = EmbeddedStore::open(&path).expect("open");
            let mode: String = store
                .lock()
                .expect("lock")
                .query_row("PRAGMA journal_mode", [], |row| row.get(0))
                .expect("journal mode");
            assert_eq!(mode.to_ascii_lowercase(), "wal");
            let mut body = Map::new();
            body.insert("name".into(), Value::String("Ada".into()));
            let item = Item {
                key: key.clone(),
                due: None,
                expires_at: None,
                body,
            };
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("runtime");
            runtime
                .block_on(store.write(vec![Write::Put {
                    item,
                    condition: Condition::None,
                }]))
                .expect("write");
        }
        let reopened = EmbeddedStore::open(&path).expect("reopen");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let item = runtime
            .block_on(reopened.get(&key))
            .expect("get")
            .expect("item kept");
        assert_eq!(item.body["name"], "Ada");
    }

    #[test]
    fn purge_expired_removes_only_items_past_their_expiry() {
        let store = EmbeddedStore::open_in_memory().expect("open");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let item = |sk: &str, expires_at: Option<i64>| Write::Put {
            item: Item {
                key: Key::new("INBOUND#x", sk),
                due: None,
                expires_at,
                body: Map::new(),
            },
            condition: Condition::None,
        };
        runtime
            .block_on(store.write(vec![
                item("EXPIRED", Some(100)),
                item("AT-NOW", Some(200)),
                item("LATER", Some(300)),
                item("FOREVER", None),
            ]))
            .expect("write");
        assert_eq!(store.purge_expired(200).expect("purge"), 2);
        let left = runtime
            .block_on(store.query("INBOUND#x", ""))
            .expect("query");
        let left: Vec<&str> = left.iter().map(|item| item.key.sk.as_str()).collect();
        assert_eq!(left, ["FOREVER", "LATER"]);
    }

    #[test]
    fn a_corrupt_body_is_an_error_not_a_panic() {
        let store = EmbeddedStore::open_in_memory().expect("open");
        store
            .lock()
            .expect("lock")
            .execute(
                "INSERT INTO items (pk, sk, body) VALUES ('P', 'S', 'not json')",
                [],
            )
            .expect("raw insert");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let result = runtime.block_on(store.get(&Key::new("P", "S")));
        assert!(matches!(result, Err(StoreError::Invalid(_))));
    }
}
