//! Phone numbers proved by their owner (issue 15, SPEC F1): a new or changed number gets a
//! six-digit code by text message, and text messages go to it only once the code is typed back.
//! Until then `notify` writes by e-mail. A code works for 15 minutes and five tries; asking for
//! a new one replaces it. Only a hash of the code is kept.

use super::auth::record;
use crate::backend::notify;
use crate::backend::store::outbox::NewMessage;
use crate::backend::store::{phone_codes, users};
use crate::backend::{AppError, AppState};
use crate::domain::form::{FieldErrors, FieldProblem};
use crate::i18n::Locale;
use crate::model::Viewer;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// How long a code works, and how many wrong tries it takes.
pub const CODE_MINUTES: i64 = 15;
pub const CODE_TRIES: i64 = 5;

/// The event code of the text message that carries a code.
pub const PHONE_CODE_EVENT: &str = "phone_confirmation_code";

fn code_hash(user_id: i64, phone: &str, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{user_id}:{phone}:{code}").as_bytes(),
    ))
}

/// Makes a new code for `phone` and queues the text message carrying it, in the caller's
/// transaction; an earlier code of the person stops working.
pub async fn send_code(
    conn: &mut AnyConnection,
    user_id: i64,
    phone: &str,
    locale: Locale,
    now: i64,
) -> Result<(), AppError> {
    let code = {
        use rand::Rng;
        format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
    };
    phone_codes::replace(
        conn,
        user_id,
        phone,
        &code_hash(user_id, phone, &code),
        now + CODE_MINUTES * 60_000,
    )
    .await?;
    let text = locale
        .recovery_texts()
        .phone_code_sms
        .replace("{code}", &code)
        .replace("{minutes}", &CODE_MINUTES.to_string());
    notify::enqueue(
        conn,
        NewMessage {
            case_id: None,
            channel: "sms",
            recipient: phone.to_string(),
            locale: locale.code(),
            event: PHONE_CODE_EVENT,
            subject: String::new(),
            body_text: text,
            body_html: None,
            created_at: now,
            info_request_id: None,
            attachment_id: None,
            account_user_id: None,
        },
    )
    .await?;
    Ok(())
}

/// The viewer's number while it waits for its code; `None` without a number or once proved.
pub async fn unconfirmed_phone(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Option<String>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let contact = users::contact(&mut conn, viewer.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(contact
        .phone
        .filter(|_| contact.phone_confirmed_at.is_none()))
}

/// Codes texted for one person are limited like mailed links (a few, then one every ten
/// minutes), so nobody sends texts without end to a number that is not theirs.
pub fn may_send_code(state: &AppState, viewer: &Viewer) -> Result<(), AppError> {
    state
        .limits
        .ask_new_password(None, &format!("phone:{}", viewer.id))
}

/// Sends a new code to the viewer's unconfirmed number.
pub async fn send_again(state: &AppState, viewer: &Viewer, locale: Locale) -> Result<(), AppError> {
    let Some(phone) = unconfirmed_phone(state, viewer).await? else {
        return Ok(());
    };
    may_send_code(state, viewer)?;
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    send_code(&mut tx, viewer.id, &phone, locale, now).await?;
    tx.commit().await?;
    Ok(())
}

fn wrong_code() -> AppError {
    let mut errors = FieldErrors::default();
    errors.add("code", FieldProblem::WrongCode);
    AppError::Invalid(errors)
}

/// The viewer types the code back: right, their number is proved; wrong, one try fewer.
pub async fn confirm(state: &AppState, viewer: &Viewer, code: &str) -> Result<(), AppError> {
    let code = code.trim();
    let now = state.now_ms();
    let mut tx = state.store.begin().await?;
    // Spending the try is the first write: of guesses sent at once, at most five are weighed.
    let Some(live) = phone_codes::try_live(&mut tx, viewer.id, now, CODE_TRIES).await? else {
        return Err(wrong_code());
    };
    if live.code_hash != code_hash(viewer.id, &live.phone, code) {
        tx.commit().await?;
        return Err(wrong_code());
    }
    if !phone_codes::take(&mut tx, viewer.id, &live.code_hash).await? {
        return Err(wrong_code());
    }
    if !users::confirm_phone(&mut tx, viewer.id, &live.phone, now).await? {
        // The number changed since the code was sent.
        return Err(wrong_code());
    }
    record(
        &mut tx,
        viewer.id,
        now,
        "phone_confirmed",
        vec![("phone".into(), None, Some(live.phone))],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
