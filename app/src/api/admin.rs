//! The admin area: staff accounts for now.

use crate::model::{FormOutcome, StaffMember};
use leptos::prelude::*;

#[server]
pub async fn staff_list() -> Result<Vec<StaffMember>, ServerFnError> {
    use crate::backend::store::users;
    use crate::backend::AppError;
    use crate::domain::people::Role;
    let viewer = super::context::require_viewer().await?;
    if viewer.role != Role::Admin {
        return Err(AppError::Forbidden.into());
    }
    let state = super::context::state()?;
    let mut conn = state.store.pool().acquire().await.map_err(AppError::from)?;
    let rows = users::staff(&mut conn).await.map_err(AppError::from)?;
    Ok(rows
        .into_iter()
        .map(|u| StaffMember {
            role: u.role(),
            email: u.email,
            name: u.name,
        })
        .collect())
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
