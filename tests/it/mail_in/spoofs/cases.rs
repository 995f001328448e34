//! The spoof matrix's variants: every way of addressing the programme (reply token, notes
//! address, personal notes address, the mentee's and the mentor's unsubscribe mailto) × every
//! header shape a forger (or a
//! confused client) produces × every combination of the receiving server's sender checks.

use mentormail::mail::token::{TokenAbout, TokenKey};

use crate::fixtures::{DOMAIN, MENTEE, MENTOR};

/// Participants of the other pairs: Omar mentors Lee (live) and Kim (ended).
pub const OMAR: &str = "omar.haddad@example.org";
pub const LEE: &str = "lee.park@example.org";
pub const KIM: &str = "kim.berg@example.org";
pub const MALLORY: &str = "mallory@attacker.example";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Reply,
    Notes,
    PersonalNotes,
    Unsubscribe,
    /// The List-Unsubscribe mailto of mail to the mentor (a mentor token).
    MentorUnsubscribe,
}

pub const ROUTES: [Route; 5] = [
    Route::Reply,
    Route::Notes,
    Route::PersonalNotes,
    Route::Unsubscribe,
    Route::MentorUnsubscribe,
];

/// The mentorship ids the tokens are signed for.
pub struct Pairs {
    pub sam: String,
    pub lee: String,
    pub kim_ended: String,
}

impl Route {
    /// Who may write through this route: the mentee for tokens, the mentor for notes.
    pub fn rightful(self) -> &'static str {
        match self {
            Route::Reply | Route::Unsubscribe => MENTEE,
            Route::Notes | Route::PersonalNotes | Route::MentorUnsubscribe => MENTOR,
        }
    }

    /// The other participant of the same pair.
    fn other_role(self) -> &'static str {
        if self.rightful() == MENTEE {
            MENTOR
        } else {
            MENTEE
        }
    }

    fn address(self, key: &TokenKey, mentorship: &str, mentor: &str) -> String {
        self.address_issued(key, mentorship, mentor, jiff::civil::date(2026, 11, 30))
    }

    /// The address of mail due on `issued` (the mails of the matrix were sent that morning).
    fn address_issued(
        self,
        key: &TokenKey,
        mentorship: &str,
        mentor: &str,
        issued: jiff::civil::Date,
    ) -> String {
        let token = key.token_issued(mentorship, &TokenAbout::Prompt(1), issued);
        match self {
            Route::Reply => format!("reflect+{token}@{DOMAIN}"),
            Route::Unsubscribe => format!("unsubscribe+{token}@{DOMAIN}"),
            Route::MentorUnsubscribe => format!(
                "unsubscribe+{}@{DOMAIN}",
                key.token_issued(mentorship, &TokenAbout::Mentor, issued)
            ),
            Route::Notes => format!("notes@{DOMAIN}"),
            Route::PersonalNotes => key.personal_notes_address(mentor, DOMAIN),
        }
    }

    /// The rightful address of this route.
    pub fn to(self, key: &TokenKey, pairs: &Pairs) -> String {
        self.address(key, &pairs.sam, MENTOR)
    }
}

/// The receiving server's sender checks, as SES strings (`None`: left out of the event).
#[derive(Debug, Clone, Copy)]
pub struct Checks {
    pub dmarc: Option<&'static str>,
    pub spf: &'static str,
    pub dkim: &'static str,
    /// The envelope sender's domain (what SPF checked).
    pub mail_from_domain: &'static str,
    /// The `d=` of the mail's DKIM-Signature, if it has one.
    pub dkim_domain: Option<&'static str>,
}

impl Checks {
    /// Whether the rule authenticates a From on example.org with these checks.
    pub fn authenticates_example_org(&self) -> bool {
        match self.dmarc {
            Some("PASS") => true,
            Some("FAIL") => false,
            _ => {
                (self.spf == "PASS" && self.mail_from_domain == "example.org")
                    || (self.dkim == "PASS" && self.dkim_domain == Some("example.org"))
            }
        }
    }
}

