//! The admin area: staff accounts for now.

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{
    CaseTypeSetup, FolderSummary, FolderView, FormOutcome, RoutingSetup, StaffMember,
};
use leptos::prelude::*;

#[server]
pub async fn staff_list() -> Result<Vec<StaffMember>, ApiError> {
    use crate::backend::services::auth;
    let viewer = super::context::require_viewer().await?;
    Ok(auth::staff(&super::context::state()?.store, &viewer).await?)
}

/// One staff member, for the admin's edit page.
#[server]
pub async fn load_staff_member(id: i64) -> Result<StaffMember, ApiError> {
    use crate::backend::services::auth;
    let viewer = super::context::require_viewer().await?;
    Ok(auth::staff_member(&super::context::state()?.store, &viewer, id).await?)
}

/// An admin edits a staff member (`active` present when ticked).
#[server]
pub async fn update_staff(
    id: i64,
    name: String,
    role: String,
    #[server(default)] active: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::auth;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        auth::update_staff(
            &state.store,
            &viewer,
            id,
            auth::StaffEdit {
                name,
                role,
                active: !active.is_empty(),
            },
        )
        .await,
        |()| "/admin".into(),
    )
}

#[server]
pub async fn create_staff(
    email: String,
    name: String,
    role: String,
    password: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::auth;

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        auth::create_staff(&state.store, &viewer, &email, &name, &role, &password).await,
        |()| "/admin".into(),
    )
}

#[server]
pub async fn folders() -> Result<Vec<FolderSummary>, ApiError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::folders(&super::context::state()?, &viewer).await?)
}

#[server]
pub async fn create_folder(name: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::catalogs;

    let viewer = super::context::require_viewer().await?;
    form_outcome(
        catalogs::create_folder(&super::context::state()?, &viewer, &name).await,
        |id| format!("/admin/folders/{id}"),
    )
}

#[server]
pub async fn folder(id: i64) -> Result<FolderView, ApiError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::folder_view(&super::context::state()?, &viewer, id).await?)
}

/// `parent_id` is empty for a top-level entry; `binding` is empty for catalogs without one.
#[server]
pub async fn add_catalog_entry(
    folder_id: i64,
    kind: String,
    name: String,
    #[server(default)] binding: String,
    #[server(default)] parent_id: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::catalogs::{self, EntryForm};

    let viewer = super::context::require_viewer().await?;
    let form = EntryForm {
        folder_id,
        kind,
        name,
        binding,
        parent_id: parent_id.parse().ok(),
    };
    form_outcome(
        catalogs::add_entry(&super::context::state()?, &viewer, form).await,
        |_| format!("/admin/folders/{folder_id}"),
    )
}

#[server]
pub async fn rename_catalog_entry(id: i64, name: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::catalogs;

    let viewer = super::context::require_viewer().await?;
    form_outcome(
        catalogs::rename_entry(&super::context::state()?, &viewer, id, &name).await,
        |()| String::new(),
    )
}

#[server]
pub async fn move_catalog_entry(id: i64, up: bool) -> Result<(), ApiError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::move_entry(&super::context::state()?, &viewer, id, up).await?)
}

#[server]
pub async fn set_catalog_entry_active(id: i64, active: bool) -> Result<(), ApiError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::set_entry_active(&super::context::state()?, &viewer, id, active).await?)
}

/// Imports the coverage registry from an uploaded CSV (field `file`).
#[server(input = server_fn::codec::MultipartFormData)]
pub async fn import_coverage(
    data: server_fn::codec::MultipartData,
) -> Result<Result<crate::model::CoverageImport, crate::domain::form::FieldErrors>, ApiError> {
    use crate::backend::services::coverage;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    // Who may import is settled before the file is read (issue 15).
    crate::backend::services::catalogs::require_admin(&viewer)?;
    let state = super::context::state()?;
    let mut data = data
        .into_inner()
        .ok_or_else(|| AppError::Invalid(Default::default()))?;
    let mut bytes = Vec::new();
    while let Some(mut field) = data
        .next_field()
        .await
        .map_err(|_| AppError::Invalid(Default::default()))?
    {
        if field.name() == Some("file") {
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|_| AppError::Invalid(Default::default()))?
            {
                bytes.extend_from_slice(&chunk);
            }
        }
    }
    match coverage::import_csv(&state, &viewer, &bytes).await {
        Ok(report) => Ok(Ok(report)),
        Err(AppError::Invalid(errors)) => Ok(Err(errors)),
        Err(e) => Err(e.into()),
    }
}

/// A case type's extra fields and required documents (SPEC B2, A7).
#[server]
pub async fn load_case_type_setup(id: i64) -> Result<CaseTypeSetup, ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    Ok(forms::setup(&super::context::state()?, &viewer, id).await?)
}

/// `required` is the checkbox's value when ticked; `options` holds one choice per line.
#[server]
pub async fn add_form_field(
    case_type_id: i64,
    label: String,
    kind: String,
    #[server(default)] required: Option<String>,
    #[server(default)] help: String,
    #[server(default)] options: String,
    #[server(default)] currency: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::forms::{self, FieldForm};
    let viewer = super::context::require_viewer().await?;
    let form = FieldForm {
        label,
        kind,
        required: required.is_some(),
        help,
        options,
        currency,
    };
    form_outcome(
        forms::add_field(&super::context::state()?, &viewer, case_type_id, form).await,
        |_| String::new(),
    )
}

