//! The one-click unsubscribe handler end to end: the documented function URL event in, the
//! mentee stopped in DynamoDB (moto server) out; GETs and forged tokens change nothing.

mod fixtures;
mod support;

use aws_lambda_events::event::lambda_function_urls::LambdaFunctionUrlRequest;
use fixtures::*;
use mentormail::domain::PersonStatus;
use mentormail::handlers::unsubscribe::UnsubscribeHandler;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

const EVENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/infra/events/function-url-unsubscribe.json"
);

fn event(token: &str, method: &str) -> LambdaFunctionUrlRequest {
    let text = std::fs::read_to_string(EVENT).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["rawQueryString"] = format!("t={token}").into();
    json["queryStringParameters"]["t"] = token.into();
    json["requestContext"]["http"]["method"] = method.into();
    serde_json::from_value(json).expect("the sample event parses as a function URL request")
}

async fn status(repo: &Repo<DynamoStore>) -> PersonStatus {
    repo.person(MENTEE).await.unwrap().unwrap().status
}

#[tokio::test]
async fn a_one_click_post_stops_the_mentee_and_a_get_does_not() {
    let repo = Repo::new(support::dynamo_store().await);
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let settings = settings();
    let handler = UnsubscribeHandler {
        repo,
        token_key: settings.token_key.clone(),
        programme: settings.programme.clone(),
    };
    let token = settings.token_key.token(&m.id, 3);
    let now = ts("2026-11-30T09:05:00Z");

    // A link scanner's GET shows the confirmation page only.
    let shown = handler.handle(event(&token, "GET"), now).await.unwrap();
    assert_eq!(shown.status_code, 200);
    assert!(shown.body.unwrap().contains("method=\"post\""));
    assert_eq!(status(&handler.repo).await, PersonStatus::Active);

    // A forged or mangled token: refused, nothing written, nothing echoed.
    let forged = token.replacen("-3-", "-4-", 1);
    let refused = handler.handle(event(&forged, "POST"), now).await.unwrap();
    assert_eq!(refused.status_code, 400);
    let junk = handler
        .handle(event("<script>alert(1)</script>", "POST"), now)
        .await
        .unwrap();
    assert_eq!(junk.status_code, 400);
    assert!(!junk.body.unwrap().contains("<script>"));
    assert_eq!(status(&handler.repo).await, PersonStatus::Active);

    let done = handler.handle(event(&token, "POST"), now).await.unwrap();
    assert_eq!(done.status_code, 200, "{:?}", done.body);
    assert_eq!(status(&handler.repo).await, PersonStatus::Stopped);
    // Pressed twice (or retried): still fine.
    let again = handler.handle(event(&token, "POST"), now).await.unwrap();
    assert_eq!(again.status_code, 200);
}
