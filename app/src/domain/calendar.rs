//! Business calendars and deadline math (SPEC G1, issue 6; the rules are written down with worked
//! examples in `docs/deadlines.md`, and every example there is a test here or in a submodule).
//!
//! A calendar is a time zone, the working weekdays, one opening and one closing hour, the national
//! holidays and a company's own extra working or closed days. All math happens on local dates and
//! wall-clock times of the calendar's zone and is converted to instants only at the edges, so a
//! daylight-saving change never shifts a deadline's wall-clock time. Local times that do not exist
//! (a spring-forward gap) move to the first minute that does; local times that happen twice (an
//! autumn fold) take the earliest for a start and the latest for an end, which never shortens a term.
//!
//! Server-only (`ssr`): chrono-tz carries the whole time zone database, which the browser does not
//! need; the browser shows deadlines the server computed (docs/decisions.md).
//!
//! The shipped national calendars and their holidays live in `holidays`, terms and their
//! extension in `term`; both are re-exported here.

mod holidays;
mod term;

pub use holidays::national_codes;
pub use term::{extend, ExtensionError, Term};

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A search for the next business day gives up after this many days, so that a calendar with no
/// working day at all is an error instead of an endless loop.
const MAX_DAYS_WITHOUT_BUSINESS_DAY: u32 = 366;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("there is no business calendar with the code {0:?}; the national ones are CO, CL, ES, PL, MX and PE")]
    UnknownCalendar(String),
    #[error("the calendar {code} has holiday data only from {from} to {to}, and this deadline needs {day}")]
    BeyondHolidayData {
        code: String,
        day: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("the calendar {0} has no business day in a whole year")]
    NoBusinessDays(String),
    #[error("the calendar {0} closes before it opens")]
    BadHours(String),
}

/// A business calendar. Build a national one with [`BusinessCalendar::national`] and adjust it
/// with the `with_*`, `open_on` and `close_on` builders for a company.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub code: String,
    pub time_zone: Tz,
    /// Monday first.
    pub working_days: [bool; 7],
    pub opening: NaiveTime,
    /// Receipt at or after this hour counts as the next business day; days end at this hour.
    pub closing: NaiveTime,
    pub holidays: BTreeSet<NaiveDate>,
    /// Company days worked although a weekend or holiday.
    pub extra_working_days: BTreeSet<NaiveDate>,
    /// Company days closed although a working weekday.
    pub extra_closed_days: BTreeSet<NaiveDate>,
    /// The days the holiday data covers; a deadline that needs a day outside is an error rather
    /// than a guess. `None` for a calendar without holiday data.
    pub holidays_known: Option<(NaiveDate, NaiveDate)>,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid hour")
}

impl BusinessCalendar {
    /// A calendar without holidays: Monday to Friday, 08:00 to 17:00.
    pub fn new(code: impl Into<String>, time_zone: Tz) -> Self {
        BusinessCalendar {
            code: code.into(),
            time_zone,
            working_days: [true, true, true, true, true, false, false],
            opening: hm(8, 0),
            closing: hm(17, 0),
            holidays: BTreeSet::new(),
            extra_working_days: BTreeSet::new(),
            extra_closed_days: BTreeSet::new(),
            holidays_known: None,
        }
    }

    pub fn with_time_zone(mut self, tz: Tz) -> Self {
        self.time_zone = tz;
        self
    }

    pub fn with_hours(
        mut self,
        opening: NaiveTime,
        closing: NaiveTime,
    ) -> Result<Self, CalendarError> {
        if closing <= opening {
            return Err(CalendarError::BadHours(self.code));
        }
        self.opening = opening;
        self.closing = closing;
        Ok(self)
    }

    /// A company day worked although it is a weekend or a holiday.
    pub fn open_on(mut self, day: NaiveDate) -> Self {
        self.extra_closed_days.remove(&day);
        self.extra_working_days.insert(day);
        self
    }

