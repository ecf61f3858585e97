//! Refusals in the audit trail (issue 15): a request of someone logged in that is answered 403
//! or 404 on a server function or a file is recorded with who asked, what and when, so that
//! someone probing for cases that are not theirs leaves a trace. Pages and static files are
//! left out (a mistyped address is no refusal), and so are requests without a session.

use app::api::context::{cookie, SESSION_COOKIE};
use app::backend::services::account;
use app::backend::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::StatusCode;

/// The paths whose refusals are recorded: server functions and files.
const RECORDED: [&str; 5] = [
    "/api/",
    "/files/",
    "/requests/",
    "/analysis/exports/",
    "/r/p/",
];

pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let watched = RECORDED.iter().any(|p| path.starts_with(p));
    let asked = watched
        .then(|| cookie(req.headers(), SESSION_COOKIE))
        .flatten()
        .map(|token| (token, crate::path_without_tokens(path).to_string()));
    let response = next.run(req).await;
    let status = response.status();
    if let (Some((token, path)), true) = (
        asked,
        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
    ) {
        if !state
            .limits
            .may_record_refusal(&app::backend::tokens::hash(&token))
        {
            return response;
        }
        if let Err(e) = account::record_refusal(&state, &token, &path, status.as_u16()).await {
            tracing::warn!(error = %e, "audit trail: cannot record a refusal");
        }
    }
    response
}
