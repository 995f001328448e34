//! `template.yaml` against the code: what can be checked without an AWS account.
//!
//! The linters (`sam validate --lint`, `cfn-lint`, `checkov`, run by `scripts/test`) check the
//! template against AWS's rules; these tests check it against *this* code: the table's keys,
//! index and TTL are the names in `mentormail::store::attr`, the functions build the one binary
//! Cargo.toml declares, with Handlers it serves, their environment is exactly what the code reads, the receipt rule
//! stores mail where the inbound function looks for it, and the IAM policies name their
//! resources. One test creates the table from the template on moto server and reads it back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aws_sdk_dynamodb::types::{AttributeValue, KeyType, ProjectionType};
use mentormail::store::attr;
use yaml_rust2::{Yaml, YamlLoader};

use crate::moto;

const TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/template.yaml");

/// Variables the code reads that only make sense locally or in tests; a deployed function must
/// never get them (the token secret itself, a clock override, the local data folder, moto).
const LOCAL_ONLY_VARIABLES: [&str; 5] = [
    "MENTORMAIL_TOKEN_SECRET",
    "MENTORMAIL_TOKEN_SECRET_PREVIOUS",
    "MENTORMAIL_NOW",
    "MENTORMAIL_DATA",
    "MENTORMAIL_TEST_ENDPOINT",
];

/// Read only by the admin CLI (`replay-failed`); the stack's outputs name their values.
const ADMIN_CLI_VARIABLES: [&str; 2] = [
    "MENTORMAIL_FAILED_QUEUE_URL",
    "MENTORMAIL_SEND_DEAD_LETTER_QUEUE_URL",
];

/// The template as YAML. Intrinsic-function tags (`!Ref X`, `!Sub "..."`, `!GetAtt A.B`) are
/// dropped by the reader and leave their argument, which is what these checks compare.
fn template() -> Yaml {
    let text = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
    let mut documents = YamlLoader::load_from_str(&text).expect("template.yaml is YAML");
    assert_eq!(documents.len(), 1, "template.yaml holds one document");
    documents.remove(0)
}

fn resources_of_type<'a>(template: &'a Yaml, kind: &str) -> Vec<(&'a str, &'a Yaml)> {
    template["Resources"]
        .as_hash()
        .expect("Resources is a mapping")
        .iter()
        .filter(|(_, resource)| resource["Type"].as_str() == Some(kind))
        .map(|(name, resource)| (name.as_str().expect("resource names are strings"), resource))
        .collect()
}

fn resource<'a>(template: &'a Yaml, name: &str) -> &'a Yaml {
    let found = &template["Resources"][name];
    assert!(!found.is_badvalue(), "template.yaml has no resource {name}");
    found
}

fn strings(node: &Yaml) -> Vec<&str> {
    node.as_vec()
        .unwrap_or_else(|| panic!("expected a list, found {node:?}"))
        .iter()
        .map(|item| {
            item.as_str()
                .unwrap_or_else(|| panic!("expected a string, found {item:?}"))
        })
        .collect()
}

/// `(AttributeName, KeyType)` pairs of a `KeySchema`.
fn key_schema(node: &Yaml) -> Vec<(&str, &str)> {
    node["KeySchema"]
        .as_vec()
        .expect("KeySchema is a list")
        .iter()
        .map(|element| {
            (
                element["AttributeName"].as_str().expect("AttributeName"),
                element["KeyType"].as_str().expect("KeyType"),
            )
        })
        .collect()
}

/// The environment a function gets: `Globals.Function.Environment` merged with its own, as
/// SAM merges them.
fn function_environment<'a>(template: &'a Yaml, function: &'a Yaml) -> BTreeMap<&'a str, &'a Yaml> {
    let mut variables = BTreeMap::new();
    for source in [
        &template["Globals"]["Function"]["Environment"]["Variables"],
        &function["Properties"]["Environment"]["Variables"],
    ] {
        if let Some(hash) = source.as_hash() {
            for (name, value) in hash {
                variables.insert(name.as_str().expect("variable names are strings"), value);
            }
        }
    }
    variables
}

/// A function property, from the function or else from `Globals.Function`.
fn function_property<'a>(template: &'a Yaml, function: &'a Yaml, property: &str) -> &'a Yaml {
    let own = &function["Properties"][property];
    if own.is_badvalue() {
        &template["Globals"]["Function"][property]
    } else {
        own
    }
}

