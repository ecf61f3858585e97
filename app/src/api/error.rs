//! The one error every server function answers with, shared by the server and the browser.
//!
//! A service fails with `backend::AppError`; the conversion below (server only) turns it into an
//! [`ApiError`]: its kind, a sentence in the reader's language, the field problems when the
//! input was invalid, and the HTTP status of the response (404, 401, 403, 422, 409, 500). Nothing
//! internal (database or file errors) reaches the browser: those are logged and become
//! "something went wrong".

use crate::domain::form::FieldErrors;
use crate::i18n::{Locale, Texts};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::fmt;

/// What went wrong, as far as the person who asked needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// It does not exist, or it is not theirs to see (we do not say which).
    NotFound,
    LoginRequired,
    /// They see it but may not do this.
    Forbidden,
    /// The input has problems, field by field.
    Invalid,
    /// Someone changed it first.
    Conflict,
    /// It was there and is no longer: an information request's link past its expiry, revoked
    /// or closed.
    Gone,
    /// Too many attempts in a short time (log-in, sign-up, links), or the server is too busy
    /// hashing passwords: try again after a while.
    TooManyRequests,
    /// The body is over the route's limit.
    TooLarge,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::NotFound => 404,
            ErrorKind::LoginRequired => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::Invalid => 422,
            ErrorKind::Conflict => 409,
            ErrorKind::Gone => 410,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::TooLarge => 413,
            ErrorKind::Internal => 500,
        }
    }

    /// The stable code other systems read (`{"error": {"code": ...}}` in the REST API).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::LoginRequired => "unauthenticated",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Gone => "gone",
            ErrorKind::TooManyRequests => "too_many_requests",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Internal => "internal",
        }
    }

    /// The sentence a person reads.
    pub fn message(self, t: &Texts) -> &'static str {
        match self {
            ErrorKind::NotFound => t.not_found,
            ErrorKind::LoginRequired => t.login_required,
            ErrorKind::Forbidden => t.forbidden,
            ErrorKind::Invalid => t.invalid_input,
            ErrorKind::Conflict => t.conflict,
            ErrorKind::Gone => t.link_gone,
            ErrorKind::TooManyRequests => t.locale().security_texts().too_many,
            ErrorKind::TooLarge => t.locale().security_texts().too_large,
            ErrorKind::Internal => t.error_generic,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// In the language of the request it answers.
    pub message: String,
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub fields: FieldErrors,
}

impl ApiError {
    pub fn new(kind: ErrorKind, locale: Locale) -> ApiError {
        ApiError {
            kind,
            message: kind.message(locale.texts()).to_string(),
            fields: FieldErrors::default(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    /// What server_fn itself fails with: arguments that do not parse are the caller's mistake;
    /// anything else (network, encoding) is ours or the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let kind = match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => ErrorKind::Invalid,
            _ => ErrorKind::Internal,
        };
        #[cfg(feature = "ssr")]
        {
            if kind == ErrorKind::Internal {
                tracing::error!(error = %value, "server function failed");
            }
            set_status(kind);
        }
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        ApiError::new(kind, current_locale())
    }
}

/// The locale of the request being answered (server) or of the page (browser).
fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::api::request::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::i18n::use_locale()
    }
}

/// Gives the response being built the status of `kind`: a server function's reply, or the page
/// whose render asked for something missing or refused.
#[cfg(feature = "ssr")]
pub fn set_status(kind: ErrorKind) {
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(kind.status()),
    ) {
        response.set_status(status);
    }
}

/// `Retry-After` on the server function's response.
#[cfg(feature = "ssr")]
fn retry_after(secs: u64) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::RETRY_AFTER,
            http::HeaderValue::from(secs.max(1)),
        );
    }
}

/// "Too many attempts", with when to try again.
pub fn too_many_message(locale: Locale, retry_after_secs: u64) -> String {
    let t = locale.security_texts();
    format!(
        "{} {}",
        t.too_many,
        t.retry_in
            .replace("{seconds}", &retry_after_secs.max(1).to_string())
    )
}

#[cfg(feature = "ssr")]
impl From<crate::backend::AppError> for ApiError {
    fn from(e: crate::backend::AppError) -> Self {
        use crate::backend::AppError;
        let kind = e.kind();
        if kind == ErrorKind::Internal {
            // The details stay in the log; the client only learns that it failed.
            tracing::error!(error = %e, "request failed");
        }
        set_status(kind);
        let mut error = ApiError::new(kind, current_locale());
        match e {
            AppError::Invalid(fields) => error.fields = fields,
            AppError::TooMany { retry_after_secs } => {
                retry_after(retry_after_secs);
                error.message = too_many_message(current_locale(), retry_after_secs);
            }
            _ => {}
        }
        error
    }
}

/// Failures of the request plumbing (the session store, the form's reading) that still speak
/// server_fn's own error type.
#[cfg(feature = "ssr")]
impl From<leptos::prelude::ServerFnError> for ApiError {
    fn from(e: leptos::prelude::ServerFnError) -> Self {
        tracing::error!(error = %e, "request failed");
        set_status(ErrorKind::Internal);
        ApiError::new(ErrorKind::Internal, current_locale())
    }
}
