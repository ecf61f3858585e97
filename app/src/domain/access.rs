//! Who may see and do what to a case: the one place that decides. Services gather the few facts
//! of the record a question needs ([`CaseFacts`]), ask here, and act on the answer; nothing else
//! in the product compares roles or ids to grant access.
//!
//! The rules, as SPEC's table of users and the seeds describe the roles (the role table is in
//! `docs/decisions.md`):
//! - **Scope** is how much of a case someone sees. Supervisors and administrators see every case
//!   whole. Agents and managers see whole the cases of the folders whose settings name their role
//!   (it starts or closes cases there) or, for a manager, name them (fallback, a type x group
//!   row, a tier or SLA class pool), the cases handed to them and the drafts they recorded.
//!   Anyone else on staff (an employee above all) sees a case only while they hold a task on it
//!   not yet accepted, and then only the parts that work needs. A customer sees their own cases once opened, through the public projection.
//! - **Actions** need a scope first: without one the case "does not exist" for the asker (404);
//!   with one, a refused action is "forbidden" (403).

use super::case::CaseState;
use super::info_requests::RequestActor;
use super::lifecycle::{self, CaseStep};
use super::people::Role;
use super::tasks::TaskActor;
use serde::{Deserialize, Serialize};

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A person logged in: a customer, or staff by role.
    Person { id: i64, role: Role },
    /// Whoever holds an information request's expiring link: that request's shared parts and
    /// nothing else (SPEC D2). No case action is theirs.
    LinkHolder { request_id: i64 },
    /// Another system with an API token issued for a user; it acts with that user's role.
    ApiClient { user_id: i64, role: Role },
}

impl Actor {
    /// The person whose rights apply, if any: a link holder has none.
    fn person(self) -> Option<(i64, Role)> {
        match self {
            Actor::Person { id, role } => Some((id, role)),
            Actor::ApiClient { user_id, role } => Some((user_id, role)),
            Actor::LinkHolder { .. } => None,
        }
    }
}

/// A case's folder settings, as far as access cares (SPEC B3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderFacts {
    /// Roles that start (record and open) cases in the folder.
    pub initiators: Vec<Role>,
    /// The role that closes cases in the folder.
    pub closer: Option<Role>,
    /// Managers the folder's routing may hand cases to: fallback, type x group rows, pools.
    pub managers: Vec<i64>,
    /// The person besides supervisors the folder names to approve decisions (SPEC E2), who
    /// sees its cases whole to judge them.
    pub approver: Option<i64>,
}

/// The asker's open work on the case: what gives an employee a view of it. An information
/// request does not: its recipient reads the request's own page, which shows only what was
/// shared with them (SPEC D1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkFacts {
    /// A task of the case given to them and not yet accepted.
    pub holds_task: bool,
}

/// The facts of a case that access depends on, read where the case is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: CaseState,
    pub customer_id: i64,
    /// Whether the customer proved their address (issue 15). Until they do, a self-registered
    /// account sees only the cases it filed itself, not those recorded for its address.
    pub customer_confirmed: bool,
    pub created_by: i64,
    pub manager_id: Option<i64>,
    pub escalation_level: i64,
    /// A customer's request (*dyspozycja*, SPEC A9) rather than a complaint or claim: customer
    /// service settles the standard ones itself.
    pub is_request: bool,
    /// `None` for a case without a folder (older data); then customer service (agents) closes
    /// and every case-working role may start.
    pub folder: Option<FolderFacts>,
    pub work: WorkFacts,
}

/// How much of a case someone sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Everything staff see: internal notes, messages, links, the customer's contact, all tasks.
    Whole,
    /// What the asker's own task needs: the case's summary, description, details
    /// and files, and their own work on it.
    Work,
    /// The customer's public projection of their own case.
    Owner,
}

