//! The function `sender`: SQS send jobs from the scheduler -> mail through SES v2, paced so that
//! all sender functions together stay under the account's send rate.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::config::sender_rate;
use mentormail::handlers::sender::{SenderHandler, lambda_result};
use mentormail::mail_out::MailOut;
use mentormail::mailer::paced::Paced;
use mentormail::mailer::ses::SesMailer;
use tokio::sync::OnceCell;

pub async fn run() -> Result<(), Error> {
    let (rate, senders) = sender_rate()?;
    // Built on the first batch: the SDK configuration reads the TLS roots and the settings
    // read the token secret from SSM (see `inbound`).
    let handler = OnceCell::new();
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let handler = handler
            .get_or_try_init(|| async {
                let clients = Clients::from_env().await;
                let settings = clients.settings().await?;
                Ok::<_, Error>(SenderHandler {
                    mail_out: MailOut {
                        repo: clients.repo()?,
                        mailer: Paced::new(
                            clients.mailer(&settings),
                            Paced::<SesMailer>::interval_for(rate, senders),
                        ),
                        settings: settings.schedule(),
                    },
                })
            })
            .await?;
        let (response, report) = handler.handle(event.payload, Timestamp::now()).await;
        Ok::<SqsBatchResponse, Error>(lambda_result(response, report)?)
    }))
    .await
}
