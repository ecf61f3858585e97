//! The shapes that travel between the server and the browser. Times arrive both raw (UTC
//! milliseconds, for sorting and paging) and already formatted in the reader's language and the
//! organisation's time zone, so the browser needs no time-zone database.

use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::domain::form::FieldErrors;
use crate::domain::people::Role;
use serde::{Deserialize, Serialize};

mod account;
mod analysis;
mod decisions;
mod info_requests;
pub use account::*;
pub use analysis::*;
pub use decisions::*;
pub use info_requests::*;

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
    /// The manager the case was handed to, once opened. Staff only: never sent to customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_name: Option<String>,
    /// 0 when not escalated (SPEC C7). Staff only: customers' lists leave it at 0, which is not
    /// sent.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub escalation_level: i64,
    pub created_at_ms: i64,
    pub created_at: String,
    /// The resolution deadline (SPEC G3) and where an open case stands against it.
    pub resolution_due: Option<String>,
    pub deadline_standing: Option<crate::domain::sla::DeadlineStanding>,
}

/// A message sent (or waiting to be sent) about a case, as staff see it (issue 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    /// What it tells of, as a stable code (`case_acknowledged`, `task_assigned` ...).
    pub event: String,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    /// When it was sent, else when it was queued, as people read it.
    pub at: String,
    pub last_error: Option<String>,
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

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A case's page: what staff see, or the customer's public projection. Two types rather than
/// one with blanks, so that nothing staff-only can reach a customer's browser, even hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CasePage {
    Staff(Box<CaseView>),
    Customer(Box<PublicCaseView>),
}

/// SPEC I1: the customer's own case: its state and dates, what they sent, the public history,
/// the documents asked of them and the deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCaseView {
    pub summary: CaseSummary,
    pub description: String,
    pub attachments: Vec<AttachmentInfo>,
    /// Public entries only, without field details.
    pub timeline: Vec<TimelineEntry>,
    pub requests: Vec<DocumentRequestView>,
    pub deadlines: Option<DeadlinesView>,
    /// Information requests sent to the customer (SPEC D4), and none other.
    pub asked_of_you: Vec<RequestView>,
}

/// A case as staff see it: whole, or (`whole` false) the parts an employee's task or question
/// on it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub summary: CaseSummary,
    pub description: String,
    /// Only for those who see the case whole.
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    pub created_by: String,
    pub attachments: Vec<AttachmentInfo>,
    pub timeline: Vec<TimelineEntry>,
    /// The coverage check made at intake (staff only).
    pub claim: Option<ClaimCheck>,
    /// Business objects of other systems (staff only).
    pub links: Vec<CaseLink>,
    /// Whether the reader sees the case whole (timeline, links, coverage, contact, all work).
    pub whole: bool,
    /// The messages sent about the case with their status (staff only).
    pub messages: Vec<MessageView>,
    /// The case's classification and hand-over (SPEC A2, B3).
    pub setup: CaseSetup,
    /// Extra field values as stored, with the labels they had then (SPEC B2).
    pub values: Vec<FieldValueView>,
    /// The required documents of the case's type and where each stands (SPEC A7).
    pub checklist: Vec<ChecklistItem>,
    /// Documents asked of the customer.
    pub requests: Vec<DocumentRequestView>,
    /// For a draft seen by staff: what its editor offers.
    pub draft: Option<DraftView>,
    /// The life-cycle steps the viewer may take now (SPEC C4).
    pub steps: Vec<crate::domain::lifecycle::CaseStep>,
    /// Whom the viewer may hand the case to (SPEC C2); empty when they may not.
    pub reassign_to: Vec<Choice>,
    /// The qualification form, when the viewer may qualify the case.
    pub qualify: Option<QualifyView>,
    /// Whether the viewer may escalate the case by hand now.
    pub may_escalate: bool,
    /// The case's tasks (SPEC C6), staff only.
    pub tasks: Vec<TaskView>,
    /// Whom the viewer may give a task to; empty when they may not give tasks on this case.
    pub assign_task_to: Vec<Choice>,
    /// The case's information requests (SPEC D1-D3), staff who see the case whole only.
    pub info_requests: Vec<RequestView>,
    /// The form to ask for information, when the viewer may.
    pub ask: Option<AskView>,
    /// The case's deadlines (SPEC G3), for staff and the customer; `None` without a policy.
    pub deadlines: Option<DeadlinesView>,
}

