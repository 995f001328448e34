//! `mentormail serve`: the pages behind the links in mail (preferences, one-click unsubscribe)
//! on 127.0.0.1, from the local store, so the links in the outbox's mails can be clicked. Each
//! request goes to the same handler as the function URL's ([`mentormail::web::Web`]).

use std::convert::Infallible;
use std::io::Write as _;
use std::sync::Arc;

use anyhow::Context as _;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use jiff::Timestamp;
use mentormail::store::Store;
use mentormail::web::{Web, WebRequest, WebResponse};

/// Larger bodies are no form of ours.
const MAX_BODY: usize = 64 * 1024;

/// Serve `web` on 127.0.0.1:`port` (0: a free port) until stopped. The first line on stdout says
/// where. `now`: the time every request is handled at (`--now`), else the clock's.
pub async fn serve<S: Store + Send + Sync + 'static>(
    web: Web<S>,
    port: u16,
    now: Option<Timestamp>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("listening on 127.0.0.1:{port}"))?;
    let address = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "Serving the mail pages on http://{address} (preferences: /preferences?t=TOKEN); \
             Ctrl-C stops"
        )?;
        out.flush()?;
    }
    let web = Arc::new(web);
    loop {
        let (stream, _) = listener.accept().await?;
        let web = Arc::clone(&web);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let web = Arc::clone(&web);
                async move { Ok::<_, Infallible>(respond(&web, request, now).await) }
            });
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
}

async fn respond<S: Store>(
    web: &Web<S>,
    request: Request<Incoming>,
    now: Option<Timestamp>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
    };
    let request = WebRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        body,
    };
    let page = match web
        .handle(&request, now.unwrap_or_else(Timestamp::now))
        .await
    {
        Ok(page) => page,
        Err(e) => {
            tracing::error!(error = %e, "store failed while serving a page");
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the store failed; see the log",
            );
        }
    };
    let mut response = Response::builder().status(page.status);
    for (name, value) in WebResponse::HEADERS {
        response = response.header(name, value);
    }
    response
        .body(Full::new(Bytes::from(page.body)))
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "bad response"))
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}
