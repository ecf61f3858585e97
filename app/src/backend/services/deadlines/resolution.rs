//! What a closing leaves on the case for the analysis (SPEC J1): when it closed, in how many
//! business days from its receipt, whether in time; and a reopening counted.

use super::{calendar, calendar_failure, instant, store};
use crate::backend::AppError;
use crate::domain::calendar::{month_key, BusinessCalendar};
use crate::domain::sla;
use sqlx::AnyConnection;

/// Records the closing of `case_id` at `now`, counted in the case's calendar (a case without
/// a policy: Monday to Friday in the organisation's zone).
pub async fn closed(
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
    zone: chrono_tz::Tz,
) -> Result<(), AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Err(AppError::NotFound);
    };
    let cal = match clock.calendar_code.as_deref() {
        Some(code) => calendar(conn, code).await?,
        None => BusinessCalendar::new("company", zone),
    };
    let received = clock.clock_started_at.unwrap_or(clock.created_at);
    let days = cal
        .business_days_between(instant(received), instant(now))
        .map_err(calendar_failure)?;
    let in_time = clock.resolution_due_at.map(|due| sla::in_time(now, due));
    store::record_closing(conn, case_id, now, month_key(now, zone), days, in_time).await?;
    Ok(())
}

/// Counts a reopening.
pub async fn reopened(conn: &mut AnyConnection, case_id: i64) -> Result<(), AppError> {
    Ok(store::record_reopening(conn, case_id).await?)
}
