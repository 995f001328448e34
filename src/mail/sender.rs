//! Who a mail says it is from, read strictly: exactly one From header holding exactly one plain
//! mailbox, or nobody.
//!
//! The record a mail writes belongs to the address in From, and the receiving server's checks
//! (DMARC, SPF and DKIM alignment) are about that same address. A lenient reader guesses:
//! mail-parser keeps the *last* of several From headers, reads a quoted string such as
//! `"mentee@victim.org" (x)` as an address, and decodes encoded words into addresses, so the
//! address it returns need not be the one the checks were about. Here anything that is not
//! plainly one address is refused, and the refusal says why.

use serde::Serialize;

use crate::domain::Email;

/// Why a mail has no sender we can trust to be the one its checks were about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum SenderProblem {
    /// No From header at all.
    NoFrom,
    /// More than one From header (RFC 5322 allows one).
    SeveralFromHeaders { count: usize },
    /// One header naming several mailboxes, or a group.
    SeveralMailboxes,
    /// Not a plain `local@domain` address: quoted local parts, encoded words, source routes,
    /// comments standing in for the address, stray angle brackets.
    NotAPlainAddress,
}

impl std::fmt::Display for SenderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SenderProblem::NoFrom => f.write_str("no From header"),
            SenderProblem::SeveralFromHeaders { count } => write!(f, "{count} From headers"),
            SenderProblem::SeveralMailboxes => f.write_str("From names several mailboxes"),
            SenderProblem::NotAPlainAddress => f.write_str("From is not a plain address"),
        }
    }
}

/// The one sender of a mail whose From headers (raw values, unfolded or not) are `values`.
pub fn sole_sender(values: &[&str]) -> Result<Email, SenderProblem> {
    match values {
        [] => Err(SenderProblem::NoFrom),
        [value] => mailbox(value),
        several => Err(SenderProblem::SeveralFromHeaders {
            count: several.len(),
        }),
    }
}

/// One mailbox (`addr-spec`, `display-name <addr-spec>`, or `addr-spec (comment)`), strictly.
fn mailbox(value: &str) -> Result<Email, SenderProblem> {
    let value = value.replace(['\r', '\n'], " ");
    let layout = top_level(&value)?;
    let address = match layout.angle {
        Some((open, close)) => {
            // Nothing but blanks and comments may follow the angle address.
            if !layout.only_comments_after_angle {
                return Err(SenderProblem::NotAPlainAddress);
            }
            &value[open + 1..close]
        }
        None => layout.bare.as_deref().unwrap_or_default(),
    };
    plain_address(address.trim()).ok_or(SenderProblem::NotAPlainAddress)
}

/// What the top level of a header value holds, outside quoted strings and comments.
struct TopLevel {
    /// The byte offsets of the one `<` and its `>`.
    angle: Option<(usize, usize)>,
    only_comments_after_angle: bool,
    /// Without an angle address: the text outside comments (quoted strings kept, so that a
    /// quoted "address" fails the plain-address check).
    bare: Option<String>,
}

