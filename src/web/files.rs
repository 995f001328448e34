//! `/file?t=TOKEN&f=KEY`: a file kept with an entry, as the mentor's digest links it. The link
//! carries the recipient's signed token (same rules as `/preferences`: a valid signature, not
//! expired); the file must be listed by an entry of the token's pair, so an erased or removed
//! entry's link stops working. A mentor's token opens every file of the pair; any other token
//! (a mail to the mentee) only the mentee's own. The answer is a redirect to a URL of the object
//! pre-signed now, for a few minutes: nothing long-lived is handed out, and the function role's
//! short-lived credentials are always fresh when it signs.

use std::time::Duration;

use jiff::Timestamp;

use super::form::{Fields, plausible};
use super::{Web, WebRequest, WebResponse};
use crate::archive::Archive;
use crate::mail::token::TokenAbout;
use crate::store::{Store, StoreError};

/// How long the URL a file link redirects to stays valid: enough to start the download.
pub const REDIRECT_VALID: Duration = Duration::from_secs(5 * 60);

/// Whether `path` is the file route (`/file`, with or without a prefix or `/`).
pub fn is_file(path: &str) -> bool {
    path.trim_end_matches('/').ends_with("/file")
}

impl<S: Store> Web<S> {
    /// The pages, with the file route served from `archive`.
    pub async fn handle_with_files<A: Archive>(
        &self,
        archive: &A,
        request: &WebRequest,
        now: Timestamp,
    ) -> Result<WebResponse, StoreError> {
        if !is_file(&request.path) {
            return self.handle(request, now).await;
        }
        if !matches!(request.method.to_ascii_uppercase().as_str(), "GET" | "HEAD") {
            return Ok(self.message(405, "Not allowed", "Open the link from the mail."));
        }
        let query = Fields::parse(request.query.as_bytes());
        let (Some(token), Some(key)) = (query.get("t").filter(|t| plausible(t)), query.get("f"))
        else {
            return Ok(self.message(400, "Link not recognised", "This link is incomplete."));
        };
        let Ok(verified) = self.token_key.verify(token) else {
            return Ok(self.message(400, "Link not recognised", "This link is not valid."));
        };
        if verified.expired_at(now) {
            return Ok(self.message(
                410,
                "This link has expired",
                "Ask your mentoring programme for the file.",
            ));
        }
        let gone = || self.message(404, "No such file", "This file is no longer kept.");
        let Some(mentorship) = self.repo.mentorship(&verified.mentorship_id).await? else {
            return Ok(gone());
        };
        let to_mentor = verified.about == TokenAbout::Mentor;
        let listed = self
            .repo
            .timeline(&mentorship.id)
            .await?
            .iter()
            .filter(|e| to_mentor || e.author == mentorship.mentee)
            .any(|e| e.attachments.iter().any(|a| a.key == key));
        if !listed {
            return Ok(gone());
        }
        let link = match archive.location_of(key) {
            Ok(location) => archive.link(&location, REDIRECT_VALID).await,
            Err(e) => Err(e),
        };
        match link {
            Ok(link) => {
                let mut page = self.message(302, "Opening the file", "Your download starts.");
                page.location = Some(link);
                Ok(page)
            }
            Err(e) => {
                tracing::warn!(error = %e, "file link not signed");
                Ok(self.message(
                    503,
                    "Try again later",
                    "The file cannot be opened right now.",
                ))
            }
        }
    }
}
