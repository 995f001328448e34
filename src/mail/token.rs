//! Reply tokens: `reflect+<mentorship>-<about>-<key><issued>-<mac>@DOMAIN`.
//!
//! The token names the mentorship and what a reply answers (`<about>`: a prompt's number, `g`
//! and a goal id for a goal reminder, `k` for the kickoff, `m` for mail to the mentor), which key
//! signed it (`<key>`: two characters of the secret's fingerprint, so the secret can be rotated
//! while the previous one is still accepted) and the day the mail was due (`<issued>`, days since
//! 2020-01-01 in base32), after which it expires ([`MAX_TOKEN_AGE_DAYS`]). It carries an
//! HMAC-SHA256 over all of that (truncated to 80 bits, base32) so that nobody can forge an
//! address that writes into someone else's timeline. SES rewrites Message-ID, so threading
//! headers are never the key. Everything is lower case: some relays fold local parts.
//!
//! The first form, `<mentorship>-<about>-<mac>` (no key id, no date), is still read: mail sent
//! before keys and dates were added carries it. It is accepted when a configured key signed it,
//! so it dies with the secret it was signed with.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use sha2::{Digest, Sha256};

/// The local-part prefix of reply addresses.
pub const REPLY_PREFIX: &str = "reflect+";
/// The local-part prefix of the List-Unsubscribe mailto address: mail to it stops the mentee.
pub const UNSUBSCRIBE_PREFIX: &str = "unsubscribe+";
/// The local part of the mentors' shared notes address.
pub const NOTES_LOCAL_PART: &str = "notes";
/// Between the notes local part and a mentor's personal token: `notes+TOKEN@`.
pub const PERSONAL_SEPARATOR: char = '+';
const MAC_BYTES: usize = 10;
/// A reply to mail older than this is refused: its token expired.
pub const MAX_TOKEN_AGE_DAYS: i64 = 365;
/// Characters of a key's fingerprint in a token.
const KEY_ID_LEN: usize = 2;
/// Base32 characters of the issue day (32^3 days: until the 2100s).
const DAY_LEN: usize = 3;

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyToken {
    pub mentorship_id: String,
    /// The prompt answered; 0 when the token is about something else (see `about`).
    pub prompt: u32,
    pub about: TokenAbout,
    /// The day the mail was due, when the token says (not in the first form).
    pub issued: Option<Date>,
}

impl ReplyToken {
    /// Whether a reply received at `at` comes too late for this token.
    pub fn expired_at(&self, at: Timestamp) -> bool {
        let today = at.to_zoned_datetime(TimeZone::UTC).date();
        self.issued
            .is_some_and(|issued| today > issued.saturating_add(MAX_TOKEN_AGE_DAYS.days()))
    }
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
    /// A follow-up of this decision: the reply is its outcome.
    Decision(String),
}

