//! The smallest useful Lambda function on `lambda_runtime`: it echoes its event. The start-up
//! benchmark (`benches/lambda_start.py`) builds it with the same profile as the real functions and
//! measures it in the same run, as the yardstick for their init time and memory.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<Value, Error>(event.payload)
    }))
    .await
}
