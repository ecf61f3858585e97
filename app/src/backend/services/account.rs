//! A person's own account (issue 15): changing the password with the current one, the list of
//! their open sessions and ending all the others. A password change ends every other session
//! too, so someone who learnt the old one is out at once.

use super::auth::{check_password, hash_password, idle_since, password_matches};
use crate::backend::display::format_time;
use crate::backend::store::{audit, sessions, users};
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::i18n::Locale;
use crate::model::{SessionView, Viewer};

/// The longest browser description kept with a session.
const USER_AGENT_MAX: usize = 200;

/// Keeps which browser a new session was opened from, for its owner's list.
pub async fn describe_session(
    state: &AppState,
    token: &str,
    user_agent: &str,
) -> Result<(), AppError> {
    let agent: String = user_agent
        .chars()
        .filter(|c| !c.is_control())
        .take(USER_AGENT_MAX)
        .collect();
    if agent.is_empty() {
        return Ok(());
    }
    let mut conn = state.store.pool().acquire().await?;
    sessions::set_user_agent(&mut conn, token, &agent).await?;
    Ok(())
}

/// The viewer's open sessions, the one of `token` marked.
pub async fn sessions(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
    locale: Locale,
) -> Result<Vec<SessionView>, AppError> {
    let now = crate::backend::now_ms();
    let mut conn = state.store.pool().acquire().await?;
    let current = sessions::token_hash(token);
    let zone = state.config.time_zone;
    Ok(
        sessions::of_user(&mut conn, viewer.id, now, idle_since(now))
            .await?
            .into_iter()
            .map(|s| SessionView {
                opened: format_time(s.created_at, zone, locale),
                last_used: format_time(s.last_seen_at, zone, locale),
                user_agent: s.user_agent,
                current: s.token_hash == current,
            })
            .collect(),
    )
}

/// Ends every session of the viewer but this one; returns how many ended.
pub async fn log_out_elsewhere(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
) -> Result<u64, AppError> {
    let mut tx = state.store.begin().await?;
    let ended = sessions::end_all(&mut tx, viewer.id, Some(token)).await?;
    record(&mut tx, viewer, "sessions_ended", ended).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Changes the viewer's password after checking the current one, and ends their other sessions.
pub async fn change_password(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    check_password(&mut errors, "new_password", new);
    let stored = {
        let mut conn = state.store.pool().acquire().await?;
        users::by_id(&mut conn, viewer.id)
            .await?
            .and_then(|u| u.password_hash)
    };
    let matches = match stored {
        Some(hash) => password_matches(hash, current.to_string()).await?,
        None => false,
    };
    if !matches {
        errors.add("current_password", FieldProblem::WrongPassword);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = hash_password(new.to_string()).await?;
    let mut tx = state.store.begin().await?;
    users::set_password(&mut tx, viewer.id, &hash).await?;
    let ended = sessions::end_all(&mut tx, viewer.id, Some(token)).await?;
    record(&mut tx, viewer, "password_changed", ended).await?;
    tx.commit().await?;
    Ok(())
}

async fn record(
    conn: &mut sqlx::AnyConnection,
    viewer: &Viewer,
    action: &'static str,
    ended: u64,
) -> Result<(), AppError> {
    audit::append(
        conn,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(viewer.id),
            at: crate::backend::now_ms(),
            action,
            entity: "user",
            entity_id: Some(viewer.id),
            changes: vec![("sessions_ended".into(), None, Some(ended.to_string()))],
            note: None,
            public: false,
        },
    )
    .await?;
    Ok(())
}

/// A request someone logged in was refused (403) or told does not exist for them (404), in the
/// audit trail (issue 15): the path asked for (its tokens cut out by the caller) and the answer.
/// Requests without a live session are not recorded: anonymous scans would fill the trail.
pub async fn record_refusal(
    state: &AppState,
    token: &str,
    path: &str,
    status: u16,
) -> Result<(), AppError> {
    let Some(viewer) = super::auth::viewer(&state.store, token).await? else {
        return Ok(());
    };
    let path: String = path.chars().take(200).collect();
    let mut tx = state.store.begin().await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(viewer.id),
            at: state.now_ms(),
            action: "access_refused",
            entity: "request",
            entity_id: None,
            changes: vec![
                ("path".into(), None, Some(path)),
                ("status".into(), None, Some(status.to_string())),
            ],
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
