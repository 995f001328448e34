//! SES v2 adapter: sends the rendered MIME as Raw content, so our own headers (Reply-To token,
//! `Auto-Submitted`, `List-Unsubscribe`) reach the recipient unchanged.

use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::operation::send_email::SendEmailError;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{Destination, EmailContent, MessageTag, RawMessage};

use super::{Mailer, OutgoingMail, SendError};

#[derive(Debug, Clone)]
pub struct SesMailer {
    pub client: aws_sdk_sesv2::Client,
    /// SES configuration set for event publishing (bounces, complaints) and reputation metrics.
    pub configuration_set: Option<String>,
}

impl SesMailer {
    pub fn new(client: aws_sdk_sesv2::Client, configuration_set: Option<String>) -> Self {
        Self {
            client,
            configuration_set,
        }
    }
}

impl Mailer for SesMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let raw = RawMessage::builder()
            .data(Blob::new(mail.raw.clone()))
            .build()
            .map_err(|e| SendError::Failed(e.to_string()))?;
        let mut tags = Vec::with_capacity(mail.tags.len());
        for (name, value) in &mail.tags {
            tags.push(
                MessageTag::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(|e| SendError::Failed(e.to_string()))?,
            );
        }
        let response = self
            .client
            .send_email()
            .from_email_address(&mail.from)
            .destination(
                Destination::builder()
                    .set_to_addresses(Some(mail.to.clone()))
                    .build(),
            )
            .content(EmailContent::builder().raw(raw).build())
            // Echoed in SES's events: the Send event of a scheduled mail names its occurrence.
            .set_email_tags((!tags.is_empty()).then_some(tags))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(classify_sdk_error)?;
        response
            .message_id
            .ok_or_else(|| SendError::Failed("SES returned no message id".to_owned()))
    }
}

/// Error codes that mean "slow down" even when the SDK does not model them for SendEmail.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "LimitExceededException",
];

fn classify_sdk_error(error: SdkError<SendEmailError>) -> SendError {
    match &error {
        SdkError::ServiceError(failure) => classify_service_error(failure.err()),
        // Timeouts, connection failures, unreadable responses: worth retrying later.
        _ => SendError::Failed(DisplayErrorContext(&error).to_string()),
    }
}

/// Maps an SES v2 `SendEmail` failure to what the scheduler should do about it.
pub fn classify_service_error(error: &SendEmailError) -> SendError {
    // Errors read from a response carry code and message in their metadata; the rest print
    // as `<code>: <message>` themselves.
    let detail = match error.message() {
        Some(message) => format!("{}: {message}", error.code().unwrap_or("unknown")),
        None => error.to_string(),
    };
    match error {
        SendEmailError::TooManyRequestsException(_) | SendEmailError::LimitExceededException(_) => {
            SendError::Throttled(detail)
        }
        // Refusals of this message: an unverified or suppressed address, rejected content, an
        // invalid recipient. Retrying the same message cannot succeed.
        SendEmailError::MessageRejected(_)
        | SendEmailError::MailFromDomainNotVerifiedException(_)
        | SendEmailError::BadRequestException(_) => SendError::Rejected(detail),
        // Account-wide or configuration problems (suspended or paused sending, a missing
        // configuration set): nothing wrong with this message, so retry on a later run.
        SendEmailError::AccountSuspendedException(_)
        | SendEmailError::SendingPausedException(_)
        | SendEmailError::NotFoundException(_) => SendError::Failed(detail),
        other
            if other
                .code()
                .is_some_and(|code| THROTTLING_CODES.contains(&code)) =>
        {
            SendError::Throttled(detail)
        }
        _ => SendError::Failed(detail),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_sesv2::types::error::{
        AccountSuspendedException, BadRequestException, LimitExceededException,
        MailFromDomainNotVerifiedException, MessageRejected, NotFoundException,
        TooManyRequestsException,
    };

    use super::*;

    #[test]
    fn throttling_errors_are_retried_with_back_off() {
        let too_many = SendEmailError::TooManyRequestsException(
            TooManyRequestsException::builder()
                .message("Maximum sending rate exceeded.")
                .build(),
        );
        let limit = SendEmailError::LimitExceededException(
            LimitExceededException::builder()
                .message("Daily message quota exceeded.")
                .build(),
        );
        assert!(
            matches!(classify_service_error(&too_many), SendError::Throttled(m) if m.contains("Maximum sending rate"))
        );
        assert!(matches!(
            classify_service_error(&limit),
            SendError::Throttled(_)
        ));
    }

    #[test]
    fn per_message_refusals_are_rejections() {
        let rejected = SendEmailError::MessageRejected(
            MessageRejected::builder()
                .message("Email address is not verified.")
                .build(),
        );
        let mail_from = SendEmailError::MailFromDomainNotVerifiedException(
            MailFromDomainNotVerifiedException::builder().build(),
        );
        let bad = SendEmailError::BadRequestException(
            BadRequestException::builder()
                .message("Illegal address")
                .build(),
        );
        assert!(
            matches!(classify_service_error(&rejected), SendError::Rejected(m) if m.contains("not verified"))
        );
        assert!(matches!(
            classify_service_error(&mail_from),
            SendError::Rejected(_)
        ));
        assert!(matches!(
            classify_service_error(&bad),
            SendError::Rejected(_)
        ));
    }

    #[test]
    fn account_and_configuration_problems_are_failures() {
        let suspended =
            SendEmailError::AccountSuspendedException(AccountSuspendedException::builder().build());
        let missing_set = SendEmailError::NotFoundException(
            NotFoundException::builder()
                .message("Configuration set does not exist")
                .build(),
        );
        assert!(matches!(
            classify_service_error(&suspended),
            SendError::Failed(_)
        ));
        assert!(matches!(
            classify_service_error(&missing_set),
            SendError::Failed(_)
        ));
    }
}
