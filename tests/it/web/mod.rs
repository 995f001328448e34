//! The pages behind the links in mail (`mentormail::web`): the handler itself on both stores,
//! and `mentormail serve` driven by headless Chromium and by a plain HTTP client.

mod handler;
mod served;

/// The anti-forgery value a page carries (its `form` field).
pub fn form_value_in(page: &str) -> String {
    let start = page
        .find("name=\"form\" value=\"")
        .expect("the page has a form")
        + "name=\"form\" value=\"".len();
    page[start..]
        .split('"')
        .next()
        .expect("a quoted value")
        .to_string()
}
