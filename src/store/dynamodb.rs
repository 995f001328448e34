//! DynamoDB adapter.
