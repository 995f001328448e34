//! The programme report from the store: the pair directory narrowed to the programme and cohort,
//! then each pair's own partition (see [`crate::report`] for the figures and their cost).

use jiff::Timestamp;

use crate::report::{Report, Scope, compute};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// The report of the pairs `scope` covers, as of `now`: one query of the pair directory, then
/// one query of each covered pair's partition and its two profiles by batch.
pub async fn programme_report<S: Store>(
    repo: &Repo<S>,
    scope: &Scope,
    now: Timestamp,
) -> Result<Report, StoreError> {
    let mentorships: Vec<_> = repo
        .all_mentorships()
        .await?
        .into_iter()
        .filter(|m| scope.programme.as_ref().is_none_or(|p| *p == m.programme))
        .filter(|m| scope.cohort.is_none() || scope.cohort == m.cohort)
        .collect();
    let histories = repo.pair_histories(mentorships).await?;
    Ok(compute(&histories, scope, now))
}
