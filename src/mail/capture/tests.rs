//! The capture on whole texts: places, habits of inline answers, notes' action items.

use super::*;

#[test]
fn a_decision_anywhere_in_a_paragraph_with_its_place() {
    let text = "One more thing from today: I decided to cut the saved-cards experiment from\n\
                the Q1 roadmap. The data says checkout errors matter more.";
    let got = decisions(text, None);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].text,
        "One more thing from today: I decided to cut the saved-cards experiment from the Q1 roadmap."
    );
    assert_eq!(got[0].place.start, 0);
    assert_eq!((got[0].place.paragraph, got[0].place.sentence), (0, 0));
    assert!(text[got[0].place.start..got[0].place.end].ends_with("roadmap."));
}

#[test]
fn negations_and_hypotheticals_are_not_decisions() {
    for text in [
        "I haven't decided yet.",
        "If we decide to drop it, sales will mind.",
        "Should I choose the platform team?",
        "We might go with the smaller vendor.",
        "Still undecided between the two offers.",
        "Not sure whether we agreed to drop it.",
    ] {
        assert!(decisions(text, None).is_empty(), "{text}");
    }
}

#[test]
fn an_answer_under_a_decisions_question_is_a_decision() {
    let text = "Finished the deck.\n\nCut saved cards from Q1. Data was clear.";
    let context = Context {
        answered: vec![
            Answered {
                question: "What progress did you make on your goals this week?",
                answer: "Finished the deck.",
            },
            Answered {
                question: "A decision you took this week, and why?",
                answer: "Cut saved cards from Q1. Data was clear.",
            },
        ],
        ..Context::default()
    };
    let got = capture(text, "reply_text", &context);
    assert_eq!(got.decisions.len(), 1);
    assert_eq!(got.decisions[0].text, "Cut saved cards from Q1.");
    assert_eq!(got.decisions[0].cue, DecisionCue::Answer);
    assert_eq!(got.goal_progress.len(), 1);
    // A question that looks ahead takes no decision from its answer.
    let ahead = Context {
        answered: vec![Answered {
            question: "Which decision are you facing next, and what options do you see?",
            answer: "Cut saved cards from Q1. Data was clear.",
        }],
        ..Context::default()
    };
    assert!(capture(text, "reply_text", &ahead).decisions.is_empty());
    // "Nothing this week" is no decision.
    assert!(decisions("Nothing this week.", Some(Habit::Decisions)).is_empty());
}

#[test]
fn progress_links_to_the_goal_it_mentions() {
    let goals = vec![
        "Run three customer discovery interviews on my own".to_string(),
        "Learn SQL".to_string(),
    ];
    let context = Context {
        goals: &goals,
        ..Context::default()
    };
    let got = capture(
        "Ran my second discovery interview solo. Also did two SQL lessons.",
        "text",
        &context,
    );
    let linked: Vec<Option<&str>> = got
        .goal_progress
        .iter()
        .map(|p| p.goal.as_deref())
        .collect();
    assert_eq!(linked, [Some(goals[0].as_str()), Some("Learn SQL")]);
}

#[test]
fn notes_action_items_are_reused_with_their_owner() {
    let notes = "Good session.\n\nAction items:\n- Sam: send the deck outline\n- Maya to intro Jonas\n\nI'll check in next week.";
    let got = capture(notes, "text", &Context::default());
    let items: Vec<(&str, Option<&str>)> = got
        .action_items
        .iter()
        .map(|a| (a.text.as_str(), a.owner.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            ("Sam: send the deck outline", Some("Sam")),
            ("Maya to intro Jonas", Some("Maya")),
            ("I'll check in next week.", None),
        ]
    );
    assert_eq!(got.action_items[0].place.paragraph, 1);
}

#[test]
fn the_kind_of_experience_named_first_wins_and_first_time_comes_last() {
    let kinds = |text: &str| -> Vec<String> {
        capture(text, "text", &Context::default())
            .experiences
            .into_iter()
            .map(|e| e.kind)
            .collect()
    };
    assert_eq!(
        kinds("went to the product meetup downtown on thurs, great talk on pricing"),
        ["event"]
    );
    assert_eq!(
        kinds("Went to a conference. The best talk was about killing features gracefully."),
        ["event", "talk"]
    );
    assert_eq!(kinds("I gave a talk for the first time."), ["talk"]);
    assert_eq!(kinds("First time I sat in a legal review."), ["first_time"]);
    assert_eq!(kinds("I'm behind on the SQL course."), Vec::<String>::new());
}

#[test]
fn headings_without_a_colon_mark_notes_sections() {
    let notes = "Session with Sam\n\nWhat went well\n- Clear synthesis of the interviews\n\n\
                 Even better if\n- Lead with the problem\n\nAction items\n- Sam: send the outline";
    let got = capture(notes, "text", &Context::default());
    let feedback: Vec<&str> = got.feedback.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        feedback,
        ["Clear synthesis of the interviews", "Lead with the problem"]
    );
    assert_eq!(got.action_items.len(), 1);
}

#[test]
fn a_file_that_is_no_mail_is_captured_as_text() {
    let raw = b"Decision: drop the enterprise tier\nBusy week otherwise.";
    let parsed = crate::mail::parse::parse(raw);
    let got = of_file(raw, &parsed);
    assert_eq!(got.decisions.len(), 1, "{parsed:?}");
    assert_eq!(got.decisions[0].place.source, "text");
    let mail = b"From: Sam <sam@example.org>\r\nSubject: Re: hi\r\n\r\nI went with option B.\r\n";
    let got = of_file(mail, &crate::mail::parse::parse(mail));
    assert_eq!(got.decisions[0].place.source, "reply_text");
}