/// Binary names declared by `[[bin]]` sections of Cargo.toml.
fn cargo_binaries() -> BTreeSet<String> {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("read Cargo.toml");
    let mut binaries = BTreeSet::new();
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin && let Some(value) = line.strip_prefix("name") {
            let name = value
                .trim_start()
                .trim_start_matches('=')
                .trim()
                .trim_matches('"');
            binaries.insert(name.to_owned());
        }
    }
    binaries
}

/// Every `"MENTORMAIL_…"` string literal in `src/`: the variables the code reads.
fn variables_in_source() -> BTreeSet<String> {
    fn walk(dir: &Path, pattern: &regex::Regex, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("read src directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, pattern, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source file");
                found.extend(pattern.captures_iter(&text).map(|c| c[1].to_owned()));
            }
        }
    }
    let pattern = regex::Regex::new(r#""(MENTORMAIL_[A-Z0-9_]+)""#).expect("regex");
    let mut found = BTreeSet::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &pattern,
        &mut found,
    );
    found
}

#[test]
fn table_keys_index_and_ttl_are_the_code_attribute_names() {
    let template = template();
    let table = resource(&template, "Table");
    assert_eq!(table["Type"].as_str(), Some("AWS::DynamoDB::Table"));
    let properties = &table["Properties"];

    assert_eq!(
        key_schema(properties),
        [(attr::PK, "HASH"), (attr::SK, "RANGE")]
    );

    let indexes = properties["GlobalSecondaryIndexes"]
        .as_vec()
        .expect("the table has global secondary indexes");
    assert_eq!(indexes.len(), 1, "one index: due");
    let due = &indexes[0];
    assert_eq!(due["IndexName"].as_str(), Some(attr::DUE_INDEX));
    assert_eq!(
        key_schema(due),
        [(attr::DUE_PK, "HASH"), (attr::DUE_SK, "RANGE")]
    );
    // The scheduler renders and claims straight from the index entries.
    assert_eq!(due["Projection"]["ProjectionType"].as_str(), Some("ALL"));

    // Every key attribute is defined, as a string, and nothing else is (CloudFormation rejects
    // definitions no key uses).
    let definitions: BTreeMap<&str, &str> = properties["AttributeDefinitions"]
        .as_vec()
        .expect("AttributeDefinitions")
        .iter()
        .map(|d| {
            (
                d["AttributeName"].as_str().expect("AttributeName"),
                d["AttributeType"].as_str().expect("AttributeType"),
            )
        })
        .collect();
    let expected: BTreeMap<&str, &str> = [attr::PK, attr::SK, attr::DUE_PK, attr::DUE_SK]
        .into_iter()
        .map(|name| (name, "S"))
        .collect();
    assert_eq!(definitions, expected);

    let ttl = &properties["TimeToLiveSpecification"];
    assert_eq!(ttl["AttributeName"].as_str(), Some(attr::EXPIRES_AT));
    assert_eq!(ttl["Enabled"].as_bool(), Some(true));

    // Production data: recoverable, protected from deletion, encrypted.
    assert_eq!(
        properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool(),
        Some(true)
    );
    assert_eq!(
        properties["DeletionProtectionEnabled"].as_bool(),
        Some(true)
    );
    assert_eq!(
        properties["SSESpecification"]["SSEEnabled"].as_bool(),
        Some(true)
    );
    assert_eq!(table["DeletionPolicy"].as_str(), Some("Retain"));
    assert_eq!(table["UpdateReplacePolicy"].as_str(), Some("Retain"));
}

