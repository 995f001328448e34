//! Mail that goes out: the scheduler, the fan-out through the send queue, and what a run killed
//! half-way leaves behind.

mod fanout;
mod fanout_faults;
mod killed_runs;
mod programmes;
mod recaps_and_summaries;
mod scheduler;
mod ses_errors;
