//! SLA policies (SPEC G1-G3, issue 6): how long a folder, case type and channel give for the
//! first response and for the resolution, and where a case stands against them. Pure and shared
//! with the browser; the calendar arithmetic that turns a term into an instant is server-only
//! (`domain::calendar`).

use super::case::{coded_enum, Channel};
use super::form::{FieldErrors, FieldProblem};
use super::lifecycle::Actor;
use super::people::Role;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// The unit a term is counted in.
    TermUnit {
        BusinessDays => "business_days",
        BusinessHours => "business_hours",
        Hours => "hours",
        CalendarDays => "calendar_days",
    }
}

impl TermUnit {
    /// Units that only count working time: a pause moves their deadline by the paused working
    /// time rather than by the clock.
    pub fn is_business(self) -> bool {
        matches!(self, TermUnit::BusinessDays | TermUnit::BusinessHours)
    }
}

/// The largest amount a term may have in any unit: a year of business days or hours is well past
/// any legal term, and a typo of an extra zero is caught.
pub const MAX_AMOUNT: u32 = 2000;
/// The at-risk share the form proposes (SPEC G2's example).
pub const DEFAULT_AT_RISK_PERCENT: u8 = 75;

/// A policy as the admin's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaForm {
    /// Empty for every type.
    pub case_type_id: String,
    /// Empty for every channel.
    pub channel: String,
    pub calendar_code: String,
    pub first_response_amount: String,
    pub first_response_unit: String,
    pub resolution_amount: String,
    pub resolution_unit: String,
    pub at_risk_percent: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermSpec {
    pub amount: u32,
    pub unit: TermUnit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSla {
    pub case_type_id: Option<i64>,
    pub channel: Option<Channel>,
    pub calendar_code: String,
    pub first_response: TermSpec,
    pub resolution: TermSpec,
    pub at_risk_percent: u8,
}

impl SlaForm {
    /// Checks the form. Whether the calendar and the case type exist is the server's question.
    pub fn validate(&self) -> Result<ValidSla, FieldErrors> {
        let mut errors = FieldErrors::default();
        let case_type_id = match self.case_type_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("case_type_id", FieldProblem::NotAChoice);
                    None
                }
            },
        };
        let channel = match self.channel.trim() {
            "" => None,
            s => match s.parse::<Channel>() {
                Ok(c) => Some(c),
                Err(_) => {
                    errors.add("channel", FieldProblem::NotAChoice);
                    None
                }
            },
        };
        let calendar_code = self.calendar_code.trim().to_ascii_uppercase();
        if calendar_code.is_empty() {
            errors.add("calendar_code", FieldProblem::Required);
        }
        let mut term = |amount_field: &str, unit_field: &str, amount: &str, unit: &str| {
            let amount = match amount.trim() {
                "" => {
                    errors.add(amount_field, FieldProblem::Required);
                    None
                }
                s => match s.parse::<u32>() {
                    Ok(n) if (1..=MAX_AMOUNT).contains(&n) => Some(n),
                    Ok(_) => {
                        errors.add(amount_field, FieldProblem::Invalid);
                        None
                    }
                    Err(_) => {
                        errors.add(amount_field, FieldProblem::NotANumber);
                        None
                    }
                },
            };
            let unit = match unit.parse::<TermUnit>() {
                Ok(u) => Some(u),
                Err(_) => {
                    errors.add(unit_field, FieldProblem::NotAChoice);
                    None
                }
            };
            amount
                .zip(unit)
                .map(|(amount, unit)| TermSpec { amount, unit })
        };
        let first_response = term(
            "first_response_amount",
            "first_response_unit",
            &self.first_response_amount,
            &self.first_response_unit,
        );
        let resolution = term(
            "resolution_amount",
            "resolution_unit",
            &self.resolution_amount,
            &self.resolution_unit,
        );
        let at_risk_percent = match self.at_risk_percent.trim() {
            "" => Some(DEFAULT_AT_RISK_PERCENT),
            s => match s.parse::<u8>() {
                Ok(p) if (1..=99).contains(&p) => Some(p),
                Ok(_) => {
                    errors.add("at_risk_percent", FieldProblem::Invalid);
                    None
                }
                Err(_) => {
                    errors.add("at_risk_percent", FieldProblem::NotANumber);
                    None
                }
            },
        };
        match (first_response, resolution, at_risk_percent) {
            (Some(first_response), Some(resolution), Some(at_risk_percent))
                if errors.is_empty() =>
            {
                Ok(ValidSla {
                    case_type_id,
                    channel,
                    calendar_code,
                    first_response,
                    resolution,
                    at_risk_percent,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A folder's SLA policy as stored: whom it covers (every case of the folder, one type, one
/// channel, or one type on one channel) and its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    pub id: i64,
    /// `None`: every type.
    pub case_type_id: Option<i64>,
    /// `None`: every channel.
    pub channel: Option<Channel>,
    pub calendar_code: String,
    pub first_response: TermSpec,
    pub resolution: TermSpec,
    /// As stored; the deadline math keeps it to a usable share.
    pub at_risk_percent: i64,
}

/// How specific a policy is for a case; the most specific match applies. `None`: it does not
/// match.
pub fn specificity(
    policy_type: Option<i64>,
    policy_channel: Option<&str>,
    case_type: Option<i64>,
    case_channel: &str,
) -> Option<u8> {
    let type_score = match policy_type {
        None => 0,
        Some(t) if Some(t) == case_type => 2,
        Some(_) => return None,
    };
    let channel_score = match policy_channel {
        None => 0,
        Some(c) if c == case_channel => 1,
        Some(_) => return None,
    };
    Some(type_score + channel_score)
}

/// Who may stop, start and extend a case's clock (SPEC D4): its manager and the supervisors.
pub fn may_manage_clock(actor: &Actor) -> bool {
    actor.is_case_manager || actor.role == Role::Supervisor
}

coded_enum! {
    /// Where a case's resolution deadline stands (SPEC G2, G3).
    DeadlineStanding {
        OnTime => "on_time",
        AtRisk => "at_risk",
        Overdue => "overdue",
        Paused => "paused",
        AnsweredInTime => "answered_in_time",
        AnsweredLate => "answered_late",
    }
}

/// The standing of a resolution deadline. `closed_at` is when the case was answered for good
/// (closed), if it was.
pub fn standing(
    due_at: i64,
    now: i64,
    paused: bool,
    at_risk_marked: bool,
    closed_at: Option<i64>,
) -> DeadlineStanding {
    match closed_at {
        Some(at) if at <= due_at => DeadlineStanding::AnsweredInTime,
        Some(_) => DeadlineStanding::AnsweredLate,
        None if paused => DeadlineStanding::Paused,
        None if now > due_at => DeadlineStanding::Overdue,
        None if at_risk_marked => DeadlineStanding::AtRisk,
        None => DeadlineStanding::OnTime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SlaForm {
        SlaForm {
            case_type_id: String::new(),
            channel: "web".into(),
            calendar_code: "co".into(),
            first_response_amount: "24".into(),
            first_response_unit: "hours".into(),
            resolution_amount: "15".into(),
            resolution_unit: "business_days".into(),
            at_risk_percent: String::new(),
        }
    }

    #[test]
    fn a_virtual_channel_policy_validates_with_the_default_share() {
        let v = form().validate().unwrap();
        assert_eq!(v.channel, Some(Channel::Web));
        assert_eq!(v.case_type_id, None);
        assert_eq!(v.calendar_code, "CO");
        assert_eq!(
            v.first_response,
            TermSpec {
                amount: 24,
                unit: TermUnit::Hours
            }
        );
        assert_eq!(v.resolution.unit, TermUnit::BusinessDays);
        assert_eq!(v.at_risk_percent, 75);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = SlaForm {
            case_type_id: "x".into(),
            channel: "pigeon".into(),
            calendar_code: " ".into(),
            first_response_amount: "0".into(),
            first_response_unit: "weeks".into(),
            resolution_amount: "quince".into(),
            resolution_unit: "business_days".into(),
            at_risk_percent: "100".into(),
        };
        let e = bad.validate().unwrap_err();
        for field in [
            "case_type_id",
            "channel",
            "calendar_code",
            "first_response_amount",
            "first_response_unit",
            "resolution_amount",
            "at_risk_percent",
        ] {
            assert!(e.get(field).is_some(), "{field} should have a problem");
        }
        assert!(e.get("resolution_unit").is_none());
    }

    #[test]
    fn the_most_specific_policy_wins_and_others_do_not_match() {
        let web = "web";
        assert_eq!(specificity(None, None, Some(7), web), Some(0));
        assert_eq!(specificity(None, Some("web"), Some(7), web), Some(1));
        assert_eq!(specificity(Some(7), None, Some(7), web), Some(2));
        assert_eq!(specificity(Some(7), Some("web"), Some(7), web), Some(3));
        assert_eq!(specificity(Some(8), None, Some(7), web), None);
        assert_eq!(specificity(None, Some("phone"), Some(7), web), None);
        assert_eq!(specificity(Some(7), None, None, web), None);
    }

    #[test]
    fn standing_follows_the_clock_the_pause_and_the_answer() {
        assert_eq!(
            standing(100, 50, false, false, None),
            DeadlineStanding::OnTime
        );
        assert_eq!(
            standing(100, 80, false, true, None),
            DeadlineStanding::AtRisk
        );
        assert_eq!(
            standing(100, 101, false, true, None),
            DeadlineStanding::Overdue
        );
        assert_eq!(
            standing(100, 101, true, true, None),
            DeadlineStanding::Paused
        );
        assert_eq!(
            standing(100, 200, false, true, Some(100)),
            DeadlineStanding::AnsweredInTime
        );
        assert_eq!(
            standing(100, 200, false, true, Some(101)),
            DeadlineStanding::AnsweredLate
        );
    }
}
