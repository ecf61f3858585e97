//! Getting into an account through its mailbox (issue 15): the link that confirms a new
//! account's address, and the link that sets a forgotten password. Both are single-use and run
//! out (`backend::account_links`); following either proves the address, which is what lets the
//! cases recorded for it show in the portal (`domain::access::scope`).

use super::auth::{check_password, hash_password, open_session, record, Session};
use crate::backend::account_links::{self, AccountLink};
use crate::backend::notify::{self, templates};
use crate::backend::store::outbox::{NewMessage, LINK_TOKEN_SLOT};
use crate::backend::store::{sessions, users};
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::domain::people::Email;
use crate::i18n::Locale;
use crate::model::Viewer;
use sqlx::AnyConnection;

/// Queues the mail that carries a new link of `link` to the account's address, in the caller's
/// transaction; the token itself is made when the mail is sent.
pub async fn mail_link(
    conn: &mut AnyConnection,
    state: &AppState,
    holder: &Viewer,
    link: AccountLink,
    locale: Locale,
    now: i64,
) -> Result<(), AppError> {
    let public = state.config.public_url.trim_end_matches('/');
    let url = format!("{public}{}{LINK_TOKEN_SLOT}", link.path());
    let hours = (link.lasts_ms() / 3_600_000).to_string();
    let minutes = (link.lasts_ms() / 60_000).to_string();
    let template = templates::event(link.event())
        .ok_or_else(|| AppError::Internal(format!("no template for {}", link.event())))?;
    let values = [
        ("name", holder.name.as_str()),
        ("link", url.as_str()),
        ("hours", hours.as_str()),
        ("minutes", minutes.as_str()),
    ];
    let r = notify::render(conn, template, locale, &values).await?;
    notify::enqueue(
        conn,
        NewMessage {
            case_id: None,
            channel: "email",
            recipient: holder.email.clone(),
            locale: locale.code(),
            event: template.event,
            subject: r.subject,
            body_text: r.text,
            body_html: Some(r.html),
            created_at: now,
            info_request_id: None,
            attachment_id: None,
            account_user_id: Some(holder.id),
        },
    )
    .await?;
    Ok(())
}

/// Whether the viewer has proved their address.
pub async fn confirmed(state: &AppState, viewer: &Viewer) -> Result<bool, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(users::by_id(&mut conn, viewer.id)
        .await?
        .is_some_and(|u| u.email_verified_at.is_some()))
}

/// Mails the viewer a new confirmation link, unless their address is proved already.
pub async fn mail_confirmation_again(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
) -> Result<(), AppError> {
    if confirmed(state, viewer).await? {
        return Ok(());
    }
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    record(&mut tx, viewer.id, now, "email_confirmation_asked", vec![]).await?;
    mail_link(
        &mut tx,
        state,
        viewer,
        AccountLink::ConfirmEmail,
        locale,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn link_refused() -> AppError {
    let mut errors = FieldErrors::default();
    errors.add("token", FieldProblem::LinkUsedOrExpired);
    AppError::Invalid(errors)
}

/// Follows a confirmation link, logged in as the account it was mailed for: the account's
/// address is proved. Pressing the link alone is not enough: whoever reads the mail proves the
/// address, but only for the account they can log in to, so an impostor who signed up with
/// someone's address cannot have its owner confirm the impostor's account (the owner takes the
/// account over with a password reset instead).
pub async fn confirm_email(state: &AppState, viewer: &Viewer, token: &str) -> Result<(), AppError> {
    let now = state.now_ms();
    let user_id = link_holder(state, token, AccountLink::ConfirmEmail, now)
        .await?
        .filter(|holder| *holder == viewer.id)
        .ok_or_else(link_refused)?;
    let mut tx = state.store.begin().await?;
    // Using the link up is the first write: of two requests with it, the second finds it used.
    if !account_links::use_up(&mut tx, user_id, token, AccountLink::ConfirmEmail, now).await? {
        return Err(link_refused());
    }
    users::set_verified(&mut tx, user_id, now).await?;
    record(&mut tx, user_id, now, "email_confirmed", vec![]).await?;
    tx.commit().await?;
    Ok(())
}

async fn link_holder(
    state: &AppState,
    token: &str,
    link: AccountLink,
    now: i64,
) -> Result<Option<i64>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    Ok(account_links::holder(&mut conn, token, link, now).await?)
}

/// Someone asks for a new password for `email`. The answer is the same whether an account has
/// that address or not, so the form does not tell who has one; a link goes only to an account
/// that may log in.
pub async fn ask_for_new_password(
    state: &AppState,
    email: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let Ok(email) = Email::parse(email) else {
        let mut errors = FieldErrors::default();
        errors.add("email", FieldProblem::Invalid);
        return Err(AppError::Invalid(errors));
    };
    let user = users::by_email(&mut *state.store.pool().acquire().await?, email.as_str()).await?;
    let Some(user) = user.filter(|u| u.active == 1) else {
        return Ok(());
    };
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    // The write first (SQLite takes its lock with it); the mail's template is read after.
    record(&mut tx, user.id, now, "password_reset_asked", vec![]).await?;
    mail_link(
        &mut tx,
        state,
        &user.viewer(),
        AccountLink::ResetPassword,
        locale,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a reset link still works, for its page to say so before anything is typed.
pub async fn reset_link_works(state: &AppState, token: &str) -> Result<bool, AppError> {
    let now = state.now_ms();
    Ok(link_holder(state, token, AccountLink::ResetPassword, now)
        .await?
        .is_some())
}

/// Follows a reset link with a new password: it is set, the address counts as proved, every
/// session of the account ends and a new one opens here.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: &str,
) -> Result<Session, AppError> {
    let mut errors = FieldErrors::default();
    check_password(&mut errors, "password", password);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let user_id = link_holder(state, token, AccountLink::ResetPassword, state.now_ms())
        .await?
        .ok_or_else(link_refused)?;
    let user = {
        let mut conn = state.store.pool().acquire().await?;
        users::by_id(&mut conn, user_id).await?
    };
    let user = user.filter(|u| u.active == 1).ok_or_else(link_refused)?;
    let hash = hash_password(password.to_string()).await?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    if !account_links::use_up(&mut tx, user_id, token, AccountLink::ResetPassword, now).await? {
        return Err(link_refused());
    }
    users::set_password(&mut tx, user_id, &hash).await?;
    if user.email_verified_at.is_none() {
        // Whoever held the account before the address was proved may have pointed its messages
        // at a phone of theirs: the owner starts again from e-mail.
        users::forget_phone(&mut tx, user_id).await?;
    }
    users::set_verified(&mut tx, user_id, now).await?;
    let ended = sessions::end_all(&mut tx, user_id, None).await?;
    record(
        &mut tx,
        user_id,
        now,
        "password_reset",
        vec![("sessions_ended".into(), None, Some(ended.to_string()))],
    )
    .await?;
    tx.commit().await?;
    open_session(&state.store, user.viewer()).await
}
