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
    match auth::log_in(&state.store, &email, &password).await {
        Ok(session) => {
            super::context::start_session(&session)?;
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
