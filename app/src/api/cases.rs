//! Cases: filing, the customer's list, the desk and a case's page.

use crate::model::{CaseSummary, CaseView, DeskCursor, DeskFilter, DeskPage, IntakeOutcome};
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

#[server]
pub async fn my_cases() -> Result<Vec<CaseSummary>, ServerFnError> {
    use crate::backend::services::cases;
    let viewer = super::context::require_viewer().await?;
    Ok(cases::my_cases(
        &super::context::state()?,
        &viewer,
        super::context::request_locale(),
    )
    .await?)
}

#[server]
pub async fn case_detail(number: String) -> Result<CaseView, ServerFnError> {
    use crate::backend::services::cases;
    let viewer = super::context::require_viewer().await?;
    Ok(cases::case_view(
        &super::context::state()?,
        &viewer,
        &number,
        super::context::request_locale(),
    )
    .await?)
}

#[server(input = Json)]
pub async fn desk_cases(
    filter: DeskFilter,
    cursor: Option<DeskCursor>,
) -> Result<DeskPage, ServerFnError> {
    use crate::backend::services::cases;
    let viewer = super::context::require_viewer().await?;
    Ok(cases::desk(
        &super::context::state()?,
        &viewer,
        &filter,
        cursor,
        super::context::request_locale(),
    )
    .await?)
}

/// Files a case from the customer's or the agent's form, with its attachments. The form's
/// fields are read by name; files come in the `attachments` fields.
#[server(input = MultipartFormData)]
pub async fn file_case(data: MultipartData) -> Result<IntakeOutcome, ServerFnError> {
    use crate::backend::services::{cases, intake};
    use crate::backend::AppError;
    use crate::domain::intake::IntakeForm;
    use crate::domain::people::Role;

    let viewer = super::context::require_viewer().await?;
    if viewer.role != Role::Customer && !cases::may_record_cases(&viewer) {
        return Err(AppError::Forbidden.into());
    }
    let state = super::context::state()?;
    // Keep one byte past the limit: enough for the service to say the file is too large
    // without holding an oversized upload in memory.
    let keep = state.config.max_upload_bytes as usize + 1;
    let mut data = data
        .into_inner()
        .ok_or_else(|| ServerFnError::new("no form data"))?;
    let mut form = IntakeForm::default();
    let mut uploads = Vec::new();
    while let Some(mut field) = data
        .next_field()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachments" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| ServerFnError::new(e.to_string()))?
            {
                let room = keep.saturating_sub(bytes.len());
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            // An empty file input still sends a part with no name and no bytes.
            if !(file_name.is_empty() && bytes.is_empty()) {
                uploads.push(intake::Upload { file_name, bytes });
            }
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|e| ServerFnError::new(e.to_string()))?;
        match name.as_str() {
            "subject" => form.subject = text,
            "description" => form.description = text,
            "class" => form.class = text,
            "channel" => form.channel = text,
            "customer_email" => form.customer_email = Some(text),
            "customer_name" => form.customer_name = Some(text),
            "customer_phone" => form.customer_phone = Some(text),
            "subject_identifier" => form.subject_identifier = Some(text),
            "claim_day" => form.claim_day = Some(text),
            _ => {}
        }
    }
    match intake::file_case(&state, &viewer, form, uploads).await {
        Ok(number) => Ok(IntakeOutcome::Filed {
            number: number.to_string(),
        }),
        Err(AppError::Invalid(errors)) => Ok(IntakeOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// SPEC A4: whether the subject was covered on the claim day (today when empty), for the agent
/// before filing. `None` when the identifier or the day cannot be read.
#[server]
pub async fn check_coverage(
    identifier: String,
    claim_day: String,
) -> Result<Option<crate::domain::coverage::Coverage>, ServerFnError> {
    use crate::backend::services::{coverage, intake};
    use crate::domain::coverage::{normalise_identifier, Day};
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let identifier = normalise_identifier(&identifier);
    let day = match claim_day.trim() {
        "" => Some(intake::today(&state, crate::backend::now_ms())),
        d => d.parse::<Day>().ok(),
    };
    match (identifier.is_empty(), day) {
        (false, Some(day)) => Ok(Some(
            coverage::check(&state, &viewer, &identifier, day).await?,
        )),
        _ => Ok(None),
    }
}

/// SPEC A3: links the case to a business object of another system.
#[server]
pub async fn add_case_link(
    number: String,
    kind: String,
    external_id: String,
    #[server(default)] url: String,
) -> Result<crate::model::FormOutcome, ServerFnError> {
    use crate::backend::services::cases;
    use crate::backend::AppError;
    use crate::model::FormOutcome;
    let viewer = super::context::require_viewer().await?;
    match cases::add_link(
        &super::context::state()?,
        &viewer,
        &number,
        &kind,
        &external_id,
        &url,
    )
    .await
    {
        Ok(()) => Ok(FormOutcome::Done {
            go_to: format!("/cases/{number}"),
        }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// SPEC A3: the cases linked to a business object, by its external id.
#[server]
pub async fn cases_linked_to(external_id: String) -> Result<Vec<CaseSummary>, ServerFnError> {
    use crate::backend::services::cases;
    let viewer = super::context::require_viewer().await?;
    Ok(cases::linked_to(
        &super::context::state()?,
        &viewer,
        &external_id,
        super::context::request_locale(),
    )
    .await?)
}