/// Something a person may try on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// Open the case's page or one of its files.
    View,
    /// Change a draft's fields, notes and files (SPEC A2).
    EditDraft,
    /// Link a business object of another system (SPEC A3).
    AddLink,
    /// Ask the customer for a required document (SPEC A7).
    AskForDocument,
    /// Hand in a document the customer was asked for: the customer, or staff for them.
    AnswerDocumentRequest,
    /// A step of the life cycle (SPEC C4); opening a draft included.
    Step(CaseStep),
    /// Hand the case to another manager (SPEC C2).
    Reassign,
    /// Qualify the case (SPEC C5).
    Qualify,
    /// Raise the escalation level by hand (SPEC C7).
    Escalate,
    /// Give a task (SPEC C6).
    AssignTask,
    /// Send an information request, to an employee or an outsider (SPEC D1, D2).
    AskForInformation,
    /// Pause, resume or extend the deadlines (SPEC D4).
    ManageClock,
    /// Record a decision on how the case is settled, and have its letter made again (SPEC E1,
    /// E3).
    Decide,
}

/// The answer to "may they?". `Hidden` is told to the asker as "not found", so that nobody learns
/// that a case they may not see exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    Hidden,
    Forbidden,
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allowed
    }
}

/// Staff roles that work cases as a whole (everyone on staff but employees).
fn works_cases(role: Role) -> bool {
    matches!(
        role,
        Role::Agent | Role::Manager | Role::Supervisor | Role::Admin
    )
}

/// Whether the folder's settings give `role` (and, for managers, `id`) the whole folder.
fn folder_names(folder: Option<&FolderFacts>, id: i64, role: Role) -> bool {
    match folder {
        Some(f) => {
            f.initiators.contains(&role)
                || f.closer == Some(role)
                || (role == Role::Manager && f.managers.contains(&id))
                || f.approver == Some(id)
        }
        // A case without a folder: customer service and managers work it.
        None => matches!(role, Role::Agent | Role::Manager),
    }
}

/// How much of the case `actor` sees, or `None` when it does not exist for them.
pub fn scope(actor: Actor, case: &CaseFacts) -> Option<Scope> {
    let (id, role) = actor.person()?;
    if role == Role::Customer {
        let own = case.customer_id == id
            && case.state != CaseState::Draft
            && (case.customer_confirmed || case.created_by == id);
        return own.then_some(Scope::Owner);
    }
    let whole = match role {
        Role::Supervisor | Role::Admin => true,
        Role::Agent | Role::Manager => {
            case.created_by == id
                || case.manager_id == Some(id)
                || (case.state != CaseState::Draft && folder_names(case.folder.as_ref(), id, role))
                || (case.state == CaseState::Draft && may_start(case, role))
        }
        Role::Employee | Role::Customer => false,
    };
    if whole {
        return Some(Scope::Whole);
    }
    // Drafts are nobody's work yet.
    let works = case.state != CaseState::Draft && case.work.holds_task;
    works.then_some(Scope::Work)
}

/// Whether `role` starts cases in the case's folder (SPEC B3, the initiator group).
fn may_start(case: &CaseFacts, role: Role) -> bool {
    match &case.folder {
        Some(f) => f.initiators.contains(&role),
        None => works_cases(role),
    }
}

/// The life cycle's view of the asker (`domain::lifecycle`).
pub fn lifecycle_actor(actor: Actor, case: &CaseFacts) -> Option<lifecycle::Actor> {
    let (id, role) = actor.person()?;
    Some(lifecycle::Actor {
        role,
        is_case_manager: case.manager_id == Some(id),
        is_closer: match &case.folder {
            Some(f) => f.closer == Some(role),
            None => role == Role::Agent,
        },
        is_initiator: may_start(case, role),
    })
}

