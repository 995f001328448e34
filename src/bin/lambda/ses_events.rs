//! The function `ses-events`: SES event publishing (through SNS) -> people whose mail bounces
//! for good or who complain are marked `bouncing`; SES's Send events of scheduled mail become
//! acknowledgements (see `admin::bounces`).

use aws_lambda_events::event::sns::SnsEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::admin::bounces::handle_ses_events;
use mentormail::clients::Clients;
use tokio::sync::OnceCell;

pub async fn run() -> Result<(), Error> {
    // Built on the first event (the SDK configuration reads the TLS roots; see `inbound`).
    let repo = OnceCell::new();
    let repo = &repo;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        let repo = repo
            .get_or_try_init(|| async { Clients::from_env().await.repo() })
            .await?;
        Ok::<usize, Error>(handle_ses_events(repo, event.payload, Timestamp::now()).await?)
    }))
    .await
}
