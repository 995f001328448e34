//! Records and rules of a mentoring programme. No I/O: everything here is a function of its
//! arguments (the clock included), so the scheduler's rules can be tested by travelling in time.

pub mod dates;
pub mod entry;
pub mod goal;
pub mod ids;
pub mod mentorship;
pub mod person;
pub mod prompts;
pub mod replies;
pub mod schedule;
pub mod time;

pub use entry::{Entry, EntryBody, ForwardedNote, SendOutcome, SentMail};
pub use goal::{Goal, GoalStatus, ProgressNote};
pub use mentorship::{Cadence, Mentorship, Weekday};
pub use person::{Person, PersonStatus};
