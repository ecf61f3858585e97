//! The folder's type x group -> manager table (SPEC C1): setting and removing a cell.

use super::managers;
use crate::backend::services::catalogs::{record, require_admin};
use crate::backend::store::catalogs;
use crate::backend::store::routing as store;
use crate::backend::{AppError, AppState};
use crate::domain::catalog::CatalogKind;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::model::Viewer;

/// Sets the manager of a type x group cell of the folder's table.
pub async fn put_rule(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    case_type_id: i64,
    case_group_id: i64,
    manager_id: i64,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    put_rule_as(
        state,
        Some(viewer.id),
        folder_id,
        case_type_id,
        case_group_id,
        manager_id,
    )
    .await
}

pub async fn put_rule_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    case_type_id: i64,
    case_group_id: i64,
    manager_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let belongs = |e: Option<catalogs::EntryRow>, kind: CatalogKind| matches!(e, Some(e) if e.folder_id == folder_id && e.kind == kind.code());
    if !belongs(
        catalogs::entry(&mut tx, case_type_id).await?,
        CatalogKind::CaseType,
    ) {
        errors.add("case_type_id", FieldProblem::Required);
    }
    if !belongs(
        catalogs::entry(&mut tx, case_group_id).await?,
        CatalogKind::CaseGroup,
    ) {
        errors.add("case_group_id", FieldProblem::Required);
    }
    if !managers(&mut tx).await?.iter().any(|c| c.id == manager_id) {
        errors.add("manager_id", FieldProblem::Required);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let before =
        store::put_rule(&mut tx, folder_id, case_type_id, case_group_id, manager_id).await?;
    let changes = vec![
        ("case_type".into(), None, Some(case_type_id.to_string())),
        ("case_group".into(), None, Some(case_group_id.to_string())),
        (
            "manager".into(),
            before.map(|m| m.to_string()),
            Some(manager_id.to_string()),
        ),
    ];
    record(
        &mut tx,
        actor,
        "routing_rule_set",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_rule(state: &AppState, viewer: &Viewer, rule_id: i64) -> Result<i64, AppError> {
    require_admin(viewer)?;
    let folder_id = {
        let mut conn = state.store.pool().acquire().await?;
        store::rule(&mut conn, rule_id)
            .await?
            .ok_or(AppError::NotFound)?
            .folder_id
    };
    let mut tx = state.store.begin().await?;
    catalogs::lock_folder(&mut tx, folder_id).await?;
    let rule = store::rule(&mut tx, rule_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_rule(&mut tx, rule_id).await?;
    let changes = vec![
        (
            "case_type".into(),
            Some(rule.case_type_id.to_string()),
            None,
        ),
        (
            "case_group".into(),
            Some(rule.case_group_id.to_string()),
            None,
        ),
        ("manager".into(), Some(rule.manager_id.to_string()), None),
    ];
    record(
        &mut tx,
        Some(viewer.id),
        "routing_rule_removed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(folder_id)
}
