//! The golden set of command lines (`tests/mail/item-commands.golden`): every style of the set
//! read as written there.

use jiff::civil::date;

use super::*;

const GOLDEN: &str = include_str!("../../../tests/mail/item-commands.golden");

fn describe(commands: Option<Vec<ItemCommand>>) -> String {
    let Some(commands) = commands else {
        return "-".to_string();
    };
    commands
        .iter()
        .map(|c| match c.action {
            ItemAction::Done => format!("done {}", c.number),
            ItemAction::Drop => format!("drop {}", c.number),
            ItemAction::Move(to) => format!("move {} to {to}", c.number),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn every_line_of_the_golden_set_reads_as_written_there() {
    let today = date(2026, 12, 3);
    let mut cases = 0;
    let mut wrong = Vec::new();
    for line in GOLDEN.lines() {
        // Comments start "# " ("#4 done" is a case).
        if line.starts_with("# ") || line == "#" || line.trim().is_empty() {
            continue;
        }
        let (written, expected) = line.rsplit_once(" => ").expect("a case has \" => \"");
        let read = describe(parse_line(written, today));
        cases += 1;
        if read != expected {
            wrong.push(format!("{written:?}: expected {expected:?}, read {read:?}"));
        }
    }
    assert!(cases >= 50, "the golden set has {cases} cases");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn command_lines_leave_the_rest_of_the_mail_as_written() {
    let text = "Good session today.\n\ndone 2, 5\nAction items\n- Sam: book the room\n3 moved to next week\n";
    let parsed = parse_commands(text, date(2026, 12, 3));
    assert_eq!(parsed.commands.len(), 3);
    assert_eq!(
        parsed.rest,
        "Good session today.\n\nAction items\n- Sam: book the room"
    );
}

#[test]
fn a_mentees_done_with_words_names_the_item() {
    assert_eq!(
        done_with_words("done: send the deck outline").as_deref(),
        Some("send the deck outline")
    );
    assert_eq!(
        done_with_words("Finished - Shadowed Priya's review").as_deref(),
        Some("Shadowed Priya's review")
    );
    assert_eq!(done_with_words("done"), None);
    assert_eq!(done_with_words("done: 2"), None);
    assert_eq!(done_with_words("I'm done with the deck"), None);
}
