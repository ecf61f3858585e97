//! A case's deadlines (issue 6; SPEC G1-G3, D4, F3; rules in docs/deadlines.md).
//!
//! At opening a case gets the most specific SLA policy of its folder, type and channel, and its
//! first-response and resolution deadlines are counted from its receipt in the policy's
//! calendar. A watch job per case then wakes at the at-risk share and past the deadline; pauses
//! stop the clock and move the deadlines by the time they lasted; a daily job per calendar sends
//! each assignee of overdue tasks one reminder. Every effect is a once-only mark on the case
//! taken inside the job's transaction, so two workers never double it.
//!
//! The rules themselves are pure and live in `domain::sla` (which policy applies, the at-risk
//! share, the priority it raises) and `domain::deadlines` (the deadlines, pauses, the watch,
//! reminder days); these modules read the rows, ask, and write:
//!
//! - [`clock`]: a case's clock: started at opening, the first response, pause, resume, extension;
//! - [`customer_wait`]: the clock stopped by itself while the case waits for the customer and
//!   started again by their answer (SPEC D4), for document and information requests;
//! - [`watch`]: the jobs: a case's watch, each calendar's daily reminders;
//! - [`resolution`]: what a closing leaves on the case for the analysis;
//! - [`view`]: what people read: the case page's block, the acknowledgement's dates;
//! - [`admin`]: a folder's SLA policies.

mod admin;
mod clock;
mod customer_wait;
pub mod resolution;
mod view;
mod watch;

pub use admin::{save_policy, save_policy_as, setup};
pub use clock::{extend, first_response, pause, resume, resume_in, rewatch, start_clock};
pub use customer_wait::{
    customer_answered, wait_for_customer, waiting_for_customer, PAUSED_FOR_CUSTOMER,
};
pub use view::{dates_sentence, for_case, view};
pub use watch::{ensure_reminders, reminders_job_day, send_reminders, watch, WatchOutcome};

use crate::backend::store::calendars as calendar_store;
use crate::backend::store::deadlines::{self as store, CaseClock};
use crate::backend::store::jobs;
use crate::backend::AppError;
use crate::domain::calendar::{BusinessCalendar, CalendarError};
use crate::domain::deadlines::{self as rules, Deadlines, Marks, PausedTime};
use crate::domain::sla::SlaPolicy;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sqlx::AnyConnection;

/// The job kind of a case's watch: at-risk and overdue.
pub const WATCH_JOB: jobs::JobKind = jobs::JobKind::CaseDeadline;
/// The job kind of one calendar's reminders of one day.
pub const REMINDERS_JOB: jobs::JobKind = jobs::JobKind::DailyReminders;

fn watch_key(case_id: i64) -> String {
    format!("{WATCH_JOB}:{case_id}")
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn calendar_failure(e: CalendarError) -> AppError {
    AppError::Internal(e.to_string())
}

/// The business calendar named `code`: a company calendar stored by the admins, or a shipped
/// national one.
pub async fn calendar(conn: &mut AnyConnection, code: &str) -> Result<BusinessCalendar, AppError> {
    let Some(row) = calendar_store::calendar(conn, code).await? else {
        return BusinessCalendar::national(code).map_err(calendar_failure);
    };
    let days = calendar_store::calendar_days(conn, row.id).await?;
    rules::company_calendar(
        &row.code,
        row.country.as_deref(),
        row.time_zone,
        row.opening,
        row.closing,
        days.iter().map(|d| (d.day, d.open)),
    )
    .map_err(calendar_failure)
}

/// The formatted local time of an instant in a calendar: what people read in mails and pages.
pub fn local_text(cal: &BusinessCalendar, ms: i64) -> String {
    cal.time_zone
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The time a case's clock has stood still so far.
fn paused_time(clock: &CaseClock) -> PausedTime {
    PausedTime {
        working: TimeDelta::milliseconds(clock.paused_working_ms),
        clock: TimeDelta::milliseconds(clock.paused_clock_ms),
    }
}

/// What the watch has marked on a case.
fn marks(clock: &CaseClock) -> Marks {
    Marks {
        paused: clock.paused_at.is_some(),
        at_risk: clock.at_risk_at.is_some(),
        overdue: clock.overdue_at.is_some(),
    }
}

/// A case's deadlines under `policy`, counted from `started_at` with what its clock recorded
/// (pauses, the extension).
fn deadlines_of(
    cal: &BusinessCalendar,
    policy: &SlaPolicy,
    started_at: i64,
    clock: &CaseClock,
) -> Result<Deadlines, AppError> {
    rules::deadlines(
        cal,
        policy,
        instant(started_at),
        paused_time(clock),
        clock.resolution_extension,
    )
    .map_err(calendar_failure)
}

/// Where the watch of a case wakes next, in milliseconds.
fn next_check(marks: Marks, d: &Deadlines) -> Option<i64> {
    rules::next_check(marks, d).map(|t| t.timestamp_millis())
}
