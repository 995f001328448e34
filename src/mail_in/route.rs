//! Where a received mail goes, from its recipients: a reply token, or the notes address.

use crate::mail::token::{REPLY_PREFIX, UNSUBSCRIBE_PREFIX};

pub enum Route {
    /// `reflect+TOKEN@`, or `unsubscribe+TOKEN@` (the prompts' List-Unsubscribe mailto), which
    /// is read as the command "stop" whatever the mail says.
    Reply {
        token: String,
        unsubscribe: bool,
    },
    Notes,
    None,
}

/// The route of a mail to `recipients` on `domain`; a token wins over the notes address.
pub fn route(domain: &str, notes_local_part: &str, recipients: &[String]) -> Route {
    let mut notes = false;
    for address in recipients {
        let Some((local, host)) = address.rsplit_once('@') else {
            continue;
        };
        if !host.eq_ignore_ascii_case(domain) {
            continue;
        }
        if let Some(token) = local.strip_prefix(REPLY_PREFIX) {
            return Route::Reply {
                token: token.to_string(),
                unsubscribe: false,
            };
        }
        if let Some(token) = local.strip_prefix(UNSUBSCRIBE_PREFIX) {
            return Route::Reply {
                token: token.to_string(),
                unsubscribe: true,
            };
        }
        if local.eq_ignore_ascii_case(notes_local_part) {
            notes = true;
        }
    }
    if notes { Route::Notes } else { Route::None }
}
