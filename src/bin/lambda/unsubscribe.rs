//! The function `unsubscribe`: the function URL behind the mail links -> the pages of
//! `mentormail::web` (RFC 8058 one-click unsubscribe, the preferences page).

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::handlers::unsubscribe::UnsubscribeHandler;
use tokio::sync::OnceCell;

pub async fn run() -> Result<(), Error> {
    // Built on the first request: the SDK configuration reads the TLS roots and the settings
    // read the token secret from SSM (see `inbound`).
    let handler = OnceCell::new();
    let handler = &handler;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<LambdaFunctionUrlRequest>| async move {
            let handler = handler
                .get_or_try_init(|| async {
                    let clients = Clients::from_env().await;
                    let settings = clients.settings().await?;
                    Ok::<_, Error>(UnsubscribeHandler {
                        repo: clients.repo()?,
                        archive: clients.archive().ok(),
                        token_key: settings.token_key.clone(),
                        programme: settings.programme.clone(),
                    })
                })
                .await?;
            Ok::<LambdaFunctionUrlResponse, Error>(
                handler.handle(event.payload, Timestamp::now()).await?,
            )
        },
    ))
    .await
}
