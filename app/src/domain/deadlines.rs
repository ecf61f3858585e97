//! A case's clock under its SLA policy (SPEC G1-G3, D4; the rules with worked examples are in
//! `docs/deadlines.md`): the calendar it counts in, where its deadlines fall, when it turns at
//! risk, how far its pauses move them, when its watch looks again, and what its manager may do
//! with it. The policy that applies and the at-risk share are in `domain::sla`, the calendar
//! arithmetic in `domain::calendar`, the daily reminders in `domain::reminders`.
//!
//! Pure: `services::deadlines` reads the case's clock and its calendar, asks here, and writes what
//! comes back. Server-only, like `domain::calendar`, whose time zones it needs.

use super::calendar::{BusinessCalendar, CalendarError, Term};
use super::case::CaseState;
use super::sla::{self, SlaPolicy, TermSpec, TermUnit};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

/// A company's calendar (docs/deadlines.md, "Calendars"): `country`'s national holidays (none
/// without one), its own time zone and hours, and its own days, each worked (`true`) or closed
/// (`false`), which win over the weekday and the holiday list.
pub fn company_calendar(
    code: &str,
    country: Option<&str>,
    time_zone: Tz,
    opening: NaiveTime,
    closing: NaiveTime,
    days: impl IntoIterator<Item = (NaiveDate, bool)>,
) -> Result<BusinessCalendar, CalendarError> {
    let base = match country {
        Some(country) => BusinessCalendar::national(country)?,
        None => BusinessCalendar::new(code, time_zone),
    };
    let mut cal = BusinessCalendar {
        code: code.to_string(),
        ..base.with_time_zone(time_zone)
    }
    .with_hours(opening, closing)?;
    for (day, open) in days {
        cal = if open {
            cal.open_on(day)
        } else {
            cal.close_on(day)
        };
    }
    Ok(cal)
}

/// The time a case's clock stood still, summed over its pauses. Both measures are kept because
/// a term in business units moves by the paused working time and the others by the clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PausedTime {
    pub working: TimeDelta,
    pub clock: TimeDelta,
}

impl PausedTime {
    /// One pause from `from` to `to`: its working time in the calendar and `to - from`.
    pub fn between(
        cal: &BusinessCalendar,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<PausedTime, CalendarError> {
        Ok(PausedTime {
            working: cal.working_time_between(from, to)?,
            clock: to - from,
        })
    }

    /// Where a deadline of a term in `unit` lands once the pauses are added.
    pub fn shift(
        self,
        cal: &BusinessCalendar,
        due: DateTime<Utc>,
        unit: TermUnit,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if unit.is_business() {
            cal.add_working_time(due, self.working)
        } else {
            Ok(due + self.clock)
        }
    }
}

/// A case's deadlines, and the instant it turns at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub first_response: DateTime<Utc>,
    pub resolution: DateTime<Utc>,
    pub at_risk: DateTime<Utc>,
}

/// A case's deadlines under `policy`: counted in `cal` from `started_at` (its receipt), the
/// resolution term longer by the `extension` units recorded, both moved by `paused`. The at-risk
/// instant is when the policy's share of the resolution term's own time is used (its working
/// time for business units, the clock otherwise), pauses not counted, then moved like the
/// deadline.
pub fn deadlines(
    cal: &BusinessCalendar,
    policy: &SlaPolicy,
    started_at: DateTime<Utc>,
    paused: PausedTime,
    extension: u32,
) -> Result<Deadlines, CalendarError> {
    let first = policy.first_response;
    let resolution = TermSpec {
        amount: policy.resolution.amount.saturating_add(extension),
        unit: policy.resolution.unit,
    };
    let unpaused_resolution = cal.due(started_at, Term::from(resolution))?;
    let at_risk = if resolution.unit.is_business() {
        let length = cal.working_time_between(started_at, unpaused_resolution)?;
        let used = sla::at_risk_after(length.num_milliseconds(), policy.at_risk_percent);
        cal.add_working_time(started_at, TimeDelta::milliseconds(used) + paused.working)?
    } else {
        let length = unpaused_resolution - started_at;
        let used = sla::at_risk_after(length.num_milliseconds(), policy.at_risk_percent);
        started_at + TimeDelta::milliseconds(used) + paused.clock
    };
    Ok(Deadlines {
        first_response: paused.shift(cal, cal.due(started_at, Term::from(first))?, first.unit)?,
        resolution: paused.shift(cal, unpaused_resolution, resolution.unit)?,
        at_risk,
    })
}

