//! SQLite adapter for local mode.
