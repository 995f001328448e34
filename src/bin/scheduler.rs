//! Lambda entry `scheduler`: EventBridge schedule -> due mail sent through SES v2.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::config::{Settings, table_name};
use mentormail::handlers::scheduler::SchedulerHandler;
use mentormail::schedule::RunReport;
use mentormail::send::ses::SesMailer;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let sdk = mentormail::aws::load_config().await;
    let settings = Settings::from_env_aws(&sdk).await?;
    let handler = SchedulerHandler {
        repo: Repo::new(DynamoStore::new(
            mentormail::aws::dynamodb_client(&sdk),
            table_name()?,
        )),
        mailer: SesMailer::new(
            mentormail::aws::sesv2_client(&sdk),
            settings.configuration_set.clone(),
        ),
        settings: settings.schedule(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<EventBridgeEvent<serde_json::Value>>| async move {
            Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
        },
    ))
    .await
}