#[tokio::test]
async fn table_created_from_the_template_serves_the_code_keys_and_due_index() {
    let client = aws_sdk_dynamodb::Client::new(&moto::sdk_config().await);
    let table = moto::create_table(&client).await;

    let description = client
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .expect("DescribeTable on moto")
        .table
        .expect("table description");
    let keys: Vec<(String, KeyType)> = description
        .key_schema()
        .iter()
        .map(|k| (k.attribute_name().to_owned(), k.key_type().clone()))
        .collect();
    assert_eq!(
        keys,
        [
            (attr::PK.to_owned(), KeyType::Hash),
            (attr::SK.to_owned(), KeyType::Range)
        ]
    );
    let index = description
        .global_secondary_indexes()
        .iter()
        .find(|index| index.index_name() == Some(attr::DUE_INDEX))
        .expect("the due index exists on the created table");
    let index_keys: Vec<(String, KeyType)> = index
        .key_schema()
        .iter()
        .map(|k| (k.attribute_name().to_owned(), k.key_type().clone()))
        .collect();
    assert_eq!(
        index_keys,
        [
            (attr::DUE_PK.to_owned(), KeyType::Hash),
            (attr::DUE_SK.to_owned(), KeyType::Range)
        ]
    );
    assert_eq!(
        index.projection().and_then(|p| p.projection_type()),
        Some(&ProjectionType::All)
    );

    let ttl = client
        .describe_time_to_live()
        .table_name(&table)
        .send()
        .await
        .expect("DescribeTimeToLive on moto");
    assert_eq!(
        ttl.time_to_live_description()
            .and_then(|d| d.attribute_name()),
        Some(attr::EXPIRES_AT)
    );

    // An item written with the code's attribute names is found through the due index by the
    // range condition the scheduler uses (due_sk <= now), and one due later is not.
    let string = |value: &str| AttributeValue::S(value.to_owned());
    for (sk, due_at) in [
        ("GOAL#due", "2026-03-02T09:00:00Z#reminder"),
        ("GOAL#later", "2026-03-09T09:00:00Z#reminder"),
    ] {
        client
            .put_item()
            .table_name(&table)
            .item(attr::PK, string("MENTORSHIP#m1"))
            .item(attr::SK, string(sk))
            .item(attr::DUE_PK, string("DUE#3"))
            .item(attr::DUE_SK, string(due_at))
            .send()
            .await
            .expect("PutItem on moto");
    }
    let due = client
        .query()
        .table_name(&table)
        .index_name(attr::DUE_INDEX)
        .key_condition_expression("#shard = :shard AND #at <= :now")
        .expression_attribute_names("#shard", attr::DUE_PK)
        .expression_attribute_names("#at", attr::DUE_SK)
        .expression_attribute_values(":shard", string("DUE#3"))
        .expression_attribute_values(":now", string("2026-03-05T00:00:00Z"))
        .send()
        .await
        .expect("Query on the due index");
    let found: Vec<&AttributeValue> = due
        .items()
        .iter()
        .filter_map(|item| item.get(attr::SK))
        .collect();
    assert_eq!(found, [&string("GOAL#due")]);
}

#[test]
fn functions_build_the_declared_binaries_for_arm64_with_json_logs_and_failure_handling() {
    let template = template();
    let functions = resources_of_type(&template, "AWS::Serverless::Function");
    let builds: BTreeSet<(&str, &str)> = functions
        .iter()
        .map(|(name, function)| {
            let metadata = &function["Metadata"];
            assert_eq!(
                metadata["BuildMethod"].as_str(),
                Some("rust-cargolambda"),
                "{name}"
            );
            assert_eq!(
                function_property(&template, function, "Runtime").as_str(),
                Some("provided.al2023"),
                "{name}"
            );
            assert_eq!(
                strings(function_property(&template, function, "Architectures")),
                ["arm64"],
                "{name}"
            );
            let logging = &function["Properties"]["LoggingConfig"];
            assert_eq!(logging["LogFormat"].as_str(), Some("JSON"), "{name}");
            assert_eq!(
                logging["ApplicationLogLevel"].as_str(),
                Some("LogLevel"),
                "{name}: the log level comes from the LogLevel parameter"
            );
            let log_group = logging["LogGroup"]
                .as_str()
                .expect("a log group of its own");
            assert_eq!(
                resource(&template, log_group)["Type"].as_str(),
                Some("AWS::Logs::LogGroup"),
                "{name}"
            );

            // Failed events must land in a queue rather than vanish. Functions invoked
            // asynchronously (SES, EventBridge, SNS) have an on-failure destination; one fed by an
            // SQS event source has its queue's dead-letter queue instead.
            let sqs_sources: Vec<&Yaml> = function["Properties"]["Events"]
                .as_hash()
                .map(|events| {
                    events
                        .values()
                        .filter(|event| event["Type"].as_str() == Some("SQS"))
                        .collect()
                })
                .unwrap_or_default();
            if sqs_sources.is_empty() {
                let on_failure =
                    &function["Properties"]["EventInvokeConfig"]["DestinationConfig"]["OnFailure"];
                assert_eq!(on_failure["Type"].as_str(), Some("SQS"), "{name}");
                assert_eq!(
                    on_failure["Destination"].as_str(),
                    Some("FailedInvocationsQueue.Arn"),
                    "{name}"
                );
            }
            for source in sqs_sources {
                let queue_name = source["Properties"]["Queue"]
                    .as_str()
                    .and_then(|arn| arn.strip_suffix(".Arn"))
                    .unwrap_or_else(|| panic!("{name}: SQS event source queue"));
                let queue = &resource(&template, queue_name)["Properties"];
                let dead_letters = queue["RedrivePolicy"]["deadLetterTargetArn"]
                    .as_str()
                    .and_then(|arn| arn.strip_suffix(".Arn"))
                    .unwrap_or_else(|| panic!("{queue_name}: a dead-letter queue"));
                assert_eq!(
                    resource(&template, dead_letters)["Type"].as_str(),
                    Some("AWS::SQS::Queue")
                );
                assert_eq!(
                    strings(&source["Properties"]["FunctionResponseTypes"]),
                    ["ReportBatchItemFailures"],
                    "{name}: one failed job must not send its batch again"
                );
            }
            let binary = metadata["BuildProperties"]["Binary"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: BuildProperties.Binary"));
            let handler = function_property(&template, function, "Handler")
                .as_str()
                .unwrap_or_else(|| panic!("{name}: Handler"));
            (binary, handler)
        })
        .collect();

    // One binary for all (sam build builds it once), the Handler choosing the function.
    let binaries: BTreeSet<&str> = builds.iter().map(|(binary, _)| *binary).collect();
    assert_eq!(binaries, BTreeSet::from(["lambda"]));
    assert!(
        cargo_binaries().contains("lambda"),
        "template.yaml builds binary lambda, which Cargo.toml does not declare"
    );
    let handlers: BTreeSet<&str> = builds.iter().map(|(_, handler)| *handler).collect();
    assert_eq!(
        handlers,
        BTreeSet::from([
            "inbound",
            "scheduler",
            "sender",
            "ses-events",
            "unsubscribe"
        ])
    );
    let dispatch = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/bin/lambda/main.rs"
    ))
    .expect("read src/bin/lambda/main.rs");
    for handler in &handlers {
        assert!(
            dispatch.contains(&format!("\"{handler}\" =>")),
            "the Handler {handler} is not one the lambda binary serves"
        );
    }
}