/// What the watch of a case has marked on it, and whether its clock stands still.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub paused: bool,
    pub at_risk: bool,
    pub overdue: bool,
}

/// Whether a case in `state` is watched at all: a closed or paused case has nothing to watch
/// (reopening or resuming schedules its watch again).
pub fn watched(state: CaseState, paused: bool) -> bool {
    state.is_open_work() && !paused
}

/// What the watch marks at `now`, each at most once: at risk from its instant on, overdue once
/// the deadline has passed (in time means at or before it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Due {
    pub at_risk: bool,
    pub overdue: bool,
}

pub fn due(marks: Marks, d: &Deadlines, now: DateTime<Utc>) -> Due {
    Due {
        at_risk: !marks.at_risk && now >= d.at_risk,
        overdue: !marks.overdue && now > d.resolution,
    }
}

/// When the watch of a case looks again: at its at-risk instant until that is marked, then just
/// past its deadline until that is; never while the clock stands still.
pub fn next_check(marks: Marks, d: &Deadlines) -> Option<DateTime<Utc>> {
    if marks.paused {
        None
    } else if !marks.at_risk {
        Some(d.at_risk)
    } else if !marks.overdue {
        Some(d.resolution + TimeDelta::milliseconds(1))
    } else {
        None
    }
}

/// Whether whoever manages the clock (SPEC D4) may stop it now: an open case whose clock runs.
pub fn may_pause(state: CaseState, paused: bool) -> bool {
    state.is_open_work() && !paused
}

/// Whether whoever manages the clock may start it again: an open case whose clock stands still.
pub fn may_resume(state: CaseState, paused: bool) -> bool {
    state.is_open_work() && paused
}

/// SPEC D4: whether asking the customer for something stops the clock by itself: the case's
/// type says so, and the clock runs on an open case. A clock a person stopped stays theirs.
pub fn pauses_for_customer(type_pauses: bool, state: CaseState, paused: bool) -> bool {
    type_pauses && may_pause(state, paused)
}

/// SPEC D4: whether the customer's answer starts the clock again by itself: it stopped because
/// the case waits for the customer, and nothing else is still awaited from them. A stop by hand
/// is never undone by the customer.
pub fn resumes_for_customer(
    state: CaseState,
    paused_for_customer: bool,
    still_awaited: bool,
) -> bool {
    may_resume(state, paused_for_customer) && !still_awaited
}

