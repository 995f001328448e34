//! The `mentormail` binary as a user runs it.

mod data_requests;
mod import_and_listing;
mod local_and_aws_modes;
mod mentor_notes;
mod pair_and_person_state;
mod person_reactivate;

/// The `mentormail` binary in AWS mode (`MENTORMAIL_TABLE` set) against moto, run in `dir`.
pub fn aws_mode(dir: &std::path::Path, table: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mentormail"))
        .args(args)
        .current_dir(dir)
        .env("MENTORMAIL_TABLE", table)
        .env("MENTORMAIL_DOMAIN", "mentor.example.org")
        .env("MENTORMAIL_TOKEN_SECRET", "cli-test-secret")
        .env("AWS_ENDPOINT_URL", crate::moto::endpoint())
        .output()
        .expect("run mentormail")
}
