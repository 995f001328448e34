//! The admin's use cases through the library, on both stores: the same clauses against SQLite
//! (a temp file) and DynamoDB on moto.

mod import_and_listing;
