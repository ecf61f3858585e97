//! Decisions (SPEC E1, E2; `seeds/001_*.txt`): the manager records how a case is settled; the
//! decision takes effect at once, or waits for a supervisor's or the folder's named approver's
//! approval above the type's threshold (or always, for requests that change a contract's terms,
//! A9). Each step is written with its audit event in one transaction that takes the case's row
//! first; an effective decision queues its letter (`letter`), which the background queue makes
//! and sends. Who may do what is decided by `domain::access` (`CaseAction::Decide`) and
//! `domain::decisions::may_approve`.
//!
//! [`letter`] makes and sends the letters, [`admin`] keeps the settings, [`views`] builds what
//! pages show.

pub mod admin;
pub mod letter;
pub mod views;

use super::access;
use crate::backend::live::DeskEvent;
use crate::backend::notify::{self, templates};
use crate::backend::store::decisions::{self as store, DecisionRow};
use crate::backend::store::jobs::{self as jobs_store, JobKind};
use crate::backend::store::{audit, cases};
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::decisions::{
    may_approve, needs_approval, DecidedBy, DecisionForm, DecisionState, Money, ResolutionChoice,
    COMMENT_MAX,
};
use crate::domain::form::{text_field, FieldErrors};
use crate::domain::people::Role;
use crate::i18n::Locale;
use crate::model::Viewer;
use sqlx::AnyConnection;

/// The resolutions `role` may choose on the case: its folder's, fitting its type, allowed to
/// the role.
pub async fn offered(
    conn: &mut AnyConnection,
    case: &cases::CaseRow,
    role: Role,
) -> Result<Vec<ResolutionChoice>, AppError> {
    let Some(folder_id) = case.folder_id else {
        return Ok(Vec::new());
    };
    Ok(store::resolutions_for(conn, folder_id, case.case_type_id)
        .await?
        .into_iter()
        .filter(|r| {
            r.decided_by
                .as_deref()
                .and_then(|d| d.parse::<DecidedBy>().ok())
                .unwrap_or(DecidedBy::Manager)
                .allows(role)
        })
        .map(|r| ResolutionChoice {
            id: r.id,
            name: r.name,
            carries_amount: r.carries_amount != 0,
        })
        .collect())
}

/// The amount of a stored decision.
pub fn amount_of(d: &DecisionRow) -> Option<Money> {
    match (d.amount_minor, &d.currency) {
        (Some(minor), Some(currency)) => Some(Money {
            minor,
            currency: currency.clone(),
        }),
        _ => None,
    }
}

