//! Any bytes through `parse`: it must return, never panic, whatever the MIME.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = mentormail::mail::parse::parse(data);
    // The CLI prints the result as JSON (`parse --json`), so serialising must not fail either.
    serde_json::to_string(&parsed).expect("a parsed mail serialises to JSON");
});
