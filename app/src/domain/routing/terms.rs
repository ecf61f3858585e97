//! What routing knows of a customer (their tier and SLA class) and the pool rules that ask
//! for them.

use super::RouteReason;
use crate::domain::case::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// The customer's tier of service (SPEC C1, `001_*.txt`: "klient standardowy, VIP").
    CustomerTier {
        Standard => "standard",
        Vip => "vip",
    }
}

/// A contract or SLA class: a short code the company chooses (`gold`, `sla-24h`), stored in
/// lowercase so that `Gold` and `gold` are one class.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlaClass(String);

impl SlaClass {
    pub const MAX_LEN: usize = 20;

    /// `None` for anything but 1 to 20 letters, digits, `-` or `_` (surrounding blanks trimmed).
    pub fn parse(text: &str) -> Option<SlaClass> {
        let code = text.trim().to_lowercase();
        let fits = !code.is_empty()
            && code.chars().count() <= Self::MAX_LEN
            && code
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        fits.then_some(SlaClass(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SlaClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What routing knows of the customer a case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTerms {
    pub tier: CustomerTier,
    pub sla_class: Option<SlaClass>,
}

/// A customer nobody set terms for: standard, without SLA class.
impl Default for CustomerTerms {
    fn default() -> Self {
        CustomerTerms {
            tier: CustomerTier::Standard,
            sla_class: None,
        }
    }
}

/// What a pool rule asks of the customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Criterion {
    Tier(CustomerTier),
    Sla(SlaClass),
}

impl Criterion {
    /// From the stored kind (a [`RouteReason`] code) and value.
    pub fn parse(kind: &str, value: &str) -> Option<Criterion> {
        match kind.parse().ok()? {
            RouteReason::CustomerTier => value.parse().ok().map(Criterion::Tier),
            RouteReason::SlaClass => SlaClass::parse(value).map(Criterion::Sla),
            _ => None,
        }
    }

    /// The reason a case routed by this rule records.
    pub fn reason(&self) -> RouteReason {
        match self {
            Criterion::Tier(_) => RouteReason::CustomerTier,
            Criterion::Sla(_) => RouteReason::SlaClass,
        }
    }

    /// The tier or class code, as stored.
    pub fn value(&self) -> &str {
        match self {
            Criterion::Tier(t) => t.code(),
            Criterion::Sla(s) => s.as_str(),
        }
    }

    pub(super) fn applies_to(&self, customer: &CustomerTerms) -> bool {
        match self {
            Criterion::Tier(t) => *t == customer.tier,
            Criterion::Sla(s) => customer.sla_class.as_ref() == Some(s),
        }
    }
}

/// A tier or SLA class rule and the managers it may hand the case to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolRule {
    pub criterion: Criterion,
    pub candidates: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> SlaClass {
        SlaClass::parse("gold").unwrap()
    }

    #[test]
    fn sla_classes_are_short_codes_in_lowercase() {
        assert_eq!(SlaClass::parse("  Gold ").unwrap().as_str(), "gold");
        assert_eq!(SlaClass::parse("sla-24h").unwrap().as_str(), "sla-24h");
        for bad in ["", "   ", "oro y plata", "a;b", "x".repeat(21).as_str()] {
            assert_eq!(SlaClass::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_stored_criterion_reads_back_and_unknown_ones_do_not() {
        assert_eq!(
            Criterion::parse("customer_tier", "vip"),
            Some(Criterion::Tier(CustomerTier::Vip))
        );
        assert_eq!(
            Criterion::parse("sla_class", "gold"),
            Some(Criterion::Sla(gold()))
        );
        assert_eq!(Criterion::parse("customer_tier", "platinum"), None);
        assert_eq!(Criterion::parse("type_group", "vip"), None);
    }
}
