//! Daily allowances: at most so many of something per person and day (acknowledgements of a
//! mentor's notes, so that a forwarding rule that sends each acknowledgement back to the notes
//! address cannot make a mail loop). One counter item per person, kind and day, raised with a
//! write conditional on the count read, so two deliveries at once never both take the last one.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::super::records::{keys, to_item};
use super::super::{Condition, Store, StoreResult, Write};
use super::Repo;
use crate::domain::Email;

/// The counter of one person, kind and day. The count is a string so that the store can compare
/// it in a condition (`Condition::FieldIs`).
#[derive(Debug, Serialize, Deserialize)]
struct Allowance {
    used: String,
}

/// How often a raise is tried when another delivery raised the same counter in between.
const ATTEMPTS: usize = 3;

/// Counters are kept a little longer than their day, then expire.
const KEEP_SECONDS: i64 = 3 * 24 * 3600;

impl<S: Store> Repo<S> {
    /// Take one of `limit` allowances of `what` for `who` on `day`: `true` when one was left
    /// (and is now used), `false` when the day's allowance is spent.
    pub async fn take_allowance(
        &self,
        who: &Email,
        what: &str,
        day: Date,
        limit: u32,
        at: Timestamp,
    ) -> StoreResult<bool> {
        let key = keys::allowance(who.as_str(), what, &day.to_string());
        for _ in 0..ATTEMPTS {
            let read = self.store.get(&key).await?;
            let used: Option<String> = read
                .as_ref()
                .and_then(|item| item.body.get("used"))
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            let count: u32 = used.as_deref().and_then(|u| u.parse().ok()).unwrap_or(0);
            if count >= limit {
                return Ok(false);
            }
            let item = to_item(
                key.clone(),
                "allowance",
                &Allowance {
                    used: (count + 1).to_string(),
                },
                None,
                Some(at.as_second() + KEEP_SECONDS),
            )?;
            let condition = match (&read, used) {
                (None, _) => Condition::NotExists,
                (Some(_), value) => Condition::FieldIs {
                    field: "used".into(),
                    value,
                },
            };
            match self.store.write(vec![Write::Put { item, condition }]).await {
                Ok(()) => return Ok(true),
                Err(super::super::StoreError::ConditionFailed) => continue,
                Err(e) => return Err(e),
            }
        }
        // Contended every time: many deliveries at once, which is what the allowance is for.
        Ok(false)
    }
}
