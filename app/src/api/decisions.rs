//! Decisions, approvals and letters (SPEC E1-E4, A8, A9): the case page's panel, the approvers'
//! answers from their desk, the customer's letters, and the admin area's settings with the live
//! preview of a letter. Every function goes through `backend::services::decisions`, which asks
//! `domain::access`.

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{
    CompanyView, DecisionPanel, FormOutcome, LetterPreview, LetterTemplateView, PublicLetter,
    TypeDecisionSetup,
};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// A case's decisions and letters, with the form when the viewer may decide (staff who see it
/// whole).
#[server(endpoint = "decisions/panel")]
pub async fn case_decisions(number: String) -> Result<DecisionPanel, ApiError> {
    use crate::backend::services::decisions::views;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(views::panel(&state, &viewer, &number, super::context::request_locale()).await?)
}

/// The letters sent to the customer of a case: what their portal offers to download.
#[server(endpoint = "decisions/letters")]
pub async fn case_letters(number: String) -> Result<Vec<PublicLetter>, ApiError> {
    use crate::backend::services::decisions::views;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(views::public_letters(&state, &viewer, &number, super::context::request_locale()).await?)
}

/// SPEC E1, E2: records a decision on a case.
#[server(endpoint = "decisions/decide")]
pub async fn record_decision(
    number: String,
    #[server(default)] resolution_id: String,
    #[server(default)] amount: String,
    #[server(default)] currency: String,
    #[server(default)] reasoning: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions;
    use crate::domain::decisions::DecisionForm;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let form = DecisionForm {
        resolution_id,
        amount,
        currency,
        reasoning,
    };
    form_outcome(
        decisions::decide(&state, &viewer, &number, form).await,
        |id| format!("/cases/{number}#decision-{id}"),
    )
}

/// SPEC E2: an approver approves (`step` = `approve`) or rejects (`reject`) a decision.
#[server(endpoint = "decisions/settle")]
pub async fn settle_decision(
    decision_id: i64,
    step: String,
    #[server(default)] comment: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let approve = match step.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound.into()),
    };
    form_outcome(
        decisions::settle(&state, &viewer, decision_id, approve, &comment).await,
        |number| format!("/cases/{number}"),
    )
}

/// SPEC E3: makes a new version of a decision's letter, kept unsent.
#[server(endpoint = "decisions/regenerate")]
pub async fn regenerate_letter(decision_id: i64) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        decisions::regenerate(&state, &viewer, decision_id).await,
        |number| format!("/cases/{number}#decisions"),
    )
}

/// Sends a made, unsent version of a letter to the customer.
#[server(endpoint = "decisions/send_letter")]
pub async fn send_letter_version(letter_id: i64) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        decisions::send_letter(&state, &viewer, letter_id).await,
        |number| format!("/cases/{number}#decisions"),
    )
}

/// A case type's settings of decisions, channels and letters (administrators).
#[server(endpoint = "decisions/setup")]
pub async fn decision_setup(type_id: i64) -> Result<TypeDecisionSetup, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(admin::type_setup(&state, &viewer, type_id).await?)
}

/// A resolution's settings and whether the type offers it (checkboxes: present when ticked).
#[server(endpoint = "decisions/resolution")]
pub async fn set_resolution_settings(
    type_id: i64,
    resolution_id: i64,
    #[server(default)] fits: Option<String>,
    #[server(default)] carries_amount: Option<String>,
    #[server(default)] decided_by: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        admin::set_resolution(
            &state,
            &viewer,
            type_id,
            resolution_id,
            fits.is_some(),
            carries_amount.is_some(),
            &decided_by,
        )
        .await,
        |_| format!("/admin/types/{type_id}"),
    )
}

/// SPEC E2: the type's approval threshold in a currency.
#[server(endpoint = "decisions/threshold")]
pub async fn put_approval_threshold(
    type_id: i64,
    #[server(default)] amount: String,
    #[server(default)] currency: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        admin::put_threshold(&state, &viewer, type_id, &amount, &currency).await,
        |_| format!("/admin/types/{type_id}"),
    )
}

#[server(endpoint = "decisions/threshold_remove")]
pub async fn remove_approval_threshold(type_id: i64, currency: String) -> Result<(), ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(admin::remove_threshold(&state, &viewer, type_id, &currency).await?)
}

/// A9, A8, E2: `type_id`, `always_approve` and `filed_by_customers` (present when ticked),
/// `channels` (repeated),
/// `channel_instead`, `approver_id` (empty: nobody).
#[server(input = MultipartFormData, endpoint = "decisions/type_rules")]
pub async fn set_type_rules(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions::admin;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let read = super::context::read_multipart(data, &state).await?;
    let type_id: i64 = read
        .text("type_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let channels: Vec<String> = read
        .texts
        .iter()
        .filter(|(n, _)| n == "channels")
        .map(|(_, v)| v.clone())
        .collect();
    let approver = read.text("approver_id").trim().parse::<i64>().ok();
    form_outcome(
        admin::set_type_rules(
            &state,
            &viewer,
            type_id,
            admin::TypeRulesForm {
                always_approve: !read.text("always_approve").is_empty(),
                filed_by_customers: !read.text("filed_by_customers").is_empty(),
                channels,
                instead: read.text("channel_instead"),
                approver,
            },
        )
        .await,
        |_| format!("/admin/types/{type_id}"),
    )
}

/// The template the editor opens for a type, resolution and language.
#[server(endpoint = "decisions/template")]
pub async fn load_letter_template(
    type_id: i64,
    resolution_id: i64,
    locale: String,
) -> Result<LetterTemplateView, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(admin::template(&state, &viewer, type_id, resolution_id, &locale).await?)
}

/// SPEC E4: saves a letter template (refused, naming it, with an unknown placeholder).
#[server(endpoint = "decisions/template_save")]
pub async fn save_letter_template(
    type_id: i64,
    resolution_id: i64,
    locale: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    form_outcome(
        admin::save_template(
            &state,
            &viewer,
            type_id,
            resolution_id,
            &locale,
            &subject,
            &body,
        )
        .await,
        |_| format!("/admin/types/{type_id}#letter-templates"),
    )
}

/// SPEC E4: the PDF of a template as typed, with sample values, for the live preview.
#[server(endpoint = "decisions/preview")]
pub async fn preview_letter(
    locale: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
) -> Result<LetterPreview, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(admin::preview(&state, &viewer, &locale, &subject, &body).await?)
}

#[server(endpoint = "decisions/company")]
pub async fn company_profile() -> Result<CompanyView, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    Ok(admin::company(&state, &viewer).await?)
}

/// The company's letterhead: `name`, `address`, `tax_id`, `phone`, `email`, `website`, and a
/// new logo as `logo`.
#[server(input = MultipartFormData, endpoint = "decisions/company_save")]
pub async fn save_company_profile(data: MultipartData) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::decisions::admin;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let mut read = super::context::read_multipart(data, &state).await?;
    let form = admin::CompanyForm {
        name: read.text("name"),
        address: read.text("address"),
        tax_id: read.text("tax_id"),
        phone: read.text("phone"),
        email: read.text("email"),
        website: read.text("website"),
    };
    let logo = std::mem::take(&mut read.files)
        .into_iter()
        .find(|(n, _)| n == "logo")
        .map(|(_, u)| u);
    form_outcome(
        admin::save_company(&state, &viewer, form, logo).await,
        |_| "/admin/company".to_string(),
    )
}
