//! The function `scheduler`: EventBridge schedule -> what is due. With `MENTORMAIL_SEND_QUEUE_URL`
//! set (as the SAM template does) it claims due items and queues them for the `sender` function;
//! without it, it renders and sends them through SES v2 itself.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use mentormail::clients::Clients;
use mentormail::config;
use mentormail::handlers::scheduler::{PlannerHandler, SchedulerHandler};
use mentormail::mail_out::{MailOut, Planner, QUEUE_LEASE, RunReport};
use tokio::sync::OnceCell;

type Tick = LambdaEvent<EventBridgeEvent<serde_json::Value>>;

pub async fn run() -> Result<(), Error> {
    // The adapters are built on the first event: the SDK configuration reads the TLS roots, and
    // direct sending reads the token secret from SSM (see `inbound`).
    if config::send_queue_url().is_some() {
        // Fan-out: no mail is rendered here, so neither the token secret nor SES is needed.
        let handler = OnceCell::new();
        let handler = &handler;
        return lambda_runtime::run(service_fn(move |event: Tick| async move {
            let handler = handler
                .get_or_try_init(|| async {
                    let clients = Clients::from_env().await;
                    Ok::<_, Error>(PlannerHandler {
                        planner: Planner {
                            repo: clients.repo()?,
                            queue: clients.send_queue().ok_or("no send queue")?,
                            lease: QUEUE_LEASE,
                        },
                    })
                })
                .await?;
            Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
        }))
        .await;
    }
    let handler = OnceCell::new();
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: Tick| async move {
        let handler = handler
            .get_or_try_init(|| async {
                let clients = Clients::from_env().await;
                let settings = clients.settings().await?;
                Ok::<_, Error>(SchedulerHandler {
                    mail_out: MailOut {
                        repo: clients.repo()?,
                        mailer: clients.mailer(&settings),
                        settings: settings.schedule(),
                    },
                })
            })
            .await?;
        Ok::<RunReport, Error>(handler.handle(event.payload, Timestamp::now()).await?)
    }))
    .await
}
