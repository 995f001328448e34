use jiff::civil::date;

use super::items::MAX_ITEMS;
use super::*;
use crate::domain::feedback::{FeedbackPoint, NextSession, NoteGoal};

fn reference() -> Date {
    date(2026, 11, 23)
}

const GMAIL_NOTES: &str = "Session with Sam Rivera, 23 Nov (45 min)

What went well
- Clear synthesis of the two discovery interviews
- Owned the decision to cut saved-cards from Q1

Even better if
- Lead with the customer problem before the solution in the roadmap deck

Action items
- Sam: send the roadmap deck outline to Maya by Friday
- Sam: shadow Priya's pricing review on 2 Dec
- Maya: introduce Sam to the risk team lead

Goal: Present the Q1 roadmap to the leadership team by 1 March 2027

Next session: 7 Dec 2026
";

#[test]
fn sections_of_typical_notes_become_items_verbatim() {
    let items = extract(GMAIL_NOTES, reference());
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Sam: send the roadmap deck outline to Maya by Friday",
            "Sam: shadow Priya's pricing review on 2 Dec",
            "Maya: introduce Sam to the risk team lead",
        ]
    );
    assert_eq!(items.action_items[0].owner.as_deref(), Some("Sam"));
    assert_eq!(items.action_items[2].owner.as_deref(), Some("Maya"));
    assert_eq!(
        items.feedback,
        [
            FeedbackPoint {
                heading: "What went well".into(),
                text: "Clear synthesis of the two discovery interviews".into()
            },
            FeedbackPoint {
                heading: "What went well".into(),
                text: "Owned the decision to cut saved-cards from Q1".into()
            },
            FeedbackPoint {
                heading: "Even better if".into(),
                text: "Lead with the customer problem before the solution in the roadmap deck"
                    .into()
            },
        ]
    );
    assert_eq!(
        items.goals,
        [NoteGoal {
            text: "Present the Q1 roadmap to the leadership team by 1 March 2027".into(),
            target: Some(date(2027, 3, 1)),
        }]
    );
    assert_eq!(
        items.next_session,
        Some(NextSession {
            text: "7 Dec 2026".into(),
            date: Some(date(2026, 12, 7)),
        })
    );
}

#[test]
fn checkboxes_and_ai_prefixes_are_action_items_anywhere() {
    let text = "Quick notes from today.\n\
                [ ] Draft the PRD intro\n\
                - [x] Read the pricing memo\n\
                ☐ Book the usability lab\n\
                AI: Sam to pair with Lee on the funnel analysis\n\
                Nothing else here, and ai: lower-case is prose.\n";
    let items = extract(text, reference());
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Draft the PRD intro",
            "Read the pricing memo",
            "Book the usability lab",
            "Sam to pair with Lee on the funnel analysis",
        ]
    );
    assert_eq!(items.action_items[3].owner.as_deref(), Some("Sam"));
    assert!(items.feedback.is_empty() && items.goals.is_empty());
}

#[test]
fn plain_line_sections_markdown_headings_and_numbered_lists() {
    let text = "## Strengths\n\
                Calm under pressure in the exec review\n\
                Good questions to engineering\n\
                \n\
                **Next steps:**\n\
                1. Write the one-pager\n\
                2) Share it with design\n\
                \n\
                Areas to grow:\n\
                * Saying no earlier\n\
                Risks:\n\
                - Launch date slips\n\
                \n\
                Goals\n\
                - Ship the onboarding revamp (target 2027-02-15)\n\
                - Mentor a new APM\n";
    let items = extract(text, reference());
    let feedback: Vec<_> = items
        .feedback
        .iter()
        .map(|f| (f.heading.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        feedback,
        [
            ("Strengths", "Calm under pressure in the exec review"),
            ("Strengths", "Good questions to engineering"),
            ("Areas to grow", "Saying no earlier"),
        ]
    );
    let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(actions, ["Write the one-pager", "Share it with design"]);
    assert_eq!(items.goals.len(), 2);
    assert_eq!(items.goals[0].target, Some(date(2027, 2, 15)));
    assert_eq!(items.goals[1].target, None);
}

#[test]
fn wrapped_list_items_are_joined_and_prose_after_a_gap_ends_a_section() {
    let text = "> Action items\n\
                > - Sam: send the roadmap deck outline to Maya by Friday and\n\
                > include the pricing appendix\n\
                >\n\
                > Thanks, talk soon.\n\
                > Next meeting\n\
                > Thursday Jan 7\n";
    let items = extract(text, reference());
    assert_eq!(items.action_items.len(), 1);
    assert_eq!(
        items.action_items[0].text,
        "Sam: send the roadmap deck outline to Maya by Friday and include the pricing appendix"
    );
    let next = items.next_session.expect("next session");
    assert_eq!(next.text, "Thursday Jan 7");
    assert_eq!(next.date, Some(date(2027, 1, 7)));
}

#[test]
fn target_and_session_dates_follow_the_shared_date_rule() {
    // Forwarded three days after the session: its "next session" date has just passed and
    // stays this year's; "end of March" is a target date.
    let text = "Goal: Own the pricing page by end of March\n\nNext session: Fri 20 Nov\n";
    let items = extract(text, reference());
    assert_eq!(items.goals[0].target, Some(date(2027, 3, 31)));
    assert_eq!(
        items.next_session.and_then(|n| n.date),
        Some(date(2026, 11, 20))
    );
    // More than a month back is next year's.
    let late = extract("Next session: 20 Oct", reference());
    assert_eq!(
        late.next_session.and_then(|n| n.date),
        Some(date(2027, 10, 20))
    );
}

#[test]
fn hostile_input_neither_panics_nor_invents_items() {
    let long = "a".repeat(200_000);
    let junk = format!("{long}\n:\n::\n- \n[ ]\nAI:\n#\n\u{0}\u{feff}Goal:\n{long}: x\n");
    let items = extract(&junk, reference());
    assert!(items.action_items.is_empty(), "{items:?}");
    assert!(items.goals.is_empty());
    let many = "Action items\n".to_string() + &"- do it again\n- and again\n".repeat(5_000);
    let many_items = (0..500).fold(String::from("To do\n"), |mut s, i| {
        s.push_str(&format!("- task {i}\n"));
        s
    });
    assert_eq!(extract(&many, reference()).action_items.len(), 2);
    assert_eq!(
        extract(&many_items, reference()).action_items.len(),
        MAX_ITEMS
    );
}
