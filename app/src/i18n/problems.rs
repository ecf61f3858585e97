//! What is wrong with a form field or an imported row, in the reader's language.

use super::Texts;
use crate::domain::coverage::RowProblem;
use crate::domain::form::FieldProblem;

impl Texts {
    pub fn row_problem(&self, p: &RowProblem) -> String {
        match p {
            RowProblem::MissingIdentifier => self.rp_missing_identifier.to_string(),
            RowProblem::BadDate { column } => format!("{} {column}", self.rp_bad_date),
            RowProblem::EndsBeforeItStarts => self.rp_ends_before.to_string(),
            RowProblem::WrongColumnCount { .. } => self.rp_wrong_columns.to_string(),
        }
    }

    pub fn problem(&self, p: &FieldProblem) -> String {
        match p {
            FieldProblem::Required => self.fe_required.to_string(),
            FieldProblem::TooShort { min } => format!("{} {min}", self.fe_too_short),
            FieldProblem::TooLong { max } => format!("{} {max}", self.fe_too_long),
            FieldProblem::Invalid => self.fe_invalid.to_string(),
            FieldProblem::EmailTaken => self.fe_email_taken.to_string(),
            FieldProblem::Taken => self.fe_taken.to_string(),
            FieldProblem::WrongCredentials => self.fe_wrong_credentials.to_string(),
            FieldProblem::WrongPassword => {
                self.locale().security_texts().wrong_password.to_string()
            }
            FieldProblem::LinkUsedOrExpired => self
                .locale()
                .recovery_texts()
                .link_used_or_expired
                .to_string(),
            FieldProblem::FileTooLarge { max_bytes } => {
                format!("{} {}", self.fe_file_too_large, max_bytes / (1024 * 1024))
            }
            FieldProblem::FileTypeNotAllowed => self.fe_file_type.to_string(),
            FieldProblem::TooManyFiles { max } => format!("{} {max}", self.fe_too_many_files),
            FieldProblem::NotANumber => self.fe_not_a_number.to_string(),
            FieldProblem::NotADate => self.fe_not_a_date.to_string(),
            FieldProblem::NotAChoice => self.fe_not_a_choice.to_string(),
            FieldProblem::DocumentMissing => self.fe_document_missing.to_string(),
            FieldProblem::NoManager => self.fe_no_manager.to_string(),
            FieldProblem::UnknownPlaceholder { name } => {
                format!("{} {{{{{name}}}}}.", self.fe_unknown_placeholder)
            }
            FieldProblem::MalformedPlaceholder => self.fe_malformed_placeholder.to_string(),
            FieldProblem::ChannelRefused {
                channel,
                allowed,
                instead,
            } => {
                let d = self.decision_texts();
                let mut text = format!("{} «{}»", d.channel_refused, self.channel(*channel));
                if let Some(c) = instead {
                    text.push_str(&format!(
                        ": {} «{}»",
                        d.channel_use_instead,
                        self.channel(*c)
                    ));
                }
                let names: Vec<&str> = allowed.iter().map(|c| self.channel(*c)).collect();
                format!("{text}. {} {}.", d.channel_allowed_are, names.join(", "))
            }
            FieldProblem::PhoneNeededForSms => self.fe_phone_needed_for_sms.to_string(),
            FieldProblem::NotAPhone => self.fe_not_a_phone.to_string(),
            FieldProblem::WrongCode => self.locale().recovery_texts().wrong_code.to_string(),
        }
    }
}
