//! One-click unsubscribe (RFC 8058) behind a Lambda function URL.
//!
//! Every mail's `List-Unsubscribe` header carries `MENTORMAIL_UNSUBSCRIBE_URL?t=TOKEN`, the
//! same signed token as its Reply-To. Mail providers POST `List-Unsubscribe=One-Click` to it;
//! that stops all mail to the mentee the token names. A GET (a person clicking the link, or a
//! scanner prefetching it) only shows a page with a button that POSTs: prefetches must not
//! unsubscribe anyone.

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use aws_lambda_events::http::{HeaderMap, HeaderValue, header};
use data_encoding::BASE64;
use jiff::Timestamp;

use crate::admin::unsubscribe::unsubscribe;
use crate::mail::token::TokenKey;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

pub struct UnsubscribeHandler<S> {
    pub repo: Repo<S>,
    pub token_key: TokenKey,
    pub programme: String,
}

fn response(status: i64, html: String) -> LambdaFunctionUrlResponse {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The event type is non-exhaustive: start from its default.
    let mut response = LambdaFunctionUrlResponse::default();
    response.status_code = status;
    response.headers = headers;
    response.body = Some(html);
    response
}

fn page(title: &str, text: &str, form: Option<&str>) -> String {
    let form = form
        .map(|token| {
            format!(
                "<form method=\"post\" action=\"?t={token}\">\
                 <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
                 <button type=\"submit\">Unsubscribe</button></form>"
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif\"><h1>{title}</h1><p>{text}</p>{form}</body></html>"
    )
}

/// The `t` parameter, from the query string or a form body.
fn token_of(request: &LambdaFunctionUrlRequest) -> Option<String> {
    if let Some(t) = request.query_string_parameters.get("t") {
        return Some(t.clone());
    }
    form_pairs(request)
        .into_iter()
        .find(|(name, _)| name == "t")
        .map(|(_, value)| value)
}

/// Tokens are base32 and digits with dashes; anything else is not ours (and is never echoed).
/// The request body, form-decoded pairs (base64 first when the function URL says so).
fn form_pairs(request: &LambdaFunctionUrlRequest) -> Vec<(String, String)> {
    let Some(body) = request.body.as_deref() else {
        return Vec::new();
    };
    let body = if request.is_base64_encoded {
        match BASE64.decode(body.as_bytes()).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            _ => return Vec::new(),
        }
    } else {
        body.to_string()
    };
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect()
}

/// Whether the body is RFC 8058's `List-Unsubscribe=One-Click`.
fn one_click(request: &LambdaFunctionUrlRequest) -> bool {
    form_pairs(request)
        .iter()
        .any(|(name, value)| name == "List-Unsubscribe" && value == "One-Click")
}

fn plausible(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 120
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl<S: Store> UnsubscribeHandler<S> {
    pub async fn handle(
        &self,
        request: LambdaFunctionUrlRequest,
        now: Timestamp,
    ) -> Result<LambdaFunctionUrlResponse, StoreError> {
        let method = request
            .request_context
            .http
            .method
            .clone()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let token = token_of(&request).filter(|t| plausible(t));
        let Some(token) = token else {
            return Ok(response(
                400,
                page(
                    "Link not recognised",
                    "This unsubscribe link is incomplete.",
                    None,
                ),
            ));
        };
        let Ok(verified) = self.token_key.verify(&token) else {
            return Ok(response(
                400,
                page(
                    "Link not recognised",
                    "This unsubscribe link is not valid.",
                    None,
                ),
            ));
        };
        match method.as_str() {
            "GET" | "HEAD" => Ok(response(
                200,
                page(
                    &format!("Unsubscribe from {}?", self.programme),
                    "You will get no more reflection prompts or reminders.",
                    Some(&token),
                ),
            )),
            // RFC 8058: a POST acts only with the one-click body; anything else (a scanner, a
            // stray form) gets the confirmation page and changes nothing.
            "POST" if !one_click(&request) => Ok(response(
                400,
                page(
                    &format!("Unsubscribe from {}?", self.programme),
                    "Confirm with the button below.",
                    Some(&token),
                ),
            )),
            "POST" => match unsubscribe(&self.repo, &verified, now).await? {
                Some(done) => {
                    tracing::info!(mentorship = %done.mentorship_id, "unsubscribed by one-click link");
                    Ok(response(
                        200,
                        page(
                            "You are unsubscribed",
                            &format!(
                                "You will get no more mail from {}. Reply \"resume\" to any of \
                                 our mails if you change your mind.",
                                self.programme
                            ),
                            None,
                        ),
                    ))
                }
                None => Ok(response(
                    404,
                    page(
                        "Nothing to unsubscribe",
                        "This mentorship no longer exists.",
                        None,
                    ),
                )),
            },
            _ => Ok(response(
                405,
                page("Not allowed", "Use the button in the page.", None),
            )),
        }
    }
}
