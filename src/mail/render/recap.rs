//! The mentee's monthly recap: their month in the programme, from their own words and their
//! mentor's notes, sent with the first prompt of the next month.

use jiff::civil::Date;

use super::layout::{Block, Item, Mail, Replies, one_line};

/// What a month held for a mentee. Dates are local to the mentee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapView {
    pub programme: String,
    pub mentee_first_name: String,
    pub mentor_name: String,
    /// The first day of the month recapped.
    pub month: Date,
    /// Reflections recorded in the month.
    pub reflections: usize,
    /// The goals that are not dropped, with what moved on them in the month.
    pub goals: Vec<RecapGoal>,
    /// Decisions taken in the month, with what came of them so far.
    pub decisions: Vec<RecapDecision>,
    /// What came, this month, of decisions taken before it.
    pub outcomes: Vec<RecapDecision>,
    /// New experiences: shadowing, events, talks, cross-functional work, customer calls.
    pub experiences: Vec<(Date, String)>,
    /// Feedback the mentee received: the mentor's notes, and what the mentee wrote they heard.
    pub feedback: Vec<(Date, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapGoal {
    pub title: String,
    /// `open`, `done`, `overdue`.
    pub status: String,
    pub target: Option<Date>,
    /// Progress noted in the month.
    pub progress: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapDecision {
    pub decided_on: Date,
    pub text: String,
    pub outcomes: Vec<String>,
}

impl RecapView {
    /// Nothing was recorded in the month (goals are listed whatever the month held).
    pub fn is_quiet(&self) -> bool {
        self.reflections == 0
            && self.decisions.is_empty()
            && self.outcomes.is_empty()
            && self.experiences.is_empty()
            && self.feedback.is_empty()
            && self.goals.iter().all(|g| g.progress.is_empty())
    }
}

/// The recap of `view.month`; a quiet month says so in a line and still lists the goals.
pub fn recap(view: &RecapView) -> Mail {
    let month = view.month.strftime("%B").to_string();
    let month_year = view.month.strftime("%B %Y").to_string();
    let mut blocks = vec![Block::paragraph(format!("Hi {},", view.mentee_first_name))];
    if view.is_quiet() {
        blocks.push(Block::paragraph(format!(
            "{month} was a quiet month: nothing was recorded in your timeline. That happens; \
             your next prompt is a good place to pick up again."
        )));
    } else {
        let reflections = match view.reflections {
            0 => "no reflections".to_string(),
            1 => "one reflection".to_string(),
            n => format!("{n} reflections"),
        };
        blocks.push(Block::paragraph(format!(
            "Here is your {month} in {}: {reflections} of yours and the notes {} shared, in one \
             place.",
            view.programme, view.mentor_name
        )));
    }
    let day = |d: &Date| d.strftime("%-d %b").to_string();
    let goals = view
        .goals
        .iter()
        .map(|g| {
            let target = g
                .target
                .map(|t| format!(", target {}", t.strftime("%-d %b %Y")))
                .unwrap_or_default();
            let progress = match g.progress.as_slice() {
                [] => String::new(),
                notes => format!(
                    ". This month: {}",
                    notes
                        .iter()
                        .map(|p| one_line(p))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
            };
            Item::labelled(g.title.clone(), format!("{}{target}{progress}", g.status))
        })
        .collect();
    let decision_item = |d: &RecapDecision| {
        let outcome = match d.outcomes.last() {
            Some(o) => format!(". What came of it: {}", one_line(o)),
            None => String::new(),
        };
        let text = one_line(&d.text);
        let text = if outcome.is_empty() {
            text
        } else {
            text.trim_end_matches('.').to_string()
        };
        Item::labelled(day(&d.decided_on), format!("{text}{outcome}"))
    };
    let dated = |items: &[(Date, String)]| {
        items
            .iter()
            .map(|(d, text)| Item::labelled(day(d), one_line(text)))
            .collect()
    };
    blocks.extend(
        [
            Block::list("Your goals", goals),
            Block::list(
                "Decisions you took",
                view.decisions.iter().map(decision_item).collect(),
            ),
            Block::list(
                "What came of earlier decisions",
                view.outcomes.iter().map(decision_item).collect(),
            ),
            Block::list("New experiences", dated(&view.experiences)),
            Block::list("Feedback you received", dated(&view.feedback)),
        ]
        .into_iter()
        .flatten(),
    );
    blocks.push(Block::paragraph(
        "Anything missing? Reply to this mail and it goes into your timeline like a reflection.",
    ));
    Mail {
        subject: format!("{}: your {month_year} in review", view.programme),
        programme: view.programme.clone(),
        blocks,
        reason: format!(
            "You get this recap once a month as a mentee in {}.",
            view.programme
        ),
        replies: Replies::MenteeCommands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::render::FooterLinks;
    use jiff::civil::date;

    fn quiet() -> RecapView {
        RecapView {
            programme: "PM Mentoring".into(),
            mentee_first_name: "Sam".into(),
            mentor_name: "Maya Chen".into(),
            month: date(2026, 11, 1),
            reflections: 0,
            goals: vec![RecapGoal {
                title: "Lead a discovery sprint".into(),
                status: "open".into(),
                target: Some(date(2027, 1, 31)),
                progress: Vec::new(),
            }],
            decisions: Vec::new(),
            outcomes: Vec::new(),
            experiences: Vec::new(),
            feedback: Vec::new(),
        }
    }

    #[test]
    fn a_quiet_month_says_so_in_a_line_and_still_lists_the_goals() {
        let mail = recap(&quiet()).render(&FooterLinks::default());
        assert_eq!(mail.subject, "PM Mentoring: your November 2026 in review");
        assert!(
            mail.text.contains("November was a quiet month"),
            "{}",
            mail.text
        );
        assert!(
            mail.text.contains("Lead a discovery sprint"),
            "{}",
            mail.text
        );
        assert!(!mail.text.contains("Decisions you took"), "{}", mail.text);
    }

    #[test]
    fn a_month_with_a_decision_lists_it_with_its_outcome() {
        let mut view = quiet();
        view.reflections = 1;
        view.decisions.push(RecapDecision {
            decided_on: date(2026, 11, 12),
            text: "cut the saved-cards experiment".into(),
            outcomes: vec!["we shipped checkout a week early".into()],
        });
        let text = recap(&view).render(&FooterLinks::default()).text;
        assert!(text.contains("one reflection of yours"), "{text}");
        assert!(
            text.contains(
                "12 Nov: cut the saved-cards experiment. What came of it: we shipped checkout"
            ),
            "{text}"
        );
        assert!(!text.contains("quiet month"), "{text}");
    }
}
