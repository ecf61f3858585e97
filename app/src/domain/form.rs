//! Field-level validation results that travel from the server to the form that caused them.
//! Messages are codes, not text, so each user reads them in their own language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    Invalid,
    EmailTaken,
    /// Another entry already has this name.
    Taken,
    WrongCredentials,
    /// The current password, asked again before a change, is not the account's.
    WrongPassword,
    /// A mailed account link that was used already, ran out or never was ours.
    LinkUsedOrExpired,
    FileTooLarge {
        max_bytes: u64,
    },
    FileTypeNotAllowed,
    TooManyFiles {
        max: usize,
    },
    NotANumber,
    NotADate,
    /// Not one of a choice field's options.
    NotAChoice,
    /// A required document has no file and was not asked of the customer.
    DocumentMissing,
    /// Routing finds nobody: no table row and no fallback manager.
    NoManager,
    /// A message template uses a placeholder its event does not offer.
    UnknownPlaceholder {
        name: String,
    },
    /// A message template has a `{{` without `}}` or a malformed name between them.
    MalformedPlaceholder,
    /// Text messages were chosen without a phone number to send them to.
    PhoneNeededForSms,
    /// Not a phone number in international form (+, country code, number).
    NotAPhone,
    /// Not the code sent to the number, or no code is live any more.
    WrongCode,
    /// The case type is not taken by this channel (SPEC A8): the ones it is, and the one to
    /// record it by instead.
    ChannelRefused {
        channel: crate::domain::case::Channel,
        allowed: Vec<crate::domain::case::Channel>,
        instead: Option<crate::domain::case::Channel>,
    },
}

/// The problems of one submitted form, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<(String, FieldProblem)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, problem: FieldProblem) {
        self.0.push((field.to_string(), problem));
    }

    pub fn get(&self, field: &str) -> Option<&FieldProblem> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, p)| p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was added, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// Trims `raw` and checks it is present and within `min..=max` characters.
pub fn text_field(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    min: usize,
    max: usize,
) -> String {
    let value = raw.trim().to_string();
    let len = value.chars().count();
    if len == 0 {
        errors.add(field, FieldProblem::Required);
    } else if len < min {
        errors.add(field, FieldProblem::TooShort { min });
    } else if len > max {
        errors.add(field, FieldProblem::TooLong { max });
    }
    value
}
