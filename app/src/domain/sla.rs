//! SLA policies (SPEC G1-G3, issue 6): how long a folder, case type and channel give for the
//! first response and for the resolution, and where a case stands against them. Pure and shared
//! with the browser; the calendar arithmetic that turns a term into an instant is server-only
//! (`domain::calendar`).

use super::case::{coded_enum, Channel};
use super::form::{FieldErrors, FieldProblem};
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
    /// As stored; [`at_risk_share`] keeps it to a usable share.
    pub at_risk_percent: i64,
}

/// How specific a policy is for a case; the most specific match applies. `None`: it does not
/// match. A type weighs more than a channel, so type and channel (3) beat type (2), type beats
/// channel (1), and channel beats the folder's (0).
pub fn specificity(
    policy_type: Option<i64>,
    policy_channel: Option<Channel>,
    case_type: Option<i64>,
    case_channel: Channel,
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

/// The policy that applies to a case of `case_type` received on `channel`: the most specific
/// one that matches; of two equally specific ones (which the unique scope of a folder's
/// policies does not allow), the older. `None` when none matches: the case gets no deadlines.
pub fn applicable<'a>(
    policies: impl IntoIterator<Item = &'a SlaPolicy>,
    case_type: Option<i64>,
    channel: Channel,
) -> Option<&'a SlaPolicy> {
    policies
        .into_iter()
        .filter_map(|p| specificity(p.case_type_id, p.channel, case_type, channel).map(|s| (s, p)))
        .max_by_key(|(score, p)| (*score, -p.id))
        .map(|(_, p)| p)
}

/// The share of the resolution term after which a case is at risk, in percent: a stored value
/// outside 1-99 is kept inside, so a case is never at risk at once nor only when overdue.
pub fn at_risk_share(percent: i64) -> i64 {
    percent.clamp(1, 99)
}

/// How much of a term of `length_ms` is used when the case turns at risk (SPEC G2), in
/// milliseconds, rounded down.
pub fn at_risk_after(length_ms: i64, percent: i64) -> i64 {
    length_ms * at_risk_share(percent) / 100
}

/// "In time" means at or before the deadline (docs/deadlines.md).
pub fn in_time(at: i64, due: i64) -> bool {
    at <= due
}

