//! Lambda entry `inbound`: SES receipt event -> raw mail from S3 -> records in DynamoDB.

use aws_lambda_events::event::ses::SimpleEmailEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::config::{Settings, inbound_bucket, table_name};
use mentormail::handlers::inbound::{InboundHandler, RecordResult};
use mentormail::source::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    // Clients and settings once per cold start; every invocation borrows them.
    let sdk = mentormail::aws::load_config().await;
    let settings = Settings::from_env_aws(&sdk).await?;
    let (bucket, prefix) = inbound_bucket()?;
    let handler = InboundHandler {
        repo: Repo::new(DynamoStore::new(
            mentormail::aws::dynamodb_client(&sdk),
            table_name()?,
        )),
        source: S3RawMail::new(mentormail::aws::s3_client(&sdk), bucket, prefix),
        settings: settings.ingest(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<SimpleEmailEvent>| async move {
            Ok::<Vec<RecordResult>, Error>(handler.handle(event.payload).await?)
        },
    ))
    .await
}