/// Who is told that a decision waits: the supervisors and the folder's named approver, not
/// the one who decided.
async fn approvers(
    conn: &mut AnyConnection,
    folder_id: Option<i64>,
    decided_by: i64,
) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'supervisor' AND active = 1")
            .fetch_all(&mut *conn)
            .await?;
    if let Some(folder) = folder_id {
        ids.extend(store::folder_approver(conn, folder).await?);
    }
    ids.retain(|id| *id != decided_by);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// SPEC E1, E2: records a decision on case `number`. Returns its id.
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    form: DecisionForm,
) -> Result<i64, AppError> {
    let now = state.now_ms();
    // Reads first, on a connection of the pool: a refusal or a form problem writes nothing.
    let (offered, thresholds, always) = {
        let mut conn = state.store.pool().acquire().await?;
        let seen = access::case_for(&mut conn, viewer, number, CaseAction::Decide).await?;
        let offered = offered(&mut conn, &seen.case, viewer.role).await?;
        let (thresholds, always) = match seen.case.case_type_id {
            Some(t) => (
                store::thresholds(&mut conn, t).await?,
                store::type_rules(&mut conn, t)
                    .await?
                    .is_some_and(|r| r.always_approve != 0),
            ),
            None => (Vec::new(), false),
        };
        (offered, thresholds, always)
    };
    let valid = form.validate(&offered).map_err(AppError::Invalid)?;
    let waits = needs_approval(valid.amount.as_ref(), &thresholds, always);
    let decision_state = if waits {
        DecisionState::Pending
    } else {
        DecisionState::Effective
    };
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, number, now, CaseAction::Decide).await?;
    let case = &seen.case;
    if store::has_pending(&mut tx, case.id).await? {
        return Err(AppError::Conflict);
    }
    let id = store::insert(
        &mut tx,
        store::NewDecision {
            case_id: case.id,
            resolution_id: valid.resolution.id,
            amount_minor: valid.amount.as_ref().map(|m| m.minor),
            currency: valid.amount.as_ref().map(|m| m.currency.as_str()),
            reasoning: &valid.reasoning,
            decided_by: viewer.id,
            state: decision_state.code(),
            now,
        },
    )
    .await?;
    let mut changes = vec![(
        "resolution".to_string(),
        None,
        Some(valid.resolution.name.clone()),
    )];
    if let Some(m) = &valid.amount {
        changes.push(("amount".into(), None, Some(m.format(Locale::En))));
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "decision",
            entity_id: Some(id),
            changes,
            note: Some(valid.reasoning.clone()),
            ..audit::NewEvent::on_case(
                case.id,
                viewer.id,
                now,
                if waits {
                    "decision_pending"
                } else {
                    "decision_made"
                },
            )
        },
    )
    .await?;
    let announce = if waits {
        let to = approvers(&mut tx, case.folder_id, viewer.id).await?;
        let link = format!(
            "{}/desk#approvals",
            state.config.public_url.trim_end_matches('/')
        );
        let amount = valid.amount.clone();
        for user in &to {
            notify::tell_staff(
                &mut tx,
                Some(case.id),
                *user,
                templates::DECISION_NEEDS_APPROVAL,
                &|locale| {
                    vec![
                        ("number", case.number.clone()),
                        ("subject", case.subject.clone()),
                        ("resolution", valid.resolution.name.clone()),
                        (
                            "amount",
                            amount
                                .as_ref()
                                .map(|m| m.format(locale))
                                .unwrap_or_default(),
                        ),
                        ("person", viewer.name.clone()),
                        ("link", link.clone()),
                    ]
                },
                now,
            )
            .await?;
        }
        DeskEvent::for_users("decision_pending", Some(&case.number), to)
    } else {
        letter::queue(&mut tx, id, case, true, viewer.id, now).await?;
        DeskEvent::for_users("decision_made", Some(&case.number), case.manager_id)
    };
    tx.commit().await?;
    state.announce(announce).await;
    Ok(id)
}

/// SPEC E2: an approver approves or rejects decision `id` with a comment (required to reject).
/// Returns the case's number.
pub async fn settle(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    approve: bool,
    comment: &str,
) -> Result<String, AppError> {
    let now = state.now_ms();
    let mut errors = FieldErrors::default();
    let comment = if approve && comment.trim().is_empty() {
        String::new()
    } else {
        text_field(&mut errors, "comment", comment, 3, COMMENT_MAX)
    };
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        let (decision, case) = approvable(&mut conn, viewer, id).await?;
        if decision.state != DecisionState::Pending.code() {
            return Err(AppError::Conflict);
        }
        case.number
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = state.store.begin().await?;
    cases::touch(&mut tx, &number, now).await?;
    let (decision, case) = approvable(&mut tx, viewer, id).await?;
    let to = if approve {
        DecisionState::Effective
    } else {
        DecisionState::Rejected
    };
    if !store::settle(&mut tx, id, to.code(), viewer.id, &comment, now).await? {
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            entity: "decision",
            entity_id: Some(id),
            changes: vec![(
                "state".into(),
                Some(DecisionState::Pending.code().into()),
                Some(to.code().into()),
            )],
            note: (!comment.is_empty()).then(|| comment.clone()),
            ..audit::NewEvent::on_case(
                case.id,
                viewer.id,
                now,
                if approve {
                    "decision_approved"
                } else {
                    "decision_rejected"
                },
            )
        },
    )
    .await?;
    if approve {
        letter::queue(&mut tx, id, &case, true, viewer.id, now).await?;
    } else {
        let link = templates::case_link(&state.config.public_url, &case.number);
        notify::tell_staff(
            &mut tx,
            Some(case.id),
            decision.decided_by,
            templates::DECISION_REJECTED,
            &|_| {
                vec![
                    ("number", case.number.clone()),
                    ("subject", case.subject.clone()),
                    ("resolution", decision.resolution_name.clone()),
                    ("person", viewer.name.clone()),
                    ("comment", comment.clone()),
                    ("link", link.clone()),
                ]
            },
            now,
        )
        .await?;
    }
    let mut concerned = approvers(&mut tx, case.folder_id, decision.decided_by).await?;
    concerned.push(decision.decided_by);
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "decision_settled",
            Some(&case.number),
            concerned,
        ))
        .await;
    Ok(case.number)
}