impl TokenAbout {
    /// The token's middle field.
    pub fn field(&self) -> String {
        match self {
            TokenAbout::Prompt(n) => n.to_string(),
            TokenAbout::Goal(id) => format!("g{id}"),
            TokenAbout::Kickoff => "k".to_string(),
            TokenAbout::Mentor => "m".to_string(),
            TokenAbout::Decision(id) => format!("d{id}"),
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
        if let Some(id) = field.strip_prefix('d') {
            return (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
                .then(|| TokenAbout::Decision(id.to_string()));
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
    #[error("reply token signed with a key no longer accepted")]
    UnknownKey,
}

/// The first day of the issue-day count.
fn epoch() -> Date {
    jiff::civil::date(2020, 1, 1)
}

fn encode_day(day: Date) -> String {
    let n = (day - epoch()).get_days().clamp(0, 32_767) as u16;
    let alphabet = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..DAY_LEN)
        .rev()
        .map(|i| alphabet[((n >> (5 * i)) & 31) as usize] as char)
        .collect()
}

fn decode_day(text: &str) -> Option<Date> {
    if text.len() != DAY_LEN {
        return None;
    }
    let mut n: i64 = 0;
    for b in text.bytes() {
        let digit = match b {
            b'a'..=b'z' => b - b'a',
            b'2'..=b'7' => b - b'2' + 26,
            _ => return None,
        };
        n = n * 32 + i64::from(digit);
    }
    epoch().checked_add(n.days()).ok()
}

/// One secret and its id.
#[derive(Clone)]
struct Secret {
    id: String,
    bytes: Vec<u8>,
}

impl Secret {
    fn new(bytes: Vec<u8>) -> Self {
        let digest = Sha256::digest(&bytes);
        let id = BASE32_NOPAD.encode(&digest[..2]).to_ascii_lowercase()[..KEY_ID_LEN].to_string();
        Self { id, bytes }
    }

    fn hmac(&self, message: &str) -> Hmac<Sha256> {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.bytes)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(message.as_bytes());
        mac
    }
}

/// Signs tokens with the current secret and checks them with it or the previous one (rotation:
/// mail sent before the change keeps working until the previous secret is removed).
#[derive(Clone)]
pub struct TokenKey {
    current: Secret,
    previous: Vec<Secret>,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TokenKey({}, previous {})",
            self.current.id,
            self.previous.len()
        )
    }
}

