//! Information requests (SPEC D1-D3) for people with a session: asking from a case, the
//! recipient's page and answer, the asker's acceptance, return or withdrawal. Outsiders answer
//! on `/r/` pages served by the server crate, not here.

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{FormOutcome, RequestPage};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// SPEC D1, D2: sends an information request from a case. Fields: `number`, `recipient_kind`
/// (`employee` or `outsider`), `employee_id`, `outsider_email`, `outsider_name`,
/// `outsider_locale`, `subject`, `text`, `share_summary`, `share_files` and `share_entries`
/// (repeated), `expiry_days`, files as `attachments`.
#[server(input = MultipartFormData)]
pub async fn ask_for_information(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::info_requests;
    use crate::domain::info_requests::RequestForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let mut read = super::context::read_multipart(data, &state).await?;
    let number = read.text("number");
    let form = RequestForm {
        recipient_kind: read.text("recipient_kind"),
        employee_id: read.text("employee_id"),
        outsider_email: read.text("outsider_email"),
        outsider_name: read.text("outsider_name"),
        outsider_locale: read.text("outsider_locale"),
        subject: read.text("subject"),
        text: read.text("text"),
        share_summary: !read.text("share_summary").is_empty(),
        share_files: read.ids("share_files"),
        share_entries: read.ids("share_entries"),
        expiry_days: read.text("expiry_days"),
    };
    let uploads = read.take_attachments();
    let locale = super::context::request_locale();
    form_outcome(
        info_requests::ask(&state, &viewer, &number, form, uploads, locale).await,
        |id| format!("/cases/{number}#request-{id}"),
    )
}

/// The page of one request for the employee it was sent to (or staff working its case).
#[server]
pub async fn info_request(id: i64) -> Result<RequestPage, ApiError> {
    use crate::backend::services::info_requests::views;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(views::request_page(&state, &viewer, id, super::context::request_locale()).await?)
}

/// SPEC D3: the employee a request was sent to answers (`request_id`, `answer`, files as
/// `attachments`).
#[server(input = MultipartFormData)]
pub async fn answer_info_request(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::info_requests::{self, Answerer};
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let mut read = super::context::read_multipart(data, &state).await?;
    let id: i64 = read
        .text("request_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let answer = read.text("answer");
    let uploads = read.take_attachments();
    form_outcome(
        info_requests::answer(&state, Answerer::Person(&viewer), id, &answer, uploads).await,
        |_| format!("/requests/{id}"),
    )
}

/// SPEC D3: the asker accepts the answer (`step` = `accept`), returns it with a new question in
/// `text` and optionally new `expiry_days` (`return`), or withdraws the request (`revoke`).
#[server]
pub async fn judge_info_request(
    request_id: i64,
    step: String,
    #[server(default)] text: String,
    #[server(default)] expiry_days: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::info_requests;
    use crate::backend::AppError;
    use crate::domain::info_requests::RequestStep;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let step = match step.as_str() {
        "accept" => RequestStep::Accept,
        "return" => RequestStep::Return,
        "revoke" => RequestStep::Revoke,
        _ => return Err(AppError::NotFound.into()),
    };
    form_outcome(
        info_requests::judge(&state, &viewer, request_id, step, &text, &expiry_days).await,
        |number| format!("/cases/{number}#request-{request_id}"),
    )
}
