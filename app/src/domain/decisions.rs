//! Decisions on cases and the letters that tell them (SPEC E1-E4; `seeds/001_*.txt`): the
//! manager chooses a resolution that fits the case type and their role, with an amount when the
//! resolution carries one and their reasoning; above the type's threshold for the amount's
//! currency, or always for a request that changes a contract's terms (A9), the decision waits
//! for a supervisor's or the folder's named approver's approval. Money is kept in minor units
//! (integers), never in floating point.

use super::case::{coded_enum, Channel};
use super::fields::parse_decimal;
use super::form::{text_field, FieldErrors, FieldProblem};
use super::people::Role;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// Where a decision stands.
    DecisionState {
        // Waiting for approval (SPEC E2).
        Pending => "pending",
        // Taken: below the threshold at once, or approved.
        Effective => "effective",
        // The approver refused it; it has no letter.
        Rejected => "rejected",
    }
}

coded_enum! {
    /// The lowest role that may choose a resolution ("the decider's permissions", SPEC E1).
    DecidedBy {
        // Whoever decides on the case: its manager or a supervisor.
        Manager => "manager",
        // Supervisors only.
        Supervisor => "supervisor",
    }
}

impl DecidedBy {
    pub fn allows(self, role: Role) -> bool {
        match self {
            DecidedBy::Manager => true,
            DecidedBy::Supervisor => matches!(role, Role::Supervisor | Role::Admin),
        }
    }
}

coded_enum! {
    /// A version of a decision's letter.
    LetterState {
        // Waiting for the background queue to make its PDF.
        Queued => "queued",
        // Made and kept with the case, not sent.
        Ready => "ready",
        // Sent to the customer; it never changes again.
        Sent => "sent",
        // The background queue gave up making it (its template cannot be set); a new version
        // is made with "make it again".
        Failed => "failed",
    }
}

/// A currency as its ISO 4217 code: three capital letters.
pub fn currency_code(raw: &str) -> Option<String> {
    let c = raw.trim().to_ascii_uppercase();
    (c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

/// The decimals of a currency's minor unit (ISO 4217): none for the few without cents.
pub fn minor_digits(currency: &str) -> usize {
    match currency {
        "JPY" | "KRW" | "CLP" | "ISK" | "VND" | "PYG" | "UGX" => 0,
        _ => 2,
    }
}

/// An exact amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// In minor units (cents, grosze).
    pub minor: i64,
    pub currency: String,
}

impl Money {
    /// An amount as typed (`1234.56` or `1234,56`, no thousands separators), positive, with no
    /// more decimals than the currency has.
    pub fn parse(raw: &str, currency: &str) -> Result<Money, FieldProblem> {
        let currency = currency_code(currency).ok_or(FieldProblem::Invalid)?;
        let minor = parse_decimal(raw)
            .and_then(|d| d.in_units(minor_digits(&currency)))
            .ok_or(FieldProblem::NotANumber)?;
        if minor <= 0 {
            return Err(FieldProblem::Invalid);
        }
        Ok(Money { minor, currency })
    }

    /// The amount as a letter in `locale` writes it: `12.345,67 €`, `12 345,67 zł`,
    /// `€12,345.67`. Spanish and Polish group thousands only from five digits on (CLDR's
    /// minimum grouping), Polish with a no-break space.
    pub fn format(&self, locale: Locale) -> String {
        let digits = minor_digits(&self.currency);
        let scale = 10i64.pow(digits as u32);
        let (whole, fraction) = (self.minor.abs() / scale, self.minor.abs() % scale);
        let (group, mark, min_group) = match locale {
            Locale::Es => (".", ",", 5),
            Locale::Pl => ("\u{a0}", ",", 5),
            Locale::En => (",", ".", 4),
        };
        let whole = whole.to_string();
        let grouped = if whole.len() >= min_group {
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    out.push_str(group);
                }
                out.push(c);
            }
            out
        } else {
            whole
        };
        let number = if digits > 0 {
            format!("{grouped}{mark}{fraction:0digits$}")
        } else {
            grouped
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = match self.currency.as_str() {
            "EUR" => Some("€"),
            "PLN" => Some("zł"),
            "USD" => Some("US$"),
            "GBP" => Some("£"),
            _ => None,
        };
        match (locale, symbol) {
            (Locale::En, Some(s)) => format!("{sign}{s}{number}"),
            (Locale::En, None) => format!("{sign}{} {number}", self.currency),
            (_, s) => format!("{sign}{number}\u{a0}{}", s.unwrap_or(&self.currency)),
        }
    }
}

/// A type's approval threshold in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub currency: String,
    pub minor: i64,
}

