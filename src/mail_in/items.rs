//! Closing the loop by mail: a mentor's "done 2" / "drop 3" / "3 moved to next week" and a
//! mentee's "done: send the deck outline" change the pair's numbered action items. Each change
//! is an event of the pair's timeline, written in the same batch as the mail's dedupe marker, so
//! a redelivered mail changes nothing twice.

use jiff::civil::Date;

use super::envelope::Envelope;
use crate::domain::feedback::{ItemStatus, OpenItem};
use crate::domain::ids::message_key;
use crate::domain::{Event, EventKind};
use crate::mail::item_commands::matching::{Match, match_item};
use crate::mail::item_commands::{ItemAction, ItemCommand, done_with_words};
use crate::store::repo::Changes;

/// What a mail's commands did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// Each item changed, as it now is, with what was done to it.
    pub changed: Vec<(OpenItem, ItemAction)>,
    /// Numbers no item of the pair has.
    pub not_found: Vec<u32>,
    /// Items named that were already closed or dropped: left as they are.
    pub not_open: Vec<OpenItem>,
}

impl Settled {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.not_found.is_empty() && self.not_open.is_empty()
    }
}

/// Apply `commands` to the pair's `items` (all of them, numbered): the changes go into
/// `changes` with one timeline event each; `by` says who in the event ("the mentor").
pub fn settle(
    items: &[OpenItem],
    commands: &[ItemCommand],
    envelope: &Envelope,
    by: &str,
    changes: &mut Changes,
) -> Settled {
    let mut settled = Settled::default();
    for command in commands {
        // A second command on an item of this mail applies to the item as already changed.
        let current = settled
            .changed
            .iter()
            .rev()
            .find(|(i, _)| i.number == Some(command.number))
            .map(|(i, _)| i)
            .or_else(|| items.iter().find(|i| i.number == Some(command.number)));
        let Some(item) = current else {
            if !settled.not_found.contains(&command.number) {
                settled.not_found.push(command.number);
            }
            continue;
        };
        if !item.is_open() {
            if !settled.not_open.iter().any(|i| i.id == item.id) {
                settled.not_open.push(item.clone());
            }
            continue;
        }
        let mut item = item.clone();
        match command.action {
            ItemAction::Done => item.status = ItemStatus::Done,
            ItemAction::Drop => item.status = ItemStatus::Dropped,
            ItemAction::Move(to) => item.due = Some(to),
        }
        record(changes, &item, command.action, envelope, by);
        settled.changed.push((item, command.action));
    }
    settled
}

/// The item as changed and its event.
fn record(
    changes: &mut Changes,
    item: &OpenItem,
    action: ItemAction,
    envelope: &Envelope,
    by: &str,
) {
    let number = item.number.unwrap_or_default();
    let (kind, what) = match action {
        ItemAction::Done => (EventKind::ItemDone, "done".to_string()),
        ItemAction::Drop => (EventKind::ItemDropped, "dropped".to_string()),
        ItemAction::Move(to) => (EventKind::ItemMoved, format!("moved to {}", day(to))),
    };
    let event = Event {
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        kind,
        detail: format!("#{number} \"{}\" {what} ({by})", item.text),
    };
    let id = format!("{}-{number}", message_key(&envelope.message_id));
    changes
        .open_item(item)
        .event(&item.mentorship_id, &event, &id);
}

/// `Thu 10 Dec 2026`.
pub fn day(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// One line of an acknowledgement for a changed item: `#2 Send the deck — done`.
pub fn change_line(item: &OpenItem, action: ItemAction) -> (String, String) {
    let what = match action {
        ItemAction::Done => "done".to_string(),
        ItemAction::Drop => "dropped".to_string(),
        ItemAction::Move(to) => format!("moved to {}", day(to)),
    };
    (
        format!("#{}", item.number.unwrap_or_default()),
        format!("{} ({what})", item.text),
    )
}

/// What a mentee's "done: ..." lines came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MenteeDone {
    pub closed: Vec<OpenItem>,
    /// The words of each "done: ..." that named no open item, or several.
    pub unmatched: Vec<String>,
}

/// Close the open items of the mentee (`items`: the pair's open items that are theirs) that
/// the reply's "done: ..." lines name; a line naming none or several closes nothing and is kept
/// in the timeline as an event, for the mentor's digest to show.
pub fn mentee_done(
    mentorship_id: &str,
    items: &[OpenItem],
    text: &str,
    envelope: &Envelope,
    changes: &mut Changes,
) -> MenteeDone {
    let mut out = MenteeDone::default();
    let mut open: Vec<&OpenItem> = items.iter().filter(|i| i.is_open()).collect();
    for (n, words) in text.lines().filter_map(done_with_words).enumerate() {
        let texts: Vec<&str> = open.iter().map(|i| i.text.as_str()).collect();
        match match_item(&words, &texts) {
            Match::One(index) => {
                let mut item = open.remove(index).clone();
                item.status = ItemStatus::Done;
                record(
                    changes,
                    &item,
                    ItemAction::Done,
                    envelope,
                    "the mentee's reply",
                );
                out.closed.push(item);
            }
            Match::Ambiguous | Match::None => {
                let event = Event {
                    at: envelope.received_at,
                    message_id: envelope.message_id.clone(),
                    kind: EventKind::ItemNotMatched,
                    // The mentee's words; the timeline and digest say what became of them.
                    detail: format!("done: {words}"),
                };
                let id = format!("{}-unmatched-{n}", message_key(&envelope.message_id));
                changes.event(mentorship_id, &event, &id);
                out.unmatched.push(words);
            }
        }
    }
    out
}
