//! Claiming due items, with what each claim came to counted in the run's report.

use jiff::Timestamp;

use super::report::RunReport;
use crate::store::repo::{Claim, Claimed, DueEntry, Held, Repo};
use crate::store::{Store, StoreError};

/// Claim `entry` until `lease_until`. `None` when another run was first, or when the item is
/// unreadable (then it leaves the index).
pub async fn claim<S: Store>(
    repo: &Repo<S>,
    entry: DueEntry,
    lease_until: Timestamp,
    report: &mut RunReport,
) -> Result<Option<Claimed>, StoreError> {
    let key = entry.key.clone();
    match repo.claim(entry, lease_until).await? {
        Claim::Held(claimed) => Ok(Some(*claimed)),
        Claim::Raced => {
            report.raced += 1;
            Ok(None)
        }
        Claim::Unreadable { error, .. } => {
            tracing::error!(pk = %key.pk, sk = %key.sk, %error, "unreadable schedule item dropped from the index");
            report.dropped += 1;
            Ok(None)
        }
        Claim::Gone => Ok(None),
    }
}

/// Take a claimed item out of the index: its pair or goal is gone.
pub async fn drop_claimed<S: Store>(
    repo: &Repo<S>,
    claimed: &Claimed,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    report.dropped += 1;
    if repo.drop_claimed(claimed).await? == Held::Raced {
        tracing::info!(pk = %claimed.key.pk, sk = %claimed.key.sk, "claim moved on before the drop");
    }
    Ok(())
}
