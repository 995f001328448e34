//! The pages behind the links in every mail, the same code in AWS (the `unsubscribe` function's
//! URL) and locally (`mentormail serve`). Both hand over a [`WebRequest`] and send back the
//! [`WebResponse`].
//!
//! Every link carries the signed token of the mail it came in (`?t=`); it names the pair and
//! whether the mail went to the mentee or the mentor, so it names the recipient. Routes:
//! - `/preferences`: GET shows the recipient's pairs and settings and changes nothing (link
//!   scanners prefetch); a POST makes one change, carrying the token and the page's
//!   anti-forgery value (`form`, see [`form`]), and shows the page again with a confirmation.
//!   An expired token is refused here: an old mail's link should not keep a page of settings
//!   open forever.
//! - `/file`: a file kept with an entry, by a redirect to a freshly pre-signed URL (see
//!   [`files`]).
//! - anything else (`/`): RFC 8058 one-click unsubscribe. GET shows a button; a POST with
//!   `List-Unsubscribe=One-Click` stops the recipient. It keeps working for old mail: stopping
//!   mail must always be possible.

pub mod files;
pub mod form;
pub mod pages;
pub mod preferences;

use askama::Template;
use jiff::Timestamp;

use crate::admin::pair_state::StateError;
use crate::admin::unsubscribe::{recipient_of, unsubscribe};
use crate::mail::token::{ReplyToken, TokenKey};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};
use form::{Fields, FormRefused, check_form_value, form_value, plausible};
use pages::{MessagePage, Notice};

/// A request as the function URL or the local server received it.
#[derive(Debug, Clone, Default)]
pub struct WebRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// The body as sent (form-encoded for the pages' POSTs).
    pub body: Vec<u8>,
}

/// An HTML page with its status; [`WebResponse::HEADERS`] go with every one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebResponse {
    pub status: u16,
    pub body: String,
    /// Where a redirect goes (`files`: a freshly pre-signed URL of a kept file).
    pub location: Option<String>,
}

impl WebResponse {
    /// The pages hold a token: never cached, never framed (clickjacking), never sent on as a
    /// referrer to a site they link to.
    pub const HEADERS: [(&'static str, &'static str); 6] = [
        ("content-type", "text/html; charset=utf-8"),
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        (
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    ];
}

/// The pages' handler: the store, the key that signs tokens, and the deployment's programme
/// name (a page names the programme of the link's pair; this one only when the pair is gone).
pub struct Web<S> {
    pub repo: Repo<S>,
    pub token_key: TokenKey,
    pub programme: String,
}

fn render(status: u16, page: &impl Template) -> WebResponse {
    let body = page.render().unwrap_or_else(|e| {
        // The templates are compiled in: a failure here is a bug, not the visitor's doing.
        tracing::error!(error = %e, "page template failed");
        "<!DOCTYPE html><title>Error</title><p>Something went wrong.</p>".into()
    });
    WebResponse {
        status,
        body,
        location: None,
    }
}

/// Whether `path` is the preferences page (`/preferences`, with or without a prefix or `/`).
pub fn is_preferences(path: &str) -> bool {
    path.trim_end_matches('/').ends_with("/preferences")
}

impl<S: Store> Web<S> {
    fn message(&self, status: u16, title: &str, text: &str) -> WebResponse {
        self.message_of(&self.programme, status, title, text)
    }

    fn message_of(&self, programme: &str, status: u16, title: &str, text: &str) -> WebResponse {
        render(
            status,
            &MessagePage {
                programme,
                title,
                text,
                unsubscribe_token: None,
                preferences_token: None,
            },
        )
    }

    pub async fn handle(
        &self,
        request: &WebRequest,
        now: Timestamp,
    ) -> Result<WebResponse, StoreError> {
        let method = request.method.to_ascii_uppercase();
        let query = Fields::parse(request.query.as_bytes());
        let body = if method == "POST" {
            Fields::parse(&request.body)
        } else {
            Fields::default()
        };
        let token = query
            .get("t")
            .or_else(|| body.get("t"))
            .filter(|t| plausible(t))
            .map(str::to_string);
        let Some(token) = token else {
            return Ok(self.message(400, "Link not recognised", "This link is incomplete."));
        };
        let Ok(verified) = self.token_key.verify(&token) else {
            return Ok(self.message(400, "Link not recognised", "This link is not valid."));
        };
        if is_preferences(&request.path) {
            self.preferences(&method, &token, &verified, &body, now)
                .await
        } else {
            self.unsubscribe(&method, &token, &verified, &body, now)
                .await
        }
    }

