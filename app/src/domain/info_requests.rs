//! Information requests (SPEC D1-D3): whoever works a case asks anyone, inside or outside the
//! company, for information, written like an e-mail; every answer waits for the asker's
//! acceptance, and the exchange is one thread kept with the case (`seeds/003_*.txt`: "peticiones
//! de información vinculadas al expediente").
//!
//! waiting -> answered -> accepted, and from answered back to waiting when the asker returns the
//! answer with a new question. The asker may revoke a thread that is not accepted. An outsider's
//! link works while the thread is waiting or answered and the expiry has not passed.

use super::case::coded_enum;
use super::form::{FieldErrors, FieldProblem};
use super::people::Email;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// Where a thread stands.
    RequestState {
        Waiting => "waiting",
        Answered => "answered",
        Accepted => "accepted",
        Revoked => "revoked",
    }
}

impl RequestState {
    /// Whether the thread still goes on: its recipient may read it and, while it waits, answer.
    pub fn is_live(self) -> bool {
        matches!(self, RequestState::Waiting | RequestState::Answered)
    }
}

coded_enum! {
    /// A message of a thread.
    MessageKind {
        Question => "question",
        Answer => "answer",
        Returned => "returned",
    }
}

/// A step of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStep {
    /// The recipient answers.
    Answer,
    /// The asker accepts the answer: the thread is closed.
    Accept,
    /// The asker returns the answer with a new question.
    Return,
    /// The asker withdraws the request; an outsider's link stops working.
    Revoke,
}

impl RequestStep {
    pub fn target(self, from: RequestState) -> Option<RequestState> {
        use RequestState::*;
        match (self, from) {
            (RequestStep::Answer, Waiting) => Some(Answered),
            (RequestStep::Accept, Answered) => Some(Accepted),
            (RequestStep::Return, Answered) => Some(Waiting),
            (RequestStep::Revoke, Waiting | Answered) => Some(Revoked),
            _ => None,
        }
    }

    /// The audit trail's name for the step once taken.
    pub fn event(self) -> &'static str {
        match self {
            RequestStep::Answer => "info_request_answered",
            RequestStep::Accept => "info_request_accepted",
            RequestStep::Return => "info_request_returned",
            RequestStep::Revoke => "info_request_revoked",
        }
    }
}

/// Who takes a step on a thread, as far as its rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestActor {
    /// The employee it was sent to, or whoever holds the outsider's link.
    pub is_recipient: bool,
    /// The person who asked, the case's manager or a supervisor.
    pub is_asker: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestRefusal {
    NotFromThisState,
    NotYours,
    Expired,
}

/// Whether `actor` may take `step` now. An answer after the expiry is refused; the asker's steps
/// are not (they decide what to do with an expired thread).
pub fn check(
    from: RequestState,
    step: RequestStep,
    actor: RequestActor,
    expired: bool,
) -> Result<RequestState, RequestRefusal> {
    let to = step.target(from).ok_or(RequestRefusal::NotFromThisState)?;
    let allowed = match step {
        RequestStep::Answer => actor.is_recipient,
        RequestStep::Accept | RequestStep::Return | RequestStep::Revoke => actor.is_asker,
    };
    if !allowed {
        return Err(RequestRefusal::NotYours);
    }
    if step == RequestStep::Answer && expired {
        return Err(RequestRefusal::Expired);
    }
    Ok(to)
}

/// The steps `actor` may take now, in the order a page shows them.
pub fn offered(from: RequestState, actor: RequestActor, expired: bool) -> Vec<RequestStep> {
    [
        RequestStep::Answer,
        RequestStep::Accept,
        RequestStep::Return,
        RequestStep::Revoke,
    ]
    .into_iter()
    .filter(|s| check(from, *s, actor, expired).is_ok())
    .collect()
}

pub const SUBJECT_MAX: usize = 200;
pub const TEXT_MAX: usize = 5_000;
pub const NAME_MAX: usize = 200;
/// Days a link lives unless the asker says otherwise (the default).
pub const DEFAULT_EXPIRY_DAYS: i64 = 7;
pub const MAX_EXPIRY_DAYS: i64 = 90;
pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// To whom a request goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recipient {
    /// A member of staff, by id.
    Employee(i64),
    /// Someone outside the company: no account, an expiring link by e-mail.
    Outsider { email: Email, name: String },
    /// The case's customer, who answers on their case's page (SPEC D4).
    Customer,
}

/// A new request as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    /// `employee`, `outsider` or `customer`.
    pub recipient_kind: String,
    pub employee_id: String,
    pub outsider_email: String,
    pub outsider_name: String,
    /// The outsider's language code; staff read in their own.
    pub outsider_locale: String,
    pub subject: String,
    pub text: String,
    pub share_summary: bool,
    pub share_files: Vec<i64>,
    pub share_entries: Vec<i64>,
    pub expiry_days: String,
}

/// A request form that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub recipient: Recipient,
    pub subject: String,
    pub text: String,
    pub expiry_days: i64,
}

