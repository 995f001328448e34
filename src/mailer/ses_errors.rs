//! Which SES v2 `SendEmail` errors concern the recipient, and which concern sending itself.
//!
//! Only a refusal of that one recipient may mark a person bouncing. A misconfigured sender (an
//! unverified identity or MAIL FROM domain, the sandbox, a paused or suspended account, a missing
//! configuration set) refuses every recipient alike: taking it for theirs would silence the whole
//! programme, one person at a time. So an error is a recipient refusal only when its code and
//! its words say so about the address; any other client error is configuration (the run stops
//! and the alarm fires), and a server error or a request that never got an answer is transient.
//!
//! Pure: the SES adapter ([`super::ses`]) reads code, message and HTTP status off the SDK's error
//! and asks [`classify`].

use super::SendError;

/// What a failed send means for the run, before its detail is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// See [`SendError::RecipientRefused`].
    RecipientRefused,
    /// See [`SendError::Throttled`].
    Throttled,
    /// See [`SendError::Transient`].
    Transient,
    /// See [`SendError::Configuration`].
    Configuration,
}

impl FailureKind {
    pub fn with_detail(self, detail: String) -> SendError {
        match self {
            Self::RecipientRefused => SendError::RecipientRefused(detail),
            Self::Throttled => SendError::Throttled(detail),
            Self::Transient => SendError::Transient(detail),
            Self::Configuration => SendError::Configuration(detail),
        }
    }
}

/// One failed `SendEmail` as SES answered it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SesFailure<'a> {
    /// The error code (`x-amzn-ErrorType` or the body's `__type`, without its namespace), e.g.
    /// `MessageRejected`.
    pub code: Option<&'a str>,
    pub message: Option<&'a str>,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
}

/// Codes whose words may name the recipient as the cause (a refused or malformed address).
const REFUSAL_CODES: &[&str] = &[
    "MessageRejected",
    "BadRequestException",
    "InvalidParameterValue",
];

/// Words of a refusal that concern sending itself even when they list the recipient: in the
/// sandbox an unverified recipient fails the same identity check as an unverified sender, and
/// leaving the sandbox is the admin's business, not the recipient's.
const CONFIGURATION_WORDS: &[&str] = &[
    "not verified",
    "failed the check",
    "sandbox",
    "sending paused",
    "suspended",
    "configuration set",
];

/// Words of a refusal that put the recipient's address at fault. The sender address cannot be
/// malformed (template.yaml's `SenderLocalPart` and `MailDomain` patterns), so a malformed
/// address is the recipient's. SES v2 accepts mail to an address on a suppression list and
/// reports a bounce instead (read by the ses-events function); the suppression words here are
/// the refusals it still gives at the call (the older "Address blacklisted").
const RECIPIENT_WORDS: &[&str] = &[
    "address blacklisted",
    "suppression list",
    "illegal address",
    "missing final '@domain'",
    "local address contains control or whitespace",
    "domain contains illegal character",
    "domain contains control or whitespace",
    "domain starts with dot",
    "domain ends with dot",
];

/// Throttling codes (SES v2 models `TooManyRequestsException`; the sending limits come as
/// `ThrottlingException`, its v1 name `Throttling`).
const THROTTLING_CODES: &[&str] = &[
    "TooManyRequestsException",
    "ThrottlingException",
    "Throttling",
];

/// A throttling whose words say the daily quota is spent: no retry within the run helps, and an
/// admin has to raise the quota, so it stops the run and raises the alarm.
const QUOTA_WORDS: &[&str] = &["daily message quota", "daily sending quota"];

/// Server-side codes: SES failed, not the request.
const SERVER_CODES: &[&str] = &[
    "InternalFailure",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
];

fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| text.contains(word))
}

/// What a failed `SendEmail` means: see the module documentation.
pub fn classify(failure: SesFailure<'_>) -> FailureKind {
    let words = failure.message.unwrap_or_default().to_ascii_lowercase();
    let status = failure.status.unwrap_or(0);
    match failure.code {
        Some(code) if THROTTLING_CODES.contains(&code) => {
            if mentions(&words, QUOTA_WORDS) {
                FailureKind::Configuration
            } else {
                FailureKind::Throttled
            }
        }
        Some(code) if REFUSAL_CODES.contains(&code) => {
            if !mentions(&words, CONFIGURATION_WORDS) && mentions(&words, RECIPIENT_WORDS) {
                FailureKind::RecipientRefused
            } else {
                FailureKind::Configuration
            }
        }
        Some(code) if SERVER_CODES.contains(&code) => FailureKind::Transient,
        _ if status == 429 => FailureKind::Throttled,
        _ if status >= 500 => FailureKind::Transient,
        // Every other answered error is about the request we make for everyone alike
        // (MailFromDomainNotVerifiedException, AccountSuspendedException, SendingPausedException,
        // NotFoundException, LimitExceededException, AccessDenied..., an unknown code): stop and
        // tell an admin.
        Some(_) => FailureKind::Configuration,
        _ if status >= 400 => FailureKind::Configuration,
        // No answer we could read: the network or a timeout.
        None => FailureKind::Transient,
    }
}

#[cfg(test)]
mod tests {
    use super::FailureKind::{Configuration, RecipientRefused, Throttled, Transient};
    use super::*;

