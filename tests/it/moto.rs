//! Shared helpers for the integration tests that talk to moto server.
//!
//! `scripts/test` starts moto and sets `MENTORMAIL_TEST_ENDPOINT`; these helpers only read that
//! variable. Every test makes its own table and bucket (unique names), because tests run in
//! parallel and moto's reset is global.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::config::Credentials;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};
use mentormail::store::dynamodb::DynamoStore;
use yaml_rust2::{Yaml, YamlLoader};

pub const TEST_ENDPOINT_ENV: &str = mentormail::clients::TEST_ENDPOINT_ENV;
pub const TEST_REGION: &str = "us-east-1";
const TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/template.yaml");

/// The moto server endpoint, e.g. `http://127.0.0.1:5055`.
pub fn endpoint() -> String {
    match std::env::var(TEST_ENDPOINT_ENV) {
        Ok(value) if !value.trim().is_empty() => value.trim().trim_end_matches('/').to_owned(),
        _ => panic!(
            "{TEST_ENDPOINT_ENV} is not set: these tests need moto server. Run `./scripts/test`, \
             which starts moto and sets it (or start `python -m moto.server -p PORT` yourself and \
             export {TEST_ENDPOINT_ENV}=http://127.0.0.1:PORT)."
        ),
    }
}

/// SDK configuration for moto: fixed test credentials and region, the endpoint override, and
/// the production HTTP client from `mentormail::aws`.
pub async fn sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(mentormail::clients::http_client())
        .endpoint_url(endpoint())
        .region(Region::new(TEST_REGION))
        .credentials_provider(Credentials::new("test", "test", None, None, "moto-test"))
        .load()
        .await
}

/// A name no other test (in this or another test process) uses: lower case letters, digits and
/// hyphens, so it is valid for tables and buckets alike.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The `Properties` of `template.yaml`'s `Table` resource.
fn table_properties() -> Yaml {
    let text = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
    let mut documents = YamlLoader::load_from_str(&text).expect("template.yaml is YAML");
    let template = documents.remove(0);
    let table = &template["Resources"]["Table"];
    assert_eq!(
        table["Type"].as_str(),
        Some("AWS::DynamoDB::Table"),
        "template.yaml has no DynamoDB resource named Table"
    );
    table["Properties"].clone()
}

fn text<'a>(node: &'a Yaml, field: &str) -> &'a str {
    node[field]
        .as_str()
        .unwrap_or_else(|| panic!("template.yaml: {field} missing or not a string in {node:?}"))
}

fn list<'a>(node: &'a Yaml, field: &str) -> &'a [Yaml] {
    node[field]
        .as_vec()
        .unwrap_or_else(|| panic!("template.yaml: {field} missing or not a list in {node:?}"))
}

fn key_schema(node: &Yaml) -> Vec<KeySchemaElement> {
    list(node, "KeySchema")
        .iter()
        .map(|element| {
            KeySchemaElement::builder()
                .attribute_name(text(element, "AttributeName"))
                .key_type(KeyType::from(text(element, "KeyType")))
                .build()
                .expect("key schema element")
        })
        .collect()
}

