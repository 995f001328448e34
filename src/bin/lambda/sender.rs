//! Lambda entry `sender`: SQS send jobs from the scheduler -> mail through SES v2, paced so that
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

#[tokio::main]
async fn main() -> Result<(), Error> {
    mentormail::logging::init_lambda();
    let clients = Clients::from_env().await;
    let settings = clients.settings().await?;
    let (rate, senders) = sender_rate()?;
    let handler = SenderHandler {
        mail_out: MailOut {
            repo: clients.repo()?,
            mailer: Paced::new(
                clients.mailer(&settings),
                Paced::<SesMailer>::interval_for(rate, senders),
            ),
            settings: settings.schedule(),
        },
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let (response, report) = handler.handle(event.payload, Timestamp::now()).await;
        Ok::<SqsBatchResponse, Error>(lambda_result(response, report)?)
    }))
    .await
}
