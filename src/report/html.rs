//! The report as one self-contained HTML page: styles inline, charts drawn here as inline SVG
//! (`templates/report/report.html`), nothing loaded from anywhere, so it opens from disk, mails
//! as an attachment and prints.

use askama::Template;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::chart::{self, Chart, Series};
use super::{AtRisk, Report};

/// Palette colours (`c0`..`c7` in the page's styles) that carry a meaning.
const BLUE: usize = 0;
const ORANGE: usize = 1;
const GREEN: usize = 2;
const SKY: usize = 4;
const RED: usize = 5;
const BROWN: usize = 6;
const GREY: usize = 7;

/// One row of the at-risk table, as written.
pub struct RiskRow {
    pub mentee: String,
    pub mentor: String,
    pub cohort: String,
    pub reasons: String,
    pub last_reply: String,
    pub last_note: String,
    pub last_activity: String,
}

/// A headline figure.
pub struct Figure {
    pub label: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "report/report.html")]
struct Page<'a> {
    report: &'a Report,
    title: String,
    scope: String,
    generated: String,
    figures: Vec<Figure>,
    charts: Vec<Chart>,
    at_risk: Vec<RiskRow>,
}

fn date(at: Option<Timestamp>) -> String {
    at.map(|t| {
        t.to_zoned_datetime(TimeZone::UTC)
            .strftime("%Y-%m-%d")
            .to_string()
    })
    .unwrap_or_else(|| "never".into())
}

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn risk_row(r: &AtRisk) -> RiskRow {
    RiskRow {
        mentee: r.mentee.clone(),
        mentor: r.mentor.clone(),
        cohort: r.cohort.clone().unwrap_or_else(|| "–".into()),
        reasons: r.reasons.join("; "),
        last_reply: date(r.last_reply),
        last_note: date(r.last_note),
        last_activity: date(r.last_activity),
    }
}

/// The charts of a report, in the order of the page. Their `data-chart` names and series keys
/// are the page's contract with its browser test.
pub fn charts(report: &Report) -> Vec<Chart> {
    let r = &report.response;
    let weeks: Vec<String> = r
        .weeks
        .iter()
        .map(|w| w.week.strftime("%b %-d").to_string())
        .collect();
    let mut rates = vec![Series::new(
        "overall",
        "All pairs",
        r.weeks.iter().map(|w| w.rate).collect(),
    )];
    if r.cohorts.len() > 1 {
        for c in &r.cohorts {
            rates.push(Series::new(
                format!("cohort:{}", c.cohort),
                c.cohort.clone(),
                c.weeks.iter().map(|w| w.rate).collect(),
            ));
        }
    }
    let sent: Vec<u32> = r.weeks.iter().map(|w| w.prompts_sent).collect();
    let replies: Vec<u32> = r.weeks.iter().map(|w| w.replies).collect();
    let s = report.states;
    let one = ["pairs".to_string()];
    let g = &report.goals;
    let months: Vec<String> = g.by_month.iter().map(|m| m.month.clone()).collect();
    let column = |f: fn(&super::GoalMonth) -> u32| g.by_month.iter().map(f).collect::<Vec<_>>();
    let h = &report.habits;
    let habit = |key: &str, label: &str, share: Option<f64>| {
        Series::new(key, label, vec![Some(share.unwrap_or(0.0))])
    };
    let d = report.decisions;
    let mentors: Vec<String> = report
        .mentors
        .iter()
        .map(|m| {
            if m.name.is_empty() {
                m.mentor.clone()
            } else {
                m.name.clone()
            }
        })
        .collect();
    let notes: Vec<u32> = report.mentors.iter().map(|m| m.notes).collect();
    let digests: Vec<u32> = report.mentors.iter().map(|m| m.digests).collect();
    vec![
        chart::lines("response-rate", "Response rate by week", &weeks, &rates),
        chart::columns(
            "prompts-replies",
            "Prompts sent and replies recorded by week",
            &weeks,
            &[
                Series::counts("prompts", "Prompts sent", &sent),
                Series::counts("replies", "Replies recorded", &replies),
            ],
        ),
        chart::bars(
            "pair-states",
            "Pairs by state",
            &one,
            &[
                Series::counts("active", "Active", &[s.active]).coloured(GREEN),
                Series::counts("quiet", "Quiet", &[s.quiet]).coloured(ORANGE),
                Series::counts("paused", "Paused", &[s.paused]).coloured(SKY),
                Series::counts("stopped", "Stopped", &[s.stopped]).coloured(GREY),
                Series::counts("bouncing", "Bouncing", &[s.bouncing]).coloured(RED),
                Series::counts("ended", "Ended", &[s.ended]).coloured(BROWN),
            ],
            false,
        ),
        chart::columns(
            "goals-by-month",
            "Goals by target month",
            &months,
            &[
                Series::counts("open", "Open", &column(|m| m.open)).coloured(BLUE),
                Series::counts("done", "Done", &column(|m| m.done)).coloured(GREEN),
                Series::counts("overdue", "Overdue", &column(|m| m.overdue)).coloured(RED),
            ],
        ),
        chart::bars(
            "action-items",
            "Action items",
            &one,
            &[
                Series::counts("open", "Open", &[report.action_items.open]),
                Series::counts("closed", "Closed", &[report.action_items.closed]),
            ],
            false,
        ),
        chart::bars(
            "habits",
            "Reflections touching each habit",
            &one,
            &[
                habit("goals", "Goals", h.goals.share),
                habit("feedback", "Feedback", h.feedback.share),
                habit("decisions", "Decisions", h.decisions.share),
                habit("experiences", "New experiences", h.experiences.share),
            ],
            true,
        ),
        chart::bars(
            "decisions",
            "Decisions",
            &one,
            &[
                Series::counts("logged", "Logged", &[d.logged]),
                Series::counts("follow-ups-sent", "Follow-ups sent", &[d.follow_ups_sent]),
                Series::counts("followed-up", "Followed up (outcome)", &[d.followed_up]),
            ],
            false,
        ),
        chart::bars(
            "mentor-activity",
            "Mentor activity",
            &mentors,
            &[
                Series::counts("notes", "Notes forwarded", &notes),
                Series::counts("digests", "Digests sent", &digests),
            ],
            false,
        ),
    ]
}

/// The page of `report`.
pub fn render(report: &Report) -> Result<String, askama::Error> {
    let title = match &report.scope.programme {
        Some(p) => format!("{p}: programme report"),
        None => "Programme report".to_string(),
    };
    let mut scope = Vec::new();
    if let Some(c) = &report.scope.cohort {
        scope.push(format!("cohort {c}"));
    }
    if let Some(s) = report.scope.since {
        scope.push(format!("activity since {s}"));
    }
    let r = &report.response;
    let h = &report.habits;
    let figures = vec![
        Figure {
            label: "Pairs",
            value: report.pairs.to_string(),
        },
        Figure {
            label: "Response rate",
            value: percent(r.rate),
        },
        Figure {
            label: "Prompts sent",
            value: r.prompts_sent.to_string(),
        },
        Figure {
            label: "Replies",
            value: r.replies.to_string(),
        },
        Figure {
            label: "At risk",
            value: report.at_risk.len().to_string(),
        },
        Figure {
            label: "Reflections",
            value: h.reflections.to_string(),
        },
    ];
    Page {
        report,
        title,
        scope: scope.join(", "),
        generated: report
            .generated_at
            .to_zoned_datetime(TimeZone::UTC)
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string(),
        figures,
        charts: charts(report),
        at_risk: report.at_risk.iter().map(risk_row).collect(),
    }
    .render()
}