/// Decision `id` with its case, for someone who may approve it; "not found" for anyone else.
async fn approvable(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    id: i64,
) -> Result<(DecisionRow, cases::CaseRow), AppError> {
    let decision = store::by_id(conn, id).await?.ok_or(AppError::NotFound)?;
    let case = cases::by_id(conn, decision.case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let approver = match case.folder_id {
        Some(f) => store::folder_approver(conn, f).await?,
        None => None,
    };
    if !may_approve(viewer.id, viewer.role, approver, decision.decided_by) {
        // The decider sees the case and learns it is not theirs to approve; others learn nothing.
        return Err(if viewer.id == decision.decided_by {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok((decision, case))
}

/// The decisions waiting for `viewer`'s approval, oldest first (their desk, SPEC C3).
pub async fn to_approve(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    limit: i64,
) -> Result<Vec<store::PendingRow>, AppError> {
    if !viewer.role.is_staff() || viewer.role == Role::Employee {
        return Ok(Vec::new());
    }
    Ok(store::pending_for(conn, viewer.id, viewer.role == Role::Supervisor, limit).await?)
}

/// SPEC E3: makes a new version of a decision's letter (after a template was corrected, say),
/// kept unsent until someone sends it; the versions before stay as they were.
pub async fn regenerate(
    state: &AppState,
    viewer: &Viewer,
    decision_id: i64,
) -> Result<String, AppError> {
    let now = state.now_ms();
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        let d = store::by_id(&mut conn, decision_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let seen = access::case_by_id_for(&mut conn, viewer, d.case_id, CaseAction::View).await?;
        seen.require(CaseAction::Decide)?;
        if d.state != DecisionState::Effective.code() {
            return Err(AppError::Conflict);
        }
        seen.case.number
    };
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, &number, now, CaseAction::Decide).await?;
    letter::queue(&mut tx, decision_id, &seen.case, false, viewer.id, now).await?;
    tx.commit().await?;
    Ok(number)
}

/// Sends a made letter that was not sent (a regenerated version) to the customer.
pub async fn send_letter(
    state: &AppState,
    viewer: &Viewer,
    letter_id: i64,
) -> Result<String, AppError> {
    let now = state.now_ms();
    let number = {
        let mut conn = state.store.pool().acquire().await?;
        let l = store::letter(&mut conn, letter_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let seen = access::case_by_id_for(&mut conn, viewer, l.case_id, CaseAction::View).await?;
        seen.require(CaseAction::Decide)?;
        seen.case.number
    };
    let mut tx = state.store.begin().await?;
    let seen = access::case_for_change(&mut tx, viewer, &number, now, CaseAction::Decide).await?;
    let l = store::letter(&mut tx, letter_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let attachment = l.attachment_id.ok_or(AppError::Conflict)?;
    if !store::mark_sent(&mut tx, letter_id, now).await? {
        return Err(AppError::Conflict);
    }
    letter::tell_customer(
        &mut tx,
        state,
        &seen.case,
        letter_id,
        attachment,
        Some(viewer.id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// Adds the letter job of a decision: used by [`letter::queue`].
async fn add_letter_job(
    conn: &mut AnyConnection,
    letter_id: i64,
    case_id: i64,
    now: i64,
) -> Result<(), AppError> {
    jobs_store::add_for(
        conn,
        JobKind::DecisionLetter,
        letter_id,
        Some(case_id),
        now,
        now,
    )
    .await?;
    Ok(())
}