fn text(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> String {
    let t = raw.trim();
    if t.is_empty() {
        errors.add(field, FieldProblem::Required);
    } else if t.chars().count() > max {
        errors.add(field, FieldProblem::TooLong { max });
    }
    t.to_string()
}

/// The number of days a link lives, from its form field: empty means the default.
pub fn expiry_days(errors: &mut FieldErrors, raw: &str) -> i64 {
    let raw = raw.trim();
    if raw.is_empty() {
        return DEFAULT_EXPIRY_DAYS;
    }
    match raw.parse::<i64>() {
        Ok(d) if (1..=MAX_EXPIRY_DAYS).contains(&d) => d,
        Ok(_) => {
            errors.add("expiry_days", FieldProblem::Invalid);
            DEFAULT_EXPIRY_DAYS
        }
        Err(_) => {
            errors.add("expiry_days", FieldProblem::NotANumber);
            DEFAULT_EXPIRY_DAYS
        }
    }
}

impl RequestForm {
    pub fn validate(&self) -> Result<ValidRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let recipient = match self.recipient_kind.as_str() {
            "customer" => Some(Recipient::Customer),
            "outsider" => {
                let name = text(&mut errors, "outsider_name", &self.outsider_name, NAME_MAX);
                let email = if self.outsider_email.trim().is_empty() {
                    errors.add("outsider_email", FieldProblem::Required);
                    None
                } else {
                    Email::parse(&self.outsider_email)
                        .map_err(|_| errors.add("outsider_email", FieldProblem::Invalid))
                        .ok()
                };
                email.map(|email| Recipient::Outsider { email, name })
            }
            _ => match self.employee_id.trim().parse::<i64>() {
                Ok(id) => Some(Recipient::Employee(id)),
                Err(_) => {
                    errors.add("employee_id", FieldProblem::Required);
                    None
                }
            },
        };
        let subject = text(&mut errors, "subject", &self.subject, SUBJECT_MAX);
        let body = text(&mut errors, "text", &self.text, TEXT_MAX);
        let expiry_days = expiry_days(&mut errors, &self.expiry_days);
        match recipient {
            Some(recipient) if errors.is_empty() => Ok(ValidRequest {
                recipient,
                subject,
                text: body,
                expiry_days,
            }),
            _ => Err(errors),
        }
    }
}

/// The text of an answer or of a returned answer's new question.
pub fn message_text(field: &str, raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::default();
    let t = text(&mut errors, field, raw, TEXT_MAX);
    if errors.is_empty() {
        Ok(t)
    } else {
        Err(errors)
    }
}

/// Whether a thread with this expiry is past it at `now`.
pub fn is_expired(expires_at: i64, now: i64) -> bool {
    now >= expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKER: RequestActor = RequestActor {
        is_recipient: false,
        is_asker: true,
    };
    const RECIPIENT: RequestActor = RequestActor {
        is_recipient: true,
        is_asker: false,
    };

    #[test]
    fn a_thread_goes_round_until_accepted() {
        use RequestState::*;
        let answered = check(Waiting, RequestStep::Answer, RECIPIENT, false).unwrap();
        assert_eq!(answered, Answered);
        let again = check(answered, RequestStep::Return, ASKER, false).unwrap();
        assert_eq!(again, Waiting);
        assert_eq!(
            check(Answered, RequestStep::Accept, ASKER, true),
            Ok(Accepted)
        );
        assert_eq!(
            check(Accepted, RequestStep::Revoke, ASKER, false),
            Err(RequestRefusal::NotFromThisState)
        );
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        use RequestState::*;
        assert_eq!(
            check(Waiting, RequestStep::Answer, ASKER, false),
            Err(RequestRefusal::NotYours)
        );
        assert_eq!(
            check(Answered, RequestStep::Accept, RECIPIENT, false),
            Err(RequestRefusal::NotYours)
        );
        assert_eq!(
            check(Waiting, RequestStep::Answer, RECIPIENT, true),
            Err(RequestRefusal::Expired)
        );
        assert_eq!(
            offered(Answered, ASKER, false),
            vec![
                RequestStep::Accept,
                RequestStep::Return,
                RequestStep::Revoke
            ]
        );
        assert_eq!(offered(Answered, RECIPIENT, false), vec![]);
        assert_eq!(
            offered(Waiting, RECIPIENT, false),
            vec![RequestStep::Answer]
        );
    }

    #[test]
    fn an_outsider_needs_an_address_and_a_name() {
        let form = RequestForm {
            recipient_kind: "outsider".into(),
            outsider_email: "not an address".into(),
            subject: "Lote 42".into(),
            text: "¿Fecha de fabricación?".into(),
            expiry_days: "0".into(),
            ..RequestForm::default()
        };
        let errors = form.validate().unwrap_err();
        assert_eq!(errors.get("outsider_email"), Some(&FieldProblem::Invalid));
        assert_eq!(errors.get("outsider_name"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("expiry_days"), Some(&FieldProblem::Invalid));
        let ok = RequestForm {
            outsider_email: " Proveedor@Example.com ".into(),
            outsider_name: "Lácteos del Norte".into(),
            expiry_days: String::new(),
            ..form
        }
        .validate()
        .unwrap();
        assert_eq!(ok.expiry_days, DEFAULT_EXPIRY_DAYS);
        match ok.recipient {
            Recipient::Outsider { email, name } => {
                assert_eq!(email.as_str(), "proveedor@example.com");
                assert_eq!(name, "Lácteos del Norte");
            }
            other => panic!("an outsider expected, got {other:?}"),
        }
    }
}