/// SPEC E2, A9: whether a decision waits for approval. Every decision on a type marked
/// `always` does; one with an amount does above the type's threshold in its currency, and also
/// when the type has no threshold in that currency (nobody set a limit up to which deciders may
/// commit the company in it). A decision without an amount takes effect at once.
pub fn needs_approval(amount: Option<&Money>, thresholds: &[Threshold], always: bool) -> bool {
    if always {
        return true;
    }
    match amount {
        None => false,
        Some(m) => match thresholds.iter().find(|t| t.currency == m.currency) {
            Some(t) => m.minor > t.minor,
            None => true,
        },
    }
}

/// Whether someone may approve or reject a decision: supervisors and the folder's named
/// approver, never the one who decided (four eyes).
pub fn may_approve(id: i64, role: Role, folder_approver: Option<i64>, decided_by: i64) -> bool {
    id != decided_by && (role == Role::Supervisor || folder_approver == Some(id))
}

/// A resolution the decision form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionChoice {
    pub id: i64,
    pub name: String,
    pub carries_amount: bool,
}

pub const REASONING_MAX: usize = 4_000;
pub const COMMENT_MAX: usize = 2_000;

/// A decision as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    pub resolution_id: String,
    pub amount: String,
    pub currency: String,
    pub reasoning: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub resolution: ResolutionChoice,
    pub amount: Option<Money>,
    pub reasoning: String,
}

impl DecisionForm {
    /// Checks the form against the resolutions offered to this decider on this case.
    pub fn validate(&self, offered: &[ResolutionChoice]) -> Result<ValidDecision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reasoning = text_field(&mut errors, "reasoning", &self.reasoning, 10, REASONING_MAX);
        let resolution = match self.resolution_id.trim().parse::<i64>() {
            Ok(id) => match offered.iter().find(|r| r.id == id) {
                Some(r) => Some(r.clone()),
                None => {
                    errors.add("resolution_id", FieldProblem::NotAChoice);
                    None
                }
            },
            Err(_) => {
                errors.add("resolution_id", FieldProblem::Required);
                None
            }
        };
        let amount = match &resolution {
            Some(r) if r.carries_amount => {
                if self.amount.trim().is_empty() {
                    errors.add("amount", FieldProblem::Required);
                    None
                } else {
                    match Money::parse(&self.amount, &self.currency) {
                        Ok(m) => Some(m),
                        Err(FieldProblem::Invalid) if currency_code(&self.currency).is_none() => {
                            errors.add("currency", FieldProblem::Invalid);
                            None
                        }
                        Err(p) => {
                            errors.add("amount", p);
                            None
                        }
                    }
                }
            }
            _ => None,
        };
        match resolution {
            Some(resolution) if errors.is_empty() => Ok(ValidDecision {
                resolution,
                amount,
                reasoning,
            }),
            _ => Err(errors),
        }
    }
}

/// The placeholders a letter template may use (SPEC E4).
pub const LETTER_PLACEHOLDERS: &[&str] = &[
    "customer_name",
    "case_number",
    "case_subject",
    "filed_on",
    "decided_on",
    "resolution",
    "amount",
    "reasoning",
    "decider_name",
    "today",
];

pub const LETTER_SUBJECT_MAX: usize = 200;
pub const LETTER_BODY_MAX: usize = 20_000;

/// A letter template as the administrator typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterTemplate {
    pub subject: String,
    pub body: String,
}

impl LetterTemplate {
    /// Present, within bounds, and using only [`LETTER_PLACEHOLDERS`]: the first unknown one is
    /// named.
    pub fn validate(subject: &str, body: &str) -> Result<LetterTemplate, FieldErrors> {
        let mut errors = FieldErrors::default();
        let subject = text_field(&mut errors, "subject", subject, 1, LETTER_SUBJECT_MAX);
        let body = text_field(&mut errors, "body", body, 1, LETTER_BODY_MAX);
        for (field, text) in [("subject", &subject), ("body", &body)] {
            if let Err(p) = super::messages::check(text, LETTER_PLACEHOLDERS) {
                errors.add(field, placeholder_problem(p));
            }
        }
        errors.into_result(LetterTemplate { subject, body })
    }

