//! A company's own business calendars as the admin's forms send them (SPEC G1, issue 6): a code,
//! the national calendar whose holidays it follows (if any), its time zone and working hours,
//! and the days it works or closes against that calendar. Whether a time zone exists is the
//! server's question (the browser carries no time-zone database).

use super::coverage::Day;
use super::form::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};

pub const CODE_MAX: usize = 20;
pub const NAME_MAX: usize = 80;
pub const NOTE_MAX: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarForm {
    pub code: String,
    pub name: String,
    /// Empty: no national holidays.
    pub country: String,
    pub time_zone: String,
    /// `HH:MM`.
    pub opening: String,
    pub closing: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCalendar {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub time_zone: String,
    pub opening_minute: i64,
    pub closing_minute: i64,
}

/// Minutes after midnight of an `HH:MM` time.
pub fn minute_of(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// `HH:MM` of minutes after midnight.
pub fn time_of(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl CalendarForm {
    /// Checks the form; `national` are the codes of the shipped national calendars.
    pub fn validate(&self, national: &[&str]) -> Result<ValidCalendar, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.trim().to_ascii_uppercase();
        if code.is_empty() {
            errors.add("code", FieldProblem::Required);
        } else if code.len() > CODE_MAX {
            errors.add("code", FieldProblem::TooLong { max: CODE_MAX });
        } else if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.add("code", FieldProblem::Invalid);
        }
        let name = super::form::text_field(&mut errors, "name", &self.name, 1, NAME_MAX);
        let country = match self.country.trim().to_ascii_uppercase() {
            c if c.is_empty() => None,
            c if national.contains(&c.as_str()) => Some(c),
            _ => {
                errors.add("country", FieldProblem::NotAChoice);
                None
            }
        };
        let time_zone = self.time_zone.trim().to_string();
        if time_zone.is_empty() {
            errors.add("time_zone", FieldProblem::Required);
        }
        let opening = minute_of(&self.opening);
        let closing = minute_of(&self.closing);
        if opening.is_none() {
            errors.add("opening", FieldProblem::Invalid);
        }
        match (opening, closing) {
            (_, None) => errors.add("closing", FieldProblem::Invalid),
            (Some(o), Some(c)) if c <= o => errors.add("closing", FieldProblem::Invalid),
            _ => {}
        }
        errors.into_result(()).map(|()| ValidCalendar {
            code,
            name,
            country,
            time_zone,
            opening_minute: opening.unwrap_or_default(),
            closing_minute: closing.unwrap_or_default(),
        })
    }
}

/// A company day: worked although a weekend or holiday (`open`), or closed although a working
/// day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDayForm {
    pub day: String,
    /// `open` or `closed`.
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCalendarDay {
    pub day: Day,
    pub open: bool,
    pub note: Option<String>,
}

impl CalendarDayForm {
    pub fn validate(&self) -> Result<ValidCalendarDay, FieldErrors> {
        let mut errors = FieldErrors::default();
        let day = match self.day.trim() {
            "" => {
                errors.add("day", FieldProblem::Required);
                None
            }
            s => match s.parse::<Day>() {
                Ok(d) => Some(d),
                Err(()) => {
                    errors.add("day", FieldProblem::NotADate);
                    None
                }
            },
        };
        let open = match self.kind.as_str() {
            "open" => Some(true),
            "closed" => Some(false),
            _ => {
                errors.add("kind", FieldProblem::NotAChoice);
                None
            }
        };
        let note = self.note.trim();
        if note.chars().count() > NOTE_MAX {
            errors.add("note", FieldProblem::TooLong { max: NOTE_MAX });
        }
        match (day, open) {
            (Some(day), Some(open)) if errors.is_empty() => Ok(ValidCalendarDay {
                day,
                open,
                note: (!note.is_empty()).then(|| note.to_string()),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NATIONAL: &[&str] = &["CO", "ES"];

    fn form() -> CalendarForm {
        CalendarForm {
            code: "co-bog".into(),
            name: "Oficina Bogotá".into(),
            country: "co".into(),
            time_zone: "America/Bogota".into(),
            opening: "07:30".into(),
            closing: "16:30".into(),
        }
    }

    #[test]
    fn a_company_calendar_on_the_national_holidays_validates() {
        let v = form().validate(NATIONAL).unwrap();
        assert_eq!(v.code, "CO-BOG");
        assert_eq!(v.country.as_deref(), Some("CO"));
        assert_eq!((v.opening_minute, v.closing_minute), (450, 990));
        assert_eq!(time_of(v.opening_minute), "07:30");
    }

    #[test]
    fn bad_fields_are_named() {
        let e = CalendarForm {
            code: "con espacio".into(),
            country: "XX".into(),
            opening: "17:00".into(),
            closing: "08:00".into(),
            ..form()
        }
        .validate(NATIONAL)
        .unwrap_err();
        assert_eq!(e.get("code"), Some(&FieldProblem::Invalid));
        assert_eq!(e.get("country"), Some(&FieldProblem::NotAChoice));
        assert_eq!(e.get("closing"), Some(&FieldProblem::Invalid));
        assert!(e.get("opening").is_none());
        assert_eq!(minute_of("24:00"), None);
    }

    #[test]
    fn a_company_day_needs_a_date_and_a_kind() {
        let ok = CalendarDayForm {
            day: "2026-12-24".into(),
            kind: "closed".into(),
            note: " Nochebuena ".into(),
        }
        .validate()
        .unwrap();
        assert!(!ok.open);
        assert_eq!(ok.note.as_deref(), Some("Nochebuena"));
        let e = CalendarDayForm {
            day: "24/12/2026".into(),
            kind: "maybe".into(),
            note: String::new(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("day"), Some(&FieldProblem::NotADate));
        assert_eq!(e.get("kind"), Some(&FieldProblem::NotAChoice));
    }
}
