//! The jobs table (ARCHITECTURE.md; issue 11): the one queue of background work any instance may
//! run, whatever its kind (a case's deadline watch, a day's reminders, a message to send).
//!
//! A job is claimed for a while (`claimed_until`) and finished inside the transaction of its
//! effects, on the condition that the claim is still this worker's. A worker that dies or
//! stalls past its claim therefore loses the job to another and cannot finish it after that:
//! its effects roll back with the failed condition. On PostgreSQL claims take rows with
//! `FOR UPDATE SKIP LOCKED`, so workers asking at once take different jobs; SQLite serialises
//! writes, so one `UPDATE ... RETURNING` is atomic there. Both statements are in [`claim_due`].

use super::Backend;
use sqlx::{AnyConnection, FromRow};

/// Declares [`JobKind`] from one list, so that a new kind is one line here (and its handler in
/// `backend::jobs::handler`, which the compiler then asks for).
macro_rules! job_kinds {
    ($($(#[$doc:meta])* $kind:ident = $code:literal,)+) => {
        /// What a job does, stored in `jobs.kind` as its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum JobKind {
            $($(#[$doc])* $kind,)+
        }

        impl JobKind {
            /// Every kind this program knows: the only ones its workers claim.
            pub const ALL: &'static [JobKind] = &[$(JobKind::$kind,)+];

            /// The code stored in `jobs.kind` and used as the prefix of dedupe keys.
            pub fn code(self) -> &'static str {
                match self {
                    $(JobKind::$kind => $code,)+
                }
            }
        }
    };
}

job_kinds! {
    /// A case's deadline watch (`services::deadlines`): at risk, then overdue. `case_id` is set.
    CaseDeadline = "case_deadline",
    /// One calendar's reminders of overdue tasks on one day (calendar and day in the key).
    DailyReminders = "daily_reminders",
    /// One message of the outbox to send: `ref_id` is its `outbox_messages.id`.
    SendMessage = "send_message",
    /// The reminder to an information request's recipient one business day before it expires:
    /// `ref_id` is the request.
    InfoRequestReminder = "info_request_reminder",
    /// An export of the history grid (SPEC J3): `ref_id` is its `analysis_exports.id`.
    AnalysisExport = "analysis_export",
    /// A decision letter to make (SPEC E3): `ref_id` is its `decision_letters.id`.
    DecisionLetter = "decision_letter",
}

impl JobKind {
    pub fn from_code(code: &str) -> Option<JobKind> {
        JobKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A stored kind this program does not know (a row written by a newer version).
#[derive(Debug)]
pub struct UnknownJobKind(pub String);

impl std::fmt::Display for UnknownJobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown job kind {}", self.0)
    }
}

impl std::error::Error for UnknownJobKind {}

impl TryFrom<String> for JobKind {
    type Error = UnknownJobKind;

    fn try_from(code: String) -> Result<JobKind, UnknownJobKind> {
        JobKind::from_code(&code).ok_or(UnknownJobKind(code))
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct JobRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: JobKind,
    pub dedupe_key: String,
    pub case_id: Option<i64>,
    /// The row the job is about, in the table its kind names (a message to send).
    pub ref_id: Option<i64>,
    pub run_at: i64,
    /// `pending`, `done` or `failed` (given up: only kinds with a limit of attempts).
    pub status: String,
    /// Failed runs since the last one that finished.
    pub attempts: i64,
    pub claimed_until: Option<i64>,
    pub last_error: Option<String>,
}

const COLUMNS: &str =
    "id, kind, dedupe_key, case_id, ref_id, run_at, status, attempts, claimed_until, last_error";

/// Schedules the job named `dedupe_key` at `run_at`: a new one, or the existing one moved there
/// and made pending again (a case's watch after a pause or a reopening).
pub async fn schedule(
    conn: &mut AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    case_id: Option<i64>,
    run_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, case_id, run_at, status, attempts, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5) \
         ON CONFLICT (dedupe_key) DO UPDATE SET run_at = excluded.run_at, status = 'pending', \
         done_at = NULL",
    )
    .bind(kind.code())
    .bind(dedupe_key)
    .bind(case_id)
    .bind(run_at)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Adds a job about one row (`ref_id`), due at `run_at`, named `{kind}:{ref_id}`: for work
/// that exists once per row, like sending message N.
pub async fn add_for(
    conn: &mut AnyConnection,
    kind: JobKind,
    ref_id: i64,
    case_id: Option<i64>,
    run_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, case_id, ref_id, run_at, status, attempts, \
         created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6)",
    )
    .bind(kind.code())
    .bind(key_for(kind, ref_id))
    .bind(case_id)
    .bind(ref_id)
    .bind(run_at)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Schedules the job of `kind` about row `ref_id` at `run_at`: a new one, or the existing one
/// moved there and made pending again (an information request's reminder after a new expiry).
pub async fn schedule_for(
    conn: &mut AnyConnection,
    kind: JobKind,
    ref_id: i64,
    case_id: Option<i64>,
    run_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, case_id, ref_id, run_at, status, attempts, \
         created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6) \
         ON CONFLICT (dedupe_key) DO UPDATE SET run_at = excluded.run_at, status = 'pending', \
         attempts = 0, done_at = NULL",
    )
    .bind(kind.code())
    .bind(key_for(kind, ref_id))
    .bind(case_id)
    .bind(ref_id)
    .bind(run_at)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The dedupe key of the job of `kind` about row `ref_id` (see [`add_for`]).
