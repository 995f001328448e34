//! The documented sample events of `infra/events/`, with this test's own values filled in.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::lambda_function_urls::LambdaFunctionUrlRequest;
use aws_lambda_events::event::ses::SimpleEmailEvent;

const EVENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/events");

fn sample(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{EVENTS}/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The SES receipt event for a mail from `source` to `recipient` with this DMARC verdict.
pub fn ses_receipt(
    message_id: &str,
    source: &str,
    recipient: &str,
    dmarc: &str,
) -> SimpleEmailEvent {
    let mut json = sample("ses-receipt-reply.json");
    let ses = &mut json["Records"][0]["ses"];
    ses["mail"]["messageId"] = message_id.into();
    ses["mail"]["source"] = source.into();
    ses["mail"]["destination"] = serde_json::json!([recipient]);
    ses["receipt"]["recipients"] = serde_json::json!([recipient]);
    ses["receipt"]["dmarcVerdict"]["status"] = dmarc.into();
    serde_json::from_value(json).expect("the sample event parses as an SES event")
}

/// The EventBridge scheduled event that drives the scheduler.
pub fn scheduled() -> EventBridgeEvent<serde_json::Value> {
    serde_json::from_value(sample("scheduled.json")).unwrap()
}

/// The function URL request of a one-click unsubscribe with `token`, sent as `method`.
pub fn unsubscribe_request(token: &str, method: &str) -> LambdaFunctionUrlRequest {
    let mut json = sample("function-url-unsubscribe.json");
    json["rawQueryString"] = format!("t={token}").into();
    json["queryStringParameters"]["t"] = token.into();
    json["requestContext"]["http"]["method"] = method.into();
    serde_json::from_value(json).expect("the sample event parses as a function URL request")
}

/// SES's Send event of the mail it accepted as `message_id`, through SNS.
pub fn ses_send(message_id: &str, occurrence: &str) -> aws_lambda_events::event::sns::SnsEvent {
    let message = serde_json::json!({
        "eventType": "Send",
        "mail": {
            "messageId": message_id,
            "tags": {mentormail::store::records::OCCURRENCE_TAG: [occurrence]}
        },
        "send": {}
    });
    serde_json::from_value(serde_json::json!({"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ses-events:abc",
        "Sns": {
            "Type": "Notification",
            "MessageId": format!("sns-{message_id}"),
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:ses-events",
            "Subject": null,
            "Message": message.to_string(),
            "Timestamp": "2026-11-23T09:00:31.000Z",
            "SignatureVersion": "1",
            "Signature": "x",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/cert.pem",
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/unsubscribe",
            "MessageAttributes": {}
        }
    }]}))
    .unwrap()
}