#[server]
pub async fn add_required_document(
    case_type_id: i64,
    name: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    form_outcome(
        forms::add_document(&super::context::state()?, &viewer, case_type_id, &name).await,
        |_| String::new(),
    )
}

/// SPEC D4: whether asking the customer stops the clock of the type's cases; `pauses` is the
/// checkbox's value when ticked.
#[server]
pub async fn set_case_type_pause(
    case_type_id: i64,
    #[server(default)] pauses: Option<String>,
) -> Result<(), ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    Ok(forms::set_pauses_for_customer(
        &super::context::state()?,
        &viewer,
        case_type_id,
        pauses.is_some(),
    )
    .await?)
}

/// `item` is `field` or `document`.
#[server]
pub async fn set_form_item_active(item: String, id: i64, active: bool) -> Result<(), ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    let table = form_table(&item)?;
    Ok(forms::set_active(&super::context::state()?, &viewer, table, id, active).await?)
}

#[server]
pub async fn move_form_item(item: String, id: i64, up: bool) -> Result<(), ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    let table = form_table(&item)?;
    Ok(forms::move_item(&super::context::state()?, &viewer, table, id, up).await?)
}

#[cfg(feature = "ssr")]
fn form_table(item: &str) -> Result<crate::backend::store::forms::FormTable, ApiError> {
    use crate::backend::store::forms::FormTable;
    match item {
        "field" => Ok(FormTable::Fields),
        "document" => Ok(FormTable::Documents),
        _ => Err(crate::backend::AppError::NotFound.into()),
    }
}

/// A folder's hand-over settings and routing table (SPEC B3).
#[server]
pub async fn load_routing_setup(folder_id: i64) -> Result<RoutingSetup, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    Ok(routing::setup(&super::context::state()?, &viewer, folder_id).await?)
}

/// The initiator roles come as one checkbox per role (`initiator_<role>`); the fallback
/// manager's id is empty for none.
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_routing_settings(
    folder_id: i64,
    closer_role: String,
    #[server(default)] fallback_manager_id: String,
    #[server(default)] initiator_agent: Option<String>,
    #[server(default)] initiator_manager: Option<String>,
    #[server(default)] initiator_supervisor: Option<String>,
    #[server(default)] initiator_admin: Option<String>,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::routing::{self, SettingsForm};
    let viewer = super::context::require_viewer().await?;
    let ticked = [
        ("agent", initiator_agent),
        ("manager", initiator_manager),
        ("supervisor", initiator_supervisor),
        ("admin", initiator_admin),
    ];
    let form = SettingsForm {
        initiator_roles: ticked
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(r, _)| r.to_string())
            .collect(),
        closer_role,
        fallback_manager_id: fallback_manager_id.parse().ok(),
    };
    form_outcome(
        routing::save_settings(&super::context::state()?, &viewer, folder_id, form).await,
        |_| String::new(),
    )
}

#[server]
pub async fn put_routing_rule(
    folder_id: i64,
    #[server(default)] case_type_id: String,
    #[server(default)] case_group_id: String,
    #[server(default)] manager_id: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    let id = |s: &str| s.parse::<i64>().unwrap_or(0);
    form_outcome(
        routing::put_rule(
            &super::context::state()?,
            &viewer,
            folder_id,
            id(&case_type_id),
            id(&case_group_id),
            id(&manager_id),
        )
        .await,
        |_| String::new(),
    )
}

#[server]
pub async fn delete_routing_rule(id: i64) -> Result<(), ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    routing::delete_rule(&super::context::state()?, &viewer, id).await?;
    Ok(())
}

/// SPEC C1: adds a candidate to the folder's rule for a customer tier or an SLA class. `rule`
/// is `customer_tier:<tier>` or `sla_class`, and then `sla_class` holds the class as typed.
#[server]
pub async fn add_routing_candidate(
    folder_id: i64,
    #[server(default)] rule: String,
    #[server(default)] sla_class: String,
    #[server(default)] manager_id: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::routing::{self, PoolForm};
    let viewer = super::context::require_viewer().await?;
    let (kind, value) = match rule.split_once(':') {
        Some((kind, tier)) => (kind.to_string(), tier.to_string()),
        None => (rule, sla_class),
    };
    let form = PoolForm {
        kind,
        value,
        manager_id: manager_id.parse().ok(),
    };
    form_outcome(
        routing::add_pool_candidate(&super::context::state()?, &viewer, folder_id, form).await,
        |_| String::new(),
    )
}

#[server]
pub async fn remove_routing_candidate(pool_id: i64, manager_id: i64) -> Result<(), ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    routing::remove_pool_candidate(&super::context::state()?, &viewer, pool_id, manager_id).await?;
    Ok(())
}

/// The weights of an open case and an open task when candidates are compared, as typed.
#[server]
pub async fn save_routing_weights(
    folder_id: i64,
    #[server(default)] case_weight: String,
    #[server(default)] task_weight: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    form_outcome(
        routing::save_weights(
            &super::context::state()?,
            &viewer,
            folder_id,
            &case_weight,
            &task_weight,
        )
        .await,
        |_| String::new(),
    )
}

/// A customer's tier and SLA class, found by e-mail; an empty class removes it.
#[server]
pub async fn set_customer_terms(
    #[server(default)] email: String,
    #[server(default)] tier: String,
    #[server(default)] sla_class: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    form_outcome(
        routing::set_customer_terms(
            &super::context::state()?,
            &viewer,
            &email,
            &tier,
            &sla_class,
        )
        .await,
        |_| String::new(),
    )
}
