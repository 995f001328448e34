//! Lambda entry `scheduler`: EventBridge schedule -> what is due. With `MENTORMAIL_SEND_QUEUE_URL`
//! set (as the SAM template does) it claims due items and queues them for the `sender` function;
//! without it, it renders and sends them through SES v2 itself.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::handlers::scheduler::{PlannerHandler, SchedulerHandler};
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE, RunReport};

type Tick = LambdaEvent<EventBridgeEvent<serde_json::Value>>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    mentormail::logging::init_lambda();
    let clients = Clients::from_env().await;
    let repo = clients.repo()?;
    if let Some(queue) = clients.send_queue() {
        // Fan-out: no mail is rendered here, so neither the token secret nor SES is needed.
        let handler = PlannerHandler {
            planner: Planner {
                repo,
                queue,
                lease: QUEUE_LEASE,
            },
        };
        let handler = &handler;
        return lambda_runtime::run(service_fn(move |event: Tick| async move {
            Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
        }))
        .await;
    }
    let settings = clients.settings().await?;
    let handler = SchedulerHandler {
        mail_out: MailOut {
            repo,
            mailer: clients.mailer(&settings),
            settings: settings.schedule(),
        },
    };
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: Tick| async move {
        Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
    }))
    .await
}
