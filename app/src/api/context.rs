//! Who is asking, in which language, and the cookies that carry it: the server side of every
//! server function and of the page render.

pub use super::request::{cookie, locale_of, request_locale};
use crate::api::error::ApiError;
use crate::backend::services::auth;
use crate::backend::{AppError, AppState};
use crate::domain::form::FieldErrors;
use crate::model::Viewer;
use http::header::SET_COOKIE;
use http::HeaderValue;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub const SESSION_COOKIE: &str = "tramita_session";

/// The app state. Missing only when a render outlives its request (the browser went away),
/// which must not bring down a worker thread.
pub fn state() -> Result<AppState, ApiError> {
    use_context::<AppState>().ok_or_else(|| {
        // Not an error of ours: the browser left before the render finished.
        tracing::debug!("a render outlived its request");
        ApiError::new(crate::api::ErrorKind::Internal, request_locale())
    })
}

/// The address the request came from, when the server was started with it (`serve` is; a
/// router driven directly by a test is not). No proxy header is trusted.
pub fn client_address() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|p| {
        p.extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
    })
}

fn session_token() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| cookie(&p.headers, SESSION_COOKIE))
}

pub async fn viewer() -> Result<Option<Viewer>, ApiError> {
    match session_token() {
        Some(token) => Ok(auth::viewer(&state()?.store, &token).await?),
        None => Ok(None),
    }
}

/// The viewer, or the "log in first" error.
pub async fn require_viewer() -> Result<Viewer, ApiError> {
    viewer()
        .await?
        .ok_or_else(|| AppError::Unauthenticated.into())
}

fn set_cookie(value: String) {
    if let (Some(response), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        response.append_header(SET_COOKIE, v);
    }
}

pub fn start_session(session: &auth::Session) -> Result<(), ApiError> {
    let secure = if state()?.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = auth::SESSION_DAYS * 24 * 3600;
    set_cookie(format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        session.token
    ));
    Ok(())
}

/// Keeps the browser a new session was opened from, for its owner's list of sessions. A
/// failure here costs only that description.
pub async fn describe_session(session: &auth::Session) {
    let agent = use_context::<http::request::Parts>().and_then(|p| {
        p.headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    if let (Some(agent), Ok(state)) = (agent, state()) {
        let described =
            crate::backend::services::account::describe_session(&state, &session.token, &agent)
                .await;
        if let Err(e) = described {
            tracing::warn!(error = %e, "could not describe a new session");
        }
    }
}

/// The viewer and the token of their session, for what concerns the session itself.
pub async fn require_session() -> Result<(Viewer, String), ApiError> {
    let viewer = require_viewer().await?;
    let token = session_token().ok_or(AppError::Unauthenticated)?;
    Ok((viewer, token))
}

pub async fn end_session() -> Result<(), ApiError> {
    if let Some(token) = session_token() {
        auth::log_out(&state()?.store, &token).await?;
    }
    set_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ));
    Ok(())
}

/// A multipart form read whole: its text fields in order (a name may repeat) and its files by
/// input name. Each file keeps at most `keep` bytes: one past the upload limit is enough for
/// the service to say the file is too large without holding an oversized upload in memory.
pub struct ReadForm {
    pub texts: Vec<(String, String)>,
    pub files: Vec<(String, crate::backend::services::intake::Upload)>,
}

impl ReadForm {
    /// The last value of a text field, or empty.
    pub fn text(&self, name: &str) -> String {
        self.texts
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a repeated field that reads as an id (checkbox lists).
    pub fn ids(&self, name: &str) -> Vec<i64> {
        self.texts
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect()
    }

    /// The files sent as `attachments`, taking them out of the form.
    pub fn take_attachments(&mut self) -> Vec<crate::backend::services::intake::Upload> {
        std::mem::take(&mut self.files)
            .into_iter()
            .filter(|(n, _)| n == "attachments")
            .map(|(_, u)| u)
            .collect()
    }
}

pub async fn read_multipart(
    data: server_fn::codec::MultipartData,
    state: &AppState,
) -> Result<ReadForm, ApiError> {
    let keep = state.config.max_upload_bytes as usize + 1;
    // A body that is not a readable multipart form is the caller's mistake, not ours.
    let unreadable = || ApiError::from(AppError::Invalid(FieldErrors::default()));
    let mut data = data.into_inner().ok_or_else(unreadable)?;
    let mut form = ReadForm {
        texts: Vec::new(),
        files: Vec::new(),
    };
    let bad = |_: multer::Error| unreadable();
    while let Some(mut field) = data.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                let room = keep.saturating_sub(bytes.len());
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            // An empty file input still sends a part with no name and no bytes.
            if !(file_name.is_empty() && bytes.is_empty()) {
                form.files.push((
                    name,
                    crate::backend::services::intake::Upload { file_name, bytes },
                ));
            }
            continue;
        }
        form.texts.push((name, field.text().await.map_err(bad)?));
    }
    Ok(form)
}
