//! The deadline work of `services::deadlines` as kinds of the queue: a case's watch and one
//! calendar's reminders of one day. Both write their effects in the job's transaction and are
//! retried for as long as it takes: a lost deadline alert is worse than a noisy log.

use super::{Done, Failure, Handler, Run};
use crate::backend::services::deadlines;
use crate::backend::{AppError, AppState};
use futures::future::BoxFuture;

/// [`crate::backend::store::jobs::JobKind::CaseDeadline`]: marks a case at risk and overdue,
/// each once, and says when to look again.
pub struct CaseWatch;

impl Handler for CaseWatch {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(async move {
            let case_id = run
                .job
                .case_id
                .ok_or_else(|| Failure::Permanent("a case watch without a case".into()))?;
            let (state, now) = (run.state, run.now);
            let outcome = deadlines::watch(state, run.tx().await?, case_id, now).await?;
            Ok(Done {
                next_run: outcome.next_run,
                announce: outcome.announce,
            })
        })
    }
}

/// [`crate::backend::store::jobs::JobKind::DailyReminders`]: one reminder per assignee of
/// overdue tasks, then the next day's job.
pub struct DailyReminders;

impl Handler for DailyReminders {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(async move {
            let (code, day) = deadlines::reminders_job_day(&run.job.dedupe_key)
                .ok_or_else(|| Failure::Permanent(format!("bad job key {}", run.job.dedupe_key)))?;
            let (state, now) = (run.state, run.now);
            deadlines::send_reminders(state, run.tx().await?, &code, day, now).await?;
            Ok(Done::default())
        })
    }

    /// Starts each calendar's chain of reminders where none runs.
    fn ensure<'a>(&'a self, state: &'a AppState, now: i64) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(deadlines::ensure_reminders(state, now))
    }
}
