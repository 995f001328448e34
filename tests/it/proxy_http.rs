//! The HTTP plumbing the fault proxies share: a listener that serves each connection on a
//! thread of its own, one request per connection (`Connection: close` both ways: the SDK then
//! opens a new connection for each call instead of reusing one the proxy has closed), reading a
//! request, and passing it to moto unchanged.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

pub struct Request {
    /// The request line, then the header lines.
    pub head: Vec<String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn line(&self) -> &str {
        self.head.first().map(String::as_str).unwrap_or_default()
    }

    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head
            .iter()
            .skip(1)
            .filter_map(|h| h.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// Listen on a free loopback port and hand each connection's one request to `serve` with the
/// client stream; the endpoint (`http://127.0.0.1:port`). The threads live as long as the test
/// process.
pub fn listen<F>(serve: F) -> String
where
    F: Fn(Request, TcpStream) -> std::io::Result<()> + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let serve = Arc::new(serve);
    std::thread::spawn(move || {
        for connection in listener.incoming().flatten() {
            let serve = Arc::clone(&serve);
            std::thread::spawn(move || {
                let result = connection
                    .try_clone()
                    .and_then(|reader| read_request(&mut BufReader::new(reader)))
                    .and_then(|request| match request {
                        Some(request) => serve(request, connection),
                        None => Ok(()),
                    });
                if let Err(e) = result {
                    eprintln!("proxy: {e}");
                }
            });
        }
    });
    endpoint
}

/// `http://host:port` as `host:port`.
pub fn authority(upstream: &str) -> String {
    upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
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
    let mut request = Request {
        head,
        body: Vec::new(),
    };
    let length = request
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

/// Pass `request` to moto at `upstream` (`host:port`) on a connection of its own; moto's answer,
/// with `Connection: close` in its head.
pub fn forward(request: &Request, upstream: &str) -> std::io::Result<Vec<u8>> {
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
    Ok(close_after(&answer))
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

/// Answer with `status`, extra header lines `headers` (each ending in CRLF) and `body`.
pub fn respond(
    client: &mut TcpStream,
    status: u16,
    headers: &str,
    body: &str,
) -> std::io::Result<()> {
    write!(
        client,
        "HTTP/1.1 {status} Proxy\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    client.flush()
}