/// Whether the case page offers the extension: once, on an open case with a policy, before
/// its deadline (`calendar::extend` decides the extension itself).
pub fn may_extend(
    state: CaseState,
    extended: bool,
    has_policy: bool,
    resolution_due: i64,
    now: i64,
) -> bool {
    state.is_open_work() && !extended && has_policy && now <= resolution_due
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::America::Bogota;

    const HOUR: i64 = 60 * 60 * 1000;

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

    fn term(amount: u32, unit: TermUnit) -> TermSpec {
        TermSpec { amount, unit }
    }

    /// docs/deadlines.md's worked example: 24 hours to answer first, 5 business days of the CO
    /// calendar to resolve, at risk at 60 %.
    fn example_policy() -> SlaPolicy {
        SlaPolicy {
            id: 1,
            case_type_id: None,
            channel: None,
            calendar_code: "CO".into(),
            first_response: term(24, TermUnit::Hours),
            resolution: term(5, TermUnit::BusinessDays),
            at_risk_percent: 60,
        }
    }

    fn paused(working_hours: i64, clock_hours: i64) -> PausedTime {
        PausedTime {
            working: TimeDelta::milliseconds(working_hours * HOUR),
            clock: TimeDelta::milliseconds(clock_hours * HOUR),
        }
    }

    #[test]
    fn the_worked_example_of_the_docs_before_and_after_its_pause() {
        let cal = co();
        let received = bogota("2026-11-23T09:00:00");
        // Paused Thursday 26 November 15:00, resumed Tuesday 1 December 10:00.
        let pause = PausedTime::between(
            &cal,
            bogota("2026-11-26T15:00:00"),
            bogota("2026-12-01T10:00:00"),
        )
        .unwrap();
        assert_eq!(pause, paused(22, 115));
        // (pause, extension, first response, resolution, at risk)
        let table = [
            (
                PausedTime::default(),
                0,
                "2026-11-24T09:00:00",
                "2026-11-30T17:00:00",
                // 60 % of 53 working hours is 31.8 hours.
                "2026-11-26T13:48:00",
            ),
            (
                pause,
                0,
                // 24 clock hours, moved by the 115 clock hours paused.
                "2026-11-29T04:00:00",
                // Moved by the 22 working hours paused.
                "2026-12-03T12:00:00",
                "2026-12-01T08:48:00",
            ),
            (
                PausedTime::default(),
                5,
                "2026-11-24T09:00:00",
                // Ten business days; Tuesday 8 December (a holiday) is not reached.
                "2026-12-07T17:00:00",
                // 60 % of 98 working hours is 58.8 hours.
                "2026-12-01T13:48:00",
            ),
        ];
        for (pause, extension, first, resolution, at_risk) in table {
            let d = deadlines(&cal, &example_policy(), received, pause, extension).unwrap();
            assert_eq!(
                d,
                Deadlines {
                    first_response: bogota(first),
                    resolution: bogota(resolution),
                    at_risk: bogota(at_risk),
                },
                "paused {pause:?}, extended by {extension}"
            );
        }
    }

    #[test]
    fn clock_terms_move_by_clock_time_and_business_terms_by_working_time() {
        let cal = co();
        let received = bogota("2026-11-23T09:00:00");
        let policy = SlaPolicy {
            first_response: term(2, TermUnit::BusinessHours),
            resolution: term(100, TermUnit::Hours),
            at_risk_percent: 75,
            ..example_policy()
        };
        // (paused working hours, paused clock hours, first response, resolution, at risk)
        let table = [
            (
                0,
                0,
                "2026-11-23T11:00:00",
                "2026-11-27T13:00:00",
                "2026-11-26T12:00:00",
            ),
            (
                // Ten working hours move Monday 11:00 to Tuesday 12:00; ten clock hours
                // move the clock-hour deadline and its at-risk instant by ten hours.
                10,
                10,
                "2026-11-24T12:00:00",
                "2026-11-27T23:00:00",
                "2026-11-26T22:00:00",
            ),
        ];
        for (working, clock, first, resolution, at_risk) in table {
            let d = deadlines(&cal, &policy, received, paused(working, clock), 0).unwrap();
            assert_eq!(d.first_response, bogota(first), "{working} h paused");
            assert_eq!(d.resolution, bogota(resolution), "{clock} h paused");
            assert_eq!(d.at_risk, bogota(at_risk), "{clock} h paused");
        }
    }

    #[test]
    fn a_pause_outside_working_hours_moves_business_deadlines_by_nothing() {
        let cal = co();
        // Saturday to Sunday: no working time, a day of clock time.
        let pause = PausedTime::between(
            &cal,
            bogota("2026-11-28T10:00:00"),
            bogota("2026-11-29T10:00:00"),
        )
        .unwrap();
        assert_eq!(pause, paused(0, 24));
        let due = bogota("2026-11-30T17:00:00");
        assert_eq!(pause.shift(&cal, due, TermUnit::BusinessDays), Ok(due));
        assert_eq!(
            pause.shift(&cal, due, TermUnit::CalendarDays),
            Ok(due + TimeDelta::hours(24))
        );
    }

    #[test]
    fn the_watch_marks_each_effect_once_and_looks_again_when_due() {
        let d = Deadlines {
            first_response: bogota("2026-11-24T09:00:00"),
            at_risk: bogota("2026-11-26T13:48:00"),
            resolution: bogota("2026-11-30T17:00:00"),
        };
        let marks = |paused, at_risk, overdue| Marks {
            paused,
            at_risk,
            overdue,
        };
        let just_past = d.resolution + TimeDelta::milliseconds(1);
        // (marks, now, due at risk, due overdue, next check)
        let table = [
            (
                marks(false, false, false),
                "2026-11-25T12:00:00",
                false,
                false,
                Some(d.at_risk),
            ),
            (
                marks(false, false, false),
                "2026-11-26T13:48:00",
                true,
                false,
                Some(d.at_risk),
            ),
            (
                marks(false, true, false),
                "2026-11-26T14:00:00",
                false,
                false,
                Some(just_past),
            ),
            (
                marks(false, true, false),
                "2026-11-30T17:00:00",
                false,
                false,
                Some(just_past),
            ),
            (
                marks(false, true, false),
                "2026-11-30T17:00:01",
                false,
                true,
                Some(just_past),
            ),
            // A watch that slept through both instants marks both at once.
            (
                marks(false, false, false),
                "2026-12-01T09:00:00",
                true,
                true,
                Some(d.at_risk),
            ),
            (
                marks(false, true, true),
                "2026-12-01T09:00:00",
                false,
                false,
                None,
            ),
            (
                marks(true, false, false),
                "2026-11-25T12:00:00",
                false,
                false,
                None,
            ),
        ];
        for (m, now, at_risk, overdue, next) in table {
            assert_eq!(
                due(m, &d, bogota(now)),
                Due { at_risk, overdue },
                "{m:?} at {now}"
            );
            assert_eq!(next_check(m, &d), next, "{m:?}");
        }
    }

    #[test]
    fn only_open_running_cases_are_watched_and_paused() {
        use CaseState::*;
        // (state, paused, watched, may pause, may resume)
        let table = [
            (Draft, false, false, false, false),
            (Open, false, true, true, false),
            (InProgress, false, true, true, false),
            (PendingClosure, false, true, true, false),
            (InProgress, true, false, false, true),
            (Closed, false, false, false, false),
            (Closed, true, false, false, false),
        ];
        for (state, paused, watch, pause, resume) in table {
            assert_eq!(watched(state, paused), watch, "{state} paused {paused}");
            assert_eq!(may_pause(state, paused), pause, "{state} paused {paused}");
            assert_eq!(may_resume(state, paused), resume, "{state} paused {paused}");
        }
    }

    #[test]
    fn waiting_for_the_customer_stops_and_starts_only_what_it_may() {
        use CaseState::*;
        // (type pauses, state, paused, stops)
        let stops = [
            (true, InProgress, false, true),
            (true, Open, false, true),
            (false, InProgress, false, false),
            (true, InProgress, true, false),
            (true, Draft, false, false),
            (true, Closed, false, false),
        ];
        for (type_pauses, state, paused, expected) in stops {
            assert_eq!(
                pauses_for_customer(type_pauses, state, paused),
                expected,
                "type {type_pauses} {state} paused {paused}"
            );
        }
        // (state, paused for the customer, still awaited, starts)
        let starts = [
            (InProgress, true, false, true),
            (InProgress, true, true, false),
            (InProgress, false, false, false),
            (Closed, true, false, false),
        ];
        for (state, for_customer, awaited, expected) in starts {
            assert_eq!(
                resumes_for_customer(state, for_customer, awaited),
                expected,
                "{state} for the customer {for_customer} awaited {awaited}"
            );
        }
    }

    #[test]
    fn the_extension_is_offered_once_before_the_deadline() {
        use CaseState::*;
        // (state, extended, has a policy, due, now, offered)
        let table = [
            (InProgress, false, true, 100, 99, true),
            (InProgress, false, true, 100, 100, true),
            (InProgress, false, true, 100, 101, false),
            (InProgress, true, true, 100, 50, false),
            (InProgress, false, false, 100, 50, false),
            (Closed, false, true, 100, 50, false),
        ];
        for (state, extended, policy, due, now, offered) in table {
            assert_eq!(
                may_extend(state, extended, policy, due, now),
                offered,
                "{state} extended {extended} policy {policy} at {now}"
            );
        }
    }

    #[test]
    fn a_company_calendar_keeps_its_countrys_holidays_and_its_own_days_win() {
        let hours = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let cal = company_calendar(
            "CO-MED",
            Some("CO"),
            Bogota,
            hours(7),
            hours(16),
            [(day("2026-11-24"), false), (day("2026-11-28"), true)],
        )
        .unwrap();
        assert_eq!(cal.code, "CO-MED");
        assert_eq!((cal.opening, cal.closing), (hours(7), hours(16)));
        // (day, business day)
        let table = [
            ("2026-11-23", true),
            ("2026-11-24", false),
            ("2026-11-28", true),
            ("2026-11-29", false),
            ("2026-12-08", false),
        ];
        for (d, business) in table {
            assert_eq!(cal.is_business_day(day(d)), Ok(business), "{d}");
        }
        let own = company_calendar("ACME", None, Bogota, hours(8), hours(17), []).unwrap();
        assert_eq!(
            own.is_business_day(day("2026-12-08")),
            Ok(true),
            "no holidays"
        );
        assert!(company_calendar("BAD", None, Bogota, hours(17), hours(8), []).is_err());
    }
}
