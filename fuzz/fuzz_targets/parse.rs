//! Any bytes through `parse`: it must return, never panic, whatever the MIME.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libFuzzer's panic hook aborts on any panic. `parse` guards its one call into mail-parser,
    // whose known panics on malformed multipart mail it turns into "unreadable"; let those
    // unwind to that guard, and keep every other panic (ours) a crash.
    HOOK.call_once(|| {
        let abort_on_panic = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_mail_parser = info
                .location()
                .is_some_and(|l| l.file().contains("mail-parser-"));
            if !in_mail_parser {
                abort_on_panic(info);
            }
        }));
    });
    let parsed = mentormail::mail::parse::parse(data);
    // The CLI prints the result as JSON (`parse --json`), so serialising must not fail either.
    serde_json::to_string(&parsed).expect("a parsed mail serialises to JSON");
});