pub fn key_for(kind: JobKind, ref_id: i64) -> String {
    format!("{kind}:{ref_id}")
}

/// Schedules the job named `dedupe_key` unless it exists, whatever its status: for work that
/// must happen once (one day's reminders).
pub async fn schedule_once(
    conn: &mut AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    run_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, run_at, status, attempts, created_at) \
         VALUES ($1, $2, $3, 'pending', 0, $4) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(kind.code())
    .bind(dedupe_key)
    .bind(run_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Schedules the job named `dedupe_key` unless it or the job named `unless_key` exists: one
/// statement, so instances asking at once start one chain.
pub async fn schedule_unless(
    conn: &mut AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    unless_key: &str,
    run_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO jobs (kind, dedupe_key, run_at, status, attempts, created_at) \
         SELECT $1, $2, $3, 'pending', 0, $4 \
         WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE dedupe_key = $5) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(kind.code())
    .bind(dedupe_key)
    .bind(run_at)
    .bind(now)
    .bind(unless_key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes the claimed job's row first thing in a transaction of its run: on SQLite that takes
/// the write lock before any read, so the run never has to upgrade a read snapshot another
/// writer made stale. `false` when the claim is no longer this worker's.
pub async fn hold(
    conn: &mut AnyConnection,
    id: i64,
    claim_until: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE jobs SET attempts = attempts WHERE id = $1 AND claimed_until = $2")
            .bind(id)
            .bind(claim_until)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes up to `limit` pending jobs due at `now` that no live worker holds, until `claim_until`.
/// Only kinds this program knows are taken: a job a newer version added waits for a worker
/// that can run it instead of failing here.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    now: i64,
    claim_until: i64,
    limit: i64,
) -> Result<Vec<JobRow>, sqlx::Error> {
    // The codes are constants of this file, so they can be written into the statement.
    let kinds = JobKind::ALL
        .iter()
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let due = format!(
        "status = 'pending' AND run_at <= $2 AND kind IN ({kinds}) \
         AND (claimed_until IS NULL OR claimed_until <= $2)"
    );
    let sql = match backend {
        Backend::Postgres => format!(
            "UPDATE jobs SET claimed_until = $1 WHERE id IN (\
             SELECT id FROM jobs WHERE {due} ORDER BY run_at, id LIMIT $3 \
             FOR UPDATE SKIP LOCKED) AND {due} RETURNING {COLUMNS}"
        ),
        Backend::Sqlite => format!(
            "UPDATE jobs SET claimed_until = $1 WHERE id IN (\
             SELECT id FROM jobs WHERE {due} ORDER BY run_at, id LIMIT $3) RETURNING {COLUMNS}"
        ),
    };
    let mut rows: Vec<JobRow> = sqlx::query_as(&sql)
        .bind(claim_until)
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.sort_by_key(|r| (r.run_at, r.id));
    Ok(rows)
}

/// Finishes a claimed job: done, or pending again at `next_run_at`. `false` when the claim is no
/// longer this worker's (it ran out and another took the job): the caller must roll back.
pub async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    claim_until: i64,
    next_run_at: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), done_at = $3, \
         claimed_until = NULL, attempts = 0, last_error = NULL \
         WHERE id = $4 AND claimed_until = $5",
    )
    .bind(if next_run_at.is_some() {
        "pending"
    } else {
        "done"
    })
    .bind(next_run_at)
    .bind(next_run_at.is_none().then_some(now))
    .bind(id)
    .bind(claim_until)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed run: the job waits until `retry_at`, or with `give_up` is failed for good.
/// `false` when the claim is no longer this worker's (nothing is written then).
pub async fn failed(
    conn: &mut AnyConnection,
    id: i64,
    claim_until: i64,
    error: &str,
    retry_at: i64,
    give_up: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, last_error = $1, run_at = $2, status = $3, \
         done_at = $4, claimed_until = NULL WHERE id = $5 AND claimed_until = $6",
    )
    .bind(error)
    .bind(retry_at)
    .bind(if give_up { "failed" } else { "pending" })
    .bind(give_up.then_some(now))
    .bind(id)
    .bind(claim_until)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn by_key(
    conn: &mut AnyConnection,
    dedupe_key: &str,
) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE dedupe_key = $1"))
        .bind(dedupe_key)
        .fetch_optional(conn)
        .await
}