    /// The built-in letter of a language, with or without an amount.
    pub fn default_for(locale: Locale, with_amount: bool) -> LetterTemplate {
        let (subject, body) = match (locale, with_amount) {
            (Locale::Es, true) => (
                "Resolución de su caso {{case_number}}",
                "Estimado/a {{customer_name}}:\n\nHemos analizado su caso {{case_number}} («{{case_subject}}»), presentado el {{filed_on}}, y el {{decided_on}} hemos resuelto: {{resolution}}, por un importe de {{amount}}.\n\n{{reasoning}}\n\nQuedamos a su disposición para cualquier aclaración.\n\nAtentamente,\n{{decider_name}}",
            ),
            (Locale::Es, false) => (
                "Resolución de su caso {{case_number}}",
                "Estimado/a {{customer_name}}:\n\nHemos analizado su caso {{case_number}} («{{case_subject}}»), presentado el {{filed_on}}, y el {{decided_on}} hemos resuelto: {{resolution}}.\n\n{{reasoning}}\n\nQuedamos a su disposición para cualquier aclaración.\n\nAtentamente,\n{{decider_name}}",
            ),
            (Locale::En, true) => (
                "Decision on your case {{case_number}}",
                "Dear {{customer_name}},\n\nWe have reviewed your case {{case_number}} (\"{{case_subject}}\"), filed on {{filed_on}}, and on {{decided_on}} we decided: {{resolution}}, for an amount of {{amount}}.\n\n{{reasoning}}\n\nPlease contact us if anything is unclear.\n\nYours sincerely,\n{{decider_name}}",
            ),
            (Locale::En, false) => (
                "Decision on your case {{case_number}}",
                "Dear {{customer_name}},\n\nWe have reviewed your case {{case_number}} (\"{{case_subject}}\"), filed on {{filed_on}}, and on {{decided_on}} we decided: {{resolution}}.\n\n{{reasoning}}\n\nPlease contact us if anything is unclear.\n\nYours sincerely,\n{{decider_name}}",
            ),
            (Locale::Pl, true) => (
                "Rozstrzygnięcie sprawy {{case_number}}",
                "Szanowna Pani / Szanowny Panie {{customer_name}},\n\nrozpatrzyliśmy Pani/Pana sprawę {{case_number}} („{{case_subject}}”), zgłoszoną {{filed_on}}, i w dniu {{decided_on}} podjęliśmy decyzję: {{resolution}}, na kwotę {{amount}}.\n\n{{reasoning}}\n\nW razie pytań pozostajemy do dyspozycji.\n\nZ poważaniem\n{{decider_name}}",
            ),
            (Locale::Pl, false) => (
                "Rozstrzygnięcie sprawy {{case_number}}",
                "Szanowna Pani / Szanowny Panie {{customer_name}},\n\nrozpatrzyliśmy Pani/Pana sprawę {{case_number}} („{{case_subject}}”), zgłoszoną {{filed_on}}, i w dniu {{decided_on}} podjęliśmy decyzję: {{resolution}}.\n\n{{reasoning}}\n\nW razie pytań pozostajemy do dyspozycji.\n\nZ poważaniem\n{{decider_name}}",
            ),
        };
        LetterTemplate {
            subject: subject.into(),
            body: body.into(),
        }
    }
}

fn placeholder_problem(p: super::messages::TemplateProblem) -> FieldProblem {
    match p {
        super::messages::TemplateProblem::Unknown(name) => {
            FieldProblem::UnknownPlaceholder { name }
        }
        super::messages::TemplateProblem::Malformed => FieldProblem::MalformedPlaceholder,
    }
}

/// The channels a case type may be opened from (SPEC A8; `seeds/004_*.txt`: a collection
/// dispute comes by phone, e-mail or social media, not in person, and then by e-mail instead).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningChannels {
    /// Empty: any channel.
    pub allowed: Vec<Channel>,
    /// The channel to record the case by instead of a refused one.
    pub instead: Option<Channel>,
}

impl OpeningChannels {
    /// From the stored comma-separated codes; unknown codes are skipped.
    pub fn from_stored(allowed: Option<&str>, instead: Option<&str>) -> OpeningChannels {
        OpeningChannels {
            allowed: allowed
                .unwrap_or_default()
                .split(',')
                .filter_map(|c| c.trim().parse().ok())
                .collect(),
            instead: instead.and_then(|c| c.parse().ok()),
        }
    }

    pub fn stored(&self) -> Option<String> {
        (!self.allowed.is_empty()).then(|| {
            self.allowed
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(",")
        })
    }

    pub fn allows(&self, channel: Channel) -> bool {
        self.allowed.is_empty() || self.allowed.contains(&channel)
    }
}

/// A case type's settings for decisions, as the admin screen sends them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedThreshold(pub Threshold);

impl FromStr for ParsedThreshold {
    type Err = FieldProblem;

