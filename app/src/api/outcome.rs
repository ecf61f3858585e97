//! What a form's server function answers: done (and where to go), or the problems of its fields
//! to show next to them. Any other failure is the function's error (`ApiError`, with its status).

use super::error::ApiError;
use crate::backend::AppError;
use crate::model::FormOutcome;

pub fn form_outcome<T>(
    result: Result<T, AppError>,
    go_to: impl FnOnce(T) -> String,
) -> Result<FormOutcome, ApiError> {
    match result {
        Ok(v) => Ok(FormOutcome::Done { go_to: go_to(v) }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}
