//! What a programme's admins and the mail provider do to the programme outside the two mail
//! flows: enrol pairs and goals, set the question bank, change a pair's or a person's state,
//! correct the records, answer data requests (export, erase), unsubscribe, react to bounces,
//! read a timeline. Shared by the CLI (local and `--aws`) and the Lambda handlers.

pub mod attachments;
pub mod batches;
#[cfg(feature = "aws")]
pub mod bounces;
pub mod decision_log;
pub mod enrol;
pub mod entries;
pub mod erase;
pub mod export;
pub mod goals;
pub mod import;
pub mod listing;
pub mod lookup;
pub mod mentor_prefs;
pub mod pair_state;
pub mod person_state;
pub mod report;
pub mod timeline;
pub mod unsubscribe;
