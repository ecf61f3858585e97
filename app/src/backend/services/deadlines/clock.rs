//! A case's clock: its deadlines set at opening, the first response recorded, the clock stopped
//! and started again while the case waits for the customer (SPEC D4), and the one extension.

use super::{calendar, calendar_failure, deadlines_of, instant, marks, next_check, watch_key};
use super::{store, WATCH_JOB};
use crate::backend::live::DeskEvent;
use crate::backend::services::access;
use crate::backend::store::{audit, jobs};
use crate::backend::{AppError, AppState};
use crate::domain::access::CaseAction;
use crate::domain::calendar::{extend as extended_term, ExtensionError};
use crate::domain::deadlines::{self as rules, PausedTime};
use crate::domain::form::FieldProblem;
use crate::domain::sla::{self, TermSpec};
use crate::model::Viewer;
use sqlx::AnyConnection;

/// Sets (or, after a reclassification, recomputes) a case's deadlines from its policy, counted
/// from its receipt, and schedules its watch. A case whose folder has no policy gets none.
/// Runs in the caller's transaction.
pub async fn start_clock(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(folder) = clock.folder_id else {
        return Ok(false);
    };
    let policies = store::policies(conn, folder).await?;
    let Some(policy) = sla::applicable(
        policies.iter().map(|p| &p.policy),
        clock.case_type_id,
        clock.channel,
    ) else {
        return Ok(false);
    };
    let cal = calendar(conn, &policy.calendar_code).await?;
    // The term runs from the receipt: when the customer filed or the agent took the call.
    let started_at = clock.clock_started_at.unwrap_or(clock.created_at);
    let d = deadlines_of(&cal, policy, started_at, &clock)?;
    let (first, resolution) = (
        d.first_response.timestamp_millis(),
        d.resolution.timestamp_millis(),
    );
    store::set_clock(
        conn, case_id, policy.id, &cal.code, started_at, first, resolution,
    )
    .await?;
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id,
            at: now,
            action: "deadlines_set",
            entity: "case",
            entity_id: Some(case_id),
            changes: vec![
                (
                    "first_response_due_at".into(),
                    clock.first_response_due_at.map(|t| t.to_string()),
                    Some(first.to_string()),
                ),
                (
                    "resolution_due_at".into(),
                    clock.resolution_due_at.map(|t| t.to_string()),
                    Some(resolution.to_string()),
                ),
            ],
            note: None,
            // SPEC G3: the customer sees their answer-by dates.
            public: true,
        },
    )
    .await?;
    let refreshed = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(at) = next_check(marks(&refreshed), &d) {
        jobs::schedule(conn, WATCH_JOB, &watch_key(case_id), Some(case_id), at, now).await?;
    }
    Ok(true)
}

/// SPEC G3: the first response, in time or late for good. Called from the step that answers
/// the customer first (the manager starting the work); later calls change nothing.
pub async fn first_response(
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let Some(clock) = store::clock(conn, case_id).await? else {
        return Ok(());
    };
    let Some(due) = clock.first_response_due_at else {
        return Ok(());
    };
    let in_time = sla::in_time(now, due);
    if store::record_first_response(conn, case_id, now, in_time).await? {
        audit::append(
            conn,
            audit::NewEvent {
                changes: vec![(
                    "first_response".into(),
                    None,
                    Some(if in_time { "in_time" } else { "late" }.into()),
                )],
                actor_id: None,
                ..audit::NewEvent::on_case(case_id, 0, now, "first_response_recorded")
            },
        )
        .await?;
    }
    Ok(())
}

/// SPEC D4: the case waits for the customer; its clock stops. The reason is on the timeline.
pub async fn pause(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", FieldProblem::Required));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    let clock = store::clock(&mut tx, case.id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The stop itself only happens to a running clock, so a second stop in between loses.
    if clock.resolution_due_at.is_none()
        || !rules::may_pause(clock.state, clock.paused_at.is_some())
        || !store::pause(&mut tx, case.id, now, false).await?
    {
        return Err(AppError::Forbidden);
    }
    audit::append(
        &mut tx,
        audit::NewEvent {
            note: Some(reason.to_string()),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "deadline_paused")
        },
    )
    .await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_paused",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}

