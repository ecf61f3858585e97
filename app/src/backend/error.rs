//! One error type for the use cases. What a client may see of it is decided in one place:
//! `api::error` (server functions) and [`AppError::response`] (plain HTTP routes).

use crate::api::error::{ApiError, ErrorKind};
use crate::domain::form::FieldErrors;
use crate::i18n::Locale;

/// Deliberately not a `std::error::Error`, so that no generic conversion can carry its text
/// (database details) to a browser.
#[derive(Debug)]
pub enum AppError {
    /// Also what a person gets for something that exists but is not theirs: we do not tell
    /// them it exists.
    NotFound,
    Unauthenticated,
    Forbidden,
    Invalid(FieldErrors),
    /// Someone changed the record between our read and our write.
    Conflict,
    /// An information request's link that no longer works (410).
    Gone,
    /// Over a rate limit, or the password hasher is saturated (429): try again after that long.
    TooMany {
        retry_after_secs: u64,
    },
    Db(sqlx::Error),
    Io(std::io::Error),
    Internal(String),
}

impl AppError {
    /// One problem with one field of the form.
    pub fn field(field: &str, problem: crate::domain::form::FieldProblem) -> AppError {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        AppError::Invalid(errors)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::NotFound => f.write_str("not found"),
            AppError::Unauthenticated => f.write_str("log in first"),
            AppError::Forbidden => f.write_str("not allowed"),
            AppError::Conflict => f.write_str("changed by someone else first"),
            AppError::Gone => f.write_str("this link no longer works"),
            AppError::TooMany { retry_after_secs } => {
                write!(f, "too many attempts, retry after {retry_after_secs} s")
            }
            AppError::Invalid(e) => write!(f, "invalid input: {:?}", e.0),
            AppError::Db(e) => write!(f, "database: {e}"),
            AppError::Io(e) => write!(f, "files: {e}"),
            AppError::Internal(e) => f.write_str(e),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Db(e)
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::Io(e)
    }
}

impl AppError {
    /// The answer of a plain HTTP route (a download, the event stream): the status and the
    /// sentence in the reader's language, as JSON like a server function's error.
    pub fn response(self, locale: Locale) -> axum::response::Response {
        use axum::response::IntoResponse;
        let retry = match &self {
            AppError::TooMany { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let error = ApiError::from(self);
        let status = http::StatusCode::from_u16(error.kind.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let error = ApiError {
            message: match retry {
                Some(secs) => crate::api::error::too_many_message(locale, secs),
                None => error.kind.message(locale.texts()).to_string(),
            },
            ..error
        };
        let mut response = (status, axum::Json(error)).into_response();
        if let Some(secs) = retry {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, secs.max(1).into());
        }
        response
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::NotFound | AppError::Db(sqlx::Error::RowNotFound) => ErrorKind::NotFound,
            AppError::Unauthenticated => ErrorKind::LoginRequired,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::Invalid(_) => ErrorKind::Invalid,
            AppError::Conflict => ErrorKind::Conflict,
            AppError::Gone => ErrorKind::Gone,
            AppError::TooMany { .. } => ErrorKind::TooManyRequests,
            AppError::Db(_) | AppError::Io(_) | AppError::Internal(_) => ErrorKind::Internal,
        }
    }
}
