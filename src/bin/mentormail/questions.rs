//! `mentormail questions`: the question banks prompts draw from: the deployment's (every
//! programme without its own) and each programme's own.

use std::io::Write;

use anyhow::Context as _;
use jiff::Timestamp;
use mentormail::config::Settings;
use mentormail::domain::prompts::{QuestionBank, missing_habits, parse_bank};
use mentormail::store::Store;
use mentormail::store::repo::{Changes, Repo};

use crate::cli::QuestionsCommand;

pub async fn execute<S: Store>(
    command: QuestionsCommand,
    repo: &Repo<S>,
    settings: &Settings,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        QuestionsCommand::Set { file, programme } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let questions =
                parse_bank(&text).with_context(|| format!("{} not taken", file.display()))?;
            let missing = missing_habits(&questions);
            let count = questions.len();
            let mut changes = Changes::new();
            changes.question_bank(
                programme.as_deref(),
                Some(&QuestionBank {
                    questions,
                    updated_at: now,
                }),
            );
            let _ = repo.commit(changes).await?;
            write!(
                out,
                "Question bank{} set: {count} questions from {}",
                of(programme.as_deref()),
                file.display()
            )?;
            if missing.is_empty() {
                writeln!(out)?;
            } else {
                let names: Vec<&str> = missing.iter().map(|h| h.as_str()).collect();
                writeln!(
                    out,
                    "; no question for {}, so prompts leave that out",
                    names.join(", ")
                )?;
            }
        }
        QuestionsCommand::Show { programme } => {
            let own = match programme.as_deref() {
                Some(programme) => repo.programme_question_bank(programme).await?,
                None => None,
            };
            let (source, questions) = match own {
                Some(bank) => (
                    format!("the programme's own (set {})", bank.updated_at),
                    bank.questions,
                ),
                None => match repo.question_bank().await? {
                    Some(bank) => (
                        format!("the deployment's own (set {})", bank.updated_at),
                        bank.questions,
                    ),
                    None => ("built in".to_string(), settings.schedule().question_bank),
                },
            };
            writeln!(out, "Question bank{}: {source}", of(programme.as_deref()))?;
            for q in &questions {
                writeln!(out, "  {:<12} {}", q.habit.as_str(), q.text)?;
            }
        }
        QuestionsCommand::Reset { programme } => {
            let mut changes = Changes::new();
            changes.question_bank(programme.as_deref(), None);
            let _ = repo.commit(changes).await?;
            match programme {
                Some(programme) => {
                    writeln!(out, "Question bank of {programme}: the deployment's again")?
                }
                None => writeln!(out, "Question bank: built in again")?,
            }
        }
    }
    Ok(())
}

fn of(programme: Option<&str>) -> String {
    programme.map(|p| format!(" of {p}")).unwrap_or_default()
}
