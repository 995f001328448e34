//! The preferences page: what the recipient of a mail sees about themselves (their pairs, their
//! status, zone and schedules) and the one change a POST makes. Every change goes through the
//! same admin use case as the CLI's, recorded as made on this page.

use jiff::civil::{Date, Time};
use jiff::{Timestamp, ToSpan};

use super::form::Fields;
use super::pages::{DayOption, MenteePair, MentorPair, MentorView, Notice, PreferencesPage};
use crate::admin::mentor_prefs::{pause_digests, set_acknowledgements};
use crate::admin::pair_state::{ChangedBy, PairChange, StateError, set_pair_by, set_time_zone_by};
use crate::admin::person_state::{OnBehalf, on_behalf_by};
use crate::domain::feedback::MentorSettings;
use crate::domain::replies::DEFAULT_PAUSE_DAYS;
use crate::domain::{Cadence, Mentorship, Person, PersonStatus, Role, Weekday};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

const BY: ChangedBy = ChangedBy::PreferencesPage;

/// A pair of the person, with the other person's name.
pub struct PairOf {
    pub mentorship: Mentorship,
    pub role: Role,
    pub other_name: String,
}

/// Everything the page shows about the person.
pub struct Preferences {
    pub person: Person,
    pub pairs: Vec<PairOf>,
    pub mentor: Option<MentorSettings>,
}

/// Read what the page shows about the person with `email`; `None`: not enrolled (erased).
pub async fn load<S: Store>(
    repo: &Repo<S>,
    email: &crate::domain::Email,
) -> Result<Option<Preferences>, StoreError> {
    let Some(person) = repo.person(email).await? else {
        return Ok(None);
    };
    let mut pairs = Vec::new();
    for pairing in repo.pairings(email).await? {
        let Some(mentorship) = repo.mentorship(&pairing.mentorship_id).await? else {
            continue;
        };
        let other_name = match repo.person(&pairing.with).await? {
            Some(other) => other.name,
            None => pairing.with.to_string(),
        };
        pairs.push(PairOf {
            mentorship,
            role: pairing.role,
            other_name,
        });
    }
    let mentor = if pairs.iter().any(|p| p.role == Role::Mentor) {
        Some(repo.mentor_settings(email).await?)
    } else {
        None
    };
    Ok(Some(Preferences {
        person,
        pairs,
        mentor,
    }))
}

const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// How a cadence reads on the page ("every week on Monday").
pub fn cadence_text(cadence: &Cadence) -> String {
    match cadence {
        Cadence::Weekly { day } => format!("every week on {}", day_name(*day)),
        Cadence::Fortnightly { day } => format!("every other week on {}", day_name(*day)),
        Cadence::Weekdays { days } => {
            let names: Vec<&str> = days.iter().map(|d| day_name(*d)).collect();
            format!("every {}", names.join(" and "))
        }
    }
}

fn status_text(person: &Person) -> String {
    match person.status {
        PersonStatus::Active => "Your mail is on.".into(),
        PersonStatus::Paused => match person.paused_until {
            Some(until) => format!(
                "Your mail is paused until {}.",
                until.strftime("%A %-d %B %Y")
            ),
            None => "Your mail is paused.".into(),
        },
        PersonStatus::Stopped => "Your mail is stopped: you get nothing from us.".into(),
        PersonStatus::Bouncing => "Mail to your address bounced, so we stopped sending it. \
                                   Ask your programme's coordinator to check your address."
            .into(),
    }
}

/// The page for `prefs` as of `now`.
pub fn page<'a>(
    programme: &'a str,
    prefs: &Preferences,
    token: &'a str,
    form: String,
    notice: Option<Notice>,
    now: Timestamp,
) -> PreferencesPage<'a> {
    let person = &prefs.person;
    let tz = person.time_zone.tz();
    let today = now.to_zoned_datetime(tz.clone()).date();
    let mut mentee_pairs = Vec::new();
    let mut mentor_pairs = Vec::new();
    for pair in &prefs.pairs {
        let m = &pair.mentorship;
        match pair.role {
            Role::Mentee => {
                let chosen: Vec<Weekday> = match &m.cadence {
                    Cadence::Weekly { day } | Cadence::Fortnightly { day } => vec![*day],
                    Cadence::Weekdays { days } => days.clone(),
                };
                mentee_pairs.push(MenteePair {
                    id: m.id.clone(),
                    other_name: pair.other_name.clone(),
                    active: m.active,
                    cadence_text: cadence_text(&m.cadence),
                    fortnightly: matches!(m.cadence, Cadence::Fortnightly { .. }),
                    days: DAYS
                        .iter()
                        .map(|(day, label)| DayOption {
                            value: day.as_str(),
                            label,
                            checked: chosen.contains(day),
                        })
                        .collect(),
                    time: m.prompt_time.strftime("%H:%M").to_string(),
                });
            }
            Role::Mentor => mentor_pairs.push(MentorPair {
                other_name: pair.other_name.clone(),
                active: m.active,
            }),
        }
    }
    let bouncing = person.status == PersonStatus::Bouncing;
    PreferencesPage {
        programme,
        title: "Your mail preferences",
        notice,
        first_name: person.first_name().to_string(),
        email: person.email.to_string(),
        status_text: status_text(person),
        can_pause: !bouncing && person.status != PersonStatus::Stopped,
        can_resume: matches!(person.status, PersonStatus::Paused | PersonStatus::Stopped),
        can_stop: !bouncing && person.status != PersonStatus::Stopped,
        pause_min: today.saturating_add(1.day()).to_string(),
        pause_default: today.saturating_add(DEFAULT_PAUSE_DAYS.days()).to_string(),
        zone_groups: super::pages::zone_groups(person.time_zone.as_str(), now),
        zone_now: now
            .to_zoned_datetime(tz)
            .strftime("%H:%M on %A %-d %B")
            .to_string(),
        mentee_pairs,
        mentor_pairs,
        mentor: prefs.mentor.as_ref().map(|settings| MentorView {
            acknowledgements: settings.acknowledge_notes,
            digests_paused_until: settings
                .digests_paused_until
                .map(|d| d.strftime("%A %-d %B %Y").to_string()),
        }),
        token,
        form,
    }
}

