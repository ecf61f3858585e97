//! The one background queue (ARCHITECTURE.md; issues 6, 5 and 11): every instance runs one
//! worker ([`spawn_worker`]) over the jobs table, and each job is run by the handler of its kind
//! ([`handler`]): a case's deadline watch, a day's reminders, a message to send.
//!
//! A pass ([`run_once`]) claims the due jobs for [`CLAIM_MS`] in one statement, then runs each.
//! What a job does that must happen once is written in its run's transaction, which begins by
//! writing the job's own row (on SQLite that takes the write lock first, see docs/decisions.md)
//! and ends by finishing the job on the condition that the claim is still this worker's: a
//! worker that died or stalled past its claim loses the job to another and cannot finish it
//! after that, its effects rolling back with the failed condition. Work outside the database (a
//! mail server, an SMS gateway) is done before that transaction, holding no connection, so it
//! happens at least once and its record exactly once.
//!
//! A run that fails is retried after [`backoff_ms`], the same for every kind; a kind may give up
//! after a number of attempts ([`Handler::give_up_after`]) and a handler may say that trying
//! again cannot help ([`Failure::Permanent`]), which fails the job at once.
//!
//! Adding a kind of work: a [`JobKind`] line in `store::jobs`, a [`Handler`], and its arm in
//! [`handler`].

mod deadlines;

use super::live::DeskEvent;
use super::store::jobs::{self, JobKind, JobRow};
use super::{AppError, AppState};
use futures::future::BoxFuture;
use sqlx::AnyConnection;
use std::time::Duration;

/// How many jobs one pass takes at most.
const BATCH: i64 = 20;
/// How long a claim holds: far longer than one job's transaction or one send (the SMTP and
/// SMS timeouts are 30 s).
pub const CLAIM_MS: i64 = 5 * 60 * 1000;
/// How often the worker looks for due jobs.
const POLL: Duration = Duration::from_secs(2);
/// How often the worker asks each kind to schedule what no job schedules (see
/// [`Handler::ensure`]).
const ENSURE_EVERY_MS: i64 = 60 * 60 * 1000;

/// The handler of each kind: the registry of the queue.
pub fn handler(kind: JobKind) -> &'static dyn Handler {
    match kind {
        JobKind::CaseDeadline => &deadlines::CaseWatch,
        JobKind::DailyReminders => &deadlines::DailyReminders,
        JobKind::SendMessage => &super::notify::sender::SendMessage,
        JobKind::InfoRequestReminder => &super::services::info_requests::Reminder,
        JobKind::AnalysisExport => &super::services::analysis::export::Export,
        JobKind::DecisionLetter => &super::services::decisions::letter::MakeLetter,
    }
}

/// The wait before the next run of a job that failed `attempts` times in a row, whatever its
/// kind: 5 s, 10 s, 20 s ... capped at 10 minutes.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = (attempts.max(1) - 1).min(20) as u32;
    (5_000i64 << exp).min(10 * 60 * 1000)
}

/// What runs the jobs of one kind. Handlers are unit structs named in [`handler`]; the
/// methods return boxed futures so that the registry can hold them side by side.
pub trait Handler: Sync {
    /// Runs one claimed job. Effects that must happen once are written through [`Run::tx`];
    /// the worker finishes the job in that same transaction when this returns `Ok`.
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>>;

    /// Failed runs in a row after which the job is failed for good; `None` (the default):
    /// retried for as long as it takes, for work whose loss is worse than a noisy log.
    fn give_up_after(&self) -> Option<i64> {
        None
    }

    /// Records a failed run on the record the job is about (a message's status), in the
    /// transaction that records it on the job, under the same claim.
    fn failed<'a>(
        &'a self,
        _conn: &'a mut AnyConnection,
        _job: &'a JobRow,
        _error: &'a str,
        _given_up: bool,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async { Ok(()) })
    }

    /// Called by every worker at its start and then hourly: schedules the jobs nothing else
    /// schedules (the first of a chain of daily reminders). Must be safe from every instance
    /// at once.
    fn ensure<'a>(
        &'a self,
        _state: &'a AppState,
        _now: i64,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async { Ok(()) })
    }
}

/// What a run that went well asks of the worker.
#[derive(Debug, Default)]
pub struct Done {
    /// Run the job again then (a watch that looks again later); `None`: it is done.
    pub next_run: Option<i64>,
    /// Live desk updates to announce once the run's transaction is committed.
    pub announce: Vec<DeskEvent>,
}

/// Why a run did not go well.
#[derive(Debug)]
pub enum Failure {
    /// Worth another try after the backoff: a server down, a database error.
    Retry(String),
    /// Will fail the same way again (a mailbox refused for good, a malformed job): the job is
    /// failed at once.
    Permanent(String),
    /// The claim ran out and another worker has the job: nothing is recorded.
    Lost,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        Failure::Retry(e.to_string())
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Failure {
        Failure::Retry(format!("database: {e}"))
    }
}

