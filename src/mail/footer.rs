//! The links in a mail's footer: the preferences page and the one-click unsubscribe, both
//! carrying the recipient's signed token (the same one as the List-Unsubscribe header), and the
//! `unsubscribe+TOKEN@` address. Scheduled mail and the notices the notes address answers with
//! build them here, so every mail's footer leads to the same page.

use jiff::civil::Date;

use super::render::FooterLinks;
use super::token::{TokenAbout, TokenKey, UNSUBSCRIBE_PREFIX};

/// Where the deployment's pages are and how tokens are signed.
pub struct LinkSettings<'a> {
    pub key: &'a TokenKey,
    /// The mail domain the `unsubscribe+TOKEN@` address lives on.
    pub domain: &'a str,
    /// The HTTPS endpoint of the unsubscribe function (the preferences page lives under it);
    /// `None` when the deployment has none (then only the address is given).
    pub page_url: Option<&'a str>,
}

impl LinkSettings<'_> {
    /// The links of a mail issued on `issued` about `about` in `mentorship_id`.
    pub fn footer(&self, mentorship_id: &str, about: &TokenAbout, issued: Date) -> FooterLinks {
        let token = self.key.token_issued(mentorship_id, about, issued);
        FooterLinks {
            preferences: self
                .page_url
                .map(|base| format!("{}/preferences?t={token}", base.trim_end_matches('/'))),
            // The endpoint as configured: the one-click POST goes to exactly this URL.
            unsubscribe: self.page_url.map(|base| format!("{base}?t={token}")),
            stop_address: Some(format!("{UNSUBSCRIBE_PREFIX}{token}@{}", self.domain)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_links_and_the_stop_address_carry_the_same_token() {
        let key = TokenKey::new(b"secret".to_vec());
        let issued = jiff::civil::date(2026, 12, 3);
        let settings = LinkSettings {
            key: &key,
            domain: "mentor.example.org",
            page_url: Some("https://u.example.org/"),
        };
        let links = settings.footer("m1", &TokenAbout::Mentor, issued);
        let token = key.token_issued("m1", &TokenAbout::Mentor, issued);
        assert_eq!(
            links.preferences.as_deref(),
            Some(format!("https://u.example.org/preferences?t={token}").as_str())
        );
        assert_eq!(
            links.unsubscribe.as_deref(),
            Some(format!("https://u.example.org/?t={token}").as_str())
        );
        assert_eq!(
            links.stop_address.as_deref(),
            Some(format!("unsubscribe+{token}@mentor.example.org").as_str())
        );
        let without_page = LinkSettings {
            page_url: None,
            ..settings
        };
        let links = without_page.footer("m1", &TokenAbout::Mentor, issued);
        assert!(!links.has_links() && links.stop_address.is_some());
    }
}
