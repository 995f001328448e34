//! The pages, as askama templates under `templates/web/` (HTML-escaped by default): pure
//! rendering of what the handler read.

use askama::Template;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A page with a title and a sentence: the unsubscribe confirmation and every refusal.
#[derive(Template)]
#[template(path = "web/message.html")]
pub struct MessagePage<'a> {
    pub programme: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    /// The link's token: the page shows the one-click unsubscribe button.
    pub unsubscribe_token: Option<&'a str>,
    /// The link's token: the page points to the preferences page too.
    pub preferences_token: Option<&'a str>,
}

/// What a change came to, shown at the top of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
}

pub struct DayOption {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// A pair the person is the mentee of (its prompt schedule is theirs to change).
pub struct MenteePair {
    pub id: String,
    pub other_name: String,
    pub active: bool,
    pub cadence_text: String,
    pub fortnightly: bool,
    pub days: Vec<DayOption>,
    /// `HH:MM`
    pub time: String,
}

/// A pair the person mentors.
pub struct MentorPair {
    pub other_name: String,
    pub active: bool,
}

pub struct MentorView {
    pub acknowledgements: bool,
    pub digests_paused_until: Option<String>,
}

pub struct ZoneOption {
    pub name: String,
    pub label: String,
    pub selected: bool,
}

pub struct ZoneGroup {
    pub region: String,
    pub zones: Vec<ZoneOption>,
}

#[derive(Template)]
#[template(path = "web/preferences.html")]
pub struct PreferencesPage<'a> {
    pub programme: &'a str,
    pub title: &'a str,
    pub notice: Option<Notice>,
    pub first_name: String,
    pub email: String,
    pub status_text: String,
    pub can_pause: bool,
    pub can_resume: bool,
    pub can_stop: bool,
    /// The first date a pause may end on, and the one offered (`YYYY-MM-DD`).
    pub pause_min: String,
    pub pause_default: String,
    pub zone_groups: Vec<ZoneGroup>,
    /// The local time in their zone, so a wrong zone shows.
    pub zone_now: String,
    pub mentee_pairs: Vec<MenteePair>,
    pub mentor_pairs: Vec<MentorPair>,
    pub mentor: Option<MentorView>,
    pub token: &'a str,
    pub form: String,
}

/// The regions of the IANA database a person picks from; the rest (`Etc/GMT+5`, `US/Eastern`,
/// `posixrules`) are aliases and oddities nobody looks for.
const REGIONS: [&str; 9] = [
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// The zone picker: the compiled-in database's zones by region, each with its offset now, and
/// `current` selected (listed under "Other" when it is outside the regions, e.g. `UTC`).
pub fn zone_groups(current: &str, now: Timestamp) -> Vec<ZoneGroup> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .filter(|name| {
            name.split_once('/')
                .is_some_and(|(region, _)| REGIONS.contains(&region))
        })
        .collect();
    names.sort();
    names.dedup();
    let option = |name: &str| {
        let offset = TimeZone::get(name)
            .map(|tz| tz.to_offset(now).to_string())
            .unwrap_or_default();
        let place = name.split_once('/').map_or(name, |(_, place)| place);
        ZoneOption {
            name: name.to_string(),
            label: format!("{} (UTC{offset})", place.replace('_', " ")),
            selected: name == current,
        }
    };
    let mut groups: Vec<ZoneGroup> = Vec::new();
    let mut other = vec![option("UTC")];
    if !names.iter().any(|n| n == current) && current != "UTC" {
        other.push(option(current));
    }
    groups.push(ZoneGroup {
        region: "Other".into(),
        zones: other,
    });
    for name in &names {
        let region = name.split_once('/').map_or("", |(r, _)| r);
        if groups.last().is_none_or(|g| g.region != region) {
            groups.push(ZoneGroup {
                region: region.to_string(),
                zones: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.zones.push(option(name));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_picker_lists_regions_and_selects_the_current_zone() {
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let groups = zone_groups("Asia/Tokyo", now);
        let all: Vec<&ZoneOption> = groups.iter().flat_map(|g| &g.zones).collect();
        assert!(all.len() > 300, "{} zones", all.len());
        let selected: Vec<&str> = all
            .iter()
            .filter(|z| z.selected)
            .map(|z| z.name.as_str())
            .collect();
        assert_eq!(selected, ["Asia/Tokyo"]);
        let tokyo = all.iter().find(|z| z.name == "Asia/Tokyo").unwrap();
        assert_eq!(tokyo.label, "Tokyo (UTC+09)");
        assert!(all.iter().any(|z| z.name == "America/New_York"));
        assert!(!all.iter().any(|z| z.name.starts_with("Etc/")));
        assert_eq!(groups[0].region, "Other");
    }
}
