//! Outbox folder adapter.
