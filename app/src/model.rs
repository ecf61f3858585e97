//! The shapes that travel between the server and the browser. Times arrive both raw (UTC
//! milliseconds, for sorting and paging) and already formatted in the reader's language and the
//! organisation's time zone, so the browser needs no time-zone database.

use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::domain::form::FieldErrors;
use crate::domain::people::Role;
use serde::{Deserialize, Serialize};

/// The person behind the current session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// A line of a case list (portal or desk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub number: String,
    pub subject: String,
    pub state: CaseState,
    pub channel: Channel,
    pub class: DocumentClass,
    pub customer_name: String,
    pub created_at_ms: i64,
    pub created_at: String,
}

/// One entry of a case's history (SPEC I2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    /// Field changes as (field, before, after), only for staff.
    pub changes: Vec<(String, Option<String>, Option<String>)>,
    pub note: Option<String>,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: String,
}

/// A case as its page shows it. For a customer the timeline holds only public entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub summary: CaseSummary,
    pub description: String,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub created_by: String,
    pub attachments: Vec<AttachmentInfo>,
    pub timeline: Vec<TimelineEntry>,
    /// The coverage check made at intake (staff only).
    pub claim: Option<ClaimCheck>,
    /// Business objects of other systems (staff only).
    pub links: Vec<CaseLink>,
    /// Whether this is the staff view (whole timeline, links, coverage).
    pub for_staff: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLink {
    pub kind: crate::domain::links::LinkKind,
    pub external_id: String,
    pub url: Option<String>,
}

/// SPEC A4: the claim's subject, the day of the claim and what the registry said then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCheck {
    pub identifier: String,
    pub day: String,
    pub coverage: crate::domain::coverage::Coverage,
}

/// The desk's filters (SPEC C3). `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskFilter {
    pub state: Option<CaseState>,
    pub channel: Option<Channel>,
    pub class: Option<DocumentClass>,
}

/// Where the next desk page starts: the last row seen, by (created_at, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCursor {
    pub created_at_ms: i64,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskPage {
    pub cases: Vec<CaseSummary>,
    pub next: Option<DeskCursor>,
}

/// What filing a case gave: its number, or the problems to fix in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntakeOutcome {
    Filed { number: String },
    Invalid(FieldErrors),
}

/// What signing up, logging in or creating a user gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormOutcome {
    Done { go_to: String },
    Invalid(FieldErrors),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub email: String,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderSummary {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// A catalog entry as the admin area lists it; `depth` is 1 for top-level entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntryView {
    pub id: i64,
    pub kind: crate::domain::catalog::CatalogKind,
    pub parent_id: Option<i64>,
    pub name: String,
    pub binding: Option<crate::domain::catalog::Binding>,
    pub active: bool,
    pub depth: usize,
}

/// A folder with its catalogs, each list in its order; categories depth-first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderView {
    pub id: i64,
    pub name: String,
    pub entries: Vec<CatalogEntryView>,
}

/// What a coverage import did: rows imported, and each rejected line with its problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageImport {
    pub imported: u64,
    pub problems: Vec<(u64, crate::domain::coverage::RowProblem)>,
}
