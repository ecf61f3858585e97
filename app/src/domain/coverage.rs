//! Coverage checks (SPEC A4, `001_*.txt`): whether the subject of a claim (a device by serial
//! number, a policy by its number) was covered on the day of the claim, from a registry the
//! admin imports as CSV.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calendar day written `YYYY-MM-DD`; that text orders like the days, so the store compares it
/// as text on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl FromStr for Day {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim();
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(());
        }
        let (year, month, day): (i32, u32, u32) = (
            y.parse().map_err(|_| ())?,
            m.parse().map_err(|_| ())?,
            d.parse().map_err(|_| ())?,
        );
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(()),
        };
        if day == 0 || day > days_in_month {
            return Err(());
        }
        Ok(Day { year, month, day })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One period during which an identifier is covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveragePeriod {
    pub identifier: String,
    pub product: String,
    pub customer: String,
    pub valid_from: Day,
    pub valid_to: Day,
}

/// What is wrong with a line of the CSV, for the admin's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    MissingIdentifier,
    BadDate { column: String },
    EndsBeforeItStarts,
    WrongColumnCount { expected: usize, found: usize },
}

/// The columns the import expects, in this order, after a header line.
pub const CSV_COLUMNS: [&str; 5] = [
    "identifier",
    "product",
    "customer",
    "valid_from",
    "valid_to",
];

/// A normalised identifier: serial and policy numbers are matched without case or spaces.
pub fn normalise_identifier(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

impl CoveragePeriod {
    pub fn from_record(fields: &[&str]) -> Result<CoveragePeriod, RowProblem> {
        if fields.len() != CSV_COLUMNS.len() {
            return Err(RowProblem::WrongColumnCount {
                expected: CSV_COLUMNS.len(),
                found: fields.len(),
            });
        }
        let identifier = normalise_identifier(fields[0]);
        if identifier.is_empty() {
            return Err(RowProblem::MissingIdentifier);
        }
        let day = |i: usize| {
            fields[i].parse::<Day>().map_err(|_| RowProblem::BadDate {
                column: CSV_COLUMNS[i].into(),
            })
        };
        let (valid_from, valid_to) = (day(3)?, day(4)?);
        if valid_to < valid_from {
            return Err(RowProblem::EndsBeforeItStarts);
        }
        Ok(CoveragePeriod {
            identifier,
            product: fields[1].trim().to_string(),
            customer: fields[2].trim().to_string(),
            valid_from,
            valid_to,
        })
    }
}

/// The answer of a coverage check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coverage {
    /// A period of the identifier includes the day of the claim.
    Covered,
    /// The identifier is known, but no period includes that day.
    NotCovered,
    /// The registry does not know the identifier.
    Unknown,
}

impl Coverage {
    /// Decides from the periods registered for one identifier.
    pub fn on(claim_day: Day, periods: &[(Day, Day)]) -> Coverage {
        if periods.is_empty() {
            Coverage::Unknown
        } else if periods
            .iter()
            .any(|(from, to)| *from <= claim_day && claim_day <= *to)
        {
            Coverage::Covered
        } else {
            Coverage::NotCovered
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Coverage::Covered => "covered",
            Coverage::NotCovered => "not_covered",
            Coverage::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Coverage> {
        [Coverage::Covered, Coverage::NotCovered, Coverage::Unknown]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn days_are_read_strictly() {
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "2026-1-1",
            "",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad} was accepted");
        }
        assert!(day("2026-01-31") < day("2026-02-01"));
    }

    #[test]
    fn claim_day_inside_a_period_is_covered_and_the_edges_count() {
        let periods = [
            (day("2024-01-01"), day("2025-12-31")),
            (day("2026-03-01"), day("2027-02-28")),
        ];
        assert_eq!(Coverage::on(day("2025-12-31"), &periods), Coverage::Covered);
        assert_eq!(Coverage::on(day("2026-03-01"), &periods), Coverage::Covered);
        assert_eq!(
            Coverage::on(day("2026-02-01"), &periods),
            Coverage::NotCovered
        );
        assert_eq!(Coverage::on(day("2026-02-01"), &[]), Coverage::Unknown);
    }

    #[test]
    fn bad_rows_say_what_is_wrong() {
        let row = |f: &[&str]| CoveragePeriod::from_record(f);
        assert_eq!(
            row(&[" sn-001 ", "Nevera", "Ana", "2026-01-01", "2027-01-01"])
                .unwrap()
                .identifier,
            "SN-001"
        );
        assert_eq!(
            row(&["", "Nevera", "Ana", "2026-01-01", "2027-01-01"]),
            Err(RowProblem::MissingIdentifier)
        );
        assert_eq!(
            row(&["SN1", "Nevera", "Ana", "2026-01-01", "mañana"]),
            Err(RowProblem::BadDate {
                column: "valid_to".into()
            })
        );
        assert_eq!(
            row(&["SN1", "Nevera", "Ana", "2027-01-01", "2026-01-01"]),
            Err(RowProblem::EndsBeforeItStarts)
        );
        assert_eq!(
            row(&["SN1", "Nevera"]),
            Err(RowProblem::WrongColumnCount {
                expected: 5,
                found: 2
            })
        );
    }
}