#[test]
fn function_environment_is_what_the_code_reads() {
    let template = template();
    let in_source = variables_in_source();
    let mut set_somewhere = BTreeSet::new();
    for (name, function) in resources_of_type(&template, "AWS::Serverless::Function") {
        for variable in function_environment(&template, function).keys() {
            assert!(
                in_source.contains(*variable),
                "{name} sets {variable}, which no code in src/ reads"
            );
            assert!(
                !LOCAL_ONLY_VARIABLES.contains(variable),
                "{name} sets {variable}, which is for local mode and tests only"
            );
            set_somewhere.insert((*variable).to_owned());
        }
    }
    let outputs = std::fs::read_to_string(TEMPLATE).expect("read template.yaml");
    for variable in ADMIN_CLI_VARIABLES {
        assert!(
            !set_somewhere.contains(variable),
            "{variable} is the admin CLI's, not a function's"
        );
        assert!(
            outputs.contains(&format!("({variable} for mentormail replay-failed)")),
            "no stack output names the value of {variable}"
        );
    }
    let unset: Vec<&String> = in_source
        .iter()
        .filter(|variable| !LOCAL_ONLY_VARIABLES.contains(&variable.as_str()))
        .filter(|variable| !ADMIN_CLI_VARIABLES.contains(&variable.as_str()))
        .filter(|variable| !set_somewhere.contains(*variable))
        .collect();
    assert!(
        unset.is_empty(),
        "the code reads {unset:?}, but no function in template.yaml sets it"
    );

    // The functions that hold the token key read it from SSM at cold start; the one that does
    // not need it is not given the parameter (nor the IAM grant for it).
    let inbound = function_environment(&template, resource(&template, "InboundFunction"));
    let ses_events = function_environment(&template, resource(&template, "SesEventsFunction"));
    assert_eq!(
        inbound["MENTORMAIL_TOKEN_SECRET_PARAMETER"].as_str(),
        Some("TokenSecretParameterName")
    );
    assert!(!ses_events.contains_key("MENTORMAIL_TOKEN_SECRET_PARAMETER"));
    assert_eq!(inbound["MENTORMAIL_TABLE"].as_str(), Some("Table"));
    assert_eq!(inbound["MENTORMAIL_BUCKET"].as_str(), Some("InboundBucket"));
}

