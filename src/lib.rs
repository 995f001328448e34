//! mentormail: an email-driven mentorship assistant.
//!
//! Data flows inbound (`ingest`: raw MIME -> records) and outbound (`schedule`: due items -> mail).
//! `domain` and `mail` are the pure core; `store` and `send` are the adapters behind small traits.

#[cfg(feature = "aws")]
pub mod aws;
pub mod config;
pub mod domain;
pub mod fanout;
pub mod feedback;
#[cfg(feature = "aws")]
pub mod handlers;
pub mod ingest;
pub mod mail;
pub mod replies;
pub mod schedule;
pub mod send;
#[cfg(feature = "aws")]
pub mod source;
pub mod store;
