//! Golden tests of the tables: every row is well formed, and every row, put in a plain sentence,
//! is recognised by the rule that reads its table; put after a negation or in a hypothetical, it
//! is not.

use super::{actions, decisions, experiences, feedback, markers, progress, questions};
use crate::mail::capture::rules::Clause;
use crate::mail::capture::sentences::split;
use crate::mail::capture::{Habit, habit_of_question};

fn read(text: &str) -> crate::mail::capture::rules::Reading {
    let all = split(text);
    assert_eq!(all.len(), 1, "one sentence: {text:?} -> {all:?}");
    Clause::of(&all[0]).read(None, &[])
}

fn well_formed(table: &[&str]) {
    for row in table {
        assert_eq!(row.trim(), *row, "untrimmed: {row:?}");
        assert!(!row.is_empty());
        assert_eq!(row.to_lowercase(), *row, "not lower case: {row:?}");
    }
}

#[test]
fn every_table_is_well_formed() {
    let cues: Vec<&str> = decisions::CUES.iter().map(|c| c.phrase).collect();
    for table in [
        &cues[..],
        decisions::SUBJECTS,
        decisions::LABELS,
        decisions::NOTHING,
        feedback::CUES,
        feedback::RECEIVED,
        feedback::GIVEN,
        feedback::NOT_YET,
        feedback::HEADINGS,
        progress::GOAL_WORDS,
        progress::STRONG,
        progress::VERBS,
        markers::NEGATIONS,
        markers::HYPOTHETICALS,
        markers::FUTURE,
        markers::CLAUSE_BREAKS,
        actions::COMMITMENTS,
        actions::LABELS,
        actions::IDIOMS,
        actions::DOUBTS,
        questions::LOOKING_AHEAD,
        experiences::TAKING_PART,
    ] {
        well_formed(table);
    }
    for kind in experiences::KINDS {
        well_formed(kind.phrases);
    }
}

#[test]
fn every_decision_cue_is_a_decision_and_negated_or_hypothetical_it_is_not() {
    for cue in decisions::CUES {
        let stated = if cue.phrase.starts_with('\'') {
            format!(
                "Yesterday we{} the smaller scope for the launch.",
                cue.phrase
            )
        } else {
            format!(
                "Yesterday we {} the smaller scope for the launch.",
                cue.phrase
            )
        };
        assert!(read(&stated).decision, "{stated}");
        if !cue.phrase.starts_with('\'') {
            let negated = format!("We haven't {} the smaller scope yet.", cue.phrase);
            assert!(!read(&negated).decision, "{negated}");
        }
        let hypothetical = if cue.phrase.starts_with('\'') {
            format!("If we{} the smaller scope, sales will ask why.", cue.phrase)
        } else {
            format!(
                "If we {} the smaller scope, sales will ask why.",
                cue.phrase
            )
        };
        assert!(!read(&hypothetical).decision, "{hypothetical}");
        let question = format!("Should we say we {} the smaller scope?", cue.phrase);
        assert!(!read(&question).decision, "{question}");
    }
    for label in decisions::LABELS {
        let labelled = format!("{label}: keep the old pricing page");
        assert!(read(&labelled).decision, "{labelled}");
    }
}

#[test]
fn every_experience_phrase_gives_its_kind_unless_planned_or_missed() {
    for kind in experiences::KINDS {
        for phrase in kind.phrases {
            let lived = format!("On Tuesday I worked on the {phrase} thing with Jo.");
            let got = read(&lived).experience;
            assert!(got.is_some(), "{lived}");
            let planned = format!("I'm hoping to do the {phrase} thing with Jo.");
            assert_eq!(read(&planned).experience, None, "{planned}");
            let future = format!("Tomorrow I will do the {phrase} thing with Jo.");
            assert_eq!(read(&future).experience, None, "{future}");
        }
    }
}

#[test]
fn every_feedback_cue_is_feedback_unless_asked_for_or_absent() {
    for cue in feedback::CUES {
        let told = format!("On Friday Jo {cue} the demo.");
        assert!(read(&told).feedback.is_some(), "{told}");
        let absent = format!("Nobody {cue} the demo.");
        assert!(read(&absent).feedback.is_none(), "{absent}");
    }
}

#[test]
fn every_progress_phrase_is_progress_on_the_goal_it_names() {
    for phrase in progress::STRONG {
        let text = format!("The pricing work is {phrase} now.");
        assert!(read(&text).progress.is_some(), "{text}");
    }
    for verb in progress::VERBS {
        let text = format!("For my SQL goal I {verb} the second module.");
        assert_eq!(
            read(&text).progress,
            Some(Some("sql".to_string())),
            "{text}"
        );
    }
}

#[test]
fn every_commitment_is_an_action_item_but_idioms_are_not() {
    for phrase in actions::COMMITMENTS {
        let text = format!("So {phrase} send Jo the outline.");
        assert!(read(&text).commitment, "{text}");
    }
    for idiom in actions::IDIOMS {
        let text = format!("{idiom} the week was long.");
        assert!(!read(&text).commitment, "{text}");
    }
}

#[test]
fn questions_get_the_habit_they_ask_about() {
    for (cue, habit) in questions::CUES {
        let question = format!("Tell us: {cue} this week?");
        let got = habit_of_question(&question);
        // An earlier row may claim the question first, but every row yields a habit.
        assert!(got.is_some(), "{question}");
        if *habit == Habit::Decisions {
            assert_eq!(got, Some(Habit::Decisions), "{question}");
        }
    }
    for q in crate::domain::prompts::default_bank() {
        assert_eq!(habit_of_question(&q.text), Some(q.habit), "{}", q.text);
    }
}