/// Creates a table named uniquely from `template.yaml`'s own definition (keys, attributes,
/// global secondary indexes, billing mode, TTL) and returns its name.
pub async fn create_table(client: &aws_sdk_dynamodb::Client) -> String {
    let properties = table_properties();
    let name = unique_name("mentormail-test");
    let attributes = list(&properties, "AttributeDefinitions")
        .iter()
        .map(|definition| {
            AttributeDefinition::builder()
                .attribute_name(text(definition, "AttributeName"))
                .attribute_type(ScalarAttributeType::from(text(definition, "AttributeType")))
                .build()
                .expect("attribute definition")
        })
        .collect();
    let indexes = properties["GlobalSecondaryIndexes"]
        .as_vec()
        .map(|indexes| {
            indexes
                .iter()
                .map(|index| {
                    let projection = &index["Projection"];
                    let non_key = projection["NonKeyAttributes"].as_vec().map(|names| {
                        names
                            .iter()
                            .filter_map(|name| name.as_str().map(str::to_owned))
                            .collect()
                    });
                    GlobalSecondaryIndex::builder()
                        .index_name(text(index, "IndexName"))
                        .set_key_schema(Some(key_schema(index)))
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::from(text(
                                    projection,
                                    "ProjectionType",
                                )))
                                .set_non_key_attributes(non_key)
                                .build(),
                        )
                        .build()
                        .expect("global secondary index")
                })
                .collect()
        });
    client
        .create_table()
        .table_name(&name)
        .set_attribute_definitions(Some(attributes))
        .set_key_schema(Some(key_schema(&properties)))
        .set_global_secondary_indexes(indexes)
        .billing_mode(BillingMode::from(text(&properties, "BillingMode")))
        .send()
        .await
        .expect("CreateTable on moto");

    let ttl = &properties["TimeToLiveSpecification"];
    if let Some(attribute) = ttl["AttributeName"].as_str() {
        client
            .update_time_to_live()
            .table_name(&name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .attribute_name(attribute)
                    .enabled(ttl["Enabled"].as_bool().unwrap_or(true))
                    .build()
                    .expect("TTL specification"),
            )
            .send()
            .await
            .expect("UpdateTimeToLive on moto");
    }
    name
}

/// A `DynamoStore` on a fresh table of its own.
pub async fn dynamo_store() -> DynamoStore {
    let client = mentormail::clients::dynamodb_client(&sdk_config().await);
    let table = create_table(&client).await;
    DynamoStore::new(client, table)
}

/// Creates a bucket with a unique name and returns the name.
pub async fn create_bucket(client: &aws_sdk_s3::Client) -> String {
    let name = unique_name("mentormail-test");
    client
        .create_bucket()
        .bucket(&name)
        .send()
        .await
        .expect("CreateBucket on moto");
    name
}

/// Verifies a sending identity (an address or a domain), as SES requires before sending.
pub async fn verify_identity(client: &aws_sdk_sesv2::Client, identity: &str) {
    client
        .create_email_identity()
        .email_identity(identity)
        .send()
        .await
        .expect("CreateEmailIdentity on moto");
}

/// One raw mail moto recorded as sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct SentRawMessage {
    pub id: String,
    pub source: String,
    pub destinations: Vec<String>,
    pub raw_data: String,
}

/// Everything moto has recorded as sent with Raw content (all tests share this list; pick
/// yours by message id or recipient).
pub fn sent_raw_messages() -> Vec<SentRawMessage> {
    let state = http_get_json("/moto-api/data.json");
    let messages = state["ses"]["RawMessage"].clone();
    if messages.is_null() {
        return Vec::new();
    }
    serde_json::from_value(messages).expect("moto's ses.RawMessage entries")
}

/// The raw mail moto recorded under SES message id `id`, if any.
pub fn sent_raw_message(id: &str) -> Option<SentRawMessage> {
    sent_raw_messages()
        .into_iter()
        .find(|message| message.id == id)
}

/// A GET of moto's JSON at `path`, tried again when moto fails to serialise its own state.
///
/// moto builds `/moto-api/data.json` by checking that each model attribute serialises and then
/// serialising all of them again; a test writing to its own DynamoDB table in between can make
/// the second pass fail with a 500. All tests share one moto server and run in parallel, so a
/// test reading the sent mail retries instead of failing for another test's write.
fn http_get_json(path: &str) -> serde_json::Value {
    const ATTEMPTS: u32 = 5;
    for attempt in 1..=ATTEMPTS {
        match http_get_json_once(path) {
            Ok(json) => return json,
            Err(status) if attempt < ATTEMPTS && status.contains(" 500 ") => {
                std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
            }
            Err(status) => panic!("GET {path} from moto: {status}"),
        }
    }
    unreachable!("the last attempt returns or panics")
}

