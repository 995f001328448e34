//! What a mentor's notes say, as recorded: action items, feedback points, goals and the next
//! session, and the open items that carry action items into the mentee's next prompt.
//!
//! Item texts are kept as the mentor wrote them (only list markers are removed), so the record and
//! the acknowledgement show the mentor's own words.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Structured items found in a mentor's notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteItems {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_items: Vec<ActionItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<FeedbackPoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<NoteGoal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_session: Option<NextSession>,
}

impl NoteItems {
    pub fn is_empty(&self) -> bool {
        self.action_items.is_empty()
            && self.feedback.is_empty()
            && self.goals.is_empty()
            && self.next_session.is_none()
    }

    /// Add `other`'s items that are not already here (the same text under the same heading).
    pub fn merge(&mut self, other: NoteItems) {
        for item in other.action_items {
            if !self.action_items.iter().any(|a| a.text == item.text) {
                self.action_items.push(item);
            }
        }
        for point in other.feedback {
            if !self.feedback.contains(&point) {
                self.feedback.push(point);
            }
        }
        for goal in other.goals {
            if !self.goals.iter().any(|g| g.text == goal.text) {
                self.goals.push(goal);
            }
        }
        if self.next_session.is_none() {
            self.next_session = other.next_session;
        }
    }
}

/// Something someone agreed to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// Verbatim, without the list marker.
    pub text: String,
    /// Who it is for, when the line starts with a name (`Sam: send the deck`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A point of feedback, under the heading it was written under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPoint {
    /// The heading as the mentor wrote it (`What went well`, `Even better if`, ...).
    pub heading: String,
    pub text: String,
}

/// A goal set or changed in the notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteGoal {
    pub text: String,
    /// The date written in the goal's line, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Date>,
}

/// When the next session is, as written, and as a date when it could be read as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextSession {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    Open,
    Done,
    /// An admin dropped it (recorded by mistake, or no longer relevant): no prompt asks about it.
    Dropped,
}

/// An action item of a mentorship, open until someone closes it; the next prompt asks about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    /// Derived from the inbound message and the item's position, so a retried write is the same.
    pub id: String,
    pub mentorship_id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The inbound message it came from.
    pub source_message_id: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub status: ItemStatus,
    /// The pair's number for the item ("done 2"), given when it is recorded and never reused,
    /// so a number in an old acknowledgement still means the same item. Items recorded before
    /// numbers existed have none stored; [`numbered`] gives them theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// When it is due, once someone moved it ("3 moved to next week").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

impl OpenItem {
    pub fn is_open(&self) -> bool {
        self.status == ItemStatus::Open
    }

    /// Whether the item is the mentee's to do: no owner named, or an owner that is not the
    /// mentor (matched on the mentor's first name or full name).
    pub fn is_for_mentee(&self, mentor_name: &str) -> bool {
        let Some(owner) = self.owner.as_deref() else {
            return true;
        };
        let owner = owner.trim().to_lowercase();
        let full = mentor_name.trim().to_lowercase();
        let first = full.split_whitespace().next().unwrap_or_default();
        owner != full && owner != first
    }
}

/// `items` (all of a pair's items, whatever their status) with their numbers: an item keeps its
/// own; items recorded before numbers existed are numbered 1, 2, ... in the order they were
/// recorded (time, then id), which is the same order on every read. New numbers are given above
/// all of these (see [`next_number`]), so the two never meet. Sorted by number.
pub fn numbered(mut items: Vec<OpenItem>) -> Vec<OpenItem> {
    let mut unnumbered: Vec<&mut OpenItem> =
        items.iter_mut().filter(|i| i.number.is_none()).collect();
    unnumbered.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    for (n, item) in unnumbered.into_iter().enumerate() {
        item.number = Some(u32::try_from(n + 1).unwrap_or(u32::MAX));
    }
    items.sort_by_key(|i| i.number);
    items
}

/// The first number free for a pair's next item: above every item's number (as [`numbered`]
/// gives them) and above `last_given`, the highest number ever given (kept apart so a removed
/// item's number is never given again).
pub fn next_number(numbered_items: &[OpenItem], last_given: Option<u32>) -> u32 {
    numbered_items
        .iter()
        .filter_map(|i| i.number)
        .chain(last_given)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// A mentor's preferences about the mail mentormail sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorSettings {
    /// Send an acknowledgement listing what was recorded (default on).
    #[serde(default = "yes")]
    pub acknowledge_notes: bool,
    /// No digest before this date (their local date): the digests of their pairs are moved to
    /// it, and the first one after covers the whole pause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digests_paused_until: Option<jiff::civil::Date>,
}

impl Default for MentorSettings {
    fn default() -> Self {
        Self {
            acknowledge_notes: true,
            digests_paused_until: None,
        }
    }
}

fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_the_first_of_equal_items() {
        let mut a = NoteItems {
            action_items: vec![ActionItem {
                text: "Send the deck".into(),
                owner: None,
            }],
            ..Default::default()
        };
        a.merge(NoteItems {
            action_items: vec![
                ActionItem {
                    text: "Send the deck".into(),
                    owner: None,
                },
                ActionItem {
                    text: "Book a room".into(),
                    owner: None,
                },
            ],
            next_session: Some(NextSession {
                text: "7 Dec".into(),
                date: None,
            }),
            ..Default::default()
        });
        assert_eq!(a.action_items.len(), 2);
        assert_eq!(
            a.next_session.as_ref().map(|n| n.text.as_str()),
            Some("7 Dec")
        );
    }

    #[test]
    fn items_named_for_the_mentor_are_not_the_mentees() {
        let item = |owner: Option<&str>| OpenItem {
            id: "x".into(),
            mentorship_id: "m".into(),
            text: "t".into(),
            owner: owner.map(str::to_string),
            source_message_id: "s".into(),
            created_at: Timestamp::UNIX_EPOCH,
            status: ItemStatus::Open,
            number: None,
            due: None,
        };
        assert!(item(None).is_for_mentee("Maya Chen"));
        assert!(item(Some("Sam")).is_for_mentee("Maya Chen"));
        assert!(!item(Some("Maya")).is_for_mentee("Maya Chen"));
        assert!(!item(Some("maya chen")).is_for_mentee("Maya Chen"));
    }

    fn recorded(id: &str, second: i64, number: Option<u32>) -> OpenItem {
        OpenItem {
            id: id.into(),
            mentorship_id: "m".into(),
            text: id.into(),
            owner: None,
            source_message_id: "s".into(),
            created_at: Timestamp::from_second(second).unwrap(),
            status: ItemStatus::Open,
            number,
            due: None,
        }
    }

    #[test]
    fn items_without_a_number_are_numbered_in_recorded_order_and_new_ones_above() {
        let items = vec![
            recorded("later", 20, None),
            recorded("new", 30, Some(3)),
            recorded("first", 10, None),
        ];
        let numbered = numbered(items);
        let order: Vec<(&str, Option<u32>)> =
            numbered.iter().map(|i| (i.id.as_str(), i.number)).collect();
        assert_eq!(
            order,
            [("first", Some(1)), ("later", Some(2)), ("new", Some(3))]
        );
        assert_eq!(next_number(&numbered, None), 4);
        assert_eq!(next_number(&numbered, Some(7)), 8);
        assert_eq!(next_number(&[], None), 1);
    }
}
