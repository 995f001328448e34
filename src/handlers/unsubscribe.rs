//! The function URL of the `unsubscribe` function: the pages behind the links in every mail
//! (RFC 8058 one-click unsubscribe at `/`, the preferences page at `/preferences`; see
//! [`crate::web`]). This adapter only turns the function URL's event into a [`WebRequest`] and
//! the [`WebResponse`] back, so `mentormail serve` runs the same pages locally.
//!
//! Every mail's `List-Unsubscribe` header carries `MENTORMAIL_UNSUBSCRIBE_URL?t=TOKEN`, the same
//! signed token as its Reply-To; its footer links to `MENTORMAIL_UNSUBSCRIBE_URL/preferences?t=`.

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use aws_lambda_events::http::{HeaderMap, HeaderName, HeaderValue};
use data_encoding::BASE64;
use jiff::Timestamp;

use crate::archive::s3::S3Archive;
use crate::mail::token::TokenKey;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};
use crate::web::{Web, WebRequest, WebResponse};

pub struct UnsubscribeHandler<S> {
    pub repo: Repo<S>,
    /// Where kept files are (`/file` links); `None` without `MENTORMAIL_BUCKET`.
    pub archive: Option<S3Archive>,
    pub token_key: TokenKey,
    pub programme: String,
}

/// The function URL's event as the pages read it. The query string is the raw one (the parsed
/// parameters lose repeated names); the body is base64-decoded when the event says so.
pub fn web_request(request: &LambdaFunctionUrlRequest) -> WebRequest {
    let method = request
        .request_context
        .http
        .method
        .clone()
        .unwrap_or_default();
    let query = match &request.raw_query_string {
        Some(raw) => raw.clone(),
        None => {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (name, value) in request.query_string_parameters.iter() {
                query.append_pair(name, value);
            }
            query.finish()
        }
    };
    let body = match request.body.as_deref() {
        None => Vec::new(),
        // A body that is not base64 after all is not a form of ours: read as empty.
        Some(body) if request.is_base64_encoded => {
            BASE64.decode(body.as_bytes()).unwrap_or_default()
        }
        Some(body) => body.as_bytes().to_vec(),
    };
    WebRequest {
        method,
        path: request
            .raw_path
            .clone()
            .or_else(|| request.request_context.http.path.clone())
            .unwrap_or_else(|| "/".into()),
        query,
        body,
    }
}

fn lambda_response(page: WebResponse) -> LambdaFunctionUrlResponse {
    let mut headers = HeaderMap::new();
    for (name, value) in WebResponse::HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    // The event type is non-exhaustive: start from its default.
    let mut response = LambdaFunctionUrlResponse::default();
    response.status_code = i64::from(page.status);
    if let Some(location) = page
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        headers.insert(HeaderName::from_static("location"), location);
    }
    response.headers = headers;
    response.body = Some(page.body);
    response
}

impl<S: Store> UnsubscribeHandler<S> {
    pub async fn handle(
        &self,
        request: LambdaFunctionUrlRequest,
        now: Timestamp,
    ) -> Result<LambdaFunctionUrlResponse, StoreError> {
        // Cheap: the repo is shared, and the pages keep no state between requests.
        let web = Web {
            repo: self.repo.clone(),
            token_key: self.token_key.clone(),
            programme: self.programme.clone(),
        };
        let page = web
            .handle_with_files(&self.archive, &web_request(&request), now)
            .await?;
        Ok(lambda_response(page))
    }
}