/// DMARC {PASS, GRAY, PROCESSING_FAILED, FAIL, absent} × SPF/DKIM {both fail, SPF pass aligned
/// or not, DKIM pass aligned or not}.
pub fn all_checks() -> Vec<Checks> {
    let mut out = Vec::new();
    for dmarc in [
        Some("PASS"),
        Some("GRAY"),
        Some("PROCESSING_FAILED"),
        Some("FAIL"),
        None,
    ] {
        for (spf, dkim, mail_from_domain, dkim_domain) in [
            ("FAIL", "FAIL", "example.org", None),
            ("PASS", "FAIL", "example.org", None),
            ("PASS", "FAIL", "attacker.example", None),
            ("FAIL", "PASS", "attacker.example", Some("example.org")),
            ("FAIL", "PASS", "attacker.example", Some("attacker.example")),
        ] {
            out.push(Checks {
                dmarc,
                spf,
                dkim,
                mail_from_domain,
                dkim_domain,
            });
        }
    }
    out
}

/// One mail of the matrix.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub route: Route,
    pub to: String,
    /// The header lines naming the sender (From, Sender), whole.
    pub sender_lines: Vec<String>,
    pub extra_lines: Vec<String>,
    /// Whether this shape is the rightful participant writing plainly (then only the checks
    /// decide).
    pub plain_rightful: bool,
}

impl Variant {
    /// The raw mail, with the DKIM-Signature header `checks` calls for.
    pub fn raw(&self, message_id: &str, checks: &Checks) -> Vec<u8> {
        let mut head = String::new();
        if let Some(d) = checks.dkim_domain {
            head.push_str(&format!(
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={d};\r\n s=sel; h=from:to:subject; bh=x; b=y\r\n"
            ));
        }
        for line in self.sender_lines.iter().chain(&self.extra_lines) {
            head.push_str(line);
            head.push_str("\r\n");
        }
        let body = match self.route {
            Route::Reply | Route::Unsubscribe | Route::MentorUnsubscribe => {
                "I ran my first customer interview alone this week.".to_string()
            }
            Route::Notes | Route::PersonalNotes => {
                "Notes from today's session with Sam Rivera.\r\n\r\n\
                 Action items:\r\n- Sam: send the deck outline by Friday\r\n"
                    .to_string()
            }
        };
        format!(
            "{head}To: {to}\r\nSubject: Re: PM Mentoring\r\nDate: Mon, 30 Nov 2026 12:00:00 +0000\r\n\
             Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             {body}\r\n",
            to = self.to
        )
        .into_bytes()
    }
}

fn from(value: &str) -> String {
    format!("From: {value}")
}

