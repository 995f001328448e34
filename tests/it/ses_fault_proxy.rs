//! A small HTTP proxy in front of moto that answers chosen SES v2 `SendEmail` calls with a real
//! SES error (status, `x-amzn-ErrorType` header, JSON body), so that the SDK's own error parsing
//! is what the mailer sees. Other `SendEmail` calls it accepts itself as SES does (a message id;
//! moto would keep every one of them, see `serve`); every other request goes to moto unchanged.
//!
//! One request per connection (`Connection: close` both ways): simple, and the SDK's client
//! opens a new connection for each call instead of reusing one the proxy has closed.

use std::collections::HashSet;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

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
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for connection in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let upstream = upstream.clone();
                std::thread::spawn(move || {
                    if let Err(e) = serve(connection, &upstream, &state) {
                        eprintln!("fault proxy: {e}");
                    }
                });
            }
        });
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

struct Request {
    head: Vec<String>,
    body: Vec<u8>,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let length = head
        .iter()
        .filter_map(|h| h.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request { head, body }))
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

fn serve(client: TcpStream, upstream: &str, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };
    let mut client = client;
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
            write!(
                client,
                "HTTP/1.1 {} Fault\r\n\
                 Content-Type: application/json\r\n\
                 x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n\
                 x-amzn-ErrorType: {}:http://internal.amazon.com/coral/com.amazonaws.sesv2/\r\n\
                 Content-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                fault.status,
                fault.code,
                body.len()
            )?;
            return client.flush();
        }
        // Accepted as SES accepts it, without troubling moto: moto keeps every mail it is sent,
        // and its state dump, which other tests read, grows with each of the thousands here.
        let body = format!(
            "{{\"MessageId\":\"proxy-{}\"}}",
            state.lock().unwrap().send_calls
        );
        write!(
            client,
            "HTTP/1.1 200 OK\r\n\
             Content-Type: application/json\r\n\
             x-amzn-RequestId: 00000000-0000-0000-0000-000000000001\r\n\
             Content-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )?;
        return client.flush();
    }
    // Forward to moto, one request on one connection, and pass its answer back.
    let mut moto = TcpStream::connect(upstream)?;
    for line in &request.head {
        let name = line.split(':').next().unwrap_or_default();
        if !name.eq_ignore_ascii_case("connection") {
            write!(moto, "{line}\r\n")?;
        }
    }
    write!(moto, "Connection: close\r\n\r\n")?;
    moto.write_all(&request.body)?;
    moto.flush()?;
    let mut answer = Vec::new();
    moto.read_to_end(&mut answer)?;
    client.write_all(&close_after(&answer))?;
    client.flush()
}

/// `answer` with `Connection: close` in its head, whatever moto said.
fn close_after(answer: &[u8]) -> Vec<u8> {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return answer.to_vec();
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out = String::new();
    for line in head.split("\r\n") {
        let name = line.split(':').next().unwrap_or_default();
        if !name.eq_ignore_ascii_case("connection") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&answer[end + 4..]);
    bytes
}
