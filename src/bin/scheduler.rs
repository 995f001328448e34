//! Lambda entry `scheduler`: EventBridge schedule -> what is due. With `MENTORMAIL_SEND_QUEUE_URL`
//! set (as the SAM template does) it claims due items and queues them for the `sender` function;
//! without it, it renders and sends them through SES v2 itself.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::config::{Settings, send_queue_url, table_name};
use mentormail::fanout::QUEUE_LEASE;
use mentormail::fanout::sqs::SqsQueue;
use mentormail::handlers::scheduler::{PlannerHandler, SchedulerHandler};
use mentormail::schedule::RunReport;
use mentormail::send::ses::SesMailer;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

type Tick = LambdaEvent<EventBridgeEvent<serde_json::Value>>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let sdk = mentormail::aws::load_config().await;
    let repo = Repo::new(DynamoStore::new(
        mentormail::aws::dynamodb_client(&sdk),
        table_name()?,
    ));
    if let Some(queue_url) = send_queue_url() {
        // Fan-out: no mail is rendered here, so neither the token secret nor SES is needed.
        let handler = PlannerHandler {
            repo,
            queue: SqsQueue::new(mentormail::aws::sqs_client(&sdk), queue_url),
            lease: QUEUE_LEASE,
        };
        let handler = &handler;
        return lambda_runtime::run(service_fn(move |event: Tick| async move {
            Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
        }))
        .await;
    }
    let settings = Settings::from_env_aws(&sdk).await?;
    let handler = SchedulerHandler {
        repo,
        mailer: SesMailer::new(
            mentormail::aws::sesv2_client(&sdk),
            settings.configuration_set.clone(),
        ),
        settings: settings.schedule(),
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: Tick| async move {
        Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
    }))
    .await
}