/// SPEC D4: the customer answered; the clock runs again and the deadlines move by the time it
/// stood still. Done by a person here, whoever stopped the clock; an answer of the customer
/// starts a clock that stopped for them by itself (`customer_wait::customer_answered`).
pub async fn resume(state: &AppState, viewer: &Viewer, number: &str) -> Result<(), AppError> {
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    if !resume_in(&mut tx, case.id, Some(viewer.id), now).await? {
        return Err(AppError::Forbidden);
    }
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_resumed",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}

/// Resumes a paused case inside the caller's transaction; `false` when it was not paused.
pub async fn resume_in(
    conn: &mut AnyConnection,
    case_id: i64,
    actor_id: Option<i64>,
    now: i64,
) -> Result<bool, AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(paused_at), Some(code)) = (clock.paused_at, clock.calendar_code.clone()) else {
        return Ok(false);
    };
    let cal = calendar(conn, &code).await?;
    let stood_still =
        PausedTime::between(&cal, instant(paused_at), instant(now)).map_err(calendar_failure)?;
    if !store::resume(
        conn,
        case_id,
        paused_at,
        stood_still.working.num_milliseconds(),
        stood_still.clock.num_milliseconds(),
    )
    .await?
    {
        return Ok(false);
    }
    let before = clock.resolution_due_at;
    start_clock_again(conn, case_id, now).await?;
    let after = store::clock(conn, case_id)
        .await?
        .and_then(|c| c.resolution_due_at);
    audit::append(
        conn,
        audit::NewEvent {
            case_id: Some(case_id),
            actor_id,
            at: now,
            action: "deadline_resumed",
            entity: "case",
            entity_id: Some(case_id),
            changes: vec![(
                "resolution_due_at".into(),
                before.map(|t| t.to_string()),
                after.map(|t| t.to_string()),
            )],
            note: None,
            public: true,
        },
    )
    .await?;
    Ok(true)
}

/// Schedules a case's watch to look at it now (a reopened case).
pub async fn rewatch(conn: &mut AnyConnection, case_id: i64, now: i64) -> Result<(), AppError> {
    let has_clock = store::clock(conn, case_id)
        .await?
        .is_some_and(|c| c.resolution_due_at.is_some());
    if has_clock {
        jobs::schedule(
            conn,
            WATCH_JOB,
            &watch_key(case_id),
            Some(case_id),
            now,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Recomputes a running clock's deadlines from its stored policy (not a newly matching one) and
/// reschedules its watch, without a timeline entry of its own: the caller writes one.
async fn start_clock_again(
    conn: &mut AnyConnection,
    case_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let clock = store::clock(conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(policy_id), Some(started_at), Some(code)) = (
        clock.sla_policy_id,
        clock.clock_started_at,
        clock.calendar_code.clone(),
    ) else {
        return Ok(());
    };
    let policy = store::policy(conn, policy_id)
        .await?
        .ok_or(AppError::NotFound)?
        .policy;
    let cal = calendar(conn, &code).await?;
    let d = deadlines_of(&cal, &policy, started_at, &clock)?;
    store::move_deadlines(
        conn,
        case_id,
        // A first response already given keeps the deadline it was measured against.
        clock
            .first_response_at
            .is_none()
            .then(|| d.first_response.timestamp_millis()),
        d.resolution.timestamp_millis(),
    )
    .await?;
    if let Some(at) = next_check(marks(&clock), &d) {
        jobs::schedule(conn, WATCH_JOB, &watch_key(case_id), Some(case_id), at, now).await?;
    }
    Ok(())
}

/// Records an extension of the resolution term (at most once, at most doubling it, announced
/// before the deadline), with the reason on the timeline.
pub async fn extend(
    state: &AppState,
    viewer: &Viewer,
    number: &str,
    amount: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    let units: u32 = match amount.trim().parse() {
        Ok(n) => n,
        Err(_) => return Err(AppError::field("amount", FieldProblem::NotANumber)),
    };
    if reason.is_empty() {
        return Err(AppError::field("reason", FieldProblem::Required));
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let case = access::case_for_change(&mut tx, viewer, number, now, CaseAction::ManageClock)
        .await?
        .case;
    let clock = store::clock(&mut tx, case.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(policy_id), Some(due)) = (clock.sla_policy_id, clock.resolution_due_at) else {
        return Err(AppError::Forbidden);
    };
    let original = store::policy(&mut tx, policy_id)
        .await?
        .ok_or(AppError::NotFound)?
        .policy
        .resolution;
    let extension = TermSpec {
        amount: units,
        unit: original.unit,
    };
    if let Err(e) = extended_term(
        original.into(),
        extension.into(),
        clock.extended_at.is_some(),
        instant(now),
        instant(due),
    ) {
        return Err(match e {
            ExtensionError::AlreadyExtended | ExtensionError::AfterExpiry => AppError::Forbidden,
            _ => AppError::field("amount", FieldProblem::Invalid),
        });
    }
    if !store::extend(&mut tx, case.id, i64::from(units), now).await? {
        return Err(AppError::Forbidden);
    }
    start_clock_again(&mut tx, case.id, now).await?;
    let after = store::clock(&mut tx, case.id)
        .await?
        .and_then(|c| c.resolution_due_at);
    audit::append(
        &mut tx,
        audit::NewEvent {
            changes: vec![(
                "resolution_due_at".into(),
                Some(due.to_string()),
                after.map(|t| t.to_string()),
            )],
            note: Some(reason.to_string()),
            public: true,
            ..audit::NewEvent::on_case(case.id, viewer.id, now, "deadline_extended")
        },
    )
    .await?;
    tx.commit().await?;
    state
        .announce(DeskEvent::for_users(
            "deadline_extended",
            Some(&case.number),
            case.manager_id,
        ))
        .await;
    Ok(())
}
