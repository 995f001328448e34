//! Lambda entry `sender`: SQS send jobs from the scheduler -> mail through SES v2, paced so that
//! all sender functions together stay under the account's send rate.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::config::{Settings, sender_rate, table_name};
use mentormail::handlers::sender::SenderHandler;
use mentormail::send::paced::Paced;
use mentormail::send::ses::SesMailer;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let sdk = mentormail::aws::load_config().await;
    let settings = Settings::from_env_aws(&sdk).await?;
    let (rate, senders) = sender_rate()?;
    let handler = SenderHandler {
        repo: Repo::new(DynamoStore::new(
            mentormail::aws::dynamodb_client(&sdk),
            table_name()?,
        )),
        mailer: Paced::new(
            SesMailer::new(
                mentormail::aws::sesv2_client(&sdk),
                settings.configuration_set.clone(),
            ),
            Paced::<SesMailer>::interval_for(rate, senders),
        ),
        settings: settings.schedule(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let (response, _report) = handler.handle(event.payload, Timestamp::now()).await;
        Ok::<SqsBatchResponse, Error>(response)
    }))
    .await
}
