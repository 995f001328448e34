//! The adapters behind the use cases: the store on both backends, SES, S3, the AWS
//! configuration, and the Lambda handlers that wire them up.

mod aws_config;
mod dynamodb_store;
mod lambda_handlers;
mod replay_failed;
mod s3_raw_mail;
mod ses_mailer;
mod store_contract;
