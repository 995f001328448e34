//! SES v2 adapter: sends the rendered MIME as Raw content, so our own headers (Reply-To token,
//! `Auto-Submitted`, `List-Unsubscribe`) reach the recipient unchanged.

use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::operation::send_email::SendEmailError;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{Destination, EmailContent, MessageTag, RawMessage};

use super::ses_errors::{self, SesFailure};
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
            .map_err(|e| SendError::Transient(e.to_string()))?;
        let mut tags = Vec::with_capacity(mail.tags.len());
        for (name, value) in &mail.tags {
            tags.push(
                MessageTag::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(|e| SendError::Transient(e.to_string()))?,
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
            .ok_or_else(|| SendError::Transient("SES returned no message id".to_owned()))
    }
}

fn classify_sdk_error(error: SdkError<SendEmailError>) -> SendError {
    let detail = DisplayErrorContext(&error).to_string();
    match &error {
        SdkError::ServiceError(failure) => {
            let status = failure.raw().status().as_u16();
            classify_service_error(failure.err(), Some(status))
        }
        // Timeouts, connection failures, unreadable responses: worth retrying later.
        _ => SendError::Transient(detail),
    }
}

/// Maps an SES v2 `SendEmail` failure (with the HTTP status of its answer) to what the run
/// should do about it: [`ses_errors::classify`] on its code and message.
pub fn classify_service_error(error: &SendEmailError, status: Option<u16>) -> SendError {
    // Errors read from a response carry code and message in their metadata; the rest print
    // as `<code>: <message>` themselves.
    let detail = match error.message() {
        Some(message) => format!("{}: {message}", error.code().unwrap_or("unknown")),
        None => error.to_string(),
    };
    ses_errors::classify(SesFailure {
        code: error.code(),
        message: error.message(),
        status,
    })
    .with_detail(detail)
}

#[cfg(test)]
mod tests {
    use aws_sdk_sesv2::types::error::{
        AccountSuspendedException, BadRequestException, LimitExceededException,
        MailFromDomainNotVerifiedException, MessageRejected, NotFoundException,
        TooManyRequestsException,
    };

    use super::*;

    /// The SDK's modelled errors keep their code in their metadata: each reaches the right kind.
    #[test]
    fn modelled_errors_reach_their_kind() {
        let too_many = SendEmailError::TooManyRequestsException(
            TooManyRequestsException::builder()
                .message("Maximum sending rate exceeded.")
                .meta(meta(
                    "TooManyRequestsException",
                    "Maximum sending rate exceeded.",
                ))
                .build(),
        );
        assert!(matches!(
            classify_service_error(&too_many, Some(429)),
            SendError::Throttled(m) if m.contains("Maximum sending rate")
        ));
        let suppressed = SendEmailError::MessageRejected(
            MessageRejected::builder()
                .message("Address blacklisted.")
                .meta(meta("MessageRejected", "Address blacklisted."))
                .build(),
        );
        assert!(matches!(
            classify_service_error(&suppressed, Some(400)),
            SendError::RecipientRefused(_)
        ));
        let configuration = [
            SendEmailError::MessageRejected(
                MessageRejected::builder()
                    .meta(meta("MessageRejected", "Email address is not verified."))
                    .build(),
            ),
            SendEmailError::MailFromDomainNotVerifiedException(
                MailFromDomainNotVerifiedException::builder()
                    .meta(meta("MailFromDomainNotVerifiedException", ""))
                    .build(),
            ),
            SendEmailError::BadRequestException(
                BadRequestException::builder()
                    .meta(meta("BadRequestException", "Invalid tag"))
                    .build(),
            ),
            SendEmailError::AccountSuspendedException(
                AccountSuspendedException::builder()
                    .meta(meta("AccountSuspendedException", ""))
                    .build(),
            ),
            SendEmailError::NotFoundException(
                NotFoundException::builder()
                    .meta(meta(
                        "NotFoundException",
                        "Configuration set does not exist",
                    ))
                    .build(),
            ),
            SendEmailError::LimitExceededException(
                LimitExceededException::builder()
                    .meta(meta("LimitExceededException", ""))
                    .build(),
            ),
        ];
        for error in &configuration {
            let kind = classify_service_error(error, Some(400));
            assert!(matches!(kind, SendError::Configuration(_)), "{kind:?}");
        }
    }

    fn meta(code: &str, message: &str) -> aws_sdk_sesv2::error::ErrorMetadata {
        aws_sdk_sesv2::error::ErrorMetadata::builder()
            .code(code)
            .message(message)
            .build()
    }
}
