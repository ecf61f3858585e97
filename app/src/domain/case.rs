//! What a case is: its readable number, its state, the channel it came by and its document class.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The number a customer reads on the phone: the year it was filed and a sequence within that
/// year, e.g. `2026-000123`. Parsing is the only way to build one from text, so a `CaseNumber`
/// is always well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseNumber {
    pub year: i32,
    pub seq: i64,
}

impl CaseNumber {
    pub fn new(year: i32, seq: i64) -> Self {
        Self { year, seq }
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.seq)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a case number: {0:?}")]
pub struct BadCaseNumber(pub String);

impl FromStr for CaseNumber {
    type Err = BadCaseNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCaseNumber(s.to_string());
        let (year, seq) = s.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || seq.len() < 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(Self { year, seq })
    }
}

/// Declares a closed set of values stored and sent as stable lowercase codes.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($code => Ok($name::$variant),)+ other => Err(format!("unknown {}: {other}", stringify!($name))) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// The life cycle of SPEC C4. Transitions arrive with the workflow; intake creates open cases.
    CaseState {
        Draft => "draft",
        Open => "open",
        InProgress => "in_progress",
        PendingClosure => "pending_closure",
        Closed => "closed",
    }
}

impl CaseState {
    /// States that still wait for someone's work: what the desk lists.
    pub const OPEN_WORK: &'static [CaseState] = &[
        CaseState::Open,
        CaseState::InProgress,
        CaseState::PendingClosure,
    ];

    pub fn is_open_work(self) -> bool {
        Self::OPEN_WORK.contains(&self)
    }
}

coded_enum! {
    /// How a case reached the company (SPEC A1).
    Channel {
        Web => "web",
        Phone => "phone",
        Email => "email",
        Chat => "chat",
        WhatsApp => "whatsapp",
        SocialMedia => "social_media",
        InPerson => "in_person",
        Letter => "letter",
        Regulator => "regulator",
    }
}

impl Channel {
    /// The channels an agent records on a customer's behalf: every one but the portal's own.
    pub fn recorded_by_agents() -> impl Iterator<Item = Channel> {
        Self::ALL.iter().copied().filter(|c| *c != Channel::Web)
    }
}

coded_enum! {
    /// The document class of SPEC A5: what the customer says they are filing.
    DocumentClass {
        Complaint => "complaint",
        Claim => "claim",
        Request => "request",
        Incident => "incident",
        Question => "question",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_number_reads_back_what_it_prints() {
        let n = CaseNumber::new(2026, 123);
        assert_eq!(n.to_string(), "2026-000123");
        assert_eq!("2026-000123".parse::<CaseNumber>().unwrap(), n);
        assert_eq!("2026-1234567".parse::<CaseNumber>().unwrap().seq, 1_234_567);
    }

    #[test]
    fn malformed_case_numbers_are_refused() {
        for bad in [
            "",
            "2026",
            "2026-12",
            "26-000001",
            "2026-00012a",
            "2026-000000",
            "../etc",
        ] {
            assert!(bad.parse::<CaseNumber>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(c.code().parse::<Channel>().unwrap(), *c);
        }
        for s in CaseState::ALL {
            assert_eq!(s.code().parse::<CaseState>().unwrap(), *s);
        }
        assert!(!Channel::recorded_by_agents().any(|c| c == Channel::Web));
    }
}
