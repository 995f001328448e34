//! The mentee's monthly recap from the pair's records: goals and their progress, decisions and
//! what came of them, experiences, and the feedback received, in the month recapped (dates in
//! the mentee's zone).

use jiff::Timestamp;
use jiff::civil::Date;

use super::pair::Pair;
use crate::domain::entry::Answer;
use crate::domain::{EntryBody, GoalStatus};
use crate::mail::capture::{self, Answered, Context, Direction};
use crate::mail::render::{RecapDecision, RecapGoal, RecapView};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// The recap of the month that began on `month`: reads the pair's goals, decisions and timeline
/// (three queries of its own partition).
pub async fn recap_view<S: Store>(
    repo: &Repo<S>,
    pair: &Pair,
    month: Date,
    now: Timestamp,
) -> Result<RecapView, StoreError> {
    let m = &pair.mentorship;
    let tz = pair.mentee.time_zone.tz();
    let local = |t: Timestamp| t.to_zoned_datetime(tz.clone()).date();
    let in_month = |t: Timestamp| local(t).first_of_month() == month;
    let today = local(now);

    let goals = repo.goals(&m.id).await?;
    let titles: Vec<String> = goals.iter().map(|g| g.title.clone()).collect();
    let recap_goals = goals
        .iter()
        .filter(|g| g.status != GoalStatus::Dropped)
        .map(|g| RecapGoal {
            title: g.title.clone(),
            status: match g.status {
                GoalStatus::Done => "done",
                _ if g.target.is_some_and(|t| t < today) => "overdue",
                _ => "open",
            }
            .to_string(),
            target: g.target,
            progress: g
                .progress
                .iter()
                .filter(|p| in_month(p.at))
                .map(|p| p.text.clone())
                .collect(),
        })
        .collect();

    let (mut decisions, mut outcomes) = (Vec::new(), Vec::new());
    for d in repo.decisions(&m.id).await? {
        let recap = |outcomes: Vec<String>| RecapDecision {
            decided_on: local(d.decided_at),
            text: d.text.clone(),
            outcomes,
        };
        if in_month(d.decided_at) {
            decisions.push(recap(d.outcomes.iter().map(|o| o.text.clone()).collect()));
        } else {
            let this_month: Vec<String> = d
                .outcomes
                .iter()
                .filter(|o| in_month(o.at))
                .map(|o| o.text.clone())
                .collect();
            if !this_month.is_empty() {
                outcomes.push(recap(this_month));
            }
        }
    }

    let (mut reflections, mut experiences, mut feedback) = (0, Vec::new(), Vec::new());
    for entry in repo.timeline(&m.id).await? {
        if !in_month(entry.at) {
            continue;
        }
        let day = local(entry.at);
        match entry.body {
            EntryBody::Reflection { text, answers, .. } => {
                reflections += 1;
                let found = capture::capture(
                    &text,
                    "reply_text",
                    &Context {
                        habit: None,
                        answered: answered(&answers),
                        goals: &titles,
                    },
                );
                experiences.extend(found.experiences.into_iter().map(|e| (day, e.text)));
                feedback.extend(
                    found
                        .feedback
                        .into_iter()
                        .filter(|f| f.direction == Direction::Received)
                        .map(|f| (day, f.text)),
                );
            }
            EntryBody::Feedback { comment, items, .. } => {
                if items.feedback.is_empty() {
                    if !comment.trim().is_empty() {
                        feedback.push((day, format!("{}: {}", pair.mentor.name, comment.trim())));
                    }
                } else {
                    feedback.extend(items.feedback.into_iter().map(|point| {
                        let text = if point.heading.trim().is_empty() {
                            point.text
                        } else {
                            format!("{}: {}", point.heading.trim(), point.text)
                        };
                        (day, text)
                    }));
                }
            }
        }
    }

    Ok(RecapView {
        programme: m.programme.clone(),
        mentee_first_name: pair.mentee.first_name().to_string(),
        mentor_name: pair.mentor.name.clone(),
        month,
        reflections,
        goals: recap_goals,
        decisions,
        outcomes,
        experiences,
        feedback,
    })
}

fn answered(answers: &[Answer]) -> Vec<Answered<'_>> {
    answers
        .iter()
        .map(|a| Answered {
            question: &a.question,
            answer: &a.answer,
        })
        .collect()
}
