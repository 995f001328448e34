//! Reply tokens: `reflect+<mentorship>-<prompt>-<mac>@DOMAIN`.
//!
//! The token names the mentorship and the prompt a reply answers, and carries an HMAC-SHA256 (a
//! server secret, truncated to 80 bits, base32) so that nobody can forge an address that writes
//! into someone else's timeline. SES rewrites Message-ID, so threading headers are never the key.
//! Everything is lower case: some relays fold local parts.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The local-part prefix of reply addresses.
pub const REPLY_PREFIX: &str = "reflect+";
const MAC_BYTES: usize = 10;

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyToken {
    pub mentorship_id: String,
    pub prompt: u32,
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

    fn hmac(&self, mentorship_id: &str, prompt: u32) -> Hmac<Sha256> {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("reflect:v1:{mentorship_id}:{prompt}").as_bytes());
        mac
    }

    fn mac(&self, mentorship_id: &str, prompt: u32) -> String {
        let tag = self.hmac(mentorship_id, prompt).finalize().into_bytes();
        BASE32_NOPAD.encode(&tag[..MAC_BYTES]).to_ascii_lowercase()
    }

    /// The token for a prompt.
    pub fn token(&self, mentorship_id: &str, prompt: u32) -> String {
        format!(
            "{mentorship_id}-{prompt}-{}",
            self.mac(mentorship_id, prompt)
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
        let prompt: u32 = prompt.parse().map_err(|_| TokenError::Malformed)?;
        let tag = BASE32_NOPAD
            .decode(mac.to_ascii_uppercase().as_bytes())
            .map_err(|_| TokenError::Malformed)?;
        if tag.len() != MAC_BYTES {
            return Err(TokenError::Malformed);
        }
        // Constant-time check of the truncated tag.
        self.hmac(id, prompt)
            .verify_truncated_left(&tag)
            .map_err(|_| TokenError::BadSignature)?;
        Ok(ReplyToken {
            mentorship_id: id.to_string(),
            prompt,
        })
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
                prompt: 7
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
}
