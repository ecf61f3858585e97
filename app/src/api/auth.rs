//! Sign-up, login and logout.

use super::error::ApiError;
use crate::model::{FormOutcome, Viewer};
use leptos::prelude::*;

#[server]
pub async fn who_am_i() -> Result<Option<Viewer>, ApiError> {
    super::context::viewer().await
}

#[server]
pub async fn sign_up(
    email: String,
    name: String,
    password: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::auth;
    use crate::backend::AppError;
    let state = super::context::state()?;
    state.limits.sign_up(super::context::client_address())?;
    match auth::sign_up(
        &state.store,
        auth::NewAccount {
            email,
            name,
            password,
        },
    )
    .await
    {
        Ok(session) => {
            super::context::start_session(&session)?;
            super::context::describe_session(&session).await;
            Ok(FormOutcome::Done { go_to: "/".into() })
        }
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn log_in(email: String, password: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::auth;
    use crate::backend::AppError;
    let state = super::context::state()?;
    state
        .limits
        .log_in(super::context::client_address(), &email)?;
    match auth::log_in(&state.store, &email, &password).await {
        Ok(session) => {
            super::context::start_session(&session)?;
            super::context::describe_session(&session).await;
            let go_to = if session.viewer.role.is_staff() {
                "/desk"
            } else {
                "/"
            };
            Ok(FormOutcome::Done {
                go_to: go_to.into(),
            })
        }
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn log_out() -> Result<(), ApiError> {
    super::context::end_session().await
}

/// The viewer's open sessions (issue 15).
#[server]
pub async fn my_sessions() -> Result<Vec<crate::model::SessionView>, ApiError> {
    use crate::backend::services::account;
    let (viewer, token) = super::context::require_session().await?;
    let state = super::context::state()?;
    Ok(account::sessions(&state, &viewer, &token, super::context::request_locale()).await?)
}

/// Ends the viewer's sessions on every other device.
#[server]
pub async fn log_out_elsewhere() -> Result<FormOutcome, ApiError> {
    use crate::backend::services::account;
    let (viewer, token) = super::context::require_session().await?;
    let state = super::context::state()?;
    account::log_out_elsewhere(&state, &viewer, &token).await?;
    Ok(FormOutcome::Done { go_to: "/".into() })
}

/// Changes the viewer's password with their current one; their other sessions end.
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::account;
    use crate::backend::AppError;
    let (viewer, token) = super::context::require_session().await?;
    let state = super::context::state()?;
    // Asking for the current password is a guess like a log-in: the same allowance.
    state
        .limits
        .log_in(super::context::client_address(), &viewer.email)?;
    match account::change_password(&state, &viewer, &token, &current_password, &new_password).await
    {
        Ok(()) => Ok(FormOutcome::Done { go_to: "/".into() }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}