    /// The golden table: SES v2 `SendEmail` errors as SES words them, and what each means.
    const GOLDEN: &[(Option<&str>, u16, &str, FailureKind)] = &[
        // Sender identity not verified, in or out of the sandbox.
        (
            Some("MessageRejected"),
            400,
            "Email address is not verified. The following identities failed the check in region US-EAST-1: coach@mentor.example.org",
            Configuration,
        ),
        // The sandbox refusing an unverified recipient: the same check, not the recipient's fault.
        (
            Some("MessageRejected"),
            400,
            "Email address is not verified. The following identities failed the check in region EU-WEST-1: sam.rivera@example.org",
            Configuration,
        ),
        (
            Some("MessageRejected"),
            400,
            "Email address is not verified.",
            Configuration,
        ),
        (
            Some("MessageRejected"),
            400,
            "Sending identity not verified",
            Configuration,
        ),
        // A refusal we cannot place concerns sending until an admin has looked.
        (
            Some("MessageRejected"),
            400,
            "Message rejected",
            Configuration,
        ),
        (Some("MessageRejected"), 400, "", Configuration),
        (
            Some("MailFromDomainNotVerifiedException"),
            400,
            "The MAIL FROM domain is not verified",
            Configuration,
        ),
        (
            Some("BadRequestException"),
            400,
            "Configuration set mentormail-events is not valid",
            Configuration,
        ),
        (
            Some("BadRequestException"),
            400,
            "Invalid tag value",
            Configuration,
        ),
        (
            Some("AccountSuspendedException"),
            400,
            "Sending suspended for this account",
            Configuration,
        ),
        (
            Some("SendingPausedException"),
            400,
            "Sending paused for this account.",
            Configuration,
        ),
        (
            Some("NotFoundException"),
            404,
            "Configuration set <mentormail-events> does not exist.",
            Configuration,
        ),
        (
            Some("LimitExceededException"),
            400,
            "Limit exceeded",
            Configuration,
        ),
        (
            Some("AccessDeniedException"),
            403,
            "User is not authorized to perform ses:SendEmail",
            Configuration,
        ),
        (Some("SomethingNewException"), 400, "", Configuration),
        (None, 403, "", Configuration),
        // The daily quota: an admin raises it; retrying within the run cannot help.
        (
            Some("ThrottlingException"),
            400,
            "Daily message quota exceeded.",
            Configuration,
        ),
        // The per-second rate: slow down.
        (
            Some("ThrottlingException"),
            400,
            "Maximum sending rate exceeded.",
            Throttled,
        ),
        (
            Some("TooManyRequestsException"),
            429,
            "Too many requests",
            Throttled,
        ),
        (Some("Throttling"), 400, "Rate exceeded", Throttled),
        (None, 429, "", Throttled),
        (Some("InternalFailure"), 500, "Internal failure", Transient),
        (
            Some("ServiceUnavailable"),
            503,
            "Service unavailable",
            Transient,
        ),
        (None, 502, "", Transient),
        (None, 0, "", Transient),
        // That one recipient refused.
        (
            Some("MessageRejected"),
            400,
            "Address blacklisted.",
            RecipientRefused,
        ),
        (
            Some("MessageRejected"),
            400,
            "The address sam.rivera@example.org is on the suppression list for your account.",
            RecipientRefused,
        ),
        (
            Some("BadRequestException"),
            400,
            "Illegal address",
            RecipientRefused,
        ),
        (
            Some("BadRequestException"),
            400,
            "Missing final '@domain'",
            RecipientRefused,
        ),
        (
            Some("InvalidParameterValue"),
            400,
            "Local address contains control or whitespace",
            RecipientRefused,
        ),
        (
            Some("BadRequestException"),
            400,
            "Domain ends with dot",
            RecipientRefused,
        ),
        // Recipient words do not make a configuration error the recipient's.
        (
            Some("AccountSuspendedException"),
            400,
            "Address blacklisted",
            Configuration,
        ),
        (
            Some("MessageRejected"),
            400,
            "Illegal address: sending paused for the configuration set",
            Configuration,
        ),
    ];

    #[test]
    fn golden_table_of_ses_errors() {
        let mut wrong = Vec::new();
        for &(code, status, message, expected) in GOLDEN {
            let failure = SesFailure {
                code,
                message: Some(message),
                status: (status != 0).then_some(status),
            };
            let got = classify(failure);
            if got != expected {
                wrong.push(format!(
                    "{code:?} {status} {message:?}: {got:?}, want {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
    }

    #[test]
    fn only_recipient_refusals_concern_a_person() {
        let refusals = GOLDEN
            .iter()
            .filter(|row| row.3 == RecipientRefused)
            .count();
        assert_eq!(refusals, 6, "the table keeps its recipient rows");
        for &(code, _, message, kind) in GOLDEN {
            if kind == RecipientRefused {
                assert!(
                    code.is_some_and(|c| REFUSAL_CODES.contains(&c)),
                    "{message}"
                );
            }
        }
    }

    #[test]
    fn the_detail_travels_with_the_kind() {
        assert_eq!(
            Configuration.with_detail("SendingPausedException: paused".into()),
            SendError::Configuration("SendingPausedException: paused".into())
        );
        assert_eq!(
            RecipientRefused.with_detail("x".into()),
            SendError::RecipientRefused("x".into())
        );
    }
}