fn invalid(text: impl Into<String>) -> StateError {
    StateError::Invalid(text.into())
}

/// The date a pause ends, after `today`.
fn until_field(fields: &Fields, today: Date) -> Result<Date, StateError> {
    let until = fields
        .get("until")
        .and_then(|v| v.parse::<Date>().ok())
        .ok_or_else(|| invalid("pick a date to pause until"))?;
    if until <= today {
        return Err(invalid("pick a date after today"));
    }
    Ok(until)
}

/// The cadence and time the schedule form asks for.
fn schedule_change(fields: &Fields) -> Result<PairChange, StateError> {
    let days: Vec<Weekday> = fields
        .all("day")
        .into_iter()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(invalid)?;
    let cadence = match (fields.get("every"), days.as_slice()) {
        (_, []) => return Err(invalid("pick at least one day")),
        (Some("fortnightly"), [day]) => Cadence::Fortnightly { day: *day },
        (Some("fortnightly"), _) => {
            return Err(invalid("every other week works with one day only"));
        }
        (_, [day]) => Cadence::Weekly { day: *day },
        (_, _) => Cadence::Weekdays { days },
    };
    let at = fields
        .get("at")
        .and_then(|t| t.parse::<Time>().ok())
        .ok_or_else(|| invalid("pick a time of day"))?;
    Ok(PairChange {
        cadence: Some(cadence),
        at: Some(at),
        time_zone: None,
    })
}

/// Make the change the form asks for; the confirmation to show. A refusal that the person can
/// fix (a date in the past, no day picked) is `StateError::Invalid` with its sentence.
pub async fn apply<S: Store>(
    repo: &Repo<S>,
    prefs: &Preferences,
    fields: &Fields,
    now: Timestamp,
) -> Result<String, StateError> {
    let person = &prefs.person;
    let email = person.email.as_str();
    let today = now.to_zoned_datetime(person.time_zone.tz()).date();
    match fields.get("action").unwrap_or_default() {
        "pause" => {
            let until = until_field(fields, today)?;
            on_behalf_by(repo, email, OnBehalf::Pause { until: Some(until) }, BY, now).await?;
            Ok(format!(
                "Paused: no mail until {}.",
                until.strftime("%A %-d %B %Y")
            ))
        }
        "resume" => {
            on_behalf_by(repo, email, OnBehalf::Resume, BY, now).await?;
            Ok("Resumed: your mail comes again on its usual days.".into())
        }
        "stop" => {
            on_behalf_by(repo, email, OnBehalf::Stop, BY, now).await?;
            Ok("Stopped: you get no more mail from us. You can resume here at any time.".into())
        }
        "zone" => {
            let zone = fields.get("time_zone").unwrap_or_default();
            let set = set_time_zone_by(repo, email, zone, BY, now).await?;
            Ok(format!(
                "Saved: your time zone is {}; {} scheduled mail moved with it.",
                set.person.time_zone,
                set.rescheduled.moved.len()
            ))
        }
        "schedule" => {
            let id = fields.get("pair").unwrap_or_default();
            let pair = prefs
                .pairs
                .iter()
                .find(|p| p.role == Role::Mentee && p.mentorship.id == id)
                .ok_or_else(|| invalid("that pair is not one of yours"))?;
            let change = schedule_change(fields)?;
            let m = &pair.mentorship;
            let set = set_pair_by(
                repo,
                m.mentee.as_str(),
                Some(m.mentor.as_str()),
                change,
                BY,
                now,
            )
            .await?;
            let next = set
                .next_prompt
                .map(|at| {
                    at.to_zoned_datetime(person.time_zone.tz())
                        .strftime(" The next prompt comes on %A %-d %B at %H:%M.")
                        .to_string()
                })
                .unwrap_or_default();
            Ok(format!(
                "Saved: prompts {} at {}.{next}",
                cadence_text(&set.mentorship.cadence),
                set.mentorship.prompt_time.strftime("%H:%M")
            ))
        }
        "acknowledgements" if prefs.mentor.is_some() => {
            let on = fields.get("on") == Some("yes");
            set_acknowledgements(repo, &person.email, on, BY, now).await?;
            Ok(if on {
                "Acknowledgements on: forwarded notes are confirmed by mail.".into()
            } else {
                "Acknowledgements off: forwarded notes are recorded without a reply.".into()
            })
        }
        "digests-pause" if prefs.mentor.is_some() => {
            let until = until_field(fields, today)?;
            pause_digests(repo, &person.email, Some(until), BY, now).await?;
            Ok(format!(
                "Digests paused until {}.",
                until.strftime("%A %-d %B %Y")
            ))
        }
        "digests-resume" if prefs.mentor.is_some() => {
            pause_digests(repo, &person.email, None, BY, now).await?;
            Ok("Digests resumed: the next one covers the time they were paused.".into())
        }
        _ => Err(invalid("there was nothing to change")),
    }
}