/// One claimed job being run: what a handler gets.
pub struct Run<'a> {
    pub state: &'a AppState,
    pub job: &'a JobRow,
    /// The pass's time, which the job's effects are dated with.
    pub now: i64,
    claim_until: i64,
    tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
}

impl Run<'_> {
    /// The run's transaction, begun on first use by writing the job's row: its effects and the
    /// job's finish are committed together. [`Failure::Lost`] when the claim is no longer ours.
    pub async fn tx(&mut self) -> Result<&mut AnyConnection, Failure> {
        if self.tx.is_none() {
            let mut tx = self.state.store.begin().await?;
            if !jobs::hold(&mut tx, self.job.id, self.claim_until).await? {
                return Err(Failure::Lost);
            }
            self.tx = Some(tx);
        }
        match self.tx.as_mut() {
            Some(tx) => Ok(&mut **tx),
            None => Err(Failure::Retry("the run's transaction is gone".into())),
        }
    }

    /// Finishes the job as `done` says, in the run's transaction, and commits.
    async fn finish(mut self, done: Done) -> Result<Vec<DeskEvent>, Failure> {
        let (id, claim_until, now) = (self.job.id, self.claim_until, self.now);
        if !jobs::finish(self.tx().await?, id, claim_until, done.next_run, now).await? {
            // Another worker took the job over: dropping the transaction undoes this run.
            return Err(Failure::Lost);
        }
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(done.announce)
    }
}

/// Runs one claimed job to its end. `Ok(false)`: the claim was lost, nothing was recorded.
async fn run_job(
    state: &AppState,
    job: &JobRow,
    claim_until: i64,
    now: i64,
) -> Result<bool, AppError> {
    let handler = handler(job.kind);
    let outcome = {
        let mut run = Run {
            state,
            job,
            now,
            claim_until,
            tx: None,
        };
        match handler.run(&mut run).await {
            Ok(done) => run.finish(done).await,
            // The run and its transaction end here, before the failure is written.
            Err(failure) => Err(failure),
        }
    };
    let (error, permanent) = match outcome {
        Ok(announce) => {
            for event in announce {
                state.announce(event).await;
            }
            return Ok(true);
        }
        Err(Failure::Lost) => return Ok(false),
        Err(Failure::Retry(error)) => (error, false),
        Err(Failure::Permanent(error)) => (error, true),
    };
    let attempts = job.attempts + 1;
    let give_up = permanent || handler.give_up_after().is_some_and(|max| attempts >= max);
    let mut tx = state.store.begin().await?;
    let retry_at = now + backoff_ms(attempts);
    if !jobs::failed(&mut tx, job.id, claim_until, &error, retry_at, give_up, now).await? {
        return Ok(false);
    }
    handler.failed(&mut tx, job, &error, give_up).await?;
    tx.commit().await?;
    if give_up {
        tracing::error!(job = %job.dedupe_key, attempts, error = %error, "jobs: giving up on a job");
    } else {
        tracing::warn!(job = %job.dedupe_key, attempts, error = %error, "jobs: a run failed, will retry");
    }
    Ok(true)
}

/// One pass at `now`: claims the due jobs of every kind and runs each. Returns how many it
/// handled: finished, rescheduled, or failed and recorded for a retry or for good.
pub async fn run_once(state: &AppState, now: i64) -> Result<usize, AppError> {
    let claim_until = now + CLAIM_MS;
    let claimed = {
        let mut conn = state.store.pool().acquire().await?;
        jobs::claim_due(&mut conn, state.store.backend(), now, claim_until, BATCH).await?
    };
    let mut handled = 0;
    for job in &claimed {
        match run_job(state, job, claim_until, now).await {
            Ok(true) => handled += 1,
            Ok(false) => {}
            // Not even the failure could be written: the claim runs out and a later pass
            // runs the job again.
            Err(e) => {
                tracing::warn!(job = %job.dedupe_key, error = %e, "jobs: cannot record a run")
            }
        }
    }
    Ok(handled)
}

/// Starts the worker for the life of the process: what `server::serve` does. Every instance
/// may run one; claims keep them from running a job twice.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ensured: Option<i64> = None;
        loop {
            let now = state.now_ms();
            if ensured.is_none_or(|at| now - at >= ENSURE_EVERY_MS) {
                let mut all = true;
                for kind in JobKind::ALL {
                    if let Err(e) = handler(*kind).ensure(&state, now).await {
                        tracing::warn!(kind = %kind, error = %e, "jobs: cannot schedule");
                        all = false;
                    }
                }
                if all {
                    ensured = Some(now);
                }
            }
            match run_once(&state, now).await {
                // A full batch may mean more are waiting: go on at once.
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "jobs: a pass failed"),
            }
            tokio::time::sleep(POLL).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_read_back_from_its_code() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(JobKind::from_code("no_such_kind"), None);
    }

    #[test]
    fn the_backoff_doubles_from_five_seconds_and_stops_at_ten_minutes() {
        assert_eq!(backoff_ms(1), 5_000);
        assert_eq!(backoff_ms(2), 10_000);
        assert_eq!(backoff_ms(8), 600_000);
        assert_eq!(backoff_ms(1000), 600_000);
    }
}