    /// A company day closed although it is a working weekday.
    pub fn close_on(mut self, day: NaiveDate) -> Self {
        self.extra_working_days.remove(&day);
        self.extra_closed_days.insert(day);
        self
    }

    /// Whether `day` is a business day; an error when the holiday data does not reach it.
    pub fn is_business_day(&self, day: NaiveDate) -> Result<bool, CalendarError> {
        if self.extra_closed_days.contains(&day) {
            return Ok(false);
        }
        if self.extra_working_days.contains(&day) {
            return Ok(true);
        }
        if let Some((from, to)) = self.holidays_known {
            if day < from || day > to {
                return Err(CalendarError::BeyondHolidayData {
                    code: self.code.clone(),
                    day,
                    from,
                    to,
                });
            }
        }
        Ok(
            self.working_days[day.weekday().num_days_from_monday() as usize]
                && !self.holidays.contains(&day),
        )
    }

    fn next_business_day(&self, after: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = after;
        for _ in 0..MAX_DAYS_WITHOUT_BUSINESS_DAY {
            day = day + Days::new(1);
            if self.is_business_day(day)? {
                return Ok(day);
            }
        }
        Err(CalendarError::NoBusinessDays(self.code.clone()))
    }

    /// The local day a receipt at `start` counts as: that day when it is a business day and the
    /// receipt comes before the closing hour, otherwise the next business day.
    pub fn effective_receipt_day(&self, start: DateTime<Utc>) -> Result<NaiveDate, CalendarError> {
        let local = start.with_timezone(&self.time_zone).naive_local();
        if self.is_business_day(local.date())? && local.time() < self.closing {
            Ok(local.date())
        } else {
            self.next_business_day(local.date())
        }
    }

    /// Business days from the receipt at `from` to `to`: the business days after the receipt's
    /// effective day up to and including `to`'s local day (0 when settled on the day it counts
    /// from). What the analysis calls the time to resolve (SPEC J1).
    pub fn business_days_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<i64, CalendarError> {
        let start = self.effective_receipt_day(from)?;
        let end = to.with_timezone(&self.time_zone).date_naive();
        let mut days = 0;
        let mut day = start;
        while day < end {
            day = day + Days::new(1);
            if self.is_business_day(day)? {
                days += 1;
            }
        }
        Ok(days)
    }

    /// The deadline of `term` for something received at `start`; in time means at or before it.
    pub fn due(&self, start: DateTime<Utc>, term: Term) -> Result<DateTime<Utc>, CalendarError> {
        match term {
            Term::Hours(n) => Ok(start + TimeDelta::hours(i64::from(n))),
            Term::CalendarDays(n) => {
                let day =
                    start.with_timezone(&self.time_zone).date_naive() + Days::new(u64::from(n));
                // The last second of the local day: one second before the next day begins.
                let next = self.earliest(day + Days::new(1), NaiveTime::MIN);
                Ok(next - TimeDelta::seconds(1))
            }
            Term::BusinessDays(n) => {
                let mut day = self.effective_receipt_day(start)?;
                for _ in 0..n {
                    day = self.next_business_day(day)?;
                }
                Ok(self.latest(day, self.closing))
            }
            Term::BusinessHours(n) => self.add_working_time(start, TimeDelta::hours(i64::from(n))),
        }
    }

    /// [`BusinessCalendar::due`] shown in the calendar's time zone.
    pub fn due_local(
        &self,
        start: DateTime<Utc>,
        term: Term,
    ) -> Result<DateTime<Tz>, CalendarError> {
        Ok(self.due(start, term)?.with_timezone(&self.time_zone))
    }

