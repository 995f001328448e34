//! The `mentormail` binary as a user runs it.

mod local_and_aws_modes;
mod mentor_notes;
mod person_reactivate;
