//! A folder's hand-over settings (SPEC B3) as the admin sees and saves them: who may start
//! cases, who closes them and the fallback manager, with the whole routing setup beside them.

use super::pools::pool_views;
use super::{initiator_roles, managers, terms_of, weights_of};
use crate::backend::services::catalogs::{catalog_choices, record, require_admin};
use crate::backend::store::catalogs;
use crate::backend::store::routing as store;
use crate::backend::{AppError, AppState};
use crate::domain::catalog::CatalogKind;
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::people::Role;
use crate::model::{CustomerTermsView, RoutingRuleView, RoutingSetup, Viewer};

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
        pools: pool_views(&store::pool_members(&mut conn, folder_id).await?),
        weights: weights_of(&folder),
        customers: store::customers_with_terms(&mut conn)
            .await?
            .into_iter()
            .map(|row| CustomerTermsView {
                terms: terms_of(&row),
                name: row.name,
                email: row.email,
            })
            .collect(),
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
