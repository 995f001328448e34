//! Reply tokens: `reflect+<mentorship>-<about>-<mac>@DOMAIN`.
//!
//! The token names the mentorship and what a reply answers (`<about>`: a prompt's number, `g`
//! and a goal id for a goal reminder, `k` for the kickoff), and carries an HMAC-SHA256 (a
//! server secret, truncated to 80 bits, base32) so that nobody can forge an address that writes
//! into someone else's timeline. SES rewrites Message-ID, so threading headers are never the key.
//! Everything is lower case: some relays fold local parts.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The local-part prefix of reply addresses.
pub const REPLY_PREFIX: &str = "reflect+";
/// The local-part prefix of the List-Unsubscribe mailto address: mail to it stops the mentee.
pub const UNSUBSCRIBE_PREFIX: &str = "unsubscribe+";
/// The local part of the mentors' shared notes address.
pub const NOTES_LOCAL_PART: &str = "notes";
/// Between the notes local part and a mentor's personal token: `notes+TOKEN@`.
pub const PERSONAL_SEPARATOR: char = '+';
const MAC_BYTES: usize = 10;

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyToken {
    pub mentorship_id: String,
    /// The prompt answered; 0 when the token is about something else (see `about`).
    pub prompt: u32,
    pub about: TokenAbout,
}

/// What mail a token was sent with, so a reply can be read in its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenAbout {
    /// A reflection prompt (0: outside the sequence).
    Prompt(u32),
    /// A reminder of this goal.
    Goal(String),
    /// The kickoff asking for goals.
    Kickoff,
    /// Mail to the mentor (digests, alerts): its unsubscribe stops the mentor, not the mentee.
    Mentor,
}

impl TokenAbout {
    /// The token's middle field.
    pub fn field(&self) -> String {
        match self {
            TokenAbout::Prompt(n) => n.to_string(),
            TokenAbout::Goal(id) => format!("g{id}"),
            TokenAbout::Kickoff => "k".to_string(),
            TokenAbout::Mentor => "m".to_string(),
        }
    }

    fn parse(field: &str) -> Option<Self> {
        match field {
            "k" => return Some(TokenAbout::Kickoff),
            "m" => return Some(TokenAbout::Mentor),
            _ => {}
        }
        if let Some(id) = field.strip_prefix('g') {
            return (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
                .then(|| TokenAbout::Goal(id.to_string()));
        }
        field.parse().ok().map(TokenAbout::Prompt)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed reply token")]
    Malformed,
    #[error("reply token signature does not match")]
    BadSignature,
}

/// Signs and checks tokens with one secret.
#[derive(Clone)]
pub struct TokenKey {
    secret: Vec<u8>,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

impl TokenKey {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            secret: secret.into(),
        }
    }

    fn hmac(&self, mentorship_id: &str, field: &str) -> Hmac<Sha256> {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        // A prompt's field is its number, so prompt tokens are the ones v1 always signed.
        mac.update(format!("reflect:v1:{mentorship_id}:{field}").as_bytes());
        mac
    }

    fn mac(&self, mentorship_id: &str, field: &str) -> String {
        let tag = self.hmac(mentorship_id, field).finalize().into_bytes();
        BASE32_NOPAD.encode(&tag[..MAC_BYTES]).to_ascii_lowercase()
    }

    /// The token for a prompt.
    pub fn token(&self, mentorship_id: &str, prompt: u32) -> String {
        self.token_about(mentorship_id, &TokenAbout::Prompt(prompt))
    }

    /// The token for any mail.
    pub fn token_about(&self, mentorship_id: &str, about: &TokenAbout) -> String {
        let field = about.field();
        format!(
            "{mentorship_id}-{field}-{}",
            self.mac(mentorship_id, &field)
        )
    }

    /// The full reply address for a mail.
    pub fn reply_address_about(
        &self,
        mentorship_id: &str,
        about: &TokenAbout,
        domain: &str,
    ) -> String {
        format!(
            "{REPLY_PREFIX}{}@{domain}",
            self.token_about(mentorship_id, about)
        )
    }

    /// The full reply address for a prompt.
    pub fn reply_address(&self, mentorship_id: &str, prompt: u32, domain: &str) -> String {
        format!(
            "{REPLY_PREFIX}{}@{domain}",
            self.token(mentorship_id, prompt)
        )
    }

    /// Check a token (the part after `reflect+`).
    pub fn verify(&self, token: &str) -> Result<ReplyToken, TokenError> {
        let token = token.to_ascii_lowercase();
        let mut parts = token.splitn(3, '-');
        let (Some(id), Some(prompt), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TokenError::Malformed);
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(TokenError::Malformed);
        }
        let about = TokenAbout::parse(prompt).ok_or(TokenError::Malformed)?;
        let tag = BASE32_NOPAD
            .decode(mac.to_ascii_uppercase().as_bytes())
            .map_err(|_| TokenError::Malformed)?;
        if tag.len() != MAC_BYTES {
            return Err(TokenError::Malformed);
        }
        // Constant-time check of the truncated tag.
        self.hmac(id, &about.field())
            .verify_truncated_left(&tag)
            .map_err(|_| TokenError::BadSignature)?;
        Ok(ReplyToken {
            mentorship_id: id.to_string(),
            prompt: match about {
                TokenAbout::Prompt(n) => n,
                _ => 0,
            },
            about,
        })
    }

