//! The one Lambda binary of the stack. Every function deploys this same `bootstrap`, and the
//! function's `Handler` setting, which Lambda passes to a custom runtime as `_HANDLER`, chooses
//! what it serves. One binary instead of five: `sam build` compiles and links once and shares
//! the artifact among the functions, and the code they have in common (the SDK clients, the
//! store, the mail renderer) is in one file rather than five (figures in BENCHMARKS.md).

use lambda_runtime::Error;

mod inbound;
mod scheduler;
mod sender;
mod ses_events;
mod unsubscribe;

/// The environment variable through which Lambda hands a custom runtime its `Handler` setting.
const HANDLER_ENV: &str = "_HANDLER";

/// The functions, by the `Handler` names that template.yaml gives them.
const FUNCTIONS: [&str; 5] = [
    "inbound",
    "scheduler",
    "sender",
    "ses-events",
    "unsubscribe",
];

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Honours the function's LoggingConfig (JSON format, application log level).
    mentormail::logging::init_lambda();
    let handler = std::env::var(HANDLER_ENV).unwrap_or_default();
    match handler.as_str() {
        "inbound" => inbound::run().await,
        "scheduler" => scheduler::run().await,
        "sender" => sender::run().await,
        "ses-events" => ses_events::run().await,
        "unsubscribe" => unsubscribe::run().await,
        other => {
            let message = format!(
                "{HANDLER_ENV} is {other:?}: set the function's Handler to one of {}",
                FUNCTIONS.join(", ")
            );
            tracing::error!("{message}");
            Err(message.into())
        }
    }
}
