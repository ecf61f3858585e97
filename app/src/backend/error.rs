//! One error type for the use cases, turned into what a client may see in one place.

use crate::domain::form::FieldErrors;
use leptos::prelude::ServerFnError;

/// Deliberately not a `std::error::Error`: server_fn turns any such error into a
/// `ServerFnError` carrying its full text, which would show database details to the browser.
/// The one conversion below sends only a code.
#[derive(Debug)]
pub enum AppError {
    /// Also what a person gets for something that exists but is not theirs: we do not tell
    /// them it exists.
    NotFound,
    Unauthenticated,
    Forbidden,
    Invalid(FieldErrors),
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

/// The codes the browser receives in a `ServerFnError`; the page turns them into text.
pub mod codes {
    pub const NOT_FOUND: &str = "not_found";
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    pub const FORBIDDEN: &str = "forbidden";
    pub const INVALID: &str = "invalid";
    pub const INTERNAL: &str = "internal";
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => codes::NOT_FOUND,
            AppError::Unauthenticated => codes::UNAUTHENTICATED,
            AppError::Forbidden => codes::FORBIDDEN,
            AppError::Invalid(_) => codes::INVALID,
            AppError::Db(sqlx::Error::RowNotFound) => codes::NOT_FOUND,
            AppError::Db(_) | AppError::Io(_) | AppError::Internal(_) => codes::INTERNAL,
        }
    }
}

impl From<AppError> for ServerFnError {
    fn from(e: AppError) -> Self {
        if e.code() == codes::INTERNAL {
            // The details stay in the log; the client only learns that it failed.
            tracing::error!(error = %e, "request failed");
        }
        ServerFnError::new(e.code())
    }
}
