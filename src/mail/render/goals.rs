//! Goals as shown in mail, and the reminder of one goal.

use jiff::civil::Date;

use super::Rendered;
use super::layout::html_page;

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

/// A reminder of one goal, before its date or once it has passed.
pub fn goal_reminder(view: &GoalReminderView<'_>) -> Rendered {
    let line = goal_line(&view.goal);
    let subject = if view.overdue {
        format!("{}: your goal's date has passed", view.programme)
    } else {
        format!("{}: your goal is due soon", view.programme)
    };
    let greeting = format!("Hi {},", view.mentee_first_name);
    let body = if view.overdue {
        format!("The target date of your goal has passed: {line}.")
    } else {
        format!("A reminder that your goal is coming up: {line}.")
    };
    let ask = "How is it going? Reply to this email with where you are.";
    let text = format!("{greeting}\n\n{body}\n\n{ask}\n");
    let html = html_page(&[greeting, body, ask.to_string()], &[], &[]);
    Rendered {
        subject,
        text,
        html,
    }
}