    /// The working window of a business day as instants. Its length is real time, so a window
    /// that contains a daylight-saving change is an hour longer or shorter than on other days.
    fn window(&self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.earliest(day, self.opening),
            self.latest(day, self.closing),
        )
    }

    /// The instant `amount` of working time after `start` (`start` itself for no time): where a
    /// term in business hours ends, and how far a pause moves a deadline in business units.
    pub fn add_working_time(
        &self,
        start: DateTime<Utc>,
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if amount <= TimeDelta::zero() {
            return Ok(start);
        }
        let mut left = amount;
        let mut day = start.with_timezone(&self.time_zone).date_naive();
        if !self.is_business_day(day)? {
            day = self.next_business_day(day)?;
        }
        loop {
            let (open, close) = self.window(day);
            let from = start.max(open);
            if from < close {
                let here = close - from;
                if left <= here {
                    return Ok(from + left);
                }
                left -= here;
            }
            day = self.next_business_day(day)?;
        }
    }

    /// The working time between two instants: the part of `[from, to)` inside the working windows
    /// of business days (zero when `to` is not after `from`). For pauses and the share of a term used.
    pub fn working_time_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<TimeDelta, CalendarError> {
        let mut total = TimeDelta::zero();
        if to <= from {
            return Ok(total);
        }
        let last = to.with_timezone(&self.time_zone).date_naive();
        let mut day = from.with_timezone(&self.time_zone).date_naive();
        while day <= last {
            if self.is_business_day(day)? {
                let (open, close) = self.window(day);
                let (a, b) = (from.max(open), to.min(close));
                if a < b {
                    total += b - a;
                }
            }
            day = day + Days::new(1);
        }
        Ok(total)
    }

    /// The first instant with this local date and time: in a fold the earlier one, in a gap the
    /// first minute after it that exists.
    fn earliest(&self, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        self.resolve(day.and_time(time), true)
    }

    /// The last instant with this local date and time: in a fold the later one, in a gap the first
    /// minute after it that exists.
    fn latest(&self, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        self.resolve(day.and_time(time), false)
    }

    fn resolve(&self, local: NaiveDateTime, earliest: bool) -> DateTime<Utc> {
        let mut t = local;
        // Gaps in real zones last at most a few hours; a day bounds the search all the same.
        for _ in 0..=(24 * 60) {
            let mapped = self.time_zone.from_local_datetime(&t);
            let found = if earliest {
                mapped.earliest()
            } else {
                mapped.latest()
            };
            if let Some(dt) = found {
                return dt.with_timezone(&Utc);
            }
            t += TimeDelta::minutes(1);
        }
        // Unreachable with the tz database; read the local time as UTC rather than panic.
        local.and_utc()
    }
}