/// A task as the case page shows it, with the steps the viewer may take and its thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i64,
    pub title: String,
    pub instructions: String,
    pub assignee: String,
    pub assigned_by: String,
    pub state: crate::domain::tasks::TaskState,
    pub planned_day: Option<String>,
    pub max_day: Option<String>,
    /// Past its maximum date and not yet handed in.
    pub overdue: bool,
    pub returned_count: i64,
    pub steps: Vec<crate::domain::tasks::TaskStep>,
    /// Its steps with their notes, oldest first.
    pub thread: Vec<TimelineEntry>,
    pub files: Vec<AttachmentInfo>,
}

/// One thing waiting for someone on their desk (SPEC C3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub case_number: String,
    pub case_subject: String,
    /// Where the item opens; the case's page when `None`.
    #[serde(default)]
    pub href: Option<String>,
    /// What is waiting: a task's title, a question, or the case's state.
    pub title: String,
    /// The date it is due (`YYYY-MM-DD`), the key the lists are sorted by.
    pub due_day: Option<String>,
    pub overdue: bool,
    /// Who it comes from or who it is with.
    pub person: Option<String>,
    /// For a case, its state; for a task, its state code.
    pub state: String,
    /// Extra marks, e.g. `tasks_done` when every task of the case was accepted.
    pub marks: Vec<String>,
}

/// What waits for the viewer, by kind, each list sorted by its deadline (SPEC C3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWork {
    /// Cases handed to the viewer that wait for their work.
    pub cases: Vec<WorkItem>,
    /// Tasks given to the viewer, not yet handed in.
    pub tasks: Vec<WorkItem>,
    /// Work handed in on the viewer's cases, waiting for acceptance.
    pub to_accept: Vec<WorkItem>,
    /// Information requests sent to the viewer, waiting for their answer.
    pub requests: Vec<WorkItem>,
    /// Answers to the viewer's information requests, waiting for their acceptance.
    pub answers_to_accept: Vec<WorkItem>,
    /// Cases whose manager finished, for the viewer's role to close.
    pub to_close: Vec<WorkItem>,
    /// For supervisors: escalated cases still being worked (SPEC C7).
    pub escalated: Vec<WorkItem>,
    /// Decisions waiting for the viewer's approval (SPEC E2).
    #[serde(default)]
    pub approvals: Vec<ApprovalItem>,
}

/// A catalog entry or a person offered in a select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// What a case was classified as and whom it went to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSetup {
    pub folder: Option<String>,
    pub case_type: Option<String>,
    pub case_group: Option<String>,
    pub priority: Option<String>,
    pub store_name: Option<String>,
    pub due_day: Option<String>,
    pub manager: Option<String>,
    pub route_reason: Option<crate::domain::routing::RouteReason>,
    /// The tier or class and the number of candidates behind `route_reason` (SPEC C1).
    pub route_detail: Option<crate::domain::routing::RouteDetail>,
    pub qualification: Option<String>,
    pub cause: Option<String>,
    pub severity: Option<String>,
    /// The customer's satisfaction at closing (1 to 5) and their comment (SPEC I3).
    pub satisfaction: Option<u8>,
    pub satisfaction_comment: Option<String>,
}

/// The manager's qualification form (SPEC C5): the folder's choices and the current values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualifyView {
    pub qualifications: Vec<Choice>,
    pub causes: Vec<Choice>,
    pub severities: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub qualification_id: Option<i64>,
    pub cause_id: Option<i64>,
    pub severity_id: Option<i64>,
    pub priority_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValueView {
    pub label: String,
    pub kind: Option<crate::domain::fields::FieldKind>,
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub document_id: i64,
    pub name: String,
    pub status: crate::domain::documents::DocumentStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRequestView {
    pub id: i64,
    pub document_name: String,
    pub note: Option<String>,
    pub requested_at: String,
    pub answered: bool,
}

/// A case type's form: its active extra fields and required documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTypeForm {
    pub fields: Vec<crate::domain::fields::FieldDef>,
    pub documents: Vec<Choice>,
}

/// A draft's editor (SPEC A2): the folder's choices and what the draft holds so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub folder_id: i64,
    pub case_types: Vec<Choice>,
    pub case_groups: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub case_type_id: Option<i64>,
    pub case_group_id: Option<i64>,
    pub priority_id: Option<i64>,
    pub store_name: String,
    pub due_day: String,
    /// Stored extra values by field id.
    pub values: Vec<(i64, String)>,
    pub form: CaseTypeForm,
}

/// Whom routing would hand a case to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingPreview {
    pub manager: String,
    pub reason: crate::domain::routing::RouteReason,
    pub detail: crate::domain::routing::RouteDetail,
}

/// What saving or opening a draft gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftOutcome {
    Saved,
    Opened,
    Invalid(FieldErrors),
}

