//! Entries that fit a record: a DynamoDB item holds at most 400 KB, while a reflection may be
//! 2 MB of text and a mentor may forward a thousand messages at once. An entry too large for its
//! record is cut here, field by field, so that every field keeps a fair share of the budget, and
//! the whole entry is kept elsewhere (the archive) with a link on the cut one.
//!
//! Pure: measuring, cutting and counting; where the whole entry goes is the caller's business.

use serde::{Deserialize, Serialize};

use super::entry::{Entry, EntryBody};

/// The most an entry's record may take, as JSON. Well under DynamoDB's 400 KB, so that the key,
/// the type tag and the store's own attributes always fit beside it.
pub const ENTRY_BUDGET_BYTES: usize = 300 * 1024;

/// The most forwarded messages or inline answers one record lists; the rest are in the archive.
pub const MAX_LISTED: usize = 50;

/// No text is cut shorter than this, whatever the share: a cut field still says what it was.
const MIN_KEPT_BYTES: usize = 512;

/// Where the whole of a cut entry is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overflow {
    /// Where to read it: `s3://bucket/key` or a path in the local data folder.
    pub location: String,
    /// Size of the whole entry as JSON.
    pub bytes: u64,
}

/// The entry as JSON, the measure of the budget.
pub fn entry_bytes(entry: &Entry) -> usize {
    serde_json::to_vec(entry)
        .map(|json| json.len())
        .unwrap_or(usize::MAX)
}

/// `entry` cut to at most `budget` bytes of JSON, or `None` when it fits as it is. Lists are
/// shortened to [`MAX_LISTED`]; then every text longer than a common share is cut to that
/// share on a character boundary, and says so at the cut.
pub fn fit(entry: &Entry, budget: usize) -> Option<Entry> {
    if entry_bytes(entry) <= budget {
        return None;
    }
    let mut cut = entry.clone();
    shorten_lists(&mut cut.body);
    // The measure counts JSON escapes, which a text's length does not: aim lower until it fits.
    let mut aim = budget;
    for _ in 0..8 {
        let mut attempt = cut.clone();
        let fixed = entry_bytes(&without_texts(&attempt));
        let share = fair_share(&texts_of(&mut attempt), aim.saturating_sub(fixed));
        for text in texts_of(&mut attempt) {
            cut_text(text, share);
        }
        let size = entry_bytes(&attempt);
        if size <= budget {
            return Some(attempt);
        }
        aim = aim.saturating_sub(size - budget + budget / 16);
    }
    // Escapes so dense that no share fits (only hostile input): keep the floor of each text.
    for text in texts_of(&mut cut) {
        cut_text(text, MIN_KEPT_BYTES);
    }
    Some(cut)
}

fn shorten_lists(body: &mut EntryBody) {
    match body {
        EntryBody::Reflection { answers, .. } => answers.truncate(MAX_LISTED),
        EntryBody::Feedback {
            forwarded, items, ..
        } => {
            forwarded.truncate(MAX_LISTED);
            items.action_items.truncate(MAX_LISTED);
            items.feedback.truncate(MAX_LISTED);
            items.goals.truncate(MAX_LISTED);
        }
    }
}

/// Every free text of the entry: what its writer wrote, as opposed to ids, addresses and dates.
fn texts_of(entry: &mut Entry) -> Vec<&mut String> {
    let mut texts = vec![&mut entry.subject];
    match &mut entry.body {
        EntryBody::Reflection { text, answers, .. } => {
            texts.push(text);
            for answer in answers {
                texts.push(&mut answer.question);
                texts.push(&mut answer.answer);
            }
        }
        EntryBody::Feedback {
            comment,
            forwarded,
            items,
            ..
        } => {
            texts.push(comment);
            for note in forwarded {
                texts.extend([
                    &mut note.from,
                    &mut note.date,
                    &mut note.subject,
                    &mut note.text,
                ]);
            }
            texts.extend(items.action_items.iter_mut().map(|a| &mut a.text));
            for point in &mut items.feedback {
                texts.extend([&mut point.heading, &mut point.text]);
            }
            texts.extend(items.goals.iter_mut().map(|g| &mut g.text));
            if let Some(next) = &mut items.next_session {
                texts.push(&mut next.text);
            }
        }
    }
    texts
}

fn without_texts(entry: &Entry) -> Entry {
    let mut bare = entry.clone();
    for text in texts_of(&mut bare) {
        text.clear();
    }
    bare
}

/// The largest per-text length `share` with `sum(min(len, share)) <= room` ("water filling"):
/// short texts stay whole, long ones share what is left equally. Never below the floor.
fn fair_share(texts: &[&mut String], room: usize) -> usize {
    let mut lengths: Vec<usize> = texts.iter().map(|t| t.len()).collect();
    lengths.sort_unstable();
    let mut left = room;
    let mut remaining = lengths.len();
    for length in lengths {
        let even = left / remaining.max(1);
        if length > even {
            return even.max(MIN_KEPT_BYTES);
        }
        left -= length;
        remaining -= 1;
    }
    usize::MAX
}

