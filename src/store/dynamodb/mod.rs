//! DynamoDB adapter: one table (the README's data model), keys and the `due` index attributes at the
//! top level of each item, the body's fields beside them through `serde_dynamo`.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue, Delete, Put, PutRequest, TransactWriteItem, Update, WriteRequest,
};
use serde_json::{Map, Value};

use super::{Due, Item, Key, Store, StoreError, StoreResult, Write, attr, checks};

mod expressions;

use expressions::{DUE_PK_NAME, DUE_SK_NAME, condition_expression, set_due_expression};

/// `BatchWriteItem` takes at most 25 puts.
const PUTS_PER_BATCH: usize = 25;
/// Unprocessed items are sent again up to this many times, the pauses doubling from the first
/// (50 ms .. 6.4 s, about 13 s in all).
const UNPROCESSED_RETRIES: u32 = 8;
const UNPROCESSED_FIRST_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

type Attributes = HashMap<String, AttributeValue>;

/// The production store: a DynamoDB table shaped like `template.yaml`'s `Table`.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    pub client: aws_sdk_dynamodb::Client,
    pub table: String,
}

impl DynamoStore {
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn string(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn key_attributes(key: &Key) -> Attributes {
    HashMap::from([
        (attr::PK.to_owned(), string(&key.pk)),
        (attr::SK.to_owned(), string(&key.sk)),
    ])
}

/// The full attribute map of an item: body fields, keys, due index place and expiry.
pub fn to_attributes(item: &Item) -> StoreResult<Attributes> {
    let mut attributes: Attributes = serde_dynamo::to_item(&item.body)
        .map_err(|e| StoreError::Invalid(format!("body not storable: {e}")))?;
    attributes.extend(key_attributes(&item.key));
    if let Some(due) = &item.due {
        attributes.insert(attr::DUE_PK.to_owned(), string(&due.shard));
        attributes.insert(attr::DUE_SK.to_owned(), string(&due.at));
    }
    if let Some(expires_at) = item.expires_at {
        attributes.insert(
            attr::EXPIRES_AT.to_owned(),
            AttributeValue::N(expires_at.to_string()),
        );
    }
    Ok(attributes)
}

fn take_string(attributes: &mut Attributes, name: &str) -> StoreResult<Option<String>> {
    match attributes.remove(name) {
        None => Ok(None),
        Some(AttributeValue::S(value)) => Ok(Some(value)),
        Some(other) => Err(StoreError::Invalid(format!(
            "attribute {name} is not a string: {other:?}"
        ))),
    }
}

/// The item an attribute map read from the table stands for.
pub fn from_attributes(mut attributes: Attributes) -> StoreResult<Item> {
    let missing = |name: &str| StoreError::Invalid(format!("stored item without {name}"));
    let pk = take_string(&mut attributes, attr::PK)?.ok_or_else(|| missing(attr::PK))?;
    let sk = take_string(&mut attributes, attr::SK)?.ok_or_else(|| missing(attr::SK))?;
    let due_pk = take_string(&mut attributes, attr::DUE_PK)?;
    let due_sk = take_string(&mut attributes, attr::DUE_SK)?;
    let due = match (due_pk, due_sk) {
        (Some(shard), Some(at)) => Some(Due { shard, at }),
        _ => None,
    };
    let expires_at = match attributes.remove(attr::EXPIRES_AT) {
        None => None,
        Some(AttributeValue::N(number)) => Some(number.parse::<i64>().map_err(|e| {
            StoreError::Invalid(format!(
                "{} is not an integer: {number}: {e}",
                attr::EXPIRES_AT
            ))
        })?),
        Some(other) => {
            return Err(StoreError::Invalid(format!(
                "{} is not a number: {other:?}",
                attr::EXPIRES_AT
            )));
        }
    };
    let body: Map<String, Value> = serde_dynamo::from_item(attributes)
        .map_err(|e| StoreError::Invalid(format!("body of ({pk}, {sk}) not readable: {e}")))?;
    Ok(Item {
        key: Key { pk, sk },
        due,
        expires_at,
        body,
    })
}

fn backend_error<E, R>(operation: &str, error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    StoreError::Backend(format!("{operation}: {}", DisplayErrorContext(&error)))
}

/// Maps a failed single-item write: a failed condition is `ConditionFailed`, the rest backend.
fn single_write_error<E, R>(operation: &str, error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + ProvideErrorMetadata + 'static,
    R: std::fmt::Debug,
{
    if let SdkError::ServiceError(failure) = &error
        && failure.err().code() == Some("ConditionalCheckFailedException")
    {
        return StoreError::ConditionFailed;
    }
    backend_error(operation, error)
}

fn transaction_error<R: std::fmt::Debug>(
    error: SdkError<TransactWriteItemsError, R>,
) -> StoreError {
    if let SdkError::ServiceError(failure) = &error
        && let TransactWriteItemsError::TransactionCanceledException(cancelled) = failure.err()
        && cancelled
            .cancellation_reasons()
            .iter()
            .any(|reason| reason.code() == Some("ConditionalCheckFailed"))
    {
        return StoreError::ConditionFailed;
    }
    backend_error("TransactWriteItems", error)
}

impl DynamoStore {
    /// One `BatchWriteItem`, sending what DynamoDB left unprocessed (it does so when throttled)
    /// again after a growing pause.
    async fn batch_write(&self, requests: Vec<WriteRequest>) -> StoreResult<()> {
        let mut pending = HashMap::from([(self.table.clone(), requests)]);
        for attempt in 0..=UNPROCESSED_RETRIES {
            if attempt > 0 {
                let pause = UNPROCESSED_FIRST_PAUSE * 2u32.pow(attempt - 1);
                tokio::time::sleep(pause).await;
            }
            let output = self
                .client
                .batch_write_item()
                .set_request_items(Some(pending))
                .send()
                .await
                .map_err(|e| backend_error("BatchWriteItem", e))?;
            match output.unprocessed_items {
                Some(left) if left.values().any(|requests| !requests.is_empty()) => pending = left,
                _ => return Ok(()),
            }
        }
        Err(StoreError::Backend(format!(
            "BatchWriteItem: items still unprocessed after {UNPROCESSED_RETRIES} retries"
        )))
    }

    async fn write_one(&self, write: Write) -> StoreResult<()> {
        match write {
            Write::Put { item, condition } => {
                let expression = condition_expression(&condition, false);
                self.client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(to_attributes(&item)?))
                    .set_condition_expression(expression.text.clone())
                    .set_expression_attribute_names(expression.names())
                    .set_expression_attribute_values(expression.values())
                    .send()
                    .await
                    .map_err(|e| single_write_error("PutItem", e))?;
            }
            Write::SetDue {
                key,
                due,
                condition,
            } => {
                let mut expression = condition_expression(&condition, true);
                let update = set_due_expression(due.as_ref(), &mut expression);
                self.client
                    .update_item()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .update_expression(update)
                    .set_condition_expression(expression.text.clone())
                    .set_expression_attribute_names(expression.names())
                    .set_expression_attribute_values(expression.values())
                    .send()
                    .await
                    .map_err(|e| single_write_error("UpdateItem", e))?;
            }
            Write::Delete { key } => {
                self.client
                    .delete_item()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .send()
                    .await
                    .map_err(|e| single_write_error("DeleteItem", e))?;
            }
        }
        Ok(())
    }

    fn transact_item(&self, write: Write) -> StoreResult<TransactWriteItem> {
        let built = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Invalid(e.to_string());
        let action = match write {
            Write::Put { item, condition } => {
                let expression = condition_expression(&condition, false);
                let put = Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_attributes(&item)?))
                    .set_condition_expression(expression.text.clone())
                    .set_expression_attribute_names(expression.names())
                    .set_expression_attribute_values(expression.values())
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().put(put)
            }
            Write::SetDue {
                key,
                due,
                condition,
            } => {
                let mut expression = condition_expression(&condition, true);
                let update_expression = set_due_expression(due.as_ref(), &mut expression);
                let update = Update::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .update_expression(update_expression)
                    .set_condition_expression(expression.text.clone())
                    .set_expression_attribute_names(expression.names())
                    .set_expression_attribute_values(expression.values())
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().update(update)
            }
            Write::Delete { key } => {
                let delete = Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attributes(&key)))
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().delete(delete)
            }
        };
        Ok(action.build())
    }
}

