//! What a mentee's reply asks for, beyond being a reflection: commands that control their mail
//! (`pause until 5 Jan`, `pause 2 weeks`, `resume`, `stop`), answers to a goal reminder (`done`,
//! `update: ...`, a new date), and the goals listed in answer to the kickoff (decisions are
//! captured by `mail::capture`). Pure functions of the reply text and the mentee's local `today`.

use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::Date;
use regex::Regex;

use super::dates::{find_date, find_duration_end, strip_date_phrase};

/// A command that changes what mail the mentee gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenteeCommand {
    /// No mail before this date (local), then prompts resume by themselves.
    PauseUntil(Date),
    Resume,
    Stop,
}

/// How long a bare "pause" lasts.
pub const DEFAULT_PAUSE_DAYS: i64 = 14;

/// The reply's lines that carry words, trimmed.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A command line in its plain form: lower case, no "please", no trailing punctuation or thanks.
fn normalise(line: &str) -> String {
    static POLITE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:hi\b[^,]*,\s*)?(?:please\s+|pls\s+|can you\s+|could you\s+)?(.*?)[\s,]*(?:please|thanks|thank you|thx)?[\s.!]*$")
            .expect("valid regex")
    });
    let lower = line.to_lowercase();
    POLITE
        .captures(&lower)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .unwrap_or(lower)
}

/// The command in the first line of a reply, and the text after that line (empty for a pure
/// command).
pub fn parse_command(text: &str, today: Date) -> Option<(MenteeCommand, String)> {
    static PAUSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:pause|hold|take a break|break)(?:\s+(?:my|the|all|these)?\s*(?:e-?mails?|mail|prompts?|reminders?))?(?:\s+(?:for|until|till|til|through|to)\b)?\s*(.{0,40})$")
            .expect("valid regex")
    });
    static RESUME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:resume|unpause|restart|start again|i'?m back|back again)(?:\s+(?:my|the|all)?\s*(?:e-?mails?|mail|prompts?))?$")
            .expect("valid regex")
    });
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:stop|unsubscribe|opt out|stop sending(?: me)?|stop all|remove me)(?:\s+(?:my|the|all|these)?\s*(?:e-?mails?|mail|prompts?|messages?))?(?:\s+please)?$")
            .expect("valid regex")
    });
    let mut all = lines(text);
    let first = all.next()?;
    if first.len() > 80 {
        return None;
    }
    let rest: Vec<&str> = all.collect();
    let line = normalise(first);
    let command = if STOP.is_match(&line) {
        MenteeCommand::Stop
    } else if RESUME.is_match(&line) {
        MenteeCommand::Resume
    } else if let Some(c) = PAUSE.captures(&line) {
        let tail = c.get(1).map_or("", |m| m.as_str()).trim();
        let until = if tail.is_empty() {
            today.checked_add(DEFAULT_PAUSE_DAYS.days()).ok()?
        } else {
            find_date(tail, today).or_else(|| find_duration_end(tail, today))?
        };
        if until <= today {
            return None;
        }
        MenteeCommand::PauseUntil(until)
    } else {
        return None;
    };
    Some((command, rest.join("\n")))
}

/// What a reply to a goal reminder says about the goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalReply {
    Done,
    /// A progress note.
    Update(String),
    NewDate(Date),
}

/// The meaning of a reply to a reminder of one goal. Free text is a progress note.
pub fn parse_goal_reply(text: &str, today: Date) -> Option<GoalReply> {
    static DONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:it'?s\s+)?(?:done|finished|completed?|achieved|did it|nailed it)\b[\s\S]{0,40}$",
        )
        .expect("valid regex")
    });
    static UPDATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:update|progress|status)\s*[:\-]\s*").expect("valid regex")
    });
    static NEW_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:new (?:target )?date|new deadline|moving it to|move it to|moved to|push(?:ed)?(?: it)? (?:back )?to|postpone(?:d)?(?: it)? to|by)\b")
            .expect("valid regex")
    });
    let first = lines(text).next()?;
    let line = normalise(first);
    if DONE.is_match(&line) {
        return Some(GoalReply::Done);
    }
    if let Some(m) = UPDATE.find(first) {
        let mut note = first[m.end()..].trim().to_string();
        for more in lines(text).skip(1) {
            note.push('\n');
            note.push_str(more);
        }
        return Some(GoalReply::Update(note));
    }
    if (NEW_DATE.is_match(&line) || line.len() <= 30)
        && let Some(date) = find_date(&line, today)
    {
        return Some(GoalReply::NewDate(date));
    }
    let note = text.trim();
    (!note.is_empty()).then(|| GoalReply::Update(note.to_string()))
}

/// A goal as the mentee wrote it in answer to the kickoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDraft {
    pub title: String,
    pub target: Option<Date>,
}