#[test]
fn receipt_rule_stores_raw_mail_where_the_inbound_function_reads_it_then_invokes_it() {
    let template = template();
    let rule_resource = resource(&template, "InboundReceiptRule");
    let rule = &rule_resource["Properties"]["Rule"];
    assert_eq!(rule["Enabled"].as_bool(), Some(true));
    assert_eq!(rule["ScanEnabled"].as_bool(), Some(true));

    // S3 first, so the object exists when the function runs; then an Event invocation, because
    // SES waits at most 30 s for a RequestResponse call and gives the function no retries.
    let actions = rule["Actions"].as_vec().expect("rule actions");
    assert_eq!(actions.len(), 2);
    let s3 = &actions[0]["S3Action"];
    let lambda = &actions[1]["LambdaAction"];
    assert_eq!(s3["BucketName"].as_str(), Some("InboundBucket"));
    assert_eq!(lambda["FunctionArn"].as_str(), Some("InboundFunction.Arn"));
    assert_eq!(lambda["InvocationType"].as_str(), Some("Event"));
    let depends_on = strings(&rule_resource["DependsOn"]);
    for needed in ["InboundInvokePermission", "InboundBucketPolicy"] {
        assert!(depends_on.contains(&needed), "the rule waits for {needed}");
    }

    // One prefix everywhere: the S3 action's, the function's, the lifecycle rule's, and the
    // resources of the function's read grant and of SES's write grant.
    let prefix = s3["ObjectKeyPrefix"].as_str().expect("ObjectKeyPrefix");
    assert!(prefix.ends_with('/'), "{prefix} is a folder-like prefix");
    let inbound = resource(&template, "InboundFunction");
    assert_eq!(
        function_environment(&template, inbound)["MENTORMAIL_INBOUND_PREFIX"].as_str(),
        Some(prefix)
    );
    let lifecycle =
        resource(&template, "InboundBucket")["Properties"]["LifecycleConfiguration"]["Rules"]
            .as_vec()
            .expect("lifecycle rules");
    assert!(
        lifecycle
            .iter()
            .any(|r| r["Prefix"].as_str() == Some(prefix)
                && r["ExpirationInDays"].as_str() == Some("RawMailRetentionDays")),
        "raw mail under {prefix} expires after RawMailRetentionDays"
    );
    let objects = format!("${{InboundBucket.Arn}}/{prefix}*");
    let statements = |node: &Yaml| node["Statement"].as_vec().expect("Statement list").clone();
    let read = statements(&inbound["Properties"]["Policies"][0])
        .into_iter()
        .find(|s| s["Action"].as_str() == Some("s3:GetObject"))
        .expect("inbound may read raw mail");
    assert_eq!(read["Resource"].as_str(), Some(objects.as_str()));
    let write =
        statements(&resource(&template, "InboundBucketPolicy")["Properties"]["PolicyDocument"])
            .into_iter()
            .find(|s| s["Principal"]["Service"].as_str() == Some("ses.amazonaws.com"))
            .expect("SES may write raw mail");
    assert_eq!(write["Resource"].as_str(), Some(objects.as_str()));

    // The bucket policy and the invoke permission name the rule by ARN; a renamed rule would
    // make SES refuse to create it.
    let rule_arn = format!(
        "arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:receipt-rule-set/${{ReceiptRuleSet}}:receipt-rule/{}",
        rule["Name"].as_str().expect("rule name")
    );
    assert_eq!(
        write["Condition"]["ArnLike"]["aws:SourceArn"].as_str(),
        Some(rule_arn.as_str())
    );
    let permission = &resource(&template, "InboundInvokePermission")["Properties"];
    assert_eq!(permission["SourceArn"].as_str(), Some(rule_arn.as_str()));
    assert_eq!(permission["Principal"].as_str(), Some("ses.amazonaws.com"));
}

#[test]
fn receipt_rule_receives_every_address_the_code_hands_out() {
    let template = template();
    let recipients =
        strings(&resource(&template, "InboundReceiptRule")["Properties"]["Rule"]["Recipients"]);
    // An address condition in SES also matches its plus-labelled forms (reflect+TOKEN@...).
    let reply = mentormail::mail::token::REPLY_PREFIX.trim_end_matches('+');
    let notes = mentormail::mail::token::NOTES_LOCAL_PART.to_string();
    // Prompts' List-Unsubscribe mailto is unsubscribe+TOKEN@ (src/schedule.rs).
    for local_part in [reply, notes.as_str(), "unsubscribe"] {
        let expected = format!("{local_part}@${{MailDomain}}");
        assert!(
            recipients.contains(&expected.as_str()),
            "the receipt rule must receive {expected}; it has {recipients:?}"
        );
    }
}

