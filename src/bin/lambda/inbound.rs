//! The function `inbound`: SES receipt event -> raw mail from S3 -> records in DynamoDB.

use aws_lambda_events::event::ses::SimpleEmailEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::archive::s3::S3Archive;
use mentormail::clients::Clients;
use mentormail::handlers::inbound::{InboundHandler, RecordResult};
use mentormail::mail_in::MailIn;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use tokio::sync::OnceCell;

pub async fn run() -> Result<(), Error> {
    // Built on the first event, not before the first poll: loading the SDK configuration reads
    // and parses the TLS root certificates, and the settings read the token secret from SSM,
    // together most of a start-up (BENCHMARKS.md, "Lambda start-up"). The first event needs them
    // anyway, so a cold start costs the same in total; the init stays as short as the minimal
    // function's, and an instance that Lambda starts ahead of demand and never sends an event
    // does not pay for them. A failed build fails that event, with the reason in the log, and is
    // tried again with the next.
    let handler = OnceCell::new();
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<SimpleEmailEvent>| async move {
            let handler = handler.get_or_try_init(build).await?;
            Ok::<Vec<RecordResult>, Error>(handler.handle(event.payload).await?)
        },
    ))
    .await
}

/// The handler on the AWS adapters.
type Inbound = InboundHandler<DynamoStore, SesMailer, S3Archive, S3RawMail>;

async fn build() -> Result<Inbound, Error> {
    let clients = Clients::from_env().await;
    let settings = clients.settings().await?;
    Ok(InboundHandler {
        mail_in: MailIn {
            repo: clients.repo()?,
            mailer: clients.mailer(&settings),
            archive: clients.archive()?,
            settings: settings.ingest(),
        },
        source: clients.raw_mail()?,
    })
}
