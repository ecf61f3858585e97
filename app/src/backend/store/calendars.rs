//! Business calendars a company stores (SPEC G1, issue 6): a code, the national calendar whose
//! holidays it follows, its time zone and working hours, and its own worked or closed days. Time
//! zones, hours and days are decoded here, where the rows are read (`store::codes`).

use super::codes::{decode, decoded, flag, undecodable};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use sqlx::{AnyConnection, FromRow};

/// Minutes after midnight as a time of day.
fn minute(table: &str, id: i64, column: &str, value: i64) -> Result<NaiveTime, sqlx::Error> {
    u32::try_from(value * 60)
        .ok()
        .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
        .ok_or_else(|| undecodable(table, id, column, format!("bad minute {value}")))
}

#[derive(Debug, Clone)]
pub struct CalendarRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub time_zone: Tz,
    pub opening: NaiveTime,
    pub closing: NaiveTime,
}

#[derive(FromRow)]
struct StoredCalendar {
    id: i64,
    code: String,
    name: String,
    country: Option<String>,
    time_zone: String,
    opening_minute: i64,
    closing_minute: i64,
}

impl TryFrom<StoredCalendar> for CalendarRow {
    type Error = sqlx::Error;
    fn try_from(r: StoredCalendar) -> Result<Self, sqlx::Error> {
        Ok(CalendarRow {
            time_zone: decode("calendars", r.id, "time_zone", &r.time_zone)?,
            opening: minute("calendars", r.id, "opening_minute", r.opening_minute)?,
            closing: minute("calendars", r.id, "closing_minute", r.closing_minute)?,
            id: r.id,
            code: r.code,
            name: r.name,
            country: r.country,
        })
    }
}

#[derive(Debug, Clone)]
pub struct CalendarDayRow {
    pub day: NaiveDate,
    pub open: bool,
    pub note: Option<String>,
}

#[derive(FromRow)]
struct StoredCalendarDay {
    calendar_id: i64,
    day: String,
    open: i64,
    note: Option<String>,
}

impl TryFrom<StoredCalendarDay> for CalendarDayRow {
    type Error = sqlx::Error;
    fn try_from(r: StoredCalendarDay) -> Result<Self, sqlx::Error> {
        let id = format!("{} {}", r.calendar_id, r.day);
        Ok(CalendarDayRow {
            day: decode("calendar_days", &id, "day", &r.day)?,
            open: flag("calendar_days", &id, "open", r.open)?,
            note: r.note,
        })
    }
}

pub async fn calendars(conn: &mut AnyConnection) -> Result<Vec<CalendarRow>, sqlx::Error> {
    let rows: Vec<StoredCalendar> = sqlx::query_as(
        "SELECT id, code, name, country, time_zone, opening_minute, closing_minute \
         FROM calendars ORDER BY code",
    )
    .fetch_all(conn)
    .await?;
    decoded(rows)
}

pub async fn calendar(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<CalendarRow>, sqlx::Error> {
    let row: Option<StoredCalendar> = sqlx::query_as(
        "SELECT id, code, name, country, time_zone, opening_minute, closing_minute \
         FROM calendars WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.map(CalendarRow::try_from).transpose()
}

pub async fn calendar_days(
    conn: &mut AnyConnection,
    calendar_id: i64,
) -> Result<Vec<CalendarDayRow>, sqlx::Error> {
    let rows: Vec<StoredCalendarDay> = sqlx::query_as(
        "SELECT calendar_id, day, open, note FROM calendar_days WHERE calendar_id = $1 ORDER BY day",
    )
    .bind(calendar_id)
    .fetch_all(conn)
    .await?;
    decoded(rows)
}

/// Takes calendar `code` for a change, write first (SQLite's lock before any read); its id, or
/// `None` when there is no such calendar.
pub async fn lock_calendar(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("UPDATE calendars SET name = name WHERE code = $1 RETURNING id")
        .bind(code)
        .fetch_optional(conn)
        .await
}

pub struct NewCalendar<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub country: Option<&'a str>,
    pub time_zone: &'a str,
    pub opening_minute: i64,
    pub closing_minute: i64,
}

/// `None` when a calendar with that code exists.
pub async fn insert_calendar(
    conn: &mut AnyConnection,
    c: &NewCalendar<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO calendars (code, name, country, time_zone, opening_minute, closing_minute, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING id",
    )
    .bind(c.code)
    .bind(c.name)
    .bind(c.country)
    .bind(c.time_zone)
    .bind(c.opening_minute)
    .bind(c.closing_minute)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Adds a company day or changes it.
pub async fn set_calendar_day(
    conn: &mut AnyConnection,
    calendar_id: i64,
    day: &str,
    open: bool,
    note: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_days (calendar_id, day, open, note, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (calendar_id, day) DO UPDATE SET open = excluded.open, note = excluded.note",
    )
    .bind(calendar_id)
    .bind(day)
    .bind(i64::from(open))
    .bind(note)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn remove_calendar_day(
    conn: &mut AnyConnection,
    calendar_id: i64,
    day: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM calendar_days WHERE calendar_id = $1 AND day = $2")
        .bind(calendar_id)
        .bind(day)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
