//! Sign-up, login, logout and the creation of users by an admin or the CLI.

use crate::backend::account_links::AccountLink;
use crate::backend::store::{audit, is_unique_violation, sessions, users, Store};
use crate::backend::{AppError, AppState};
use crate::domain::form::{text_field, FieldErrors, FieldProblem};
use crate::domain::people::{Email, Role, MIN_PASSWORD_LEN};
use crate::i18n::Locale;
use crate::model::Viewer;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use sqlx::AnyConnection;

pub use crate::domain::people::{SESSION_DAYS, SESSION_IDLE_HOURS};
/// How often a session's last use is written: the idle limit is this precise.
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

/// The instant before which a session unused since has ended.
pub fn idle_since(now: i64) -> i64 {
    now - SESSION_IDLE_HOURS * 3600 * 1000
}

/// A logged-in session: the token goes into the cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub viewer: Viewer,
    pub expires_at: i64,
}

/// Argon2 is slow on purpose; it runs off the async threads, a bounded number at once.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _turn = crate::backend::limits::hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub(crate) async fn password_matches(hash: String, password: String) -> Result<bool, AppError> {
    let _turn = crate::backend::limits::hashing_turn().await?;
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false))
}

pub(crate) fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    let len = password.chars().count();
    if len == 0 {
        errors.add(field, FieldProblem::Required);
    } else if len < MIN_PASSWORD_LEN {
        errors.add(
            field,
            FieldProblem::TooShort {
                min: MIN_PASSWORD_LEN,
            },
        );
    } else if len > 200 {
        errors.add(field, FieldProblem::TooLong { max: 200 });
    }
}

pub(crate) async fn open_session(store: &Store, viewer: Viewer) -> Result<Session, AppError> {
    let token = crate::backend::tokens::new_token();
    let now = crate::backend::now_ms();
    let expires_at = now + SESSION_DAYS * 24 * 3600 * 1000;
    let mut conn = store.pool().acquire().await?;
    // Logins are rare enough to carry the clean-up of sessions that ran out.
    sessions::delete_expired(&mut conn, now).await?;
    sessions::insert(&mut conn, &token, viewer.id, now, expires_at).await?;
    Ok(Session {
        token,
        viewer,
        expires_at,
    })
}

pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// A customer creates their own account and is logged in. The address is not theirs until they
/// follow the link mailed to it (`recovery`): until then they see only the cases they file.
/// A customer an agent recorded without a password signs up on that record the same way.
pub async fn sign_up(
    state: &AppState,
    form: NewAccount,
    locale: Locale,
) -> Result<Session, AppError> {
    let mut errors = FieldErrors::default();
    let email = Email::parse(&form.email).map_err(|_| {
        errors.add(
            "email",
            if form.email.trim().is_empty() {
                FieldProblem::Required
            } else {
                FieldProblem::Invalid
            },
        )
    });
    let name = text_field(&mut errors, "name", &form.name, 2, 120);
    check_password(&mut errors, "password", &form.password);
    let Ok(email) = email else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let taken = || {
        let mut errors = FieldErrors::default();
        errors.add("email", FieldProblem::EmailTaken);
        AppError::Invalid(errors)
    };
    let existing =
        users::by_email(&mut *state.store.pool().acquire().await?, email.as_str()).await?;
    let recorded = match existing {
        None => None,
        Some(u) if u.role() == Role::Customer && u.password_hash.is_none() && u.active == 1 => {
            Some(u)
        }
        Some(_) => return Err(taken()),
    };
    let hash = hash_password(form.password).await?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    let viewer = match recorded {
        Some(u) => {
            // Whoever claims the record proves the address before its cases show.
            if !users::claim(&mut tx, u.id, &hash).await? {
                return Err(taken());
            }
            record(&mut tx, u.id, now, "account_claimed", vec![]).await?;
            u.viewer()
        }
        None => {
            let id = insert_user(
                &mut tx,
                None,
                &email,
                &name,
                None,
                Role::Customer,
                Some(&hash),
                None,
                now,
            )
            .await?;
            Viewer {
                id,
                email: email.to_string(),
                name,
                role: Role::Customer,
            }
        }
    };
    super::recovery::mail_link(
        &mut tx,
        state,
        &viewer,
        AccountLink::ConfirmEmail,
        locale,
        now,
    )
    .await?;
    tx.commit().await?;
    open_session(&state.store, viewer).await
}

