//! The background worker of the jobs table (ARCHITECTURE.md; issue 6): any instance runs one.
//!
//! Each due job is claimed for a while, then run inside one transaction with its effects and
//! finished there on the condition that the claim is still ours; a job whose run fails is
//! retried with backoff and never dropped. A restart in the middle rolls the open transaction
//! back: nothing was sent (messages are only queued in that transaction) and the claim runs
//! out, so another run does the work once.

use super::services::deadlines;
use super::store::jobs::{self, JobRow};
use super::{AppError, AppState};
use std::time::Duration;

/// How many jobs one pass takes at most.
const BATCH: i64 = 20;
/// How long a claim holds: far longer than one job's transaction.
pub const CLAIM_MS: i64 = 2 * 60 * 1000;
/// How often the worker looks for due jobs.
const POLL: Duration = Duration::from_secs(5);
/// How often the worker makes sure each calendar's reminders are scheduled.
const REMINDERS_CHECK_MS: i64 = 60 * 60 * 1000;

/// The wait before retrying a job that failed `attempts` times: 10 s doubling, capped at an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = (attempts.max(1) - 1).min(20) as u32;
    (10_000i64 << exp).min(60 * 60 * 1000)
}

/// Runs one claimed job in its own transaction. `Ok(false)`: the claim was lost, nothing done.
async fn run_job(
    state: &AppState,
    job: &JobRow,
    claim_until: i64,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = state.store.begin().await?;
    if !jobs::hold(&mut tx, job.id, claim_until).await? {
        return Ok(false);
    }
    let (next_run, announce) = match job.kind.as_str() {
        deadlines::WATCH_JOB => {
            let case_id = job
                .case_id
                .ok_or_else(|| AppError::Internal("a case watch without a case".into()))?;
            let outcome = deadlines::watch(state, &mut tx, case_id, now).await?;
            (outcome.next_run, outcome.announce)
        }
        deadlines::REMINDERS_JOB => {
            let (code, day) = deadlines::reminders_job_day(&job.dedupe_key)
                .ok_or_else(|| AppError::Internal(format!("bad job key {}", job.dedupe_key)))?;
            deadlines::send_reminders(state, &mut tx, &code, day, now).await?;
            (None, Vec::new())
        }
        other => return Err(AppError::Internal(format!("unknown job kind {other}"))),
    };
    if !jobs::finish(&mut tx, job.id, claim_until, next_run, now).await? {
        // Another worker took the job over: dropping the transaction undoes what this run did.
        return Ok(false);
    }
    tx.commit().await?;
    for event in announce {
        state.announce(event).await;
    }
    Ok(true)
}

/// One pass at `now`: claims the due jobs and runs each. Returns how many it ran to the end.
pub async fn run_once(state: &AppState, now: i64) -> Result<usize, AppError> {
    let claim_until = now + CLAIM_MS;
    let claimed = {
        let mut conn = state.store.pool().acquire().await?;
        jobs::claim_due(&mut conn, state.store.backend(), now, claim_until, BATCH).await?
    };
    let mut ran = 0;
    for job in &claimed {
        match run_job(state, job, claim_until, now).await {
            Ok(true) => ran += 1,
            Ok(false) => {}
            Err(e) => {
                let attempts = job.attempts + 1;
                tracing::warn!(job = %job.dedupe_key, attempts, error = %e, "jobs: a run failed, will retry");
                let mut conn = state.store.pool().acquire().await?;
                jobs::failed(
                    &mut conn,
                    job.id,
                    claim_until,
                    &e.to_string(),
                    now + backoff_ms(attempts),
                )
                .await?;
            }
        }
    }
    Ok(ran)
}

/// Starts the worker for the life of the process: what `server::serve` does.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut reminders_checked: Option<i64> = None;
        loop {
            let now = state.now_ms();
            if reminders_checked.is_none_or(|at| now - at >= REMINDERS_CHECK_MS) {
                match deadlines::ensure_reminders(&state, now).await {
                    Ok(()) => reminders_checked = Some(now),
                    Err(e) => tracing::warn!(error = %e, "jobs: cannot schedule reminders"),
                }
            }
            match run_once(&state, now).await {
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "jobs: a pass failed"),
            }
            tokio::time::sleep(POLL).await;
        }
    })
}