/// The note at a cut: the reader learns that more exists and where to look.
const CUT_NOTE: &str = "\n[... cut here: the whole text is kept with this entry's overflow]";

fn cut_text(text: &mut String, share: usize) {
    if text.len() <= share {
        return;
    }
    let mut end = share.saturating_sub(CUT_NOTE.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str(CUT_NOTE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::Answer;
    use crate::domain::feedback::{ActionItem, NoteItems};
    use crate::domain::{Email, ForwardedNote};

    fn entry(body: EntryBody) -> Entry {
        Entry {
            mentorship_id: "m1".into(),
            at: "2026-11-23T12:00:00Z".parse().unwrap(),
            message_id: "msg-1".into(),
            author: Email::normalised("sam@example.org"),
            subject: "Re: this week".into(),
            body,
            overflow: None,
            attachments: Vec::new(),
            skipped_attachments: Vec::new(),
        }
    }

    fn reflection(text: String) -> Entry {
        entry(EntryBody::Reflection {
            prompt: 3,
            text,
            answers: Vec::new(),
            decision: None,
        })
    }

    #[test]
    fn an_entry_that_fits_is_left_alone() {
        assert_eq!(fit(&reflection("Shipped the survey.".into()), 1024), None);
    }

    #[test]
    fn a_long_reflection_is_cut_to_the_budget_and_says_so() {
        let whole = reflection("word ".repeat(400_000));
        let cut = fit(&whole, ENTRY_BUDGET_BYTES).unwrap();
        assert!(entry_bytes(&cut) <= ENTRY_BUDGET_BYTES);
        let EntryBody::Reflection { text, .. } = &cut.body else {
            unreachable!()
        };
        assert!(text.ends_with(CUT_NOTE), "{}", &text[text.len() - 80..]);
        assert!(
            text.len() > ENTRY_BUDGET_BYTES / 2,
            "most of the budget is the text"
        );
        assert_eq!(cut.subject, whole.subject, "short fields stay whole");
        assert_eq!(cut.message_id, whole.message_id);
    }

    #[test]
    fn texts_full_of_escapes_still_fit() {
        // Control characters take six bytes each as JSON.
        let cut = fit(&reflection("\u{1}".repeat(1_000_000)), ENTRY_BUDGET_BYTES).unwrap();
        assert!(entry_bytes(&cut) <= ENTRY_BUDGET_BYTES);
    }

    #[test]
    fn cuts_fall_on_character_boundaries() {
        let cut = fit(&reflection("é€😀".repeat(100_000)), 20_000).unwrap();
        assert!(entry_bytes(&cut) <= 20_000);
    }

    #[test]
    fn a_thousand_forwards_keep_a_fair_share_each_and_a_bounded_list() {
        let note = |n: usize| ForwardedNote {
            from: format!("person{n}@example.org"),
            date: "Mon, 23 Nov 2026".into(),
            subject: format!("note {n}"),
            text: "notes ".repeat(10_000),
            from_mentee: false,
        };
        let whole = entry(EntryBody::Feedback {
            comment: "See the thread below; short comment.".into(),
            forwarded: (0..1000).map(note).collect(),
            items: NoteItems {
                action_items: vec![ActionItem {
                    text: "Sam: send the deck".into(),
                    owner: Some("Sam".into()),
                }],
                ..NoteItems::default()
            },
            context: None,
        });
        let cut = fit(&whole, ENTRY_BUDGET_BYTES).unwrap();
        assert!(entry_bytes(&cut) <= ENTRY_BUDGET_BYTES);
        let EntryBody::Feedback {
            comment,
            forwarded,
            items,
            ..
        } = &cut.body
        else {
            unreachable!()
        };
        assert_eq!(comment, "See the thread below; short comment.");
        assert_eq!(items.action_items[0].text, "Sam: send the deck");
        assert_eq!(forwarded.len(), MAX_LISTED);
        assert!(forwarded.iter().all(|f| f.text.ends_with(CUT_NOTE)));
        assert_eq!(forwarded[7].from, "person7@example.org");
    }

    #[test]
    fn many_answers_are_listed_up_to_the_limit() {
        let answers = (0..500)
            .map(|n| Answer {
                question: format!("Question {n}?"),
                answer: "a".repeat(2_000),
            })
            .collect();
        let whole = entry(EntryBody::Reflection {
            prompt: 1,
            text: String::new(),
            answers,
            decision: None,
        });
        let cut = fit(&whole, ENTRY_BUDGET_BYTES).unwrap();
        let EntryBody::Reflection { answers, .. } = &cut.body else {
            unreachable!()
        };
        assert_eq!(answers.len(), MAX_LISTED);
        assert_eq!(answers[3].answer.len(), 2_000, "short enough to stay whole");
    }
}