/// The priority a case at risk rises to (SPEC G2): the level above `current` in the folder's
/// priority catalog, `levels` ordered from the highest. A case without a priority counts as one
/// level below the lowest, so it gets the lowest. `None` at the top already, for a priority no
/// longer in the catalog, or for a catalog without levels.
pub fn priority_above(levels: &[i64], current: Option<i64>) -> Option<i64> {
    let position = match current {
        Some(id) => levels.iter().position(|l| *l == id)?,
        None => levels.len(),
    };
    position.checked_sub(1).and_then(|p| levels.get(p)).copied()
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
        use Channel::{Phone, Web};
        // (policy type, policy channel, case type, case channel, score)
        type Row = (
            Option<i64>,
            Option<Channel>,
            Option<i64>,
            Channel,
            Option<u8>,
        );
        let table: &[Row] = &[
            (None, None, Some(7), Web, Some(0)),
            (None, Some(Web), Some(7), Web, Some(1)),
            (Some(7), None, Some(7), Web, Some(2)),
            (Some(7), Some(Web), Some(7), Web, Some(3)),
            (Some(8), None, Some(7), Web, None),
            (None, Some(Phone), Some(7), Web, None),
            (Some(7), None, None, Web, None),
            (Some(7), Some(Phone), Some(7), Web, None),
        ];
        for &(policy_type, policy_channel, case_type, channel, score) in table {
            assert_eq!(
                specificity(policy_type, policy_channel, case_type, channel),
                score,
                "{policy_type:?} {policy_channel:?} for {case_type:?} {channel:?}"
            );
        }
    }

    fn policy(id: i64, case_type_id: Option<i64>, channel: Option<Channel>) -> SlaPolicy {
        SlaPolicy {
            id,
            case_type_id,
            channel,
            calendar_code: "CO".into(),
            first_response: TermSpec {
                amount: 3,
                unit: TermUnit::BusinessDays,
            },
            resolution: TermSpec {
                amount: 15,
                unit: TermUnit::BusinessDays,
            },
            at_risk_percent: 75,
        }
    }

    #[test]
    fn the_applicable_policy_is_type_and_channel_then_type_then_channel_then_the_folders() {
        use Channel::{Phone, Web};
        let folder = policy(1, None, None);
        let web = policy(2, None, Some(Web));
        let billing = policy(3, Some(7), None);
        let billing_web = policy(4, Some(7), Some(Web));
        let other_type = policy(5, Some(8), Some(Web));
        let all = [&folder, &web, &billing, &billing_web, &other_type];
        // (policies, case type, channel, the policy that applies)
        type Row<'a> = (&'a [&'a SlaPolicy], Option<i64>, Channel, Option<i64>);
        let table: &[Row] = &[
            (&all, Some(7), Web, Some(4)),
            (&all, Some(7), Phone, Some(3)),
            (&all, Some(9), Web, Some(2)),
            (&all, None, Web, Some(2)),
            (&all, Some(9), Phone, Some(1)),
            (&[&web, &billing], Some(9), Phone, None),
            (&[], Some(7), Web, None),
            // Listed in any order, the same one applies.
            (&[&billing_web, &folder, &billing], Some(7), Web, Some(4)),
        ];
        for &(policies, case_type, channel, expected) in table {
            let chosen = applicable(policies.iter().copied(), case_type, channel).map(|p| p.id);
            assert_eq!(chosen, expected, "type {case_type:?} on {channel:?}");
        }
    }

    #[test]
    fn of_two_equally_specific_policies_the_older_applies() {
        let (old, new) = (policy(3, None, None), policy(9, None, None));
        for list in [[&old, &new], [&new, &old]] {
            assert_eq!(applicable(list, None, Channel::Web).map(|p| p.id), Some(3));
        }
    }

    #[test]
    fn the_at_risk_share_stays_between_one_and_ninety_nine_percent() {
        const HOUR: i64 = 60 * 60 * 1000;
        // (term length, stored percent, used when at risk)
        let table = [
            // docs/deadlines.md: 60 % of 53 working hours is 31.8 hours.
            (53 * HOUR, 60, 31 * HOUR + 48 * 60 * 1000),
            (100 * HOUR, 75, 75 * HOUR),
            (100 * HOUR, 0, HOUR),
            (100 * HOUR, -5, HOUR),
            (100 * HOUR, 100, 99 * HOUR),
            (100 * HOUR, 250, 99 * HOUR),
            (0, 75, 0),
            // Rounded down to the millisecond.
            (3, 50, 1),
        ];
        for (length, percent, used) in table {
            assert_eq!(
                at_risk_after(length, percent),
                used,
                "{percent} % of {length}"
            );
        }
    }

    #[test]
    fn in_time_means_at_or_before_the_deadline() {
        for (at, due, expected) in [(99, 100, true), (100, 100, true), (101, 100, false)] {
            assert_eq!(in_time(at, due), expected, "{at} against {due}");
        }
    }

    #[test]
    fn at_risk_raises_the_priority_one_level() {
        // Alta (1) above Media (2) above Baja (3).
        let levels = [1, 2, 3];
        // (levels, current, raised to)
        let table: &[(&[i64], Option<i64>, Option<i64>)] = &[
            (&levels, Some(3), Some(2)),
            (&levels, Some(2), Some(1)),
            (&levels, Some(1), None),
            (&levels, None, Some(3)),
            (&levels, Some(99), None),
            (&[1], None, Some(1)),
            (&[1], Some(1), None),
            (&[], None, None),
        ];
        for &(levels, current, raised) in table {
            assert_eq!(
                priority_above(levels, current),
                raised,
                "{levels:?} from {current:?}"
            );
        }
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
