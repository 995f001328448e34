//! Where a received mail goes, from its recipients: a reply token, a mentor's personal notes
//! address, or the shared notes address.

use crate::mail::token::{NOTES_LOCAL_PART, PERSONAL_SEPARATOR, REPLY_PREFIX, UNSUBSCRIBE_PREFIX};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `reflect+TOKEN@`, or `unsubscribe+TOKEN@` (the prompts' List-Unsubscribe mailto), which
    /// is read as the command "stop" whatever the mail says.
    Reply {
        token: String,
        unsubscribe: bool,
    },
    /// `notes+TOKEN@`: a mentor's personal notes address.
    PersonalNotes {
        token: String,
    },
    /// `notes@`.
    Notes,
    None,
}

/// The route of a mail to `recipients` on `domain`: a reply token wins over a notes address,
/// a personal notes address over the shared one.
pub fn route(domain: &str, recipients: &[String]) -> Route {
    let mut best = Route::None;
    for address in recipients {
        let Some((local, host)) = address.rsplit_once('@') else {
            continue;
        };
        if !host.eq_ignore_ascii_case(domain) {
            continue;
        }
        let local = local.to_ascii_lowercase();
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
        let personal = local
            .strip_prefix(NOTES_LOCAL_PART)
            .and_then(|rest| rest.strip_prefix(PERSONAL_SEPARATOR));
        if let Some(token) = personal {
            best = Route::PersonalNotes {
                token: token.to_string(),
            };
        } else if local == NOTES_LOCAL_PART && best == Route::None {
            best = Route::Notes;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(addresses: &[&str]) -> Route {
        let list: Vec<String> = addresses.iter().map(|a| a.to_string()).collect();
        route("mentor.test", &list)
    }

    #[test]
    fn routes_by_the_most_specific_address_on_our_domain() {
        assert_eq!(to(&["x@other.test", "Notes@Mentor.test"]), Route::Notes);
        assert_eq!(
            to(&["notes@mentor.test", "notes+abc@mentor.test"]),
            Route::PersonalNotes {
                token: "abc".into()
            }
        );
        assert_eq!(
            to(&["notes+abc@mentor.test", "reflect+m-1-x@mentor.test"]),
            Route::Reply {
                token: "m-1-x".into(),
                unsubscribe: false
            }
        );
        assert_eq!(
            to(&["unsubscribe+m-1-x@mentor.test"]),
            Route::Reply {
                token: "m-1-x".into(),
                unsubscribe: true
            }
        );
        assert_eq!(to(&["notes@other.test", "notesx@mentor.test"]), Route::None);
        assert_eq!(to(&[]), Route::None);
    }
}
