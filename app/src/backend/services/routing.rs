//! Hand-over settings per folder (SPEC B3) and the routing they drive: who may start cases,
//! who closes them, the type x group -> manager table and the fallback manager.

use super::catalogs::{record, require_admin};
use super::workflow::managers;
use crate::backend::store::routing::{self as store, FolderSettingsRow};
use crate::backend::store::{catalogs, users};
use crate::backend::{AppError, AppState};
use crate::domain::catalog::CatalogKind;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::people::Role;
use crate::domain::routing::{route, Route, RoutingRule};
use crate::model::{Choice, RoutingPreview, RoutingRuleView, RoutingSetup, Viewer};
use sqlx::AnyConnection;

/// The roles stored in a folder's `initiator_roles`.
pub fn initiator_roles(row: &FolderSettingsRow) -> Vec<Role> {
    row.initiator_roles
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect()
}

/// Who routing picks for a case of this type and group in this folder.
pub async fn route_in(
    conn: &mut AnyConnection,
    folder: &FolderSettingsRow,
    case_type: Option<i64>,
    case_group: Option<i64>,
) -> Result<Option<Route>, sqlx::Error> {
    let rules: Vec<RoutingRule> = store::rules(conn, folder.id)
        .await?
        .into_iter()
        .map(|r| RoutingRule {
            case_type_id: r.case_type_id,
            case_group_id: r.case_group_id,
            manager_id: r.manager_id,
        })
        .collect();
    Ok(route(
        &rules,
        case_type,
        case_group,
        folder.fallback_manager_id,
    ))
}

/// What the draft shows before it is opened: whom routing would choose now.
pub async fn preview(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    case_type: Option<i64>,
    case_group: Option<i64>,
) -> Result<Option<RoutingPreview>, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    let folder = store::settings(&mut conn, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(chosen) = route_in(&mut conn, &folder, case_type, case_group).await? else {
        return Ok(None);
    };
    let manager = users::by_id(&mut conn, chosen.manager_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Some(RoutingPreview {
        manager,
        reason: chosen.reason,
    }))
}

/// The folders `viewer` may start cases in, in the admin's order.
pub async fn folders_for_initiator(
    conn: &mut AnyConnection,
    viewer: &Viewer,
) -> Result<Vec<FolderSettingsRow>, sqlx::Error> {
    Ok(store::active_folders(conn)
        .await?
        .into_iter()
        .filter(|f| initiator_roles(f).contains(&viewer.role))
        .collect())
}

pub async fn folder_choices(state: &AppState, viewer: &Viewer) -> Result<Vec<Choice>, AppError> {
    if !viewer.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.pool().acquire().await?;
    Ok(folders_for_initiator(&mut conn, viewer)
        .await?
        .into_iter()
        .map(|f| Choice {
            id: f.id,
            name: f.name,
        })
        .collect())
}

/// Active entries of one catalog of a folder, in order.
pub async fn catalog_choices(
    conn: &mut AnyConnection,
    folder_id: i64,
    kind: CatalogKind,
) -> Result<Vec<Choice>, sqlx::Error> {
    Ok(catalogs::entries(conn, folder_id)
        .await?
        .into_iter()
        .filter(|e| e.kind == kind.code() && e.active == 1)
        .map(|e| Choice {
            id: e.id,
            name: e.name,
        })
        .collect())
}

pub async fn setup(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
) -> Result<RoutingSetup, AppError> {
    require_admin(viewer)?;
    let mut conn = state.store.pool().acquire().await?;
    let folder = store::settings(&mut conn, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = catalogs::entries(&mut conn, folder_id).await?;
    let name_of = |id: i64| {
        entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    let rules = store::rules(&mut conn, folder_id)
        .await?
        .into_iter()
        .map(|r| RoutingRuleView {
            id: r.id,
            case_type: name_of(r.case_type_id),
            case_group: name_of(r.case_group_id),
            manager: r.manager_name,
        })
        .collect();
    Ok(RoutingSetup {
        folder_id,
        folder_name: folder.name.clone(),
        initiator_roles: initiator_roles(&folder),
        closer_role: folder.closer_role.parse().unwrap_or(Role::Agent),
        fallback_manager_id: folder.fallback_manager_id,
        managers: managers(&mut conn).await?,
        case_types: catalog_choices(&mut conn, folder_id, CatalogKind::CaseType).await?,
        case_groups: catalog_choices(&mut conn, folder_id, CatalogKind::CaseGroup).await?,
        rules,
    })
}

/// What the settings form sends: role codes, the closer's role code and the fallback
/// manager's id (empty for none).
pub struct SettingsForm {
    pub initiator_roles: Vec<String>,
    pub closer_role: String,
    pub fallback_manager_id: Option<i64>,
}

pub async fn save_settings(
    state: &AppState,
    viewer: &Viewer,
    folder_id: i64,
    form: SettingsForm,
) -> Result<(), AppError> {
    require_admin(viewer)?;
    save_settings_as(state, Some(viewer.id), folder_id, form).await
}

pub async fn save_settings_as(
    state: &AppState,
    actor: Option<i64>,
    folder_id: i64,
    form: SettingsForm,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let mut roles = Vec::new();
    for r in &form.initiator_roles {
        match r.parse::<Role>() {
            Ok(role) if role.is_staff() => {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
            _ => errors.add("initiator_roles", FieldProblem::Invalid),
        }
    }
    if roles.is_empty() {
        errors.add("initiator_roles", FieldProblem::Required);
    }
    let closer = match form.closer_role.parse::<Role>() {
        Ok(r) if r.is_staff() => Some(r),
        _ => {
            errors.add("closer_role", FieldProblem::Invalid);
            None
        }
    };
    let mut tx = state.store.begin().await?;
    if !catalogs::lock_folder(&mut tx, folder_id).await? {
        return Err(AppError::NotFound);
    }
    if let Some(m) = form.fallback_manager_id {
        if !managers(&mut tx).await?.iter().any(|c| c.id == m) {
            errors.add("fallback_manager_id", FieldProblem::Invalid);
        }
    }
    let (Some(closer), true) = (closer, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let before = store::settings(&mut tx, folder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles_text = Role::ALL
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(",");
    store::set_settings(
        &mut tx,
        folder_id,
        &roles_text,
        closer.code(),
        form.fallback_manager_id,
    )
    .await?;
    let id_text = |v: Option<i64>| v.map(|m| m.to_string());
    let changes = vec![
        (
            "initiator_roles".into(),
            Some(before.initiator_roles),
            Some(roles_text),
        ),
        (
            "closer_role".into(),
            Some(before.closer_role),
            Some(closer.code().into()),
        ),
        (
            "fallback_manager".into(),
            id_text(before.fallback_manager_id),
            id_text(form.fallback_manager_id),
        ),
    ];
    record(
        &mut tx,
        actor,
        "folder_routing_changed",
        "folder",
        folder_id,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

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