    async fn unsubscribe(
        &self,
        method: &str,
        token: &str,
        verified: &ReplyToken,
        body: &Fields,
        now: Timestamp,
    ) -> Result<WebResponse, StoreError> {
        // Each programme speaks in its own name; one deployment serves several.
        let programme = match self.repo.mentorship(&verified.mentorship_id).await? {
            Some(mentorship) => mentorship.programme,
            None => self.programme.clone(),
        };
        let confirm = |status: u16, text: &str| {
            render(
                status,
                &MessagePage {
                    programme: &programme,
                    title: &format!("Unsubscribe from {programme}?"),
                    text,
                    unsubscribe_token: Some(token),
                    preferences_token: Some(token),
                },
            )
        };
        match method {
            "GET" | "HEAD" => Ok(confirm(
                200,
                "You will get no more reflection prompts or reminders.",
            )),
            // RFC 8058: a POST acts only with the one-click body; anything else (a scanner, a
            // stray form) gets the confirmation page and changes nothing.
            "POST" if body.get("List-Unsubscribe") != Some("One-Click") => {
                Ok(confirm(400, "Confirm with the button below."))
            }
            "POST" => match unsubscribe(&self.repo, verified, now).await? {
                Some(done) => {
                    tracing::info!(mentorship = %done.mentorship_id, "unsubscribed by one-click link");
                    Ok(self.message_of(
                        &programme,
                        200,
                        "You are unsubscribed",
                        &format!(
                            "You will get no more mail from {programme}. Reply \"resume\" to \
                             any of our mails if you change your mind."
                        ),
                    ))
                }
                None => Ok(self.message(
                    404,
                    "Nothing to unsubscribe",
                    "This mentorship no longer exists.",
                )),
            },
            _ => Ok(self.message(405, "Not allowed", "Use the button in the page.")),
        }
    }

    async fn preferences(
        &self,
        method: &str,
        token: &str,
        verified: &ReplyToken,
        body: &Fields,
        now: Timestamp,
    ) -> Result<WebResponse, StoreError> {
        if verified.expired_at(now) {
            return Ok(self.message(
                410,
                "This link has expired",
                "Open the preferences link in a recent mail from us instead.",
            ));
        }
        let gone = || {
            self.message(
                404,
                "Nothing to show",
                "We have no settings for this link any more.",
            )
        };
        let Some(mentorship) = self.repo.mentorship(&verified.mentorship_id).await? else {
            return Ok(gone());
        };
        let recipient = recipient_of(verified, &mentorship).clone();
        let Some(prefs) = preferences::load(&self.repo, &recipient).await? else {
            return Ok(gone());
        };
        let show = |status: u16, prefs: &preferences::Preferences, notice: Option<Notice>| {
            let form = form_value(&self.token_key, token, now);
            render(
                status,
                &preferences::page(&mentorship.programme, prefs, token, form, notice, now),
            )
        };
        match method {
            "GET" | "HEAD" => Ok(show(200, &prefs, None)),
            "POST" => {
                if let Err(refused) =
                    check_form_value(&self.token_key, token, body.get("form"), now)
                {
                    tracing::info!(?refused, "preferences form refused");
                    let text = match refused {
                        FormRefused::Expired => {
                            "This page was open too long; nothing changed. Try again here."
                        }
                        FormRefused::Missing | FormRefused::Wrong => {
                            "That change did not come from this page; nothing changed."
                        }
                    };
                    let notice = Notice {
                        ok: false,
                        text: text.into(),
                    };
                    return Ok(show(403, &prefs, Some(notice)));
                }
                let (status, notice) = match preferences::apply(&self.repo, &prefs, body, now).await
                {
                    Ok(text) => (200, Notice { ok: true, text }),
                    Err(StateError::Store(e)) => return Err(e),
                    Err(e) => (
                        400,
                        Notice {
                            ok: false,
                            text: format!("Nothing changed: {e}"),
                        },
                    ),
                };
                // Shown as it is now, with the change.
                let prefs = preferences::load(&self.repo, &recipient)
                    .await?
                    .unwrap_or(prefs);
                Ok(show(status, &prefs, Some(notice)))
            }
            _ => Ok(self.message(405, "Not allowed", "Use the buttons in the page.")),
        }
    }
}
