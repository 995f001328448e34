//! The `mentormail` binary as a user runs it.

mod import_and_listing;
mod local_and_aws_modes;
mod mentor_notes;
mod person_reactivate;
