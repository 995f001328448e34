//! Lambda entry `unsubscribe`: function URL (RFC 8058 one-click POST) -> the mentee is stopped.

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::config::{Settings, table_name};
use mentormail::handlers::unsubscribe::UnsubscribeHandler;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let sdk = mentormail::aws::load_config().await;
    let settings = Settings::from_env_aws(&sdk).await?;
    let handler = UnsubscribeHandler {
        repo: Repo::new(DynamoStore::new(
            mentormail::aws::dynamodb_client(&sdk),
            table_name()?,
        )),
        token_key: settings.token_key.clone(),
        programme: settings.programme.clone(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<LambdaFunctionUrlRequest>| async move {
            Ok::<LambdaFunctionUrlResponse, Error>(
                handler.handle(event.payload, Timestamp::now()).await?,
            )
        },
    ))
    .await
}
