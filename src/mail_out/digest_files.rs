//! The files in a mentor's digest: one line per file kept with the entries it reports, with a
//! link. Locally the link is the file's path in the archive folder (a `file://` URL). In AWS it is a link to the
//! pages (`/file?t=TOKEN&f=KEY`, see `web::files`), which checks the token and redirects to a
//! freshly pre-signed URL of the object: a URL pre-signed here, with the function role's
//! temporary credentials, would stop working when those credentials expire (hours), long
//! before the mentor reads an older digest. The token is the mentor's, dated by the entry's
//! day, so a retried send renders the same link and the link expires with the token's rules.

use jiff::tz::TimeZone;

use super::ScheduleSettings;
use crate::domain::Entry;
use crate::domain::attachment::size_label;
use crate::mail::token::TokenAbout;

/// `(label, link)` of each file kept with `entries`, in their order; the link is empty when
/// the deployment has neither a folder nor pages to link to.
pub fn file_links(
    settings: &ScheduleSettings,
    mentorship_id: &str,
    entries: &[Entry],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in entries {
        for file in &entry.attachments {
            let label = format!("{} ({})", file.name, size_label(file.size));
            let link = match (&settings.archive_folder, &settings.unsubscribe_url) {
                (Some(folder), _) => {
                    let path = folder.join(&file.key);
                    let path = std::path::absolute(&path).unwrap_or(path);
                    format!("file://{}", path.display())
                }
                (None, Some(base)) => {
                    let issued = entry.at.to_zoned_datetime(TimeZone::UTC).date();
                    let token =
                        settings
                            .token_key
                            .token_issued(mentorship_id, &TokenAbout::Mentor, issued);
                    page_link(base, &token, &file.key)
                }
                (None, None) => String::new(),
            };
            out.push((label, link));
        }
    }
    out
}

/// The pages' link to one file.
pub fn page_link(base: &str, token: &str, key: &str) -> String {
    let key: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
    format!("{}/file?t={token}&f={key}", base.trim_end_matches('/'))
}