    /// A mentor's personal notes token: a MAC of their address, so that only mail from that
    /// address (still authenticated like any other) is accepted at `notes+TOKEN@`.
    pub fn notes_token(&self, mentor: &str) -> String {
        let tag = self.notes_mac(mentor).finalize().into_bytes();
        BASE32_NOPAD.encode(&tag[..MAC_BYTES]).to_ascii_lowercase()
    }

    /// Whether `token` is `mentor`'s personal notes token (compared in constant time).
    pub fn verify_notes_token(&self, mentor: &str, token: &str) -> bool {
        let Ok(tag) = BASE32_NOPAD.decode(token.trim().to_ascii_uppercase().as_bytes()) else {
            return false;
        };
        tag.len() == MAC_BYTES && self.notes_mac(mentor).verify_truncated_left(&tag).is_ok()
    }

    /// A mentor's personal notes address on `domain`.
    pub fn personal_notes_address(&self, mentor: &str, domain: &str) -> String {
        format!(
            "{NOTES_LOCAL_PART}{PERSONAL_SEPARATOR}{}@{domain}",
            self.notes_token(mentor)
        )
    }

    fn notes_mac(&self, mentor: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("notes:v1:{}", mentor.trim().to_lowercase()).as_bytes());
        mac
    }

    /// Find a reply token among recipient addresses on `domain`.
    pub fn find_in(
        &self,
        recipients: &[String],
        domain: &str,
    ) -> Option<Result<ReplyToken, TokenError>> {
        recipients.iter().find_map(|address| {
            let (local, host) = address.rsplit_once('@')?;
            if !host.eq_ignore_ascii_case(domain) {
                return None;
            }
            let local = local.to_ascii_lowercase();
            let token = local.strip_prefix(REPLY_PREFIX)?;
            Some(self.verify(token))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_resist_tampering() {
        let key = TokenKey::new("secret");
        let token = key.token("abc123", 7);
        assert_eq!(
            key.verify(&token),
            Ok(ReplyToken {
                mentorship_id: "abc123".into(),
                prompt: 7,
                about: TokenAbout::Prompt(7)
            })
        );
        assert_eq!(key.verify(&token.to_uppercase()).map(|t| t.prompt), Ok(7));
        let other_prompt = token.replacen("-7-", "-8-", 1);
        assert_eq!(key.verify(&other_prompt), Err(TokenError::BadSignature));
        assert_eq!(
            TokenKey::new("other").verify(&token),
            Err(TokenError::BadSignature)
        );
        assert_eq!(key.verify("abc123-x-zzz"), Err(TokenError::Malformed));
        assert_eq!(key.verify("nodashes"), Err(TokenError::Malformed));
        assert_eq!(key.verify("../x-1-abc"), Err(TokenError::Malformed));
    }

    #[test]
    fn finds_the_token_only_on_our_domain() {
        let key = TokenKey::new("secret");
        let address = key.reply_address("abc123", 2, "mentor.example.org");
        let found = key.find_in(
            &["someone@else.org".into(), address.to_uppercase()],
            "mentor.example.org",
        );
        assert_eq!(found.unwrap().unwrap().prompt, 2);
        let elsewhere = address.replace("mentor.example.org", "evil.example");
        assert!(key.find_in(&[elsewhere], "mentor.example.org").is_none());
    }

    #[test]
    fn personal_notes_tokens_belong_to_one_mentor() {
        let key = TokenKey::new("secret");
        let token = key.notes_token("maya@example.org");
        assert_eq!(token.len(), 16);
        assert!(key.verify_notes_token("Maya@Example.org", &token));
        assert!(key.verify_notes_token("maya@example.org", &token.to_uppercase()));
        assert!(!key.verify_notes_token("lee@example.org", &token));
        assert!(!TokenKey::new("other").verify_notes_token("maya@example.org", &token));
        assert!(!key.verify_notes_token("maya@example.org", "short"));
        assert_eq!(
            key.personal_notes_address("maya@example.org", "mentor.test"),
            format!("notes+{token}@mentor.test")
        );
        // Not a reply token: the two MACs are over different messages.
        assert!(key.verify(&format!("maya-1-{token}")).is_err());
    }

    #[test]
    fn goal_and_kickoff_tokens_are_signed_the_same_way() {
        let key = TokenKey::new("secret");
        let goal = key.token_about("abc123", &TokenAbout::Goal("x7k2".into()));
        assert!(goal.starts_with("abc123-gx7k2-"));
        let read = key.verify(&goal).unwrap();
        assert_eq!(
            (read.about, read.prompt),
            (TokenAbout::Goal("x7k2".into()), 0)
        );
        let other_goal = goal.replacen("-gx7k2-", "-gx7k3-", 1);
        assert_eq!(key.verify(&other_goal), Err(TokenError::BadSignature));
        let kickoff = key.token_about("abc123", &TokenAbout::Kickoff);
        assert_eq!(key.verify(&kickoff).unwrap().about, TokenAbout::Kickoff);
        let mentor = key.token_about("abc123", &TokenAbout::Mentor);
        assert_eq!(key.verify(&mentor).unwrap().about, TokenAbout::Mentor);
        let as_mentee = mentor.replacen("-m-", "-0-", 1);
        assert_eq!(key.verify(&as_mentee), Err(TokenError::BadSignature));
        // The prompt form is unchanged, so mail already sent still routes.
        assert_eq!(
            key.token("abc123", 3),
            key.token_about("abc123", &TokenAbout::Prompt(3))
        );
        assert_eq!(key.verify("abc123-g-aaaa"), Err(TokenError::Malformed));
        assert_eq!(key.verify("abc123-g../x-aaaa"), Err(TokenError::Malformed));
    }
}
