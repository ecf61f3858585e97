//! How large a request may be, per route (issue 15), checked before anything reads the body:
//! forms and log-in carry text only and get [`FORM_LIMIT`]; the few routes that take files get
//! room for the most attachments a form may carry, and refuse a person with no session before
//! reading a byte. A declared length over the limit is refused at once (413, in the reader's
//! language); a body that runs past it while streaming is cut there.

use app::api::context::{cookie, locale_of, SESSION_COOKIE};
use app::api::{ApiError, ErrorKind};
use app::backend::{AppError, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_LENGTH;
use http::{Method, StatusCode};
use leptos::server_fn::ServerFn;

/// Any form without files: the longest is a message template with its HTML.
pub const FORM_LIMIT: usize = 256 * 1024;

/// The server functions that take files, by path.
fn upload_functions() -> [&'static str; 9] {
    use app::api::{admin, analysis, cases, decisions, info_requests, tasks};
    [
        cases::FileCase::PATH,
        cases::SaveDraft::PATH,
        cases::AnswerDocumentRequest::PATH,
        admin::ImportCoverage::PATH,
        analysis::CreateImprovement::PATH,
        decisions::SaveCompanyProfile::PATH,
        info_requests::AskForInformation::PATH,
        info_requests::AnswerInfoRequest::PATH,
        tasks::TakeTaskStep::PATH,
    ]
}

/// Room for the most attachments a form may carry, plus its text.
pub fn upload_limit(state: &AppState) -> usize {
    (state.config.max_upload_bytes as usize + 64 * 1024) * app::domain::intake::MAX_ATTACHMENTS
}

pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let path = req.uri().path();
    let locale = locale_of(req.headers());
    let server_upload = upload_functions().contains(&path);
    // An outsider's answer comes with the cookie of their link, checked by its route.
    let takes_files = server_upload || path.starts_with("/r/p/");
    if server_upload && cookie(req.headers(), SESSION_COOKIE).is_none() {
        return AppError::Unauthenticated.response(locale);
    }
    let limit = if takes_files {
        upload_limit(&state)
    } else {
        FORM_LIMIT
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(locale);
    }
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

fn too_large(locale: app::i18n::Locale) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        axum::Json(ApiError::new(ErrorKind::TooLarge, locale)),
    )
        .into_response()
}
