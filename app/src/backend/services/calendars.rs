//! A company's own business calendars (SPEC G1, issue 6): admins add calendars on a national
//! calendar's holidays with their own time zone and hours, and add or remove company days. The
//! shipped national calendars (`domain::calendar`) need no row.

use super::catalogs::{record, require_admin};
use crate::backend::store::calendars as store;
use crate::backend::{AppError, AppState};
use crate::domain::calendar::{self, BusinessCalendar};
use crate::domain::calendars::{CalendarDayForm, CalendarForm};
use crate::domain::form::FieldProblem;
use crate::model::{CalendarDayView, CalendarView, Viewer};

/// The company calendars with their days, and the national codes a new one may follow.
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<CalendarView>, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let mut out = Vec::new();
    for row in store::calendars(&mut conn).await? {
        let days = store::calendar_days(&mut conn, row.id)
            .await?
            .into_iter()
            .map(|d| CalendarDayView {
                day: d.day.to_string(),
                open: d.open,
                note: d.note,
            })
            .collect();
        out.push(CalendarView {
            code: row.code,
            name: row.name,
            country: row.country,
            time_zone: row.time_zone.name().to_string(),
            opening: row.opening.format("%H:%M").to_string(),
            closing: row.closing.format("%H:%M").to_string(),
            days,
        });
    }
    Ok(out)
}

/// Adds a company calendar. Its code must be new; a national code is allowed and then adjusts
/// that national calendar for this company.
pub async fn create(state: &AppState, viewer: &Viewer, form: CalendarForm) -> Result<(), AppError> {
    require_admin(viewer)?;
    let national: Vec<&str> = calendar::national_codes().collect();
    let valid = form.validate(&national).map_err(AppError::Invalid)?;
    let tz: chrono_tz::Tz = valid
        .time_zone
        .parse()
        .map_err(|_| AppError::field("time_zone", FieldProblem::Invalid))?;
    // The hours must make a calendar the deadline math accepts.
    BusinessCalendar::new(valid.code.clone(), tz)
        .with_hours(
            chrono::NaiveTime::from_num_seconds_from_midnight_opt(
                (valid.opening_minute * 60) as u32,
                0,
            )
            .unwrap_or_default(),
            chrono::NaiveTime::from_num_seconds_from_midnight_opt(
                (valid.closing_minute * 60) as u32,
                0,
            )
            .unwrap_or_default(),
        )
        .map_err(|_| AppError::field("closing", FieldProblem::Invalid))?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let Some(id) = store::insert_calendar(
        &mut tx,
        &store::NewCalendar {
            code: &valid.code,
            name: &valid.name,
            country: valid.country.as_deref(),
            time_zone: tz.name(),
            opening_minute: valid.opening_minute,
            closing_minute: valid.closing_minute,
        },
        now,
    )
    .await?
    else {
        return Err(AppError::field("code", FieldProblem::Taken));
    };
    record(
        &mut tx,
        Some(viewer.id),
        "calendar_created",
        "calendar",
        id,
        vec![("code".into(), None, Some(valid.code.clone()))],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds (or changes) a company day of calendar `code`. Deadlines already set keep their dates.
pub async fn set_day(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    form: CalendarDayForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let valid = form.validate().map_err(AppError::Invalid)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let calendar_id = store::lock_calendar(&mut tx, code)
        .await?
        .ok_or(AppError::NotFound)?;
    let day = valid.day.to_string();
    store::set_calendar_day(
        &mut tx,
        calendar_id,
        &day,
        valid.open,
        valid.note.as_deref(),
        now,
    )
    .await?;
    record(
        &mut tx,
        Some(viewer.id),
        "calendar_day_set",
        "calendar",
        calendar_id,
        vec![(
            day,
            None,
            Some(if valid.open { "open" } else { "closed" }.into()),
        )],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_day(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    day: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    let mut tx = state.store.begin().await?;
    let calendar_id = store::lock_calendar(&mut tx, code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !store::remove_calendar_day(&mut tx, calendar_id, day).await? {
        return Err(AppError::NotFound);
    }
    record(
        &mut tx,
        Some(viewer.id),
        "calendar_day_removed",
        "calendar",
        calendar_id,
        vec![(day.to_string(), None, None)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