/// A plain HTTP/1.0 GET to moto (no chunked encoding, the server closes the connection); the
/// JSON body, or the status line when it is not 200.
fn http_get_json_once(path: &str) -> Result<serde_json::Value, String> {
    let base = endpoint();
    let authority = base
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("{TEST_ENDPOINT_ENV} must be an http:// URL, got {base}"));
    let authority = authority.split('/').next().unwrap_or(authority);
    let mut stream = TcpStream::connect(authority)
        .unwrap_or_else(|e| panic!("connecting to moto at {authority}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\n\r\n"
    )
    .expect("send request to moto");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read moto's response");
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("HTTP response with a header block");
    let head = String::from_utf8_lossy(&response[..split]);
    let status_line = head.lines().next().unwrap_or_default();
    if !(status_line.starts_with("HTTP/1.0 200") || status_line.starts_with("HTTP/1.1 200")) {
        return Err(status_line.to_owned());
    }
    Ok(serde_json::from_slice(&response[split + 4..]).expect("JSON from moto"))
}

/// Creates a queue named uniquely with the attributes of `template.yaml`'s `SendQueue` (FIFO,
/// deduplication, visibility) and returns its URL.
pub async fn create_send_queue(client: &aws_sdk_sqs::Client) -> String {
    use aws_sdk_sqs::types::QueueAttributeName;
    let text = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
    let template = YamlLoader::load_from_str(&text)
        .expect("template.yaml is YAML")
        .remove(0);
    let properties = &template["Resources"]["SendQueue"]["Properties"];
    let value = |node: &Yaml| match node {
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Integer(n) => n.to_string(),
        Yaml::String(s) => s.clone(),
        other => panic!("SendQueue attribute {other:?}"),
    };
    let mut request = client
        .create_queue()
        .queue_name(format!("{}.fifo", unique_name("send")));
    for (name, attribute) in [
        ("FifoQueue", QueueAttributeName::FifoQueue),
        (
            "ContentBasedDeduplication",
            QueueAttributeName::ContentBasedDeduplication,
        ),
        ("DeduplicationScope", QueueAttributeName::DeduplicationScope),
        (
            "FifoThroughputLimit",
            QueueAttributeName::FifoThroughputLimit,
        ),
        ("VisibilityTimeout", QueueAttributeName::VisibilityTimeout),
        (
            "MessageRetentionPeriod",
            QueueAttributeName::MessageRetentionPeriod,
        ),
    ] {
        let node = &properties[name];
        assert!(!node.is_badvalue(), "SendQueue has no {name}");
        request = request.attributes(attribute, value(node));
    }
    request
        .send()
        .await
        .expect("CreateQueue on moto")
        .queue_url
        .expect("queue URL")
}

/// Everything on the queue now, as the Lambda SQS event source would hand it over.
pub async fn drain(
    client: &aws_sdk_sqs::Client,
    url: &str,
) -> aws_lambda_events::event::sqs::SqsEvent {
    let mut event = aws_lambda_events::event::sqs::SqsEvent::default();
    loop {
        let output = client
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .send()
            .await
            .expect("ReceiveMessage on moto");
        let messages = output.messages.unwrap_or_default();
        if messages.is_empty() {
            return event;
        }
        for message in messages {
            client
                .delete_message()
                .queue_url(url)
                .receipt_handle(message.receipt_handle().unwrap_or_default())
                .send()
                .await
                .expect("DeleteMessage on moto");
            let mut record = aws_lambda_events::event::sqs::SqsMessage::default();
            record.message_id = message.message_id;
            record.body = message.body;
            event.records.push(record);
        }
    }
}

/// Deletes a test's table: the other tests share moto and read its whole state now and then,
/// so it is best left small.
pub async fn delete_table(client: &aws_sdk_dynamodb::Client, table: &str) {
    client
        .delete_table()
        .table_name(table)
        .send()
        .await
        .expect("delete the test's table");
}
