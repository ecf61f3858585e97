//! The folder's tier and SLA class rules with their candidates (SPEC C1), and the weights of
//! open work that choose among the candidates.

use super::managers;
use crate::backend::services::catalogs::{record, require_admin};
use crate::backend::store::catalogs;
use crate::backend::store::routing as store;
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::routing::{Criterion, RouteReason, WorkWeights};
use crate::model::{Choice, RoutingPoolView, Viewer};

/// The folder's pools for the admin: every candidate, active or not, tier rules first.
pub(super) fn pool_views(rows: &[store::PoolMemberRow]) -> Vec<RoutingPoolView> {
    let mut views: Vec<RoutingPoolView> = Vec::new();
    for r in rows {
        let Some(criterion) = Criterion::parse(&r.criterion, &r.value) else {
            continue;
        };
        let candidate = Choice {
            id: r.manager_id,
            name: r.manager_name.clone(),
        };
        match views.iter_mut().find(|v| v.pool_id == r.pool_id) {
            Some(v) => v.candidates.push(candidate),
            None => views.push(RoutingPoolView {
                pool_id: r.pool_id,
                criterion,
                candidates: vec![candidate],
            }),
        }
    }
    views.sort_by_key(|v| v.criterion.reason() != RouteReason::CustomerTier);
    views
}

/// What the pool form sends: the rule's kind (`customer_tier` or `sla_class`), the tier code
/// or the SLA class as typed, and the candidate's id.
pub struct PoolForm {
    pub kind: String,
    pub value: String,
    pub manager_id: Option<i64>,
}

/// Adds a candidate to the folder's rule for a tier or an SLA class, creating the rule.
pub async fn add_pool_candidate(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: PoolForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    add_pool_candidate_as(state, Some(viewer.id), folder_id, form).await
}

pub async fn add_pool_candidate_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: PoolForm,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let criterion = match form.kind.parse::<RouteReason>() {
        Ok(RouteReason::CustomerTier | RouteReason::SlaClass) => {
            let c = Criterion::parse(&form.kind, &form.value);
            if c.is_none() {
                errors.add("value", FieldProblem::Invalid);
            }
            c
        }
        _ => {
            errors.add("kind", FieldProblem::Invalid);
            None
        }
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let manager_id = form.manager_id;
    let known = match manager_id {
        Some(id) => managers(&mut tx).await?.iter().any(|m| m.id == id),
        None => false,
    };
    if !known {
        errors.add("manager_id", FieldProblem::Required);
    }
    let (Some(criterion), Some(manager_id), true) = (criterion, manager_id, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let kind = criterion.reason().code();
    if store::add_pool_member(&mut tx, folder_id, kind, criterion.value(), manager_id).await? {
        let changes = vec![
            (
                "rule".into(),
                None,
                Some(format!("{kind}={}", criterion.value())),
            ),
            ("candidate".into(), None, Some(manager_id.to_string())),
        ];
        record(
            &mut tx,
            actor,
            "routing_candidate_added",
            "folder",
            folder_id,
            changes,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes a candidate out of a pool; returns the folder.
pub async fn remove_pool_candidate(
    state: &AppState,
    viewer: &Viewer,
    pool_id: i64,
    manager_id: i64,
) -> Result<i64, AppError> {
    require_admin(viewer)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        store::pool_member(&mut conn, pool_id, manager_id)
            .await?
            .ok_or(AppError::NotFound)?
            .folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let member = store::pool_member(&mut tx, pool_id, manager_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::remove_pool_member(&mut tx, pool_id, manager_id).await?;
    let changes = vec![
        (
            "rule".into(),
            Some(format!("{}={}", member.criterion, member.value)),
            None,
        ),
        ("candidate".into(), Some(manager_id.to_string()), None),
    ];
    record(
        &mut tx,
        Some(viewer.id),
        "routing_candidate_removed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(folder_id)
}

/// Sets how much an open case and an open task weigh; each a whole number from 0 to
/// [`WorkWeights::MAX`], as typed in the form.
pub async fn save_weights(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    open_case: &str,
    open_task: &str,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    save_weights_as(state, Some(viewer.id), folder_id, open_case, open_task).await
}

pub async fn save_weights_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    open_case: &str,
    open_task: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let mut weight = |field: &str, text: &str| match text.trim().parse::<u32>() {
        Ok(w) if w <= WorkWeights::MAX => Some(w),
        Ok(_) => {
            errors.add(field, FieldProblem::Invalid);
            None
        }
        Err(_) => {
            errors.add(field, FieldProblem::NotANumber);
            None
        }
    };
    let (case_w, task_w) = (
        weight("case_weight", open_case),
        weight("task_weight", open_task),
    );
    let (Some(case_w), Some(task_w)) = (case_w, task_w) else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let before = store::settings(&mut tx, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::set_weights(&mut tx, folder_id, i64::from(case_w), i64::from(task_w)).await?;
    let changes = vec![
        (
            "case_weight".into(),
            Some(before.route_case_weight.to_string()),
            Some(case_w.to_string()),
        ),
        (
            "task_weight".into(),
            Some(before.route_task_weight.to_string()),
            Some(task_w.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "routing_weights_changed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
