//! Records and rules of a mentoring programme. No I/O: everything here is a function of its
//! arguments (the clock included), so the scheduler's rules can be tested by travelling in time.

pub mod attachment;
pub mod commands;
pub mod dates;
pub mod decision;
pub mod email;
pub mod entry;
pub mod entry_fit;
pub mod event;
pub mod feedback;
pub mod goal;
pub mod ids;
pub mod initial_schedule;
pub mod mentorship;
pub mod pair_status;
pub mod person;
pub mod programme;
pub mod prompts;
pub mod replies;
pub mod reschedule;
pub mod schedule;
pub mod task;
pub mod time;
pub mod zone;

pub use decision::{DECISION_FOLLOW_UPS, Decision, Outcome};
pub use email::Email;
pub use entry::{Entry, EntryBody, ForwardedNote, SendOutcome, SentMail};
pub use event::{Event, EventKind};
pub use goal::{Goal, GoalStatus, ProgressNote};
pub use mentorship::{Cadence, Mentorship, Pairing, Role, Weekday};
pub use pair_status::PairStatus;
pub use person::{Person, PersonStatus};
pub use programme::ProgrammeSettings;
pub use task::{MailKind, PromptCache, Scheduled, Task};
pub use zone::Zone;
