//! Lambda handlers as library functions: the binaries in `src/bin/` only build their clients once
//! and hand events to these, so tests can drive the very same code with real events.

pub mod inbound;
pub mod replay;
pub mod scheduler;
pub mod sender;
pub mod unsubscribe;
