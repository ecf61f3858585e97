//! Cases: filing, the customer's list, the desk and a case's page.

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{
    CasePage, CaseSummary, CaseTypeForm, Choice, DeskCursor, DeskFilter, DeskPage, DraftOutcome,
    FormOutcome, IntakeOutcome, RoutingPreview,
};
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

#[server]
pub async fn my_cases() -> Result<Vec<CaseSummary>, ApiError> {
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
pub async fn case_detail(number: String) -> Result<CasePage, ApiError> {
    use crate::backend::services::cases;
    let viewer = super::context::require_viewer().await?;
    Ok(cases::case_page(
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
) -> Result<DeskPage, ApiError> {
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
/// fields are read by name; files come in the `attachments` fields. An agent's case is a draft.
#[server(input = MultipartFormData)]
pub async fn file_case(data: MultipartData) -> Result<IntakeOutcome, ApiError> {
    use crate::backend::services::intake;
    use crate::backend::AppError;
    use crate::domain::intake::IntakeForm;
    use crate::domain::people::Role;

    let viewer = super::context::require_viewer().await?;
    if viewer.role != Role::Customer && !crate::domain::access::may_record_cases(viewer.role) {
        return Err(AppError::Forbidden.into());
    }
    let state = super::context::state()?;
    let mut read = super::context::read_multipart(data, &state).await?;
    let some = |name: &str| {
        read.texts
            .iter()
            .any(|(n, _)| n == name)
            .then(|| read.text(name))
    };
    let form = IntakeForm {
        subject: read.text("subject"),
        description: read.text("description"),
        class: read.text("class"),
        channel: read.text("channel"),
        customer_email: some("customer_email"),
        customer_name: some("customer_name"),
        customer_phone: some("customer_phone"),
        subject_identifier: some("subject_identifier"),
        claim_day: some("claim_day"),
        folder_id: read.text("folder_id").parse().ok(),
        request_kind: read.text("request_kind").parse().ok(),
    };
    let uploads = read.take_attachments();
    match intake::file_case(&state, &viewer, form, uploads).await {
        Ok(number) => Ok(IntakeOutcome::Filed {
            number: number.to_string(),
            draft: viewer.role != Role::Customer,
        }),
        Err(AppError::Invalid(errors)) => Ok(IntakeOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// SPEC A2: saves a draft from its editor, and opens it when `intent` is `open`. Extra field
/// values come as `field_<id>`, files as `attachments` or, for a required document, `doc_<id>`.
#[server(input = MultipartFormData)]
pub async fn save_draft(data: MultipartData) -> Result<DraftOutcome, ApiError> {
    use crate::backend::services::drafts::{self, DraftForm, DraftUpload};
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let read = super::context::read_multipart(data, &state).await?;
    let form = DraftForm {
        case_type_id: read.text("case_type_id"),
        case_group_id: read.text("case_group_id"),
        priority_id: read.text("priority_id"),
        store_name: read.text("store_name"),
        due_day: read.text("due_day"),
        notes: read.text("notes"),
        channel: read.text("channel"),
        values: read
            .texts
            .iter()
            .filter(|(n, _)| n.starts_with("field_"))
            .cloned()
            .collect(),
    };
    let number = read.text("number");
    let intent = read.text("intent");
    let open = intent == "open";
    // "request:<document id>" saves the draft, then asks the customer for that document.
    let request: Option<i64> = intent
        .strip_prefix("request:")
        .and_then(|id| id.parse().ok());
    let uploads = read
        .files
        .into_iter()
        .filter_map(|(name, upload)| {
            let document_id = match name.strip_prefix("doc_") {
                Some(id) => Some(id.parse().ok()?),
                None if name == "attachments" => None,
                None => return None,
            };
            Some(DraftUpload {
                document_id,
                upload,
            })
        })
        .collect();
    match drafts::save(&state, &viewer, &number, form, uploads, open).await {
        Ok(DraftOutcome::Saved) if request.is_some() => {
            let document = request.unwrap_or_default();
            match drafts::request_document(&state, &viewer, &number, document, "").await {
                Ok(()) => Ok(DraftOutcome::Saved),
                Err(AppError::Invalid(errors)) => Ok(DraftOutcome::Invalid(errors)),
                Err(e) => Err(e.into()),
            }
        }
        Ok(outcome) => Ok(outcome),
        Err(AppError::Invalid(errors)) => Ok(DraftOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// The extra fields and required documents of a case type, for the draft editor.
#[server]
pub async fn load_case_type_form(case_type_id: i64) -> Result<CaseTypeForm, ApiError> {
    use crate::backend::services::forms;
    let viewer = super::context::require_viewer().await?;
    Ok(forms::form_for_staff(&super::context::state()?, &viewer, case_type_id).await?)
}

/// SPEC A2, C1: whom routing would hand the draft `number` to with this type and group.
#[server]
pub async fn preview_routing(
    folder_id: i64,
    case_type_id: Option<i64>,
    case_group_id: Option<i64>,
    number: Option<String>,
) -> Result<Option<RoutingPreview>, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    Ok(routing::preview_for(
        &super::context::state()?,
        &viewer,
        folder_id,
        case_type_id,
        case_group_id,
        number.as_deref(),
    )
    .await?)
}

/// SPEC A9: the kinds of request a customer may file from the portal: (id, name).
#[server]
pub async fn request_kinds() -> Result<Vec<Choice>, ApiError> {
    use crate::backend::services::intake;
    let viewer = super::context::require_viewer().await?;
    Ok(intake::request_kinds(&super::context::state()?, &viewer).await?)
}

/// The folders the viewer may start a case in.
#[server]
pub async fn intake_folders() -> Result<Vec<Choice>, ApiError> {
    use crate::backend::services::routing;
    let viewer = super::context::require_viewer().await?;
    Ok(routing::folder_choices(&super::context::state()?, &viewer).await?)
}

/// SPEC A7: asks the customer for a missing required document.
#[server]
pub async fn request_document(
    number: String,
    document_id: i64,
    #[server(default)] note: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::drafts;

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        drafts::request_document(&state, &viewer, &number, document_id, &note).await,
        |_| format!("/cases/{number}"),
    )
}

/// SPEC A7: the customer answers a document request with the file (`request_id`, `file`).
#[server(input = MultipartFormData)]
pub async fn answer_document_request(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::drafts;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let read = super::context::read_multipart(data, &state).await?;
    let request_id: i64 = read
        .text("request_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let upload = read
        .files
        .into_iter()
        .find(|(n, _)| n == "file")
        .map(|(_, u)| u)
        .unwrap_or(crate::backend::services::intake::Upload {
            file_name: String::new(),
            bytes: Vec::new(),
        });
    form_outcome(
        drafts::answer_request(&state, &viewer, request_id, upload).await,
        |number| format!("/cases/{number}"),
    )
}

/// SPEC A4: whether the subject was covered on the claim day (today when empty), for the agent
/// before filing. `None` when the identifier or the day cannot be read.
#[server]
pub async fn check_coverage(
    identifier: String,
    claim_day: String,
) -> Result<Option<crate::domain::coverage::Coverage>, ApiError> {
    use crate::backend::services::{coverage, intake};
    use crate::domain::coverage::{normalise_identifier, Day};
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let identifier = normalise_identifier(&identifier);
    let day = match claim_day.trim() {
        "" => Some(intake::today(&state, state.now_ms())),
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
) -> Result<crate::model::FormOutcome, ApiError> {
    use crate::backend::services::cases;

    let viewer = super::context::require_viewer().await?;
    form_outcome(
        cases::add_link(
            &super::context::state()?,
            &viewer,
            &number,
            &kind,
            &external_id,
            &url,
        )
        .await,
        |_| format!("/cases/{number}"),
    )
}

/// SPEC A3: the cases linked to a business object, by its external id.
#[server]
pub async fn cases_linked_to(external_id: String) -> Result<Vec<CaseSummary>, ApiError> {
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

/// SPEC C4: takes a step of the case's life cycle (`step` is a `CaseStep` code).
#[server]
pub async fn take_case_step(
    number: String,
    step: String,
    #[server(default)] note: String,
    #[server(default)] satisfaction: String,
    #[server(default)] comment: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::workflow::{self, StepForm};

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = StepForm {
        step,
        note,
        satisfaction,
        comment,
    };
    form_outcome(
        workflow::take_step(&state, &viewer, &number, form).await,
        |_| format!("/cases/{number}"),
    )
}

/// SPEC C2: hands the case to another manager with a reason.
#[server]
pub async fn reassign_case(
    number: String,
    #[server(default)] manager_id: String,
    #[server(default)] reason: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::workflow;

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let manager_id = manager_id.parse().unwrap_or(0);
    form_outcome(
        workflow::reassign(&state, &viewer, &number, manager_id, &reason).await,
        |_| format!("/cases/{number}"),
    )
}

/// SPEC C5: the manager qualifies the case.
#[server]
pub async fn qualify_case(
    number: String,
    #[server(default)] qualification_id: String,
    #[server(default)] cause_id: String,
    #[server(default)] severity_id: String,
    #[server(default)] priority_id: String,
    #[server(default)] note: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::workflow::{self, QualifyForm};

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = QualifyForm {
        qualification_id,
        cause_id,
        severity_id,
        priority_id,
        note,
    };
    form_outcome(
        workflow::qualify(&state, &viewer, &number, form).await,
        |_| format!("/cases/{number}"),
    )
}

/// SPEC C7: raises the case one escalation level, with a reason.
#[server]
pub async fn escalate_case(
    number: String,
    #[server(default)] reason: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::workflow;

    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        workflow::escalate(&state, &viewer, &number, &reason).await,
        |_| format!("/cases/{number}"),
    )
}
