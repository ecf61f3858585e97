//! Who uses the product: roles and the e-mail address that names a person.

use super::case::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// What a person may do. Customers use the portal; everyone else is staff. An employee
    /// works the tasks and questions sent to them (SPEC "any employee") and nothing else.
    Role {
        Customer => "customer",
        Employee => "employee",
        Agent => "agent",
        Manager => "manager",
        Supervisor => "supervisor",
        Admin => "admin",
    }
}

impl Role {
    pub fn is_staff(self) -> bool {
        self != Role::Customer
    }
}

/// A lower-cased e-mail address with one `@`, a dotted domain and nothing a mail header would
/// choke on. Deliverability is proven by mail, not by this check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err("missing @");
        };
        let ok = !local.is_empty()
            && local.len() <= 64
            && domain.len() <= 255
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !s.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
            });
        if ok {
            Ok(Self(s))
        } else {
            Err("malformed")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shortest password we accept. Length beats composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_LEN: usize = 10;

/// How long a login lasts at most, used or not (its absolute limit), in days.
pub const SESSION_DAYS: i64 = 14;
/// A session not used for this many hours has ended (its idle limit).
pub const SESSION_IDLE_HOURS: i64 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ana.Perez@Example.COM ").unwrap().as_str(),
            "ana.perez@example.com"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.co",
            "ana@localhost",
            "a b@x.co",
            "ana@x.co>",
            "a@b@c.co",
            "ana@.co",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn only_customers_are_not_staff() {
        assert!(!Role::Customer.is_staff());
        assert!(Role::ALL.iter().filter(|r| r.is_staff()).count() == 5);
    }
}