/// Every header shape for every route.
pub fn variants(key: &TokenKey, pairs: &Pairs) -> Vec<Variant> {
    let mut out = Vec::new();
    for route in ROUTES {
        let rightful = route.rightful();
        let to = route.to(key, pairs);
        let encoded = rightful.replace('@', "=40");
        let shapes: Vec<(&str, Vec<String>, Vec<String>)> = vec![
            (
                "rightful sender",
                vec![from(&format!("Rightful <{rightful}>"))],
                vec![],
            ),
            ("stranger", vec![from(MALLORY)], vec![]),
            (
                "display name holds the address",
                vec![from(&format!("\"{rightful}\" <{MALLORY}>"))],
                vec![],
            ),
            (
                "unquoted display name holds the address",
                vec![from(&format!("{rightful} <{MALLORY}>"))],
                vec![],
            ),
            (
                "two From, rightful first",
                vec![from(rightful), from(MALLORY)],
                vec![],
            ),
            (
                "two From, rightful last",
                vec![from(MALLORY), from(rightful)],
                vec![],
            ),
            (
                "two mailboxes, rightful first",
                vec![from(&format!("{rightful}, {MALLORY}"))],
                vec![],
            ),
            (
                "two mailboxes, rightful last",
                vec![from(&format!("{MALLORY}, {rightful}"))],
                vec![],
            ),
            ("group", vec![from(&format!("team: {rightful};"))], vec![]),
            (
                "quoted string as address",
                vec![from(&format!("\"{rightful}\" (x)"))],
                vec![],
            ),
            (
                "comment as address",
                vec![from(&format!("({rightful})"))],
                vec![],
            ),
            (
                "encoded word as address",
                vec![from(&format!("=?utf-8?q?{encoded}?="))],
                vec![],
            ),
            (
                "encoded word in angle brackets",
                vec![from(&format!("x <=?utf-8?q?{encoded}?=>"))],
                vec![],
            ),
            (
                "quoted local part",
                vec![from(&format!(
                    "<\"{}\"@example.org>",
                    rightful.split('@').next().unwrap_or_default()
                ))],
                vec![],
            ),
            (
                "source route",
                vec![from(&format!("<@relay.attacker.example:{rightful}>"))],
                vec![],
            ),
            (
                "Sender rightful, From stranger",
                vec![format!("Sender: {rightful}"), from(MALLORY)],
                vec![],
            ),
            ("no From", vec![format!("Sender: {rightful}")], vec![]),
            (
                "the pair's other participant",
                vec![from(route.other_role())],
                vec![],
            ),
            (
                "auto-reply of the rightful sender",
                vec![from(rightful)],
                vec!["Auto-Submitted: auto-replied".into()],
            ),
        ];
        for (name, sender_lines, extra_lines) in shapes {
            out.push(Variant {
                name: format!("{route:?}: {name}"),
                route,
                to: to.clone(),
                plain_rightful: name == "rightful sender",
                sender_lines,
                extra_lines,
            });
        }
        // Addresses that are not this sender's to use.
        let mut addresses: Vec<(&str, String, &str)> = Vec::new();
        match route {
            Route::MentorUnsubscribe => {
                addresses.push(("tampered token", tamper(&to), rightful));
                addresses.push((
                    "another pair's mentor token",
                    route.address(key, &pairs.lee, OMAR),
                    rightful,
                ));
                addresses.push((
                    "an ended pair's mentor token",
                    route.address(key, &pairs.kim_ended, OMAR),
                    OMAR,
                ));
            }
            Route::Reply | Route::Unsubscribe => {
                let tampered = tamper(&to);
                addresses.push(("tampered token", tampered, rightful));
                // Signed by a secret this deployment does not hold (another deployment's, or
                // one retired after a rotation), in both token forms.
                let retired = TokenKey::new("a retired secret");
                addresses.push((
                    "token of a retired key",
                    route.address(&retired, &pairs.sam, MENTOR),
                    rightful,
                ));
                let first_form = retired.token(&pairs.sam, 1);
                addresses.push((
                    "first-form token of a retired key",
                    match route {
                        Route::Reply => format!("reflect+{first_form}@{DOMAIN}"),
                        _ => format!("unsubscribe+{first_form}@{DOMAIN}"),
                    },
                    rightful,
                ));
                addresses.push((
                    "another pair's token",
                    route.address(key, &pairs.lee, OMAR),
                    rightful,
                ));
                addresses.push((
                    "an ended pair's token",
                    route.address(key, &pairs.kim_ended, OMAR),
                    KIM,
                ));
            }
            Route::PersonalNotes => {
                addresses.push(("tampered token", tamper(&to), rightful));
                addresses.push((
                    "personal address of a retired key",
                    route.address(&TokenKey::new("a retired secret"), &pairs.sam, MENTOR),
                    rightful,
                ));
                addresses.push((
                    "another mentor's personal address",
                    route.address(key, &pairs.lee, OMAR),
                    rightful,
                ));
            }
            Route::Notes => {}
        }
        // A reply more than a year after its mail: the address expired. (An old unsubscribe
        // address still unsubscribes its recipient; that harms no one.)
        if route == Route::Reply {
            addresses.push((
                "expired token",
                route.address_issued(key, &pairs.sam, MENTOR, jiff::civil::date(2025, 11, 29)),
                rightful,
            ));
        }
        for (name, to, sender) in addresses {
            out.push(Variant {
                name: format!("{route:?}: {name}"),
                route,
                to,
                sender_lines: vec![from(sender)],
                extra_lines: vec![],
                plain_rightful: false,
            });
        }
    }
    out
}

/// The address with the last character of its token changed.
fn tamper(address: &str) -> String {
    let (local, domain) = address.split_once('@').unwrap_or_default();
    let mut chars: Vec<char> = local.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = if *last == 'a' { 'b' } else { 'a' };
    }
    format!("{}@{domain}", chars.into_iter().collect::<String>())
}