    /// `1000.00 EUR`: an amount and a currency.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (amount, currency) = s.trim().rsplit_once(' ').ok_or(FieldProblem::Invalid)?;
        let m = Money::parse(amount, currency)?;
        Ok(ParsedThreshold(Threshold {
            currency: m.currency,
            minor: m.minor,
        }))
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = Money {
            minor: self.minor,
            currency: self.currency.clone(),
        };
        f.write_str(&m.format(Locale::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(minor: i64, currency: &str) -> Money {
        Money {
            minor,
            currency: currency.into(),
        }
    }

    #[test]
    fn amounts_are_exact_minor_units() {
        assert_eq!(Money::parse("1234,56", "eur"), Ok(money(123_456, "EUR")));
        assert_eq!(Money::parse("0.1", "PLN"), Ok(money(10, "PLN")));
        assert_eq!(Money::parse("1500", "JPY"), Ok(money(1500, "JPY")));
        assert_eq!(Money::parse("1.005", "EUR"), Err(FieldProblem::NotANumber));
        assert_eq!(Money::parse("12.5", "JPY"), Err(FieldProblem::NotANumber));
        assert_eq!(Money::parse("0", "EUR"), Err(FieldProblem::Invalid));
        assert_eq!(Money::parse("10", "euro"), Err(FieldProblem::Invalid));
    }

    #[test]
    fn a_letter_writes_the_amount_as_its_language_does() {
        assert_eq!(money(123_456, "EUR").format(Locale::Es), "1234,56\u{a0}€");
        assert_eq!(
            money(1_234_567, "EUR").format(Locale::Es),
            "12.345,67\u{a0}€"
        );
        assert_eq!(
            money(1_234_567, "PLN").format(Locale::Pl),
            "12\u{a0}345,67\u{a0}zł"
        );
        assert_eq!(
            money(123_456_789, "USD").format(Locale::En),
            "US$1,234,567.89"
        );
        assert_eq!(money(5, "COP").format(Locale::En), "COP 0.05");
        assert_eq!(money(700_000, "CLP").format(Locale::Es), "700.000\u{a0}CLP");
    }

    #[test]
    fn approval_above_the_threshold_of_the_amounts_currency() {
        let t = [Threshold {
            currency: "EUR".into(),
            minor: 50_000,
        }];
        assert!(!needs_approval(Some(&money(50_000, "EUR")), &t, false));
        assert!(needs_approval(Some(&money(50_001, "EUR")), &t, false));
        // No limit set in zloty: nobody may commit the company in it alone.
        assert!(needs_approval(Some(&money(100, "PLN")), &t, false));
        assert!(!needs_approval(None, &t, false));
        assert!(needs_approval(None, &[], true));
    }

    #[test]
    fn nobody_approves_their_own_decision() {
        assert!(may_approve(2, Role::Supervisor, None, 1));
        assert!(!may_approve(2, Role::Supervisor, None, 2));
        assert!(may_approve(3, Role::Manager, Some(3), 1));
        assert!(!may_approve(3, Role::Manager, Some(4), 1));
        assert!(!DecidedBy::Supervisor.allows(Role::Manager));
        assert!(DecidedBy::Manager.allows(Role::Manager));
    }

    #[test]
    fn the_form_needs_an_offered_resolution_and_an_amount_when_it_carries_one() {
        let offered = [
            ResolutionChoice {
                id: 7,
                name: "Reembolso".into(),
                carries_amount: true,
            },
            ResolutionChoice {
                id: 8,
                name: "Rechazo".into(),
                carries_amount: false,
            },
        ];
        let form = |id: &str, amount: &str| DecisionForm {
            resolution_id: id.into(),
            amount: amount.into(),
            currency: "EUR".into(),
            reasoning: "La factura demuestra el cobro duplicado.".into(),
        };
        assert_eq!(
            form("9", "")
                .validate(&offered)
                .unwrap_err()
                .get("resolution_id"),
            Some(&FieldProblem::NotAChoice)
        );
        assert_eq!(
            form("7", "").validate(&offered).unwrap_err().get("amount"),
            Some(&FieldProblem::Required)
        );
        let ok = form("7", "99,90").validate(&offered).unwrap();
        assert_eq!(ok.amount, Some(money(9_990, "EUR")));
        assert_eq!(form("8", "99").validate(&offered).unwrap().amount, None);
    }

    #[test]
    fn a_template_with_an_unknown_placeholder_is_refused_by_name() {
        let e = LetterTemplate::validate("Caso {{case_number}}", "Hola {{cliente}}").unwrap_err();
        assert_eq!(
            e.get("body"),
            Some(&FieldProblem::UnknownPlaceholder {
                name: "cliente".into()
            })
        );
        for l in Locale::ALL {
            for amount in [true, false] {
                let d = LetterTemplate::default_for(l, amount);
                assert!(LetterTemplate::validate(&d.subject, &d.body).is_ok());
                assert_eq!(d.body.contains("{{amount}}"), amount);
            }
        }
    }

    #[test]
    fn channel_rules_name_what_is_allowed() {
        let rule = OpeningChannels::from_stored(Some("phone,email,social_media"), Some("email"));
        assert!(rule.allows(Channel::Phone));
        assert!(!rule.allows(Channel::InPerson));
        assert_eq!(rule.instead, Some(Channel::Email));
        assert!(OpeningChannels::default().allows(Channel::InPerson));
        assert_eq!(rule.stored().as_deref(), Some("phone,email,social_media"));
    }
}
