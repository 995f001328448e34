//! The weekly programme summary to a programme's admins: is it working? The headline figures of
//! the report (`mentormail report`) for the week, and the pairs at risk with their last activity.

use jiff::civil::Date;

use super::layout::{Block, Item, Mail, Replies};

/// The week's figures of one programme, as the summary shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeSummaryView {
    pub programme: String,
    /// The first day of the week covered (a Monday) and the last.
    pub from: Date,
    pub to: Date,
    pub pairs: usize,
    pub prompts_sent: u32,
    pub answered: u32,
    pub replies: u32,
    /// `answered / prompts_sent` for the week.
    pub rate: Option<f64>,
    /// (state, pairs) in the report's order, states without pairs left out.
    pub states: Vec<(&'static str, u32)>,
    pub goals_open: u32,
    pub goals_done: u32,
    pub goals_overdue: u32,
    pub items_open: u32,
    pub items_closed: u32,
    /// Reflections in the week, and the share touching each habit (goals, feedback, decisions,
    /// experiences).
    pub reflections: u32,
    pub habits: [(&'static str, Option<f64>); 4],
    pub decisions_logged: u32,
    pub decisions_followed_up: u32,
    pub at_risk: Vec<AtRiskLine>,
}

/// A pair at risk, as a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRiskLine {
    pub mentee: String,
    pub mentor: String,
    pub last_activity: Option<Date>,
    pub reasons: Vec<String>,
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "n/a".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// The summary mail of one week.
pub fn programme_summary(view: &ProgrammeSummaryView) -> Mail {
    let week = format!(
        "{} to {}",
        view.from.strftime("%a %-d %b"),
        view.to.strftime("%a %-d %b %Y")
    );
    let mut blocks = vec![
        Block::paragraph("Hello,"),
        Block::paragraph(format!(
            "Here is how {} went in the week from {week}, across its {}.",
            view.programme,
            match view.pairs {
                1 => "one pair".to_string(),
                n => format!("{n} pairs"),
            }
        )),
    ];
    let states = view
        .states
        .iter()
        .map(|(state, n)| format!("{n} {state}"))
        .collect::<Vec<_>>()
        .join(", ");
    let headline = vec![
        Item::labelled(
            "Response rate",
            format!(
                "{} ({} of {} prompts answered; {} reflections recorded)",
                percent(view.rate),
                view.answered,
                view.prompts_sent,
                view.replies
            ),
        ),
        Item::labelled(
            "Pairs",
            if states.is_empty() {
                "none yet".to_string()
            } else {
                states
            },
        ),
        Item::labelled(
            "Goals",
            format!(
                "{} open, {} overdue, {} done",
                view.goals_open, view.goals_overdue, view.goals_done
            ),
        ),
        Item::labelled(
            "Action items",
            format!("{} open, {} closed", view.items_open, view.items_closed),
        ),
        Item::labelled(
            "Decisions",
            format!(
                "{} logged this week, {} followed up",
                view.decisions_logged, view.decisions_followed_up
            ),
        ),
    ];
    blocks.extend(Block::list("This week", headline));
    if view.reflections > 0 {
        blocks.extend(Block::list(
            format!(
                "Share of this week's {} reflections touching each habit",
                view.reflections
            ),
            view.habits
                .iter()
                .map(|(habit, share)| Item::labelled(*habit, percent(*share)))
                .collect(),
        ));
    }
    let at_risk: Vec<Item> = view
        .at_risk
        .iter()
        .map(|p| {
            let last = p
                .last_activity
                .map_or_else(|| "never".to_string(), |d| d.strftime("%-d %b").to_string());
            Item::labelled(
                format!("{} (mentor {})", p.mentee, p.mentor),
                format!("{}; last activity {last}", p.reasons.join(", ")),
            )
        })
        .collect();
    if at_risk.is_empty() {
        blocks.push(Block::paragraph("No pair is at risk this week."));
    }
    blocks.extend(Block::list("Pairs at risk", at_risk));
    blocks.push(Block::paragraph(format!(
        "The full report, with charts by week and cohort: mentormail report --programme \"{}\" \
         --out report.html",
        view.programme
    )));
    Mail {
        subject: format!("{}: the week from {week}", view.programme),
        programme: view.programme.clone(),
        blocks,
        reason: format!(
            "You get this weekly as an admin of {}; an admin takes you off the list with \
             mentormail programme admins set.",
            view.programme
        ),
        replies: Replies::Notice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::render::FooterLinks;
    use jiff::civil::date;

    #[test]
    fn the_summary_shows_the_rate_and_who_is_at_risk() {
        let view = ProgrammeSummaryView {
            programme: "PM Mentoring".into(),
            from: date(2026, 11, 30),
            to: date(2026, 12, 6),
            pairs: 3,
            prompts_sent: 3,
            answered: 2,
            replies: 2,
            rate: Some(2.0 / 3.0),
            states: vec![("active", 2), ("quiet", 1)],
            goals_open: 4,
            goals_done: 1,
            goals_overdue: 1,
            items_open: 2,
            items_closed: 3,
            reflections: 2,
            habits: [
                ("Goals", Some(0.5)),
                ("Feedback", Some(1.0)),
                ("Decisions", Some(0.0)),
                ("New experiences", None),
            ],
            decisions_logged: 1,
            decisions_followed_up: 0,
            at_risk: vec![AtRiskLine {
                mentee: "Lee Park".into(),
                mentor: "Maya Chen".into(),
                last_activity: Some(date(2026, 11, 9)),
                reasons: vec!["3 unanswered prompts".into()],
            }],
        };
        let text = programme_summary(&view)
            .render(&FooterLinks::default())
            .text;
        assert!(
            text.contains("Response rate: 67% (2 of 3 prompts answered"),
            "{text}"
        );
        assert!(text.contains("Pairs: 2 active, 1 quiet"), "{text}");
        assert!(
            text.contains("Lee Park (mentor Maya Chen): 3 unanswered prompts; last activity 9 Nov"),
            "{text}"
        );
    }
}