impl Store for DynamoStore {
    async fn get(&self, key: &Key) -> StoreResult<Option<Item>> {
        checks::key(key)?;
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attributes(key)))
            // Claims read then write conditionally; a stale read would only cost a failed
            // condition, but strong reads keep the CLI's read-after-write obvious.
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| backend_error("GetItem", e))?;
        output.item.map(from_attributes).transpose()
    }

    async fn get_many(&self, keys: &[Key]) -> StoreResult<Vec<Option<Item>>> {
        if keys.is_empty() {
            // DynamoDB refuses a batch without keys.
            return Ok(Vec::new());
        }
        let mut unique: Vec<&Key> = Vec::new();
        for key in keys {
            checks::key(key)?;
            if !unique.contains(&key) {
                unique.push(key);
            }
        }
        if unique.len() > 100 {
            return Err(StoreError::Invalid(format!(
                "{} keys in one batch read; the limit is 100",
                unique.len()
            )));
        }
        let mut found: HashMap<(String, String), Item> = HashMap::new();
        let mut request = aws_sdk_dynamodb::types::KeysAndAttributes::builder()
            .set_keys(Some(unique.iter().map(|k| key_attributes(k)).collect()))
            .consistent_read(true)
            .build()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        // DynamoDB may leave keys unprocessed under load: ask again for those, a few times.
        for _ in 0..5 {
            let output = self
                .client
                .batch_get_item()
                .request_items(&self.table, request)
                .send()
                .await
                .map_err(|e| backend_error("BatchGetItem", e))?;
            for attributes in output
                .responses
                .and_then(|mut r| r.remove(&self.table))
                .unwrap_or_default()
            {
                let item = from_attributes(attributes)?;
                found.insert((item.key.pk.clone(), item.key.sk.clone()), item);
            }
            match output
                .unprocessed_keys
                .and_then(|mut u| u.remove(&self.table))
                .filter(|k| !k.keys.is_empty())
            {
                Some(rest) => request = rest,
                None => {
                    return Ok(keys
                        .iter()
                        .map(|k| found.get(&(k.pk.clone(), k.sk.clone())).cloned())
                        .collect());
                }
            }
        }
        Err(StoreError::Backend(
            "BatchGetItem left keys unprocessed after retries".into(),
        ))
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> StoreResult<Vec<Item>> {
        checks::partition(pk)?;
        let mut values = HashMap::from([(":pk".to_owned(), string(pk))]);
        let key_condition = if sk_prefix.is_empty() {
            // DynamoDB refuses an empty string in a key condition; no prefix means the partition.
            "#pk = :pk".to_owned()
        } else {
            values.insert(":prefix".to_owned(), string(sk_prefix));
            "#pk = :pk AND begins_with(#sk, :prefix)".to_owned()
        };
        let mut names = HashMap::from([("#pk".to_owned(), attr::PK.to_owned())]);
        if !sk_prefix.is_empty() {
            names.insert("#sk".to_owned(), attr::SK.to_owned());
        }
        let pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression(key_condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(Some(values))
            .consistent_read(true)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| backend_error("Query", e))?;
        pages.into_iter().map(from_attributes).collect()
    }

    async fn query_due(&self, shard: &str, upto: &str, limit: usize) -> StoreResult<Vec<Item>> {
        checks::partition(shard)?;
        if limit == 0 || upto.is_empty() {
            // No stored `due_sk` is empty, so nothing sorts at or before "".
            return Ok(Vec::new());
        }
        let names = HashMap::from([
            (DUE_PK_NAME.to_owned(), attr::DUE_PK.to_owned()),
            (DUE_SK_NAME.to_owned(), attr::DUE_SK.to_owned()),
        ]);
        let values = HashMap::from([
            (":shard".to_owned(), string(shard)),
            (":upto".to_owned(), string(upto)),
        ]);
        let mut found = Vec::new();
        let mut start_key: Option<Attributes> = None;
        // `Limit` caps one page; a page also ends at 1 MB, so keep asking until `limit` items
        // or the end of the range.
        loop {
            let remaining = i32::try_from(limit - found.len()).unwrap_or(i32::MAX);
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(attr::DUE_INDEX)
                .key_condition_expression(format!(
                    "{DUE_PK_NAME} = :shard AND {DUE_SK_NAME} <= :upto"
                ))
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .limit(remaining)
                .set_exclusive_start_key(start_key.take())
                .send()
                .await
                .map_err(|e| backend_error("Query due", e))?;
            for attributes in output.items.unwrap_or_default() {
                found.push(from_attributes(attributes)?);
            }
            match output.last_evaluated_key {
                Some(last) if !last.is_empty() && found.len() < limit => start_key = Some(last),
                _ => break,
            }
        }
        found.truncate(limit);
        Ok(found)
    }

    async fn put_all(&self, items: Vec<Item>) -> StoreResult<()> {
        let mut requests = Vec::with_capacity(items.len());
        for item in &items {
            checks::item(item)?;
            let put = PutRequest::builder()
                .set_item(Some(to_attributes(item)?))
                .build()
                .map_err(|e| StoreError::Invalid(format!("put request: {e}")))?;
            requests.push(WriteRequest::builder().put_request(put).build());
        }
        for batch in requests.chunks(PUTS_PER_BATCH) {
            self.batch_write(batch.to_vec()).await?;
        }
        Ok(())
    }

    async fn write(&self, writes: Vec<Write>) -> StoreResult<()> {
        checks::writes(&writes)?;
        match writes.len() {
            0 => Ok(()),
            1 => {
                let write = writes.into_iter().next().expect("length checked");
                self.write_one(write).await
            }
            _ => {
                let items = writes
                    .into_iter()
                    .map(|write| self.transact_item(write))
                    .collect::<StoreResult<Vec<_>>>()?;
                self.client
                    .transact_write_items()
                    .set_transact_items(Some(items))
                    .send()
                    .await
                    .map_err(transaction_error)?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sample_item() -> Item {
        let Value::Object(body) = json!({
            "title": "Prioritisation — “tradeoffs” 🎯",
            "count": 3,
            "ratio": 0.25,
            "done": false,
            "none": null,
            "tags": ["a", "b"],
            "nested": {"deeper": {"list": [1, {"x": "y"}]}},
        }) else {
            unreachable!("a JSON object literal")
        };
        Item {
            key: Key::new("MENTORSHIP#m1", "GOAL#g1"),
            due: Some(Due {
                shard: "DUE#3".into(),
                at: "2026-11-26T14:00:00Z#goal".into(),
            }),
            expires_at: Some(1_800_000_000),
            body,
        }
    }

    #[test]
    fn items_round_trip_through_attribute_maps() {
        let item = sample_item();
        let attributes = to_attributes(&item).expect("storable");
        assert_eq!(attributes[attr::PK], string("MENTORSHIP#m1"));
        assert_eq!(attributes[attr::DUE_PK], string("DUE#3"));
        assert_eq!(
            attributes[attr::EXPIRES_AT],
            AttributeValue::N("1800000000".into())
        );
        assert_eq!(from_attributes(attributes).expect("readable"), item);
    }

    #[test]
    fn a_stored_item_without_keys_is_invalid_not_a_panic() {
        let attributes = HashMap::from([("title".to_owned(), string("x"))]);
        assert!(matches!(
            from_attributes(attributes),
            Err(StoreError::Invalid(_))
        ));
        let wrong_type = HashMap::from([
            (attr::PK.to_owned(), AttributeValue::N("1".into())),
            (attr::SK.to_owned(), string("x")),
        ]);
        assert!(matches!(
            from_attributes(wrong_type),
            Err(StoreError::Invalid(_))
        ));
    }
}
