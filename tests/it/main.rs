//! The integration tests: one crate, a module per subject. One crate links the AWS SDK once
//! instead of once per file, and its shared helpers (`fixtures`, `moto`, `events`) are each used
//! by some test, so they need no dead-code allowance.
//!
//! Most tests need moto server: `scripts/test` starts it and sets `MENTORMAIL_TEST_ENDPOINT`
//! (see `moto`). The golden corpus of mails is a crate of its own (`tests/corpus.rs`): it needs
//! no AWS.

mod adapters;
mod admin;
mod architecture;
mod browser;
mod cli;
mod events;
mod fault_proxy;
mod fixtures;
mod golden_mail;
mod mail_in;
mod mail_out;
mod moto;
mod proxy_http;
mod report;
mod ses_fault_proxy;
mod template;
mod web;