#[test]
fn function_policies_name_their_actions_and_resources() {
    let template = template();
    for (name, function) in resources_of_type(&template, "AWS::Serverless::Function") {
        let policies = function["Properties"]["Policies"]
            .as_vec()
            .unwrap_or_else(|| panic!("{name} has inline policies"));
        for policy in policies {
            for statement in policy["Statement"].as_vec().expect("Statement list") {
                let sid = statement["Sid"].as_str().unwrap_or("(no Sid)");
                assert_eq!(statement["Effect"].as_str(), Some("Allow"), "{name}/{sid}");
                let actions = match &statement["Action"] {
                    Yaml::String(action) => vec![action.as_str()],
                    list => strings(list),
                };
                for action in actions {
                    assert!(
                        !action.contains('*'),
                        "{name}/{sid}: wildcard action {action}"
                    );
                }
                // A conditional resource (`!If [Cond, arn, !Ref AWS::NoValue]`) reads as a list
                // of its branches: each branch that names something is checked.
                let resources: Vec<&str> = match &statement["Resource"] {
                    Yaml::String(resource) => vec![resource.as_str()],
                    list => list
                        .as_vec()
                        .unwrap_or_else(|| panic!("{name}/{sid}: Resource"))
                        .iter()
                        .flat_map(|item| match item {
                            Yaml::Array(branches) => {
                                branches.iter().filter_map(Yaml::as_str).collect()
                            }
                            other => vec![
                                other
                                    .as_str()
                                    .unwrap_or_else(|| panic!("{name}/{sid}: resource {other:?}")),
                            ],
                        })
                        .collect(),
                };
                for resource in resources {
                    assert_ne!(resource, "*", "{name}/{sid}: every resource is named");
                }
            }
        }
    }
}

#[test]
fn the_public_unsubscribe_url_cannot_take_the_accounts_concurrency() {
    let template = template();
    let function = resource(&template, "UnsubscribeFunction");
    // `!If [CapUnsubscribe, !Ref UnsubscribeConcurrency, !Ref AWS::NoValue]` reads as its branches.
    let reserved = &function["Properties"]["ReservedConcurrentExecutions"];
    let branches: Vec<&str> = reserved
        .as_vec()
        .expect("a conditional reservation")
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert!(branches.contains(&"UnsubscribeConcurrency"), "{reserved:?}");
    let parameter = &template["Parameters"]["UnsubscribeConcurrency"];
    assert!(
        parameter["Default"].as_i64().unwrap_or(0) > 0,
        "reserved by default"
    );
    assert_eq!(
        template["Conditions"]["CapUnsubscribe"]
            .as_vec()
            .map(Vec::len),
        Some(1),
        "0 turns the reservation off"
    );
}

#[test]
fn the_unrecorded_alarm_counts_the_log_line_the_inbound_handler_writes() {
    let template = template();
    let pattern = resource(&template, "InboundUnrecordedMetric")["Properties"]["FilterPattern"]
        .as_str()
        .expect("a filter pattern")
        .trim_matches('"')
        .to_string();
    let handler = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/handlers/inbound.rs"
    ))
    .unwrap();
    assert!(
        handler.contains(&format!("\"{pattern}")),
        "no log message of the inbound handler starts with {pattern:?}"
    );
}

#[test]
fn every_decrypt_grant_names_its_encryption_context() {
    let template = template();
    let mut grants = 0;
    for (name, function) in resources_of_type(&template, "AWS::Serverless::Function") {
        let policies = function["Properties"]["Policies"].as_vec().unwrap();
        for statement in policies
            .iter()
            .flat_map(|p| p["Statement"].as_vec().unwrap())
        {
            let decrypts = match &statement["Action"] {
                Yaml::String(action) => action == "kms:Decrypt",
                list => strings(list).contains(&"kms:Decrypt"),
            };
            if decrypts {
                grants += 1;
                let condition = &statement["Condition"]["StringEquals"];
                assert!(
                    !condition["kms:EncryptionContext:PARAMETER_ARN"].is_badvalue(),
                    "{name}: kms:Decrypt without an encryption-context condition"
                );
            }
        }
    }
    assert!(
        grants >= 3,
        "the functions reading the token secret decrypt it"
    );
}
