//! The daily reminders of overdue tasks (SPEC F3; docs/deadlines.md, "Daily reminders"): which
//! day's reminders a calendar should have scheduled, whether a day's job sends any, which day it
//! names next, at what instant they go out, and one reminder per assignee. Pure, like the rest of
//! the deadline rules; `services::deadlines` runs the jobs. Server-only: it needs the calendar's
//! time zone.

use super::calendar::BusinessCalendar;
use super::calendar::CalendarError;
use chrono::{DateTime, Days, NaiveDate, TimeDelta, TimeZone, Utc};

fn local_day(cal: &BusinessCalendar, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&cal.time_zone).date_naive()
}

/// The day whose reminders a calendar should have scheduled at `now`: today while today's
/// working hours have not ended, else tomorrow.
pub fn scheduled_day(cal: &BusinessCalendar, now: DateTime<Utc>) -> NaiveDate {
    let local = now.with_timezone(&cal.time_zone).naive_local();
    if local.time() < cal.closing {
        local.date()
    } else {
        local.date() + Days::new(1)
    }
}

/// Whether the reminders job of `day`, run at `now`, sends reminders: on a business day, and not
/// for a day already gone (every instance was down that morning), so that a long outage does not
/// end in a burst of old reminders.
pub fn due(
    cal: &BusinessCalendar,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, CalendarError> {
    Ok(day >= local_day(cal, now) && cal.is_business_day(day)?)
}

/// The day of the job that the reminders job of `day`, run at `now`, schedules: the next day,
/// or today for a job of a day already gone, so that the chain goes on from today. Every day,
/// business or not: the job of a closed day sends nothing and names the next.
pub fn next_day(cal: &BusinessCalendar, day: NaiveDate, now: DateTime<Utc>) -> NaiveDate {
    let today = local_day(cal, now);
    if day < today {
        today
    } else {
        day + Days::new(1)
    }
}

/// When the reminders of `day` go out: the calendar's opening hour that day in its zone, or an
/// hour later where the opening hour falls in that day's daylight-saving gap.
pub fn morning(cal: &BusinessCalendar, day: NaiveDate) -> DateTime<Utc> {
    let at = |time| {
        cal.time_zone
            .from_local_datetime(&time)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    let opening = day.and_time(cal.opening);
    at(opening)
        .or_else(|| at(opening + TimeDelta::hours(1)))
        .unwrap_or_default()
}

/// One reminder per assignee (SPEC F3): overdue tasks as `(assignee, task)` grouped by assignee,
/// in the order each assignee first appears, each one's tasks in their order.
pub fn per_assignee<T>(rows: impl IntoIterator<Item = (i64, T)>) -> Vec<(i64, Vec<T>)> {
    let mut out: Vec<(i64, Vec<T>)> = Vec::new();
    for (assignee, task) in rows {
        match out.iter_mut().find(|(a, _)| *a == assignee) {
            Some((_, tasks)) => tasks.push(task),
            None => out.push((assignee, vec![task])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use chrono_tz::America::Bogota;

    /// A local time in Bogotá (UTC-5 all year).
    fn bogota(s: &str) -> DateTime<Utc> {
        Bogota
            .from_local_datetime(&s.parse().unwrap())
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn co() -> BusinessCalendar {
        BusinessCalendar::national("CO").unwrap()
    }

    #[test]
    fn reminders_go_out_each_business_morning_and_never_late() {
        let cal = co();
        // (now, the day to have scheduled)
        let scheduled = [
            ("2026-11-23T16:59:00", "2026-11-23"),
            ("2026-11-23T17:00:00", "2026-11-24"),
            ("2026-11-28T10:00:00", "2026-11-28"),
            ("2026-11-23T06:00:00", "2026-11-23"),
        ];
        for (now, expected) in scheduled {
            assert_eq!(scheduled_day(&cal, bogota(now)), day(expected), "at {now}");
        }
        // (job's day, run at, sends, next job's day)
        let runs = [
            ("2026-11-25", "2026-11-25T08:00:00", true, "2026-11-26"),
            // Weekends and holidays (Tuesday 8 December) bring none; the chain goes on.
            ("2026-11-28", "2026-11-28T08:00:00", false, "2026-11-29"),
            ("2026-12-08", "2026-12-08T08:00:00", false, "2026-12-09"),
            // Every instance was down Tuesday and Wednesday: nothing late, on from today.
            ("2026-12-01", "2026-12-03T08:30:00", false, "2026-12-03"),
            // A job run early (a clock behind) still sends for its day.
            ("2026-11-24", "2026-11-23T20:00:00", true, "2026-11-25"),
        ];
        for (job_day, now, sends, next) in runs {
            let (job_day, now) = (day(job_day), bogota(now));
            assert_eq!(due(&cal, job_day, now), Ok(sends), "{job_day}");
            assert_eq!(next_day(&cal, job_day, now), day(next), "{job_day}");
        }
    }

    #[test]
    fn reminders_of_a_day_beyond_the_holiday_data_are_an_error() {
        assert!(due(&co(), day("2099-01-05"), bogota("2099-01-05T08:00:00")).is_err());
    }

    #[test]
    fn the_morning_is_the_opening_hour_or_an_hour_later_in_a_gap() {
        let company = |opening: u32, closing: u32| {
            BusinessCalendar::national("CL")
                .unwrap()
                .with_hours(
                    NaiveTime::from_hms_opt(opening, 0, 0).unwrap(),
                    NaiveTime::from_hms_opt(closing, 0, 0).unwrap(),
                )
                .unwrap()
        };
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // (calendar, day, morning)
        let table = [
            (co(), "2026-11-25", "2026-11-25T08:00:00-05:00"),
            (company(8, 17), "2026-09-07", "2026-09-07T08:00:00-03:00"),
            // Chile skips from 00:00 to 01:00 on Sunday 6 September 2026.
            (company(0, 6), "2026-09-06", "2026-09-06T01:00:00-03:00"),
            (company(0, 6), "2026-09-05", "2026-09-05T00:00:00-04:00"),
        ];
        for (cal, d, expected) in table {
            assert_eq!(morning(&cal, day(d)), utc(expected), "{} {d}", cal.code);
        }
    }

    #[test]
    fn each_assignee_gets_one_reminder_with_all_their_tasks() {
        // (rows, reminders)
        type Rows = Vec<(i64, &'static str)>;
        type Reminders = Vec<(i64, Vec<&'static str>)>;
        let table: [(Rows, Reminders); 3] = [
            (vec![], vec![]),
            (
                vec![(4, "a"), (4, "b"), (9, "c")],
                vec![(4, vec!["a", "b"]), (9, vec!["c"])],
            ),
            // Out of order, still one each.
            (
                vec![(9, "c"), (4, "a"), (9, "d")],
                vec![(9, vec!["c", "d"]), (4, vec!["a"])],
            ),
        ];
        for (rows, reminders) in table {
            assert_eq!(per_assignee(rows.clone()), reminders, "{rows:?}");
        }
    }
}
