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
        &state,
        auth::NewAccount {
            email,
            name,
            password,
        },
        super::context::request_locale(),
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
        Ok(session) => logged_in(session).await,
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// Starts the browser's session and sends staff to their desk, customers to their portal.
#[cfg(feature = "ssr")]
async fn logged_in(
    session: crate::backend::services::auth::Session,
) -> Result<FormOutcome, ApiError> {
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

/// Someone who forgot their password asks for a link to set a new one. The answer does not say
/// whether an account has the address.
#[server]
pub async fn ask_new_password(email: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::recovery;
    let state = super::context::state()?;
    state
        .limits
        .ask_new_password(super::context::client_address(), &email)?;
    if crate::domain::people::Email::parse(&email).is_err() {
        let mut errors = crate::domain::form::FieldErrors::default();
        errors.add("email", crate::domain::form::FieldProblem::Invalid);
        return Ok(FormOutcome::Invalid(errors));
    }
    // Answered at once, whether or not an account has the address: the mail is queued behind
    // the answer, so the time taken tells nobody who has an account.
    let locale = super::context::request_locale();
    tokio::spawn(async move {
        if let Err(e) = recovery::ask_for_new_password(&state, &email, locale).await {
            tracing::warn!(error = %e, "cannot queue a password link");
        }
    });
    Ok(FormOutcome::Done { go_to: "".into() })
}

/// Whether a mailed reset link still works (its page says so before anything is typed).
#[server]
pub async fn reset_link_works(token: String) -> Result<bool, ApiError> {
    use crate::backend::services::recovery;
    let state = super::context::state()?;
    state
        .limits
        .follow_account_link(super::context::client_address())?;
    Ok(recovery::reset_link_works(&state, &token).await?)
}

/// Sets a new password through a mailed link; every session of the account ends and the person
/// is logged in here.
#[server]
pub async fn reset_password(token: String, password: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::recovery;
    use crate::backend::AppError;
    let state = super::context::state()?;
    state
        .limits
        .follow_account_link(super::context::client_address())?;
    match recovery::reset_password(&state, &token, &password).await {
        Ok(session) => logged_in(session).await,
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// Follows a mailed confirmation link: the address is proved.
#[server]
pub async fn confirm_email(token: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::recovery;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    state
        .limits
        .follow_account_link(super::context::client_address())?;
    super::outcome::form_outcome(
        recovery::confirm_email(&state, &viewer, &token).await,
        |_| "/".into(),
    )
}

/// The viewer's address while it is not confirmed; `None` once it is.
#[server]
pub async fn my_unconfirmed_address() -> Result<Option<String>, ApiError> {
    use crate::backend::services::recovery;
    let (viewer, _) = super::context::require_session().await?;
    let state = super::context::state()?;
    Ok((!recovery::confirmed(&state, &viewer).await?).then_some(viewer.email))
}

/// Mails the viewer's confirmation link again.
#[server]
pub async fn mail_confirmation_again() -> Result<FormOutcome, ApiError> {
    use crate::backend::services::recovery;
    let (viewer, _) = super::context::require_session().await?;
    let state = super::context::state()?;
    state.limits.ask_new_password(None, &viewer.email)?;
    recovery::mail_confirmation_again(&state, &viewer, super::context::request_locale()).await?;
    Ok(FormOutcome::Done { go_to: "".into() })
}
