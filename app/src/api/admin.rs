//! The admin area: staff accounts for now.

use crate::model::{FormOutcome, StaffMember};
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
