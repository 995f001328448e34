//! MIME in and out, no I/O: parsing and classifying inbound mail, rendering outgoing mail,
//! reply tokens, and
//! what the header block says about who sent a mail (`headers`, `sender`, `authentication`,
//! `automatic`).

pub mod authentication;
pub mod automatic;
pub mod capture;
pub mod footer;
pub mod headers;
pub mod item_commands;
pub mod notes;
pub mod parse;
pub mod render;
pub mod sender;
pub mod token;
