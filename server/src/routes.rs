//! Plain HTTP routes beside the Leptos pages: health, file downloads, the language switch, the
//! desk's live events.

use app::api::context::{cookie, locale_of, SESSION_COOKIE};
use app::backend::live::DeskEvent;
use app::backend::services::{auth, cases, info_requests};
use app::backend::store::cases::AttachmentRow;
use app::backend::{AppError, AppState};
use app::i18n::{Locale, LOCALE_COOKIE};
use app::model::Viewer;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, HeaderName, StatusCode};
use serde::Deserialize;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::{self, error::RecvError};

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

/// The person behind the request's session cookie, or the answer for a request without one (401).
async fn session_viewer(
    state: &AppState,
    headers: &HeaderMap,
    locale: Locale,
) -> Result<Viewer, Response> {
    let viewer = match cookie(headers, SESSION_COOKIE) {
        Some(token) => auth::viewer(&state.store, &token).await,
        None => Ok(None),
    };
    match viewer {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(AppError::Unauthenticated.response(locale)),
        Err(e) => Err(e.response(locale)),
    }
}

/// An attachment, for someone who may see its case; "not found" for anyone else.
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let locale = locale_of(&headers);
    let viewer = match session_viewer(&state, &headers, locale).await {
        Ok(v) => v,
        Err(refusal) => return refusal,
    };
    match cases::attachment(&state, &viewer, id).await {
        Ok((a, bytes)) => attachment_response(a, bytes),
        // A file of a case one sees but may not open is as absent as the case itself.
        Err(AppError::Forbidden) => AppError::NotFound.response(locale),
        Err(e) => e.response(locale),
    }
}

/// A stored file as a download.
pub fn attachment_response(a: AttachmentRow, bytes: Vec<u8>) -> Response {
    (
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
        .into_response()
}

/// A file of an information request for the employee it was sent to (SPEC D1): one shared with
/// them or sent in its thread. Staff who see the case whole download through `/files/{id}`.
pub async fn request_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((request, id)): Path<(i64, i64)>,
) -> Response {
    let locale = locale_of(&headers);
    let viewer = match session_viewer(&state, &headers, locale).await {
        Ok(v) => v,
        Err(refusal) => return refusal,
    };
    let actor = app::backend::services::access::actor(&viewer);
    match info_requests::views::request_file(&state, actor, request, id).await {
        Ok((a, bytes)) => attachment_response(a, bytes),
        Err(AppError::Forbidden) => AppError::NotFound.response(locale),
        Err(e) => e.response(locale),
    }
}

/// The file of one's own finished export (SPEC J3), streamed from storage.
pub async fn export_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let locale = locale_of(&headers);
    let viewer = match session_viewer(&state, &headers, locale).await {
        Ok(v) => v,
        Err(refusal) => return refusal,
    };
    match app::backend::services::analysis::export::file(&state, &viewer, id).await {
        Ok((name, content_type, file, len)) => (
            [
                (CONTENT_TYPE, content_type.to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename*=UTF-8''{}", percent(&name)),
                ),
                (CACHE_CONTROL, "private, no-store".to_string()),
                (http::header::CONTENT_LENGTH, len.to_string()),
            ],
            axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file)),
        )
            .into_response(),
        Err(AppError::Forbidden) => AppError::NotFound.response(locale),
        Err(e) => e.response(locale),
    }
}

/// `POST /test/clock` with `{"advance_ms": N}`, `{"set_ms": N}` or `{"real": true}` (back to
/// the system clock): moves the server's clock,
/// for the browser tests of expiries. Mounted only when `TRAMITA_TEST_CLOCK=1` is set at start
/// (`end2end/serve-for-tests.sh`); a deployment never sets it.
pub async fn test_clock(
    State(state): State<AppState>,
    axum::Json(change): axum::Json<ClockChange>,
) -> Response {
    if change.real == Some(true) {
        state.clock.follow_real();
    }
    if let Some(at) = change.set_ms {
        state.clock.set(at);
    }
    if let Some(by) = change.advance_ms {
        state.clock.advance(by);
    }
    (StatusCode::OK, state.now_ms().to_string()).into_response()
}

#[derive(Deserialize)]
pub struct ClockChange {
    real: Option<bool>,
    set_ms: Option<i64>,
    advance_ms: Option<i64>,
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
    let back = q
        .back
        .as_deref()
        .and_then(crate::headers::same_site_path)
        .unwrap_or("/")
        .to_string();
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    );
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// A comment line this often keeps proxies and browsers from closing a quiet stream.
pub const EVENTS_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a live stream trusts its session before reading it again: a stream outlives the
/// request that opened it, and a logout or a changed role must end or narrow it.
const SESSION_RECHECK: Duration = Duration::from_secs(60);

/// The desk's live updates (SPEC C3) as server-sent events: `event: desk` with the
/// [`DeskEvent`] as JSON, for the events that concern the viewer. Staff only: 401 without a
/// session, 403 for customers, who have no desk.
pub async fn events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let t = locale_of(&headers).texts();
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return (StatusCode::UNAUTHORIZED, t.login_required).into_response();
    };
    let viewer = match auth::viewer(&state.store, &token).await {
        Ok(Some(v)) => v,
        Ok(None) => return (StatusCode::UNAUTHORIZED, t.login_required).into_response(),
        Err(e) => return e.response(locale_of(&headers)),
    };
    if !app::domain::access::has_desk(viewer.role) {
        return (StatusCode::FORBIDDEN, t.not_found).into_response();
    }
    let watch = Watch {
        receiver: state.live.subscribe(),
        state,
        token,
        viewer,
        checked: Instant::now(),
    };
    let stream = futures::stream::unfold(watch, |mut watch| async move {
        let event = watch.next().await?;
        Some((Event::default().event("desk").json_data(&event), watch))
    });
    (
        // Tells nginx-like proxies to pass each event on at once rather than buffer them.
        [(HeaderName::from_static("x-accel-buffering"), "no")],
        Sse::new(stream).keep_alive(KeepAlive::new().interval(EVENTS_KEEP_ALIVE)),
    )
        .into_response()
}

/// One viewer's subscription to the instance's live hub.
struct Watch {
    state: AppState,
    token: String,
    viewer: Viewer,
    receiver: broadcast::Receiver<DeskEvent>,
    checked: Instant,
}

impl Watch {
    /// The next event for this viewer; `None` ends the stream (logged out, or shutting down).
    async fn next(&mut self) -> Option<DeskEvent> {
        loop {
            let event = match self.receiver.recv().await {
                Ok(e) => e,
                // Events were dropped for this slow reader: its desk reloads to catch up.
                Err(RecvError::Lagged(_)) => DeskEvent::for_users("resync", None, [self.viewer.id]),
                Err(RecvError::Closed) => return None,
            };
            if !event.concerns(&self.viewer) {
                continue;
            }
            if self.checked.elapsed() >= SESSION_RECHECK {
                match auth::viewer(&self.state.store, &self.token).await {
                    Ok(Some(v)) if v.role.is_staff() => {
                        self.viewer = v;
                        self.checked = Instant::now();
                        if !event.concerns(&self.viewer) {
                            continue;
                        }
                    }
                    Ok(_) => return None,
                    // A database hiccup is no reason to drop a live desk; ask again next time.
                    Err(e) => tracing::warn!(error = %e, "live desk: cannot recheck a session"),
                }
            }
            return Some(event);
        }
    }
}
