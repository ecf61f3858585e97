//! Reading a case together with what access needs to know about it, and asking
//! `domain::access`: the case-access helpers every service uses, in one place.

use crate::backend::store::{access as store, cases};
use crate::backend::AppError;
use crate::domain::access::{self, Actor, CaseAction, CaseFacts, Decision, DeskScope, Scope};
use crate::domain::case::{CaseNumber, CaseState};
use crate::domain::lifecycle;
use crate::domain::people::Role;
use crate::model::Viewer;
use sqlx::AnyConnection;

/// The actor behind a logged-in person's session.
pub fn actor(viewer: &Viewer) -> Actor {
    Actor::Person {
        id: viewer.id,
        role: viewer.role,
    }
}

/// A case as read for someone, with the facts their rights on it depend on.
#[derive(Debug, Clone)]
pub struct CaseAccess {
    pub actor: Actor,
    pub case: cases::CaseRow,
    pub facts: CaseFacts,
    pub scope: Scope,
}

impl CaseAccess {
    pub fn may(&self, action: CaseAction) -> bool {
        access::decide(self.actor, &self.facts, action).allowed()
    }

    /// `Ok` when the action is allowed, else the error the asker is told.
    pub fn require(&self, action: CaseAction) -> Result<(), AppError> {
        refusal(access::decide(self.actor, &self.facts, action))
    }

    /// The life cycle's view of the asker.
    pub fn lifecycle_actor(&self) -> lifecycle::Actor {
        access::lifecycle_actor(self.actor, &self.facts).unwrap_or(lifecycle::Actor {
            role: Role::Customer,
            is_case_manager: false,
            is_closer: false,
            is_initiator: false,
        })
    }

    pub fn whole(&self) -> bool {
        self.scope == Scope::Whole
    }
}

fn refusal(decision: Decision) -> Result<(), AppError> {
    match decision {
        Decision::Allowed => Ok(()),
        Decision::Hidden => Err(AppError::NotFound),
        Decision::Forbidden => Err(AppError::Forbidden),
    }
}

/// The facts of `case` that decide what `actor` may do with it.
pub async fn facts(
    conn: &mut AnyConnection,
    actor: Actor,
    case: &cases::CaseRow,
) -> Result<CaseFacts, sqlx::Error> {
    let (user, role) = match actor {
        Actor::Person { id, role } | Actor::ApiClient { user_id: id, role } => (Some(id), role),
        Actor::LinkHolder { .. } => (None, Role::Customer),
    };
    let staff = role.is_staff();
    let folder = match case.folder_id {
        Some(f) if staff => store::folder(conn, f, role == Role::Manager).await?,
        _ => None,
    };
    let work = match user {
        Some(id) if staff => store::work(conn, case.id, id).await?,
        _ => Default::default(),
    };
    Ok(CaseFacts {
        state: case.state.parse().unwrap_or(CaseState::Closed),
        customer_id: case.customer_id,
        customer_confirmed: case.customer_confirmed_at.is_some(),
        created_by: case.created_by,
        manager_id: case.manager_id,
        escalation_level: case.escalation_level,
        is_request: case.class == crate::domain::case::DocumentClass::Request.code(),
        folder,
        work,
    })
}

/// `case` with what `actor` may do with it; "not found" when they have no scope on it.
pub async fn of_row(
    conn: &mut AnyConnection,
    actor: Actor,
    case: cases::CaseRow,
) -> Result<CaseAccess, AppError> {
    let facts = facts(conn, actor, &case).await?;
    let scope = access::scope(actor, &facts).ok_or(AppError::NotFound)?;
    Ok(CaseAccess {
        actor,
        case,
        facts,
        scope,
    })
}

fn parse_number(number: &str) -> Result<String, AppError> {
    Ok(number
        .parse::<CaseNumber>()
        .map_err(|_| AppError::NotFound)?
        .to_string())
}

/// The case `number` for someone who may do `action` with it.
pub async fn case_for(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    number: &str,
    action: CaseAction,
) -> Result<CaseAccess, AppError> {
    let number = parse_number(number)?;
    let row = cases::by_number(conn, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = of_row(conn, actor(viewer), row).await?;
    access.require(action)?;
    Ok(access)
}

/// The case of `case_id` for someone who may do `action` with it.
pub async fn case_by_id_for(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    case_id: i64,
    action: CaseAction,
) -> Result<CaseAccess, AppError> {
    let row = cases::by_id(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = of_row(conn, actor(viewer), row).await?;
    access.require(action)?;
    Ok(access)
}

/// The case `number`, marked changed first (the write takes SQLite's lock before any read),
/// for someone who may do `action` with it. Inside the caller's transaction: a refusal rolls the
/// mark back with everything else.
pub async fn case_for_change(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    number: &str,
    now: i64,
    action: CaseAction,
) -> Result<CaseAccess, AppError> {
    let number = parse_number(number)?;
    cases::touch(conn, &number, now).await?;
    case_for(conn, viewer, &number, action).await
}

/// Which cases `viewer`'s desk lists.
pub async fn desk_scope(
    conn: &mut AnyConnection,
    viewer: &Viewer,
) -> Result<DeskScope, sqlx::Error> {
    let who = actor(viewer);
    if !matches!(viewer.role, Role::Agent | Role::Manager) {
        return Ok(access::desk_scope(who, std::iter::empty()));
    }
    let folders = store::folders(conn).await?;
    Ok(access::desk_scope(
        who,
        folders.iter().map(|(id, f)| (*id, f)),
    ))
}

/// Which cases `viewer`'s analysis screens count (`domain::access::analysis_scope`); refused
/// (403) for those who have none.
pub async fn analysis_scope(
    conn: &mut AnyConnection,
    viewer: &Viewer,
) -> Result<access::AnalysisScope, AppError> {
    let who = actor(viewer);
    let scope = if matches!(viewer.role, Role::Agent | Role::Manager) {
        let folders = store::folders(conn).await?;
        access::analysis_scope(who, folders.iter().map(|(id, f)| (*id, f)))
    } else {
        access::analysis_scope(who, std::iter::empty())
    };
    scope.ok_or(AppError::Forbidden)
}