/// A case type's form as the admin edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTypeSetup {
    pub type_id: i64,
    pub type_name: String,
    pub folder_id: i64,
    pub folder_name: String,
    /// Every field, inactive ones too.
    pub fields: Vec<crate::domain::fields::FieldDef>,
    pub documents: Vec<DocumentDef>,
    /// SPEC D4: asking the customer stops the clock of this type's cases until they answer.
    pub pauses_for_customer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDef {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// A folder's hand-over settings and routing table (SPEC B3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingSetup {
    pub folder_id: i64,
    pub folder_name: String,
    pub initiator_roles: Vec<Role>,
    pub closer_role: Role,
    pub fallback_manager_id: Option<i64>,
    /// Staff who may manage cases.
    pub managers: Vec<Choice>,
    pub case_types: Vec<Choice>,
    pub case_groups: Vec<Choice>,
    pub rules: Vec<RoutingRuleView>,
    /// SPEC C1: the tier and SLA class pools, the weights of open work, and the customers
    /// whose terms are not the default.
    pub pools: Vec<RoutingPoolView>,
    pub weights: crate::domain::routing::WorkWeights,
    pub customers: Vec<CustomerTermsView>,
}

/// A tier or SLA class rule of a folder and its candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingPoolView {
    pub pool_id: i64,
    pub criterion: crate::domain::routing::Criterion,
    pub candidates: Vec<Choice>,
}

/// A customer's tier and SLA class as the admin sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTermsView {
    pub name: String,
    pub email: String,
    pub terms: crate::domain::routing::CustomerTerms,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRuleView {
    pub id: i64,
    pub case_type: String,
    pub case_group: String,
    pub manager: String,
}

/// A folder an agent may start a case in.
pub type FolderChoice = Choice;

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
    /// The cases handed to this manager.
    #[serde(default)]
    pub manager_id: Option<i64>,
    /// Only escalated cases (SPEC C7: the supervisor's view).
    #[serde(default)]
    pub escalated: bool,
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
    /// Filed open by a customer, or as a draft by an agent (`draft`).
    Filed {
        number: String,
        draft: bool,
    },
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
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Whether the account may log in (an admin disables and re-enables it).
    pub active: bool,
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

/// A case's deadlines as its page shows them (SPEC G3), in the calendar's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinesView {
    pub calendar: String,
    pub time_zone: String,
    pub first_response_due: String,
    pub resolution_due: String,
    /// `Some(true)` answered in time, `Some(false)` late, `None` not yet.
    pub first_response_in_time: Option<bool>,
    pub first_response_at: Option<String>,
    pub standing: crate::domain::sla::DeadlineStanding,
    pub paused_since: Option<String>,
    pub extended: bool,
    pub may_pause: bool,
    pub may_resume: bool,
    pub may_extend: bool,
    pub extension_unit: Option<crate::domain::sla::TermUnit>,
    /// The most units an extension may add: the term itself.
    pub extension_max: i64,
}

/// One SLA policy of a folder as the admin screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicyView {
    pub id: i64,
    /// `None`: every type.
    pub case_type: Option<String>,
    /// `None`: every channel.
    pub channel: Option<Channel>,
    pub calendar_code: String,
    pub first_response: crate::domain::sla::TermSpec,
    pub resolution: crate::domain::sla::TermSpec,
    pub at_risk_percent: i64,
}

/// A folder's SLA policies and what the form chooses from (SPEC G1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSetup {
    pub folder_id: i64,
    pub policies: Vec<SlaPolicyView>,
    pub case_types: Vec<Choice>,
    /// The calendars a policy may name: the shipped national ones and the company's.
    pub calendars: Vec<String>,
}

/// A company calendar as the admin screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub time_zone: String,
    pub opening: String,
    pub closing: String,
    pub days: Vec<CalendarDayView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDayView {
    pub day: String,
    /// Worked although a weekend or holiday; otherwise closed although a working day.
    pub open: bool,
    pub note: Option<String>,
}

/// How a customer wants to hear about their cases (SPEC F1), as their portal form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPreferences {
    pub notify_by: crate::domain::messages::NotifyBy,
    pub phone: String,
}

/// One event's message in one language, as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplateSummary {
    pub event: String,
    /// True when it is for customers, false for staff.
    pub for_customer: bool,
    pub locale: crate::i18n::Locale,
    /// True when an administrator changed it from the default.
    pub customised: bool,
}

/// One event's message in one language, for editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplateView {
    pub event: String,
    pub for_customer: bool,
    pub locale: crate::i18n::Locale,
    pub placeholders: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub customised: bool,
}

/// The channels of one event's message per role it goes to, as administrators set them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRulesView {
    pub event: String,
    pub for_customer: bool,
    pub rules: Vec<(Role, crate::domain::messages::ChannelRule)>,
}
