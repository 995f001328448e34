//! Lambda entry `unsubscribe`: the function URL behind the mail links -> the pages of
//! `mentormail::web` (RFC 8058 one-click unsubscribe, the preferences page).

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::handlers::unsubscribe::UnsubscribeHandler;

#[tokio::main]
async fn main() -> Result<(), Error> {
    mentormail::logging::init_lambda();
    let clients = Clients::from_env().await;
    let settings = clients.settings().await?;
    let handler = UnsubscribeHandler {
        repo: clients.repo()?,
        archive: clients.archive().ok(),
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
