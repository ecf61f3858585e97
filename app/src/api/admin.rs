//! The admin area: staff accounts for now.

use crate::model::{FolderSummary, FolderView, FormOutcome, StaffMember};
use leptos::prelude::*;

#[server]
pub async fn staff_list() -> Result<Vec<StaffMember>, ServerFnError> {
    use crate::backend::services::auth;
    let viewer = super::context::require_viewer().await?;
    Ok(auth::staff(&super::context::state()?.store, &viewer).await?)
}

#[server]
pub async fn create_staff(
    email: String,
    name: String,
    role: String,
    password: String,
) -> Result<FormOutcome, ServerFnError> {
    use crate::backend::services::auth;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    match auth::create_staff(&state.store, &viewer, &email, &name, &role, &password).await {
        Ok(()) => Ok(FormOutcome::Done {
            go_to: "/admin".into(),
        }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn folders() -> Result<Vec<FolderSummary>, ServerFnError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::folders(&super::context::state()?, &viewer).await?)
}

#[server]
pub async fn create_folder(name: String) -> Result<FormOutcome, ServerFnError> {
    use crate::backend::services::catalogs;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    match catalogs::create_folder(&super::context::state()?, &viewer, &name).await {
        Ok(id) => Ok(FormOutcome::Done {
            go_to: format!("/admin/folders/{id}"),
        }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn folder(id: i64) -> Result<FolderView, ServerFnError> {
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
) -> Result<FormOutcome, ServerFnError> {
    use crate::backend::services::catalogs::{self, EntryForm};
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let form = EntryForm {
        folder_id,
        kind,
        name,
        binding,
        parent_id: parent_id.parse().ok(),
    };
    match catalogs::add_entry(&super::context::state()?, &viewer, form).await {
        Ok(_) => Ok(FormOutcome::Done {
            go_to: format!("/admin/folders/{folder_id}"),
        }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn rename_catalog_entry(id: i64, name: String) -> Result<FormOutcome, ServerFnError> {
    use crate::backend::services::catalogs;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    match catalogs::rename_entry(&super::context::state()?, &viewer, id, &name).await {
        Ok(()) => Ok(FormOutcome::Done {
            go_to: String::new(),
        }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn move_catalog_entry(id: i64, up: bool) -> Result<(), ServerFnError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::move_entry(&super::context::state()?, &viewer, id, up).await?)
}

#[server]
pub async fn set_catalog_entry_active(id: i64, active: bool) -> Result<(), ServerFnError> {
    use crate::backend::services::catalogs;
    let viewer = super::context::require_viewer().await?;
    Ok(catalogs::set_entry_active(&super::context::state()?, &viewer, id, active).await?)
}

/// Imports the coverage registry from an uploaded CSV (field `file`).
#[server(input = server_fn::codec::MultipartFormData)]
pub async fn import_coverage(
    data: server_fn::codec::MultipartData,
) -> Result<Result<crate::model::CoverageImport, crate::domain::form::FieldErrors>, ServerFnError> {
    use crate::backend::services::coverage;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let mut data = data
        .into_inner()
        .ok_or_else(|| ServerFnError::new("no form data"))?;
    let mut bytes = Vec::new();
    while let Some(mut field) = data
        .next_field()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?
    {
        if field.name() == Some("file") {
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| ServerFnError::new(e.to_string()))?
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
