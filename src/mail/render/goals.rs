//! Goals as shown in mail, and the reminder of one goal.

use jiff::civil::Date;

use super::layout::{Block, Item, Mail, Replies, shorten};

/// A goal as shown in mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub title: String,
    pub target: Option<Date>,
}

/// A goal and its target date on one line: "Ship v2 (by 15 Jan 2027)".
pub(super) fn goal_line(goal: &GoalLine) -> String {
    match goal.target {
        Some(target) => format!("{} (by {})", goal.title, target.strftime("%-d %b %Y")),
        None => goal.title.clone(),
    }
}

/// Inputs of a goal reminder.
#[derive(Debug, Clone)]
pub struct GoalReminderView<'a> {
    pub programme: &'a str,
    pub mentee_first_name: &'a str,
    pub goal: GoalLine,
    /// True once the target date has passed.
    pub overdue: bool,
}

/// A reminder of one goal, before its date or once it has passed; the subject names the goal.
pub fn goal_reminder(view: &GoalReminderView<'_>) -> Mail {
    let title = shorten(&view.goal.title, 60);
    let date = view.goal.target.map(|t| t.strftime("%-d %b").to_string());
    let subject = match (view.overdue, &date) {
        (true, Some(date)) => format!("{}: \"{title}\" was due on {date}", view.programme),
        (true, None) => format!("{}: how is \"{title}\" going?", view.programme),
        (false, Some(date)) => format!("{}: \"{title}\" is due on {date}", view.programme),
        (false, None) => format!("{}: a reminder of \"{title}\"", view.programme),
    };
    let long_date = view
        .goal
        .target
        .map(|t| t.strftime("%a %-d %b %Y").to_string());
    let intro = match (view.overdue, long_date) {
        (true, Some(date)) => format!("Your goal was due on {date}:"),
        (true, None) => "Your goal:".to_string(),
        (false, Some(date)) => format!("A reminder that your goal is due on {date}:"),
        (false, None) => "A reminder of your goal:".to_string(),
    };
    Mail {
        subject,
        programme: view.programme.to_string(),
        blocks: vec![
            Block::paragraph(format!("Hi {},", view.mentee_first_name)),
            Block::paragraph(intro),
            Block::Quote(view.goal.title.clone()),
            Block::paragraph("How is it going? Reply to this email with one of these:"),
            Block::List {
                heading: None,
                items: vec![
                    Item::plain("\"done\", if you reached it;"),
                    Item::plain("\"update:\" and where you are (\"update: two of five held\");"),
                    Item::plain("a new date, if it moved (\"by 31 Jan\")."),
                ],
            },
            Block::paragraph("Anything else you write is kept as an update on the goal."),
        ],
        reason: format!("You set this goal in {}.", view.programme),
        replies: Replies::MenteeCommands,
    }
}
