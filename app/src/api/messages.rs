//! Notifications: the customer's choice of channels and the administrators' message templates.

use super::error::ApiError;
#[cfg(feature = "ssr")]
use super::outcome::form_outcome;
use crate::model::{
    ChannelRulesView, ContactPreferences, FormOutcome, MessageTemplateSummary, MessageTemplateView,
};
use leptos::prelude::*;

#[server]
pub async fn my_contact_preferences() -> Result<ContactPreferences, ApiError> {
    use crate::backend::services::messages;
    let viewer = super::context::require_viewer().await?;
    Ok(messages::preferences(&super::context::state()?, &viewer).await?)
}

#[server]
pub async fn save_contact_preferences(
    notify_by: String,
    #[server(default)] phone: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::messages;
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    let locale = super::context::request_locale();
    match messages::save_preferences(&state, &viewer, &notify_by, &phone, locale).await {
        Ok(()) => Ok(FormOutcome::Done { go_to: "/".into() }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// The viewer's phone number while it waits for its code (issue 15); `None` once proved.
#[server]
pub async fn my_unconfirmed_phone() -> Result<Option<String>, ApiError> {
    use crate::backend::services::phone_confirmation;
    let viewer = super::context::require_viewer().await?;
    Ok(phone_confirmation::unconfirmed_phone(&super::context::state()?, &viewer).await?)
}

/// The viewer types back the code their number received.
#[server]
pub async fn confirm_phone(code: String) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::phone_confirmation;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    // Six digits are guessed like a password: the log-in allowance of the account.
    state
        .limits
        .log_in(super::context::client_address(), &viewer.email)?;
    form_outcome(
        phone_confirmation::confirm(&state, &viewer, &code).await,
        |_| "/".into(),
    )
}

/// Sends a new code to the viewer's unconfirmed number.
#[server]
pub async fn send_phone_code() -> Result<FormOutcome, ApiError> {
    use crate::backend::services::phone_confirmation;
    let viewer = super::context::require_viewer().await?;
    let state = super::context::state()?;
    phone_confirmation::send_again(&state, &viewer, super::context::request_locale()).await?;
    Ok(FormOutcome::Done { go_to: "/".into() })
}

#[server]
pub async fn message_templates() -> Result<Vec<MessageTemplateSummary>, ApiError> {
    use crate::backend::services::messages;
    let viewer = super::context::require_viewer().await?;
    Ok(messages::templates_overview(&super::context::state()?, &viewer).await?)
}

#[server]
pub async fn message_template(
    event: String,
    locale: String,
) -> Result<MessageTemplateView, ApiError> {
    use crate::backend::services::messages;
    let viewer = super::context::require_viewer().await?;
    Ok(messages::template(&super::context::state()?, &viewer, &event, &locale).await?)
}

#[server]
pub async fn save_message_template(
    event: String,
    locale: String,
    subject: String,
    text: String,
    html: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::messages::{self, TemplateForm};
    use crate::backend::AppError;
    let viewer = super::context::require_viewer().await?;
    let go_to = format!("/admin/messages/{event}/{locale}");
    let form = TemplateForm {
        event,
        locale,
        subject,
        text,
        html,
    };
    match messages::save_template(&super::context::state()?, &viewer, form).await {
        Ok(()) => Ok(FormOutcome::Done { go_to }),
        Err(AppError::Invalid(errors)) => Ok(FormOutcome::Invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

#[server]
pub async fn reset_message_template(event: String, locale: String) -> Result<(), ApiError> {
    use crate::backend::services::messages;
    let viewer = super::context::require_viewer().await?;
    Ok(messages::reset_template(&super::context::state()?, &viewer, &event, &locale).await?)
}

#[server]
pub async fn channel_rules() -> Result<Vec<ChannelRulesView>, ApiError> {
    use crate::backend::services::messages;
    let viewer = super::context::require_viewer().await?;
    Ok(messages::channel_rules(&super::context::state()?, &viewer).await?)
}

/// One field per role, named by its code, holding a rule code; an empty or absent one is left
/// as it is.
#[server]
pub async fn save_channel_rules(
    event: String,
    #[server(default)] customer: String,
    #[server(default)] employee: String,
    #[server(default)] agent: String,
    #[server(default)] manager: String,
    #[server(default)] supervisor: String,
    #[server(default)] admin: String,
) -> Result<FormOutcome, ApiError> {
    use crate::backend::services::messages;

    let viewer = super::context::require_viewer().await?;
    let rules: Vec<(String, String)> = [
        ("customer", customer),
        ("employee", employee),
        ("agent", agent),
        ("manager", manager),
        ("supervisor", supervisor),
        ("admin", admin),
    ]
    .into_iter()
    .filter(|(_, rule)| !rule.is_empty())
    .map(|(role, rule)| (role.to_string(), rule))
    .collect();
    form_outcome(
        messages::save_channel_rules(&super::context::state()?, &viewer, &event, &rules).await,
        |()| "/admin/messages".into(),
    )
}
