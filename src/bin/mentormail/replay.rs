//! `mentormail replay-failed`: the deployed stack's failure queues, handed back to the handlers
//! (see `mentormail::handlers::replay`).

use std::io::Write as _;

use anyhow::{Context as _, bail};
use jiff::Timestamp;
use mentormail::clients::{Clients, sqs_client};
use mentormail::handlers::inbound::InboundHandler;
use mentormail::handlers::replay::{Replayed, Replayer};
use mentormail::mail_in::MailIn;

/// The queues named by the environment when none is given.
const QUEUE_VARIABLES: [&str; 2] = [
    "MENTORMAIL_FAILED_QUEUE_URL",
    "MENTORMAIL_SEND_DEAD_LETTER_QUEUE_URL",
];

pub async fn replay_failed(
    aws: bool,
    queues: &[String],
    json: bool,
    now: Timestamp,
) -> anyhow::Result<()> {
    if !aws {
        bail!(
            "replay-failed reads the failure queues of a deployed stack; local mode has none \
             (a failed local command fails in front of you). Use --aws."
        );
    }
    let queues: Vec<String> = if queues.is_empty() {
        QUEUE_VARIABLES
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .filter(|url| !url.trim().is_empty())
            .collect()
    } else {
        queues.to_vec()
    };
    if queues.is_empty() {
        bail!(
            "no queue to replay: pass --queue URL, or set {} (the stack's outputs name them)",
            QUEUE_VARIABLES.join(" or ")
        );
    }
    let clients = Clients::from_env().await;
    let settings = clients.settings().await?;
    let inbound = InboundHandler {
        mail_in: MailIn {
            repo: clients.repo()?,
            mailer: clients.mailer(&settings),
            archive: clients.archive()?,
            settings: settings.ingest(),
        },
        source: clients.raw_mail()?,
    };
    let replayer = Replayer {
        inbound: &inbound,
        sqs: sqs_client(&clients.sdk),
    };
    let mut out = std::io::stdout().lock();
    let mut left = 0;
    for queue in &queues {
        let lines = replayer
            .replay_queue(queue, now)
            .await
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("replaying {queue}"))?;
        let count = |result: Replayed| lines.iter().filter(|l| l.result == result).count();
        for line in &lines {
            if json {
                writeln!(out, "{}", serde_json::to_string(line)?)?;
            } else {
                writeln!(
                    out,
                    "{} {} {:?}: {}",
                    line.kind,
                    line.message_id,
                    line.result,
                    line.detail.as_deref().unwrap_or("")
                )?;
            }
        }
        left += count(Replayed::Failed) + count(Replayed::Unreadable);
        if !json {
            writeln!(
                out,
                "{queue}: {} replayed, {} superseded, {} failed again, {} unreadable (kept)",
                count(Replayed::Replayed),
                count(Replayed::Superseded),
                count(Replayed::Failed),
                count(Replayed::Unreadable)
            )?;
        }
    }
    if left > 0 {
        bail!("{left} message(s) stay in the queues; run again later or look at them");
    }
    Ok(())
}
