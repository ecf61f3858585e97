//! What pages show of decisions, approvals and letters (SPEC E1-E4), and the admin screens'
//! settings of them.

use crate::domain::decisions::{DecidedBy, DecisionState, LetterState, Money, ResolutionChoice};
use serde::{Deserialize, Serialize};

/// A case's decisions as staff who see it whole read them, with the form when they may decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionPanel {
    pub decisions: Vec<DecisionView>,
    /// `None` when the viewer may not decide now.
    pub form: Option<DecisionFormView>,
    /// A decision waits for approval: nobody decides again until it is settled.
    pub waiting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFormView {
    pub resolutions: Vec<ResolutionChoice>,
    /// Currencies offered for an amount: those with a threshold for the type, then the usual.
    pub currencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub id: i64,
    pub resolution: String,
    /// The page writes it in the reader's language (`Money::format`).
    pub amount: Option<Money>,
    pub reasoning: String,
    pub decider: String,
    pub state: DecisionState,
    pub decided_at: String,
    pub approver: Option<String>,
    pub approval_comment: Option<String>,
    pub letters: Vec<LetterView>,
    /// Whether the viewer may have its letter made again and send a version.
    pub may_redo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterView {
    pub id: i64,
    pub version: i64,
    pub state: LetterState,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The PDF, at `/files/{id}`, once made.
    pub attachment_id: Option<i64>,
}

/// A letter sent to the customer, as their portal lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicLetter {
    pub attachment_id: i64,
    pub file_name: String,
    pub sent_at: String,
}

/// A decision waiting for the viewer's approval, on their desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalItem {
    pub id: i64,
    pub case_number: String,
    pub case_subject: String,
    pub resolution: String,
    pub amount: Option<Money>,
    pub reasoning: String,
    pub decider: String,
    /// `YYYY-MM-DD HH:MM` in the organisation's zone.
    pub decided_at: String,
}

/// A case type's settings for decisions, channels and letters (`/admin/types/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDecisionSetup {
    pub type_id: i64,
    pub folder_id: i64,
    pub resolutions: Vec<ResolutionSetup>,
    /// As `1000.00 EUR`.
    pub thresholds: Vec<(String, String)>,
    pub always_approve: bool,
    /// A9: customers may file it from the portal as a request.
    pub filed_by_customers: bool,
    pub allowed_channels: Vec<crate::domain::case::Channel>,
    pub channel_instead: Option<crate::domain::case::Channel>,
    /// Who may be named to approve besides supervisors: (id, name).
    pub approver_choices: Vec<(i64, String)>,
    pub approver: Option<i64>,
    /// (resolution id, locale code) pairs that have a template of their own.
    pub templates: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionSetup {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub carries_amount: bool,
    pub decided_by: DecidedBy,
    /// Whether it is offered on this type.
    pub fits: bool,
    /// Bound to no type: offered on every type of the folder.
    pub fits_all: bool,
}

/// One letter template as the editor shows it: the administrators' or the built-in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterTemplateView {
    pub subject: String,
    pub body: String,
    pub own: bool,
}

/// The company's letterhead as the admin area edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyView {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub has_logo: bool,
}

/// A preview: the PDF as base64 for a `data:` URL, or the template's problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LetterPreview {
    Pdf(String),
    Invalid(crate::domain::form::FieldErrors),
}
