//! Lambda entry `ses-events`: SES event publishing (through SNS) -> people whose mail bounces
//! for good or who complain are marked `bouncing`; SES's Send events of scheduled mail become
//! acknowledgements (see `admin::bounces`).

use aws_lambda_events::event::sns::SnsEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::admin::bounces::handle_ses_events;
use mentormail::clients::Clients;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours the function's LoggingConfig (JSON format, application log level).
    mentormail::logging::init_lambda();
    let clients = Clients::from_env().await;
    let repo = clients.repo()?;
    let repo = &repo;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SnsEvent>| async move {
        Ok::<usize, Error>(handle_ses_events(repo, event.payload, Timestamp::now()).await?)
    }))
    .await
}
