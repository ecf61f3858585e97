//! Plain HTTP routes beside the Leptos pages: health, file downloads, the language switch.

use app::api::context::{cookie, locale_of, SESSION_COOKIE};
use app::backend::services::{auth, cases};
use app::backend::{AppError, AppState};
use app::i18n::{Locale, LOCALE_COOKIE};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

/// 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// An attachment, for someone who may see its case; "not found" for anyone else.
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let t = locale_of(&headers).texts();
    let viewer = match cookie(&headers, SESSION_COOKIE) {
        Some(token) => auth::viewer(&state.store, &token).await,
        None => Ok(None),
    };
    let viewer = match viewer {
        Ok(Some(v)) => v,
        Ok(None) => return (StatusCode::UNAUTHORIZED, t.login_required).into_response(),
        Err(e) => return failure(e),
    };
    match cases::attachment(&state, &viewer, id).await {
        Ok((a, bytes)) => (
            [
                (CONTENT_TYPE, a.content_type),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename*=UTF-8''{}", percent(&a.file_name)),
                ),
                (CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::NotFound | AppError::Forbidden) => {
            (StatusCode::NOT_FOUND, t.not_found).into_response()
        }
        Err(e) => failure(e),
    }
}

fn failure(e: AppError) -> Response {
    tracing::error!(error = %e, "download failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page the person was on.
pub async fn set_language(Path(code): Path<String>, Query(q): Query<Back>) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // Only paths on this site, never `//elsewhere`.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    );
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}