/// Whether `actor` may do `action` to the case.
pub fn decide(actor: Actor, case: &CaseFacts, action: CaseAction) -> Decision {
    let Some(scope) = scope(actor, case) else {
        return Decision::Hidden;
    };
    let Some((id, role)) = actor.person() else {
        return Decision::Hidden;
    };
    let whole = scope == Scope::Whole;
    let draft = case.state == CaseState::Draft;
    let open_work = case.state.is_open_work();
    let manages = case.manager_id == Some(id) || role == Role::Supervisor;
    let who = lifecycle_actor(actor, case);
    let allowed = match action {
        CaseAction::View => true,
        // The one who recorded it, colleagues of the roles that start cases in its folder, and
        // administrators.
        CaseAction::EditDraft => {
            draft
                && whole
                && (case.created_by == id || role == Role::Admin || may_start(case, role))
        }
        CaseAction::AddLink => whole && works_cases(role),
        // Whoever records or handles the case asks the customer; not an employee doing a task.
        CaseAction::AskForDocument => {
            whole
                && if draft {
                    case.created_by == id || role == Role::Admin || may_start(case, role)
                } else {
                    open_work && (manages || who.is_some_and(|w| w.is_closer))
                }
        }
        CaseAction::AnswerDocumentRequest => {
            !draft && (scope == Scope::Owner || (whole && works_cases(role)))
        }
        // Opening is also editing: it happens in the draft's editor.
        CaseAction::Step(step) => {
            whole
                && (step != CaseStep::Open
                    || case.created_by == id
                    || role == Role::Admin
                    || may_start(case, role))
                && who.is_some_and(|w| lifecycle::check(case.state, step, w, "note").is_ok())
        }
        CaseAction::Reassign | CaseAction::Qualify => whole && open_work && manages,
        // Whoever works the case as a whole asks for information while it is being worked.
        CaseAction::AskForInformation => whole && open_work && works_cases(role),
        CaseAction::AssignTask => {
            whole && matches!(case.state, CaseState::Open | CaseState::InProgress) && manages
        }
        CaseAction::Escalate => {
            whole
                && who
                    .is_some_and(|w| lifecycle::may_escalate(case.state, case.escalation_level, w))
        }
        CaseAction::ManageClock => whole && manages,
        // SPEC E1: the manager (or a supervisor) decides while the case is being worked; an
        // agent settles a customer's request at once (A9), which waits for approval when its
        // type says so.
        CaseAction::Decide => {
            whole && open_work && (manages || (case.is_request && role == Role::Agent))
        }
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

/// What a file of a case came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOf {
    /// The case itself: its filing, a draft's editor, a required document.
    Case,
    /// A task's answer, by the task's assignee.
    Task { assignee: i64 },
    /// A message of an information request's thread.
    Thread,
    /// A version of a decision's letter (SPEC E3): the customer gets the versions sent to them.
    Letter { sent: bool },
}

/// Whether someone with `scope` on the case sees one of its files. Files of tasks and threads
/// are internal work, seen by staff who see the case whole and by the employee whose task it
/// is, never by the customer. (A thread's recipient gets its files through the request's own
/// page, not through the case.)
pub fn may_see_file(actor: Actor, scope: Scope, of: FileOf) -> bool {
    match of {
        FileOf::Case => true,
        FileOf::Task { assignee } => may_see_task(actor, scope, assignee),
        FileOf::Thread => scope == Scope::Whole,
        FileOf::Letter { sent } => scope == Scope::Whole || (scope == Scope::Owner && sent),
    }
}

/// Whether someone with `scope` sees a task of the case: all of them when they see it whole,
/// else only the tasks given to them.
pub fn may_see_task(actor: Actor, scope: Scope, assignee_id: i64) -> bool {
    match scope {
        Scope::Whole => true,
        Scope::Work => actor.person().is_some_and(|(id, _)| id == assignee_id),
        Scope::Owner => false,
    }
}

/// What the task life cycle (`domain::tasks`) needs to know of the asker on one task: whether
/// they do it, and whether they judge it (the case's manager or whoever gave it).
pub fn task_actor(
    actor: Actor,
    case: &CaseFacts,
    assignee_id: i64,
    assigned_by: i64,
) -> Option<TaskActor> {
    let (id, role) = actor.person()?;
    if !role.is_staff() || scope(actor, case).is_none() {
        return None;
    }
    Some(TaskActor {
        is_assignee: assignee_id == id,
        is_owner: case.manager_id == Some(id) || assigned_by == id,
        is_supervisor: role == Role::Supervisor,
    })
}

/// Whether someone with `scope` on the case sees its information requests' threads: staff who
/// see it whole see them all. Recipients read their own request on its own page
/// ([`request_actor`]), not through the case.
pub fn may_see_requests(scope: Scope) -> bool {
    scope == Scope::Whole
}

/// What the rules of a thread (`domain::info_requests`) need to know of the asker on one
/// request: whether they are its recipient (the employee it was sent to, or the holder of its
/// link), and whether they judge its answers (who asked, the case's manager, a supervisor). `None`:
/// the request does not exist for them.
pub fn request_actor(
    actor: Actor,
    case: &CaseFacts,
    request_id: i64,
    asked_by: i64,
    recipient_id: Option<i64>,
) -> Option<RequestActor> {
    if let Actor::LinkHolder { request_id: held } = actor {
        return (held == request_id && recipient_id.is_none()).then_some(RequestActor {
            is_recipient: true,
            is_asker: false,
        });
    }
    let (id, role) = actor.person()?;
    // A customer asked about their own case is its recipient only while the case is theirs to
    // see (an address not yet confirmed hides the cases recorded for it).
    let is_recipient =
        recipient_id == Some(id) && (role != Role::Customer || scope(actor, case).is_some());
    let whole = scope(actor, case) == Some(Scope::Whole);
    let is_asker =
        whole && (asked_by == id || case.manager_id == Some(id) || role == Role::Supervisor);
    (is_recipient || whole).then_some(RequestActor {
        is_recipient,
        is_asker,
    })
}

/// Which cases a person's desk lists (SPEC C3): the same rule as [`scope`], written as what the
/// store can filter on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskScope {
    /// Every case.
    All,
    /// Cases of these folders, plus those handed to or recorded by the user.
    Folders { folder_ids: Vec<i64>, user_id: i64 },
    /// Only cases the user holds open work on.
    Work { user_id: i64 },
    /// Nothing: customers and link holders have no desk.
    None,
}

