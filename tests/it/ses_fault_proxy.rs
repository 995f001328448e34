//! A small HTTP proxy in front of moto that answers chosen SES v2 `SendEmail` calls with a real
//! SES error (status, `x-amzn-ErrorType` header, JSON body), so that the SDK's own error parsing
//! is what the mailer sees. Other `SendEmail` calls it accepts itself as SES does (a message id;
//! moto would keep every one of them, see `serve`); every other request goes to moto unchanged.
//!
//! One request per connection, as in `proxy_http`.

use std::collections::HashSet;
use std::io::Write as _;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use crate::proxy_http::{Request, authority, forward, listen, respond};

/// An SES error as SES answers it.
#[derive(Debug, Clone)]
pub struct SesFault {
    pub status: u16,
    /// The error code, as `x-amzn-ErrorType` carries it (before its `:` namespace).
    pub code: &'static str,
    /// `{to}` stands for the recipient.
    pub message: String,
}

#[derive(Debug, Default)]
struct State {
    fault: Option<SesFault>,
    /// Recipients whose `SendEmail` calls get the fault.
    targets: HashSet<String>,
    send_calls: usize,
    injected: usize,
}

/// A running proxy; its thread lives as long as the test process.
#[derive(Clone)]
pub struct SesFaultProxy {
    endpoint: String,
    state: Arc<Mutex<State>>,
}

/// The path of SES v2 `SendEmail`.
const SEND_EMAIL: &str = "/v2/email/outbound-emails";

impl SesFaultProxy {
    /// Start a proxy for the moto server at `upstream` (`http://host:port`).
    pub fn start(upstream: &str) -> Self {
        let upstream = authority(upstream);
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let endpoint = listen(move |request, client| serve(request, client, &upstream, &shared));
        Self { endpoint, state }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// From now on, answer `SendEmail` to any of `targets` with `fault`.
    pub fn inject(&self, fault: SesFault, targets: impl IntoIterator<Item = String>) {
        let mut state = self.state.lock().unwrap();
        state.fault = Some(fault);
        state.targets = targets.into_iter().collect();
    }

    /// Forward everything again (the admin fixed the cause).
    pub fn heal(&self) {
        let mut state = self.state.lock().unwrap();
        state.fault = None;
        state.targets.clear();
    }

    /// `SendEmail` calls seen and how many of them got the fault.
    pub fn counts(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap();
        (state.send_calls, state.injected)
    }
}

/// The recipients a `SendEmail` body names.
fn recipients(body: &[u8]) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    value["Destination"]["ToAddresses"]
        .as_array()
        .map(|to| {
            to.iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn serve(
    request: Request,
    mut client: TcpStream,
    upstream: &str,
    state: &Mutex<State>,
) -> std::io::Result<()> {
    let request_line = request.head.first().cloned().unwrap_or_default();
    if request_line.starts_with("POST ") && request_line.contains(SEND_EMAIL) {
        let fault = {
            let mut state = state.lock().unwrap();
            state.send_calls += 1;
            let hit = recipients(&request.body)
                .into_iter()
                .find(|to| state.targets.contains(to));
            // A message may name the refused recipient, as the sandbox's does.
            let fault = state.fault.clone().zip(hit).map(|(fault, to)| SesFault {
                message: fault.message.replace("{to}", &to),
                ..fault
            });
            if fault.is_some() {
                state.injected += 1;
            }
            fault
        };
        if let Some(fault) = fault {
            let body = serde_json::json!({ "message": fault.message }).to_string();
            let headers = format!(
                "Content-Type: application/json\r\n\
                 x-amzn-ErrorType: {}:http://internal.amazon.com/coral/com.amazonaws.sesv2/\r\n",
                fault.code
            );
            return respond(&mut client, fault.status, &headers, &body);
        }
        // Accepted as SES accepts it, without troubling moto: moto keeps every mail it is sent,
        // and its state dump, which other tests read, grows with each of the thousands here.
        let body = format!(
            "{{\"MessageId\":\"proxy-{}\"}}",
            state.lock().unwrap().send_calls
        );
        return respond(
            &mut client,
            200,
            "Content-Type: application/json\r\n",
            &body,
        );
    }
    // Forward to moto and pass its answer back.
    client.write_all(&forward(&request, upstream)?)?;
    client.flush()
}
