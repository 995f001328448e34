//! Any bytes through `parse`: it must return, never panic, whatever the MIME.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = mentormail::mail::parse::parse(data);
    // Serialising is part of the contract (the CLI prints it), so it must not fail either.
    let _ = serde_json_len(&parsed);
});

fn serde_json_len(parsed: &mentormail::mail::parse::ParsedMail) -> usize {
    format!("{parsed:?}").len()
}