impl TokenKey {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            current: Secret::new(secret.into()),
            previous: Vec::new(),
        }
    }

    /// Also accept tokens signed with `previous` (the secret before a rotation).
    pub fn with_previous(mut self, previous: impl Into<Vec<u8>>) -> Self {
        let previous = Secret::new(previous.into());
        if previous.bytes != self.current.bytes {
            self.previous.push(previous);
        }
        self
    }

    /// The id tokens carry for the current secret.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    fn secrets(&self) -> impl Iterator<Item = &Secret> {
        std::iter::once(&self.current).chain(&self.previous)
    }

    /// The first form's MAC (no key id, no date).
    fn first_form_message(mentorship_id: &str, field: &str) -> String {
        // A prompt's field is its number, so prompt tokens are the ones v1 always signed.
        format!("reflect:v1:{mentorship_id}:{field}")
    }

    fn dated_message(mentorship_id: &str, field: &str, stamp: &str) -> String {
        format!("reflect:v2:{mentorship_id}:{field}:{stamp}")
    }

    fn tag(mac: Hmac<Sha256>) -> String {
        let tag = mac.finalize().into_bytes();
        BASE32_NOPAD.encode(&tag[..MAC_BYTES]).to_ascii_lowercase()
    }

    fn mac(&self, mentorship_id: &str, field: &str) -> String {
        Self::tag(
            self.current
                .hmac(&Self::first_form_message(mentorship_id, field)),
        )
    }

    /// The token of mail about `about`, due on `issued`: current key id, issue day, MAC.
    pub fn token_issued(&self, mentorship_id: &str, about: &TokenAbout, issued: Date) -> String {
        let field = about.field();
        let stamp = format!("{}{}", self.current.id, encode_day(issued));
        let mac = Self::tag(
            self.current
                .hmac(&Self::dated_message(mentorship_id, &field, &stamp)),
        );
        format!("{mentorship_id}-{field}-{stamp}-{mac}")
    }

    /// The reply address of mail about `about`, due on `issued`.
    pub fn reply_address_issued(
        &self,
        mentorship_id: &str,
        about: &TokenAbout,
        issued: Date,
        domain: &str,
    ) -> String {
        format!(
            "{REPLY_PREFIX}{}@{domain}",
            self.token_issued(mentorship_id, about, issued)
        )
    }

    /// A MAC of `message` for a purpose other than tokens (a page's anti-forgery value), with the
    /// current secret; `purpose` keeps it from ever passing for a token's.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        Self::tag(self.current.hmac(&format!("{purpose}:{message}")))
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

    /// Check a token (the part after `reflect+`), in either form.
    pub fn verify(&self, token: &str) -> Result<ReplyToken, TokenError> {
        let token = token.to_ascii_lowercase();
        let mut parts = token.splitn(3, '-');
        let (Some(id), Some(field), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TokenError::Malformed);
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(TokenError::Malformed);
        }
        let about = TokenAbout::parse(field).ok_or(TokenError::Malformed)?;
        let (stamp, mac) = match rest.split_once('-') {
            Some((stamp, mac)) => (Some(stamp), mac),
            None => (None, rest),
        };
        let tag = BASE32_NOPAD
            .decode(mac.to_ascii_uppercase().as_bytes())
            .map_err(|_| TokenError::Malformed)?;
        if tag.len() != MAC_BYTES {
            return Err(TokenError::Malformed);
        }
        let issued = match stamp {
            None => {
                // The first form: any configured key may have signed it.
                let message = Self::first_form_message(id, &about.field());
                let signed = self
                    .secrets()
                    .any(|secret| secret.hmac(&message).verify_truncated_left(&tag).is_ok());
                if !signed {
                    return Err(TokenError::BadSignature);
                }
                None
            }
            Some(stamp) => {
                if stamp.len() != KEY_ID_LEN + DAY_LEN || !stamp.is_char_boundary(KEY_ID_LEN) {
                    return Err(TokenError::Malformed);
                }
                let (key_id, day) = stamp.split_at(KEY_ID_LEN);
                let issued = decode_day(day).ok_or(TokenError::Malformed)?;
                let secret = self
                    .secrets()
                    .find(|secret| secret.id == key_id)
                    .ok_or(TokenError::UnknownKey)?;
                // Constant-time check of the truncated tag.
                secret
                    .hmac(&Self::dated_message(id, &about.field(), stamp))
                    .verify_truncated_left(&tag)
                    .map_err(|_| TokenError::BadSignature)?;
                Some(issued)
            }
        };
        Ok(ReplyToken {
            mentorship_id: id.to_string(),
            prompt: match about {
                TokenAbout::Prompt(n) => n,
                _ => 0,
            },
            about,
            issued,
        })
    }

    /// A mentor's personal notes token: a MAC of their address, so that only mail from that
    /// address (still authenticated like any other) is accepted at `notes+TOKEN@`.
    pub fn notes_token(&self, mentor: &str) -> String {
        Self::tag(self.current.hmac(&Self::notes_message(mentor)))
    }

    /// Whether `token` is `mentor`'s personal notes token (compared in constant time).
    pub fn verify_notes_token(&self, mentor: &str, token: &str) -> bool {
        let Ok(tag) = BASE32_NOPAD.decode(token.trim().to_ascii_uppercase().as_bytes()) else {
            return false;
        };
        let message = Self::notes_message(mentor);
        tag.len() == MAC_BYTES
            && self
                .secrets()
                .any(|secret| secret.hmac(&message).verify_truncated_left(&tag).is_ok())
    }

    /// A mentor's personal notes address on `domain`.
    pub fn personal_notes_address(&self, mentor: &str, domain: &str) -> String {
        format!(
            "{NOTES_LOCAL_PART}{PERSONAL_SEPARATOR}{}@{domain}",
            self.notes_token(mentor)
        )
    }

    fn notes_message(mentor: &str) -> String {
        format!("notes:v1:{}", mentor.trim().to_lowercase())
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
                about: TokenAbout::Prompt(7),
                issued: None,
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
        let decision = key.token_about("abc123", &TokenAbout::Decision("q2w3e0".into()));
        assert_eq!(
            key.verify(&decision).unwrap().about,
            TokenAbout::Decision("q2w3e0".into())
        );
        assert_eq!(
            key.verify(&decision.replacen("-dq2w3e0-", "-dq2w3e1-", 1)),
            Err(TokenError::BadSignature)
        );
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

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn dated_tokens_carry_the_key_and_the_day_and_resist_tampering() {
        let key = TokenKey::new("secret");
        let token = key.token_issued("abc123", &TokenAbout::Prompt(4), day("2026-11-30"));
        assert!(
            token.starts_with(&format!("abc123-4-{}", key.key_id())),
            "{token}"
        );
        let read = key.verify(&token).unwrap();
        assert_eq!((read.prompt, read.issued), (4, Some(day("2026-11-30"))));
        // Every part is signed: the day, the key id, the prompt.
        let stamp = &token["abc123-4-".len().."abc123-4-".len() + 5];
        let other_day = format!("{}{}", &stamp[..2], encode_day(day("2027-11-30")));
        assert_eq!(
            key.verify(&token.replacen(stamp, &other_day, 1)),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            key.verify(&token.replacen("-4-", "-5-", 1)),
            Err(TokenError::BadSignature)
        );
        let other_key = format!("zz{}", &stamp[2..]);
        assert_eq!(
            key.verify(&token.replacen(stamp, &other_key, 1)),
            Err(TokenError::UnknownKey)
        );
        assert_eq!(key.verify("abc123-4-ab-"), Err(TokenError::Malformed));
        assert_eq!(
            key.verify("abc123-4-abcd!-aaaa"),
            Err(TokenError::Malformed)
        );
        // Short enough for a local part (64 characters) with a long goal id.
        let goal = key.reply_address_issued(
            "abcdefghij",
            &TokenAbout::Goal("k3j2h1g0f9".into()),
            day("2099-12-31"),
            "x",
        );
        assert!(goal.split('@').next().unwrap().len() <= 64, "{goal}");
    }

    #[test]
    fn the_issue_day_survives_the_round_trip_and_tokens_expire() {
        for text in ["2020-01-01", "2026-11-30", "2079-09-15"] {
            assert_eq!(decode_day(&encode_day(day(text))), Some(day(text)));
        }
        let key = TokenKey::new("secret");
        let token = key.token_issued("abc123", &TokenAbout::Kickoff, day("2026-01-10"));
        let read = key.verify(&token).unwrap();
        assert!(!read.expired_at("2026-12-31T23:00:00Z".parse().unwrap()));
        assert!(!read.expired_at("2027-01-10T12:00:00Z".parse().unwrap()));
        assert!(read.expired_at("2027-01-11T12:00:00Z".parse().unwrap()));
        // The first form has no date, so no expiry; it dies with its key.
        assert!(
            !key.verify(&key.token("abc123", 1))
                .unwrap()
                .expired_at("2099-01-01T00:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn a_rotated_secret_still_accepts_the_previous_ones_tokens_until_it_is_removed() {
        let old = TokenKey::new("old secret");
        let dated = old.token_issued("abc123", &TokenAbout::Prompt(2), day("2026-11-30"));
        let first_form = old.token("abc123", 2);
        let notes = old.notes_token("maya@example.org");
        let rotated = TokenKey::new("new secret").with_previous("old secret");
        assert_ne!(rotated.key_id(), old.key_id());
        assert_eq!(rotated.verify(&dated).unwrap().prompt, 2);
        assert_eq!(rotated.verify(&first_form).unwrap().prompt, 2);
        assert!(rotated.verify_notes_token("maya@example.org", &notes));
        // New mail is signed with the new secret.
        let fresh = rotated.token_issued("abc123", &TokenAbout::Prompt(3), day("2026-12-07"));
        assert!(fresh.contains(&format!("-{}", rotated.key_id())));
        assert_eq!(old.verify(&fresh), Err(TokenError::UnknownKey));
        // After the grace period the previous secret is dropped: its tokens stop working.
        let later = TokenKey::new("new secret");
        assert_eq!(later.verify(&dated), Err(TokenError::UnknownKey));
        assert_eq!(later.verify(&first_form), Err(TokenError::BadSignature));
        assert!(!later.verify_notes_token("maya@example.org", &notes));
    }
}