/// Creates a user whose address whoever creates it vouches for (an admin, the CLI, the demo
/// data), and records who did it. `actor` is `None` for the CLI.
pub async fn create_user(
    store: &Store,
    actor: Option<&Viewer>,
    email: &Email,
    name: &str,
    phone: Option<&str>,
    role: Role,
    password: Option<String>,
) -> Result<i64, AppError> {
    let password_hash = match password {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    let now = crate::backend::now_ms();
    let mut tx = store.begin().await?;
    let id = insert_user(
        &mut tx,
        actor,
        email,
        name,
        phone,
        role,
        password_hash.as_deref(),
        Some(now),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn insert_user(
    conn: &mut AnyConnection,
    actor: Option<&Viewer>,
    email: &Email,
    name: &str,
    phone: Option<&str>,
    role: Role,
    password_hash: Option<&str>,
    verified_at: Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    let inserted = users::insert(
        conn,
        users::NewUser {
            email: email.as_str(),
            name,
            phone,
            role,
            password_hash,
            created_at: now,
            email_verified_at: verified_at,
        },
    )
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            let mut errors = FieldErrors::default();
            errors.add("email", FieldProblem::EmailTaken);
            return Err(AppError::Invalid(errors));
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        conn,
        audit::NewEvent {
            case_id: None,
            actor_id: actor.map(|a| a.id).or(Some(id)),
            at: now,
            action: "user_created",
            entity: "user",
            entity_id: Some(id),
            changes: vec![
                ("email".into(), None, Some(email.to_string())),
                ("role".into(), None, Some(role.code().into())),
            ],
            note: None,
            public: false,
        },
    )
    .await?;
    Ok(id)
}

/// An event of the account `user_id`, done by its holder.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    user_id: i64,
    at: i64,
    action: &'static str,
    changes: Vec<(String, Option<String>, Option<String>)>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(user_id),
            at,
            action,
            entity: "user",
            entity_id: Some(user_id),
            changes,
            note: None,
            public: false,
        },
    )
    .await?;
    Ok(())
}

/// Logs in with e-mail and password. A wrong e-mail and a wrong password give the same answer
/// after the same work, so the form does not reveal who has an account.
pub async fn log_in(store: &Store, email: &str, password: &str) -> Result<Session, AppError> {
    let wrong = || {
        let mut errors = FieldErrors::default();
        errors.add("password", FieldProblem::WrongCredentials);
        AppError::Invalid(errors)
    };
    let user = match Email::parse(email) {
        Ok(e) => users::by_email(&mut *store.pool().acquire().await?, e.as_str()).await?,
        Err(_) => None,
    };
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = match stored_hash {
        Some(hash) => password_matches(hash, password.to_string()).await?,
        None => {
            // Spend the same time as a real check.
            hash_password(password.to_string()).await?;
            false
        }
    };
    let now = crate::backend::now_ms();
    match user {
        Some(u) if matches && u.active == 1 => {
            let session = open_session(store, u.viewer()).await?;
            record_login(store, Some(u.id), now, "logged_in", None).await?;
            Ok(session)
        }
        other => {
            // Who was tried: the account when there is one, else what was typed (cut short).
            let typed = other
                .is_none()
                .then(|| email.chars().take(120).collect::<String>());
            record_login(store, other.map(|u| u.id), now, "login_failed", typed).await?;
            Err(wrong())
        }
    }
}