fn top_level(value: &str) -> Result<TopLevel, SenderProblem> {
    let mut depth = 0usize; // comment nesting
    let mut quoted = false;
    let mut escaped = false;
    let mut open = None;
    let mut close = None;
    let mut outside = String::new();
    let mut text_after_angle = false;
    for (at, c) in value.char_indices() {
        if escaped {
            escaped = false;
            if close.is_none() {
                outside.push(c);
            }
            continue;
        }
        match c {
            '\\' if quoted || depth > 0 => escaped = true,
            '"' if depth == 0 => {
                quoted = !quoted;
                outside.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if quoted => outside.push(c),
            _ if depth > 0 => {}
            ',' | ';' | ':' => {
                return Err(if c == ',' {
                    SenderProblem::SeveralMailboxes
                } else {
                    SenderProblem::NotAPlainAddress
                });
            }
            '<' if open.is_none() => open = Some(at),
            '>' if open.is_some() && close.is_none() => close = Some(at),
            '<' | '>' => return Err(SenderProblem::NotAPlainAddress),
            _ => {
                if close.is_some() && !c.is_whitespace() {
                    text_after_angle = true;
                }
                outside.push(c);
            }
        }
    }
    if quoted || depth > 0 || open.is_some() != close.is_some() {
        return Err(SenderProblem::NotAPlainAddress);
    }
    Ok(match (open, close) {
        (Some(open), Some(close)) => TopLevel {
            angle: Some((open, close)),
            only_comments_after_angle: !text_after_angle,
            bare: None,
        },
        _ => TopLevel {
            angle: None,
            only_comments_after_angle: true,
            bare: Some(outside),
        },
    })
}

/// `local@domain` with a dot-atom local part and a host name, in its normal form.
fn plain_address(text: &str) -> Option<Email> {
    let (local, domain) = text.split_once('@')?;
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let dot_atom = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains("=?")
        && local.chars().all(|c| c == '.' || atext(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let host = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    (dot_atom && host).then(|| Email::normalised(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender(values: &[&str]) -> Result<String, SenderProblem> {
        sole_sender(values).map(|e| e.to_string())
    }

    #[test]
    fn plain_mailboxes_in_their_usual_forms_are_read() {
        for (value, address) in [
            ("maya@example.org", "maya@example.org"),
            ("Maya Chen <Maya@Example.org>", "maya@example.org"),
            ("\"Chen, Maya\" <maya@example.org>", "maya@example.org"),
            (
                "=?utf-8?q?Maya_Ch=C3=A9n?= <maya@example.org>",
                "maya@example.org",
            ),
            ("maya@example.org (Maya Chen)", "maya@example.org"),
            ("Maya <maya@example.org> (work)", "maya@example.org"),
            (
                "Maya\r\n <maya.chen+pm@mail.example.org>",
                "maya.chen+pm@mail.example.org",
            ),
            (
                "\"Maya <maya@evil.example>\" <maya@example.org>",
                "maya@example.org",
            ),
        ] {
            assert_eq!(sender(&[value]), Ok(address.to_string()), "{value}");
        }
    }

    #[test]
    fn anything_but_one_plain_mailbox_is_refused_with_its_reason() {
        use SenderProblem::*;
        for (values, problem) in [
            (&[][..], NoFrom),
            (&["a@x.org", "b@y.org"][..], SeveralFromHeaders { count: 2 }),
            (&["a@x.org, b@y.org"], SeveralMailboxes),
            (&["A <a@x.org>, B <b@y.org>"], SeveralMailboxes),
            (&["\"mentee@victim.org\" (x)"], NotAPlainAddress),
            (&["\"mentee@victim.org\""], NotAPlainAddress),
            (&["=?utf-8?q?mentee=40victim.org?="], NotAPlainAddress),
            (
                &["<=?utf-8?q?mentee=40victim.org?=@evil.example>"],
                NotAPlainAddress,
            ),
            (&["x <\"mentee\"@victim.org>"], NotAPlainAddress),
            (&["<@relay.example:mentee@victim.org>"], NotAPlainAddress),
            (&["group: a@x.org;"], NotAPlainAddress),
            (&["a <b@x.org> <c@y.org>"], NotAPlainAddress),
            (&["a <b@x.org> c@y.org"], NotAPlainAddress),
            (&["<b@x.org"], NotAPlainAddress),
            (&["(mentee@victim.org)"], NotAPlainAddress),
            (&["maya@localhost"], NotAPlainAddress),
            (&["maya@-x.org"], NotAPlainAddress),
            (&["ma..ya@x.org"], NotAPlainAddress),
            (&[""], NotAPlainAddress),
        ] {
            assert_eq!(sender(values), Err(problem), "{values:?}");
        }
    }
}
