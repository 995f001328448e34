//! mentormail: an email-driven mentorship assistant.
//!
//! Mail flows two ways, each a use case that speaks to small ports:
//! - `mail_in`: a received mail -> a reflection, feedback, a command or an answer, written once;
//! - `mail_out`: what is due now -> prompts, reminders, nudges, digests, sent once.
//!
//! `domain` (records and rules) and `mail` (parsing, rendering, tokens) are the pure core. `admin`
//! holds what admins and the mail provider do besides (enrol, goals, unsubscribe, bounces,
//! timelines). The ports and their adapters: `store` (DynamoDB, SQLite), `mailer` (SES v2, an
//! outbox folder), `raw_mail` (S3), `jobs` (SQS). `clients` builds the AWS adapters, `config`
//! reads the environment, `handlers` are the Lambda functions' logic, `web` the pages behind
//! the links in mail (the function URL, and `mentormail serve` locally). See docs/architecture.md.

pub mod admin;
pub mod archive;
#[cfg(feature = "aws")]
pub mod clients;
pub mod config;
pub mod domain;
#[cfg(feature = "aws")]
pub mod handlers;
pub mod jobs;
pub mod logging;
pub mod mail;
pub mod mail_in;
pub mod mail_out;
pub mod mailer;
pub mod metrics;
pub mod raw_mail;
pub mod report;
pub mod store;
pub mod web;