/// The month of an instant in a time zone as yyyymm: how the analysis groups by month (SPEC J1).
pub fn month_key(ms: i64, tz: Tz) -> i64 {
    let local = DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&tz);
    i64::from(local.year()) * 100 + i64::from(local.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("a test instant")
            .with_timezone(&Utc)
    }

    pub(super) fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
    }

    pub(super) fn cal(code: &str) -> BusinessCalendar {
        BusinessCalendar::national(code).expect("a shipped calendar")
    }

    fn due(code: &str, from: &str, term: Term) -> String {
        cal(code)
            .due_local(at(from), term)
            .expect("a deadline")
            .to_rfc3339()
    }

    // --- business days ---

    #[test]
    fn business_days_to_resolve_count_from_the_receipts_effective_day() {
        let co = cal("CO");
        // Filed Friday 2026-12-04 10:00 in Bogotá, closed the same day: none in between.
        let filed = at("2026-12-04T15:00:00Z");
        assert_eq!(
            co.business_days_between(filed, at("2026-12-04T20:00:00Z")),
            Ok(0)
        );
        // Closed on Monday: one business day (the weekend does not count).
        assert_eq!(
            co.business_days_between(filed, at("2026-12-07T15:00:00Z")),
            Ok(1)
        );
        // Tuesday 8 December is a Colombian holiday: closing Wednesday is two.
        assert_eq!(
            co.business_days_between(filed, at("2026-12-09T15:00:00Z")),
            Ok(2)
        );
        // Filed Saturday: it counts from Monday, so closing on Monday is none.
        assert_eq!(
            co.business_days_between(at("2026-12-05T15:00:00Z"), at("2026-12-07T20:00:00Z")),
            Ok(0)
        );
    }

    #[test]
    fn a_month_key_is_the_local_month() {
        // 2027-01-01T03:00Z is still 31 December in Bogotá.
        let ms = at("2027-01-01T03:00:00Z").timestamp_millis();
        assert_eq!(month_key(ms, chrono_tz::America::Bogota), 202612);
        assert_eq!(month_key(ms, chrono_tz::UTC), 202701);
    }

    #[test]
    fn ley_1755_fifteen_business_days_skip_weekends_and_saint_josephs_monday() {
        // Received Monday 2 March 2026 at 10:00 in Bogotá; day 15 after it is Tuesday 24 March
        // because Monday 23 March is a holiday.
        assert_eq!(
            due("CO", "2026-03-02T10:00:00-05:00", Term::BusinessDays(15)),
            "2026-03-24T17:00:00-05:00"
        );
    }

    #[test]
    fn a_term_of_zero_business_days_ends_at_closing_on_the_effective_day_of_receipt() {
        assert_eq!(
            due("CO", "2026-03-07T11:00:00-05:00", Term::BusinessDays(0)),
            "2026-03-09T17:00:00-05:00"
        );
    }

    #[test]
    fn the_day_of_receipt_does_not_count() {
        assert_eq!(
            due("CO", "2026-03-03T08:00:00-05:00", Term::BusinessDays(1)),
            "2026-03-04T17:00:00-05:00"
        );
    }

    #[test]
    fn receipt_after_closing_counts_as_the_next_business_day() {
        assert_eq!(
            due("CO", "2026-03-02T16:59:59-05:00", Term::BusinessDays(1)),
            "2026-03-03T17:00:00-05:00"
        );
        assert_eq!(
            due("CO", "2026-03-02T17:00:00-05:00", Term::BusinessDays(1)),
            "2026-03-04T17:00:00-05:00"
        );
    }

    #[test]
    fn receipt_on_a_weekend_or_holiday_counts_as_the_next_business_day() {
        // Saturday 7 March -> Monday 9 March -> due Tuesday 10 March.
        assert_eq!(
            due("CO", "2026-03-07T11:00:00-05:00", Term::BusinessDays(1)),
            "2026-03-10T17:00:00-05:00"
        );
        // Monday 23 March (Saint Joseph, observed) -> Tuesday 24 -> due Wednesday 25.
        assert_eq!(
            due("CO", "2026-03-23T09:00:00-05:00", Term::BusinessDays(1)),
            "2026-03-25T17:00:00-05:00"
        );
        // Peru: Thursday 6 August 2026 (Battle of Junín) is skipped.
        assert_eq!(
            due("PE", "2026-08-05T10:00:00-05:00", Term::BusinessDays(1)),
            "2026-08-07T17:00:00-05:00"
        );
    }

    #[test]
    fn the_local_day_decides_not_the_utc_day() {
        // 02:00 UTC on Tuesday is still Monday 21:00 in Bogotá, after closing: counts as Tuesday.
        assert_eq!(
            due("CO", "2026-03-03T02:00:00Z", Term::BusinessDays(1)),
            "2026-03-04T17:00:00-05:00"
        );
        // 23:30 UTC on Monday is already Tuesday 00:30 in Warsaw, before opening: counts as Tuesday.
        assert_eq!(
            due("PL", "2026-03-02T23:30:00Z", Term::BusinessDays(1)),
            "2026-03-04T17:00:00+01:00"
        );
    }

    #[test]
    fn year_end_in_colombia_skips_new_year_and_the_moved_epiphany() {
        // Thursday 31 December 2026, 15:00: Friday 1 January is a holiday; Wednesday 6 January is
        // worked because Epiphany moves to Monday 11 January.
        assert_eq!(
            due("CO", "2026-12-31T15:00:00-05:00", Term::BusinessDays(5)),
            "2027-01-08T17:00:00-05:00"
        );
        assert_eq!(
            due("CO", "2026-12-31T15:00:00-05:00", Term::BusinessDays(6)),
            "2027-01-12T17:00:00-05:00"
        );
    }

    #[test]
    fn year_end_in_spain_after_closing_skips_new_year_and_epiphany() {
        // 31 December 2026 at 18:00 counts as Monday 4 January; 6 January is a holiday in Spain.
        assert_eq!(
            due("ES", "2026-12-31T18:00:00+01:00", Term::BusinessDays(3)),
            "2027-01-08T17:00:00+01:00"
        );
    }

    #[test]
    fn company_days_change_the_count() {
        let c = cal("CO")
            .close_on(date("2026-03-04"))
            .open_on(date("2026-03-07"));
        // Tuesday 3 March: Wednesday 4 closed, Thursday 5 is day 1.
        let d = c
            .due_local(at("2026-03-03T10:00:00-05:00"), Term::BusinessDays(1))
            .unwrap();
        assert_eq!(d.to_rfc3339(), "2026-03-05T17:00:00-05:00");
        // Friday 6 March: the worked Saturday 7 is day 1.
        let d = c
            .due_local(at("2026-03-06T10:00:00-05:00"), Term::BusinessDays(1))
            .unwrap();
        assert_eq!(d.to_rfc3339(), "2026-03-07T17:00:00-05:00");
    }

    // --- daylight-saving changes ---

    #[test]
    fn chile_spring_forward_keeps_the_closing_hour() {
        // Chile moves from -04 to -03 at midnight between Saturday 5 and Sunday 6 September 2026.
        assert_eq!(
            due("CL", "2026-09-04T10:00:00-04:00", Term::BusinessDays(1)),
            "2026-09-07T17:00:00-03:00"
        );
        // 48 clock hours are 48 real hours: the wall clock reads one hour later.
        assert_eq!(
            due("CL", "2026-09-04T12:00:00-04:00", Term::Hours(48)),
            "2026-09-06T13:00:00-03:00"
        );
    }

    #[test]
    fn chile_fall_back_calendar_day_ends_at_the_second_midnight() {
        // Chile moves from -03 to -04 at midnight between Saturday 4 and Sunday 5 April 2026, so
        // 23:00-24:00 on Saturday happens twice; the day ends after the second one.
        assert_eq!(
            due("CL", "2026-04-03T10:00:00-03:00", Term::CalendarDays(1)),
            "2026-04-04T23:59:59-04:00"
        );
    }

    #[test]
    fn spain_business_hours_over_the_spring_forward_weekend() {
        // Friday 27 March 2026 16:00 CET + 2 business hours: one on Friday, one from Monday's
        // opening at 08:00 CEST. Adding days as 24-hour blocks would end at 10:00.
        assert_eq!(
            due("ES", "2026-03-27T16:00:00+01:00", Term::BusinessHours(2)),
            "2026-03-30T09:00:00+02:00"
        );
    }

    #[test]
    fn poland_fall_back_weekend_keeps_opening_and_closing_hours() {
        // Warsaw goes from +02 to +01 on Sunday 25 October 2026.
        assert_eq!(
            due("PL", "2026-10-23T16:30:00+02:00", Term::BusinessHours(1)),
            "2026-10-26T08:30:00+01:00"
        );
        assert_eq!(
            due("PL", "2026-10-23T10:00:00+02:00", Term::BusinessDays(1)),
            "2026-10-26T17:00:00+01:00"
        );
    }

    #[test]
    fn mexico_city_has_no_daylight_saving_since_2022_but_tijuana_does() {
        // The first Sunday of April (the old change) leaves Mexico City at -06.
        assert_eq!(
            due("MX", "2026-04-03T10:00:00-06:00", Term::BusinessDays(1)),
            "2026-04-06T17:00:00-06:00"
        );
        // Tijuana follows the US change on Sunday 8 March 2026 (-08 to -07).
        let tijuana = cal("MX").with_time_zone(chrono_tz::America::Tijuana);
        let d = tijuana
            .due_local(at("2026-03-06T16:00:00-08:00"), Term::BusinessHours(3))
            .unwrap();
        assert_eq!(d.to_rfc3339(), "2026-03-09T10:00:00-07:00");
    }

    #[test]
    fn a_working_window_that_contains_the_change_is_an_hour_shorter() {
        // A calendar open on Sundays 00:00-06:00 in Madrid: on 29 March 2026 02:00 becomes 03:00,
        // so the window holds 5 real hours and the sixth hour falls on the next Sunday.
        let mut c = BusinessCalendar::new("NIGHT", chrono_tz::Europe::Madrid)
            .with_hours(hm(0, 0), hm(6, 0))
            .unwrap();
        c.working_days = [false, false, false, false, false, false, true];
        let start = at("2026-03-29T00:00:00+01:00");
        let five = c.due_local(start, Term::BusinessHours(5)).unwrap();
        assert_eq!(five.to_rfc3339(), "2026-03-29T06:00:00+02:00");
        let six = c.due_local(start, Term::BusinessHours(6)).unwrap();
        assert_eq!(six.to_rfc3339(), "2026-04-05T01:00:00+02:00");
    }

    // --- business hours, calendar days and elapsed time ---

    #[test]
    fn business_hours_start_at_opening_when_received_outside_hours() {
        // Received Saturday: counting starts Monday 08:00.
        assert_eq!(
            due("CO", "2026-03-07T10:00:00-05:00", Term::BusinessHours(3)),
            "2026-03-09T11:00:00-05:00"
        );
        // Nine hours fill exactly one working day: the deadline is the closing hour, not next morning.
        assert_eq!(
            due("CO", "2026-03-09T06:00:00-05:00", Term::BusinessHours(9)),
            "2026-03-09T17:00:00-05:00"
        );
    }

    #[test]
    fn calendar_days_count_every_day_from_the_local_day_of_receipt() {
        // Received Thursday 31 December 2026 at 23:00 in Bogotá (already 1 January in UTC).
        assert_eq!(
            due("CO", "2026-12-31T23:00:00-05:00", Term::CalendarDays(2)),
            "2027-01-02T23:59:59-05:00"
        );
    }

    #[test]
    fn working_time_between_counts_only_business_hours() {
        let es = cal("ES");
        let t = es
            .working_time_between(
                at("2026-03-27T16:00:00+01:00"),
                at("2026-03-30T09:00:00+02:00"),
            )
            .unwrap();
        assert_eq!(t, TimeDelta::hours(2));
        assert_eq!(
            es.working_time_between(
                at("2026-03-30T09:00:00+02:00"),
                at("2026-03-27T16:00:00+01:00")
            )
            .unwrap(),
            TimeDelta::zero()
        );
    }

    #[test]
    fn working_time_until_a_business_hours_deadline_is_the_term() {
        for code in ["CO", "CL", "ES", "PL", "MX", "PE"] {
            let c = cal(code);
            for start in [
                "2026-03-27T16:00:00Z",
                "2026-09-04T22:30:00Z",
                "2026-10-23T05:00:00Z",
                "2026-12-31T20:00:00Z",
            ] {
                for n in [1, 9, 40] {
                    let start = at(start);
                    let end = c.due(start, Term::BusinessHours(n)).unwrap();
                    assert_eq!(
                        c.working_time_between(start, end).unwrap(),
                        TimeDelta::hours(i64::from(n)),
                        "{code} from {start} + {n}h"
                    );
                }
            }
        }
    }
}
