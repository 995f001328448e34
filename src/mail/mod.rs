//! MIME in and out, no I/O: parsing and classifying inbound mail, rendering outgoing mail,
//! reply tokens.

pub mod parse;
pub mod render;
pub mod token;
