//! Lambda entry `inbound`: SES receipt event -> raw mail from S3 -> records in DynamoDB.

use aws_lambda_events::event::ses::SimpleEmailEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::handlers::inbound::{InboundHandler, RecordResult};
use mentormail::mail_in::MailIn;

#[tokio::main]
async fn main() -> Result<(), Error> {
    mentormail::logging::init_lambda();
    // Clients and settings once per cold start; every invocation borrows them.
    let clients = Clients::from_env().await;
    let settings = clients.settings().await?;
    let handler = InboundHandler {
        mail_in: MailIn {
            repo: clients.repo()?,
            mailer: clients.mailer(&settings),
            archive: clients.archive()?,
            settings: settings.ingest(),
        },
        source: clients.raw_mail()?,
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<SimpleEmailEvent>| async move {
            Ok::<Vec<RecordResult>, Error>(handler.handle(event.payload).await?)
        },
    ))
    .await
}
