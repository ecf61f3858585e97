//! Terms as the law or a policy states them, and their one extension.

use chrono::{DateTime, Utc};

/// A term as the law or a policy states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// Ends at the closing hour of the Nth business day after the (effective) day of receipt.
    BusinessDays(u32),
    /// Counts only the working hours of business days.
    BusinessHours(u32),
    /// Counts the clock.
    Hours(u32),
    /// Ends at the end of the Nth local day after the day of receipt, counting every day.
    CalendarDays(u32),
}

impl Term {
    /// How many units the term has, whatever its unit.
    pub fn amount(self) -> u32 {
        match self {
            Term::BusinessDays(n)
            | Term::BusinessHours(n)
            | Term::Hours(n)
            | Term::CalendarDays(n) => n,
        }
    }

    fn with_amount(self, n: u32) -> Term {
        match self {
            Term::BusinessDays(_) => Term::BusinessDays(n),
            Term::BusinessHours(_) => Term::BusinessHours(n),
            Term::Hours(_) => Term::Hours(n),
            Term::CalendarDays(_) => Term::CalendarDays(n),
        }
    }

    fn same_unit(self, other: Term) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

impl From<crate::domain::sla::TermSpec> for Term {
    fn from(t: crate::domain::sla::TermSpec) -> Term {
        use crate::domain::sla::TermUnit;
        match t.unit {
            TermUnit::BusinessDays => Term::BusinessDays(t.amount),
            TermUnit::BusinessHours => Term::BusinessHours(t.amount),
            TermUnit::Hours => Term::Hours(t.amount),
            TermUnit::CalendarDays => Term::CalendarDays(t.amount),
        }
    }
}

/// Why an extension cannot be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionError {
    #[error("the term was already extended once")]
    AlreadyExtended,
    #[error("the extension must be counted in the same unit as the term")]
    DifferentUnit,
    #[error("an extension must add at least one unit")]
    Empty,
    #[error("an extension may at most double the term")]
    MoreThanDouble,
    #[error("an extension must be announced before the deadline expires")]
    AfterExpiry,
}

/// Checks an extension of `original` by `extension` announced at `announced_at` for a deadline
/// that expires at `due` (in time means at or before `due`), and returns the extended term, to be
/// counted again from the same receipt. At most once, at most doubling, only before expiry.
pub fn extend(
    original: Term,
    extension: Term,
    already_extended: bool,
    announced_at: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<Term, ExtensionError> {
    if already_extended {
        return Err(ExtensionError::AlreadyExtended);
    }
    if !original.same_unit(extension) {
        return Err(ExtensionError::DifferentUnit);
    }
    if extension.amount() == 0 {
        return Err(ExtensionError::Empty);
    }
    if extension.amount() > original.amount() {
        return Err(ExtensionError::MoreThanDouble);
    }
    if announced_at > due {
        return Err(ExtensionError::AfterExpiry);
    }
    Ok(original.with_amount(original.amount() + extension.amount()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests::at;
    use chrono::TimeDelta;

    #[test]
    fn an_extension_may_double_the_term_once_before_expiry() {
        let due = at("2026-03-24T17:00:00-05:00");
        let before = at("2026-03-20T10:00:00-05:00");
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::BusinessDays(15),
                false,
                before,
                due
            ),
            Ok(Term::BusinessDays(30))
        );
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::BusinessDays(15),
                false,
                due,
                due
            ),
            Ok(Term::BusinessDays(30))
        );
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::BusinessDays(16),
                false,
                before,
                due
            ),
            Err(ExtensionError::MoreThanDouble)
        );
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::BusinessDays(5),
                true,
                before,
                due
            ),
            Err(ExtensionError::AlreadyExtended)
        );
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::BusinessDays(5),
                false,
                due + TimeDelta::seconds(1),
                due
            ),
            Err(ExtensionError::AfterExpiry)
        );
        assert_eq!(
            extend(
                Term::BusinessDays(15),
                Term::CalendarDays(5),
                false,
                before,
                due
            ),
            Err(ExtensionError::DifferentUnit)
        );
        assert_eq!(
            extend(Term::Hours(24), Term::Hours(0), false, before, due),
            Err(ExtensionError::Empty)
        );
    }
}
