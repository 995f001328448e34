//! One deployment, several programmes: each pair's mail carries its programme's name (subject,
//! body and sender display name) and asks its programme's own questions when the programme has
//! a bank of its own; other programmes keep the deployment's bank.

use jiff::civil::time;
use mail_parser::MessageParser;
use mentormail::admin::enrol::{Kickoff, enrol_pair};
use mentormail::domain::Mentorship;
use mentormail::domain::prompts::{Habit, Question, QuestionBank};
use mentormail::store::repo::Changes;

use crate::fixtures::*;

const DESIGN_QUESTION: &str = "Which design critique changed your mind this week?";

#[tokio::test]
async fn each_programme_sends_in_its_own_name_with_its_own_questions() {
    let repo = memory_repo();
    let created = ts("2026-11-26T10:00:00Z");
    let pm = enrol_standard(&repo, created).await;
    let (ana, lou) = (
        person("ana@example.org", "Ana Lima", "Europe/London"),
        person("lou@example.org", "Lou Martin", "Europe/London"),
    );
    let design = Mentorship {
        programme: "Design Mentoring".into(),
        ..weekly_monday(&ana, &lou, time(9, 0, 0, 0), created)
    };
    enrol_pair(&repo, &ana, &lou, &design, created, Kickoff::Never)
        .await
        .unwrap();
    let mut changes = Changes::new();
    changes.question_bank(
        Some("Design Mentoring"),
        Some(&QuestionBank {
            questions: vec![Question {
                habit: Habit::Feedback,
                text: DESIGN_QUESTION.into(),
            }],
            updated_at: created,
        }),
    );
    let _ = repo.commit(changes).await.unwrap();

    let mailer = ScriptedMailer::default();
    let report = run(
        &repo,
        &mailer,
        &settings().schedule(),
        ts("2026-11-30T09:00:10Z"),
    )
    .await
    .unwrap();
    assert_eq!(report.sent.len(), 2, "{report:?}");
    for mail in mailer.sent() {
        let parsed = MessageParser::default().parse(&mail.raw).unwrap();
        let from = parsed.from().and_then(|f| f.first()).unwrap();
        let subject = parsed.subject().unwrap_or_default().to_string();
        let body = parsed.body_text(0).unwrap_or_default().to_string();
        let (programme, own_question) = if mail.to == ["lou@example.org"] {
            ("Design Mentoring", true)
        } else {
            assert_eq!(mail.to, [MENTEE]);
            ("PM Mentoring", false)
        };
        assert_eq!(from.name(), Some(programme), "{subject}");
        assert!(subject.starts_with(programme), "{subject}");
        assert_eq!(body.contains(DESIGN_QUESTION), own_question, "{body}");
    }
    assert_eq!(repo.sent(&pm.id).await.unwrap().len(), 1);
    assert_eq!(repo.sent(&design.id).await.unwrap().len(), 1);
}