/// A log-in or a failed one, in the audit trail (issue 15).
async fn record_login(
    store: &Store,
    user_id: Option<i64>,
    at: i64,
    action: &'static str,
    typed_email: Option<String>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: user_id,
            at,
            action,
            entity: "user",
            entity_id: user_id,
            changes: typed_email
                .map(|e| vec![("email".to_string(), None, Some(e))])
                .unwrap_or_default(),
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn log_out(store: &Store, token: &str) -> Result<(), AppError> {
    let mut conn = store.pool().acquire().await?;
    sessions::delete(&mut conn, token).await?;
    Ok(())
}

/// The person behind a session token, if the session is alive; using it keeps it alive.
pub async fn viewer(store: &Store, token: &str) -> Result<Option<Viewer>, AppError> {
    let now = crate::backend::now_ms();
    let mut conn = store.pool().acquire().await?;
    let user = sessions::user(&mut conn, token, now, idle_since(now)).await?;
    if user.is_some() {
        sessions::touch(&mut conn, token, now, now - TOUCH_EVERY_MS).await?;
    }
    Ok(user.map(|u| u.viewer()))
}

/// Everyone who is not a customer, for the admin area.
pub async fn staff(
    store: &Store,
    admin: &Viewer,
) -> Result<Vec<crate::model::StaffMember>, AppError> {
    super::catalogs::require_admin(admin)?;
    let mut conn = store.pool().acquire().await?;
    let rows = users::staff(&mut conn).await?;
    Ok(rows
        .into_iter()
        .map(|u| crate::model::StaffMember {
            id: u.id,
            role: u.role(),
            active: u.active == 1,
            email: u.email,
            name: u.name,
        })
        .collect())
}

/// One staff member, for the admin's edit page.
pub async fn staff_member(
    store: &Store,
    admin: &Viewer,
    id: i64,
) -> Result<crate::model::StaffMember, AppError> {
    staff(store, admin)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(AppError::NotFound)
}

/// An admin's edit of a staff member.
#[derive(Debug, Clone, Default)]
pub struct StaffEdit {
    pub name: String,
    pub role: String,
    pub active: bool,
}

/// An admin edits a staff member's name and role, or disables (and re-enables) the account.
/// Disabling ends every session of the account at once. An admin cannot disable themselves nor
/// take their own admin role, so the organisation is never left without one by mistake.
pub async fn update_staff(
    store: &Store,
    admin: &Viewer,
    id: i64,
    edit: StaffEdit,
) -> Result<(), AppError> {
    super::catalogs::require_admin(admin)?;
    let mut errors = FieldErrors::default();
    let name = text_field(&mut errors, "name", &edit.name, 2, 120);
    let role = match edit.role.parse::<Role>() {
        Ok(r) if r.is_staff() => Some(r),
        _ => {
            errors.add("role", FieldProblem::Invalid);
            None
        }
    };
    if id == admin.id && (!edit.active || role != Some(Role::Admin)) {
        errors.add("active", FieldProblem::Invalid);
    }
    let before = users::by_id(&mut *store.pool().acquire().await?, id)
        .await?
        .filter(|u| u.role().is_staff())
        .ok_or(AppError::NotFound)?;
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let now = crate::backend::now_ms();
    let mut tx = store.begin().await?;
    users::update_staff(&mut tx, id, &name, role, edit.active).await?;
    if !edit.active {
        sessions::end_all(&mut tx, id, None).await?;
    }
    let change = |field: &str, old: String, new: String| {
        (old != new).then(|| (field.to_string(), Some(old), Some(new)))
    };
    let changes: Vec<audit::Change> = [
        change("name", before.name.clone(), name.clone()),
        change("role", before.role.clone(), role.code().to_string()),
        change(
            "active",
            (before.active == 1).to_string(),
            edit.active.to_string(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    audit::append(
        &mut tx,
        audit::NewEvent {
            case_id: None,
            actor_id: Some(admin.id),
            at: now,
            action: "staff_changed",
            entity: "user",
            entity_id: Some(id),
            changes,
            note: None,
            public: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An admin creates a staff member with a first password.
pub async fn create_staff(
    store: &Store,
    admin: &Viewer,
    email: &str,
    name: &str,
    role: &str,
    password: &str,
) -> Result<(), AppError> {
    super::catalogs::require_admin(admin)?;
    let mut errors = FieldErrors::default();
    let parsed = Email::parse(email)
        .map_err(|_| errors.add("email", FieldProblem::Invalid))
        .ok();
    let name = text_field(&mut errors, "name", name, 2, 120);
    let role = match role.parse::<Role>() {
        Ok(r) if r.is_staff() => Some(r),
        _ => {
            errors.add("role", FieldProblem::Invalid);
            None
        }
    };
    check_password(&mut errors, "password", password);
    match (parsed, role) {
        (Some(email), Some(role)) if errors.is_empty() => create_user(
            store,
            Some(admin),
            &email,
            &name,
            None,
            role,
            Some(password.to_string()),
        )
        .await
        .map(|_| ()),
        _ => Err(AppError::Invalid(errors)),
    }
}
