//! A small HTTP proxy in front of moto that makes a chosen share of the calls to DynamoDB, S3,
//! SQS and SES fail the ways AWS fails: throttled (`ThrottlingException`, `SlowDown`), a server
//! error before the call reached the service, a server error after it did (the write happened,
//! the caller cannot know), or slow. The SDK's own retries and the callers' see real HTTP
//! answers. SES `SendEmail` calls that pass are answered here with a message id, and counted by
//! the mail's `Message-ID` header, so duplicate mail shows.
//!
//! One request per connection, as in `proxy_http`.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::proxy_http::{Request, authority, forward, listen, respond};

#[derive(Debug, Default)]
struct State {
    /// Share of calls that get a fault, 0.0 to 1.0.
    share: f64,
    /// A small deterministic generator (xorshift), so a run can be repeated.
    seed: u64,
    calls: usize,
    injected: usize,
    /// `Message-ID`s of the mails SES accepted, with how often.
    accepted: HashMap<String, usize>,
    /// Each accepted mail's SES message id and its occurrence tag.
    sends: Vec<(String, String)>,
}

impl State {
    fn roll(&mut self) -> f64 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        (self.seed % 1_000_000) as f64 / 1_000_000.0
    }
}

#[derive(Clone)]
pub struct FaultProxy {
    endpoint: String,
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    DynamoDb,
    Sqs,
    Ses,
    S3,
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    Throttle,
    FailBefore,
    FailAfter,
    Slow,
}

impl FaultProxy {
    pub fn start(upstream: &str, seed: u64) -> Self {
        let upstream = authority(upstream);
        let state = Arc::new(Mutex::new(State {
            seed: seed.max(1),
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let endpoint = listen(move |request, client| serve(request, client, &upstream, &shared));
        Self { endpoint, state }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The functions' SDK configuration, pointed at the proxy, with the SDK's default three
    /// attempts but a quick backoff so that tests do not sleep for minutes.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        use aws_sdk_dynamodb::config::retry::RetryConfig;
        crate::moto::sdk_config()
            .await
            .into_builder()
            .endpoint_url(self.endpoint())
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(50)),
            )
            .build()
    }

    /// From now on, `share` of the calls get a fault (0.0: none).
    pub fn set_share(&self, share: f64) {
        self.state.lock().unwrap().share = share;
    }

    /// Calls seen and faults injected.
    pub fn counts(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap();
        (state.calls, state.injected)
    }

    /// The SES message id and occurrence tag of every mail accepted (for the Send events).
    pub fn sends(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().sends.clone()
    }

    /// Mails SES accepted, by `Message-ID`, with how often each was accepted.
    pub fn accepted(&self) -> HashMap<String, usize> {
        self.state.lock().unwrap().accepted.clone()
    }
}

fn service(request: &Request) -> Service {
    let target = request.header("x-amz-target").unwrap_or_default();
    let line = request.line();
    if target.starts_with("DynamoDB") {
        Service::DynamoDb
    } else if target.starts_with("AmazonSQS") {
        Service::Sqs
    } else if line.contains("/v2/email/") {
        Service::Ses
    } else {
        Service::S3
    }
}

/// The answer of a throttled call, as each service words it.
fn throttled(client: &mut TcpStream, service: Service) -> std::io::Result<()> {
    match service {
        Service::DynamoDb => respond(
            client,
            400,
            "Content-Type: application/x-amz-json-1.0\r\n",
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#,
        ),
        Service::Sqs => respond(
            client,
            400,
            "Content-Type: application/x-amz-json-1.0\r\nx-amzn-query-error: ThrottlingException;Sender\r\n",
            r#"{"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"}"#,
        ),
        Service::Ses => respond(
            client,
            429,
            "Content-Type: application/json\r\nx-amzn-ErrorType: TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.sesv2/\r\n",
            r#"{"message":"Maximum sending rate exceeded."}"#,
        ),
        Service::S3 => respond(
            client,
            503,
            "Content-Type: application/xml\r\n",
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        ),
    }
}

fn server_error(client: &mut TcpStream) -> std::io::Result<()> {
    respond(
        client,
        500,
        "Content-Type: application/json\r\n",
        r#"{"__type":"InternalServerError","message":"We encountered an internal error. Please try again."}"#,
    )
}

fn serve(
    request: Request,
    mut client: TcpStream,
    upstream: &str,
    state: &Mutex<State>,
) -> std::io::Result<()> {
    let service = service(&request);
    let fault = {
        let mut state = state.lock().unwrap();
        state.calls += 1;
        let share = state.share;
        if state.roll() < share {
            state.injected += 1;
            Some(match state.roll() {
                r if r < 0.4 => Fault::Throttle,
                r if r < 0.7 => Fault::FailBefore,
                // SES mail is never "sent and failed": that case is the Send-event
                // acknowledgement's (docs/reliability.md), which this test does not run.
                r if r < 0.85 && service != Service::Ses => Fault::FailAfter,
                _ => Fault::Slow,
            })
        } else {
            None
        }
    };
    match fault {
        Some(Fault::Throttle) => return throttled(&mut client, service),
        Some(Fault::FailBefore) => return server_error(&mut client),
        Some(Fault::Slow) => std::thread::sleep(Duration::from_millis(150)),
        Some(Fault::FailAfter) | None => {}
    }
    if service == Service::Ses {
        let line = request.line();
        if line.starts_with("POST ") && line.contains("/v2/email/outbound-emails") {
            let id = message_id_of(&request.body);
            let occurrence = occurrence_of(&request.body);
            let ses_id = {
                let mut state = state.lock().unwrap();
                *state.accepted.entry(id).or_default() += 1;
                let ses_id = format!("fault-proxy-{}", state.sends.len());
                state.sends.push((ses_id.clone(), occurrence));
                ses_id
            };
            let body = format!("{{\"MessageId\":\"{ses_id}\"}}");
            return respond(
                &mut client,
                200,
                "Content-Type: application/json\r\n",
                &body,
            )
            .map(|_| ());
        }
    }
    let answer = forward(&request, upstream)?;
    if matches!(fault, Some(Fault::FailAfter)) {
        // The service did it; the caller hears it failed.
        return server_error(&mut client);
    }
    client.write_all(&answer)?;
    client.flush()
}

/// The `Message-ID` header of the raw mail in a `SendEmail` body.
fn message_id_of(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let data = value["Content"]["Raw"]["Data"].as_str().unwrap_or_default();
    let raw = data_encoding::BASE64
        .decode(data.as_bytes())
        .unwrap_or_default();
    String::from_utf8_lossy(&raw)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Message-ID:")
                .or_else(|| l.strip_prefix("Message-Id:"))
        })
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "(none)".into())
}

/// The occurrence tag of a `SendEmail` body (`EmailTags`).
fn occurrence_of(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    value["EmailTags"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|tag| tag["Name"] == mentormail::store::records::OCCURRENCE_TAG)
        .and_then(|tag| tag["Value"].as_str())
        .unwrap_or_default()
        .to_owned()
}