/// The folders whose cases `role` (and, for managers, `id`) sees whole, from each folder's facts.
pub fn desk_scope<'a>(
    actor: Actor,
    folders: impl IntoIterator<Item = (i64, &'a FolderFacts)>,
) -> DeskScope {
    let Some((id, role)) = actor.person() else {
        return DeskScope::None;
    };
    match role {
        Role::Supervisor | Role::Admin => DeskScope::All,
        Role::Agent | Role::Manager => DeskScope::Folders {
            folder_ids: folders
                .into_iter()
                .filter(|(_, f)| folder_names(Some(f), id, role))
                .map(|(folder_id, _)| folder_id)
                .collect(),
            user_id: id,
        },
        Role::Employee => DeskScope::Work { user_id: id },
        Role::Customer => DeskScope::None,
    }
}

/// Which cases someone's analysis screens (SPEC J1-J5) count and list: the folders whose cases
/// they see whole, all of them for supervisors and administrators. Cases handed to an agent or
/// a manager outside those folders stay on their desk but out of the statistics of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisScope {
    All,
    Folders(Vec<i64>),
}

/// `None`: no analysis at all (employees, customers, link holders).
pub fn analysis_scope<'a>(
    actor: Actor,
    folders: impl IntoIterator<Item = (i64, &'a FolderFacts)>,
) -> Option<AnalysisScope> {
    match desk_scope(actor, folders) {
        DeskScope::All => Some(AnalysisScope::All),
        DeskScope::Folders { folder_ids, .. } => Some(AnalysisScope::Folders(folder_ids)),
        DeskScope::Work { .. } | DeskScope::None => None,
    }
}

/// Whether `role` plans improvement actions (SPEC J5): those who manage the handling of cases.
/// Agents read the plan.
pub fn may_plan_improvements(role: Role) -> bool {
    matches!(role, Role::Manager | Role::Supervisor | Role::Admin)
}

/// Whether `role` configures the product: folders, catalogs, forms, routing, calendars, SLAs,
/// messages, users (SPEC B, the admin area).
pub fn may_administer(role: Role) -> bool {
    role == Role::Admin
}

/// Whether `role` has a desk at all (SPEC C3): every staff role; what it lists is [`desk_scope`].
pub fn has_desk(role: Role) -> bool {
    role.is_staff()
}

/// Whether `role` records cases for customers (the agent's intake form, SPEC A1).
pub fn may_record_cases(role: Role) -> bool {
    works_cases(role)
}

/// Whether `role` files cases from the portal and may be offered the kinds of request customers
/// file (SPEC A1, A9): customers only; staff record cases on the desk.
pub fn files_from_portal(role: Role) -> bool {
    role == Role::Customer
}

/// Whether live desk events meant for "all staff" reach `role`: employees hear only of their own
/// work, since a case number of a case they do not work on is not theirs to know.
pub fn hears_staff_events(role: Role) -> bool {
    works_cases(role)
}

#[cfg(test)]
mod tests;