/// The goals in a reply to the kickoff: one per bullet or, without bullets, one per line;
/// greetings, sign-offs and headings ("My goals:") are not goals.
pub fn parse_goals(text: &str, today: Date) -> Vec<GoalDraft> {
    static BULLET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-*•–]|\d{1,2}[.)]|\[\s?\])\s+(.+)$").expect("valid regex")
    });
    static NOT_A_GOAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:hi|hello|hey|dear|thanks|thank you|cheers|best|regards|kind regards|sent from)\b")
            .expect("valid regex")
    });
    let all: Vec<&str> = lines(text).collect();
    let bulleted: Vec<&str> = all
        .iter()
        .filter_map(|l| {
            BULLET
                .captures(l)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        })
        .collect();
    let candidates: Vec<&str> = if bulleted.is_empty() {
        all.into_iter()
            .filter(|l| !l.ends_with(':') && !NOT_A_GOAL.is_match(l))
            .filter(|l| l.split_whitespace().count() >= 2)
            .collect()
    } else {
        bulleted
    };
    candidates
        .into_iter()
        .map(|line| GoalDraft {
            title: strip_date_phrase(line),
            target: find_date(line, today),
        })
        .filter(|g| !g.title.is_empty())
        .take(10)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 26);

    #[test]
    fn commands_in_the_phrasings_people_use() {
        let pause = |s: &str| parse_command(s, TODAY).map(|(c, _)| c);
        assert_eq!(
            pause("Pause until 5 Jan"),
            Some(MenteeCommand::PauseUntil(date(2027, 1, 5)))
        );
        assert_eq!(
            pause("please pause my emails till 2027-01-05."),
            Some(MenteeCommand::PauseUntil(date(2027, 1, 5)))
        );
        assert_eq!(
            pause("pause 2 weeks"),
            Some(MenteeCommand::PauseUntil(date(2026, 12, 10)))
        );
        assert_eq!(
            pause("Pause for a month, thanks!"),
            Some(MenteeCommand::PauseUntil(date(2026, 12, 26)))
        );
        assert_eq!(
            pause("pause"),
            Some(MenteeCommand::PauseUntil(date(2026, 12, 10)))
        );
        assert_eq!(pause("RESUME"), Some(MenteeCommand::Resume));
        assert_eq!(pause("I'm back!"), Some(MenteeCommand::Resume));
        assert_eq!(pause("Stop"), Some(MenteeCommand::Stop));
        assert_eq!(pause("unsubscribe please"), Some(MenteeCommand::Stop));
        assert_eq!(pause("Stop sending me emails."), Some(MenteeCommand::Stop));
    }

    #[test]
    fn reflections_that_mention_the_words_are_not_commands() {
        let none = |s: &str| parse_command(s, TODAY);
        assert_eq!(
            none("I had to stop the project because the budget moved."),
            None
        );
        assert_eq!(none("Paused the launch until we had data."), None);
        assert_eq!(none("pause until yesterday-ish"), None);
        assert_eq!(none(""), None);
        // A command with more text after it keeps the text.
        let (command, rest) =
            parse_command("pause 2 weeks\n\nOn holiday, back soon.", TODAY).expect("a command");
        assert_eq!(command, MenteeCommand::PauseUntil(date(2026, 12, 10)));
        assert_eq!(rest, "On holiday, back soon.");
    }

    #[test]
    fn goal_replies() {
        assert_eq!(parse_goal_reply("Done!", TODAY), Some(GoalReply::Done));
        assert_eq!(
            parse_goal_reply("done - shipped it on Tuesday", TODAY),
            Some(GoalReply::Done)
        );
        assert_eq!(
            parse_goal_reply(
                "Update: two of five interviews held\nthird on Friday",
                TODAY
            ),
            Some(GoalReply::Update(
                "two of five interviews held\nthird on Friday".into()
            ))
        );
        assert_eq!(
            parse_goal_reply("New date: 15 Feb", TODAY),
            Some(GoalReply::NewDate(date(2027, 2, 15)))
        );
        assert_eq!(
            parse_goal_reply("by end of March", TODAY),
            Some(GoalReply::NewDate(date(2027, 3, 31)))
        );
        assert_eq!(
            parse_goal_reply("Slow going, the data team is busy.", TODAY),
            Some(GoalReply::Update(
                "Slow going, the data team is busy.".into()
            ))
        );
        assert_eq!(parse_goal_reply("  \n ", TODAY), None);
    }

    #[test]
    fn goals_from_a_kickoff_reply() {
        let text = "Hi Maya,\n\nMy goals:\n- Run five discovery interviews by 15 Jan\n\
                    - Own the pricing page (by end of March)\n* Learn SQL\n\nThanks,\nSam";
        let goals = parse_goals(text, TODAY);
        assert_eq!(
            goals,
            vec![
                GoalDraft {
                    title: "Run five discovery interviews".into(),
                    target: Some(date(2027, 1, 15))
                },
                GoalDraft {
                    title: "Own the pricing page".into(),
                    target: Some(date(2027, 3, 31))
                },
                GoalDraft {
                    title: "Learn SQL".into(),
                    target: None
                },
            ]
        );
        let plain = parse_goals(
            "Ship the onboarding revamp 2027-02-01\nPresent at all-hands",
            TODAY,
        );
        assert_eq!(plain.len(), 2);
        assert_eq!(plain[0].target, Some(date(2027, 2, 1)));
        assert_eq!(plain[1].title, "Present at all-hands");
    }
}
