//! `mentormail export` and `mentormail erase`: a person's data-protection requests.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use jiff::Timestamp;
use mentormail::admin::erase::{erase, plan_erasure};
use mentormail::admin::export::export_person;
use mentormail::archive::Archive;
use mentormail::domain::Role;
use mentormail::mailer::outbox::OutboxMailer;
use mentormail::raw_mail::RawMailRemover;
use mentormail::store::Store;
use mentormail::store::repo::Repo;

#[derive(Args)]
pub struct ExportArgs {
    /// The person's address (mentor or mentee).
    pub person: String,
    /// Write the JSON document to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct EraseArgs {
    /// The person's address (mentor or mentee).
    pub person: String,
    /// Really delete. Without it, print what would be deleted and delete nothing.
    #[arg(long)]
    pub yes: bool,
    /// Print what is (or would be) deleted as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub async fn export<S: Store, A: Archive>(
    args: ExportArgs,
    repo: &Repo<S>,
    archive: &A,
    now: Timestamp,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let export = export_person(repo, archive, &args.person, now).await?;
    if export.is_empty() {
        eprintln!("Nothing is stored about {}.", export.email);
    }
    let json = serde_json::to_string_pretty(&export)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, format!("{json}\n"))
                .with_context(|| format!("writing {}", path.display()))?;
            writeln!(
                out,
                "Exported {} ({} pairing(s)) to {}",
                export.email,
                export.pairings.len(),
                path.display()
            )?;
        }
        None => writeln!(out, "{json}")?,
    }
    Ok(())
}

/// Erase a person; `outbox` is local mode's, whose mails mentioning them go too.
pub async fn erase_person<S: Store, A: Archive, R: RawMailRemover>(
    args: EraseArgs,
    repo: &Repo<S>,
    archive: &A,
    raw_mail: &R,
    outbox: Option<&OutboxMailer>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let plan = plan_erasure(repo, archive, &args.person).await?;
    let email = plan.email.clone();
    if !args.yes {
        if args.json {
            let mut value = serde_json::to_value(&plan)?;
            value["erased"] = serde_json::Value::Bool(false);
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else if plan.is_empty() {
            writeln!(out, "Nothing is stored about {email}; nothing to erase.")?;
        } else {
            writeln!(
                out,
                "Would erase {email} (nothing deleted; add --yes to erase):"
            )?;
            describe(&plan, out)?;
        }
        return Ok(());
    }
    let erased = erase(repo, archive, raw_mail, &plan).await?;
    let outbox_mails = match outbox {
        Some(outbox) => outbox
            .remove_mails_mentioning(email.as_str())
            .with_context(|| format!("clearing {}", outbox.dir().display()))?,
        None => 0,
    };
    if args.json {
        let mut value = serde_json::to_value(&plan)?;
        value["erased"] = serde_json::to_value(&erased)?;
        value["outbox_mails"] = outbox_mails.into();
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(out, "Erased {email}:")?;
        describe(&plan, out)?;
        if outbox.is_some() {
            writeln!(out, "  {outbox_mails} mail(s) in the outbox")?;
        }
    }
    Ok(())
}

fn describe(
    plan: &mentormail::admin::erase::ErasePlan,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "  profile, preferences and pairing index: {} item(s)",
        plan.person_items
    )?;
    for pair in &plan.pairs {
        writeln!(
            out,
            "  mentorship {} (as {} with {}): {} item(s), its listing and {}'s pairing",
            pair.mentorship_id,
            match pair.role {
                Role::Mentor => "mentor",
                Role::Mentee => "mentee",
            },
            pair.with,
            pair.items,
            pair.with
        )?;
    }
    writeln!(
        out,
        "  {} table item(s) in all; {} inbound mail(s) (raw mail and dedupe marker); {} archive \
         location(s)",
        plan.table_items(),
        plan.messages.len(),
        plan.archived.len()
    )?;
    Ok(())
}
