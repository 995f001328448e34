//! Mail that comes in: the mentee's replies and the mentor's forwarded notes.

mod aliases;
mod attachments;
mod closing_the_loop;
mod faults;
mod ingest;
mod logs;
mod mentee_replies;
mod mentor_notes;
mod oversize;
mod replays;
mod spoofs;
