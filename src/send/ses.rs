//! SES v2 adapter.
